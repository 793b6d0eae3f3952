package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/refdigest/refdigest/deliver"
	"github.com/refdigest/refdigest/store"
)

// cmdDigest shows a day's digest (today by default) in the chat's digest language(s).
func (h *Handler) cmdDigest(ctx context.Context, req Request, ui, args string) Response {
	date := h.svc.Today()
	if a := strings.TrimSpace(args); a != "" {
		d, err := time.Parse(time.DateOnly, a)
		if err != nil {
			return say(tr(ui, "digest_date"))
		}
		date = d.Format(time.DateOnly)
	}
	rec, err := h.svc.Digest(ctx, date)
	if err != nil {
		return h.failed(ui, "digest", err)
	}
	if rec.Items == 0 {
		return say(tr(ui, "digest_none", date))
	}
	lang := digestLangFromTelegram(req.LanguageCode)
	if sub, err := h.st.Subscriber(req.ChatID); err == nil && sub.Lang != "" {
		lang = sub.Lang
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return h.failed(ui, "digest", err)
	}
	var resp Response
	for _, l := range deliver.Langs(lang) {
		for _, part := range rec.HTML[l] {
			resp.Replies = append(resp.Replies, Reply{Text: part, NoPreview: true})
		}
	}
	return resp
}
