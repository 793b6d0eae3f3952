package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/store"
	"github.com/refdigest/refdigest/telegramtest"
)

func TestHealthz(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	okUpdates := func() (time.Time, error) { return time.Time{}, nil }
	okCollect := func() (time.Time, error) { return time.Time{}, nil }
	tests := []struct {
		name    string
		updates healthFunc
		collect healthFunc
		code    int
		reason  string
	}{
		{"healthy", okUpdates, okCollect, 200, ""},
		{"polling failing briefly", func() (time.Time, error) { return now.Add(-time.Minute), errors.New("409") }, okCollect, 200, ""},
		{"polling failing long", func() (time.Time, error) { return now.Add(-time.Hour), errors.New("409 Conflict") }, okCollect, 503, "telegram updates failing"},
		{"collection failing briefly", okUpdates, func() (time.Time, error) { return now.Add(-time.Minute), errors.New("disk full") }, 200, ""},
		{"collection failing long", okUpdates, func() (time.Time, error) { return now.Add(-time.Hour), errors.New("disk full") }, 503, "collection failing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &healthChecker{st: st, updates: tt.updates, collect: tt.collect, now: func() time.Time { return now }}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
			if w.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.code, w.Body)
			}
			var rep healthReport
			if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil {
				t.Fatalf("body is not JSON: %v", err)
			}
			if rep.OK != (tt.code == 200) || (tt.reason != "" && !strings.Contains(strings.Join(rep.Reasons, ";"), tt.reason)) {
				t.Fatalf("report %+v", rep)
			}
		})
	}
	st.Close()
	h := &healthChecker{st: st, updates: okUpdates, collect: okCollect, now: func() time.Time { return now }}
	if rep := h.check(); rep.OK {
		t.Fatal("a closed store must be unhealthy")
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServiceHTTPAndHealthcheck runs the service with its HTTP endpoint, scrapes /metrics
// with Prometheus' own parser and runs the healthcheck command against it.
func TestServiceHTTPAndHealthcheck(t *testing.T) {
	addr := freePort(t)
	_, fake, _, _ := testServiceWith(t, 1, func(c *config.Config) { c.HTTP.Listen = addr })
	user := telegramtest.User{ID: 77, FirstName: "U", LanguageCode: "ru"}
	fake.SendMessage(user, telegramtest.PrivateChat(user), "/start")
	waitFor(t, fake, user.ID, 1)

	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("metrics do not parse: %v", err)
	}
	for _, name := range []string{"refdigest_deliveries_sent_total", "refdigest_subscribers", "refdigest_update_handling_seconds", "refdigest_telegram_429_total", "go_goroutines"} {
		if families[name] == nil {
			t.Errorf("metric %s missing", name)
		}
	}
	if f := families["refdigest_subscribers"]; f != nil {
		found := false
		for _, mt := range f.Metric {
			for _, l := range mt.Label {
				if l.GetValue() == "active" && mt.Gauge.GetValue() == 1 {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("refdigest_subscribers{state=active} != 1")
		}
	}

	cfgPath := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf("store:\n  dir: %q\nhttp:\n  listen: %q\n", t.TempDir(), addr)), 0o600)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"healthcheck", "-config", cfgPath}, nil, &out, &errb); code != 0 {
		t.Fatalf("healthcheck exit %d: %s", code, errb.String())
	}
	other := filepath.Join(t.TempDir(), "d.yaml")
	os.WriteFile(other, []byte(fmt.Sprintf("store:\n  dir: %q\nhttp:\n  listen: %q\n", t.TempDir(), freePort(t))), 0o600)
	errb.Reset()
	if code := run(context.Background(), []string{"healthcheck", "-config", other}, nil, &out, &errb); code != 1 {
		t.Fatalf("healthcheck against nothing: exit %d", code)
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenDir(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SaveItem(store.Item{URL: "https://e.kz/1", Title: "backed up"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	cfgPath := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf("store:\n  dir: %q\n", dir)), 0o600)
	file := filepath.Join(t.TempDir(), "copy.db")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"backup", "-config", cfgPath, file}, nil, &out, &errb); code != 0 {
		t.Fatalf("backup exit %d: %s", code, errb.String())
	}
	cp, err := store.Open(file, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	it, err := cp.ItemByURL("https://e.kz/1")
	if err != nil || it.Title != "backed up" {
		t.Fatalf("copy: %+v, %v", it, err)
	}
}

// `refdigest backup` while the service runs: the store is locked, so the command asks
// the service over http.listen for a snapshot taken in one read transaction.
func TestBackupWhileRunning(t *testing.T) {
	addr := freePort(t)
	m, _, _, _ := testServiceWith(t, 1, func(c *config.Config) { c.HTTP.Listen = addr })
	if _, _, err := m.st.SaveItem(store.Item{URL: "https://e.kz/live", Title: "taken live"}); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf("store:\n  dir: %q\nhttp:\n  listen: %q\n", m.cfg.Store.Dir, addr)), 0o600)
	file := filepath.Join(t.TempDir(), "live.db")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"backup", "-config", cfgPath, file}, nil, &out, &errb); code != 0 {
		t.Fatalf("backup exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "through the running service") {
		t.Errorf("stdout %q", out.String())
	}
	cp, err := store.Open(file, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if it, err := cp.ItemByURL("https://e.kz/live"); err != nil || it.Title != "taken live" {
		t.Fatalf("copy: %+v, %v", it, err)
	}

	// Without http.listen there is no way in: the command says the service holds the store.
	noHTTP := filepath.Join(t.TempDir(), "n.yaml")
	os.WriteFile(noHTTP, []byte(fmt.Sprintf("store:\n  dir: %q\nhttp:\n  listen: \"\"\n", m.cfg.Store.Dir)), 0o600)
	errb.Reset()
	if code := run(context.Background(), []string{"backup", "-config", noHTTP, file + "2"}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "http.listen") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}

	// The snapshot is for this machine only.
	req := httptest.NewRequest(http.MethodGet, "/backup", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	rec := httptest.NewRecorder()
	backupHandler(m.st, m.log).ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("backup from another host: %d", rec.Code)
	}
}
