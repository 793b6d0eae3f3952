package digest

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Summary parameters.
const (
	maxSummarySentences = 3
	summaryBudget       = 700 // UTF-16 units of all summary sentences together
	maxSentenceRunes    = 320 // longer sentences read badly in a chat
	maxSummaryDocs      = 8   // most central items of the story read for sentences
	lexRankDamping      = 0.85
	lexRankEdge         = 0.08 // similarities below this are no edge
	redundantCosine     = 0.35 // a sentence this close to a chosen one adds nothing…
	restatedCosine      = 0.2  // …nor one this close that repeats its figures and names
)

// sentence is a summary candidate.
type sentence struct {
	text   string
	doc    int // rank of its item by centrality (0 = the headline's item)
	pos    int // position in its item
	vec    []tw
	score  float64
	l      string
	anch   []string // particular anchors, computed when first needed
	anchOK bool
	// back marks a sentence pointing back at the one before it ("По его словам", "Ол
	// айтты"); afterHead one whose sentence before it is the headline shown above.
	back, afterHead bool
}

// particulars are the sentence's numbers, dates and names (not the referendum's terms).
func (s *sentence) particulars() []string {
	if !s.anchOK {
		for _, a := range anchorsOf(s.text) {
			if !strings.HasPrefix(a, "term:") {
				s.anch = append(s.anch, a)
			}
		}
		s.anchOK = true
	}
	return s.anch
}

// redundant reports whether b says nothing that a does not: the same words, or a close
// wording that restates a's particulars ("Всего ЦИК аккредитовал 412 наблюдателей" after
// "ЦИК аккредитовала 412 наблюдателей из 38 стран").
func redundant(a, b *sentence) bool {
	c := cosine(a.vec, b.vec)
	if c > redundantCosine || sameWords(a.text, b.text) {
		return true
	}
	if c <= restatedCosine {
		return false
	}
	pa, pb := a.particulars(), b.particulars()
	if len(pa) > len(pb) {
		pa, pb = pb, pa
	}
	return len(pa) > 0 && shared(pa, pb) == len(pa)
}

// summarize picks 2-3 sentences for a story in language l from its items in l (ordered by
// centrality): LexRank over the sentences' tf-idf similarity with a lead-position prior,
// the lead sentence of the most central item first, no near-repeats, nothing that restates
// the headline shown above the summary, within summaryBudget.
func summarize(ds []*doc, l, headline string, headDoc int, voc *vocab, idf map[int32]float64) []string {
	cands := candidates(ds, l, headline, headDoc, voc, idf)
	if len(cands) == 0 {
		return nil
	}
	lexRank(cands)
	var chosen []*sentence
	used := 0
	fits := func(s *sentence) bool {
		if len(chosen) >= maxSummarySentences || used+utf16Len(s.text)+1 > summaryBudget {
			return false
		}
		for _, c := range chosen {
			if redundant(c, s) {
				return false
			}
		}
		return !s.back || follows(chosen, s)
	}
	take := func(s *sentence) {
		chosen = append(chosen, s)
		used += utf16Len(s.text) + 1
	}
	// The lead of the most central item states the news; it always opens the summary, unless
	// it points back at a sentence not shown.
	if cands[0].doc == 0 && (!cands[0].back || cands[0].afterHead) {
		take(cands[0])
	}
	ranked := append([]*sentence(nil), cands...)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].score > ranked[j].score })
	for _, s := range ranked {
		if len(chosen) == maxSummarySentences {
			break
		}
		if fits(s) {
			take(s)
		}
	}
	// Read in the items' order after the lead: central item first, then by position, so a
	// sentence pointing back comes right after the one it points to.
	rest := chosen
	if len(chosen) > 0 && chosen[0] == cands[0] {
		rest = chosen[1:]
	}
	sort.SliceStable(rest, func(i, j int) bool {
		if rest[i].doc != rest[j].doc {
			return rest[i].doc < rest[j].doc
		}
		return rest[i].pos < rest[j].pos
	})
	out := make([]string, len(chosen))
	for i, s := range chosen {
		out[i] = s.text
	}
	return out
}

