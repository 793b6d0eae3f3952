// Package web serves refdigest's public archive: the digests by day, one day's digest, a
// story's page with its timeline across days, search, and an Atom feed per language, in
// Kazakh (/kk/…) and Russian (/ru/…). Pages are html/template with one stylesheet and no
// JavaScript; they read the store and never build a digest or show anything about
// subscribers.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/store"
)

// Store is what the archive reads (satisfied by *store.Store).
type Store interface {
	// Digest returns store.ErrNotFound (possibly wrapped) for a day without a digest.
	Digest(date string) (store.DigestRecord, error)
	DigestDates(offset, limit int) (dates []string, total int, err error)
	// DigestNeighbours returns the stored days just before and after date ("" for none).
	DigestNeighbours(date string) (prev, next string, err error)
	EachDigestFrom(from string, fn func(store.DigestRecord) (bool, error)) error
}

// Searcher answers the search page (satisfied by *search.Index): the bot's search, with
// the same query language.
type Searcher interface {
	Search(ctx context.Context, q string, o search.Query) (search.Results, error)
}

// Options configure a Server. The zero value works: relative links, Almaty time, a search
// burst of 10 per client address, then one every 2 s.
type Options struct {
	// PublicURL is web.public_url: absolute links in pages and feeds, and the authority of
	// the feeds' entry ids. "" = links relative to the request's host, urn: entry ids.
	PublicURL string
	Location  *time.Location
	Logger    *slog.Logger
	// SearchEvery and SearchBurst rate-limit searches per client address.
	SearchEvery time.Duration
	SearchBurst int
	// Version goes into every ETag, so that a new build's pages are not answered 304.
	Version string
	Clock   func() time.Time
}

// Page sizes and bounds.
const (
	daysPerPage    = 20
	searchPerPage  = 10
	maxSearchPages = 50
	maxQueryRunes  = 300
	feedEntries    = 30
	maxURLBytes    = 2048
	maxBodyBytes   = 1024
	cacheDays      = 64
)

//go:embed templates static
var files embed.FS

// Server is the archive's HTTP handler. It is safe for concurrent use.
type Server struct {
	st      Store
	search  Searcher
	opts    Options
	base    *url.URL // nil when PublicURL is ""
	prefix  string   // base's path: the proxy in front strips it, every link has it
	log     *slog.Logger
	pages   map[string]*template.Template
	feedTpl *template.Template
	static  map[string]staticFile
	cssPath string // the stylesheet's address, named by its hash so it can be cached for long
	seed    string // what every ETag also depends on
	cache   *dayCache
	limit   *clientLimiter
	mux     *http.ServeMux
}

type staticFile struct {
	data  []byte
	ctype string
}

// New makes the archive's handler.
func New(st Store, s Searcher, opts Options) (*Server, error) {
	if opts.Location == nil {
		loc, err := time.LoadLocation("Asia/Almaty")
		if err != nil {
			loc = time.FixedZone("Asia/Almaty", 5*60*60)
		}
		opts.Location = loc
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.SearchEvery <= 0 {
		opts.SearchEvery = 2 * time.Second
	}
	if opts.SearchBurst <= 0 {
		opts.SearchBurst = 10
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	srv := &Server{st: st, search: s, opts: opts, log: opts.Logger, cache: newDayCache(cacheDays),
		limit: newClientLimiter(opts.SearchEvery, opts.SearchBurst, 10000)}
	if opts.PublicURL != "" {
		u, err := url.Parse(strings.TrimRight(opts.PublicURL, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("web: public url %q: want an http(s) base URL", opts.PublicURL)
		}
		srv.base, srv.prefix = u, u.Path
	}
	if err := srv.load(); err != nil {
		return nil, err
	}
	srv.routes()
	return srv, nil
}

// load parses the templates and reads the static files.
func (s *Server) load() error {
	funcs := template.FuncMap{"t": label, "tf": labelf}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html")
	if err != nil {
		return fmt.Errorf("web: templates: %w", err)
	}
	s.pages = map[string]*template.Template{}
	for _, name := range []string{"days", "day", "story", "search", "error"} {
		t, err := template.Must(layout.Clone()).ParseFS(files, "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("web: template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	if s.feedTpl, err = template.New("entry.html").Funcs(funcs).ParseFS(files, "templates/entry.html"); err != nil {
		return fmt.Errorf("web: feed template: %w", err)
	}
	s.static = map[string]staticFile{}
	sum := sha256.New()
	err = fs.WalkDir(files, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		ctype := "text/css; charset=utf-8"
		switch {
		case strings.HasSuffix(name, ".svg"):
			ctype = "image/svg+xml"
		case strings.HasSuffix(name, ".txt"):
			ctype = "text/plain; charset=utf-8"
		}
		sum.Write(data)
		s.static[strings.TrimPrefix(name, "static")] = staticFile{data: data, ctype: ctype}
		return nil
	})
	if err != nil {
		return fmt.Errorf("web: static files: %w", err)
	}
	h := hex.EncodeToString(sum.Sum(nil))[:12]
	s.cssPath = "/static/style." + h + ".css"
	s.static["/style."+h+".css"] = s.static["/style.css"]
	// Pages change with the markup and the labels too: the templates are in the seed, and
	// a build without a version (dev) starts a new seed at every start.
	pages := sha256.New()
	err = fs.WalkDir(files, "templates", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		pages.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("web: templates: %w", err)
	}
	version := s.opts.Version
	if version == "" || version == "dev" {
		version = "dev@" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	s.seed = version + "|" + h + "|" + hex.EncodeToString(pages.Sum(nil))[:12] + "|" + s.opts.PublicURL
	return nil
}

// routes registers the pages. Patterns take GET (and so HEAD); the method check in
// ServeHTTP answers anything else first.
func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.root)
	for _, l := range []string{"kk", "ru"} {
		m.HandleFunc("GET /"+l+"/{$}", s.withLang(l, s.days))
		m.HandleFunc("GET /"+l+"/day/{date}", s.withLang(l, s.day))
		m.HandleFunc("GET /"+l+"/story/{id}", s.withLang(l, s.story))
		m.HandleFunc("GET /"+l+"/search", s.withLang(l, s.searchPage))
		m.HandleFunc("GET /"+l+"/feed.xml", s.withLang(l, s.feed))
		m.HandleFunc("GET /"+l, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, s.href("/"+l+"/"), http.StatusMovedPermanently)
		})
	}
	m.HandleFunc("GET /static/{file}", s.staticFile)
	m.HandleFunc("GET /favicon.svg", s.staticFile)
	m.HandleFunc("GET /robots.txt", s.staticFile)
	m.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, pickLang(r), http.StatusNotFound, nil)
	})
	s.mux = m
}

