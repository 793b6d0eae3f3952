package search

import (
	"context"
	"slices"
	"testing"
)

// TestRelevance runs the relevance set (testdata/queries.tsv over
// testdata/corpus.jsonl) and reports recall@5 and MRR, overall and by query
// language; it fails when recall@5 falls under 0.9.
func TestRelevance(t *testing.T) {
	env := newFixtureEnv(t)
	cases := loadQueries(t)
	if len(cases) < 40 {
		t.Fatalf("relevance set has %d queries, want at least 40", len(cases))
	}
	type sums struct {
		n          int
		recall, rr float64
	}
	by := map[string]*sums{"all": {}}
	for _, c := range cases {
		for _, w := range c.want {
			if _, ok := env.idOf[w]; !ok {
				t.Fatalf("query %q wants unknown key %q", c.query, w)
			}
		}
		res, err := env.ix.Search(context.Background(), c.query, Query{Limit: 5})
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		// a folded item counts at the rank of the hit it was folded into
		rankOf := map[string]int{}
		for i, h := range res.Hits {
			for _, id := range append([]uint64{h.Item.ID}, relatedIDs(h)...) {
				if _, seen := rankOf[env.keyOf[id]]; !seen {
					rankOf[env.keyOf[id]] = i + 1
				}
			}
		}
		found, first := 0, 0
		for _, w := range c.want {
			if r, ok := rankOf[w]; ok {
				found++
				if first == 0 || r < first {
					first = r
				}
			}
		}
		recall := float64(found) / float64(len(c.want))
		rr := 0.0
		if first > 0 {
			rr = 1 / float64(first)
		}
		for _, k := range []string{"all", c.lang} {
			if by[k] == nil {
				by[k] = &sums{}
			}
			by[k].n++
			by[k].recall += recall
			by[k].rr += rr
		}
		if recall < 1 || rr < 1 {
			t.Logf("imperfect: %s %q (%s): recall %.2f, rr %.2f, want %v, got %v", c.lang, c.query, c.note, recall, rr, c.want, env.keys(res.Hits))
		}
	}
	langs := make([]string, 0, len(by))
	for k := range by {
		langs = append(langs, k)
	}
	slices.Sort(langs)
	for _, k := range langs {
		s := by[k]
		t.Logf("relevance %-4s %3d queries: recall@5 %.3f, MRR %.3f", k, s.n, s.recall/float64(s.n), s.rr/float64(s.n))
	}
	if all := by["all"]; all.recall/float64(all.n) < 0.9 {
		t.Errorf("recall@5 = %.3f, want at least 0.9", all.recall/float64(all.n))
	}
}

func relatedIDs(h Hit) []uint64 {
	out := make([]uint64, len(h.Related))
	for i, r := range h.Related {
		out[i] = r.ID
	}
	return out
}
