package deliver

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// Follow alerts go through the outbox: stored before anything is sent, so they survive a
// restart; sent once each, in the digest lane; a later pass of the same day adds new jobs
// beside the earlier ones; digest progress does not count them.
func TestAlertsThroughOutbox(t *testing.T) {
	st := openStore(t)
	addSubs(t, st, sub{id: 1, lang: "ru", active: true}, sub{id: 2, lang: "kk", active: true}, sub{id: 3, lang: "kk", active: false})
	ctx := context.Background()
	first := newDeliverer(t, st, &fakeAPI{}, Options{})
	n, err := first.EnqueueAlerts(ctx, testDate, 0, []botapi.Message{
		{ChatID: 1, Text: "alert one"}, {ChatID: 2, Text: "alert two"}, {ChatID: 3, Text: "alert three"},
	})
	if err != nil || n != 3 {
		t.Fatalf("EnqueueAlerts: %d, %v; want 3 jobs", n, err)
	}
	// Nothing ran: a restart (another Deliverer on the same store) sends them.
	api := &fakeAPI{}
	d := newDeliverer(t, st, api, Options{})
	stop := running(t, d)
	waitAlerts(t, st, 3)
	if _, err := d.EnqueueAlerts(ctx, testDate, 1, []botapi.Message{{ChatID: 1, Text: "alert four"}}); err != nil {
		t.Fatal(err)
	}
	waitAlerts(t, st, 4)
	stop()
	if got := api.delivered(1); !slices.Equal(got, []string{"alert one", "alert four"}) {
		t.Errorf("chat 1 got %q, want both of its alerts once, in order", got)
	}
	if got := api.delivered(2); !slices.Equal(got, []string{"alert two"}) {
		t.Errorf("chat 2 got %q", got)
	}
	if got := api.delivered(3); len(got) != 0 {
		t.Errorf("inactive chat 3 got %q", got)
	}
	counts, err := st.JobCounts(testDate)
	if err != nil || len(counts) != 0 {
		t.Errorf("digest progress %v (%v): alerts are not digest jobs", counts, err)
	}
	// A second run sends nothing again.
	api2 := &fakeAPI{}
	d2 := newDeliverer(t, st, api2, Options{})
	running(t, d2)
	time.Sleep(100 * time.Millisecond)
	if len(api2.calls) != 0 {
		t.Errorf("a restart resent %d alerts", len(api2.calls))
	}
}

// waitAlerts waits until n alert jobs of testDate are finished.
func waitAlerts(t *testing.T, st *store.Store, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		done := 0
		for _, chat := range []int64{1, 2, 3} {
			jobs, err := st.ChatJobs(testDate, chat)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range jobs {
				if j.Lang == store.AlertLang && (j.State == store.JobSent || j.State == store.JobFailed) {
					done++
				}
			}
		}
		if done >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d alert jobs finished after 5 s", done, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// An alert queued in the middle of a broadcast goes out ahead of the digest messages still
// waiting, whatever its chat's place in the outbox: it is due within seconds of its pass.
func TestAlertAheadOfBroadcast(t *testing.T) {
	st := openStore(t)
	var subs []sub
	for i := range 200 {
		subs = append(subs, sub{id: int64(i + 1), lang: "ru", active: true})
	}
	api := &fakeAPI{}
	// 100/s: the 200 digest messages take two seconds.
	d := New(st, api, NewLimiter(Rates{GlobalPerSecond: 100, PerChatPerSecond: 1000}),
		Options{Workers: 4, Location: almaty, Clock: func() time.Time { return testNow }})
	prepare(t, st, d, subs...)
	running(t, d)
	for {
		api.mu.Lock()
		n := len(api.calls)
		api.mu.Unlock()
		if n >= 20 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := d.EnqueueAlerts(context.Background(), testDate, 0, []botapi.Message{{ChatID: 200, Text: "alert for the last chat"}}); err != nil {
		t.Fatal(err)
	}
	api.mu.Lock()
	queuedAt := len(api.calls)
	api.mu.Unlock()
	waitSettled(t, d, testDate, 10*time.Second)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if j := jobOf(t, st, 200, store.AlertLang, 0); j.State == store.JobSent {
			break
		}
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	at := -1
	for i, c := range api.calls {
		if c.Text == "alert for the last chat" {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("the alert was not sent")
	}
	if at-queuedAt > 20 {
		t.Errorf("the alert went out %d messages after it was queued (of %d waiting), want it ahead of the broadcast", at-queuedAt, len(api.calls)-queuedAt)
	}
}

// A pass run again after a kill queues its alerts under the part it began with: a chat's
// alert of that part, already queued or sent, is not queued a second time.
func TestAlertPartQueuedOnce(t *testing.T) {
	st := openStore(t)
	addSubs(t, st, sub{id: 1, lang: "ru", active: true}, sub{id: 2, lang: "ru", active: true})
	ctx := context.Background()
	d := newDeliverer(t, st, &fakeAPI{}, Options{})
	if n, err := d.EnqueueAlerts(ctx, testDate, 3, []botapi.Message{{ChatID: 1, Text: "alert"}}); err != nil || n != 1 {
		t.Fatalf("first run: %d, %v", n, err)
	}
	n, err := d.EnqueueAlerts(ctx, testDate, 3, []botapi.Message{{ChatID: 1, Text: "alert"}, {ChatID: 2, Text: "alert"}})
	if err != nil || n != 1 {
		t.Fatalf("the run again queued %d (%v), want only chat 2's", n, err)
	}
	api := &fakeAPI{}
	running(t, newDeliverer(t, st, api, Options{}))
	waitAlerts(t, st, 2)
	if got := api.delivered(1); len(got) != 1 {
		t.Errorf("chat 1 got %q, want its alert once", got)
	}
}
