package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/store"
)

// TestPages renders every kind of page in both languages from the sample archive and checks
// what a reader and a link preview rely on: the title, the twin in the other language, the
// feed's alternate link, the Open Graph and Twitter tags, the security headers.
func TestPages(t *testing.T) {
	a := sharedArchive(t)
	s := newTestServer(t, a, Options{PublicURL: "https://digest.example.kz"})
	sampleDay := a.sample[len(a.sample)-1]
	tests := []struct {
		path, twin string
		title      string // a part of the <title>
		has        []string
	}{
		{"/ru/", "/kk/", "Дайджест референдума", []string{"/ru/day/" + sampleDay, "/ru/day/" + runDays[0]}},
		{"/kk/", "/ru/", "Референдум дайджесті", []string{"/kk/day/" + sampleDay}},
		{"/ru/day/" + sampleDay, "/kk/day/" + sampleDay, digest.DateName(sampleDay, "ru"), nil},
		{"/kk/day/" + runDays[1], "/ru/day/" + runDays[1], digest.DateName(runDays[1], "kk"), []string{"/kk/story/" + runID, "/kk/day/" + runFirst}},
		{"/ru/story/" + runID, "/kk/story/" + runID, "Дайджест референдума", []string{"/ru/day/" + runDays[0], "/ru/day/" + runDays[2], "https://tengri.example.kz/copy"}},
		{"/kk/search?q=Конституция", "/kk/search?q=", "Конституция — Мұрағаттан іздеу", nil},
		{"/ru/search", "/kk/search", "Поиск", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := get(t, s, "GET", tt.path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			csp := resp.Header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "style-src 'self'", "img-src 'self'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			d := parse(t, resp)
			l := tt.path[1:3]
			if got := d.title(); !strings.Contains(got, tt.title) {
				t.Errorf("title %q lacks %q", got, tt.title)
			}
			if h := d.elements("html"); len(h) != 1 || attr(h[0], "lang") != l {
				t.Errorf("html lang is not %s", l)
			}
			twin := ""
			for _, n := range d.elements("a") {
				if strings.Contains(attr(n, "class"), "twin") {
					twin = attr(n, "href")
				}
			}
			if !strings.HasPrefix(twin, "/"+otherLang(l)+"/") || (tt.twin != "" && !strings.HasPrefix(twin, strings.Replace(tt.twin, "/"+l+"/", "/"+otherLang(l)+"/", 1))) {
				t.Errorf("twin link %q, want the page in %s (%s)", twin, otherLang(l), tt.twin)
			}
			if alt := d.link("alternate", "application/atom+xml"); alt != "/"+l+"/feed.xml" {
				t.Errorf("feed alternate %q", alt)
			}
			if got := d.link("canonical", ""); !strings.HasPrefix(got, "https://digest.example.kz/"+l+"/") {
				t.Errorf("canonical %q", got)
			}
			for _, key := range []string{"og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale"} {
				if d.meta("property", key) == "" {
					t.Errorf("no %s", key)
				}
			}
			if d.meta("name", "twitter:card") != "summary" || d.meta("name", "twitter:title") == "" {
				t.Errorf("no Twitter card")
			}
			if len(d.elements("script")) > 0 {
				t.Errorf("a page has a <script>")
			}
			for _, n := range d.all(func(n *html.Node) bool { return attr(n, "style") != "" }) {
				t.Errorf("an inline style the CSP would block: <%s style=%q>", n.Data, attr(n, "style"))
			}
			hrefs := d.hrefs()
			for _, want := range tt.has {
				if !slices.Contains(hrefs, want) {
					t.Errorf("no link to %s", want)
				}
			}
		})
	}
}

// TestHostileTextIsEscaped: a headline with markup in it comes out as the same text on every
// page that shows it, never as elements.
func TestHostileTextIsEscaped(t *testing.T) {
	a := sharedArchive(t)
	s := newTestServer(t, a, Options{})
	for _, path := range []string{"/ru/", "/ru/day/" + runDays[0], "/kk/day/" + runDays[2], "/ru/story/" + runID, "/kk/story/" + runID, "/ru/search?q=кавычки"} {
		resp := get(t, s, "GET", path)
		body, _ := io.ReadAll(resp.Body)
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		d := parse(t, resp)
		if n := len(d.elements("script")); n > 0 {
			t.Errorf("%s: %d <script> elements", path, n)
		}
		// Search marks the matching words in bold: the text is whole across elements.
		if !strings.Contains(text(d.root), hostile) {
			t.Errorf("%s: the hostile headline is not shown as text", path)
		}
		if strings.Contains(string(body), "<script>alert") {
			t.Errorf("%s: raw markup in the page", path)
		}
		if path[1:3] == "ru" && strings.Contains(path, "/story/") {
			if got := d.title(); !strings.HasPrefix(got, hostile) {
				t.Errorf("story title %q", got)
			}
		}
	}
}

