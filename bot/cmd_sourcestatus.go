package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/refdigest/refdigest/store"
)

// cmdSourceStatus reports each source's health (admins): last success, last error, next
// attempt, failures, items in the last 24 hours and, when there were any, the items in
// neither Kazakh nor Russian (in all and in the last pass).
func (h *Handler) cmdSourceStatus(_ context.Context, _ Request, ui string) Response {
	states, err := h.st.SourceStates()
	if err != nil {
		return h.failed(ui, "sourcestatus", err)
	}
	byName := map[string]store.SourceState{}
	for _, s := range states {
		byName[s.Name] = s
	}
	now := h.opts.Clock()
	recent := map[string]int{}
	err = h.st.EachItemBetween(now.Add(-24*time.Hour), now.Add(time.Hour), func(it store.Item) error {
		for _, src := range it.Sources() {
			recent[src]++
		}
		return nil
	})
	if err != nil {
		return h.failed(ui, "sourcestatus", err)
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(h.opts.Location).Format("01-02 15:04")
	}
	var b strings.Builder
	b.WriteString("<b>" + tr(ui, "status_title") + "</b>")
	for _, src := range h.opts.Sources {
		st := byName[src.Name]
		mark := "✅"
		if st.Failures > 0 {
			mark = "⚠️"
		}
		if st.LastAttempt.IsZero() {
			mark = "·"
		}
		fmt.Fprintf(&b, "\n\n%s <b>%s</b>\n%s: %s · %s: %d", mark, esc(src.Name), tr(ui, "status_ok"), when(st.LastSuccess),
			tr(ui, "status_24h"), recent[src.Name])
		if st.OtherTotal > 0 {
			// Stored but kept out of digests, search and alerts: a source with many
			// may be publishing in a language the bot does not serve.
			b.WriteString("\n" + tr(ui, "status_other", st.OtherTotal, st.OtherLast))
		}
		if st.Failures > 0 {
			errText, _ := clip(st.LastError, 200)
			fmt.Fprintf(&b, "\n%s (%d): %s\n%s: %s", tr(ui, "status_err"), st.Failures, esc(errText), tr(ui, "status_next"), when(st.NextAttempt))
		}
	}
	return Response{Replies: []Reply{{Text: b.String(), NoPreview: true}}}
}
