// Package service runs refdigest's pipeline jobs: a collection pass, the day's digest and
// its delivery, on a cron schedule in the service's time zone. The bot and the CLI call the
// same jobs.
package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/refdigest/refdigest/collect"
	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/store"
)

// Collector runs collection passes (*collect.Collector).
type Collector interface {
	Run(ctx context.Context) ([]collect.Result, error)
}

// Enqueuer queues a built digest for delivery (*deliver.Deliverer); nil in the CLI.
type Enqueuer interface {
	Enqueue(ctx context.Context, rec store.DigestRecord, built time.Time) (int, error)
	Forget(date string)
}

// Indexer keeps the search index in step with the store; nil when there is none.
type Indexer interface {
	CatchUp(ctx context.Context) (int, error)
	Update(ctx context.Context, items []store.Item) error
}

// Store is what the jobs read and write.
type Store interface {
	digest.Source
	Digest(date string) (store.DigestRecord, error)
	PutDigest(d store.DigestRecord) error
	BackupFile(path string) error
	// EachItemBetween and JobCounts tell whether today's stored digest is behind the
	// items and whether its delivery has begun.
	EachItemBetween(from, to time.Time, fn func(store.Item) error) error
	JobCounts(date string) (map[store.JobState]int, error)
	// The follow alerts' progress (store.AlertPass), kept so that a kill loses none.
	EachItemAfter(after uint64, fn func(store.Item) error) error
	MarkAlertsFrom() error
	BeginAlertPass(date string) (store.AlertPass, error)
	EndAlertPass(p store.AlertPass) error
}

// Observer receives figures for metrics; nil is fine.
type Observer interface {
	ObserveCollect(results []collect.Result)
	ObserveDigest(d time.Duration)
	ObservePanic(where string)
}

// Service owns the pipeline jobs.
type Service struct {
	st       Store
	col      Collector
	builder  *digest.Builder
	deliver  Enqueuer
	index    Indexer
	observe  Observer
	opts     Options
	loc      *time.Location
	now      func() time.Time
	log      *slog.Logger
	collectM sync.Mutex // one collection pass at a time, whoever asks
	alertM   sync.Mutex // one pass's follow alerts at a time, in pass order
	// alertsWanted asks the alerts' run under way to go round again (Alerts).
	alertsWanted atomic.Bool
	markM        sync.Mutex // guards alertsMarked, apart from alertM: a pass never waits for alerts
	// alertsMarked is set once the alerts' mark is sure to exist (markAlerts).
	alertsMarked bool
	digestM      sync.Mutex // one build at a time; guards preview
	// preview is today's digest rebuilt for /digest after its delivery was queued: it is
	// shown, not stored, because the queued jobs name parts of the stored record.
	preview store.DigestRecord

	mu             sync.Mutex
	collectFailing time.Time // start of the current streak of failed passes; zero when fine
	collectErr     error
}

// Options configure a Service.
type Options struct {
	Deliver Enqueuer // nil: digests are built but not sent
	Index   Indexer  // nil: no index
	Observe Observer // nil: no metrics
	// AfterCollect gets the items of an alert pass (the follow alerts): those a collection
	// pass stored, after indexing, and those of a pass a kill interrupted, at the next start.
	// It queues the pass's alerts under pass.Date and pass.Part; when it fails, the pass is
	// run again with the next collection.
	AfterCollect func(ctx context.Context, pass store.AlertPass, items []store.Item) error
	// BackupDir receives a daily backup when set; BackupKeep of them are kept.
	BackupDir  string
	BackupKeep int
	Clock      func() time.Time
	Logger     *slog.Logger
}

// New makes a Service.
func New(st Store, col Collector, b *digest.Builder, loc *time.Location, opts Options) *Service {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, col: col, builder: b, deliver: opts.Deliver, index: opts.Index,
		observe: opts.Observe, opts: opts, loc: loc, now: opts.Clock, log: opts.Logger}
}

// Today is the current local date.
func (s *Service) Today() string { return s.now().In(s.loc).Format(time.DateOnly) }

