package bot

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/refdigest/refdigest/botapi"
)

// panicReplier panics for one chat, as a bug on a hostile message would, and records
// the others.
type panicReplier struct {
	recorder
	chat int64
}

func (p *panicReplier) Reply(ctx context.Context, m botapi.Message) (int, error) {
	if m.ChatID == p.chat {
		panic("bug on a hostile message")
	}
	return p.recorder.Reply(ctx, m)
}

// A panic while handling one update is contained and counted; the other updates are
// answered and the dispatcher goes on.
func TestDispatchPanicIsContained(t *testing.T) {
	e := newEnv(t)
	rep := &panicReplier{chat: 13}
	d := NewDispatcher(e.h, rep, rep, 4, nil)
	var panics atomic.Int32
	d.OnPanic = func() { panics.Add(1) }
	ctx := context.Background()
	d.Go(ctx, Request{ChatID: 13, ChatType: "private", UserID: 13, LanguageCode: "ru", Text: "/help"})
	d.Wait()
	d.Go(ctx, Request{ChatID: 14, ChatType: "private", UserID: 14, LanguageCode: "ru", Text: "/help"})
	d.Wait()
	if panics.Load() != 1 {
		t.Errorf("%d panics counted, want 1", panics.Load())
	}
	rep.mu.Lock()
	defer rep.mu.Unlock()
	if len(rep.msgs) == 0 || rep.msgs[0].ChatID != 14 {
		t.Errorf("the next update was not answered: %+v", rep.msgs)
	}
}
