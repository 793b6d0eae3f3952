package deliver

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rates are Telegram's sending limits as configured (telegram.rate.*).
type Rates struct {
	GlobalPerSecond  float64
	PerChatPerSecond float64
	GroupPerMinute   float64
}

// Limiter is the one gate every outgoing call passes: a global token bucket shared by all
// chats, a bucket per chat (private chats and groups have different limits), strict priority
// for replies over digest traffic, and a global pause after a 429.
//
// Tokens of the global bucket are handed out by one dispatcher goroutine (Run) so that
// priority is exact: when a reply is waiting, the next token is its, however many digest
// senders queued before it.
type Limiter struct {
	rates  Rates
	global *rate.Limiter
	high   chan struct{}
	low    chan struct{}
	wake   chan struct{}

	mu         sync.Mutex
	chats      map[int64]*chatLimit
	pauseUntil time.Time
}

type chatLimit struct {
	lim      *rate.Limiter
	lastUsed time.Time
}

// NewLimiter makes a limiter; Run must be running for Wait to return.
func NewLimiter(r Rates) *Limiter {
	return &Limiter{
		rates: r,
		// Burst 1: Telegram measures rates over short windows, and a burst after an idle
		// minute is exactly what earns a 429.
		global: rate.NewLimiter(rate.Limit(r.GlobalPerSecond), 1),
		high:   make(chan struct{}),
		low:    make(chan struct{}),
		wake:   make(chan struct{}, 1),
		chats:  make(map[int64]*chatLimit),
	}
}

// Run hands out global tokens until ctx is done.
func (l *Limiter) Run(ctx context.Context) {
	sweep := time.NewTicker(time.Minute)
	defer sweep.Stop()
	for {
		if d := l.pausedFor(); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			case <-l.wake: // a longer pause was set; recompute
				t.Stop()
			}
			continue
		}
		if err := l.global.Wait(ctx); err != nil {
			return
		}
		// A 429 may have arrived while we waited for the token: honour it first.
		if l.pausedFor() > 0 {
			continue
		}
		select {
		case <-l.high:
			continue
		default:
		}
		select {
		case <-l.high:
		case <-l.low:
		case <-l.wake:
			// Granting nothing: the token is dropped, which errs on the slow side.
		case <-sweep.C:
			l.sweep(time.Now())
		case <-ctx.Done():
			return
		}
	}
}

func (l *Limiter) pausedFor() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return time.Until(l.pauseUntil)
}

// Pause stops all sending for d (Telegram's retry_after); a shorter pause never shortens a
// longer one already in force.
func (l *Limiter) Pause(d time.Duration) {
	l.mu.Lock()
	until := time.Now().Add(d)
	if until.After(l.pauseUntil) {
		l.pauseUntil = until
	}
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Wait blocks until one message to chatID may be sent: the chat's own limit first, then a
// global token. high marks replies to users, which go ahead of digest traffic.
func (l *Limiter) Wait(ctx context.Context, chatID int64, high bool) error {
	r := l.chatLimiter(chatID).Reserve()
	if d := r.Delay(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			r.Cancel()
			return ctx.Err()
		case <-t.C:
		}
	}
	ch := l.low
	if high {
		ch = l.high
	}
	select {
	case ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}

// isGroup tells groups, supergroups and channels (negative ids in the Bot API) from
// private chats.
func isGroup(chatID int64) bool { return chatID < 0 }

func (l *Limiter) chatLimiter(chatID int64) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.chats[chatID]
	if c == nil {
		lim := rate.Limit(l.rates.PerChatPerSecond)
		if isGroup(chatID) {
			lim = rate.Limit(l.rates.GroupPerMinute / 60)
		}
		c = &chatLimit{lim: rate.NewLimiter(lim, 1)}
		l.chats[chatID] = c
	}
	c.lastUsed = time.Now()
	return c.lim
}

// sweep forgets chats idle for a while, so a broadcast to 100,000 chats does not keep
// 100,000 limiters. An idle limiter is full again, so forgetting it changes nothing.
func (l *Limiter) sweep(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, c := range l.chats {
		if now.Sub(c.lastUsed) > time.Minute {
			delete(l.chats, id)
		}
	}
}
