package deliver

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// Store is what delivery needs from the store.
type Store interface {
	EachSubscriber(batch int, fn func(store.Subscriber) error) error
	Subscriber(chatID int64) (store.Subscriber, error)
	UpdateSubscriber(chatID int64, fn func(*store.Subscriber, bool) error) (store.Subscriber, error)
	MoveSubscriber(from, to int64) error
	EnqueueJobs(jobs []store.Job) (int, error)
	PendingAlerts(due time.Time, limit int) ([]store.Job, error)
	ReplaceChatJobs(date string, chatID int64, jobs []store.Job) (bool, error)
	PendingJobs(date string, due time.Time, after []byte, limit int) ([]store.Job, []byte, time.Time, error)
	ChatJobs(date string, chatID int64) ([]store.Job, error)
	Transition(key []byte, from, to store.JobState, edit func(*store.Job)) (store.Job, error)
	AbandonSending(reason string) (int, error)
	JobCounts(date string) (map[store.JobState]int, error)
	Digest(date string) (store.DigestRecord, error)
}

// Options tune a Deliverer.
type Options struct {
	// Workers is how many chats are served at once. Each worker waits for the limiter, then
	// for Telegram; to keep the global rate busy while calls take a few hundred milliseconds
	// and a chat's own spacing holds its worker for a second, the default is twice the global
	// rate (one second's worth of messages in flight, twice over), at least 32.
	Workers int
	// MaxInFlight bounds the digest calls under way at once: a job is `sending` from just
	// before its call until its outcome is recorded, so this is also the most a kill can
	// lose (at most once). Default half a second of the global rate, at least 16: enough
	// to keep the rate busy with calls of a few hundred milliseconds.
	MaxInFlight int
	// MaxAttempts bounds the sends of one message that end in 5xx or network errors. Default 5.
	MaxAttempts int
	// Backoff is the first retry delay after a transient error; it doubles. Default 1s.
	Backoff time.Duration
	// CallTimeout bounds one Bot API call. A call that times out is not retried: Telegram may
	// have delivered the message. Default 30s.
	CallTimeout time.Duration
	// Location is the time zone of subscribers' delivery times and of digest dates.
	Location *time.Location
	// Channels always get every digest in both languages (telegram.channels).
	Channels []int64
	// Scan is the longest the send loop sleeps without being woken. Enqueue, a migration and
	// a chat skipped while busy wake it, and it wakes itself when the next delivery time
	// comes; the scan is only a safety net. Default 30s.
	Scan   time.Duration
	Clock  func() time.Time
	Logger *slog.Logger
}

// scanDays is how many days of outbox the send loop looks at, today included: a digest
// built late in the evening is still being delivered after midnight.
const scanDays = 4

// maxThrottled bounds the 429 answers one message may get before it is given up.
const maxThrottled = 20

// rateWindow is the span of the "rate now" figure.
const rateWindow = 10 * time.Second

// lostReason is the LastError of jobs a crash left in `sending`.
const lostReason = "interrupted by a crash or kill while sending: not resent (at most once)"

// Deliverer owns the outbox and all sending.
type Deliverer struct {
	st   Store
	api  API
	lim  *Limiter
	opts Options
	log  *slog.Logger

	wake    chan struct{}
	skipped atomic.Bool // a due job was passed over because its chat was busy
	// alertsQueued tells a scan under way that alerts were queued: they go first.
	alertsQueued atomic.Bool

	mu       sync.Mutex
	inflight map[int64]bool
	digests  map[string]store.DigestRecord
	// extra are chats that get digests without being subscribers: the channels, and the
	// supergroups those became.
	extra map[int64]bool

	sent, replies, failed, moved, retries, throttled, lost atomic.Int64
	// inFlight counts digest jobs claimed (`sending`) whose outcome is not yet recorded:
	// what a kill at this moment would lose. slots bounds it (Options.MaxInFlight).
	inFlight atomic.Int64
	slots    chan struct{}

	rateMu  sync.Mutex
	rateWin []time.Time // send times of the last rateWindow
}

