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
// changed, or the answer is not the listing.
func parseListing(page []byte, pageURL *url.URL, sel config.Select, loc *time.Location, now time.Time) ([]entry, error) {
	if len(bytes.TrimSpace(page)) == 0 {
		return nil, errEmptyBody
	}
	if sel.Item == "" {
		return nil, fmt.Errorf("no item selector configured")
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("parse listing: %w", err)
	}
	base := pageURL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := pageURL.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	items := doc.Find(sel.Item)
	if items.Length() == 0 {
		return nil, fmt.Errorf("listing: no element matches item selector %q", sel.Item)
	}
	var out []entry
	seen := make(map[string]bool)
	items.Each(func(_ int, s *goquery.Selection) {
		link := linkOf(s, sel.Link)
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
		// The title selector wins when it matches, even if empty (then the
		// item is skipped); otherwise a separate link's text is the title.
		// An item that is itself the link has its date in its text too.
		titleSel := s.Find(sel.Title).First()
		switch {
		case sel.Title != "" && titleSel.Length() > 0:
			e.Title = cleanTitle(titleSel.Text())
		case sel.Title == "" || !link.IsSelection(s):
			e.Title = cleanTitle(link.Text())
			if e.Title == "" {
				e.Title = cleanTitle(link.AttrOr("title", ""))
			}
		}
		if sel.Date != "" {
			d := s.Find(sel.Date).First()
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
	return out, nil
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
