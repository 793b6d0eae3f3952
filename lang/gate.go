package lang

import (
	"strings"
	"unicode"
)

// The language gate. Kazakh and Russian share the Cyrillic alphabet with
// their neighbours (Kyrgyz, Uzbek, Tatar, Bashkir, Tajik, Mongolian,
// Ukrainian, Belarusian, Bulgarian, Serbian), and Kazakh itself is also
// written in Arabic and Latin letters. Detect alone weighs Kazakh against
// Russian; Identify first asks whether the text is either of them at all.
//
// Each neighbour gives itself away by letters Kazakh and Russian never use
// (Uzbek ў ҳ, Tatar җ, Bashkir ҡ ҙ ҫ, Tajik ӣ ӯ ҷ, Ukrainian ї є ґ, Serbian
// ђ ј љ њ ћ џ), or by the Kazakh letters it lacks: Kyrgyz and Mongolian
// write ө ү ң but never ә ғ қ ұ і; Uzbek writes қ ғ but never ә ң ө ұ ү і;
// Ukrainian writes і but never ы. A Kazakh text of a dozen words has і and
// қ, so their absence is evidence, not chance. Function words of each
// neighbour add to it. Only words in lower case outside quotes count for the
// letter tests: names and quoted titles are often in another language.

// Identity is what Identify decides about a text.
type Identity struct {
	// Lang is KK, RU or Other.
	Lang Lang
	// Code names the language when Identify recognised one (kk, ru, ky, uz,
	// tt, ba, tg, mn, uk, be, bg, sr, tk, tr, az, en, ug, ar, fa, hy, ka, el,
	// zh, ...), or is "" when it could not tell.
	Code string
	// Script is the script the text is written in (ScriptCyrillic,
	// ScriptLatin, ScriptArabic, or another ISO 15924 code in lower case).
	Script string
	// Conf is the confidence of Lang in [0,1].
	Conf float64
}

// Transliterable reports whether the text is Kazakh (or, as Qamshy's töte edition
// writes it, Russian) in a script other than Cyrillic, which ToCyrillic can bring
// to Cyrillic.
func (id Identity) Transliterable() bool {
	return (id.Lang == KK || id.Lang == RU) && (id.Script == ScriptArabic || id.Script == ScriptLatin)
}

