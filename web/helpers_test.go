package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/refdigest/refdigest/collect"
	"github.com/refdigest/refdigest/demo"
	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/store"
)

// hostile is a headline that must come out as text, never as markup.
const hostile = `<script>alert("x")</script> Референдум & "кавычки"`

// The hand-made story that runs over three days after the sample's, to check timelines.
const (
	runID    = "2026-03-20-00000000beef"
	runFirst = "2026-03-20"
)

var runDays = []string{"2026-03-20", "2026-03-21", "2026-03-22"}

// archive is a store filled with the demo sample (collected from its in-process sources,
// one digest per sample day, built the way the service builds them) and a hostile story
// running over three days, with the search index over all of it.
type archive struct {
	st     *store.Store
	index  *search.Index
	loc    *time.Location
	sample []string // dates of the sample's digests
}

// TestMain removes the shared archive's directory after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.index.Close()
		shared.st.Close()
	}
	if archiveDir != "" {
		os.RemoveAll(archiveDir)
	}
	os.Exit(code)
}

var (
	archiveDir  string
	archiveOnce sync.Once
	shared      *archive
	sharedErr   error
)

// sharedArchive is built once per test binary: collecting the sample takes a moment.
func sharedArchive(t testing.TB) *archive {
	t.Helper()
	archiveOnce.Do(func() { shared, sharedErr = buildArchive() })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func buildArchive() (*archive, error) {
	loc, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "refdigest-web-test-")
	if err != nil {
		return nil, err
	}
	archiveDir = dir
	st, err := store.OpenDir(dir, store.Options{})
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	src := httptest.NewServer(demo.Handler())
	defer src.Close()
	clock := func() time.Time { return demo.Evening(loc) }
	col := collect.New(st, demo.Sources(src.URL), collect.Options{Location: loc, HostInterval: time.Millisecond, Clock: clock})
	if _, err := col.Run(ctx); err != nil {
		return nil, err
	}
	a := &archive{st: st, loc: loc}
	var days []string
	err = st.EachItemBetween(time.Date(2026, 1, 1, 0, 0, 0, 0, loc), demo.Evening(loc), func(it store.Item) error {
		if d := it.Published.In(loc).Format(time.DateOnly); !slices.Contains(days, d) {
			days = append(days, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(days)
	b := digest.New(digest.Options{Location: loc, Clock: clock,
		WebLink: func(date, l string) string { return DayURL("https://digest.example.kz", l, date) }})
	for _, d := range days {
		dg, err := b.BuildDay(ctx, st, d)
		if err != nil {
			return nil, err
		}
		rec, err := dg.Record()
		if err != nil {
			return nil, err
		}
		if err := st.PutDigest(rec); err != nil {
			return nil, err
		}
		a.sample = append(a.sample, d)
	}
	if err := putRun(st, loc); err != nil {
		return nil, err
	}
	a.index, err = search.Open(dir, st, search.Options{Location: loc, Clock: clock, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	if _, err := a.index.CatchUp(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// putRun stores the hostile story's three digests and its items: one new item a day, a
// Kazakh one on the second day, a syndicated copy on the third.
func putRun(st *store.Store, loc *time.Location) error {
	var members []digest.Member
	for i, date := range runDays {
		day, _ := time.ParseInLocation(time.DateOnly, date, loc)
		l, src := "ru", "Orda.kz"
		if i == 1 {
			l, src = "kk", "Egemen Qazaqstan"
		}
		it := store.Item{URL: "https://news.example.kz/" + date + "/run", Source: src, Lang: l,
			Title: hostile + " " + date, Body: "Референдум по новой Конституции: " + hostile + " день " + date + ".",
			Published: day.Add(10 * time.Hour), Seen: day.Add(10*time.Hour + time.Minute)}
		if i == 2 {
			it.AlsoIn = []store.Ref{{Source: "Tengrinews (ru)", URL: "https://tengri.example.kz/copy"}}
		}
		saved, _, err := st.SaveItem(it)
		if err != nil {
			return err
		}
		members = append(members, digest.Member{ItemID: saved.ID, Lang: l, Source: it.Source, URL: it.URL, Title: it.Title,
			Published: it.Published, AlsoIn: it.AlsoIn})
		text := map[string]digest.StoryText{
			"ru": {Lang: "ru", Headline: hostile, Summary: []string{"Первое предложение " + hostile + ".", "Второе."}},
			"kk": {Lang: "ru", Headline: hostile, Translated: false},
		}
		if i == 2 {
			text["kk"] = digest.StoryText{Lang: "kk", Headline: "Жаңа тақырып " + hostile, Translated: true}
		}
		d := &digest.Digest{Date: date, Built: day.Add(21 * time.Hour), Items: len(members),
			Stories: []digest.Story{{ID: runID, Since: runFirst, Continues: i > 0, Score: 1, Text: text,
				Members: append([]digest.Member(nil), members...)}},
			Also: []digest.Story{{ID: date + "-0000000000aa", Since: date, Text: map[string]digest.StoryText{
				"ru": {Lang: "ru", Headline: "Ещё " + date}, "kk": {Lang: "kk", Headline: "Тағы " + date}},
				Members: []digest.Member{{Lang: "ru", Source: "Kursiv", URL: "https://kursiv.example.kz/" + date, Title: "Ещё " + date, Published: day.Add(9 * time.Hour)}}}},
			AlsoTotal: 1}
		rec, err := d.Record()
		if err != nil {
			return err
		}
		if err := st.PutDigest(rec); err != nil {
			return err
		}
	}
	return nil
}

// newTestServer is the archive's handler over a, with a tight search limit.
func newTestServer(t testing.TB, a *archive, opts Options) *Server {
	t.Helper()
	if opts.Location == nil {
		opts.Location = a.loc
	}
	if opts.Version == "" {
		opts.Version = "test"
	}
	s, err := New(a.st, a.index, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func httptestRequest(method, path, body string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = "192.0.2.7:5555"
	return req
}

func serve(h http.Handler, req *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// get asks h for path with optional headers (name, value pairs).
func get(t testing.TB, h http.Handler, method, path string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = "192.0.2.7:5555"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// doc is a parsed page with the few lookups the tests need.
type doc struct{ root *html.Node }

func parse(t testing.TB, resp *http.Response) doc {
	t.Helper()
	n, err := html.Parse(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc{n}
}

func (d doc) all(match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for n := range d.root.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	}
	return out
}

func (d doc) elements(tag string) []*html.Node {
	return d.all(func(n *html.Node) bool { return n.Data == tag })
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func (d doc) title() string {
	if ts := d.elements("title"); len(ts) > 0 {
		return text(ts[0])
	}
	return ""
}

// link finds <link rel=REL> (with type typ when not "") and returns its href.
func (d doc) link(rel, typ string) string {
	for _, n := range d.elements("link") {
		if attr(n, "rel") == rel && (typ == "" || attr(n, "type") == typ) {
			return attr(n, "href")
		}
	}
	return ""
}

func (d doc) meta(key, val string) string {
	for _, n := range d.elements("meta") {
		if attr(n, key) == val {
			return attr(n, "content")
		}
	}
	return ""
}

func (d doc) hrefs() []string {
	var out []string
	for _, n := range d.elements("a") {
		out = append(out, attr(n, "href"))
	}
	return out
}
