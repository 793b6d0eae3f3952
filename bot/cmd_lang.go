package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/refdigest/refdigest/store"
)

// cmdLang sets the digest language: kk, ru or both.
func (h *Handler) cmdLang(_ context.Context, req Request, ui, args string) Response {
	lang := strings.ToLower(strings.TrimSpace(args))
	switch lang {
	case "kk", "ru", "both":
	default:
		return Response{Replies: []Reply{{Text: tr(ui, "lang_usage"), Keyboard: langKeyboard(ui)}}}
	}
	return h.setLang(req, ui, lang, false)
}

func (h *Handler) setLang(req Request, ui, lang string, edit bool) Response {
	_, err := h.st.UpdateSubscriber(req.ChatID, func(sub *store.Subscriber, created bool) error {
		if created {
			return errNotSubscribed
		}
		sub.Lang = lang
		return nil
	})
	if errors.Is(err, errNotSubscribed) {
		return say(tr(ui, "not_sub"))
	}
	if err != nil {
		return h.failed(ui, "lang", err)
	}
	return Response{Replies: []Reply{{Text: tr(ui, "lang_set", tr(ui, "lang_"+lang)), Edit: edit}}}
}
