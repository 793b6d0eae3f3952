package lang

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		l    Lang
		in   string
		want []string
	}{
		{"kazakh initials", KK,
			"Қ.-Ж. Тоқаев жарлыққа қол қойды. Құжат жарияланды.",
			[]string{"Қ.-Ж. Тоқаев жарлыққа қол қойды.", "Құжат жарияланды."}},
		{"russian initials", RU,
			"Президент К.-Ж. Токаев подписал указ. Документ опубликован.",
			[]string{"Президент К.-Ж. Токаев подписал указ.", "Документ опубликован."}},
		{"kazakh abbreviations", KK,
			"2025 ж. қарашада, т.б. іс-шаралар өтті. 2020-2025 жж. Мемлекет 5 млн. теңге бөлді.",
			[]string{"2025 ж. қарашада, т.б. іс-шаралар өтті.", "2020-2025 жж. Мемлекет 5 млн. теңге бөлді."}},
		{"russian abbreviations", RU,
			"В 2025 г. Казахстан, т.е. правительство, выделил 3 млрд. Тенге пошли на выборы. В г. Астана прошел форум.",
			[]string{"В 2025 г. Казахстан, т.е. правительство, выделил 3 млрд. Тенге пошли на выборы.", "В г. Астана прошел форум."}},
		{"decimal numbers", RU,
			"Явка составила 72.5 процента. Итоги подведены.",
			[]string{"Явка составила 72.5 процента.", "Итоги подведены."}},
		{"no break inside quotes", KK,
			"Ол: «Біз дайынбыз. Бәрі жақсы!» деді. Кейін кетті.",
			[]string{"Ол: «Біз дайынбыз. Бәрі жақсы!» деді.", "Кейін кетті."}},
		{"break after a closing quote", KK,
			"Елші «Бәрі жақсы болады!» Содан соң сөз аяқталды.",
			[]string{"Елші «Бәрі жақсы болады!»", "Содан соң сөз аяқталды."}},
		{"break before an opening quote", RU,
			"Он сказал так. «Мы готовы», — добавил он.",
			[]string{"Он сказал так.", "«Мы готовы», — добавил он."}},
		{"question, exclamation, ellipsis", KK,
			"Референдум қашан? 15 наурызда! Күтеміз… Бәрі келеді.",
			[]string{"Референдум қашан?", "15 наурызда!", "Күтеміз…", "Бәрі келеді."}},
		{"lowercase after a period does not break", RU,
			"Рост составил 5 проц. по сравнению с прошлым годом.",
			[]string{"Рост составил 5 проц. по сравнению с прошлым годом."}},
		{"acronym ends the sentence", RU,
			"Сообщили в МИД РК. В Иордании прошел брифинг.",
			[]string{"Сообщили в МИД РК.", "В Иордании прошел брифинг."}},
		{"acronym without period inside", KK,
			"ҚР Президенті ОСК төрағасын қабылдады.",
			[]string{"ҚР Президенті ОСК төрағасын қабылдады."}},
		{"glued period", RU,
			"Встреча с Маратом Марковым.Стороны обсудили сотрудничество.",
			[]string{"Встреча с Маратом Марковым.", "Стороны обсудили сотрудничество."}},
		{"domain is not a sentence end", KK,
			"Дереккөз: osdp.kz және BAQ.KZ сайты.",
			[]string{"Дереккөз: osdp.kz және BAQ.KZ сайты."}},
		{"paragraphs and hard wraps", RU,
			"Заголовок без точки\nВ Иордании посольство организовало\nбрифинг для СМИ.\n\nВторой абзац",
			[]string{"Заголовок без точки", "В Иордании посольство организовало брифинг для СМИ.", "Второй абзац"}},
		{"dialogue dash", KK,
			"Ол келді. – Сәлем, – деді ол.",
			[]string{"Ол келді.", "– Сәлем, – деді ол."}},
		{"enumeration digits", RU,
			"Пункты: 1. Выборы. 2. Голосование.",
			[]string{"Пункты: 1. Выборы.", "2. Голосование."}},
		{"unbalanced quote does not swallow the rest", KK,
			"\"Альянсы» Қауымдастығы» өтті. Бұл жақсы.",
			[]string{"\"Альянсы» Қауымдастығы» өтті.", "Бұл жақсы."}},
		{"white space folded", KK, "  Бір   сөйлем.\t\tЕкінші\u00a0сөйлем.  ", []string{"Бір сөйлем.", "Екінші сөйлем."}},
		{"empty", KK, " \n\n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.in, tt.l)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// The seed sentences in testdata were split by hand review; splitting their
// concatenation must give them back.
func TestSentencesSeeds(t *testing.T) {
	var want []string
	for _, s := range seedSentences(t) {
		want = append(want, s.text)
	}
	got := Sentences(seedText(t), Other)
	if len(got) != len(want) {
		t.Errorf("got %d sentences, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("sentence %d:\n got %q\nwant %q", i, got[i], want[i])
			break
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"Қ.-Ж. Тоқаев. «Біз. Дайын!» — деді.", "т.б. т.е.\n\nА", "...!?»)", "\"«»\"«", "\xff. \xfeА", "", "1. 2. 3.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range []Lang{KK, RU, Other} {
			for _, sent := range Sentences(s, l) {
				if sent == "" || sent != strings.TrimSpace(sent) {
					t.Fatalf("untrimmed or empty sentence %q", sent)
				}
				if utf8.ValidString(s) && !utf8.ValidString(sent) {
					t.Fatalf("invalid UTF-8 in %q", sent)
				}
			}
		}
	})
}

// appendSentence keeps a sentence as it is when its spaces are single, and otherwise folds
// every run of spaces of any kind into one.
func TestAppendSentenceSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"Сенат заңды қабылдады.":       "Сенат заңды қабылдады.",
		" Сенат  заңды\tқабылдады. ":   "Сенат заңды қабылдады.",
		"Сенат\u00a0заңды қабылдады.":  "Сенат заңды қабылдады.",
		"Итоги\u2003референдума\n2026": "Итоги референдума 2026",
		"   ": "",
	} {
		got := strings.Join(appendSentence(nil, in), "|")
		if got != want {
			t.Errorf("appendSentence(%q) = %q, want %q", in, got, want)
		}
	}
}
