package collect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/lang"
)

// Verdict is what a source check concludes.
type Verdict string

// The verdicts of a source check.
const (
	// VerdictOK: the source answered and its items have what the collector needs.
	VerdictOK Verdict = "OK"
	// VerdictEmpty: the source answered properly but lists nothing now.
	VerdictEmpty Verdict = "EMPTY"
	// VerdictBroken: the source cannot be collected as configured (an HTTP
	// error, not a feed, selectors that match nothing).
	VerdictBroken Verdict = "BROKEN"
)

// checkArticles is how many article pages a check reads per source whose
// list does not carry the text: enough to see the body selector work or
// not, few enough to stay polite.
const checkArticles = 3

// SelectorCount is how many elements one CSS selector matched on a source's page.
type SelectorCount struct {
	// Name is the selector's key (item, link, title, date, body; post, text... for telegram).
	Name string
	// Selector is the CSS selector.
	Selector string
	// Matched counts the items (or, for item and post, the elements) it matched.
	Matched int
}

// CheckReport is what checking one source found.
type CheckReport struct {
	Source, Kind string
	// URL is the first page's address for display: without its query, which may hold a key.
	URL string
	// Status is the HTTP status of the first page; 0 when there was no answer.
	Status int
	// ContentType is the first page's Content-Type header.
	ContentType string
	// Items counts the entries found on the first page; the With counts how
	// many of them had a title, a link, a date and text of their own (a full
	// or excerpted feed text, a post's text).
	Items, WithTitle, WithLink, WithDate, WithBody int
	// Langs counts the entries' languages as collection would decide them.
	Langs map[string]int
	// Newest is the latest entry date; zero when no entry had one.
	Newest time.Time
	// Selectors are the configured selectors' matches (listings, telegram).
	Selectors []SelectorCount
	// Articles counts the article pages read; ArticleText how many gave
	// text, by where it came from (json-ld, selector, readability).
	Articles    int
	ArticleText map[string]int
	// Notes are problems that do not stop collection.
	Notes []string
	// Verdict is OK, EMPTY or BROKEN.
	Verdict Verdict
	// Reason says why the verdict is EMPTY or BROKEN.
	Reason string
}

// VerdictLine is the report's last line: "NAME: OK", "NAME: EMPTY: why" or "NAME: BROKEN: why".
func (r CheckReport) VerdictLine() string {
	if r.Reason == "" {
		return r.Source + ": " + string(r.Verdict)
	}
	return r.Source + ": " + string(r.Verdict) + ": " + strings.Join(strings.Fields(r.Reason), " ")
}

// Write prints the report: what was found, then the verdict line. Times are shown in loc.
func (r CheckReport) Write(w io.Writer, loc *time.Location) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%s] %s\n", r.Source, r.Kind, r.URL)
	if r.Status != 0 {
		fmt.Fprintf(&b, "  HTTP %d, %s\n", r.Status, mediaType(r.ContentType))
	}
	fmt.Fprintf(&b, "  items %d: title %d, link %d, date %d, body %d\n", r.Items, r.WithTitle, r.WithLink, r.WithDate, r.WithBody)
	if len(r.Langs) > 0 {
		var parts []string
		for _, l := range slices.Sorted(maps.Keys(r.Langs)) {
			parts = append(parts, fmt.Sprintf("%s %d", l, r.Langs[l]))
		}
		fmt.Fprintf(&b, "  languages: %s\n", strings.Join(parts, ", "))
	}
	if !r.Newest.IsZero() {
		fmt.Fprintf(&b, "  newest: %s\n", r.Newest.In(loc).Format("2006-01-02 15:04 -07:00"))
	}
	for _, s := range r.Selectors {
		fmt.Fprintf(&b, "  selector %s %q: %d\n", s.Name, s.Selector, s.Matched)
	}
	if r.Articles > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(r.ArticleText)) {
			parts = append(parts, fmt.Sprintf("%s %d", k, r.ArticleText[k]))
		}
		from := ""
		if len(parts) > 0 {
			from = " (" + strings.Join(parts, ", ") + ")"
		}
		fmt.Fprintf(&b, "  article pages: %d read, %d with text%s\n", r.Articles, sumValues(r.ArticleText), from)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	b.WriteString(r.VerdictLine() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Checker fetches sources once to tell whether they can be collected as
// configured. It has no store: it writes nothing, and runs beside a
// service that holds the store.
type Checker struct {
	opts  Options
	log   *slog.Logger
	fetch *fetcher
}

// NewChecker returns a Checker with the collector's fetch rules (user
// agent, politeness gap, body cap, timeout); opts as for New.
func NewChecker(opts Options) *Checker {
	opts = opts.withDefaults()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Checker{opts: opts, log: log, fetch: newFetcher(opts)}
}

// CheckAll checks sources, one host at a time per goroutine as a pass
// does, and returns the reports in the sources' order.
func (k *Checker) CheckAll(ctx context.Context, sources []config.Source) []CheckReport {
	out := make([]CheckReport, len(sources))
	all := make([]int, len(sources))
	for i := range all {
		all[i] = i
	}
	sem := make(chan struct{}, k.opts.Concurrency)
	var wg sync.WaitGroup
	for _, idx := range byHost(sources, all) {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
			}
			for _, i := range idx {
				out[i] = k.Check(ctx, sources[i])
			}
		})
	}
	wg.Wait()
	return out
}

