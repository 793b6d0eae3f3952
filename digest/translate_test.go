package digest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// oneLangItems is a day of n items about n different events, alternating Kazakh and Russian,
// each event reported in its own language only, each with figures and a time of day.
func oneLangItems(loc *time.Location, n int) []store.Item {
	items := manyItems(loc, n)
	for i := range items {
		fig := fmt.Sprintf("%d %03d", 7+i, 954)
		if items[i].Lang == "kk" {
			items[i].Body += fmt.Sprintf(" Жобаға %s теңге бөлінді, жиын сағат 10:%02d-да басталды.", fig, i%60)
		} else {
			items[i].Body += fmt.Sprintf(" На проект выделено %s тенге, встреча началась в 10:%02d.", fig, i%60)
		}
	}
	return items
}

// translateEnv is a store holding a day of one-language stories, and what builds it.
type translateEnv struct {
	t    *testing.T
	dir  string
	st   *store.Store
	loc  *time.Location
	logs *bytes.Buffer
}

func newTranslateEnv(t *testing.T, n int) *translateEnv {
	t.Helper()
	e := &translateEnv{t: t, dir: t.TempDir(), loc: almatyLoc(t)}
	e.open()
	for _, it := range oneLangItems(e.loc, n) {
		it.ID = 0
		if _, _, err := e.st.SaveItem(it); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *translateEnv) open() {
	st, err := store.Open(filepath.Join(e.dir, store.FileName), store.Options{NoSync: true})
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	e.t.Cleanup(func() { st.Close() })
}

// reopen closes the store and opens it again: a restart.
func (e *translateEnv) reopen() {
	if err := e.st.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open()
}

func (e *translateEnv) build(tr Translator, opts Options) *Digest {
	e.t.Helper()
	logger, logs := testLogger()
	e.logs = logs
	opts.Location, opts.Translator, opts.Logger = e.loc, tr, logger
	if opts.Cache == nil {
		opts.Cache = e.st
	}
	opts.Clock = fixedClock(time.Date(2026, 3, 5, 0, 0, 0, 0, e.loc))
	d, err := New(opts).BuildDay(context.Background(), e.st, "2026-03-03")
	if err != nil {
		e.t.Fatal(err)
	}
	if strings.Contains(logs.String(), testKey) || strings.Contains(logs.String(), "SECRET") {
		e.t.Errorf("the API key is in the logs:\n%s", logs.String())
	}
	return d
}

// shownStories are the stories a reader sees: the ones in full and the Also lines shown.
func shownStories(d *Digest) []Story {
	return append(append([]Story(nil), d.Stories...), d.Also[:min(len(d.Also), maxAlsoShown)]...)
}

// With a working server, on a day of one-language stories, every story shown in both
// digests has text in the reader's language, marked as a machine translation and linked to
// the original; one request per story and language; the second build asks nothing.
func TestTranslateEveryStory(t *testing.T) {
	e := newTranslateEnv(t, 16)
	f := newFakeLLM(t, nil)
	d := e.build(testLLM(f.srv.URL), Options{MaxStories: 6})
	translated := 0
	for _, s := range shownStories(d) {
		for _, l := range digestLangs() {
			text := s.Text[l]
			if text.Lang != l {
				t.Errorf("%s digest: story %q is in %s", l, text.Headline, text.Lang)
			}
			if text.Translated {
				translated++
				if text.Original == "" || !strings.HasPrefix(text.Original, "https://news.example.kz/") {
					t.Errorf("translation of %s without its original: %q", s.ID, text.Original)
				}
			}
		}
	}
	calls, maxIn, _ := f.stats()
	if translated != len(shownStories(d)) || calls != translated {
		t.Errorf("%d translations for %d stories shown, %d requests; want one request per story and language", translated, len(shownStories(d)), calls)
	}
	if maxIn > DefaultTranslateInFlight {
		t.Errorf("%d requests in flight, want at most %d", maxIn, DefaultTranslateInFlight)
	}
	checkMarks(t, d)
	for _, l := range digestLangs() {
		html := strings.Join(d.HTML(l), "\n")
		w := words(l)
		if got := strings.Count(html, "<i>"+w.translated+"</i>"); got != len(shownStories(d))/2 {
			t.Errorf("%s: %d translation marks, want %d", l, got, len(shownStories(d))/2)
		}
		for i, m := range d.HTML(l) {
			if err := checkTelegramHTML(m); err != nil {
				t.Errorf("%s message %d: %v", l, i, err)
			}
		}
	}
	ru := d.Text(LangRU)
	if !strings.Contains(ru, "машинный перевод") || !strings.Contains(ru, "оригинал на казахском") {
		t.Errorf("ru digest lacks the marks:\n%s", ru)
	}
	if kk := d.Text(LangKK); !strings.Contains(kk, "машиналық аударма") || !strings.Contains(kk, "түпнұсқасы орыс тілінде") {
		t.Errorf("kk digest lacks the marks:\n%s", kk)
	}

	// A rebuild asks nothing and shows the same.
	again := e.build(testLLM(f.srv.URL), Options{MaxStories: 6})
	if n, _, _ := f.stats(); n != calls {
		t.Errorf("the rebuild sent %d requests, want 0", n-calls)
	}
	if again.Text(LangRU) != ru {
		t.Error("the rebuild shows other text")
	}
	// A restart, and a new server: still nothing asked.
	e.reopen()
	f2 := newFakeLLM(t, nil)
	after := e.build(testLLM(f2.srv.URL), Options{MaxStories: 6})
	if n, _, _ := f2.stats(); n != 0 {
		t.Errorf("after a restart the build sent %d requests, want 0", n)
	}
	if after.Text(LangRU) != ru {
		t.Error("after a restart the digest shows other text")
	}
	// Another model is another translation.
	other := NewLLM(f2.srv.URL, "other-model", testKey, nil)
	e.build(other, Options{MaxStories: 6})
	if n, _, _ := f2.stats(); n != calls {
		t.Errorf("another model: %d requests, want %d", n, calls)
	}
}

// Answers that come back but are not translations are refused, the mark is kept, the
// reason is logged, and the refusal is remembered: a rebuild does not ask again.
func TestTranslateRefusesWrongAnswers(t *testing.T) {
	cases := []struct {
		name   string
		answer func(req chatRequest) string
		reason string
	}{
		{"wrong language", func(req chatRequest) string {
			p := sourcePassage(req)
			return passageAnswer(p.Headline, p.Summary) // the source itself
		}, "not "},
		{"drops a number", func(req chatRequest) string {
			p := sourcePassage(req)
			to := target(req)
			return passageAnswer(fakeText("сөз", to, true), fakeText(strings.Repeat("x", len([]rune(p.Summary))), to, false))
		}, "drops the number"},
		{"too long", func(req chatRequest) string {
			good := sourcePassage(chatRequest{Messages: []chatMessage{{Content: fakeTranslation(req)}}})
			return passageAnswer(good.Headline, strings.Repeat(good.Summary+" ", 4))
		}, "characters for"},
		{"not JSON", func(req chatRequest) string { return "{headline: ?" }, "unusable answer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newTranslateEnv(t, 6)
			f := newFakeLLM(t, func(n int, req chatRequest, _ *http.Request) (int, map[string]string, string) {
				return 200, nil, chatAnswer(c.answer(req))
			})
			d := e.build(testLLM(f.srv.URL), Options{MaxStories: 6})
			for _, s := range d.Stories {
				for _, l := range digestLangs() {
					if s.Text[l].Translated {
						t.Errorf("refused answer used: %q", s.Text[l].Headline)
					}
				}
			}
			checkMarks(t, d)
			if got := strings.Count(d.Text(LangRU), "на казахском языке"); got != 3 {
				t.Errorf("ru digest: %d language marks, want 3:\n%s", got, d.Text(LangRU))
			}
			logs := e.logs.String()
			if !strings.Contains(logs, "translation refused") || !strings.Contains(logs, c.reason) {
				t.Errorf("refusals not logged with %q:\n%s", c.reason, logs)
			}
			calls, _, _ := f.stats()
			if calls != 6 {
				t.Errorf("%d requests, want 6", calls)
			}
			e.build(testLLM(f.srv.URL), Options{MaxStories: 6})
			if n, _, _ := f.stats(); n != calls {
				t.Errorf("the rebuild asked %d times again about refused answers", n-calls)
			}
		})
	}
}

