package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/refdigest/refdigest/store"
)

// cmdStats reports subscribers, items, sources and the last digest's delivery (admins).
func (h *Handler) cmdStats(_ context.Context, _ Request, ui string) Response {
	subs, err := h.st.SubscriberStats()
	if err != nil {
		return h.failed(ui, "stats", err)
	}
	total, err := h.st.CountItems()
	if err != nil {
		return h.failed(ui, "stats", err)
	}
	now := h.opts.Clock().In(h.opts.Location)
	dayStart := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, h.opts.Location)
	today := 0
	if err := h.st.EachItemBetween(dayStart, dayStart.AddDate(0, 0, 1), func(store.Item) error { today++; return nil }); err != nil {
		return h.failed(ui, "stats", err)
	}
	states, err := h.st.SourceStates()
	if err != nil {
		return h.failed(ui, "stats", err)
	}
	failing := 0
	for _, s := range states {
		if s.Failures > 0 {
			failing++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<b>%s</b>\n", tr(ui, "stats_title"))
	fmt.Fprintf(&b, "%s: %d / %d\n", tr(ui, "stats_subs"), subs.Active, subs.Inactive)
	fmt.Fprintf(&b, "%s: %s\n", tr(ui, "stats_by_lang"), counts(subs.ByLang, nil))
	fmt.Fprintf(&b, "%s: %s\n", tr(ui, "stats_by_time"), counts(subs.ByTime, map[string]string{"": tr(ui, "btn_now")}))
	fmt.Fprintf(&b, "%s: %d / %d\n", tr(ui, "stats_items"), today, total)
	fmt.Fprintf(&b, "%s: %d / %d\n", tr(ui, "stats_sources"), len(h.opts.Sources)-failing, failing)
	d, err := h.st.LatestDigest(now.Format(time.DateOnly))
	switch {
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(&b, "%s: —", tr(ui, "stats_digest"))
	case err != nil:
		return h.failed(ui, "stats", err)
	default:
		jobs, err := h.st.JobCounts(d.Date)
		if err != nil {
			return h.failed(ui, "stats", err)
		}
		fmt.Fprintf(&b, "%s: %s (%d), %s %s\n", tr(ui, "stats_digest"), d.Date, d.Items,
			tr(ui, "stats_built"), d.Built.In(h.opts.Location).Format("2006-01-02 15:04"))
		fmt.Fprintf(&b, "%s: %s %d · %s %d · %s %d · %s %d", tr(ui, "stats_delivery"),
			tr(ui, "stats_sent"), jobs[store.JobSent], tr(ui, "stats_pending"), jobs[store.JobPending]+jobs[store.JobSending],
			tr(ui, "stats_failed"), jobs[store.JobFailed], tr(ui, "stats_total"), jobs[store.JobSent]+jobs[store.JobPending]+jobs[store.JobSending]+jobs[store.JobFailed])
	}
	if h.opts.DeliveryStats != nil {
		ds := h.opts.DeliveryStats()
		fmt.Fprintf(&b, "\n%s: %.1f/s · %s %d · 429: %d", tr(ui, "stats_rate"), ds.RatePerSecond, tr(ui, "stats_lost"), ds.Lost, ds.Throttled)
	}
	return say(b.String())
}

// counts renders "kk 3, ru 5" in key order; names renames keys.
func counts(m map[string]int, names map[string]string) string {
	if len(m) == 0 {
		return "—"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := k
		if n, ok := names[k]; ok {
			name = n
		}
		parts[i] = fmt.Sprintf("%s %d", esc(name), m[k])
	}
	return strings.Join(parts, ", ")
}
