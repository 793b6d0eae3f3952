package digest

import (
	"strings"

	"golang.org/x/net/html"
)

// PlainText turns Telegram HTML into plain text: tags are dropped, entities decoded, and a
// link keeps its target as "text (url)" unless the text already is the url, so that a
// console reader can still follow it. Line breaks are kept as they are.
func PlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var (
		b         strings.Builder
		href      string
		linkStart = -1
	)
	for {
		switch z.Next() {
		case html.ErrorToken:
			// io.EOF at the end; a tokenizer error on malformed input keeps what was read.
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "a" {
				continue
			}
			href, linkStart = "", b.Len()
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "href" {
					href = string(v)
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) != "a" || linkStart < 0 {
				continue
			}
			if text := b.String()[linkStart:]; href != "" && strings.TrimSpace(text) != href {
				b.WriteString(" (" + href + ")")
			}
			href, linkStart = "", -1
		}
	}
}
