package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/search"
)

// pageNumber reads ?page=N (1 when absent); ok is false for anything but a number from 1
// to max.
func pageNumber(r *http.Request, max int) (int, bool) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, false
	}
	return n, true
}

type dayRow struct {
	Href, Name, Counts string
	Headlines          []string
	Empty              bool
}

type daysBody struct {
	Rows  []dayRow
	Pager pager
}

// days lists the digests by day, newest first.
func (s *Server) days(w http.ResponseWriter, r *http.Request, l string) {
	n, ok := pageNumber(r, 1<<20)
	if !ok {
		s.fail(w, r, l, http.StatusNotFound, nil)
		return
	}
	dates, total, err := s.st.DigestDates((n-1)*daysPerPage, daysPerPage)
	if err != nil {
		s.fail(w, r, l, http.StatusInternalServerError, err)
		return
	}
	if len(dates) == 0 && n > 1 {
		s.fail(w, r, l, http.StatusNotFound, nil)
		return
	}
	var body daysBody
	tag := []string{"days", l, strconv.Itoa(n), strconv.Itoa(total)}
	days, err := s.loadDays(dates)
	if err != nil {
		s.fail(w, r, l, http.StatusInternalServerError, err)
		return
	}
	for i, date := range dates {
		d := days[i]
		tag = append(tag, date, strconv.FormatInt(d.Built.UnixNano(), 36))
		row := dayRow{Href: s.href(dayPath(l, date)), Name: digest.DateName(date, l),
			Counts: labelf(l, "counts", d.Items, len(d.Stories)+d.AlsoTotal), Empty: d.Items == 0}
		for _, st := range d.Stories[:min(3, len(d.Stories))] {
			row.Headlines = append(row.Headlines, st.Text[l].Headline)
		}
		body.Rows = append(body.Rows, row)
	}
	path := "/" + l + "/"
	if n > 1 {
		body.Pager.Prev, body.Pager.PrevLabel = s.href(pagePath(path, n-1)), label(l, "newer")
		body.Pager.Page = labelf(l, "page_n", n)
	}
	if n*daysPerPage < total {
		body.Pager.Next, body.Pager.NextLabel = s.href(pagePath(path, n+1)), label(l, "older")
	}
	cachePublic(w, 300) // a 304 carries it too
	if notModified(w, r, s.etag(tag...)) {
		return
	}
	canon := path
	if n > 1 {
		canon = pagePath(path, n)
	}
	p := s.newPage(r, l, label(l, "site"), canon)
	if n > 1 {
		p.Title = label(l, "days_title") + " · " + labelf(l, "page_n", n) + " · " + label(l, "site")
	}
	p.Body = body
	s.render(w, r, "days", http.StatusOK, p)
}

type dayBody struct {
	Name, Counts string
	Empty        bool
	Stories      []storyView
	Also         []storyView
	AlsoMore     string
	// Prev and Next are the stored days around this one, nil at either end.
	Prev, Next *dayLink
}

// dayLink leads to another day's digest.
type dayLink struct{ Name, Href string }

// day is one day's digest.
func (s *Server) day(w http.ResponseWriter, r *http.Request, l string) {
	date := r.PathValue("date")
	if !validDate(date) {
		s.fail(w, r, l, http.StatusNotFound, nil)
		return
	}
	rec, err := s.st.Digest(date)
	if s.failed(w, r, l, err) {
		return
	}
	prev, next, err := s.st.DigestNeighbours(date)
	if err != nil {
		s.fail(w, r, l, http.StatusInternalServerError, err)
		return
	}
	// The build time and the neighbouring days decide the page: a 304 costs two reads and
	// no decoding of the stories.
	cachePublic(w, 300) // a 304 carries it too
	if notModified(w, r, s.etag("day", l, date, strconv.FormatInt(rec.Built.UnixNano(), 36), prev, next)) {
		return
	}
	d, err := s.cache.get(rec, s.opts.Location)
	if err != nil {
		s.fail(w, r, l, http.StatusInternalServerError, err)
		return
	}
	name := digest.DateName(date, l)
	body := dayBody{Name: name, Counts: labelf(l, "counts", d.Items, len(d.Stories)+d.AlsoTotal), Empty: d.Items == 0,
		Stories: storyViews(s.prefix, l, d.Stories, 1), Also: storyViews(s.prefix, l, d.Also, len(d.Stories)+1)}
	if more := d.AlsoTotal - len(d.Also); more > 0 {
		body.AlsoMore = labelf(l, "also_more", more)
	}
	if prev != "" {
		body.Prev = &dayLink{Name: digest.DateName(prev, l), Href: s.href(dayPath(l, prev))}
	}
	if next != "" {
		body.Next = &dayLink{Name: digest.DateName(next, l), Href: s.href(dayPath(l, next))}
	}
	p := s.newPage(r, l, labelf(l, "digest_of", name), dayPath(l, date))
	p.OGType = "article"
	if body.Prev != nil {
		p.PrevHref = body.Prev.Href
	}
	if body.Next != nil {
		p.NextHref = body.Next.Href
	}
	var heads []string
	for _, st := range d.Stories[:min(3, len(d.Stories))] {
		heads = append(heads, st.Text[l].Headline)
	}
	if len(heads) > 0 {
		p.Description = clip(strings.Join(heads, " · "), 300)
	} else if d.Items == 0 {
		p.Description = label(l, "no_news")
	}
	p.Body = body
	s.render(w, r, "day", http.StatusOK, p)
}

