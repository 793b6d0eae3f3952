package lang

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clutter rules. Article pages and feeds hand over the article with the site around it:
// weather and exchange-rate widgets, menus, dates and view counters above; bylines, photo
// credits, tags, "read also" lists, share rows, the Ctrl+Enter notice, copyright and the
// cookie banner below. StripBoilerplate removes such lines from the top and the bottom of a
// text only: inside the article the same words are news ("фото" in a sentence, a credit
// between paragraphs is left as it is).
//
// A line is clutter when, trimmed, it is
//   - hard clutter, dropped even when it reads as a sentence: the Ctrl+Enter notice, a
//     cookie notice, a copyright line or a reuse notice, an invitation to subscribe to a
//     channel;
//   - a label line: a label of its kind followed by ":" or a dash ("Фото: Akorda",
//     "Жарияланды: 16.03.2026", "Теги: ...", "Автор: ..."), or standing alone ("Поделиться",
//     "Погода", "Курс валют", "Автор:"), unless what follows the label is a sentence; photo,
//     weather and share labels may also be followed by a short non-sentence ("Фото
//     пресс-службы Акорды"), publication labels by a date ("Posted 12 March 2026");
//   - soft clutter, never when the line reads as a sentence: no letters at all ("👁 532",
//     "°"), a weather reading ("Астана +3°C"), exchange rates ("USD 512.30", "• RUB:"), a
//     bare date or time, a section name before a date ("Новости16 марта 2026"), a view
//     count ("532 просмотра"), a menu (4+ words, nearly all capitalised, no punctuation) or
//     a bar of items between "|", a language switcher, share-button words only, hashtags
//     only, a lone button or section name ("Принять", "Басты жаңалықтар");
//   - a "read also" marker, with up to readAlsoLines short headlines after it;
//   - a name line directly after a bare byline label ("Автор:" / "Марат Садыков");
//   - a dateline's place over its date ("Москва" / "20 января 2026 / 16:54"), and a lone
//     capitalised word directly under other clutter, a section name ("Политика");
//   - the wrapped rest (starting in lower case) of a clutter line just above it;
//   - at the top only: a publication stamp on the headline's line ("date 2026-02-24 …"); a
//     tag rubric, a breadcrumb, the weather widget's city, a menu's short lines under other
//     clutter; short lines sharing no word with the text above a headline that does (a
//     trending link, a widget's name: offTopic); and every short line over the first line
//     that reads as a headline of the text below (headlineBelow), however long the run.
//
// A line directly followed by one starting in lower case is the start of a hard-wrapped
// sentence and is never soft clutter or a "read also" headline.

// readAlsoLines bounds the headline list after a "read also" marker: further lines are more
// likely the article's own subheadings.
const readAlsoLines = 6

// StripBoilerplate removes site clutter lines from the top and the bottom of an article
// text (paragraphs separated by newlines) and returns what is between them byte for byte;
// a text without clutter at either end comes back unchanged. Blank lines next to the
// removed clutter go with it.
func StripBoilerplate(text string) string {
	text = stripEmbeds(text)
	if off := stampPrefix(text); off > 0 {
		return StripBoilerplate(text[off:])
	}
	lines := splitLines(text)
	if len(lines) == 0 {
		return text
	}
	// Only the two ends are read: the top until its first article line, the bottom from
	// bottomWindow lines before the end (no clutter run is that long).
	top := newClassifier(text, lines)
	// Above the article, a blank line separates nothing: extractors put one between every
	// two paragraphs of the page, menus and widgets included.
	top.blanksJoin = true
	first, cutTop, offTopic := 0, false, 0
	for ; first < len(lines); first++ {
		if top.blank(first) {
			continue
		}
		if top.clutter(first) {
			cutTop = true
			continue
		}
		if offTopic < maxOffTopic && top.offTopic(first) {
			offTopic++
			top.prevClutter, cutTop = true, true
			continue
		}
		if j, ok := top.headlineBelow(first); ok {
			first, cutTop = j, true
		}
		break
	}
	if first == len(lines) {
		if cutTop {
			return ""
		}
		return text
	}
	from := max(first+1, len(lines)-bottomWindow)
	bottom := newClassifier(text, lines)
	isClutter := make([]bool, len(lines)-from)
	for i := from; i < len(lines); i++ {
		isClutter[i-from] = !bottom.blank(i) && bottom.clutter(i)
	}
	last, cutBottom := len(lines)-1, false
	for ; last >= from && (isClutter[last-from] || bottom.blank(last)); last-- {
		cutBottom = cutBottom || isClutter[last-from]
	}
	if last < from {
		// The whole window is clutter: the text ends where it starts.
		last = from - 1
		for last > first && bottom.blank(last) {
			last--
		}
	}
	start, end := 0, len(text)
	if cutTop {
		start = lines[first].start
	}
	if cutBottom {
		end = lines[last].end
		end -= len(text[:end]) - len(strings.TrimRight(text[:end], "\r"))
	}
	return text[start:end]
}

// maxOffTopic bounds the lines above the headline that the off-topic rule takes (a trending
// bar, a widget's name): more such lines are more likely an article the rule misreads.
const maxOffTopic = 4

// offTopicScan is how much of the text's start the off-topic rule reads for its words.
const offTopicScan = 4096

