package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/refdigest/refdigest/lang"
)

// snippetWidth is the snippet length in characters, before the "…" marks.
const snippetWidth = 200

// matcher recognises the words of an item that answer a query: same stem in
// the item's language, same language-neutral key, or a word of a concept the
// query names (выборы for сайлау).
type matcher struct {
	stems    map[string]int // term -> query word it stands for
	keys     map[string]int
	concepts []string
	// conceptStems caches the stems of the concepts' words per language.
	conceptStems map[lang.Lang]map[string]int
	cache        *termCache // the index's word cache, or nil
}

// newMatcher collects the terms of a parsed query (words and phrases; not
// the excluded ones).
func newMatcher(p parsed, cache *termCache) *matcher {
	m := &matcher{stems: map[string]int{}, keys: map[string]int{}, conceptStems: map[lang.Lang]map[string]int{}, cache: cache}
	n := 0
	add := func(t lang.Token) {
		if !t.Number && (utf8.RuneCountInString(t.Text) < 2 || isStopAny(t.Text)) {
			return
		}
		n++
		for _, s := range wordStems(t) {
			if _, ok := m.stems[s]; !ok {
				m.stems[s] = n
			}
		}
		if k, ok := keyTerm(t.Text, t.Number); ok {
			if _, seen := m.keys[k]; !seen {
				m.keys[k] = n
			}
		}
	}
	for _, w := range p.words {
		add(w)
	}
	for _, ph := range p.phrases {
		for _, t := range ph {
			add(t)
		}
	}
	for _, g := range conceptGroups(p.words) {
		m.concepts = append(m.concepts, g.ids...)
	}
	return m
}

// conceptTerms returns the stems of the words of the query's concepts in l.
func (m *matcher) conceptTerms(l lang.Lang) map[string]int {
	if cs, ok := m.conceptStems[l]; ok {
		return cs
	}
	cs := map[string]int{}
	for i, id := range m.concepts {
		for _, surface := range lang.ConceptTerms(id, l) {
			for _, w := range lang.Words(surface) {
				if !isStopAny(w) {
					cs[lang.Stem(w, l)] = -1 - i
				}
			}
		}
	}
	m.conceptStems[l] = cs
	return cs
}

// match reports whether a token of a text in l answers the query, and which
// query word (or concept, negative) it stands for.
func (m *matcher) match(t lang.Token, l lang.Lang) (int, bool) {
	if t.Number {
		n, ok := m.stems[t.Text]
		return n, ok
	}
	s, ok := m.cache.stem(t, l)
	if !ok {
		return 0, false
	}
	if n, ok := m.stems[s]; ok {
		return n, true
	}
	if n, ok := m.conceptTerms(l)[s]; ok {
		return n, true
	}
	if len(m.keys) > 0 {
		if k, ok := m.cache.key(t); ok {
			if n, ok := m.keys[k]; ok {
				return n, true
			}
		}
	}
	return 0, false
}

// marks returns the byte ranges of text's matching words.
func (m *matcher) marks(text string, l lang.Lang) [][2]int {
	var out [][2]int
	for _, t := range lang.Tokenize(text) {
		if _, ok := m.match(t, l); ok {
			out = append(out, [2]int{t.Start, t.End})
		}
	}
	return out
}

// snippet cuts about width characters of text around its best stretch of
// matching words (the most distinct query words, then the most matches),
// starting at a sentence start when one is near, on word boundaries, with
// whitespace collapsed. Marks are byte ranges of the snippet. Text without a
// match gives its beginning.
func snippet(text string, l lang.Lang, m *matcher, width int) (string, [][2]int) {
	toks := lang.Tokenize(text)
	if len(toks) == 0 {
		return "", nil
	}
	// rune offsets of token starts and ends, counted once along the text
	rs, re := make([]int, len(toks)), make([]int, len(toks))
	runes, at := 0, 0
	for i, t := range toks {
		runes += utf8.RuneCountInString(text[at:t.Start])
		rs[i] = runes
		runes += utf8.RuneCountInString(text[t.Start:t.End])
		re[i] = runes
		at = t.End
	}
	which := make([]int, len(toks))
	var hits []int
	for i, t := range toks {
		if n, ok := m.match(t, l); ok {
			which[i] = n
			hits = append(hits, i)
		}
	}

	first := 0
	if len(hits) > 0 {
		// best window of hits that fits in the width, leaving room for context
		bestDistinct, bestCount := -1, -1
		span := width * 3 / 4
		for a := range hits {
			seen := map[int]bool{}
			count := 0
			for b := a; b < len(hits) && re[hits[b]]-rs[hits[a]] <= span; b++ {
				seen[which[hits[b]]] = true
				count++
			}
			if len(seen) > bestDistinct || len(seen) == bestDistinct && count > bestCount {
				bestDistinct, bestCount, first = len(seen), count, hits[a]
			}
		}
		first = contextStart(text, toks, rs, first, width/4)
	}
	last := first
	for last+1 < len(toks) && re[last+1]-rs[first] <= width {
		last++
	}
	// near the end of the text: use the room left for what comes before
	if last == len(toks)-1 {
		for first > 0 && re[last]-rs[first-1] <= width {
			first--
		}
	}
	start, end := toks[first].Start, toks[last].End
	end = extendPunct(text, end)

	var b strings.Builder
	var marks [][2]int
	if first > 0 {
		b.WriteString("…")
	}
	// whitespace collapsed; pos maps byte offsets of text[start:end] to the output
	pos := make([]int, end-start+1)
	space := false
	for i, r := range text[start:end] {
		if unicode.IsSpace(r) {
			if !space {
				pos[i] = b.Len()
				b.WriteByte(' ')
				space = true
				continue
			}
			pos[i] = b.Len() - 1
			continue
		}
		space = false
		pos[i] = b.Len()
		b.WriteRune(r)
		for k := 1; k < utf8.RuneLen(r); k++ {
			pos[i+k] = b.Len()
		}
	}
	pos[end-start] = b.Len()
	for i := first; i <= last; i++ {
		if which[i] != 0 {
			marks = append(marks, [2]int{pos[toks[i].Start-start], pos[toks[i].End-start]})
		}
	}
	if last < len(toks)-1 {
		b.WriteString("…")
	}
	return b.String(), marks
}

// contextStart moves the start of a snippet back from token i by up to
// maxBack characters: to the start of its sentence when that is near, else
// to the furthest token within reach.
func contextStart(text string, toks []lang.Token, rs []int, i, maxBack int) int {
	j := i
	for j > 0 && rs[i]-rs[j-1] <= maxBack {
		between := text[toks[j-1].End:toks[j].Start]
		if strings.ContainsAny(between, ".!?\n") {
			return j
		}
		j--
	}
	if j == 0 {
		return 0
	}
	// no sentence start in reach: keep a little context before the match
	return j
}

// extendPunct takes closing punctuation that sticks to the last word (".",
// "»", ")") into the snippet.
func extendPunct(text string, end int) int {
	for n := 0; n < 3 && end < len(text); n++ {
		r, size := utf8.DecodeRuneInString(text[end:])
		if unicode.IsSpace(r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		end += size
	}
	return end
}
