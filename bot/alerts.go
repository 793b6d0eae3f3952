package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// Matcher tells which items match a follow query, with the search analyzer and syntax
// (*search.Index).
type Matcher interface {
	Match(ctx context.Context, query string, items []store.Item) ([]store.Item, error)
}

// Subscribers pages through all subscribers (*store.Store).
type Subscribers interface {
	EachSubscriber(batch int, fn func(store.Subscriber) error) error
}

// langOther is store.Item.Lang of an item in neither Kazakh nor Russian.
const langOther = "other"

// MaxAlertItems caps the items listed in one alert.
const MaxAlertItems = 10

// Alerts builds the follow alerts for a collection pass's new items: one message per chat
// whose follows match any of them, listing each matching item once (at most MaxAlertItems),
// in the chat's interface language. send is called for each message.
func (h *Handler) Alerts(ctx context.Context, subs Subscribers, m Matcher, items []store.Item, send func(botapi.Message) error) error {
	// An item in neither Kazakh nor Russian is stored but never followed: the
	// collector's decision is trusted here as in search, whatever the Matcher does.
	items = slices.DeleteFunc(slices.Clone(items), func(it store.Item) bool { return it.Lang == langOther })
	if len(items) == 0 {
		return nil
	}
	return subs.EachSubscriber(500, func(sub store.Subscriber) error {
		if !sub.Active || len(sub.Follows) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		type hit struct {
			it     store.Item
			follow string
		}
		var hits []hit
		seen := map[uint64]bool{}
		for _, f := range sub.Follows {
			matched, err := m.Match(ctx, f, items)
			if err != nil {
				h.log.Warn("follow match failed", "chat_id", sub.ChatID, "err", err)
				continue
			}
			for _, it := range matched {
				if !seen[it.ID] {
					seen[it.ID] = true
					hits = append(hits, hit{it, f})
				}
			}
		}
		if len(hits) == 0 {
			return nil
		}
		ui := sub.UILang
		if ui == "" {
			ui = uiEN
		}
		var b strings.Builder
		b.WriteString(tr(ui, "alert_header"))
		for i, x := range hits {
			if i == MaxAlertItems {
				fmt.Fprintf(&b, "\n… +%d", len(hits)-MaxAlertItems)
				break
			}
			fmt.Fprintf(&b, "\n\n• <a href=\"%s\">%s</a>\n<i>%s · «%s»</i>", esc(x.it.URL), esc(x.it.Title),
				esc(strings.Join(x.it.Sources(), ", ")), esc(x.follow))
		}
		return send(botapi.Message{ChatID: sub.ChatID, Text: b.String(), DisablePreview: true, ID: "alert"})
	})
}
