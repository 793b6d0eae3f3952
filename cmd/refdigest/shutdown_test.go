package main

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/demo"
	"github.com/refdigest/refdigest/store"
	"github.com/refdigest/refdigest/telegramtest"
)

// TestStopDuringBroadcastThenRestart stops the service (what SIGTERM does: its context ends)
// in the middle of a broadcast, then starts it again on the same store: every subscriber
// ends up with exactly one copy of the digest.
func TestStopDuringBroadcastThenRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("broadcast")
	}
	const subscribers = 300
	fake, cfg := broadcastSetup(t, 20*time.Millisecond, 200, 150)
	loc, _ := cfg.Location()
	clock := &testClock{epoch: time.Date(2026, 3, 3, 21, 0, 0, 0, loc), started: time.Now()}
	start := func() (*Main, context.CancelFunc, chan error) {
		m, err := NewMain(cfg, MainOptions{Clock: clock.now, HostInterval: time.Millisecond, DeliveryScan: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- m.Run(ctx) }()
		select {
		case <-m.ready:
		case err := <-done:
			t.Fatalf("Run: %v", err)
		}
		return m, cancel, done
	}
	m, stop, done := start()
	for i := range subscribers {
		id := int64(10_000 + i)
		if _, err := m.st.UpdateSubscriber(id, func(s *store.Subscriber, _ bool) error {
			s.Lang, s.Active, s.ChatType = "ru", true, "private"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	admin := telegramtest.User{ID: 1, FirstName: "A", LanguageCode: "en"}
	fake.SendMessage(admin, telegramtest.PrivateChat(admin), "/collect")
	waitFor(t, fake, 1, 1)
	fake.SendMessage(admin, telegramtest.PrivateChat(admin), "/senddigest")
	waitFor(t, fake, 1, 2)

	digests := func() (chats map[int64]int, total int) {
		chats = map[int64]int{}
		for _, s := range fake.Sent() {
			if s.ChatID >= 10_000 && strings.Contains(s.Plain, "новости референдума") {
				chats[s.ChatID]++
				total++
			}
		}
		return chats, total
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, n := digests(); n >= 40 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	stopped := time.Now()
	stop()
	if err := <-done; err != nil {
		t.Fatalf("Run after stop: %v", err)
	}
	took := time.Since(stopped)
	m.Close()
	_, mid := digests()
	t.Logf("stopped after %d of %d digests; stopping took %s", mid, subscribers, took.Round(time.Millisecond))
	if mid >= subscribers {
		t.Fatalf("the broadcast finished before the stop (%d sent): the test proves nothing", mid)
	}

	m2, stop2, done2 := start()
	defer func() { stop2(); <-done2; m2.Close() }()
	deadline = time.Now().Add(30 * time.Second)
	for {
		chats, n := digests()
		if len(chats) == subscribers || time.Now().After(deadline) {
			for id, c := range chats {
				if c != 1 {
					t.Fatalf("chat %d got %d copies", id, c)
				}
			}
			if len(chats) != subscribers {
				counts, _ := m2.st.JobCounts("2026-03-03")
				t.Fatalf("%d of %d subscribers got the digest (%d messages); outbox %v", len(chats), subscribers, n, counts)
			}
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// broadcastSetup starts the sample feeds and a fake Bot API with the given latency and
// global limit, and returns a configuration for them asking for rate sends a second.
func broadcastSetup(t *testing.T, latency time.Duration, fakeLimit, rate float64) (*telegramtest.Server, config.Config) {
	t.Helper()
	feeds := httptest.NewServer(demo.Handler())
	t.Cleanup(feeds.Close)
	fake, err := telegramtest.New(telegramtest.Options{Latency: latency,
		Limits: &telegramtest.Limits{GlobalPerSecond: fakeLimit, PerChatPerSecond: 1, GroupPerMinute: 20}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	cfg := config.Default()
	cfg.Store.Dir = t.TempDir()
	cfg.Sources = demo.Sources(feeds.URL)
	cfg.Telegram.Token, cfg.Telegram.APIEndpoint = fake.Token(), fake.Endpoint()
	cfg.Telegram.Admins = []int64{1}
	cfg.Telegram.Rate.GlobalPerSecond = rate
	cfg.HTTP.Listen = ""
	return fake, cfg
}

// TestSIGTERMExitsZero runs the real binary path (this test binary re-executed as refdigest
// run), sends it SIGTERM and checks it exits 0 within the contract's 15 s.
func TestSIGTERMExitsZero(t *testing.T) {
	if os.Getenv("REFDIGEST_CHILD_CONFIG") != "" {
		return // the child runs from TestMain
	}
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	dir := t.TempDir()
	cfgPath := dir + "/config.yaml"
	yaml := "telegram:\n  api_endpoint: \"" + fake.Endpoint() + "\"\nstore:\n  dir: \"" + dir + "/data\"\nhttp:\n  listen: \"\"\nsources: []\n"
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "REFDIGEST_CHILD_CONFIG="+cfgPath, "TELEGRAM_BOT_TOKEN="+fake.Token())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for fake.Calls("getUpdates") == 0 && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	if ctx.Err() != nil {
		cmd.Process.Kill()
		t.Fatalf("service did not start polling: %s", stderr.String())
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatal("did not stop within 15 s of SIGTERM")
	}
	t.Logf("stopped %s after SIGTERM", time.Since(sent).Round(time.Millisecond))
	if strings.Contains(stderr.String(), fake.Token()) {
		t.Fatal("the token appears in the log")
	}
}

// TestMain lets the test binary act as refdigest for TestSIGTERMExitsZero.
func TestMain(m *testing.M) {
	if cfg := os.Getenv("REFDIGEST_CHILD_CONFIG"); cfg != "" {
		os.Args = []string{"refdigest", "run", "-config", cfg}
		main()
		return
	}
	os.Exit(m.Run())
}
