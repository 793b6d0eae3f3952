package lang

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NameKey maps a word (usually a capitalised proper name) to a key that is
// the same for its Kazakh and Russian spellings and case forms, and for the
// common Latin spellings: Тоқаевтың, Токаева, Тоқаев, Tokayev -> "tokaev".
//
// Steps for Cyrillic: lowercase; cut Kazakh case endings with the Kazakh
// stemmer (but leave a final -ны on words without Kazakh letters: Астаны is
// a Russian genitive); spell the Kazakh letters the Russian way (ә→а, ғ→г,
// қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и); cut a Russian case ending (-а, -у, -ым,
// -ом, -е, -ой, ...) when a consonant stays before it (Сергея and Шалданбая
// get their й back; Бельгия and Бельгии keep the и); transliterate to ASCII;
// fold doubled letters. Latin words have their diacritics and Kazakh Latin
// letters folded the same way (q→k, ñ→n, ş→sh, j→zh, h→kh, "aye"→"ae") and
// lose a final vowel like the Cyrillic nominative. The key is for matching,
// not display.
func NameKey(word string) string {
	w := lowerWord(word)
	if hasCyrillic(w) {
		// Without Kazakh letters a final -ны is far more likely a Russian
		// genitive (Астаны) than a Kazakh accusative (Астананы).
		if hasKazakhLetter(w) || !strings.HasSuffix(w, "ны") {
			w = stemKK(w)
		}
		w = kazakhToRussian.Replace(w)
		if i := strings.LastIndexByte(w, '-'); i >= 0 {
			w = w[:i+1] + cutRussianEnding(w[i+1:])
		} else {
			w = cutRussianEnding(w)
		}
		// Kazakh spelling writes қ where Russian writes х in shared names (Қазақстан,
		// Казахстан), so х's "kh" folds to "k" in keys.
		return foldDoubles(strings.ReplaceAll(transliterate(w), "kh", "k"))
	}
	return foldDoubles(cutLatinVowel(foldLatin(w)))
}

// cutLatinVowel drops a final vowel after a consonant, as cutRussianEnding
// does for the Cyrillic nominative (Astana/Астана -> astan).
func cutLatinVowel(w string) string {
	n := len(w)
	if n < 4 || !strings.ContainsRune("aeiouy", rune(w[n-1])) || strings.ContainsRune("aeiouy", rune(w[n-2])) {
		return w
	}
	if c := w[n-2]; c < 'a' || c > 'z' {
		return w
	}
	return w[:n-1]
}

// hasKazakhLetter reports whether s contains one of ә ғ қ ң ө ұ ү һ і.
func hasKazakhLetter(s string) bool {
	for _, r := range s {
		if isKazakhLetter(r) {
			return true
		}
	}
	return false
}

