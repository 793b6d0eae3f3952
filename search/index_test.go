package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

func mustSearch(t *testing.T, ix *Index, q string, o Query) Results {
	t.Helper()
	res, err := ix.Search(context.Background(), q, o)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

func hitIDs(res Results) []uint64 {
	var out []uint64
	for _, h := range res.Hits {
		out = append(out, h.Item.ID)
	}
	return out
}

func newItem(url, lang, title, body string, pub time.Time) store.Item {
	return store.Item{URL: url, Source: "Test", Lang: lang, Title: title, Body: body, Published: pub}
}

func TestOpenFillsAndCatchUp(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenDir(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pub := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, title := range []string{"Курултай созван", "Мажилис распущен"} {
		if _, _, err := st.SaveItem(newItem("https://t/"+title, "ru", title, "", pub)); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(dir, st, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Fatalf("after open: %d docs, want 2", n)
	}
	if last, _ := st.MetaInt(MetaLastID); last != 2 {
		t.Errorf("meta last id = %d, want 2", last)
	}

	// The store gets an item, then the process dies before CatchUp.
	it, _, err := st.SaveItem(newItem("https://t/3", "ru", "Сенат упразднен", "", pub))
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, st, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if res := mustSearch(t, ix, "Сенат", Query{}); res.Total != 0 {
		t.Fatalf("reopened index already has the new item: %d", res.Total)
	}
	n, err := ix.CatchUp(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("catch up: %d, %v; want 1", n, err)
	}
	if res := mustSearch(t, ix, "Сенат", Query{}); !slices.Equal(hitIDs(res), []uint64{it.ID}) {
		t.Errorf("after catch up: %v", hitIDs(res))
	}
	if n, err := ix.CatchUp(context.Background()); n != 0 || err != nil {
		t.Errorf("second catch up: %d, %v", n, err)
	}

	// The store's counter fell behind the index (the crash came between the
	// index batch and the meta write): items are indexed again, not twice.
	if err := st.SetMetaInt(MetaLastID, 1); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.CatchUp(context.Background()); n != 2 || err != nil {
		t.Errorf("catch up after lost meta: %d, %v; want 2", n, err)
	}
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("%d docs, want 3", n)
	}
}

func TestCatchUpBatches(t *testing.T) {
	items := newMemItems()
	for i := range 23 {
		items.add(newItem("https://t/"+string(rune('a'+i)), "ru", "Курултай", "", time.Date(2026, 3, 1, i, 0, 0, 0, time.UTC)))
	}
	opts := testOptions()
	opts.BatchSize = 5
	ix, err := Open(t.TempDir(), items, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 23 {
		t.Errorf("%d docs, want 23", n)
	}
	if items.meta[MetaLastID] != 23 {
		t.Errorf("last id %d", items.meta[MetaLastID])
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	items.add(newItem("https://t/late", "ru", "Курултай", "", time.Now()))
	if _, err := ix.CatchUp(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled catch up: %v", err)
	}
}

func TestUpdateReindexesEditedItems(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenDir(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	orig := newItem("https://t/1", "ru", "Мажилис собрался", "Депутаты обсудили бюджет.", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if _, _, err := st.SaveItem(orig); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, st, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	edited := orig
	edited.Body = "Депутаты обсудили проект Конституции."
	it, res, err := st.SaveItem(edited)
	if err != nil || res != store.Updated {
		t.Fatalf("save: %v %v", res, err)
	}
	if err := ix.Update(context.Background(), []store.Item{it}); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, ix, "бюджет", Query{}); r.Total != 0 {
		t.Errorf("old text still found")
	}
	if r := mustSearch(t, ix, "Конституции", Query{}); r.Total != 1 {
		t.Errorf("new text not found")
	}
	if err := ix.Update(context.Background(), []store.Item{{URL: "x"}}); err == nil {
		t.Error("item without id accepted")
	}
}

func TestReindex(t *testing.T) {
	env := newFixtureEnv(t)
	before := mustSearch(t, env.ix, "курултай", Query{Limit: 10})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var searchErr error
	wg.Add(1)
	go func() { // searches keep working while the index is rebuilt
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := env.ix.Search(context.Background(), "Конституция", Query{}); err != nil {
				searchErr = err
				return
			}
		}
	}()
	n, err := env.ix.Reindex(context.Background())
	close(stop)
	wg.Wait()
	if err != nil || n != len(env.keyOf) {
		t.Fatalf("reindex: %d, %v; want %d", n, err, len(env.keyOf))
	}
	if searchErr != nil {
		t.Errorf("search during reindex: %v", searchErr)
	}
	after := mustSearch(t, env.ix, "курултай", Query{Limit: 10})
	if !slices.Equal(hitIDs(before), hitIDs(after)) {
		t.Errorf("results changed: %v -> %v", hitIDs(before), hitIDs(after))
	}
	if _, err := os.Stat(filepath.Join(env.dir, IndexDirName+".new")); !os.IsNotExist(err) {
		t.Errorf("temporary index left behind: %v", err)
	}
	// the rebuilt index is the one the store knows: reopening keeps it
	if err := env.ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(env.dir, env.st, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if last, _ := env.st.MetaInt(MetaLastID); last != int64(len(env.keyOf)) {
		t.Errorf("last id %d", last)
	}
	if _, err := ix.Reindex(canceledCtx()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled reindex: %v", err)
	}
	if r := mustSearch(t, ix, "курултай", Query{Limit: 10}); !slices.Equal(hitIDs(r), hitIDs(before)) {
		t.Errorf("after a cancelled reindex: %v", hitIDs(r))
	}
	if last, _ := env.st.MetaInt(MetaLastID); last != int64(len(env.keyOf)) {
		t.Errorf("cancelled reindex left last id %d", last)
	}
}

func canceledCtx() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestOpenRebuilds(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir string, items *memItems)
	}{
		{"missing", func(t *testing.T, dir string, _ *memItems) {
			if err := os.RemoveAll(filepath.Join(dir, IndexDirName)); err != nil {
				t.Fatal(err)
			}
		}},
		{"unreadable", func(t *testing.T, dir string, _ *memItems) {
			p := filepath.Join(dir, IndexDirName)
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(p, 0o750); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(p, "index_meta.json"), []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"another store", func(t *testing.T, _ string, items *memItems) {
			items.meta[MetaGeneration] = 42
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			items := newMemItems()
			items.add(newItem("https://t/1", "kk", "Құрылтай сайлауы", "", time.Now()))
			ix, err := Open(dir, items, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			items.add(newItem("https://t/2", "kk", "Құрылтай отырысы", "", time.Now()))
			tt.break_(t, dir, items)
			ix, err = Open(dir, items, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if n, _ := ix.Count(); n != 2 {
				t.Errorf("rebuilt index has %d docs, want 2", n)
			}
			if items.meta[MetaGeneration] == 42 || items.meta[MetaGeneration] == 0 {
				t.Errorf("generation not renewed: %d", items.meta[MetaGeneration])
			}
		})
	}
}

func TestSearchSkipsItemsGoneFromStore(t *testing.T) {
	items := newMemItems()
	pub := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a := items.add(newItem("https://t/1", "ru", "Курултай", "первый", pub))
	b := items.add(newItem("https://t/2", "ru", "Курултай", "второй", pub.Add(time.Hour)))
	ix, err := Open(t.TempDir(), items, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	items.gone[b.ID] = true // a store restored from an older backup
	res := mustSearch(t, ix, "курултай", Query{})
	if !slices.Equal(hitIDs(res), []uint64{a.ID}) || res.Total != 1 {
		t.Errorf("hits %v total %d", hitIDs(res), res.Total)
	}
}

func TestClosed(t *testing.T) {
	ix, err := Open(t.TempDir(), newMemItems(), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if _, err := ix.Search(context.Background(), "курултай", Query{}); err == nil {
		t.Error("search on a closed index")
	}
	if _, err := ix.CatchUp(context.Background()); err == nil {
		t.Error("catch up on a closed index")
	}
	if _, err := Open(t.TempDir(), nil, Options{}); err == nil {
		t.Error("nil items accepted")
	}
}
