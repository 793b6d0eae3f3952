package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/refdigest/refdigest/store"
)

// onCallback answers inline button presses. Every press gets an answer, stale ones too.
func (h *Handler) onCallback(ctx context.Context, req Request, ui string) Response {
	data := req.Callback.Data
	switch {
	case strings.HasPrefix(data, "set:"):
		return h.onSetting(ctx, req, ui, strings.TrimPrefix(data, "set:"))
	case strings.HasPrefix(data, "unf:"):
		return h.onUnfollow(ctx, req, ui, strings.TrimPrefix(data, "unf:"))
	case strings.HasPrefix(data, "sp:"):
		return h.onSearchPage(ctx, req, ui, strings.TrimPrefix(data, "sp:"))
	}
	return Response{CallbackText: tr(ui, "stale")}
}

// onSetting applies a settings button and redraws the message with the new ticks.
func (h *Handler) onSetting(ctx context.Context, req Request, ui, arg string) Response {
	if !h.mayManage(ctx, req) {
		return Response{CallbackText: tr(ui, "group_admins")}
	}
	kind, value, _ := strings.Cut(arg, ":")
	var edit func(*store.Subscriber)
	switch kind {
	case "lang":
		switch value {
		case "kk", "ru", "both":
			edit = func(s *store.Subscriber) { s.Lang, s.UILang = value, uiForDigestLang(s.UILang, value) }
		}
	case "time":
		if hhmm, ok := parseTime(value); ok {
			edit = func(s *store.Subscriber) { s.Time = hhmm }
		}
	case "own":
		if value == "on" || value == "off" {
			edit = func(s *store.Subscriber) { s.OnlyMyLang = value == "on" }
		}
	}
	if edit == nil {
		return Response{CallbackText: tr(ui, "stale")}
	}
	before, sub, err := h.settingFrom(req.ChatID, edit)
	if errors.Is(err, errNotSubscribed) {
		return Response{CallbackText: tr(ui, "not_sub")}
	}
	if err != nil {
		return Response{CallbackText: h.failed(ui, "setting", err).Replies[0].Text}
	}
	ui = sub.UILang
	resp := Response{CallbackText: tr(ui, "saved")}
	// An identical edit is an error in Telegram ("message is not modified"): skip it.
	if before.Lang != sub.Lang || before.Time != sub.Time || before.UILang != sub.UILang || before.OnlyMyLang != sub.OnlyMyLang {
		resp.Replies = []Reply{{Text: tr(ui, "settings", settingsLine(ui, sub), followsText(ui, sub)),
			Keyboard: settingsKeyboard(ui, sub), Edit: true}}
	}
	return resp
}
