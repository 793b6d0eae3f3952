package lang

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one token of a text. Text is normalised (NFC, lowercased, Kazakh
// letters intact, invisible characters removed, hyphen variants folded to
// the ASCII hyphen and apostrophe variants to the ASCII apostrophe); Start
// and End are byte offsets into the original input, so text[Start:End] is
// what a highlighter should mark.
type Token struct {
	Text       string
	Start, End int
	// Number is set for tokens made only of digits and the separators . , :
	// (2026, 3,5, 15.03.2026, 15:45).
	Number bool
}

// Tokenize splits text into word and number tokens.
//
// Rules: a token starts at a letter or digit and runs over letters, digits
// and combining marks. A hyphen joins two parts unless both sides are digits
// (вице-президент, Қасым-Жомарт, COVID-19, 1-ші stay whole; 2020-2025 is two
// numbers). An apostrophe joins two letters. '.', ',' and ':' join digits of a
// number (15.03.2026, 3,5, 15:45). Zero-width characters (U+200B..U+200D,
// U+2060, U+FEFF) and the soft hyphen (U+00AD) are dropped without splitting
// the word. Invalid UTF-8 separates tokens and never reaches Text.
func Tokenize(text string) []Token {
	toks := make([]Token, 0, len(text)/8+1)
	scanTokens(text, func(t Token) { toks = append(toks, t) })
	return toks
}

// Words is Tokenize reduced to the token texts.
func Words(text string) []string {
	words := make([]string, 0, len(text)/8+1)
	scanTokens(text, func(t Token) { words = append(words, t.Text) })
	return words
}

// scanTokens calls emit for each token of text, in order.
func scanTokens(text string, emit func(Token)) {
	i := 0
	for i < len(text) {
		r, size := decodeRune(text, i)
		if !isLetter(r) && !isDigit(r) {
			i += size
			continue
		}
		start := i
		end := i + size
		numeric := isDigit(r)
		last := r
		// clean: Text can be text[start:end] as it stands.
		clean := toLower(r) == r
		needNFC := !stableNFC(r)
		hasLatin, hasCyr := isLatin(r), isCyrillic(r)
		j := end
	scan:
		for j < len(text) {
			r2, s2 := decodeRune(text, j)
			letter := isLetter(r2)
			mark := !letter && isMark(r2)
			switch {
			case letter || mark:
				numeric = false
				if toLower(r2) != r2 {
					clean = false
				}
				if !stableNFC(r2) {
					needNFC = true
				}
				if isLatin(r2) {
					hasLatin = true
				} else if isCyrillic(r2) {
					hasCyr = true
				}
			case isDigit(r2):
				if !stableNFC(r2) {
					needNFC = true
				}
			case isIgnorable(r2):
				clean = false
				j += s2
				continue
			case isHyphen(r2) || isApostrophe(r2) || r2 == '.' || r2 == ',' || r2 == ':':
				k := j + s2
				skipped := false
				for k < len(text) {
					rk, sk := decodeRune(text, k)
					if !isIgnorable(rk) {
						break
					}
					k += sk
					skipped = true
				}
				if k >= len(text) {
					break scan
				}
				next, _ := decodeRune(text, k)
				if !joins(last, r2, next, numeric) {
					break scan
				}
				if skipped || (r2 != '-' && r2 != '\'' && r2 != '.' && r2 != ',' && r2 != ':') {
					clean = false
				}
				j = k
				continue
			default:
				break scan
			}
			if !mark {
				last = r2
			}
			j += s2
			end = j
		}
		tok := Token{Start: start, End: end, Number: numeric}
		if clean && !needNFC && !(hasLatin && hasCyr) {
			tok.Text = text[start:end]
		} else {
			tok.Text = normalizeToken(text[start:end], hasLatin && hasCyr, needNFC)
		}
		emit(tok)
		i = j
	}
}

// joins decides whether the punctuation sep between prev and next keeps one token.
func joins(prev, sep, next rune, numeric bool) bool {
	switch {
	case isHyphen(sep):
		prevOK := isLetter(prev) || isDigit(prev)
		nextOK := isLetter(next) || isDigit(next)
		return prevOK && nextOK && !(isDigit(prev) && isDigit(next))
	case isApostrophe(sep):
		return isLetter(prev) && isLetter(next)
	default: // . , :
		return numeric && isDigit(next)
	}
}

// normalizeToken builds the normalised text of a token span: invisible
// characters dropped, separators folded, Latin look-alikes in Cyrillic words
// mapped, lowercased, and NFC when needed. The look-alike decision is taken
// per hyphen-separated part, so in "Kazinform-нiң" only the Cyrillic part changes.
func normalizeToken(span string, mixed, needNFC bool) string {
	buf := make([]byte, 0, len(span))
	lookalikes := mixed && partMistyped(span)
	for k := 0; k < len(span); {
		r, s := decodeRune(span, k)
		k += s
		switch {
		case isIgnorable(r):
			continue
		case isHyphen(r):
			r = '-'
			if mixed {
				lookalikes = partMistyped(span[k:])
			}
		case isApostrophe(r):
			r = '\''
		case lookalikes && isLatin(r):
			r, _ = latinLookalike(r)
		default:
			r = toLower(r)
		}
		buf = utf8.AppendRune(buf, r)
	}
	if needNFC {
		return norm.NFC.String(string(buf))
	}
	return string(buf)
}

// partMistyped reports whether the hyphen-delimited part at the start of s is
// a Cyrillic word with Latin look-alikes typed into it: it has a Cyrillic
// letter and every Latin letter in it has a Cyrillic twin.
func partMistyped(s string) bool {
	cyr, lat := false, false
	for _, r := range s {
		if isHyphen(r) {
			break
		}
		if isCyrillic(r) {
			cyr = true
		} else if isLatin(r) {
			if _, ok := latinLookalike(r); !ok {
				return false
			}
			lat = true
		}
	}
	return cyr && lat
}

// decodeRune decodes the rune at text[i], with an ASCII fast path. Invalid
// bytes come back as utf8.RuneError, which is neither letter nor digit.
func decodeRune(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}
