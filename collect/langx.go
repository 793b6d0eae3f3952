package collect

import (
	"strings"
	"unicode"
)

// TEMPORARY stand-in for package lang until its Detect/Words/Stem compile;
// the rest of the collector calls only these three functions.

// detectLang guesses kk or ru from Kazakh-only letters.
func detectLang(text string) (string, float64) {
	var cyr, kk int
	for _, r := range text {
		if unicode.Is(unicode.Cyrillic, r) {
			cyr++
			if strings.ContainsRune("әғқңөұүһіӘҒҚҢӨҰҮҺІ", r) {
				kk++
			}
		}
	}
	switch {
	case cyr == 0:
		return "other", 0.5
	case kk*100 >= cyr:
		return "kk", 0.9
	}
	return "ru", 0.9
}

// textWords splits text into words, keeping case.
func textWords(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// stemWord reduces a lower-case word to its stem in language l.
func stemWord(word, _ string) string { return word }
