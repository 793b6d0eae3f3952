package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// paragraphs cleans an article text for sentence splitting: hard-wrapped lines are joined,
// photo captions and bare headings are dropped, and the agency dateline ("АСТАНА. KAZINFORM –")
// is cut from the start. Feeds and extractors leave all of these in Body.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
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
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			flush()
			continue
		}
		if isCaption(line) {
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
		out[0] = stripDateline(out[0])
		if out[0] == "" {
			out = out[1:]
		}
	}
	return out
}

// captionPrefixes start lines that label pictures rather than tell the news.
var captionPrefixes = []string{"фото:", "фото ", "сурет:", "сурет ", "видео:", "photo:", "whatsapp image", "коллаж:", "иллюстрация:"}

func isCaption(line string) bool {
	l := strings.ToLower(line)
	for _, p := range captionPrefixes {
		if strings.HasPrefix(l, p) {
			return !endsSentence(line) || utf8.RuneCountInString(line) < 60
		}
	}
	return false
}

// stripDateline removes a leading "CITY. AGENCY – " (or "City. 10 марта. AGENCY - "): it
// carries no news and would otherwise open every summary.
func stripDateline(p string) string {
	for _, dash := range []string{" – ", " — ", " - "} {
		i := strings.Index(p, dash)
		if i <= 0 || utf8.RuneCountInString(p[:i]) > 60 {
			continue
		}
		head := p[:i]
		if !strings.Contains(head, ".") {
			continue
		}
		words := strings.Fields(head)
		last := strings.Trim(words[len(words)-1], ".,:")
		if utf8.RuneCountInString(last) >= 3 && isUpperWord(last) {
			return strings.TrimSpace(p[i+len(dash):])
		}
	}
	return p
}

func isUpperWord(w string) bool {
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

// abbreviations end in a period without ending the sentence (kk and ru), lower-cased and
// without the final period.
var abbreviations = map[string]bool{
	"т.б": true, "т.с.с": true, "т.е": true, "т.д": true, "т.п": true, "г": true, "гг": true,
	"ж": true, "жж": true, "ст": true, "им": true, "проф": true, "акад": true, "др": true,
	"млн": true, "млрд": true, "тыс": true, "руб": true, "тг": true, "зам": true, "см": true,
	"рис": true, "обл": true, "р-н": true, "ул": true, "пр": true, "каз": true, "рус": true,
	"англ": true, "мин": true, "сағ": true, "стр": true, "т": true, "бб": true,
}

// splitSentences splits one paragraph into sentences at . ! ? … followed by a space and a
// capital, a digit, an opening quote or a dash, except after initials and abbreviations.
func splitSentences(p string) []string {
	var out []string
	runes := []rune(p)
	start := 0
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i + 1
		for end < len(runes) && (strings.ContainsRune(".!?…", runes[end]) || strings.ContainsRune(closers, runes[end])) {
			end++
		}
		if end >= len(runes) || !unicode.IsSpace(runes[end]) {
			i = end - 1
			continue
		}
		next := end
		for next < len(runes) && unicode.IsSpace(runes[next]) {
			next++
		}
		if next >= len(runes) {
			break
		}
		n := runes[next]
		if !(unicode.IsUpper(n) || unicode.IsDigit(n) || strings.ContainsRune("«\"“–—-(", n)) {
			i = end - 1
			continue
		}
		if r == '.' && isAbbreviation(runes[start:i]) {
			i = end - 1
			continue
		}
		if s := strings.TrimSpace(string(runes[start:end])); s != "" {
			out = append(out, s)
		}
		start = next
		i = next - 1
	}
	if s := strings.TrimSpace(string(runes[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// isAbbreviation reports whether the text before a period ends with an initial or a known
// abbreviation.
func isAbbreviation(before []rune) bool {
	j := len(before)
	for j > 0 && !unicode.IsSpace(before[j-1]) && before[j-1] != '(' && before[j-1] != '«' {
		j--
	}
	word := strings.ToLower(strings.Trim(string(before[j:]), "\"“"))
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		return unicode.IsLetter([]rune(word)[0])
	}
	// "Қ.-Ж" and other hyphenated initials.
	if strings.Contains(word, ".") && utf8.RuneCountInString(word) <= 5 {
		return true
	}
	return abbreviations[word]
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

// leadSentences returns the first n whole sentences of an item's text (or its first
// sentences when none is whole), for the one-item summary.
func leadSentences(text string, n int) []string {
	var all, good []string
	for _, p := range paragraphs(text) {
		for _, s := range splitSentences(p) {
			all = append(all, s)
			if wholeSentence(s) {
				good = append(good, s)
				if len(good) == n {
					return good
				}
			}
		}
	}
	if len(good) > 0 {
		return good
	}
	if len(all) > n {
		all = all[:n]
	}
	return all
}
