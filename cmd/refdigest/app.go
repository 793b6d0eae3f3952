package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/refdigest/refdigest/bot"
	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/collect"
	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/deliver"
	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/metrics"
	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/service"
	"github.com/refdigest/refdigest/store"
	"github.com/refdigest/refdigest/web"
)

// Main wires refdigest's parts from a configuration. The commands use it; Run is the service.
type Main struct {
	cfg    config.Config
	loc    *time.Location
	log    *slog.Logger
	now    func() time.Time
	st     *store.Store
	search *search.Index
	col    *collect.Collector
	build  *digest.Builder
	svc    *service.Service // without delivery; Run makes its own with it
	opts   MainOptions

	// ready is closed when Run has started the bot (tests and the demo wait on it).
	ready chan struct{}
}

// MainOptions are what tests and the demo change; the zero value is the real service.
type MainOptions struct {
	Logger     *slog.Logger
	Clock      func() time.Time // the service's notion of now (today's date, due times)
	HTTPClient *http.Client     // for the Bot API
	// HostInterval overrides the collector's politeness gap between requests to one host
	// (the demo's sample server is one host).
	HostInterval time.Duration
	// DeliveryScan overrides how often delivery looks for due jobs (tests move the clock).
	DeliveryScan time.Duration
	// WebListener, when set, is where Run serves the web archive instead of listening on
	// web.listen itself (the demo and tests pick a free port first, to know the address).
	WebListener net.Listener
}

