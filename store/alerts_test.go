package store

import (
	"fmt"
	"path/filepath"
	"testing"
)

// The alert mark starts at the last item stored before the first start; a pass takes the
// items after it with a part number of its own; a pass begun and not ended (a kill) is
// given again, the same items and part, with its tries counted; ending it moves the mark.
func TestAlertPasses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	save := func(n int) {
		t.Helper()
		for i := 0; i < n; i++ {
			if _, _, err := st.SaveItem(Item{URL: fmt.Sprintf("https://e.kz/%s/%d", t.Name(), lastID(t, st)+1), Title: "t"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	save(3) // history: stored before alerts existed
	if err := st.MarkAlertsFrom(); err != nil {
		t.Fatal(err)
	}
	if p, err := st.BeginAlertPass("2026-03-16"); err != nil || !p.Empty() {
		t.Fatalf("nothing new: pass %+v, %v", p, err)
	}
	save(2)
	p, err := st.BeginAlertPass("2026-03-16")
	if err != nil || p.After != 3 || p.Upto != 5 || p.Part != 0 || p.Tries != 1 {
		t.Fatalf("first pass %+v, %v; want items 4-5, part 0", p, err)
	}
	// A kill: the store is reopened and the pass is still under way.
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err = Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.MarkAlertsFrom(); err != nil { // a mark is set once only
		t.Fatal(err)
	}
	save(1)
	again, err := st.BeginAlertPass("2026-03-17")
	if err != nil || again.After != 3 || again.Upto != 5 || again.Part != 0 || again.Date != "2026-03-16" || again.Tries != 2 {
		t.Fatalf("resumed pass %+v, %v; want the first one again, tried twice", again, err)
	}
	if err := st.EndAlertPass(again); err != nil {
		t.Fatal(err)
	}
	next, err := st.BeginAlertPass("2026-03-16")
	if err != nil || next.After != 5 || next.Upto != 6 || next.Part != 1 || next.Tries != 1 {
		t.Fatalf("next pass %+v, %v; want item 6, part 1", next, err)
	}
}

func lastID(t *testing.T, st *Store) uint64 {
	t.Helper()
	var last uint64
	if err := st.EachItemAfter(0, func(it Item) error { last = it.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	return last
}