// ServeHTTP answers GET and HEAD only, with bounded requests and the security headers on
// every answer.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	if len(r.RequestURI) > maxURLBytes {
		http.Error(w, "request URI too long", http.StatusRequestURITooLong)
		return
	}
	if r.ContentLength > maxBodyBytes {
		http.Error(w, "a GET has no body", http.StatusRequestEntityTooLarge)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	s.mux.ServeHTTP(w, r)
}

// withLang passes the page language to a page's handler.
func (s *Server) withLang(l string, fn func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fn(w, r, l) }
}

// root sends a visitor to the archive in the language their browser asks for.
func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "Accept-Language")
	w.Header().Set("Cache-Control", "private, no-cache")
	http.Redirect(w, r, "/"+pickLang(r)+"/", http.StatusFound)
}

func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path
	if f := r.PathValue("file"); f != "" {
		name = "/" + f
	}
	f, ok := s.static[name]
	if !ok {
		s.fail(w, r, pickLang(r), http.StatusNotFound, nil)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	if name == strings.TrimPrefix(s.cssPath, "/static") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=86400")
	}
	etag := s.etag("static", name)
	if notModified(w, r, etag) {
		return
	}
	_, _ = w.Write(f.data)
}

// etag is a strong validator over the build, the stylesheet, the public URL and parts.
func (s *Server) etag(parts ...string) string {
	h := sha256.New()
	h.Write([]byte(s.seed))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return `"` + hex.EncodeToString(h.Sum(nil))[:20] + `"`
}

// notModified sets the ETag and answers 304 when the client holds that version.
func notModified(w http.ResponseWriter, r *http.Request, etag string) bool {
	w.Header().Set("ETag", etag)
	inm := r.Header.Get("If-None-Match")
	if inm == "" {
		return false
	}
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

// render executes a page into a buffer first, so that a template error is a clean 500
// and not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, status int, p *page) {
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.Error("web: render", "page", name, "path", r.URL.Path, "err", err)
		if name != "error" {
			s.fail(w, r, p.Lang, http.StatusInternalServerError, nil)
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail answers an error page; err (logged) is never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, l string, status int, err error) {
	if err != nil {
		s.log.Error("web: page failed", "path", r.URL.Path, "status", status, "err", err)
	}
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-store")
	key := "err_internal"
	switch status {
	case http.StatusNotFound:
		key = "err_not_found"
	case http.StatusTooManyRequests:
		key = "err_too_many"
	}
	p := s.newPage(r, l, label(l, key), "/"+l+"/")
	p.Robots = "noindex"
	p.Body = errorBody{Message: label(l, key)}
	s.render(w, r, "error", status, p)
}

type errorBody struct{ Message string }

// failed answers a failed store read, 404 for what is not there and 500 for a broken
// store, and reports whether there was one.
func (s *Server) failed(w http.ResponseWriter, r *http.Request, l string, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, store.ErrNotFound):
		s.fail(w, r, l, http.StatusNotFound, nil)
	default:
		s.fail(w, r, l, http.StatusInternalServerError, err)
	}
	return true
}

// DayURL is the address of a day's page in the archive at base (web.public_url), for the
// link that ends each Telegram digest; "" when base is "".
func DayURL(base, lang, date string) string {
	if base == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + dayPath(lang, date)
}

func dayPath(lang, date string) string { return "/" + lang + "/day/" + date }
func storyPath(lang, id string) string { return "/" + lang + "/story/" + url.PathEscape(id) }
func feedPath(lang string) string      { return "/" + lang + "/feed.xml" }
func otherLang(l string) string {
	if l == "kk" {
		return "ru"
	}
	return "kk"
}
func pagePath(path string, n int) string { return path + "?page=" + fmt.Sprint(n) }
func searchPath(lang, q string) string   { return "/" + lang + "/search?q=" + url.QueryEscape(q) }
func cachePublic(w http.ResponseWriter, s int) {
	w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", s))
}