// offTopic reports a short line at the top, no sentence, that shares no word with the text
// below it, above a headline that does: a trending link ("Чемпионат мира по хоккею"), a
// widget's or a counter's name ("Размер шрифта", "Рейтинг@Mail.ru"), a tab ("Тренды:").
// A headline tells of its article, so shares its words; these tell of something else. The
// headline below is required so that an article under a figurative headline ("Вызов
// принят") keeps it.
func (c *classifier) offTopic(i int) bool {
	s := c.trimmed(i)
	if utf8.RuneCountInString(s) > 80 || letterWords(s) > 8 || endsWithStop(s) ||
		i+1 < len(c.lines) && startsLowerCase(c.trimmed(i+1)) {
		return false
	}
	if c.sharesBelow(s, c.lines[i].end) {
		return false
	}
	for j, seen := i+1, 0; j < len(c.lines) && seen < 6; j++ {
		t := c.trimmed(j)
		if t == "" {
			continue
		}
		seen++
		switch {
		case headlineLike(t, utf8.RuneCountInString(t)):
			if c.sharesBelow(t, c.lines[j].end) {
				return true // the headline
			} // else another such line
		case isSentence(t):
			return false // the article begins with no headline over it
		}
	}
	return false
}

// sharesBelow reports whether a word of s (its first five letters, as a crude stem that
// declension leaves alone) occurs in the text after byte offset from, within offTopicScan.
func (c *classifier) sharesBelow(s string, from int) bool { return c.sharedBelow(s, from, 1) >= 1 }

// sharedBelow counts the words of s found in the text after byte offset from, within
// offTopicScan, up to enough. The words of s are few, and the text below is scanned once
// without a table: the rules read the first line of nearly every text, most often a
// headline that shares its words at once.
func (c *classifier) sharedBelow(s string, from, enough int) int {
	var keys [12]topicWord
	n := 0
	eachTopicWord(s, func(w topicWord) bool {
		if _, stop := topicStops[w]; !stop && n < len(keys) && !slices.Contains(keys[:n], w) {
			keys[n] = w
			n++
		}
		return true
	})
	if n == 0 || from >= len(c.text) {
		return 0
	}
	var met [12]bool
	found := 0
	eachTopicWord(c.text[from:min(len(c.text), from+offTopicScan)], func(w topicWord) bool {
		for k := range keys[:n] {
			if !met[k] && keys[k] == w {
				met[k] = true
				found++
			}
		}
		return found < enough
	})
	return found
}

// headlineBelow finds the headline under the page's furniture: the first line from i on
// that reads as one (headlineLike) and shares two words or more with the text under it,
// when every line above it is short and no sentence (menus, widgets, tags, a weather
// reading). It reports false when line i is that headline, or when the article begins,
// a sentence or a long line, before one is found.
func (c *classifier) headlineBelow(i int) (int, bool) {
	for j, seen := i, 0; j < len(c.lines) && seen < headlineScanLines; j++ {
		t := c.trimmed(j)
		if t == "" {
			continue
		}
		seen++
		if len(t) > 4*150 && !isBreadcrumb(t) {
			return 0, false // over 150 letters in any script: the article has begun (as below, sooner)
		}
		n := utf8.RuneCountInString(t)
		if isBreadcrumb(t) || isTagRubric(t, n) {
			continue // they repeat the headline's or the text's words
		}
		if headlineLike(t, n) && c.sharedBelow(t, c.lines[j].end, 2) >= 2 {
			return j, j != i
		}
		if n > 150 || isSentence(t) || n > 80 && strings.ContainsAny(t, ",.;:!?") {
			return 0, false // the article has begun: a long line without punctuation is a bar of links
		}
	}
	return 0, false
}

// headlineScanLines bounds the lines of furniture headlineBelow looks through.
const headlineScanLines = 150

// headlineLike: a line a headline could be: three words or more, no final stop, not long,
// no clock time first.
func headlineLike(t string, n int) bool {
	return n <= 150 && !endsWithStop(t) && letterWords(t) >= 3 && !startsWithClock(t)
}

// startsWithClock: "13:30, 11 сентября …", a stamp however it goes on.
func startsWithClock(t string) bool {
	return len(t) >= 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' && t[2] == ':' && t[3] >= '0' && t[3] <= '5'
}

// topicWord is the first five letters, lower-cased, of a word of four letters or more.
type topicWord struct {
	r [5]rune
	n int
}

// topicStops are the topic words of the stopwords and of the words sites name themselves
// with ("Новости Актау", "… жаңалықтары"): sharing them says nothing of a topic.
var topicStops = func() map[topicWord]struct{} {
	m := map[topicWord]struct{}{}
	add := func(words ...string) {
		for _, w := range words {
			eachTopicWord(w, func(k topicWord) bool { m[k] = struct{}{}; return true })
		}
	}
	for w := range kkStopwords {
		add(w)
	}
	for w := range ruStopwords {
		add(w)
	}
	add("новости", "новость", "жаңалықтары", "жаңалық", "news")
	return m
}()

// eachTopicWord calls fn with each topic word of s while fn returns true.
func eachTopicWord(s string, fn func(topicWord) bool) {
	var w topicWord
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if letters < len(w.r) {
				w.r[letters] = unicode.ToLower(r)
			}
			letters++
			continue
		}
		if letters >= 4 {
			w.n = min(letters, len(w.r))
			if !fn(w) {
				return
			}
		}
		w, letters = topicWord{}, 0
	}
	if letters >= 4 {
		w.n = min(letters, len(w.r))
		fn(w)
	}
}

