package search

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// Index fields. title and body hold stems in the item's own language (Kazakh
// suffix stripper or Russian Snowball); key holds language-neutral keys of
// its capitalised words (lang.NameKey) and months, which is how a Russian
// query meets a Kazakh item on Тоқаев/Токаев; concept holds the gazetteer
// concepts the item names with several words (Халық кеңесі, основной закон),
// the single-word ones being reached through their stems. The *2 fields hold
// pairs of neighbouring terms ("жаңа конституция"): a quoted phrase is looked
// up as pairs, which needs no positions and is as cheap as a word.
const (
	fieldTitle     = "title"
	fieldBody      = "body"
	fieldKey       = "key"
	fieldTitle2    = "title2"
	fieldBody2     = "body2"
	fieldKey2      = "key2"
	fieldConcept   = "concept"
	fieldTConcept  = "tconcept" // concepts of the title alone, to boost
	fieldSource    = "source"
	fieldLang      = "lang"
	fieldPublished = "published"
)

// optsLookup indexes a field without positions: no query needs them.
const optsLookup = index.IndexField

// pairSep joins the two terms of a pair; no term contains a space.
const pairSep = " "

// maxPairGap is how far apart (in token positions) two terms of a pair may
// be: the stopwords between them are skipped (участки за рубежом).
const maxPairGap = 3

// An Analyzer turns text into index terms with lang/: every word and number
// token keeps its position; one-letter words and stopwords of the analyzer's
// language are dropped; words are stemmed in that language (Other keeps them
// lowercased); KeyMode gives the language-neutral keys of capitalised words
// and months instead.
//
// The index does not resolve analyzers by name through bleve's global
// registry: documents are built here with the analyzer attached to each field,
// and queries are built from the same functions, so no registration is needed.
type Analyzer struct {
	Lang    lang.Lang
	KeyMode bool
}

// Analyze implements bleve's analysis.Analyzer.
func (a Analyzer) Analyze(text []byte) analysis.TokenStream {
	s := string(text)
	toks := lang.Tokenize(s)
	if a.KeyMode {
		return keyStream(s, toks, nil)
	}
	return stemStream(toks, a.Lang, nil)
}

// stemStream keeps the indexable tokens, stemmed in l.
func stemStream(toks []lang.Token, l lang.Lang, c *termCache) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(toks))
	for i, t := range toks {
		term, ok := c.stem(t, l)
		if !ok {
			continue
		}
		out = append(out, &analysis.Token{Start: t.Start, End: t.End, Term: []byte(term), Position: i + 1, Type: tokenType(t)})
	}
	return out
}

// stemTerm is the title/body term of one token, or false when the token is not indexed.
func stemTerm(t lang.Token, l lang.Lang) (string, bool) {
	if t.Number {
		return t.Text, true
	}
	if utf8.RuneCountInString(t.Text) < 2 || lang.IsStopword(t.Text, l) {
		return "", false
	}
	return lang.Stem(t.Text, l), true
}

// keyStream keeps the tokens of text that have a language-neutral key and
// are written with a capital (names, places, abbreviations) or name a month.
//
// Lowercase words are left out because their stems already meet across the
// languages where it matters (референдум, парламент) or their concept does
// (сайлау = выборы); keying every word doubled the postings a query reads.
func keyStream(text string, toks []lang.Token, c *termCache) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(toks)/4)
	for i, t := range toks {
		if t.Number {
			continue
		}
		k, ok := c.key(t)
		if !ok || !strings.HasPrefix(k, "#m") && !startsUpper(text[t.Start:t.End]) {
			continue
		}
		out = append(out, &analysis.Token{Start: t.Start, End: t.End, Term: []byte(k), Position: i + 1, Type: tokenType(t)})
	}
	return out
}

// startsUpper reports whether s begins with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// keyTerm is the language-neutral key of a word: "#m3" for any spelling of
// March, else lang.NameKey. Numbers, one-letter words and stopwords of either
// language have none.
func keyTerm(word string, number bool) (string, bool) {
	if number || utf8.RuneCountInString(word) < 2 || lang.IsStopword(word, lang.Other) {
		return "", false
	}
	if m, ok := lang.Month(word); ok {
		return "#m" + strconv.Itoa(m), true
	}
	k := lang.NameKey(word)
	if utf8.RuneCountInString(k) < 2 {
		return "", false
	}
	return k, true
}

func tokenType(t lang.Token) analysis.TokenType {
	if t.Number {
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// idStream makes one term of each id.
func idStream(ids []string) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(ids))
	for i, id := range ids {
		out = append(out, &analysis.Token{Term: []byte(id), Position: i + 1, Type: analysis.AlphaNumeric})
	}
	return out
}

// sourceAnalyzer makes lowercased word terms of source names, so that
// source:kazinform matches "Kazinform (kk)".
type sourceAnalyzer struct{}

