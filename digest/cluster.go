package digest

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Clustering parameters, tuned on testdata/stories.json (see cluster_test.go).
const (
	sameLangThreshold  = 0.24           // cosine of an item to a story centroid, same language
	crossLangThreshold = 0.30           // anchor and title score that joins a kk and a ru story…
	crossLangFloor     = 0.17           // …or this much, when each is the other's best…
	crossLangMargin    = 0.05           // …by this margin over the second best
	clusterWindow      = 72 * time.Hour // a story not fed for this long takes no more items
	candidateTerms     = 10             // an item's heaviest terms that look up candidate stories
	maxPostings        = 400            // recent stories looked at per term
	exactCandidates    = 12             // best candidates whose cosine is computed in full
)

// group is a set of docs (indexes) that form one story.
type group []int

// clusterDocs groups docs into stories: near-duplicates first, then one pass per language
// against story centroids, then kk and ru stories about the same event are joined.
func clusterDocs(docs []*doc) []group {
	units := nearDuplicates(docs)
	byLang := map[string][]group{}
	var langs []string
	for _, u := range units {
		l := docs[u[0]].lang
		if _, ok := byLang[l]; !ok {
			langs = append(langs, l)
		}
		byLang[l] = append(byLang[l], u)
	}
	sort.Strings(langs)
	var perLang [][]group
	for _, l := range langs {
		perLang = append(perLang, onePass(docs, byLang[l]))
	}
	var all []group
	var kk, ru []group
	for i, l := range langs {
		switch l {
		case LangKK:
			kk = perLang[i]
		case LangRU:
			ru = perLang[i]
		default:
			all = append(all, perLang[i]...)
		}
	}
	return append(all, joinLanguages(docs, kk, ru)...)
}

// centroid is a story's summed term vector, kept with its squared norm.
type centroid struct {
	w     map[int32]float64
	norm2 float64
	last  time.Time
	docs  group
}

func (c *centroid) add(v []tw, dot float64, t time.Time) {
	for _, x := range v {
		c.w[x.t] += x.w
	}
	c.norm2 += 2*dot + 1 // |c+v|² with |v| = 1
	if t.After(c.last) {
		c.last = t
	}
}

func (c *centroid) dot(v []tw) float64 {
	var s float64
	for _, x := range v {
		s += c.w[x.t] * x.w
	}
	return s
}

// onePass clusters units of one language in publication order: each unit joins the story
// whose centroid is most similar (cosine at least sameLangThreshold, fed within
// clusterWindow) or starts a new one. Candidate stories are found through the unit's
// heaviest terms and ranked by those terms alone; only the best few get an exact cosine, so
// the cost grows with the number of units, not its square.
func onePass(docs []*doc, units []group) []group {
	sort.SliceStable(units, func(i, j int) bool {
		return docs[units[i][0]].published().Before(docs[units[j][0]].published())
	})
	var (
		cs       []*centroid
		postings = map[int32][]int{}
		acc      []float64 // partial dot product per story, for the current unit
		touched  []int
	)
	for _, u := range units {
		rep := docs[u[0]]
		v := rep.vec
		t := rep.published()
		touched = touched[:0]
		for _, x := range topTerms(v, candidateTerms) {
			list := postings[x.t]
			for k := len(list) - 1; k >= 0 && k >= len(list)-maxPostings; k-- {
				ci := list[k]
				c := cs[ci]
				if t.Sub(c.last) > clusterWindow || c.last.Sub(t) > clusterWindow {
					continue
				}
				if acc[ci] == 0 {
					touched = append(touched, ci)
				}
				acc[ci] += x.w * c.w[x.t] / math.Sqrt(c.norm2)
			}
		}
		sort.Slice(touched, func(i, j int) bool { return acc[touched[i]] > acc[touched[j]] })
		best, bestSim, bestDot := -1, sameLangThreshold, 0.0
		for i, ci := range touched {
			if i < exactCandidates {
				c := cs[ci]
				d := c.dot(v)
				if sim := d / math.Sqrt(c.norm2); sim >= bestSim {
					best, bestSim, bestDot = ci, sim, d
				}
			}
			acc[ci] = 0
		}
		if best < 0 {
			cs = append(cs, &centroid{w: make(map[int32]float64, len(v)), last: t})
			acc = append(acc, 0)
			best, bestDot = len(cs)-1, 0
		}
		c := cs[best]
		for _, x := range v {
			if c.w[x.t] == 0 {
				postings[x.t] = append(postings[x.t], best)
			}
		}
		c.add(v, bestDot, t)
		c.docs = append(c.docs, u...)
	}
	out := make([]group, len(cs))
	for i, c := range cs {
		out[i] = c.docs
	}
	return out
}