// neighbourWords are function words of the neighbouring languages that
// Kazakh and Russian do not write the same way.
var neighbourWords = map[string]string{
	// Kyrgyz
	"жана": "ky", "менен": "ky", "үчүн": "ky", "боюнча": "ky", "болуп": "ky", "анын": "ky",
	"бул": "ky", "эмес": "ky", "экен": "ky", "дагы": "ky", "болгон": "ky", "кийин": "ky",
	"чейин": "ky", "ушул": "ky", "тууралуу": "ky", "жөнүндө": "ky", "деди": "ky", "өлкө": "ky",
	"шайлоо": "ky", "өкмөт": "ky", "кылып": "ky", "кылган": "ky", "берген": "ky", "турган": "ky",
	"элек": "ky", "дейт": "ky", "мындай": "ky", "ошол": "ky", "биринчи": "ky",
	"жаңы": "ky", "мыйзам": "ky", "мыйзамы": "ky", "долбоору": "ky", "добуш": "ky",
	// Uzbek (Cyrillic)
	"ва": "uz", "билан": "uz", "учун": "uz", "бўйича": "uz", "ҳам": "uz", "эса": "uz",
	"деб": "uz", "қилди": "uz", "бўлди": "uz", "бўлиб": "uz", "йил": "uz", "йилда": "uz",
	"ушбу": "uz", "мазкур": "uz", "ҳақида": "uz", "бўлган": "uz", "кўра": "uz", "қилиш": "uz",
	"тўғрисида": "uz", "орқали": "uz", "бўлади": "uz", "этди": "uz",
	// Tatar and Bashkir
	"һәм": "tt", "белән": "tt", "өчен": "tt", "буенча": "tt", "турында": "tt", "иде": "tt",
	"булды": "tt", "булып": "tt", "инде": "tt", "ләкин": "tt", "хәзер": "tt", "аның": "tt",
	"менән": "ba", "өсөн": "ba", "буйынса": "ba", "тураһында": "ba", "ине": "ba",
	// Tajik
	"дар": "tg", "барои": "tg", "мебошад": "tg", "шуд": "tg", "карда": "tg", "ки": "tg",
	// Mongolian
	"байна": "mn", "болон": "mn", "нь": "mn", "юм": "mn", "энэ": "mn", "гэж": "mn",
	"байгаа": "mn", "сарын": "mn", "хурал": "mn", // not оны: Kazakh's "it" too
	// Ukrainian and Belarusian
	"що": "uk", "та": "uk", "це": "uk", "який": "uk", "яка": "uk", "які": "uk", "від": "uk",
	"із": "uk", "він": "uk", "вона": "uk", "вони": "uk", "її": "uk", "було": "uk",
	"буде": "uk", "після": "uk", "щодо": "uk", "року": "uk", "під": "uk", "також": "uk",
	"але": "uk", "або": "uk", "між": "uk", "якщо": "uk", "має": "uk", "є": "uk",
	"понад": "uk", "щоб": "uk", "цього": "uk", "тому": "uk",
	"што": "be", "гэта": "be", "ад": "be", "яго": "be", "яна": "be", "яны": "be",
	"таксама": "be", "пасля": "be", "быў": "be", "будзе": "be", "краіны": "be",
	// Bulgarian
	"че": "bg", "се": "bg", "са": "bg", "това": "bg", "със": "bg", "които": "bg",
	"беше": "bg", "ще": "bg", "като": "bg", "е": "bg", "нова": "bg", "новата": "bg", "новия": "bg",
	// Uzbek words Kazakh spells otherwise (екі, жаңа, бүгін)
	"икки": "uz", "янги": "uz", "бугун": "uz",
}

// exclusiveLetters are letters that neither Kazakh nor Russian writes, with
// the language they point to.
var exclusiveLetters = map[rune]string{
	'ў': "uz", 'ҳ': "uz", 'җ': "tt", 'ҡ': "ba", 'ҙ': "ba", 'ҫ': "ba",
	'ӣ': "tg", 'ӯ': "tg", 'ҷ': "tg", 'ї': "uk", 'є': "uk", 'ґ': "uk",
	'ђ': "sr", 'ј': "sr", 'љ': "sr", 'њ': "sr", 'ћ': "sr", 'џ': "sr",
	'ѓ': "mk", 'ќ': "mk", 'ѕ': "mk",
}

// cyrStats is the evidence Identify gathers from Cyrillic words.
type cyrStats struct {
	words     int            // lower-case words outside quotes
	kkCore    int            // …with ғ қ ұ і (Kazakh letters Kyrgyz, Tatar and Mongolian lack)
	kkVowel   int            // …with ә ң ө ұ ү і (Kazakh letters Uzbek and Tajik lack)
	kkWide    int            // …with any Kazakh letter
	yery      int            // …with ы (Ukrainian and Bulgarian have none)
	withI     int            // …with і
	kkNotI    int            // …with a Kazakh letter other than і (Ukrainian has none)
	uzLetters int            // …with қ ғ ҳ (Uzbek, not Belarusian)
	bgYer     int            // …with ъ before a consonant or at the end (Bulgarian)
	turkic    int            // …with ө ү ң but no Kazakh-only letter
	foreign   map[string]int // words with a letter of one neighbour only
	neighbour map[string]int // function words of each neighbour
	kkWords   int            // Kazakh function words (detectWeights > 0)
	ruWords   int            // Russian function words
	doubled   int            // words with a doubled vowel (Kyrgyz шайлоо, Mongolian байгаа)
}