func (sourceAnalyzer) Analyze(text []byte) analysis.TokenStream {
	toks := lang.Tokenize(string(text))
	out := make(analysis.TokenStream, 0, len(toks))
	for i, t := range toks {
		out = append(out, &analysis.Token{Start: t.Start, End: t.End, Term: []byte(t.Text), Position: i + 1, Type: tokenType(t)})
	}
	return out
}

// itemLang is the language an item is analysed in: its own when it is kk or
// ru, else detected from the text (Other when unclear).
func itemLang(it store.Item) lang.Lang {
	if l := lang.Lang(it.Lang); l.Valid() {
		return l
	}
	l, conf := lang.Detect(it.Title + "\n" + it.Text())
	if l.Valid() && conf >= 0.5 {
		return l
	}
	return lang.Other
}

// docAnalysis tokenises an item's title and body once and hands the results
// to the several fields built from them. bleve analyses documents on its own
// worker goroutines when a batch is applied, so the work happens there (in
// parallel) rather than while the batch is built.
type docAnalysis struct {
	title, body string
	lang        lang.Lang
	ac          *analysisCtx

	once   sync.Once
	fields map[string]analysis.TokenStream
}

func (d *docAnalysis) run() {
	d.once.Do(func() {
		tt, bt := lang.Tokenize(d.title), lang.Tokenize(d.body)
		c := d.ac.cache()
		ts, bs := stemStream(tt, d.lang, c), stemStream(bt, d.lang, c)
		tk, bk := keyStream(d.title, tt, c), keyStream(d.body, bt, c)
		tc, _ := d.ac.concepts(d.title, tt)
		bc, _ := d.ac.concepts(d.body, bt)
		d.fields = map[string]analysis.TokenStream{
			fieldTitle:    ts,
			fieldBody:     bs,
			fieldKey:      append(tk, bk...),
			fieldTitle2:   pairStream(ts, maxPairGap),
			fieldBody2:    pairStream(bs, maxPairGap),
			fieldKey2:     append(pairStream(tk, 1), pairStream(bk, 1)...),
			fieldConcept:  idStream(mergeIDs(tc, bc)),
			fieldTConcept: idStream(tc),
		}
	})
}

// pairStream makes a term of each two neighbouring terms of ts at most
// maxGap positions apart.
func pairStream(ts analysis.TokenStream, maxGap int) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(ts))
	for i := 1; i < len(ts); i++ {
		a, b := ts[i-1], ts[i]
		if b.Position-a.Position > maxGap {
			continue
		}
		term := make([]byte, 0, len(a.Term)+len(pairSep)+len(b.Term))
		term = append(append(append(term, a.Term...), pairSep...), b.Term...)
		out = append(out, &analysis.Token{Start: a.Start, End: b.End, Term: term, Position: len(out) + 1, Type: analysis.Shingle})
	}
	return out
}

// docField is the analyzer of one field of one document: it returns that
// field's share of the document's analysis and ignores its input, which is
// the same text the analysis was made from.
type docField struct {
	d     *docAnalysis
	which string
}

func (f docField) Analyze([]byte) analysis.TokenStream {
	f.d.run()
	return f.d.fields[f.which]
}

// itemDoc builds the bleve document of an item; its id is the item id in decimal.
func itemDoc(it store.Item, ac *analysisCtx) *document.Document {
	d := &docAnalysis{title: it.Title, body: it.Text(), lang: itemLang(it), ac: ac}
	doc := document.NewDocument(docID(it.ID))
	for _, f := range []string{fieldTitle, fieldBody, fieldKey, fieldTitle2, fieldBody2, fieldKey2, fieldConcept, fieldTConcept} {
		doc.AddField(document.NewTextFieldCustom(f, nil, nil, optsLookup, docField{d, f}))
	}
	doc.AddField(document.NewTextFieldCustom(fieldSource, nil, []byte(strings.Join(it.Sources(), "\n")), optsLookup, sourceAnalyzer{}))
	doc.AddField(document.NewTextFieldCustom(fieldLang, nil, []byte(string(d.lang)), optsLookup, nil))
	// A date bleve cannot represent (before 1677 or after 2262) only costs
	// the item its place in date filters.
	if pub, err := document.NewDateTimeFieldWithIndexingOptions(fieldPublished, nil, it.Published, "", optsLookup|index.DocValues); err == nil {
		doc.AddField(pub)
	}
	return doc
}

func docID(id uint64) string { return strconv.FormatUint(id, 10) }

// analysisCtx is what document analysis shares across documents: a cache of
// word terms and the prefilter for gazetteer concepts.
type analysisCtx struct {
	terms *termCache
	// words caches the concepts of single words.
	words  sync.Map
	nwords atomic.Int64
	// starts maps the first three letters of a gazetteer phrase's first word
	// to the prefixes a token must have to match that word.
	starts map[string][]string
}

