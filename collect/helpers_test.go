package collect

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/store"
)

// testNow is the fixed clock of the tests: a day before the referendum.
var testNow = time.Date(2026, 3, 14, 12, 0, 0, 0, time.FixedZone("+05", 5*3600))

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "refdigest.db"), store.Options{Clock: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func testOptions(t testing.TB) Options {
	return Options{
		Clock:        func() time.Time { return testNow },
		Location:     almaty(),
		HostInterval: time.Millisecond,
		Timeout:      2 * time.Second,
		Logger:       testLogger(t),
	}
}

// testLogger sends the collector's log to the test log (shown with -v or on failure).
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// site is a test web server: path -> handler, with a count of requests per path.
type site struct {
	*httptest.Server
	mu     sync.Mutex
	hits   map[string]int
	routes map[string]http.HandlerFunc
}

func newSite(t testing.TB) *site {
	s := &site{hits: make(map[string]int), routes: make(map[string]http.HandlerFunc)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		h, ok := s.routes[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[path] = h
}

// serve answers path with body ("OUTLET" replaced by the server's host).
func (s *site) serve(path, contentType, body string) {
	body = strings.ReplaceAll(body, "http://OUTLET", s.URL)
	s.handle(path, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write([]byte(body))
	})
}

func (s *site) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func feedSource(name, url string) config.Source {
	return config.Source{Name: name, URL: url, Lang: "kk", Kind: "feed", Pages: 1}
}

func runOnce(t testing.TB, c *Collector) []Result {
	t.Helper()
	res, err := c.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// rss builds a small RSS document from (title, link, body) triples.
func rss(items ...[3]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>`)
	for _, it := range items {
		b.WriteString("<item><title>" + xmlEscape(it[0]) + "</title><link>" + xmlEscape(it[1]) + "</link>")
		b.WriteString("<content:encoded>" + xmlEscape(it[2]) + "</content:encoded></item>")
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// seedText returns a seed fixture's title and paragraphs.
func seedText(t testing.TB, n string) (string, []string) {
	t.Helper()
	parts := strings.Split(strings.TrimSpace(readFixture(t, "seeds/"+n+".txt")), "\n\n")
	return parts[0], parts[1:]
}
