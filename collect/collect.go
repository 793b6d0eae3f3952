// Package collect fetches news from the configured sources (RSS/Atom/JSON
// feeds and HTML listings), extracts article text, keeps what matches the
// topic, drops duplicates and syndicated copies, and saves the rest in the
// store. It is polite to the sites it reads: one request at a time per host
// with a minimum gap, conditional GET, Retry-After, and per-source backoff.
package collect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/store"
)

// Store is what the collector needs from the store (*store.Store has it).
type Store interface {
	SaveItem(it store.Item) (store.Item, store.SaveResult, error)
	// SaveItems saves a batch in one transaction: new items of a source are written
	// together, one disk sync for many items.
	SaveItems(items []store.Item) ([]store.Item, []store.SaveResult, error)
	AddAlias(id uint64, ref store.Ref, guid string) (store.Item, error)
	// AddURL records another address of an item without another outlet.
	AddURL(id uint64, url string) error
	ItemByURL(url string) (store.Item, error)
	EachItemBetween(from, to time.Time, fn func(store.Item) error) error
	SourceState(name string) (store.SourceState, error)
	PutSourceState(st store.SourceState) error
}

// ErrBusy is returned by Run when another pass of the same Collector is running.
var ErrBusy = errors.New("collect: a collection pass is already running")

// Defaults for Options fields left zero.
const (
	DefaultMaxBody      = 10 << 20
	DefaultTimeout      = 20 * time.Second
	DefaultHostInterval = time.Second
	DefaultBackoffBase  = 5 * time.Minute
	DefaultBackoffMax   = 6 * time.Hour
	DefaultConcurrency  = 4
	DefaultRecentWindow = 72 * time.Hour
	DefaultMaxPages     = 60
)

// futureSkew is how far ahead of our clock a published date may be before
// it is treated as wrong (a zone error, a typo) and clamped to now.
const futureSkew = 10 * time.Minute

// Options tune a Collector. The zero value is usable.
type Options struct {
	// Client does the requests; nil = our own with connection timeouts.
	// Its CheckRedirect, if nil, is replaced by a limit of 5 redirects.
	Client *http.Client
	// UserAgent names the bot to the sites; default DefaultUserAgent of the
	// module version: "refdigest/<version> (+https://github.com/refdigest/refdigest)".
	UserAgent string
	// Keywords are topic.keywords; empty keeps every item.
	Keywords []string
	// Location is the zone of dates that carry none (Asia/Almaty); nil = Asia/Almaty.
	Location *time.Location
	// Clock replaces time.Now for dates, backoff and first-seen times.
	Clock func() time.Time
	// Logger receives one line per source and per problem; nil discards.
	Logger *slog.Logger
	// MaxBody caps every response body, enforced while reading; default 10 MB.
	MaxBody int64
	// Timeout bounds each request including reading its body; default 20 s.
	Timeout time.Duration
	// HostInterval is the minimum gap between requests to one host; default 1 s.
	HostInterval time.Duration
	// BackoffBase is the wait after a source's first consecutive failure;
	// it doubles with each further failure up to BackoffMax. Defaults 5 min, 6 h.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// Concurrency bounds how many hosts are read at once; default 4.
	Concurrency int
	// RecentWindow is how far back syndicated copies are looked for; default 72 h.
	RecentWindow time.Duration
	// MaxPages bounds the article pages one source fetches in one pass
	// (at HostInterval each); the entries beyond it wait for the next pass.
	// Default 60.
	MaxPages int
}

// Collector runs collection passes over the configured sources into the store.
// It is safe for concurrent use; passes do not overlap (see ErrBusy).
type Collector struct {
	st      Store
	sources []config.Source
	opts    Options
	log     *slog.Logger
	fetch   *fetcher
	topic   *topicMatcher

	run    sync.Mutex // held for a whole pass
	loaded bool       // guarded by run

	// dupMu makes "look for a copy, then save" one step across the
	// goroutines of a pass; recent is loaded and pruned under run alone,
	// before those goroutines start.
	dupMu    sync.Mutex
	recent   *dupIndex
	rejected *urlSet // off-topic URLs, so their pages are not fetched again
}

