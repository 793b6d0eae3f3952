package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// Query narrows and pages a search.
type Query struct {
	// Lang keeps items in one language ("kk" or "ru"); "" = any. A lang:
	// filter in the query text wins over it.
	Lang string
	// Offset skips that many hits; Limit is the page size (default 5, at most 50).
	Offset, Limit int
	// UILang is the language of Results.Err ("kk", "ru" or "en"); "" = the
	// query's own language.
	UILang string
}

// Hit is one result: an item, or the best item of a story with the others folded in.
type Hit struct {
	Item  store.Item
	Score float64
	// Snippet is plain text from the item's text around the best matching
	// words, about 200 characters, cut on word boundaries ("…" marks a cut).
	Snippet string
	// Marks are byte ranges of Snippet to show in bold; TitleMarks the same
	// for Item.Title.
	Marks      [][2]int
	TitleMarks [][2]int
	// Related are other items of the same story (near-duplicates), best first.
	Related []store.Item
}

// Results is one page of hits.
type Results struct {
	// Total counts the matching items, stories folded where seen.
	Total int
	Hits  []Hit
	// Suggest is a broader query that finds something, when this one found
	// nothing; "" otherwise.
	Suggest string
	// Err explains, in words for the user, what was wrong with the query and
	// how it was read (an unbalanced quote closed, a bad date ignored); "" when
	// nothing was.
	Err string
}

// Scoring constants.
const (
	boostTitle   = 3.0
	boostBody    = 1.0
	boostKey     = 0.5
	boostConcept = 0.7

	// Recency adds at most recencyWeight to a score, halving every recencyHalfLife.
	recencyWeight   = 0.15
	recencyHalfLife = 7 * 24 * time.Hour

	// At least minCandidates hits are ranked again with recency and folded
	// into stories before paging: the boost is mild, so a hit further down
	// would not make the page.
	minCandidates = 20
	maxCandidates = 1000
	maxLimit      = 50
)

// Search runs a user query. Malformed input is never an error: it is read as
// well as it can be and explained in Results.Err. Errors are the index's or
// the store's.
func (ix *Index) Search(ctx context.Context, q string, o Query) (Results, error) {
	if o.Limit <= 0 {
		o.Limit = 5
	}
	o.Limit = min(o.Limit, maxLimit)
	o.Offset = max(o.Offset, 0)
	p := parseQuery(q, ix.opts.Location)
	res := Results{Err: explain(p.problems, uiLanguage(o.UILang, q))}
	if p.empty() && !p.hasFilters() {
		return res, nil
	}
	if o.Lang == "kk" || o.Lang == "ru" {
		p.defaultLang = o.Lang
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return res, errors.New("search: index closed")
	}
	want := o.Offset + o.Limit
	if want > maxCandidates {
		n, err := ix.count(ctx, p)
		res.Total = n
		return res, err
	}
	k := min(max(minCandidates, 2*want+5), maxCandidates)
	req := bleve.NewSearchRequestOptions(buildQuery(p), k, 0, false)
	browse := p.empty()
	if browse {
		req.SortBy([]string{"-" + fieldPublished, "-_id"})
	}
	r, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}

	cands := make([]Hit, 0, len(r.Hits))
	missing := 0
	for _, h := range r.Hits {
		id, err := strconv.ParseUint(h.ID, 10, 64)
		if err != nil {
			missing++
			continue
		}
		it, err := ix.items.Item(id)
		if errors.Is(err, store.ErrNotFound) {
			missing++ // the index is ahead of a restored store; CatchUp overwrites it
			continue
		}
		if err != nil {
			return res, fmt.Errorf("search: %w", err)
		}
		cands = append(cands, Hit{Item: it, Score: h.Score})
	}
	if !browse {
		ix.rank(cands)
	}
	kept, folded := foldStories(cands, ix.ac.cache())
	res.Total = max(int(r.Total)-missing-folded, len(kept))
	if o.Offset < len(kept) {
		res.Hits = kept[o.Offset:min(len(kept), o.Offset+o.Limit)]
	}
	m := newMatcher(p, ix.ac.cache())
	for i := range res.Hits {
		h := &res.Hits[i]
		l := itemLang(h.Item)
		h.Snippet, h.Marks = snippet(h.Item.Text(), l, m, snippetWidth)
		h.TitleMarks = m.marks(h.Item.Title, l)
	}
	if res.Total == 0 {
		s, err := ix.suggest(ctx, p)
		if err != nil {
			return res, err
		}
		res.Suggest = s
	}
	return res, nil
}

