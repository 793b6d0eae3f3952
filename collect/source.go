package collect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// ErrBackingOff is the error of a source skipped because its last passes
// failed and its next attempt is still ahead (errors.Is works on Result.Err).
var ErrBackingOff = errors.New("backing off")

type backingOffError struct {
	failures int
	until    string
	last     string
}

func (e *backingOffError) Error() string {
	return fmt.Sprintf("backing off after %d failures until %s (last: %s)", e.failures, e.until, e.last)
}

func (e *backingOffError) Is(target error) bool { return target == ErrBackingOff }

// outcome is what happened to one entry.
type outcome int

const (
	outSeen outcome = iota
	outNew
	outSkipped
	outPending // a new item waiting in the source's batch; flush decides new or seen
)

// saveBatch is how many new items are written in one store transaction.
const saveBatch = 200

// pendingItem is a new on-topic item waiting to be saved with its fingerprint.
type pendingItem struct {
	it store.Item
	fp fingerprint
	// article is the canonical URL of the article a channel post links,
	// recorded as another address of the item once it is saved.
	article string
}

// articleOf is the canonical URL of the article e is about when that is
// not the item's own URL, or "".
func articleOf(e entry, itemURL string) string {
	if e.Canonical == "" {
		return ""
	}
	a, err := CanonicalURL(e.Canonical)
	if err != nil || a == itemURL {
		return ""
	}
	return a
}

// runSource collects one source and records its state. Result errors are
// short reasons meant for the summary line, so they carry no package prefix.
func (c *Collector) runSource(ctx context.Context, src config.Source) Result {
	res := Result{Source: src.Name, loc: c.opts.Location}
	log := c.log.With("source", src.Name)
	state, err := c.st.SourceState(src.Name)
	if err != nil {
		res.Err = err
		log.Error("collect: read source state", "err", err)
		return res
	}
	now := c.opts.Clock()
	if state.Failures > 0 && now.Before(state.NextAttempt) {
		res.Failures, res.NextAttempt = state.Failures, state.NextAttempt
		res.Err = &backingOffError{failures: state.Failures, until: res.clock(state.NextAttempt), last: state.LastError}
		log.Info("collect: source backing off", "failures", state.Failures, "next_attempt", state.NextAttempt)
		return res
	}
	state.LastAttempt = now
	start := time.Now()
	var newValidators validators
	switch src.Kind {
	case "html":
		newValidators, err = c.collectListing(ctx, src, &state, &res, log)
	case "feed", "":
		newValidators, err = c.collectFeed(ctx, src, &state, &res, log)
	case "telegram":
		newValidators, err = c.collectTelegram(ctx, src, &state, &res, log)
	default:
		err = fmt.Errorf("unknown source kind %q (want feed, html or telegram)", src.Kind)
	}
	if err != nil && ctx.Err() != nil {
		// The pass was cancelled (shutdown): not the source's fault.
		res.Err = ctx.Err()
		return res
	}
	if err != nil {
		res.Err = err
		state.Failures++
		state.LastError = strings.Join(strings.Fields(err.Error()), " ")
		wait := c.backoff(state.Failures)
		var he *httpError
		if errors.As(err, &he) && he.RetryAfter > wait {
			wait = he.RetryAfter
		}
		state.NextAttempt = now.Add(wait)
		log.Warn("collect: source failed", "err", err, "failures", state.Failures,
			"next_attempt", state.NextAttempt, "new", res.New, "seen", res.Seen)
	} else {
		state.Failures = 0
		state.LastError = ""
		state.NextAttempt = time.Time{}
		state.LastSuccess = now
		state.ETag, state.LastModified = newValidators.ETag, newValidators.LastModified
		log.Info("collect: source done", "new", res.New, "seen", res.Seen, "skipped", res.Skipped,
			"other_lang", res.Other, "not_modified", res.NotModified, "took_ms", time.Since(start).Milliseconds())
	}
	state.ItemsTotal += res.New // a failing pass may have stored some before it failed
	state.OtherTotal += res.Other
	state.OtherLast = res.Other
	res.Failures, res.NextAttempt = state.Failures, state.NextAttempt
	if err := c.st.PutSourceState(state); err != nil {
		log.Error("collect: save source state", "err", err)
		if res.Err == nil {
			res.Err = err
		}
	}
	return res
}

