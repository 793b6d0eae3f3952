package lang

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// The gazetteer: the referendum's key terms as concepts with a stable id and
// their surface forms in Kazakh, Russian and English. The list itself is in
// gazetteer_data.go; this file matches it against text.
//
// A text mentions a concept when the words of one of its phrases occur in a
// row (punctuation between them does not count). A phrase word matches a
// token with the same stem in the phrase's language, or a token that starts
// with that stem when the stem has 5 letters or more (so конституц- covers
// конституция, конституционный and конституциялық). English words match
// themselves or themselves plus up to two letters (councils, people's). In a
// match pattern, a trailing * asks for a plain prefix match instead, a
// leading = for the stem alone (no prefix match), a leading ! for the token
// exactly as written (no stemming: Russian stems аким to ак), and |
// separates alternatives for one word. Every phrase is tried on every text,
// whatever the text's language.

// phrase is one surface form: the words shown to search (surface) and,
// when they differ, the pattern matched against text.
type phrase struct {
	surface string
	match   string
}

// concept is one gazetteer entry.
type concept struct {
	id         string
	kk, ru, en []phrase
}

// ph builds phrases whose pattern is their surface.
func ph(surfaces ...string) []phrase {
	out := make([]phrase, len(surfaces))
	for i, s := range surfaces {
		out[i] = phrase{surface: s, match: s}
	}
	return out
}

// ConceptTerms returns the surface words of a gazetteer concept in l (for
// Other, the English ones), e.g. ConceptTerms("constitution", RU) ->
// [конституция основной закон]. Unknown ids yield nil.
func ConceptTerms(id string, l Lang) []string {
	for _, c := range gazetteer {
		if c.id != id {
			continue
		}
		list := c.en
		switch l {
		case KK:
			list = c.kk
		case RU:
			list = c.ru
		}
		out := make([]string, len(list))
		for i, p := range list {
			out[i] = p.surface
		}
		return out
	}
	return nil
}

// ConceptIDs returns the ids of all gazetteer concepts, sorted.
func ConceptIDs() []string {
	ids := make([]string, len(gazetteer))
	for i, c := range gazetteer {
		ids[i] = c.id
	}
	slices.Sort(ids)
	return ids
}

// Concepts returns the ids of the gazetteer concepts text mentions, sorted
// and deduplicated.
func Concepts(text string) []string {
	ids, _ := matchConcepts(Tokenize(text), nil)
	return ids
}

// wordPattern is one compiled phrase word: the token must fit one of alts.
type wordPattern struct {
	lang Lang // stemmer to apply to the token (KK, RU, or Other for none)
	alts []wordAlt
}

// wordAlt is one alternative of a phrase word.
type wordAlt struct {
	key    string // stem, prefix or exact token
	mode   byte   // 's' stem (or long-stem prefix), 'p' prefix, 'e' stem only, 'x' token only
	prefix bool   // for 's': the stem is long enough to match as a prefix
	// need, for 's' and 'e', is what a token with that stem starts with: the
	// stem less its last two letters, which stemming may change (Kazakh
	// орны -> орын, халқы -> халық, бабы -> бап). Tokens without it are
	// turned away before they are stemmed.
	need string
}

// compiledPhrase is one phrase ready to match.
type compiledPhrase struct {
	id    string
	words []wordPattern
}

// phraseIndex finds the phrases a token may start by the token's first
// letters (ё read as е), which every stem and prefix keeps: three letters for
// a first word whose stem or prefix has that many to spare (5 letters for a
// stem, whose last letters the Kazakh stemmer may change: орны -> орын, бабы
// -> бап), two otherwise. It spares stemming most tokens.
type phraseIndex map[string][]compiledPhrase

// compiledGazetteer compiles the gazetteer once, on first use; it is never
// modified afterwards.
var compiledGazetteer = sync.OnceValue(func() phraseIndex {
	idx := phraseIndex{}
	for _, c := range gazetteer {
		for _, set := range []struct {
			l  Lang
			ps []phrase
		}{{KK, c.kk}, {RU, c.ru}, {Other, c.en}} {
			for _, p := range set.ps {
				cp := compilePhrase(c.id, set.l, p.match)
				var keys []string
				for _, a := range cp.words[0].alts {
					if k := a.indexKey(); !slices.Contains(keys, k) {
						keys = append(keys, k)
						idx[k] = append(idx[k], cp)
					}
				}
			}
		}
	}
	return idx
})

