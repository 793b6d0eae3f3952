package digest

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/refdigest/refdigest/store"
)

// Ranking weights. Coverage by many outlets is the strongest sign that a story matters;
// official sources (Akorda, the election commission, the government) come next.
const (
	rankOutlets   = 2.0 // × log2(1 + distinct outlets)
	rankItems     = 0.5 // × log2(1 + items)
	rankOfficial  = 1.5
	rankFresh     = 1.0 // × share of the window elapsed at the newest item
	rankRelevance = 1.0 // × share of items naming a referendum term
	rankBilingual = 0.5
	sigTerms      = 15 // stems per language kept in a story's signature
	sigAnchors    = 20 // particular anchors kept in a story's signature
	sigConcepts   = 10 // and concepts
)

// work is a story being built.
type work struct {
	docs    []*doc            // by publication time
	byLang  map[string][]*doc // by centrality within each language
	cent    map[string][]tw   // unit centroid per language
	outlets int
	story   Story
}

// pastOccasions lists the occasions that the previous digest told as a story of their own,
// a story of many reports naming them. The day after a speech at the National Kurultai,
// the reports naming it are follow-ups and comments (a plenary on its proposals, an
// expert's view), each its own event unless their wording joins them; an occasion only
// announced the day before (a mention in a few reports) still joins the reports of its day.
func pastOccasions(prev *Digest) map[string]bool {
	if prev == nil {
		return nil
	}
	past := map[string]bool{}
	for _, s := range append(append([]Story(nil), prev.Stories...), prev.Also...) {
		if len(s.Members) < occasionStory {
			continue
		}
		for _, a := range s.Sig.Anchors {
			if occasions[a] {
				past[a] = true
			}
		}
	}
	return past
}

// occasionStory is how many reports make an occasion's story: the occasion has had its day.
const occasionStory = 5

// window is the span of publication times a digest covers.
type window struct{ from, to time.Time }

// stories groups items into stories, ranks them, continues prev's stories (prevItems are
// the items of its window), and writes headlines and summaries for the ones shown in full
// (and headlines for the "Also today" ones).
func (b *Builder) stories(ctx context.Context, items []store.Item, prev *Digest, prevItems []store.Item, date string, win window) ([]Story, error) {
	voc := newVocab()
	docs, err := prepare(ctx, items, voc)
	if err != nil {
		return nil, err
	}
	idf := weigh(docs)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	groups := clusterDocs(docs, dayInfo{past: pastOccasions(prev), loc: b.loc})
	ws := make([]*work, len(groups))
	for i, g := range groups {
		ws[i] = newWork(docs, g, date, win)
	}
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i].story, ws[j].story
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.ID < b.ID
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	keep := min(len(ws), b.maxStories+maxAlsoStored)
	for i, w := range ws[:keep] {
		w.signature(voc, idf)
		w.texts(i < b.maxStories, voc, idf)
	}
	if prev != nil {
		all := append(append([]Story(nil), prev.Stories...), prev.Also...)
		var sittings []map[int]int
		if prev.Date == dayBefore(date) {
			sittings = yesterdaysSittings(ws[:keep], all)
		}
		continueStories(ws[:keep], all, copiedStories(ws[:keep], all, prevItems), sittings, date)
	}
	out := make([]Story, len(ws))
	for i, w := range ws {
		out[i] = w.story
	}
	if b.tr != nil {
		// The stories shown in full and the "Also today" headlines shown.
		b.translate(ctx, out[:min(len(out), b.maxStories+maxAlsoShown)])
	}
	return out, nil
}

