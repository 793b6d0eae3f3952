package service

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/refdigest/refdigest/collect"
	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/store"
)

// noCollector is a Collector that collects nothing.
type noCollector struct{}

func (noCollector) Run(context.Context) ([]collect.Result, error) { return nil, nil }

func TestBackupKeepsN(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := st.SaveItem(store.Item{URL: "https://e.kz/1", Title: "kept"}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	day := time.Date(2026, 3, 1, 4, 10, 0, 0, time.UTC)
	s := New(st, noCollector{}, digest.New(digest.Options{}), time.UTC, Options{
		BackupDir: dir, BackupKeep: 3, Clock: func() time.Time { return day },
	})
	for i := 0; i < 5; i++ {
		if _, err := s.Backup(); err != nil {
			t.Fatal(err)
		}
		day = day.AddDate(0, 0, 1)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.db"))
	sort.Strings(names)
	var base []string
	for _, n := range names {
		base = append(base, filepath.Base(n))
	}
	want := []string{"refdigest-2026-03-03.db", "refdigest-2026-03-04.db", "refdigest-2026-03-05.db"}
	if len(base) != 3 || base[0] != want[0] || base[2] != want[2] {
		t.Fatalf("backups = %v, want %v", base, want)
	}
	cp, err := store.Open(names[2], store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if it, err := cp.ItemByURL("https://e.kz/1"); err != nil || it.Title != "kept" {
		t.Fatalf("backup content: %+v, %v", it, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Fatalf("stray files in the backup dir: %d entries", len(entries))
	}
}

func TestBackupNeedsDir(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := New(st, noCollector{}, digest.New(digest.Options{}), time.UTC, Options{})
	if _, err := s.Backup(); err == nil {
		t.Fatal("backup without a directory: want an error")
	}
}

func TestSendDigestEmptyDaySendsNothing(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	enq := &countingEnqueuer{}
	s := New(st, noCollector{}, digest.New(digest.Options{}), time.UTC, Options{Deliver: enq})
	items, queued, err := s.SendDigest(context.Background(), "2026-03-01")
	if err != nil || items != 0 || queued != 0 || enq.calls != 0 {
		t.Fatalf("empty day: items %d queued %d err %v enqueue calls %d", items, queued, err, enq.calls)
	}
}

type countingEnqueuer struct{ calls int }

func (c *countingEnqueuer) Enqueue(context.Context, store.DigestRecord, time.Time) (int, error) {
	c.calls++
	return 1, nil
}
func (c *countingEnqueuer) Forget(string) {}

// scriptedCollector returns its passes' results in turn.
type scriptedCollector struct{ passes [][]collect.Result }

func (c *scriptedCollector) Run(context.Context) ([]collect.Result, error) {
	r := c.passes[0]
	c.passes = c.passes[1:]
	return r, nil
}

func TestCollectHealth(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	down := errors.New("dial tcp: network is unreachable")
	col := &scriptedCollector{passes: [][]collect.Result{
		{{Source: "A", Err: down}, {Source: "B", New: 1}},    // one site down: fine
		{{Source: "A", Err: down}, {Source: "B", Err: down}}, // all down: failing
		{{Source: "A", Err: down}, {Source: "B", Err: down}}, // still failing: same start
		{{Source: "A", NotModified: true}, {Source: "B", Err: down}},
	}}
	s := New(st, col, digest.New(digest.Options{}), time.UTC, Options{})
	pass := func() (time.Time, error) {
		if _, err := s.CollectResults(context.Background()); err != nil {
			t.Fatal(err)
		}
		return s.CollectHealth()
	}
	if since, _ := pass(); !since.IsZero() {
		t.Fatal("one failing source made collection unhealthy")
	}
	first, err := pass()
	if first.IsZero() || !errors.Is(err, down) {
		t.Fatalf("all sources down: since %v, err %v", first, err)
	}
	if again, _ := pass(); !again.Equal(first) {
		t.Fatalf("the streak restarted: %v then %v", first, again)
	}
	if since, err := pass(); !since.IsZero() || err != nil {
		t.Fatalf("a good pass did not end the streak: %v %v", since, err)
	}
}
