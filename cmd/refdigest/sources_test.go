package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/refdigest/refdigest/collect/sitetest"
	"github.com/refdigest/refdigest/config"
)

// sourcesConfig writes a config whose sources are the default list on the
// fixture sites, plus extra.
func sourcesConfig(t *testing.T, base string, extra ...config.Source) string {
	t.Helper()
	doc := map[string]any{"sources": append(sitetest.Sources(base), extra...), "http": map[string]string{"listen": ""}}
	b, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func fixtureServer(t *testing.T) *httptest.Server {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	h = sitetest.Handler(srv.URL)
	t.Cleanup(srv.Close)
	return srv
}

func TestSourcesCheckCommand(t *testing.T) {
	srv := fixtureServer(t)
	// A listing whose site was redesigned, on another host name so the
	// politeness gap of the fixture host does not hold it up.
	moved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><body><ul class="feed"><li><a href="/a/1">Новость</a></li></ul></body></html>`))
	}))
	t.Cleanup(moved.Close)
	redesigned := config.Source{Name: "Redesigned", URL: strings.Replace(moved.URL, "127.0.0.1", "localhost", 1) + "/news", Lang: "ru", Kind: "html", Pages: 1,
		Select: config.Select{Item: "div.news-item", Link: "a.newscard_link"}}
	cfg := sourcesConfig(t, srv.URL, redesigned)

	// One source of each kind: OK, exit 0.
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"sources", "check", "-config", cfg, "Zakon.kz (kk)", "Orda.kz", "t.me/aqorda_resmi"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q\n%s", code, errb.String(), out.String())
	}
	text := out.String()
	for _, want := range []string{
		"Zakon.kz (kk) [html] ", "  selector item \"div.news-item\": 3\n", "Zakon.kz (kk): OK\n",
		"Orda.kz [feed] ", "  HTTP 200, application/rss+xml\n", "  items 3: title 3, link 3, date 3, body 3\n", "Orda.kz: OK\n",
		"t.me/aqorda_resmi [telegram] ", "  items 20: title 20, link 20, date 20, body 20\n", "  languages: kk 6, ru 14\n", "t.me/aqorda_resmi: OK\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}

	// A broken one: its verdict says why, and the exit code is 1.
	out.Reset()
	errb.Reset()
	code = run(context.Background(), []string{"sources", "check", "-config", cfg, "Redesigned"}, nil, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "\nRedesigned: BROKEN: listing: no element matches item selector \"div.news-item\"\n") {
		t.Errorf("output:\n%s", out.String())
	}
	if got := errb.String(); got != "refdigest sources check: 1 of 1 sources broken: Redesigned\n" {
		t.Errorf("stderr %q", got)
	}

	// An unknown name and a missing subcommand are usage errors.
	for _, args := range [][]string{{"sources", "check", "-config", cfg, "No such"}, {"sources"}} {
		errb.Reset()
		if code := run(context.Background(), args, nil, &out, &errb); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, errb.String())
		}
	}
}
