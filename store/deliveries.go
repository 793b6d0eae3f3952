package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// JobState is where a delivery job stands. The order of writes (sending before the API call,
// sent after it) is what makes delivery at most once across a crash.
type JobState string

// Delivery job states.
const (
	JobPending JobState = "pending"
	JobSending JobState = "sending" // claimed; a crash leaves it here and it is never resent
	JobSent    JobState = "sent"
	JobFailed  JobState = "failed" // permanent: the reason is in LastError
)

// AlertLang is the Lang of a follow alert's job: its text is the job's own (Job.Text) and
// its Part numbers the day's alert batches, so a chat's alerts of one pass are one job.
const AlertLang = "al"

// Job is one message of one day's digest for one chat in one language, or one follow alert
// (Lang AlertLang).
type Job struct {
	Date   string `json:"date"`
	ChatID int64  `json:"chat_id"`
	Lang   string `json:"lang"`
	Part   int    `json:"part"`
	// Text is an alert's message (digest jobs take theirs from the stored digest).
	Text string `json:"text,omitempty"`
	// Own marks a job of the own-language-only rendering (DigestRecord.Parts); the choice is
	// made once, at enqueue, so that the parts the jobs name stay one rendering's.
	Own       bool      `json:"own,omitempty"`
	State     JobState  `json:"state"`
	Due       time.Time `json:"due,omitzero"` // not before; zero = at once
	Attempts  int       `json:"attempts,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	Updated   time.Time `json:"updated"`
}

// Key identifies the job: date, chat, language and part, in that order, so that a day's jobs
// are one range and a chat's jobs for the day are adjacent.
func (j Job) Key() []byte {
	k := make([]byte, 0, 10+8+2+2)
	k = append(k, j.Date...)
	k = append(k, chatKey(j.ChatID)...)
	lang := (j.Lang + "  ")[:2]
	k = append(k, lang...)
	k = binary.BigEndian.AppendUint16(k, uint16(j.Part))
	return k
}

// isAlertKey tells an alert's job key from a digest job's by the language in it.
func isAlertKey(k []byte) bool {
	return len(k) >= 4 && string(k[len(k)-4:len(k)-2]) == AlertLang
}

// ErrJobState is returned when a job is not in the state a transition needs.
var ErrJobState = errors.New("job not in expected state")

// EnqueueJobs adds jobs that do not exist yet, as pending. Existing jobs (whatever their
// state) are left alone, so enqueueing a day twice never sends twice. It returns how many
// were added.
func (s *Store) EnqueueJobs(jobs []Job) (int, error) {
	if len(jobs) == 0 {
		return 0, nil
	}
	added := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, idx := tx.Bucket(bucketDeliveries), tx.Bucket(bucketPending)
		for _, j := range jobs {
			k := j.Key()
			if b.Get(k) != nil {
				continue
			}
			j.State, j.Updated = JobPending, s.now()
			if err := putJSON(b, k, j); err != nil {
				return err
			}
			if err := indexPut(idx, k, j.Due); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: enqueue jobs: %w", err)
	}
	return added, nil
}

// Transition moves a job from one state to another in one transaction and returns the job as
// stored. It fails with ErrJobState when the job is not in state from. Concurrent transitions
// are committed together (bbolt's Batch), so many senders share one fsync.
func (s *Store) Transition(key []byte, from, to JobState, edit func(*Job)) (Job, error) {
	var j Job
	err := s.db.Batch(func(tx *bolt.Tx) error {
		// Batch may run this more than once (when another call in the batch fails): start
		// from a clean record each time, or fields absent from the JSON (omitempty) would
		// keep the values of the rolled-back run.
		var err error
		j, err = transition(tx, s.now(), key, from, to, edit)
		return err
	})
	if err != nil {
		return j, fmt.Errorf("store: job %s->%s: %w", from, to, err)
	}
	return j, nil
}

// transition is Transition inside a write transaction: the job and the pending index change
// together.
func transition(tx *bolt.Tx, now time.Time, key []byte, from, to JobState, edit func(*Job)) (Job, error) {
	var j Job
	b := tx.Bucket(bucketDeliveries)
	v := b.Get(key)
	if v == nil {
		return j, ErrNotFound
	}
	if err := json.Unmarshal(v, &j); err != nil {
		return j, err
	}
	if j.State != from {
		return j, fmt.Errorf("%w: is %s, want %s", ErrJobState, j.State, from)
	}
	j.State, j.Updated = to, now
	if edit != nil {
		edit(&j)
	}
	if err := putJSON(b, key, j); err != nil {
		return j, err
	}
	idx := tx.Bucket(bucketPending)
	if j.State == JobPending {
		return j, indexPut(idx, key, j.Due)
	}
	return j, indexDelete(idx, key)
}

// alertIndex prefixes a second entry of each pending alert in the pending index, so that
// the alerts of every day are one short range ahead of the days' digest jobs ('!' sorts
// before any date).
const alertIndex = "!"

// indexPut records a pending job in the pending index.
func indexPut(idx *bolt.Bucket, key []byte, due time.Time) error {
	if err := idx.Put(key, dueValue(due)); err != nil {
		return err
	}
	if isAlertKey(key) {
		return idx.Put(append([]byte(alertIndex), key...), dueValue(due))
	}
	return nil
}

// indexDelete removes a job from the pending index.
func indexDelete(idx *bolt.Bucket, key []byte) error {
	if err := idx.Delete(key); err != nil {
		return err
	}
	if isAlertKey(key) {
		return idx.Delete(append([]byte(alertIndex), key...))
	}
	return nil
}

// dueNanos is a due-by time as the pending index compares it (UnixNano is undefined past
// 2262: later means "whenever").
func dueNanos(due time.Time) uint64 {
	if !due.Before(time.Unix(0, math.MaxInt64)) {
		return math.MaxUint64
	}
	return uint64(max(due.UnixNano(), 1))
}

// dueValue is a job's due time as the pending index stores it.
func dueValue(due time.Time) []byte {
	if due.IsZero() {
		return u64(0)
	}
	return u64(uint64(due.UnixNano()))
}

// Job returns one job.
func (s *Store) Job(key []byte) (Job, error) {
	var j Job
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketDeliveries).Get(key)
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &j)
	})
	if err != nil {
		return j, fmt.Errorf("store: job: %w", err)
	}
	return j, nil
}

// Jobs returns up to limit jobs in state st whose key is after the given one (nil = from
// the start) and that are due by the given time, for date ("" = all dates). It returns the
// last key scanned, so callers can page through a large outbox in bounded memory.
func (s *Store) Jobs(date string, st JobState, due time.Time, after []byte, limit int) ([]Job, []byte, error) {
	if st == JobPending {
		jobs, last, _, err := s.PendingJobs(date, due, after, limit)
		return jobs, last, err
	}
	var out []Job
	var last []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDeliveries).Cursor()
		prefix := []byte(date)
		k, v := seekAfter(c, prefix, after)
		// Most of a day's jobs are not in the state asked for; the state is checked on the
		// raw JSON first, which spares decoding them (pending jobs have their own index).
		want := []byte(`"state":"` + string(st) + `"`)
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			last = append(last[:0], k...)
			if !bytes.Contains(v, want) {
				continue
			}
			var j Job
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			if j.State != st || (!j.Due.IsZero() && j.Due.After(due)) {
				continue
			}
			out = append(out, j)
			if len(out) == limit {
				return nil
			}
		}
		last = nil
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: jobs: %w", err)
	}
	return out, last, nil
}

// seekAfter puts c on the first key after after (nil: the first key with prefix).
func seekAfter(c *bolt.Cursor, prefix, after []byte) (k, v []byte) {
	if after == nil {
		return c.Seek(prefix)
	}
	k, v = c.Seek(after)
	if bytes.Equal(k, after) {
		k, v = c.Next()
	}
	return k, v
}

// PendingJobs returns up to limit pending jobs of date ("" = all dates) that are due by due,
// in key order after the given key (nil = from the start), read through the pending index:
// a scan touches neither the day's finished jobs nor the records of jobs not due yet. next is
// the earliest due time among the pending jobs passed over as not due (zero if none); last is
// the last key scanned, nil when the scan reached the end.
func (s *Store) PendingJobs(date string, due time.Time, after []byte, limit int) (jobs []Job, last []byte, next time.Time, err error) {
	dueBy := dueNanos(due)
	var nextNS uint64
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPending).Cursor()
		recs := tx.Bucket(bucketDeliveries)
		prefix := []byte(date)
		k, v := seekAfter(c, prefix, after)
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			last = append(last[:0], k...)
			if date == "" && bytes.HasPrefix(k, []byte(alertIndex)) {
				continue // the second entries of alerts: each job once
			}
			if at := binary.BigEndian.Uint64(v); at != 0 && at > dueBy {
				if nextNS == 0 || at < nextNS {
					nextNS = at
				}
				continue
			}
			j, err := indexedJob(recs, k)
			if err != nil {
				return err
			}
			jobs = append(jobs, j)
			if len(jobs) == limit {
				return nil
			}
		}
		last = nil
		return nil
	})
	if err != nil {
		return nil, nil, time.Time{}, fmt.Errorf("store: pending jobs: %w", err)
	}
	if nextNS != 0 {
		next = time.Unix(0, int64(nextNS))
	}
	return jobs, last, next, nil
}

// indexedJob reads the job the pending index names.
func indexedJob(recs *bolt.Bucket, key []byte) (Job, error) {
	var j Job
	raw := recs.Get(key)
	if raw == nil {
		return j, fmt.Errorf("pending index names a missing job %x", key)
	}
	return j, json.Unmarshal(raw, &j)
}

// PendingAlerts returns up to limit pending follow alerts of any day that are due by due,
// oldest day first, from their own range of the pending index: a scan reads no digest job.
func (s *Store) PendingAlerts(due time.Time, limit int) ([]Job, error) {
	dueBy := dueNanos(due)
	var jobs []Job
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPending).Cursor()
		recs := tx.Bucket(bucketDeliveries)
		prefix := []byte(alertIndex)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if at := binary.BigEndian.Uint64(v); at != 0 && at > dueBy {
				continue
			}
			j, err := indexedJob(recs, k[len(prefix):])
			if err != nil {
				return err
			}
			jobs = append(jobs, j)
			if len(jobs) == limit {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending alerts: %w", err)
	}
	return jobs, nil
}

// indexPending builds the pending index of a file written before it existed (schema 1 to 2).
func indexPending(tx *bolt.Tx) error {
	idx := tx.Bucket(bucketPending)
	return tx.Bucket(bucketDeliveries).ForEach(func(k, v []byte) error {
		if st, ok := rawJobState(v); ok && st != JobPending {
			return nil
		}
		var j Job
		if err := json.Unmarshal(v, &j); err != nil {
			return fmt.Errorf("job %x: %w", k, err)
		}
		if j.State != JobPending {
			return nil
		}
		return indexPut(idx, k, j.Due)
	})
}

// JobCounts counts a day's digest jobs by state ("" = all days); alerts are not counted.
func (s *Store) JobCounts(date string) (map[JobState]int, error) {
	counts := map[JobState]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDeliveries).Cursor()
		prefix := []byte(date)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if isAlertKey(k) {
				continue
			}
			if st, ok := rawJobState(v); ok {
				counts[st]++
				continue
			}
			var j struct {
				State JobState `json:"state"`
			}
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			counts[j.State]++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: job counts: %w", err)
	}
	return counts, nil
}

// rawJobState reads a job's state from its JSON without decoding it: /stats and metrics
// count a day's jobs (hundreds of thousands) on every look. The state field holds one of
// the known states; string values in the record cannot contain an unescaped quote, so the
// first `"state":"` is the field.
func rawJobState(v []byte) (JobState, bool) {
	const field = `"state":"`
	i := bytes.Index(v, []byte(field))
	if i < 0 {
		return "", false
	}
	rest := v[i+len(field):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return "", false
	}
	switch string(rest[:end]) { // no allocation: the compiler compares the bytes
	case string(JobPending):
		return JobPending, true
	case string(JobSending):
		return JobSending, true
	case string(JobSent):
		return JobSent, true
	case string(JobFailed):
		return JobFailed, true
	}
	return "", false
}

// ReplaceChatJobs puts jobs in place of one chat's digest jobs of date, in one transaction,
// when none of those has started (all pending): a subscriber who changes their settings
// before their delivery time gets the day's digest as they now want it. It changes nothing
// and returns false when the chat has no digest job that day or one is no longer pending
// (a day is never sent half one way and half the other), or when jobs are the same as
// those queued. Alerts are left alone.
func (s *Store) ReplaceChatJobs(date string, chatID int64, jobs []Job) (bool, error) {
	replaced := false
	prefix := append([]byte(date), chatKey(chatID)...)
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, idx := tx.Bucket(bucketDeliveries), tx.Bucket(bucketPending)
		var old []Job
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if isAlertKey(k) {
				continue
			}
			var j Job
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			if j.State != JobPending {
				return nil
			}
			old = append(old, j)
		}
		if len(old) == 0 || sameJobs(old, jobs) {
			return nil
		}
		for _, j := range old {
			if err := b.Delete(j.Key()); err != nil {
				return err
			}
			if err := indexDelete(idx, j.Key()); err != nil {
				return err
			}
		}
		for _, j := range jobs {
			if j.Date != date || j.ChatID != chatID || j.Lang == AlertLang {
				return fmt.Errorf("job %s/%d/%s is not a digest job of chat %d on %s", j.Date, j.ChatID, j.Lang, chatID, date)
			}
			j.State, j.Updated = JobPending, s.now()
			if err := putJSON(b, j.Key(), j); err != nil {
				return err
			}
			if err := indexPut(idx, j.Key(), j.Due); err != nil {
				return err
			}
		}
		replaced = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: replace chat jobs: %w", err)
	}
	return replaced, nil
}

