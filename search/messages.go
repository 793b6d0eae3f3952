package search

import (
	"fmt"
	"strings"

	"github.com/refdigest/refdigest/lang"
)

// problemText holds our explanations of malformed queries, by language.
var problemText = map[string]map[problemKind]string{
	"ru": {
		probEmpty:           "Пустой запрос: напишите несколько слов.",
		probNoWords:         "В запросе нет слов для поиска: напишите слова или имена.",
		probOnlyStopwords:   "В запросе только служебные слова: добавьте имя или термин.",
		probOnlyExcluded:    "Нужно хотя бы одно слово для поиска, а не только исключённые (-слово).",
		probUnbalancedQuote: "Не хватало закрывающей кавычки: искали так, будто она есть.",
		probTooLong:         "Запрос слишком длинный: учтены только первые слова.",
		probBadDate:         "%s — не дата: пишите ГГГГ-ММ-ДД, например since:2026-03-01. Фильтр не применён.",
		probBadLang:         "%s: язык бывает kk или ru. Фильтр не применён.",
	},
	"kk": {
		probEmpty:           "Сұраныс бос: бірнеше сөз жазыңыз.",
		probNoWords:         "Сұраныста іздейтін сөз жоқ: сөз немесе есім жазыңыз.",
		probOnlyStopwords:   "Сұраныста тек көмекші сөздер бар: есім немесе термин қосыңыз.",
		probOnlyExcluded:    "Іздеу үшін кемінде бір сөз керек, тек алып тасталған (-сөз) сөздер жеткіліксіз.",
		probUnbalancedQuote: "Жабатын тырнақша жетіспеді: ол бар деп есептеп іздедік.",
		probTooLong:         "Сұраныс тым ұзын: тек алғашқы сөздері ескерілді.",
		probBadDate:         "%s күн емес: ЖЖЖЖ-АА-КК түрінде жазыңыз, мысалы since:2026-03-01. Сүзгі қолданылмады.",
		probBadLang:         "%s: тіл kk немесе ru болады. Сүзгі қолданылмады.",
	},
	"en": {
		probEmpty:           "Empty query: type a few words.",
		probNoWords:         "Nothing to search for in this query: type words or names.",
		probOnlyStopwords:   "Only very common words in this query: add a name or a term.",
		probOnlyExcluded:    "Give at least one word to search for, not only excluded ones (-word).",
		probUnbalancedQuote: "A closing quote was missing: searched as if it were there.",
		probTooLong:         "The query is too long: only its first words were used.",
		probBadDate:         "%s is not a date: write YYYY-MM-DD, e.g. since:2026-03-01. The filter was not applied.",
		probBadLang:         "%s: the language is kk or ru. The filter was not applied.",
	},
}

// uiLanguage picks the language of explanations: the caller's, else the
// query's own, else English.
func uiLanguage(ui, q string) string {
	if _, ok := problemText[ui]; ok {
		return ui
	}
	if l, _ := lang.Detect(q); l.Valid() {
		return string(l)
	}
	return "en"
}

// explain renders the problems of a query as one line.
func explain(ps []problem, ui string) string {
	texts := problemText[ui]
	parts := make([]string, 0, len(ps))
	for _, p := range ps {
		t := texts[p.kind]
		if strings.Contains(t, "%s") {
			t = fmt.Sprintf(t, p.arg)
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}
