package lang

import (
	"testing"
)

func TestDetectSeedSentences(t *testing.T) {
	total, wrong := 0, 0
	for _, s := range seedSentences(t) {
		if s.lang == "-" {
			continue
		}
		total++
		got, conf := Detect(s.text)
		if conf < 0 || conf > 1 {
			t.Errorf("confidence %v out of range for %q", conf, s.text)
		}
		if string(got) != s.lang {
			wrong++
			t.Errorf("seed %s: Detect(%q) = %s (%.2f), want %s", s.seed, s.text, got, conf, s.lang)
		}
	}
	t.Logf("seed sentences: %d/%d right", total-wrong, total)
}

func TestDetectKazNERD(t *testing.T) {
	lines := kaznerdSample(t)
	right := 0
	for _, line := range lines {
		if got, conf := Detect(line); got == KK {
			right++
		} else {
			t.Logf("KazNERD line detected as %s (%.2f): %q", got, conf, line)
		}
	}
	acc := float64(right) / float64(len(lines))
	t.Logf("KazNERD sample: %d/%d = %.1f%% detected as kk", right, len(lines), 100*acc)
	if acc < 0.98 {
		t.Errorf("accuracy %.3f, want at least 0.98", acc)
	}
}

func TestDetectHeadlines(t *testing.T) {
	tests := []struct {
		text string
		want Lang
	}{
		// Kazakh headlines, some without a single Kazakh-only letter.
		{"Тоқаев жаңа Конституцияға қол қойды", KK},
		{"Референдум 15 наурызда өтеді", KK},
		{"ОСК референдум қорытындысын жариялады", KK},
		{"Сенат отырысы", KK},
		{"Мәжіліс депутаттары заң жобасын мақұлдады", KK},
		{"Құрылтай депутаттары сайланды", KK},
		{"Халық Кеңесі алғашқы отырысын өткізді", KK},
		{"Сонымен 30, 4 процент.", KK},
		// Kazakh quoting Russian.
		{"«Народный совет» туралы заң жобасы талқыланды", KK},
		{"Кеңес «Основной закон и общество» атты кітапты таныстырды", KK},
		// Latin Kazakh.
		{"Qazaqstan Respublikasynyñ jaña Konstitusiasy boiynşa referendum ötti", KK},
		{"Prezident jaña zañğa qol qoidy", KK},
		// Russian headlines.
		{"Токаев подписал указ о референдуме", RU},
		{"Референдум пройдет 15 марта", RU},
		{"ЦИК объявил итоги голосования", RU},
		{"Сенат одобрил закон", RU},
		{"Жители Астаны проголосовали за новую Конституцию", RU},
		{"Мажилис принял закон о Курултае", RU},
		{"Народный кенес проведет первое заседание", RU},
		// Russian quoting Kazakh names and spellings.
		{"Қайсар Қамза назначен министром", RU},
		{"В Ақорде прошла встреча с Қасым-Жомартом Тоқаевым", RU},
		{"Посол Қайрат Әбдірахманов провел встречу с министром", RU},
		// Neither.
		{"Kazakhstan votes on a new constitution", Other},
		{"Qatar and Iraq sign a trade deal", Other},
		{"Türkiye'de seçim sonuçları açıklandı", Other},
		{"Breaking: Токаев signed the decree on the referendum", Other},
		{"Referendum 2026: turnout 73%", Other},
		{"12345 67", Other},
		{"😀😀", Other},
		{"", Other},
		{"   \n\t", Other},
	}
	for _, tt := range tests {
		got, conf := Detect(tt.text)
		if got != tt.want {
			t.Errorf("Detect(%q) = %s (%.2f), want %s", tt.text, got, conf, tt.want)
		}
		if conf < 0 || conf > 1 {
			t.Errorf("Detect(%q) confidence %v out of [0,1]", tt.text, conf)
		}
	}
}

// Long texts are detected with more confidence than headlines.
func TestDetectConfidenceGrows(t *testing.T) {
	_, short := Detect("Референдум 15 наурызда өтеді")
	_, long := Detect(seedText(t)[:2000])
	if !(long > short) || long < 0.99 {
		t.Errorf("confidence: headline %.3f, article %.3f", short, long)
	}
}