// count returns how many items match p (no ranking, no folding).
func (ix *Index) count(ctx context.Context, p parsed) (int, error) {
	req := bleve.NewSearchRequestOptions(buildQuery(p), 0, 0, false)
	r, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	return int(r.Total), nil
}

// rank adds the recency boost and sorts: score, then newer, then higher id.
func (ix *Index) rank(hits []Hit) {
	now := ix.opts.Clock()
	for i := range hits {
		age := max(now.Sub(hits[i].Item.Published), 0)
		hits[i].Score *= 1 + recencyWeight*math.Exp2(-float64(age)/float64(recencyHalfLife))
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if d := a.Score - b.Score; math.Abs(d) > 1e-9*math.Max(a.Score, b.Score) {
			if d > 0 {
				return -1
			}
			return 1
		}
		if c := b.Item.Published.Compare(a.Item.Published); c != 0 {
			return c
		}
		switch {
		case a.Item.ID > b.Item.ID:
			return -1
		case a.Item.ID < b.Item.ID:
			return 1
		}
		return 0
	})
}

// foldStories keeps the first (best) item of each story and folds the later
// ones into it as Related; it returns the kept hits and how many were folded.
func foldStories(hits []Hit, cache *termCache) ([]Hit, int) {
	type sig struct {
		lang  lang.Lang
		terms map[string]struct{}
	}
	sigs := make([]sig, len(hits))
	for i, h := range hits {
		l := itemLang(h.Item)
		set := make(map[string]struct{})
		for _, t := range lang.Tokenize(h.Item.Title) {
			if s, ok := cache.stem(t, l); ok {
				set[s] = struct{}{}
			}
		}
		sigs[i] = sig{lang: l, terms: set}
	}
	var kept []Hit
	var keptIdx []int
	folded := 0
outer:
	for i, h := range hits {
		for k, j := range keptIdx {
			if sameStory(h.Item, hits[j].Item, sigs[i].lang == sigs[j].lang, sigs[i].terms, sigs[j].terms) {
				kept[k].Related = append(kept[k].Related, h.Item)
				folded++
				continue outer
			}
		}
		kept = append(kept, h)
		keptIdx = append(keptIdx, i)
	}
	return kept, folded
}

// sameStory decides whether two items report the same story: near-identical
// text (SimHash within 3 bits), or, in one language within three days, titles
// sharing most of their terms.
func sameStory(a, b store.Item, sameLang bool, ta, tb map[string]struct{}) bool {
	if a.SimHash != 0 && b.SimHash != 0 && bits.OnesCount64(a.SimHash^b.SimHash) <= 3 {
		return true
	}
	if !sameLang || len(ta) < 3 || len(tb) < 3 {
		return false
	}
	d := a.Published.Sub(b.Published)
	if d < -72*time.Hour || d > 72*time.Hour {
		return false
	}
	inter := 0
	for t := range ta {
		if _, ok := tb[t]; ok {
			inter++
		}
	}
	union := len(ta) + len(tb) - inter
	return float64(inter)/float64(union) >= 0.6
}

