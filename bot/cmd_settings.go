package bot

import (
	"context"
	"errors"

	"github.com/refdigest/refdigest/store"
)

// cmdSettings shows language, time and follows, with the buttons to change them.
func (h *Handler) cmdSettings(_ context.Context, req Request, ui string) Response {
	sub, err := h.st.Subscriber(req.ChatID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !sub.Active) {
		return say(tr(ui, "not_sub"))
	}
	if err != nil {
		return h.failed(ui, "settings", err)
	}
	return Response{Replies: []Reply{{Text: tr(ui, "settings", settingsLine(ui, sub), followsText(ui, sub)), Keyboard: settingsKeyboard(ui, sub)}}}
}