// CollectResults runs one collection pass, then brings the search index up to date, then
// hands the new items to AfterCollect (the follow alerts). Alerts run after the collection
// lock is released, one pass's after another's, so a slow alert job never holds a pass.
func (s *Service) CollectResults(ctx context.Context) ([]collect.Result, error) {
	if err := s.markAlerts(); err != nil {
		s.log.Error("follow alerts", "err", err)
	}
	res, err := s.collectPass(ctx)
	if err != nil {
		return res, err
	}
	s.Alerts(ctx)
	return res, nil
}

// markAlerts sets the alerts' mark at the last stored item the first time the service
// collects: what was stored before it ran is not news.
func (s *Service) markAlerts() error {
	if s.opts.AfterCollect == nil {
		return nil
	}
	s.markM.Lock()
	defer s.markM.Unlock()
	if s.alertsMarked {
		return nil
	}
	if err := s.st.MarkAlertsFrom(); err != nil {
		return fmt.Errorf("service: alerts: %w", err)
	}
	s.alertsMarked = true
	return nil
}

// Alerts hands the stored items whose follow alerts are not queued yet to AfterCollect:
// first those of a pass a kill interrupted, with the date and part it began with (the jobs
// it had queued are not queued twice), then those stored since. It runs at start and after
// every collection pass; a failure is logged and the items wait for the next run.
//
// A call while another runs does not wait (a collection must not queue behind slow alerts):
// it leaves its wish, and the running one goes round again once it is done.
func (s *Service) Alerts(ctx context.Context) {
	if s.opts.AfterCollect == nil {
		return
	}
	s.alertsWanted.Store(true)
	for s.alertsWanted.Load() {
		if !s.alertM.TryLock() {
			return // the one running sees the wish
		}
		var err error
		for err == nil && s.alertsWanted.Swap(false) {
			err = s.alertPasses(ctx)
		}
		s.alertM.Unlock()
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("follow alerts", "err", err)
			}
			return
		}
	}
}

// alertPasses runs alert passes until none is left: the interrupted one first, if any.
// s.alertM must be held.
func (s *Service) alertPasses(ctx context.Context) error {
	for {
		pass, err := s.st.BeginAlertPass(s.Today())
		if err != nil || pass.Empty() {
			return err
		}
		if pass.Tries > maxAlertTries {
			// Something in the pass fails every time: its alerts are given up, not the
			// alerts of every pass after it.
			s.log.Error("follow alerts given up", "first_item", pass.After+1, "last_item", pass.Upto, "tries", pass.Tries-1)
			if err := s.st.EndAlertPass(pass); err != nil {
				return err
			}
			continue
		}
		if err := s.alertPass(ctx, pass); err != nil {
			return err
		}
	}
}

// alertPass runs one alert pass to its end. s.alertM must be held.
func (s *Service) alertPass(ctx context.Context, pass store.AlertPass) error {
	var items []store.Item
	err := s.st.EachItemAfter(pass.After, func(it store.Item) error {
		if it.ID > pass.Upto {
			return errPassEnd
		}
		items = append(items, it)
		return nil
	})
	if err != nil && !errors.Is(err, errPassEnd) {
		return fmt.Errorf("service: alerts: %w", err)
	}
	if err := s.opts.AfterCollect(ctx, pass, items); err != nil {
		return fmt.Errorf("service: alerts of items %d-%d: %w", pass.After+1, pass.Upto, err)
	}
	return s.st.EndAlertPass(pass)
}

// maxAlertTries is how many times an alert pass is tried before its alerts are given up.
const maxAlertTries = 3

// errPassEnd stops the scan of an alert pass's items at its last.
var errPassEnd = errors.New("end of the alert pass")

