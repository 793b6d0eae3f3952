package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// pendingInIndex lists the keys the pending index holds for date, and pendingInJobs the keys
// of the jobs whose record says pending: the two must always agree.
func pendingInIndex(t *testing.T, s *Store) []string {
	t.Helper()
	var keys []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPending).ForEach(func(k, _ []byte) error {
			if rest, ok := strings.CutPrefix(string(k), alertIndex); ok {
				if !isAlertKey([]byte(rest)) || tx.Bucket(bucketPending).Get([]byte(rest)) == nil {
					t.Errorf("alert entry %x without its job's entry", k)
				}
				return nil
			}
			keys = append(keys, string(k))
			if isAlertKey(k) && tx.Bucket(bucketPending).Get(append([]byte(alertIndex), k...)) == nil {
				t.Errorf("pending alert %x has no alert entry", k)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func pendingInJobs(t *testing.T, s *Store) []string {
	t.Helper()
	var keys []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDeliveries).ForEach(func(k, v []byte) error {
			if st, _ := rawJobState(v); st == JobPending {
				keys = append(keys, string(k))
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// The index follows every write that moves a job in or out of pending: enqueue, claim,
// hand-back after a refused call, the outcome, a crash's abandonment.
func TestPendingIndexFollowsTransitions(t *testing.T) {
	s, _, _ := openTest(t)
	var jobs []Job
	for i := range 200 {
		jobs = append(jobs, Job{Date: "2026-03-16", ChatID: int64(i - 50), Lang: []string{"kk", "ru", AlertLang}[i%3], Part: i % 3, Text: "alert"})
	}
	if _, err := s.EnqueueJobs(jobs); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	moves := [][2]JobState{{JobPending, JobSending}, {JobSending, JobPending}, {JobSending, JobSent},
		{JobSending, JobFailed}, {JobPending, JobFailed}}
	// Transition is transition in a batched write (each waits for its batch): a few through
	// it, the rest in one transaction, or the test would take 20 s.
	for range 20 {
		j := jobs[rng.IntN(len(jobs))]
		m := moves[rng.IntN(len(moves))]
		_, _ = s.Transition(j.Key(), m[0], m[1], nil) // most fail with ErrJobState: that is fine
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for range 2000 {
			j := jobs[rng.IntN(len(jobs))]
			m := moves[rng.IntN(len(moves))]
			_, _ = transition(tx, s.now(), j.Key(), m[0], m[1], nil)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AbandonSending("test"); err != nil {
		t.Fatal(err)
	}
	idx, rec := pendingInIndex(t, s), pendingInJobs(t, s)
	if !slices.Equal(idx, rec) {
		t.Fatalf("pending index holds %d keys, the records say %d are pending", len(idx), len(rec))
	}
	if len(rec) == 0 || len(rec) == len(jobs) {
		t.Fatalf("%d of %d pending after the random walk: the test did not exercise both ways", len(rec), len(jobs))
	}
}

// PendingJobs reads only the due pending jobs, and tells when the next one is due.
func TestPendingJobs(t *testing.T) {
	s, _, _ := openTest(t)
	at := time.Date(2026, 3, 16, 21, 0, 0, 0, time.UTC)
	var jobs []Job
	for i := range 30 {
		j := Job{Date: "2026-03-16", ChatID: int64(i), Lang: "ru"}
		if i%3 == 1 {
			j.Due = at.Add(time.Duration(i) * time.Minute) // later: 1, 4, 7 ... minutes
		}
		jobs = append(jobs, j)
	}
	jobs = append(jobs, Job{Date: "2026-03-17", ChatID: 1, Lang: "ru"}) // another day
	if _, err := s.EnqueueJobs(jobs); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i += 3 { // every third is done already
		if _, err := s.Transition(jobs[i].Key(), JobPending, JobSent, nil); err != nil {
			t.Fatal(err)
		}
	}
	var got []int64
	var next time.Time
	var after []byte
	for page := 0; ; page++ {
		js, last, nx, err := s.PendingJobs("2026-03-16", at.Add(5*time.Minute), after, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(js) > 4 || page > 20 {
			t.Fatalf("page of %d, page %d", len(js), page)
		}
		for _, j := range js {
			if j.State != JobPending || j.Date != "2026-03-16" {
				t.Fatalf("got %+v", j)
			}
			got = append(got, j.ChatID)
		}
		if !nx.IsZero() && (next.IsZero() || nx.Before(next)) {
			next = nx
		}
		if last == nil {
			break
		}
		after = last
	}
	// Due now: 2, 5, 8, ... (no Due) and 1, 4 (due by +5 min).
	want := []int64{1, 2, 4, 5, 8, 11, 14, 17, 20, 23, 26, 29}
	if !slices.Equal(got, want) {
		t.Errorf("due pending jobs %v, want %v", got, want)
	}
	if wantNext := at.Add(7 * time.Minute); !next.Equal(wantNext) {
		t.Errorf("next due %v, want %v", next, wantNext)
	}
	// Jobs(…, JobPending, …) goes through the index too and agrees.
	old, _, err := s.Jobs("2026-03-16", JobPending, at.Add(5*time.Minute), nil, 100)
	if err != nil || len(old) != len(want) {
		t.Errorf("Jobs pending: %d jobs, %v; want %d", len(old), err, len(want))
	}
}

// A file written before the index existed (schema 1) gets it built when opened.
func TestPendingIndexMigration(t *testing.T) {
	s, _, path := openTest(t)
	var jobs []Job
	for i := range 10 {
		jobs = append(jobs, Job{Date: "2026-03-16", ChatID: int64(i), Lang: "kk"})
	}
	if _, err := s.EnqueueJobs(jobs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(jobs[3].Key(), JobPending, JobSent, nil); err != nil {
		t.Fatal(err)
	}
	// Back to the old layout: no index, schema 1.
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketPending); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
	s2 := reopen(t, s, path)
	if v, _ := s2.Schema(); v != SchemaVersion {
		t.Errorf("schema %d after opening, want %d", v, SchemaVersion)
	}
	idx := pendingInIndex(t, s2)
	if len(idx) != 9 || !slices.Equal(idx, pendingInJobs(t, s2)) {
		t.Errorf("index after migration has %d keys, want the 9 pending jobs", len(idx))
	}
}

// BenchmarkPendingScan is one wake of the delivery loop late in a broadcast: 100,000 jobs of
// the day, 1,000 still pending.
func BenchmarkPendingScan(b *testing.B) {
	s, err := Open(b.TempDir()+"/b.db", Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n, pending = 100000, 1000
	jobs := make([]Job, 0, n)
	for i := range n {
		jobs = append(jobs, Job{Date: "2026-03-16", ChatID: int64(i), Lang: "ru"})
	}
	for i := 0; i < n; i += 10000 {
		if _, err := s.EnqueueJobs(jobs[i : i+10000]); err != nil {
			b.Fatal(err)
		}
	}
	err = s.db.Update(func(tx *bolt.Tx) error { // all but the last 1,000 sent, in one go
		for _, j := range jobs[:n-pending] {
			if _, err := transition(tx, s.now(), j.Key(), JobPending, JobSent, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		js, last, _, err := s.PendingJobs("2026-03-16", time.Now(), nil, 5000)
		if err != nil || len(js) != pending || last != nil {
			b.Fatal(fmt.Sprint(len(js), err))
		}
	}
}

func TestDigestNeighbours(t *testing.T) {
	s, _, _ := openTest(t)
	for _, d := range []string{"2026-03-01", "2026-03-03", "2026-03-07"} {
		if err := s.PutDigest(DigestRecord{Date: d}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ date, prev, next string }{
		{"2026-03-01", "", "2026-03-03"},
		{"2026-03-03", "2026-03-01", "2026-03-07"},
		{"2026-03-07", "2026-03-03", ""},
		{"2026-03-05", "2026-03-03", "2026-03-07"}, // a day without a digest
		{"2026-02-01", "", "2026-03-01"},
		{"2026-04-01", "2026-03-07", ""},
	}
	for _, tt := range tests {
		prev, next, err := s.DigestNeighbours(tt.date)
		if err != nil || prev != tt.prev || next != tt.next {
			t.Errorf("DigestNeighbours(%s) = %q, %q, %v; want %q, %q", tt.date, prev, next, err, tt.prev, tt.next)
		}
	}
}

// A chat's digest jobs of a day are replaced only while none has started, and alerts stay.
func TestReplaceChatJobs(t *testing.T) {
	s, _, _ := openTest(t)
	const date = "2026-03-16"
	due := time.Date(2026, 3, 17, 3, 0, 0, 0, time.UTC)
	queued := []Job{{Date: date, ChatID: 7, Lang: "kk", Part: 0, Due: due}, {Date: date, ChatID: 7, Lang: "kk", Part: 1, Due: due},
		{Date: date, ChatID: 7, Lang: AlertLang, Part: 0, Text: "alert"}, {Date: date, ChatID: 8, Lang: "kk", Due: due}}
	if _, err := s.EnqueueJobs(queued); err != nil {
		t.Fatal(err)
	}
	now := []Job{{Date: date, ChatID: 7, Lang: "ru", Part: 0, Own: true}}
	if ok, err := s.ReplaceChatJobs(date, 7, now); !ok || err != nil {
		t.Fatalf("replace all-pending jobs: %v, %v", ok, err)
	}
	jobs, err := s.ChatJobs(date, 7)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range jobs {
		got = append(got, fmt.Sprintf("%s/%d/%v/%s", j.Lang, j.Part, j.Own, j.State))
	}
	if want := []string{"al/0/false/pending", "ru/0/true/pending"}; !slices.Equal(got, want) {
		t.Errorf("chat 7's jobs %v, want %v", got, want)
	}
	if idx, rec := pendingInIndex(t, s), pendingInJobs(t, s); !slices.Equal(idx, rec) {
		t.Errorf("pending index %d keys, jobs %d pending", len(idx), len(rec))
	}
	// Once a part is under way the day stays as queued.
	if _, err := s.Transition(store8Key(date), JobPending, JobSending, nil); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ReplaceChatJobs(date, 8, []Job{{Date: date, ChatID: 8, Lang: "ru"}}); ok || err != nil {
		t.Errorf("replace a day under way: %v, %v; want false", ok, err)
	}
	// Nothing queued for the chat: nothing is added.
	if ok, err := s.ReplaceChatJobs(date, 9, []Job{{Date: date, ChatID: 9, Lang: "ru"}}); ok || err != nil {
		t.Errorf("replace for a chat with no jobs: %v, %v; want false", ok, err)
	}
	if j, _ := s.ChatJobs(date, 9); len(j) != 0 {
		t.Errorf("a chat without jobs got %d", len(j))
	}
	// The same jobs again: no change.
	if ok, _ := s.ReplaceChatJobs(date, 7, now); ok {
		t.Error("replacing jobs with the same ones reported a change")
	}
}

func store8Key(date string) []byte { return Job{Date: date, ChatID: 8, Lang: "kk"}.Key() }
