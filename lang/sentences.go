package lang

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence splitting rules:
//   - a blank line ends a paragraph, and so does a line break before anything
//     but a lowercase letter; a line break before a lowercase letter is a hard
//     wrap inside a sentence and becomes a space;
//   - inside a paragraph a sentence ends at . ! ? … (any run of them, with the
//     closing quotes and brackets after it) followed by space and then a
//     capital letter, an opening quote or bracket, a dash, or a digit;
//   - a period does not end a sentence after an initial or any one-letter
//     word (Қ.-Ж. Тоқаев, К.-Ж. Токаев, г. Астана) or after an abbreviation
//     of the language (т.е., т.б., ж., жж., млн., млрд., ...), after a list
//     number ("1. Выборы"), nor before a digit when a number precedes it;
//   - nothing ends inside a matched pair of quotes («...», "...", “...”);
//   - a period glued between two words (Марковым.Стороны) ends a sentence,
//     a typo common in feeds, when the second word is capitalised Cyrillic.
//
// Abbreviations in capitals without a period (РК, ҚР, ЦИК) never end a
// sentence by themselves; "МИД РК. В Иордании" does end one, because there
// the period is the sentence's.

// abbreviations, lowercased and without the final period.
var (
	abbrevCommon = setOf("млн", "млрд", "трлн", "проф", "акад", "доц", "обл",
		"мин", "тг", "км", "см", "стр", "тел", "т.е", "т.б", "т.с.с", "т.д", "т.п")
	abbrevKK = setOf("жж", "ғғ", "б.з.б", "б.з", "мыс", "ауд", "сағ", "бет", "шақ", "теңг")
	abbrevRU = setOf("гг", "т.к", "т.н", "т.ч", "и.о", "др", "пр", "тыс", "руб",
		"ул", "им", "ст", "рис", "табл", "напр", "канд", "ред", "р-н", "г-н",
		"г-жа", "англ", "рус", "каз", "кв", "вып", "гл", "пп", "долл", "коп",
		"сек", "чел", "ок", "прим", "изд", "св", "тов", "ген", "искл")
)

// Sentences splits text into trimmed sentences, in order, with runs of
// white space inside a sentence folded to one space. l selects the
// abbreviation list (Other uses both).
func Sentences(text string, l Lang) []string {
	var out []string
	for _, para := range paragraphs(text) {
		out = splitParagraph(para, l, out)
	}
	return out
}

// paragraphs splits text at blank lines and at line breaks that are not hard
// wraps (see the rules above).
func paragraphs(text string) []string {
	var (
		paras []string
		cur   strings.Builder
	)
	flush := func() {
		if cur.Len() > 0 {
			paras = append(paras, cur.String())
			cur.Reset()
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			flush()
			continue
		}
		first, _ := utf8.DecodeRuneInString(trimmed)
		if cur.Len() > 0 && !unicode.IsLower(first) {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(trimmed)
	}
	flush()
	return paras
}

// splitParagraph appends the sentences of one paragraph to out.
func splitParagraph(p string, l Lang, out []string) []string {
	quotes := findQuotes(p)
	start := 0
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		if !isTerminator(r) {
			i += size
			continue
		}
		term := i
		j := i + size
		for j < len(p) {
			r2, s2 := utf8.DecodeRuneInString(p[j:])
			if !isTerminator(r2) {
				break
			}
			j += s2
		}
		for j < len(p) {
			r2, s2 := utf8.DecodeRuneInString(p[j:])
			if !isCloser(r2) {
				break
			}
			j += s2
		}
		end := j // the sentence, if it ends here, is p[start:end]
		if breakAfter(p, start, term, end, r, l, quotes) {
			out = appendSentence(out, p[start:end])
			start = end
		}
		i = end
	}
	return appendSentence(out, p[start:])
}

// breakAfter decides whether a terminator run at p[term:] whose closing
// punctuation ends at end finishes a sentence.
func breakAfter(p string, start, term, end int, r rune, l Lang, quotes quoteSpans) bool {
	if quotes.covers(end) || r == '.' && enumerator(p[start:term]) {
		return false
	}
	dots := r == '.' && end-term == 1
	before := wordBefore(p, term)
	if end < len(p) && dots {
		// A period glued to the next word: "Марковым.Стороны".
		next, n := utf8.DecodeRuneInString(p[end:])
		if isCyrillic(next) && isUpper(next) && end+n < len(p) {
			after, _ := utf8.DecodeRuneInString(p[end+n:])
			prev, _ := utf8.DecodeLastRuneInString(p[:term])
			return unicode.IsLower(after) && unicode.IsLower(prev) && isCyrillic(prev) &&
				utf8.RuneCountInString(before) >= 2
		}
	}
	k := end
	for k < len(p) {
		r2, s2 := utf8.DecodeRuneInString(p[k:])
		if !unicode.IsSpace(r2) {
			break
		}
		k += s2
	}
	if k == end || k == len(p) {
		return false // no space after, or the paragraph ends anyway
	}
	next, n := utf8.DecodeRuneInString(p[k:])
	if dots && isAbbreviation(before, l) {
		return false
	}
	switch {
	case isUpper(next), isOpener(next):
		return true
	case next == '–' || next == '—':
		return true
	case next == '-':
		after, _ := utf8.DecodeRuneInString(p[k+n:])
		return unicode.IsSpace(after)
	case isDigit(next):
		if !dots {
			return true
		}
		prev, _ := utf8.DecodeLastRuneInString(p[:term])
		return !isDigit(prev)
	}
	return false
}