// collectPass is one pass and the index update, under the collection lock.
func (s *Service) collectPass(ctx context.Context) ([]collect.Result, error) {
	s.collectM.Lock()
	defer s.collectM.Unlock()
	start := time.Now()
	res, err := s.col.Run(ctx)
	s.noteCollect(res, err)
	if err != nil {
		return res, fmt.Errorf("service: collect: %w", err)
	}
	if s.observe != nil {
		s.observe.ObserveCollect(res)
	}
	newItems := 0
	var edited []store.Item
	for _, r := range res {
		newItems += r.New // a failed source is logged by the collector, once
		for _, it := range r.Items {
			if !it.Updated.IsZero() {
				edited = append(edited, it)
			}
		}
	}
	if s.index != nil {
		// New items by id order (a crash before this is caught up at the next start),
		// edited ones explicitly.
		if n, err := s.index.CatchUp(ctx); err != nil {
			s.log.Error("index catch-up failed", "err", err)
		} else {
			s.log.Debug("indexed", "items", n)
		}
		if err := s.index.Update(ctx, edited); err != nil {
			s.log.Error("index update failed", "err", err)
		}
	}
	s.log.Info("collection pass", "sources", len(res), "new_items", newItems, "took_ms", time.Since(start).Milliseconds())
	return res, nil
}

// Collect runs a pass and returns its summary lines.
func (s *Service) Collect(ctx context.Context) ([]string, error) {
	res, err := s.CollectResults(ctx)
	lines := make([]string, len(res))
	for i, r := range res {
		lines[i] = r.String()
	}
	return lines, err
}

// BuildDigest builds the digest of date from stored items and stores it, replacing any
// earlier build of that day. A date after today is refused with ErrFutureDate: nothing
// is built.
func (s *Service) BuildDigest(ctx context.Context, date string) (store.DigestRecord, *digest.Digest, error) {
	if err := s.checkDate(date); err != nil {
		return store.DigestRecord{}, nil, err
	}
	s.digestM.Lock()
	defer s.digestM.Unlock()
	return s.build(ctx, date, true)
}

// build builds date's digest, and stores it when keep is set. s.digestM must be held.
func (s *Service) build(ctx context.Context, date string, keep bool) (store.DigestRecord, *digest.Digest, error) {
	start := time.Now()
	d, err := s.builder.BuildDay(ctx, s.st, date)
	if err != nil {
		return store.DigestRecord{}, nil, fmt.Errorf("service: build digest %s: %w", date, err)
	}
	rec, err := d.Record()
	if err != nil {
		return rec, nil, fmt.Errorf("service: build digest %s: %w", date, err)
	}
	if keep {
		if err := s.st.PutDigest(rec); err != nil {
			return rec, nil, fmt.Errorf("service: build digest %s: %w", date, err)
		}
		if s.deliver != nil {
			s.deliver.Forget(date)
		}
	}
	if s.observe != nil {
		s.observe.ObserveDigest(time.Since(start))
	}
	s.log.Info("digest built", "date", date, "items", rec.Items, "stories", len(d.Stories), "stored", keep,
		"took_ms", time.Since(start).Milliseconds())
	return rec, d, nil
}

// Digest returns the stored digest of date, building it first when there is none. Today's
// digest is rebuilt when items were collected after it was built, so that it shows the day
// so far; a past day's stored digest is served as it is (it is what was delivered). A date
// after today is refused with ErrFutureDate, a malformed one with ErrDateFormat or
// ErrNoSuchDate.
func (s *Service) Digest(ctx context.Context, date string) (store.DigestRecord, error) {
	if err := s.checkDate(date); err != nil {
		return store.DigestRecord{}, err
	}
	rec, err := s.st.Digest(date)
	switch {
	case errors.Is(err, store.ErrNotFound):
		rec, _, err = s.BuildDigest(ctx, date)
		return rec, err
	case err != nil:
		return rec, fmt.Errorf("service: digest %s: %w", date, err)
	case date != s.Today():
		return rec, nil
	}
	return s.fresh(ctx, rec)
}