// candidates are the whole sentences of the story's most central items that are in l,
// short enough to quote and not a restatement of the headline, which comes from ds[headDoc].
func candidates(ds []*doc, l, headline string, headDoc int, voc *vocab, idf map[int32]float64) []*sentence {
	head := headlineOf(headline, l)
	unknown := 1.0
	for _, w := range idf {
		unknown = math.Max(unknown, w)
	}
	var out []*sentence
	seen := map[string]bool{}
	for di, d := range ds[:min(len(ds), maxSummaryDocs)] {
		afterHead := di == headDoc // the headline's item: its title, or its first sentence cut
		for pos, s := range d.sents {
			prevHead := afterHead
			afterHead = false
			if !wholeSentence(s) || utf8.RuneCountInString(s) > maxSentenceRunes {
				continue
			}
			if sl, conf := detectLang(s); (sl == LangKK || sl == LangRU) && sl != l && conf >= 0.6 {
				continue // a quotation in the other language
			}
			key := strings.ToLower(strings.Join(strings.Fields(s), " "))
			if seen[key] {
				continue
			}
			seen[key] = true
			terms := termsOf(s, l)
			if head.restatedBy(s, terms) {
				afterHead = di == headDoc
				continue
			}
			tf := map[int32]float64{}
			for _, t := range terms {
				tf[voc.id(t)]++
			}
			out = append(out, &sentence{text: s, doc: di, pos: pos, vec: tfidf(tf, idf, unknown), l: l,
				back: anaphoric(s), afterHead: prevHead})
		}
	}
	return out
}

// lexRank scores sentences by continuous LexRank: the stationary distribution of a walk on
// the similarity graph that restarts according to a lead prior (early sentences of central
// items first).
func lexRank(ss []*sentence) {
	n := len(ss)
	prior := make([]float64, n)
	var psum float64
	for i, s := range ss {
		prior[i] = 1 / float64(1+s.pos) / (1 + 0.5*float64(s.doc))
		psum += prior[i]
	}
	for i := range prior {
		prior[i] /= psum
	}
	// Row-normalised similarity; a sentence without edges sends its weight to the prior.
	type edge struct {
		j int
		w float64
	}
	adj := make([][]edge, n)
	for i := range n {
		var sum float64
		for j := range n {
			if i == j {
				continue
			}
			if c := cosine(ss[i].vec, ss[j].vec); c >= lexRankEdge {
				adj[i] = append(adj[i], edge{j, c})
				sum += c
			}
		}
		for k := range adj[i] {
			adj[i][k].w /= sum
		}
	}
	r := append([]float64(nil), prior...)
	next := make([]float64, n)
	for iter := 0; iter < 50; iter++ {
		var dangling float64
		for i := range next {
			next[i] = 0
		}
		for i := range n {
			if len(adj[i]) == 0 {
				dangling += r[i]
				continue
			}
			for _, e := range adj[i] {
				next[e.j] += r[i] * e.w
			}
		}
		var diff float64
		for i := range n {
			v := (1-lexRankDamping)*prior[i] + lexRankDamping*(next[i]+dangling*prior[i])
			diff += math.Abs(v - r[i])
			r[i] = v
		}
		if diff < 1e-9 {
			break
		}
	}
	for i, s := range ss {
		s.score = r[i]
	}
}

// sameWords reports near-identical sentences: most of the shorter one's words are in the
// other (a rewrite that tf-idf may still score below redundantCosine).
func sameWords(a, b string) bool {
	wa, wb := strings.Fields(strings.ToLower(a)), strings.Fields(strings.ToLower(b))
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	if len(wa) == 0 {
		return true
	}
	set := make(map[string]bool, len(wb))
	for _, w := range wb {
		set[strings.Trim(w, ".,:;!?«»\"()–—")] = true
	}
	n := 0
	for _, w := range wa {
		if set[strings.Trim(w, ".,:;!?«»\"()–—")] {
			n++
		}
	}
	return float64(n) >= 0.8*float64(len(wa))
}

