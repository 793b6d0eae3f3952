package digest

import (
	"sort"
	"strings"
)

// A story continues an earlier one when both tell of the same particulars (names, numbers,
// dates) in similar words, or of many particulars, or in nearly the same words.
type continueParams struct {
	terms     float64 // share of the smaller stem list in common, in one language…
	anchors   int     // …with this many particular anchors in common;
	manyAnch  int     // or this many particular anchors…
	anchShare float64 // …making this share of the smaller list;
	wording   float64 // or this share of stems alone
}

// continuity holds the thresholds, chosen with the clustering's on the development set.
var continuity = continueParams{terms: 0.442, anchors: 2, manyAnch: 4, anchShare: 0.61, wording: 0.59}

// continueStories gives each story that continues one of prev its ID and first date, and
// marks it. Each previous story is continued at most once, by its closest match.
func continueStories(ws []*work, prev []Story) {
	if len(prev) == 0 {
		return
	}
	// Anchors that many of yesterday's stories share (the vote's date, the year) say nothing
	// about which story is which.
	df := map[string]int{}
	for _, p := range prev {
		for _, a := range p.Sig.Anchors {
			df[a]++
		}
	}
	common := func(a string) bool {
		return strings.HasPrefix(a, "term:") || df[a] >= max(3, len(prev)/4)
	}
	type match struct {
		w, p  int
		score float64
	}
	var ms []match
	for i, w := range ws {
		for j, p := range prev {
			if s := sigSimilarity(w.story.Sig, p.Sig, common); s > 0 {
				ms = append(ms, match{i, j, s})
			}
		}
	}
	sort.SliceStable(ms, func(a, b int) bool { return ms[a].score > ms[b].score })
	usedW, usedP := make([]bool, len(ws)), make([]bool, len(prev))
	for _, m := range ms {
		if usedW[m.w] || usedP[m.p] {
			continue
		}
		usedW[m.w], usedP[m.p] = true, true
		s := &ws[m.w].story
		s.ID, s.Continues = prev[m.p].ID, true
		if prev[m.p].Since != "" {
			s.Since = prev[m.p].Since
		}
	}
}

// sigSimilarity is how surely two signatures describe one story, or 0 when they do not.
func sigSimilarity(a, b Signature, common func(string) bool) float64 {
	if ordinalsDiffer(a.Anchors, b.Anchors) {
		return 0 // the fifth session does not continue the fourth
	}
	if fewApart(placesOf(a.Anchors), placesOf(b.Anchors)) {
		return 0 // the delegation in Turkestan does not continue the one in Shymkent
	}
	terms := 0.0
	for l, ta := range a.Terms {
		terms = max(terms, overlap(ta, b.Terms[l]))
	}
	var sa, sb []string
	for _, x := range a.Anchors {
		if !common(x) {
			sa = append(sa, x)
		}
	}
	for _, x := range b.Anchors {
		if !common(x) {
			sb = append(sb, x)
		}
	}
	n := shared(sa, sb)
	anch := 0.0
	if n > 0 {
		anch = float64(n) / float64(min(len(sa), len(sb)))
	}
	switch {
	case n >= continuity.anchors && terms >= continuity.terms,
		n >= continuity.manyAnch && anch >= continuity.anchShare,
		terms >= continuity.wording:
		return terms + anch
	}
	return 0
}

func shared(a, b []string) int {
	set := make(map[string]bool, len(b))
	for _, x := range b {
		set[x] = true
	}
	n := 0
	for _, x := range a {
		if set[x] {
			n++
		}
	}
	return n
}

// overlap is the share of the shorter list found in the other.
func overlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return float64(shared(a, b)) / float64(min(len(a), len(b)))
}

// placesOf lists the places in Kazakhstan among anchors.
func placesOf(anchors []string) []string {
	var out []string
	for _, a := range anchors {
		if isPlace(a) {
			out = append(out, a)
		}
	}
	return out
}
