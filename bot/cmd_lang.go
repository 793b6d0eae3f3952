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
// The day's digest, if queued and not yet begun, is queued again as the new settings say.
func (h *Handler) setting(chatID int64, fn func(*store.Subscriber)) (store.Subscriber, error) {
	_, sub, err := h.settingFrom(chatID, fn)
	return sub, err
}

// settingFrom is setting, also returning the settings as they were before, read in the
// same transaction.
func (h *Handler) settingFrom(chatID int64, fn func(*store.Subscriber)) (was, now store.Subscriber, err error) {
	now, err = h.st.UpdateSubscriber(chatID, func(sub *store.Subscriber, created bool) error {
		if created || !sub.Active {
			return errNotSubscribed
		}
		was = *sub
		fn(sub)
		return nil
	})
	delivery := func(s store.Subscriber) [3]any { return [3]any{s.Lang, s.Time, s.OwnLangOnly()} }
	if err == nil && h.opts.Requeue != nil && delivery(was) != delivery(now) {
		h.opts.Requeue(chatID)
	}
	return was, now, err
}