// stampPrefix is the length of a publication stamp heading the text on the headline's own
// line ("date 2026-02-24 Чемпионат…", "Опубликовано: 24.02.2026 10:15 …"), blanks after it
// included, or 0: a label and a date, then anything; or an ISO date alone, then a letter,
// a quote or the line's end.
func stampPrefix(text string) int {
	s := strings.TrimLeft(text, " \t\r\n")
	off := len(text) - len(s)
	low := strings.ToLower(s[:min(len(s), 40)])
	labelled := false
	for _, lb := range stampLabels {
		if strings.HasPrefix(low, lb) {
			rest := strings.TrimLeft(s[len(lb):], ": ")
			if len(rest) < len(s)-len(lb) { // a colon or a blank after the label
				off += len(s) - len(rest)
				s, labelled = rest, true
			}
			break
		}
	}
	n := dateStampLen(s, labelled)
	if n == 0 {
		return 0
	}
	rest := s[n:]
	t := strings.TrimLeft(rest, " \t")
	switch r, _ := utf8.DecodeRuneInString(t); {
	case len(t) == len(rest) && t != "" && r != '\n' && r != '\r':
		return 0 // "2026-02-24T…", "2026-02-245"
	case has(yearWords, strings.ToLower(strings.Trim(firstWord(t), ".,"))):
		return 0 // "2026-02-24 года …" is a sentence's date
	case labelled || t == "" || r == '\n' || r == '\r' || unicode.IsLetter(r) || strings.ContainsRune("«\"“", r):
		t = strings.TrimLeft(t, " \t\r\n") // a stamp on a line of its own goes with its line
		return off + len(s) - len(t)
	}
	return 0
}

// yearWords follow a date inside a sentence ("2026-02-24 жылы", "года").
var yearWords = setOf("года", "год", "г", "жыл", "жылы", "жылғы", "ж")

// stampLabels open a publication stamp.
var stampLabels = []string{"date", "дата", "posted", "published", "опубликовано", "жарияланды", "жарияланған"}

// dateStampLen is the length of the date (and time) s begins with: YYYY-MM-DD, or after a
// label DD.MM.YYYY too, with an optional " HH:MM" or "THH:MM".
func dateStampLen(s string, labelled bool) int {
	digits := func(from, n int) bool {
		if len(s) < from+n {
			return false
		}
		for k := from; k < from+n; k++ {
			if s[k] < '0' || s[k] > '9' {
				return false
			}
		}
		return true
	}
	n := 0
	switch {
	case digits(0, 4) && len(s) > 9 && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2):
		n = 10
	case labelled && digits(0, 2) && len(s) > 9 && s[2] == '.' && digits(3, 2) && s[5] == '.' && digits(6, 4):
		n = 10
	default:
		return 0
	}
	if len(s) > n+5 && (s[n] == ' ' || s[n] == 'T') && digits(n+1, 2) && s[n+3] == ':' && digits(n+4, 2) {
		n += 6
	}
	return n
}

// firstWord is s up to its first blank.
func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// bottomWindow is how many lines at the end of a text are read for the bottom run.
const bottomWindow = 100

// maxClutterRunes: no rule takes a longer line.
const maxClutterRunes = 300

// span is one line of a text, without its '\n'.
type span struct{ start, end int }

func splitLines(text string) []span {
	if text == "" {
		return nil
	}
	var out []span
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			out = append(out, span{start, i})
			start = i + 1
		}
	}
	return append(out, span{start, len(text)})
}

// classifier applies the rules above to the lines of a text in order, carrying what the
// lines before say about the next one.
type classifier struct {
	text        string
	lines       []span
	afterByline bool // the previous non-blank line was a bare byline label
	readAlso    int  // headlines still allowed after a "read also" marker
	prevClutter bool // the line directly above (no blank between) is clutter
	prev        int  // the last line classified
	blanksJoin  bool // a blank line between two lines does not part them (the top)
}

func newClassifier(text string, lines []span) *classifier {
	return &classifier{text: text, lines: lines, prev: -2}
}

func (c *classifier) trimmed(i int) string {
	return strings.TrimSpace(c.text[c.lines[i].start:c.lines[i].end])
}

func (c *classifier) blank(i int) bool { return c.trimmed(i) == "" }

