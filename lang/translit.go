package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kazakh is written in three scripts: Cyrillic (what the bot reads and
// shows), the Arabic-based töte alphabet (Kazakhs of China; ar.inform.kz and
// abai.kz publish in it) and the Latin alphabet of 2021. ToCyrillic brings the
// other two to Cyrillic so that one analysis, one search index and one digest
// serve all three.

// Scripts as recorded on items.
const (
	ScriptCyrillic = "cyrl"
	ScriptLatin    = "latn"
	ScriptArabic   = "arab"
)

// ToCyrillic writes Kazakh text of the given script (ScriptArabic or
// ScriptLatin) in Cyrillic; other scripts, and everything that is not a
// letter of the source script (digits, URLs in Latin inside Arabic text,
// punctuation), pass through. The result is for reading and analysis: the
// letters map one to one, with the few context rules each alphabet needs.
func ToCyrillic(text, script string) string {
	switch script {
	case ScriptArabic:
		return mapWords(text, isArabicLetter, arabicWord)
	case ScriptLatin:
		if strings.ContainsAny(text, latin2018Letters) {
			return mapWords(text, isLatin, latin2018Word)
		}
		return mapWords(text, isLatin, latinWord)
	}
	return text
}

// mapWords applies conv to every maximal run of letters for which in is true.
func mapWords(text string, in func(rune) bool, conv func(string) string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/4)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !in(r) && !isArabicMark(r) {
			b.WriteString(arabicPunct(r))
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if !in(r2) && !isArabicMark(r2) && !(isApostrophe(r2) && conv != nil && j > i) {
				break
			}
			j += n2
		}
		b.WriteString(conv(text[i:j]))
		i = j
	}
	return b.String()
}

// isArabicLetter reports a letter of the Arabic script blocks.
func isArabicLetter(r rune) bool {
	return (r >= 0x0620 && r <= 0x064A) || (r >= 0x066E && r <= 0x06D5) ||
		(r >= 0x06FA && r <= 0x06FF) || (r >= 0x0750 && r <= 0x077F) ||
		(r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFC)
}

// isArabicMark reports the signs that travel inside Arabic-script words: the
// high hamza of töte, harakat and the tatweel.
func isArabicMark(r rune) bool {
	return r == 0x0674 || r == 0x0621 || r == 0x0640 || (r >= 0x064B && r <= 0x065F)
}

// arabicPunct maps Arabic punctuation and digits to their common forms;
// anything else is returned as it is.
func arabicPunct(r rune) string {
	switch {
	case r == '،':
		return ","
	case r == '؛':
		return ";"
	case r == '؟':
		return "?"
	case r >= 0x0660 && r <= 0x0669:
		return string('0' + (r - 0x0660))
	case r >= 0x06F0 && r <= 0x06F9:
		return string('0' + (r - 0x06F0))
	case r == 0x066B: // Arabic decimal separator
		return ","
	case r == 0x066C: // Arabic thousands separator
		return " "
	}
	return string(r)
}

// toteLetterMap maps the töte letters (and the Arabic and Persian letters
// that Kazakh texts borrow) to Cyrillic, back-vowel readings for the letters
// that have two.
var toteLetterMap = map[rune]string{
	'ا': "а", 'أ': "а", 'إ': "а", 'آ': "а", 'ٵ': "ә", 'ب': "б", 'ۆ': "в", 'گ': "г", 'ع': "ғ", 'غ': "ғ",
	'د': "д", 'ە': "е", 'ه': "е", 'ج': "ж", 'ز': "з", 'ك': "к", 'ک': "к", 'ق': "қ", 'ل': "л",
	'م': "м", 'ن': "н", 'ڭ': "ң", 'و': "о", 'ٶ': "ө", 'پ': "п", 'ر': "р", 'س': "с", 'ت': "т",
	'ۋ': "у", 'ۇ': "ұ", 'ٷ': "ү", 'ف': "ф", 'ح': "х", 'خ': "х", 'ھ': "һ", 'چ': "ч", 'ش': "ш",
	'ى': "ы", 'ٸ': "і", 'ي': "и", 'ی': "и", 'ې': "е", 'ۈ': "ү", 'ئ': "", 'ة': "а", 'ث': "с",
	'ذ': "з", 'ص': "с", 'ض': "з", 'ط': "т", 'ظ': "з", 'ژ': "ж",
}

