package digest

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// A story continues an earlier one when both tell of the same particulars (names, numbers,
// dates) in similar words, or of many particulars, or in nearly the same words.
type continueParams struct {
	terms     float64 // share of the smaller stem list in common, in one language…
	anchors   int     // …with this many particular anchors in common;
	manyAnch  int     // or this many particular anchors…
	anchShare float64 // …making this share of the smaller list (crossAnch of them, for two
	// stories told in no common language, whose words cannot be compared);
	crossAnch int
	wording   float64 // or this share of stems alone
}

// copyScore ranks a continuation by copies above every continuation by signatures, whose
// scores are at most 2.
const copyScore = 10

// continuity holds the thresholds, chosen with the clustering's on the development set.
var continuity = continueParams{terms: 0.661, anchors: 2, manyAnch: 4, anchShare: 0.70, crossAnch: 3, wording: 0.50}

// continueStories gives each story that continues one of prev its ID and first date, and
// marks it. Each previous story is continued at most once, by its closest match. copies
// (copiedStories) counts the reports of each story that copy a previous story's: a story
// at least half made of copies of one continues it, before any match of signatures.
// The digest's date (YYYY-MM-DD) is a particular of no story: yesterday's reports announce
// it ("the decree is published on 12 February") and today's carry it as their dateline.
// Yesterday's date stays one: today's reports name it when they tell of yesterday.
func continueStories(ws []*work, prev []Story, copies, sittings []map[int]int, date string) {
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
	today := ""
	if len(date) == len("2006-01-02") {
		today = "date:" + date[5:]
	}
	common := func(a string) bool {
		return strings.HasPrefix(a, "term:") || a == today || df[a] >= max(3, len(prev)/4)
	}
	type match struct {
		w, p  int
		score float64
	}
	pv := make([]sigView, len(prev))
	for j, p := range prev {
		pv[j] = viewOf(p.Sig, common)
	}
	var ms []match
	for i, w := range ws {
		for _, by := range [][]map[int]int{copies, sittings} {
			if i < len(by) {
				for j, n := range by[i] {
					if 2*n >= len(w.docs) {
						ms = append(ms, match{i, j, copyScore + float64(n)})
					}
				}
			}
		}
		wv := viewOf(w.story.Sig, common)
		for j := range prev {
			if s := viewSimilarity(wv, pv[j]); s > 0 {
				ms = append(ms, match{i, j, s})
			}
		}
	}
	sort.SliceStable(ms, func(a, b int) bool {
		if ms[a].score != ms[b].score {
			return ms[a].score > ms[b].score
		}
		if ms[a].w != ms[b].w {
			return ms[a].w < ms[b].w
		}
		return ms[a].p < ms[b].p // copies come from a map: ties are broken by position
	})
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

// yesterdaysSittings counts, for each story of ws, how many of its reports tell of the
// sitting of a body the day before (doc.pastSittings) that a story of prev, yesterday's,
// told of: result[i][j] for ws[i] and prev[j]. A body sits at most once a day, so such a
// report is of that sitting however it words it ("Вчера на заседании ЦКР …"). Of two
// stories of prev telling of that sitting, the bigger one is meant.
func yesterdaysSittings(ws []*work, prev []Story) []map[int]int {
	out := make([]map[int]int, len(ws))
	for i, w := range ws {
		for _, d := range w.docs {
			for _, b := range d.pastSittings {
				best := -1
				for j, p := range prev {
					if slices.Contains(p.Sig.Sittings, b) && (best < 0 || len(p.Members) > len(prev[best].Members)) {
						best = j
					}
				}
				if best < 0 {
					continue
				}
				if out[i] == nil {
					out[i] = map[int]int{}
				}
				out[i][best]++
				break // a report counts once
			}
		}
	}
	return out
}

// dayBefore is the date (YYYY-MM-DD) before date, or "" for a malformed one.
func dayBefore(date string) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, -1).Format("2006-01-02")
}

// sigView is a signature made ready for comparing with many others: every list sorted, the
// common anchors left out of the particulars.
type sigView struct {
	parts  []string            // particular anchors: not common
	terms  map[string][]string // stems per language
	ords   []string            // ordinals, common or not
	places []string            // places in Kazakhstan (placesOf)
	// Times of day are not compared: on another day the hours differ whatever the story,
	// and a report's own stamp is one.
}

func viewOf(sig Signature, common func(string) bool) sigView {
	v := sigView{terms: make(map[string][]string, len(sig.Terms))}
	anchors := slices.Clone(sig.Anchors)
	slices.Sort(anchors)
	for _, a := range anchors {
		if !common(a) {
			v.parts = append(v.parts, a)
		}
		if strings.HasPrefix(a, "ord:") && !strings.HasPrefix(a, "ord:kurultai:") {
			v.ords = append(v.ords, a)
		}
	}
	v.places = placesOf(anchors)
	for l, ts := range sig.Terms {
		ts = slices.Clone(ts)
		slices.Sort(ts)
		v.terms[l] = slices.Compact(ts)
	}
	return v
}

// viewSimilarity is how surely two signatures, as views, describe one story, or 0 when
// they do not.
func viewSimilarity(a, b sigView) float64 {
	if len(a.ords) > 0 && len(b.ords) > 0 && shared(a.ords, b.ords) == 0 {
		return 0 // the fifth session does not continue the fourth
	}
	if fewApart(a.places, b.places) {
		return 0 // the delegation in Turkestan does not continue the one in Shymkent
	}
	terms, common1 := 0.0, false
	for l, ta := range a.terms {
		terms = max(terms, overlap(ta, b.terms[l]))
		common1 = common1 || len(ta) > 0 && len(b.terms[l]) > 0
	}
	n := shared(a.parts, b.parts)
	anch := 0.0
	if n > 0 {
		anch = float64(n) / float64(min(len(a.parts), len(b.parts)))
	}
	switch {
	case n >= continuity.anchors && terms >= continuity.terms,
		n >= continuity.manyAnch && anch >= continuity.anchShare,
		!common1 && n >= continuity.crossAnch && anch >= continuity.anchShare,
		terms >= continuity.wording:
		return terms + anch
	}
	return 0
}

// shared counts the elements two sorted lists of distinct elements have in common.
func shared(a, b []string) int {
	n := 0
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch c := strings.Compare(a[x], b[y]); {
		case c == 0:
			n++
			x++
			y++
		case c < 0:
			x++
		default:
			y++
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
