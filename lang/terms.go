package lang

import (
	"unicode/utf8"
)

// Terms is what search and digest index: Tokenize, drop stopwords and
// one-letter words (initials), stem in l. Numbers are kept as they are.
// Stems are memoised for the length of the call, since news text repeats
// its words.
func Terms(text string, l Lang) []string {
	memo := make(map[string]string, len(text)/40+1)
	return terms(text, l, func(w string) string {
		s, ok := memo[w]
		if !ok {
			s = Stem(w, l)
			memo[w] = s
		}
		return s
	})
}

// TermCache gives Terms with the stems of earlier calls remembered: a day's items
// repeat most of their words. It is not safe for concurrent use; give each worker one.
type TermCache struct {
	memo   map[Lang]map[string]string
	starts map[string][]compiledPhrase // gazetteer phrases by the token their first word fits
	stems  []tokenStems                // eachConcept's buffer, reused from text to text
	toks   []Token                     // Analyze's buffer
}

// NewTermCache returns an empty TermCache.
func NewTermCache() *TermCache { return &TermCache{memo: map[Lang]map[string]string{}} }

// Terms is Terms(text, l), stemming each distinct word once per cache.
func (c *TermCache) Terms(text string, l Lang) []string {
	return terms(text, l, func(w string) string { return c.stem(w, l) })
}

// stem is Stem(w, l), remembered; a nil cache stems afresh.
func (c *TermCache) stem(w string, l Lang) string {
	if c == nil {
		return Stem(w, l)
	}
	memo := c.memo[l]
	if memo == nil {
		memo = make(map[string]string, 1024)
		c.memo[l] = memo
	}
	s, ok := memo[w]
	if !ok {
		s = Stem(w, l)
		memo[w] = s
	}
	return s
}

// terms is Terms with the stemming function given.
func terms(text string, l Lang, stem func(string) string) []string {
	out := make([]string, 0, len(text)/10+1)
	scanTokens(text, func(t Token) { out = appendTerm(out, t, l, stem) })
	return out
}

// appendTerm appends the term of token t, if it makes one.
func appendTerm(out []string, t Token, l Lang, stem func(string) string) []string {
	switch {
	case t.Number:
		return append(out, t.Text)
	case IsStopword(t.Text, l) || utf8.RuneCountInString(t.Text) < 2:
		return out
	}
	return append(out, stem(t.Text))
}

// Analysis is what Analyze reads of an item's title and lead.
type Analysis struct {
	TitleTerms, LeadTerms []string
	Anchors               []string
	// Names pairs each name anchor with the stem of a word that gave it, and Lower marks
	// the terms of words written in lower case (see IsLower; none for a text without
	// capitals, as töte's is once in Cyrillic). A word that other texts write in lower
	// case is no name where one capitalises it: "Утвержден Календарный план", "Фото:".
	Names []NameStem
	Lower []uint64
}

// NameStem is a name anchor and the stem of the word it came from.
type NameStem struct{ Anchor, Stem string }

// IsLower reports whether term k, counting TitleTerms and then LeadTerms, is of a word
// written in lower case.
func (a Analysis) IsLower(k int) bool { return k/64 < len(a.Lower) && a.Lower[k/64]&(1<<(k%64)) != 0 }

// Analyze is Terms(title, l), Terms(lead, l) and Anchors(title + ". " + lead) with the
// text tokenized once, and the words' case: what the digest reads of every item.
func (c *TermCache) Analyze(title, lead string, l Lang) Analysis {
	text := title + ". " + lead
	var toks []Token
	if c != nil {
		// The tokens do not outlive the call: the cache's buffer serves item after item.
		toks, c.toks = c.toks[:0], nil
		defer func() {
			clear(toks)
			c.toks = toks[:0]
		}()
	}
	scanTokens(text, func(t Token) { toks = append(toks, t) })
	stem := func(w string) string { return c.stem(w, l) }
	a := Analysis{
		TitleTerms: make([]string, 0, len(title)/10+1),
		LeadTerms:  make([]string, 0, len(lead)/10+1),
		Lower:      make([]uint64, 0, len(toks)/64+1),
	}
	upper := false
	for _, t := range toks {
		k := len(a.TitleTerms) + len(a.LeadTerms)
		if t.End <= len(title) {
			a.TitleTerms = appendTerm(a.TitleTerms, t, l, stem)
		} else {
			a.LeadTerms = appendTerm(a.LeadTerms, t, l, stem)
		}
		if t.Number || len(a.TitleTerms)+len(a.LeadTerms) == k {
			continue
		}
		if startsUpper(text[t.Start:t.End]) {
			upper = true
			continue
		}
		for len(a.Lower) <= k/64 {
			a.Lower = append(a.Lower, 0)
		}
		a.Lower[k/64] |= 1 << (k % 64)
	}
	if !upper {
		a.Lower = nil
	}
	a.Anchors = anchorsOf(text, toks, c, func(t Token, anchor string) {
		a.Names = append(a.Names, NameStem{anchor, stem(t.Text)})
	})
	return a
}
