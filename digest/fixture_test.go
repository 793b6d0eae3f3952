package digest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// fixtureStore loads testdata/stories.json into a real store.
func fixtureStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, f := range loadFixture(t) {
		it := f.Item
		it.ID = 0
		if _, _, err := st.SaveItem(it); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func buildFixtureDay(t testing.TB, date string, opts Options) *Digest {
	t.Helper()
	loc := almatyLoc(t)
	opts.Location = loc
	if opts.Clock == nil {
		opts.Clock = fixedClock(time.Date(2026, 3, 20, 12, 0, 0, 0, loc))
	}
	d, err := New(opts).BuildDay(context.Background(), fixtureStore(t), date)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestFixtureDigestShow(t *testing.T) {
	for _, date := range []string{"2026-03-03", "2026-03-11"} {
		d := buildFixtureDay(t, date, Options{MaxStories: 5})
		for _, l := range []string{LangKK, LangRU} {
			for i, m := range d.HTML(l) {
				if err := checkTelegramHTML(m); err != nil {
					t.Errorf("%s %s message %d: %v", date, l, i, err)
				}
			}
			t.Logf("%s %s:\n%s", date, l, d.Text(l))
		}
	}
}