// buildQuery turns a parsed query into a bleve query.
func buildQuery(p parsed) query.Query {
	bq := query.NewBooleanQuery(nil, nil, nil)
	for _, g := range conceptGroups(p.words) {
		bq.AddMust(groupQuery(p.words[g.from:g.to], g.ids))
	}
	for _, ph := range p.phrases {
		bq.AddMust(phraseQuery(ph, true))
	}
	for _, ex := range p.excluded {
		if len(ex) == 1 {
			bq.AddMustNot(wordQuery(ex[0]))
		} else {
			bq.AddMustNot(phraseQuery(ex, false))
		}
	}
	if p.empty() {
		bq.AddMust(query.NewMatchAllQuery())
	}
	var filters []query.Query
	langs := p.langs
	if len(langs) == 0 && p.defaultLang != "" {
		langs = []string{p.defaultLang}
	}
	if len(langs) > 0 {
		var qs []query.Query
		for _, l := range langs {
			qs = append(qs, termQuery(fieldLang, l, 1))
		}
		filters = append(filters, query.NewDisjunctionQuery(qs))
	}
	if len(p.sources) > 0 {
		var qs []query.Query
		for _, words := range p.sources {
			var all []query.Query
			for _, w := range words {
				all = append(all, termQuery(fieldSource, w, 1))
			}
			qs = append(qs, query.NewConjunctionQuery(all))
		}
		filters = append(filters, query.NewDisjunctionQuery(qs))
	}
	if !p.since.IsZero() || !p.until.IsZero() {
		incl, excl := true, false
		dq := query.NewDateRangeInclusiveQuery(p.since, p.until, &incl, &excl)
		dq.SetField(fieldPublished)
		filters = append(filters, dq)
	}
	if len(filters) > 0 {
		bq.AddFilter(query.NewConjunctionQuery(filters))
	}
	return bq
}

// group is a run of query words [from, to) and the gazetteer concepts it
// names as a whole.
type group struct {
	from, to int
	ids      []string
}

// conceptGroups partitions words into groups: runs of two to four words that
// together name a concept no shorter part names (Халық кеңесі, Орталық сайлау
// комиссиясы), and single words with the concepts they name alone.
func conceptGroups(words []lang.Token) []group {
	n := len(words)
	memo := map[[2]int][]string{}
	ids := func(i, j int) []string {
		if v, ok := memo[[2]int{i, j}]; ok {
			return v
		}
		parts := make([]string, 0, j-i)
		for _, w := range words[i:j] {
			parts = append(parts, w.Text)
		}
		v := lang.Concepts(strings.Join(parts, " "))
		memo[[2]int{i, j}] = v
		return v
	}
	covered := make([]bool, n)
	var groups []group
	for size := 2; size <= min(4, n); size++ {
		for i := 0; i+size <= n; i++ {
			if slices.Contains(covered[i:i+size], true) {
				continue
			}
			var whole []string
			for _, id := range ids(i, i+size) {
				inPart := false
				for a := i; a < i+size && !inPart; a++ {
					for b := a + 1; b <= i+size && !inPart; b++ {
						if b-a < size && slices.Contains(ids(a, b), id) {
							inPart = true
						}
					}
				}
				if !inPart {
					whole = append(whole, id)
				}
			}
			if len(whole) > 0 {
				groups = append(groups, group{from: i, to: i + size, ids: whole})
				for k := i; k < i+size; k++ {
					covered[k] = true
				}
			}
		}
	}
	for i := range n {
		if !covered[i] {
			groups = append(groups, group{from: i, to: i + 1, ids: ids(i, i+1)})
		}
	}
	slices.SortFunc(groups, func(a, b group) int { return a.from - b.from })
	return groups
}

// groupQuery matches the words of a group (all of them) or any concept the
// group names.
func groupQuery(words []lang.Token, ids []string) query.Query {
	var words1 query.Query
	if len(words) == 1 {
		words1 = wordQuery(words[0])
	} else {
		all := make([]query.Query, 0, len(words))
		for _, w := range words {
			all = append(all, wordQuery(w))
		}
		words1 = query.NewConjunctionQuery(all)
	}
	if len(ids) == 0 {
		return words1
	}
	alts := []query.Query{words1}
	for _, id := range ids {
		alts = append(alts, conceptQuery(id))
	}
	return query.NewDisjunctionQuery(alts)
}