// Identify decides the language and script of text: Kazakh (in any of its
// three scripts), Russian, or neither.
func Identify(text string) Identity {
	var cyr, lat, arab int
	other := map[string]int{}
	for _, r := range text {
		switch {
		case isCyrillic(r):
			cyr++
		case isLatin(r):
			lat++
		case isArabicLetter(r):
			arab++
		case unicode.IsLetter(r):
			other[scriptOf(r)]++
		}
	}
	best, bestN := "", 0
	for s, n := range other {
		if n > bestN || n == bestN && s < best {
			best, bestN = s, n
		}
	}
	total := cyr + lat + arab + bestN
	for s, n := range other {
		if s != best {
			total += n
		}
	}
	switch {
	case total == 0:
		return Identity{Lang: Other, Conf: 1}
	case bestN > cyr && bestN > lat && bestN > arab:
		return Identity{Lang: Other, Code: codeOfScript(best), Script: best, Conf: 1}
	case arab > cyr && arab >= lat:
		return identifyArabic(text)
	case lat > cyr:
		return identifyLatin(text)
	}
	return identifyCyrillic(text)
}

// identifyCyrillic runs the neighbour tests, then Detect's Kazakh-Russian
// weighing.
func identifyCyrillic(text string) Identity {
	st := cyrillicStats(text)
	id := Identity{Script: ScriptCyrillic}
	if code, ok := st.neighbourCode(); ok {
		id.Lang, id.Code, id.Conf = Other, code, 0.9
		return id
	}
	if code, ok := shortNeighbour(text); ok {
		id.Lang, id.Code, id.Conf = Other, code, 0.7
		return id
	}
	l, conf := Detect(text)
	id.Lang, id.Conf = l, conf
	switch l {
	case KK, RU:
		id.Code = string(l)
	}
	return id
}

// surnameCase tells a Russian-form surname with a neighbour's case ending: Kyrgyz
// Токаевди, Токаевго, Uzbek Тоқаевни, Тоқаевнинг, where Kazakh writes Тоқаевты, Тоқаевқа,
// Тоқаевтың and Russian Токаева, Токаеву. It returns the neighbour's code or "".
func surnameCase(w string) string {
	for _, stem := range []string{"ов", "ев", "ёв"} {
		i := strings.LastIndex(w, stem)
		if i <= 0 {
			continue
		}
		switch w[i+len(stem):] {
		case "ни", "нинг":
			return "uz"
		case "ди", "ду", "дү", "го", "гө", "дон", "дөн", "дун", "дүн", "нин", "нын": // none Kazakh's
			return "ky"
		}
	}
	return ""
}

// moreFieldsThan reports whether text has more than n space-separated fields, reading no
// further than the field after the n-th.
func moreFieldsThan(text string, n int) bool {
	fields, in := 0, false
	for _, r := range text {
		switch {
		case unicode.IsSpace(r):
			in = false
		case !in:
			in = true
			if fields++; fields > n {
				return true
			}
		}
	}
	return false
}

// labialHarmony reports ө or ү after a word's first vowel (өттү, өтөт, бүгүн): Kyrgyz,
// Tatar and Bashkir carry the rounding into later syllables, where Kazakh writes е or і
// (өтті, бүгін).
func labialHarmony(w string) bool {
	vowels := 0
	for _, r := range w {
		if r == '-' {
			vowels = 0 // each part of көп-көп starts afresh
			continue
		}
		if strings.ContainsRune("аәеиоөұүыіуэюя", r) {
			if vowels > 0 && (r == 'ө' || r == 'ү') {
				return true
			}
			vowels++
		}
	}
	return false
}

// backBeforeI reports an і whose vowel before it is a back one (Казахстані, Україні,
// абвясцілі). A Kazakh suffix follows the vowel before it, so a Kazakh word writes і only
// after a front vowel, even on a loan (учаскесінде, парламенті).
func backBeforeI(w string) bool {
	var prev rune
	for _, r := range w {
		if !strings.ContainsRune("аәеиоөұүыіуэюя", r) {
			continue
		}
		if r == 'і' && prev != 0 && strings.ContainsRune("аоуыяю", prev) {
			return true
		}
		prev = r
	}
	return false
}

// kyrgyzEndings are case endings Kazakh writes with its own letters (-дың, -дағы).
var kyrgyzEndings = []string{"дын", "нын", "тын", "дун", "нун", "тун", "дүн", "нүн", "түн", "дагы", "тагы"}