// New makes a Deliverer. Run must be running for anything to be sent, replies included.
func New(st Store, api API, lim *Limiter, opts Options) *Deliverer {
	if opts.Workers <= 0 {
		opts.Workers = 32
		if g := lim.rates.GlobalPerSecond; g > 0 && g < 1e5 {
			opts.Workers = max(32, int(math.Ceil(2*g)))
		}
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 16
		if g := lim.rates.GlobalPerSecond; g > 0 && g < 1e5 {
			opts.MaxInFlight = max(16, int(math.Ceil(g/2)))
		}
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = 30 * time.Second
	}
	if opts.Scan <= 0 {
		opts.Scan = 30 * time.Second
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
	extra := make(map[int64]bool, len(opts.Channels))
	for _, ch := range opts.Channels {
		extra[ch] = true
	}
	return &Deliverer{st: st, api: api, lim: lim, opts: opts, log: opts.Logger,
		wake: make(chan struct{}, 1), slots: make(chan struct{}, opts.MaxInFlight), inflight: map[int64]bool{}, digests: map[string]store.DigestRecord{},
		extra: extra}
}

// Reply sends a reply to a user now, ahead of digest traffic, waiting out a 429 if one comes.
func (d *Deliverer) Reply(ctx context.Context, m botapi.Message) (int, error) {
	for attempt := 1; ; attempt++ {
		done, err := d.lim.Wait(ctx, m.ChatID, true)
		if err != nil {
			return 0, fmt.Errorf("deliver: reply: %w", err)
		}
		callCtx, cancel := context.WithTimeout(ctx, d.opts.CallTimeout)
		id, err := d.api.Send(callCtx, m)
		cancel()
		done()
		switch k := botapi.Classify(err); {
		case k == botapi.KindNone:
			d.replies.Add(1)
			d.countSent()
			return id, nil
		case k == botapi.KindRetryAfter && attempt < 3:
			d.throttled.Add(1)
			d.lim.Pause(retryDelay(err))
		case k == botapi.KindTransient && attempt < 3 && ctx.Err() == nil:
			d.retries.Add(1)
			if !sleep(ctx, d.opts.Backoff) {
				return 0, fmt.Errorf("deliver: reply: %w", ctx.Err())
			}
		case k == botapi.KindGone:
			d.deactivate(m.ChatID, err)
			return 0, fmt.Errorf("deliver: reply: %w", err)
		default:
			if k == botapi.KindRetryAfter {
				d.throttled.Add(1)
			}
			if k == botapi.KindBadMessage {
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
	jobs := make([]store.Job, 0, batch+8)
	flush := func() error {
		if len(jobs) == 0 {
			return nil
		}
		n, err := d.st.EnqueueJobs(jobs)
		total += n
		clear(jobs) // drop the strings for the collector
		jobs = jobs[:0]
		return err
	}
	add := func(chatID int64, langs []string, due time.Time, own bool) {
		jobs = appendDigestJobs(jobs, rec, chatID, langs, due, own)
	}
	for _, ch := range d.opts.Channels {
		add(ch, []string{"kk", "ru"}, time.Time{}, false)
	}
	err := d.st.EachSubscriber(batch, func(sub store.Subscriber) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !sub.Active {
			return nil
		}
		add(sub.ChatID, Langs(sub.Lang), DueAt(sub.Time, built, d.opts.Location), sub.OwnLangOnly())
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

// EnqueueAlerts stores one collection pass's follow alerts (one message per chat) as jobs of
// date and the pass's part (store.AlertPass), due at once, and wakes the send loop. They go
// out like digest messages: in the digest lane below replies, at most once across a crash,
// and a pending alert survives a restart. A chat's job of a part that is already queued (the
// same pass run again after a kill) is kept as it is, sent or not: never queued twice.
func (d *Deliverer) EnqueueAlerts(ctx context.Context, date string, part int, msgs []botapi.Message) (int, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	batch := part
	jobs := make([]store.Job, 0, len(msgs))
	for _, m := range msgs {
		if err := ctx.Err(); err != nil {
			return 0, fmt.Errorf("deliver: enqueue alerts: %w", err)
		}
		jobs = append(jobs, store.Job{Date: date, ChatID: m.ChatID, Lang: store.AlertLang, Part: batch, Text: m.Text})
	}
	n, err := d.st.EnqueueJobs(jobs)
	if err != nil {
		return n, fmt.Errorf("deliver: enqueue alerts: %w", err)
	}
	d.alertsQueued.Store(true)
	d.Wake()
	return n, nil
}

// Requeue rebuilds a subscriber's digest jobs of the recent days after they changed their
// settings (languages, delivery time, only-my-language), for each day none of whose
// messages has gone out yet: they then get that day's digest as they now want it, at their
// new time. It returns how many days were requeued.
func (d *Deliverer) Requeue(ctx context.Context, chatID int64) (int, error) {
	sub, err := d.st.Subscriber(chatID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("deliver: requeue %d: %w", chatID, err)
	}
	if !sub.Active {
		return 0, nil // its queued jobs end when their turn comes
	}
	today := d.opts.Clock().In(d.opts.Location)
	n := 0
	for back := scanDays - 1; back >= 0; back-- {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("deliver: requeue %d: %w", chatID, err)
		}
		date := today.AddDate(0, 0, -back).Format(time.DateOnly)
		rec, err := d.digest(date)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("deliver: requeue %d: %w", chatID, err)
		}
		jobs := appendDigestJobs(nil, rec, chatID, Langs(sub.Lang), DueAt(sub.Time, rec.Built, d.opts.Location), sub.OwnLangOnly())
		ok, err := d.st.ReplaceChatJobs(date, chatID, jobs)
		if err != nil {
			return n, fmt.Errorf("deliver: requeue %d: %w", chatID, err)
		}
		if ok {
			n++
		}
	}
	if n > 0 {
		d.log.Info("deliveries requeued for new settings", "chat_id", chatID, "days", n)
		d.Wake()
	}
	return n, nil
}

// appendDigestJobs appends one job per message part of rec per language for a chat: the
// parts of the own-language-only rendering when own is set.
func appendDigestJobs(jobs []store.Job, rec store.DigestRecord, chatID int64, langs []string, due time.Time, own bool) []store.Job {
	for _, l := range langs {
		for part := range rec.Parts(l, own) {
			jobs = append(jobs, store.Job{Date: rec.Date, ChatID: chatID, Lang: l, Part: part, Due: due, Own: own})
		}
	}
	return jobs
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
	lost, err := d.st.AbandonSending(lostReason)
	if err != nil {
		return fmt.Errorf("deliver: recover: %w", err)
	}
	if lost > 0 {
		d.lost.Add(int64(lost))
		d.log.Warn("digest messages possibly lost in a crash: not resent", "count", lost)
	}
	// The limiter outlives ctx until the workers are done: a send already allowed finishes.
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
				if d.skipped.Swap(false) {
					d.Wake()
				}
			}
		})
	}
	defer func() {
		close(work)
		wg.Wait()
	}()
	timer := time.NewTimer(d.opts.Scan)
	defer timer.Stop()
	for {
		next, err := d.dispatch(ctx, work)
		if err != nil && ctx.Err() == nil {
			d.log.Error("delivery scan failed", "err", err)
		}
		wait := d.opts.Scan
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(d.opts.Clock()), 10*time.Millisecond))
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-timer.C:
		}
	}
}

