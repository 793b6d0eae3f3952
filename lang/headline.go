package lang

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// HeadlineRunes is about as long as a headline made from a text may be: a chat shows two
// lines of it.
const HeadlineRunes = 110

// headlineScanBytes is how much of the text is read for its first sentence.
const headlineScanBytes = 4096

// Headline makes a headline for an item that has none (a feed item or channel post without
// a title): the first sentence of text, site clutter and an agency dateline removed, without
// its final period. When the sentence is longer than max runes (HeadlineRunes when max is
// not positive) it is cut after a whole word, so that with the "…" it ends with it fits in
// max; the cut never leaves a preposition, conjunction or particle (и, в, және, мен, ...)
// or a comma or dash before the "…", since those promise words that are not there.
func Headline(text string, max int) string {
	if max <= 0 {
		max = HeadlineRunes
	}
	if len(text) > headlineScanBytes {
		cut := strings.LastIndexAny(text[:headlineScanBytes], " \n")
		if cut <= 0 {
			cut = headlineScanBytes
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		text = text[:cut]
	}
	text = strings.TrimSpace(StripBoilerplate(text))
	if first, rest, ok := strings.Cut(text, "\n"); ok {
		text = StripDateline(first) + "\n" + rest
	} else {
		text = StripDateline(text)
	}
	var s string
	for _, x := range Sentences(text, Other) {
		if !isDatelineSentence(x) {
			s = x
			break
		}
	}
	if s == "" {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
			s = strings.TrimSpace(strings.TrimSuffix(s, "."))
		}
		return s
	}
	return cutHeadline(s, max)
}

// cutHeadline cuts s after the last whole word that leaves room for "…" within max runes,
// then drops dangling words and punctuation.
func cutHeadline(s string, max int) string {
	words := strings.Fields(s)
	n, keep := 0, 0
	for i, w := range words {
		add := utf8.RuneCountInString(w)
		if i > 0 {
			add++
		}
		if n+add > max-1 {
			break
		}
		n += add
		keep = i + 1
	}
	if keep == 0 {
		// One word longer than max (a URL, a run of symbols): nothing to cut at.
		r := []rune(s)
		return string(r[:max-1]) + "…"
	}
	words = words[:keep]
	for len(words) > 0 {
		last := strings.TrimRight(words[len(words)-1], ",;:–—-(«\"“")
		if last == "" || (len(words) > 1 && danglingWords[strings.ToLower(last)]) {
			words = words[:len(words)-1]
			continue
		}
		words[len(words)-1] = last
		break
	}
	return strings.Join(words, " ") + "…"
}

// danglingWords may not end a cut headline: prepositions, conjunctions, particles and
// determiners that need the words after them (Kazakh postpositions such as туралы or
// бойынша follow their noun, so a headline may end on them).
var danglingWords = map[string]bool{
	// Russian
	"и": true, "а": true, "но": true, "или": true, "либо": true, "да": true, "в": true, "во": true, "на": true,
	"с": true, "со": true, "к": true, "ко": true, "о": true, "об": true, "обо": true, "от": true, "до": true,
	"по": true, "за": true, "из": true, "изо": true, "у": true, "для": true, "при": true, "без": true,
	"под": true, "над": true, "про": true, "через": true, "между": true, "перед": true, "после": true,
	"что": true, "чтобы": true, "как": true, "где": true, "когда": true, "который": true, "которая": true,
	"которое": true, "которые": true, "не": true, "ни": true, "же": true, "ли": true, "бы": true,
	"также": true, "том": true, "этот": true, "эта": true, "это": true, "эти": true, "его": true, "её": true,
	"ее": true, "их": true, "свой": true, "своей": true, "своих": true, "более": true, "менее": true,
	// Kazakh
	"және": true, "мен": true, "бен": true, "пен": true, "менен": true, "бенен": true, "пенен": true,
	"немесе": true, "яки": true, "әрі": true, "де": true, "та": true, "те": true,
	"ал": true, "бірақ": true, "алайда": true, "яғни": true, "сондай-ақ": true, "сонымен": true,
	"тек": true, "ең": true, "өте": true, "осы": true, "бұл": true, "сол": true, "әр": true,
	"барлық": true, "кейбір": true, "деп": true, "деген": true,
	// English
	"and": true, "or": true, "but": true, "of": true, "the": true, "a": true, "an": true, "in": true, "on": true,
	"at": true, "to": true, "for": true, "with": true, "by": true, "from": true, "as": true, "that": true,
	"which": true,
}

// isDatelineSentence: a first "sentence" that is only a city in capitals ("АСТАНА.").
func isDatelineSentence(s string) bool {
	if rest, ok := cutWireDateline(strings.TrimSpace(s) + " "); ok && strings.TrimSpace(rest) == "" {
		return true // "АСТАНА, 20 янв — Sputnik"
	}
	if isPlaceDate(s) {
		return true // "CaspianLife, 15 наурыз."
	}
	words := strings.Fields(strings.TrimRight(s, "."))
	if len(words) == 0 || len(words) > 3 {
		return len(words) == 0
	}
	for _, w := range words {
		if !isCapitalsWord(strings.Trim(w, ".,")) {
			return false
		}
	}
	return true
}