// arabicWord transliterates one töte word. The high hamza (ٴ) marks a word of
// front vowels: its а, о, ұ and ы are read ә, ө, ү and і. Native words with е
// are front and write no hamza, so their ұ and ы are read ү and і. Words with
// к or г are front by the same rule, but the political vocabulary is full of
// Russian loans written with к (комиссия, конституция) whose vowels are back:
// reading those right matters more to analysis than the native words, so к
// and г decide nothing here. ي is й after a vowel, и elsewhere.
func arabicWord(w string) string {
	front := strings.ContainsAny(w, "\u0674\u0621ٵٶٷٸ") ||
		// к or г with ы or ұ, and no а, nothing back and nothing Russian: a native front
		// word (бүгін, мүмкін, пікір, оңтүстік), which töte marks by its к or г rather than
		// by the hamza. A loan keeps its back reading: комиссиясы (ия), кандидаты (а).
		strings.ContainsAny(w, "كگ") && strings.ContainsAny(w, "ىۇ") &&
			!strings.ContainsAny(w, "اقعغۆفچ") && !strings.Contains(w, "تس")
	soft := front || strings.ContainsRune(w, 'ە')
	return loanSpelling(toteLetters(w, front, soft), soft)
}

// toteLetters reads a töte word letter by letter: front and soft as arabicWord decides
// them, back readings with neither.
func toteLetters(w string, front, soft bool) string {
	var b strings.Builder
	prevVowel := false
	back := false // the last vowel written (у and и aside) is back, а, о, ұ, ы, or a қ or ғ since
	for _, r := range w {
		if isArabicMark(r) {
			continue
		}
		out, ok := toteLetterMap[r]
		if !ok {
			b.WriteRune(r)
			prevVowel = false
			continue
		}
		switch r {
		case 'ا':
			if front {
				out = "ә"
			}
		case 'و':
			if front {
				out = "ө"
			}
		case 'ۇ':
			if front || soft && !back {
				out = "ү"
			}
		case 'ى':
			// A front word's ы is і; in a word soft only by its е, an ы after a back vowel
			// is a suffix's that follows a loan's last vowel (депутаты, республикалық,
			// сенаттың), after a front one a native word's (берді, өзгерістер).
			if front || soft && !back {
				out = "і"
			}
		case 'ي', 'ی':
			if prevVowel {
				out = "й"
			}
		}
		b.WriteString(out)
		prevVowel = out != "" && strings.ContainsAny(out, "аәеиоөұүыіуэюя")
		switch {
		case strings.ContainsAny(out, "аоұықғ"):
			// қ and ғ stand in back syllables only (қызмет, құжат).
			back = true
		case strings.ContainsAny(out, "еәөүі"):
			back = false
		}
	}
	return b.String()
}

// loanSpelling gives a transliterated töte word the Cyrillic spelling the analysis meets in
// Cyrillic reports. Töte writes Russian loans as they are said, ц as тс and я as иа
// (конститутсиа, комиссиа, витсе-президент); and it writes й where Cyrillic writes я for
// йа (сайаси, байандады) or a surname's bare е (тоқайев). Native words have no тси (their
// и is й, or і in front words). Since иа also stands inside loans (диалог, социал,
// материал), it becomes ия only after the stems of the loans that end in -ия.
func loanSpelling(w string, soft bool) string {
	if w == "витсе" {
		return "вице"
	}
	if strings.Contains(w, "тси") {
		w = strings.ReplaceAll(w, "тси", "ци")
	}
	if strings.HasPrefix(w, "иа") {
		w = "я" + w[len("иа"):]
	}
	if strings.Contains(w, "й") {
		w = toteYa.Replace(w)
	}
	for _, f := range toteFront {
		if soft && strings.HasPrefix(w, f[0]) {
			// A native front word: its endings are front too (өмір-іне, not өмір-ыне).
			w = f[1] + frontEndings.Replace(w[len(f[0]):])
			break
		}
	}
	if i := strings.Index(w, "иа"); i > 0 && iyaNoun(w[:i]) {
		w = w[:i] + "ия" + w[i+len("иа"):]
	}
	return w
}

