package collect

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzParseFeed(f *testing.F) {
	// Small seeds: the fuzzer minimises interesting inputs, which is slow on whole feeds.
	f.Add([]byte(rss([3]string{"Референдум", "/kk/1?utm_source=x", "<p>Конституция</p><p>Читайте также</p>"})), "application/rss+xml")
	f.Add([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">&lt;b&gt;Сайлау&lt;/b&gt;</title><link href="/a"/><updated>2026-03-12T09:00:00</updated><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>`), "application/atom+xml")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"/a","title":"x"}]}`), "application/json")
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1251"?><rss><channel><item><title>\xcf\xf0</title></item></channel></rss>`), "")
	f.Add([]byte("<html><body>home</body></html>"), "text/html; charset=koi8-r")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		body, err := toUTF8(data, contentType, !isJSONBody(data))
		if err != nil {
			return
		}
		entries, err := parseFeed(body, almaty())
		if err != nil {
			return
		}
		for _, e := range entries {
			for _, s := range []string{e.Title, e.Summary, e.Body, e.Link} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in entry: %q", s)
				}
			}
			if strings.Contains(e.Title, "\n") {
				t.Fatalf("title with a newline: %q", e.Title)
			}
		}
	})
}

func FuzzParseListing(f *testing.F) {
	// Small seeds: the fuzzer minimises interesting inputs, which is slow on whole pages.
	f.Add([]byte(`<a class="news-card" href="/ru/a/1"><h3 class="card-title">Референдум</h3><time class="meta-date">14:30, 12 марта 2026</time></a>`))
	f.Add([]byte(`<div><a class="news-card" href="http://x.kz/a?utm_source=1"><h3 class="card-title"> </h3><time class="meta-date" datetime="2026-02-18T16:10:00+05:00">вчера</time></a></div>`))
	f.Add([]byte(`<html><body><article><p>Сайлау өтті.</p><p>Читайте также</p><p><a href="/x">x</a></p><figcaption>WhatsApp Image</figcaption></article></body></html>`))
	f.Add([]byte(`<base href="javascript:x"><a class="news-card" href="%zz"><h3 class="card-title">a</h3><time class="meta-date">99:99, 40 марта 2026</time></a>`))
	base, _ := url.Parse("https://www.inform.kz/ru/lenta/?page=1")
	sel := kazinformSource("").Select
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		page, err := toUTF8(data, "text/html", false)
		if err != nil {
			return
		}
		entries, _, err := parseListing(page, base, sel, almaty(), now)
		if err != nil {
			return
		}
		for _, e := range entries {
			if !utf8.ValidString(e.Title) || strings.Contains(e.Title, "\n") {
				t.Fatalf("bad title %q", e.Title)
			}
		}
		// The article extractor must survive any page too.
		_, _ = extractArticle(page, base, sel.Body, almaty())
	})
}

func FuzzParseListingDate(f *testing.F) {
	for _, s := range []string{"14:30, 3 марта 2026", "Сегодня, 25:99", "2026 жылғы 13 ақпан", "2026-03-10T09:00:00+05:00", "г. г. г."} {
		f.Add(s, "15:04, 2 January 2006")
	}
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s, layout string) {
		_, _ = parseListingDate(s, layout, almaty(), now)
	})
}

// FuzzParseTelegram: any page read as a channel preview gives entries with
// valid UTF-8, one-line titles and no Telegram address as the article.
func FuzzParseTelegram(f *testing.F) {
	f.Add([]byte(tgPost("1", `<div class="tgme_widget_message_text">Текст<br/><br/><a href="https://orda.kz/a">ссылка</a></div>`)))
	f.Add([]byte(`<div class="tgme_widget_message" data-post="x/1"><div class="tgme_widget_message_bubble"><a class="tgme_widget_message_link_preview" href="javascript:x"><div class="link_preview_title">a` + "\n" + `b</div></a></div></div>`))
	f.Add([]byte(`<a class="tme_messages_more" data-before="%zz"></a><time datetime="not a date">`))
	base, _ := url.Parse("https://t.me/s/orda_kz")
	f.Fuzz(func(t *testing.T, data []byte) {
		page, err := toUTF8(data, "text/html", false)
		if err != nil {
			return
		}
		got, err := parseTelegram(page, base, almaty())
		if err != nil {
			return
		}
		for _, e := range got.entries {
			if !utf8.ValidString(e.Title) || strings.Contains(e.Title, "\n") || !utf8.ValidString(e.Body) {
				t.Fatalf("bad entry %+v", e)
			}
			if u, err := url.Parse(e.Canonical); e.Canonical != "" && (err != nil || isTelegramHost(u.Hostname())) {
				t.Fatalf("canonical %q", e.Canonical)
			}
		}
	})
}