// Check fetches src's first page (and a few article pages when the page
// does not carry the text) and reports what it found.
func (k *Checker) Check(ctx context.Context, src config.Source) CheckReport {
	r := CheckReport{Source: src.Name, Kind: src.Kind, Langs: map[string]int{}, ArticleText: map[string]int{}}
	if r.Kind == "" {
		r.Kind = "feed"
	}
	first := strings.ReplaceAll(src.URL, "{page}", "1")
	if u, err := url.Parse(first); err == nil {
		r.URL = displayURL(u)
	}
	if err := ctx.Err(); err != nil {
		return r.broken(err.Error())
	}
	accept := acceptHTML
	if r.Kind == "feed" {
		accept = acceptFeed
	}
	resp, err := k.fetch.get(ctx, first, accept, validators{})
	if err != nil {
		var he *httpError
		if errors.As(err, &he) {
			r.Status = he.Status
		}
		return r.broken(err.Error())
	}
	r.Status, r.ContentType = resp.Status, resp.ContentType
	var entries []entry
	switch r.Kind {
	case "feed":
		entries, err = readFeed(resp, k.opts.Location)
		if errors.Is(err, errEmptyFeed) {
			return r.empty("the feed lists no items")
		}
	case "html":
		var body []byte
		if body, err = toUTF8(resp.Body, resp.ContentType, false); err == nil {
			entries, r.Selectors, err = parseListing(body, resp.URL, src.Select, k.opts.Location, k.opts.Clock())
		}
	case "telegram":
		var body []byte
		if body, err = toUTF8(resp.Body, resp.ContentType, false); err == nil {
			var page tgPage
			page, err = parseTelegram(body, resp.URL, k.opts.Location)
			entries, r.Selectors = page.entries, page.counts
		}
	default:
		err = fmt.Errorf("unknown source kind %q (want feed, html or telegram)", src.Kind)
	}
	if err != nil {
		return r.broken(err.Error())
	}
	k.tally(&r, src, entries, resp.URL)
	if r.Kind == "telegram" && r.Items == 0 {
		return r.empty("the channel's preview shows no posts")
	}
	if reason := selectorProblem(r); reason != "" {
		return r.broken(reason)
	}
	switch {
	case r.WithTitle == 0:
		return r.broken(fmt.Sprintf("none of the %d items has a title", r.Items))
	case r.WithLink == 0:
		return r.broken(fmt.Sprintf("none of the %d items has a link", r.Items))
	}
	if r.Kind == "html" && src.Select.Date != "" && r.WithDate == 0 {
		return r.broken(fmt.Sprintf("the date selector matched, but no date reads with date_layout %q", src.Select.DateLayout))
	}
	if r.Kind == "telegram" && r.WithBody == 0 {
		return r.broken("no post has text (has the t.me/s markup changed?)")
	}
	if reason := k.sampleArticles(ctx, &r, src, entries, resp.URL); reason != "" {
		return r.broken(reason)
	}
	if r.Items > 0 && r.WithDate == 0 {
		r.Notes = append(r.Notes, "no item has a date: items get the time they are first seen")
	}
	r.Verdict = VerdictOK
	return r
}

