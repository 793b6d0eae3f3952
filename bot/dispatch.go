package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/refdigest/refdigest/botapi"
)

// Answerer answers button presses and inline queries (*Client).
type Answerer interface {
	AnswerCallback(ctx context.Context, id, text string) error
	AnswerInline(ctx context.Context, id string, a botapi.InlineAnswer) error
}

// Dispatcher runs requests through the Handler and sends the replies, a bounded number at a
// time. Polling and the webhook both feed it.
type Dispatcher struct {
	h       *Handler
	replies Replier
	answers Answerer
	log     *slog.Logger
	sem     chan struct{}
	wg      sync.WaitGroup
	// Observe, when set, gets the time from receiving an update to its last reply.
	Observe func(time.Duration)
	// OnPanic, when set, is called for each panic contained while handling an update.
	OnPanic func()
}

// NewDispatcher makes a Dispatcher handling at most parallel requests at once.
func NewDispatcher(h *Handler, r Replier, a Answerer, parallel int, log *slog.Logger) *Dispatcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Dispatcher{h: h, replies: r, answers: a, log: log, sem: make(chan struct{}, max(parallel, 1))}
}

// Go handles req in the background; it blocks while parallel requests are in flight, and
// returns false when ctx ends first.
func (d *Dispatcher) Go(ctx context.Context, req Request) bool {
	select {
	case d.sem <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	d.wg.Go(func() {
		defer func() { <-d.sem }()
		d.Dispatch(ctx, req)
	})
	return true
}

// Wait waits for the requests in flight.
func (d *Dispatcher) Wait() { d.wg.Wait() }

// Dispatch handles one request and sends its replies.
func (d *Dispatcher) Dispatch(ctx context.Context, req Request) {
	// A bug met by one hostile message must not take the bot down with it.
	defer func() {
		if r := recover(); r != nil {
			d.log.Error("update handling panicked", "chat_id", req.ChatID, "user_id", req.UserID,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			if d.OnPanic != nil {
				d.OnPanic()
			}
		}
	}()
	start := time.Now()
	resp := d.h.Handle(ctx, req)
	if req.Callback != nil {
		if err := d.answers.AnswerCallback(ctx, req.Callback.ID, resp.CallbackText); err != nil {
			d.log.Warn("answer callback", "err", err)
		}
	}
	if req.Inline != nil {
		a := botapi.InlineAnswer{CacheTime: 30}
		if resp.Inline != nil {
			a = *resp.Inline
		}
		if err := d.answers.AnswerInline(ctx, req.Inline.ID, a); err != nil {
			d.log.Warn("answer inline query", "err", err)
		}
	}
	for _, r := range resp.Replies {
		m := botapi.Message{ChatID: req.ChatID, Text: r.Text, Keyboard: r.Keyboard, DisablePreview: r.NoPreview}
		if r.Edit && req.Callback != nil {
			m.EditMessageID = req.Callback.MessageID
		}
		if _, err := d.replies.Reply(ctx, m); err != nil {
			d.log.Warn("reply failed", "chat_id", req.ChatID, "err", err)
			break
		}
	}
	if d.Observe != nil {
		d.Observe(time.Since(start))
	}
}