// A server that fails (5xx, 429 past the attempts, 401) costs nothing but the marks; the
// failures are logged without the key and not remembered, so the next build tries again.
func TestTranslateServerErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header map[string]string
		body   string
	}{
		{"5xx", 503, nil, chatError("The server is overloaded "+testKey, "server_error", "")},
		{"429", 429, map[string]string{"Retry-After": "1"}, chatError("Rate limit reached", "requests", "rate_limit_exceeded")},
		{"401", 401, nil, chatError("Incorrect API key provided: "+testKey, "invalid_request_error", "invalid_api_key")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newTranslateEnv(t, 4)
			f := newFakeLLM(t, func(int, chatRequest, *http.Request) (int, map[string]string, string) {
				return c.status, c.header, c.body
			})
			d := e.build(testLLM(f.srv.URL), Options{MaxStories: 4})
			checkMarks(t, d)
			for _, s := range d.Stories {
				for _, l := range digestLangs() {
					if s.Text[l].Translated {
						t.Errorf("translation after a failure: %q", s.Text[l].Headline)
					}
				}
			}
			if !strings.Contains(e.logs.String(), "translation failed") {
				t.Errorf("failures not logged:\n%s", e.logs.String())
			}
			calls, _, _ := f.stats()
			e.build(testLLM(f.srv.URL), Options{MaxStories: 4})
			if n, _, _ := f.stats(); n == calls {
				t.Error("a failure was remembered: the next build did not ask again")
			}
		})
	}
}