// tally counts what the entries carry, and their languages.
func (k *Checker) tally(r *CheckReport, src config.Source, entries []entry, base *url.URL) {
	r.Items = len(entries)
	for _, e := range entries {
		text := firstNonEmpty(e.Body, e.Summary)
		title := e.Title
		if title == "" {
			title = lang.Headline(text, 0)
		}
		if title != "" {
			r.WithTitle++
		}
		if e.Link != "" {
			if u, err := base.Parse(e.Link); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
				r.WithLink++
			}
		}
		if !e.Published.IsZero() {
			r.WithDate++
			if e.Published.After(r.Newest) {
				r.Newest = e.Published
			}
		}
		if text != "" {
			r.WithBody++
		}
		if title != "" || text != "" {
			r.Langs[decideLang(src.Lang, title+"\n"+text).lang]++
		}
	}
}

// selectorProblem names a configured selector that matched nothing on a
// page that had items: the site changed under it.
func selectorProblem(r CheckReport) string {
	for _, s := range r.Selectors {
		if s.Matched > 0 || s.Name == "link preview" || s.Name == "item" || s.Name == "post" {
			continue
		}
		if r.Items == 0 {
			return ""
		}
		return fmt.Sprintf("selector %s %q matches none of the %d items", s.Name, s.Selector, r.Items)
	}
	return ""
}

// sampleArticles reads up to checkArticles article pages of entries that
// do not carry their text, counts where the text came from and whether the
// body selector matched, and returns why the source is broken, or "".
func (k *Checker) sampleArticles(ctx context.Context, r *CheckReport, src config.Source, entries []entry, base *url.URL) string {
	var lastErr error
	bodyMatched := 0
	for _, e := range entries {
		if r.Articles >= checkArticles || ctx.Err() != nil {
			break
		}
		if e.FullText || e.Link == "" {
			continue
		}
		u, err := base.Parse(e.Link)
		if err != nil {
			continue
		}
		r.Articles++
		resp, err := k.fetch.get(ctx, u.String(), acceptHTML, validators{})
		if err != nil {
			lastErr = err
			continue
		}
		page, err := toUTF8(resp.Body, resp.ContentType, false)
		if err != nil {
			lastErr = err
			continue
		}
		if src.Select.Body != "" {
			if doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page)); err == nil && doc.Find(src.Select.Body).Length() > 0 {
				bodyMatched++
			}
		}
		art, err := extractArticle(page, resp.URL, src.Select.Body, k.opts.Location)
		if err != nil {
			lastErr = fmt.Errorf("%s: %w", displayURL(resp.URL), err)
			continue
		}
		r.ArticleText[art.From]++
	}
	if r.Articles == 0 {
		return ""
	}
	if src.Select.Body != "" {
		r.Selectors = append(r.Selectors, SelectorCount{Name: "body", Selector: src.Select.Body, Matched: bodyMatched})
	}
	if sumValues(r.ArticleText) == 0 {
		return fmt.Sprintf("no article text on the %d pages read (last: %v)", r.Articles, lastErr)
	}
	if src.Select.Body != "" && bodyMatched == 0 {
		// The text still comes (JSON-LD, readability), so collection works;
		// the selector is dead weight to fix.
		r.Notes = append(r.Notes, fmt.Sprintf("body selector %q matched none of the %d article pages; their text came from elsewhere", src.Select.Body, r.Articles))
	}
	return ""
}

func (r CheckReport) broken(reason string) CheckReport {
	r.Verdict, r.Reason = VerdictBroken, reason
	return r
}

func (r CheckReport) empty(reason string) CheckReport {
	r.Verdict, r.Reason = VerdictEmpty, reason
	return r
}
