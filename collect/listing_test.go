package collect

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/config"
)

// articlePage wraps a seed in a page; withSelector=false leaves only
// readability to find the text.
func articlePage(t testing.TB, seed string, withSelector bool) string {
	title, paras := seedText(t, seed)
	class := "article__content"
	if !withSelector {
		class = "post-text"
	}
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body>` +
		`<nav><a href="/">Главная</a> <a href="/ru/">Новости</a></nav><h1>` + title + `</h1>` +
		`<div class="` + class + `"><p>` + strings.Join(paras, "</p><p>") + `</p>` +
		`<div class="related-news"><h3>Читайте также</h3><a href="/ru/a/x">Другая новость</a></div></div>` +
		`<footer>© Тест</footer></body></html>`
}

func kazinformSource(u string) config.Source {
	return config.Source{
		Name: "Lenta", URL: u, Lang: "ru", Kind: "html", Pages: 2,
		Select: config.Select{
			Item: "a.news-card", Title: "h3.card-title", Date: "time.meta-date",
			DateLayout: "15:04, 2 January 2006", Body: "div.article__content",
		},
	}
}

func TestRunHTMLListing(t *testing.T) {
	s := newSite(t)
	s.handle("/ru/lenta/", func(w http.ResponseWriter, r *http.Request) {
		name := "listing_p1.html"
		if r.URL.Query().Get("page") == "2" {
			name = "listing_p2.html"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(strings.ReplaceAll(readFixture(t, name), "http://OUTLET", s.URL)))
	})
	s.serve("/ru/a/004", "text/html", articlePage(t, "004", true))
	s.serve("/ru/a/001", "text/html", articlePage(t, "001", true))
	s.serve("/ru/a/002", "text/html", articlePage(t, "002", false))
	s.serve("/ru/a/weather", "text/html", `<html><body><div class="article__content"><p>`+
		strings.Repeat("В столице ожидается похолодание до минус пятнадцати градусов, синоптики советуют одеться теплее. ", 3)+`</p></div></body></html>`)

	st := openStore(t)
	opts := testOptions(t)
	opts.Keywords = config.Default().Topic.Keywords
	c := New(st, []config.Source{kazinformSource(s.URL + "/ru/lenta/?page={page}")}, opts)
	r := runOnce(t, c)[0]
	// 004, 001, 002 kept; the weather item is off topic and the untitled card skipped.
	if got, want := r.String(), "Lenta: new 3, seen 0, skipped 2"; got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
	loc := almaty()
	checks := []struct {
		path, seed, lang string
		published        time.Time
	}{
		{"/ru/a/004", "004", "ru", time.Date(2026, 3, 12, 14, 30, 0, 0, loc)},
		{"/ru/a/001", "001", "kk", time.Date(2026, 2, 18, 16, 10, 0, 0, loc)}, // a Kazakh piece on a Russian listing
		{"/ru/a/002", "002", "kk", time.Date(2026, 2, 2, 0, 0, 0, 0, loc)},    // readability, a date without a time
	}
	for _, ck := range checks {
		it, err := st.ItemByURL(s.URL + ck.path)
		if err != nil {
			t.Errorf("%s: %v", ck.path, err)
			continue
		}
		title, paras := seedText(t, ck.seed)
		if it.Body != strings.Join(paras, "\n\n") {
			t.Errorf("%s body:\n%q", ck.path, it.Body)
		}
		if it.Lang != ck.lang || !it.Published.Equal(ck.published) || it.Source != "Lenta" {
			t.Errorf("%s: lang %s published %v source %s", ck.path, it.Lang, it.Published, it.Source)
		}
		if ck.seed != "004" && it.Title != title {
			t.Errorf("%s: title %q", ck.path, it.Title)
		}
	}

	// Second pass: all seen, no article page fetched again, the off-topic
	// page not fetched again either.
	r = runOnce(t, c)[0]
	if got, want := r.String(), "Lenta: new 0, seen 3, skipped 2"; got != want {
		t.Errorf("second pass %q, want %q", got, want)
	}
	for _, p := range []string{"/ru/a/004", "/ru/a/001", "/ru/a/002", "/ru/a/weather"} {
		if n := s.hitCount(p); n != 1 {
			t.Errorf("%s fetched %d times, want 1", p, n)
		}
	}
	if n := s.hitCount("/ru/lenta/"); n != 4 {
		t.Errorf("listing fetched %d times, want 4 (2 pages × 2 passes)", n)
	}
}

func TestRunHTMLListingErrors(t *testing.T) {
	s := newSite(t)
	s.serve("/changed", "text/html", "<html><body><div class='cards'><a href='/x'>Жаңалық</a></div></body></html>")
	s.serve("/p1", "text/html", readFixture(t, "listing_p1.html"))
	s.serve("/ru/a/004", "text/html", articlePage(t, "004", true))
	s.serve("/blocked/list", "text/html", strings.ReplaceAll(readFixture(t, "listing_p1.html"), "/ru/a/", "/blocked/a/"))
	s.handle("/blocked/a/", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "no", http.StatusForbidden) })
	st := openStore(t)
	broken := kazinformSource(s.URL + "/changed")
	broken.Name = "Changed"
	partial := kazinformSource(s.URL + "/p{page}")
	partial.Name = "Partial"
	blocked := kazinformSource(s.URL + "/blocked/list")
	blocked.Name = "Blocked"
	c := New(st, []config.Source{broken, partial, blocked}, testOptions(t))
	res := runOnce(t, c)
	if got := res[0].String(); got != `Changed: error: listing: no element matches item selector "a.news-card"` {
		t.Errorf("%q", got)
	}
	// Page 2 is missing (404): page 1's items are still collected. Entries
	// whose article page fails (404 here) are skipped, not stored as bare
	// headlines, and tried again next pass.
	if got := res[1].String(); got != "Partial: new 1, seen 0, skipped 3" {
		t.Errorf("%q", got)
	}
	// Every article page refused: the source is failing, visibly.
	want := "Blocked: error: all 3 article pages failed (last: fetch " + s.URL + "/blocked/a/001: HTTP 403 Forbidden)"
	if got := res[2].String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	runOnce(t, c)
	if n := s.hitCount("/ru/a/weather"); n != 2 {
		t.Errorf("failed article page fetched %d times in two passes, want 2", n)
	}
	if n := s.hitCount("/ru/a/004"); n != 1 {
		t.Errorf("stored article page fetched %d times, want 1", n)
	}
}

func TestParseListing(t *testing.T) {
	page := []byte(strings.ReplaceAll(readFixture(t, "listing_p1.html"), "http://OUTLET", "https://www.inform.kz"))
	base, _ := url.Parse("https://www.inform.kz/ru/lenta/?page=1")
	entries, _, err := parseListing(page, base, kazinformSource("").Select, almaty(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"https://www.inform.kz/ru/a/004",
		"https://www.inform.kz/ru/a/weather",
		"https://www.inform.kz/ru/a/untitled",
		"https://www.inform.kz/ru/a/001?utm_source=main&utm_medium=lenta",
	}
	if len(entries) != len(want) {
		t.Fatalf("%d entries: %+v", len(entries), entries)
	}
	for i, w := range want {
		if entries[i].Link != w {
			t.Errorf("entry %d link %q, want %q", i, entries[i].Link, w)
		}
	}
	if entries[2].Title != "" || entries[1].Title != "В Астане ожидается похолодание" {
		t.Errorf("titles %q, %q", entries[1].Title, entries[2].Title)
	}
	if want := time.Date(2026, 3, 14, 9, 0, 0, 0, almaty()); !entries[1].Published.Equal(want) {
		t.Errorf("'Сегодня, 09:00' = %v, want %v", entries[1].Published, want)
	}
	// Link selector and <base>.
	other := []byte(`<html><head><base href="https://baq.kz/kk/"></head><body><div class="news-item"><span class="d">15.03.2026, 10:30</span>` +
		`<a href="news/1"><span class="t">Сайлау өтті</span></a></div></body></html>`)
	es, _, err := parseListing(other, base, config.Select{Item: ".news-item", Link: "a", Title: "a .t", Date: ".d", DateLayout: "02.01.2006, 15:04"}, almaty(), testNow)
	if err != nil || len(es) != 1 {
		t.Fatalf("%v %+v", err, es)
	}
	if es[0].Link != "https://baq.kz/kk/news/1" || es[0].Title != "Сайлау өтті" || !es[0].Published.Equal(time.Date(2026, 3, 15, 10, 30, 0, 0, almaty())) {
		t.Errorf("%+v", es[0])
	}
}

// An element holding other items' matches is their container and is passed
// over (Akorda's listing has no item class: "div:has(h3 > a)" matches every
// div around the items too); a link's own time is not part of its title.
func TestParseListingInnermostItems(t *testing.T) {
	page := []byte(`<html><body><div class="container"><div class="row">` +
		`<div class="col"><h3><a href="/ru/a-1">Первый указ</a></h3><h5 class="mt-3">12 марта 2026 года</h5></div>` +
		`<div class="col"><h3><a href="/ru/a-2">Вторая встреча</a></h3><h5 class="mt-3">13 марта 2026 года</h5></div>` +
		`</div></div><ul class="uk-nav-default"><li><a href="/n/3"><time class="article-time">11:45</time> Третья новость</a></li></ul></body></html>`)
	base, _ := url.Parse("https://www.akorda.kz/ru/events")
	es, counts, err := parseListing(page, base, config.Select{Item: "div:has(h3 > a):has(h5.mt-3)", Link: "h3 > a", Title: "h3 > a", Date: "h5.mt-3", DateLayout: "2 January 2006"}, almaty(), testNow)
	if err != nil || len(es) != 2 {
		t.Fatalf("%v %+v", err, es)
	}
	if es[0].Title != "Первый указ" || es[1].Link != "https://www.akorda.kz/ru/a-2" || !es[1].Published.Equal(time.Date(2026, 3, 13, 0, 0, 0, 0, almaty())) {
		t.Errorf("%+v", es)
	}
	if counts[0] != (SelectorCount{Name: "item", Selector: "div:has(h3 > a):has(h5.mt-3)", Matched: 2}) {
		t.Errorf("counts %+v", counts)
	}
	es, _, err = parseListing(page, base, config.Select{Item: ".uk-nav-default > li", Link: "a", Date: "time.article-time", DateLayout: "15:04"}, almaty(), testNow)
	if err != nil || len(es) != 1 || es[0].Title != "Третья новость" || !es[0].Published.Equal(time.Date(2026, 3, 14, 11, 45, 0, 0, almaty())) {
		t.Errorf("%v %+v", err, es)
	}
}
