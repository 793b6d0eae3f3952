package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/refdigest/refdigest/bot"
	"github.com/refdigest/refdigest/collect"
	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/deliver"
	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/service"
	"github.com/refdigest/refdigest/store"
)

// Main wires refdigest's parts from a configuration. The commands use it; Run is the service.
type Main struct {
	cfg    config.Config
	loc    *time.Location
	log    *slog.Logger
	now    func() time.Time
	st     *store.Store
	search *search.Scanner
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
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
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
	m.search = search.NewScanner(st)
	m.col = collect.New(st, cfg.Sources, collect.Options{
		UserAgent:    "refdigest/" + version + " (+https://github.com/refdigest/refdigest)",
		Keywords:     cfg.Topic.Keywords,
		Location:     loc,
		Logger:       opts.Logger,
		HostInterval: opts.HostInterval,
	})
	m.build = digest.New(digest.Options{Location: loc, MaxStories: cfg.Digest.MaxStories, Logger: opts.Logger, Clock: opts.Clock})
	m.svc = service.New(st, m.col, m.build, loc, service.Options{Clock: opts.Clock, Logger: opts.Logger})
	return m, nil
}

// Close closes the store.
func (m *Main) Close() error { return m.st.Close() }

// CollectCmd runs one pass and prints a line per source.
func (m *Main) CollectCmd(ctx context.Context, w io.Writer) error {
	lines, err := m.svc.Collect(ctx)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	return err
}

// DigestCmd rebuilds the digest of date (default today), stores it and prints it.
func (m *Main) DigestCmd(ctx context.Context, w io.Writer, date, lang string, asHTML bool) error {
	if date == "" {
		date = m.svc.Today()
	} else if _, err := time.Parse(time.DateOnly, date); err != nil {
		return usageErr("-date must be YYYY-MM-DD, not %q", date)
	}
	_, d, err := m.svc.BuildDigest(ctx, date)
	if err != nil {
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
		if asHTML {
			for _, part := range d.HTML(l) {
				fmt.Fprintln(w, part)
				fmt.Fprintln(w)
			}
			continue
		}
		fmt.Fprint(w, d.Text(l))
	}
	return nil
}

// SearchCmd prints ranked results.
func (m *Main) SearchCmd(ctx context.Context, w io.Writer, query, lang string) error {
	res, err := m.search.Search(ctx, query, search.Options{Lang: lang, Limit: 20})
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

// channelIDs parses telegram.channels; @names need resolving through getChat, which the
// skeleton does not do yet, so they are reported and skipped.
func (m *Main) channelIDs() []int64 {
	var ids []int64
	for _, c := range m.cfg.Telegram.Channels {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil {
			m.log.Warn("channel by @name is not supported yet; use its numeric id", "channel", c)
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// Run is the service: the Telegram bot (long polling), delivery, the schedule and the HTTP
// endpoint, until ctx is done. It returns within a bounded time after that.
func (m *Main) Run(ctx context.Context) error {
	if err := m.cfg.RequireToken(); err != nil {
		return err
	}
	if m.cfg.Telegram.Mode == "webhook" {
		return errors.New("webhook mode is not available yet: set telegram.mode: polling")
	}
	// The Bot API client's calls are cancelled when the service stops.
	client, err := bot.NewClient(ctx, m.cfg.Telegram.Token, m.cfg.Telegram.APIEndpoint, m.opts.HTTPClient)
	if err != nil {
		return err
	}
	r := m.cfg.Telegram.Rate
	lim := deliver.NewLimiter(deliver.Rates{GlobalPerSecond: r.GlobalPerSecond, PerChatPerSecond: r.PerChatPerSecond, GroupPerMinute: r.GroupPerMinute})
	del := deliver.New(m.st, client, lim, deliver.Options{Location: m.loc, Channels: m.channelIDs(), Clock: m.now, Logger: m.log})
	svc := service.New(m.st, m.col, m.build, m.loc, service.Options{Deliver: del, Clock: m.now, Logger: m.log})
	h := bot.NewHandler(m.st, m.search, svc, bot.Options{BotUsername: client.Username(), Admins: m.cfg.Telegram.Admins, Logger: m.log})
	poller := bot.NewPoller(client, h, del, m.st, m.log)

	m.setCommands(ctx, client)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	start := func(name string, fn func(context.Context) error) {
		wg.Go(func() {
			if err := fn(runCtx); err != nil {
				m.log.Error("component stopped", "component", name, "err", err)
				errs <- fmt.Errorf("%s: %w", name, err)
				cancel()
			}
		})
	}
	start("delivery", del.Run)
	start("poller", poller.Run)
	start("schedule", func(ctx context.Context) error {
		return svc.Schedule(ctx, m.cfg.Schedule.Collect, m.cfg.Schedule.Digest)
	})
	if m.cfg.HTTP.Listen != "" {
		start("http", func(ctx context.Context) error { return m.serveHTTP(ctx, poller, svc) })
	}
	m.log.Info("refdigest running", "bot", client.Username(), "mode", m.cfg.Telegram.Mode, "version", version)
	close(m.ready)
	<-runCtx.Done()
	m.log.Info("stopping")
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

// setCommands gives kk and ru users their own command menus.
func (m *Main) setCommands(ctx context.Context, c *bot.Client) {
	for lang, cmds := range bot.CommandMenus() {
		if err := c.SetCommands(ctx, lang, cmds); err != nil {
			m.log.Warn("setMyCommands failed", "lang", lang, "err", err)
		}
	}
}

// serveHTTP serves /healthz until ctx is done.
func (m *Main) serveHTTP(ctx context.Context, p *bot.Poller, svc *service.Service) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		since, perr := p.Health()
		w.Header().Set("Content-Type", "application/json")
		if !since.IsZero() && time.Since(since) > 5*time.Minute {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, `{"ok":false,"reason":%q}`, "polling failing since "+since.Format(time.RFC3339)+": "+perr.Error())
			return
		}
		fmt.Fprint(w, `{"ok":true}`)
	})
	ln, err := net.Listen("tcp", m.cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("http: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http: %w", err)
	}
	return nil
}