// TestStoryTimeline: the story's page lists each of its three days, what each day added,
// and all of its items grouped by language.
func TestStoryTimeline(t *testing.T) {
	a := sharedArchive(t)
	s := newTestServer(t, a, Options{})
	resp := get(t, s, "GET", "/ru/story/"+runID)
	d := parse(t, resp)
	var days []string
	for _, li := range d.all(func(n *html.Node) bool {
		return n.Data == "li" && n.Parent != nil && attr(n.Parent, "class") == "timeline"
	}) {
		var added []string
		for n := range li.Descendants() {
			if n.Type == html.ElementNode && n.Data == "a" && strings.HasPrefix(attr(n, "href"), "https://") {
				added = append(added, attr(n, "href"))
			}
		}
		days = append(days, text(li.FirstChild.NextSibling)+" "+strings.Join(added, ","))
	}
	want := []string{
		"20 марта 2026 материалов: 1 https://news.example.kz/2026-03-20/run",
		"21 марта 2026 материалов: 2 https://news.example.kz/2026-03-21/run",
		"22 марта 2026 материалов: 4 https://news.example.kz/2026-03-22/run,https://tengri.example.kz/copy",
	}
	if strings.Join(days, "\n") != strings.Join(want, "\n") {
		t.Fatalf("timeline:\n%s\nwant:\n%s", strings.Join(days, "\n"), strings.Join(want, "\n"))
	}
	var groups []string
	for _, h := range d.elements("h3") {
		if h.Parent != nil && h.Parent.Data == "section" && !strings.Contains(text(h), "2026") {
			groups = append(groups, text(h))
		}
	}
	if strings.Join(groups, ",") != "На русском,На казахском" {
		t.Errorf("outlet groups %v", groups)
	}
	if resp := get(t, s, "GET", "/ru/story/2026-03-20-000000000000"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown story: %d", resp.StatusCode)
	}
	if resp := get(t, s, "GET", "/ru/story/not-a-story"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("malformed story id: %d", resp.StatusCode)
	}
}