// turkicSuffixes are plural and genitive endings of the Turkic neighbours.
var turkicSuffixes = []string{"лар", "лер", "дын", "дин", "нын", "нин", "тын", "тин"}

// shortWords is the most words a text may have for shortNeighbour to judge it: a headline,
// a caption, a post of a line or two.
const shortWords = 12

// shortNeighbour judges a short text (a headline) that the neighbour tests leave alone,
// since they count only lower-case words and ask for two of them: here every word outside
// quotes counts, names too ("Токаєв" is no Kazakh or Russian spelling).
//   - A letter of one neighbour alone (є, ў, ҡ, җ …), in any word.
//   - An Uzbek word, genitive or ъ after a vowel (янги, -нинг, эълон) without a Kazakh
//     vowel letter; a Bulgarian word (е, нова) without ы; a Kyrgyz word or case ending
//     (жаңы, мыйзам, -дын, -дагы) counts as its Turkic letters.
//   - Ukrainian: і after a back vowel in a word (Казахстані), without ы or any other Kazakh
//     letter; Belarusian: the same with an э inside a word (рэферэндум); in three words or
//     more.
//   - Turkic letters without the Kazakh ones their neighbours lack: ө or ү past a word's
//     first syllable (labialHarmony), a doubled vowel (шайлоо), a Kyrgyz dative in -ияга
//     or a Tatar one in -гә/-кә, and no ғ қ ұ і nor a Russian function word, in three
//     words or more ("Казакстанда референдум өттү": Kazakh writes Қазақстанда … өтті).
func shortNeighbour(text string) (string, bool) {
	if moreFieldsThan(text, 2*shortWords) {
		return "", false // a body, not a headline: not worth the scan below
	}
	quotes := findQuotes(text)
	var words, turkic, tatar, core, withI, mixedI, uzLetters, uzbek, bulgarian, kyrgyz, yery, kkVowel, russian, kkOther, innerE int
	excl := map[string]int{}
	scanTokens(text, func(t Token) {
		if t.Number || !hasCyrillic(t.Text) || quotes.covers(t.Start) {
			return
		}
		words++
		w := t.Text
		seen := map[string]bool{}
		prev, double, turkDouble := rune(0), false, false
		for _, r := range w {
			if code := exclusiveLetters[r]; code != "" && !seen[code] {
				seen[code] = true
				excl[code]++
			}
			if r == prev && strings.ContainsRune("аоөүуэыі", r) {
				double = true
			}
			if r == prev && strings.ContainsRune("өүыі", r) {
				turkDouble = true // Russian doubles а о у э (сообщение), never these
			}
			prev = r
		}
		// Kyrgyz writes a loan's dative in -ияга, Kazakh in -ияға; it doubles vowels in
		// Turkic words (шайлоочулардын), which Russian does in its own (сообщение).
		if labialHarmony(w) || turkDouble || strings.HasSuffix(w, "ияга") ||
			double && containsAny(w, turkicSuffixes) {
			turkic++
		}
		if backBeforeI(w) {
			mixedI++ // Казахстані: і after a back vowel, against Kazakh's harmony
		}
		if detectWeights[w] < 0 {
			russian++ // a Russian function word: the text is no neighbour's
		}
		switch surnameCase(w) {
		case "uz":
			uzbek++
		case "ky":
			turkic++
		}
		// Case endings Kazakh spells with its own letters: the genitive ends in ң (-дың, -ның)
		// and the locative adjective has ғ or і (-дағы, -дегі); Kyrgyz writes -дын, -дун,
		// -дагы.
		for _, suf := range kyrgyzEndings {
			if strings.HasSuffix(w, suf) && len([]rune(w)) > len([]rune(suf))+2 {
				turkic++
				break
			}
		}
		// Uzbek and Tajik write ъ after a vowel (эълон, маъно); Russian only after a
		// consonant (объявил), Bulgarian as a vowel between consonants (към).
		if containsAny(w, []string{"аъ", "эъ", "оъ", "уъ", "иъ", "еъ"}) {
			uzbek++
		}
		if strings.ContainsAny(w, "әғқңөұүһ") {
			kkOther++ // a Kazakh letter besides і
		}
		if i := strings.IndexRune(w, 'э'); i > 0 {
			innerE++ // Belarusian рэферэндум; Russian and Kazakh write э at a word's start
		}
		if strings.HasSuffix(w, "гә") || strings.HasSuffix(w, "кә") {
			tatar++
		}
		if strings.ContainsAny(w, "ғқұі") {
			core++
		}
		if strings.ContainsRune(w, 'і') {
			withI++
		}
		// Uzbek's genitive -нинг; Kazakh writes -ның, -нің.
		if strings.HasSuffix(w, "нинг") || neighbourWords[w] == "uz" {
			uzbek++
		}
		switch neighbourWords[w] {
		case "bg":
			bulgarian++
		case "ky":
			kyrgyz++
		}
		if strings.ContainsRune(w, 'ы') {
			yery++
		}
		if strings.ContainsAny(w, "әөүұің") {
			kkVowel++
		}
		if strings.ContainsAny(w, "қғҳ") {
			uzLetters++
		}
	})
	if words == 0 || words > shortWords {
		return "", false
	}
	best, n := "", 0
	for code, c := range excl {
		if c > n || c == n && code < best {
			best, n = code, c
		}
	}
	if best == "uz" && uzLetters == 0 && withI > 0 {
		best = "be" // ў with і and without қ ғ ҳ: Belarusian
	}
	switch {
	case n > 0:
		return best, true
	case uzbek > 0 && kkVowel == 0: // Uzbek has none of Kazakh's ә ө ү ұ і ң
		return "uz", true
	case bulgarian > 0 && yery == 0:
		return "bg", true
	case words >= 3 && mixedI > 0 && kkOther == 0 && yery == 0:
		return "uk", true // і where Russian writes ы or и, and no other Kazakh letter
	case words >= 3 && mixedI > 0 && kkOther == 0 && innerE > 0:
		return "be", true
	case words >= 3 && core == 0 && russian == 0 && tatar > 0:
		return "tt", true
	case words >= 3 && core == 0 && russian == 0 && turkic+kyrgyz > 0:
		return "ky", true
	}
	return "", false
}

