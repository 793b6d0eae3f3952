package digest

import "github.com/refdigest/refdigest/lang"

// The digest reads text only through these calls into package lang.

// detectLang returns "kk", "ru" or "other" and a confidence in [0,1].
func detectLang(text string) (string, float64) {
	l, conf := lang.Detect(text)
	return string(l), conf
}

// langOther is the stored language of an item that is neither Kazakh nor Russian.
const langOther = string(lang.Other)

// identifyLang is the language gate: "kk", "ru" or "other" (a neighbouring language,
// or no language at all).
func identifyLang(text string) string { return string(lang.Identify(text).Lang) }

// sentencesOf splits one cleaned paragraph into sentences.
func sentencesOf(p, l string) []string { return lang.Sentences(p, lang.Lang(l)) }

// termsOf returns the stems of the content words of text.
func termsOf(text, l string) []string { return lang.Terms(text, lang.Lang(l)) }

// anchorsOf returns the language-neutral anchors of text (numbers, dates, names, terms).
func anchorsOf(text string) []string { return lang.Anchors(text) }

// quantitiesOf returns the figures of text as values, each spelling of one figure giving the
// same value ("7 954 667", "7,954,667" and "7 миллионов 954 тысячи 667" alike).
func quantitiesOf(text string) []float64 { return lang.Quantities(text) }
