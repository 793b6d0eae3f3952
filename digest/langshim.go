package digest

// Temporary stand-in for package lang until it compiles: the digest calls only these four
// functions, so switching to lang is a change of this file alone.

import (
	"strings"
	"unicode"
)

// detectLang returns "kk", "ru" or "other" and a confidence.
func detectLang(text string) (string, float64) {
	kkOnly, cyr := 0, 0
	for _, r := range text {
		switch {
		case strings.ContainsRune("әғқңөұүһіӘҒҚҢӨҰҮҺІ", r):
			kkOnly++
			cyr++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		}
	}
	if cyr == 0 {
		return "other", 0.5
	}
	if float64(kkOnly)/float64(cyr) > 0.02 {
		return "kk", 0.7
	}
	return "ru", 0.7
}

// sentencesOf splits one cleaned paragraph into sentences.
func sentencesOf(p, l string) []string { return splitSentences(p) }

func shimWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != ','
	})
}

// termsOf returns the stems of the content words of text.
func termsOf(text, l string) []string {
	var out []string
	for _, w := range shimWords(text) {
		w = strings.Trim(w, "-,")
		r := []rune(w)
		if len(r) < 3 || shimStop(w) {
			continue
		}
		if len(r) > 6 {
			r = r[:6]
		}
		out = append(out, string(r))
	}
	return out
}

func shimStop(w string) bool {
	switch w {
	case "және", "мен", "деп", "бойынша", "үшін", "туралы", "бұл", "осы", "оның", "сондай-ақ", "арасындағы",
		"для", "что", "как", "это", "при", "его", "также", "том", "она", "они", "был", "была", "были", "будет":
		return true
	}
	return false
}

// anchorsOf returns language-neutral anchors: numbers, capitalised words folded to a
// common spelling, and a few referendum terms.
func anchorsOf(text string) []string {
	seen := map[string]bool{}
	fields := strings.Fields(text)
	for i, f := range fields {
		w := strings.Trim(f, ".,:;!?«»\"()“”–—")
		if w == "" {
			continue
		}
		r := []rune(w)
		switch {
		case unicode.IsDigit(r[0]):
			seen["num:"+strings.TrimRight(w, ".,")] = true
		case unicode.IsUpper(r[0]) && i > 0 && len(r) > 3:
			seen["name:"+shimFold(w)] = true
		}
		lw := strings.ToLower(w)
		for stem, id := range map[string]string{"референдум": "referendum", "конституц": "constitution",
			"вице-президент": "vicepresident", "бюллетен": "ballot", "байқаушы": "observer", "наблюдател": "observer",
			"учаске": "station", "участ": "station", "сайлаушы": "voter", "избирател": "voter", "цик": "cec", "оск": "cec"} {
			if strings.HasPrefix(lw, stem) {
				seen["term:"+id] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	return out
}

func shimFold(w string) string {
	w = strings.ToLower(w)
	w = strings.NewReplacer("ә", "а", "ғ", "г", "қ", "к", "ң", "н", "ө", "о", "ұ", "у", "ү", "у", "һ", "х", "і", "и").Replace(w)
	r := []rune(w)
	if len(r) > 5 {
		r = r[:5]
	}
	return string(r)
}
