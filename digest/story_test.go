package digest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/refdigest/refdigest/store"
)

// fixtureDates are the days of testdata/stories.json.
var fixtureDates = []string{"2026-02-02", "2026-02-13", "2026-02-18", "2026-03-03", "2026-03-10", "2026-03-11", "2026-03-12"}

func TestSummaries(t *testing.T) {
	fx := loadFixture(t)
	byURL := map[string]fixtureItem{}
	for _, f := range fx {
		byURL[f.URL] = f
	}
	checked := 0
	for _, date := range fixtureDates {
		d := buildFixtureDay(t, date, Options{MaxStories: 20})
		for _, s := range d.Stories {
			for _, l := range []string{LangKK, LangRU} {
				text := s.Text[l]
				if text.Lang != l {
					continue // shown in the other language; checked there
				}
				// The story's own sentences in l, and the lead of its headline item.
				own := map[string]bool{}
				leads := map[string]bool{}
				standalone := 0 // sentences that could be quoted on their own
				for _, m := range s.Members {
					if m.Lang != l {
						continue
					}
					f := byURL[m.URL]
					sents := itemSentences(f.Item, l)
					for _, x := range sents {
						own[x] = true
						if wholeSentence(x) && utf8.RuneCountInString(x) <= maxSentenceRunes && !anaphoric(x) {
							standalone++
						}
					}
					if f.Title == text.Headline {
						for _, x := range sents {
							if wholeSentence(x) {
								leads[x] = true
								break
							}
						}
					}
				}
				name := date + " " + l + " " + text.Headline
				// Two sentences at least, unless the items hold fewer that stand on their own: a
				// sentence pointing back at one too long to quote is no summary sentence.
				if n := len(text.Summary); n < min(2, standalone) || n > 3 {
					t.Errorf("%s: %d sentences: %q", name, n, text.Summary)
				}
				seen := map[string]bool{}
				total := 0
				for _, x := range text.Summary {
					if !own[x] {
						t.Errorf("%s: %q is not a sentence of the story's %s items", name, x, l)
					}
					if !wholeSentence(x) {
						t.Errorf("%s: fragment %q", name, x)
					}
					if got, conf := detectLang(x); got != l && conf >= 0.6 {
						t.Errorf("%s: %q detected as %s", name, x, got)
					}
					key := strings.ToLower(x)
					if seen[key] {
						t.Errorf("%s: %q twice", name, x)
					}
					seen[key] = true
					total += utf16Len(x) + 1
				}
				if total > summaryBudget {
					t.Errorf("%s: summary of %d units > budget %d", name, total, summaryBudget)
				}
				if len(text.Summary) == 0 || !leads[text.Summary[0]] {
					t.Errorf("%s: summary does not open with the lead of its headline item: %q", name, text.Summary)
				}
				checked++
			}
		}
	}
	if checked < 15 {
		t.Errorf("only %d summaries checked", checked)
	}
	t.Logf("%d summaries checked", checked)
}

func TestSameWords(t *testing.T) {
	if !sameWords("ЦИК утвердил текст бюллетеня.", "Сегодня ЦИК утвердил текст бюллетеня.") {
		t.Error("near-identical sentences not recognised")
	}
	if sameWords("ЦИК утвердил текст бюллетеня.", "Президент обратился к народу Казахстана.") {
		t.Error("different sentences taken for the same")
	}
}

