package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/refdigest/refdigest/digest"
)

// Atom 1.0 (RFC 4287), as much of it as the feed needs.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary"`
	Content   atomText   `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// entryBody is what entry.html shows of a day inside a feed entry.
type entryBody struct {
	Lang    string
	Empty   bool
	Stories []storyView
	Also    []storyView
}

// atomID is a feed's or an entry's id: a tag: URI under web.public_url's host, which stays
// the same for as long as the archive keeps its address; without a public URL, a urn that
// does not depend on the request's host at all.
func (s *Server) atomID(parts ...string) string {
	rest := ""
	for i, p := range parts {
		if i > 0 {
			rest += "/"
		}
		rest += p
	}
	if s.base == nil {
		return "urn:refdigest:" + rest
	}
	return "tag:" + s.base.Hostname() + ",2026:" + s.prefix + "/" + rest
}

// feed is the Atom feed of the latest daily digests in one language, one entry per day.
func (s *Server) feed(w http.ResponseWriter, r *http.Request, l string) {
	dates, _, err := s.st.DigestDates(0, feedEntries)
	if err != nil {
		s.fail(w, r, l, http.StatusInternalServerError, err)
		return
	}
	days, err := s.loadDays(dates)
	if err != nil {
		s.fail(w, r, l, http.StatusInternalServerError, err)
		return
	}
	tag := []string{"feed", l}
	for i, date := range dates {
		tag = append(tag, date, strconv.FormatInt(days[i].Built.UnixNano(), 36))
	}
	cachePublic(w, 900) // a 304 carries it too
	if notModified(w, r, s.etag(tag...)) {
		return
	}
	// Absolute links in the entries' HTML: a feed reader shows it away from the archive.
	root := s.abs(r, "")
	f := atomFeed{Lang: l, ID: s.atomID(l, "feed"), Title: label(l, "feed_title"), Subtitle: label(l, "tagline"),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.abs(r, feedPath(l))},
			{Rel: "alternate", Type: "text/html", Hreflang: l, Href: s.abs(r, "/"+l+"/")},
			{Rel: "alternate", Type: "application/atom+xml", Hreflang: otherLang(l), Href: s.abs(r, feedPath(otherLang(l)))},
		},
		Author: atomPerson{Name: label(l, "site"), URI: s.abs(r, "/"+l+"/")}}
	var newest time.Time
	for _, d := range days {
		if d.Built.After(newest) {
			newest = d.Built
		}
		var buf bytes.Buffer
		eb := entryBody{Lang: l, Empty: d.Items == 0, Stories: storyViews(root, l, d.Stories, 1), Also: storyViews(root, l, d.Also, len(d.Stories)+1)}
		if err := s.feedTpl.Execute(&buf, eb); err != nil {
			s.fail(w, r, l, http.StatusInternalServerError, err)
			return
		}
		built := atomTime(d.Built)
		f.Entries = append(f.Entries, atomEntry{
			ID:        s.atomID(l, "day", d.Date),
			Title:     labelf(l, "digest_of", digest.DateName(d.Date, l)),
			Updated:   built,
			Published: built,
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: s.abs(r, dayPath(l, d.Date))}},
			Summary:   labelf(l, "counts", d.Items, len(d.Stories)+d.AlsoTotal),
			Content:   atomText{Type: "html", Body: buf.String()},
		})
	}
	if newest.IsZero() {
		newest = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // an empty archive: any fixed instant
	}
	f.Updated = atomTime(newest)
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		s.fail(w, r, l, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