// A server that never answers: the build returns once the budget is spent, having started
// no more requests than may be in flight, every started one cancelled, every story marked.
func TestTranslateBudget(t *testing.T) {
	e := newTranslateEnv(t, 20)
	f := newFakeLLM(t, nil)
	f.delay = time.Hour
	c := testLLM(f.srv.URL)
	c.Timeout = time.Hour
	done := make(chan *Digest, 1)
	go func() {
		done <- e.build(c, Options{MaxStories: 10, TranslateBudget: 200 * time.Millisecond, TranslateInFlight: 3})
	}()
	var d *Digest
	select {
	case d = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the build waited on the model past its budget")
	}
	calls, maxIn, _ := f.stats()
	if calls != 3 || maxIn != 3 {
		t.Errorf("%d requests started, %d at once; want exactly the 3 in flight", calls, maxIn)
	}
	checkMarks(t, d)
	for _, s := range d.Stories {
		if s.Text[LangKK].Translated || s.Text[LangRU].Translated {
			t.Error("a translation arrived from a server that never answers")
		}
	}
	if !strings.Contains(e.logs.String(), "translation budget spent") {
		t.Errorf("the spent budget is not logged:\n%s", e.logs.String())
	}
	// The client gave up on each started request (the server sees them cancelled).
	deadline := time.Now().Add(10 * time.Second)
	for _, _, cancelled := f.stats(); cancelled < 3 && time.Now().Before(deadline); _, _, cancelled = f.stats() {
		time.Sleep(10 * time.Millisecond)
	}
	if _, _, cancelled := f.stats(); cancelled != 3 {
		t.Errorf("%d requests cancelled, want 3", cancelled)
	}
}

// Without a translator nothing but the marks differs from a translated digest: same
// stories, same order, the same text wherever a language had its own coverage; and no
// request is made.
func TestNoServerOnlyMarks(t *testing.T) {
	e := newTranslateEnv(t, 10)
	plain := e.build(nil, Options{MaxStories: 5})
	if strings.Contains(e.logs.String(), "translation") {
		t.Errorf("a build without a translator speaks of translations:\n%s", e.logs.String())
	}
	f := newFakeLLM(t, nil)
	tr := e.build(testLLM(f.srv.URL), Options{MaxStories: 5, Cache: noCache{}})
	if len(plain.Stories) != len(tr.Stories) || len(plain.Also) != len(tr.Also) {
		t.Fatalf("stories differ: %d+%d vs %d+%d", len(plain.Stories), len(plain.Also), len(tr.Stories), len(tr.Also))
	}
	for i, s := range plain.Stories {
		if s.ID != tr.Stories[i].ID {
			t.Errorf("story %d: %s vs %s", i, s.ID, tr.Stories[i].ID)
		}
		for _, l := range digestLangs() {
			if s.Text[l].Lang == l && fmt.Sprint(s.Text[l]) != fmt.Sprint(tr.Stories[i].Text[l]) {
				t.Errorf("own-language text changed: %+v vs %+v", s.Text[l], tr.Stories[i].Text[l])
			}
			if s.Text[l].Translated {
				t.Error("translated without a translator")
			}
		}
	}
	checkMarks(t, plain)
}

// noCache is a TranslationCache that never holds anything.
type noCache struct{}

func (noCache) Translation(string) (store.Translation, error) {
	return store.Translation{}, store.ErrNotFound
}
func (noCache) PutTranslations(map[string]store.Translation) error { return nil }