func openMain(path string, stderr io.Writer, needToken bool) (*Main, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	if needToken {
		if err := cfg.RequireToken(); err != nil {
			return nil, err
		}
	}
	// The service logs its life; one-shot commands only what went wrong, so their stderr
	// stays the one line a failure prints.
	level := slog.LevelWarn
	if needToken {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	return NewMain(cfg, MainOptions{Logger: log})
}

// NewMain opens the store and builds the pipeline. It fails fast when the store is locked.
func NewMain(cfg config.Config, opts MainOptions) (*Main, error) {
	loc, err := cfg.Location()
	if err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	st, err := store.OpenDir(cfg.Store.Dir, store.Options{})
	if err != nil {
		return nil, err
	}
	m := &Main{cfg: cfg, loc: loc, log: opts.Logger, now: opts.Clock, st: st, opts: opts, ready: make(chan struct{})}
	// The index is derived from the store: rebuilt when missing, caught up when behind.
	m.search, err = search.Open(cfg.Store.Dir, st, search.Options{Logger: opts.Logger, Clock: opts.Clock, Location: loc})
	if err != nil {
		st.Close()
		return nil, err
	}
	if _, err := m.search.CatchUp(context.Background()); err != nil {
		m.search.Close()
		st.Close()
		return nil, err
	}
	m.col = collect.New(st, cfg.Sources, collect.Options{
		UserAgent:    collect.DefaultUserAgent(version),
		Keywords:     cfg.Topic.Keywords,
		Location:     loc,
		Logger:       opts.Logger,
		HostInterval: opts.HostInterval,
	})
	var tr digest.Translator
	if cfg.LLM.BaseURL != "" {
		// Stories covered in one language only are translated for the other, once: the
		// store keeps each translation for every later build.
		l := digest.NewLLM(cfg.LLM.BaseURL, cfg.LLM.Model, cfg.LLM.APIKey, &http.Client{})
		l.Timeout = cfg.LLM.Timeout
		tr = l
		opts.Logger.Info("translation on", "model", cfg.LLM.Model, "max_in_flight", cfg.LLM.MaxInFlight, "budget", cfg.LLM.Budget.String())
	}
	var webLink func(date, lang string) string
	if cfg.Web.PublicURL != "" {
		// Each Telegram digest ends with a link to its day's page in the web archive.
		webLink = func(date, lang string) string { return web.DayURL(cfg.Web.PublicURL, lang, date) }
	}
	m.build = digest.New(digest.Options{Location: loc, MaxStories: cfg.Digest.MaxStories, Translator: tr, Cache: st,
		TranslateInFlight: cfg.LLM.MaxInFlight, TranslateBudget: cfg.LLM.Budget, Logger: opts.Logger, Clock: opts.Clock, WebLink: webLink})
	m.svc = service.New(st, m.col, m.build, loc, service.Options{Index: m.search, Clock: opts.Clock, Logger: opts.Logger})
	return m, nil
}

// Close closes the index, then the store.
func (m *Main) Close() error {
	return errors.Join(m.search.Close(), m.st.Close())
}

// CollectCmd runs one pass and prints a line per source.
func (m *Main) CollectCmd(ctx context.Context, w io.Writer) error {
	res, err := m.svc.CollectResults(ctx)
	failed := 0
	for _, r := range res {
		fmt.Fprintln(w, r.String())
		if r.Err != nil {
			failed++
		}
	}
	if err != nil {
		return err
	}
	// A pass in which no source worked collected nothing: cron and scripts must see that.
	if len(res) > 0 && failed == len(res) {
		return fmt.Errorf("collect: every source failed (%d of %d)", failed, len(res))
	}
	return nil
}

// digestFormat is how DigestCmd prints a digest.
type digestFormat int

// The digest command's outputs: plain text, Telegram HTML (-html), one JSON object (-json).
const (
	formatText digestFormat = iota
	formatHTML
	formatJSON
)

// DigestCmd rebuilds the digest of date (default today), stores it and prints it. lang
// narrows the text and HTML to one language; the JSON always carries both.
func (m *Main) DigestCmd(ctx context.Context, w io.Writer, date, lang string, format digestFormat) error {
	if date == "" {
		date = m.svc.Today()
	}
	_, d, err := m.svc.BuildDigest(ctx, date)
	switch {
	case errors.Is(err, service.ErrFutureDate):
		return fmt.Errorf("%s has not come yet (today is %s): there is no digest to build", date, m.svc.Today())
	case errors.Is(err, service.ErrNoSuchDate), errors.Is(err, service.ErrDateFormat):
		return usageErr("%v", err)
	case err != nil:
		return err
	}
	if format == formatJSON {
		b, err := d.JSON(m.loc)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	langs := []string{"kk", "ru"}
	if lang != "" {
		langs = []string{lang}
	}
	for i, l := range langs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if format == formatHTML {
			for _, part := range d.HTML(l) {
				fmt.Fprintln(w, part)
				fmt.Fprintln(w)
			}
			continue
		}
		fmt.Fprint(w, strings.TrimRight(d.Text(l), "\n")+"\n")
	}
	return nil
}

// SearchCmd prints ranked results.
func (m *Main) SearchCmd(ctx context.Context, w io.Writer, query, lang string) error {
	res, err := m.search.Search(ctx, query, search.Query{Lang: lang, Limit: 20})
	if err != nil {
		return err
	}
	if res.Total == 0 {
		fmt.Fprintf(w, "nothing found for %q\n", query)
		return nil
	}
	fmt.Fprintf(w, "%d found for %q\n", res.Total, query)
	for i, h := range res.Hits {
		it := h.Item
		fmt.Fprintf(w, "\n%d. %s\n   %s · %s\n   %s\n   %s\n", i+1, it.Title, strings.Join(it.Sources(), ", "),
			it.Published.In(m.loc).Format("2006-01-02 15:04"), it.URL, h.Snippet)
	}
	return nil
}

func backupCmd(configPath, file string, w io.Writer) error {
	cfg, err := config.Load(configPath)
	if err != nil {
		return err
	}
	st, err := store.OpenDir(cfg.Store.Dir, store.Options{})
	if errors.Is(err, store.ErrLocked) {
		// The service holds the store: it takes the snapshot for us.
		if cfg.HTTP.Listen == "" {
			return fmt.Errorf("backup: the store is held by a running service, and http.listen is off, so it cannot be asked for a snapshot: set http.listen or stop the service")
		}
		if err := backupFromService(cfg.HTTP.Listen, file); err != nil {
			return err
		}
		fmt.Fprintln(w, "backup written to", file, "(through the running service)")
		return nil
	}
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.BackupFile(file); err != nil {
		return err
	}
	fmt.Fprintln(w, "backup written to", file)
	return nil
}

// backupFromService fetches the running service's snapshot into file, through a
// temporary file and a rename; a stream shorter than its Content-Length is refused.
func backupFromService(listen, file string) error {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("backup: http.listen %q: %w", listen, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 10 * time.Minute}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/backup")
	if err != nil {
		return fmt.Errorf("backup: ask the running service: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("backup: the running service answered %s", resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".tmp*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, resp.Body)
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("got %d of %d bytes", n, resp.ContentLength)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: from the running service: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// channelIDs turns telegram.channels into chat ids, resolving @names through the Bot API.
// A channel that cannot be resolved is logged and skipped: the rest of the service runs.
func (m *Main) channelIDs(ctx context.Context, c *botapi.Client) []int64 {
	var ids []int64
	for _, ch := range m.cfg.Telegram.Channels {
		id, err := strconv.ParseInt(ch, 10, 64)
		if err != nil {
			if id, err = c.ChatID(ctx, ch); err != nil {
				m.log.Error("channel not found: it will get no digests", "channel", ch, "err", err)
				continue
			}
		}
		ids = append(ids, id)
	}
	return ids
}

// sourceInfo lists the configured sources for /sources.
func (m *Main) sourceInfo() []bot.SourceInfo {
	out := make([]bot.SourceInfo, len(m.cfg.Sources))
	for i, s := range m.cfg.Sources {
		out[i] = bot.SourceInfo{Name: s.Name, Lang: s.Lang, URL: s.URL}
	}
	return out
}

// ReindexCmd rebuilds the search index from the store.
func (m *Main) ReindexCmd(ctx context.Context, w io.Writer) error {
	start := time.Now()
	n, err := m.search.Reindex(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "indexed %d items in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

// Run is the service: the Telegram bot (long polling or webhook), delivery, the schedule and
// the HTTP endpoint, until ctx is done. Then it stops taking updates, lets sends in flight
// finish (bounded) and returns; Close closes the store.
func (m *Main) Run(ctx context.Context) error {
	if err := m.cfg.RequireToken(); err != nil {
		return err
	}
	tg := m.cfg.Telegram
	// The Bot API client's calls are cancelled when the service stops.
	client, err := botapi.NewClient(ctx, tg.Token, tg.APIEndpoint, m.opts.HTTPClient)
	if err != nil {
		return err
	}
	met := metrics.New()
	lim := deliver.NewLimiter(deliver.Rates{GlobalPerSecond: tg.Rate.GlobalPerSecond, PerChatPerSecond: tg.Rate.PerChatPerSecond, GroupPerMinute: tg.Rate.GroupPerMinute})
	del := deliver.New(m.st, client, lim, deliver.Options{Location: m.loc, Channels: m.channelIDs(ctx, client), Clock: m.now, Logger: m.log, Scan: m.opts.DeliveryScan})
	// h is set below; alerts run only once the schedule starts and after collection passes,
	// both after that. They are written to the outbox (in batches, memory stays bounded) and
	// sent by delivery in the digest lane, so replies go first and a restart still sends what
	// was not yet sent; a pass a kill interrupted is run again at start (service.Alerts).
	var h *bot.Handler
	alerts := func(ctx context.Context, pass store.AlertPass, created []store.Item) error {
		var batch []botapi.Message
		flush := func() error {
			n, err := del.EnqueueAlerts(ctx, pass.Date, pass.Part, batch)
			if err != nil {
				return err
			}
			m.log.Info("follow alerts queued", "count", n, "items", len(created))
			batch = batch[:0]
			return nil
		}
		err := h.Alerts(ctx, m.st, m.search, created, func(msg botapi.Message) error {
			batch = append(batch, msg)
			if len(batch) == 1000 {
				return flush()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = flush()
		}
		return err
	}
	svc := service.New(m.st, m.col, m.build, m.loc, service.Options{Deliver: del, Index: m.search, Observe: met, Clock: m.now, Logger: m.log,
		BackupDir: m.cfg.Store.BackupDir, BackupKeep: m.cfg.Store.BackupKeep, AfterCollect: alerts})
	h = bot.NewHandler(m.st, m.search, svc, bot.Options{BotUsername: client.Username(), Admins: tg.Admins, Logger: m.log,
		Sources: m.sourceInfo(), ChatAdmins: client, Location: m.loc, Clock: m.now, DeliveryStats: del.Stats,
		Requeue: func(chatID int64) {
			if _, err := del.Requeue(ctx, chatID); err != nil {
				m.log.Error("requeue after a settings change", "chat_id", chatID, "err", err)
			}
		}})
	met.WatchDelivery(del.Stats, func() (map[string]int, error) { return jobCounts(del, svc.Today()) })
	met.WatchSubscribers(func() (map[string]int, error) {
		st, err := m.st.SubscriberStats()
		return map[string]int{"active": st.Active, "inactive": st.Inactive}, err
	})

	// Updates stop first (runCtx), deliveries last (sendCtx): replies to updates being
	// handled can still go out while the service winds down.
	sendCtx, stopSending := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSending()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	disp := bot.NewDispatcher(h, del, client, 16, m.log)
	disp.Observe = met.ObserveUpdate
	disp.OnPanic = func() { met.ObservePanic("update") }

	// The public archive's address is taken before anything starts: a port in use is a
	// clean failure to start, not a component dying later.
	webLn, err := m.webListener()
	if err != nil {
		return err
	}
	var site *web.Server
	if webLn != nil {
		defer webLn.Close() // for an early return; closing it again after Serve is harmless
		if site, err = web.New(m.st, m.search, web.Options{PublicURL: m.cfg.Web.PublicURL, Location: m.loc, Logger: m.log, Version: version}); err != nil {
			return err
		}
	}

	m.setCommands(ctx, client)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	start := func(name string, c context.Context, fn func(context.Context) error) {
		wg.Go(func() {
			if err := fn(c); err != nil {
				m.log.Error("component stopped", "component", name, "err", err)
				errs <- fmt.Errorf("%s: %w", name, err)
				cancel()
			}
		})
	}
	var health healthFunc
	switch tg.Mode {
	case "webhook":
		if err := client.SetWebhook(ctx, tg.Webhook.URL, tg.Webhook.Secret, 40); err != nil {
			return err
		}
		hook := bot.NewWebhook(sendCtx, disp, tg.Webhook.Secret, m.log)
		start("webhook", runCtx, func(ctx context.Context) error { return serveWebhook(ctx, tg.Webhook.URL, tg.Webhook.Listen, hook) })
		health = func() (time.Time, error) { return time.Time{}, nil }
	default:
		// Switching back from webhook mode: Telegram refuses getUpdates while one is set.
		if err := client.DeleteWebhook(ctx); err != nil {
			m.log.Warn("deleteWebhook failed", "err", err)
		}
		poller := bot.NewPoller(client, disp, m.st, m.log)
		start("poller", runCtx, poller.Run)
		health = poller.Health
	}
	start("delivery", sendCtx, del.Run)
	start("schedule", runCtx, func(ctx context.Context) error {
		return svc.Schedule(ctx, m.cfg.Schedule.Collect, m.cfg.Schedule.Digest)
	})
	if m.cfg.HTTP.Listen != "" {
		hc := &healthChecker{st: m.st, updates: health, collect: svc.CollectHealth, now: time.Now}
		start("http", runCtx, func(ctx context.Context) error {
			return serveHTTP(ctx, m.cfg.HTTP.Listen, hc, met.Handler(), backupHandler(m.st, m.log))
		})
	}
	if webLn != nil {
		m.log.Info("web archive", "listen", webLn.Addr().String(), "public_url", m.cfg.Web.PublicURL)
		start("web", runCtx, func(ctx context.Context) error { return web.Serve(ctx, webLn, site) })
	}
	m.log.Info("refdigest running", "bot", client.Username(), "mode", tg.Mode, "version", version)
	close(m.ready)
	<-runCtx.Done()
	m.log.Info("stopping: no new updates; finishing sends in flight")
	disp.Wait()
	stopSending()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(12 * time.Second):
		m.log.Warn("components did not stop in time")
	}
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// webListener is where the web archive listens: the one handed in, or web.listen; nil
// when the archive is off.
func (m *Main) webListener() (net.Listener, error) {
	if m.opts.WebListener != nil {
		return m.opts.WebListener, nil
	}
	if m.cfg.Web.Listen == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", m.cfg.Web.Listen)
	if err != nil {
		return nil, fmt.Errorf("web.listen %s: %w", m.cfg.Web.Listen, err)
	}
	return ln, nil
}

func jobCounts(d *deliver.Deliverer, date string) (map[string]int, error) {
	counts, err := d.Progress(date)
	out := map[string]int{}
	for st, n := range counts {
		out[string(st)] = n
	}
	return out, err
}

// setCommands gives kk and ru users their own command menus.
func (m *Main) setCommands(ctx context.Context, c *botapi.Client) {
	for lang, cmds := range bot.CommandMenus() {
		if err := c.SetCommands(ctx, lang, cmds); err != nil {
			m.log.Warn("setMyCommands failed", "lang", lang, "err", err)
		}
	}
}