func TestRankingAndAlso(t *testing.T) {
	loc := almatyLoc(t)
	at := time.Date(2026, 3, 11, 12, 0, 0, 0, loc)
	mk := func(id int, story int, source, link string) store.Item {
		w := func(k int) string { return synthWord(story*10 + k) }
		return store.Item{ID: uint64(id), URL: link, Source: source, Lang: "ru", Published: at,
			Title: w(0) + " и " + w(1) + " обсудили " + w(2),
			Body:  w(3) + " " + w(4) + " поддержали " + w(5) + " и " + w(6) + ". Жители " + w(7) + " назвали " + w(8) + " важным для " + w(9) + "."}
	}
	items := []store.Item{
		mk(1, 1, "Orda", "https://orda.kz/a"),
		mk(2, 2, "Orda", "https://orda.kz/b"), mk(3, 2, "Vlast", "https://vlast.kz/b"), mk(4, 2, "Kursiv", "https://kursiv.media/b"),
		mk(5, 3, "Akorda (ru)", "https://www.akorda.kz/ru/c"),
		mk(6, 4, "Orda", "https://orda.kz/d"),
		mk(7, 5, "Orda", "https://orda.kz/e"),
	}
	d, err := New(Options{Location: loc, MaxStories: 2, Clock: fixedClock(at.Add(24 * time.Hour))}).
		BuildDay(context.Background(), &fakeSource{items: items}, "2026-03-11")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Stories) != 2 || d.AlsoTotal != 3 || len(d.Also) != 3 {
		t.Fatalf("%d stories, %d also (%d total)", len(d.Stories), len(d.Also), d.AlsoTotal)
	}
	if got := d.Stories[0].Members[0].URL; !strings.HasSuffix(got, "/b") || len(d.Stories[0].Members) != 3 {
		t.Errorf("first story is %s with %d items, want the one told by three outlets", got, len(d.Stories[0].Members))
	}
	if got := d.Stories[1].Members[0].URL; !strings.Contains(got, "akorda") {
		t.Errorf("second story is %s, want the official one", got)
	}
	if got := d.Stories[0].outlets(LangRU); len(got) != 3 {
		t.Errorf("outlets = %v", got)
	}
	html := strings.Join(d.HTML(LangRU), "\n")
	if !strings.Contains(html, "<b>Также сегодня:</b>") || strings.Count(html, "\n• <a href=") != 3 {
		t.Errorf("also-today block missing:\n%s", html)
	}
	// Same publication time: the outlets come in the order of their addresses.
	if !strings.Contains(html, `<a href="https://kursiv.media/b">Kursiv</a> · <a href="https://orda.kz/b">Orda</a> · <a href="https://vlast.kz/b">Vlast</a>`) {
		t.Errorf("outlet links missing:\n%s", html)
	}
}

func TestOutletLinks(t *testing.T) {
	s := Story{Members: []Member{
		{Lang: "ru", Source: "Kazinform (ru)", URL: "https://inform.kz/ru/1"},
		{Lang: "kk", Source: "Kazinform (kk)", URL: "https://kaz.inform.kz/1"},
		{Lang: "kk", Source: "BAQ.KZ (kk)", URL: "https://baq.kz/1", AlsoIn: []store.Ref{{Source: "Egemen", URL: "https://egemen.kz/1"}}},
		{Lang: "ru", Source: "Vlast", URL: "https://vlast.kz/1"},
		{Lang: "ru", Source: "Orda", URL: "https://orda.kz/1"},
		{Lang: "ru", Source: "Kursiv", URL: "javascript:alert(1)"},
	}}
	got := linksLine(s, LangKK)
	want := `<a href="https://kaz.inform.kz/1">Kazinform</a> · <a href="https://baq.kz/1">BAQ.KZ</a> · <a href="https://egemen.kz/1">Egemen</a> · <a href="https://vlast.kz/1">Vlast</a> · +2`
	if got != want {
		t.Errorf("kk links\n got %s\nwant %s", got, want)
	}
	if got := linksLine(s, LangRU); !strings.HasPrefix(got, `<a href="https://inform.kz/ru/1">Kazinform</a> · <a href="https://vlast.kz/1">Vlast</a>`) {
		t.Errorf("ru links: %s", got)
	}
	if got := linkHTML("Kursiv", "javascript:alert(1)"); got != "Kursiv" {
		t.Errorf("unsafe link rendered: %s", got)
	}
}

// fakeTranslator is a hand-written Translator.
type fakeTranslator struct {
	mu    sync.Mutex
	calls []string
	fn    func(p Passage, from, to string) (Passage, error)
}

func (f *fakeTranslator) Translate(ctx context.Context, p Passage, from, to string) (Passage, error) {
	f.mu.Lock()
	f.calls = append(f.calls, from+">"+to)
	f.mu.Unlock()
	return f.fn(p, from, to)
}

func (f *fakeTranslator) Model() string { return "fake" }

// faithful translates as the fake server does: the target language, the source's figures.
func faithful(p Passage, _, to string) (Passage, error) {
	return Passage{Headline: fakeText(p.Headline, to, true), Summary: fakeText(p.Summary, to, false)}, nil
}