func TestCheckTranslation(t *testing.T) {
	src := StoryText{Lang: LangRU, Headline: "ЦИК: явка составила 62,3 %",
		Summary: []string{"В голосовании приняли участие 7 954 667 человек.", "Участки закрылись в 20:00.",
			"Голосование прошло спокойно, нарушений на участках не зафиксировано, сообщили в комиссии."}}
	calm := " Дауыс беру тыныш өтті, учаскелерде бұзушылық тіркелген жоқ, деп хабарлады комиссия."
	cases := []struct {
		name              string
		headline, summary string
		bad               string // a part of the reason; "" = accepted
	}{
		{"good, figures written otherwise", "ОСК: сайлауға қатысу 62.3 % болды", "Дауыс беруге 7,954,667 адам қатысты. Учаскелер сағат 20:00-де жабылды." + calm, ""},
		{"good, figures in words", "ОСК: сайлауға қатысу 62,3 % болды", "Дауыс беруге 7 миллион 954 мың 667 адам қатысты. Учаскелер сағат 20:00-де жабылды." + calm, ""},
		{"a number dropped", "ОСК: сайлауға қатысу 62,3 % болды", "Дауыс беруге 7 миллион адам қатысты. Учаскелер сағат 20:00-де жабылды." + calm, "drops the number"},
		{"a time dropped", "ОСК: сайлауға қатысу 62,3 % болды", "Дауыс беруге 7 954 667 адам қатысты. Учаскелер кешке жабылды." + calm, "drops the time"},
		{"too long", "ОСК: сайлауға қатысу 62,3 % болды", "Дауыс беруге 7 954 667 адам қатысты. Учаскелер сағат 20:00-де жабылды." + strings.Repeat(calm, 3), "characters for"},
		{"Russian back", src.Headline, strings.Join(src.Summary, " "), "not kk"},
		{"too short", "ОСК: 62,3 %", "Қатысты 7 954 667. Сағат 20:00.", "characters for"},
		{"no summary", "ОСК: сайлауға қатысу 62,3 % болды, 7 954 667 адам, 20:00", "", "summary is missing"},
		{"a number added", "ОСК: сайлауға қатысу 62,3 % болды", "Дауыс беруге 7 954 667 адам қатысты, 30 учаске кеш ашылды. Учаскелер сағат 20:00-де жабылды." + calm, "adds the number 30"},
	}
	for _, c := range cases {
		_, _, reason := checkTranslation(src, Passage{Headline: c.headline, Summary: c.summary}, LangKK)
		if (reason == "") != (c.bad == "") || !strings.Contains(reason, c.bad) {
			t.Errorf("%s: reason %q, want %q", c.name, reason, c.bad)
		}
	}
}

// Dates are figures too: a translation must keep the day and the month, however it writes
// them.
func TestCheckTranslationDates(t *testing.T) {
	src := StoryText{Lang: LangRU, Headline: "Референдум пройдёт 15 марта",
		Summary: []string{"Голосование назначено на 15 марта 2026 года, сообщили в Центральной комиссии референдума."}}
	cases := []struct {
		name, headline, summary, bad string
	}{
		{"same date in words", "Референдум 15 наурызда өтеді", "Дауыс беру 2026 жылғы 15 наурызға белгіленді, деп хабарлады Орталық референдум комиссиясы.", ""},
		{"same date in digits", "Референдум 15.03.2026 өтеді", "Дауыс беру 15.03.2026 күнге белгіленді, деп хабарлады Орталық референдум комиссиясы.", ""},
		{"another month", "Референдум 15 сәуірде өтеді", "Дауыс беру 2026 жылғы 15 сәуірге белгіленді, деп хабарлады Орталық референдум комиссиясы.", "the date 03-15"},
	}
	for _, c := range cases {
		_, _, reason := checkTranslation(src, Passage{Headline: c.headline, Summary: c.summary}, LangKK)
		if (reason == "") != (c.bad == "") || !strings.Contains(reason, c.bad) {
			t.Errorf("%s: reason %q, want %q", c.name, reason, c.bad)
		}
	}
}

