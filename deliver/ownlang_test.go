package deliver

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// A reader who asked for their language only gets the record's own-language rendering, the
// others the full one; a reader of both languages gets the full ones whatever the setting.
func TestOwnLanguageRenderingDelivered(t *testing.T) {
	st := openStore(t)
	api := &fakeAPI{}
	d := newDeliverer(t, st, api, Options{})
	addSubs(t, st, sub{id: 1, lang: "kk", active: true}, sub{id: 2, lang: "kk", active: true}, sub{id: 3, lang: "both", active: true})
	for _, id := range []int64{1, 3} {
		if _, err := st.UpdateSubscriber(id, func(s *store.Subscriber, _ bool) error { s.OnlyMyLang = true; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	rec := testDigest(testDate)
	own := "<b>Күнделікті шолу, " + testDate + "</b>\n<i>Тек орыс тілінде болған 1 оқиға жасырылды.</i>"
	rec.HTMLOwn, rec.Hidden = map[string][]string{"kk": {own}}, map[string]int{"kk": 1}
	putDigest(t, st, rec)
	n, err := d.Enqueue(context.Background(), rec, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1+2+3 {
		t.Errorf("%d jobs, want 6 (own: 1 part; full kk: 2; both: 3)", n)
	}
	running(t, d)
	if c := waitSettled(t, d, testDate, 10*time.Second); c[store.JobSent] != n {
		t.Fatalf("states %v", c)
	}
	if got := api.delivered(1); !slices.Equal(got, []string{own}) {
		t.Errorf("own-language reader got %q", got)
	}
	if got := api.delivered(2); !slices.Equal(got, want("kk")) {
		t.Errorf("kk reader got %q", got)
	}
	if got := api.delivered(3); !slices.Equal(got, want("both")) {
		t.Errorf("reader of both got %q", got)
	}
	// Enqueueing again sends nothing twice.
	if n, err := d.Enqueue(context.Background(), rec, testNow); err != nil || n != 0 {
		t.Errorf("second enqueue: %d jobs, %v", n, err)
	}
}