// storyProfile is what a story offers to cross-language matching.
type storyProfile struct {
	anchors map[string]bool
	grams   map[string]float64 // character trigrams of folded titles
	first   time.Time
	last    time.Time
}

func profile(docs []*doc, g group) storyProfile {
	p := storyProfile{anchors: map[string]bool{}, grams: map[string]float64{}}
	for i, di := range g {
		d := docs[di]
		for _, a := range d.anchors {
			p.anchors[a] = true
		}
		for _, gr := range trigrams(d.item.Title) {
			p.grams[gr]++
		}
		if t := d.published(); i == 0 || t.Before(p.first) {
			p.first = t
		}
		if t := d.published(); t.After(p.last) {
			p.last = t
		}
	}
	return p
}

// foldCyrillic maps Kazakh letters to their Russian spelling and drops case, so that a
// Kazakh and a Russian title share names and loanwords (Тоқаев/Токаев, конституциялық/
// конституционный).
func foldCyrillic(r rune) rune {
	r = unicode.ToLower(r)
	switch r {
	case 'ә':
		return 'а'
	case 'ғ':
		return 'г'
	case 'қ':
		return 'к'
	case 'ң':
		return 'н'
	case 'ө':
		return 'о'
	case 'ұ', 'ү':
		return 'у'
	case 'һ':
		return 'х'
	case 'і':
		return 'и'
	case 'ё':
		return 'е'
	}
	return r
}

// trigrams of the folded words of a title (words of 4 letters and more, which carry names,
// numbers and loanwords rather than grammar).
func trigrams(title string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r := []rune(w)
		if len(r) < 4 {
			continue
		}
		for i := range r {
			r[i] = foldCyrillic(r[i])
		}
		for i := 0; i+3 <= len(r); i++ {
			out = append(out, string(r[i:i+3]))
		}
	}
	return out
}