// The record carries, per language, a rendering without the stories shown only in the
// other language, saying how many were hidden; a story translated is not hidden.
func TestOwnLanguageRendering(t *testing.T) {
	e := newTranslateEnv(t, 12)
	plain := e.build(nil, Options{MaxStories: 4})
	rec, err := plain.Record()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range digestLangs() {
		foreign := 0
		for _, s := range shownStories(plain) {
			if s.Text[l].Lang != l {
				foreign++
			}
		}
		if foreign == 0 || rec.Hidden[l] != foreign {
			t.Fatalf("%s: hidden %d, want the %d stories in the other language", l, rec.Hidden[l], foreign)
		}
		own := strings.Join(rec.HTMLOwn[l], "\n")
		w := words(l)
		if strings.Contains(own, "<i>"+w.inLang(otherLang(l))+"</i>") {
			t.Errorf("%s own rendering still shows a story in the other language:\n%s", l, own)
		}
		if !strings.Contains(own, w.hidden(foreign)) || !strings.Contains(own, "/onlymylang off") {
			t.Errorf("%s own rendering does not say %d were hidden:\n%s", l, foreign, own)
		}
		for i, m := range rec.HTMLOwn[l] {
			if err := checkTelegramHTML(m); err != nil {
				t.Errorf("%s own message %d: %v", l, i, err)
			}
		}
		if len(rec.Parts(l, false)) == 0 || strings.Join(rec.Parts(l, false), "\n") != strings.Join(rec.HTML[l], "\n") {
			t.Errorf("%s: the full rendering is not the default", l)
		}
	}
	if !strings.Contains(strings.Join(rec.HTMLOwn[LangRU], "\n"), "Скрыто 6 сюжетов только на казахском языке") {
		t.Errorf("ru hidden line:\n%s", strings.Join(rec.HTMLOwn[LangRU], "\n"))
	}
	// Translated, nothing is hidden: one rendering serves every reader.
	f := newFakeLLM(t, nil)
	full, err := e.build(testLLM(f.srv.URL), Options{MaxStories: 4}).Record()
	if err != nil {
		t.Fatal(err)
	}
	if len(full.HTMLOwn) != 0 || len(full.Hidden) != 0 {
		t.Errorf("translated digest hides %v", full.Hidden)
	}
}

// A server answer with no text in it (a proxy's page with status 200) says nothing about
// the story: it is refused for this build, but the next build asks again, and uses a good
// answer then.
func TestNoTextAnswerNotRemembered(t *testing.T) {
	e := newTranslateEnv(t, 2)
	broken := true
	f := newFakeLLM(t, func(n int, req chatRequest, _ *http.Request) (int, map[string]string, string) {
		if broken {
			return 200, nil, "<html><body>502 Bad Gateway</body></html>"
		}
		return 200, nil, chatAnswer(fakeTranslation(req))
	})
	first := e.build(testLLM(f.srv.URL), Options{MaxStories: 6})
	asked, _, _ := f.stats()
	if asked == 0 {
		t.Fatal("the first build asked nothing")
	}
	for _, s := range first.Stories {
		for _, l := range digestLangs() {
			if s.Text[l].Translated {
				t.Fatalf("a page with no answer was used: %q", s.Text[l].Headline)
			}
		}
	}
	broken = false
	second := e.build(testLLM(f.srv.URL), Options{MaxStories: 6})
	if again, _, _ := f.stats(); again == asked {
		t.Fatal("the second build asked nothing: the empty answer was cached as a refusal")
	}
	translated := 0
	for _, s := range second.Stories {
		for _, l := range digestLangs() {
			if s.Text[l].Translated {
				translated++
			}
		}
	}
	if translated == 0 {
		t.Error("the second build translated nothing")
	}
}

// The only-my-language rendering sifts every stored "Also today" story: own-language ones
// below the lines the full digest shows move up into the places of those left out.
func TestOwnRenderingFillsAlso(t *testing.T) {
	story := func(i int, lang string) Story {
		h := fmt.Sprintf("Сюжет номер %d", i)
		return Story{ID: fmt.Sprint(i), Text: map[string]StoryText{LangRU: {Lang: lang, Headline: h}, LangKK: {Lang: lang, Headline: h}},
			Members: []Member{{Lang: lang, Source: "Orda", URL: fmt.Sprintf("https://orda.kz/%d", i)}}}
	}
	d := &Digest{Date: "2026-03-16", Items: 21, Stories: []Story{story(0, LangRU)}}
	for i := 1; i <= maxAlsoShown; i++ {
		d.Also = append(d.Also, story(i, LangKK)) // the lines the full digest shows: all Kazakh
	}
	for i := maxAlsoShown + 1; i <= maxAlsoShown+5; i++ {
		d.Also = append(d.Also, story(i, LangRU))
	}
	d.AlsoTotal = len(d.Also)
	html, hidden := d.OwnHTML(LangRU)
	text := strings.Join(html, "\n")
	if hidden != maxAlsoShown {
		t.Errorf("hidden %d, want the %d Kazakh-only stories", hidden, maxAlsoShown)
	}
	for i := maxAlsoShown + 1; i <= maxAlsoShown+5; i++ {
		if !strings.Contains(text, fmt.Sprintf("Сюжет номер %d<", i)) {
			t.Errorf("Russian story %d below the shown lines is missing:\n%s", i, text)
		}
	}
	if strings.Contains(text, "Сюжет номер 1<") {
		t.Errorf("a Kazakh-only story is shown:\n%s", text)
	}
}
