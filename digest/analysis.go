package digest

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// Per-item text limits: clustering reads the title and the lead, summaries the first
// sentences; nothing needs a whole long article, and the limits keep a day of thousands of
// items fast.
// leadSentenceCount is how many sentences of the lead, with the title, describe an item
// (a variable so that the development set's tuning can try others).
var leadSentenceCount = 7

const (
	maxItemSentences = 12   // sentences per item offered to the summariser
	maxScanBytes     = 6000 // of the body read for sentences
	titleWeight      = 2.0  // a title term counts as much as two lead terms
)

// doc is one item prepared for clustering and summarising.
type doc struct {
	item    store.Item
	lang    string
	sents   []string // the first sentences of the text, cleaned
	lead    string   // the first sentences joined: with the title, what the item is about
	vec     []tw     // tf-idf of title and lead, unit length
	tf      map[int32]float64
	anchors []string
	occ     []string // occasions (cluster.go) named anywhere in the sentences read, lead or not
	hosted  bool     // the report is of the President receiving someone (isAudience)
	// pastSittings are the bodies whose sitting of the day before the report tells of.
	pastSittings []string
	sig          []uint64 // MinHash of the text
}

// tw is one weighted term of a sparse vector.
type tw struct {
	t int32
	w float64
}

// vocab interns terms for one build, so that vectors are small and fast to compare.
type vocab struct {
	ids   map[string]int32
	names []string
}

func newVocab() *vocab { return &vocab{ids: make(map[string]int32)} }

func (v *vocab) id(term string) int32 {
	if id, ok := v.ids[term]; ok {
		return id
	}
	id := int32(len(v.names))
	v.ids[term] = id
	v.names = append(v.names, term)
	return id
}

// itemLang is the item's language as the collector decided it ("kk", "ru" or
// "other"), or, for an item stored without one, what the language gate says.
func itemLang(it store.Item) string {
	switch l := strings.ToLower(strings.TrimSpace(it.Lang)); l {
	case LangKK, LangRU, langOther:
		return l
	}
	sample := it.Title + ". " + it.Text()
	if len(sample) > 1000 {
		sample = sample[:1000]
		for !utf8.ValidString(sample) {
			sample = sample[:len(sample)-1]
		}
	}
	return identifyLang(sample)
}

// itemSentences returns the first sentences of an item's text (body, else summary).
func itemSentences(it store.Item, l string) []string {
	text := it.Text()
	if len(text) > maxScanBytes {
		cut := strings.LastIndex(text[:maxScanBytes], "\n")
		if cut < maxScanBytes/2 {
			cut = strings.LastIndex(text[:maxScanBytes], " ")
		}
		if cut > 0 {
			text = text[:cut]
		}
	}
	var out []string
	for _, p := range paragraphs(text) {
		for _, s := range sentencesOf(p, l) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
			if len(out) == maxItemSentences {
				return out
			}
		}
	}
	return out
}

// bareSentence is s without the blanks and final stops around it.
func bareSentence(s string) string { return strings.TrimRight(strings.TrimSpace(s), " .!?…") }

// A report of the President receiving someone opens with the host and a verb of receiving
// ("Глава государства принял …", "Мемлекет басшысы … қабылдады") or with the President
// as the one told ("Токаеву доложили …", "Президентке … баяндады").
var (
	audienceHosts = []string{"глава государства", "президент ", "токаев ", "мемлекет басшысы", "тоқаев "}
	audienceVerbs = []string{"принял", "встретился", "провел встречу", "провёл встречу", "обсудил", "проинформирован", "қабылдады", "кездесті", "кездесу өткізді"}
	audienceTo    = []string{"главе государства", "президенту", "токаеву", "мемлекет басшысына", "президентке", "тоқаевқа"}
	audienceTold  = []string{"доложил", "рассказал", "представил", "проинформировал", "баяндады", "таныстырды", "есеп берді"}
)

