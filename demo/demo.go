// Package demo holds the offline demo's sample sources: short feeds and article pages made
// from real referendum coverage, served over HTTP in-process so that the demo runs the real
// fetch path with no network.
package demo

import (
	"bytes"
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/refdigest/refdigest/config"
)

//go:embed sample
var sample embed.FS

// Today is the demo's "today": the day of the newest sample item (Kazakhstan Today's report
// on the diplomats, 12 March 2026). The demo's clock stands on its evening, after every
// sample item, so that /digest of any sample day shows that day's news and none is a day
// still to come. A newer sample item needs a newer Today (a test checks).
const Today = "2026-03-12"

// Evening is the demo clock's start: 21:00 of Today in loc, the hour of the daily digest.
func Evening(loc *time.Location) time.Time {
	day, _ := time.ParseInLocation(time.DateOnly, Today, loc)
	return day.Add(21 * time.Hour)
}

// Handler serves the sample files. "{{BASE}}" in them becomes the server's own address, so
// feed links lead back to the article pages it serves.
func Handler() http.Handler {
	root, _ := fs.Sub(sample, "sample")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		data, err := fs.ReadFile(root, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		data = bytes.ReplaceAll(data, []byte("{{BASE}}"), []byte("http://"+r.Host))
		ctype := mime.TypeByExtension(path.Ext(name))
		if path.Ext(name) == ".xml" {
			ctype = "application/rss+xml; charset=utf-8"
		}
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(data)
	})
}

// Sources are the demo's sources at base (the URL Handler is served at).
func Sources(base string) []config.Source {
	return []config.Source{
		{Name: "Kazinform (kk)", URL: base + "/kazinform-kk.xml", Lang: "kk", Kind: "feed", Pages: 1,
			Select: config.Select{Body: "div.article__content"}},
		{Name: "Regional (kk)", URL: base + "/regional-kk.xml", Lang: "kk", Kind: "feed", Pages: 1},
		{Name: "Kazakhstan Today", URL: base + "/kt-ru.xml", Lang: "ru", Kind: "feed", Pages: 1},
	}
}
