package collect

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestCleanParagraphs(t *testing.T) {
	const story = "Қазақстан халқы Ассамблеясының активі отандастарды республикалық референдумға белсенді қатысуға шақырды."
	const story2 = "Казахстанские дипломаты провели ряд встреч, посвященных обсуждению конституционных реформ."
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"kept", []string{story, story2}, []string{story, story2}},
		{"photo captions", []string{"WhatsApp Image 2026-02-13 at 15.51.21", story, "Фото: МИД РК", "IMG_2034.jpg", "Сурет: Kazinform"}, []string{story}},
		{"counters and dates", []string{"13.02.2026, 15:45", "Оқылды: 22", "Просмотров: 1 204", story}, []string{story}},
		{"read also block with its links", []string{story, "Читайте также:", linkMark + "Другая новость о референдуме", linkMark + "Ещё одна новость", story2},
			[]string{story, story2}},
		{"discussed now block", []string{story, "ҚАЗІР ТАЛҚЫЛАНЫП ЖАТЫР", "Бірінші өзекті жаңалық", "Екінші өзекті жаңалық", story2}, []string{story, story2}},
		{"discussed now, ru", []string{story2, "Обсуждается сейчас", linkMark + "Заголовок"}, []string{story2}},
		{"share row", []string{story, "Facebook Telegram WhatsApp", "Поделиться"}, []string{story}},
		{"repeated line", []string{story, story}, []string{story}},
		{"a headline-like sentence that starts like a marker is text", []string{"По теме референдума высказались эксперты из трёх стран, и их мнения разошлись по многим вопросам."},
			[]string{"По теме референдума высказались эксперты из трёх стран, и их мнения разошлись по многим вопросам."}},
		{"a long link paragraph is text", []string{linkMark + strings.Repeat(story+" ", 3)}, []string{strings.TrimSpace(strings.Repeat(story+" ", 3))}},
	}
	for _, tc := range tests {
		if got := cleanParagraphs(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<p>one</p><p>two  \n three</p>", "one\n\ntwo three"},
		{"first line<br>same paragraph<br><br>second", "first line same paragraph\n\nsecond"},
		{"<div>a <b>bold</b> word</div><script>x()</script><div>b</div>", "a bold word\n\nb"},
		{"&lt;escaped&gt; &amp; kept", "<escaped> & kept"},
		{"<p>Фото: Kazinform</p><p>Текст</p>", "Текст"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := htmlText(tc.in); got != tc.want {
			t.Errorf("htmlText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExtractArticle(t *testing.T) {
	page := []byte(readFixture(t, "article_003.html"))
	_, paras := seedText(t, "003")
	want := strings.Join(paras, "\n\n")
	u, _ := url.Parse("https://example.kz/kk/article-003")
	for _, sel := range []string{"div.article__content", "", "div.no-such-block"} {
		got, err := extractArticle(page, u, sel, almaty())
		if err != nil {
			t.Errorf("selector %q: %v", sel, err)
			continue
		}
		if got.Body != want {
			t.Errorf("selector %q:\n got %q\nwant %q", sel, got.Body, want)
		}
	}
	if _, err := extractArticle([]byte("<html><body><p>Too short.</p></body></html>"), u, "", almaty()); err == nil {
		t.Error("a page without article text: no error")
	}
}

func TestCollapseSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""}, {"a", "a"}, {"a b", "a b"}, {" a", "a"}, {"a ", "a"}, {"a  b", "a b"},
		{"a\tb\nc", "a b c"}, {"a\u00a0b", "a b"}, {"«Ата заң» – негізгі", "«Ата заң» – негізгі"},
		{"a\u200b b", "a b"}, {"\u3000a\u2003b\u3000", "a b"}, {"   ", ""},
	}
	for _, tc := range tests {
		if got := collapseSpace(tc.in); got != tc.want {
			t.Errorf("collapseSpace(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
