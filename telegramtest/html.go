package telegramtest

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTextLength is Telegram's limit on a message text, in UTF-16 code units
// after entity parsing.
const MaxTextLength = 4096

// Entity is a formatting entity of a message text, with offset and length in
// UTF-16 code units as the Bot API counts them.
type Entity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	User          *User  `json:"user,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
}

// ParseHTML parses text the way Telegram's HTML parse mode does and returns
// what the user sees (tags removed, entities decoded, not yet trimmed) and
// the formatting entities. The error text is what follows "Bad Request: can't
// parse entities: " in Telegram's answer.
func ParseHTML(text string) (string, []Entity, error) {
	if !utf8.ValidString(text) {
		return "", nil, errors.New("strings must be encoded in UTF-8")
	}
	p := htmlParser{src: text}
	p.out.Grow(len(text))
	if err := p.run(); err != nil {
		return "", nil, err
	}
	sort.SliceStable(p.ents, func(i, j int) bool {
		if p.ents[i].Offset != p.ents[j].Offset {
			return p.ents[i].Offset < p.ents[j].Offset
		}
		return p.ents[i].Length > p.ents[j].Length
	})
	return p.out.String(), p.ents, nil
}

type openTag struct {
	name   string
	arg    string // href, language, emoji id, "spoiler", "expandable"
	start  int    // UTF-16 offset in the output where the tag's text begins
	offset int    // byte offset of "<" in the source
}

type htmlParser struct {
	src   string
	out   strings.Builder
	u16   int // UTF-16 length of out
	stack []openTag
	ents  []Entity
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// utf16Len counts UTF-16 code units of valid UTF-8: one per character, two
// for characters outside the Basic Multilingual Plane (4-byte sequences).
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c&0xC0 != 0x80 {
			n++
			if c >= 0xF0 {
				n++
			}
		}
	}
	return n
}

func (p *htmlParser) emit(s string) {
	p.out.WriteString(s)
	p.u16 += utf16Len(s)
}

// The parser's error texts copy Telegram's wording, capitals included, so
// they are not Go-style error strings.
func (p *htmlParser) run() error {
	s := p.src
	for i := 0; i < len(s); {
		switch s[i] {
		case '&':
			r, n := decodeEntity(s, i)
			if n == 0 {
				return fmt.Errorf("Unescaped \"&\" at byte offset %d: use &amp;", i)
			}
			p.emit(string(r))
			i += n
		case '<':
			var err error
			if i+1 < len(s) && s[i+1] == '/' {
				i, err = p.endTag(i)
			} else {
				i, err = p.startTag(i)
			}
			if err != nil {
				return err
			}
		default:
			j := i + 1
			for j < len(s) && s[j] != '&' && s[j] != '<' {
				j++
			}
			p.emit(s[i:j])
			i = j
		}
	}
	if n := len(p.stack); n > 0 {
		return fmt.Errorf("Can't find end tag corresponding to start tag %q", p.stack[n-1].name)
	}
	return nil
}

// decodeEntity decodes the HTML entity at s[i] == '&'. It returns the
// character and the number of bytes used, or n == 0 when s[i:] does not start
// an entity Telegram knows. Like Telegram, it lets the final ';' be missing.
func decodeEntity(s string, i int) (rune, int) {
	j := i + 1
	var r rune
	if j < len(s) && s[j] == '#' {
		j++
		base := 10
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			base = 16
			j++
		}
		k := j
		for k < len(s) && k-j < 8 && isDigitIn(s[k], base) {
			k++
		}
		if k == j {
			return 0, 0
		}
		v, err := strconv.ParseInt(s[j:k], base, 32)
		if err != nil || v <= 0 || v > unicode.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
			return 0, 0
		}
		r, j = rune(v), k
	} else {
		k := j
		for k < len(s) && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')) {
			k++
		}
		switch s[j:k] {
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "amp":
			r = '&'
		case "quot":
			r = '"'
		default:
			return 0, 0
		}
		j = k
	}
	if j < len(s) && s[j] == ';' {
		j++
	}
	return r, j - i
}

func isDigitIn(c byte, base int) bool {
	if c >= '0' && c <= '9' {
		return true
	}
	return base == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
}

func supportedTag(name string) bool {
	switch name {
	case "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
		"code", "pre", "blockquote", "tg-spoiler", "span", "tg-emoji":
		return true
	}
	return false
}

// startTag parses the start tag at s[begin] == '<' and returns the index
// after it.
func (p *htmlParser) startTag(begin int) (int, error) {
	s := p.src
	j := begin + 1
	for j < len(s) && !isHTMLSpace(s[j]) && s[j] != '>' {
		j++
	}
	if j >= len(s) {
		return 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	name := strings.ToLower(s[begin+1 : j])
	if !supportedTag(name) {
		return 0, fmt.Errorf("Unsupported start tag %q at byte offset %d", name, begin)
	}
	var arg string
	for {
		for j < len(s) && isHTMLSpace(s[j]) {
			j++
		}
		if j >= len(s) {
			return 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		if s[j] == '>' {
			break
		}
		attrStart := j
		for j < len(s) && !isHTMLSpace(s[j]) && s[j] != '=' && s[j] != '>' {
			j++
		}
		attr := strings.ToLower(s[attrStart:j])
		if attr == "" {
			return 0, fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", name, begin)
		}
		for j < len(s) && isHTMLSpace(s[j]) {
			j++
		}
		if j >= len(s) {
			return 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		value := ""
		hasValue := s[j] == '='
		if hasValue {
			j++
			for j < len(s) && isHTMLSpace(s[j]) {
				j++
			}
			if j >= len(s) {
				return 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			var err error
			value, j, err = p.attrValue(j, begin)
			if err != nil {
				return 0, err
			}
		}
		switch {
		case name == "a" && attr == "href":
			arg = value
		case name == "code" && attr == "class" && strings.HasPrefix(value, "language-"):
			arg = strings.TrimPrefix(value, "language-")
		case name == "span" && attr == "class" && strings.HasPrefix(value, "tg-"):
			arg = strings.TrimPrefix(value, "tg-")
		case name == "tg-emoji" && attr == "emoji-id":
			arg = value
		case name == "blockquote" && attr == "expandable":
			arg = "expandable"
		}
	}
	if name == "span" && arg != "spoiler" {
		return 0, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
	}
	p.stack = append(p.stack, openTag{name: name, arg: arg, start: p.u16, offset: begin})
	return j + 1, nil
}

// attrValue reads a quoted string or a bare name token starting at s[j].
func (p *htmlParser) attrValue(j, begin int) (string, int, error) {
	s := p.src
	if q := s[j]; q == '"' || q == '\'' {
		var b strings.Builder
		j++
		for j < len(s) && s[j] != q {
			if s[j] == '&' {
				r, n := decodeEntity(s, j)
				if n == 0 {
					return "", 0, fmt.Errorf("Unescaped \"&\" at byte offset %d: use &amp;", j)
				}
				b.WriteRune(r)
				j += n
				continue
			}
			b.WriteByte(s[j])
			j++
		}
		if j >= len(s) {
			return "", 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		return b.String(), j + 1, nil
	}
	// A name token: letters, digits, periods and hyphens, case-insensitive.
	start := j
	for j < len(s) && (isDigitIn(s[j], 10) || (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') || s[j] == '.' || s[j] == '-') {
		j++
	}
	if j >= len(s) {
		return "", 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	if !isHTMLSpace(s[j]) && s[j] != '>' {
		return "", 0, fmt.Errorf("Unexpected end of name token at byte offset %d", start)
	}
	return strings.ToLower(s[start:j]), j, nil
}

// endTag parses the end tag at s[begin:] == "</" and returns the index after it.
func (p *htmlParser) endTag(begin int) (int, error) {
	s := p.src
	if len(p.stack) == 0 {
		return 0, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
	}
	j := begin + 2
	for j < len(s) && !isHTMLSpace(s[j]) && s[j] != '>' {
		j++
	}
	name := strings.ToLower(s[begin+2 : j])
	for j < len(s) && isHTMLSpace(s[j]) {
		j++
	}
	if j >= len(s) || s[j] != '>' {
		return 0, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
	}
	top := p.stack[len(p.stack)-1]
	if name != "" && name != top.name {
		return 0, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.name, name)
	}
	p.stack = p.stack[:len(p.stack)-1]
	if err := p.closeEntity(top); err != nil {
		return 0, err
	}
	return j + 1, nil
}

// closeEntity turns a closed tag into an entity; empty ones are dropped, as
// Telegram drops them.
func (p *htmlParser) closeEntity(t openTag) error {
	length := p.u16 - t.start
	e := Entity{Offset: t.start, Length: length}
	switch t.name {
	case "b", "strong":
		e.Type = "bold"
	case "i", "em":
		e.Type = "italic"
	case "u", "ins":
		e.Type = "underline"
	case "s", "strike", "del":
		e.Type = "strikethrough"
	case "tg-spoiler", "span":
		e.Type = "spoiler"
	case "blockquote":
		e.Type = "blockquote"
		if t.arg == "expandable" {
			e.Type = "expandable_blockquote"
		}
	case "pre":
		e.Type = "pre"
		e.Language = t.arg
	case "code":
		// <pre><code class="language-go">…</code></pre> is one pre entity with
		// a language, not a code entity inside a pre.
		if n := len(p.stack); n > 0 && p.stack[n-1].name == "pre" {
			if t.arg != "" {
				p.stack[n-1].arg = t.arg
			}
			return nil
		}
		e.Type = "code"
	case "tg-emoji":
		id, err := strconv.ParseInt(t.arg, 10, 64)
		if err != nil || id <= 0 {
			return errors.New("Invalid custom emoji identifier specified")
		}
		e.Type = "custom_emoji"
		e.CustomEmojiID = t.arg
	case "a":
		link := t.arg
		if link == "" {
			out := p.out.String()
			link = out[len(out)-byteLenOfLastU16(out, length):]
		}
		if id, ok := mentionID(link); ok {
			e.Type = "text_mention"
			e.User = &User{ID: id}
		} else if u, ok := checkURL(link); ok {
			e.Type = "text_link"
			e.URL = u
		} else {
			return nil // Telegram silently drops links it cannot use
		}
	}
	if length > 0 {
		p.ents = append(p.ents, e)
	}
	return nil
}

// byteLenOfLastU16 returns how many bytes at the end of s make up its last
// n UTF-16 code units.
func byteLenOfLastU16(s string, n int) int {
	i := len(s)
	for n > 0 && i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
		if r > 0xFFFF {
			n--
		}
	}
	return len(s) - i
}

// mentionID recognises tg://user?id=N links, which become text_mention.
func mentionID(link string) (int64, bool) {
	rest, ok := strings.CutPrefix(strings.ToLower(link), "tg://user?id=")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// checkURL accepts the links Telegram accepts in text_link entities: http(s),
// tg and ton links, and host names without a scheme (taken as http).
func checkURL(link string) (string, bool) {
	link = strings.TrimSpace(link)
	if link == "" {
		return "", false
	}
	if !strings.Contains(link, "://") {
		link = "http://" + link
	}
	u, err := url.Parse(link)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Hostname() == "" {
			return "", false
		}
	case "tg", "ton":
	default:
		return "", false
	}
	return link, true
}

// formatText turns a text param into what the user sees, following
// parse_mode. Only HTML is checked; Markdown modes pass through unparsed.
func formatText(text, parseMode string) (string, []Entity, *apiError) {
	if !utf8.ValidString(text) {
		return "", nil, badRequest("strings must be encoded in UTF-8")
	}
	var ents []Entity
	plain := text
	switch strings.ToLower(parseMode) {
	case "":
	case "markdown", "markdownv2":
	case "html":
		var err error
		plain, ents, err = ParseHTML(text)
		if err != nil {
			return "", nil, badRequest("can't parse entities: " + err.Error())
		}
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
	plain, ents = trimText(plain, ents)
	if plain == "" {
		return "", nil, badRequest("message text is empty")
	}
	if utf16Len(plain) > MaxTextLength {
		return "", nil, badRequest("message is too long")
	}
	return plain, ents, nil
}

// trimText strips surrounding white space and moves the entities with it.
func trimText(s string, ents []Entity) (string, []Entity) {
	trimmed := strings.TrimLeftFunc(s, unicode.IsSpace)
	lead := utf16Len(s[:len(s)-len(trimmed)])
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	if lead == 0 && len(trimmed) == len(s) {
		return s, ents
	}
	total := utf16Len(trimmed)
	out := ents[:0]
	for _, e := range ents {
		start, end := e.Offset-lead, e.Offset+e.Length-lead
		start, end = max(start, 0), min(end, total)
		if end <= start {
			continue
		}
		e.Offset, e.Length = start, end-start
		out = append(out, e)
	}
	return trimmed, out
}
