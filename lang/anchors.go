package lang

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Anchors returns the language-neutral anchors of a text, deduplicated and
// sorted, for matching a Kazakh and a Russian report of the same event:
//
//	num:2026      a number of two digits or more (leading zeros dropped,
//	              decimal comma written as a point: num:3.5); single digits
//	              are too common to anchor anything
//	date:03-15    a day and month: 15 наурыз(да), 15 марта, March 15,
//	              15.03.2026, 2026-03-15 (the year also gives num:2026)
//	name:tokaev   a capitalised word that does not start a sentence and is
//	              not a stopword or part of a gazetteer term, by NameKey
//	term:referendum  a gazetteer concept (see Concepts)
//	ord:5         an ordinal: пятое, бесінші, 5-ші, 5-е, V (the fifth session
//	              of a commission is not the fourth)
//	ord:kurultai:5  an ordinal of the National Kurultai (V Ұлттық құрылтай): the
//	              yearly gathering's number, not a sitting's, and named beside one
//	time:18:00    a time of day: 18:00, сағат 18.00 (the turnout at six is
//	              not the turnout at ten)
func Anchors(text string) []string { return anchors(text, nil) }

// Anchors is Anchors(text), with the gazetteer's stems remembered in the cache.
func (c *TermCache) Anchors(text string) []string { return anchors(text, c) }

func anchors(text string, cache *TermCache) []string {
	return anchorsOf(text, Tokenize(text), cache, nil)
}

