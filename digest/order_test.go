package digest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// The same items make the same digest whatever order the collector stored them in and
// whatever ids it gave them: feeds are read concurrently, and many outlets give only a date,
// so items of one day often share a publication time.
func TestBuildIgnoresStorageOrder(t *testing.T) {
	var base []store.Item
	for _, f := range loadFixture(t) {
		if strings.HasPrefix(f.Published.Format(time.DateOnly), "2026-03-1") {
			it := f.Item
			it.Published = time.Date(it.Published.Year(), it.Published.Month(), it.Published.Day(), 0, 0, 0, 0, it.Published.Location())
			base = append(base, it)
		}
	}
	render := func(items []store.Item) string {
		b := New(Options{MaxStories: 50, Clock: fixedClock(time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC))})
		var out []string
		for _, date := range []string{"2026-03-10", "2026-03-11", "2026-03-12"} {
			d, err := b.BuildDay(context.Background(), &fakeSource{items: items, digests: map[string]store.DigestRecord{}}, date)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range append(d.Stories, d.Also...) {
				var urls []string
				for _, m := range s.Members {
					urls = append(urls, m.URL)
				}
				slices.Sort(urls)
				out = append(out, fmt.Sprintf("%s %s %v", date, s.ID, urls))
			}
		}
		slices.Sort(out)
		return strings.Join(out, "\n")
	}
	want := render(base)
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 5 {
		items := slices.Clone(base)
		rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		for i := range items {
			items[i].ID = uint64(1000 + rng.IntN(1000)*10 + i)
		}
		if got := render(items); got != want {
			t.Fatalf("round %d: another storage order gave other stories:\n%s\nwant:\n%s", round, got, want)
		}
	}
}
