package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/refdigest/refdigest/botapi"
)

// scriptedUpdater answers getUpdates from a script, one step per call; past its end it
// long-polls until the context ends, as Telegram does when there is nothing new.
type scriptedUpdater struct {
	steps []func() ([]tgbotapi.Update, error)

	mu      sync.Mutex
	offsets []int
	at      []time.Time
	called  chan int // gets the call number after each scripted answer
}

func (u *scriptedUpdater) GetUpdates(ctx context.Context, offset int, _ time.Duration) ([]tgbotapi.Update, error) {
	u.mu.Lock()
	n := len(u.offsets)
	u.offsets = append(u.offsets, offset)
	u.at = append(u.at, time.Now())
	u.mu.Unlock()
	if n >= len(u.steps) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	ups, err := u.steps[n]()
	defer func() { u.called <- n }()
	return ups, err
}

func (u *scriptedUpdater) calls() ([]int, []time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]int(nil), u.offsets...), append([]time.Time(nil), u.at...)
}

func helpUpdate(id int, chat int64) tgbotapi.Update {
	return tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{MessageID: id, Text: "/help",
		Chat: &tgbotapi.Chat{ID: chat, Type: "private"}, From: &tgbotapi.User{ID: chat, LanguageCode: "ru"}}}
}

type logSink struct {
	mu   sync.Mutex
	msgs []string
}

func (h *logSink) Enabled(context.Context, slog.Level) bool { return true }
func (h *logSink) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.msgs = append(h.msgs, r.Level.String()+" "+r.Message)
	h.mu.Unlock()
	return nil
}
func (h *logSink) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logSink) WithGroup(string) slog.Handler      { return h }

// The poller saves the next offset before handling, backs off after a 409 (another
// instance polling), and stops cleanly; a new poller starts where the last one stopped.
func TestPollerOffsetsConflictAndStop(t *testing.T) {
	e := newEnv(t)
	rec := &recorder{}
	conflict := &botapi.APIError{Code: 409, Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
	up := &scriptedUpdater{called: make(chan int, 8), steps: []func() ([]tgbotapi.Update, error){
		func() ([]tgbotapi.Update, error) {
			return []tgbotapi.Update{helpUpdate(10, 42), helpUpdate(11, 43)}, nil
		},
		func() ([]tgbotapi.Update, error) { return nil, conflict },
		func() ([]tgbotapi.Update, error) { return []tgbotapi.Update{helpUpdate(12, 44)}, nil },
	}}
	logs := &logSink{}
	p := NewPoller(up, NewDispatcher(e.h, rec, rec, 4, nil), e.st, slog.New(logs))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()

	// While backing off after the 409 the poller reports itself failing.
	for n := range 2 {
		if got := <-up.called; got != n {
			t.Fatalf("call %d answered, want %d", got, n)
		}
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		since, err := p.Health()
		if !since.IsZero() {
			if !errors.Is(err, conflict) {
				t.Errorf("health error %v, want the 409", err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a 409 did not show in Health")
		}
		time.Sleep(time.Millisecond)
	}
	<-up.called
	for deadline := time.Now().Add(5 * time.Second); ; {
		rec.mu.Lock()
		n := len(rec.msgs)
		rec.mu.Unlock()
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d replies, want 3", n)
		}
		time.Sleep(time.Millisecond)
	}
	if since, _ := p.Health(); !since.IsZero() {
		t.Errorf("still failing since %v after a good poll", since)
	}
	// The replies go out before the poller asks again; wait for that long poll,
	// which carries the offset after the last update, before stopping it.
	for deadline := time.Now().Add(5 * time.Second); ; {
		if offsets, _ := up.calls(); len(offsets) >= 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no getUpdates after the last scripted answer")
		}
		time.Sleep(time.Millisecond)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after stop: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}

	offsets, at := up.calls()
	if want := []int{0, 12, 12, 13}; len(offsets) != 4 || offsets[0] != want[0] || offsets[1] != want[1] || offsets[2] != want[2] || offsets[3] != want[3] {
		t.Errorf("getUpdates offsets %v, want %v", offsets, want)
	}
	if gap := at[2].Sub(at[1]); gap < time.Second {
		t.Errorf("retried %s after a 409, want a backoff of at least 1s", gap)
	}
	if v, err := e.st.MetaInt(offsetKey); err != nil || v != 13 {
		t.Errorf("saved offset %d, %v; want 13", v, err)
	}
	logs.mu.Lock()
	joined := strings.Join(logs.msgs, "\n")
	logs.mu.Unlock()
	if !strings.Contains(joined, "ERROR getUpdates conflict") {
		t.Errorf("no error log for the 409: %s", joined)
	}

	// A restart polls from the saved offset: nothing is handled twice.
	up2 := &scriptedUpdater{called: make(chan int, 1)}
	p2 := NewPoller(up2, NewDispatcher(e.h, rec, rec, 4, nil), e.st, nil)
	ctx2, cancel2 := context.WithCancel(context.Background())
	done2 := make(chan error, 1)
	go func() { done2 <- p2.Run(ctx2) }()
	for deadline := time.Now().Add(5 * time.Second); ; {
		if o, _ := up2.calls(); len(o) > 0 {
			if o[0] != 13 {
				t.Errorf("restarted poller asked from offset %d, want 13", o[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("restarted poller did not poll")
		}
		time.Sleep(time.Millisecond)
	}
	cancel2()
	if err := <-done2; err != nil {
		t.Errorf("second Run: %v", err)
	}
}