// indexKey is the index key of a first-word alternative.
func (a wordAlt) indexKey() string {
	n := utf8.RuneCountInString(a.key)
	if n >= 5 || n >= 3 && (a.mode == 'p' || a.mode == 'x') {
		return firstLetters(a.key, 3)
	}
	return firstLetters(a.key, 2)
}

// candidates returns the phrases that a token may start.
func (idx phraseIndex) candidates(text string) (two, three []compiledPhrase) {
	k2 := firstLetters(text, 2)
	two = idx[k2]
	if k3 := firstLetters(text, 3); len(k3) > len(k2) {
		three = idx[k3]
	}
	return two, three
}

// firstLetters returns the first n letters of s (all of it if shorter),
// with ё read as е.
func firstLetters(s string, n int) string {
	end := len(s)
	for i := range s {
		if n == 0 {
			end = i
			break
		}
		n--
	}
	s = s[:end]
	if strings.Contains(s, "ё") {
		s = strings.ReplaceAll(s, "ё", "е")
	}
	return s
}

// compilePhrase turns a match pattern into word patterns.
func compilePhrase(id string, l Lang, pattern string) compiledPhrase {
	cp := compiledPhrase{id: id}
	for _, w := range strings.Fields(pattern) {
		wp := wordPattern{lang: l}
		for _, alt := range strings.Split(w, "|") {
			var a wordAlt
			switch {
			case strings.HasSuffix(alt, "*"):
				a.mode, a.key = 'p', strings.TrimSuffix(alt, "*")
			case strings.HasPrefix(alt, "="):
				a.mode, a.key = 'e', Stem(strings.TrimPrefix(alt, "="), l)
				a.need = lessTwo(a.key)
			case strings.HasPrefix(alt, "!"):
				a.mode, a.key = 'x', strings.TrimPrefix(alt, "!")
			default:
				a.mode, a.key = 's', Stem(alt, l)
				a.prefix = utf8.RuneCountInString(a.key) >= 5
				a.need = lessTwo(a.key)
			}
			wp.alts = append(wp.alts, a)
		}
		cp.words = append(cp.words, wp)
	}
	return cp
}

// lessTwo returns s without its last two letters.
func lessTwo(s string) string {
	n := utf8.RuneCountInString(s) - 2
	for i := range s {
		if n <= 0 {
			return s[:i]
		}
		n--
	}
	return ""
}

// tokenStems caches a token's stems while matching; each language's is
// computed on first use.
type tokenStems struct {
	text           string
	kk, ru         string
	kkDone, ruDone bool
	cache          *TermCache // nil: stem afresh
}

func (t *tokenStems) stem(l Lang) string {
	switch l {
	case KK:
		if !t.kkDone {
			t.kk, t.kkDone = t.cache.stem(t.text, KK), true
		}
		return t.kk
	case RU:
		if !t.ruDone {
			t.ru, t.ruDone = t.cache.stem(t.text, RU), true
		}
		return t.ru
	}
	return t.text
}

// matches reports whether the token fits the word pattern.
func (wp wordPattern) matches(t *tokenStems) bool {
	for _, a := range wp.alts {
		if a.matches(wp.lang, t) {
			return true
		}
	}
	return false
}

func (a wordAlt) matches(l Lang, t *tokenStems) bool {
	switch a.mode {
	case 'p':
		return strings.HasPrefix(t.text, a.key)
	case 'e':
		return t.stem(l) == a.key
	case 'x':
		return t.text == a.key || strings.Contains(t.text, "ё") && strings.ReplaceAll(t.text, "ё", "е") == a.key
	}
	if !strings.HasPrefix(t.text, a.need) && !strings.Contains(t.text, "ё") {
		return false // (Russian stems read ё as е)
	}
	if l == Other {
		// English: the word itself or a plural/possessive of it.
		return t.text == a.key || strings.HasPrefix(t.text, a.key) &&
			len(t.text)-len(a.key) <= 2 && !strings.ContainsAny(t.text[len(a.key):], "-")
	}
	return t.stem(l) == a.key || a.prefix && strings.HasPrefix(t.text, a.key)
}

