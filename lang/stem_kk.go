package lang

import (
	"strings"
	"unicode/utf8"
)

// The Kazakh stemmer: a light suffix stripper for nominal inflection.
//
// A Kazakh noun is stem + plural + possessive + case, and the stripper takes
// them off in the reverse order: one case ending, then one possessive, then
// one plural. Each ending has allomorphs chosen by the sound before it and by
// vowel harmony; an allomorph is only stripped where Kazakh would have
// written it, which keeps roots that merely end like a suffix (Астана, орта,
// доллар) intact:
//
//	case        genitive      -ның/-нің after a vowel or м н ң, -дың/-дің after л р у й ж з,
//	                          -тың/-тің after a voiceless consonant
//	            dative        -ға/-ге, -қа/-ке (voiceless), -на/-не after a 3rd-person possessive
//	            accusative    -ны/-ні (vowel), -ды/-ді, -ты/-ті (voiceless), -н after a 3rd-person possessive
//	            locative      -да/-де, -та/-те (voiceless), -нда/-нде after a 3rd-person possessive
//	            ablative      -дан/-ден, -тан/-тен (voiceless), -нан/-нен after м н ң or a possessive
//	            instrumental  -мен/-менен, -бен/-бенен (ж з), -пен/-пенен (voiceless)
//	            -дағы/-дегі/-тағы/-тегі/-ндағы/-ндегі ("Бельгиядағы" = "in Belgium", attributive):
//	                          treated as a case ending, because it only locates the word
//	            -ғы/-гі/-қы/-кі after a consonant ("2026 жылғы", "бүгінгі"): same reason
//	possessive  3rd person -сы/-сі after a vowel, -ы/-і after a consonant; 1st plural
//	            -мыз/-міз, -ымыз/-іміз ("еліміз"); 2nd polite -ңыз/-ңіз, -ыңыз/-іңіз
//	plural      -лар/-лер after a vowel or р у й, -дар/-дер after л м н ң ж з,
//	            -тар/-тер after a voiceless consonant
//
// The pass repeats (at most four times) until nothing changes, so that a
// word whose bare form ends like a suffix is cut the same way bare and
// inflected (жауаптылар -> жауапты -> жауап, like жауапты itself).
//
// Decisions, each made to keep distinct words apart:
//   - 1st and 2nd person singular possessives (-ым/-ім/-м, -ың/-ің/-ң) and the
//     dative -а/-е that follows them are NOT stripped: news text hardly uses
//     them, and they would eat real roots (адам, кезең, алаң, шешім, білім).
//   - -ы/-і is not stripped after ш: agent nouns in -шы/-ші (басшы, елші,
//     сайлаушы, қатысушы) are far more common than ш-final roots; and
//     -ысы/-ісі is read as с-final noun + -ы/-і (облыс-ы, жұмыс-ы) unless a
//     derivational -шы, -ды, -ты, -ғы, -қы... precedes (басшы-сы, негізгі-сі).
//   - the accusative -н and the dative/locative/ablative forms after a
//     possessive (-на, -нда, -нан, -ндағы) are only stripped when the
//     possessive before them can be stripped too (so орын, жиын survive).
//   - derivational suffixes are kept: -лық/-лік (азамат ≠ азаматтық,
//     конституция ≠ конституциялық), -шы/-ші, -сыз/-сіз, -шіл. The adjective
//     ending -лы/-лі/-ды/-ді/-ты/-ті is spelt like the accusative and is
//     stripped with it (маңызды meets маңызы; заңды "legal" meets заң).
//   - verb morphology is not analysed; the past tense -ды/-ді/-ты/-ті equals
//     the accusative and goes with it (қатысты -> қатыс).
//   - vowel harmony is only enforced on stems that look native; loans follow
//     no rule (see harmonious).
//   - the remaining stem keeps at least 3 letters, or 2 for a short list of
//     common two-letter roots (ел, іс, үй, ...); a list of protected words
//     (postpositions, month names, frequent roots that end like a suffix:
//     теңге, сауда, Қазақстан) stops stripping, and an ending that leaves a
//     protected word is preferred (кеңес-і, not кеңе-сі).
//   - stems are index keys, not words: a final ғ/г/б becomes қ/к/п (the
//     voicing before a vowel suffix is undone: аймағы -> аймақ, кітабы -> кітап),
//     and a few roots that lose a vowel before a suffix get it back
//     (халқы -> халық, орны -> орын).

// Classes of the sound before a suffix, as a bit set.
const (
	cVowel     = 1 << iota
	cR         // р
	cGlide     // у й (consonants in Kazakh morphology: сайлау-ға, үй-ге)
	cL         // л
	cNasal     // м н ң
	cZ         // ж з
	cVoiceless // к қ п с т ф х ц ч ш щ
	cStop      // б в г ғ д: voiced in Russian loans, usually treated as voiceless
	cPoss3     // only after a 3rd-person possessive that itself strips

	cVoiced    = cR | cGlide | cL | cNasal | cZ | cStop
	cConsonant = cVoiced | cVoiceless
	cHard      = cVoiceless | cStop
)

