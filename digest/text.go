package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/refdigest/refdigest/lang"
)

// stripClutter removes the site's lines (widgets, menus, dates, bylines, credits, share rows,
// tags, notices) from the top and the bottom of an article text. The collector does it
// before storing; items stored earlier still carry them.
func stripClutter(text string) string { return lang.StripBoilerplate(text) }

// madeHeadline heads an item that has no title with its first sentence, cut after a word
// with "…" when it is long.
func madeHeadline(text string) string { return lang.Headline(text, lang.HeadlineRunes) }

// paragraphs cleans an article text for sentence splitting: site clutter at either end is
// removed, hard-wrapped lines are joined, photo captions and bare headings are dropped, and
// the agency dateline ("АСТАНА. KAZINFORM –") is cut from the start. Feeds and extractors
// leave all of these in Body.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = stripClutter(text)
	var (
		out []string
		cur strings.Builder
	)
	flush := func() {
		if p := strings.TrimSpace(cur.String()); p != "" {
			out = append(out, p)
		}
		cur.Reset()
	}
	for _, line := range strings.Split(text, "\n") {
		line = collapseSpace(line)
		if line == "" {
			flush()
			continue
		}
		if isCaption(line) || lang.IsStampLine(line) {
			flush()
			continue
		}
		if cur.Len() > 0 {
			prev := cur.String()
			// A line that continues in lower case is a soft wrap of the same sentence; a
			// capitalised line after one without final punctuation follows a heading.
			if !endsSentence(prev) && !startsLower(line) {
				flush()
			} else {
				cur.WriteByte(' ')
			}
		}
		cur.WriteString(line)
	}
	flush()
	if len(out) > 0 {
		out[0] = lang.StripDateline(out[0])
		if out[0] == "" {
			out = out[1:]
		}
	}
	return out
}

// collapseSpace is strings.Join(strings.Fields(s), " "), without allocating for a line
// that is already so: most are.
func collapseSpace(s string) string {
	clean, prevSpace := true, true // a leading space is not clean
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace || s == "" {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isCaption reports a line that labels a picture rather than tells the news.
func isCaption(line string) bool {
	l := line
	if len(l) > 32 {
		l = l[:32] // the prefixes are short; a rune cut in two does not matter here
	}
	l = strings.ToLower(strings.TrimLeft(l, "0123456789 ")) // "118Фото: …": a view count glued to the credit
	for _, p := range []string{"фото:", "сурет:", "видео:", "photo:", "whatsapp image", "коллаж:", "иллюстрация:"} {
		if strings.HasPrefix(l, p) {
			return !endsSentence(line) || utf8.RuneCountInString(line) < 60
		}
	}
	// Without a colon the word may start a sentence of the news ("Фото с участков
	// опубликовали очевидцы."): only a credit without a final stop is a caption.
	for _, p := range []string{"фото ", "сурет "} {
		if strings.HasPrefix(l, p) {
			return !endsSentence(line) || len(strings.Fields(line)) < 5
		}
	}
	return false
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// closers may follow the final punctuation of a sentence.
const closers = "»\"”’)]"

func endsSentence(s string) bool {
	s = strings.TrimRight(s, closers+" ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// wholeSentence reports whether s reads as a complete sentence on its own: it starts with a
// capital, a digit or an opening quote, ends with final punctuation, has balanced quotes and
// brackets and a sensible length.
func wholeSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '«' || r == '"' || r == '“') {
		return false
	}
	if !endsSentence(s) {
		return false
	}
	if strings.Count(s, "«") != strings.Count(s, "»") || strings.Count(s, "\"")%2 != 0 ||
		strings.Count(s, "“") != strings.Count(s, "”") || strings.Count(s, "(") != strings.Count(s, ")") {
		return false
	}
	n := len(strings.Fields(s))
	return n >= 5 && n <= 70
}
