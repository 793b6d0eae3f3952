package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// collectConfig writes a config whose sources are the given feed URLs.
func collectConfig(t *testing.T, feeds ...string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "store:\n  dir: %q\nhttp:\n  listen: \"\"\nsources:\n", filepath.Join(dir, "data"))
	for i, u := range feeds {
		fmt.Fprintf(&b, "  - name: S%d\n    url: %q\n    lang: ru\n", i+1, u)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// `refdigest collect` fails (exit 1) when the pass brought nothing because every source
// failed, and succeeds when at least one source worked; each failure is printed once.
func TestCollectExitCode(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	}))
	t.Cleanup(down.Close)
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Референдум: ЦИК утвердил форму бюллетеня</title><link>` + down.URL + `/never</link>
<description>Центральная референдумная комиссия утвердила форму и текст бюллетеня для голосования на республиканском референдуме по новой Конституции.</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>` + strings.Repeat("Центральная референдумная комиссия утвердила форму и текст бюллетеня для голосования на республиканском референдуме. ", 8) + `</p>]]></content:encoded>
<pubDate>Sat, 14 Mar 2026 04:10:00 +0000</pubDate></item></channel></rss>`
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(feed))
	}))
	t.Cleanup(up.Close)

	tests := []struct {
		name  string
		feeds []string
		code  int
	}{
		{"every source down", []string{down.URL + "/a.rss", down.URL + "/b.rss"}, 1},
		{"one source works", []string{down.URL + "/a.rss", up.URL + "/ok.rss"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), []string{"collect", "-config", collectConfig(t, tt.feeds...)}, strings.NewReader(""), &out, &errb)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout %q\nstderr %q", code, tt.code, out.String(), errb.String())
			}
			if n := strings.Count(out.String(), "S1: error"); n != 1 {
				t.Errorf("S1's failure in the summary %d times, want once:\n%s", n, out.String())
			}
			if n := strings.Count(errb.String(), "source=S1 "); n != 1 {
				t.Errorf("S1's failure logged %d times, want once:\n%s", n, errb.String())
			}
			if tt.code == 1 && !strings.Contains(errb.String(), "every source failed (2 of 2)") {
				t.Errorf("stderr does not say why: %s", errb.String())
			}
		})
	}
}
