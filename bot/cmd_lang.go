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
		return say(tr(ui, "lang_usage"))
	}
	sub, err := h.setting(req.ChatID, func(sub *store.Subscriber) {
		sub.Lang = lang
		sub.UILang = uiForDigestLang(sub.UILang, lang)
	})
	if errors.Is(err, errNotSubscribed) {
		return say(tr(ui, "not_sub"))
	}
	if err != nil {
		return h.failed(ui, "lang", err)
	}
	return say(tr(sub.UILang, "lang_set", tr(sub.UILang, "lang_"+lang)))
}

// setting changes a subscriber's settings; a chat that is not subscribed gets
// errNotSubscribed and nothing is stored.
func (h *Handler) setting(chatID int64, fn func(*store.Subscriber)) (store.Subscriber, error) {
	return h.st.UpdateSubscriber(chatID, func(sub *store.Subscriber, created bool) error {
		if created || !sub.Active {
			return errNotSubscribed
		}
		fn(sub)
		return nil
	})
}
