package bot

import (
	"context"
	"strings"
)

// cmdCollect runs a collection pass now and answers with the per-source summary (admins).
func (h *Handler) cmdCollect(ctx context.Context, _ Request, ui string) Response {
	lines, err := h.svc.Collect(ctx)
	if err != nil {
		return h.failed(ui, "collect", err)
	}
	var b strings.Builder
	b.WriteString(tr(ui, "collect_done"))
	for _, l := range lines {
		b.WriteString("\n" + esc(l))
	}
	return say(b.String())
}