func newAnalysisCtx() *analysisCtx {
	ac := &analysisCtx{terms: newTermCache(100_000), starts: map[string][]string{}}
	for _, id := range lang.ConceptIDs() {
		for _, l := range []lang.Lang{lang.KK, lang.RU, lang.Other} {
			for _, surface := range lang.ConceptTerms(id, l) {
				w := lang.Words(surface)
				if len(w) == 0 {
					continue
				}
				for _, sl := range []lang.Lang{lang.KK, lang.RU, lang.Other} {
					p := conceptPrefix(w[0], sl)
					p3 := prefix3(p)
					if !slices.Contains(ac.starts[p3], p) {
						ac.starts[p3] = append(ac.starts[p3], p)
					}
				}
			}
		}
	}
	return ac
}

// conceptPrefix is what every word matching a gazetteer word must start
// with: the word's stem in l less its last two letters (the Kazakh stemmer
// may restore a vowel or devoice the last consonant), at least three letters.
func conceptPrefix(word string, l lang.Lang) string {
	r := []rune(strings.ReplaceAll(lang.Stem(word, l), "ё", "е"))
	n := max(3, len(r)-2)
	if n > len(r) {
		n = len(r)
	}
	return string(r[:n])
}

// cache returns the term cache; a nil analysisCtx has none.
func (ac *analysisCtx) cache() *termCache {
	if ac == nil {
		return nil
	}
	return ac.terms
}

// prefix3 is the first three letters of a lowercased word, ё read as е.
func prefix3(w string) string {
	n := 0
	for i := range w {
		if n == 3 {
			w = w[:i]
			break
		}
		n++
	}
	return strings.ReplaceAll(w, "ё", "е")
}

// mayStartConcept reports whether a token could be the first word of a
// gazetteer phrase.
func (ac *analysisCtx) mayStartConcept(word string) bool {
	ps := ac.starts[prefix3(word)]
	if len(ps) == 0 {
		return false
	}
	w := strings.ReplaceAll(word, "ё", "е")
	for _, p := range ps {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// concepts returns the gazetteer concepts text names with several words
// (Халық кеңесі, дауыс берді) that none of its single words names, and those
// its single words name (Курултай, выборы). lang.Concepts stems every token
// in both languages, which would be most of the cost of indexing an item, so
// it only sees short runs of tokens that start like a gazetteer phrase (no
// phrase is longer than four words).
func (ac *analysisCtx) concepts(text string, toks []lang.Token) (multi, single []string) {
	var ids []string
	from, to := -1, -1
	flush := func() {
		if from >= 0 {
			ids = append(ids, lang.Concepts(text[toks[from].Start:toks[to].End])...)
		}
	}
	for i, t := range toks {
		if t.Number || !ac.mayStartConcept(t.Text) {
			continue
		}
		single = append(single, ac.wordConcepts(t.Text)...)
		end := min(i+3, len(toks)-1)
		if from >= 0 && i <= to+1 {
			to = max(to, end)
			continue
		}
		flush()
		from, to = i, end
	}
	flush()
	single = mergeIDs(single)
	for _, id := range mergeIDs(ids) {
		if _, found := slices.BinarySearch(single, id); !found {
			multi = append(multi, id)
		}
	}
	return multi, single
}

// wordConcepts returns the concepts one word names on its own, cached.
func (ac *analysisCtx) wordConcepts(w string) []string {
	if v, ok := ac.words.Load(w); ok {
		return v.([]string)
	}
	ids := lang.Concepts(w)
	if ac.nwords.Load() < 100_000 {
		if _, loaded := ac.words.LoadOrStore(w, ids); !loaded {
			ac.nwords.Add(1)
		}
	}
	return ids
}

// mergeIDs sorts and deduplicates ids.
func mergeIDs(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// termCache remembers the stem and key of words: news text repeats its words,
// and stemming and keying them is most of what indexing costs. It is safe for
// concurrent use and stops growing at max words.
type termCache struct {
	m   sync.Map // cacheKey -> wordTerms
	n   atomic.Int64
	max int64
}

type cacheKey struct {
	l lang.Lang
	w string
}

type wordTerms struct {
	stem, key     string
	stemOK, keyOK bool
}

func newTermCache(max int64) *termCache { return &termCache{max: max} }

func (c *termCache) lookup(t lang.Token, l lang.Lang) wordTerms {
	k := cacheKey{l, t.Text}
	if v, ok := c.m.Load(k); ok {
		return v.(wordTerms)
	}
	var wt wordTerms
	wt.stem, wt.stemOK = stemTerm(t, l)
	wt.key, wt.keyOK = keyTerm(t.Text, t.Number)
	if c.n.Load() < c.max {
		if _, loaded := c.m.LoadOrStore(k, wt); !loaded {
			c.n.Add(1)
		}
	}
	return wt
}

// stem is stemTerm through the cache (numbers bypass it).
func (c *termCache) stem(t lang.Token, l lang.Lang) (string, bool) {
	if c == nil || t.Number {
		return stemTerm(t, l)
	}
	wt := c.lookup(t, l)
	return wt.stem, wt.stemOK
}

// key is keyTerm through the cache.
func (c *termCache) key(t lang.Token) (string, bool) {
	if c == nil || t.Number {
		return keyTerm(t.Text, t.Number)
	}
	wt := c.lookup(t, lang.Other)
	return wt.key, wt.keyOK
}
