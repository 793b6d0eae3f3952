package bot

import (
	"errors"

	"github.com/refdigest/refdigest/store"
)

// onMembership follows the bot's own membership: blocked or removed makes the chat inactive,
// unblocked or re-added makes a known subscriber active again. It sends nothing.
func (h *Handler) onMembership(req Request) Response {
	active := req.Member == "member" || req.Member == "administrator" || req.Member == "creator"
	_, err := h.st.UpdateSubscriber(req.ChatID, func(sub *store.Subscriber, created bool) error {
		if created {
			return errNotSubscribed // a chat that never subscribed stays unknown
		}
		sub.Active = active
		sub.InactiveReason = ""
		if !active {
			sub.InactiveReason = "bot " + req.Member
		}
		return nil
	})
	if err != nil && !errors.Is(err, errNotSubscribed) {
		h.log.Error("membership update", "chat_id", req.ChatID, "err", err)
	}
	return Response{}
}
