package deliver

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
	"github.com/refdigest/refdigest/telegramtest"
)

// The crash test runs the service in a child process (this test binary again, running only
// TestHelperProcess), kills it with SIGKILL in the middle of a broadcast, and starts it again
// on the same store. The fake Bot API lives in the parent, so it outlives the kill and its
// records show any duplicate.
const (
	envHelper   = "DELIVER_TEST_HELPER"
	envStore    = "DELIVER_TEST_STORE"
	envEndpoint = "DELIVER_TEST_ENDPOINT"
	envToken    = "DELIVER_TEST_TOKEN"
)

// TestHelperProcess is the service run by TestCrashResume; on its own it does nothing.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		t.Skip("child process of TestCrashResume")
	}
	// The real thing: fsync on every commit.
	st, err := store.Open(os.Getenv(envStore), store.Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, rates := loadLimits()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	api := newBotAPI(os.Getenv(envEndpoint), os.Getenv(envToken), 1024)
	d := New(st, api, NewLimiter(rates), Options{Location: almaty, Clock: func() time.Time { return testNow },
		Backoff: 50 * time.Millisecond, Logger: log})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	waitSettledEvery(t, d, testDate, 2*time.Minute, 50*time.Millisecond)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s := d.Stats()
	fmt.Printf("helper: sent=%d lost=%d failed=%d\n", s.Sent, s.Lost, s.Failed)
}

// runHelper starts the service; the returned channel yields its exit and its stdout.
func runHelper(t *testing.T, dbPath string, srv *telegramtest.Server) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelper+"=1", envStore+"="+dbPath, envEndpoint+"="+srv.Endpoint(), envToken+"="+srv.Token())
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := make(chan string, 1)
	exited := make(chan struct{})
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	go func() {
		defer close(exited)
		// The child's warnings (the count of lost messages) go to the test log.
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			t.Logf("child %d: %s", cmd.Process.Pid, sc.Text())
		}
		_, _ = io.Copy(io.Discard, stderr)
		_ = cmd.Wait()
		out <- stdout.String()
	}()
	return cmd, out
}

func TestCrashResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the service in a child process twice: about 10 s")
	}
	n := 3000
	if raceEnabled {
		n = 1500
	}
	fakeLim, rates := loadLimits()
	srv := newFake(t, telegramtest.Options{Limits: fakeLim, Latency: 50 * time.Millisecond, LatencyJitter: 100 * time.Millisecond})
	dbPath := filepath.Join(t.TempDir(), store.FileName)
	st, err := store.Open(dbPath, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	owed := loadSubs(t, st, n)
	rec := loadDigest()
	putDigest(t, st, rec)
	jobs, err := New(st, &fakeAPI{}, NewLimiter(Rates{}), Options{Location: almaty}).Enqueue(context.Background(), rec, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	// First run: killed once a third of the messages are out.
	cmd, out := runHelper(t, dbPath, srv)
	deadline := time.Now().Add(time.Minute)
	for srv.Calls("sendMessage") < jobs/3 {
		if time.Now().After(deadline) {
			t.Fatalf("the service sent only %d messages in a minute", srv.Calls("sendMessage"))
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred code, no clean shutdown
		t.Fatal(err)
	}
	<-out
	atKill := len(srv.Sent())

	// Second run on the same store: finishes the day.
	_, out = runHelper(t, dbPath, srv)
	var second string
	select {
	case second = <-out:
	case <-time.After(3 * time.Minute):
		t.Fatal("the restarted service did not finish")
	}
	var sent2, lost2, failed2 int
	i := strings.Index(second, "helper:")
	if i < 0 {
		t.Fatalf("the restarted service failed: %s", second)
	}
	if _, err := fmt.Sscanf(second[i:], "helper: sent=%d lost=%d failed=%d", &sent2, &lost2, &failed2); err != nil {
		t.Fatalf("restarted service's report %q: %v", second, err)
	}

	st, err = store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counts, err := st.JobCounts(testDate)
	if err != nil {
		t.Fatal(err)
	}
	lostJobs, _, err := st.Jobs(testDate, store.JobFailed, farFuture(), nil, jobs)
	if err != nil {
		t.Fatal(err)
	}
	lostInStore := 0
	for _, j := range lostJobs {
		if j.LastError == lostReason {
			lostInStore++
		}
	}

	got := digestCopies(srv)
	dup, missing := 0, 0
	for chat, w := range owed {
		switch {
		case got[chat] > w:
			dup++
			if dup <= 5 {
				t.Errorf("chat %d got %d copies, want %d", chat, got[chat], w)
			}
		case got[chat] < w:
			missing += w - got[chat]
		}
	}
	if dup > 0 {
		t.Errorf("%d chats got a message twice", dup)
	}
	if lost2 != lostInStore || counts[store.JobSent]+lostInStore != jobs || counts[store.JobPending]+counts[store.JobSending] != 0 {
		t.Errorf("store %v with %d lost; the restart reported %d lost; want sent + lost = %d jobs", counts, lostInStore, lost2, jobs)
	}
	// At most once: a message in flight at the kill may be lost, and is counted.
	if missing > lost2 {
		t.Errorf("%d messages missing but only %d counted as lost", missing, lost2)
	}
	// What a kill can lose is the calls under way, which Options.MaxInFlight bounds (its
	// default at this rate); the jobs waiting for the limiter or for a retry are pending.
	inFlight := New(st, &fakeAPI{}, NewLimiter(rates), Options{}).opts.MaxInFlight
	if lost2 == 0 || lost2 > inFlight {
		t.Errorf("%d messages counted as lost: want some (the kill came mid-broadcast) and at most the %d calls that can be under way", lost2, inFlight)
	}
	t.Logf("%d jobs; killed after %d accepted; restart sent %d; lost (in flight at the kill, not resent) %d of at most %d under way, of which %d never reached the fake and %d did; duplicates %d",
		jobs, atKill, sent2, lost2, inFlight, missing, lost2-missing, dup)
}