// cyrillicStats gathers the letter and word evidence of a Cyrillic text.
func cyrillicStats(text string) cyrStats {
	st := cyrStats{foreign: map[string]int{}, neighbour: map[string]int{}}
	quotes := findQuotes(text)
	scanTokens(text, func(t Token) {
		if t.Number || !hasCyrillic(t.Text) {
			return
		}
		if code, ok := neighbourWords[t.Text]; ok && !quotes.covers(t.Start) {
			st.neighbour[code]++
		}
		if w, ok := detectWeights[t.Text]; ok {
			if w > 0 {
				st.kkWords++
			} else {
				st.ruWords++
			}
		}
		if startsUpper(text[t.Start:t.End]) || quotes.covers(t.Start) {
			return
		}
		st.words++
		var core, vowel, wide, turk, yery bool
		seen := map[string]bool{}
		prev := rune(0)
		double := false
		for _, r := range t.Text {
			switch r {
			case 'ғ', 'қ', 'ұ', 'і':
				core, wide = true, true
			case 'ә', 'һ':
				wide = true
			case 'ө', 'ү', 'ң':
				turk, wide = true, true
			case 'ы':
				yery = true
			}
			switch r {
			case 'ә', 'ң', 'ө', 'ұ', 'ү', 'і':
				vowel = true
			}
			if code := exclusiveLetters[r]; code != "" && !seen[code] {
				seen[code] = true
				st.foreign[code]++
			}
			if r == prev && strings.ContainsRune("аоөүуэе", r) {
				double = true
			}
			prev = r
		}
		if core {
			st.kkCore++
		}
		if vowel {
			st.kkVowel++
		}
		if wide {
			st.kkWide++
		}
		if yery {
			st.yery++
		}
		if strings.ContainsRune(t.Text, 'і') {
			st.withI++
		}
		if strings.ContainsAny(t.Text, "әғқңөұүһ") {
			st.kkNotI++
		}
		if strings.ContainsAny(t.Text, "қғҳ") {
			st.uzLetters++
		}
		if i := strings.IndexRune(t.Text, 'ъ'); i >= 0 {
			rest := t.Text[i+len("ъ"):]
			if rest == "" || !strings.ContainsAny(rest[:min(len(rest), 2)], "еёюя") {
				st.bgYer++
			}
		}
		if turk && !core && !strings.ContainsRune(t.Text, 'ә') {
			st.turkic++
		}
		if double && !core {
			st.doubled++
		}
	})
	return st
}

