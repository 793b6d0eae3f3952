package collect

import (
	"testing"

	"github.com/refdigest/refdigest/config"
)

func TestTopicMatch(t *testing.T) {
	m := newTopicMatcher(config.Default().Topic.Keywords)
	tests := []struct {
		text, lang string
		want       bool
	}{
		{"Ата заңның жаңа жобасы талқыланды", "kk", true},
		{"Құрылтайдың алғашқы отырысы өтті", "kk", true},
		{"Азаматтар сайлауға белсенді қатысты", "kk", true},
		{"Халық кеңесінің құрамы бекітілді", "kk", true},
		{"ОСК-ның мәлімдемесі жарияланды", "kk", true},
		{"Бюллетеньдер басылып шықты", "kk", true},
		{"Конституциялық соттың шешімі", "kk", true},
		{"Референдумның қорытындысы", "kk", true},
		{"Создание Народного совета с правом законодательной инициативы", "ru", true},
		{"Введение института вице-президента", "ru", true},
		{"ЦИК подвёл итоги", "ru", true},
		{"Избирательные участки откроются в 7 утра", "ru", true},
		{"Итоги голосования", "ru", true},
		{"Поправки в Основной закон", "ru", true},
		{"Депутаты Мажилиса обсудили", "ru", true},
		{"Konstitucia: the Constitutional Court", "other", false},
		// Off topic.
		{"Астанада ауа райы суытады", "kk", false},
		{"В Алматы открылся новый каток", "ru", false},
		// An abbreviation matches only as itself.
		{"Москва и Оскемен", "ru", false},
		{"оск туралы", "kk", false},
		{"ЦИКЛ лекций", "ru", false},
		// Two-word keywords need both words, in order.
		{"Ата-аналар жиналысы заң бойынша өтті", "kk", false},
		{"Совет народный не собирался", "ru", false},
		{"", "kk", false},
	}
	for _, tc := range tests {
		if got := m.match(tc.text, tc.lang); got != tc.want {
			t.Errorf("match(%q, %s) = %v, want %v", tc.text, tc.lang, got, tc.want)
		}
	}
	// The seed articles are all on topic.
	for _, n := range []string{"000", "001", "002", "003", "004"} {
		title, paras := seedText(t, n)
		if !m.match(title+" "+paras[0], itemLang("auto", title)) {
			t.Errorf("seed %s: not on topic", n)
		}
	}
	if !newTopicMatcher(nil).match("anything", "kk") {
		t.Error("no keywords: want every item kept")
	}
}

func TestItemLang(t *testing.T) {
	const kkText = "Қазақстан халқы Ассамблеясының активі отандастарды республикалық референдумға белсенді қатысуға шақырды."
	const ruText = "Казахстанские дипломаты провели ряд встреч, посвященных обсуждению конституционных реформ в стране."
	tests := []struct{ src, text, want string }{
		{"kk", kkText, "kk"},
		{"auto", kkText, "kk"},
		{"auto", ruText, "ru"},
		{"ru", kkText, "kk"}, // a Kazakh piece on a Russian feed
		{"kk", ruText, "ru"},
		{"kk", "2026", "kk"},
		{"auto", "The referendum took place on 15 March.", "other"},
	}
	for _, tc := range tests {
		if got := itemLang(tc.src, tc.text); got != tc.want {
			t.Errorf("itemLang(%s, %.30q) = %s, want %s", tc.src, tc.text, got, tc.want)
		}
	}
}
