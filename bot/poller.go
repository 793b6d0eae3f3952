package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/refdigest/refdigest/botapi"
)

// Updater is the part of the Bot API the poller uses (*Client).
type Updater interface {
	GetUpdates(ctx context.Context, offset int, timeout time.Duration) ([]tgbotapi.Update, error)
}

// Replier sends replies ahead of digest traffic (*deliver.Deliverer).
type Replier interface {
	Reply(ctx context.Context, m botapi.Message) (int, error)
}

// Offsets persists the next update offset, so a restart does not handle an update twice.
type Offsets interface {
	MetaInt(key string) (int64, error)
	SetMetaInt(key string, v int64) error
}

const offsetKey = "poll_offset"

// Poller long-polls getUpdates and hands each update to the Handler. It is our own loop
// (not the library's GetUpdatesChan) so that it stops promptly with its context.
type Poller struct {
	up      Updater
	d       *Dispatcher
	offsets Offsets
	log     *slog.Logger
	// Timeout is the long-poll timeout (Telegram caps it at 50 s).
	Timeout time.Duration
	// Backoff is the first wait after a failed poll; it doubles up to a minute.
	Backoff time.Duration

	mu       sync.Mutex
	failing  time.Time // start of the current failure streak, zero when fine
	lastFail error
}

// NewPoller makes a Poller.
func NewPoller(up Updater, d *Dispatcher, off Offsets, log *slog.Logger) *Poller {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Poller{up: up, d: d, offsets: off, log: log, Timeout: 50 * time.Second, Backoff: time.Second}
}

// Health reports since when polling has been failing (zero: it is not) and the last error.
func (p *Poller) Health() (failingSince time.Time, lastErr error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failing, p.lastFail
}

// Run polls until ctx is done, then waits for the updates being handled.
func (p *Poller) Run(ctx context.Context) error {
	off, err := p.offsets.MetaInt(offsetKey)
	if err != nil {
		return err
	}
	offset := int(off)
	defer p.d.Wait()
	backoff := p.Backoff
	for ctx.Err() == nil {
		ups, err := p.up.GetUpdates(ctx, offset, p.Timeout)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			p.noteFailure(err)
			var ae *botapi.APIError
			if errors.As(err, &ae) && ae.Code == 409 {
				p.log.Error("getUpdates conflict: another instance is polling with this token, or a webhook is set", "err", err)
			} else if errors.As(err, &ae) && ae.Code == 401 {
				p.log.Error("getUpdates unauthorized: the token is wrong or revoked", "err", err)
			} else {
				p.log.Warn("getUpdates failed", "err", err, "retry_in", backoff.String())
			}
			if !sleepCtx(ctx, backoff) {
				return nil
			}
			backoff = min(backoff*2, 60*time.Second)
			continue
		}
		backoff = p.Backoff
		p.noteOK()
		// Updates below the offset were handled before (Telegram resends them when the
		// offset was not confirmed): never twice.
		fresh := ups[:0]
		for _, u := range ups {
			if u.UpdateID >= offset {
				fresh = append(fresh, u)
				offset = u.UpdateID + 1
			}
		}
		ups = fresh
		if len(ups) == 0 {
			continue
		}
		// The offset is saved before handling: after a crash an update is lost rather than
		// handled twice (a second /senddigest is worse than a lost one).
		if err := p.offsets.SetMetaInt(offsetKey, int64(offset)); err != nil {
			p.log.Error("save poll offset", "err", err)
		}
		for _, u := range ups {
			req, ok := RequestFromUpdate(u)
			if !ok {
				continue
			}
			if !p.d.Go(ctx, req) {
				return nil
			}
		}
	}
	return nil
}

func (p *Poller) noteOK() {
	p.mu.Lock()
	p.failing, p.lastFail = time.Time{}, nil
	p.mu.Unlock()
}

func (p *Poller) noteFailure(err error) {
	p.mu.Lock()
	if p.failing.IsZero() {
		p.failing = time.Now()
	}
	p.lastFail = err
	p.mu.Unlock()
}

// RequestFromUpdate turns a Telegram update into a Request; ok is false for updates the bot
// does not act on.
func RequestFromUpdate(u tgbotapi.Update) (Request, bool) {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		m := u.Message
		req := Request{ChatID: m.Chat.ID, ChatType: m.Chat.Type, ChatTitle: m.Chat.Title, Text: m.Text}
		if m.From != nil {
			req.UserID, req.UserName, req.LanguageCode = m.From.ID, m.From.UserName, m.From.LanguageCode
		}
		return req, m.Text != ""
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		q := u.CallbackQuery
		req := Request{ChatID: q.Message.Chat.ID, ChatType: q.Message.Chat.Type,
			Callback: &Callback{ID: q.ID, Data: q.Data, MessageID: q.Message.MessageID}}
		if q.From != nil {
			req.UserID, req.UserName, req.LanguageCode = q.From.ID, q.From.UserName, q.From.LanguageCode
		}
		return req, true
	case u.InlineQuery != nil && u.InlineQuery.From != nil:
		q := u.InlineQuery
		return Request{UserID: q.From.ID, UserName: q.From.UserName, LanguageCode: q.From.LanguageCode,
			Inline: &Inline{ID: q.ID, Query: q.Query, Offset: q.Offset}}, true
	case u.MyChatMember != nil:
		mc := u.MyChatMember
		return Request{ChatID: mc.Chat.ID, ChatType: mc.Chat.Type, ChatTitle: mc.Chat.Title, UserID: mc.From.ID,
			Member: mc.NewChatMember.Status}, true
	}
	return Request{}, false
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
