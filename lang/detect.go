package lang

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Detection weighs each word for Kazakh (positive) or Russian (negative) and
// sums the weights, so that the share of evidence decides, not its mere
// presence: a Russian report quoting "Қайсар Қамза" gets two weak Kazakh
// votes against every Russian word around them.
//
// Per Cyrillic word, the first rule that applies:
//   - a function word of one language (detectWeights): ±3, less for the few
//     that the other language also writes;
//   - a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і): +3, but +0.8 when the word is
//     capitalised, because Russian text quotes Kazakh names;
//   - a Russian-only letter (ё ъ щ): -2.5;
//   - a spelling Russian never uses (шы, жы, йы, уы): +2;
//   - a Russian inflection (-ого, -ами, -ться, -ый, ...): -1.5;
//   - a Kazakh inflection spelt without Kazakh letters (-лар, -ады, -ып, ...): +1.2;
//   - a soft sign (native Kazakh words have none): -1;
//   - otherwise -0.5: a Cyrillic word without a Kazakh letter leans Russian
//     (about half of the words of a Kazakh text have one).
//
// Words inside a pair of quotes weigh less: a Kazakh report quoting a Russian
// title («Основной закон и общество» атты кітап) is still Kazakh.
//
// Latin words count for Kazakh when they use the 2021 Latin Kazakh letters
// (ä ñ ū q strongly; ğ ı ş ö ü, shared with Turkish, weakly) or are Latin
// Kazakh function words. A text is Other when Cyrillic and Latin-Kazakh
// letters are under a quarter of its letters, or absent.

// Word weights; positive is Kazakh.
const (
	wKazakhLetter    = 3.0
	wKazakhCapital   = 0.8
	wRussianLetter   = -2.5
	wRussianEnding   = -1.5
	wKazakhEnding    = 1.2
	wKazakhSpelling  = 2.0
	wSoftSign        = -1.0
	wPlainCyrillic   = -0.5
	wLatinStrong     = 2.0
	wLatinStrongCap  = 0.8
	wLatinWeak       = 0.3
	quotedWeight     = 0.3 // words inside «...»: a quoted title is not the text's language
	otherShareCutoff = 0.25
)

// detectWeights holds the function words used as evidence, with their weight.
var detectWeights = map[string]float64{
	// Kazakh, most spelt without Kazakh letters, which is what makes them useful.
	"және": 3, "мен": 3, "пен": 3, "бен": 3, "деп": 3, "бойынша": 3, "үшін": 3,
	"туралы": 3, "арқылы": 3, "бұл": 3, "осы": 3, "сол": 2, "ол": 3, "оның": 3,
	"олар": 3, "емес": 3, "екен": 3, "еді": 3, "деген": 3, "дейін": 3, "кейін": 3,
	"сияқты": 3, "бар": 2, "жоқ": 3, "болып": 3, "болды": 3, "болады": 3,
	"болатын": 3, "тағы": 3, "ғана": 3, "де": 1.5, "жылы": 3, "жылғы": 3,
	"арасында": 3, "ретінде": 3, "кезінде": 3, "бірақ": 3, "немесе": 3,
	"сондай-ақ": 3, "мұнда": 3, "онда": 2, "ма": 2, "ме": 2, "деді": 3,
	"дейді": 3, "етті": 3, "етеді": 3, "атты": 2, "биыл": 3, "сонымен": 3,
	"керек": 3, "осындай": 3, "сондай": 3,
	"бес": 2, "жиырма": 3, "отыз": 3, "елу": 3, "алпыс": 3, "сексен": 3,
	"тоқсан": 3, "жетпіс": 3, "қырық": 3, "мың": 3,
	// Russian
	"и": -3, "в": -3, "во": -3, "на": -2, "что": -3, "по": -3, "для": -3,
	"с": -3, "со": -3, "к": -3, "о": -3, "об": -3, "от": -3, "из": -3,
	"за": -2, "у": -2, "до": -2, "при": -3, "про": -3, "под": -3, "над": -3,
	"без": -3, "как": -3, "это": -3, "этот": -3, "также": -3, "который": -3,
	"которые": -3, "которая": -3, "был": -3, "была": -3, "были": -3,
	"будет": -3, "его": -3, "ее": -3, "их": -3, "они": -3, "она": -3,
	"мы": -3, "вы": -3, "но": -3, "или": -3, "же": -3, "ли": -2, "бы": -3,
	"уже": -3, "еще": -3, "только": -3, "все": -3, "так": -2, "после": -3,
	"между": -3, "через": -3, "более": -3, "а": -1, "не": -1.5, "я": -1,
	"года": -2, "году": -2,
	// Latin Kazakh (2021 alphabet); ambiguous English words (men, bar, sol) left out.
	"jäne": 3, "dep": 2, "üşin": 3, "turaly": 3, "boiynşa": 3, "arqyly": 3,
	"osy": 2, "onyñ": 3, "olar": 2, "emes": 2, "eken": 2, "degen": 2,
	"joq": 3, "bolyp": 3, "boldy": 3, "bolady": 3, "jyly": 3, "jylğy": 3,
}

// ruEndings are Russian inflections that Kazakh words (without Kazakh letters) do not end in.
var ruEndings = []string{
	"ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ться", "тся",
	"ешь", "ают", "яют", "ует", "ает", "ая", "яя", "ое", "ее", "ую", "юю",
	"ый", "ий", "ой", "ых", "их", "ции", "ость", "ости", "ание", "ения",
	"ение", "ании", "ении", "ство", "ства", "тель", "ать", "ять", "ить",
	"еть", "ом",
}

