package collect

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/refdigest/refdigest/lang"
)

// fullTextRunes is how long a feed's content must be to count as the whole
// article; shorter content is an excerpt and the page is fetched.
const fullTextRunes = 600

// maxSummaryRunes bounds the stored excerpt.
const maxSummaryRunes = 1200

var (
	errEmptyFeed = errors.New("feed has no items")
	errEmptyBody = errors.New("empty response body")
)

// entry is one item as a feed or listing gives it, before it is stored.
type entry struct {
	Link, GUID, Title string
	Summary           string // plain text excerpt
	Body              string // paragraphs; set when FullText
	Published         time.Time
	FullText          bool // Body is the whole article: no page fetch needed
	// Canonical is the article the entry is about when that is another
	// page than Link: a channel post's linked article. The item keeps Link
	// as its URL, and joins the article's item when the site has it.
	Canonical string
}

// parseFeed reads an RSS, Atom or JSON feed (UTF-8). Dates without a zone
// are in loc. A feed with no items is an error: a working source always
// lists something, and an empty answer is usually a broken one.
func parseFeed(body []byte, loc *time.Location) ([]entry, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errEmptyBody
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			if looksLikeHTML(body) {
				return nil, errors.New("not a feed: the server sent an HTML page")
			}
			return nil, errors.New("not a feed: no RSS, Atom or JSON Feed found")
		}
		return nil, fmt.Errorf("malformed feed: %w", err)
	}
	if len(feed.Items) == 0 {
		return nil, errEmptyFeed
	}
	out := make([]entry, 0, len(feed.Items))
	for i, it := range feed.Items {
		if it == nil {
			continue
		}
		out = append(out, feedEntry(it, loc))
		feed.Items[i] = nil // a big feed's parsed items can go as we convert them
	}
	return out, nil
}

func feedEntry(it *gofeed.Item, loc *time.Location) entry {
	e := entry{
		Link:  strings.TrimSpace(it.Link),
		GUID:  strings.TrimSpace(it.GUID),
		Title: cleanTitle(it.Title),
	}
	if e.Link == "" {
		for _, l := range it.Links {
			if l = strings.TrimSpace(l); l != "" {
				e.Link = l
				break
			}
		}
	}
	if e.Link == "" && (strings.HasPrefix(e.GUID, "http://") || strings.HasPrefix(e.GUID, "https://")) {
		e.Link = e.GUID
	}
	// Full-text feeds carry the page's clutter lines with the article.
	summary := lang.StripBoilerplate(htmlText(it.Description))
	content := lang.StripBoilerplate(htmlText(it.Content))
	switch {
	case utf8.RuneCountInString(content) >= fullTextRunes:
		e.Body, e.FullText = content, true
		e.Summary = summary
	case utf8.RuneCountInString(summary) >= 2*fullTextRunes && strings.Contains(summary, "\n\n"):
		// Some feeds put the whole article in the description.
		e.Body, e.FullText = summary, true
	default:
		if utf8.RuneCountInString(content) > utf8.RuneCountInString(summary) {
			summary = content
		}
		e.Summary = summary
	}
	e.Summary = truncateRunes(e.Summary, maxSummaryRunes)
	e.Published = feedDate(it.PublishedParsed, it.Published, loc)
	if e.Published.IsZero() {
		e.Published = feedDate(it.UpdatedParsed, it.Updated, loc)
	}
	return e
}

// cleanTitle makes a headline one line of plain text. It is not run
// through the furniture rules: a headline may well start with "Фото:".
func cleanTitle(s string) string {
	if strings.ContainsAny(s, "<&") {
		ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
		if nodes, err := html.ParseFragment(strings.NewReader(s), ctx); err == nil {
			var b strings.Builder
			for _, n := range nodes {
				b.WriteString(" ")
				b.WriteString(strings.Join(nodeParagraphs(n), " "))
			}
			s = strings.ReplaceAll(b.String(), linkMark, "")
		}
	}
	return collapseSpace(s)
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	// Cut at a word boundary when one is near.
	if i := strings.LastIndexAny(string(r), " \n"); i > len(string(r))*3/4 {
		return strings.TrimSpace(string(r)[:i]) + "…"
	}
	return string(r) + "…"
}

// readFeed decodes and parses a fetched feed. An HTML page where a feed
// was expected (a home page, a bot wall for unfamiliar clients) is said to
// be one, with the Content-Type it came with, rather than "malformed".
func readFeed(resp *response, loc *time.Location) ([]entry, error) {
	body, err := toUTF8(resp.Body, resp.ContentType, !isJSONBody(resp.Body))
	if err != nil {
		return nil, err
	}
	if looksLikeHTML(body) && !looksLikeFeed(body) {
		return nil, fmt.Errorf("not a feed: the server sent an HTML page (Content-Type %s)", mediaType(resp.ContentType))
	}
	return parseFeed(body, loc)
}

// looksLikeFeed: the document starts as RSS, Atom, RDF or JSON does. Some
// servers send good feeds as text/html, so the body decides, not the header.
func looksLikeFeed(body []byte) bool {
	if isJSONBody(body) {
		return true
	}
	head := bytes.ToLower(body[:min(len(body), 1024)])
	return bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed")) || bytes.Contains(head, []byte("<rdf:rdf"))
}

// mediaType is a Content-Type without its parameters, for messages.
func mediaType(ct string) string {
	t, _, _ := strings.Cut(ct, ";")
	if t = strings.TrimSpace(t); t == "" {
		return "(none)"
	}
	return t
}

// sniffed says in a word what a body that is not the expected document is.
func sniffed(body []byte) string {
	t := bytes.TrimSpace(bytes.TrimPrefix(body, utf8BOM))
	switch {
	case len(t) == 0:
		return "empty"
	case t[0] == '{' || t[0] == '[':
		return "JSON"
	case looksLikeFeed(t):
		return "a feed"
	case bytes.HasPrefix(t, []byte("<?xml")):
		return "XML"
	case looksLikeHTML(t):
		return "HTML"
	}
	return "plain text"
}

// looksLikeHTML tells an HTML page (a home page served for a missing feed)
// from other non-feed answers.
func looksLikeHTML(body []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 1024)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body"))
}

// isJSONBody tells JSON Feed from XML, which needs its prolog rewritten.
func isJSONBody(body []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(body, utf8BOM), " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}
