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
		if !ok {
			// A route ending in "/" also serves the paths under it.
			best := ""
			for p, rh := range s.routes {
				if strings.HasSuffix(p, "/") && strings.HasPrefix(r.URL.Path, p) && len(p) > len(best) {
					best, h, ok = p, rh, true
				}
			}
		}
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

// memStore is an in-memory Store: for the benchmark without disk syncs,
// and for injecting store failures.
type memStore struct {
	mu      sync.Mutex
	items   map[uint64]store.Item
	byURL   map[string]uint64
	byGUID  map[string]uint64
	states  map[string]store.SourceState
	nextID  uint64
	saveErr error // returned by SaveItem when set
}

func newMemStore() *memStore {
	return &memStore{items: map[uint64]store.Item{}, byURL: map[string]uint64{}, byGUID: map[string]uint64{}, states: map[string]store.SourceState{}}
}

func (m *memStore) SaveItem(it store.Item) (store.Item, store.SaveResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.saveErr != nil {
		return it, 0, m.saveErr
	}
	it.Hash = store.ContentHash(it)
	id, ok := m.byURL[it.URL]
	if !ok && it.GUID != "" {
		id, ok = m.byGUID[it.Source+"\x00"+it.GUID]
	}
	if ok {
		old := m.items[id]
		if old.Hash == it.Hash {
			return old, store.Unchanged, nil
		}
		old.Title, old.Summary, old.Body, old.Hash = it.Title, it.Summary, it.Body, it.Hash
		m.items[id] = old
		return old, store.Updated, nil
	}
	m.nextID++
	it.ID = m.nextID
	m.items[it.ID] = it
	m.byURL[it.URL] = it.ID
	if it.GUID != "" {
		m.byGUID[it.Source+"\x00"+it.GUID] = it.ID
	}
	return it, store.Created, nil
}

func (m *memStore) SaveItems(items []store.Item) ([]store.Item, []store.SaveResult, error) {
	out := make([]store.Item, len(items))
	res := make([]store.SaveResult, len(items))
	for i, it := range items {
		var err error
		if out[i], res[i], err = m.SaveItem(it); err != nil {
			return nil, nil, err
		}
	}
	return out, res, nil
}

func (m *memStore) AddAlias(id uint64, ref store.Ref, guid string) (store.Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[id]
	if !ok {
		return it, store.ErrNotFound
	}
	it.AlsoIn = append(it.AlsoIn, ref)
	m.items[id] = it
	m.byURL[ref.URL] = id
	return it, nil
}

func (m *memStore) AddURL(id uint64, url string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[id]; !ok {
		return store.ErrNotFound
	}
	if _, ok := m.byURL[url]; !ok {
		m.byURL[url] = id
	}
	return nil
}

func (m *memStore) ItemByURL(url string) (store.Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.byURL[url]
	if !ok {
		return store.Item{}, store.ErrNotFound
	}
	return m.items[id], nil
}

func (m *memStore) EachItemBetween(from, to time.Time, fn func(store.Item) error) error {
	m.mu.Lock()
	var list []store.Item
	for _, it := range m.items {
		if !it.Published.Before(from) && it.Published.Before(to) {
			list = append(list, it)
		}
	}
	m.mu.Unlock()
	for _, it := range list {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) SourceState(name string) (store.SourceState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.states[name]
	if !ok {
		st.Name = name
	}
	return st, nil
}

func (m *memStore) PutSourceState(st store.SourceState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.states[st.Name] = st
	return nil
}
