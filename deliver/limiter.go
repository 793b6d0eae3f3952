package deliver

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Rates are Telegram's sending limits as configured (telegram.rate.*). A value that is not
// positive turns that limit off (config.Validate refuses such values).
type Rates struct {
	GlobalPerSecond  float64
	PerChatPerSecond float64
	GroupPerMinute   float64
}

// Limiter is the one gate every outgoing call passes: a global token bucket shared by all
// chats, a spacing per chat (private chats and groups have different limits), strict
// priority for replies over digest traffic, and a global pause after a 429.
//
// Tokens of the global bucket are handed out by one dispatcher goroutine (Run) so that
// priority is exact: when a reply is waiting, the next token is its, however many digest
// senders queued before it.
type Limiter struct {
	rates    Rates
	global   *rate.Limiter
	interval time.Duration // of the global bucket; 0 when unlimited
	high     chan struct{}
	low      chan struct{}
	wake     chan struct{}

	pauseUntil atomic.Int64 // unix nanoseconds
	shards     [chatShards]chatShard
}

// chatShards spreads the chat slots over several locks: a broadcast keeps a thousand
// senders going in and out of Wait, and one lock for all of them would be the bottleneck.
const chatShards = 64

type chatShard struct {
	mu        sync.Mutex
	chats     map[int64]*chatSlot
	lastSweep time.Time
}

// chatSlot is one chat's state. Telegram counts a message when it arrives, so the next one
// is spaced from the moment the previous call returned, not from when it was allowed: with
// 100-300 ms of latency jitter, spacing by permission time alone lets two messages arrive
// closer together than the limit. All fields are guarded by the shard's mutex.
type chatSlot struct {
	busy bool          // a message to the chat is in flight
	next time.Time     // earliest start of the next message
	free chan struct{} // closed when busy ends; nil until someone waits for it
	refs int           // goroutines in Wait for the chat or holding it
}

// sweepEvery bounds how often idle chat slots are forgotten.
const sweepEvery = 10 * time.Second

// latencyAllowance is how late the dispatcher's timer may fire without costing throughput:
// the bucket holds that many milliseconds' worth of tokens, at least one. At Telegram's
// 25/s that is a burst of 1; at the load tests' 500/s, 10, still far inside the fake's
// margin of 5% of a second.
const latencyAllowance = 20 * time.Millisecond

// NewLimiter makes a limiter; Run must be running for Wait to return.
func NewLimiter(r Rates) *Limiter {
	lim := perSecond(r.GlobalPerSecond)
	burst := 1
	var interval time.Duration
	if lim != rate.Inf {
		burst = max(1, int(float64(lim)*latencyAllowance.Seconds()))
		interval = time.Duration(float64(time.Second) / float64(lim))
	}
	l := &Limiter{
		rates: r,
		// A small burst: Telegram measures rates over short windows, and a burst after an
		// idle minute is exactly what earns a 429.
		global:   rate.NewLimiter(lim, burst),
		interval: interval,
		high:     make(chan struct{}),
		low:      make(chan struct{}),
		wake:     make(chan struct{}, 1),
	}
	for i := range l.shards {
		l.shards[i].chats = make(map[int64]*chatSlot)
	}
	return l
}

func perSecond(v float64) rate.Limit {
	if !(v > 0) || math.IsInf(v, 1) {
		return rate.Inf
	}
	return rate.Limit(v)
}

// Run hands out global tokens until ctx is done. Only one Run may be running per Limiter.
func (l *Limiter) Run(ctx context.Context) {
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
		case <-l.low:
			continue
		default:
		}
		idle := time.Now()
		select {
		case <-l.high:
		case <-l.low:
		case <-l.wake:
			// A pause began: the token is dropped, which errs on the slow side.
			continue
		case <-ctx.Done():
			return
		}
		// Nobody wanted the token for a while, and the bucket refilled meanwhile: spend the
		// refill, so an idle spell ends in one message, not a burst.
		if now := time.Now(); l.interval > 0 && now.Sub(idle) > l.interval {
			if n := int(l.global.TokensAt(now)); n > 0 {
				l.global.AllowN(now, n)
			}
		}
	}
}

func (l *Limiter) pausedFor() time.Duration {
	return time.Until(time.Unix(0, l.pauseUntil.Load()))
}