// fresh returns today's digest with every item collected so far: rec itself when nothing
// was collected after it was built, else a rebuild. The rebuild replaces the stored record
// only while the day's delivery has not been queued; after that it is kept in memory, since
// a rebuilt digest may split into other parts than the ones the queued jobs name.
func (s *Service) fresh(ctx context.Context, rec store.DigestRecord) (store.DigestRecord, error) {
	s.digestM.Lock()
	defer s.digestM.Unlock()
	if s.preview.Date == rec.Date && s.preview.Built.After(rec.Built) {
		rec = s.preview
	}
	behind, err := s.collectedSince(rec)
	if err != nil {
		// The stored digest is still a right answer, only an older one.
		s.log.Warn("digest freshness unknown", "date", rec.Date, "err", err)
		return rec, nil
	}
	if !behind {
		return rec, nil
	}
	counts, err := s.st.JobCounts(rec.Date)
	if err != nil {
		s.log.Warn("delivery state unknown: digest rebuilt without storing", "date", rec.Date, "err", err)
	}
	keep := err == nil && len(counts) == 0
	fresh, _, err := s.build(ctx, rec.Date, keep)
	if err != nil {
		return store.DigestRecord{}, err
	}
	if !keep {
		s.preview = fresh
	}
	return fresh, nil
}

// errBehind stops the item scan at the first item collected after the digest was built.
var errBehind = errors.New("digest is behind the items")

// collectedSince reports whether an item that belongs in rec's day was collected after rec
// was built: published from the start of the digest's window up to now.
func (s *Service) collectedSince(rec store.DigestRecord) (bool, error) {
	day, err := time.ParseInLocation(time.DateOnly, rec.Date, s.loc)
	if err != nil {
		return false, fmt.Errorf("service: digest %s: %w", rec.Date, err)
	}
	from := day
	if d, err := digest.FromRecord(rec); err == nil && !d.From.IsZero() && d.From.Before(from) {
		from = d.From // the window began with the previous digest, before midnight
	}
	to := day.AddDate(0, 0, 1)
	if now := s.now(); now.Before(to) {
		to = now.Add(time.Nanosecond) // [from, to) must include an item published this instant
	}
	err = s.st.EachItemBetween(from, to, func(it store.Item) error {
		if it.Seen.After(rec.Built) {
			return errBehind
		}
		return nil
	})
	switch {
	case errors.Is(err, errBehind):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("service: digest %s: %w", rec.Date, err)
	}
	return false, nil
}

// checkDate refuses what no digest can be built for: a malformed date, a day that does
// not exist, a day still to come.
func (s *Service) checkDate(date string) error {
	if _, err := ParseDate(date); err != nil {
		return err
	}
	return s.notFuture(date)
}

// SendDigest builds date's digest and queues it for everyone who has not had it. A day with
// no items queues nothing.
func (s *Service) SendDigest(ctx context.Context, date string) (items, queued int, err error) {
	if s.deliver == nil {
		return 0, 0, errors.New("service: send digest: delivery is not running")
	}
	rec, _, err := s.BuildDigest(ctx, date)
	if err != nil {
		return 0, 0, err
	}
	if rec.Items == 0 {
		return 0, 0, nil
	}
	n, err := s.deliver.Enqueue(ctx, rec, s.now())
	if err != nil {
		return rec.Items, n, fmt.Errorf("service: send digest %s: %w", date, err)
	}
	s.log.Info("digest queued", "date", date, "messages", n)
	return rec.Items, n, nil
}

// CollectHealth reports since when collection has been failing (zero: it is not) and the
// last failure. A pass fails when it cannot run or when every source in it failed (the
// network or the disk is gone, not one site); one good pass ends the streak.
func (s *Service) CollectHealth() (failingSince time.Time, lastErr error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.collectFailing, s.collectErr
}