// toteFront are native words that töte writes without the hamza, their е marking them
// front, and whose а and о the letter-by-letter reading leaves back (loans with е keep
// theirs: парламент, депутат, сенат): the commonest of the news, as read and as written,
// matched at the start of the word so that their endings follow. The list is short on
// purpose; a word not in it keeps the reading that serves the loans.
var toteFront = [][2]string{
	{"жане", "және"}, {"маселе", "мәселе"}, {"мартебе", "мәртебе"}, {"далел", "дәлел"},
	{"алеумет", "әлеумет"}, {"алем", "әлем"}, {"сайкес", "сәйкес"}, {"тауелсіз", "тәуелсіз"},
	{"откен", "өткен"}, {"отеді", "өтеді"}, {"отед", "өтед"}, {"оте", "өте"},
	{"котер", "көтер"}, {"озгер", "өзгер"}, {"озект", "өзект"}, {"оздер", "өздер"},
	{"коптеген", "көптеген"}, {"корсет", "көрсет"},
	// An ы after the а or о that töte writes for ә and ө is read back (toteLetters).
	{"акым", "әкім"}, {"адыл", "әділ"}, {"озын", "өзін"}, {"озы", "өзі"}, {"болын", "бөлін"},
	{"жонынде", "жөнінде"}, {"кобыне", "көбіне"}, {"малымет", "мәлімет"}, {"омыр", "өмір"},
	{"оңыр", "өңір"},
	// The compass words keep the о of оң and сол before their front түстік.
	{"өңтүстік", "оңтүстік"}, {"сөлтүстік", "солтүстік"},
}

// frontEndings gives the endings of a front word their front vowels.
var frontEndings = strings.NewReplacer("ы", "і", "ұ", "ү")

// toteYa spells as Cyrillic does the й that töte writes between vowels.
var toteYa = strings.NewReplacer("айа", "ая", "ойа", "оя", "ұйа", "ұя", "ыйа", "ыя", "ейа", "ея", "айев", "аев", "ийев", "иев")

// iyaStems are the stems of Russian loans ending in -ия, as transliterated (after тси → ци),
// that the referendum's news uses: конституция, комиссия, партия and their kin.
var iyaStems = []string{
	"конституц", "комисс", "парт", "демократ", "коалиц", "делегац", "сесс", "мисс", "федерац",
	"стратег", "технолог", "идеолог", "академ", "полиц", "позиц", "традиц", "информац",
	"организац", "ассоциац", "декларац", "резолюц", "революц", "инфляц", "миграц", "регистрац",
	"администрац", "номинац", "ситуац", "операц", "кампан", "компан", "энерг", "истор",
	"категор", "территор", "индустр", "гарант", "акц", "фракц", "редакц", "юстиц", "лиценз",
	"санкц", "функц", "станц", "аз", "еураз", "росс", "итал", "герман", "франц", "бельг",
	"британ", "груз", "серб", "литв", "латв", "монгол", "инд", "малайз", "индонез", "колумб",
	"австрал", "австр", "швец", "швейцар", "норвег", "испан", "турц", "сир", "арав", "эфиоп",
}

// latinLetters maps the 2021 Latin Kazakh alphabet (and the acute letters of
// its 2018 draft) to Cyrillic, lowercase.
var latinLetters = map[rune]string{
	'a': "а", 'ä': "ә", 'á': "ә", 'b': "б", 'c': "ц", 'ç': "ч", 'd': "д", 'e': "е", 'f': "ф",
	'g': "г", 'ğ': "ғ", 'ǵ': "ғ", 'h': "х", 'ı': "і", 'i': "и", 'j': "ж", 'k': "к", 'l': "л",
	'm': "м", 'n': "н", 'ñ': "ң", 'ń': "ң", 'o': "о", 'ö': "ө", 'ó': "ө", 'p': "п", 'q': "қ",
	'r': "р", 's': "с", 'ş': "ш", 't': "т", 'u': "у", 'ū': "ұ", 'ü': "ү", 'ú': "ү", 'v': "в",
	'w': "у", 'x': "х", 'y': "ы", 'ý': "у", 'z': "з",
	'ǧ': "ғ", 'ŋ': "ң", // as some sites write ğ and ñ
}

// latin2018Letters are the acute letters only the 2018 alphabet has; a text that uses
// them reads i as і, ı as и or й, and ý as у (Kazinform's and Qamshy's Latin pages).
const latin2018Letters = "áóúǵńýÁÓÚǴŃÝ"

// latinWord transliterates one word of the 2021 alphabet.
func latinWord(w string) string { return latinLoanSpelling(latinToCyrillic(w, false)) }

