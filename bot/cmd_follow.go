package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// cmdFollow saves a query; new items matching it are announced after each collection pass.
func (h *Handler) cmdFollow(_ context.Context, req Request, ui, args string) Response {
	q := strings.Join(strings.Fields(args), " ")
	if q == "" {
		return say(tr(ui, "follow_usage"))
	}
	exists := false
	_, err := h.setting(req.ChatID, func(sub *store.Subscriber) {
		for _, f := range sub.Follows {
			if strings.EqualFold(f, q) {
				exists = true
				return
			}
		}
		if len(sub.Follows) < h.opts.MaxFollows {
			sub.Follows = append(sub.Follows, q)
		}
	})
	switch {
	case errors.Is(err, errNotSubscribed):
		return say(tr(ui, "not_sub"))
	case err != nil:
		return h.failed(ui, "follow", err)
	case exists:
		return say(tr(ui, "follow_exists", esc(q)))
	}
	sub, _ := h.st.Subscriber(req.ChatID)
	if !containsFold(sub.Follows, q) {
		return say(tr(ui, "follow_cap", h.opts.MaxFollows))
	}
	return say(tr(ui, "follow_saved", esc(q)))
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// followKey names a follow in callback_data: its hash, short and fixed in length, so a long
// follow never overflows the 64-byte limit and a removed one reads as stale.
func followKey(f string) string {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(f)))
	return fmt.Sprintf("%08x", h.Sum32())
}

// cmdUnfollow lists follows as buttons; pressing one removes it.
func (h *Handler) cmdUnfollow(_ context.Context, req Request, ui string) Response {
	sub, err := h.st.Subscriber(req.ChatID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return h.failed(ui, "unfollow", err)
	}
	if len(sub.Follows) == 0 {
		return say(tr(ui, "unfollow_none"))
	}
	return Response{Replies: []Reply{{Text: tr(ui, "unfollow_pick"), Keyboard: unfollowKeyboard(sub.Follows)}}}
}

func unfollowKeyboard(follows []string) [][]botapi.Button {
	var rows [][]botapi.Button
	for _, f := range follows {
		label, _ := clip(f, 40)
		rows = append(rows, []botapi.Button{{Text: "✕ " + label, Data: "unf:" + followKey(f)}})
	}
	return rows
}

// onUnfollow removes the follow a button names and redraws the list.
func (h *Handler) onUnfollow(ctx context.Context, req Request, ui, key string) Response {
	if !h.mayManage(ctx, req) {
		return Response{CallbackText: tr(ui, "group_admins")}
	}
	removed := ""
	sub, err := h.setting(req.ChatID, func(sub *store.Subscriber) {
		kept := sub.Follows[:0]
		for _, f := range sub.Follows {
			if removed == "" && followKey(f) == key {
				removed = f
				continue
			}
			kept = append(kept, f)
		}
		sub.Follows = kept
	})
	if err != nil || removed == "" {
		return Response{CallbackText: tr(ui, "stale")}
	}
	text := tr(ui, "unfollow_done", esc(removed))
	reply := Reply{Text: text, Edit: true}
	if len(sub.Follows) > 0 {
		reply.Text += "\n\n" + tr(ui, "unfollow_pick")
		reply.Keyboard = unfollowKeyboard(sub.Follows)
	}
	return Response{CallbackText: tr(ui, "unfollow_done", removed), Replies: []Reply{reply}}
}
