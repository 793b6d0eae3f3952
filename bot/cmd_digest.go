package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/refdigest/refdigest/deliver"
	"github.com/refdigest/refdigest/store"
)

// cmdDigest shows a day's digest (today by default) in the chat's digest language(s), the
// own-language-only rendering for a reader who asked for it (as delivery does).
// A day still to come builds nothing: its digest would be empty now and different later.
func (h *Handler) cmdDigest(ctx context.Context, req Request, ui, args string) Response {
	date := h.svc.Today()
	if a := strings.TrimSpace(args); a != "" {
		switch kind := dateKind(a); {
		case kind == notADate:
			return say(tr(ui, "digest_date"))
		case kind == noSuchDate:
			return say(tr(ui, "digest_nosuch", a))
		case a > date: // YYYY-MM-DD strings sort as the days do
			return say(tr(ui, "digest_future", a))
		}
		date = a
	}
	rec, err := h.svc.Digest(ctx, date)
	if err != nil {
		return h.failed(ui, "digest", err)
	}
	if rec.Items == 0 {
		return say(tr(ui, "digest_none", date))
	}
	lang := digestLangFromTelegram(req.LanguageCode)
	own := false
	if sub, err := h.st.Subscriber(req.ChatID); err == nil && sub.Lang != "" {
		lang, own = sub.Lang, sub.OwnLangOnly()
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return h.failed(ui, "digest", err)
	}
	var resp Response
	for _, l := range deliver.Langs(lang) {
		for _, part := range rec.Parts(l, own) {
			resp.Replies = append(resp.Replies, Reply{Text: part, NoPreview: true})
		}
	}
	return resp
}

// What a /digest argument is.
const (
	validDate  = iota
	notADate   // not written YYYY-MM-DD: the user needs the format
	noSuchDate // written YYYY-MM-DD, but no such day (2026-02-30, 2026-13-01)
)

// dateKind tells a date from a typo in the format and from a day that does not exist. The
// shape is checked first, so a parse error after it can only mean the month or the day is
// out of range: no error text is read.
func dateKind(s string) int {
	if len(s) != len(time.DateOnly) {
		return notADate
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (i == 4 || i == 7) != (c == '-') || (c != '-' && (c < '0' || c > '9')) {
			return notADate
		}
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return noSuchDate
	}
	return validDate
}
