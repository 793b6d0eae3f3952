package bot

import (
	"context"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// replayUpdater answers every poll with the same updates, as Telegram does when an offset
// was never confirmed; after the first answer it blocks like a long poll.
type replayUpdater struct {
	mu      sync.Mutex
	ups     []tgbotapi.Update
	answers int
}

func (r *replayUpdater) GetUpdates(ctx context.Context, _ int, _ time.Duration) ([]tgbotapi.Update, error) {
	r.mu.Lock()
	if r.answers == 0 {
		r.answers++
		r.mu.Unlock()
		return r.ups, nil
	}
	r.mu.Unlock()
	<-ctx.Done()
	return nil, ctx.Err()
}

// memOffsets is a hand-written Offsets.
type memOffsets struct {
	mu sync.Mutex
	v  int64
}

func (m *memOffsets) MetaInt(string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.v, nil
}
func (m *memOffsets) SetMetaInt(_ string, v int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.v = v
	return nil
}

// TestPollerSkipsHandledUpdates: after a restart, updates below the saved offset that
// Telegram sends again are not handled a second time.
func TestPollerSkipsHandledUpdates(t *testing.T) {
	e := newEnv(t)
	off := &memOffsets{v: 9} // updates 7 and 8 were handled before the restart
	up := &replayUpdater{ups: []tgbotapi.Update{helpUpdate(7, 1), helpUpdate(8, 2), helpUpdate(9, 3)}}
	rec := &recorder{}
	p := NewPoller(up, NewDispatcher(e.h, rec, rec, 2, nil), off, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		rec.mu.Lock()
		n := len(rec.msgs)
		rec.mu.Unlock()
		if n >= 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.msgs) != 1 || rec.msgs[0].ChatID != 3 {
		t.Fatalf("handled %d updates (%+v), want only update 9", len(rec.msgs), rec.msgs)
	}
	if off.v != 10 {
		t.Fatalf("saved offset = %d, want 10", off.v)
	}
}
