package bot

import (
	"context"
	"errors"

	"github.com/refdigest/refdigest/store"
)

// cmdStop unsubscribes and forgets the chat: nothing is kept that the user did not ask to keep.
func (h *Handler) cmdStop(_ context.Context, req Request, ui string) Response {
	if _, err := h.st.Subscriber(req.ChatID); errors.Is(err, store.ErrNotFound) {
		return say(tr(ui, "not_sub"))
	}
	if err := h.st.DeleteSubscriber(req.ChatID); err != nil {
		return h.failed(ui, "stop", err)
	}
	return say(tr(ui, "stopped"))
}