// Pause stops all sending for d (Telegram's retry_after); a shorter pause never shortens a
// longer one already in force. Calls already allowed are not recalled.
func (l *Limiter) Pause(d time.Duration) {
	until := time.Now().Add(d).UnixNano()
	for {
		cur := l.pauseUntil.Load()
		if until <= cur || l.pauseUntil.CompareAndSwap(cur, until) {
			break
		}
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Wait blocks until one message to chatID may be sent: the chat's own spacing first, then a
// global token. high marks replies to users, which go ahead of digest traffic. The caller
// must call done exactly once, when the API call has returned (whatever its outcome): until
// then no other message to the chat is allowed, and the chat's next one is spaced from then.
//
// A sender queued for a global token does not hold the chat: a reply to a chat whose digest
// is queued goes first, and the digest, finding the chat taken when its token comes, waits
// for the spacing again (the token is lost; this happens only in that race).
func (l *Limiter) Wait(ctx context.Context, chatID int64, high bool) (done func(), err error) {
	sh := l.shard(chatID)
	c := sh.acquire(chatID)
	ch := l.low
	if high {
		ch = l.high
	}
	for {
		if err := sh.waitChat(ctx, c); err != nil {
			sh.release(c, false, 0)
			return nil, err
		}
		select {
		case ch <- struct{}{}:
		case <-ctx.Done():
			sh.release(c, false, 0)
			return nil, ctx.Err()
		}
		// Run checks the pause before it hands a token over, but a 429 can land between
		// that check and the hand-over; the token is then dropped and the sender queues
		// again, which Run serves only when the pause is over.
		if l.pausedFor() > 0 {
			continue
		}
		sh.mu.Lock()
		ok := !c.busy && !time.Now().Before(c.next)
		if ok {
			c.busy = true
		}
		sh.mu.Unlock()
		if ok {
			break
		}
	}
	gap := l.chatInterval(chatID)
	var once sync.Once
	return func() { once.Do(func() { sh.release(c, true, gap) }) }, nil
}

func (l *Limiter) shard(chatID int64) *chatShard {
	return &l.shards[uint64(chatID)%chatShards]
}

// waitChat blocks until the chat has nothing in flight and its spacing has run out.
func (sh *chatShard) waitChat(ctx context.Context, c *chatSlot) error {
	for {
		sh.mu.Lock()
		if c.busy {
			if c.free == nil {
				c.free = make(chan struct{})
			}
			free := c.free
			sh.mu.Unlock()
			select {
			case <-free:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		d := time.Until(c.next)
		sh.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
}

// chatInterval is the least time between two messages to one chat.
func (l *Limiter) chatInterval(chatID int64) time.Duration {
	per := l.rates.PerChatPerSecond
	if isGroup(chatID) {
		per = l.rates.GroupPerMinute / 60
	}
	if !(per > 0) || math.IsInf(per, 1) {
		return 0
	}
	return time.Duration(float64(time.Second) / per)
}

// isGroup tells groups, supergroups and channels (negative ids in the Bot API) from
// private chats.
func isGroup(chatID int64) bool { return chatID < 0 }

func (sh *chatShard) acquire(chatID int64) *chatSlot {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	now := time.Now()
	if now.Sub(sh.lastSweep) >= sweepEvery {
		sh.sweepLocked(now)
	}
	c := sh.chats[chatID]
	if c == nil {
		c = &chatSlot{}
		sh.chats[chatID] = c
	}
	c.refs++
	return c
}

// release gives up a reference to c; held says the caller had the chat, and gap, when
// positive, spaces the chat's next message from now.
func (sh *chatShard) release(c *chatSlot, held bool, gap time.Duration) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	c.refs--
	if !held {
		return
	}
	c.busy = false
	if gap > 0 {
		c.next = time.Now().Add(gap)
	}
	if c.free != nil {
		close(c.free)
		c.free = nil
	}
}

// sweepLocked forgets chats nobody waits for and whose spacing has run out, so a broadcast
// to 100,000 chats does not keep 100,000 slots. A forgotten slot is the same as a new one.
func (sh *chatShard) sweepLocked(now time.Time) {
	sh.lastSweep = now
	for id, c := range sh.chats {
		if c.refs == 0 && !c.next.After(now) {
			delete(sh.chats, id)
		}
	}
}