// isAudience reports whether the title or the first sentence tells of the President
// receiving someone: a happening of its own, not the sitting or the work it is about.
func isAudience(title string, sents []string) bool {
	texts := []string{title}
	if len(sents) > 0 {
		texts = append(texts, sents[0])
		if len(sents) > 1 && strings.EqualFold(bareSentence(sents[0]), bareSentence(title)) {
			texts = append(texts, sents[1]) // the page repeats its headline over the text
		}
	}
	for _, t := range texts {
		low := strings.ToLower(t)
		for _, h := range audienceHosts {
			if i := strings.Index(low, h); i >= 0 && containsAny(low[i+len(h):], audienceVerbs) {
				return true
			}
		}
		for _, h := range audienceTo {
			if strings.Contains(low, h) && containsAny(low, audienceTold) {
				return true
			}
		}
	}
	return false
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// occasionHints are lower-case pieces of the occasions' names (and short names) in every
// language of the gazetteer: the sentences after the lead are matched against it only when
// they hold one, as most do not and matching costs a quarter of a build.
var occasionHints = []string{"курулта", "құрылта", "kurultai", "qurultai", "жолда", "послани", "address",
	"саммит", "summit", "ұлықта", "инаугур", "inaugur", " ант", "присяг", "oath"}

// mayNameOccasion reports whether the sentences hold an occasion hint.
func mayNameOccasion(sents []string) bool {
	for _, s := range sents {
		low := strings.ToLower(s)
		for _, h := range occasionHints {
			if strings.Contains(low, h) || strings.HasPrefix(low, h[1:]) && h[0] == ' ' {
				return true
			}
		}
	}
	return false
}

// ownNames gives the name anchors of an outlet's own name ("сообщает Zakon.kz", "TASS"),
// from its source name and its site's host, each outlet worked out once. A report naming
// where it comes from says nothing of its event, and two reports of one outlet on one day
// would share the name whatever they tell. Not safe for concurrent use.
type ownNames map[string]map[string]bool

// drop returns anchors without the item's outlet's own names.
func (o ownNames) drop(anchors []string, it store.Item) []string {
	host := siteHost(it.URL)
	if i := strings.LastIndexByte(host, '.'); i > 0 {
		host = host[:i]
	}
	key := it.Source + "\x00" + host
	own, ok := o[key]
	if !ok {
		own = map[string]bool{}
		for _, s := range []string{it.Source, host} {
			for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
				if k := lang.NameKey(w); k != "" {
					own["name:"+k] = true
				}
			}
		}
		o[key] = own
	}
	out := anchors[:0]
	for _, a := range anchors {
		if !own[a] {
			out = append(out, a)
		}
	}
	return out
}