// dispatch pages through the due pending jobs of recent days (the store's pending index:
// finished jobs and jobs due later are not read) and hands each chat's due jobs to
// a worker as one unit, so a chat's parts go out in order and one at a time. It returns the
// earliest due time of the jobs not due yet (zero if none).
func (d *Deliverer) dispatch(ctx context.Context, work chan<- []store.Job) (time.Time, error) {
	now := d.opts.Clock()
	today := now.In(d.opts.Location)
	var next time.Time
	d.alertsQueued.Store(false)
	if err := d.dispatchAlerts(ctx, work, now); err != nil || ctx.Err() != nil {
		return next, err
	}
	dates := make(map[string]bool, scanDays)
	for back := scanDays - 1; back >= 0; back-- {
		date := today.AddDate(0, 0, -back).Format(time.DateOnly)
		dates[date] = true
		var after []byte
		for {
			// Only the due jobs are read; the index gives the next due time of the others.
			due, last, later, err := d.st.PendingJobs(date, now, after, 500)
			if err != nil {
				return next, err
			}
			if !later.IsZero() && (next.IsZero() || later.Before(next)) {
				next = later
			}
			for len(due) > 0 {
				if d.alertsQueued.Swap(false) {
					// Alerts queued meanwhile go ahead of the digest messages still waiting.
					if err := d.dispatchAlerts(ctx, work, now); err != nil || ctx.Err() != nil {
						return next, err
					}
				}
				var group []store.Job
				group, due = firstChat(due)
				if !d.hand(ctx, work, group) {
					return next, nil
				}
			}
			if last == nil {
				break
			}
			after = last
		}
	}
	d.mu.Lock()
	for date := range d.digests {
		if !dates[date] {
			delete(d.digests, date)
		}
	}
	d.mu.Unlock()
	return next, nil
}