type timelineView struct {
	Name, Href string
	Headline   string // that day's headline, when it differs from the page's
	Added      []memberView
	Members    string
	Also       bool
}

type memberGroup struct {
	Title   string
	Members []memberView
}

type storyBody struct {
	Headline string
	Summary  []string
	Mark     string
	TextLang string
	// OtherLabel and Other are the headline in the other language, when it is written in it.
	OtherLabel, Other string
	Counts            string
	Days              []timelineView
	Groups            []memberGroup
}

// story is one story's page: its latest text, every day it appeared with what that day
// added, and all its items in both languages.
func (s *Server) story(w http.ResponseWriter, r *http.Request, l string) {
	id := r.PathValue("id")
	days, err := s.timeline(id)
	if s.failed(w, r, l, err) {
		return
	}
	tag := []string{"story", l, id}
	for _, sd := range days {
		tag = append(tag, sd.day.Date, strconv.FormatInt(sd.day.Built.UnixNano(), 36))
	}
	cachePublic(w, 300) // a 304 carries it too
	if notModified(w, r, s.etag(tag...)) {
		return
	}
	last := days[len(days)-1].story
	t := last.Text[l]
	body := storyBody{Headline: t.Headline, Summary: t.Summary, Mark: textMark(l, t), TextLang: textLang(l, t)}
	if ot := last.Text[otherLang(l)]; ot.Lang == otherLang(l) && ot.Headline != t.Headline {
		body.OtherLabel, body.Other = label(l, "other_text"), ot.Headline
	}
	seen := map[string]bool{}
	var all []digest.ExportMember
	for _, sd := range days {
		tv := timelineView{Name: digest.DateName(sd.day.Date, l), Href: s.href(dayPath(l, sd.day.Date)), Also: !sd.full,
			Members: labelf(l, "members", len(sd.story.Members))}
		if h := sd.story.Text[l].Headline; h != t.Headline {
			tv.Headline = h
		}
		for _, m := range sd.story.Members {
			if seen[m.URL] {
				continue
			}
			seen[m.URL] = true
			all = append(all, m)
			tv.Added = append(tv.Added, memberOf(m, l, s.opts.Location))
		}
		body.Days = append(body.Days, tv)
	}
	body.Counts = labelf(l, "members", len(all)) + " · " + labelf(l, "days_on", len(days))
	sort.SliceStable(all, func(i, j int) bool { return all[i].Published < all[j].Published })
	for _, g := range []string{l, otherLang(l)} {
		grp := memberGroup{Title: label(l, "group_"+g)}
		for _, m := range all {
			if m.Lang == g {
				grp.Members = append(grp.Members, memberOf(m, l, s.opts.Location))
			}
		}
		if len(grp.Members) > 0 {
			body.Groups = append(body.Groups, grp)
		}
	}
	p := s.newPage(r, l, t.Headline, storyPath(l, id))
	p.OGType = "article"
	p.Description = firstSentence(t)
	p.Body = body
	s.render(w, r, "story", http.StatusOK, p)
}

// seg is a piece of text, shown in bold when it matched the query.
type seg struct {
	Text string
	Bold bool
}

