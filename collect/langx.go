package collect

import (
	"github.com/refdigest/refdigest/lang"
)

// The collector's use of package lang, in one place.

// detectLang returns "kk", "ru" or "other" and a confidence in [0,1].
func detectLang(text string) (string, float64) {
	l, conf := lang.Detect(text)
	return string(l), conf
}

// word is a token as written (for abbreviations) and normalised (lower-case, NFC).
type word struct{ orig, norm string }

// textWords splits text into words; a hyphen joins parts (вице-президент).
func textWords(text string) []word {
	toks := lang.Tokenize(text)
	out := make([]word, 0, len(toks))
	for _, t := range toks {
		if t.Number {
			continue
		}
		out = append(out, word{orig: text[t.Start:t.End], norm: t.Text})
	}
	return out
}

// stemWord reduces a normalised word to its stem in language l.
func stemWord(w, l string) string { return lang.Stem(w, lang.Lang(l)) }