// lowerWord lowercases and NFC-normalises a single word and folds ё to е.
func lowerWord(word string) string {
	word = norm.NFC.String(word)
	var b strings.Builder
	b.Grow(len(word))
	for _, r := range word {
		r = toLower(r)
		if r == 'ё' {
			r = 'е'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// kazakhToRussian spells the Kazakh-only letters the Russian way.
var kazakhToRussian = strings.NewReplacer(
	"ә", "а", "ғ", "г", "қ", "к", "ң", "н", "ө", "о", "ұ", "у", "ү", "у", "һ", "х", "і", "и",
)

// ruNameEndings are Russian case endings of names and nouns, longest first.
var ruNameEndings = []string{
	"ыми", "ими", "ами", "ями", "ого", "его", "ому", "ему", "ой", "ою", "ей",
	"ым", "им", "ом", "ем", "ам", "ям", "ах", "ях", "ых", "их",
	"а", "я", "у", "ю", "е", "ы", "и",
}

// cutRussianEnding removes one Russian case ending from a name (see NameKey).
func cutRussianEnding(w string) string {
	if utf8.RuneCountInString(w) < 4 {
		return w
	}
	for _, e := range ruNameEndings {
		if !strings.HasSuffix(w, e) {
			continue
		}
		rem := w[:len(w)-len(e)]
		if utf8.RuneCountInString(rem) < 3 {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(rem)
		switch {
		case last == 'и':
			// Бельгия, Бельгии, Бельгию: the и belongs to the stem.
			return rem
		case strings.ContainsRune("аеоуэ", last):
			// Шалданбай/Шалданбая, Сергей/Сергеем: the stem ends in й.
			if e == "я" || e == "ю" || e == "е" || e == "ем" {
				return rem + "й"
			}
		case strings.ContainsRune("ыьъйюя", last), e == "ей":
			// -ей after a consonant is a nominative (Сергей, Алексей).
		default:
			return rem
		}
	}
	return w
}

// cyrToLatin is the transliteration used by NameKey.
var cyrToLatin = strings.NewReplacer(
	"а", "a", "б", "b", "в", "v", "г", "g", "д", "d", "е", "e", "ж", "zh", "з", "z",
	"и", "i", "й", "i", "к", "k", "л", "l", "м", "m", "н", "n", "о", "o", "п", "p",
	"р", "r", "с", "s", "т", "t", "у", "u", "ф", "f", "х", "kh", "ц", "ts", "ч", "ch",
	"ш", "sh", "щ", "sh", "ъ", "", "ы", "y", "ь", "", "э", "e", "ю", "yu", "я", "ya",
)

// transliterate writes Russian-spelled Cyrillic in ASCII.
func transliterate(w string) string { return cyrToLatin.Replace(w) }

// foldLatin folds Latin spellings toward the transliteration of the Cyrillic
// form: Kazakh Latin letters, diacritics, j/zh, h/kh, "ye" after a vowel.
func foldLatin(w string) string {
	var b strings.Builder
	b.Grow(len(w) + 4)
	var prev rune
	for _, r := range norm.NFD.String(latinKazakh.Replace(w)) {
		if isMark(r) {
			continue
		}
		switch {
		case r == 'j':
			b.WriteString("zh")
		case r == 'q':
			b.WriteByte('k')
		case r == 'h' && !strings.ContainsRune("kszc", prev):
			b.WriteString("kh")
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	s := b.String()
	for _, v := range []string{"a", "e", "i", "o", "u"} {
		s = strings.ReplaceAll(s, v+"ye", v+"e")
		s = strings.ReplaceAll(s, v+"y", v+"i")
	}
	return s
}

// latinKazakh folds the letters of the Latin Kazakh (and Turkish) alphabets.
var latinKazakh = strings.NewReplacer(
	"ä", "a", "ğ", "g", "ñ", "n", "ö", "o", "ū", "u", "ü", "u", "ı", "i", "ş", "sh", "ç", "ch",
)

// foldDoubles collapses doubled letters (Кассым/Касым, Kassym).
func foldDoubles(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune = -1
	for _, r := range s {
		if r == prev && isLetter(r) {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// Month reports the month number of a month name in Kazakh, Russian or
// English, in any case form: наурыз, наурызда, наурыздағы, марта, март, в
// марте (the word марте), March, Mar -> 3. Latin Kazakh month names are known
// in their base form.
func Month(word string) (int, bool) {
	w := lowerWord(strings.TrimSuffix(word, "."))
	if m, ok := monthForms[w]; ok {
		return m, true
	}
	if hasCyrillic(w) {
		m, ok := kkMonths[stemKK(w)]
		return m, ok
	}
	return 0, false
}

// kkMonths are the Kazakh month names (stems equal the names).
var kkMonths = map[string]int{
	"қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
	"шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}

// monthForms lists the Russian case forms and the Latin names.
var monthForms = map[string]int{
	"январь": 1, "января": 1, "январе": 1, "январю": 1, "январем": 1,
	"февраль": 2, "февраля": 2, "феврале": 2, "февралю": 2, "февралем": 2,
	"март": 3, "марта": 3, "марте": 3, "марту": 3, "мартом": 3,
	"апрель": 4, "апреля": 4, "апреле": 4, "апрелю": 4, "апрелем": 4,
	"май": 5, "мая": 5, "мае": 5, "маю": 5, "маем": 5,
	"июнь": 6, "июня": 6, "июне": 6, "июню": 6, "июнем": 6,
	"июль": 7, "июля": 7, "июле": 7, "июлю": 7, "июлем": 7,
	"август": 8, "августа": 8, "августе": 8, "августу": 8, "августом": 8,
	"сентябрь": 9, "сентября": 9, "сентябре": 9, "сентябрю": 9, "сентябрем": 9,
	"октябрь": 10, "октября": 10, "октябре": 10, "октябрю": 10, "октябрем": 10,
	"ноябрь": 11, "ноября": 11, "ноябре": 11, "ноябрю": 11, "ноябрем": 11,
	"декабрь": 12, "декабря": 12, "декабре": 12, "декабрю": 12, "декабрем": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"qañtar": 1, "aqpan": 2, "nauryz": 3, "säuir": 4, "mamyr": 5, "mausym": 6,
	"şilde": 7, "tamyz": 8, "qyrküiek": 9, "qazan": 10, "qaraşa": 11, "jeltoqsan": 12,
}