// segments cuts text at the marked byte ranges; ranges that overlap, run backwards or
// fall outside the text are skipped rather than trusted.
func segments(text string, marks [][2]int) []seg {
	var out []seg
	at := 0
	for _, m := range marks {
		lo, hi := m[0], m[1]
		if lo < at || hi <= lo || hi > len(text) || !utf8.ValidString(text[lo:hi]) {
			continue
		}
		if lo > at {
			out = append(out, seg{Text: text[at:lo]})
		}
		out = append(out, seg{Text: text[lo:hi], Bold: true})
		at = hi
	}
	if at < len(text) {
		out = append(out, seg{Text: text[at:]})
	}
	return out
}

type hitView struct {
	N              int
	Title, Snippet []seg
	URL            string
	Sources, When  string
	Related        string
}

type searchBody struct {
	Query, Note, Header string
	Hits                []hitView
	Try, TryHref        string
	Pager               pager
	Help                string
}

// searchPage answers a query with the bot's search, a page at a time.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, l string) {
	if s.search == nil {
		s.fail(w, r, l, http.StatusNotFound, nil)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = string([]rune(q)[:maxQueryRunes])
	}
	n, ok := pageNumber(r, maxSearchPages)
	if !ok {
		s.fail(w, r, l, http.StatusNotFound, nil)
		return
	}
	path := "/" + l + "/search"
	if q != "" {
		path = searchPath(l, q)
	}
	if n > 1 {
		path += "&page=" + strconv.Itoa(n) // the page's own address, and its twin's
	}
	p := s.newPage(r, l, label(l, "search_title"), path)
	p.Robots = "noindex"
	p.Query = q
	body := searchBody{Query: q, Help: label(l, "search_help")}
	if q == "" {
		p.Body = body
		cachePublic(w, 300)
		s.render(w, r, "search", http.StatusOK, p)
		return
	}
	// Only a query costs: the empty form is not counted.
	if ok, wait := s.limit.allow(clientKey(r), s.opts.Clock()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.fail(w, r, l, http.StatusTooManyRequests, nil)
		return
	}
	res, err := s.search.Search(r.Context(), q, search.Query{Offset: (n - 1) * searchPerPage, Limit: searchPerPage, UILang: l})
	if err != nil {
		s.fail(w, r, l, http.StatusInternalServerError, err)
		return
	}
	if res.Total > 0 && len(res.Hits) == 0 {
		s.fail(w, r, l, http.StatusNotFound, nil) // a page past the last
		return
	}
	body.Note = res.Err
	if res.Total == 0 {
		body.Header = labelf(l, "nothing_found", q)
		if res.Suggest != "" {
			body.Try, body.TryHref = res.Suggest, s.href(searchPath(l, res.Suggest))
		}
	} else {
		body.Header = labelf(l, "found", q, res.Total)
	}
	off := (n - 1) * searchPerPage
	for i, h := range res.Hits {
		it := h.Item
		hv := hitView{N: off + i + 1, Title: segments(it.Title, h.TitleMarks), Snippet: segments(h.Snippet, h.Marks),
			URL: safeLink(it.URL), Sources: strings.Join(it.Sources(), ", ")}
		if !it.Published.IsZero() {
			t := it.Published.In(s.opts.Location)
			hv.When = digest.DateName(t.Format("2006-01-02"), l) + ", " + t.Format("15:04")
		}
		if len(h.Related) > 0 {
			hv.Related = labelf(l, "related", len(h.Related))
		}
		body.Hits = append(body.Hits, hv)
	}
	base := searchPath(l, q)
	if n > 1 {
		body.Pager.Prev, body.Pager.PrevLabel = s.href(base+"&page="+strconv.Itoa(n-1)), label(l, "prev")
		body.Pager.Page = labelf(l, "page_n", n)
	}
	if off+len(res.Hits) < res.Total && n < maxSearchPages {
		body.Pager.Next, body.Pager.NextLabel = s.href(base+"&page="+strconv.Itoa(n+1)), label(l, "next")
	}
	p.Title = fmt.Sprintf("%s — %s", q, p.Title)
	p.Heading = fmt.Sprintf("%s — %s", q, p.Heading)
	p.Body = body
	w.Header().Set("Cache-Control", "private, max-age=60")
	s.render(w, r, "search", http.StatusOK, p)
}
