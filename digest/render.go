package digest

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxMessage is Telegram's limit for one message. Messages are measured in UTF-16 units of
// the raw HTML, which is never less than what Telegram counts after parsing entities.
const MaxMessage = 4096

// Limits that keep every rendered line well under MaxMessage, so a message can always be
// split between lines (never inside a tag or a word).
const (
	maxHeadline   = 400  // UTF-16 units of escaped headline
	maxSummary    = 1500 // all summary sentences of a story together
	maxLinkURL    = 600  // longer URLs are shown as plain names
	maxLinks      = 4    // outlets named per story; the rest are counted ("+2")
	maxAlsoShown  = 15   // "Also today" links
	maxAlsoStored = 60   // stories kept in Digest.Also
)

// Lang values accepted by HTML and Text.
const (
	LangKK   = "kk"
	LangRU   = "ru"
	LangBoth = "both" // the kk digest, then the ru digest
)

func digestLangs() []string { return []string{LangKK, LangRU} }

// otherLang is the digest language that is not l.
func otherLang(l string) string {
	if l == LangKK {
		return LangRU
	}
	return LangKK
}

// HTML renders the digest for lang ("kk", "ru" or "both") as Telegram HTML messages in
// sending order, each at most MaxMessage UTF-16 units, split between stories. Link previews
// are not decided here: the sender turns them off. An unknown lang gives nil.
func (d *Digest) HTML(lang string) []string {
	switch lang {
	case LangKK, LangRU:
		return pack(d.blocks(lang), MaxMessage)
	case LangBoth:
		return append(d.HTML(LangKK), d.HTML(LangRU)...)
	}
	return nil
}

// Text renders the digest for lang ("kk", "ru" or "both") as plain text for the CLI and the
// demo: the HTML messages through PlainText, separated by blank lines. Unknown lang gives "".
func (d *Digest) Text(lang string) string {
	msgs := d.HTML(lang)
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = PlainText(m)
	}
	return strings.Join(out, "\n\n")
}

// OwnHTML renders the digest in lang for a reader who reads lang only: the stories shown
// only in the other language (untranslated) are left out, and the header says how many.
// It returns nil and 0 when nothing would be hidden: HTML(lang) serves that reader as well.
func (d *Digest) OwnHTML(lang string) ([]string, int) {
	if lang != LangKK && lang != LangRU || d.Empty() {
		return nil, 0
	}
	own := func(s Story) bool { t := s.textFor(lang); return t.Lang == "" || t.Lang == lang }
	sift := func(list []Story) (kept []Story, left int) {
		for _, s := range list {
			if own(s) {
				kept = append(kept, s)
			} else {
				left++
			}
		}
		return kept, left
	}
	f := *d
	var hidden, hiddenAlso int
	// All the stored Also stories are sifted, not only the lines the full digest shows:
	// own-language ones further down take the places of those left out.
	f.Stories, hidden = sift(d.Stories)
	f.Also, hiddenAlso = sift(d.Also)
	hidden += hiddenAlso
	if hidden == 0 {
		return nil, 0
	}
	f.AlsoTotal = d.alsoCount() - hiddenAlso
	return pack(f.blocksHiding(lang, hidden), MaxMessage), hidden
}

// block is a piece of a message that is kept whole when it fits; its lines are each valid
// HTML on their own, so an oversized block can still be split between lines.
type block []string

func (d *Digest) blocks(lang string) []block { return d.blocksHiding(lang, 0) }