// clutter classifies non-blank line i; lines must be given in increasing order.
func (c *classifier) clutter(i int) bool {
	if i != c.prev+1 && !c.blanksJoin {
		c.prevClutter = false // a blank line (or the start) between
	}
	c.prev = i
	s := c.trimmed(i)
	if len(s) > 4*maxClutterRunes {
		c.afterByline, c.readAlso, c.prevClutter = false, 0, false
		return false
	}
	n := utf8.RuneCountInString(s)
	if n > maxClutterRunes {
		c.afterByline, c.readAlso, c.prevClutter = false, 0, false
		return false
	}
	wrapped := i+1 < len(c.lines) && startsLowerCase(c.trimmed(i+1))
	low := strings.ToLower(s)
	isC, bareByline, marker := false, false, false
	switch {
	case isHardClutter(low, n):
		isC = true
	case isReadAlso(low, n):
		isC, marker = true, true
	case c.afterByline && !wrapped && isNameLine(s):
		isC = true
	case c.prevClutter && startsLowerCase(s) && n <= 80 && !isSentence(s):
		isC = true // "Фото: пресс-служба / акимата области"
	case c.prevClutter && !wrapped && isLoneWord(s):
		isC = true // a section name under the widgets ("Политика")
	case !wrapped && isPlaceLine(s) && c.nextIsDate(i):
		isC = true // the dateline's place over its date ("Москва" / "20 января 2026 / 16:54")
	case !wrapped && isPlaceLine(s) && c.nextIsWeather(i):
		isC = true // the weather widget's city over its reading ("Вашингтон" / "+4°")
	case n <= 12 && strings.Contains(s, "°"):
		isC = true // a reading ("+4°") over the weather in words, in lower case
	case c.prevClutter && !wrapped && n <= 40 && letterWords(s) <= 3 && !endsWithStop(s) && c.nextIsShort(i):
		isC = true // a menu's items, one a line, under other clutter ("Все сервисы" / "Объясняем")
	case !wrapped && isBreadcrumb(s):
		isC = true // "Главная Новости Политика …": the page's path, its title at the end
	case !wrapped && isTagRubric(s, n):
		isC = true // "#Казахстан в сравнении", "#Халық заңгері": a site's tag over the headline
	default:
		var label bool
		label, bareByline = isLabelLine(s, low)
		isC = label || (!wrapped && isSoftClutter(s, low, n))
		if !isC && c.readAlso > 0 && !wrapped && n < 150 && !endsWithStop(s) {
			isC = true // a headline in the "read also" list
			c.readAlso--
		} else if !isC {
			c.readAlso = 0
		}
	}
	if marker {
		c.readAlso = readAlsoLines
	}
	c.afterByline = bareByline
	c.prevClutter = isC
	return isC
}

// isLoneWord: one capitalised word of letters (a hyphen allowed), as a section name is.
func isLoneWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) || utf8.RuneCountInString(s) > 24 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '-' {
			return false
		}
	}
	return true
}

// isPlaceLine: one or two capitalised words of letters, as a dateline's city is.
func isPlaceLine(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 2 {
		return false
	}
	for _, w := range words {
		if !isLoneWord(w) {
			return false
		}
	}
	return true
}

// nextIsWeather reports whether the next non-blank line after i is a weather reading.
func (c *classifier) nextIsWeather(i int) bool {
	for j := i + 1; j < len(c.lines); j++ {
		if t := c.trimmed(j); t != "" {
			return strings.Contains(t, "°") && utf8.RuneCountInString(t) <= 60
		}
	}
	return false
}

// nextIsShort reports whether the next non-blank line after i is a short one that is no
// sentence nor a stamp (the menu goes on): a headline has the lead or its date under it.
func (c *classifier) nextIsShort(i int) bool {
	for j := i + 1; j < len(c.lines); j++ {
		if t := c.trimmed(j); t != "" {
			return utf8.RuneCountInString(t) <= 40 && letterWords(t) <= 3 && !endsWithStop(t) && !IsStampLine(t)
		}
	}
	return false
}

// isBreadcrumb: the page's path from the home page ("Главная Новости Политика Глава
// государства подписал…", "Басты бет Жаңалықтар …", "• Главная"), no sentence.
func isBreadcrumb(s string) bool {
	if endsWithStop(s) {
		return false
	}
	s = strings.TrimLeft(s, "•·›»- \t") // a menu's bullet
	switch s {
	case "Главная", "Басты бет", "Home":
		return true // the home link alone
	}
	for _, home := range []string{"Главная ", "Басты бет ", "Басты ", "Home "} {
		if rest, ok := strings.CutPrefix(s, home); ok {
			r, _ := utf8.DecodeRuneInString(rest)
			return unicode.IsUpper(r) || rest == ""
		}
	}
	return false
}

// isTagRubric: a hashtag and a few words, no sentence: a site's tag line, not news.
func isTagRubric(s string, n int) bool {
	return strings.HasPrefix(s, "#") && n <= 60 && letterWords(s) <= 5 && !endsWithStop(s) && !strings.Contains(s, ":")
}

// nextIsDate reports whether the next non-blank line after i is a bare date line.
func (c *classifier) nextIsDate(i int) bool {
	for j := i + 1; j < len(c.lines); j++ {
		if t := c.trimmed(j); t != "" {
			return isDateLine(t)
		}
	}
	return false
}

// isSentence: a line that reads as a sentence of the news (five words or more, a final
// stop); soft rules never drop it.
func isSentence(s string) bool {
	return endsWithStop(s) && letterWords(s) >= 5
}

// endsWithStop reports final sentence punctuation, closing quotes and brackets aside.
func endsWithStop(s string) bool {
	s = strings.TrimRight(s, " »\"”’)]")
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// letterWords counts the words of s that have a letter.
func letterWords(s string) int {
	// Counted in one pass without splitting: the rules ask it of most lines of every text.
	n, inWord, letter := 0, false, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if inWord && letter {
				n++
			}
			inWord, letter = false, false
			continue
		}
		inWord = true
		letter = letter || unicode.IsLetter(r)
	}
	if inWord && letter {
		n++
	}
	return n
}