// kkEndings are Kazakh inflections spelt without Kazakh letters.
var kkEndings = []string{
	"лар", "лер", "дар", "дер", "тар", "тер", "ады", "ейді", "айды", "ланды",
	"ып", "атын", "йтын", "ысы", "ыны", "ында", "ынан", "уы", "уын", "ауы",
	"ымыз", "ыңыз", "луы", "ырды", "ылды", "ынды", "ысты", "ыпты", "алды",
	"мыз", "адай",
}

// kkSpellings are letter pairs Russian spelling never writes (жи/ши, not
// жы/шы; no й or у before ы) but Kazakh words without Kazakh letters do
// (сайлаушы, шынайы, дамуы).
var kkSpellings = []string{"шы", "жы", "йы", "уы", "ыу"}

// Detect reports the language of text and a confidence in [0,1]: KK or RU
// for Cyrillic (or Latin Kazakh) text, Other for anything else (English,
// numbers only, emoji, empty).
func Detect(text string) (Lang, float64) {
	d := detector{text: text, quotes: findQuotes(text)}
	scanTokens(text, d.add)
	return d.result()
}

// detector gathers the evidence of Detect.
type detector struct {
	text   string
	quotes quoteSpans
	score  float64 // Cyrillic evidence; positive is Kazakh
	cyr    int     // Cyrillic letters
	other  int     // letters of no Kazakh or Russian script
	// Latin Kazakh only counts with a sure sign: a lowercase word with
	// ä ñ ū or q (not qu), or a function word. Capitalised Qatar or Iraq in
	// English, or Turkish ş ğ ı, are not enough.
	latinSure    bool
	latinScore   float64
	latinLetters int
}

// letters counts the letters of one word by script and telltale.
type letters struct {
	cyr, kk, ru             int // Cyrillic; Kazakh-only; Russian-only
	lat, latStrong, latWeak int // Latin; Latin Kazakh letters
	other                   int
}

func countLetters(word string) letters {
	var c letters
	for _, r := range word {
		switch {
		case isCyrillic(r):
			c.cyr++
			if isKazakhLetter(r) {
				c.kk++
			} else if isRussianLetter(r) {
				c.ru++
			}
		case isLatin(r):
			c.lat++
			if strong, weak := isKazakhLatinLetter(r); strong {
				c.latStrong++
			} else if weak {
				c.latWeak++
			}
		case isLetter(r):
			c.other++
		}
	}
	return c
}

// add weighs one token.
func (d *detector) add(t Token) {
	if t.Number {
		return
	}
	c := countLetters(t.Text)
	capital := startsUpper(d.text[t.Start:t.End])
	fw, fn := detectWeights[t.Text]
	switch {
	case c.cyr > 0:
		weight := 1.0
		if d.quotes.covers(t.Start) {
			weight = quotedWeight
		}
		d.cyr += c.cyr
		d.other += c.lat + c.other
		d.score += weight * cyrillicWeight(t.Text, c, capital, fw, fn)
	case c.lat > 0:
		if strings.Contains(t.Text, "qu") {
			c.latStrong-- // English qu: quite, question
		}
		switch {
		case fn && fw > 0:
			d.latinScore += fw
			d.latinLetters += c.lat
			d.latinSure = true
		case c.latStrong > 0:
			if capital {
				d.latinScore += wLatinStrongCap
			} else {
				d.latinScore += wLatinStrong
				d.latinSure = true
			}
			d.latinLetters += c.lat
		case c.latWeak > 0:
			d.latinScore += wLatinWeak
			d.latinLetters += c.lat / 2
			d.other += c.lat - c.lat/2
		default:
			d.other += c.lat
		}
		d.other += c.other
	default:
		d.other += c.other
	}
}

// cyrillicWeight is the evidence of one Cyrillic word (see the rules above).
func cyrillicWeight(word string, c letters, capital bool, fw float64, fn bool) float64 {
	switch {
	case fn:
		return fw
	case c.kk > 0 && capital:
		return wKazakhCapital
	case c.kk > 0:
		return wKazakhLetter
	case c.ru > 0:
		return wRussianLetter
	case containsAny(word, kkSpellings):
		return wKazakhSpelling
	case hasAnySuffix(word, ruEndings, 4):
		return wRussianEnding
	case hasAnySuffix(word, kkEndings, 4):
		return wKazakhEnding
	case strings.Contains(word, "ь"):
		return wSoftSign
	}
	return wPlainCyrillic
}

// result turns the evidence into a language and a confidence.
func (d *detector) result() (Lang, float64) {
	score, ours, other := d.score, d.cyr, d.other
	if d.latinSure {
		score += d.latinScore
		ours += d.latinLetters
	} else {
		other += d.latinLetters
	}
	if ours == 0 {
		return Other, 1
	}
	share := float64(ours) / float64(ours+other)
	if share < otherShareCutoff {
		return Other, 1 - share
	}
	conf := 1 / (1 + math.Exp(-math.Abs(score)))
	if share < 0.5 {
		conf *= share / 0.5
	}
	if score > 0 {
		return KK, conf
	}
	return RU, conf
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// startsUpper reports whether s begins with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isUpper(r)
}

// hasAnySuffix reports whether w (at least minRunes long) ends with one of list.
func hasAnySuffix(w string, list []string, minRunes int) bool {
	if utf8.RuneCountInString(w) < minRunes {
		return false
	}
	for _, s := range list {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}