func TestTranslationFillsMissingLanguage(t *testing.T) {
	tr := &fakeTranslator{fn: func(p Passage, from, to string) (Passage, error) {
		got, err := faithful(p, from, to)
		got.Headline = "«" + got.Headline + "»"
		return got, err
	}}
	d := buildFixtureDay(t, "2026-03-11", Options{MaxStories: 20, Translator: tr})
	translated := 0
	for _, s := range d.Stories {
		for _, l := range []string{LangKK, LangRU} {
			text := s.Text[l]
			if text.Lang != l {
				t.Errorf("story %q has no %s text after translation", s.Text[LangKK].Headline, l)
			}
			if text.Translated {
				translated++
				if strings.HasPrefix(text.Headline, "«") {
					t.Errorf("wrapping quotes kept: %q", text.Headline)
				}
			}
		}
	}
	if translated == 0 || len(tr.calls) == 0 {
		t.Fatal("nothing was translated")
	}
	checkMarks(t, d)
	// Each story's text once per language: one call for headline and summary together.
	if len(tr.calls) != translated {
		t.Errorf("%d translator calls for %d translated texts", len(tr.calls), translated)
	}
}

func TestTranslationFallback(t *testing.T) {
	logger, logs := testLogger()
	cases := []struct {
		name string
		fn   func(p Passage, from, to string) (Passage, error)
	}{
		{"error", func(Passage, string, string) (Passage, error) { return Passage{}, errors.New("server down") }},
		{"wrong language", func(p Passage, from, to string) (Passage, error) { return p, nil }},
		{"empty", func(Passage, string, string) (Passage, error) { return Passage{Headline: "  "}, nil }},
		{"runaway", func(p Passage, from, to string) (Passage, error) {
			got, _ := faithful(p, from, to)
			got.Summary = strings.Repeat(got.Summary+" ", 20)
			return got, nil
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := buildFixtureDay(t, "2026-03-11", Options{MaxStories: 20, Translator: &fakeTranslator{fn: c.fn}, Logger: logger})
			marked := 0
			for _, s := range d.Stories {
				for _, l := range []string{LangKK, LangRU} {
					if s.Text[l].Translated {
						t.Errorf("failed translation used for %q", s.Text[l].Headline)
					}
					if s.Text[l].Lang != l {
						marked++
					}
				}
			}
			if marked == 0 {
				t.Error("no story fell back to its original language")
			}
		})
	}
	if !strings.Contains(logs.String(), "translation failed") || !strings.Contains(logs.String(), "translation refused") {
		t.Errorf("failures not logged:\n%s", logs.String())
	}
}

func TestTranslationThroughLLM(t *testing.T) {
	f := newFakeLLM(t, func(n int, req chatRequest, r *http.Request) (int, map[string]string, string) {
		if n%5 == 0 {
			return 500, nil, chatError("flaky", "server_error", "")
		}
		return 200, nil, chatAnswer(fakeTranslation(req))
	})
	logger, logs := testLogger()
	d := buildFixtureDay(t, "2026-03-11", Options{MaxStories: 20, Translator: testLLM(f.srv.URL), Logger: logger})
	for _, s := range d.Stories {
		for _, l := range []string{LangKK, LangRU} {
			if s.Text[l].Lang != l {
				t.Errorf("%s text of %q missing", l, s.Text[LangRU].Headline)
			}
		}
	}
	if strings.Contains(logs.String(), testKey) {
		t.Error("key in logs")
	}
	// A server that never answers: the digest is built anyway, with marks.
	dead := newFakeLLM(t, func(int, chatRequest, *http.Request) (int, map[string]string, string) {
		return 503, nil, chatError("down "+testKey, "server_error", "")
	})
	logs.Reset()
	d = buildFixtureDay(t, "2026-03-11", Options{MaxStories: 20, Translator: testLLM(dead.srv.URL), Logger: logger})
	checkMarks(t, d)
	foreign := 0
	for _, s := range d.Stories {
		for _, l := range []string{LangKK, LangRU} {
			if s.Text[l].Lang != l {
				foreign++
			}
		}
	}
	if foreign == 0 {
		t.Error("no story fell back to its original language")
	}
	if strings.Contains(logs.String(), testKey) || !strings.Contains(logs.String(), "translation failed") {
		t.Errorf("logs:\n%s", logs.String())
	}
}

