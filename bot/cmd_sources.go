package bot

import (
	"context"
	"fmt"
	"strings"
)

// cmdSources lists the outlets the bot reads.
func (h *Handler) cmdSources(_ context.Context, _ Request, ui string) Response {
	var b strings.Builder
	b.WriteString(tr(ui, "sources"))
	for _, s := range h.opts.Sources {
		fmt.Fprintf(&b, "\n• <a href=\"%s\">%s</a> (%s)", esc(s.URL), esc(s.Name), esc(s.Lang))
	}
	return Response{Replies: []Reply{{Text: b.String(), NoPreview: true}}}
}