// New returns a Collector over sources. It does no I/O: the first Run loads
// recent fingerprints from the store.
func New(st Store, sources []config.Source, opts Options) *Collector {
	opts = opts.withDefaults()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Collector{
		st:       st,
		sources:  append([]config.Source(nil), sources...),
		opts:     opts,
		log:      log,
		fetch:    newFetcher(opts),
		topic:    newTopicMatcher(opts.Keywords),
		recent:   newDupIndex(),
		rejected: newURLSet(20000),
	}
}

// withDefaults fills the fields left zero.
func (opts Options) withDefaults() Options {
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent(buildVersion())
	}
	if opts.Location == nil {
		opts.Location = almaty()
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.HostInterval <= 0 {
		opts.HostInterval = DefaultHostInterval
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = DefaultBackoffBase
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = DefaultBackoffMax
	}
	if opts.BackoffMax < opts.BackoffBase {
		opts.BackoffMax = opts.BackoffBase
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.RecentWindow <= 0 {
		opts.RecentWindow = DefaultRecentWindow
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = DefaultMaxPages
	}
	return opts
}

// ContactURL is where a site's operator finds out what the bot is and how
// to reach its people; it is in every request's User-Agent.
const ContactURL = "https://github.com/refdigest/refdigest"

// DefaultUserAgent names the bot, its version and ContactURL. Sites that
// answer HTML to unfamiliar or browser-like clients served feeds to an
// honest agent that says who it is and where to ask.
func DefaultUserAgent(version string) string {
	return "refdigest/" + version + " (+" + ContactURL + ")"
}

// buildVersion is the main module's version as the Go toolchain recorded it.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// almaty is Asia/Almaty, or UTC+5 (Kazakhstan's only offset since March
// 2024) when the zone database is missing.
func almaty() *time.Location {
	if loc, err := time.LoadLocation("Asia/Almaty"); err == nil {
		return loc
	}
	return time.FixedZone("+05", 5*3600)
}

// Result is what one pass did with one source.
type Result struct {
	// Source is the source's name.
	Source string
	// New counts items stored for the first time. Seen counts items already
	// stored (an edit that updated one included), syndicated copies of
	// a recent item from another source, and channel posts that joined the
	// stored item of the article they link (both recorded with store.AddAlias).
	// Skipped counts entries without a title or link, off the topic, or
	// whose article page could not be read (listings only).
	New, Seen, Skipped int
	// Other counts those of New that are in neither Kazakh nor Russian (a
	// Kyrgyz or Uzbek wire story, English): stored, but kept out of digests,
	// search and alerts.
	Other int
	// NotModified: the server answered 304 to the conditional GET.
	NotModified bool
	// Err is why the source failed this pass (a short reason for the
	// summary line), or ErrBackingOff when it was not tried.
	Err error
	// Panicked: the source's code panicked (a parser bug on hostile input, say); the
	// panic was contained, logged with its stack, and the pass went on.
	Panicked bool
	// Failures is the consecutive failure count after this pass; 0 after a success.
	Failures int
	// NextAttempt is when a failing source is tried again; zero = next pass.
	NextAttempt time.Time
	// Items are the items created or updated in this pass (for indexing
	// and alerts); an item that only gained a syndicated copy is not here.
	Items []store.Item

	loc *time.Location // for the times in String
}

// String is the source's line in the collect summary.
func (r Result) String() string {
	switch {
	case r.Err != nil:
		s := fmt.Sprintf("%s: error: %s", r.Source, strings.Join(strings.Fields(r.Err.Error()), " "))
		if r.Failures > 1 && !r.NextAttempt.IsZero() && !errors.Is(r.Err, ErrBackingOff) {
			s += fmt.Sprintf(" (failure %d, next try %s)", r.Failures, r.clock(r.NextAttempt))
		}
		return s
	case r.NotModified:
		return r.Source + ": not modified"
	}
	s := fmt.Sprintf("%s: new %d, seen %d, skipped %d", r.Source, r.New, r.Seen, r.Skipped)
	if r.Other > 0 {
		// A suffix, so that the contract's line stays a prefix of it.
		s += fmt.Sprintf(", other language %d", r.Other)
	}
	return s
}

func (r Result) clock(t time.Time) string {
	if r.loc != nil {
		t = t.In(r.loc)
	}
	return t.Format("15:04")
}

// Run makes one pass over all sources. A source that fails gets its error in
// its Result and the others go on; Run itself fails only when the pass could
// not run at all (another pass running, the store unreadable, ctx done before
// any work).
func (c *Collector) Run(ctx context.Context) ([]Result, error) {
	if !c.run.TryLock() {
		return nil, ErrBusy
	}
	defer c.run.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("collect: %w", err)
	}
	if !c.loaded {
		if err := c.loadRecent(); err != nil {
			return nil, err
		}
		c.loaded = true
	}
	c.recent.prune(c.opts.Clock().Add(-c.opts.RecentWindow))

	results := make([]Result, len(c.sources))
	// The sites first, then the Telegram channels: a post that links an
	// article the site lists in this pass then joins the site's item (with
	// the site's text) instead of the site's copy joining the post's.
	var sites, channels []int
	for i, src := range c.sources {
		if src.Kind == "telegram" {
			channels = append(channels, i)
		} else {
			sites = append(sites, i)
		}
	}
	for _, phase := range [][]int{sites, channels} {
		c.runPhase(ctx, phase, results)
	}
	return results, nil
}

