package bot

import (
	"sync"
	"time"
)

type limitResult int

const (
	limitOK     limitResult = iota
	limitNotice             // the first request over the limit: tell the user once
	limitSilent             // further requests over the limit: say nothing
)

// userLimits counts each user's requests in fixed windows. Over the limit the user gets one
// short notice, then silence until the window ends: a flood costs us one message, not many.
type userLimits struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	users  map[int64]*userWindow
	swept  time.Time
}

type userWindow struct {
	start    time.Time
	n        int
	notified bool
}

func newUserLimits(max int, window time.Duration, now func() time.Time) *userLimits {
	return &userLimits{max: max, window: window, now: now, users: map[int64]*userWindow{}}
}

func (l *userLimits) take(userID int64) limitResult {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > 10*l.window {
		for id, w := range l.users {
			if now.Sub(w.start) > l.window {
				delete(l.users, id)
			}
		}
		l.swept = now
	}
	w := l.users[userID]
	if w == nil || now.Sub(w.start) >= l.window {
		w = &userWindow{start: now}
		l.users[userID] = w
	}
	w.n++
	switch {
	case w.n <= l.max:
		return limitOK
	case !w.notified:
		w.notified = true
		return limitNotice
	}
	return limitSilent
}
