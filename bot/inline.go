package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/search"
)

// inlinePage is how many results one inline answer carries; Telegram allows 50.
const inlinePage = 10

// inlineCache is how long Telegram may reuse an answer: short, news changes.
const inlineCache = 60

// onInline answers "@bot QUERY" with matching items as articles, paged through next_offset.
func (h *Handler) onInline(ctx context.Context, req Request, _ string) Response {
	q, _ := clip(strings.TrimSpace(req.Inline.Query), h.opts.MaxInput)
	if q == "" {
		return Response{Inline: &botapi.InlineAnswer{CacheTime: inlineCache}}
	}
	offset, err := strconv.Atoi(req.Inline.Offset)
	if err != nil || offset < 0 {
		offset = 0
	}
	res, err := h.search.Search(ctx, q, search.Query{Offset: offset, Limit: inlinePage})
	if err != nil {
		h.log.Error("inline search", "err", err)
		return Response{Inline: &botapi.InlineAnswer{CacheTime: 5}}
	}
	a := &botapi.InlineAnswer{CacheTime: inlineCache}
	for _, hit := range res.Hits {
		it := hit.Item
		date := it.Published.In(h.opts.Location).Format("2006-01-02")
		src := strings.Join(it.Sources(), ", ")
		a.Results = append(a.Results, botapi.InlineArticle{
			ID:          strconv.FormatUint(it.ID, 10),
			Title:       it.Title,
			Description: fmt.Sprintf("%s · %s — %s", src, date, hit.Snippet),
			URL:         it.URL,
			Text: fmt.Sprintf("<a href=\"%s\">%s</a>\n<i>%s · %s</i>\n%s", esc(it.URL), esc(it.Title),
				esc(src), date, esc(hit.Snippet)),
		})
	}
	if next := offset + len(res.Hits); next < res.Total && len(res.Hits) > 0 {
		a.NextOffset = strconv.Itoa(next)
	}
	return Response{Inline: a}
}
