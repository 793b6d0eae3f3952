package web

import (
	"fmt"
	"net/http"

	"golang.org/x/text/language"
)

// labels holds the archive's wording per page language. Counts are written as "label: N"
// so that no plural forms are needed.
var labels = map[string]map[string]string{
	"kk": {
		"site":          "Референдум дайджесті",
		"tagline":       "Конституциялық референдум және одан кейінгі жаңалықтар: Қазақстан басылымдарынан күн сайынғы қысқа шолу, қазақ және орыс тілдерінде.",
		"archive":       "Мұрағат",
		"search":        "Іздеу",
		"feed":          "Atom арнасы",
		"feed_title":    "Референдум дайджесті (қазақша)",
		"twin":          "Русский",
		"twin_lang":     "ru",
		"locale":        "kk_KZ",
		"locale_twin":   "ru_RU",
		"days_title":    "Күн сайынғы дайджестер",
		"digest_of":     "%s — референдум жаңалықтары",
		"counts":        "материал: %d · оқиға: %d",
		"no_news":       "Бұл күні референдум туралы жаңа материал болған жоқ.",
		"no_days":       "Әзірге дайджест жоқ.",
		"also":          "Сондай-ақ осы күні",
		"also_more":     "тағы %d оқиға",
		"continues":     "жалғасы",
		"first_seen":    "алғаш: %s",
		"translated":    "машиналық аударма",
		"in_kk":         "қазақ тілінде",
		"in_ru":         "орыс тілінде",
		"story":         "Оқиға",
		"story_page":    "Оқиға беті →",
		"timeline":      "Оқиға барысы",
		"added":         "Осы күні қосылғаны",
		"nothing_added": "Жаңа материал қосылған жоқ.",
		"that_day":      "Сол күнгі тақырып",
		"all_outlets":   "Барлық басылымдар",
		"group_kk":      "Қазақ тілінде",
		"group_ru":      "Орыс тілінде",
		"other_text":    "Орысша:",
		"copy_of":       "көшірме",
		"members":       "материал: %d",
		"days_on":       "дайджестерде: %d күн",
		"search_title":  "Мұрағаттан іздеу",
		"search_button": "Іздеу",
		"search_help":   "Сөздер, \"дәл тіркес\", -алып тастау, lang:kk, source:Kazinform, since:2026-03-01",
		"found":         "«%s» бойынша табылды: %d",
		"nothing_found": "«%s» бойынша ештеңе табылмады.",
		"try":           "Мынаны көріңіз:",
		"related":       "осы оқиға туралы тағы: %d",
		"newer":         "← Жаңарақ",
		"older":         "Ескірегі →",
		"prev":          "← Алдыңғы",
		"next":          "Келесі →",
		"page_n":        "%d-бет",
		"err_not_found": "Бет табылмады.",
		"err_too_many":  "Тым көп сұраныс: біраз күте тұрыңыз.",
		"err_internal":  "Қате шықты. Кейінірек қайталап көріңіз.",
		"footer":        "Әр материал түпнұсқасына сілтейді. Мәтіндер — басылымдардікі; тақырыптар мен қысқаша мазмұн солардан алынған.",
		"back_archive":  "← Мұрағатқа",
	},
	"ru": {
		"site":          "Дайджест референдума",
		"tagline":       "Новости конституционного референдума и того, что за ним последовало: короткий ежедневный обзор казахстанских изданий на казахском и русском языках.",
		"archive":       "Архив",
		"search":        "Поиск",
		"feed":          "Лента Atom",
		"feed_title":    "Дайджест референдума (на русском)",
		"twin":          "Қазақша",
		"twin_lang":     "kk",
		"locale":        "ru_RU",
		"locale_twin":   "kk_KZ",
		"days_title":    "Ежедневные дайджесты",
		"digest_of":     "%s — новости референдума",
		"counts":        "материалов: %d · сюжетов: %d",
		"no_news":       "В этот день новых материалов о референдуме не было.",
		"no_days":       "Дайджестов пока нет.",
		"also":          "Также в этот день",
		"also_more":     "и ещё сюжетов: %d",
		"continues":     "продолжение",
		"first_seen":    "впервые: %s",
		"translated":    "машинный перевод",
		"in_kk":         "на казахском языке",
		"in_ru":         "на русском языке",
		"story":         "Сюжет",
		"story_page":    "Страница сюжета →",
		"timeline":      "Хронология",
		"added":         "Добавлено в этот день",
		"nothing_added": "Новых материалов не добавилось.",
		"that_day":      "Заголовок в тот день",
		"all_outlets":   "Все издания",
		"group_kk":      "На казахском",
		"group_ru":      "На русском",
		"other_text":    "По-казахски:",
		"copy_of":       "перепечатка",
		"members":       "материалов: %d",
		"days_on":       "в дайджестах дней: %d",
		"search_title":  "Поиск по архиву",
		"search_button": "Найти",
		"search_help":   "Слова, \"точная фраза\", -исключить, lang:ru, source:Orda, since:2026-03-01",
		"found":         "По запросу «%s» найдено: %d",
		"nothing_found": "По запросу «%s» ничего не найдено.",
		"try":           "Попробуйте:",
		"related":       "ещё об этом: %d",
		"newer":         "← Новее",
		"older":         "Старше →",
		"prev":          "← Назад",
		"next":          "Дальше →",
		"page_n":        "Страница %d",
		"err_not_found": "Страница не найдена.",
		"err_too_many":  "Слишком много запросов: подождите немного.",
		"err_internal":  "Произошла ошибка. Попробуйте позже.",
		"footer":        "Каждый материал ведёт к оригиналу. Тексты принадлежат изданиям; заголовки и краткое содержание взяты из них.",
		"back_archive":  "← В архив",
	},
}

// label is the page language's wording for key (the key itself when it has none, which
// a test rules out).
func label(l, key string) string {
	if s, ok := labels[l][key]; ok {
		return s
	}
	return key
}

// labelf formats a label with arguments.
func labelf(l, key string, args ...any) string { return fmt.Sprintf(label(l, key), args...) }

// langMatcher picks kk or ru for a browser's Accept-Language; Russian first, because a
// reader whose browser asks for neither (a diplomat's English) more often reads Russian.
var langMatcher = language.NewMatcher([]language.Tag{language.Russian, language.Kazakh})

// pickLang is the archive language for a request: from Accept-Language, ru when nothing
// matches.
func pickLang(r *http.Request) string {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return "ru"
	}
	_, i, conf := langMatcher.Match(tags...)
	if conf == language.No || i != 1 {
		return "ru"
	}
	return "kk"
}
