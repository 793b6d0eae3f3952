package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/refdigest/refdigest/search"
)

// cmdSearch answers a query with up to five results.
func (h *Handler) cmdSearch(ctx context.Context, req Request, ui, query string) Response {
	query = strings.TrimSpace(query)
	if query == "" {
		return say(tr(ui, "search_usage"))
	}
	query, _ = clip(query, h.opts.MaxInput)
	res, err := h.search.Search(ctx, query, search.Options{Limit: 5})
	if err != nil {
		return h.failed(ui, "search", err)
	}
	if res.Total == 0 {
		return say(tr(ui, "search_none", esc(query)))
	}
	var b strings.Builder
	b.WriteString("<b>" + tr(ui, "search_header", esc(query), res.Total) + "</b>\n")
	for i, hit := range res.Hits {
		it := hit.Item
		fmt.Fprintf(&b, "\n%d. <a href=\"%s\">%s</a>\n<i>%s · %s</i>\n%s\n", i+1, esc(it.URL), esc(it.Title),
			esc(it.Source), it.Published.Format("2006-01-02"), esc(hit.Snippet))
	}
	return Response{Replies: []Reply{{Text: b.String(), NoPreview: true}}}
}