// runPhase collects the sources at idx into results. Sources on one host
// run one after another in one goroutine, so the politeness gap is spent on
// that host only while others proceed.
func (c *Collector) runPhase(ctx context.Context, idx []int, results []Result) {
	sem := make(chan struct{}, c.opts.Concurrency)
	var wg sync.WaitGroup
	for _, idx := range byHost(c.sources, idx) {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				for _, i := range idx {
					results[i] = Result{Source: c.sources[i].Name, Err: ctx.Err(), loc: c.opts.Location}
				}
				return
			}
			defer func() { <-sem }()
			for _, i := range idx {
				results[i] = c.runSourceSafe(ctx, c.sources[i])
			}
		})
	}
	wg.Wait()
}

// runSourceSafe is runSource with a panic contained: untrusted HTML goes through
// goquery and readability, and one source's bug must not stop the pass or the service.
func (c *Collector) runSourceSafe(ctx context.Context, src config.Source) (res Result) {
	defer func() {
		if r := recover(); r != nil {
			c.opts.Logger.Error("collect: source panicked", "source", src.Name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			res = Result{Source: src.Name, Err: errors.New("internal error (a panic, logged)"), Panicked: true, loc: c.opts.Location}
		}
	}()
	return c.runSource(ctx, src)
}

// byHost groups the sources at idx by host, in the order of their first
// appearance, each group in the sources' order.
func byHost(sources []config.Source, idx []int) [][]int {
	pos := make(map[string]int)
	var out [][]int
	for _, i := range idx {
		h := hostOf(sources[i].URL)
		p, ok := pos[h]
		if !ok {
			p = len(out)
			pos[h] = p
			out = append(out, nil)
		}
		out[p] = append(out[p], i)
	}
	return out
}

// hostOf groups sources for politeness; a URL that does not parse gets a
// group of its own and fails later with a clear error.
func hostOf(raw string) string {
	u, err := url.Parse(strings.ReplaceAll(raw, "{page}", "1"))
	if err != nil || u.Host == "" {
		return "?" + raw
	}
	return strings.ToLower(u.Hostname())
}

// loadRecent fills the near-duplicate index from the store's last few days.
func (c *Collector) loadRecent() error {
	now := c.opts.Clock()
	err := c.st.EachItemBetween(now.Add(-c.opts.RecentWindow), now.Add(24*time.Hour), func(it store.Item) error {
		c.recent.add(it.ID, it.Source, it.Seen, fingerprintOf(it.Text()))
		return nil
	})
	if err != nil {
		return fmt.Errorf("collect: load recent items: %w", err)
	}
	c.log.Debug("collect: recent fingerprints loaded", "items", c.recent.len())
	return nil
}