func gramCosine(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot, na, nb float64
	for g, x := range a {
		dot += x * b[g]
		na += x * x
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// anchorKind weighs an anchor by what it is: a figure (412 observers, 13.2 million
// ballots) singles out an event best, a name next; a year or a referendum term is shared by
// most of the day's news.
func anchorKind(a string) float64 {
	kind, val, _ := strings.Cut(a, ":")
	switch kind {
	case "num":
		if len(val) == 4 && (strings.HasPrefix(val, "19") || strings.HasPrefix(val, "20")) {
			return 0.5
		}
		return 2
	case "name":
		return 1.5
	case "date":
		return 1
	}
	return 0.5
}

// crossScorer scores a Kazakh story against a Russian one.
type crossScorer struct {
	df map[string]int
	n  float64
}

func (c crossScorer) weight(a string) float64 {
	return anchorKind(a) * math.Log(1+c.n/float64(max(1, c.df[a])))
}

func (c crossScorer) norm(p storyProfile) float64 {
	var s float64
	for a := range p.anchors {
		w := c.weight(a)
		s += w * w
	}
	return math.Sqrt(s)
}

// score is 0.7 × the weighted cosine of the anchor sets + 0.3 × the trigram cosine of the
// folded titles; 0 when the stories are too far apart in time.
func (c crossScorer) score(p, q storyProfile, np, nq float64) float64 {
	if q.first.Sub(p.last) > clusterWindow || p.first.Sub(q.last) > clusterWindow || np == 0 || nq == 0 {
		return 0
	}
	var shared float64
	for a := range p.anchors {
		if q.anchors[a] {
			w := c.weight(a)
			shared += w * w
		}
	}
	return 0.7*shared/(np*nq) + 0.3*gramCosine(p.grams, q.grams)
}

// joinLanguages pairs Kazakh and Russian stories about the same event, without
// translation: by the weighted overlap of their language-neutral anchors (numbers, dates,
// names, referendum terms) and the similarity of their folded titles. A pair is taken when
// its score is high, or when it is fair and each story is the other's clear best match.
// Pairs are taken best first, one to one; then a story left alone may join its best
// partner's pair (a second write-up that the same-language pass kept apart).
func joinLanguages(docs []*doc, kk, ru []group) []group {
	if len(kk) == 0 || len(ru) == 0 {
		return append(kk, ru...)
	}
	pk := make([]storyProfile, len(kk))
	pr := make([]storyProfile, len(ru))
	c := crossScorer{df: map[string]int{}, n: float64(len(kk) + len(ru))}
	for i, g := range kk {
		pk[i] = profile(docs, g)
		for a := range pk[i].anchors {
			c.df[a]++
		}
	}
	for i, g := range ru {
		pr[i] = profile(docs, g)
		for a := range pr[i].anchors {
			c.df[a]++
		}
	}
	nk := make([]float64, len(kk))
	for i := range pk {
		nk[i] = c.norm(pk[i])
	}
	nr := make([]float64, len(ru))
	for i := range pr {
		nr[i] = c.norm(pr[i])
	}
	// Candidates share an anchor that is not everywhere.
	maxDF := max(30, int(c.n)/20)
	post := map[string][]int{}
	for j, p := range pr {
		for a := range p.anchors {
			if c.df[a] <= maxDF {
				post[a] = append(post[a], j)
			}
		}
	}
	type pair struct {
		k, r  int
		score float64
	}
	var pairs []pair
	bestK, secondK := make([]float64, len(kk)), make([]float64, len(kk))
	bestR, secondR := make([]float64, len(ru)), make([]float64, len(ru))
	note := func(best, second []float64, i int, s float64) {
		if s > best[i] {
			best[i], second[i] = s, best[i]
		} else if s > second[i] {
			second[i] = s
		}
	}
	seen := map[int]bool{}
	for i, p := range pk {
		clear(seen)
		for a := range p.anchors {
			for _, j := range post[a] {
				if seen[j] {
					continue
				}
				seen[j] = true
				s := c.score(p, pr[j], nk[i], nr[j])
				if s <= 0 {
					continue
				}
				note(bestK, secondK, i, s)
				note(bestR, secondR, j, s)
				if s >= crossLangFloor {
					pairs = append(pairs, pair{i, j, s})
				}
			}
		}
	}
	accept := pairs[:0]
	for _, p := range pairs {
		clear := p.score == bestK[p.k] && p.score == bestR[p.r] &&
			p.score-secondK[p.k] >= crossLangMargin && p.score-secondR[p.r] >= crossLangMargin
		if p.score >= crossLangThreshold || clear {
			accept = append(accept, p)
		}
	}
	pairs = accept
	sort.Slice(pairs, func(a, b int) bool {
		if pairs[a].score != pairs[b].score {
			return pairs[a].score > pairs[b].score
		}
		if pairs[a].k != pairs[b].k {
			return pairs[a].k < pairs[b].k
		}
		return pairs[a].r < pairs[b].r
	})
	groupOfK, groupOfR := make([]int, len(kk)), make([]int, len(ru))
	for i := range groupOfK {
		groupOfK[i] = -1
	}
	for i := range groupOfR {
		groupOfR[i] = -1
	}
	var out []group
	for _, p := range pairs {
		if groupOfK[p.k] >= 0 || groupOfR[p.r] >= 0 {
			continue
		}
		groupOfK[p.k], groupOfR[p.r] = len(out), len(out)
		out = append(out, append(append(group{}, kk[p.k]...), ru[p.r]...))
	}
	joined := len(out)
	for _, p := range pairs {
		switch {
		case groupOfK[p.k] < 0 && groupOfR[p.r] >= 0 && groupOfR[p.r] < joined:
			groupOfK[p.k] = groupOfR[p.r]
			out[groupOfK[p.k]] = append(out[groupOfK[p.k]], kk[p.k]...)
		case groupOfR[p.r] < 0 && groupOfK[p.k] >= 0 && groupOfK[p.k] < joined:
			groupOfR[p.r] = groupOfK[p.k]
			out[groupOfR[p.r]] = append(out[groupOfR[p.r]], ru[p.r]...)
		}
	}
	for i, g := range kk {
		if groupOfK[i] < 0 {
			out = append(out, g)
		}
	}
	for i, g := range ru {
		if groupOfR[i] < 0 {
			out = append(out, g)
		}
	}
	return out
}
