package deliver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/refdigest/refdigest/store"
)

// Store is what delivery needs from the store.
type Store interface {
	EachSubscriber(batch int, fn func(store.Subscriber) error) error
	UpdateSubscriber(chatID int64, fn func(*store.Subscriber, bool) error) (store.Subscriber, error)
	MoveSubscriber(from, to int64) error
	EnqueueJobs(jobs []store.Job) (int, error)
	Jobs(date string, st store.JobState, due time.Time, after []byte, limit int) ([]store.Job, []byte, error)
	ChatJobs(date string, chatID int64) ([]store.Job, error)
	Transition(key []byte, from, to store.JobState, edit func(*store.Job)) (store.Job, error)
	AbandonSending(reason string) (int, error)
	JobCounts(date string) (map[store.JobState]int, error)
	Digest(date string) (store.DigestRecord, error)
}

// Options tune a Deliverer.
type Options struct {
	// Workers is how many sends may be in flight at once: enough to reach the global rate when
	// each call takes a few hundred milliseconds. Default 32.
	Workers int
	// MaxAttempts bounds retries of 5xx and network errors. Default 5.
	MaxAttempts int
	// Backoff is the first retry delay after a transient error; it doubles. Default 1s.
	Backoff time.Duration
	// Location is the time zone of subscribers' delivery times.
	Location *time.Location
	// Channels always get every digest in both languages (telegram.channels).
	Channels []int64
	// Scan is how often due jobs are looked for when nothing wakes the loop. Default 1s.
	Scan   time.Duration
	Clock  func() time.Time
	Logger *slog.Logger
}

// Deliverer owns the outbox and all sending.
type Deliverer struct {
	st   Store
	api  API
	lim  *Limiter
	opts Options
	log  *slog.Logger

	wake chan struct{}

	mu       sync.Mutex
	inflight map[int64]bool
	digests  map[string]store.DigestRecord

	sent, failed, retries, throttled, lost atomic.Int64

	rateMu  sync.Mutex
	rateWin []time.Time // send times of the last 10 s, for the rate estimate
}

