package deliver

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// A subscriber who changes their settings after the day's digest was queued, before their
// delivery time, gets it as they now want it: another language, another time. One whose
// delivery has begun keeps the day as queued.
func TestRequeueAfterSettingsChange(t *testing.T) {
	st := openStore(t)
	now := testNow // 21:00 on testDate
	var mu syncClock
	mu.set(now)
	api := &fakeAPI{}
	d := newDeliverer(t, st, api, Options{Clock: mu.now})
	// Chat 1 reads Kazakh at 08:00 tomorrow; chat 2 Russian at once.
	prepare(t, st, d, sub{id: 1, lang: "kk", time: "08:00", active: true}, sub{id: 2, lang: "ru", active: true})
	running(t, d)
	waitFor(t, func() bool { return len(api.delivered(2)) == 1 })

	// Chat 1 switches to Russian at 09:30, chat 2 to Kazakh (its digest is out already).
	for id, lang := range map[int64]string{1: "ru", 2: "kk"} {
		if _, err := st.UpdateSubscriber(id, func(s *store.Subscriber, _ bool) error {
			s.Lang = lang
			if id == 1 {
				s.Time = "09:30"
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := d.Requeue(context.Background(), 1); n != 1 || err != nil {
		t.Fatalf("Requeue(1) = %d, %v; want the one day", n, err)
	}
	if n, err := d.Requeue(context.Background(), 2); n != 0 || err != nil {
		t.Fatalf("Requeue(2) = %d, %v; want none: its digest went out", n, err)
	}
	jobs, err := st.ChatJobs(testDate, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantDue := time.Date(2026, 3, 4, 9, 30, 0, 0, almaty)
	if len(jobs) != 1 || jobs[0].Lang != "ru" || !jobs[0].Due.Equal(wantDue) {
		t.Fatalf("chat 1's jobs after the change: %+v; want one Russian part due %s", jobs, wantDue)
	}
	d.Wake()
	time.Sleep(100 * time.Millisecond)
	if got := api.delivered(1); len(got) != 0 {
		t.Fatalf("chat 1 got %q before its new time", got)
	}
	mu.set(wantDue.Add(time.Minute))
	d.Wake()
	waitFor(t, func() bool { return len(api.delivered(1)) == 1 })
	if got := api.delivered(1); !slices.Equal(got, want("ru")) {
		t.Errorf("chat 1 got %q, want the Russian digest", got)
	}
	if got := api.delivered(2); !slices.Equal(got, want("ru")) {
		t.Errorf("chat 2 got %q, want only the Russian digest it had already", got)
	}
}

// syncClock is a clock the test moves while the deliverer reads it.
type syncClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *syncClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *syncClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5 s")
		}
	}
}