// suffix is one allomorph and the sounds it may follow.
type suffix struct {
	text  string
	after int
}

// suffixSet groups suffixes by their last letter, keeping their order, so a
// word is only compared with the endings it can have.
type suffixSet map[rune][]suffix

func newSuffixSet(list []suffix) suffixSet {
	set := suffixSet{}
	for _, s := range list {
		r, _ := utf8.DecodeLastRuneInString(s.text)
		set[r] = append(set[r], s)
	}
	return set
}

// kkCase lists the case endings, longest first within each overlap.
var kkCase = newSuffixSet([]suffix{
	{"ндағы", cPoss3}, {"ндегі", cPoss3},
	{"дағы", cVowel | cVoiced}, {"дегі", cVowel | cVoiced},
	{"тағы", cHard}, {"тегі", cHard},
	{"менен", cVowel | cR | cGlide | cL | cNasal}, {"бенен", cZ}, {"пенен", cHard},
	{"ның", cVowel | cNasal}, {"нің", cVowel | cNasal},
	{"дың", cR | cGlide | cL | cZ | cStop}, {"дің", cR | cGlide | cL | cZ | cStop},
	{"тың", cHard}, {"тің", cHard},
	{"нда", cPoss3}, {"нде", cPoss3},
	{"нан", cNasal | cPoss3}, {"нен", cNasal | cPoss3},
	{"дан", cVowel | cR | cGlide | cL | cZ | cStop}, {"ден", cVowel | cR | cGlide | cL | cZ | cStop},
	{"тан", cHard}, {"тен", cHard},
	{"мен", cVowel | cR | cGlide | cL | cNasal}, {"бен", cZ}, {"пен", cHard},
	{"ға", cVowel | cVoiced}, {"ге", cVowel | cVoiced},
	{"қа", cHard}, {"ке", cHard},
	{"на", cPoss3}, {"не", cPoss3},
	{"ны", cVowel}, {"ні", cVowel},
	{"ды", cVoiced}, {"ді", cVoiced},
	{"ты", cHard}, {"ті", cHard},
	{"да", cVowel | cVoiced}, {"де", cVowel | cVoiced},
	{"та", cHard}, {"те", cHard},
	{"ғы", cR | cGlide | cL | cNasal | cZ}, {"гі", cR | cGlide | cL | cNasal | cZ},
	{"қы", cVoiceless}, {"кі", cVoiceless},
	{"н", cPoss3},
})

// kkPossessive lists the possessive endings handled (see the decisions above).
var kkPossessive = newSuffixSet([]suffix{
	{"ымыз", cConsonant}, {"іміз", cConsonant},
	{"ыңыз", cConsonant}, {"іңіз", cConsonant},
	{"мыз", cVowel}, {"міз", cVowel},
	{"ңыз", cVowel}, {"ңіз", cVowel},
	{"сы", cVowel}, {"сі", cVowel},
	{"ы", cConsonant}, {"і", cConsonant},
})

// kkPoss3 is the 3rd-person possessive alone, for the cPoss3 check.
var kkPoss3 = newSuffixSet([]suffix{
	{"сы", cVowel}, {"сі", cVowel},
	{"ы", cConsonant}, {"і", cConsonant},
})

// kkPlural lists the plural endings.
var kkPlural = newSuffixSet([]suffix{
	{"лар", cVowel | cR | cGlide}, {"лер", cVowel | cR | cGlide},
	{"дар", cL | cNasal | cZ}, {"дер", cL | cNasal | cZ},
	{"тар", cHard}, {"тер", cHard},
})

// kkShortRoots are the two-letter roots a suffix may be stripped down to.
var kkShortRoots = map[string]bool{
	"ел": true, "іс": true, "үй": true, "ой": true, "су": true,
	"ай": true, "ат": true, "өз": true, "ән": true,
}

