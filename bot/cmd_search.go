package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/store"
)

// pageSize is how many results one message shows.
const pageSize = 5

// cmdSearch answers a query with its first page of results.
func (h *Handler) cmdSearch(ctx context.Context, req Request, ui, query string) Response {
	query = strings.TrimSpace(query)
	if query == "" {
		return say(tr(ui, "search_usage"))
	}
	return h.searchPage(ctx, ui, query, "", 0, false)
}

// onSearchPage turns a results page: data is "ID:OFFSET" of a saved query.
func (h *Handler) onSearchPage(ctx context.Context, _ Request, ui, data string) Response {
	id, off, _ := strings.Cut(data, ":")
	offset, err := strconv.Atoi(off)
	if err != nil || offset < 0 {
		return Response{CallbackText: tr(ui, "stale")}
	}
	q, err := h.st.Query(id)
	if errors.Is(err, store.ErrNotFound) {
		return Response{CallbackText: tr(ui, "stale")}
	}
	if err != nil {
		return Response{CallbackText: tr(ui, "error")}
	}
	resp := h.searchPage(ctx, ui, q.Query, id, offset, true)
	return resp
}

// searchPage renders one page of results for query; id is the saved query ("" = save it when
// there is more than one page).
func (h *Handler) searchPage(ctx context.Context, ui, query, id string, offset int, edit bool) Response {
	res, err := h.search.Search(ctx, query, search.Query{Offset: offset, Limit: pageSize, UILang: ui})
	if err != nil {
		return h.failed(ui, "search", err)
	}
	note := ""
	if res.Err != "" {
		note = "<i>" + esc(res.Err) + "</i>\n"
	}
	if res.Total == 0 {
		text := note + tr(ui, "search_none", esc(query))
		broader := res.Suggest
		if broader == "" {
			broader = broaden(query)
		}
		if broader != "" {
			text += "\n" + tr(ui, "search_try", esc(broader))
		}
		return Response{Replies: []Reply{{Text: text, Edit: edit}}}
	}
	if offset >= res.Total {
		return Response{CallbackText: tr(ui, "stale")}
	}
	var b strings.Builder
	b.WriteString(note)
	b.WriteString("<b>" + tr(ui, "search_header", esc(query), res.Total) + "</b>")
	if res.Total > pageSize {
		b.WriteString(" · " + tr(ui, "search_page", offset+1, offset+len(res.Hits), res.Total))
	}
	b.WriteString("\n")
	for i, hit := range res.Hits {
		it := hit.Item
		fmt.Fprintf(&b, "\n%d. <a href=\"%s\">%s</a>\n<i>%s · %s</i>\n%s\n", offset+i+1, esc(it.URL), bold(it.Title, hit.TitleMarks),
			esc(strings.Join(it.Sources(), ", ")), it.Published.In(h.opts.Location).Format("2006-01-02"), bold(hit.Snippet, hit.Marks))
	}
	reply := Reply{Text: b.String(), NoPreview: true, Edit: edit}
	if res.Total > pageSize {
		if id == "" {
			var err error
			if id, err = h.st.SaveQuery(store.SavedQuery{Query: query}); err != nil {
				h.log.Warn("save query for paging", "err", err)
			}
		}
		if id != "" {
			var row []botapi.Button
			if offset > 0 {
				row = append(row, botapi.Button{Text: tr(ui, "btn_prev"), Data: fmt.Sprintf("sp:%s:%d", id, max(offset-pageSize, 0))})
			}
			if offset+pageSize < res.Total {
				row = append(row, botapi.Button{Text: tr(ui, "btn_next"), Data: fmt.Sprintf("sp:%s:%d", id, offset+pageSize)})
			}
			reply.Keyboard = [][]botapi.Button{row}
		}
	}
	return Response{Replies: []Reply{reply}}
}

// broaden suggests a shorter query when a query of several words finds nothing: its longest
// word, which is usually the most specific one that can still match.
func broaden(query string) string {
	words := strings.Fields(query)
	if len(words) < 2 {
		return ""
	}
	best := ""
	for _, w := range words {
		w = strings.Trim(w, `"-+«»`)
		if strings.Contains(w, ":") {
			continue
		}
		if len([]rune(w)) > len([]rune(best)) {
			best = w
		}
	}
	return best
}

// bold escapes text for Telegram HTML and wraps the marked byte ranges in <b>. Ranges that
// overlap, run backwards or fall outside the text are skipped rather than trusted.
func bold(text string, marks [][2]int) string {
	var b strings.Builder
	at := 0
	for _, m := range marks {
		lo, hi := m[0], m[1]
		if lo < at || hi <= lo || hi > len(text) || !utf8.ValidString(text[lo:hi]) {
			continue
		}
		b.WriteString(esc(text[at:lo]))
		b.WriteString("<b>" + esc(text[lo:hi]) + "</b>")
		at = hi
	}
	b.WriteString(esc(text[at:]))
	return b.String()
}