// blocksHiding is blocks with a line saying that hidden stories were left out.
func (d *Digest) blocksHiding(lang string, hidden int) []block {
	w := words(lang)
	var bs []block
	head := block{"<b>" + esc(headerDate(d.Date, lang)+" — "+w.title) + "</b>"}
	if d.Empty() {
		head = append(head, esc(w.noNews))
		return []block{head}
	}
	head = append(head, "<i>"+esc(w.counts(d.Items, len(d.Stories)+d.alsoCount()))+"</i>")
	if hidden > 0 {
		head = append(head, "<i>"+esc(w.hidden(hidden))+"</i>")
	}
	bs = append(bs, head)
	for i, s := range d.Stories {
		bs = append(bs, storyBlock(i+1, s, lang, w))
	}
	if n := d.alsoCount(); n > 0 {
		also := block{"<b>" + esc(w.alsoToday) + "</b>"}
		shown := 0
		for _, s := range d.Also {
			if shown == maxAlsoShown {
				break
			}
			if line := alsoLine(s, lang); line != "" {
				also = append(also, line)
				shown++
			}
		}
		if n > shown {
			also = append(also, esc(fmt.Sprintf("+%d", n-shown)))
		}
		bs = append(bs, also)
	}
	if u := d.Web[lang]; safeURL(u) {
		bs = append(bs, block{linkHTML(w.onWeb, u)})
	}
	return bs
}

func (d *Digest) alsoCount() int {
	if d.AlsoTotal > len(d.Also) {
		return d.AlsoTotal
	}
	return len(d.Also)
}

func storyBlock(n int, s Story, lang string, w wordset) block {
	t := s.textFor(lang)
	head := "<b>" + esc(fmt.Sprintf("%d. ", n)) + clipEsc(t.Headline, maxHeadline) + "</b>"
	if s.Continues {
		head += " <i>" + esc(w.continues) + "</i>"
	}
	b := block{head}
	if len(t.Summary) > 0 {
		b = append(b, clipEsc(strings.Join(t.Summary, " "), maxSummary))
	}
	switch {
	case t.Translated:
		mark := "<i>" + esc(w.translated) + "</i>"
		if safeURL(t.Original) {
			mark += " · " + linkHTML(w.original(otherLang(lang)), t.Original)
		}
		b = append(b, mark)
	case t.Lang != "" && t.Lang != lang:
		b = append(b, "<i>"+esc(w.inLang(t.Lang))+"</i>")
	}
	if links := linksLine(s, lang); links != "" {
		b = append(b, links)
	}
	return b
}

// textFor is the story's text for a digest language, falling back to whatever text the
// story has (a digest built before a language existed, or hand-made in tests).
func (s Story) textFor(lang string) StoryText {
	if t, ok := s.Text[lang]; ok {
		return t
	}
	for _, l := range digestLangs() {
		if t, ok := s.Text[l]; ok {
			return t
		}
	}
	if len(s.Members) > 0 {
		return StoryText{Lang: s.Members[0].Lang, Headline: s.Members[0].Title}
	}
	return StoryText{}
}

type outletLink struct{ name, url string }

// outlets lists a story's outlets by short name, each once, with the link to the copy in
// lang when an outlet has one in each language.
func (s Story) outlets(lang string) []outletLink {
	var out []outletLink
	seen := map[string]int{}
	add := func(source, link, itemLang string) {
		name := ShortName(source, link)
		if name == "" {
			return
		}
		if i, ok := seen[name]; ok {
			if itemLang == lang && out[i].url == "" {
				out[i].url = link
			}
			return
		}
		seen[name] = len(out)
		out = append(out, outletLink{name: name, url: link})
	}
	// Members in the digest language first, so that their outlets' links win.
	for pass := 0; pass < 2; pass++ {
		for _, m := range s.Members {
			if (m.Lang == lang) != (pass == 0) {
				continue
			}
			add(m.Source, m.URL, m.Lang)
			for _, r := range m.AlsoIn {
				add(r.Source, r.URL, m.Lang)
			}
		}
	}
	return out
}

func linksLine(s Story, lang string) string {
	outs := s.outlets(lang)
	if len(outs) == 0 {
		return ""
	}
	parts := make([]string, 0, maxLinks+1)
	for i, o := range outs {
		if i == maxLinks {
			parts = append(parts, esc(fmt.Sprintf("+%d", len(outs)-maxLinks)))
			break
		}
		parts = append(parts, linkHTML(o.name, o.url))
	}
	return strings.Join(parts, " · ")
}