// kkProtected are words where stripping stops: postpositions and adverbs that
// end like a case form, and roots that end like a suffix (шілде, орда, ...).
var kkProtected = map[string]bool{
	"үшін": true, "туралы": true, "арқылы": true, "басқа": true, "бірге": true,
	"кейін": true, "бұрын": true, "дейін": true, "сияқты": true, "секілді": true,
	"сайын": true, "қарай": true, "бойынша": true, "тағы": true, "алдағы": true,
	"соңғы": true, "мұнда": true, "онда": true, "сонда": true, "осында": true,
	"кейде": true, "әлде": true, "бірде": true, "бүгін": true, "ертең": true,
	"қазірде": true, "әрі": true, "бері": true, "ғана": true, "қана": true,
	"орын": true, "ойын": true, "жиын": true, "қиын": true, "жақын": true,
	"тұрғын": true, "серпін": true, "толқын": true, "ағын": true, "ақын": true,
	"тегін": true, "келін": true, "орда": true, "ақорда": true, "акорда": true, "канада": true,
	"қарағанды": true, "шілде": true, "бірі": true, "ішін": true,
	// -стан place names look like an ablative after с (жұмыс-тан).
	"қазақстан": true, "өзбекстан": true, "қырғызстан": true, "тәжікстан": true,
	"түрікменстан": true, "ауғанстан": true, "пәкістан": true, "түркістан": true,
	"үндістан": true, "дағыстан": true, "татарстан": true, "башқұртстан": true,
	// Their Russian spellings, which NameKey also passes through this stemmer.
	"казахстан": true, "узбекистан": true, "кыргызстан": true, "таджикистан": true,
	"туркменистан": true, "афганистан": true, "пакистан": true, "туркестан": true,
	"дагестан": true, "башкортостан": true,
	// Frequent roots that end like a case or possessive ending (found by
	// stemming the KazNERD sentences): without them теңге would become тең.
	"теңге": true, "өзге": true, "сауда": true, "пайда": true, "алтын": true,
	"алты": true, "жеті": true, "оқиға": true, "тұлға": true, "қорытынды": true,
	"мүмкін": true, "қаржы": true, "отбасы": true, "жалақы": true,
	"жәрдемақы": true, "зейнетақы": true, "белсенді": true, "қызылорда": true,
	"елорда": true, "кәсіпорын": true, "көрермен": true, "өскемен": true,
	"шығын": true, "кесте": true, "жүлде": true, "жұмыртқа": true,
	"кедергі": true, "есірткі": true, "құрылғы": true, "туынды": true,
	"тасқын": true, "желі": true, "кісі": true, "жарты": true, "белгі": true,
	"үлгі": true, "бетперде": true,
	// с-final nouns that would otherwise read as a vowel stem + -сі.
	"кеңес": true, "серіктес": true, "әріптес": true, "отандас": true,
	"замандас": true, "ұлттас": true,
}

// kkElision restores roots whose last vowel drops before a vowel suffix.
var kkElision = map[string]string{
	"халқ": "халық", "орн": "орын", "ауз": "ауыз", "мұрн": "мұрын",
	"қарн": "қарын", "көңл": "көңіл", "қалп": "қалып", "ғұрп": "ғұрып", "ерн": "ерін",
}

// stemKK stems a lowercased Kazakh word.
func stemKK(word string) string {
	if !hasCyrillic(word) || kkProtected[word] {
		return word
	}
	if i := strings.LastIndexByte(word, '-'); i > 0 && i < len(word)-1 {
		// A case ending after a hyphen belongs to an abbreviation or a foreign
		// word (ЖСДП-ның, НАТО-дағы, Kazinform-ның): drop it with the hyphen.
		if isSuffixChain(word[i+1:]) {
			return word[:i]
		}
	}
	w := word
	for range 4 {
		next := stripPass(w)
		if next == w {
			break
		}
		w = next
		if kkProtected[w] {
			return w
		}
	}
	return finalKK(w)
}

// stripPass takes off at most one case ending, one possessive and one plural.
func stripPass(w string) string {
	var ok bool
	if w, ok = stripOne(w, kkCase); ok && kkProtected[w] {
		return w
	}
	if w, ok = stripOne(w, kkPossessive); ok && kkProtected[w] {
		return w
	}
	w, _ = stripOne(w, kkPlural)
	return w
}

// finalKK undoes vowel elision and the voicing of a final stop.
func finalKK(w string) string {
	if full, ok := kkElision[w]; ok {
		return full
	}
	r, n := utf8.DecodeLastRuneInString(w)
	switch r {
	case 'ғ':
		return w[:len(w)-n] + "қ"
	case 'г':
		return w[:len(w)-n] + "к"
	case 'б':
		return w[:len(w)-n] + "п"
	}
	return w
}

// stripOne removes the first suffix of set that may end w, if any; a
// suffix that leaves a protected word wins over the others (кеңес-і, not
// кеңе-сі).
func stripOne(w string, set suffixSet) (string, bool) {
	last, _ := utf8.DecodeLastRuneInString(w)
	first := ""
	found := false
	for _, s := range set[last] {
		if len(w) <= len(s.text) || !strings.HasSuffix(w, s.text) {
			continue
		}
		rem := w[:len(w)-len(s.text)]
		if !stemLongEnough(rem) || !harmonious(rem, s.text) || !followsOK(rem, s) {
			continue
		}
		if kkProtected[rem] {
			return rem, true
		}
		if !found {
			first, found = rem, true
		}
	}
	if found {
		return first, true
	}
	return w, false
}