// wordStems are the terms a query word may have in title and body: its
// Kazakh stem, its Russian stem and itself (for items in neither language).
func wordStems(t lang.Token) []string {
	if t.Number {
		return []string{t.Text}
	}
	out := []string{lang.Stem(t.Text, lang.KK)}
	for _, s := range []string{lang.Stem(t.Text, lang.RU), t.Text} {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// wordQuery matches one word in the title (boosted), the body, or by its
// language-neutral key.
func wordQuery(t lang.Token) query.Query {
	var alts []query.Query
	for _, s := range wordStems(t) {
		alts = append(alts, termQuery(fieldTitle, s, boostTitle), termQuery(fieldBody, s, boostBody))
	}
	if k, ok := keyTerm(t.Text, t.Number); ok {
		alts = append(alts, termQuery(fieldKey, k, boostKey))
	}
	return query.NewDisjunctionQuery(alts)
}

// phraseQuery matches the words in a row, in the title, the body or by keys;
// with concepts it also matches a concept the phrase names as a whole.
// Stopwords and one-letter words match any word in their place.
func phraseQuery(toks []lang.Token, concepts bool) query.Query {
	stems := make([][]string, len(toks))
	keys := make([][]string, len(toks))
	for i, t := range toks {
		if !t.Number && (utf8Len(t.Text) < 2 || isStopAny(t.Text)) {
			continue
		}
		stems[i] = wordStems(t)
		if k, ok := keyTerm(t.Text, t.Number); ok {
			keys[i] = []string{k}
		}
	}
	var alts []query.Query
	if s := trimGaps(stems); len(s) > 0 {
		alts = append(alts, phrase(fieldTitle, s, boostTitle), phrase(fieldBody, s, boostBody))
	}
	if k := trimGaps(keys); len(k) > 1 {
		alts = append(alts, phrase(fieldKey, k, boostKey))
	}
	if concepts {
		parts := make([]string, len(toks))
		for i, t := range toks {
			parts[i] = t.Text
		}
		whole := strings.Join(parts, " ")
		for _, id := range lang.Concepts(whole) {
			// only a concept the whole phrase names, not one of its words
			if conceptSpans(toks, id) {
				alts = append(alts, conceptQuery(id))
			}
		}
	}
	if len(alts) == 0 {
		return query.NewMatchNoneQuery()
	}
	return query.NewDisjunctionQuery(alts)
}

// conceptSpans reports whether concept id needs all of toks: no shorter run
// of them names it.
func conceptSpans(toks []lang.Token, id string) bool {
	for a := 0; a < len(toks); a++ {
		for b := a + 1; b <= len(toks); b++ {
			if b-a == len(toks) {
				continue
			}
			parts := make([]string, 0, b-a)
			for _, t := range toks[a:b] {
				parts = append(parts, t.Text)
			}
			if slices.Contains(lang.Concepts(strings.Join(parts, " ")), id) {
				return false
			}
		}
	}
	return true
}

// trimGaps drops leading and trailing wildcard positions.
func trimGaps(pos [][]string) [][]string {
	for len(pos) > 0 && len(pos[0]) == 0 {
		pos = pos[1:]
	}
	for len(pos) > 0 && len(pos[len(pos)-1]) == 0 {
		pos = pos[:len(pos)-1]
	}
	return pos
}

func phrase(field string, terms [][]string, boost float64) query.Query {
	if len(terms) == 1 {
		alts := make([]query.Query, 0, len(terms[0]))
		for _, t := range terms[0] {
			alts = append(alts, termQuery(field, t, boost))
		}
		return query.NewDisjunctionQuery(alts)
	}
	q := query.NewMultiPhraseQuery(terms, field)
	q.SetBoost(boost)
	return q
}

// conceptQuery matches a gazetteer concept anywhere in an item, more when in its title.
func conceptQuery(id string) query.Query {
	return query.NewDisjunctionQuery([]query.Query{
		termQuery(fieldConcept, id, boostConcept),
		termQuery(fieldTConcept, id, boostConcept*boostTitle),
	})
}

func termQuery(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func utf8Len(s string) int { return len([]rune(s)) }