// neighbourCode reports a neighbouring language when the evidence is clear.
func (st cyrStats) neighbourCode() (string, bool) {
	// A real text of a language shows its telltale letters in about one word
	// in ten; one in twenty-five, and at least two, is asked for, so that a
	// quoted word or a name in lower case does not decide.
	need := max(2, st.words/25)
	fw := func(code string) int { return st.neighbour[code] }
	bestCode, bestN := "", 0
	for code, n := range st.foreign {
		if n > bestN || n == bestN && code < bestCode {
			bestCode, bestN = code, n
		}
	}
	if bestCode == "uz" && st.uzLetters == 0 && st.withI > 0 {
		bestCode = "be" // ў with і and without қ ғ ҳ: Belarusian
	}
	if bestN >= need || bestN >= 1 && st.words <= 12 && fw(bestCode) > 0 {
		return bestCode, true
	}
	// Kyrgyz, Mongolian: ө ү ң and doubled vowels (шайлоо, байгаа) and their
	// function words, against the Kazakh letters they lack (ғ қ ұ і) and
	// Kazakh function words, in a text that is not Russian (Russian doubles
	// vowels too: координация, вообще).
	ky := st.turkic + st.doubled + 2*fw("ky") + 2*fw("mn")
	kz := 8*st.kkCore + 2*st.kkWords
	if ky >= max(3, need) && st.turkic > 0 && kz <= ky && st.ruWords*2 <= ky {
		switch {
		case fw("mn") > fw("ky"):
			return "mn", true
		case fw("tt") > fw("ky"):
			return "tt", true
		}
		return "ky", true
	}
	// Tatar and Bashkir without their own letters: ә ө ү without ғ қ ұ і.
	if tt := fw("tt") + fw("ba"); tt >= 2 && tt > st.kkWords && st.kkCore*4 <= st.kkWide {
		if fw("ba") > fw("tt") {
			return "ba", true
		}
		return "tt", true
	}
	// Uzbek and Tajik without ў ҳ ӣ ӯ ҷ: қ ғ but none of ә ң ө ұ ү і.
	uz := fw("uz") + fw("tg")
	if uz > 0 && st.kkCore >= need && st.kkVowel == 0 && st.kkWords == 0 || uz >= 2 && uz > st.kkWords && st.kkVowel*4 < uz {
		if fw("tg") > fw("uz") {
			return "tg", true
		}
		return "uz", true
	}
	// Ukrainian and Belarusian: і without ы and without the other Kazakh
	// letters, or their function words over Russian ones.
	slav := fw("uk") + fw("be")
	if st.kkNotI == 0 && (st.withI >= need && st.yery == 0 && st.kkWords == 0 && (slav > 0 || st.words >= 10) ||
		slav >= 2 && slav > st.ruWords) {
		if fw("be") > fw("uk") {
			return "be", true
		}
		return "uk", true
	}
	// Bulgarian: ъ as a vowel (президентът, към), which Russian never writes,
	// or its function words, and no ы.
	if st.yery == 0 && (st.bgYer >= need || st.bgYer >= 1 && fw("bg") >= 2 || fw("bg") >= 3 && fw("bg") > st.ruWords) {
		return "bg", true
	}
	return "", false
}