func newWork(docs []*doc, g group, date string, win window) *work {
	w := &work{byLang: map[string][]*doc{}, cent: map[string][]tw{}}
	for _, i := range g {
		w.docs = append(w.docs, docs[i])
	}
	sort.SliceStable(w.docs, func(i, j int) bool {
		if !w.docs[i].published().Equal(w.docs[j].published()) {
			return w.docs[i].published().Before(w.docs[j].published())
		}
		return w.docs[i].item.URL < w.docs[j].item.URL // not the store id: see BuildDay
	})
	outlets := map[string]bool{}
	official, relevant := false, 0
	var newest time.Time
	for _, d := range w.docs {
		w.byLang[d.lang] = append(w.byLang[d.lang], d)
		w.story.Members = append(w.story.Members, memberOf(d.item, d.lang))
		outlets[ShortName(d.item.Source, d.item.URL)] = true
		official = official || isOfficial(d.item.Source, d.item.URL)
		for _, r := range d.item.AlsoIn {
			outlets[ShortName(r.Source, r.URL)] = true
			official = official || isOfficial(r.Source, r.URL)
		}
		for _, a := range d.anchors {
			if strings.HasPrefix(a, "term:") {
				relevant++
				break
			}
		}
		if d.published().After(newest) {
			newest = d.published()
		}
	}
	delete(outlets, "")
	w.outlets = len(outlets)
	for l, ds := range w.byLang {
		w.cent[l] = centroidOf(ds)
		c := w.cent[l]
		sort.SliceStable(ds, func(i, j int) bool { return cosine(ds[i].vec, c) > cosine(ds[j].vec, c) })
	}
	fresh := 0.0
	if span := win.to.Sub(win.from); span > 0 {
		fresh = math.Max(0, math.Min(1, float64(newest.Sub(win.from))/float64(span)))
	}
	score := rankOutlets*math.Log2(1+float64(w.outlets)) + rankItems*math.Log2(1+float64(len(w.docs))) +
		rankFresh*fresh + rankRelevance*float64(relevant)/float64(len(w.docs))
	if official {
		score += rankOfficial
	}
	if len(w.byLang[LangKK]) > 0 && len(w.byLang[LangRU]) > 0 {
		score += rankBilingual
	}
	w.story.Score = math.Round(score*1000) / 1000
	w.story.ID = storyID(date, w.docs[0].item.URL)
	w.story.Since = date
	return w
}

// centroidOf is the unit-length mean of the docs' vectors.
func centroidOf(ds []*doc) []tw {
	sum := map[int32]float64{}
	for _, d := range ds {
		for _, x := range d.vec {
			sum[x.t] += x.w
		}
	}
	v := make([]tw, 0, len(sum))
	for t, x := range sum {
		v = append(v, tw{t, x})
	}
	sort.Slice(v, func(i, j int) bool { return v[i].t < v[j].t }) // before summing: see tfidf
	var n float64
	for _, x := range v {
		n += x.w * x.w
	}
	if n == 0 {
		return nil
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i].w /= n
	}
	return v
}

// mainLang is the language most of the story's items are in (kk on a tie: the digest is
// Kazakh-first).
func (w *work) mainLang() string {
	best, n := "", -1
	for _, l := range append(digestLangs(), w.docs[0].lang) {
		if c := len(w.byLang[l]); c > n {
			best, n = l, c
		}
	}
	return best
}

// texts sets the story's headline (and, when full, summary) for each digest language; a
// language without items gets the main language's text, marked by its Lang.
func (w *work) texts(full bool, voc *vocab, idf idfTable) {
	w.story.Text = map[string]StoryText{}
	own := map[string]StoryText{}
	for l, ds := range w.byLang {
		head, from := storyHeadline(ds)
		t := StoryText{Lang: l, Headline: head}
		if full {
			// After the headline: the summary leaves out what the headline already says.
			t.Summary = summarize(ds, l, t.Headline, from, voc, idf[l])
		}
		t.Headline = capitalFirst(t.Headline)
		for k, x := range t.Summary {
			t.Summary[k] = capitalFirst(x)
		}
		own[l] = t
	}
	main := own[w.mainLang()]
	for _, l := range digestLangs() {
		if t, ok := own[l]; ok {
			w.story.Text[l] = t
		} else {
			w.story.Text[l] = main
		}
	}
}

// longTitleRunes is where a title stops being a headline: some feeds give the lead's first
// lines as the title, cut where the field fills ("«Хочу обратиться ко всем гражданам, … Вы
// получили редкий шанс").
const longTitleRunes = 140

// storyHeadline heads a language's reports (most central first), and says which report it
// comes from: the first report's title, unless it has none or runs past longTitleRunes;
// then the title of one of the next two reports that is neither, or else the first
// report's long title or first sentence, cut at a word. An item without a title (a channel
// post, a feed note, an excerpt) is headed by its first sentence when no report near it
// has a title: the Also list, which has no summary, needs a headline too.
func storyHeadline(ds []*doc) (string, int) {
	first := strings.TrimSpace(ds[0].item.Title)
	if first != "" && utf8.RuneCountInString(first) <= longTitleRunes {
		return first, 0
	}
	for k, d := range ds[1:min(len(ds), 3)] {
		if t := strings.TrimSpace(d.item.Title); t != "" && utf8.RuneCountInString(t) <= longTitleRunes {
			return t, k + 1
		}
	}
	if first != "" {
		return closeQuote(madeHeadline(first)), 0
	}
	if len(ds[0].sents) == 0 {
		return "", 0
	}
	return closeQuote(madeHeadline(ds[0].sents[0])), 0
}

