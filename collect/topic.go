package collect

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// topicMatcher decides whether an item is about the topic. A keyword word
// matches a text word that starts with it (keywords are written as stems:
// "конституци" covers "конституциялық" and "конституционный") or that has
// the same stem in the item's language (so "народный совет" finds "народного
// совета"). Several words must follow one another. A keyword in capitals
// ("ОСК", "ЦИК") is an abbreviation and must appear as that exact word:
// lower-cased it would hit ordinary words.
type topicMatcher struct {
	keywords []keyword
	byRune   map[rune][]int // first letter of the first word -> keywords
}

type keyword struct {
	exact bool
	words []string            // lower-cased unless exact
	stems map[string][]string // language -> stem of each word
}

func newTopicMatcher(kws []string) *topicMatcher {
	m := &topicMatcher{byRune: make(map[rune][]int)}
	for _, raw := range kws {
		toks := textWords(raw)
		if len(toks) == 0 {
			continue
		}
		k := keyword{exact: isAbbreviation(raw)}
		words := make([]string, len(toks))
		for i, w := range toks {
			words[i] = w.orig
		}
		if !k.exact {
			k.stems = make(map[string][]string, 2)
			for i, w := range toks {
				words[i] = foldWord(w.norm)
			}
			for _, l := range []string{"kk", "ru"} {
				st := make([]string, len(words))
				for i, w := range words {
					st[i] = stemWord(w, l)
				}
				k.stems[l] = st
			}
		}
		k.words = words
		r, _ := utf8.DecodeRuneInString(words[0])
		m.byRune[r] = append(m.byRune[r], len(m.keywords))
		m.keywords = append(m.keywords, k)
	}
	return m
}

// empty reports whether there are no keywords (everything is on topic).
func (m *topicMatcher) empty() bool { return len(m.keywords) == 0 }

// match reports whether text (in language l) contains a keyword. Text in
// neither kk nor ru is matched with the stems of both: a Kyrgyz or Uzbek
// report of the vote shares many of their word forms, and it must be kept
// (and counted) for what it is rather than dropped as off topic.
func (m *topicMatcher) match(text, l string) bool {
	if m.empty() {
		return true
	}
	toks := textWords(text)
	orig := make([]string, len(toks))
	low := make([]string, len(toks))
	for i, w := range toks {
		orig[i], low[i] = w.orig, foldWord(w.norm)
	}
	langs := []string{l}
	if l != "kk" && l != "ru" {
		langs = []string{"kk", "ru"}
	}
	for _, l := range langs {
		if m.matchWords(orig, low, l) {
			return true
		}
	}
	return false
}

// matchWords reports whether the words (as written and folded) contain a
// keyword, stemming in language l.
func (m *topicMatcher) matchWords(orig, low []string, l string) bool {
	stems := make([]string, len(orig)) // filled on demand
	stemAt := func(i int) string {
		if stems[i] == "" {
			stems[i] = stemWord(low[i], l)
		}
		return stems[i]
	}
	for i := range orig {
		r, _ := utf8.DecodeRuneInString(orig[i])
		lr, _ := utf8.DecodeRuneInString(low[i])
		cands := m.byRune[r]
		if lr != r {
			cands = append(cands[:len(cands):len(cands)], m.byRune[lr]...)
		}
		for _, ki := range cands {
			if m.matchAt(&m.keywords[ki], orig, low, i, l, stemAt) {
				return true
			}
		}
	}
	return false
}

func (m *topicMatcher) matchAt(k *keyword, orig, low []string, i int, l string, stemAt func(int) string) bool {
	if i+len(k.words) > len(orig) {
		return false
	}
	kst := k.stems[l]
	for j, kw := range k.words {
		if k.exact {
			// "ОСК-ның": a Kazakh ending after a hyphen is still the abbreviation.
			if o := orig[i+j]; o != kw && !strings.HasPrefix(o, kw+"-") {
				return false
			}
			continue
		}
		w := low[i+j]
		if strings.HasPrefix(w, kw) {
			continue
		}
		if kst == nil || kst[j] == "" || stemAt(i+j) != kst[j] {
			return false
		}
	}
	return true
}

// isAbbreviation: every letter is upper-case and there are at least two.
func isAbbreviation(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// foldWord folds ё to е, as writers use both.
func foldWord(w string) string {
	if !strings.Contains(w, "ё") {
		return w
	}
	return strings.ReplaceAll(w, "ё", "е")
}
