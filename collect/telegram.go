package collect

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/refdigest/refdigest/config"
)

// A public channel's web preview (https://t.me/s/CHANNEL) is plain HTML:
// each post is a div.tgme_widget_message[data-post="CHANNEL/ID"] inside a
// .tgme_widget_message_wrap, oldest first; the text sits in the bubble's
// .tgme_widget_message_text, the post's own link is a.tgme_widget_message_date
// with a time[datetime] in UTC, a link preview is
// a.tgme_widget_message_link_preview with its .link_preview_title, and
// a.tme_messages_more[data-before] leads to the older posts (?before=ID).
// No Bot API bot can read a channel it is not in, so this page is the only
// way in.
const (
	tgPostSel      = "div.tgme_widget_message[data-post]"
	tgTextSel      = ".tgme_widget_message_text"
	tgBubbleSel    = ".tgme_widget_message_bubble"
	tgReplySel     = ".tgme_widget_message_reply"
	tgDateSel      = "a.tgme_widget_message_date"
	tgPreviewSel   = "a.tgme_widget_message_link_preview"
	tgPreviewTitle = ".link_preview_title"
	tgPreviewDesc  = ".link_preview_description"
	tgMoreSel      = "a.tme_messages_more[data-before]"
)

// errNoPreview is a channel whose preview is not public: t.me redirects
// such a /s/ address to the channel's plain page.
var errNoPreview = errors.New("no public preview: t.me sent the request away from /s/ (a private channel, or not a channel)")

// tgPage is one preview page as read.
type tgPage struct {
	entries []entry
	before  string // data-before of the "older posts" link; "" on the oldest page
	counts  []SelectorCount
}

// parseTelegram reads one page of a channel's preview (UTF-8 HTML) fetched
// from pageURL. A page with no posts is not an error here: a new channel has
// none, and the caller tells EMPTY from BROKEN.
func parseTelegram(page []byte, pageURL *url.URL, loc *time.Location) (tgPage, error) {
	var out tgPage
	if config.TelegramChannel(pageURL.String()) == "" {
		return out, errNoPreview
	}
	if len(bytes.TrimSpace(page)) == 0 {
		return out, errEmptyBody
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		return out, fmt.Errorf("collect: telegram: parse: %w", err)
	}
	posts := doc.Find(tgPostSel)
	var nText, nDate, nPreview int
	posts.Each(func(_ int, s *goquery.Selection) {
		e := entry{GUID: strings.TrimSpace(s.AttrOr("data-post", ""))}
		date := s.Find(tgDateSel).First()
		if href := strings.TrimSpace(date.AttrOr("href", "")); href != "" {
			e.Link = href
		} else if e.GUID != "" {
			// The date link is the post's address; without it, data-post names it.
			e.Link = "https://t.me/" + e.GUID
		}
		if raw := date.Find("time[datetime]").AttrOr("datetime", ""); raw != "" {
			nDate++
			if t, ok := parseLooseDate(raw, loc); ok {
				e.Published = t
			}
		}
		if text := postText(s); text.Length() > 0 {
			nText++
			e.Body = joinBody(cleanTelegram(nodeParagraphs(text.Get(0))))
			e.Canonical = firstOutsideLink(text)
		}
		if pv := s.Find(tgPreviewSel).First(); pv.Length() > 0 {
			nPreview++
			// The preview is of the article the post is about: its headline
			// is a better title than the post's first sentence.
			e.Title = cleanTitle(pv.Find(tgPreviewTitle).First().Text())
			e.Summary = cleanTitle(pv.Find(tgPreviewDesc).First().Text())
			if href := strings.TrimSpace(pv.AttrOr("href", "")); href != "" {
				e.Canonical = href
			}
		}
		// The post is all there is: its t.me page is the same post, and the
		// linked article is the site's to collect (its own source, or none).
		e.FullText = true
		if e.Canonical != "" {
			if u, err := pageURL.Parse(e.Canonical); err == nil && !isTelegramHost(u.Hostname()) {
				e.Canonical = u.String()
			} else {
				e.Canonical = ""
			}
		}
		out.entries = append(out.entries, e)
	})
	out.before = strings.TrimSpace(doc.Find(tgMoreSel).First().AttrOr("data-before", ""))
	out.counts = []SelectorCount{
		{Name: "post", Selector: tgPostSel, Matched: posts.Length()},
		{Name: "text", Selector: tgTextSel, Matched: nText},
		{Name: "date", Selector: tgDateSel + " time[datetime]", Matched: nDate},
		{Name: "link preview", Selector: tgPreviewSel, Matched: nPreview},
	}
	return out, nil
}

// postText is the post's own text: the bubble's direct text block, or, for
// album captions that nest it, the first one outside a quoted reply (a
// reply carries the quoted post's text too).
func postText(post *goquery.Selection) *goquery.Selection {
	bubble := post.Find(tgBubbleSel).First()
	if t := bubble.ChildrenFiltered(tgTextSel).First(); t.Length() > 0 {
		return t
	}
	return bubble.Find(tgTextSel).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Closest(tgReplySel).Length() == 0
	}).First()
}

// firstOutsideLink is the first link in a post's text to somewhere other
// than Telegram (hashtags and mentions link to t.me itself).
func firstOutsideLink(text *goquery.Selection) string {
	var out string
	text.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		href := strings.TrimSpace(a.AttrOr("href", ""))
		u, err := url.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || isTelegramHost(u.Hostname()) {
			return true
		}
		out = href
		return false
	})
	return out
}

func isTelegramHost(h string) bool {
	h = strings.ToLower(h)
	return h == "t.me" || h == "telegram.me" || h == "telegram.org" || strings.HasSuffix(h, ".t.me") || strings.HasSuffix(h, ".telegram.org")
}

// cleanTelegram drops what channels append to every post: the channel's
// own sign-off line ("Подписывайтесь", a lone @name or t.me link).
func cleanTelegram(paras []string) []string {
	paras = cleanParagraphs(paras)
	out := paras[:0]
	for _, p := range paras {
		low := strings.ToLower(p)
		if strings.HasPrefix(low, "@") && !strings.Contains(low, " ") || strings.HasPrefix(low, "https://t.me/") && !strings.Contains(low, " ") {
			continue
		}
		out = append(out, p)
	}
	return out
}

// olderPage is the preview URL of the posts before id.
func olderPage(first *url.URL, before string) string {
	u := *first
	q := u.Query()
	q.Set("before", before)
	u.RawQuery = q.Encode()
	return u.String()
}