// StripDateline removes a leading "CITY. AGENCY – " (or "City. 10 марта. AGENCY - ", the
// agency alone, or a wire's "CITY, 16 мар — AGENCY. ") from the first line: it names the
// outlet, not the news.
func StripDateline(p string) string {
	if rest, ok := cutWireDateline(p); ok {
		return rest
	}
	if i := strings.Index(p, ". "); i > 0 && i < 60 && isPlaceDate(p[:i+1]) {
		return strings.TrimSpace(p[i+2:])
	}
	for _, dash := range []string{" – ", " — ", " - "} {
		i := strings.Index(p, dash)
		if i <= 0 || utf8.RuneCountInString(p[:i]) > 60 {
			continue
		}
		head := p[:i]
		words := strings.Fields(head)
		if !strings.Contains(head, ".") && !isAgencyName(words) {
			continue
		}
		last := strings.Trim(words[len(words)-1], ".,:")
		if utf8.RuneCountInString(last) >= 3 && isCapitalsWord(last) {
			return strings.TrimSpace(p[i+len(dash):])
		}
	}
	return p
}

// cutWireDateline cuts a wire's dateline from the start of p: the city in capitals, the day
// and the month, a dash, and the agency up to its period ("МОСКВА, 16 мар — РАПСИ. ",
// "АСТАНА, 8 сен — РИА Новости. "); p must end with a blank or go on after the period.
func cutWireDateline(p string) (string, bool) {
	for _, dash := range []string{" — ", " – ", " - "} {
		i := strings.Index(p, dash)
		if i <= 0 || utf8.RuneCountInString(p[:i]) > 40 {
			continue
		}
		head := strings.Fields(p[:i])
		if len(head) < 3 || len(head) > 5 || !strings.HasSuffix(head[0], ",") {
			continue
		}
		city := strings.TrimSuffix(head[0], ",")
		if utf8.RuneCountInString(city) < 3 || !isCapitalsWord(city) || !isDayNumber(head[1]) || !isWireMonth(head[2]) {
			continue
		}
		after := p[i+len(dash):]
		j := strings.Index(after, ". ")
		if j < 0 {
			if !strings.HasSuffix(after, ".") && !strings.HasSuffix(after, " ") {
				continue
			}
			j = len(after) - 1 // the dateline is the whole line
		}
		agency := strings.Fields(after[:j])
		if len(agency) == 0 || len(agency) > 3 {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(agency[0]); !unicode.IsUpper(r) {
			continue // "ЦИК, 16 марта — последний день агитации."
		}
		return strings.TrimSpace(after[min(len(after), j+1):]), true
	}
	return p, false
}

// isPlaceDate: a place's or an outlet's name, a comma, the day and the month (and the
// year) or the date in figures, and the agency between slashes, alone in a sentence:
// "CaspianLife, 15 наурыз.", "Астана, 16 марта 2026 г.", "Бишкек, 16.03.26 /Кабар/.".
func isPlaceDate(s string) bool {
	words := strings.Fields(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if len(words) < 2 || len(words) > 5 || !strings.HasSuffix(words[0], ",") {
		return false
	}
	name := strings.TrimSuffix(words[0], ",")
	if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) || utf8.RuneCountInString(name) > 24 {
		return false
	}
	var rest []string
	if _, _, _, numeric := numericDate(strings.TrimSuffix(words[1], ".")); numeric {
		rest = words[2:] // "Бишкек, 16.03.26 /Кабар/.", "Астана, 16.03.2026."
	} else if len(words) < 3 || !isDayNumber(words[1]) || !isWireMonth(words[2]) {
		return false
	} else {
		rest = words[3:]
	}
	for _, w := range rest {
		if len(w) > 2 && strings.HasPrefix(w, "/") && strings.HasSuffix(strings.TrimSuffix(w, "."), "/") {
			continue // the agency between slashes
		}
		if w = strings.Trim(w, ".,"); !isYearNumber(w) && !has(yearWords, strings.ToLower(w)) {
			return false
		}
	}
	return true
}

// isYearNumber: a year of this century or the last, in digits.
func isYearNumber(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && len(w) == 4 && n >= 1900 && n < 2100
}

// isDayNumber: 1 to 31, as a date's day is written.
func isDayNumber(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && n >= 1 && n <= 31
}

// isWireMonth: a month's name, or a wire's short form of it ("янв", "мар", "сен").
func isWireMonth(w string) bool {
	w = strings.TrimSuffix(strings.ToLower(w), ".")
	if isMonthWord(w) {
		return true
	}
	switch w {
	case "янв", "фев", "мар", "апр", "июн", "июл", "авг", "сен", "сент", "окт", "ноя", "дек":
		return true
	}
	return false
}

// isAgencyName: one to three words in Latin capitals ("KAZINFORM", "KAZAKHSTAN TODAY"),
// as agencies sign; a Cyrillic abbreviation before a dash (ЦИК – ...) is the subject.
func isAgencyName(words []string) bool {
	if len(words) == 0 || len(words) > 3 {
		return false
	}
	for _, w := range words {
		for _, r := range w {
			if unicode.IsLetter(r) && !(r >= 'A' && r <= 'Z') {
				return false
			}
		}
		if !isCapitalsWord(w) {
			return false
		}
	}
	return true
}

// isCapitalsWord: letters all capitals, at least one letter.
func isCapitalsWord(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}
