package search

import (
	"context"
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/refdigest/refdigest/store"
)

// Match returns those of items that the query q matches, with the same syntax and analysis as
// Search, in the order given: how a pass's new items are checked against users' follows.
// The items must already be indexed.
func (ix *Index) Match(ctx context.Context, q string, items []store.Item) ([]store.Item, error) {
	p := parseQuery(q, ix.opts.Location)
	if len(items) == 0 || (p.empty() && !p.hasFilters()) {
		return nil, nil
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = docID(it.ID)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errors.New("search: match: index closed")
	}
	bq := bleve.NewConjunctionQuery(buildQuery(p), bleve.NewDocIDQuery(ids))
	r, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, len(items), 0, false))
	if err != nil {
		return nil, fmt.Errorf("search: match: %w", err)
	}
	hit := make(map[string]bool, len(r.Hits))
	for _, h := range r.Hits {
		hit[h.ID] = true
	}
	var out []store.Item
	for i, it := range items {
		if hit[ids[i]] {
			out = append(out, it)
		}
	}
	return out, nil
}
