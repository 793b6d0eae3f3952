package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/refdigest/refdigest/store"
)

// cmdTime sets the local delivery time (HH:MM, Kazakhstan time) or "now" for as soon as the
// digest is built.
func (h *Handler) cmdTime(_ context.Context, req Request, ui, args string) Response {
	hhmm, ok := parseTime(args)
	if !ok {
		return say(tr(ui, "time_usage"))
	}
	sub, err := h.setting(req.ChatID, func(sub *store.Subscriber) { sub.Time = hhmm })
	if errors.Is(err, errNotSubscribed) {
		return say(tr(ui, "not_sub"))
	}
	if err != nil {
		return h.failed(ui, "time", err)
	}
	when := tr(ui, "time_now")
	if sub.Time != "" {
		when = tr(ui, "time_at", sub.Time)
	}
	return say(tr(ui, "time_set", when))
}

// parseTime accepts H:MM or HH:MM (00:00-23:59), also with a dot; "now", "off" and "0" mean
// no fixed time. It returns the canonical "HH:MM" or "".
func parseTime(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "now", "off", "0", "сразу", "қазір":
		return "", true
	case "":
		return "", false
	}
	s = strings.Replace(s, ".", ":", 1)
	t, err := time.Parse("15:04", s)
	if err != nil {
		return "", false
	}
	return t.Format("15:04"), true
}
