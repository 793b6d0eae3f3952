package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/refdigest/refdigest/store"
)

// cmdOnlyMyLang turns on or off hiding the stories that exist only in the other language
// and have no translation: /onlymylang on|off.
func (h *Handler) cmdOnlyMyLang(_ context.Context, req Request, ui, args string) Response {
	var on bool
	switch strings.ToLower(strings.TrimSpace(args)) {
	case "on", "1", "yes":
		on = true
	case "off", "0", "no":
	default:
		return say(tr(ui, "own_usage"))
	}
	sub, err := h.setting(req.ChatID, func(sub *store.Subscriber) { sub.OnlyMyLang = on })
	if errors.Is(err, errNotSubscribed) {
		return say(tr(ui, "not_sub"))
	}
	if err != nil {
		return h.failed(ui, "onlymylang", err)
	}
	return say(ownSetText(ui, sub))
}

// ownSetText says what the setting now does for this subscriber.
func ownSetText(ui string, sub store.Subscriber) string {
	switch {
	case !sub.OnlyMyLang:
		return tr(ui, "own_off")
	case !sub.OwnLangOnly():
		return tr(ui, "own_both")
	}
	return tr(ui, "own_on", tr(ui, "lang_"+sub.Lang))
}