func startsLowerCase(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// Hard clutter phrases, lowercased.
var (
	copyrightPhrases = []string{"все права защищены", "барлық құқықтар қорғалған", "барлық құқығы қорғалған",
		"all rights reserved", "при использовании материалов", "при полном или частичном использовании",
		"при цитировании", "материалдарды пайдаланған", "материалдарды көшіріп", "гиперссылка обязательна",
		"ссылка на сайт обязательна", "сілтеме міндетті", "сілтеме жасау міндетті"}
	subscribeWords = []string{"подписывайтесь", "подпишитесь", "подписаться на", "жазылыңыз", "subscribe", "follow us"}
	channelWords   = []string{"канал", "telegram", "телеграм", "instagram", "youtube", "facebook", "whatsapp", "tiktok",
		"vk", "соцсет", "страниц", "аккаунт", "рассылк", "арна", "парақша", "әлеуметтік желі", "newsletter", "channel"}
)

// isHardClutter: lines that are clutter even when written as sentences.
func isHardClutter(low string, n int) bool {
	if n > 300 {
		return false
	}
	if n <= 120 && !endsWithStop(low) && hasEmail(low) {
		return true // the masthead's or the footer's contacts: "…көшесі, 20/1 info@…", "Редакция: info@…"
	}
	if strings.Contains(strings.ReplaceAll(low, " ", ""), "ctrl+enter") {
		return true
	}
	if strings.Contains(low, "cookie") || strings.Contains(low, "файлы куки") || strings.Contains(low, "куки-файл") {
		return true
	}
	if strings.HasPrefix(low, "©") || strings.HasPrefix(low, "(c) ") || strings.HasPrefix(low, "copyright") {
		return true
	}
	for _, p := range copyrightPhrases {
		if strings.Contains(low, p) {
			return true
		}
	}
	if n <= 200 {
		for _, v := range subscribeWords {
			if !strings.Contains(low, v) {
				continue
			}
			for _, c := range channelWords {
				if strings.Contains(low, c) {
					return true
				}
			}
		}
	}
	return false
}

// readAlsoMarkers head "read also" blocks, lowercased.
var readAlsoMarkers = []string{"читайте также", "читайте еще", "читайте ещё", "читайте по теме", "по теме:",
	"новости по теме", "материалы по теме", "похожие новости", "другие новости", "см. также",
	"оқи отырыңыз", "тағы оқыңыз", "сондай-ақ оқыңыз", "осы тақырыпта", "ұқсас жаңалықтар",
	"read also", "read more", "see also", "related news", "подробнее читайте", "толығырақ оқыңыз"}

func isReadAlso(low string, n int) bool {
	if n > 300 {
		return false
	}
	for _, m := range readAlsoMarkers {
		if strings.HasPrefix(low, m) {
			return true
		}
	}
	return false
}

// labelKind says what may follow a label without a colon or a dash.
type labelKind int

const (
	labelStrict labelKind = iota // only ":" or a dash, or nothing
	labelShort                   // also a short non-sentence ("Фото пресс-службы Акорды")
	labelDate                    // also a date or a count ("Posted 12 March 2026")
)

// label is one kind of label line; byline labels may be followed by a name on the next line.
type label struct {
	word   string // lowercased
	kind   labelKind
	byline bool
}

// labels, longest first where one starts another.
var labels = []label{
	// publication metadata
	{"дата публикации", labelDate, false}, {"опубликовано", labelDate, false}, {"обновлено", labelDate, false},
	{"жарияланған уақыты", labelDate, false}, {"жарияланды", labelDate, false}, {"жарияланған", labelDate, false},
	{"жаңартылды", labelDate, false}, {"posted", labelDate, false}, {"published", labelDate, false},
	{"updated", labelDate, false}, {"просмотров", labelDate, false}, {"просмотры", labelDate, false},
	{"оқылды", labelDate, false}, {"қаралды", labelDate, false}, {"қаралым", labelDate, false},
	{"көрілім", labelDate, false}, {"views", labelDate, false},
	// bylines
	{"авторы", labelStrict, true}, {"автор", labelStrict, true}, {"authors", labelStrict, true},
	{"author", labelStrict, true}, {"текст", labelStrict, true}, {"мәтін", labelStrict, true},
	{"редактор", labelStrict, true}, {"тілші", labelStrict, true}, {"корреспондент", labelStrict, true},
	{"дайындаған", labelStrict, true}, {"подготовил", labelStrict, true}, {"подготовила", labelStrict, true},
	// photo and video credits
	{"источник фото", labelShort, false}, {"автор фото", labelShort, false}, {"фото и видео", labelShort, false},
	{"фото", labelShort, false}, {"видео", labelShort, false}, {"суреттер", labelShort, false},
	{"сурет", labelShort, false}, {"бейне", labelShort, false}, {"photos", labelShort, false},
	{"photo", labelShort, false}, {"video", labelShort, false}, {"foto", labelShort, false}, {"коллаж", labelShort, false},
	{"иллюстрация", labelShort, false}, {"инфографика", labelShort, false}, {"фотограф", labelShort, false},
	// tags
	{"теги", labelStrict, false}, {"тэги", labelStrict, false}, {"тегтер", labelStrict, false},
	{"tags", labelStrict, false}, {"ключевые слова", labelStrict, false}, {"кілт сөздер", labelStrict, false},
	// widgets
	{"погода", labelShort, false}, {"ауа райы", labelShort, false}, {"weather", labelShort, false},
	{"курсы валют", labelShort, false}, {"курс валют", labelShort, false}, {"валюта бағамдары", labelShort, false},
	{"валюта бағамы", labelShort, false}, {"exchange rates", labelShort, false},
	{"котировки", labelStrict, false}, {"валюта", labelStrict, false}, {"курсы", labelStrict, false},
	// share rows
	{"поделиться", labelShort, false}, {"поделитесь", labelShort, false}, {"бөлісу", labelShort, false},
	{"share", labelShort, false}, {"рассказать друзьям", labelShort, false}, {"достарыңызбен бөлісіңіз", labelShort, false},
	// an image's text in place of the image
	{"логотип", labelShort, false}, {"logo", labelShort, false},
}

// isLabelLine reports a label line (see the rules above), and whether it is a bare byline
// label that a name line may follow.
func isLabelLine(s, low string) (clutter, bareByline bool) {
	if utf8.RuneCountInString(s) > 200 {
		return false, false
	}
	for _, lb := range labels {
		if !strings.HasPrefix(low, lb.word) {
			continue
		}
		rest := afterRunes(s, utf8.RuneCountInString(lb.word))
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) || unicode.IsDigit(r) {
			continue // "фотографии", "автора"
		}
		trimmed := strings.TrimSpace(rest)
		sep := false
		for _, p := range []string{":", "–", "—", "-", "©", "|"} {
			if strings.HasPrefix(trimmed, p) {
				trimmed, sep = strings.TrimSpace(trimmed[len(p):]), true
				break
			}
		}
		switch {
		case trimmed == "":
			return true, lb.byline
		case isSentence(trimmed) && letterWords(trimmed) >= 6:
			return false, false // "Фото: Президент встретился с ..." is a caption that tells news
		case sep:
			return true, false
		case lb.kind == labelShort && utf8.RuneCountInString(s) <= 80 && !isSentence(s):
			return true, false
		case lb.kind == labelDate && isDateLine(trimmed):
			return true, false
		}
		// Not this label's line; a longer one may still match ("Автор фото ...").
	}
	// "By Aliya Nurlanovna": the English byline has no colon.
	if strings.HasPrefix(s, "By ") && isNameLine(s[3:]) {
		return true, false
	}
	return false, false
}