// latin2018Word transliterates one word of the 2018 alphabet.
func latin2018Word(w string) string { return latinLoanSpelling(latinToCyrillic(w, true)) }

// latinLoans are the Latin pages' spellings of Russian loans and of я, read letter by
// letter, and the Cyrillic spelling the analysis meets in Cyrillic reports: я written ia or
// iia (сайаси, комиссийа), ц written s before ия (Konstıtýsııa, koalisiia, delegasiia; after
// a consonant or a double s, as in версия or комиссия, the s is an s).
var (
	latinYa    = strings.NewReplacer("ийа", "ия", "йа", "я")
	latinLoans = strings.NewReplacer("усия", "уция", "исия", "иция", "асия", "ация", "ксия", "кция")
)

// latinLoanSpelling gives a transliterated word the Cyrillic spelling of its loans.
func latinLoanSpelling(w string) string {
	if strings.Contains(w, "йа") {
		w = latinYa.Replace(w)
	}
	if strings.Contains(w, "сия") {
		w = latinLoans.Replace(w)
	}
	return w
}

// latinToCyrillic transliterates one Latin Kazakh word, keeping its capital. "sh"
// and "ch" (the 2018 digraphs) are ш and ч. In the 2021 alphabet i after a vowel is
// й; in the 2018 one i is і and ı is й after a vowel, я before a, и elsewhere, and
// "ts" before ı is ц (Konstıtýtsııa).
func latinToCyrillic(w string, v2018 bool) string {
	var b strings.Builder
	rs := []rune(w)
	prevVowel := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if isApostrophe(r) {
			continue
		}
		upper := unicode.IsUpper(r)
		lr := unicode.ToLower(r)
		if r == 'İ' {
			lr, upper = 'i', true
		}
		var out string
		switch {
		case (lr == 's' || lr == 'c') && i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'h':
			out = "ш"
			if lr == 'c' {
				out = "ч"
			}
			i++
		case v2018 && lr == 't' && i+2 < len(rs) && rs[i+1] == 's' && rs[i+2] == 'ı':
			out = "ц"
			i++
		case v2018 && lr == 'i':
			out = "і"
		case v2018 && lr == 'u':
			out = "ұ" // the 2018 alphabet's u; its ү is ú and its у is ý
		case v2018 && lr == 'ı':
			switch {
			case i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'a':
				out = "я"
				i++
			case prevVowel:
				out = "й"
			default:
				out = "и"
			}
		case lr == 'i' && prevVowel:
			out = "й"
		default:
			var ok bool
			if out, ok = latinLetters[lr]; !ok {
				out = string(r)
			}
		}
		if upper {
			out = strings.ToUpper(out)
		}
		b.WriteString(out)
		prevVowel = strings.ContainsAny(strings.ToLower(out), "аәеиоөұүыіуэюя") && out != "у" && out != "У"
	}
	return b.String()
}