// backoff is the wait after n consecutive failures: base, 2×base, 4×base... up to the cap.
func (c *Collector) backoff(n int) time.Duration {
	d := c.opts.BackoffBase
	for i := 1; i < n && d < c.opts.BackoffMax; i++ {
		d *= 2
	}
	return min(d, c.opts.BackoffMax)
}

func (c *Collector) collectFeed(ctx context.Context, src config.Source, state *store.SourceState, res *Result, log *slog.Logger) (validators, error) {
	cond := validators{ETag: state.ETag, LastModified: state.LastModified}
	resp, err := c.fetch.get(ctx, src.URL, acceptFeed, cond)
	if err != nil {
		return cond, err
	}
	if resp.NotModified {
		res.NotModified = true
		return resp.Validators, nil
	}
	entries, err := readFeed(resp, c.opts.Location)
	resp.Body = nil // the raw body can go while entries are processed
	if err != nil {
		return cond, err
	}
	if err := c.processEntries(ctx, src, entries, resp.URL, res, log); err != nil {
		return cond, err
	}
	return resp.Validators, nil
}

func (c *Collector) collectListing(ctx context.Context, src config.Source, state *store.SourceState, res *Result, log *slog.Logger) (validators, error) {
	pages := max(1, src.Pages)
	if !strings.Contains(src.URL, "{page}") {
		pages = 1
	}
	cond := validators{ETag: state.ETag, LastModified: state.LastModified}
	var (
		first   validators
		entries []entry
		base    *url.URL
		seen    = make(map[string]bool)
	)
	for p := 1; p <= pages; p++ {
		pageURL := strings.ReplaceAll(src.URL, "{page}", strconv.Itoa(p))
		var pc validators
		if p == 1 {
			pc = cond // new items appear on page 1: if it has not changed, nothing has
		}
		resp, err := c.fetch.get(ctx, pageURL, acceptHTML, pc)
		if err == nil && resp.NotModified && p == 1 {
			res.NotModified = true
			return resp.Validators, nil
		}
		if err == nil && resp.NotModified {
			err = errors.New("unexpected 304 Not Modified")
		}
		var page []entry
		if err == nil {
			var body []byte
			if body, err = toUTF8(resp.Body, resp.ContentType, false); err == nil {
				page, _, err = parseListing(body, resp.URL, src.Select, c.opts.Location, c.opts.Clock())
			}
		}
		if err != nil {
			if p == 1 || ctx.Err() != nil {
				return cond, err
			}
			// Later pages only add older items: keep what page 1 gave.
			log.Warn("collect: listing page failed", "page", p, "err", err)
			break
		}
		if p == 1 {
			first, base = resp.Validators, resp.URL
		}
		for _, e := range page {
			if !seen[e.Link] {
				seen[e.Link] = true
				entries = append(entries, e)
			}
		}
	}
	if err := c.processEntries(ctx, src, entries, base, res, log); err != nil {
		return cond, err
	}
	return first, nil
}

// collectTelegram reads a channel's public preview: the newest page, then
// up to src.Pages-1 older ones through ?before=. Only the newest page is
// asked conditionally: new posts appear there.
func (c *Collector) collectTelegram(ctx context.Context, src config.Source, state *store.SourceState, res *Result, log *slog.Logger) (validators, error) {
	cond := validators{ETag: state.ETag, LastModified: state.LastModified}
	var (
		first   validators
		base    *url.URL
		entries []entry
		seen    = make(map[string]bool)
	)
	pageURL := src.URL
	for p := 1; p <= max(1, src.Pages); p++ {
		var pc validators
		if p == 1 {
			pc = cond
		}
		page, resp, err := c.fetchTelegramPage(ctx, pageURL, pc)
		if err == nil && resp.NotModified && p == 1 {
			res.NotModified = true
			return resp.Validators, nil
		}
		if err != nil {
			if p == 1 || ctx.Err() != nil {
				return cond, err
			}
			log.Warn("collect: telegram: older page failed", "page", p, "err", err)
			break
		}
		if p == 1 {
			first, base = resp.Validators, resp.URL
		}
		for _, e := range page.entries {
			if !seen[e.GUID+"\x00"+e.Link] {
				seen[e.GUID+"\x00"+e.Link] = true
				entries = append(entries, e)
			}
		}
		if page.before == "" {
			break
		}
		pageURL = olderPage(base, page.before)
	}
	if err := c.processEntries(ctx, src, entries, base, res, log); err != nil {
		return cond, err
	}
	return first, nil
}