// enumerator reports a list number: one or two digits at the start of the
// sentence or after a colon ("1. Выборы. 2. Голосование.").
func enumerator(before string) bool {
	before = strings.TrimRight(before, " ")
	i := len(before)
	for i > 0 && before[i-1] >= '0' && before[i-1] <= '9' {
		i--
	}
	if n := len(before) - i; n == 0 || n > 2 {
		return false
	}
	rest := strings.TrimSpace(before[:i])
	return rest == "" || strings.HasSuffix(rest, ":")
}

// wordBefore returns the run of letters, periods and hyphens that ends at
// p[:i] (т.б, Қ.-Ж, млн), without leading punctuation. It looks back at most
// 64 bytes: abbreviations are short, and a long run must not make splitting
// quadratic.
func wordBefore(p string, i int) string {
	j := i
	for j > 0 && i-j < 64 {
		r, n := utf8.DecodeLastRuneInString(p[:j])
		if !isLetter(r) && r != '.' && r != '-' {
			break
		}
		j -= n
	}
	return strings.TrimLeft(p[j:i], ".-")
}

// isAbbreviation reports an initial, a one-letter word or a listed abbreviation.
func isAbbreviation(w string, l Lang) bool {
	if w == "" {
		return false
	}
	last := w
	if k := strings.LastIndexAny(w, ".-"); k >= 0 {
		last = w[k+1:]
	}
	if utf8.RuneCountInString(last) == 1 {
		return true
	}
	lw := strings.ToLower(w)
	if _, ok := abbrevCommon[lw]; ok {
		return true
	}
	_, kk := abbrevKK[lw]
	_, ru := abbrevRU[lw]
	switch l {
	case KK:
		return kk
	case RU:
		return ru
	}
	return kk || ru
}

// quoteSpans are the byte spans [open, close] of matched quote pairs, merged
// and sorted, so that a lookup is a binary search.
type quoteSpans [][2]int

// findQuotes pairs the quotes of p. Each kind of quote has its own stack, so
// a stray closer costs nothing and unmatched quotes (common in feeds) open
// nothing.
func findQuotes(p string) quoteSpans {
	const (
		guillemet = iota // « »
		curly            // “ ”
		straight         // " "
		low              // „ “
	)
	var (
		stacks [4][]int
		spans  quoteSpans
		prev   rune = ' '
	)
	closeKind := func(kind, pos int) {
		if n := len(stacks[kind]); n > 0 {
			spans = append(spans, [2]int{stacks[kind][n-1], pos})
			stacks[kind] = stacks[kind][:n-1]
		}
	}
	for i, r := range p {
		switch r {
		case '«':
			stacks[guillemet] = append(stacks[guillemet], i)
		case '»':
			closeKind(guillemet, i)
		case '„':
			stacks[low] = append(stacks[low], i)
		case '“':
			if len(stacks[low]) > 0 {
				closeKind(low, i)
			} else {
				stacks[curly] = append(stacks[curly], i)
			}
		case '”':
			closeKind(curly, i)
		case '"':
			if unicode.IsSpace(prev) || isOpener(prev) {
				stacks[straight] = append(stacks[straight], i)
			} else {
				closeKind(straight, i)
			}
		}
		prev = r
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		last := &merged[len(merged)-1]
		if sp[0] <= last[1] {
			last[1] = max(last[1], sp[1])
		} else {
			merged = append(merged, sp)
		}
	}
	return merged
}

// covers reports whether pos falls inside a quote pair: after the opening
// quote and up to the closing one.
func (q quoteSpans) covers(pos int) bool {
	i := sort.Search(len(q), func(i int) bool { return q[i][0] >= pos })
	return i > 0 && pos <= q[i-1][1]
}

func isTerminator(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isCloser(r rune) bool {
	switch r {
	case '»', '”', '"', '\'', ')', ']', '’':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '«', '“', '„', '"', '(', '[', '\'':
		return true
	}
	return false
}

// singleSpaced reports whether the spaces of s, trimmed, are single ASCII spaces.
func singleSpaced(s string) bool {
	prev := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if prev {
				return false
			}
			prev = true
			continue
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
			i += size - 1
		}
		prev = false
	}
	return true
}

// appendSentence appends s trimmed and with white space folded, if not empty.
func appendSentence(out []string, s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return out
	}
	if singleSpaced(s) {
		return append(out, s) // most sentences: no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return append(out, b.String())
}