// identifyArabic recognises Kazakh in the töte alphabet: transliterated, it
// must read as Kazakh (its function words), and it must not carry the letters
// of Uyghur (ئ ې ۈ) or of Arabic and Persian words (ة ث ذ ص ض ط ظ).
func identifyArabic(text string) Identity {
	id := Identity{Lang: Other, Script: ScriptArabic, Conf: 0.9}
	var uyghur, arabic, kazakh, letters int
	for _, r := range text {
		switch r {
		case 'ئ', 'ې', 'ۈ':
			uyghur++
		case 'ة', 'ث', 'ذ', 'ص', 'ض', 'ط', 'ظ', 'أ', 'إ':
			arabic++
		case '\u0674', 'ە', 'ۋ', 'ۇ', 'ڭ', 'ٵ', 'ٶ', 'ٷ', 'ٸ':
			kazakh++
		}
		if isArabicLetter(r) {
			letters++
		}
	}
	cy := ToCyrillic(text, ScriptArabic)
	st := cyrillicStats(cy)
	kkFW := kazakhFunctionWords(cy)
	switch {
	case uyghur*20 > letters:
		id.Code = "ug"
	case kazakh == 0 || arabic*10 > letters:
		id.Code = "ar"
		if strings.ContainsAny(text, "پچژگی") {
			id.Code = "fa"
		}
	case st.ruWords >= 2 && st.ruWords > 2*kkFW:
		// Russian written in töte letters (Qamshy's töte edition transliterates
		// every report): it reads as Russian once brought back to Cyrillic.
		id.Lang, id.Code, id.Conf = RU, "ru", 0.7
	case kkFW >= 1 || st.kkWide*3 >= st.words && st.words > 0,
		// A headline: töte's own letters (ە ڭ ۋ ۇ …), none of Uyghur's or of Arabic words.
		kazakh >= 2 && uyghur == 0 && arabic == 0 && st.words <= shortWords:
		id.Lang, id.Code, id.Conf = KK, "kk", 0.8
	}
	return id
}

