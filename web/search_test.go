package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/store"
)

// fakeSearch answers any query with total hits, recording what it was asked.
type fakeSearch struct {
	total int
	asked []search.Query
}

func (f *fakeSearch) Search(_ context.Context, q string, o search.Query) (search.Results, error) {
	f.asked = append(f.asked, o)
	res := search.Results{Total: f.total}
	for i := o.Offset; i < min(f.total, o.Offset+o.Limit); i++ {
		title := fmt.Sprintf("Хабар %d: %s", i+1, q)
		res.Hits = append(res.Hits, search.Hit{
			Item:       store.Item{URL: fmt.Sprintf("https://news.example.kz/%d", i+1), Source: "Orda.kz", Title: title, Published: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)},
			Snippet:    "… " + q + " …",
			TitleMarks: [][2]int{{len(title) - len(q), len(title)}},
		})
	}
	return res, nil
}

// TestSearchPaging: ten hits a page, numbered on, with links to the pages around; a page
// past the last or beyond the bound is 404; the real index finds the sample's items.
func TestSearchPaging(t *testing.T) {
	f := &fakeSearch{total: 23}
	s, err := New(&countingStore{}, f, Options{SearchBurst: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		page       int
		first      string
		hits       int
		prev, next bool
	}{{1, "1", 10, false, true}, {2, "11", 10, true, true}, {3, "21", 3, true, false}} {
		d := parse(t, get(t, s, "GET", fmt.Sprintf("/ru/search?q=%s&page=%d", "сайлау", tt.page)))
		lis := d.all(func(n *html.Node) bool { return n.Data == "li" && n.Parent != nil && attr(n.Parent, "class") == "hits" })
		if len(lis) != tt.hits || attr(lis[0], "value") != tt.first {
			t.Errorf("page %d: %d hits from %q", tt.page, len(lis), attr(lis[0], "value"))
		}
		if b := d.elements("mark"); len(b) == 0 || text(b[0]) != "сайлау" {
			t.Errorf("page %d: the matched words are not in bold", tt.page)
		}
		hrefs := d.hrefs()
		has := func(n int) bool {
			return slices.Contains(hrefs, fmt.Sprintf("/ru/search?q=%%D1%%81%%D0%%B0%%D0%%B9%%D0%%BB%%D0%%B0%%D1%%83&page=%d", n))
		}
		if has(tt.page-1) != tt.prev || has(tt.page+1) != tt.next {
			t.Errorf("page %d: pager %v", tt.page, hrefs)
		}
	}
	if got := f.asked[1]; got.Offset != 10 || got.Limit != 10 || got.UILang != "ru" {
		t.Errorf("asked %+v", got)
	}
	for _, path := range []string{"/ru/search?q=x&page=4", "/ru/search?q=x&page=51", "/ru/search?q=x&page=0"} {
		if resp := get(t, s, "GET", path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}

	a := sharedArchive(t)
	real := newTestServer(t, a, Options{})
	d := parse(t, get(t, real, "GET", "/kk/search?q="+url.QueryEscape(`"жаңа Конституция"`)))
	if n := len(d.all(func(n *html.Node) bool { return n.Data == "li" && n.Parent != nil && attr(n.Parent, "class") == "hits" })); n == 0 {
		t.Errorf("the sample has no hit for a phrase it holds")
	}
	if d := parse(t, get(t, real, "GET", "/ru/search?q=zzzqqqxxx")); !strings.Contains(text(d.root), "ничего не найдено") {
		t.Errorf("no hits: no word of it")
	}
}

// TestSearchRateLimit: past the burst a client gets 429 with Retry-After, another client
// does not; the empty search form costs nothing; time gives the tokens back.
func TestSearchRateLimit(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s, err := New(&countingStore{}, &fakeSearch{total: 1}, Options{SearchBurst: 3, SearchEvery: 10 * time.Second, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	ask := func(addr, path string, headers ...string) *http.Response {
		req := httptestRequest("GET", path, "")
		req.RemoteAddr = addr
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return serve(s, req)
	}
	for i := 0; i < 5; i++ {
		if resp := ask("192.0.2.1:1000", "/ru/search"); resp.StatusCode != http.StatusOK {
			t.Fatalf("empty form %d: %d", i, resp.StatusCode)
		}
	}
	for i := 0; i < 3; i++ {
		if resp := ask("192.0.2.1:1000", "/ru/search?q=a"); resp.StatusCode != http.StatusOK {
			t.Fatalf("search %d: %d", i, resp.StatusCode)
		}
	}
	resp := ask("192.0.2.1:1001", "/ru/search?q=a")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("past the burst: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp := ask("192.0.2.2:1000", "/ru/search?q=a"); resp.StatusCode != http.StatusOK {
		t.Errorf("another client: %d", resp.StatusCode)
	}
	// Behind a local proxy, clients are told apart by the address the proxy appended.
	for i := 0; i < 3; i++ {
		ask("127.0.0.1:9", "/ru/search?q=a", "X-Forwarded-For", "203.0.113.9")
	}
	if resp := ask("127.0.0.1:9", "/ru/search?q=a", "X-Forwarded-For", "198.51.100.1, 203.0.113.9"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a spoofed first X-Forwarded-For entry escaped the limit: %d", resp.StatusCode)
	}
	if resp := ask("127.0.0.1:9", "/ru/search?q=a", "X-Forwarded-For", "203.0.113.10"); resp.StatusCode != http.StatusOK {
		t.Errorf("another client behind the proxy: %d", resp.StatusCode)
	}
	// One IPv6 /64 is one client.
	for i := 0; i < 3; i++ {
		ask(fmt.Sprintf("[2001:db8:1:2::%x]:443", i+1), "/ru/search?q=a")
	}
	if resp := ask("[2001:db8:1:2::ff]:443", "/ru/search?q=a"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("same /64: %d", resp.StatusCode)
	}
	now = now.Add(10 * time.Second)
	if resp := ask("192.0.2.1:1000", "/ru/search?q=a"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the refill: %d", resp.StatusCode)
	}
}

func TestClientLimiterBound(t *testing.T) {
	c := newClientLimiter(time.Second, 1, 100)
	now := time.Now()
	for i := 0; i < 1000; i++ {
		c.allow(fmt.Sprintf("198.51.100.%d/%d", i%250, i), now)
		if len(c.clients) > 100 {
			t.Fatalf("%d clients kept, bound 100", len(c.clients))
		}
	}
}