// dispatchAlerts hands the due follow alerts of every day to workers, a chat's at a time.
func (d *Deliverer) dispatchAlerts(ctx context.Context, work chan<- []store.Job, now time.Time) error {
	const page = 500
	alerts, err := d.st.PendingAlerts(now, page)
	if err != nil {
		return err
	}
	if len(alerts) == page {
		d.alertsQueued.Store(true) // more than a page: the next group takes the rest
	}
	slices.SortStableFunc(alerts, func(a, b store.Job) int { return cmp.Compare(a.ChatID, b.ChatID) })
	for len(alerts) > 0 {
		var group []store.Job
		group, alerts = firstChat(alerts)
		if !d.hand(ctx, work, group) {
			return nil
		}
	}
	return nil
}

// firstChat splits off the leading jobs of one chat from jobs ordered by chat.
func firstChat(jobs []store.Job) (group, rest []store.Job) {
	n := 1
	for n < len(jobs) && jobs[n].ChatID == jobs[0].ChatID {
		n++
	}
	return jobs[:n:n], jobs[n:]
}

// hand gives one chat's jobs to a worker unless the chat is being served already (its
// worker wakes the loop when done, and the next scan takes them). false means ctx ended.
func (d *Deliverer) hand(ctx context.Context, work chan<- []store.Job, group []store.Job) bool {
	chat := group[0].ChatID
	d.mu.Lock()
	busy := d.inflight[chat]
	if !busy {
		d.inflight[chat] = true
	}
	d.mu.Unlock()
	if busy {
		d.skipped.Store(true)
		return true
	}
	select {
	case work <- group:
		return true
	case <-ctx.Done():
		d.mu.Lock()
		delete(d.inflight, chat)
		d.mu.Unlock()
		return false
	}
}

// sendChat sends one chat's due jobs in order.
func (d *Deliverer) sendChat(ctx context.Context, jobs []store.Job) {
	reason, err := d.unreachable(jobs[0].ChatID)
	if err != nil {
		// Left pending: better late than sent to someone who has left.
		d.log.Error("delivery: look up subscriber", "chat_id", jobs[0].ChatID, "err", err)
		return
	}
	if reason != "" {
		for _, j := range jobs {
			d.end(j.Key(), reason)
		}
		return
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			return
		}
		if !d.sendJob(ctx, j) {
			return
		}
	}
}

