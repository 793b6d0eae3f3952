package telegramtest

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// fakeClock is a settable clock for deterministic flood-limit tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newServer(t testing.TB, opts Options) *Server {
	t.Helper()
	srv, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// noLimits is for tests that are not about flood limits.
func noLimits() *Limits { return &Limits{} }

// newBot connects a real tgbotapi client to srv. The transport keeps enough
// idle connections for parallel tests.
func newBot(t testing.TB, srv *Server) *tgbotapi.BotAPI {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	bot, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), client)
	if err != nil {
		t.Fatalf("connect bot: %v", err)
	}
	return bot
}

// apiError extracts the Bot API error from a tgbotapi error.
func asAPIError(t testing.TB, err error) *tgbotapi.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("expected a Bot API error, got success")
	}
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("expected *tgbotapi.Error, got %T: %v", err, err)
	}
	return e
}

// waitPolling blocks until a getUpdates request is waiting in srv.
func waitPolling(t testing.TB, srv *Server) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		srv.mu.Lock()
		p := srv.poller
		srv.mu.Unlock()
		if p != nil {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("no getUpdates request is waiting")
}

var (
	aigerim = User{ID: 5001, FirstName: "Айгерім", Username: "aigerim_k", LanguageCode: "kk"}
	ivan    = User{ID: 5002, FirstName: "Иван", LanguageCode: "ru"}
)
