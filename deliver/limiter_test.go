package deliver

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// startLimiter runs l until the test ends.
func startLimiter(t testing.TB, l *Limiter) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		l.Run(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

func mustWait(t testing.TB, l *Limiter, chatID int64, high bool) func() {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done, err := l.Wait(ctx, chatID, high)
	if err != nil {
		t.Fatalf("Wait(%d): %v", chatID, err)
	}
	return done
}

func TestLimiterInterval(t *testing.T) {
	tests := []struct {
		name  string
		rates Rates
		chat  int64
		want  time.Duration
	}{
		{"private 1/s", Rates{PerChatPerSecond: 1, GroupPerMinute: 20}, 42, time.Second},
		{"private 0.5/s", Rates{PerChatPerSecond: 0.5}, 42, 2 * time.Second},
		{"group 20/min", Rates{PerChatPerSecond: 1, GroupPerMinute: 20}, -42, 3 * time.Second},
		{"supergroup 20/min", Rates{GroupPerMinute: 20}, -1001234567890, 3 * time.Second},
		{"private off", Rates{GroupPerMinute: 20}, 42, 0},
		{"group off", Rates{PerChatPerSecond: 1, GroupPerMinute: -1}, -42, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewLimiter(tt.rates).chatInterval(tt.chat); got != tt.want {
				t.Errorf("chatInterval(%d) = %s, want %s", tt.chat, got, tt.want)
			}
		})
	}
}

// The global bucket never allows more than its rate, however many chats ask.
func TestLimiterGlobalRate(t *testing.T) {
	const rate, senders, each = 100.0, 8, 5
	l := NewLimiter(Rates{GlobalPerSecond: rate})
	startLimiter(t, l)
	start := time.Now()
	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			for i := range each {
				done := mustWait(t, l, int64(100*s+i+1), false)
				done()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	// The bucket's burst, plus one token that may have been waiting for a taker, go at once;
	// the rest one interval apart.
	floor := time.Duration(float64(senders*each-l.global.Burst()-1) / rate * float64(time.Second))
	if elapsed < floor {
		t.Errorf("%d grants at %.0f/s took %s, less than %s", senders*each, rate, elapsed, floor)
	}
	t.Logf("%d grants in %s (%.1f/s, limit %.0f/s)", senders*each, elapsed, float64(senders*each)/elapsed.Seconds(), rate)
}

// A chat's next message is spaced from the moment the previous call returned.
func TestLimiterChatSpacing(t *testing.T) {
	for _, chat := range []int64{7, -7} {
		l := NewLimiter(Rates{PerChatPerSecond: 20, GroupPerMinute: 1200}) // 50 ms both
		startLimiter(t, l)
		var prevDone time.Time
		for i := range 4 {
			done := mustWait(t, l, chat, i%2 == 0)
			granted := time.Now()
			if i > 0 && granted.Sub(prevDone) < 50*time.Millisecond {
				t.Errorf("chat %d: message %d allowed %s after the previous call returned, want >= 50ms", chat, i, granted.Sub(prevDone))
			}
			time.Sleep(5 * time.Millisecond) // the call
			prevDone = time.Now()
			done()
		}
	}
}

// Concurrent senders to one chat (a reply during its digest) take turns, spaced.
func TestLimiterChatExclusive(t *testing.T) {
	l := NewLimiter(Rates{PerChatPerSecond: 20})
	startLimiter(t, l)
	var holders, most atomic.Int32
	type turn struct{ granted, returned time.Time }
	var mu sync.Mutex
	var turns []turn
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for range 3 {
				done := mustWait(t, l, 9, g == 0)
				granted := time.Now()
				n := holders.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(2 * time.Millisecond)
				holders.Add(-1)
				returned := time.Now()
				mu.Lock()
				turns = append(turns, turn{granted, returned})
				mu.Unlock()
				done()
			}
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d senders held chat 9 at once, want 1", most.Load())
	}
	// Exclusive turns, in order of grant: each starts >= 50 ms after the previous returned.
	slices.SortFunc(turns, func(a, b turn) int { return a.granted.Compare(b.granted) })
	for k := 1; k < len(turns); k++ {
		if gap := turns[k].granted.Sub(turns[k-1].returned); gap < 50*time.Millisecond {
			t.Errorf("turn %d allowed %s after the previous one returned, want >= 50ms", k, gap)
		}
	}
}

// A reply gets the next global token even when digest senders queued first.
func TestLimiterReplyFirst(t *testing.T) {
	l := NewLimiter(Rates{GlobalPerSecond: 10})
	startLimiter(t, l)
	var mu sync.Mutex
	var order []int64
	var wg sync.WaitGroup
	grant := func(chat int64, high bool) {
		done := mustWait(t, l, chat, high)
		mu.Lock()
		order = append(order, chat)
		mu.Unlock()
		done()
	}
	for c := range int64(6) {
		wg.Go(func() { grant(c+1, false) })
	}
	granted := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(order)
	}
	for granted() == 0 {
		time.Sleep(time.Millisecond)
	}
	before := granted()
	wg.Go(func() { grant(100, true) })
	wg.Wait()
	pos := -1
	for i, c := range order {
		if c == 100 {
			pos = i
		}
	}
	// The reply arrived while at most `before` (+1 being handed out) lows had their token,
	// with five still queued: it must be next.
	if pos < 0 || pos > before+1 {
		t.Errorf("grant order %v: the reply came at %d, want at most %d", order, pos, before+1)
	}
}