// unreachable tells why a chat must not get its queued jobs (it unsubscribed or was found
// unreachable since they were queued), or "" when it may.
func (d *Deliverer) unreachable(chatID int64) (string, error) {
	d.mu.Lock()
	ok := d.extra[chatID]
	d.mu.Unlock()
	if ok {
		return "", nil
	}
	sub, err := d.st.Subscriber(chatID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "not subscribed any more", nil
	case err != nil:
		return "", err
	case !sub.Active:
		return "subscriber inactive: " + sub.InactiveReason, nil
	}
	return "", nil
}

// sendJob sends one job and records the outcome; false means the chat's remaining jobs must
// not be sent now.
func (d *Deliverer) sendJob(ctx context.Context, j store.Job) bool {
	key := j.Key()
	msg, ok := d.message(j)
	if !ok {
		return false
	}
	if msg.Text == "" {
		return true // ended: the job's digest or part is gone
	}
	transient, throttled := 0, 0
	for {
		// The job is `sending` only while its own call is under way: it is claimed once the
		// limiter allows the call and handed back to pending when Telegram refuses it (429,
		// 5xx), so what a kill can lose is the calls in flight, not the ones waiting to retry.
		done, err := d.lim.Wait(ctx, j.ChatID, false)
		if err != nil {
			return false
		}
		select {
		case d.slots <- struct{}{}:
		case <-ctx.Done():
			done()
			return false
		}
		claimed, err := d.st.Transition(key, store.JobPending, store.JobSending, func(x *store.Job) { x.Attempts++ })
		if err != nil {
			<-d.slots
			done()
			if errors.Is(err, store.ErrJobState) || errors.Is(err, store.ErrNotFound) {
				return true // ended meanwhile (the chat failed or moved)
			}
			d.log.Error("delivery: claim job", "err", err)
			return false
		}
		if claimed.Own != j.Own || claimed.Text != j.Text || !claimed.Due.Equal(j.Due) {
			// Requeued meanwhile for new settings: the next scan sends the job as it is now.
			d.finish(key, store.JobPending, "")
			<-d.slots
			done()
			return false
		}
		d.inFlight.Add(1)
		// A send that has started is let finish (bounded) even on shutdown: abandoning it
		// would lose a message that Telegram may already have delivered.
		callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.opts.CallTimeout)
		_, err = d.api.Send(callCtx, msg)
		cancel()
		done()
		then, wait := d.settle(j, msg.ID, err, &transient, &throttled)
		d.inFlight.Add(-1)
		<-d.slots
		switch {
		case then == next:
			return true
		case then == stop:
			return false
		case !sleep(ctx, wait):
			return false // shutting down: the job is pending, sent after the restart
		}
	}
}

// outcome is what sendJob does after a call.
type outcome int

const (
	next  outcome = iota // go on with the chat's next job
	stop                 // leave the chat's remaining jobs for later
	retry                // send this job again
)