// isSoftClutter applies the rules that never drop a sentence.
func isSoftClutter(s, low string, n int) bool {
	if n > 150 || isSentence(s) {
		return false
	}
	if strings.IndexFunc(s, unicode.IsLetter) < 0 {
		return true // "👁 532", "°", "18+", "1 234"
	}
	if strings.Contains(s, "°") && n <= 60 {
		return true
	}
	words := strings.FieldsFunc(low, func(r rune) bool { return unicode.IsSpace(r) || r == '/' || r == '|' || r == '•' || r == '·' })
	return isRatesLine(words) || isDateLine(s) || isRubricDateLine(s) || isCountLine(words) || isMenuLine(s) ||
		isNavBar(s) || allIn(words, langSwitch) || allIn(words, shareWords) || allHashtags(words) ||
		has(buttonLines, strings.Trim(low, " .:»>›→"))
}

// viewWords count readers beside a figure ("532 просмотра", "20 рет көрсетілді").
var viewWords = setOf("просмотр", "просмотра", "просмотров", "просмотры", "views", "view", "рет", "көрсетілді",
	"оқылды", "қаралды", "комментариев", "комментария", "комментарий", "пікір", "comments")

// isCountLine: a figure and view words only.
func isCountLine(words []string) bool {
	num := false
	for _, w := range words {
		switch {
		case isFigure(w):
			num = true
		case !has(viewWords, strings.Trim(w, ":.,")):
			return false
		}
	}
	return num
}

// isRubricDateLine: a section name before a date, often glued to it ("Новости16 марта 2026",
// "Референдум бүгін, 19:02"). The date must have a month or a clock time: "Курултай 145" is
// a figure, not a date.
func isRubricDateLine(s string) bool {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i <= 0 {
		return false
	}
	word, rest := s[:i], strings.TrimSpace(s[i:])
	if r, _ := utf8.DecodeRuneInString(word); !unicode.IsUpper(r) || rest == "" || !isDateLine(rest) {
		return false
	}
	if strings.Contains(rest, ":") {
		return true
	}
	for _, w := range strings.Fields(rest) {
		if _, ok := Month(strings.Trim(w, ".,")); ok {
			return true
		}
	}
	return false
}

// isNavBar: items between bars ("| Главное Все новости Фото |", "Главная | Новости | Спорт").
func isNavBar(s string) bool {
	return strings.Count(s, "|") >= 2 && !strings.ContainsAny(s, ".!?,;")
}

// currencies of exchange-rate widgets.
var currencies = setOf("usd", "eur", "rub", "cny", "kzt", "gbp", "try", "kgs", "uzs", "$", "€", "₽", "¥", "₸", "£",
	"доллар", "евро", "рубль", "юань", "нефть", "brent", "золото", "алтын", "мұнай")

// isRatesLine: currency names and figures only, at least one of each ("USD 512.30").
func isRatesLine(words []string) bool {
	cur, num := false, false
	for _, w := range words {
		switch {
		case has(currencies, w):
			cur = true
		case isFigure(w):
			num = num || strings.ContainsAny(w, "0123456789")
		default:
			// "$505,6" and "usd:" are a currency glued to a figure or a colon.
			if t := strings.TrimRight(w, ":"); has(currencies, t) {
				cur = true
				continue
			}
			if r, size := utf8.DecodeRuneInString(w); has(currencies, string(r)) && isFigure(w[size:]) {
				cur, num = true, true
				continue
			}
			return false
		}
	}
	// "• RUB:" over a "6.68" line: widgets put the label and the figure on lines of their own.
	return cur
}