// identifyLatin recognises Kazakh in the Latin alphabets of 2021 and 2018 among
// English, Turkish, Tatar, Uzbek, Turkmen and Azerbaijani: its letters q ä ñ ū ı (2021)
// or á ó ú ǵ ń (2018), no Turkmen ň ž (nor ý without the 2018 acutes), no Uzbek oʻ gʻ, no
// Azerbaijani ə, and, brought to Cyrillic, Kazakh function words (or, in a longer text
// without any, ū or words in j where the neighbours have y).
func identifyLatin(text string) Identity {
	id := Identity{Lang: Other, Script: ScriptLatin, Conf: 0.8}
	var kz, kzOwn, kzStrict, tk, az, uzApos, words, jWords, yWords, xWords int
	// ý is у in Kazakh's 2018 alphabet and й in Turkmen: it tells them apart only
	// in a text without the 2018 acutes.
	// So does q, which Turkmen does not write: "daýys berý … halyq" is the 2018 alphabet.
	v2018 := strings.ContainsAny(text, "áóúǵńÁÓÚǴŃ") ||
		strings.ContainsAny(text, "ýÝ") && strings.ContainsAny(text, "qQ") && !strings.ContainsAny(text, "ňžŇŽ")
	scanTokens(text, func(t Token) {
		if t.Number {
			return
		}
		words++
		w := t.Text
		// Kazakh's ж is j; Tatar, Turkish and Uzbek begin those words with y (jaña, yaña).
		switch {
		case strings.HasPrefix(w, "j"):
			jWords++
		case strings.HasPrefix(w, "y"):
			yWords++
		}
		if strings.ContainsAny(w, "äñūıáóúǵń") || v2018 && strings.ContainsRune(w, 'ý') ||
			strings.Contains(w, "q") && !strings.Contains(w, "qu") {
			kz++
		}
		// Letters Spanish, Polish and Turkish do not share with Kazakh.
		if strings.ContainsAny(w, "qǵńýıūä") {
			kzOwn++
		}
		// …and Turkish's ı aside (yapıldı, anayasayı).
		if strings.ContainsAny(w, "qǵńūäñ") || v2018 && strings.ContainsRune(w, 'ý') {
			kzStrict++
		}
		if strings.ContainsAny(w, "ňž") || !v2018 && strings.ContainsRune(w, 'ý') {
			tk++
		}
		if strings.ContainsRune(w, 'ə') {
			az++
		}
		// Kazakh's Latin has no x (its х is h): a Turkic word with x is Azerbaijani or Uzbek
		// (Qazaxıstan, xalq); an English one (exit poll) is not evidence.
		if strings.ContainsRune(w, 'x') && strings.ContainsAny(w, "qıəğ") {
			xWords++
		}
		if strings.Contains(w, "o'") || strings.Contains(w, "g'") {
			uzApos++
		}
	})
	// ʻ (U+02BB) is not an apostrophe for the tokenizer: count it directly.
	uzApos += strings.Count(text, "oʻ") + strings.Count(text, "gʻ") + strings.Count(text, "Oʻ") + strings.Count(text, "Gʻ")
	switch {
	case tk >= 2 && tk*2 >= kz:
		id.Code = "tk"
		return id
	case az >= 2:
		id.Code = "az"
		return id
	case uzApos >= 2:
		id.Code = "uz"
		return id
	case xWords > 0 && (words <= 12 || xWords*10 >= words):
		id.Code = "uz"
		if az > 0 || strings.ContainsRune(text, 'ı') {
			id.Code = "az"
		}
		return id
	}
	cy := ToCyrillic(text, ScriptLatin)
	kkFW := kazakhFunctionWords(cy)
	// The 2018 acutes on a third of the words are Kazakh's alone among the neighbours
	// (Spanish or Polish carry them on far fewer).
	// Without a function word a longer text needs a letter only Kazakh has (ū) or its j
	// where the neighbours write y: a headline, a caption, a sentence of names and nouns.
	ownMark := strings.ContainsAny(text, "ūŪ") || jWords > yWords
	short := words <= 6 && (kzStrict > 0 || jWords > yWords) // not a Turkish headline's ı alone
	if kz >= 2 && kzOwn >= 2 && kz*6 >= words && (kkFW >= 1 || short || v2018 && kz*3 >= words || ownMark) {
		id.Lang, id.Code, id.Conf = KK, "kk", 0.8
		return id
	}
	switch {
	case strings.ContainsAny(text, "şğıŞĞİ") || strings.Contains(text, "ç"):
		id.Code = "tr"
	case kz > 0 && strings.Contains(text, "sh"):
		id.Code = "uz"
	default:
		id.Code = "en"
	}
	return id
}

// kazakhFunctionWords counts Kazakh function words that carry a Kazakh letter
// or a spelling Russian lacks (және, үшін, бойынша, туралы, деп, бұл, осы).
func kazakhFunctionWords(cy string) int {
	n := 0
	scanTokens(cy, func(t Token) {
		if w, ok := detectWeights[t.Text]; ok && w >= 2 && hasCyrillic(t.Text) {
			n++
		}
	})
	return n
}

// scriptOf names the script of a letter outside Cyrillic, Latin and Arabic.
func scriptOf(r rune) string {
	for _, s := range []struct {
		name string
		tab  *unicode.RangeTable
	}{
		{"armn", unicode.Armenian}, {"geor", unicode.Georgian}, {"grek", unicode.Greek},
		{"hebr", unicode.Hebrew}, {"hani", unicode.Han}, {"hang", unicode.Hangul},
		{"kana", unicode.Katakana}, {"hira", unicode.Hiragana}, {"thai", unicode.Thai},
		{"deva", unicode.Devanagari}, {"mong", unicode.Mongolian},
	} {
		if unicode.Is(s.tab, r) {
			return s.name
		}
	}
	return "zyyy"
}

// codeOfScript is the language most likely behind a script the bot does not read.
func codeOfScript(s string) string {
	switch s {
	case "armn":
		return "hy"
	case "geor":
		return "ka"
	case "grek":
		return "el"
	case "hebr":
		return "he"
	case "hani":
		return "zh"
	case "hang":
		return "ko"
	case "kana", "hira":
		return "ja"
	case "thai":
		return "th"
	case "deva":
		return "hi"
	case "mong":
		return "mn"
	}
	return ""
}