// Restatement thresholds: a sentence restates the headline when it has most of the
// headline's terms and the headline has most of its own; a sentence that shares the
// headline's words but adds as many again (a date, a figure, who said it) stays.
const (
	restatesHeadlineShare = 0.8 // of the headline's terms found in the sentence
	restatesSentenceShare = 0.6 // of the sentence's terms found in the headline
)

// headlineWords is a headline prepared for comparing with summary candidates.
type headlineWords struct {
	prefix []string        // the words of a headline cut with "…" from a sentence
	terms  map[string]bool // its content-word stems
}

func headlineOf(headline, l string) headlineWords {
	h := strings.TrimSpace(headline)
	var hw headlineWords
	if cut, ok := strings.CutSuffix(h, "…"); ok {
		h = cut
		hw.prefix = plainWords(cut)
	}
	if h == "" {
		return hw
	}
	hw.terms = map[string]bool{}
	for _, t := range termsOf(h, l) {
		hw.terms[t] = true
	}
	return hw
}

// restatedBy reports whether sentence s (with its terms) says what the headline says: the
// headline is s cut short (made from it, or the outlet's feed did so), or they share most
// of their words either way.
func (h headlineWords) restatedBy(s string, terms []string) bool {
	if len(h.prefix) >= 3 {
		if sw := plainWords(s); len(sw) >= len(h.prefix) && slices.Equal(sw[:len(h.prefix)], h.prefix) {
			return true
		}
	}
	if len(h.terms) == 0 {
		return false
	}
	own := make(map[string]bool, len(terms))
	for _, t := range terms {
		own[t] = true
	}
	shared := 0
	for t := range h.terms {
		if own[t] {
			shared++
		}
	}
	return float64(shared) >= restatesHeadlineShare*float64(len(h.terms)) &&
		float64(shared) >= restatesSentenceShare*float64(len(own))
}

// restatesHeadline reports whether sentence s in language l restates headline.
func restatesHeadline(headline, s, l string) bool {
	return headlineOf(headline, l).restatedBy(s, termsOf(s, l))
}

// plainWords are the words of s in lower case with ё as е, punctuation dropped.
func plainWords(s string) []string {
	s = strings.ReplaceAll(strings.ToLower(s), "ё", "е")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// follows reports whether the sentence just before s in its item is among those chosen.
func follows(chosen []*sentence, s *sentence) bool {
	for _, c := range chosen {
		if c.doc == s.doc && c.pos == s.pos-1 {
			return true
		}
	}
	return false
}

// anaphoric reports whether a sentence opens by pointing back at something said before
// it: a third-person pronoun ("Он отметил", "Ол айтты", "Оның айтуынша", "По его словам"),
// "это" or "бұл" ("Об этом сообщил …", "Бұл туралы …"), alone or after a linking word
// ("Также он", "Сондай-ақ ол"). Out of its item, under another outlet's sentence, such a
// sentence points at the wrong person.
func anaphoric(s string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	for i, w := range words[:min(len(words), 3)] {
		w = strings.ToLower(w)
		if backWords[w] {
			return true
		}
		if i == 0 && (w == "по" || w == "об") && len(words) > 1 && backWords[strings.ToLower(words[1])] {
			return true // "По его словам", "Об этом"
		}
		if !linkWords[w] {
			return false
		}
	}
	return false
}

// backWords are the pronouns that point back, Russian and Kazakh.
var backWords = map[string]bool{
	"он": true, "она": true, "оно": true, "они": true, "его": true, "её": true, "ее": true, "их": true,
	"ему": true, "ей": true, "им": true, "это": true, "этом": true, "эти": true, "этот": true, "эта": true,
	"ол": true, "оның": true, "олар": true, "оған": true, "одан": true, "онымен": true, "оны": true,
	"олардың": true, "бұл": true,
}

// linkWords may stand before the pronoun ("Также он", "Сондай-ақ ол", "При этом").
var linkWords = map[string]bool{
	"также": true, "кроме": true, "того": true, "при": true, "и": true, "а": true, "но": true, "однако": true,
	"затем": true, "далее": true, "сондай-ақ": true, "ал": true, "және": true, "алайда": true, "бұдан": true, "бөлек": true,
}
