package collect

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// tgPost builds one post of a preview page in t.me's markup.
func tgPost(id, inner string) string {
	return `<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="orda_kz/` + id + `">` +
		`<div class="tgme_widget_message_bubble">` + inner +
		`<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" href="https://t.me/orda_kz/` + id + `"><time datetime="2026-03-15T04:30:00+00:00">09:30</time></a></div>` +
		`</div></div></div>`
}

func TestParseTelegram(t *testing.T) {
	page := `<html><body><section class="tgme_channel_history">` +
		`<div class="tme_messages_more" ><a class="tme_messages_more" data-before="500" href="/s/orda_kz?before=500"></a></div>` +
		// A reply quotes another post's text: only the post's own counts.
		tgPost("501", `<a class="tgme_widget_message_reply" href="https://t.me/orda_kz/480"><div class="tgme_widget_message_text">Цитата из старого поста.</div></a>`+
			`<div class="tgme_widget_message_text">Явка на референдуме к полудню превысила треть.<br/><br/><a href="https://t.me/orda_kz">@orda_kz</a></div>`) +
		// An album caption nests the text block.
		tgPost("502", `<div class="tgme_widget_message_grouped_wrap"><div class="tgme_widget_message_grouped"><div class="tgme_widget_message_text_wrap"><div class="tgme_widget_message_text">Фотографии с участков Алматы.</div></div></div></div>`) +
		// Hashtags link to t.me; the article link is the first one elsewhere.
		tgPost("503", `<div class="tgme_widget_message_text"><a href="?q=%23референдум">#референдум</a> Текст поста. <a href="https://orda.kz/news/referendum-yavka-1/?utm_source=telegram">Читать</a></div>`) +
		// A preview gives the title and the article.
		tgPost("504", `<div class="tgme_widget_message_text">Коротко.</div><a class="tgme_widget_message_link_preview" href="https://orda.kz/news/itogi-2/">`+
			`<div class="link_preview_title">Итоги референдума</div><div class="link_preview_description">ЦИК огласил итоги.</div></a>`) +
		`</section></body></html>`
	u, _ := url.Parse("https://t.me/s/orda_kz")
	got, err := parseTelegram([]byte(page), u, almaty())
	if err != nil {
		t.Fatal(err)
	}
	if got.before != "500" || len(got.entries) != 4 {
		t.Fatalf("before %q, %d entries", got.before, len(got.entries))
	}
	tests := []struct {
		link, guid, title, body, canonical string
	}{
		{"https://t.me/orda_kz/501", "orda_kz/501", "", "Явка на референдуме к полудню превысила треть.", ""},
		{"https://t.me/orda_kz/502", "orda_kz/502", "", "Фотографии с участков Алматы.", ""},
		{"https://t.me/orda_kz/503", "orda_kz/503", "", "#референдум Текст поста. Читать", "https://orda.kz/news/referendum-yavka-1/?utm_source=telegram"},
		{"https://t.me/orda_kz/504", "orda_kz/504", "Итоги референдума", "Коротко.", "https://orda.kz/news/itogi-2/"},
	}
	want := time.Date(2026, 3, 15, 9, 30, 0, 0, almaty())
	for i, tc := range tests {
		e := got.entries[i]
		if e.Link != tc.link || e.GUID != tc.guid || e.Title != tc.title || e.Body != tc.body || e.Canonical != tc.canonical {
			t.Errorf("post %d:\n got %+v\nwant %+v", i, e, tc)
		}
		if !e.Published.Equal(want) || !e.FullText {
			t.Errorf("post %d: published %v, full text %v", i, e.Published, e.FullText)
		}
	}
	if got.entries[3].Summary != "ЦИК огласил итоги." {
		t.Errorf("preview description %q", got.entries[3].Summary)
	}
	// A channel page that is not the /s/ preview (t.me redirected) is an error.
	plain, _ := url.Parse("https://t.me/orda_kz")
	if _, err := parseTelegram([]byte(page), plain, almaty()); err != errNoPreview {
		t.Errorf("not a preview: %v", err)
	}
}

func TestOlderPage(t *testing.T) {
	u, _ := url.Parse("https://t.me/s/orda_kz?embed=1")
	if got := olderPage(u, "500"); !strings.HasSuffix(got, "/s/orda_kz?before=500&embed=1") {
		t.Errorf("olderPage = %q", got)
	}
}