func alsoLine(s Story, lang string) string {
	t := s.textFor(lang)
	outs := s.outlets(lang)
	if t.Headline == "" || len(outs) == 0 {
		return ""
	}
	line := "• " + linkHTML(clipText(t.Headline, 200), outs[0].url) + " " + esc("("+outs[0].name+")")
	w := words(lang)
	switch {
	case t.Translated:
		line += " <i>" + esc(w.translated) + "</i>"
	case t.Lang != "" && t.Lang != lang:
		line += " <i>" + esc(w.inLang(t.Lang)) + "</i>"
	}
	return line
}

func linkHTML(text, link string) string {
	if !safeURL(link) {
		return esc(text)
	}
	return `<a href="` + escAttr(link) + `">` + esc(text) + "</a>"
}

// safeURL accepts absolute http(s) links short enough to keep a line small.
func safeURL(link string) bool {
	if link == "" || utf16Len(link) > maxLinkURL {
		return false
	}
	u, err := url.Parse(link)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// ShortName is the outlet name shown in a digest: the source name without a trailing
// language or other note in brackets ("Kazinform (kk)" -> "Kazinform"), or the link's host
// when the source has no name.
func ShortName(source, link string) string {
	name := strings.TrimSpace(source)
	if i := strings.LastIndex(name, "("); i > 0 && strings.HasSuffix(name, ")") {
		name = strings.TrimSpace(name[:i])
	}
	if name != "" {
		return name
	}
	return siteHost(link)
}

// siteHost is a link's host, lower case and without "www.", or "" for a link without one.
func siteHost(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// pack joins blocks into messages of at most limit UTF-16 units: blocks are separated by a
// blank line and kept whole when they fit; a block too big for one message is split between
// its lines.
func pack(blocks []block, limit int) []string {
	var (
		msgs []string
		cur  strings.Builder
		n    int
	)
	flush := func() {
		if cur.Len() > 0 {
			msgs = append(msgs, cur.String())
		}
		cur.Reset()
		n = 0
	}
	add := func(piece, sep string) {
		pl, sl := utf16Len(piece), utf16Len(sep)
		if n > 0 && n+sl+pl > limit {
			flush()
		}
		if n > 0 {
			cur.WriteString(sep)
			n += sl
		}
		cur.WriteString(piece)
		n += pl
	}
	for _, b := range blocks {
		text := strings.Join(b, "\n")
		if utf16Len(text) <= limit {
			add(text, "\n\n")
			continue
		}
		for i, line := range b {
			sep := "\n"
			if i == 0 {
				sep = "\n\n"
			}
			add(clipLine(line, limit), sep)
		}
	}
	flush()
	return msgs
}

// clipLine is a last guard: lines are built short, so this only trims a plain-text line
// that somehow exceeds the limit.
func clipLine(line string, limit int) string {
	if utf16Len(line) <= limit {
		return line
	}
	return clipEsc(PlainText(line), limit)
}

// esc escapes text for Telegram HTML.
func esc(s string) string { return escape(cleanControl(s), false) }

// escAttr escapes an attribute value for Telegram HTML.
func escAttr(s string) string { return escape(cleanControl(s), true) }

func escape(s string, attr bool) string {
	if !strings.ContainsAny(s, `<>&"`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanControl drops control characters (other than newline and tab), which Telegram
// rejects or shows as boxes, and repairs invalid UTF-8.
func cleanControl(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool {
		return r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\t')
	}) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// clipEsc escapes text and, when the result exceeds max UTF-16 units, cuts the text at a
// word boundary and ends it with "…".
func clipEsc(text string, max int) string {
	e := esc(text)
	if utf16Len(e) <= max {
		return e
	}
	words := strings.Fields(text)
	for len(words) > 1 {
		words = words[:len(words)-1]
		e = esc(strings.Join(words, " ") + "…")
		if utf16Len(e) <= max {
			return e
		}
	}
	// A single word longer than max: cut by runes (only garbage input gets here).
	r := []rune(text)
	for len(r) > 0 && utf16Len(esc(string(r)+"…")) > max {
		r = r[:len(r)*3/4]
	}
	return esc(string(r) + "…")
}

// clipText shortens plain text to about max runes at a word boundary.
func clipText(text string, max int) string {
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	words := strings.Fields(text)
	var b strings.Builder
	for _, w := range words {
		if utf8.RuneCountInString(b.String())+1+utf8.RuneCountInString(w) > max-1 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	if b.Len() == 0 {
		return string([]rune(text)[:max-1]) + "…"
	}
	return b.String() + "…"
}

// utf16Len is the length of s in UTF-16 code units, the unit of Telegram's limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
		if r == utf8.RuneError {
			n++ // counted as U+FFFD, one unit; keep the bound conservative
		}
	}
	return n
}

// headerDate writes a date the way each language does: "15 наурыз 2026", "15 марта 2026".
func headerDate(date, lang string) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return date
	}
	months := [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}
	if lang == LangKK {
		months = [12]string{"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"}
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// DateName writes a date "YYYY-MM-DD" the way the digest's header does in lang ("15 наурыз
// 2026", "15 марта 2026"); a malformed date is returned as it is.
func DateName(date, lang string) string { return headerDate(date, lang) }

// wordset is the fixed wording of a digest in one language.
type wordset struct {
	title, noNews, alsoToday, continues, translated, onWeb string
	counts                                                 func(items, stories int) string
	inLang                                                 func(l string) string
	// original names the link to the article a translation comes from, in language l.
	original func(l string) string
	// hidden says how many stories in the other language only were left out.
	hidden func(n int) string
}

func words(lang string) wordset {
	if lang == LangKK {
		return wordset{
			title:      "референдум жаңалықтары",
			noNews:     "Бұл күні референдум туралы жаңа материал болған жоқ.",
			alsoToday:  "Сондай-ақ бүгін:",
			continues:  "(жалғасы)",
			translated: "машиналық аударма",
			onWeb:      "Дайджест сайтта →",
			counts: func(items, stories int) string {
				return fmt.Sprintf("%d материал, %d оқиға", items, stories)
			},
			inLang: func(l string) string {
				switch l {
				case LangRU:
					return "орыс тілінде"
				case LangKK:
					return "қазақ тілінде"
				}
				return "басқа тілде"
			},
			original: func(l string) string {
				if l == LangRU {
					return "түпнұсқасы орыс тілінде"
				}
				return "түпнұсқасы қазақ тілінде"
			},
			hidden: func(n int) string {
				return fmt.Sprintf("Тек орыс тілінде болған %d оқиға жасырылды. Бәрін көрсету: /onlymylang off", n)
			},
		}
	}
	return wordset{
		title:      "новости референдума",
		noNews:     "В этот день новых материалов о референдуме не было.",
		alsoToday:  "Также сегодня:",
		continues:  "(продолжение)",
		translated: "машинный перевод",
		onWeb:      "Дайджест на сайте →",
		counts: func(items, stories int) string {
			return fmt.Sprintf("%d %s, %d %s", items, ruPlural(items, "материал", "материала", "материалов"),
				stories, ruPlural(stories, "сюжет", "сюжета", "сюжетов"))
		},
		inLang: func(l string) string {
			switch l {
			case LangKK:
				return "на казахском языке"
			case LangRU:
				return "на русском языке"
			}
			return "на другом языке"
		},
		original: func(l string) string {
			if l == LangKK {
				return "оригинал на казахском"
			}
			return "оригинал на русском"
		},
		hidden: func(n int) string {
			return fmt.Sprintf("Скрыто %d %s только на казахском языке. Показать все: /onlymylang off", n,
				ruPlural(n, "сюжет", "сюжета", "сюжетов"))
		},
	}
}

// ruPlural picks the Russian plural form for n (1 материал, 2 материала, 5 материалов).
func ruPlural(n int, one, few, many string) string {
	n %= 100
	if n >= 11 && n <= 14 {
		return many
	}
	switch n % 10 {
	case 1:
		return one
	case 2, 3, 4:
		return few
	}
	return many
}
