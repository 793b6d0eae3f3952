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

// terms is Terms with the stemming function given.
func terms(text string, l Lang, stem func(string) string) []string {
	out := make([]string, 0, len(text)/10+1)
	scanTokens(text, func(t Token) {
		switch {
		case t.Number:
			out = append(out, t.Text)
		case IsStopword(t.Text, l) || utf8.RuneCountInString(t.Text) < 2:
		default:
			out = append(out, stem(t.Text))
		}
	})
	return out
}
