package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/refdigest/refdigest/digest"
)

// page is what layout.html shows around a page's own content.
type page struct {
	Lang, Twin, TwinLang string
	Title, Description   string
	// Canonical is this page's absolute address; TwinHref the same page in the other language.
	Canonical, TwinHref string
	TwinAbs, Heading    string // the twin's absolute address; the title without the site's name
	Home, SearchHref    string
	FeedHref, FeedTitle string
	CSS, Icon           string
	OGType              string
	Robots              string
	Query               string // the search box's text
	// PrevHref and NextHref are rel=prev and rel=next of a page in a sequence (a day's).
	PrevHref, NextHref string
	Body               any
}

// newPage fills the layout's fields for the page at path (a path of this archive, with
// any query) in language l.
func (s *Server) newPage(r *http.Request, l, title, path string) *page {
	twin := otherLang(l)
	full := title
	if site := label(l, "site"); title != site {
		full = title + " · " + site
	}
	return &page{
		Lang: l, Twin: label(l, "twin"), TwinLang: twin,
		Title: full, Description: label(l, "tagline"),
		Canonical:  s.abs(r, path),
		TwinHref:   s.href("/" + twin + strings.TrimPrefix(path, "/"+l)),
		TwinAbs:    s.abs(r, "/"+twin+strings.TrimPrefix(path, "/"+l)),
		Heading:    title,
		Home:       s.href("/" + l + "/"),
		SearchHref: s.href("/" + l + "/search"),
		FeedHref:   s.href(feedPath(l)), FeedTitle: label(l, "feed_title"),
		CSS: s.href(s.cssPath), Icon: s.href("/favicon.svg"),
		OGType: "website",
	}
}

// href is a link inside the archive: the public URL's path, if any, then path.
func (s *Server) href(path string) string { return s.prefix + path }

// abs is an absolute link: under web.public_url, or the request's own host without it.
func (s *Server) abs(r *http.Request, path string) string {
	if s.base != nil {
		return s.base.Scheme + "://" + s.base.Host + s.prefix + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// storyView is one story as a day page shows it.
type storyView struct {
	N                  int
	Href               string
	Headline           string
	Summary            []string
	Mark               string // machine translation, or the language the text is in
	TextLang           string // the language the headline and summary are written in
	Continues          bool
	FirstSeen, SinceAt string
	Outlets            []outletView
	FirstOutlet        outletView
}

// outletView is an outlet named once, linked to its copy in the page language when it has
// one (the Telegram digest's rule), else to its first copy.
type outletView struct {
	Name, URL, Lang string
	Other           bool // the copy linked is in the other language
}

// memberView is one item of a story on its page.
type memberView struct {
	Outlet, Title, URL, Lang, When string
	Copy                           string // "copy" in the page language, for a syndicated copy
}

// storyViews shows stories numbered from start, their links under root (the archive's
// path prefix in pages, its absolute address in feeds).
func storyViews(root, l string, stories []digest.ExportStory, start int) []storyView {
	out := make([]storyView, len(stories))
	for i, st := range stories {
		t := st.Text[l]
		v := storyView{N: start + i, Href: root + storyPath(l, st.ID), Headline: t.Headline, Summary: t.Summary,
			Mark: textMark(l, t), TextLang: textLang(l, t), Continues: st.Continues, Outlets: outlets(l, st.Members)}
		if st.Continues {
			v.FirstSeen = labelf(l, "first_seen", digest.DateName(st.Since, l))
			v.SinceAt = root + dayPath(l, st.Since)
		}
		if len(v.Outlets) > 0 {
			v.FirstOutlet = v.Outlets[0]
		}
		out[i] = v
	}
	return out
}

// textMark says what the Telegram digest says under a story's text: that a machine
// translated it, or that it is in the other language.
func textMark(l string, t digest.ExportText) string {
	switch {
	case t.Translated:
		return label(l, "translated")
	case t.Lang != "" && t.Lang != l:
		return label(l, "in_"+t.Lang)
	}
	return ""
}

// textLang is the language a text is written in, the page's when it does not say.
func textLang(l string, t digest.ExportText) string {
	if t.Lang == "kk" || t.Lang == "ru" {
		return t.Lang
	}
	return l
}

func outlets(l string, ms []digest.ExportMember) []outletView {
	var out []outletView
	seen := make(map[string]bool, len(ms))
	for pass := 0; pass < 2; pass++ {
		for _, m := range ms {
			if (m.Lang == l) != (pass == 0) || m.Outlet == "" {
				continue
			}
			if seen[m.Outlet] {
				continue
			}
			seen[m.Outlet] = true
			out = append(out, outletView{Name: m.Outlet, URL: safeLink(m.URL), Lang: m.Lang, Other: m.Lang != l})
		}
	}
	return out
}

func memberOf(m digest.ExportMember, l string, loc *time.Location) memberView {
	v := memberView{Outlet: m.Outlet, Title: m.Title, URL: safeLink(m.URL), Lang: m.Lang}
	if m.CopyOf != "" {
		v.Copy = label(l, "copy_of")
	}
	if t, err := time.Parse(time.RFC3339, m.Published); err == nil {
		t = t.In(loc)
		v.When = digest.DateName(t.Format(time.DateOnly), l) + ", " + t.Format("15:04")
	}
	if v.Title == "" {
		v.Title = m.Outlet
	}
	return v
}

// safeLink keeps absolute http(s) links; anything else is shown as text. html/template
// would neutralise a javascript: link anyway; this also drops relative ones, which would
// point into the archive.
func safeLink(link string) string {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return link
}

// firstSentence is a description for link previews: the first summary sentence, or the
// headline.
func firstSentence(t digest.ExportText) string {
	if len(t.Summary) > 0 {
		return clip(t.Summary[0], 300)
	}
	return clip(t.Headline, 300)
}

// clip cuts text to about n runes at a space.
func clip(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// pager is a list's previous and next links.
type pager struct {
	Prev, Next           string
	PrevLabel, NextLabel string
	Page                 string
}