// isFigure: digits with separators, signs and arrows ("512,30", "+1.2%", "▲").
func isFigure(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) && !strings.ContainsRune(".,+-−–%▲▼↑↓=", r) {
			return false
		}
	}
	return true
}

// dateWords may stand in a bare date line beside numbers and month names.
var dateWords = setOf("года", "год", "г", "гг", "жылы", "жылғы", "ж", "жж", "сағат", "в", "at", "on", "of",
	"сегодня", "вчера", "бүгін", "кеше", "today", "yesterday", "am", "pm", "utc", "gmt", "алматы", "астана",
	"понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
	"дүйсенбі", "сейсенбі", "сәрсенбі", "бейсенбі", "жұма", "сенбі", "жексенбі",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

// isDateLine: a date or a time and nothing else ("16 марта 2026, 10:45", "16.03.2026 10:45").
func isDateLine(s string) bool {
	if !strings.ContainsAny(s, "0123456789") {
		return false
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",|–—()/", r)
	}) {
		w = strings.Trim(w, ".")
		if w == "" || w == "-" || isFigure(strings.ReplaceAll(strings.ReplaceAll(w, ":", ""), "/", "")) {
			continue
		}
		if _, ok := Month(w); ok {
			continue
		}
		if !has(dateWords, strings.ToLower(w)) {
			return false
		}
	}
	return true
}

// IsStampLine reports a line that is never news wherever it stands in a text: a bare date
// or time ("— Сегодня, 09:05", "Бүгін 2026, 18:51"), a web address alone ("pixabay.com", a
// photo's source). Pages put them under the headline, where StripBoilerplate, which reads
// the two ends only, does not look.
func IsStampLine(line string) bool {
	s := strings.TrimSpace(line)
	if s == "" || utf8.RuneCountInString(s) > 60 {
		return false
	}
	if isDateLine(foldLatinI(s)) {
		// A figure alone ("3.5") is a date only written as one (16.03.2026).
		_, _, _, isDate := numericDate(s)
		return isDate || strings.ContainsAny(s, ":/") || strings.IndexFunc(s, unicode.IsLetter) >= 0
	}
	return isDomain(s)
}

// foldLatinI writes a Latin i standing among Cyrillic letters as the Kazakh і, as sites
// typing Kazakh on a Russian keyboard do ("Бүгiн").
func foldLatinI(s string) string {
	if !strings.Contains(s, "i") {
		return s
	}
	rs := []rune(s)
	for k, r := range rs {
		if r == 'i' && (k > 0 && isCyrillic(rs[k-1]) || k+1 < len(rs) && isCyrillic(rs[k+1])) {
			rs[k] = 'і'
		}
	}
	return string(rs)
}

// isDomain: one word of letters, digits and hyphens with a dot and a top-level domain of
// two to six letters ("pixabay.com", "BAQ.KZ").
func isDomain(s string) bool {
	if strings.ContainsAny(s, " \t/@") {
		return false
	}
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 || len(s)-dot-1 < 2 || len(s)-dot-1 > 6 {
		return false
	}
	for _, r := range s[dot+1:] {
		if !unicode.IsLetter(r) || r > unicode.MaxASCII {
			return false
		}
	}
	for _, r := range s[:dot] {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// isMenuLine: four or more short words, nearly all capitalised, without punctuation or
// digits ("Главная Новости Политика Экономика Общество", "Басты бет Жаңалықтар Саясат Қоғам").
func isMenuLine(s string) bool {
	if strings.ContainsAny(s, ".,!?:;«»\"()0123456789") {
		return false
	}
	words, caps := 0, 0
	for _, w := range strings.Fields(s) {
		if w == "|" || w == "•" || w == "·" || w == "/" || w == "–" || w == "—" {
			continue
		}
		if utf8.RuneCountInString(w) > 20 {
			return false
		}
		words++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			caps++
		}
	}
	return words >= 4 && caps >= 4 && 4*caps >= 3*words
}

// isNameLine: one to four capitalised words of letters (a person's name, initials allowed).
func isNameLine(s string) bool {
	s = strings.TrimSpace(s)
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 || utf8.RuneCountInString(s) > 60 {
		return false
	}
	for _, w := range words {
		w = strings.TrimRight(w, ",")
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '-' && r != '.' && r != '\'' && r != '’' {
				return false
			}
		}
	}
	return true
}

var (
	langSwitch = setOf("қаз", "каз", "рус", "ру", "қз", "qz", "kaz", "eng", "en", "ru", "kz", "kk", "қазақша", "русский", "english", "lat", "кир")
	shareWords = setOf("facebook", "telegram", "whatsapp", "twitter", "x", "vk", "вконтакте", "одноклассники",
		"instagram", "youtube", "tiktok", "threads", "linkedin", "ok", "email", "поделиться", "бөлісу", "share",
		"скопировать", "ссылку", "copy", "link")
	buttonLines = setOf("принять", "согласен", "понятно", "хорошо", "accept", "ok", "қабылдау", "келісемін",
		"закрыть", "жабу", "подробнее", "толығырақ", "ещё", "еще", "загрузить ещё", "показать ещё", "все новости",
		"барлық жаңалықтар", "наверх", "реклама", "жарнама", "advertisement", "новости партнеров", "новости партнёров",
		"басты сайтқа өту", "басты бетке өту", "на главную", "перейти на сайт", "полная версия", "толық нұсқа",
		// section names standing alone above or below the article
		"новости", "жаңалықтар", "главное", "главные новости", "басты жаңалықтар", "лента новостей",
		"жаңалықтар таспасы", "новости казахстана", "қазақстан жаңалықтары", "политика", "саясат",
		"общество", "қоғам", "экономика", "в мире", "әлем", "регионы", "аймақтар", "происшествия", "оқиға",
		"мнения", "пікір", "аналитика", "интервью", "сұхбат", "news", "politics")
)