// TestTimelineStopsAfterTheStoryEnds: the walk over later digests ends two digests after the
// story's last day, however many follow.
func TestTimelineStopsAfterTheStoryEnds(t *testing.T) {
	st := &countingStore{days: map[string]store.DigestRecord{}}
	story := digest.Story{ID: "2026-04-01-000000000001", Since: "2026-04-01", Text: map[string]digest.StoryText{"ru": {Lang: "ru", Headline: "h"}, "kk": {Lang: "ru", Headline: "h"}}}
	other := digest.Story{ID: "2026-04-01-000000000002", Since: "2026-04-01", Text: story.Text}
	for i := 0; i < 40; i++ {
		date := time.Date(2026, 4, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		d := &digest.Digest{Date: date, Built: time.Unix(int64(i), 0), Items: 1, Stories: []digest.Story{other}}
		if i < 3 || i == 4 { // a gap of one day is bridged
			d.Stories = append(d.Stories, story)
		}
		rec, err := d.Record()
		if err != nil {
			t.Fatal(err)
		}
		st.days[date] = rec
	}
	s, err := New(st, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	days, err := s.timeline(story.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		got = append(got, d.day.Date)
	}
	if strings.Join(got, ",") != "2026-04-01,2026-04-02,2026-04-03,2026-04-05" {
		t.Errorf("days %v", got)
	}
	if st.read != 7 {
		t.Errorf("read %d digests, want 7 (5 days, then 2 without the story)", st.read)
	}
}

// countingStore is a Store over a map that counts the digests read.
type countingStore struct {
	days map[string]store.DigestRecord
	read int
}

func (c *countingStore) sorted() []string {
	var ds []string
	for d := range c.days {
		ds = append(ds, d)
	}
	slices.Sort(ds)
	return ds
}

func (c *countingStore) Digest(date string) (store.DigestRecord, error) {
	if r, ok := c.days[date]; ok {
		return r, nil
	}
	return store.DigestRecord{}, store.ErrNotFound
}

func (c *countingStore) DigestDates(offset, limit int) ([]string, int, error) {
	ds := c.sorted()
	slices.Reverse(ds)
	if offset > len(ds) {
		offset = len(ds)
	}
	return ds[offset:min(len(ds), offset+limit)], len(ds), nil
}

func (c *countingStore) EachDigestFrom(from string, fn func(store.DigestRecord) (bool, error)) error {
	for _, d := range c.sorted() {
		if d < from {
			continue
		}
		c.read++
		more, err := fn(c.days[d])
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// TestConditionalGet: every cacheable page has an ETag; asking again with it answers 304
// with no body, and a rebuilt digest changes the day page's tag.
func TestConditionalGet(t *testing.T) {
	a := sharedArchive(t)
	s := newTestServer(t, a, Options{})
	for _, path := range []string{"/ru/", "/kk/day/" + a.sample[0], "/ru/story/" + runID, "/ru/feed.xml", s.cssPath} {
		first := get(t, s, "GET", path)
		etag := first.Header.Get("ETag")
		if first.StatusCode != http.StatusOK || etag == "" || first.Header.Get("Cache-Control") == "" {
			t.Fatalf("%s: status %d, ETag %q, Cache-Control %q", path, first.StatusCode, etag, first.Header.Get("Cache-Control"))
		}
		again := get(t, s, "GET", path, "If-None-Match", `"other", `+etag)
		body, _ := io.ReadAll(again.Body)
		if again.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%s with its ETag: %d, %d bytes", path, again.StatusCode, len(body))
		}
		if stale := get(t, s, "GET", path, "If-None-Match", `"stale"`); stale.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: %d", path, stale.StatusCode)
		}
	}
	// The day page's tag follows the digest's build time; other languages have their own.
	st := &countingStore{days: map[string]store.DigestRecord{}}
	d := &digest.Digest{Date: "2026-04-01", Built: time.Unix(100, 0), Items: 0}
	rec, _ := d.Record()
	st.days[d.Date] = rec
	s2, _ := New(st, nil, Options{})
	e1 := get(t, s2, "GET", "/ru/day/2026-04-01").Header.Get("ETag")
	ek := get(t, s2, "GET", "/kk/day/2026-04-01").Header.Get("ETag")
	d.Built = time.Unix(200, 0)
	rec, _ = d.Record()
	st.days[d.Date] = rec
	if resp := get(t, s2, "GET", "/ru/day/2026-04-01", "If-None-Match", e1); resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == e1 {
		t.Errorf("rebuilt digest: %d, ETag %q (was %q)", resp.StatusCode, resp.Header.Get("ETag"), e1)
	}
	if e1 == ek {
		t.Errorf("kk and ru pages share an ETag")
	}
}

// TestMethodsAndLimits: only GET and HEAD; HEAD has the headers and no body; oversized
// requests are refused; unknown pages are 404 pages; the root redirects by Accept-Language.
func TestMethodsAndLimits(t *testing.T) {
	a := sharedArchive(t)
	s := newTestServer(t, a, Options{})
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		resp := get(t, s, m, "/ru/")
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	head, err := http.Head(ts.URL + "/ru/day/" + a.sample[0])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(head.Body)
	head.Body.Close()
	if head.StatusCode != http.StatusOK || len(body) != 0 || head.Header.Get("ETag") == "" {
		t.Errorf("HEAD: %d, %d bytes, ETag %q", head.StatusCode, len(body), head.Header.Get("ETag"))
	}
	if resp := get(t, s, "GET", "/ru/search?q="+strings.Repeat("a", maxURLBytes)); resp.StatusCode != http.StatusRequestURITooLong {
		t.Errorf("long URI: %d", resp.StatusCode)
	}
	req := httptestRequest("GET", "/ru/", strings.Repeat("x", 4096))
	if resp := serve(s, req); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("GET with a body: %d", resp.StatusCode)
	}
	for _, path := range []string{"/en/", "/ru/day/2026-02-30", "/ru/day/1999-01-01", "/ru/nothing", "/ru/?page=999", "/ru/?page=x", "/static/none.css"} {
		if resp := get(t, s, "GET", path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}
	for header, want := range map[string]string{"": "/ru/", "kk-KZ,kk;q=0.9,ru;q=0.8": "/kk/", "ru-RU,ru": "/ru/", "en-US,en;q=0.9": "/ru/", "en;q=0.9,kk;q=0.5": "/kk/"} {
		resp := get(t, s, "GET", "/", "Accept-Language", header)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want || resp.Header.Get("Vary") != "Accept-Language" {
			t.Errorf("Accept-Language %q: %d to %q", header, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// TestDaysPaging: 20 days a page, newest first, with links to older and newer pages.
func TestDaysPaging(t *testing.T) {
	st := &countingStore{days: map[string]store.DigestRecord{}}
	for i := 0; i < 45; i++ {
		date := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly)
		rec, _ := (&digest.Digest{Date: date, Built: time.Unix(int64(i), 0)}).Record()
		st.days[date] = rec
	}
	s, _ := New(st, nil, Options{})
	for _, tt := range []struct {
		page        int
		first, last string
		prev, next  bool
	}{{1, "2026-04-14", "2026-03-26", false, true}, {2, "2026-03-25", "2026-03-06", true, true}, {3, "2026-03-05", "2026-03-01", true, false}} {
		d := parse(t, get(t, s, "GET", "/ru/?page="+strconv.Itoa(tt.page)))
		var days []string
		for _, a := range d.all(func(n *html.Node) bool { return attr(n, "class") == "day" }) {
			days = append(days, strings.TrimPrefix(attr(a, "href"), "/ru/day/"))
		}
		if len(days) == 0 || days[0] != tt.first || days[len(days)-1] != tt.last {
			t.Errorf("page %d: %v", tt.page, days)
		}
		hrefs := d.hrefs()
		if slices.Contains(hrefs, "/ru/?page="+strconv.Itoa(tt.page-1)) != tt.prev || slices.Contains(hrefs, "/ru/?page="+strconv.Itoa(tt.page+1)) != tt.next {
			t.Errorf("page %d: pager links %v", tt.page, hrefs)
		}
	}
}

// TestNothingAboutSubscribers: a subscriber in the store appears on no page.
func TestNothingAboutSubscribers(t *testing.T) {
	a := sharedArchive(t)
	_, err := a.st.UpdateSubscriber(987654321, func(sub *store.Subscriber, _ bool) error {
		sub.ChatType, sub.Name, sub.Lang, sub.Active, sub.Follows = "private", "Secret Reader", "ru", true, []string{"Конституция"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, a, Options{})
	for _, path := range []string{"/ru/", "/kk/", "/ru/day/" + a.sample[0], "/ru/story/" + runID, "/ru/feed.xml", "/kk/feed.xml", "/ru/search?q=Конституция"} {
		body, _ := io.ReadAll(get(t, s, "GET", path).Body)
		for _, leak := range []string{"987654321", "Secret Reader"} {
			if strings.Contains(string(body), leak) {
				t.Errorf("%s shows %q", path, leak)
			}
		}
	}
}

// A day's page leads to the stored days before and after it, as links and as rel=prev and
// rel=next; the first day has no previous one, the newest no next one; and a day added
// later changes the page's ETag, so a cached page gets its new next link.
func TestDayNeighbours(t *testing.T) {
	a := sharedArchive(t)
	s := newTestServer(t, a, Options{})
	all := append(append([]string(nil), a.sample...), runDays...)
	slices.Sort(all)
	for i, date := range all {
		d := parse(t, get(t, s, "GET", "/ru/day/"+date))
		var wantPrev, wantNext string
		if i > 0 {
			wantPrev = "/ru/day/" + all[i-1]
		}
		if i+1 < len(all) {
			wantNext = "/ru/day/" + all[i+1]
		}
		if got := d.link("prev", ""); !sameLink(got, wantPrev) {
			t.Errorf("%s: rel=prev %q, want %q", date, got, wantPrev)
		}
		if got := d.link("next", ""); !sameLink(got, wantNext) {
			t.Errorf("%s: rel=next %q, want %q", date, got, wantNext)
		}
		for _, want := range []string{wantPrev, wantNext} {
			if want != "" && !slices.ContainsFunc(d.hrefs(), func(h string) bool { return sameLink(h, want) }) {
				t.Errorf("%s: no link to %s in the page", date, want)
			}
		}
	}
}

func TestDayNeighboursInETag(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	put := func(date string) {
		d := &digest.Digest{Date: date, Built: time.Date(2026, 3, 1, 21, 0, 0, 0, time.UTC)}
		rec, err := d.Record()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.PutDigest(rec); err != nil {
			t.Fatal(err)
		}
	}
	put("2026-03-01")
	s, err := New(st, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := get(t, s, "GET", "/ru/day/2026-03-01")
	tag := first.Header.Get("ETag")
	put("2026-03-02")
	again := get(t, s, "GET", "/ru/day/2026-03-01", "If-None-Match", tag)
	if again.StatusCode != http.StatusOK {
		t.Fatalf("after a new day was stored: status %d, want 200 with the new next link", again.StatusCode)
	}
	if got := parse(t, again).link("next", ""); !sameLink(got, "/ru/day/2026-03-02") {
		t.Errorf("rel=next %q after the new day", got)
	}
}

// sameLink compares a page's link with a path, whether the page wrote it absolute or not.
func sameLink(got, path string) bool {
	if path == "" {
		return got == ""
	}
	return got == path || strings.HasSuffix(got, "://example.com"+path) || strings.HasSuffix(got, path) && strings.Contains(got, "://")
}

func (c *countingStore) DigestNeighbours(date string) (string, string, error) {
	var prev, next string
	for _, d := range c.sorted() {
		if d < date {
			prev = d
		}
		if d > date && next == "" {
			next = d
		}
	}
	return prev, next, nil
}
