package bot

import "context"

// cmdSendDigest builds today's digest from what is stored and starts delivery to everyone who
// has not had it (admins). A day with no items sends nothing and says so.
func (h *Handler) cmdSendDigest(ctx context.Context, _ Request, ui string) Response {
	date := h.svc.Today()
	items, queued, err := h.svc.SendDigest(ctx, date)
	if err != nil {
		return h.failed(ui, "senddigest", err)
	}
	if items == 0 {
		return say(tr(ui, "send_none", date))
	}
	return say(tr(ui, "send_started", date, items, queued))
}