// SentenceCase gives a text written in a script without capitals (töte), once in
// Cyrillic, the capitals a Cyrillic text has at the start of the text, of each line and of
// each sentence after a full stop, a question or an exclamation mark: sentences split on
// them, and a headline reads as one. A full stop after a one-letter word ("2026 ж.",
// "т.б.") or a shortening of sentenceAbbrevs is no sentence's end; a text or a sentence
// that begins with a figure keeps it as it is. Names stay in lower case: nothing in töte
// tells them.
func SentenceCase(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	pending := true  // the next letter begins a sentence
	var word [6]rune // the word just written, its first letters
	n := 0           // its length
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			if pending {
				r = unicode.ToUpper(r)
				pending = false
			}
			if n < len(word) {
				word[n] = unicode.ToLower(r)
			}
			n++
		case unicode.IsDigit(r):
			pending, n = false, 0
		case r == '\n':
			pending, n = true, 0
		case r == '.':
			pending = n > 1 && (n > len(word) || !sentenceAbbrevs[string(word[:n])])
			n = 0
		case r == '!' || r == '?' || r == '…':
			pending, n = true, 0
		default:
			n = 0 // blanks, quotes and dashes leave a pending capital pending
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sentenceAbbrevs are shortenings written with a full stop inside a sentence.
var sentenceAbbrevs = map[string]bool{
	"тыс": true, "млн": true, "млрд": true, "руб": true, "др": true, "пр": true, "им": true,
	"ул": true, "обл": true, "гг": true, "жж": true, "тг": true, "проф": true, "акад": true,
	"доц": true, "см": true, "т": true,
}

// ToCyrillicAs is ToCyrillic for a text known to be in language l. Kazakh is read as
// ToCyrillic reads it; Russian in Arabic letters (a töte site's Russian pages) is read with
// Russian's letters only and given back the spelling the letters allow (russianToteSpelling).
func ToCyrillicAs(text, script string, l Lang) string {
	if l == RU && script == ScriptArabic {
		return mapWords(text, isArabicLetter, russianToteWord)
	}
	return ToCyrillic(text, script)
}

// kazakhToRussianLetters folds the letters Russian does not have to the ones it writes.
var kazakhToRussianLetters = strings.NewReplacer("ә", "а", "ғ", "г", "қ", "к", "ң", "н", "ө", "о",
	"ұ", "у", "ү", "у", "һ", "х", "і", "и")

// russianToteWord transliterates one Russian word written in töte letters: back readings
// only, Kazakh's own letters folded, Russian spelling given back.
func russianToteWord(w string) string {
	return russianToteSpelling(kazakhToRussianLetters.Replace(toteLetters(w, false, false)))
}

// russianToteSpelling gives a Russian word read letter by letter from töte the spelling
// the letters allow: щ for шш; я, ю for йа, йу and for иа, иу after a consonant (ия, ию
// where an -ия noun takes its ending: комиссия, комиссиями, конституцию); ц for тс before
// и, before е and at the start; -ии for the final -и of an -ия noun (töte writes ии as one
// letter); and the soft sign of -альн-, -ельн-, -ильн- and of the reflexive past -лась,
// -лись. The rest of the soft signs and the hard sign are lost.
func russianToteSpelling(w string) string {
	w = strings.ReplaceAll(w, "шш", "щ")
	w = strings.ReplaceAll(w, "тси", "ци")
	w = strings.ReplaceAll(w, "тсе", "це")
	if strings.HasPrefix(w, "тс") {
		w = "ц" + w[len("тс"):]
	}
	w = strings.ReplaceAll(w, "йа", "я")
	w = strings.ReplaceAll(w, "йу", "ю")
	var b strings.Builder
	for i := 0; i < len(w); {
		rest := w[i:]
		if i == 0 || !strings.HasPrefix(rest, "иа") && !strings.HasPrefix(rest, "иу") {
			r, n := utf8.DecodeRuneInString(rest)
			b.WriteRune(r)
			i += n
			continue
		}
		ya, after := strings.HasPrefix(rest, "иа"), rest[len("иа"):]
		switch {
		case iyaNoun(w[:i]) && (after == "" || after == "м" || after == "ми" || after == "х"):
			if ya {
				b.WriteString("ия")
			} else {
				b.WriteString("ию")
			}
		case ya && (after == "" || strings.HasPrefix(after, "н") || strings.HasPrefix(after, "т") ||
			strings.HasPrefix(after, "л") && strings.ContainsAny(lastRune(w[:i]), "цдрт")):
			b.WriteString("иа") // диалог, социал-, материал, азиат-: иа inside a loan's stem
		case ya:
			b.WriteString("я")
		default:
			b.WriteString("ю")
		}
		i += len("иа")
	}
	w = b.String()
	if strings.HasSuffix(w, "и") && (iyaNoun(w[:len(w)-len("и")]) || strings.HasSuffix(w, "ци")) {
		w += "и"
	}
	for _, s := range [][2]string{{"алн", "альн"}, {"елн", "ельн"}, {"илн", "ильн"}} {
		w = strings.ReplaceAll(w, s[0], s[1])
	}
	for _, s := range [][2]string{{"лас", "лась"}, {"лис", "лись"}} {
		if strings.HasSuffix(w, s[0]) && utf8.RuneCountInString(w) > 4 {
			w = w[:len(w)-len(s[0])] + s[1]
		}
	}
	return w
}

// iyaNoun reports whether stem ends like the stem of an -ия loan of iyaStems.
func iyaNoun(stem string) bool {
	for _, s := range iyaStems {
		if strings.HasSuffix(stem, s) {
			return true
		}
	}
	return false
}

// lastRune is the last letter of s, as a string ("" for "").
func lastRune(s string) string {
	_, n := utf8.DecodeLastRuneInString(s)
	return s[len(s)-n:]
}