// prepare analyses the items: language, sentences, terms, anchors, MinHash. The text work
// runs on all cores; only the interning of terms is sequential.
func prepare(ctx context.Context, items []store.Item, voc *vocab) ([]*doc, error) {
	docs := make([]*doc, len(items))
	titleTerms := make([][]string, len(items))
	leadTerms := make([][]string, len(items))
	cases := make([]lang.Analysis, len(items)) // names and lower-case words, without the terms
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		workers = min(runtime.GOMAXPROCS(0), max(1, len(items)/64))
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tc, own := lang.NewTermCache(), ownNames{}
			for {
				i := int(next.Add(1)) - 1
				if i >= len(items) || ctx.Err() != nil {
					return
				}
				it := items[i]
				d := &doc{item: it, lang: itemLang(it)}
				d.sents = itemSentences(it, d.lang)
				lead := strings.Join(d.sents[:min(len(d.sents), leadSentenceCount)], " ")
				a := tc.Analyze(it.Title, lead, lang.Lang(d.lang))
				if it.Script == lang.ScriptArabic {
					// Töte has no capitals: its sentences were given theirs (lang.SentenceCase),
					// its names were not, and a name it writes small is no evidence of case.
					a.Lower = nil
				}
				titleTerms[i], leadTerms[i] = a.TitleTerms, a.LeadTerms
				cases[i] = a
				d.lead = lead
				d.anchors = own.drop(a.Anchors, it)
				d.occ = occasionsOf(d.anchors, nil)
				if len(d.sents) > leadSentenceCount && mayNameOccasion(d.sents[leadSentenceCount:]) {
					// An angle report names the occasion where it tells what was said, often
					// after the lead: "…, he said at the National Kurultai".
					d.occ = occasionsOf(tc.Anchors(strings.Join(d.sents[leadSentenceCount:], " ")), d.occ)
				}
				d.hosted = isAudience(it.Title, d.sents)
				if !d.hosted {
					// The President receiving a commission's heads is not its sitting, though
					// the report tells what the sitting did.
					lead := d.sents[:min(len(d.sents), leadSentenceCount)]
					today, yesterday := sittingsOf(d.anchors, tc, it.Title, lead, it.Published)
					d.occ = append(d.occ, today...)
					d.pastSittings = yesterday
					if namesBody(d.anchors) {
						texts := append([]string{it.Title}, lead...)
						lows := make([]string, len(texts))
						for k, t := range texts {
							lows[k] = strings.ToLower(t)
						}
						d.occ = append(d.occ, bodySittingsOf(d.occ, tc, texts, lows, it.Published)...)
					}
				}
				d.sig = itemSig(it)
				docs[i] = d
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dropLowerNames(docs, cases)
	for i, d := range docs {
		d.tf = make(map[int32]float64, len(titleTerms[i])+len(leadTerms[i]))
		for _, t := range titleTerms[i] {
			d.tf[voc.id(t)] += titleWeight
		}
		for _, t := range leadTerms[i] {
			d.tf[voc.id(t)]++
		}
	}
	return docs, nil
}

// dropLowerNames takes from the docs' anchors the names whose word more of the day's
// texts write in lower case than capitalise: a capital there is a headline's title case,
// a caption's or a menu's ("Утвержден Календарный план", "Фото", "Новости"), not a name.
// No person's or place's name is written in lower case.
func dropLowerNames(docs []*doc, cases []lang.Analysis) {
	capital := map[string]stemCount{}
	for i := range docs {
		for _, n := range cases[i].Names {
			if c := capital[n.Stem]; c.last != i+1 {
				capital[n.Stem] = stemCount{c.docs + 1, i + 1}
			}
		}
	}
	if len(capital) == 0 {
		return
	}
	low := make(map[string]stemCount, len(capital))
	for i := range docs {
		a := cases[i]
		if len(a.Lower) == 0 {
			continue
		}
		for k, s := range a.TitleTerms {
			countLower(low, capital, s, a.IsLower(k), i)
		}
		for k, s := range a.LeadTerms {
			countLower(low, capital, s, a.IsLower(len(a.TitleTerms)+k), i)
		}
	}
	for i, d := range docs {
		var drop []string
		for _, n := range cases[i].Names {
			if l := low[n.Stem].docs; l > 0 && l >= capital[n.Stem].docs {
				drop = append(drop, n.Anchor)
			}
		}
		if len(drop) == 0 {
			continue
		}
		kept := d.anchors[:0]
		for _, a := range d.anchors {
			if !slices.Contains(drop, a) {
				kept = append(kept, a)
			}
		}
		d.anchors = kept
	}
}

// stemCount is how many docs have a stem, and the last doc counted (+1), so that a doc
// counts once without a set of its own.
type stemCount struct{ docs, last int }

// countLower counts doc i in low when term s is of a lower-case word and a name elsewhere.
func countLower(low, capital map[string]stemCount, s string, lower bool, i int) {
	if !lower {
		return
	}
	if _, named := capital[s]; !named {
		return
	}
	if c := low[s]; c.last != i+1 {
		low[s] = stemCount{c.docs + 1, i + 1}
	}
}

// idfTable holds inverse document frequencies per language.
type idfTable map[string]map[int32]float64

// weigh computes per-language idf over docs and sets each doc's unit tf-idf vector.
func weigh(docs []*doc) idfTable {
	df := map[string]map[int32]int{}
	n := map[string]int{}
	for _, d := range docs {
		if df[d.lang] == nil {
			df[d.lang] = map[int32]int{}
		}
		n[d.lang]++
		for t := range d.tf {
			df[d.lang][t]++
		}
	}
	idf := idfTable{}
	for l, m := range df {
		idf[l] = make(map[int32]float64, len(m))
		for t, c := range m {
			idf[l][t] = math.Log(float64(n[l]+1)/float64(c+1)) + 1
		}
	}
	for _, d := range docs {
		d.vec = tfidf(d.tf, idf[d.lang], 0)
	}
	return idf
}

// tfidf builds a unit-length vector with sublinear tf; terms missing from idf get unknown.
func tfidf(tf map[int32]float64, idf map[int32]float64, unknown float64) []tw {
	v := make([]tw, 0, len(tf))
	for t, f := range tf {
		w, ok := idf[t]
		if !ok {
			w = unknown
		}
		w *= 1 + math.Log(f)
		if w <= 0 {
			continue
		}
		v = append(v, tw{t, w})
	}
	// Sorted before summing: a sum in the map's order differs in its last bits from run to
	// run, and so would every similarity, and the order of near-equal reports with them.
	sort.Slice(v, func(i, j int) bool { return v[i].t < v[j].t })
	var norm float64
	for _, x := range v {
		norm += x.w * x.w
	}
	if norm == 0 {
		return nil
	}
	norm = math.Sqrt(norm)
	for i := range v {
		v[i].w /= norm
	}
	return v
}

// cosine of two unit vectors sorted by term.
func cosine(a, b []tw) float64 {
	var s float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].t == b[j].t:
			s += a[i].w * b[j].w
			i++
			j++
		case a[i].t < b[j].t:
			i++
		default:
			j++
		}
	}
	return s
}

// topTerms returns the k heaviest terms of v.
func topTerms(v []tw, k int) []tw {
	c := append([]tw(nil), v...)
	sort.Slice(c, func(i, j int) bool {
		if c[i].w != c[j].w {
			return c[i].w > c[j].w
		}
		return c[i].t < c[j].t
	})
	if len(c) > k {
		c = c[:k]
	}
	return c
}

func (d *doc) published() time.Time { return d.item.Published }
