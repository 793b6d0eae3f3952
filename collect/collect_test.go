package collect

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/config"
)

func TestRunGoodFeedThenSeen(t *testing.T) {
	s := newSite(t)
	s.serve("/kk/rss.xml", "application/rss+xml; charset=utf-8", readFixture(t, "feed_kk.rss"))
	s.serve("/kk/article-003", "text/html; charset=utf-8", readFixture(t, "article_003.html"))
	st := openStore(t)
	c := New(st, []config.Source{feedSource("Outlet (kk)", s.URL+"/kk/rss.xml")}, testOptions(t))

	res := runOnce(t, c)
	if len(res) != 1 {
		t.Fatalf("got %d results, want 1", len(res))
	}
	r := res[0]
	if r.Err != nil {
		t.Fatalf("Err = %v", r.Err)
	}
	if got, want := r.String(), "Outlet (kk): new 4, seen 0, skipped 1"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if len(r.Items) != 4 {
		t.Errorf("Items has %d, want 4", len(r.Items))
	}

	// A feed item without a title (a channel post, a flash) gets the start of its
	// first sentence as its headline, cut after a word; only the item with no link
	// is skipped.
	untitled, err := st.ItemByURL(s.URL + "/kk/news/untitled")
	if err != nil {
		t.Fatalf("the untitled item: %v", err)
	}
	if want := "Орталық референдум комиссиясы жаңа Конституция жобасы бойынша өткен республикалық референдумның алдын ала…"; untitled.Title != want {
		t.Errorf("untitled item's headline %q, want %q", untitled.Title, want)
	}
	if !strings.HasPrefix(untitled.Summary+untitled.Body, "Орталық референдум комиссиясы") {
		t.Errorf("untitled item's text %q / %q: want the post's text", untitled.Summary, untitled.Body)
	}

	// The tracking parameters are gone from the stored URL; the body has
	// its paragraphs but none of the furniture.
	it0, err := st.ItemByURL(s.URL + "/kk/news/000")
	if err != nil {
		t.Fatal(err)
	}
	_, p0 := seedText(t, "000")
	if it0.Body != strings.Join(p0, "\n\n") {
		t.Errorf("item 000 body:\n%q\nwant the seed's %d paragraphs", it0.Body, len(p0))
	}
	if it0.Lang != "kk" || it0.GUID != "kk-000" || it0.SimHash == 0 {
		t.Errorf("item 000: lang %q guid %q simhash %x", it0.Lang, it0.GUID, it0.SimHash)
	}
	if want := time.Date(2026, 3, 3, 9, 20, 0, 0, time.UTC); !it0.Published.Equal(want) {
		t.Errorf("item 000 published %v, want %v", it0.Published, want)
	}

	// An excerpt-only item gets its text from the article page.
	it3, err := st.ItemByURL(s.URL + "/kk/article-003")
	if err != nil {
		t.Fatal(err)
	}
	_, p3 := seedText(t, "003")
	if it3.Body != strings.Join(p3, "\n\n") {
		t.Errorf("item 003 body:\n%q\nwant the seed's %d paragraphs", it3.Body, len(p3))
	}
	if it3.Summary == "" || strings.Contains(it3.Summary, "<p>") {
		t.Errorf("item 003 summary %q: want the plain excerpt", it3.Summary)
	}
	// A feed date without a zone is Almaty time.
	if want := time.Date(2026, 2, 13, 10, 45, 0, 0, time.UTC); !it3.Published.Equal(want) {
		t.Errorf("item 003 published %v, want %v", it3.Published, want)
	}

	// The fragment is not part of the identity.
	if _, err := st.ItemByURL(s.URL + "/kk/news/002"); err != nil {
		t.Errorf("item 002: %v", err)
	}

	res = runOnce(t, c)
	if got, want := res[0].String(), "Outlet (kk): new 0, seen 4, skipped 1"; got != want {
		t.Errorf("second pass String() = %q, want %q", got, want)
	}
	if len(res[0].Items) != 0 {
		t.Errorf("second pass Items = %d, want 0", len(res[0].Items))
	}
	if n := s.hitCount("/kk/article-003"); n != 1 {
		t.Errorf("article page fetched %d times, want once", n)
	}
	state, err := st.SourceState("Outlet (kk)")
	if err != nil {
		t.Fatal(err)
	}
	if state.ItemsTotal != 4 || state.Failures != 0 || !state.LastSuccess.Equal(testNow) {
		t.Errorf("state = %+v", state)
	}
}