// New makes a Deliverer. Run must be running for anything to be sent.
func New(st Store, api API, lim *Limiter, opts Options) *Deliverer {
	if opts.Workers <= 0 {
		opts.Workers = 32
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.Scan <= 0 {
		opts.Scan = time.Second
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Deliverer{st: st, api: api, lim: lim, opts: opts, log: opts.Logger,
		wake: make(chan struct{}, 1), inflight: map[int64]bool{}, digests: map[string]store.DigestRecord{}}
}

// Reply sends a reply to a user now, ahead of digest traffic, waiting out a 429 if one comes.
func (d *Deliverer) Reply(ctx context.Context, m Message) (int, error) {
	for attempt := 1; ; attempt++ {
		if err := d.lim.Wait(ctx, m.ChatID, true); err != nil {
			return 0, fmt.Errorf("deliver: reply: %w", err)
		}
		id, err := d.api.Send(ctx, m)
		switch k := Classify(err); {
		case k == KindNone:
			d.countSent()
			return id, nil
		case k == KindRetryAfter && attempt < 3:
			d.throttled.Add(1)
			d.lim.Pause(retryDelay(err))
		case k == KindTransient && attempt < 3:
			if !sleep(ctx, d.opts.Backoff) {
				return 0, ctx.Err()
			}
		case k == KindGone:
			d.deactivate(m.ChatID, err)
			return 0, fmt.Errorf("deliver: reply: %w", err)
		default:
			if k == KindBadMessage {
				d.log.Error("telegram rejected a reply: this is a bug", "text_id", m.ID, "chat_id", m.ChatID, "err", err)
			}
			return 0, fmt.Errorf("deliver: reply: %w", err)
		}
	}
}

// Enqueue creates the day's jobs for every active subscriber and for the channels: one job
// per message part per digest language. A subscriber with a delivery time gets it at the next
// such time after built. Jobs that exist already are left as they are, so enqueueing twice
// sends nothing twice. Subscribers are read in batches: memory does not grow with their number.
func (d *Deliverer) Enqueue(ctx context.Context, rec store.DigestRecord, built time.Time) (int, error) {
	const batch = 1000
	total := 0
	var jobs []store.Job
	flush := func() error {
		n, err := d.st.EnqueueJobs(jobs)
		total += n
		jobs = jobs[:0]
		return err
	}
	add := func(chatID int64, langs []string, due time.Time) {
		for _, l := range langs {
			for part := range rec.HTML[l] {
				jobs = append(jobs, store.Job{Date: rec.Date, ChatID: chatID, Lang: l, Part: part, Due: due})
			}
		}
	}
	for _, ch := range d.opts.Channels {
		add(ch, []string{"kk", "ru"}, time.Time{})
	}
	err := d.st.EachSubscriber(batch, func(sub store.Subscriber) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !sub.Active {
			return nil
		}
		add(sub.ChatID, Langs(sub.Lang), DueAt(sub.Time, built, d.opts.Location))
		if len(jobs) >= batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return total, fmt.Errorf("deliver: enqueue %s: %w", rec.Date, err)
	}
	d.Wake()
	return total, nil
}

// Langs expands a subscriber's language choice into digest languages, Kazakh first.
func Langs(choice string) []string {
	switch choice {
	case "kk":
		return []string{"kk"}
	case "ru":
		return []string{"ru"}
	}
	return []string{"kk", "ru"}
}

// DueAt is when a subscriber with delivery time hhmm ("HH:MM", local) gets a digest built at
// built: the next such time, or at once when hhmm is empty or invalid.
func DueAt(hhmm string, built time.Time, loc *time.Location) time.Time {
	t, err := time.Parse("15:04", hhmm)
	if hhmm == "" || err != nil {
		return time.Time{}
	}
	b := built.In(loc)
	due := time.Date(b.Year(), b.Month(), b.Day(), t.Hour(), t.Minute(), 0, 0, loc)
	if due.Before(b) {
		due = due.AddDate(0, 0, 1)
	}
	return due
}

// Wake makes Run look for due jobs now.
func (d *Deliverer) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run sends due jobs until ctx is done. At start it gives up jobs a crash left in `sending`
// (at most once) and logs how many. It returns after in-flight sends have finished.
func (d *Deliverer) Run(ctx context.Context) error {
	lost, err := d.st.AbandonSending("interrupted by a crash or kill while sending: not resent (at most once)")
	if err != nil {
		return fmt.Errorf("deliver: recover: %w", err)
	}
	if lost > 0 {
		d.lost.Add(int64(lost))
		d.log.Warn("messages possibly lost in a crash", "count", lost)
	}
	limCtx, stopLim := context.WithCancel(context.WithoutCancel(ctx))
	defer stopLim()
	go d.lim.Run(limCtx)

	work := make(chan []store.Job)
	var wg sync.WaitGroup
	for range d.opts.Workers {
		wg.Go(func() {
			for jobs := range work {
				d.sendChat(ctx, jobs)
				d.mu.Lock()
				delete(d.inflight, jobs[0].ChatID)
				d.mu.Unlock()
			}
		})
	}
	defer func() {
		close(work)
		wg.Wait()
	}()
	ticker := time.NewTicker(d.opts.Scan)
	defer ticker.Stop()
	for {
		if err := d.dispatch(ctx, work); err != nil && ctx.Err() == nil {
			d.log.Error("delivery scan failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-ticker.C:
		}
	}
}

// dispatch pages through the due pending jobs of recent days and hands each chat's jobs to a
// worker as one unit, so a chat's parts go out in order and one at a time.
func (d *Deliverer) dispatch(ctx context.Context, work chan<- []store.Job) error {
	now := d.opts.Clock()
	today := now.In(d.opts.Location)
	for back := 3; back >= 0; back-- {
		date := today.AddDate(0, 0, -back).Format(time.DateOnly)
		var after []byte
		for {
			page, last, err := d.st.Jobs(date, store.JobPending, now, after, 500)
			if err != nil {
				return err
			}
			for len(page) > 0 {
				n := 1
				for n < len(page) && page[n].ChatID == page[0].ChatID {
					n++
				}
				group := page[:n:n]
				page = page[n:]
				d.mu.Lock()
				busy := d.inflight[group[0].ChatID]
				if !busy {
					d.inflight[group[0].ChatID] = true
				}
				d.mu.Unlock()
				if busy {
					continue
				}
				select {
				case work <- group:
				case <-ctx.Done():
					d.mu.Lock()
					delete(d.inflight, group[0].ChatID)
					d.mu.Unlock()
					return nil
				}
			}
			if last == nil {
				break
			}
			after = last
		}
	}
	return nil
}

// sendChat sends one chat's due jobs in order.
func (d *Deliverer) sendChat(ctx context.Context, jobs []store.Job) {
	for _, j := range jobs {
		if ctx.Err() != nil {
			return
		}
		if !d.sendJob(ctx, j) {
			return
		}
	}
}

// sendJob sends one job and records the outcome; false means the chat's remaining jobs must
// not be sent now.
func (d *Deliverer) sendJob(ctx context.Context, j store.Job) bool {
	key := j.Key()
	rec, err := d.digest(j.Date)
	if err != nil {
		d.log.Error("delivery: digest missing", "date", j.Date, "err", err)
		d.finish(key, store.JobFailed, "digest missing: "+err.Error())
		return false
	}
	parts := rec.HTML[j.Lang]
	if j.Part >= len(parts) {
		d.finish(key, store.JobFailed, "digest has no such part")
		return true
	}
	// Waiting for the limiter happens before the job is claimed: a shutdown while waiting
	// leaves it pending, to be sent after the restart.
	if err := d.lim.Wait(ctx, j.ChatID, false); err != nil {
		return false
	}
	if _, err := d.st.Transition(key, store.JobPending, store.JobSending, func(j *store.Job) { j.Attempts++ }); err != nil {
		if !errors.Is(err, store.ErrJobState) {
			d.log.Error("delivery: claim job", "err", err)
		}
		return false
	}
	msg := Message{ChatID: j.ChatID, Text: parts[j.Part], DisablePreview: true,
		ID: fmt.Sprintf("digest %s %s %d/%d", j.Date, j.Lang, j.Part+1, len(parts))}
	// A send that has started is let finish (bounded) even on shutdown: abandoning it would
	// lose a message that Telegram may already have delivered.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	for attempt := 1; ; attempt++ {
		_, err := d.api.Send(sendCtx, msg)
		switch Classify(err) {
		case KindNone:
			d.countSent()
			d.finish(key, store.JobSent, "")
			return true
		case KindRetryAfter:
			d.throttled.Add(1)
			d.lim.Pause(retryDelay(err))
			if attempt >= 20 {
				d.fail(key, err)
				return false
			}
			if err := d.lim.Wait(sendCtx, j.ChatID, false); err != nil {
				d.finish(key, store.JobPending, err.Error())
				return false
			}
		case KindTransient:
			if attempt >= d.opts.MaxAttempts || ctx.Err() != nil {
				d.fail(key, err)
				return ctx.Err() == nil
			}
			d.retries.Add(1)
			if !sleep(ctx, d.opts.Backoff<<(attempt-1)) {
				// Shutting down: whether the failed send reached Telegram is unknown, and a
				// 5xx almost always means it did not; back to pending for the restart.
				d.finish(key, store.JobPending, err.Error())
				return false
			}
			if err := d.lim.Wait(sendCtx, j.ChatID, false); err != nil {
				d.finish(key, store.JobPending, err.Error())
				return false
			}
		case KindGone:
			d.fail(key, err)
			d.deactivate(j.ChatID, err)
			d.failRest(j, "chat unreachable: "+err.Error())
			return false
		case KindMigrated:
			var ae *APIError
			errors.As(err, &ae)
			d.fail(key, err)
			d.migrate(j, ae.MigrateTo)
			return false
		case KindBadMessage:
			d.log.Error("telegram rejected a digest message: this is a bug, not retried", "text_id", msg.ID, "chat_id", j.ChatID, "err", err)
			d.fail(key, err)
			return true
		default:
			d.fail(key, err)
			return true
		}
	}
}

func (d *Deliverer) digest(date string) (store.DigestRecord, error) {
	d.mu.Lock()
	rec, ok := d.digests[date]
	d.mu.Unlock()
	if ok {
		return rec, nil
	}
	rec, err := d.st.Digest(date)
	if err != nil {
		return rec, err
	}
	d.mu.Lock()
	d.digests[date] = rec
	d.mu.Unlock()
	return rec, nil
}

// Forget drops a cached digest (it was rebuilt).
func (d *Deliverer) Forget(date string) {
	d.mu.Lock()
	delete(d.digests, date)
	d.mu.Unlock()
}

func (d *Deliverer) finish(key []byte, to store.JobState, reason string) {
	if _, err := d.st.Transition(key, store.JobSending, to, func(j *store.Job) { j.LastError = reason }); err != nil {
		d.log.Error("delivery: record job state", "state", to, "err", err)
	}
}

func (d *Deliverer) fail(key []byte, err error) {
	d.failed.Add(1)
	d.finish(key, store.JobFailed, err.Error())
}

// failRest ends a chat's other pending jobs of the day: the chat cannot receive them.
func (d *Deliverer) failRest(j store.Job, reason string) {
	jobs, err := d.st.ChatJobs(j.Date, j.ChatID)
	if err != nil {
		d.log.Error("delivery: chat jobs", "err", err)
		return
	}
	for _, other := range jobs {
		if other.State == store.JobPending {
			_, _ = d.st.Transition(other.Key(), store.JobPending, store.JobFailed, func(x *store.Job) { x.LastError = reason })
		}
	}
}

func (d *Deliverer) deactivate(chatID int64, cause error) {
	_, err := d.st.UpdateSubscriber(chatID, func(sub *store.Subscriber, created bool) error {
		if created {
			return errNoSubscriber
		}
		sub.Active, sub.InactiveReason = false, cause.Error()
		return nil
	})
	if err != nil && !errors.Is(err, errNoSubscriber) {
		d.log.Error("delivery: deactivate subscriber", "chat_id", chatID, "err", err)
		return
	}
	d.log.Info("subscriber deactivated", "chat_id", chatID, "reason", cause.Error())
}

var errNoSubscriber = errors.New("no such subscriber")

// migrate moves a group that became a supergroup and queues the rest of its day there.
func (d *Deliverer) migrate(j store.Job, to int64) {
	if err := d.st.MoveSubscriber(j.ChatID, to); err != nil && !errors.Is(err, store.ErrNotFound) {
		d.log.Error("delivery: move subscriber", "from", j.ChatID, "to", to, "err", err)
	}
	jobs, err := d.st.ChatJobs(j.Date, j.ChatID)
	if err != nil {
		d.log.Error("delivery: chat jobs", "err", err)
		return
	}
	var moved []store.Job
	for _, o := range jobs {
		switch {
		case o.Lang == j.Lang && o.Part == j.Part: // the one that just failed
		case o.State == store.JobPending:
			_, _ = d.st.Transition(o.Key(), store.JobPending, store.JobFailed, func(x *store.Job) { x.LastError = fmt.Sprintf("moved to chat %d", to) })
		default:
			continue
		}
		moved = append(moved, store.Job{Date: o.Date, ChatID: to, Lang: o.Lang, Part: o.Part})
	}
	if _, err := d.st.EnqueueJobs(moved); err != nil {
		d.log.Error("delivery: enqueue for migrated chat", "err", err)
	}
	d.log.Info("chat migrated", "from", j.ChatID, "to", to, "jobs", len(moved))
	d.Wake()
}

func (d *Deliverer) countSent() {
	d.sent.Add(1)
	now := time.Now()
	d.rateMu.Lock()
	d.rateWin = append(d.rateWin, now)
	cut := 0
	for cut < len(d.rateWin) && now.Sub(d.rateWin[cut]) > 10*time.Second {
		cut++
	}
	d.rateWin = d.rateWin[cut:]
	d.rateMu.Unlock()
}

// Stats are delivery counters since start.
type Stats struct {
	Sent, Failed, Retries, Throttled, Lost int64
	// RatePerSecond is the send rate over the last 10 seconds.
	RatePerSecond float64
}

// Stats returns the counters.
func (d *Deliverer) Stats() Stats {
	d.rateMu.Lock()
	n := 0
	for _, t := range d.rateWin {
		if time.Since(t) <= 10*time.Second {
			n++
		}
	}
	d.rateMu.Unlock()
	return Stats{Sent: d.sent.Load(), Failed: d.failed.Load(), Retries: d.retries.Load(),
		Throttled: d.throttled.Load(), Lost: d.lost.Load(), RatePerSecond: float64(n) / 10}
}

// Progress counts a day's jobs by state.
func (d *Deliverer) Progress(date string) (map[store.JobState]int, error) {
	return d.st.JobCounts(date)
}

func retryDelay(err error) time.Duration {
	var ae *APIError
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		// A little over what Telegram asked: its clock and ours differ by some milliseconds.
		return ae.RetryAfter + ae.RetryAfter/10 + 100*time.Millisecond
	}
	return time.Second
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
