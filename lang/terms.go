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

// Analyze is Terms(title, l), Terms(lead, l) and Anchors(title + ". " + lead) with the
// text tokenized once: what the digest reads of every item.
func (c *TermCache) Analyze(title, lead string, l Lang) (titleTerms, leadTerms, anchors []string) {
	text := title + ". " + lead
	toks := Tokenize(text)
	stem := func(w string) string { return c.stem(w, l) }
	titleTerms = make([]string, 0, len(title)/10+1)
	leadTerms = make([]string, 0, len(lead)/10+1)
	for _, t := range toks {
		if t.End <= len(title) {
			titleTerms = appendTerm(titleTerms, t, l, stem)
		} else {
			leadTerms = appendTerm(leadTerms, t, l, stem)
		}
	}
	return titleTerms, leadTerms, anchorsOf(text, toks, c)
}
