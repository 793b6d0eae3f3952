package search

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// fixtureItem is one line of testdata/corpus.jsonl.
type fixtureItem struct {
	Key       string    `json:"key"`
	Lang      string    `json:"lang"`
	Source    string    `json:"source"`
	Published time.Time `json:"published"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
}

func loadCorpus(tb testing.TB) []fixtureItem {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "corpus.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []fixtureItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var it fixtureItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			tb.Fatal(err)
		}
		out = append(out, it)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func (f fixtureItem) item() store.Item {
	return store.Item{
		URL:       "https://example.test/" + f.Key,
		Source:    f.Source,
		Lang:      f.Lang,
		Title:     f.Title,
		Body:      f.Body,
		Published: f.Published,
	}
}

// fixtureEnv is a store in a temp dir holding the corpus, and its index.
type fixtureEnv struct {
	dir   string
	st    *store.Store
	ix    *Index
	keyOf map[uint64]string
	idOf  map[string]uint64
}

// testNow is the clock of the tests: the week after the referendum.
var testNow = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

func newFixtureEnv(t *testing.T) *fixtureEnv {
	t.Helper()
	dir := t.TempDir()
	st, err := store.OpenDir(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	env := &fixtureEnv{dir: dir, st: st, keyOf: map[uint64]string{}, idOf: map[string]uint64{}}
	for _, f := range loadCorpus(t) {
		it, _, err := st.SaveItem(f.item())
		if err != nil {
			t.Fatal(err)
		}
		env.keyOf[it.ID] = f.Key
		env.idOf[f.Key] = it.ID
	}
	ix, err := Open(dir, st, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	env.ix = ix
	return env
}

func testOptions() Options {
	return Options{
		Clock:    func() time.Time { return testNow },
		Location: time.FixedZone("UTC+5", 5*3600),
		Logger:   slog.New(slog.DiscardHandler),
	}
}

// keys lists the fixture keys of hits, related items after their hit.
func (e *fixtureEnv) keys(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, e.keyOf[h.Item.ID])
		for _, r := range h.Related {
			out = append(out, e.keyOf[r.ID]+"(folded)")
		}
	}
	return out
}

// relevanceCase is one line of testdata/queries.tsv.
type relevanceCase struct {
	lang  string
	query string
	want  []string
	note  string
}

func loadQueries(tb testing.TB) []relevanceCase {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "queries.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []relevanceCase
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			tb.Fatalf("bad line %q", line)
		}
		c := relevanceCase{lang: f[0], query: f[1], want: strings.Split(f[2], ",")}
		if len(f) > 3 {
			c.note = f[3]
		}
		out = append(out, c)
	}
	return out
}

// memItems is an in-memory Items: the store interface without bbolt, for
// tests that need to control it (missing items, failures) and for the big
// benchmark corpus.
type memItems struct {
	mu    sync.Mutex
	items []store.Item // by id order; items[i].ID == i+1 unless deleted
	gone  map[uint64]bool
	meta  map[string]int64
}

func newMemItems() *memItems { return &memItems{gone: map[uint64]bool{}, meta: map[string]int64{}} }

func (m *memItems) add(it store.Item) store.Item {
	m.mu.Lock()
	defer m.mu.Unlock()
	it.ID = uint64(len(m.items) + 1)
	m.items = append(m.items, it)
	return it
}

func (m *memItems) EachItemAfter(after uint64, fn func(store.Item) error) error {
	m.mu.Lock()
	snapshot := m.items
	m.mu.Unlock()
	for _, it := range snapshot {
		if it.ID <= after {
			continue
		}
		if err := fn(it); err != nil {
			return fmt.Errorf("mem: items after %d: %w", after, err)
		}
	}
	return nil
}

func (m *memItems) Item(id uint64) (store.Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id == 0 || id > uint64(len(m.items)) || m.gone[id] {
		return store.Item{}, fmt.Errorf("mem: item %d: %w", id, store.ErrNotFound)
	}
	return m.items[id-1], nil
}

func (m *memItems) MetaInt(key string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.meta[key], nil
}

func (m *memItems) SetMetaInt(key string, v int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.meta[key] = v
	return nil
}
