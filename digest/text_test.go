package digest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

func TestParagraphs(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"dateline and soft wrap", "АСТАНА. KAZINFORM – Елшілікте кездесу өтті.\nБұл маңызды.\n\nЕкінші абзац\nжалғасы бар.",
			[]string{"Елшілікте кездесу өтті. Бұл маңызды.", "Екінші абзац жалғасы бар."}},
		{"photo caption and ru dateline", "Фото: МИД РК\nАстана. 10 марта. KAZAKHSTAN TODAY - Дипломаты провели\nвстречи.",
			[]string{"Дипломаты провели встречи."}},
		{"heading kept apart", "Жаңа Конституция – қоғамға серпін\nБүгін дөңгелек үстел өтті.",
			[]string{"Жаңа Конституция – қоғамға серпін", "Бүгін дөңгелек үстел өтті."}},
		{"no false dateline", "Председатель ЦИК – о подготовке к голосованию. Текст.",
			[]string{"Председатель ЦИК – о подготовке к голосованию. Текст."}},
		{"crlf", "Бір.\r\n\r\nЕкі.", []string{"Бір.", "Екі."}},
		// Under a headline the page repeats, its stamp and a credit glued to a view count.
		{"stamp under the headline", "Алаяқтар жаңа схема ойлап тапты\nБүгiн 2026, 18:51\n118Фото: ©BAQ.KZ/Арман Мухатов\nАлаяқтар азаматтарға телефон соғып жатыр.",
			[]string{"Алаяқтар жаңа схема ойлап тапты", "Алаяқтар азаматтарға телефон соғып жатыр."}},
		{"ru stamp under the headline", "Мошенники придумали новую схему\n\n— Сегодня, 09:05\npixabay.com\n\nМошенники звонят гражданам.",
			[]string{"Мошенники придумали новую схему", "Мошенники звонят гражданам."}},
	}
	for _, c := range cases {
		if got := paragraphs(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: paragraphs = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestWholeSentence(t *testing.T) {
	cases := []struct {
		s    string
		want bool
	}{
		{"Қазақстанның Бельгиядағы елшілігінде жоба талқыланды.", true},
		{"«Бұл тарихи сәт», – деді ол баспасөз мәслихатында.", true},
		{"«Бұл тарихи сәт, – деді ол баспасөз мәслихатында.", false},
		{"и затем участники обсудили проект закона.", false},
		{"Участники обсудили проект закона без точки", false},
		{"Коротко.", false},
		{"WhatsApp Image 2026-02-13 at 15.51.21", false},
	}
	for _, c := range cases {
		if got := wholeSentence(c.s); got != c.want {
			t.Errorf("wholeSentence(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"<b>1. Жоба</b>\nмәтін &lt;x&gt; &amp; &quot;q&quot;", "1. Жоба\nмәтін <x> & \"q\""},
		{`<a href="https://a.kz/1?x=1&amp;y=2">Kazinform</a> · <a href="https://b.kz">BAQ.KZ</a>`, "Kazinform (https://a.kz/1?x=1&y=2) · BAQ.KZ (https://b.kz)"},
		{`<a href="https://a.kz">https://a.kz</a>`, "https://a.kz"},
		{"<i>курсив</i> &#1179;", "курсив қ"},
		{"<b>незакрытый", "незакрытый"},
	}
	for _, c := range cases {
		if got := PlainText(c.in); got != c.want {
			t.Errorf("PlainText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestShortName(t *testing.T) {
	cases := []struct{ source, link, want string }{
		{"Kazinform (kk)", "", "Kazinform"},
		{"BAQ.KZ", "", "BAQ.KZ"},
		{"", "https://www.akorda.kz/kz/news/1", "akorda.kz"},
		{" Egemen Qazaqstan ", "", "Egemen Qazaqstan"},
		{"", "::", ""},
	}
	for _, c := range cases {
		if got := ShortName(c.source, c.link); got != c.want {
			t.Errorf("ShortName(%q, %q) = %q, want %q", c.source, c.link, got, c.want)
		}
	}
}

// collapseSpace must give what strings.Fields and a join give, for every kind of space.
func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\u00a0b", "  ", "Ашимбаев сказал", "Ашимбаев  сказал ", "\u2003x", "x\u2003"} {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

// lowerLetter's shortcuts must agree with the Unicode tables.
func TestLowerLetter(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		want := rune(-1)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			want = unicode.ToLower(r)
		}
		if got := lowerLetter(r); got != want {
			t.Fatalf("lowerLetter(%q) = %q, want %q", r, got, want)
		}
	}
}

// Analyze tokenizes title and lead once; it must read them as the separate calls do,
// on every item of the fixture, whatever its language, and on texts made to straddle.
func TestAnalyzeAsSeparateCalls(t *testing.T) {
	tc := lang.NewTermCache()
	check := func(title, lead string, l lang.Lang) {
		t.Helper()
		a := tc.Analyze(title, lead, l)
		tt, lt, an := a.TitleTerms, a.LeadTerms, a.Anchors
		if want := lang.Terms(title, l); !slices.Equal(tt, want) {
			t.Errorf("%.40q: title terms %q, want %q", title, tt, want)
		}
		if want := lang.Terms(lead, l); !slices.Equal(lt, want) {
			t.Errorf("%.40q: lead terms %q, want %q", title, lt, want)
		}
		if want := lang.Anchors(title + ". " + lead); !slices.Equal(an, want) {
			t.Errorf("%.40q: anchors %q, want %q", title, an, want)
		}
	}
	for _, f := range loadFixture(t) {
		l := lang.Lang(itemLang(f.Item))
		sents := itemSentences(f.Item, string(l))
		check(f.Title, strings.Join(sents[:min(len(sents), leadSentenceCount)], " "), l)
	}
	check("", "Референдум 15 марта.", lang.RU)
	check("Итоги 2026", "15.03 объявлены", lang.RU)
	check("Тоқаев-", "-Жомарт", lang.KK)
}

// A word the day's texts write in lower case more often than capitalised is no name where
// a menu or a caption capitalises it; a surname, never written in lower case, stays one,
// and a text without capitals (töte once in Cyrillic) gives no evidence either way.
func TestDropLowerNames(t *testing.T) {
	at := time.Date(2026, 2, 12, 11, 0, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://a.kz/1", Source: "A", Lang: "ru", Published: at, Title: "Сколько стоит референдум",
			Body: "На брифинге выступил Игорь Бортник. Смотрите Фото и Видео с брифинга."},
		{ID: 2, URL: "https://b.kz/2", Source: "B", Lang: "ru", Published: at, Title: "Бюджет голосования",
			Body: "Сумму расходов назвал Бортник. На фото участники брифинга, видео опубликовано позже."},
		{ID: 3, URL: "https://c.kz/3", Source: "C", Lang: "ru", Published: at, Title: "Расходы на референдум",
			Body: "Журналисты задали вопросы Бортнику. Фото и видео прислала пресс-служба: фото есть на сайте."},
	}
	for i, body := range []string{"бортник брифингте сөйледі.", "шығындарды бортник атады.", "сұрақтарға бортник жауап берді."} {
		items = append(items, store.Item{ID: uint64(4 + i), URL: fmt.Sprintf("https://d.kz/%d", 4+i), Source: "D", Lang: "kk",
			Published: at, Title: "", Body: body})
	}
	docs, err := prepare(context.Background(), items, newVocab())
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs[:3] {
		if !slices.Contains(d.anchors, "name:bortnik") {
			t.Errorf("item %d: the surname is gone: %v", i+1, d.anchors)
		}
	}
	for _, d := range docs {
		for _, a := range []string{"name:foto", "name:video"} {
			if slices.Contains(d.anchors, a) {
				t.Errorf("item %d keeps %s, which the day writes in lower case: %v", d.item.ID, a, d.anchors)
			}
		}
	}
}

// A vector's norm summed in a map's order differs in its last bits from run to run (Go
// randomises map order), and with it every similarity and the order of near-equal reports:
// the same items gave another headline on the next build. Weights must be bit-identical.
func TestWeightsDoNotDependOnMapOrder(t *testing.T) {
	tf := map[int32]float64{}
	idf := map[int32]float64{}
	for i := int32(0); i < 300; i++ {
		tf[i] = float64(1 + i%7)
		idf[i] = 1 + float64(i%13)/3.7
	}
	first := tfidf(tf, idf, 1)
	var docs []*doc
	for k := 0; k < 5; k++ {
		docs = append(docs, &doc{vec: tfidf(map[int32]float64{int32(k): 2.5, int32(k + 1): 1.1, int32(k * 7): 0.3, 99: 1.7}, idf, 1)})
	}
	docs = append(docs, &doc{vec: first})
	cent := centroidOf(docs)
	for run := 0; run < 50; run++ {
		if got := tfidf(tf, idf, 1); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d: tfidf differs from the first run", run)
		}
		if got := centroidOf(docs); !reflect.DeepEqual(got, cent) {
			t.Fatalf("run %d: centroidOf differs from the first run", run)
		}
	}
}