// sameJobs reports whether two lists name the same messages at the same times.
func sameJobs(a, b []Job) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[string]Job, len(a))
	for _, j := range a {
		seen[string(j.Key())] = j
	}
	for _, j := range b {
		o, ok := seen[string(j.Key())]
		if !ok || o.Own != j.Own || !o.Due.Equal(j.Due) {
			return false
		}
	}
	return true
}

// ChatJobs returns all jobs of one chat for one day.
func (s *Store) ChatJobs(date string, chatID int64) ([]Job, error) {
	var out []Job
	prefix := append([]byte(date), chatKey(chatID)...)
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDeliveries).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var j Job
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			out = append(out, j)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: chat jobs: %w", err)
	}
	return out, nil
}

// AbandonSending marks every job left in `sending` (by a crash or kill mid-send) as failed
// with reason, and returns how many there were. They are not resent: whether Telegram got the
// message is unknown, and a duplicate is worse than a loss.
func (s *Store) AbandonSending(reason string) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDeliveries)
		// Collect first: bbolt cursors are invalidated by writes to their bucket.
		var stuck []Job
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if !bytes.Contains(v, []byte(`"state":"sending"`)) {
				continue
			}
			var j Job
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			if j.State == JobSending {
				stuck = append(stuck, j)
			}
		}
		for _, j := range stuck {
			j.State, j.LastError, j.Updated = JobFailed, reason, s.now()
			if err := putJSON(b, j.Key(), j); err != nil {
				return err
			}
		}
		n = len(stuck)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: abandon sending jobs: %w", err)
	}
	return n, nil
}
