package telegramtest

import (
	"fmt"
	"math"
	"time"
)

// Limits are the flood limits the server enforces on sendMessage.
type Limits struct {
	// GlobalPerSecond is the number of messages per second over all chats.
	GlobalPerSecond float64
	// PerChatPerSecond is the number of messages per second to one private
	// chat; 0.5 means one every two seconds.
	PerChatPerSecond float64
	// GroupPerMinute is the number of messages per minute to one group,
	// supergroup or channel.
	GroupPerMinute float64
}

// TelegramLimits returns the limits Telegram documents: 30 messages per
// second overall, 1 per second to a private chat, 20 per minute to a group.
func TelegramLimits() Limits {
	return Limits{GlobalPerSecond: 30, PerChatPerSecond: 1, GroupPerMinute: 20}
}

func (l Limits) validate() error {
	for _, v := range []float64{l.GlobalPerSecond, l.PerChatPerSecond, l.GroupPerMinute} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 1e6 {
			return fmt.Errorf("telegramtest: limit %v must be a number from 0 to 1e6", v)
		}
	}
	return nil
}

// rateSpec is "n messages in any window of span", with a small grace so a
// client pacing at exactly the limit is not refused for network jitter.
// n == 0 means no limit.
type rateSpec struct {
	n     int
	span  time.Duration
	grace time.Duration
}

func newRateSpec(perUnit float64, unit time.Duration) rateSpec {
	if perUnit <= 0 {
		return rateSpec{}
	}
	n := int(math.Ceil(perUnit))
	span := time.Duration(float64(n) / perUnit * float64(unit))
	return rateSpec{n: n, span: span, grace: span / 20}
}

// window remembers the times of the last n accepted messages, as a ring.
type window struct {
	at   []int64 // unix nanoseconds
	next int     // oldest entry once the ring is full
}

// wait returns how long until one more message fits, 0 if it fits now.
func (w *window) wait(now time.Time, sp rateSpec) time.Duration {
	if sp.n == 0 || len(w.at) < sp.n {
		return 0
	}
	free := w.at[w.next] + int64(sp.span-sp.grace)
	if t := now.UnixNano(); t < free {
		return time.Duration(free - t)
	}
	return 0
}

func (w *window) add(now time.Time, sp rateSpec) {
	if sp.n == 0 {
		return
	}
	if len(w.at) < sp.n {
		w.at = append(w.at, now.UnixNano())
		return
	}
	w.at[w.next] = now.UnixNano()
	w.next = (w.next + 1) % sp.n
}

// retryAfter rounds a wait up to whole seconds, at least one, as Telegram does.
func retryAfter(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// FloodFor makes every sendMessage and editMessageText answer 429 "Too Many
// Requests: retry after N" for d from now (by Options.Now), N counting down.
func (s *Server) FloodFor(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.floodUntil = s.now().Add(d)
}

// floodLocked checks FloodFor.
func (s *Server) floodLocked(now time.Time) *apiError {
	if now.Before(s.floodUntil) {
		s.stats.TooManyRequests++
		return tooMany(retryAfter(s.floodUntil.Sub(now)))
	}
	return nil
}

// admitLocked applies FloodFor, the global and the per-chat limits to one
// message and, if it is accepted, counts it.
func (s *Server) admitLocked(st *chatState, now time.Time) *apiError {
	if e := s.floodLocked(now); e != nil {
		return e
	}
	per := s.private
	if isGroupType(st.chat.Type) {
		per = s.group
	}
	dg, dc := s.globalWin.wait(now, s.global), st.win.wait(now, per)
	if d := max(dg, dc); d > 0 {
		s.stats.TooManyRequests++
		if dc > 0 {
			s.stats.ChatTooMany++
		}
		return tooMany(retryAfter(d))
	}
	s.globalWin.add(now, s.global)
	st.win.add(now, per)
	return nil
}