// matchConcepts finds the concepts among toks and reports which tokens were
// part of a match (Anchors does not also read them as names).
func matchConcepts(toks []Token, cache *TermCache) ([]string, []bool) {
	used := make([]bool, len(toks))
	var ids []string
	eachConcept(toks, cache, func(sp ConceptSpan) {
		ids = append(ids, sp.ID)
		for k := sp.Start; k < sp.End; k++ {
			used[k] = true
		}
	})
	slices.Sort(ids)
	return slices.Compact(ids), used
}

// ConceptSpan is a gazetteer concept matched at tokens [Start, End) of a text.
type ConceptSpan struct {
	ID         string
	Start, End int
}

// ConceptSpans lists every match of a gazetteer phrase in text, by its first token: where
// two concepts stand side by side ("заседание ЦИК", "ОРК отырысы") as well as which.
func (c *TermCache) ConceptSpans(text string) []ConceptSpan { return c.ConceptSpansOf(Tokenize(text)) }

// ConceptSpansOf is ConceptSpans of a text given its tokens (Tokenize), for a caller that
// reads the words around the spans too.
func (c *TermCache) ConceptSpansOf(toks []Token) []ConceptSpan {
	var out []ConceptSpan
	eachConcept(toks, c, func(sp ConceptSpan) { out = append(out, sp) })
	return out
}

// eachConcept calls fn with each match of a gazetteer phrase among toks, in token order.
func eachConcept(toks []Token, cache *TermCache, fn func(ConceptSpan)) {
	index := compiledGazetteer()
	var stems []tokenStems
	if cache != nil {
		// The cache's buffer is taken while in use, so that a call from fn gets its own.
		stems, cache.stems = cache.stems, nil
		defer func() {
			clear(stems) // no text is kept alive by the buffer
			cache.stems = stems[:0]
		}()
	}
	stems = slices.Grow(stems[:0], len(toks))[:len(toks)]
	for i := range toks {
		stems[i] = tokenStems{text: toks[i].Text, cache: cache}
	}
	for i := range toks {
		if toks[i].Number {
			continue
		}
		for _, p := range cache.startingWith(index, &stems[i]) {
			if i+len(p.words) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(p.words) && ok; k++ {
				ok = p.words[k].matches(&stems[i+k])
			}
			if ok {
				fn(ConceptSpan{p.id, i, i + len(p.words)})
			}
		}
	}
}

// startingWith lists the phrases whose first word the token fits, remembered per token
// text in the cache: a day's items repeat their words, and most fit none.
func (c *TermCache) startingWith(index phraseIndex, t *tokenStems) []compiledPhrase {
	if c != nil {
		if ps, ok := c.starts[t.text]; ok {
			return ps
		}
	}
	var out []compiledPhrase
	two, three := index.candidates(t.text)
	for _, list := range [2][]compiledPhrase{two, three} {
		for _, p := range list {
			if p.words[0].matches(t) {
				out = append(out, p)
			}
		}
	}
	if c != nil {
		if c.starts == nil {
			c.starts = make(map[string][]compiledPhrase, 1024)
		}
		c.starts[t.text] = out
	}
	return out
}

// kazakhPlaces are the gazetteer's regions and cities of Kazakhstan, the capital aside:
// where a report places a happening in the country. Astana is left out because it is
// everyone's dateline and where delegations set out from.
var kazakhPlaces = map[string]bool{
	"abai_region": true, "akmola_region": true, "aktobe": true, "almaty_region": true, "atyrau": true,
	"east_kazakhstan_region": true, "zhambyl_region": true, "zhetysu_region": true,
	"west_kazakhstan_region": true, "karaganda": true, "kostanay": true, "kyzylorda": true,
	"mangystau_region": true, "pavlodar": true, "north_kazakhstan_region": true, "turkistan": true,
	"ulytau_region": true, "almaty": true, "shymkent": true, "baikonur": true, "oskemen": true,
	"oral": true, "petropavl": true, "semey": true, "aktau": true, "kokshetau": true,
	"taldykorgan": true, "zhezkazgan": true, "konaev": true,
}

// IsKazakhPlace reports whether the gazetteer concept id is a region or a city of
// Kazakhstan other than the capital.
func IsKazakhPlace(id string) bool { return kazakhPlaces[id] }
