package digest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/refdigest/refdigest/store"
)

// Window limits: a digest covers the time since the previous digest, but never more than
// maxWindow (after an outage) and, without a previous digest, the last defaultWindow.
const (
	defaultWindow = 24 * time.Hour
	maxWindow     = 72 * time.Hour
)

// BuildDay builds the digest of a local day "YYYY-MM-DD" from the items in the store. The
// digest covers the items published since the previous day's digest (or in the 24 hours
// before the end of the day when there is none) up to the end of the day or now, whichever
// comes first.
func (b *Builder) BuildDay(ctx context.Context, src Source, date string) (*Digest, error) {
	if src == nil {
		return nil, errors.New("digest: build: nil source")
	}
	day, err := time.ParseInLocation("2006-01-02", date, b.loc)
	if err != nil {
		return nil, fmt.Errorf("digest: build %q: date must be YYYY-MM-DD", date)
	}
	prev := b.previous(src, day)
	from, to := b.window(day, prev)
	d := &Digest{Version: dataVersion, Date: date, Built: b.now(), From: from, To: to}
	if b.webLink != nil {
		d.Web = make(map[string]string, 2)
		for _, l := range digestLangs() {
			if u := b.webLink(date, l); u != "" {
				d.Web[l] = u
			}
		}
	}
	if !to.After(from) {
		return d, nil
	}
	items, err := src.ItemsBetween(from, to)
	if err != nil {
		return nil, fmt.Errorf("digest: build %s: %w", date, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("digest: build %s: %w", date, err)
	}
	items = digestible(items)
	// The same items make the same digest however the collector stored them: feeds are read
	// concurrently and many outlets give only a date, so ties in publication time are
	// broken by address, not by store id (story ids and clustering ties depend on order).
	slices.SortStableFunc(items, func(a, b store.Item) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
	d.Items = len(items)
	stories, err := b.stories(ctx, items, prev, b.itemsOf(src, prev), date, window{from, to})
	if err != nil {
		return nil, fmt.Errorf("digest: build %s: %w", date, err)
	}
	d.Stories, d.Also, d.AlsoTotal = b.cut(stories)
	b.log.Info("digest built", "date", date, "from", from, "to", to, "items", d.Items,
		"stories", len(d.Stories), "also", d.AlsoTotal)
	return d, nil
}

// previous loads the digest of an earlier day, or nil. A missing or unreadable previous
// digest only costs continuity, so it is logged, not fatal.
func (b *Builder) previous(src Source, day time.Time) *Digest {
	before := day.AddDate(0, 0, -1).Format("2006-01-02")
	rec, err := src.LatestDigest(before)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			b.log.Warn("previous digest unavailable", "date", before, "err", err)
		}
		return nil
	}
	d, err := FromRecord(rec)
	if err != nil {
		b.log.Warn("previous digest unreadable", "date", rec.Date, "err", err)
		return nil
	}
	return d
}

// itemsOf loads the items of a previous digest's window, for finding today's copies of its
// reports, or nil. Without them continuity rests on the signatures alone, so a failure is
// logged, not fatal.
func (b *Builder) itemsOf(src Source, prev *Digest) []store.Item {
	if prev == nil || !prev.To.After(prev.From) {
		return nil
	}
	items, err := src.ItemsBetween(prev.From, prev.To)
	if err != nil {
		b.log.Warn("previous digest's items unavailable", "date", prev.Date, "err", err)
		return nil
	}
	return items
}

// window is the [from, to) range of publication times the day's digest covers.
func (b *Builder) window(day time.Time, prev *Digest) (from, to time.Time) {
	start := day
	end := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, b.loc)
	to = end
	if now := b.now(); now.Before(to) {
		to = now
	}
	if to.Before(start) {
		return start, start // a day that has not begun: nothing yet
	}
	from = to.Add(-defaultWindow)
	if from.Before(start) && to.Equal(end) {
		from = start // a whole past day, even across a DST change elsewhere
	}
	if prev != nil && !prev.To.IsZero() && prev.To.Before(to) && !prev.To.After(start) {
		from = prev.To
		if lo := to.Add(-maxWindow); from.Before(lo) {
			from = lo
		}
	}
	return from, to
}

// cut splits ranked stories into the ones shown in full and the "Also today" rest.
func (b *Builder) cut(stories []Story) (top, also []Story, alsoTotal int) {
	if len(stories) <= b.maxStories {
		return stories, nil, 0
	}
	top, rest := stories[:b.maxStories], stories[b.maxStories:]
	alsoTotal = len(rest)
	if len(rest) > maxAlsoStored {
		rest = rest[:maxAlsoStored]
	}
	return top, rest, alsoTotal
}

// digestible keeps the Kazakh and Russian items. The collector decides each item's
// language once (lang.Identify) and stores it; items of other languages stay in the
// store but never reach a digest. An item stored before that decision existed has no
// language and is decided here the same way.
func digestible(items []store.Item) []store.Item {
	out := items[:0]
	for _, it := range items {
		if l := itemLang(it); l == LangKK || l == LangRU {
			out = append(out, it)
		}
	}
	return out
}
