package bot

import (
	"context"
	"strings"
)

// onCallback answers inline button presses. Every press gets an answer, stale ones too.
func (h *Handler) onCallback(_ context.Context, req Request, ui string) Response {
	kind, arg, _ := strings.Cut(req.Callback.Data, ":")
	switch kind {
	case "lang":
		switch arg {
		case "kk", "ru", "both":
			resp := h.setLang(req, ui, arg, true)
			resp.CallbackText = "✓"
			return resp
		}
	}
	return Response{CallbackText: tr(ui, "unknown")}
}
