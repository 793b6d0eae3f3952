package lang

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// The gazetteer: the referendum's key terms as concepts with a stable id and
// their surface forms in Kazakh, Russian and English. A text mentions a
// concept when the words of one of its phrases occur in a row; a phrase word
// matches a token with the same stem in the phrase's language, or a token
// that starts with that stem when the stem has 5 letters or more (so
// конституц- covers конституция, конституционный and конституциялық). In a
// match pattern, a trailing * asks for a plain prefix match instead, a
// leading = for the stem alone, and | separates alternatives for one word.

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

// gazetteer lists the concepts. Ids are stable: other packages store them.
var gazetteer = []concept{
	{id: "constitution",
		kk: ph("конституция", "ата заң", "негізгі заң"),
		ru: ph("конституция", "основной закон"),
		en: ph("constitution")},
	{id: "referendum",
		kk: ph("референдум"), ru: ph("референдум"), en: ph("referendum")},
	{id: "kurultai",
		kk: ph("құрылтай"),
		ru: []phrase{{"курултай", "курулта*"}},
		en: ph("kurultai", "qurultai")},
	{id: "halyk_kenesi",
		kk: ph("халық кеңесі"),
		ru: ph("народный совет", "народный кенес", "халык кенеси"),
		en: ph("people's council", "halyk kenesi")},
	{id: "cec",
		kk: ph("орталық сайлау комиссиясы", "оск"),
		ru: ph("центральная избирательная комиссия", "цик"),
		en: ph("central election commission", "cec")},
	{id: "vice_president",
		kk: ph("вице-президент", "вице президент"),
		ru: ph("вице-президент", "вице президент"),
		en: ph("vice-president", "vice president")},
	{id: "constitutional_court",
		kk: ph("конституциялық сот"),
		ru: ph("конституционный суд"),
		en: ph("constitutional court")},
	{id: "parliament",
		kk: ph("парламент"), ru: ph("парламент"), en: ph("parliament")},
	{id: "mazhilis",
		kk: ph("мәжіліс"), ru: ph("мажилис"), en: ph("mazhilis", "majilis")},
	{id: "senate",
		kk: ph("сенат"), ru: ph("сенат"), en: ph("senate")},
	{id: "akorda",
		kk: ph("ақорда"), ru: ph("акорда"), en: ph("akorda")},
	{id: "president",
		kk: []phrase{{"президент", "=президент"}, {"мемлекет басшысы", "мемлекет басшысы"}},
		ru: []phrase{{"президент", "=президент"}, {"глава государства", "глава государства"}},
		en: ph("president")},
	{id: "voting",
		kk: []phrase{{"дауыс беру", "дауыс бер*"}},
		ru: ph("голосование", "голосовать", "проголосовать"),
		en: ph("vote", "voting")},
	{id: "election",
		kk: []phrase{{"сайлау", "=сайлау"}},
		ru: []phrase{{"выборы", "выборы*|выборов*|выборах*|выборам*"}},
		en: ph("election")},
	{id: "voter",
		kk: ph("сайлаушы"),
		ru: []phrase{{"избиратель", "=избиратель"}},
		en: ph("voter")},
	{id: "polling_station",
		kk: ph("сайлау учаскесі"),
		ru: []phrase{{"избирательный участок", "избирательный участ*"}},
		en: ph("polling station")},
	{id: "observer",
		kk: ph("бақылаушы"), ru: ph("наблюдатель"), en: ph("observer")},
	{id: "government",
		kk: ph("үкімет"), ru: ph("правительство"), en: ph("government")},
	{id: "amendment",
		kk: ph("түзету"), ru: ph("поправка"), en: ph("amendment")},
	{id: "unicameral",
		kk: ph("бір палаталы"), ru: ph("однопалатный"), en: ph("unicameral")},
	{id: "human_rights",
		kk: ph("адам құқықтары"), ru: ph("права человека"), en: ph("human rights")},
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
	ids, _ := matchConcepts(Tokenize(text))
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
	mode   byte   // 's' stem (or long-stem prefix), 'p' prefix, 'e' stem only
	prefix bool   // for 's': the stem is long enough to match as a prefix
}

// compiledPhrase is one phrase ready to match.
type compiledPhrase struct {
	id    string
	words []wordPattern
}

// phraseIndex finds the phrases a token may start by the token's first two
// letters, which every stem and prefix keeps; it spares stemming most tokens.
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
					if k := firstTwo(a.key); !slices.Contains(keys, k) {
						keys = append(keys, k)
						idx[k] = append(idx[k], cp)
					}
				}
			}
		}
	}
	return idx
})

// firstTwo returns the first two letters of s (all of it if shorter).
func firstTwo(s string) string {
	n := 0
	for i := range s {
		if n == 2 {
			return s[:i]
		}
		n++
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
			default:
				a.mode, a.key = 's', Stem(alt, l)
				a.prefix = utf8.RuneCountInString(a.key) >= 5
			}
			wp.alts = append(wp.alts, a)
		}
		cp.words = append(cp.words, wp)
	}
	return cp
}

// tokenStems caches a token's stems while matching.
type tokenStems struct {
	text   string
	kk, ru string
	done   bool
}

func (t *tokenStems) stem(l Lang) string {
	if !t.done {
		t.kk, t.ru, t.done = stemKK(t.text), stemRU(t.text), true
	}
	switch l {
	case KK:
		return t.kk
	case RU:
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
func matchConcepts(toks []Token) ([]string, []bool) {
	index := compiledGazetteer()
	stems := make([]tokenStems, len(toks))
	for i := range toks {
		stems[i].text = toks[i].Text
	}
	used := make([]bool, len(toks))
	var ids []string
	for i := range toks {
		if toks[i].Number {
			continue
		}
		for _, p := range index[firstTwo(toks[i].Text)] {
			if i+len(p.words) > len(toks) || !p.words[0].matches(&stems[i]) {
				continue
			}
			ok := true
			for k := 1; k < len(p.words) && ok; k++ {
				ok = p.words[k].matches(&stems[i+k])
			}
			if ok {
				ids = append(ids, p.id)
				for k := range p.words {
					used[i+k] = true
				}
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), used
}
