package lang

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Terms is what search and digest index: Tokenize, drop stopwords and
// one-letter words (initials), stem in l. Numbers are kept as they are.
// Stems are memoised for the length of the call, since news text repeats
// its words (Snowball costs microseconds a word); an indexer that calls it
// for item after item should keep a Stemmer and use Stemmer.Terms.
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

// Stemmer is Stem for one language with a bounded cache, for indexers that
// stem the same words over and over. It is safe for concurrent use.
type Stemmer struct {
	lang Lang
	size int
	mu   sync.RWMutex
	memo map[string]string
}

// NewStemmer returns a Stemmer for l that remembers up to size words
// (when full, it starts again from empty; size <= 0 means 1<<16).
func NewStemmer(l Lang, size int) *Stemmer {
	if size <= 0 {
		size = 1 << 16
	}
	return &Stemmer{lang: l, size: size, memo: make(map[string]string)}
}

// Terms is Terms(text, l) with this Stemmer's cache.
func (s *Stemmer) Terms(text string) []string {
	return terms(text, s.lang, s.Stem)
}

// Stem returns Stem(word, l), from the cache when it can.
func (s *Stemmer) Stem(word string) string {
	s.mu.RLock()
	stem, ok := s.memo[word]
	s.mu.RUnlock()
	if ok {
		return stem
	}
	stem = Stem(word, s.lang)
	s.mu.Lock()
	if len(s.memo) >= s.size {
		s.memo = make(map[string]string)
	}
	// Clone: a token's text may be a slice of a whole document.
	s.memo[strings.Clone(word)] = stem
	s.mu.Unlock()
	return stem
}