// fetchTelegramPage fetches and reads one preview page.
func (c *Collector) fetchTelegramPage(ctx context.Context, pageURL string, cond validators) (tgPage, *response, error) {
	resp, err := c.fetch.get(ctx, pageURL, acceptHTML, cond)
	if err != nil {
		return tgPage{}, nil, err
	}
	if resp.NotModified {
		if cond == (validators{}) {
			return tgPage{}, resp, errors.New("unexpected 304 Not Modified")
		}
		return tgPage{}, resp, nil
	}
	body, err := toUTF8(resp.Body, resp.ContentType, false)
	if err != nil {
		return tgPage{}, resp, err
	}
	page, err := parseTelegram(body, resp.URL, c.opts.Location)
	return page, resp, err
}

// processEntries stores a source's entries. Problems with one entry (no
// title, a page that will not load) are that entry's; a store failure or a
// cancelled pass stops the source.
func (c *Collector) processEntries(ctx context.Context, src config.Source, entries []entry, base *url.URL, res *Result, log *slog.Logger) error {
	var pages pageStats
	var batch []pendingItem
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		out, items, err := c.processEntry(ctx, src, e, base, &pages, log)
		if err != nil {
			return err
		}
		switch out {
		case outNew:
			res.New++
		case outSeen:
			res.Seen++
		case outSkipped:
			res.Skipped++
		case outPending:
			for _, it := range items {
				batch = append(batch, pendingItem{it: it, fp: fingerprintOf(it.Text()), article: articleOf(e, it.URL)})
			}
			items = nil
			if len(batch) >= saveBatch {
				if err := c.flush(src, batch, res); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		res.Items = append(res.Items, items...)
	}
	if err := c.flush(src, batch, res); err != nil {
		return err
	}
	if pages.deferred > 0 {
		log.Info("collect: article pages left for the next pass", "deferred", pages.deferred, "max_pages", c.opts.MaxPages)
	}
	// A site that refuses every article page (blocked, redesigned) must
	// show as an error, not as a quiet "new 0".
	if pages.tried >= minPagesForError && pages.failed == pages.tried {
		return fmt.Errorf("all %d article pages failed (last: %w)", pages.tried, pages.last)
	}
	return nil
}

// Caps on stored text: a headline is a line, and no news story needs more
// than this (a page that does is a feed dump or an attack).
const (
	maxTitleRunes = 400
	maxBodyRunes  = 100_000
)

// minPagesForError is how many article pages must all fail before the
// source itself is failed.
const minPagesForError = 3

// pageStats counts a source's article page fetches in one pass.
type pageStats struct {
	tried, failed, deferred int
	last                    error
}

func (c *Collector) processEntry(ctx context.Context, src config.Source, e entry, base *url.URL, pages *pageStats, log *slog.Logger) (outcome, []store.Item, error) {
	madeTitle := e.Title == ""
	if madeTitle {
		// Flashes and channel posts come without a title; the reader still
		// needs a line to scan, and the first sentence is what the outlet led with.
		e.Title = lang.Headline(firstNonEmpty(e.Body, e.Summary), 0)
	}
	if e.Title == "" {
		log.Debug("collect: item skipped: no title and no text", "link", e.Link)
		return outSkipped, nil, nil
	}
	if e.Link == "" {
		log.Debug("collect: item skipped: no link", "title", e.Title)
		return outSkipped, nil, nil
	}
	link := e.Link
	if base != nil {
		if u, err := base.Parse(link); err == nil {
			link = u.String()
		}
	}
	canon, err := CanonicalURL(link)
	if err != nil {
		log.Debug("collect: item skipped: bad link", "link", e.Link, "err", err)
		return outSkipped, nil, nil
	}
	existing, err := c.st.ItemByURL(canon)
	switch {
	case err == nil:
		return c.refresh(src, e, canon, existing, madeTitle)
	case !errors.Is(err, store.ErrNotFound):
		return 0, nil, err
	}
	if article := articleOf(e, canon); article != "" {
		// A channel post about an article already stored (from the site's
		// own feed, or another channel): the same story, one item.
		existing, err := c.st.ItemByURL(article)
		switch {
		case err == nil:
			return c.join(src, existing, canon, e.GUID, log)
		case !errors.Is(err, store.ErrNotFound):
			return 0, nil, err
		}
	}
	if c.rejected.has(canon) {
		return outSkipped, nil, nil
	}

	now := c.opts.Clock()
	it := store.Item{
		URL:       canon,
		GUID:      e.GUID,
		Source:    src.Name,
		Published: clampDate(e.Published, now),
		Seen:      now,
	}
	// The outlet's own text is kept aside: the language is decided on it, and
	// decided again when the article page arrives, before anything is stored.
	title, summary, body := truncateRunes(e.Title, maxTitleRunes), e.Summary, ""
	if e.FullText {
		body = truncateRunes(e.Body, maxBodyRunes)
	}
	best := body
	if best == "" {
		best = summary
	}
	setText(&it, decideLang(src.Lang, title+"\n"+best), title, summary, body)
	remakeTitle(&it, madeTitle)
	onTopic := c.topic.match(it.Title+"\n"+it.Summary+"\n"+it.Body, it.Lang)
	if !e.FullText {
		if pages.tried >= c.opts.MaxPages {
			// Not stored, so the next pass takes it up.
			pages.deferred++
			return outSkipped, nil, nil
		}
		pages.tried++
		page, err := c.fetchArticle(ctx, canon, src.Select.Body)
		switch {
		case err == nil:
			body = truncateRunes(page.Body, maxBodyRunes)
			if src.Kind == "html" && src.Select.Title == "" && page.Headline != "" {
				// A listing without a title selector gave the link's text,
				// which carries the card's other bits; the page's headline does not.
				title = truncateRunes(page.Headline, maxTitleRunes)
			}
			if !page.Published.IsZero() && (src.Kind == "html" || e.Published.IsZero()) {
				// The page's JSON-LD date has its zone and its day; a listing's
				// often has neither ("сегодня", a clock under a day heading).
				it.Published = clampDate(page.Published, now)
			}
			setText(&it, decideLang(src.Lang, title+"\n"+body), title, summary, body)
			remakeTitle(&it, madeTitle)
			if !onTopic {
				// The title too: it may only now be in Cyrillic.
				onTopic = c.topic.match(it.Title+"\n"+it.Body, it.Lang)
			}
		case ctx.Err() != nil:
			return 0, nil, ctx.Err()
		case it.Summary == "":
			// A listing entry is only a headline: without its page it is
			// not worth storing. Not stored, it is tried again next pass.
			pages.failed++
			pages.last = err
			log.Warn("collect: item skipped: article page failed", "url", canon, "err", err)
			return outSkipped, nil, nil
		default:
			// The item keeps its feed excerpt. Pages are fetched once, so
			// its text stays short.
			pages.failed++
			pages.last = err
			log.Warn("collect: article text not fetched", "url", canon, "err", err)
		}
	}
	if !onTopic {
		c.rejected.add(canon)
		log.Debug("collect: item skipped: off topic", "url", canon)
		return outSkipped, nil, nil
	}
	return c.save(src, it)
}

// refresh handles an entry whose URL is already stored: a syndicated
// alias or another source's item is just seen; the same item is updated
// when the feed's text changed (its fetched body is kept: pages are fetched once).
// madeTitle says the entry came without a title and was given one from its text.
func (c *Collector) refresh(src config.Source, e entry, canon string, existing store.Item, madeTitle bool) (outcome, []store.Item, error) {
	if existing.URL != canon || existing.Source != src.Name {
		if existing.URL != canon && existing.Source != src.Name && !hasAlias(existing, canon) {
			// A URL recorded without an outlet (AddURL: a channel post's
			// linked article) now comes from the site itself: name it.
			c.dupMu.Lock()
			defer c.dupMu.Unlock()
			if _, err := c.st.AddAlias(existing.ID, store.Ref{Source: src.Name, URL: canon}, e.GUID); err != nil {
				return 0, nil, err
			}
		}
		return outSeen, nil, nil
	}
	upd := existing
	// The language was decided when the item was first stored; a transliterated
	// item's new text is transliterated the same way, so that it compares with
	// the stored text and does not show up as an edit on every pass.
	d := langOf{script: existing.Script}
	upd.Title = d.cyrillic(truncateRunes(e.Title, maxTitleRunes))
	if e.Summary != "" {
		upd.Summary = d.cyrillic(e.Summary)
	}
	if e.FullText {
		upd.Body = d.cyrillic(truncateRunes(e.Body, maxBodyRunes))
	}
	remakeTitle(&upd, madeTitle) // as it was made when stored
	if upd.Title == existing.Title && upd.Summary == existing.Summary && upd.Body == existing.Body {
		return outSeen, nil, nil
	}
	fp := fingerprintOf(upd.Text())
	upd.SimHash = fp.sim
	c.dupMu.Lock()
	defer c.dupMu.Unlock()
	saved, r, err := c.st.SaveItem(upd)
	if err != nil {
		return 0, nil, err
	}
	if r == store.Updated {
		return outSeen, []store.Item{saved}, nil
	}
	return outSeen, nil, nil
}

// join records a channel post as another outlet's copy of the stored item
// of the article it links.
func (c *Collector) join(src config.Source, existing store.Item, postURL, guid string, log *slog.Logger) (outcome, []store.Item, error) {
	c.dupMu.Lock()
	defer c.dupMu.Unlock()
	if existing.Source == src.Name {
		// The channel's own earlier post of the same article: no new outlet,
		// but the post's address must not come back as new.
		if err := c.st.AddURL(existing.ID, postURL); err != nil {
			return 0, nil, err
		}
		return outSeen, nil, nil
	}
	if _, err := c.st.AddAlias(existing.ID, store.Ref{Source: src.Name, URL: postURL}, guid); err != nil {
		return 0, nil, err
	}
	log.Debug("collect: post joins the article's item", "url", postURL, "item_id", existing.ID)
	return outSeen, nil, nil
}

// save queues a new on-topic item for the source's next batch write.
func (c *Collector) save(_ config.Source, it store.Item) (outcome, []store.Item, error) {
	return outPending, []store.Item{it}, nil
}

// flush stores a batch of new items in one transaction, or records each as another
// outlet's copy of a recent item. The look-ups and the write happen under one lock, so two
// sources carrying the same story in one pass still make one item.
func (c *Collector) flush(src config.Source, batch []pendingItem, res *Result) error {
	if len(batch) == 0 {
		return nil
	}
	c.dupMu.Lock()
	defer c.dupMu.Unlock()
	var toSave []store.Item
	var fps []fingerprint
	var articles []string
	for _, p := range batch {
		it := p.it
		it.SimHash = p.fp.sim
		if _, err := c.st.ItemByURL(it.URL); err == nil {
			res.Seen++ // stored meanwhile by another source
			continue
		}
		if p.article != "" {
			// Another channel stored a post of the same article meanwhile.
			if prev, err := c.st.ItemByURL(p.article); err == nil && prev.Source != src.Name {
				if _, err := c.st.AddAlias(prev.ID, store.Ref{Source: src.Name, URL: it.URL}, it.GUID); err != nil {
					return err
				}
				res.Seen++
				continue
			}
		}
		if dup, ok := c.recent.find(&p.fp, src.Name); ok {
			_, err := c.st.AddAlias(dup.id, store.Ref{Source: src.Name, URL: it.URL}, it.GUID)
			if err == nil {
				c.log.Debug("collect: syndicated copy", "source", src.Name, "url", it.URL, "item_id", dup.id)
				res.Seen++
				continue
			}
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			// The original is gone from the store: store this copy instead.
		}
		toSave = append(toSave, it)
		fps = append(fps, p.fp)
		articles = append(articles, p.article)
	}
	if len(toSave) == 0 {
		return nil
	}
	saved, results, err := c.st.SaveItems(toSave)
	if err != nil {
		return err
	}
	for i, r := range results {
		if r == store.Created && articles[i] != "" {
			if err := c.st.AddURL(saved[i].ID, articles[i]); err != nil {
				return err
			}
		}
	}
	for i, r := range results {
		switch r {
		case store.Created:
			c.recent.add(saved[i].ID, saved[i].Source, saved[i].Seen, fps[i])
			res.New++
			if saved[i].Lang == otherLang {
				res.Other++
			}
			res.Items = append(res.Items, saved[i])
		case store.Updated:
			res.Seen++
			res.Items = append(res.Items, saved[i])
		default:
			res.Seen++
		}
	}
	return nil
}

// fetchArticle fetches an article page and extracts its text.
func (c *Collector) fetchArticle(ctx context.Context, pageURL, selector string) (article, error) {
	resp, err := c.fetch.get(ctx, pageURL, acceptHTML, validators{})
	if err != nil {
		return article{}, err
	}
	if resp.NotModified {
		return article{}, errors.New("unexpected 304 Not Modified")
	}
	page, err := toUTF8(resp.Body, resp.ContentType, false)
	if err != nil {
		return article{}, err
	}
	art, err := extractArticle(page, resp.URL, selector, c.opts.Location)
	if err != nil {
		u, _ := url.Parse(pageURL)
		return article{}, fmt.Errorf("extract %s: %w", displayURL(u), err)
	}
	return art, nil
}

// setText records the language decision d on it, with the outlet's title,
// summary and body as they are to be stored (in Cyrillic when d says so).
// The URL stays the original link.
func setText(it *store.Item, d langOf, title, summary, body string) {
	it.Lang, it.Script, it.LangCode = d.lang, d.script, d.code
	it.Title, it.Summary, it.Body = d.cyrillic(title), d.cyrillic(summary), d.cyrillic(body)
}

// remakeTitle makes the headline of an item that came without one (made) again from its
// text once that is in Cyrillic: the clutter rules know a page's furniture in Cyrillic
// letters only ("فوتو: Akorda" is "фото: Akorda", a credit, once transliterated).
func remakeTitle(it *store.Item, made bool) {
	if !made || it.Script == "" {
		return
	}
	if h := lang.Headline(firstNonEmpty(it.Body, it.Summary), 0); h != "" {
		it.Title = truncateRunes(h, maxTitleRunes)
	}
}

// urlSet is a bounded set of URLs, forgetting the oldest first.
type urlSet struct {
	mu    sync.Mutex
	limit int
	set   map[string]struct{}
	order []string
}

func newURLSet(limit int) *urlSet {
	return &urlSet{limit: limit, set: make(map[string]struct{})}
}

func (s *urlSet) has(u string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.set[u]
	return ok
}

func (s *urlSet) add(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.set[u]; ok {
		return
	}
	if len(s.order) >= s.limit {
		delete(s.set, s.order[0])
		s.order = s.order[1:]
	}
	s.set[u] = struct{}{}
	s.order = append(s.order, u)
}

// hasAlias: url is one of the item's outlets' copies.
func hasAlias(it store.Item, url string) bool {
	for _, r := range it.AlsoIn {
		if r.URL == url {
			return true
		}
	}
	return false
}

// firstNonEmpty returns the first of ss that holds more than white space.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
