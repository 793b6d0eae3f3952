package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
	"github.com/refdigest/refdigest/telegramtest"
)

// TestLoadSearchDuringBroadcast measures, through the whole service, the time from a user's
// /search update to its reply while a 10,000-subscriber digest broadcast runs. Telegram's
// limits are scaled by 20 on both sides (the fake allows 600/s, the config asks for 500/s)
// and every API call takes 100 ms. It runs when REFDIGEST_LOAD=1 (.ci/run sets it, without
// the race detector) and reports p50/p95; the p95 must stay under 1 s.
func TestLoadSearchDuringBroadcast(t *testing.T) {
	if os.Getenv("REFDIGEST_LOAD") == "" {
		t.Skip("set REFDIGEST_LOAD=1 to run the load test")
	}
	const subscribers = 10_000
	fake, cfg := broadcastSetup(t, 100*time.Millisecond, 600, 500)

	// Subscribers are written before the service starts, without fsync: setting up is not
	// what is measured.
	st, err := store.OpenDir(cfg.Store.Dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range subscribers {
		if _, err := st.UpdateSubscriber(int64(100_000+i), func(s *store.Subscriber, _ bool) error {
			s.Lang, s.Active, s.ChatType = "ru", true, "private"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	loc, _ := cfg.Location()
	clock := &testClock{epoch: time.Date(2026, 3, 3, 21, 0, 0, 0, loc), started: time.Now()}
	m, err := NewMain(cfg, MainOptions{Clock: clock.now, HostInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	defer func() { cancel(); <-done }()
	<-m.ready

	admin := telegramtest.User{ID: 1, FirstName: "A", LanguageCode: "en"}
	fake.SendMessage(admin, telegramtest.PrivateChat(admin), "/collect")
	waitFor(t, fake, 1, 1)
	start := time.Now()
	fake.SendMessage(admin, telegramtest.PrivateChat(admin), "/senddigest")
	waitFor(t, fake, 1, 2)

	user := telegramtest.User{ID: 7, FirstName: "U", LanguageCode: "ru"}
	chat := telegramtest.PrivateChat(user)
	digests := func() int {
		n := 0
		for _, s := range fake.Sent() {
			if s.ChatID >= 100_000 {
				n++
			}
		}
		return n
	}
	// Searches go on while the broadcast does: only those count.
	var lat []time.Duration
	for i := 0; i < 30 && digests() < subscribers*9/10; i++ {
		sent := time.Now()
		fake.SendMessage(user, chat, fmt.Sprintf("/search референдум %d", i%3))
		got := waitFor(t, fake, user.ID, i+1)
		lat = append(lat, time.Since(sent))
		if !strings.Contains(got[i].Plain, "референдум") {
			t.Fatalf("reply %d = %q", i, got[i].Plain)
		}
		time.Sleep(1100 * time.Millisecond) // the chat's own limit is 1/s
	}
	slices.Sort(lat)
	if len(lat) < 10 {
		t.Fatalf("only %d searches ran during the broadcast", len(lat))
	}
	p50, p95 := lat[len(lat)/2], lat[len(lat)*95/100]
	t.Logf("/search during a %d-subscriber broadcast: p50 %s, p95 %s, max %s over %d searches; %d digests sent in %s",
		subscribers, p50.Round(time.Millisecond), p95.Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond),
		len(lat), digests(), time.Since(start).Round(time.Millisecond))
	if p95 > time.Second {
		t.Fatalf("p95 %s over 1 s", p95)
	}
}
