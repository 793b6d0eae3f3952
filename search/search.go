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
	// boostExpand weighs a concept's name in another language (выборы for
	// сайлау): found, but after the items that use the query's own word.
	boostExpand = 0.35

	// Recency multiplies a score by up to 1+recencyWeight for an item published
	// now, the extra halving every recencyHalfLife of age.
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
	full := buildQuery(p)
	browse := p.empty()
	var r *bleve.SearchResult
	var err error
	if browse {
		req := bleve.NewSearchRequestOptions(full, k, 0, false)
		req.SortBy([]string{"-" + fieldPublished, "-_id"})
		r, err = ix.idx.SearchInContext(ctx, req)
	} else {
		r, err = ix.ranked(ctx, p, full, k, want)
	}
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
	n, err := ix.countQuery(ctx, buildQuery(p))
	if err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	return n, nil
}

// countQuery counts the matches of q without scoring them, which is several
// times cheaper than a ranked search.
func (ix *Index) countQuery(ctx context.Context, q query.Query) (int, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = "none"
	r, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, err
	}
	return int(r.Total), nil
}

// ranked returns the best k matches of full. Scoring every match is what a
// search costs, and a query made of the words most items use (Конституция in
// this corpus) can match most of the index; so when more than broadMin items
// match, only those with a query word in the title are scored (on their
// titles), the rest still counted in the total. If that leaves fewer than want
// hits, the full query is scored after all.
func (ix *Index) ranked(ctx context.Context, p parsed, full query.Query, k, want int) (*bleve.SearchResult, error) {
	n, err := ix.countQuery(ctx, full)
	if err != nil {
		return nil, err
	}
	if n > ix.broadMin {
		narrow := query.NewBooleanQuery(nil, nil, nil)
		narrow.AddMust(titleQuery(p))
		narrow.AddFilter(full)
		r, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(narrow, k, 0, false))
		if err != nil {
			return nil, err
		}
		if len(r.Hits) >= want {
			r.Total = uint64(n)
			return r, nil
		}
	}
	return ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(full, k, 0, false))
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

// titleQuery matches items with any word, phrase or concept of p in the
// title, scored on the title alone.
func titleQuery(p parsed) query.Query {
	var alts []query.Query
	for _, g := range conceptGroups(p.words) {
		for _, w := range p.words[g.from:g.to] {
			alts = append(alts, fieldAlts(fieldTitle, wordStems(w), boostTitle))
		}
		if len(g.ids) > 0 {
			alts = append(alts, fieldAlts(fieldTConcept, g.ids, boostConcept*boostTitle))
			if st := conceptStems(g.ids, nil); len(st) > 0 {
				alts = append(alts, fieldAlts(fieldTitle, st, boostExpand*boostTitle))
			}
		}
	}
	for _, ph := range p.phrases {
		if pq := pairQuery(ph, fieldTitle2, boostTitle); pq != nil {
			alts = append(alts, pq)
		}
	}
	if len(alts) == 0 {
		return query.NewMatchNoneQuery()
	}
	return query.NewDisjunctionQuery(alts)
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
			groups = append(groups, group{from: i, to: i + 1, ids: namedBy(words[i], ids(i, i+1))})
		}
	}
	slices.SortFunc(groups, func(a, b group) int { return a.from - b.from })
	return groups
}

// namedBy keeps the concepts that w is a name of (конституции for
// constitution), dropping those the gazetteer finds by prefix in a derived
// word (конституциялық, конституционный): searching those for the concept
// would turn a query about "constitutional" into one about most items.
func namedBy(w lang.Token, ids []string) []string {
	var out []string
	for _, id := range ids {
		named := false
		for _, l := range []lang.Lang{lang.KK, lang.RU, lang.Other} {
			for _, surface := range lang.ConceptTerms(id, l) {
				if ws := lang.Words(surface); len(ws) == 1 && lang.Stem(ws[0], l) == pairTerm(w, l) {
					named = true
				}
			}
		}
		if named {
			out = append(out, id)
		}
	}
	return out
}

