package service

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
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
// scriptedCollector returns its passes in turn, storing their items first when st is set.
type scriptedCollector struct {
	passes [][]collect.Result
	st     *store.Store
}

func (c *scriptedCollector) Run(context.Context) ([]collect.Result, error) {
	r := c.passes[0]
	c.passes = c.passes[1:]
	if c.st != nil {
		for i := range r {
			for k, it := range r[i].Items {
				saved, _, err := c.st.SaveItem(it)
				if err != nil {
					return nil, err
				}
				r[i].Items[k] = saved
			}
		}
	}
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

// digestEnv is a service over a real store whose clocks (store, builder, service) are one
// settable clock in Almaty time.
type digestEnv struct {
	st  *store.Store
	svc *Service
	now *time.Time
	n   int
}

func newDigestEnv(t *testing.T, at time.Time) *digestEnv {
	t.Helper()
	e := &digestEnv{now: &at}
	clock := func() time.Time { return *e.now }
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.st = st
	e.svc = New(st, noCollector{}, digest.New(digest.Options{Location: at.Location(), Clock: clock}), at.Location(), Options{Clock: clock})
	return e
}

// add stores an item published at published and collected now.
func (e *digestEnv) add(t *testing.T, published time.Time, title string) {
	t.Helper()
	e.n++
	it := store.Item{URL: fmt.Sprintf("https://orda.kz/%d", e.n), Source: "Orda", Lang: "ru", Title: title,
		Body: title + ". Подробности сообщает пресс-служба.", Published: published, Seen: *e.now}
	if _, _, err := e.st.SaveItem(it); err != nil {
		t.Fatal(err)
	}
}

func almaty(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDigestTodayFollowsCollection(t *testing.T) {
	loc := almaty(t)
	e := newDigestEnv(t, time.Date(2026, 3, 16, 12, 0, 0, 0, loc))
	ctx := context.Background()
	e.add(t, e.now.Add(-2*time.Hour), "ЦИК подвёл итоги референдума")
	e.add(t, e.now.Add(-time.Hour), "Мажилис одобрил закон о Курултае")
	first, err := e.svc.Digest(ctx, "2026-03-16")
	if err != nil || first.Items != 2 {
		t.Fatalf("first digest: %d items, %v", first.Items, err)
	}

	*e.now = e.now.Add(10 * time.Minute)
	if again, _ := e.svc.Digest(ctx, "2026-03-16"); !again.Built.Equal(first.Built) {
		t.Fatalf("nothing new was collected, yet the digest was rebuilt at %v", again.Built)
	}

	*e.now = e.now.Add(5 * time.Minute)
	// Published before the first build, collected only now (a slow feed): it belongs too.
	e.add(t, e.now.Add(-3*time.Hour), "Токаев подписал указ о вице-президенте")
	fresh, err := e.svc.Digest(ctx, "2026-03-16")
	if err != nil || fresh.Items != 3 || !strings.Contains(fresh.Text["ru"], "вице-президент") {
		t.Fatalf("after a new item: %d items, %v\n%s", fresh.Items, err, fresh.Text["ru"])
	}
	if stored, _ := e.st.Digest("2026-03-16"); stored.Items != 3 {
		t.Fatalf("the rebuild was not stored: stored digest has %d items", stored.Items)
	}
}

func TestDigestPastDayServedAsStored(t *testing.T) {
	loc := almaty(t)
	e := newDigestEnv(t, time.Date(2026, 3, 15, 21, 0, 0, 0, loc))
	ctx := context.Background()
	e.add(t, e.now.Add(-time.Hour), "ЦИК подвёл итоги референдума")
	if _, _, err := e.svc.BuildDigest(ctx, "2026-03-15"); err != nil {
		t.Fatal(err)
	}
	// The next day a late item of the 15th comes in: the digest that went out stays.
	*e.now = time.Date(2026, 3, 16, 9, 0, 0, 0, loc)
	e.add(t, time.Date(2026, 3, 15, 22, 0, 0, 0, loc), "Мажилис одобрил закон о Курултае")
	rec, err := e.svc.Digest(ctx, "2026-03-15")
	if err != nil || rec.Items != 1 {
		t.Fatalf("past day: %d items, %v; want the stored 1", rec.Items, err)
	}
}

func TestDigestTodayAfterDeliveryQueuedIsNotReplaced(t *testing.T) {
	loc := almaty(t)
	e := newDigestEnv(t, time.Date(2026, 3, 16, 21, 0, 0, 0, loc))
	ctx := context.Background()
	e.add(t, e.now.Add(-time.Hour), "ЦИК подвёл итоги референдума")
	sent, _, err := e.svc.BuildDigest(ctx, "2026-03-16")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.EnqueueJobs([]store.Job{{Date: "2026-03-16", ChatID: 7, Lang: "ru", Part: 0}}); err != nil {
		t.Fatal(err)
	}
	*e.now = e.now.Add(30 * time.Minute)
	e.add(t, e.now.Add(-time.Minute), "Мажилис одобрил закон о Курултае")
	rec, err := e.svc.Digest(ctx, "2026-03-16")
	if err != nil || rec.Items != 2 {
		t.Fatalf("/digest after delivery was queued: %d items, %v; want the day so far, 2", rec.Items, err)
	}
	// Queued jobs name parts of the stored digest: it must stay what delivery sends.
	stored, err := e.st.Digest("2026-03-16")
	if err != nil || stored.Items != 1 || !stored.Built.Equal(sent.Built) {
		t.Fatalf("stored digest replaced mid-delivery: %d items built %v, %v", stored.Items, stored.Built, err)
	}
	// The fresh build is reused until something newer is collected.
	*e.now = e.now.Add(time.Minute)
	if again, _ := e.svc.Digest(ctx, "2026-03-16"); !again.Built.Equal(rec.Built) {
		t.Fatalf("preview rebuilt with nothing new: %v then %v", rec.Built, again.Built)
	}
}

func TestDigestRefusesDates(t *testing.T) {
	loc := almaty(t)
	tests := []struct {
		date string
		want error
	}{
		{"2026-03-17", ErrFutureDate},
		{"2099-01-01", ErrFutureDate},
		{"2026-02-30", ErrNoSuchDate},
		{"2026-13-01", ErrNoSuchDate},
		{"2026-00-10", ErrNoSuchDate},
		{"16.03.2026", ErrDateFormat},
		{"2026-3-16", ErrDateFormat},
		{"", ErrDateFormat},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			e := newDigestEnv(t, time.Date(2026, 3, 16, 23, 59, 0, 0, loc))
			if _, err := e.svc.Digest(context.Background(), tt.date); !errors.Is(err, tt.want) {
				t.Fatalf("Digest(%q) = %v, want %v", tt.date, err, tt.want)
			}
			if _, _, err := e.svc.BuildDigest(context.Background(), tt.date); !errors.Is(err, tt.want) {
				t.Fatalf("BuildDigest(%q) = %v, want %v", tt.date, err, tt.want)
			}
			if _, err := e.st.LatestDigest("9999-12-31"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("a digest was stored for %q: %v", tt.date, err)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for _, ok := range []string{"2026-03-16", "2024-02-29", "2026-12-31"} {
		if got, err := ParseDate(ok); err != nil || got != ok {
			t.Errorf("ParseDate(%q) = %q, %v", ok, got, err)
		}
	}
}

// panickyCollector panics on its first pass and works after.
type panickyCollector struct{ calls atomic.Int32 }

func (p *panickyCollector) Run(context.Context) ([]collect.Result, error) {
	if p.calls.Add(1) == 1 {
		panic("parser bug")
	}
	return nil, nil
}

// panicCount is an Observer that counts contained panics.
type panicCount struct{ jobs atomic.Int32 }

func (*panicCount) ObserveCollect([]collect.Result) {}
func (*panicCount) ObserveDigest(time.Duration)     {}
func (p *panicCount) ObservePanic(where string) {
	if where == "job" {
		p.jobs.Add(1)
	}
}

// A scheduled job that panics is contained and counted: the scheduler runs it again.
func TestScheduledPanicIsContained(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	col := &panickyCollector{}
	obs := &panicCount{}
	s := New(st, col, digest.New(digest.Options{}), time.UTC, Options{Observe: obs})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Schedule(ctx, "@every 1s", "0 0 1 1 *") }()
	deadline := time.Now().Add(10 * time.Second)
	for col.calls.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("Schedule: %v", err)
	}
	if col.calls.Load() < 2 {
		t.Fatalf("the job ran %d times: the panic stopped the scheduler", col.calls.Load())
	}
	if obs.jobs.Load() != 1 {
		t.Errorf("%d job panics counted, want 1", obs.jobs.Load())
	}
}

// Follow alerts run after the pass, outside the collection lock: a slow alert job does not
// hold the next pass.
func TestAlertsDoNotHoldTheCollector(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	col := &scriptedCollector{st: st, passes: [][]collect.Result{
		{{Source: "a", New: 1, Items: []store.Item{{URL: "https://e.kz/1", Title: "new"}}}},
		{{Source: "a"}},
	}}
	inAlerts, release := make(chan struct{}), make(chan struct{})
	s := New(st, col, digest.New(digest.Options{}), time.UTC, Options{
		AfterCollect: func(ctx context.Context, _ store.AlertPass, items []store.Item) error {
			close(inAlerts)
			<-release
			return nil
		},
	})
	first := make(chan error, 1)
	go func() {
		_, err := s.CollectResults(context.Background())
		first <- err
	}()
	<-inAlerts
	second := make(chan error, 1)
	go func() {
		_, err := s.CollectResults(context.Background())
		second <- err
	}()
	select {
	case err := <-second:
		if err != nil {
			t.Errorf("second pass: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the second pass waited for the first pass's alerts")
	}
	close(release)
	if err := <-first; err != nil {
		t.Errorf("first pass: %v", err)
	}
}

// A kill between a pass's storing its items and its alerts reaching the outbox loses none
// of them: at the next start the interrupted pass is run again, with the same items, date
// and part (so that the jobs it had queued are not queued twice), and later passes take
// only what came after. Items stored before alerts ever ran are history: no alerts. A pass
// that fails every time is given up after its tries, and the passes after it go on.
func TestAlertsSurviveAKill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SaveItem(store.Item{URL: "https://e.kz/old", Title: "history"}); err != nil {
		t.Fatal(err)
	}
	item := func(n int) store.Item {
		return store.Item{URL: fmt.Sprintf("https://e.kz/%d", n), Title: fmt.Sprintf("item %d", n)}
	}
	type call struct {
		pass  store.AlertPass
		items []string
	}
	var calls []call
	fail := 0 // calls left to fail
	after := func(ctx context.Context, p store.AlertPass, items []store.Item) error {
		c := call{pass: p}
		for _, it := range items {
			c.items = append(c.items, it.Title)
		}
		calls = append(calls, c)
		if fail > 0 {
			fail--
			return errors.New("killed")
		}
		return nil
	}
	col := &scriptedCollector{st: st, passes: [][]collect.Result{{{Source: "a", New: 2, Items: []store.Item{item(1), item(2)}}}}}
	s := New(st, col, digest.New(digest.Options{}), time.UTC, Options{AfterCollect: after})
	fail = 1 // the process dies before the pass's alerts are all queued
	if _, err := s.CollectResults(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err = store.Open(path, store.Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	col = &scriptedCollector{st: st, passes: [][]collect.Result{
		{{Source: "a", New: 1, Items: []store.Item{item(3)}}},
		{{Source: "a", New: 1, Items: []store.Item{item(4)}}},
		{{Source: "a", New: 1, Items: []store.Item{item(5)}}},
	}}
	s = New(st, col, digest.New(digest.Options{}), time.UTC, Options{AfterCollect: after})
	// The restart: the schedule's start runs the interrupted pass again, before any collection.
	ctx, cancel := context.WithCancel(context.Background())
	scheduled := make(chan error, 1)
	go func() { scheduled <- s.Schedule(ctx, "0 0 1 1 *", "0 0 1 1 *") }()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		s.alertM.Lock()
		n := len(calls)
		s.alertM.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the schedule's start did not run the interrupted pass: %d calls", n)
		}
	}
	cancel()
	if err := <-scheduled; err != nil {
		t.Fatal(err)
	}
	if _, err := s.CollectResults(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 {
		t.Fatalf("calls %+v, want the pass, its run at restart and the next pass", calls)
	}
	first, rerun, next := calls[0], calls[1], calls[2]
	if fmt.Sprint(first.items) != "[item 1 item 2]" || fmt.Sprint(rerun.items) != fmt.Sprint(first.items) ||
		rerun.pass.Part != first.pass.Part || rerun.pass.Date != first.pass.Date {
		t.Errorf("the interrupted pass was not run again as it was: %+v then %+v", first, rerun)
	}
	if fmt.Sprint(next.items) != "[item 3]" || next.pass.Part == first.pass.Part {
		t.Errorf("the next pass: %+v, want item 3 alone under a part of its own", next)
	}
	// A pass failing every time: tried maxAlertTries times, then given up.
	calls, fail = nil, 100
	if _, err := s.CollectResults(context.Background()); err != nil { // item 4: its first try
		t.Fatal(err)
	}
	for range maxAlertTries - 1 {
		s.Alerts(context.Background())
	}
	fail = 0
	if _, err := s.CollectResults(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(calls) != maxAlertTries+1 || fmt.Sprint(calls[0].items) != "[item 4]" || fmt.Sprint(calls[len(calls)-1].items) != "[item 5]" {
		t.Errorf("calls %+v: want item 4 tried %d times, then item 5", calls, maxAlertTries)
	}
}