// followsOK checks the sound before the suffix.
func followsOK(rem string, s suffix) bool {
	switch s.text {
	case "ы", "і":
		if strings.HasSuffix(rem, "ш") {
			return false // agent nouns in -шы/-ші
		}
	case "сы", "сі":
		// After ы/і: облыс-ы, жұмыс-ы (с-final noun + -ы), but басшы-сы,
		// маңызды-сы, негізгі-сі (a word in -шы, -ды, -ты, -ғы, -қы, ... + -сы).
		last, n := utf8.DecodeLastRuneInString(rem)
		if last == 'ы' || last == 'і' {
			before, _ := utf8.DecodeLastRuneInString(rem[:len(rem)-n])
			if !strings.ContainsRune("шщдтғгқкж", before) {
				return false
			}
		}
	}
	if s.after&soundClass(rem) != 0 {
		return true
	}
	if s.after&cPoss3 != 0 {
		_, ok := stripOne(rem, kkPoss3)
		return ok
	}
	return false
}

// stemLongEnough applies the minimum stem length.
func stemLongEnough(rem string) bool {
	n := utf8.RuneCountInString(rem)
	return n >= 3 || n == 2 && kkShortRoots[rem]
}

// soundClass classifies the last sound of w. A final soft or hard sign is
// skipped (Брюссель-де).
func soundClass(w string) int {
	r, n := utf8.DecodeLastRuneInString(w)
	if r == 'ь' || r == 'ъ' {
		r, _ = utf8.DecodeLastRuneInString(w[:len(w)-n])
	}
	switch r {
	case 'а', 'ә', 'е', 'ё', 'и', 'о', 'ө', 'ұ', 'ү', 'ы', 'і', 'э', 'ю', 'я':
		return cVowel
	case 'р':
		return cR
	case 'у', 'й':
		return cGlide
	case 'л':
		return cL
	case 'м', 'н', 'ң':
		return cNasal
	case 'ж', 'з':
		return cZ
	case 'к', 'қ', 'п', 'с', 'т', 'ф', 'х', 'ц', 'ч', 'ш', 'щ':
		return cVoiceless
	case 'б', 'в', 'г', 'ғ', 'д':
		return cStop
	}
	return 0
}

// harmonious checks vowel harmony between the stem and a suffix: a back
// suffix (with а or ы) may not follow a stem whose vowels are all front
// (ә е ө ү і э), nor a front suffix (е, і) a stem whose vowels are all back
// (а о ұ ы я ё). It is only enforced on stems that look native: harmonic
// vowels of one class only, and the last vowel one of them. Loans follow no rule (референдум-ға but Люксембург-те,
// парламент-ке), nor does the -ев of a Russian surname (Тоқаев-қа); the
// instrumental -мен/-бен/-пен has no back form at all.
func harmonious(rem, sfx string) bool {
	switch sfx {
	case "мен", "бен", "пен", "менен", "бенен", "пенен":
		return true
	}
	var back, front bool
	for _, r := range sfx {
		switch r {
		case 'а', 'ы':
			back = true
		case 'е', 'і':
			front = true
		}
	}
	if !back && !front {
		return true
	}
	rem = strings.TrimSuffix(rem, "ев")
	var stemBack, stemFront, lastNeutral bool
	for _, r := range rem {
		switch r {
		case 'а', 'о', 'ұ', 'ы', 'я', 'ё':
			stemBack, lastNeutral = true, false
		case 'ә', 'е', 'ө', 'ү', 'і', 'э':
			stemFront, lastNeutral = true, false
		case 'и', 'у', 'ю':
			lastNeutral = true
		}
	}
	if lastNeutral || stemBack == stemFront {
		return true // a loan ending in и/у/ю, a mixed loan, or no vowel
	}
	return back == stemBack
}

// isSuffixChain reports whether s is made only of inflectional endings
// (ның, дағы, ларының, ...), ignoring which allomorph fits: after an
// abbreviation the choice follows pronunciation, not spelling.
func isSuffixChain(s string) bool {
	for _, set := range []suffixSet{kkCase, kkPossessive, kkPlural} {
		last, _ := utf8.DecodeLastRuneInString(s)
		for _, sf := range set[last] {
			if strings.HasSuffix(s, sf.text) {
				s = s[:len(s)-len(sf.text)]
				break
			}
		}
	}
	return s == ""
}

// hasCyrillic reports whether s contains a Cyrillic letter.
func hasCyrillic(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0xD0 || c == 0xD1 || c == 0xD2 || c == 0xD3 || c == 0xD4 {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if isCyrillic(r) {
				return true
			}
		}
	}
	return false
}