func TestContinuingStory(t *testing.T) {
	loc := almatyLoc(t)
	st := fixtureStore(t)
	b := New(Options{Location: loc, Clock: fixedClock(time.Date(2026, 3, 20, 12, 0, 0, 0, loc))})
	day1 := buildAndStore(t, b, st, "2026-03-11")
	observers := map[string]bool{} // ids of the stories with observer items (one if kk and ru met)
	for _, s := range append(day1.Stories, day1.Also...) {
		for _, m := range s.Members {
			if strings.Contains(m.URL, "412") || strings.Contains(m.URL, "obse") {
				observers[s.ID] = true
			}
		}
	}
	if len(observers) == 0 {
		t.Fatal("observers story not found on day 1")
	}
	// The next day the observer story goes on, in other words.
	if _, _, err := st.SaveItem(store.Item{URL: "https://vlast.kz/fixture/nablyudateli-pribyvayut", Source: "Vlast", Lang: "ru",
		Title:     "Международные наблюдатели ОБСЕ и СНГ прибывают на референдум",
		Body:      "В Астану прибыли первые международные наблюдатели миссий ОБСЕ и СНГ. Всего ЦИК аккредитовал 412 наблюдателей из 38 стран. Аккредитация завершится 13 марта.",
		Published: time.Date(2026, 3, 12, 9, 0, 0, 0, loc)}); err != nil {
		t.Fatal(err)
	}
	day2, err := b.BuildDay(context.Background(), st, "2026-03-12")
	if err != nil {
		t.Fatal(err)
	}
	if !day2.From.Equal(day1.To) {
		t.Errorf("day 2 starts at %s, want day 1's end %s", day2.From, day1.To)
	}
	var cont []Story
	for _, s := range append(day2.Stories, day2.Also...) {
		if s.Continues {
			cont = append(cont, s)
		}
	}
	if len(cont) != 1 || !observers[cont[0].ID] || cont[0].Since != "2026-03-11" {
		for _, s := range cont {
			t.Logf("continues: %s %q", s.ID, s.Text[LangRU].Headline)
		}
		t.Fatalf("want exactly the observers story (%v) to continue", observers)
	}
	if !strings.Contains(day2.Text(LangRU), "(продолжение)") || !strings.Contains(day2.Text(LangKK), "(жалғасы)") {
		t.Error("continuing story not marked")
	}
}

// checkMarks checks that every story shown in a language other than the digest's, or
// machine-translated, carries the mark that says so, and the others carry none.
func checkMarks(t *testing.T, d *Digest) {
	t.Helper()
	for _, l := range []string{LangKK, LangRU} {
		w := words(l)
		for i, s := range d.Stories {
			b := strings.Join(storyBlock(i+1, s, l, w), "\n")
			text := s.Text[l]
			foreign := text.Lang != l
			if got := strings.Contains(b, "<i>"+w.inLang(text.Lang)+"</i>"); got != foreign {
				t.Errorf("%s story %q: language mark %v, want %v", l, text.Headline, got, foreign)
			}
			if got := strings.Contains(b, "<i>"+w.translated+"</i>"); got != text.Translated {
				t.Errorf("%s story %q: translation mark %v, want %v", l, text.Headline, got, text.Translated)
			}
		}
	}
}

func TestNilLLMIsNoTranslator(t *testing.T) {
	var l *LLM
	d := buildFixtureDay(t, "2026-03-11", Options{Translator: l})
	if d.Empty() {
		t.Fatal("empty digest")
	}
}

// A title that runs on (a feed giving the lead's first lines, cut where its field fills)
// does not head a story: a shorter title of the next reports does, or else its first
// sentence, the quote it opens closed.
func TestLongTitleHeadline(t *testing.T) {
	long := "«Хочу сказать всем жителям, особенно молодым землякам. Этот проект закона написан прежде всего для вас, и вы получили редкую возможность сказать своё слово на голосовании, а значит "
	titled := func(title string) *doc { return &doc{item: store.Item{Title: title}} }
	untitled := &doc{sents: []string{"Член Центральной комиссии референдума Азамат Айманов на брифинге рассказал, сколько граждан смогут проголосовать на референдуме 15 марта и сколько участков откроется за рубежом."}}
	for _, tt := range []struct {
		name string
		ds   []*doc
		want string
	}{
		{"a shorter title next", []*doc{titled(long), titled("Президент обратился к молодёжи перед голосованием")}, "Президент обратился к молодёжи перед голосованием"},
		{"the long title alone", []*doc{titled(long)}, "«Хочу сказать всем жителям, особенно молодым землякам»"},
		{"a title of a fair length", []*doc{titled("Президент обратился к молодёжи"), titled("Другое")}, "Президент обратился к молодёжи"},
		// An outlet's own title heads a story better than a sentence cut short: an untitled
		// report (an excerpt, a channel post) heads it only when no report near it has one.
		{"no title, a title next", []*doc{untitled, titled("ЦИК провела первое заседание")}, "ЦИК провела первое заседание"},
		{"no title alone", []*doc{untitled}, "Член Центральной комиссии референдума Азамат Айманов на брифинге рассказал, сколько граждан смогут…"},
	} {
		if got, _ := storyHeadline(tt.ds); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