func has(set map[string]struct{}, w string) bool {
	_, ok := set[w]
	return ok
}

func allIn(words []string, set map[string]struct{}) bool {
	for _, w := range words {
		if !has(set, w) {
			return false
		}
	}
	return len(words) > 0
}

func allHashtags(words []string) bool {
	for _, w := range words {
		if len(w) < 2 || w[0] != '#' {
			return false
		}
	}
	return len(words) > 0
}

// afterRunes is s without its first n runes (lowercasing may change a rune's byte length, so
// a lowercased prefix's length in bytes is no offset into s).
func afterRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[i:]
		}
		n--
	}
	return ""
}

// hasEmail reports whether s holds an e-mail address: a word with an @ inside, a dot after it.
func hasEmail(s string) bool {
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,;:()<>")
		if i := strings.IndexByte(w, '@'); i > 0 && strings.Contains(w[i+1:], ".") {
			return true
		}
	}
	return false
}

// embedOpeners begin the text a page shows in place of an embedded post it could not load;
// embedBylines the post's author line after them, up to the handle's closing parenthesis.
var (
	embedOpeners   = []string{"Посмотреть эту публикацию в Instagram", "View this post on Instagram", "Бұл жазбаны Instagram-да қараңыз"}
	embedBylines   = []string{"Публикация от ", "A post shared by ", "Жариялаған "}
	maxEmbedByline = 160 // bytes up to the handle's ")"
)

// stripEmbeds removes an embedded post's fallback text wherever it stands, often inside a
// paragraph: "… – призвал аким. Посмотреть эту публикацию в Instagram Публикация от Жеңіс
// Қасымбек (@jenis_qasymbek) Ранее …".
func stripEmbeds(text string) string {
	text = stripInlineCredits(text)
	for _, op := range embedOpeners {
		for {
			i := strings.Index(text, op)
			if i < 0 {
				break
			}
			end := i + len(op)
			rest := strings.TrimLeft(text[end:], " \t\r\n")
			for _, by := range embedBylines {
				if strings.HasPrefix(rest, by) {
					if j := strings.Index(rest, ")"); j > 0 && j < maxEmbedByline && strings.Contains(rest[:j], "(@") {
						rest = strings.TrimLeft(rest[j+1:], " \t\r\n")
					}
					break
				}
			}
			head := strings.TrimRight(text[:i], " \t")
			if head != "" && !strings.HasSuffix(head, "\n") {
				head += " "
			}
			text = head + rest
		}
	}
	return text
}

// creditOpeners begin a photo's credit.
var creditOpeners = []string{"Фото: ", "Фото ", "Сурет: ", "Photo: "}

// stripInlineCredits removes a photo's credit run into the text where the page's lines were
// lost: at the text's start or after a sentence's end, the opener and up to five
// capitalised words, slashes or web addresses ("Фото: Kazpravda.kz / Адильбек Тауекелов",
// "Фото Игоря НИДЕРЕРА"), ending before the sentence that follows: a quote, or the capitalised
// word a lower-case one follows ("По мнению …"). A credit in lower case ("Фото: пресс-служба
// …") gives no end to tell, and stays for the line rules.
func stripInlineCredits(text string) string {
	for _, op := range creditOpeners {
		from := 0
		for {
			k := strings.Index(text[from:], op)
			if k < 0 {
				break
			}
			i := from + k
			from = i + len(op)
			if i > 0 && !strings.HasSuffix(text[:i], ". ") && !strings.HasSuffix(text[:i], "\n") {
				continue // "Фото с участков …" inside a sentence
			}
			line := text[i+len(op):]
			if j := strings.IndexAny(line, "\r\n"); j >= 0 {
				line = line[:j] // a credit on a line of its own is the line rules' to drop
			}
			words := strings.Fields(line)
			n := creditWords(words)
			if n == 0 || n >= len(words) {
				continue
			}
			if !strings.HasSuffix(op, ": ") && !strings.ContainsRune("«\"“", []rune(words[n])[0]) {
				continue // "Фото Президента Токаева опубликовали …" is a sentence; without the colon only a quote ends a credit
			}
			// Cut the opener and the credit's n words, keeping what follows them.
			rest := text[i+len(op):]
			for w := 0; w < n; w++ {
				rest = strings.TrimLeft(rest, " \t")
				rest = rest[len(words[w]):]
			}
			text = text[:i] + strings.TrimLeft(rest, " \t")
			from = i
		}
	}
	return text
}

// creditWords is how many of words make a credit before the sentence that follows, or 0
// when no such end is found within five words.
func creditWords(words []string) int {
	for n := 0; n < len(words) && n <= 5; n++ {
		w := words[n]
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case strings.ContainsRune("«\"“", r):
			return n // the sentence opens with a quote
		case w == "/" || w == "|" || strings.Contains(w, ".") && !endsWithStop(w):
			continue // a separator, a web address
		case !unicode.IsUpper(r):
			if n >= 2 && unicode.IsLower(r) {
				return n - 1 // the capitalised word before it opens the sentence
			}
			return 0
		}
	}
	return 0
}
