package collect

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/refdigest/refdigest/config"
)

// parseListing reads one listing page (UTF-8 HTML) with the source's
// selectors. Links are made absolute against the page (or its <base>). A
// page where the item selector matches nothing is an error: the site
// changed, or the answer is not the listing. The counts say how many
// elements each configured selector matched (for `sources check`).
func parseListing(page []byte, pageURL *url.URL, sel config.Select, loc *time.Location, now time.Time) ([]entry, []SelectorCount, error) {
	if len(bytes.TrimSpace(page)) == 0 {
		return nil, nil, errEmptyBody
	}
	if sel.Item == "" {
		return nil, nil, fmt.Errorf("no item selector configured")
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		return nil, nil, fmt.Errorf("parse listing: %w", err)
	}
	base := pageURL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := pageURL.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	items := doc.Find(sel.Item)
	// An element that holds other matches is their container, not an item
	// (a selector like "div:has(h3 a)" matches every div around the items).
	items = items.FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.FindSelection(items).Length() == 0
	})
	counts := []SelectorCount{{Name: "item", Selector: sel.Item, Matched: items.Length()}}
	if items.Length() == 0 {
		if !looksLikeHTML(page) {
			return nil, counts, fmt.Errorf("listing: no element matches item selector %q, and the answer is not HTML (%s)", sel.Item, sniffed(page))
		}
		return nil, counts, fmt.Errorf("listing: no element matches item selector %q", sel.Item)
	}
	var nLink, nTitle, nDate int
	var out []entry
	seen := make(map[string]bool)
	items.Each(func(_ int, s *goquery.Selection) {
		link := linkOf(s, sel.Link)
		if sel.Link != "" && s.Find(sel.Link).Length() > 0 {
			nLink++
		}
		href, _ := link.Attr("href")
		href = strings.TrimSpace(href)
		var abs string
		if href != "" {
			if u, err := base.Parse(href); err == nil {
				abs = u.String()
			}
		}
		if abs != "" && seen[abs] {
			return
		}
		seen[abs] = true
		e := entry{Link: abs}
		var dateSel *goquery.Selection
		if sel.Date != "" {
			dateSel = s.Find(sel.Date).First()
			if dateSel.Length() > 0 {
				nDate++
			}
		}
		// The title selector wins when it matches, even if empty (then the
		// item is skipped); otherwise a separate link's text is the title.
		// An item that is itself the link has its date in its text too.
		titleSel := s.Find(sel.Title).First()
		switch {
		case sel.Title != "" && titleSel.Length() > 0:
			nTitle++
			e.Title = cleanTitle(titleSel.Text())
		case sel.Title == "" || !link.IsSelection(s):
			e.Title = cleanTitle(textWithout(link, dateSel))
			if e.Title == "" {
				e.Title = cleanTitle(link.AttrOr("title", ""))
			}
		}
		if dateSel != nil && dateSel.Length() > 0 {
			d := dateSel
			raw := d.AttrOr("datetime", d.AttrOr("content", ""))
			if raw == "" {
				raw = d.Text()
			}
			layout := sel.DateLayout
			if d.AttrOr("datetime", "") != "" {
				layout = "" // machine-readable: the loose ISO layouts apply
			}
			if t, err := parseListingDate(raw, layout, loc, now); err == nil {
				e.Published = t
			}
		}
		out = append(out, e)
	})
	if sel.Link != "" {
		counts = append(counts, SelectorCount{Name: "link", Selector: sel.Link, Matched: nLink})
	}
	if sel.Title != "" {
		counts = append(counts, SelectorCount{Name: "title", Selector: sel.Title, Matched: nTitle})
	}
	if sel.Date != "" {
		counts = append(counts, SelectorCount{Name: "date", Selector: sel.Date, Matched: nDate})
	}
	return out, counts, nil
}

// textWithout is the text of s without that of the element skip inside it
// (a card whose link holds its time as well as its headline).
func textWithout(s, skip *goquery.Selection) string {
	text := s.Text()
	if skip == nil || skip.Length() == 0 || s.FindSelection(skip).Length() == 0 {
		return text
	}
	return strings.Replace(text, skip.Text(), " ", 1)
}

// linkOf finds an item's link element: the Link selector inside the item,
// or the item itself when it has an href, or its first link.
func linkOf(s *goquery.Selection, linkSel string) *goquery.Selection {
	if linkSel != "" {
		l := s.Find(linkSel).First()
		if _, ok := l.Attr("href"); ok {
			return l
		}
		if inner := l.Find("a[href]").First(); inner.Length() > 0 {
			return inner
		}
		if l.Length() > 0 {
			return l
		}
	}
	if _, ok := s.Attr("href"); ok {
		return s
	}
	return s.Find("a[href]").First()
}
