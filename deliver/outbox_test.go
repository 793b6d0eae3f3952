package deliver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// newDeliverer makes a Deliverer for unit tests: fast limits, a fixed clock inside
// testDate, a short backoff.
func newDeliverer(t testing.TB, st *store.Store, api API, opts Options) *Deliverer {
	t.Helper()
	lim := NewLimiter(Rates{GlobalPerSecond: 2000, PerChatPerSecond: 1000, GroupPerMinute: 60000})
	if opts.Location == nil {
		opts.Location = almaty
	}
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return testNow }
	}
	if opts.Backoff == 0 {
		opts.Backoff = 5 * time.Millisecond
	}
	if opts.Workers == 0 {
		opts.Workers = 8
	}
	return New(st, api, lim, opts)
}

func putDigest(t testing.TB, st *store.Store, rec store.DigestRecord) {
	t.Helper()
	if err := st.PutDigest(rec); err != nil {
		t.Fatal(err)
	}
}

// prepare stores subscribers and testDate's digest and queues it.
func prepare(t testing.TB, st *store.Store, d *Deliverer, subs ...sub) int {
	t.Helper()
	addSubs(t, st, subs...)
	rec := testDigest(testDate)
	putDigest(t, st, rec)
	n, err := d.Enqueue(context.Background(), rec, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// want is what a subscriber with digest language lang receives from testDigest, in order.
func want(lang string) []string {
	rec := testDigest(testDate)
	var out []string
	for _, l := range Langs(lang) {
		out = append(out, rec.HTML[l]...)
	}
	return out
}

func TestLangs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{{"kk", []string{"kk"}}, {"ru", []string{"ru"}}, {"both", []string{"kk", "ru"}}, {"", []string{"kk", "ru"}}}
	for _, tt := range tests {
		if got := Langs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Langs(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDueAt(t *testing.T) {
	built := time.Date(2026, 3, 3, 21, 0, 0, 0, almaty)
	tests := []struct {
		hhmm string
		want time.Time
	}{
		{"", time.Time{}},
		{"07:30", time.Date(2026, 3, 4, 7, 30, 0, 0, almaty)},
		{"22:15", time.Date(2026, 3, 3, 22, 15, 0, 0, almaty)},
		{"21:00", built},
		{"25:00", time.Time{}},
		{"7h", time.Time{}},
	}
	for _, tt := range tests {
		// built given in UTC: the delivery time is local all the same.
		if got := DueAt(tt.hhmm, built.UTC(), almaty); !got.Equal(tt.want) {
			t.Errorf("DueAt(%q) = %v, want %v", tt.hhmm, got, tt.want)
		}
	}
}

func TestEnqueue(t *testing.T) {
	st := openStore(t)
	d := newDeliverer(t, st, &fakeAPI{}, Options{Channels: []int64{-1001000000500}})
	n := prepare(t, st, d,
		sub{id: 1, lang: "kk", active: true},
		sub{id: 2, lang: "ru", active: true},
		sub{id: 3, lang: "both", active: true},
		sub{id: 4, lang: "kk", active: false},
		sub{id: 5, lang: "ru", time: "07:30", active: true},
		sub{id: -10, lang: "both", active: true},
	)
	// kk has two parts, ru one: 2 + 1 + 3 + 0 + 1 + 3, and the channel 3.
	if n != 13 {
		t.Errorf("Enqueue queued %d jobs, want 13", n)
	}
	jobs, _, err := st.Jobs(testDate, store.JobPending, farFuture(), nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	for _, j := range jobs {
		got[fmt.Sprintf("%d/%s/%d", j.ChatID, j.Lang, j.Part)] = j.Due
	}
	wantKeys := []string{"1/kk/0", "1/kk/1", "2/ru/0", "3/kk/0", "3/kk/1", "3/ru/0", "5/ru/0",
		"-10/kk/0", "-10/kk/1", "-10/ru/0", "-1001000000500/kk/0", "-1001000000500/kk/1", "-1001000000500/ru/0"}
	for _, k := range wantKeys {
		if _, ok := got[k]; !ok {
			t.Errorf("no job %s", k)
		}
	}
	if len(got) != len(wantKeys) {
		t.Errorf("%d jobs, want %d: %v", len(got), len(wantKeys), got)
	}
	if due := got["5/ru/0"]; !due.Equal(time.Date(2026, 3, 4, 7, 30, 0, 0, almaty)) {
		t.Errorf("subscriber with /time 07:30 is due %v, want 07:30 next morning", due)
	}
	if due := got["1/kk/0"]; !due.IsZero() {
		t.Errorf("subscriber without /time is due %v, want at once", due)
	}
	again, err := d.Enqueue(context.Background(), testDigest(testDate), testNow)
	if err != nil || again != 0 {
		t.Errorf("second Enqueue = %d, %v; want 0 new jobs", again, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Enqueue(ctx, testDigest("2026-03-02"), testNow); !errors.Is(err, context.Canceled) {
		t.Errorf("Enqueue with a cancelled context: err = %v, want context.Canceled", err)
	}
}

func TestDeliverAllInOrder(t *testing.T) {
	st := openStore(t)
	api := &fakeAPI{}
	d := newDeliverer(t, st, api, Options{})
	subs := []sub{{id: 1, lang: "kk", active: true}, {id: 2, lang: "ru", active: true},
		{id: 3, lang: "both", active: true}, {id: -10, lang: "both", active: true}}
	total := prepare(t, st, d, subs...)
	running(t, d)
	counts := waitSettled(t, d, testDate, 10*time.Second)
	if counts[store.JobSent] != total || counts[store.JobFailed] != 0 {
		t.Errorf("progress %v, want %d sent", counts, total)
	}
	for _, s := range subs {
		if got := api.delivered(s.id); !slices.Equal(got, want(s.lang)) {
			t.Errorf("chat %d got %q, want %q", s.id, got, want(s.lang))
		}
	}
	api.mu.Lock()
	first := api.ok[0].Message
	api.mu.Unlock()
	if !first.DisablePreview || !strings.HasPrefix(first.ID, "digest "+testDate+" ") {
		t.Errorf("digest message %+v: want previews off and an id naming the digest", first)
	}
	if j := jobOf(t, st, 3, "kk", 1); j.Attempts != 1 || j.LastError != "" {
		t.Errorf("sent job: attempts %d, last error %q; want 1 and none", j.Attempts, j.LastError)
	}
	if s := d.Stats(); s.Sent != int64(total) || s.Failed != 0 || s.Lost != 0 || s.RatePerSecond <= 0 {
		t.Errorf("stats %+v, want %d sent, a positive rate, nothing failed", s, total)
	}
}

// A job due later is sent when its time comes, without anything waking the loop.
func TestDeliverWhenDue(t *testing.T) {
	st := openStore(t)
	api := &fakeAPI{}
	date := time.Now().In(almaty).Format(time.DateOnly)
	d := newDeliverer(t, st, api, Options{Clock: time.Now, Scan: time.Hour})
	addSubs(t, st, sub{id: 1, lang: "ru", active: true})
	putDigest(t, st, testDigest(date))
	due := time.Now().Add(300 * time.Millisecond)
	if _, err := st.EnqueueJobs([]store.Job{{Date: date, ChatID: 1, Lang: "ru", Due: due}}); err != nil {
		t.Fatal(err)
	}
	running(t, d)
	waitSettled(t, d, date, 10*time.Second)
	api.mu.Lock()
	defer api.mu.Unlock()
	if len(api.ok) != 1 {
		t.Fatalf("%d messages sent, want 1", len(api.ok))
	}
	if api.ok[0].at.Before(due) {
		t.Errorf("sent %s before it was due", due.Sub(api.ok[0].at))
	}
}

// 403 and "chat not found" deactivate the subscriber and end the chat's jobs; a later
// /start (Active again) brings them back for the next digest.
func TestDeliverGone(t *testing.T) {
	st := openStore(t)
	var healed atomic.Bool
	api := &fakeAPI{answer: func(_ context.Context, m botapi.Message, _ int) error {
		if healed.Load() {
			return nil
		}
		switch m.ChatID {
		case 1:
			return &botapi.APIError{Code: 403, Description: "Forbidden: bot was blocked by the user"}
		case 2:
			return &botapi.APIError{Code: 400, Description: "Bad Request: chat not found"}
		case -10:
			return &botapi.APIError{Code: 403, Description: "Forbidden: bot was kicked from the group chat"}
		case 4:
			return &botapi.APIError{Code: 403, Description: "Forbidden: user is deactivated"}
		}
		return nil
	}}
	d := newDeliverer(t, st, api, Options{})
	prepare(t, st, d, sub{id: 1, lang: "kk", active: true}, sub{id: 2, lang: "ru", active: true},
		sub{id: 3, lang: "both", active: true}, sub{id: -10, lang: "both", active: true}, sub{id: 4, lang: "both", active: true})
	running(t, d)
	counts := waitSettled(t, d, testDate, 10*time.Second)
	for _, id := range []int64{1, 2, -10, 4} {
		s, err := st.Subscriber(id)
		if err != nil {
			t.Fatal(err)
		}
		if s.Active || s.InactiveReason == "" {
			t.Errorf("subscriber %d: active %v, reason %q; want inactive with the reason", id, s.Active, s.InactiveReason)
		}
		if n := api.callsTo(id); n != 1 {
			t.Errorf("chat %d was tried %d times, want once", id, n)
		}
	}
	if j := jobOf(t, st, 1, "kk", 1); j.State != store.JobFailed || !strings.Contains(j.LastError, "chat unreachable") {
		t.Errorf("blocked chat's second part: %s %q, want failed as unreachable", j.State, j.LastError)
	}
	if got := api.delivered(3); !slices.Equal(got, want("both")) {
		t.Errorf("reachable chat got %q", got)
	}
	// 2 + 1 + 3 + 3 jobs of unreachable chats.
	if counts[store.JobFailed] != 9 || d.Stats().Failed != 9 {
		t.Errorf("progress %v, stats %+v: want 9 failed", counts, d.Stats())
	}

	// /start again, and the next digest reaches them.
	addSubs(t, st, sub{id: 1, lang: "kk", active: true})
	healed.Store(true)
	rec := testDigest("2026-03-02")
	putDigest(t, st, rec)
	if _, err := d.Enqueue(context.Background(), rec, testNow); err != nil {
		t.Fatal(err)
	}
	waitSettled(t, d, rec.Date, 10*time.Second)
	if got := api.delivered(1); len(got) != 2 {
		t.Errorf("resubscribed chat got %d messages of the next digest, want 2", len(got))
	}
	if got := api.callsTo(2); got != 1 {
		t.Errorf("inactive chat was tried again (%d calls)", got)
	}
}

// A group upgraded to a supergroup is moved, and gets the whole digest under its new id; a
// configured chat that moves too.
func TestDeliverMigrated(t *testing.T) {
	const oldID, newID = int64(-10), int64(-1001000000010)
	const chanOld, chanNew = int64(-20), int64(-1001000000020)
	st := openStore(t)
	api := &fakeAPI{answer: func(_ context.Context, m botapi.Message, _ int) error {
		switch m.ChatID {
		case oldID:
			return &botapi.APIError{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateTo: newID}
		case chanOld:
			return &botapi.APIError{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateTo: chanNew}
		}
		return nil
	}}
	d := newDeliverer(t, st, api, Options{Channels: []int64{chanOld}})
	prepare(t, st, d, sub{id: oldID, lang: "both", active: true})
	running(t, d)
	waitSettled(t, d, testDate, 10*time.Second)
	if _, err := st.Subscriber(oldID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("old group id still subscribed: %v", err)
	}
	if s, err := st.Subscriber(newID); err != nil || !s.Active || s.ChatType != "supergroup" {
		t.Errorf("new supergroup: %+v, %v; want an active supergroup subscriber", s, err)
	}
	for _, id := range []int64{newID, chanNew} {
		if got := api.delivered(id); !slices.Equal(got, want("both")) {
			t.Errorf("chat %d got %q, want the whole digest", id, got)
		}
	}
	if n := api.callsTo(oldID); n != 1 {
		t.Errorf("old group id tried %d times, want once", n)
	}
	if j := jobOf(t, st, oldID, "ru", 0); j.State != store.JobFailed || !strings.Contains(j.LastError, "moved to chat") {
		t.Errorf("old group's job: %s %q, want failed as moved", j.State, j.LastError)
	}
	if s := d.Stats(); s.Moved != 6 || s.Failed != 0 {
		t.Errorf("stats %+v: want 6 moved, none failed", s)
	}
}

// 5xx and network errors are retried with backoff, then given up with the reason.
func TestDeliverTransient(t *testing.T) {
	st := openStore(t)
	var tries sync.Map
	api := &fakeAPI{answer: func(_ context.Context, m botapi.Message, _ int) error {
		n, _ := tries.LoadOrStore(m.ChatID, new(atomic.Int32))
		k := n.(*atomic.Int32).Add(1)
		switch {
		case m.ChatID == 1 && k == 1:
			return &botapi.APIError{Code: 500, Description: "Internal Server Error"}
		case m.ChatID == 1 && k == 2:
			return errors.New("read tcp 127.0.0.1:5555: connection reset by peer")
		case m.ChatID == 2:
			return &botapi.APIError{Code: 502, Description: "Bad Gateway"}
		}
		return nil
	}}
	d := newDeliverer(t, st, api, Options{MaxAttempts: 3})
	prepare(t, st, d, sub{id: 1, lang: "kk", active: true}, sub{id: 2, lang: "ru", active: true})
	running(t, d)
	waitSettled(t, d, testDate, 10*time.Second)
	if got := api.delivered(1); !slices.Equal(got, want("kk")) {
		t.Errorf("chat 1 got %q after two transient errors", got)
	}
	if j := jobOf(t, st, 1, "kk", 0); j.State != store.JobSent || j.Attempts != 3 {
		t.Errorf("retried job: %s after %d attempts, want sent after 3", j.State, j.Attempts)
	}
	j := jobOf(t, st, 2, "ru", 0)
	if j.State != store.JobFailed || !strings.Contains(j.LastError, "gave up after 3 attempts") || !strings.Contains(j.LastError, "502") {
		t.Errorf("always-failing job: %s %q, want failed with the reason", j.State, j.LastError)
	}
	if n := api.callsTo(2); n != 3 {
		t.Errorf("chat 2 tried %d times, want MaxAttempts = 3", n)
	}
	if s := d.Stats(); s.Retries != 4 || s.Failed != 1 {
		t.Errorf("stats %+v, want 4 retries and 1 failed", s)
	}
}

// A call Telegram does not answer may have been delivered: it is not sent again.
func TestDeliverTimeoutNotRetried(t *testing.T) {
	st := openStore(t)
	api := &fakeAPI{answer: func(ctx context.Context, m botapi.Message, _ int) error {
		if m.ChatID == 1 && strings.Contains(m.Text, "Күнделікті") {
			<-ctx.Done()
			return fmt.Errorf("bot: %w", ctx.Err())
		}
		return nil
	}}
	d := newDeliverer(t, st, api, Options{CallTimeout: 50 * time.Millisecond})
	prepare(t, st, d, sub{id: 1, lang: "kk", active: true})
	running(t, d)
	waitSettled(t, d, testDate, 10*time.Second)
	if n := api.callsTo(1); n != 2 {
		t.Errorf("chat 1 got %d calls, want 2 (the unanswered part once, then the next part)", n)
	}
	if j := jobOf(t, st, 1, "kk", 0); j.State != store.JobFailed || !strings.Contains(j.LastError, "not retried") {
		t.Errorf("unanswered job: %s %q", j.State, j.LastError)
	}
}

// A text Telegram cannot parse is our bug: logged loudly with its id, never retried.
func TestDeliverBadMessage(t *testing.T) {
	st := openStore(t)
	logs := &logRecords{}
	api := &fakeAPI{answer: func(_ context.Context, m botapi.Message, _ int) error {
		if strings.Contains(m.Text, "<div>") {
			return &botapi.APIError{Code: 400, Description: `Bad Request: can't parse entities: Unsupported start tag "div" at byte offset 0`}
		}
		return nil
	}}
	d := newDeliverer(t, st, api, Options{Logger: slog.New(logs)})
	addSubs(t, st, sub{id: 1, lang: "kk", active: true}, sub{id: 2, lang: "kk", active: true})
	rec := testDigest(testDate)
	rec.HTML["kk"][0] = "<div>Күнделікті шолу</div>"
	putDigest(t, st, rec)
	if _, err := d.Enqueue(context.Background(), rec, testNow); err != nil {
		t.Fatal(err)
	}
	running(t, d)
	waitSettled(t, d, testDate, 10*time.Second)
	for _, id := range []int64{1, 2} {
		if n := api.callsTo(id); n != 2 {
			t.Errorf("chat %d: %d calls, want 2 (the bad part once, then the good one)", id, n)
		}
		if got := api.delivered(id); !slices.Equal(got, rec.HTML["kk"][1:]) {
			t.Errorf("chat %d got %q, want only the good part", id, got)
		}
	}
	recs := logs.find(slog.LevelError, "this is a bug")
	if len(recs) != 2 || recs[0]["text_id"] != "digest "+testDate+" kk 1/2" {
		t.Errorf("error logs %v, want one per chat naming text_id %q", recs, "digest "+testDate+" kk 1/2")
	}
}

// A 429 pauses every sender for retry_after, and the same job is sent afterwards, once.
func TestDeliverRetryAfter(t *testing.T) {
	st := openStore(t)
	var mu sync.Mutex
	var throttledAt time.Time
	api := &fakeAPI{answer: func(_ context.Context, m botapi.Message, call int) error {
		time.Sleep(10 * time.Millisecond)
		if call == 0 {
			mu.Lock()
			throttledAt = time.Now()
			mu.Unlock()
			return &botapi.APIError{Code: 429, Description: "Too Many Requests: retry after 1", RetryAfter: 500 * time.Millisecond}
		}
		return nil
	}}
	// 50/s: without the pause the 20 chats would take 400 ms, sending all through it.
	d := New(st, api, NewLimiter(Rates{GlobalPerSecond: 50, PerChatPerSecond: 1000}),
		Options{Workers: 4, Location: almaty, Clock: func() time.Time { return testNow }})
	var subs []sub
	for i := range 20 {
		subs = append(subs, sub{id: int64(i + 1), lang: "ru", active: true})
	}
	prepare(t, st, d, subs...)
	running(t, d)
	waitSettled(t, d, testDate, 10*time.Second)
	for _, s := range subs {
		if got := api.delivered(s.id); len(got) != 1 {
			t.Errorf("chat %d got %d copies, want 1", s.id, len(got))
		}
	}
	// Calls allowed before the 429 came back may still start (claiming takes a moment);
	// after that, nothing until the pause is over.
	const slack = 150 * time.Millisecond
	api.mu.Lock()
	defer api.mu.Unlock()
	early := 0
	for _, c := range api.calls[1:] {
		if c.at.After(throttledAt.Add(slack)) && c.at.Before(throttledAt.Add(500*time.Millisecond)) {
			early++
		}
	}
	if early > 0 {
		t.Errorf("%d calls started during the 429 pause", early)
	}
	if s := d.Stats(); s.Throttled != 1 || s.Sent != 20 {
		t.Errorf("stats %+v, want 1 throttled and 20 sent", s)
	}
}

// A job a crash left in `sending` is not resent: it is counted and logged as lost.
func TestDeliverAbandonsInterrupted(t *testing.T) {
	st := openStore(t)
	api := &fakeAPI{}
	logs := &logRecords{}
	d := newDeliverer(t, st, api, Options{Logger: slog.New(logs)})
	prepare(t, st, d, sub{id: 1, lang: "kk", active: true}, sub{id: 2, lang: "ru", active: true})
	// What a kill between the claim and the answer leaves behind.
	if _, err := st.Transition(store.Job{Date: testDate, ChatID: 1, Lang: "kk", Part: 0}.Key(), store.JobPending, store.JobSending, nil); err != nil {
		t.Fatal(err)
	}
	running(t, d)
	waitSettled(t, d, testDate, 10*time.Second)
	if got := api.delivered(1); !slices.Equal(got, want("kk")[1:]) {
		t.Errorf("chat 1 got %q, want only the part that was not in flight", got)
	}
	if j := jobOf(t, st, 1, "kk", 0); j.State != store.JobFailed || j.LastError != lostReason {
		t.Errorf("interrupted job: %s %q", j.State, j.LastError)
	}
	if s := d.Stats(); s.Lost != 1 {
		t.Errorf("stats %+v, want 1 lost", s)
	}
	if recs := logs.find(slog.LevelWarn, "lost in a crash"); len(recs) != 1 || recs[0]["count"] != "1" {
		t.Errorf("warnings %v, want one with count=1", recs)
	}
}

// Jobs of chats that unsubscribed (/stop) or became inactive after the digest was queued
// are not sent.
func TestDeliverSkipsUnsubscribed(t *testing.T) {
	st := openStore(t)
	api := &fakeAPI{}
	d := newDeliverer(t, st, api, Options{})
	prepare(t, st, d, sub{id: 1, lang: "kk", active: true}, sub{id: 2, lang: "ru", active: true}, sub{id: 3, lang: "ru", active: true})
	if err := st.DeleteSubscriber(1); err != nil {
		t.Fatal(err)
	}
	addSubs(t, st, sub{id: 2, lang: "ru", active: false})
	running(t, d)
	counts := waitSettled(t, d, testDate, 10*time.Second)
	if api.callsTo(1)+api.callsTo(2) != 0 {
		t.Errorf("unsubscribed chats were sent to")
	}
	if got := api.delivered(3); len(got) != 1 {
		t.Errorf("subscribed chat got %d messages, want 1", len(got))
	}
	if counts[store.JobFailed] != 3 {
		t.Errorf("progress %v, want 3 failed", counts)
	}
	if j := jobOf(t, st, 1, "kk", 0); !strings.Contains(j.LastError, "not subscribed") {
		t.Errorf("job of /stop'ed chat: %q", j.LastError)
	}
}

// Jobs whose digest is gone end with the reason instead of being scanned forever.
func TestDeliverDigestMissing(t *testing.T) {
	st := openStore(t)
	api := &fakeAPI{}
	d := newDeliverer(t, st, api, Options{})
	addSubs(t, st, sub{id: 1, lang: "ru", active: true})
	if _, err := st.EnqueueJobs([]store.Job{{Date: "2026-03-02", ChatID: 1, Lang: "ru"}}); err != nil {
		t.Fatal(err)
	}
	running(t, d)
	waitSettled(t, d, "2026-03-02", 10*time.Second)
	j, err := st.Job(store.Job{Date: "2026-03-02", ChatID: 1, Lang: "ru"}.Key())
	if err != nil || j.State != store.JobFailed || j.LastError != "digest missing" {
		t.Errorf("job without digest: %+v, %v", j, err)
	}
	if n := api.callsTo(1); n != 0 {
		t.Errorf("%d calls for a digest that does not exist", n)
	}
}

// A shutdown lets sends in flight finish and leaves the rest pending; the next run sends
// them, each once.
func TestDeliverShutdownResume(t *testing.T) {
	st := openStore(t)
	api := &fakeAPI{answer: func(context.Context, botapi.Message, int) error {
		time.Sleep(15 * time.Millisecond)
		return nil
	}}
	d := newDeliverer(t, st, api, Options{Workers: 4})
	var subs []sub
	for i := range 40 {
		subs = append(subs, sub{id: int64(i + 1), lang: "ru", active: true})
	}
	total := prepare(t, st, d, subs...)
	stop := running(t, d)
	for deadline := time.Now().Add(10 * time.Second); d.Stats().Sent < 8; {
		if time.Now().After(deadline) {
			t.Fatal("nothing sent")
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	c, err := d.Progress(testDate)
	if err != nil {
		t.Fatal(err)
	}
	if c[store.JobSending] != 0 || c[store.JobPending] == 0 || c[store.JobSent]+c[store.JobPending] != total {
		t.Fatalf("after shutdown: %v; want nothing in flight, the rest pending", c)
	}
	d2 := newDeliverer(t, st, api, Options{Workers: 4})
	running(t, d2)
	c = waitSettled(t, d2, testDate, 10*time.Second)
	if c[store.JobSent] != total {
		t.Errorf("after restart: %v, want all %d sent", c, total)
	}
	for _, s := range subs {
		if n := len(api.delivered(s.id)); n != 1 {
			t.Errorf("chat %d got %d copies", s.id, n)
		}
	}
	if s := d2.Stats(); s.Lost != 0 {
		t.Errorf("a clean shutdown lost %d messages", s.Lost)
	}
}

func TestReply(t *testing.T) {
	st := openStore(t)
	logs := &logRecords{}
	var throttleOnce atomic.Bool
	api := &fakeAPI{answer: func(_ context.Context, m botapi.Message, _ int) error {
		switch {
		case m.ChatID == 2 && !throttleOnce.Swap(true):
			return &botapi.APIError{Code: 429, Description: "Too Many Requests: retry after 1", RetryAfter: 200 * time.Millisecond}
		case m.ChatID == 3:
			return &botapi.APIError{Code: 403, Description: "Forbidden: bot was blocked by the user"}
		case m.ChatID == 4:
			return &botapi.APIError{Code: 400, Description: "Bad Request: message is too long"}
		}
		return nil
	}}
	d := newDeliverer(t, st, api, Options{Logger: slog.New(logs)})
	addSubs(t, st, sub{id: 3, lang: "kk", active: true})
	running(t, d)
	ctx := context.Background()

	if id, err := d.Reply(ctx, botapi.Message{ChatID: 1, Text: "Сәлем"}); err != nil || id == 0 {
		t.Errorf("Reply = %d, %v", id, err)
	}
	start := time.Now()
	if _, err := d.Reply(ctx, botapi.Message{ChatID: 2, Text: "Привет"}); err != nil {
		t.Errorf("Reply after a 429: %v", err)
	}
	if el := time.Since(start); el < 200*time.Millisecond {
		t.Errorf("reply retried %s after a 429 asking for 200ms", el)
	}
	_, err := d.Reply(ctx, botapi.Message{ChatID: 3, Text: "Сәлем"})
	if botapi.Classify(err) != botapi.KindGone {
		t.Errorf("Reply to a blocked chat: %v, want the 403", err)
	}
	if s, _ := st.Subscriber(3); s.Active {
		t.Errorf("blocked subscriber still active after a reply failed")
	}
	_, err = d.Reply(ctx, botapi.Message{ChatID: 4, Text: strings.Repeat("ж", 5000), ID: "search reply"})
	if botapi.Classify(err) != botapi.KindBadMessage || api.callsTo(4) != 1 {
		t.Errorf("Reply too long: %v after %d calls, want the 400 after one", err, api.callsTo(4))
	}
	if recs := logs.find(slog.LevelError, "rejected a reply"); len(recs) != 1 || recs[0]["text_id"] != "search reply" {
		t.Errorf("error logs %v", recs)
	}
	if s := d.Stats(); s.Replies != 2 || s.Sent != 2 || s.Throttled != 1 {
		t.Errorf("stats %+v, want 2 replies sent, 1 throttled", s)
	}
}

func TestStatsRate(t *testing.T) {
	d := newDeliverer(t, openStore(t), &fakeAPI{}, Options{})
	now := time.Now()
	tests := []struct {
		name string
		ago  []time.Duration
		want float64
	}{
		{"idle", nil, 0},
		{"one just now", []time.Duration{0}, 1},
		{"steady over the window", func() []time.Duration {
			var a []time.Duration
			for i := range 20 {
				a = append(a, time.Duration(19-i)*500*time.Millisecond) // 9.5 s .. 0
			}
			return a
		}(), 20 / 9.5},
		{"old ones ignored", []time.Duration{30 * time.Second, 2 * time.Second, time.Second}, 1},
		{"burst began 2 s ago", []time.Duration{2 * time.Second, 1500 * time.Millisecond, time.Second, 500 * time.Millisecond, 0}, 2.5},
	}
	for _, tt := range tests {
		d.rateWin = d.rateWin[:0]
		for _, a := range tt.ago {
			d.rateWin = append(d.rateWin, now.Add(-a))
		}
		if got := d.rate(now); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("%s: rate = %.3f, want %.3f", tt.name, got, tt.want)
		}
	}
	d.rateWin = []time.Time{now.Add(-time.Minute), now.Add(-20 * time.Second)}
	d.countSent()
	if len(d.rateWin) != 1 {
		t.Errorf("window keeps %d sends older than 10 s", len(d.rateWin)-1)
	}
}

// Transitions share commits (bbolt's Batch), which reruns a batch when one of its calls
// fails: the rerun must not apply an edit twice.
func TestTransitionBatchRerun(t *testing.T) {
	st := openStore(t)
	var jobs []store.Job
	for i := range 64 {
		jobs = append(jobs, store.Job{Date: testDate, ChatID: int64(i + 1), Lang: "ru"})
	}
	if _, err := st.EnqueueJobs(jobs); err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs[32:] {
		if _, err := st.Transition(j.Key(), store.JobPending, store.JobFailed, nil); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			// Half of these fail (the job is not pending), which makes bbolt rerun batches.
			_, _ = st.Transition(j.Key(), store.JobPending, store.JobSending, func(x *store.Job) { x.Attempts++ })
		})
	}
	wg.Wait()
	for _, j := range jobs[:32] {
		got, err := st.Job(j.Key())
		if err != nil {
			t.Fatal(err)
		}
		if got.State != store.JobSending || got.Attempts != 1 {
			t.Errorf("chat %d: %s with %d attempts, want sending with 1", j.ChatID, got.State, got.Attempts)
		}
	}
}

// A message Telegram refused (5xx, 429) did not reach the chat: while its retry waits, the job
// is pending again, so a kill during the wait loses nothing. Only a job whose call is under
// way is `sending`.
func TestDeliverRetryWaitIsPending(t *testing.T) {
	st := openStore(t)
	refused := make(chan struct{})
	var once sync.Once
	api := &fakeAPI{answer: func(_ context.Context, m botapi.Message, call int) error {
		if call == 0 {
			once.Do(func() { close(refused) })
			return &botapi.APIError{Code: 502, Description: "Bad Gateway"}
		}
		return nil
	}}
	d := newDeliverer(t, st, api, Options{Backoff: time.Hour, MaxAttempts: 3})
	prepare(t, st, d, sub{id: 1, lang: "ru", active: true})
	stop := running(t, d)
	<-refused
	deadline := time.Now().Add(5 * time.Second)
	var j store.Job
	for {
		j = jobOf(t, st, 1, "ru", 0)
		if j.State != store.JobSending || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if j.State != store.JobPending || j.Attempts != 1 || !strings.Contains(j.LastError, "502") {
		t.Errorf("job waiting for its retry: %s after %d attempts (%q), want pending after 1 with the reason", j.State, j.Attempts, j.LastError)
	}
	stop()
	if j := jobOf(t, st, 1, "ru", 0); j.State != store.JobPending {
		t.Errorf("after shutdown during the wait: %s, want pending (sent after the restart)", j.State)
	}
	// A restart sends it once.
	api2 := &fakeAPI{}
	d2 := newDeliverer(t, st, api2, Options{})
	running(t, d2)
	waitSettled(t, d2, testDate, 5*time.Second)
	if got := api2.delivered(1); len(got) != 1 {
		t.Errorf("after the restart chat 1 got %d copies, want 1", len(got))
	}
}