// settle records the outcome of one call of a claimed job. A refused call (429, 5xx, a
// refused connection) hands the job back to pending; wait is how long to wait before the
// retry (the limiter's pause covers a 429).
func (d *Deliverer) settle(j store.Job, textID string, err error, transient, throttled *int) (then outcome, wait time.Duration) {
	key := j.Key()
	switch botapi.Classify(err) {
	case botapi.KindNone:
		d.countSent()
		d.finish(key, store.JobSent, "")
		return next, 0
	case botapi.KindRetryAfter:
		*throttled++
		d.throttled.Add(1)
		d.lim.Pause(retryDelay(err))
		if *throttled >= maxThrottled {
			d.fail(key, err)
			return stop, 0
		}
		d.finish(key, store.JobPending, err.Error())
		return retry, 0
	case botapi.KindTransient:
		if errors.Is(err, context.DeadlineExceeded) {
			d.fail(key, fmt.Errorf("no answer within %s, not retried (it may have been delivered): %w", d.opts.CallTimeout, err))
			return next, 0
		}
		*transient++
		if *transient >= d.opts.MaxAttempts {
			d.fail(key, fmt.Errorf("gave up after %d attempts: %w", *transient, err))
			return next, 0
		}
		d.retries.Add(1)
		d.finish(key, store.JobPending, err.Error())
		return retry, backoff(d.opts.Backoff, *transient)
	case botapi.KindGone:
		d.fail(key, err)
		d.deactivate(j.ChatID, err)
		d.failRest(j, "chat unreachable: "+err.Error())
		return stop, 0
	case botapi.KindMigrated:
		var ae *botapi.APIError
		errors.As(err, &ae)
		d.moved.Add(1)
		d.finish(key, store.JobFailed, fmt.Sprintf("moved to chat %d", ae.MigrateTo))
		d.migrate(j, ae.MigrateTo)
		return stop, 0
	case botapi.KindBadMessage:
		d.log.Error("telegram rejected a digest message: this is a bug, not retried",
			"text_id", textID, "chat_id", j.ChatID, "err", err)
		d.fail(key, err)
		return next, 0
	default:
		d.fail(key, err)
		return next, 0
	}
}

