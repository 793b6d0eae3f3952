// Package devset reads the development and held-out sets of real coverage (eval/*.tsv:
// URLs, outlets, dates, languages and event labels; the texts come from a folder outside
// the repository) and serves them as feeds on loopback addresses, for eval/devscore and
// the digest's tuning tests to collect as the product does.
package devset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/refdigest/refdigest/config"
)

// Article is one row of the development set, with its text when found.
type Article struct {
	ID        int
	URL       string
	Outlet    string
	Published time.Time
	Lang      string // kk, ru, or another code
	Script    string
	Event     string
	Title     string
	Text      string
	Local     string // its URL on the local server, once served
}

// ReadSet reads the tab-separated development set: id, url, outlet, published,
// lang, script, event.
func ReadSet(path string) ([]*Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []*Article
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if line == 1 || strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		c := strings.Split(t, "\t")
		if len(c) < 7 {
			return nil, fmt.Errorf("%s:%d: want 7 columns, have %d", path, line, len(c))
		}
		a := &Article{URL: c[1], Outlet: c[2], Lang: c[4], Script: c[5], Event: c[6]}
		if _, err := fmt.Sscan(c[0], &a.ID); err != nil {
			return nil, fmt.Errorf("%s:%d: id %q", path, line, c[0])
		}
		if a.Published, err = ParseWhen(c[3], a.URL); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

// Almaty is the zone of the sets' dates and of the digest's days.
var Almaty = time.FixedZone("+05", 5*3600)

// ParseWhen reads a date or a time; a bare date gets a time of day between 09:00
// and 18:59 drawn from the URL, as a day's news spreads over the day.
func ParseWhen(s, url string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, Almaty); err == nil {
			return t, nil
		}
	}
	d, err := time.ParseInLocation("2006-01-02", s, Almaty)
	if err != nil {
		return time.Time{}, fmt.Errorf("published %q: want YYYY-MM-DD or RFC 3339", s)
	}
	h := fnv.New32a()
	h.Write([]byte(url))
	m := int(h.Sum32() % 600)
	return d.Add(9*time.Hour + time.Duration(m)*time.Minute), nil
}

// ReadTexts fills the articles' titles and texts from the JSON lines files under dir.
func ReadTexts(dir string, arts []*Article) (int, error) {
	byURL := map[string]*Article{}
	for _, a := range arts {
		byURL[a.URL] = a
	}
	found := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".jsonl") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, ln := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(ln)) == 0 {
				continue
			}
			var r struct{ URL, Title, Text string }
			if err := json.Unmarshal(ln, &r); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			if a := byURL[r.URL]; a != nil && a.Text == "" {
				a.Title, a.Text = r.Title, r.Text
				found++
			}
		}
		return nil
	})
	return found, err
}

// Server serves one feed per outlet and language, each on a loopback address of
// its own, since the collector is polite per host.
type Server struct {
	hosts []*host
}

type host struct {
	name, lang string
	ln         net.Listener
	srv        *http.Server
	arts       []*Article
}

// Serve starts the feeds of arts, each outlet and language on a loopback address of its
// own, and sets each article's Local URL. Close stops them.
func Serve(arts []*Article) (*Server, error) {
	groups := map[string]*host{}
	var order []string
	for _, a := range arts {
		l := a.Lang
		if l != "kk" && l != "ru" {
			l = "auto"
		}
		key := a.Outlet + " (" + l + ")"
		h := groups[key]
		if h == nil {
			h = &host{name: key, lang: l}
			groups[key] = h
			order = append(order, key)
		}
		h.arts = append(h.arts, a)
	}
	s := &Server{}
	for i, key := range order {
		h := groups[key]
		addr := fmt.Sprintf("127.0.%d.%d:0", 1+i/200, 10+i%200)
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("listen %s: %w", addr, err)
		}
		h.ln = ln
		base := "http://" + ln.Addr().String()
		for _, a := range h.arts {
			a.Local = fmt.Sprintf("%s/news/%d", base, a.ID)
		}
		mux := http.NewServeMux()
		mux.HandleFunc("/feed.xml", h.feed)
		mux.HandleFunc("/news/", h.page)
		h.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go h.srv.Serve(ln)
		s.hosts = append(s.hosts, h)
	}
	return s, nil
}

