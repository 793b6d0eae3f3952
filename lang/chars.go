package lang

import "unicode"

// Rune classes used by every part of the package. The fast paths cover ASCII
// and the Cyrillic block, which is nearly all the text the bot sees.

// isLetter is unicode.IsLetter with fast paths for ASCII and Cyrillic.
func isLetter(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	case r >= 0x400 && r <= 0x4FF:
		return r < 0x482 || r > 0x489 // 0482..0489: a sign and combining marks
	default:
		return unicode.IsLetter(r)
	}
}

// isDigit reports a decimal digit of any script.
func isDigit(r rune) bool {
	if r < 0x80 {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

// isMark reports a combining mark: it continues a token (NFD input) but never starts one.
func isMark(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r <= 0x36F:
		return true
	case r >= 0x400 && r <= 0x52F:
		return r >= 0x483 && r <= 0x489
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// isIgnorable reports the invisible characters that are dropped from tokens
// without splitting them: zero-width space/non-joiner/joiner, word joiner,
// BOM and soft hyphen.
func isIgnorable(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
		return true
	}
	return false
}

// isHyphen reports the characters that join the parts of a compound word.
func isHyphen(r rune) bool { return r == '-' || r == 0x2010 || r == 0x2011 }

// isApostrophe reports the characters used as an apostrophe inside a word.
func isApostrophe(r rune) bool { return r == '\'' || r == 0x2019 || r == 0x02BC }

// isCyrillic reports a Cyrillic letter.
func isCyrillic(r rune) bool {
	return r >= 0x400 && r <= 0x52F && (r < 0x482 || r > 0x489)
}

// isLatin reports a Latin letter.
func isLatin(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	case r >= 0x300 && r < 0x1D00:
		// Combining marks, Greek, Cyrillic and the other scripts up to the
		// phonetic extensions: only ǝ-like IPA letters below are Latin.
		return false
	}
	return r < 0x2C00 && unicode.Is(unicode.Latin, r)
}

// isKazakhLetter reports the nine Cyrillic letters Kazakh has and Russian lacks
// (either case): ә ғ қ ң ө ұ ү һ і.
func isKazakhLetter(r rune) bool {
	switch r {
	case 'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і',
		'Ә', 'Ғ', 'Қ', 'Ң', 'Ө', 'Ұ', 'Ү', 'Һ', 'І':
		return true
	}
	return false
}

// isRussianLetter reports letters that native Kazakh spelling does not use:
// ё, ъ and щ turn up in Kazakh only in rare Russian loans.
func isRussianLetter(r rune) bool {
	switch r {
	case 'ё', 'ъ', 'щ', 'Ё', 'Ъ', 'Щ':
		return true
	}
	return false
}

// isKazakhLatinLetter reports the letters of the 2021 Latin Kazakh alphabet
// that English lacks. ä, ñ, ū and q are strong signs; ğ, ı, ş, ö, ü are shared
// with Turkish and count for less (see Detect).
func isKazakhLatinLetter(r rune) (strong, weak bool) {
	switch r {
	case 'ä', 'Ä', 'ñ', 'Ñ', 'ū', 'Ū', 'q', 'Q':
		return true, false
	case 'ğ', 'Ğ', 'ı', 'ş', 'Ş', 'ö', 'Ö', 'ü', 'Ü':
		return false, true
	}
	return false, false
}

// isUpper is unicode.IsUpper with fast paths.
func isUpper(r rune) bool {
	switch {
	case r < 0x80:
		return 'A' <= r && r <= 'Z'
	case r >= 0x400 && r <= 0x42F:
		return true
	case r >= 0x430 && r <= 0x45F:
		return false
	default:
		return unicode.IsUpper(r)
	}
}

// toLower is unicode.ToLower with fast paths.
func toLower(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + 32
		}
		return r
	case r >= 0x410 && r <= 0x42F:
		return r + 0x20
	case r >= 0x400 && r <= 0x40F:
		return r + 0x50
	case r >= 0x430 && r <= 0x45F:
		return r
	default:
		return unicode.ToLower(r)
	}
}

// stableNFC reports runes that are unchanged by NFC whatever surrounds them
// (Latin-1 and the Cyrillic letters). Anything else sends a token through norm.NFC.
func stableNFC(r rune) bool {
	return r < 0x300 || (r >= 0x400 && r <= 0x52F && (r < 0x483 || r > 0x489))
}

// latinLookalike maps Latin letters that Kazakh and Russian texts typed with
// the wrong keyboard layout or an old font put inside Cyrillic words (the
// classic case is Latin i for Kazakh і). The result is lowercase Cyrillic.
// Upper-case H, B, M, T look like Н, В, М, Т; lower-case h stands for һ.
func latinLookalike(r rune) (rune, bool) {
	switch r {
	case 'a', 'A':
		return 'а', true
	case 'c', 'C':
		return 'с', true
	case 'e', 'E':
		return 'е', true
	case 'i', 'I':
		return 'і', true
	case 'o', 'O':
		return 'о', true
	case 'p', 'P':
		return 'р', true
	case 'x', 'X':
		return 'х', true
	case 'y', 'Y':
		return 'у', true
	case 'k', 'K':
		return 'к', true
	case 'h':
		return 'һ', true
	case 'H':
		return 'н', true
	case 'B':
		return 'в', true
	case 'M':
		return 'м', true
	case 'T':
		return 'т', true
	case 'ə', 'Ə':
		return 'ә', true
	case 'ɵ', 'Ɵ':
		return 'ө', true
	}
	return 0, false
}