// message is the text of job j: an alert's own, or its part of the stored digest. ok false
// means the digest could not be read now (the job stays pending); an empty text means the
// job was ended because there is nothing to send.
func (d *Deliverer) message(j store.Job) (m botapi.Message, ok bool) {
	key := j.Key()
	if j.Lang == store.AlertLang {
		if j.Text == "" {
			d.end(key, "alert has no text")
			return botapi.Message{}, true
		}
		return botapi.Message{ChatID: j.ChatID, Text: j.Text, DisablePreview: true, ID: "alert"}, true
	}
	rec, err := d.digest(j.Date)
	if errors.Is(err, store.ErrNotFound) {
		d.log.Error("delivery: digest missing", "date", j.Date)
		d.end(key, "digest missing")
		return botapi.Message{}, true
	}
	if err != nil {
		d.log.Error("delivery: read digest", "date", j.Date, "err", err)
		return botapi.Message{}, false
	}
	parts := rec.Parts(j.Lang, j.Own)
	if j.Part >= len(parts) {
		d.end(key, "digest has no such part")
		return botapi.Message{}, true
	}
	return botapi.Message{ChatID: j.ChatID, Text: parts[j.Part], DisablePreview: true,
		ID: fmt.Sprintf("digest %s %s %d/%d", j.Date, j.Lang, j.Part+1, len(parts))}, true
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

// finish records the outcome of a claimed job.
func (d *Deliverer) finish(key []byte, to store.JobState, reason string) {
	_, err := d.st.Transition(key, store.JobSending, to, func(j *store.Job) { j.LastError = reason })
	if err != nil {
		d.log.Error("delivery: record job state", "state", to, "err", err)
	}
}

func (d *Deliverer) fail(key []byte, err error) {
	d.failed.Add(1)
	d.finish(key, store.JobFailed, err.Error())
}

// end fails a job that was never claimed.
func (d *Deliverer) end(key []byte, reason string) {
	_, err := d.st.Transition(key, store.JobPending, store.JobFailed, func(x *store.Job) { x.LastError = reason })
	switch {
	case err == nil:
		d.failed.Add(1)
	case !errors.Is(err, store.ErrJobState):
		d.log.Error("delivery: end job", "err", err)
	}
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
			d.end(other.Key(), reason)
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
	switch {
	case errors.Is(err, errNoSubscriber):
	case err != nil:
		d.log.Error("delivery: deactivate subscriber", "chat_id", chatID, "err", err)
	default:
		d.log.Info("subscriber deactivated", "chat_id", chatID, "reason", cause.Error())
	}
}

var errNoSubscriber = errors.New("no such subscriber")

// migrate moves a group that became a supergroup and queues the rest of its day there.
func (d *Deliverer) migrate(j store.Job, to int64) {
	err := d.st.MoveSubscriber(j.ChatID, to)
	switch {
	case errors.Is(err, store.ErrNotFound):
		// A configured chat, not a subscriber: keep serving it under its new id.
		d.mu.Lock()
		d.extra[to] = true
		d.mu.Unlock()
		d.log.Warn("a configured chat moved: update telegram.channels", "from", j.ChatID, "to", to)
	case err != nil:
		d.log.Error("delivery: move subscriber", "from", j.ChatID, "to", to, "err", err)
		return
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
			if _, err := d.st.Transition(o.Key(), store.JobPending, store.JobFailed, func(x *store.Job) {
				x.LastError = fmt.Sprintf("moved to chat %d", to)
			}); err != nil {
				continue
			}
			d.moved.Add(1)
		default:
			continue
		}
		moved = append(moved, store.Job{Date: o.Date, ChatID: to, Lang: o.Lang, Part: o.Part, Text: o.Text, Own: o.Own})
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
	for cut < len(d.rateWin) && now.Sub(d.rateWin[cut]) > rateWindow {
		cut++
	}
	d.rateWin = d.rateWin[cut:]
	d.rateMu.Unlock()
}

// Stats are delivery counters since start.
type Stats struct {
	// Sent counts messages Telegram accepted, digest messages and replies; Replies is the
	// replies among them.
	Sent, Replies int64
	// Failed counts digest messages given up for good (unreachable chat, rejected text,
	// too many errors); Moved those re-queued for a group's new supergroup id.
	Failed, Moved int64
	// Retries counts resends after 5xx and network errors; Throttled the 429 answers.
	Retries, Throttled int64
	// Lost counts digest messages a crash left in flight, found at start and not resent.
	Lost int64
	// InFlight is the digest messages whose call is under way now (at most MaxInFlight).
	InFlight int64
	// RatePerSecond is the send rate over the last 10 seconds (over the time since the first
	// of them, when sending began more recently).
	RatePerSecond float64
}

// Stats returns the counters.
func (d *Deliverer) Stats() Stats {
	return Stats{Sent: d.sent.Load(), Replies: d.replies.Load(), Failed: d.failed.Load(), Moved: d.moved.Load(),
		Retries: d.retries.Load(), Throttled: d.throttled.Load(), Lost: d.lost.Load(), InFlight: d.inFlight.Load(), RatePerSecond: d.rate(time.Now())}
}

func (d *Deliverer) rate(now time.Time) float64 {
	d.rateMu.Lock()
	defer d.rateMu.Unlock()
	n := 0
	var oldest time.Time
	for _, t := range d.rateWin {
		if now.Sub(t) <= rateWindow {
			if n == 0 {
				oldest = t
			}
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(n) / max(now.Sub(oldest), time.Second).Seconds()
}

// Progress counts a day's jobs by state.
func (d *Deliverer) Progress(date string) (map[store.JobState]int, error) {
	counts, err := d.st.JobCounts(date)
	if err != nil {
		return nil, fmt.Errorf("deliver: progress %s: %w", date, err)
	}
	return counts, nil
}

func retryDelay(err error) time.Duration {
	var ae *botapi.APIError
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		// A little over what Telegram asked: its clock and ours differ by some milliseconds.
		return ae.RetryAfter + ae.RetryAfter/10 + 100*time.Millisecond
	}
	return time.Second
}

// backoff is the delay before retry n (1-based): base doubled each time, at most 5 minutes.
func backoff(base time.Duration, n int) time.Duration {
	const ceiling = 5 * time.Minute
	d := base
	for i := 1; i < n && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
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