// A digest sender queued for a token does not hold its chat: a reply to that chat, asked
// for later, goes first.
func TestLimiterReplyOvertakesQueuedDigest(t *testing.T) {
	l := NewLimiter(Rates{GlobalPerSecond: 5, PerChatPerSecond: 1000})
	startLimiter(t, l)
	mustWait(t, l, 1, false)() // the token in hand goes; the next comes in 200 ms
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	wg.Go(func() {
		mustWait(t, l, 2, false)()
		mu.Lock()
		order = append(order, "digest")
		mu.Unlock()
	})
	sh := l.shard(2)
	for queued := false; !queued; {
		sh.mu.Lock()
		queued = sh.chats[2] != nil && sh.chats[2].refs == 1
		sh.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	mustWait(t, l, 2, true)()
	mu.Lock()
	order = append(order, "reply")
	mu.Unlock()
	wg.Wait()
	if len(order) != 2 || order[0] != "reply" {
		t.Errorf("order %v: the reply should overtake the queued digest message", order)
	}
}

// A 429 stops every sender for retry_after; a shorter pause never shortens a longer one.
func TestLimiterPause(t *testing.T) {
	l := NewLimiter(Rates{GlobalPerSecond: 1000})
	startLimiter(t, l)
	mustWait(t, l, 1, false)() // the dispatcher is running
	start := time.Now()
	l.Pause(300 * time.Millisecond)
	l.Pause(50 * time.Millisecond)
	var wg sync.WaitGroup
	for c := range int64(4) {
		wg.Go(func() {
			mustWait(t, l, c+10, c == 0)()
			if d := time.Since(start); d < 300*time.Millisecond {
				t.Errorf("chat %d allowed %s into a 300ms pause", c+10, d)
			}
		})
	}
	wg.Wait()
}

// A 429 can land after Run has checked the pause and before it hands the token over; the
// sender must not take that token as leave to send. Run is not started: the test plays its
// part and hands over one token while the pause is in force.
func TestLimiterTokenHandedOverDuringPause(t *testing.T) {
	l := NewLimiter(Rates{GlobalPerSecond: 1000, PerChatPerSecond: 1000})
	l.Pause(time.Minute)
	handed := make(chan struct{})
	go func() {
		<-l.high
		close(handed)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done, err := l.Wait(ctx, 7, true)
	<-handed
	if err == nil {
		done()
		t.Fatal("Wait allowed a send with the token handed over during a pause")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait during a pause: err = %v, want DeadlineExceeded", err)
	}
	// The chat was given back: once the pause is lifted and Run serves, the chat can send.
	l.pauseUntil.Store(0)
	startLimiter(t, l)
	mustWait(t, l, 7, true)()
}

func TestLimiterCancel(t *testing.T) {
	l := NewLimiter(Rates{GlobalPerSecond: 1000, PerChatPerSecond: 1000})
	// Run is not started: no token ever comes.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := l.Wait(ctx, 5, false); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait without tokens: err = %v, want DeadlineExceeded", err)
	}
	startLimiter(t, l)
	hold := mustWait(t, l, 5, false) // the chat's turn was given back by the cancelled Wait
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel2()
	if _, err := l.Wait(ctx2, 5, true); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait while another send to the chat is in flight: err = %v, want DeadlineExceeded", err)
	}
	hold()
	hold() // done is idempotent: a second call must not free a turn it does not hold
	mustWait(t, l, 5, false)()
	sh := l.shard(5)
	sh.mu.Lock()
	refs := sh.chats[5].refs
	sh.mu.Unlock()
	if refs != 0 {
		t.Errorf("chat 5 has %d references after every Wait ended, want 0", refs)
	}
}

// Idle chats are forgotten, so a broadcast to many chats does not keep a slot for each.
func TestLimiterSweep(t *testing.T) {
	l := NewLimiter(Rates{PerChatPerSecond: 1000})
	startLimiter(t, l)
	for c := range int64(50) {
		mustWait(t, l, c+1, false)()
	}
	held := mustWait(t, l, 999, false)
	defer held()
	n, kept := 0, false
	for i := range l.shards {
		sh := &l.shards[i]
		sh.mu.Lock()
		sh.sweepLocked(time.Now().Add(time.Second))
		n += len(sh.chats)
		kept = kept || sh.chats[999] != nil
		sh.mu.Unlock()
	}
	if n != 1 || !kept {
		t.Errorf("after a sweep %d chats are tracked (chat in flight kept: %v), want only the one in flight", n, kept)
	}
}

func BenchmarkLimiterWait(b *testing.B) {
	l := NewLimiter(Rates{PerChatPerSecond: 1}) // global unlimited: measures the gate itself
	startLimiter(b, l)
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			done, err := l.Wait(ctx, next.Add(1), false)
			if err != nil {
				b.Error(err)
				return
			}
			done()
		}
	})
}
