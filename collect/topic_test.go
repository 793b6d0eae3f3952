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
		// Neither kk nor ru: the stems of both are tried ("народного совета"
		// has the Russian stems of "народный совет", not its letters).
		{"Жогорку Кеңеш народного совета жөнүндө маалымат берди", "other", true},
		{"Ведущий конституционного суда Кыргызстана", "other", true},
		{"Бишкекте аба ырайы суук", "other", false},
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
		if !m.match(title+" "+paras[0], decideLang("auto", title).lang) {
			t.Errorf("seed %s: not on topic", n)
		}
	}
	if !newTopicMatcher(nil).match("anything", "kk") {
		t.Error("no keywords: want every item kept")
	}
}

func TestDecideLang(t *testing.T) {
	const kkText = "Қазақстан халқы Ассамблеясының активі отандастарды республикалық референдумға белсенді қатысуға шақырды."
	const ruText = "Казахстанские дипломаты провели ряд встреч, посвященных обсуждению конституционных реформ в стране."
	const kyText = "Казакстанда жаңы Конституциянын долбоору боюнча жалпы элдик референдум өттү. Борбордук шайлоо комиссиясынын маалыматы боюнча, добуш берүүгө шайлоочулардын 73 пайыздан ашыгы катышты."
	const uzText = "Қозоғистонда янги Конституция бўйича референдум бўлиб ўтди. Марказий сайлов комиссияси маълумотларига кўра, сайловчиларнинг 73 фоиздан ортиғи овоз берди."
	const latnText = "Qazaqstanda jaña Konstitusia boiynşa referendum öttı. Ortalyq referendum komissiasynyñ mälımetı boiynşa, sailauşylardyñ 73 paiyzy dauys berdı."
	const arabText = "قازاقستاندا جاڭا كونستيتۋتسيا بويىنشا رەفەرەندۋم ٶتتى. ورتالىق رەفەرەندۋم كوميسسياسىنىڭ مالىمەتى بويىنشا، سايلاۋشىلاردىڭ 73 پايىزى داۋىس بەردى."
	const lat2018Text = "Referendým-2026: daýys berý ýchaskelerine halyq kelýde. Búgin elimizdiń barlyq óńirinde saılaýshylar tań bozynan daýys berýge keldi."
	// Qamshy's töte edition: a Russian headline over Russian text in töte letters.
	const ruArabText = "Наблюдатели: голосование прошло спокойно\nمەجدۋنارودنىە نابليۋداتەلي وتمەتيلي, چتو گولوسوۆانيە نا رەفەرەندۋمە ۆ كازاحستانە پروشلو سپوكوينو ي بەز سەروزنىح نارۋشەنيي. پو داننىم كوميسسيي, ۆ گولوسوۆانيي پرينيالي ۋچاستيە بولەە سەمي ميلليونوۆ چەلوۆەك."
	tests := []struct {
		src, text string
		want      langOf
	}{
		{"kk", lat2018Text, langOf{lang: "kk", script: "latn"}},
		{"kk", ruArabText, langOf{lang: "ru", script: "arab"}},
		{"kk", kkText, langOf{lang: "kk"}},
		{"auto", kkText, langOf{lang: "kk"}},
		{"auto", ruText, langOf{lang: "ru"}},
		{"ru", kkText, langOf{lang: "kk"}}, // a Kazakh piece on a Russian feed
		{"kk", ruText, langOf{lang: "ru"}},
		// Too short to tell: the source's language.
		{"kk", "2026", langOf{lang: "kk"}},
		{"ru", "2026", langOf{lang: "ru"}},
		{"auto", "2026", langOf{lang: "other"}},
		// A recognised neighbour is "other" whatever the source says.
		{"kk", kyText, langOf{lang: "other", code: "ky"}},
		{"ru", kyText, langOf{lang: "other", code: "ky"}},
		{"kk", uzText, langOf{lang: "other", code: "uz"}},
		{"auto", "The referendum took place on 15 March, the observers said.", langOf{lang: "other", code: "en"}},
		{"kk", "The referendum took place on 15 March, the observers said.", langOf{lang: "other", code: "en"}},
		// Kazakh in the other alphabets is Kazakh, to be transliterated, on any source.
		{"kk", latnText, langOf{lang: "kk", script: "latn"}},
		{"ru", latnText, langOf{lang: "kk", script: "latn"}},
		{"auto", arabText, langOf{lang: "kk", script: "arab"}},
		{"ru", arabText, langOf{lang: "kk", script: "arab"}},
	}
	for _, tc := range tests {
		if got := decideLang(tc.src, tc.text); got != tc.want {
			t.Errorf("decideLang(%s, %.30q) = %+v, want %+v", tc.src, tc.text, got, tc.want)
		}
	}
}