func (s *Service) noteCollect(res []collect.Result, err error) {
	if err == nil && len(res) > 0 {
		failed := 0
		for _, r := range res {
			if r.Err != nil && !errors.Is(r.Err, collect.ErrBackingOff) {
				failed++
				err = r.Err
			}
		}
		if failed < len(res) {
			err = nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		s.collectFailing, s.collectErr = time.Time{}, nil
		return
	}
	if s.collectFailing.IsZero() {
		// Wall time, not the service clock: health is about how long things have been broken.
		s.collectFailing = time.Now()
	}
	s.collectErr = err
}

// Schedule runs collection and the daily digest on their cron specs until ctx is done.
func (s *Service) Schedule(ctx context.Context, collectSpec, digestSpec string) error {
	// A panicking job is logged and counted; the scheduler and the next runs go on.
	// Recover goes inside SkipIfStillRunning: that wrapper hands its token back only
	// when the job returns, so a panic passing through it would skip every later run.
	c := cron.New(cron.WithLocation(s.loc), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger), cron.Recover(cronLogger{s})))
	if _, err := c.AddFunc(collectSpec, func() {
		if _, err := s.CollectResults(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("scheduled collection failed", "err", err)
		}
	}); err != nil {
		return fmt.Errorf("service: schedule collect %q: %w", collectSpec, err)
	}
	if _, err := c.AddFunc(digestSpec, func() {
		date := s.Today()
		items, n, err := s.SendDigest(ctx, date)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Error("scheduled digest failed", "date", date, "err", err)
		case err == nil && items == 0:
			s.log.Info("no items today: no digest sent", "date", date)
		case err == nil:
			s.log.Info("scheduled digest queued", "date", date, "items", items, "messages", n)
		}
	}); err != nil {
		return fmt.Errorf("service: schedule digest %q: %w", digestSpec, err)
	}
	if s.opts.BackupDir != "" {
		// 04:10 local: after the evening digest and its delivery, before the morning.
		if _, err := c.AddFunc("10 4 * * *", func() {
			if _, err := s.Backup(); err != nil {
				s.log.Error("scheduled backup failed", "err", err)
			}
		}); err != nil {
			return fmt.Errorf("service: schedule backup: %w", err)
		}
	}
	if err := s.markAlerts(); err != nil {
		s.log.Error("follow alerts", "err", err)
	}
	resumed := make(chan struct{})
	go func() { // a pass a kill interrupted: its alerts go out now, not after the next collection
		defer close(resumed)
		s.Alerts(ctx)
	}()
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	<-resumed // the store is closed after Schedule returns
	return nil
}

// Backup writes today's backup into the backup directory and removes the oldest beyond
// BackupKeep. It returns the file written.
func (s *Service) Backup() (string, error) {
	if s.opts.BackupDir == "" {
		return "", errors.New("service: backup: store.backup_dir is not set")
	}
	if err := os.MkdirAll(s.opts.BackupDir, 0o750); err != nil {
		return "", fmt.Errorf("service: backup: %w", err)
	}
	name := filepath.Join(s.opts.BackupDir, backupPrefix+s.Today()+".db")
	if err := s.st.BackupFile(name); err != nil {
		return "", fmt.Errorf("service: backup: %w", err)
	}
	old, err := filepath.Glob(filepath.Join(s.opts.BackupDir, backupPrefix+"*.db"))
	if err != nil {
		return name, fmt.Errorf("service: backup: %w", err)
	}
	sort.Strings(old) // dated names sort by date
	keep := max(s.opts.BackupKeep, 1)
	for i := 0; i < len(old)-keep; i++ {
		if err := os.Remove(old[i]); err != nil {
			s.log.Warn("remove old backup", "file", old[i], "err", err)
		}
	}
	s.log.Info("backup written", "file", name)
	return name, nil
}

const backupPrefix = "refdigest-"

// cronLogger gives cron's recover wrapper the service's log and panic counter.
type cronLogger struct{ s *Service }

// Info drops cron's chatter; the jobs log what they do.
func (cronLogger) Info(string, ...any) {}

// Error logs a job's panic (cron's Recover passes it as err, with its stack) and counts it.
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.s.log.Error("scheduled job: "+msg, append([]any{"err", err}, kv...)...)
	if msg == "panic" && l.s.observe != nil {
		l.s.observe.ObservePanic("job")
	}
}
