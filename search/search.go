// Package search answers queries over the collected items.
//
// This first version scans the store; the bleve index with Kazakh and Russian analyzers
// replaces the scan behind the same API.
package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/refdigest/refdigest/store"
)

// Items is what the scanner reads.
type Items interface {
	EachItemBetween(from, to time.Time, fn func(store.Item) error) error
}

// Hit is one matching item.
type Hit struct {
	Item    store.Item
	Score   float64
	Snippet string // plain text around the first match
}

// Results is one page of hits and the total number of matches.
type Results struct {
	Total int
	Hits  []Hit
}

// Options narrow and page a query.
type Options struct {
	Lang   string // "" = any
	Offset int
	Limit  int // default 5
}

// Scanner searches by reading every item: fine for a skeleton, replaced by the index.
type Scanner struct {
	items Items
}

// NewScanner makes a Scanner over items.
func NewScanner(items Items) *Scanner { return &Scanner{items: items} }

// Search returns the items whose title or text contains every word of q (case-insensitive),
// newest first.
func (s *Scanner) Search(ctx context.Context, q string, opts Options) (Results, error) {
	if opts.Limit <= 0 {
		opts.Limit = 5
	}
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
	if len(words) == 0 {
		return Results{}, nil
	}
	var hits []Hit
	err := s.items.EachItemBetween(time.Unix(0, 0), time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC), func(it store.Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if opts.Lang != "" && it.Lang != opts.Lang {
			return nil
		}
		title, text := strings.ToLower(it.Title), strings.ToLower(it.Text())
		score := 0.0
		for _, w := range words {
			switch {
			case strings.Contains(title, w):
				score += 2
			case strings.Contains(text, w):
				score++
			default:
				return nil
			}
		}
		hits = append(hits, Hit{Item: it, Score: score, Snippet: snippet(it.Text(), words[0], 160)})
		return nil
	})
	if err != nil {
		return Results{}, fmt.Errorf("search: %w", err)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Item.Published.After(hits[j].Item.Published)
	})
	res := Results{Total: len(hits)}
	if opts.Offset < len(hits) {
		res.Hits = hits[opts.Offset:min(len(hits), opts.Offset+opts.Limit)]
	}
	return res, nil
}

// snippet cuts about n runes of text around the first occurrence of word, on word boundaries.
func snippet(text, word string, n int) string {
	runes := []rune(text)
	lower := []rune(strings.ToLower(text))
	at := strings.Index(string(lower), word)
	start := 0
	if at > 0 {
		start = len([]rune(string(lower)[:at])) - n/3
	}
	start = max(start, 0)
	for start > 0 && !unicode.IsSpace(runes[start-1]) {
		start--
	}
	end := min(len(runes), start+n)
	for end < len(runes) && !unicode.IsSpace(runes[end]) {
		end++
	}
	out := strings.Join(strings.Fields(string(runes[start:end])), " ")
	if start > 0 {
		out = "…" + out
	}
	if end < len(runes) {
		out += "…"
	}
	return out
}