func (s *Server) Close() {
	for _, h := range s.hosts {
		if h.srv != nil {
			h.srv.Close()
		}
	}
}

// Len is the number of feeds: one per outlet and language.
func (s *Server) Len() int { return len(s.hosts) }

// Name is feed i's source name.
func (s *Server) Name(i int) string { return s.hosts[i].name }

// Source is feed i as a configured source, for collecting in the same process.
func (s *Server) Source(i int) config.Source {
	h := s.hosts[i]
	return config.Source{Name: h.name, URL: "http://" + h.ln.Addr().String() + "/feed.xml", Lang: h.lang, Kind: "feed"}
}

// Config is a refdigest config that keeps every item and reads the feed of host only (-1:
// every feed).
func (s *Server) Config(data string, only int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "telegram:\n  token: \"\"\nstore:\n  dir: %q\nhttp:\n  listen: \"\"\ntopic:\n  keywords: []\ndigest:\n  max_stories: 200\nsources:\n", data)
	for i, h := range s.hosts {
		if only >= 0 && i != only {
			continue
		}
		fmt.Fprintf(&b, "  - name: %q\n    url: %q\n    lang: %s\n    kind: feed\n", h.name, "http://"+h.ln.Addr().String()+"/feed.xml", h.lang)
	}
	return b.String()
}

// paragraphsOf splits an excerpt into paragraphs; the title line, when the
// excerpt starts with it, is not repeated in the body.
func paragraphsOf(a *Article) []string {
	var out []string
	for i, p := range strings.Split(a.Text, "\n") {
		p = strings.TrimSpace(p)
		if p == "" || i == 0 && a.Title != "" && p == strings.TrimSpace(a.Title) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func (h *host) feed(w http.ResponseWriter, _ *http.Request) {
	type item struct {
		Title   string `xml:"title,omitempty"`
		Link    string `xml:"link"`
		GUID    string `xml:"guid"`
		PubDate string `xml:"pubDate"`
		Desc    string `xml:"description"`
		Content string `xml:"content:encoded"`
	}
	var items []item
	for _, a := range h.arts {
		ps := paragraphsOf(a)
		var body strings.Builder
		for _, p := range ps {
			body.WriteString("<p>" + html.EscapeString(p) + "</p>")
		}
		desc := ""
		if len(ps) > 0 {
			desc = ps[0]
		}
		items = append(items, item{Title: a.Title, Link: a.Local, GUID: a.Local,
			PubDate: a.Published.Format(time.RFC1123Z), Desc: desc, Content: body.String()})
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	enc := xml.NewEncoder(w)
	type channel struct {
		Title string `xml:"title"`
		Link  string `xml:"link"`
		Items []item `xml:"item"`
	}
	type rss struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Content string   `xml:"xmlns:content,attr"`
		Channel channel  `xml:"channel"`
	}
	enc.Encode(rss{Version: "2.0", Content: "http://purl.org/rss/1.0/modules/content/",
		Channel: channel{Title: h.name, Link: "http://" + h.ln.Addr().String() + "/", Items: items}})
}

func (h *host) page(w http.ResponseWriter, r *http.Request) {
	for _, a := range h.arts {
		if strings.HasSuffix(a.Local, r.URL.Path) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><html><head><title>%s</title></head><body><Article><h1>%s</h1>",
				html.EscapeString(a.Title), html.EscapeString(a.Title))
			for _, p := range paragraphsOf(a) {
				fmt.Fprintf(w, "<p>%s</p>", html.EscapeString(p))
			}
			io.WriteString(w, "</Article></body></html>")
			return
		}
	}
	http.NotFound(w, r)
}