// anchorsOf is Anchors of text, given its tokens; onName, if not nil, is told of each
// word that gives a name anchor.
func anchorsOf(text string, toks []Token, cache *TermCache, onName func(Token, string)) []string {
	ids, inConcept := matchConcepts(toks, cache)
	set := make(map[string]struct{}, len(toks)/4+len(ids))
	for _, id := range ids {
		set["term:"+id] = struct{}{}
	}
	timeAnchors(text, set)
	consumed := make([]bool, len(toks))
	for i, t := range toks {
		switch {
		case t.Number:
			numberAnchors(text, toks, i, consumed, set)
		case inConcept[i]:
		default:
			if day, month, ok := hyphenDate(t.Text); ok {
				set[dateAnchor(month, day)] = struct{}{}
				continue
			}
			if n, ok := ordinalAt(text, toks, i); ok {
				switch {
				case ordinalOfKurultai(toks, i):
					set["ord:kurultai:"+strconv.Itoa(n)] = struct{}{}
				case ordinalOfEvent(toks, i):
					set["ord:"+strconv.Itoa(n)] = struct{}{}
				}
				continue
			}
			if isName(text, t) {
				if _, isMonth := Month(t.Text); !isMonth {
					if k := NameKey(t.Text); utf8.RuneCountInString(k) >= 3 {
						key := "name:" + k
						set[key] = struct{}{}
						if onName != nil {
							onName(t, key)
						}
					}
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// numberAnchors adds the anchors of the number token toks[i].
func numberAnchors(text string, toks []Token, i int, consumed []bool, set map[string]struct{}) {
	t := toks[i]
	if d, m, y, ok := numericDate(t.Text); ok {
		set[dateAnchor(m, d)] = struct{}{}
		if y > 0 {
			set["num:"+strconv.Itoa(y)] = struct{}{}
		}
		return
	}
	if y, m, d, ok := isoDate(text, toks, i); ok {
		set[dateAnchor(m, d)] = struct{}{}
		set["num:"+strconv.Itoa(y)] = struct{}{}
		consumed[i+1], consumed[i+2] = true, true
		return
	}
	if consumed[i] || isIdentifier(t.Text) {
		return
	}
	if n, err := strconv.Atoi(t.Text); err == nil && n >= 1 && n <= 31 {
		// 15 наурыз, 15 марта; March 15.
		if i+1 < len(toks) {
			if m, ok := Month(toks[i+1].Text); ok {
				set[dateAnchor(m, n)] = struct{}{}
				return
			}
		}
		if i > 0 {
			if m, ok := Month(toks[i-1].Text); ok && !toks[i-1].Number {
				set[dateAnchor(m, n)] = struct{}{}
				return
			}
		}
	}
	v, exact, span, ok := quantity(text, toks, i)
	if !ok {
		return
	}
	for k := i + 1; k < i+span; k++ {
		consumed[k] = true
	}
	if exact && (v >= 10 || v != math.Trunc(v)) {
		set["num:"+formatNumber(v)] = struct{}{}
	}
	// A large figure also gets its rough key, which a rounded writing of it
	// ("7,9 млн" for 7 954 667) shares.
	if v >= 10000 || !exact {
		if k, ok := roughKey(v); ok {
			set["num~"+k] = struct{}{}
		}
	}
}

// isIdentifier: twelve digits or more in one unbroken run are a file name's, a page's or
// a timestamp's (20260315083659828.jpg), not a figure: figures that long are written with
// separators or words.
func isIdentifier(s string) bool {
	if len(s) < 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// numericDate parses d.m.yyyy, d.m.yy and d.m (dots only).
func numericDate(s string) (day, month, year int, ok bool) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) > 2 || len(parts[1]) != 2 {
		return 0, 0, 0, false
	}
	day, err1 := strconv.Atoi(parts[0])
	month, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || !validDayMonth(day, month) {
		return 0, 0, 0, false
	}
	if len(parts) == 3 {
		if len(parts[2]) != 4 && len(parts[2]) != 2 {
			return 0, 0, 0, false
		}
		y, err := strconv.Atoi(parts[2])
		if err != nil {
			return 0, 0, 0, false
		}
		if y < 100 {
			y += 2000
		}
		year = y
	} else if len(parts[0]) != 2 {
		// "3.05" is more likely a decimal than the 3rd of May.
		return 0, 0, 0, false
	}
	return day, month, year, true
}

// isoDate reads yyyy-mm-dd spread over three number tokens joined by hyphens.
func isoDate(text string, toks []Token, i int) (y, m, d int, ok bool) {
	if i+2 >= len(toks) || len(toks[i].Text) != 4 || len(toks[i+1].Text) != 2 || len(toks[i+2].Text) != 2 {
		return 0, 0, 0, false
	}
	if text[toks[i].End:toks[i+1].Start] != "-" || text[toks[i+1].End:toks[i+2].Start] != "-" {
		return 0, 0, 0, false
	}
	y, err1 := strconv.Atoi(toks[i].Text)
	m, err2 := strconv.Atoi(toks[i+1].Text)
	d, err3 := strconv.Atoi(toks[i+2].Text)
	if err1 != nil || err2 != nil || err3 != nil || !validDayMonth(d, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// hyphenDate reads "15-наурыз", "15-наурызда".
func hyphenDate(s string) (day, month int, ok bool) {
	num, word, found := strings.Cut(s, "-")
	if !found || len(num) > 2 {
		return 0, 0, false
	}
	day, err := strconv.Atoi(num)
	if err != nil {
		return 0, 0, false
	}
	month, ok = Month(word)
	if !ok || !validDayMonth(day, month) {
		return 0, 0, false
	}
	return day, month, true
}

func validDayMonth(d, m int) bool { return d >= 1 && d <= 31 && m >= 1 && m <= 12 }

func dateAnchor(month, day int) string {
	return "date:" + twoDigits(month) + "-" + twoDigits(day)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// isName reports a capitalised token that does not open a sentence and is
// not a stopword or an adjective.
func isName(text string, t Token) bool {
	if !startsUpper(text[t.Start:t.End]) || IsStopword(t.Text, Other) || adjective(t.Text) {
		return false
	}
	return !sentenceInitial(text, t.Start)
}

// Adjectives are capitalised in slogans, titles and the words of a name ("Справедливый
// Казахстан", "Общенациональный", "Халықтық", "Центральной"); alone they name nothing.
// Names that end like an adjective stay names:
//   - place adjectives and surnames in -ский (Карагандинская, Достоевский): -ск- before
//     the ending;
//   - surnames in -ин declined (Кариным, Будариной): и before -ным, -ной;
//   - given names: -ий, -им, -их (Дмитрий, Максим, Генрих) are not read as endings, nor is
//     -ая after a consonant that ends a Kazakh name in -ай (Кылыбая, Алтынтая).
var (
	nameAdjEndings = []string{"ый", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ых", "ую", "юю", "ыми", "ими",
		"ной", "ным", "ном", "ная", "вая", "кая", "шая", "щая", "чая", "жая"}
	kkAdjEndings = []string{"лық", "лік", "дық", "дік", "тық", "тік"}
)

func adjective(w string) bool {
	if utf8.RuneCountInString(w) < 5 {
		return false
	}
	for _, e := range kkAdjEndings {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	if hasKazakhLetter(w) {
		return false
	}
	for _, e := range nameAdjEndings {
		if strings.HasSuffix(w, e) {
			stem := w[:len(w)-len(e)]
			if strings.HasPrefix(e, "н") && strings.HasSuffix(stem, "и") {
				return false
			}
			return !strings.HasSuffix(stem, "ск") && !strings.HasSuffix(stem, "цк")
		}
	}
	return false
}

// sentenceInitial reports whether only space, quotes, brackets or dashes
// stand between the start of the text or the end of a sentence and pos.
func sentenceInitial(text string, pos int) bool {
	for pos > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:pos])
		switch {
		case r == ' ' || r == '\t' || r == 0xA0 || isOpener(r) || r == '–' || r == '—' || r == '-':
			pos -= n
		case r == '\n' || isTerminator(r) || r == ':':
			return true
		default:
			return false
		}
	}
	return true
}

// clockTime finds times of day: 16:00 and 9:30 always; 18.00 only with minutes 00 or
// 30 and a word of time beside it (сағат, часов, на, к, в, до, -ге/-дегі), as a dot
// also writes decimals (73.12).
var clockTime = regexp.MustCompile(`(?i)(^|[^\d.,:])([01]?\d|2[0-3])([:.])([0-5]\d)($|[^\d%,.:]|[.,]\D|[.,]$)`)

// timeAnchors adds a time:HH:MM anchor for each time of day in text.
func timeAnchors(text string, set map[string]struct{}) {
	if !hasClockShape(text) {
		return // most texts have no d:dd or d.dd at all; the regexp costs more than this scan
	}
	for _, m := range clockTime.FindAllStringSubmatchIndex(text, -1) {
		h, sep, mm := text[m[4]:m[5]], text[m[6]:m[7]], text[m[8]:m[9]]
		if sep == "." {
			before := strings.ToLower(text[max(0, m[4]-24):m[4]])
			after := strings.ToLower(text[m[9]:min(len(text), m[9]+12)])
			timeWord := strings.HasSuffix(strings.TrimSpace(before), "сағат") || strings.HasPrefix(after, "-") ||
				strings.HasPrefix(strings.TrimSpace(after), "час") ||
				slices.Contains([]string{"на", "к", "в", "до"}, lastWord(before))
			if (mm != "00" && mm != "30") || !timeWord {
				continue
			}
		}
		if len(h) == 1 {
			h = "0" + h
		}
		set["time:"+h+":"+mm] = struct{}{}
	}
}

// lastWord is the last word of s, lower case.
func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// hasClockShape reports whether text has a digit, a colon or point, and two digits.
func hasClockShape(text string) bool {
	isDigit := func(b byte) bool { return b >= '0' && b <= '9' }
	for k := 1; k+2 < len(text); k++ {
		if (text[k] == ':' || text[k] == '.') && isDigit(text[k-1]) && isDigit(text[k+1]) && isDigit(text[k+2]) {
			return true
		}
	}
	return false
}

// ordinalOfKurultai reports whether the ordinal at toks[i] numbers the National Kurultai
// ("V Национальный курултай", "V Ұлттық құрылтай", "на V заседании Национального
// курултая", "Ұлттық құрылтайдың бесінші отырысы"): its name follows, with only
// "national" and "sitting" between, or comes just before in the genitive.
func ordinalOfKurultai(toks []Token, i int) bool {
	if i > 0 {
		// Kazakh names the whole first: "Ұлттық құрылтайдың бесінші отырысы".
		if w := strings.ToLower(toks[i-1].Text); strings.HasPrefix(w, "құрылтайдың") || strings.HasPrefix(w, "курултая") {
			return true
		}
	}
	for j := i + 1; j < len(toks) && j <= i+3; j++ {
		w := strings.ToLower(toks[j].Text)
		switch {
		case strings.HasPrefix(w, "курулта") || strings.HasPrefix(w, "құрылта"):
			return true
		case !strings.HasPrefix(w, "национальн") && !strings.HasPrefix(w, "ұлттық") &&
			!strings.HasPrefix(w, "заседани") && !strings.HasPrefix(w, "отырыс"):
			return false
		}
	}
	return false
}
