package telegramtest

import (
	"fmt"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestParseHTMLValid(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		plain string
		ents  string // type@offset+length[:extra], space separated
	}{
		{"plain", "Референдум 15 наурыз", "Референдум 15 наурыз", ""},
		{"bold and italic", "<b>Жаңа</b> <i>Конституция</i>", "Жаңа Конституция", "bold@0+4 italic@5+11"},
		{"synonyms", "<strong>a</strong><em>b</em><ins>c</ins><strike>d</strike><del>e</del><s>f</s><u>g</u>", "abcdefg",
			"bold@0+1 italic@1+1 underline@2+1 strikethrough@3+1 strikethrough@4+1 strikethrough@5+1 underline@6+1"},
		{"upper-case tag", "<B>x</B>", "x", "bold@0+1"},
		{"nested", "<b>bold <i>both</i></b>", "bold both", "bold@0+9 italic@5+4"},
		{"link", `<a href="https://www.inform.kz/ru/lenta/?page=1&amp;x=2">Kazinform</a>`, "Kazinform",
			"text_link@0+9:https://www.inform.kz/ru/lenta/?page=1&x=2"},
		{"single-quoted href", `<a href='https://orda.kz/'>Orda</a>`, "Orda", "text_link@0+4:https://orda.kz/"},
		{"mention link", `<a href="tg://user?id=5001">Айгерім</a>`, "Айгерім", "text_mention@0+7:5001"},
		{"empty href uses the text", `<a href="">orda.kz</a>`, "orda.kz", "text_link@0+7:http://orda.kz"},
		{"unusable link dropped", `<a href="javascript:alert(1)">x</a>`, "x", ""},
		{"entities", "&lt;b&gt; &amp; &quot;q&quot; &#1179; &#x4D9; &#128512;", `<b> & "q" қ ә 😀`, ""},
		{"entity without semicolon", "&lt b", "< b", ""},
		{"bare greater-than", "a > b", "a > b", ""},
		{"code", "<code>go test</code>", "go test", "code@0+7"},
		{"pre with language", `<pre><code class="language-go">x := 1</code></pre>`, "x := 1", "pre@0+6:go"},
		{"pre plain", "<pre>x</pre>", "x", "pre@0+1"},
		{"blockquote", "<blockquote>quote</blockquote>", "quote", "blockquote@0+5"},
		{"expandable blockquote", "<blockquote expandable>long</blockquote>", "long", "expandable_blockquote@0+4"},
		{"spoiler tag", "<tg-spoiler>secret</tg-spoiler>", "secret", "spoiler@0+6"},
		{"spoiler span", `<span class="tg-spoiler">secret</span>`, "secret", "spoiler@0+6"},
		{"custom emoji", `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍", "custom_emoji@0+2:5368324170671202286"},
		{"empty tag dropped", "a<b></b>b", "ab", ""},
		{"end tag without name", "<b>x</>", "x", "bold@0+1"},
		{"utf16 offsets", "😀<b>ж</b>", "😀ж", "bold@2+1"},
		{"spaces in tags", "<b >x</b >", "x", "bold@0+1"},
		{"unquoted attribute", "<a href=orda.kz>x</a>", "x", "text_link@0+1:http://orda.kz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain, ents, err := ParseHTML(tt.in)
			if err != nil {
				t.Fatalf("ParseHTML(%q): %v", tt.in, err)
			}
			if plain != tt.plain {
				t.Errorf("plain = %q, want %q", plain, tt.plain)
			}
			if got := formatEntities(ents); got != tt.ents {
				t.Errorf("entities = %q, want %q", got, tt.ents)
			}
		})
	}
}

func formatEntities(ents []Entity) string {
	var parts []string
	for _, e := range ents {
		s := fmt.Sprintf("%s@%d+%d", e.Type, e.Offset, e.Length)
		switch {
		case e.URL != "":
			s += ":" + e.URL
		case e.User != nil:
			s += fmt.Sprintf(":%d", e.User.ID)
		case e.Language != "":
			s += ":" + e.Language
		case e.CustomEmojiID != "":
			s += ":" + e.CustomEmojiID
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestParseHTMLInvalid(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"<div>x</div>", `Unsupported start tag "div" at byte offset 0`},
		{"Жаңа <div>", `Unsupported start tag "div" at byte offset 9`},
		{"1 < 2", `Unsupported start tag "" at byte offset 2`},
		{"<< Title >>", `Unsupported start tag "<" at byte offset 0`},
		{"<br/>", `Unsupported start tag "br/" at byte offset 0`},
		{"x <", `Unclosed start tag at byte offset 2`},
		{"<b>bold", `Can't find end tag corresponding to start tag "b"`},
		{"<b><i>x</i>", `Can't find end tag corresponding to start tag "b"`},
		{"<b><i>x</b></i>", `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{"x</b>", `Unexpected end tag at byte offset 1`},
		{"<b>x</b", `Unclosed end tag at byte offset 4`},
		{`<a href="x>y</a>`, `Unclosed start tag at byte offset 0`},
		{`<a href=x"y>z</a>`, `Unexpected end of name token at byte offset 8`},
		{`<a =x>z</a>`, `Empty attribute name in the tag "a" at byte offset 0`},
		{`<span>x</span>`, `Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{`<span class="bold">x</span>`, `Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{`<tg-emoji>x</tg-emoji>`, `Invalid custom emoji identifier specified`},
		{"AT&T", `Unescaped "&" at byte offset 2: use &amp;`},
		{"a &nbsp; b", `Unescaped "&" at byte offset 2: use &amp;`},
		{"&#0; x", `Unescaped "&" at byte offset 0: use &amp;`},
		{"&#xD800;", `Unescaped "&" at byte offset 0: use &amp;`},
		{`<a href="https://x.kz/?a=1&b=2">x</a>`, `Unescaped "&" at byte offset 26: use &amp;`},
		{"bad \xff utf-8", `strings must be encoded in UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, _, err := ParseHTML(tt.in)
			if err == nil {
				t.Fatalf("ParseHTML(%q) accepted invalid markup", tt.in)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\nwant    %q", err, tt.want)
			}
		})
	}
}

func TestSendMessageHTMLErrors(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	tests := []struct {
		text, mode, want string
	}{
		{"<b>ok</b>", "HTML", ""},
		{"<b>ok</b>", "html", ""},
		{"<div>x</div>", "HTML", `Bad Request: can't parse entities: Unsupported start tag "div" at byte offset 0`},
		{"<b>x", "HTML", `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"<div>not parsed</div>", "", ""},
		{"x", "BBCode", "Bad Request: unsupported parse_mode"},
	}
	for _, tt := range tests {
		msg := tgbotapi.NewMessage(9, tt.text)
		msg.ParseMode = tt.mode
		_, err := bot.Send(msg)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%q (%s): %v", tt.text, tt.mode, err)
			}
			continue
		}
		if e := asAPIError(t, err); e.Code != 400 || e.Message != tt.want {
			t.Errorf("%q (%s): %d %q, want %q", tt.text, tt.mode, e.Code, e.Message, tt.want)
		}
	}
	if n := len(srv.SentTo(9)); n != 3 {
		t.Errorf("accepted %d messages, want 3", n)
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{"<b>x</b>", "<a href=\"u\">", "&#128512;", "<pre><code class=\"language-go\">", "</>", "&lt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		plain, ents, err := ParseHTML(s)
		if err != nil {
			return
		}
		n := utf16Len(plain)
		for _, e := range ents {
			if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > n {
				t.Fatalf("entity %+v outside text of %d units (input %q)", e, n, s)
			}
		}
	})
}
