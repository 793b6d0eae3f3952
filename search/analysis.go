package search

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// Index fields. title and body hold stems in the item's own language (Kazakh
// suffix stripper or Russian Snowball); key holds language-neutral keys of the
// same words (lang.NameKey, month numbers), which is how a Russian query meets
// a Kazakh item on Тоқаев/Токаев or Конституция/Конституциясы; concept holds
// gazetteer concept ids (сайлау = выборы).
const (
	fieldTitle     = "title"
	fieldBody      = "body"
	fieldKey       = "key"
	fieldConcept   = "concept"
	fieldTConcept  = "tconcept" // concepts of the title alone, to boost
	fieldSource    = "source"
	fieldLang      = "lang"
	fieldPublished = "published"
)

// Field options: title, body and key keep positions because phrase queries
// need them; the filter fields are only looked up.
const (
	optsPositions = index.IndexField | index.IncludeTermVectors
	optsLookup    = index.IndexField
)

// An Analyzer turns text into index terms with lang/: every word and number
// token keeps its position (so phrases still line up where stopwords were
// dropped); one-letter words and stopwords of the analyzer's language are
// dropped; words are stemmed in that language (Other keeps them lowercased);
// KeyMode replaces the stem with a language-neutral key.
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
		return keyStream(toks, 0, nil)
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

// keyStream keeps the tokens that have a language-neutral key. Positions
// start after posBase, so two texts can share one field without a phrase
// spanning them.
func keyStream(toks []lang.Token, posBase int, c *termCache) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(toks))
	for i, t := range toks {
		k, ok := c.key(t)
		if !ok {
			continue
		}
		out = append(out, &analysis.Token{Start: t.Start, End: t.End, Term: []byte(k), Position: posBase + i + 1, Type: tokenType(t)})
	}
	return out
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

	once                 sync.Once
	titleStems, bodyStem analysis.TokenStream
	keys                 analysis.TokenStream
	concepts, tconcepts  analysis.TokenStream
}

func (d *docAnalysis) run() {
	d.once.Do(func() {
		tt, bt := lang.Tokenize(d.title), lang.Tokenize(d.body)
		c := d.ac.cache()
		d.titleStems = stemStream(tt, d.lang, c)
		d.bodyStem = stemStream(bt, d.lang, c)
		// The body's key positions start far after the title's so that no
		// phrase spans the two.
		d.keys = append(keyStream(tt, 0, c), keyStream(bt, len(tt)+100, c)...)
		tc := d.ac.concepts(d.title, tt)
		d.tconcepts = idStream(tc)
		d.concepts = idStream(mergeIDs(tc, d.ac.concepts(d.body, bt)))
	})
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
	switch f.which {
	case fieldTitle:
		return f.d.titleStems
	case fieldBody:
		return f.d.bodyStem
	case fieldKey:
		return f.d.keys
	case fieldTConcept:
		return f.d.tconcepts
	default:
		return f.d.concepts
	}
}

// itemDoc builds the bleve document of an item; its id is the item id in decimal.
func itemDoc(it store.Item, ac *analysisCtx) *document.Document {
	d := &docAnalysis{title: it.Title, body: it.Text(), lang: itemLang(it), ac: ac}
	doc := document.NewDocument(docID(it.ID))
	doc.AddField(document.NewTextFieldCustom(fieldTitle, nil, []byte(d.title), optsPositions, docField{d, fieldTitle}))
	doc.AddField(document.NewTextFieldCustom(fieldBody, nil, []byte(d.body), optsPositions, docField{d, fieldBody}))
	doc.AddField(document.NewTextFieldCustom(fieldKey, nil, nil, optsPositions, docField{d, fieldKey}))
	doc.AddField(document.NewTextFieldCustom(fieldConcept, nil, nil, optsLookup, docField{d, fieldConcept}))
	doc.AddField(document.NewTextFieldCustom(fieldTConcept, nil, nil, optsLookup, docField{d, fieldTConcept}))
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
// word terms and the prefilter for gazetteer concepts. A nil one works,
// uncached.
type analysisCtx struct {
	terms *termCache
	// starts maps the first three letters of a gazetteer phrase's first word
	// to the prefixes a token must have to match that word.
	starts map[string][]string
}

func newAnalysisCtx() *analysisCtx {
	ac := &analysisCtx{terms: newTermCache(300_000), starts: map[string][]string{}}
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

// concepts returns the gazetteer concepts of text. lang.Concepts stems every
// token in both languages, which would be most of the cost of indexing an
// item, so it only sees short runs of tokens that start like a gazetteer
// phrase (no phrase is longer than four words).
func (ac *analysisCtx) concepts(text string, toks []lang.Token) []string {
	if ac == nil {
		return lang.Concepts(text)
	}
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
		end := min(i+3, len(toks)-1)
		if from >= 0 && i <= to+1 {
			to = max(to, end)
			continue
		}
		flush()
		from, to = i, end
	}
	flush()
	return mergeIDs(ids)
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