func TestRunAtomAndJSONFeeds(t *testing.T) {
	s := newSite(t)
	s.serve("/ru.atom", "application/atom+xml", readFixture(t, "feed_ru.atom"))
	title, paras := seedText(t, "001")
	s.serve("/feed.json", "application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[
		{"id":"j1","url":"http://OUTLET/kk/json-1","title":`+jsonString(title)+`,
		 "content_html":`+jsonString("<p>"+strings.Join(paras, "</p><p>")+"</p>")+`,
		 "date_published":"2026-02-18T11:00:00+05:00"}]}`)
	st := openStore(t)
	ru := feedSource("Outlet (ru)", s.URL+"/ru.atom")
	ru.Lang = "ru"
	c := New(st, []config.Source{ru, feedSource("JSON", s.URL+"/feed.json")}, testOptions(t))
	res := runOnce(t, c)
	for _, r := range res {
		if r.Err != nil || r.New != 1 {
			t.Errorf("%s", r)
		}
	}
	it, err := st.ItemByURL(s.URL + "/ru/news/004")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(it.Body, "Фото: МИД РК") || !strings.HasPrefix(it.Body, "Астана. 10 марта.") || it.Lang != "ru" {
		t.Errorf("atom item lang %q body %q", it.Lang, it.Body)
	}
	jit, err := st.ItemByURL(s.URL + "/kk/json-1")
	if err != nil {
		t.Fatal(err)
	}
	if jit.Title != title || jit.Body != strings.Join(paras, "\n\n") {
		t.Errorf("json item %q body %q", jit.Title, jit.Body)
	}
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// Every broken source becomes its own error line; the good one next to it
// is collected in the same pass.
func TestRunSourceErrors(t *testing.T) {
	s := newSite(t)
	s.serve("/good.rss", "application/rss+xml", readFixture(t, "feed_kk.rss"))
	s.serve("/kk/article-003", "text/html", readFixture(t, "article_003.html"))
	s.serve("/text", "text/plain", "hello, this is not a feed")
	s.serve("/home", "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Home</title></head><body><h1>Welcome</h1></body></html>")
	s.handle("/500", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	s.handle("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	s.serve("/empty.rss", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>empty</title></channel></rss>`)
	s.serve("/nothing", "application/rss+xml", "")
	s.serve("/broken.rss", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</ti`)

	cases := []struct{ name, path, want string }{
		{"Not XML", "/text", "Not XML: error: fetch " + s.URL + "/text: "},
		{"HTML", "/home", "HTML: error: not a feed: the server sent an HTML page (Content-Type text/html)"},
		{"Five hundred", "/500", "Five hundred: error: fetch " + s.URL + "/500: HTTP 500 Internal Server Error"},
		{"Slow", "/slow", "Slow: error: fetch " + s.URL + "/slow: timed out after 300ms"},
		{"Empty", "/empty.rss", "Empty: error: feed has no items"},
		{"Nothing", "/nothing", "Nothing: error: empty response body"},
		{"Broken", "/broken.rss", "Broken: error: malformed feed: "},
		{"Missing", "/missing.rss", "Missing: error: fetch " + s.URL + "/missing.rss: HTTP 404 Not Found"},
		{"Bad URL", "::", "Bad URL: error: "},
	}
	sources := []config.Source{feedSource("Good", s.URL+"/good.rss")}
	for _, tc := range cases {
		u := s.URL + tc.path
		if tc.path == "::" {
			u = "::not a url"
		}
		sources = append(sources, feedSource(tc.name, u))
	}
	opts := testOptions(t)
	opts.Timeout = 300 * time.Millisecond
	st := openStore(t)
	c := New(st, sources, opts)
	res := runOnce(t, c)
	if len(res) != len(sources) {
		t.Fatalf("%d results for %d sources", len(res), len(sources))
	}
	if got := res[0].String(); got != "Good: new 4, seen 0, skipped 1" {
		t.Errorf("good source: %q", got)
	}
	for i, tc := range cases {
		r := res[i+1]
		if r.Err == nil {
			t.Errorf("%s: no error: %s", tc.name, r)
			continue
		}
		got := r.String()
		if tc.name == "Not XML" {
			// Plain text is neither a feed nor an HTML page.
			if got != "Not XML: error: not a feed: no RSS, Atom or JSON Feed found" {
				t.Errorf("%s: %q", tc.name, got)
			}
			continue
		}
		if !strings.HasPrefix(got, tc.want) || strings.Contains(got, "\n") {
			t.Errorf("%s:\n got %q\nwant %q...", tc.name, got, tc.want)
		}
		if r.Failures != 1 || !r.NextAttempt.Equal(testNow.Add(DefaultBackoffBase)) {
			t.Errorf("%s: failures %d next %v", tc.name, r.Failures, r.NextAttempt)
		}
	}
	states, err := st.SourceStates()
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != len(sources) {
		t.Errorf("%d source states saved, want %d", len(states), len(sources))
	}
}

func TestResultString(t *testing.T) {
	loc := almaty()
	next := time.Date(2026, 3, 14, 12, 40, 0, 0, loc)
	tests := []struct {
		r    Result
		want string
	}{
		{Result{Source: "Orda.kz", New: 2, Seen: 5, Skipped: 1}, "Orda.kz: new 2, seen 5, skipped 1"},
		{Result{Source: "Kaktus", New: 3, Seen: 1, Other: 2}, "Kaktus: new 3, seen 1, skipped 0, other language 2"},
		{Result{Source: "Kaktus", Other: 2, Err: errors.New("HTTP 500")}, "Kaktus: error: HTTP 500"},
		{Result{Source: "Orda.kz", NotModified: true}, "Orda.kz: not modified"},
		{Result{Source: "Orda.kz", Err: errors.New("HTTP 500 Internal Server Error"), Failures: 1, NextAttempt: next},
			"Orda.kz: error: HTTP 500 Internal Server Error"},
		{Result{Source: "Orda.kz", Err: errors.New("timed out after 20s"), Failures: 3, NextAttempt: next, loc: loc},
			"Orda.kz: error: timed out after 20s (failure 3, next try 12:40)"},
		{Result{Source: "Orda.kz", Err: &backingOffError{failures: 3, until: "12:40", last: "HTTP 503 Service Unavailable"}, Failures: 3, NextAttempt: next, loc: loc},
			"Orda.kz: error: backing off after 3 failures until 12:40 (last: HTTP 503 Service Unavailable)"},
		{Result{Source: "X", Err: errors.New("line one\nline two")}, "X: error: line one line two"},
	}
	for _, tc := range tests {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

func TestRunBusyAndCancelled(t *testing.T) {
	s := newSite(t)
	release := make(chan struct{})
	s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		w.Write([]byte(rss([3]string{"a", "http://x/a", "b"})))
	})
	st := openStore(t)
	c := New(st, []config.Source{feedSource("S", s.URL+"/feed")}, testOptions(t))
	done := make(chan []Result)
	go func() {
		res, _ := c.Run(context.Background())
		done <- res
	}()
	// Wait until the first pass holds the lock (its request is in flight).
	for s.hitCount("/feed") == 0 {
		time.Sleep(time.Millisecond)
	}
	if _, err := c.Run(context.Background()); !errors.Is(err, ErrBusy) {
		t.Errorf("second Run: %v, want ErrBusy", err)
	}
	close(release)
	<-done

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Run(ctx); err == nil {
		t.Error("Run with a cancelled context: no error")
	}
	// The cancelled pass did not count as the source's failure.
	state, _ := st.SourceState("S")
	if state.Failures != 0 {
		t.Errorf("failures = %d", state.Failures)
	}
}

// An edited story (same URL, changed text) updates the stored item.
func TestRunUpdatedItem(t *testing.T) {
	_, paras := seedText(t, "002")
	body := strings.Join(paras, "\n\n")
	s := newSite(t)
	s.serve("/rss", "application/rss+xml", rss([3]string{"Конституция жобасы талқыланды", "http://OUTLET/n/1", body}))
	st := openStore(t)
	c := New(st, []config.Source{feedSource("S", s.URL+"/rss")}, testOptions(t))
	first := runOnce(t, c)[0]
	if first.New != 1 || len(first.Items) != 1 {
		t.Fatalf("%s", first)
	}
	edited := body + "\n\nТүзету: отырыс 2 ақпанда өтті."
	s.serve("/rss", "application/rss+xml", rss([3]string{"Конституция жобасы талқыланды (жаңартылды)", "http://OUTLET/n/1", edited}))
	r := runOnce(t, c)[0]
	if r.String() != "S: new 0, seen 1, skipped 0" || len(r.Items) != 1 {
		t.Fatalf("%s, %d items", r, len(r.Items))
	}
	it := r.Items[0]
	if it.ID != first.Items[0].ID || it.Body != edited || it.Updated.IsZero() || it.SimHash == first.Items[0].SimHash {
		t.Errorf("updated item: id %d (was %d) updated %v body %q", it.ID, first.Items[0].ID, it.Updated, it.Body)
	}
	if n, _ := st.CountItems(); n != 1 {
		t.Errorf("%d items stored, want 1", n)
	}
}

// A store that cannot write fails that source only.
func TestRunStoreFailure(t *testing.T) {
	s := newSite(t)
	s.serve("/rss", "application/rss+xml", rss([3]string{"Референдум", "http://OUTLET/n/1", strings.Repeat("Конституция жобасы талқыланды. ", 30)}))
	ms := newMemStore()
	ms.saveErr = errors.New("disk full")
	c := New(ms, []config.Source{feedSource("S", s.URL+"/rss")}, testOptions(t))
	r := runOnce(t, c)[0]
	if r.String() != "S: error: disk full" || r.Failures != 1 {
		t.Errorf("%s (failures %d)", r, r.Failures)
	}
}

// The body decides, not the header: a feed sent as text/html is read.
func TestFeedSentAsHTML(t *testing.T) {
	s := newSite(t)
	s.serve("/rss", "text/html; charset=utf-8", readFixture(t, "feed_kk.rss"))
	s.serve("/kk/article-003", "text/html", readFixture(t, "article_003.html"))
	r := runOnce(t, New(openStore(t), []config.Source{feedSource("S", s.URL+"/rss")}, testOptions(t)))[0]
	if r.Err != nil || r.New != 4 {
		t.Fatalf("%s", r)
	}
}

// panicTransport panics for one host, as a parser bug on hostile input would, and
// passes the rest on.
type panicTransport struct{ host string }

func (p panicTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == p.host {
		panic("parser bug on hostile input")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// A source that panics fails alone: the pass goes on, the other source's items are
// stored, and the result says it panicked.
func TestSourcePanicIsContained(t *testing.T) {
	good := newSite(t)
	good.serve("/kk/rss.xml", "application/rss+xml; charset=utf-8", readFixture(t, "feed_kk.rss"))
	good.serve("/kk/article-003", "text/html; charset=utf-8", readFixture(t, "article_003.html"))
	bad := "panicking.example:80"
	st := openStore(t)
	opts := testOptions(t)
	opts.Client = &http.Client{Transport: panicTransport{host: bad}}
	c := New(st, []config.Source{feedSource("Bad", "http://"+bad+"/rss"), feedSource("Good", good.URL+"/kk/rss.xml")}, opts)
	res := runOnce(t, c)
	if len(res) != 2 {
		t.Fatalf("%d results", len(res))
	}
	if !res[0].Panicked || res[0].Err == nil || !strings.Contains(res[0].String(), "Bad: error: internal error") {
		t.Errorf("bad source: %+v (%s)", res[0], res[0])
	}
	if res[1].Err != nil || res[1].New == 0 {
		t.Errorf("good source: %s", res[1])
	}
}
