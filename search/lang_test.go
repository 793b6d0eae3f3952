package search

import (
	"context"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// An item the collector found to be in neither Kazakh nor Russian is never found: not by
// an exact word of its title, not by a follow, whether it came in through CatchUp, Update
// or Reindex. Items of the same shape in kk, or stored before languages were decided, are.
func TestOtherLanguageItemsNotIndexed(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenDir(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := Open(dir, st, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	pub := testNow.Add(-2 * time.Hour)
	tests := []struct {
		name, lang, code, title, query string
		found                          bool
	}{
		{"kyrgyz", "other", "ky", "Бишкекте референдумдун жыйынтыктары талкууланды", "талкууланды", false},
		{"uzbek", "other", "uz", "Тошкентда сайловчилар фаоллиги муҳокама қилинди", "муҳокама", false},
		{"kazakh", "kk", "", "Көкшетауда бюллетеньдер таратылды", "таратылды", true},
		{"russian", "ru", "", "В Кокшетау раздали бюллетени", "раздали", true},
		// Stored before the collector decided languages: indexed as before.
		{"undecided", "", "", "Жогорку Кеңештин депутаттары жолугушту", "жолугушту", true},
		// Last, so that the progress mark must move past a skipped item.
		{"english", "other", "en", "Observers praise the turnout in Kazakhstan", "observers", false},
	}
	items := make([]store.Item, len(tests))
	for i, tt := range tests {
		it, _, err := st.SaveItem(store.Item{URL: "https://example.test/" + tt.name, Source: "Test", Lang: tt.lang,
			LangCode: tt.code, Title: tt.title, Body: tt.title + ".", Published: pub})
		if err != nil {
			t.Fatal(err)
		}
		items[i] = it
	}
	ctx := context.Background()
	check := func(t *testing.T, stage string) {
		t.Helper()
		for i, tt := range tests {
			res, err := ix.Search(ctx, tt.query, Query{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, h := range res.Hits {
				found = found || h.Item.ID == items[i].ID
			}
			if found != tt.found {
				t.Errorf("%s: %s: search %q found it = %v, want %v", stage, tt.name, tt.query, found, tt.found)
			}
			// A follow of the same word: the alert path.
			matched, err := ix.Match(ctx, tt.query, items)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(matched) == 1 && matched[0].ID == items[i].ID; got != tt.found {
				t.Errorf("%s: %s: follow %q matched %d items, want it matched = %v", stage, tt.name, tt.query, len(matched), tt.found)
			}
		}
		if n, err := ix.Count(); err != nil || n != 3 {
			t.Errorf("%s: %d items indexed (%v), want the 3 kk, ru and undecided ones", stage, n, err)
		}
	}

	if _, err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	check(t, "catch-up")
	// The progress mark moved past the skipped items: nothing is left to catch up.
	if last, err := st.MetaInt(MetaLastID); err != nil || uint64(last) != items[len(items)-1].ID {
		t.Errorf("last indexed id = %d (%v), want %d", last, err, items[len(items)-1].ID)
	}
	// An edit of every item goes through Update, as after a collection pass.
	if err := ix.Update(ctx, items); err != nil {
		t.Fatal(err)
	}
	check(t, "update")
	if _, err := ix.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	check(t, "reindex")
}