// groupQuery matches the words of a group (all of them) or any concept the
// group names.
func groupQuery(words []lang.Token, ids []string) query.Query {
	var base query.Query
	var own []string
	if len(words) == 1 {
		base = wordQuery(words[0])
		own = wordStems(words[0])
	} else {
		all := make([]query.Query, 0, len(words))
		for _, w := range words {
			all = append(all, wordQuery(w))
		}
		base = query.NewConjunctionQuery(all)
	}
	if cq := conceptQuery(ids, own); cq != nil {
		return query.NewDisjunctionQuery([]query.Query{base, cq})
	}
	return base
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
//
// bleve multiplies a disjunction's score by the share of its clauses that
// matched. The alternatives of one field (Kazakh stem, Russian stem, the word
// itself) are grouped, so that share counts the fields that matched, the same
// for items in either language.
func wordQuery(t lang.Token) query.Query {
	stems := wordStems(t)
	alts := []query.Query{fieldAlts(fieldTitle, stems, boostTitle), fieldAlts(fieldBody, stems, boostBody)}
	if k, ok := keyTerm(t.Text, t.Number); ok {
		alts = append(alts, termQuery(fieldKey, k, boostKey))
	}
	return query.NewDisjunctionQuery(alts)
}

// fieldAlts matches any of terms in one field.
func fieldAlts(field string, terms []string, boost float64) query.Query {
	if len(terms) == 1 {
		return termQuery(field, terms[0], boost)
	}
	alts := make([]query.Query, len(terms))
	for i, t := range terms {
		alts[i] = termQuery(field, t, boost)
	}
	return query.NewDisjunctionQuery(alts)
}

// conceptQuery matches gazetteer concepts: through the stems of their
// one-word names in every language (курултай for Құрылтай), and through the
// concept field for items that name them only with several words (Халық
// кеңесі). Stems in skip (the query word's own) are not repeated. It returns
// nil for no concepts.
func conceptQuery(ids []string, skip []string) query.Query {
	if len(ids) == 0 {
		return nil
	}
	alts := []query.Query{
		query.NewDisjunctionQuery([]query.Query{
			fieldAlts(fieldConcept, ids, boostConcept),
			fieldAlts(fieldTConcept, ids, boostConcept*boostTitle),
		}),
	}
	if stems := conceptStems(ids, skip); len(stems) > 0 {
		alts = append(alts,
			fieldAlts(fieldTitle, stems, boostExpand*boostTitle),
			fieldAlts(fieldBody, stems, boostExpand))
	}
	return query.NewDisjunctionQuery(alts)
}

// conceptStems returns the stems of the one-word names of concepts in every
// language, less those in skip.
func conceptStems(ids []string, skip []string) []string {
	seen := map[string]bool{}
	for _, s := range skip {
		seen[s] = true
	}
	var stems []string
	for _, id := range ids {
		for _, l := range []lang.Lang{lang.KK, lang.RU, lang.Other} {
			for _, surface := range lang.ConceptTerms(id, l) {
				ws := lang.Words(surface)
				if len(ws) != 1 || isStopAny(ws[0]) {
					continue
				}
				if st := lang.Stem(ws[0], l); !seen[st] {
					seen[st] = true
					stems = append(stems, st)
				}
			}
		}
	}
	return stems
}

// indexable reports whether a query token is looked up at all.
func indexable(t lang.Token) bool {
	return t.Number || utf8Len(t.Text) >= 2 && !isStopAny(t.Text)
}

// phraseQuery matches words in a row, as pairs of neighbouring terms in the
// title, the body or the keys (stopwords between them are skipped, as in the
// index); with concepts it also matches a concept the phrase names as a whole.
func phraseQuery(toks []lang.Token, concepts bool) query.Query {
	var words []int
	for i, t := range toks {
		if indexable(t) {
			words = append(words, i)
		}
	}
	switch len(words) {
	case 0:
		return query.NewMatchNoneQuery()
	case 1:
		return wordQuery(toks[words[0]])
	}
	alts := []query.Query{pairQuery(toks, fieldTitle2, boostTitle), pairQuery(toks, fieldBody2, boostBody)}
	var keys []query.Query
	for n := 1; n < len(words); n++ {
		a, b := toks[words[n-1]], toks[words[n]]
		ka, okA := keyTerm(a.Text, a.Number)
		kb, okB := keyTerm(b.Text, b.Number)
		if !okA || !okB || words[n]-words[n-1] != 1 {
			keys = nil
			break
		}
		keys = append(keys, termQuery(fieldKey2, ka+pairSep+kb, boostKey))
	}
	if len(keys) > 0 {
		alts = append(alts, query.NewConjunctionQuery(keys))
	}
	if concepts {
		parts := make([]string, len(toks))
		for i, t := range toks {
			parts[i] = t.Text
		}
		var whole []string
		for _, id := range lang.Concepts(strings.Join(parts, " ")) {
			// only a concept the whole phrase names, not one of its words
			if conceptSpans(toks, id) {
				whole = append(whole, id)
			}
		}
		if cq := conceptQuery(whole, nil); cq != nil {
			alts = append(alts, cq)
		}
	}
	return query.NewDisjunctionQuery(alts)
}

// pairQuery matches every pair of neighbouring indexable words of toks in a
// pair field; nil when toks has fewer than two such words.
func pairQuery(toks []lang.Token, field string, boost float64) query.Query {
	var prev *lang.Token
	var all []query.Query
	for i := range toks {
		b := &toks[i]
		if !indexable(*b) {
			continue
		}
		if prev != nil {
			var pairs []string
			for _, l := range []lang.Lang{lang.KK, lang.RU, lang.Other} {
				if pair := pairTerm(*prev, l) + pairSep + pairTerm(*b, l); !slices.Contains(pairs, pair) {
					pairs = append(pairs, pair)
				}
			}
			all = append(all, fieldAlts(field, pairs, boost))
		}
		prev = b
	}
	if len(all) == 0 {
		return nil
	}
	return query.NewConjunctionQuery(all)
}

// pairTerm is a token's term in a pair for items in l: its stem, or itself
// for a number or an item in neither language.
func pairTerm(t lang.Token, l lang.Lang) string {
	if t.Number || l == lang.Other {
		return t.Text
	}
	return lang.Stem(t.Text, l)
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

func termQuery(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func utf8Len(s string) int { return len([]rune(s)) }