// closeQuote closes a «quote» that a headline cut out of a longer text left open.
func closeQuote(h string) string {
	if strings.Count(h, "«") > strings.Count(h, "»") {
		return strings.TrimRight(h, " ,.;:") + "»"
	}
	return h
}

// signature records the story's heaviest stems per language and its most frequent
// anchors, for recognising it in the next day's digest.
func (w *work) signature(voc *vocab, _ idfTable) {
	sig := Signature{Terms: map[string][]string{}}
	for l, c := range w.cent {
		for _, x := range topTerms(c, sigTerms) {
			sig.Terms[l] = append(sig.Terms[l], voc.names[x.t])
		}
	}
	count := map[string]int{}
	for _, d := range w.docs {
		for _, a := range d.anchors {
			count[a]++
		}
	}
	// A story is recognised by its particulars (names, figures, dates, ordinals), the ones
	// most of its reports give first; concepts of the vote's vocabulary come apart, fewer,
	// since many stories share them. Ranked by count alone, a big story's concepts crowd
	// its particulars out of the signature.
	var parts, terms []string
	for a := range count {
		switch {
		case genericAnchors[a]:
		case strings.HasPrefix(a, "term:"):
			terms = append(terms, a)
		default:
			parts = append(parts, a)
		}
	}
	byWeight := func(list []string, n int) []string {
		sort.Slice(list, func(i, j int) bool {
			a, b := list[i], list[j]
			wa, wb := float64(count[a])*anchorWeight(a), float64(count[b])*anchorWeight(b)
			if wa != wb {
				return wa > wb
			}
			return a < b
		})
		return list[:min(len(list), n)]
	}
	sig.Anchors = append(byWeight(parts, sigAnchors), byWeight(terms, sigConcepts)...)
	sort.Strings(sig.Anchors)
	for _, d := range w.docs {
		for _, o := range d.occ {
			if b, ok := strings.CutPrefix(o, "sitting:"); ok && !slices.Contains(sig.Sittings, b) {
				sig.Sittings = append(sig.Sittings, b)
			}
		}
	}
	sort.Strings(sig.Sittings)
	w.story.Sig = sig
}

func memberOf(it store.Item, l string) Member {
	return Member{ItemID: it.ID, Lang: l, Source: it.Source, URL: it.URL, Title: it.Title,
		Published: it.Published, AlsoIn: it.AlsoIn}
}

// storyID names a new story after the day it first appeared and its first item.
func storyID(date, firstURL string) string {
	h := fnv.New64a()
	h.Write([]byte(firstURL))
	return fmt.Sprintf("%s-%012x", date, h.Sum64()&0xffffffffffff)
}

// isOfficial recognises the state's own channels: Akorda, the election commission, the
// government and parliament sites.
func isOfficial(source, link string) bool {
	if host := siteHost(link); host != "" {
		for _, h := range []string{"akorda.kz", "election.gov.kz", "gov.kz", "primeminister.kz", "parlam.kz"} {
			if host == h || strings.HasSuffix(host, "."+h) {
				return true
			}
		}
	}
	name := strings.ToLower(source)
	for _, s := range []string{"akorda", "ақорда", "акорда", "election.gov.kz", "gov.kz", "орталық сайлау комиссиясы", "центральная избирательная комиссия"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	for _, f := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '(' || r == ')' }) {
		if f == "цик" || f == "оск" {
			return true
		}
	}
	return false
}

// capitalFirst gives a headline or a sentence that begins with a small Cyrillic letter
// (töte stored before its sentences got capitals, an outlet's title written small, a
// sentence cut from the middle of a line) its capital, after any opening quote or bracket.
// A small Latin letter first is a brand's (eGov, iPhone) and stays.
func capitalFirst(s string) string {
	for i, r := range s {
		switch {
		case strings.ContainsRune("«\"„“'([ ", r):
			continue
		case unicode.Is(unicode.Cyrillic, r) && unicode.IsLower(r):
			return s[:i] + string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
		}
		return s
	}
	return s
}
