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
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/demo"
	"github.com/refdigest/refdigest/store"
	"github.com/refdigest/refdigest/telegramtest"
)

// testService starts Main against the fake Bot API and the sample feeds, on the evening of
// 3 March 2026 (the samples have a story that day).
func testService(t *testing.T, admin int64) (*Main, *telegramtest.Server, context.CancelFunc, chan error) {
	t.Helper()
	return testServiceWith(t, admin, nil)
}

// testClock is the service's settable clock: it runs from an epoch and can jump ahead.
type testClock struct {
	mu      sync.Mutex
	epoch   time.Time
	started time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch.Add(time.Since(c.started))
}

func (c *testClock) jump(to time.Time) {
	c.mu.Lock()
	c.epoch, c.started = to, time.Now()
	c.mu.Unlock()
}

// testServiceWith is testService with a change to the configuration.
func testServiceWith(t *testing.T, admin int64, edit func(*config.Config)) (*Main, *telegramtest.Server, context.CancelFunc, chan error) {
	t.Helper()
	m, fake, cancel, done, _ := testServiceClock(t, admin, demo.Handler(), edit)
	return m, fake, cancel, done
}

// testServiceClock starts the service with feeds from handler and returns its clock.
func testServiceClock(t *testing.T, admin int64, handler http.Handler, edit func(*config.Config)) (*Main, *telegramtest.Server, context.CancelFunc, chan error, *testClock) {
	t.Helper()
	feeds := httptest.NewServer(handler)
	t.Cleanup(feeds.Close)
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	cfg := config.Default()
	cfg.Store.Dir = t.TempDir()
	cfg.Sources = demo.Sources(feeds.URL)
	cfg.Telegram.Token = fake.Token()
	cfg.Telegram.APIEndpoint = fake.Endpoint()
	cfg.Telegram.Admins = []int64{admin}
	cfg.HTTP.Listen = ""
	if edit != nil {
		edit(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	loc, _ := cfg.Location()
	clock := &testClock{epoch: time.Date(2026, 3, 3, 21, 0, 0, 0, loc), started: time.Now()}
	m, err := NewMain(cfg, MainOptions{Clock: clock.now, HostInterval: time.Millisecond, DeliveryScan: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		m.Close()
	})
	select {
	case <-m.ready:
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("service did not start")
	}
	return m, fake, cancel, done, clock
}

func waitFor(t *testing.T, fake *telegramtest.Server, chatID int64, n int) []telegramtest.Sent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got, err := fake.WaitSent(ctx, chatID, n)
	if err != nil {
		t.Fatalf("chat %d: want %d messages, have %d: %v", chatID, n, len(got), err)
	}
	return got
}

// TestEndToEnd: a user subscribes, an admin collects and sends the digest, the user gets it
// once; a second /senddigest sends nothing new.
func TestEndToEnd(t *testing.T) {
	admin := telegramtest.User{ID: 500, FirstName: "Admin", LanguageCode: "en"}
	user := telegramtest.User{ID: 700, FirstName: "Айгүл", LanguageCode: "ru"}
	m, fake, _, _ := testService(t, admin.ID)
	uchat, achat := telegramtest.PrivateChat(user), telegramtest.PrivateChat(admin)

	menus := map[string]string{"kk": "Жазылу", "ru": "Подписаться", "": "Subscribe"}
	for code, start := range menus {
		cmds := fake.Commands(code)
		if len(cmds) < 10 || cmds[0].Command != "start" || cmds[0].Description != start {
			t.Fatalf("command menu for %q = %+v", code, cmds)
		}
	}

	fake.SendMessage(user, uchat, "/start")
	welcome := waitFor(t, fake, user.ID, 1)[0]
	if !strings.Contains(welcome.Plain, "Язык дайджеста: русский") || len(welcome.Buttons()) != 9 {
		t.Fatalf("welcome = %q with %d buttons", welcome.Plain, len(welcome.Buttons()))
	}

	fake.SendMessage(admin, achat, "/collect")
	collected := waitFor(t, fake, admin.ID, 1)[0].Plain
	for _, want := range []string{"Kazinform (kk): new 3, seen 0, skipped 0", "Kazakhstan Today: new 1"} {
		if !strings.Contains(collected, want) {
			t.Fatalf("/collect answer %q lacks %q", collected, want)
		}
	}

	fake.SendMessage(admin, achat, "/senddigest")
	if got := waitFor(t, fake, admin.ID, 2)[1].Plain; !strings.Contains(got, "2026-03-03") || !strings.Contains(got, "1 messages queued") {
		t.Fatalf("/senddigest answer = %q", got)
	}
	msgs := waitFor(t, fake, user.ID, 2)
	dg := msgs[1]
	if !strings.Contains(dg.Plain, "3 марта 2026 — новости референдума") || !strings.Contains(dg.Plain, "Shanyraq Dialogues") {
		t.Fatalf("digest = %q", dg.Plain)
	}
	if !dg.PreviewDisabled() || dg.ParseMode != "HTML" {
		t.Fatalf("digest sent with preview=%v parse_mode=%q", !dg.PreviewDisabled(), dg.ParseMode)
	}

	fake.SendMessage(admin, achat, "/senddigest")
	if got := waitFor(t, fake, admin.ID, 3)[2].Plain; !strings.Contains(got, "0 messages queued") {
		t.Fatalf("second /senddigest answer = %q", got)
	}
	counts, err := m.st.JobCounts("2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	if counts[store.JobSent] != 1 || len(counts) != 1 {
		t.Fatalf("outbox = %v, want exactly one sent job", counts)
	}
	fake.SendMessage(admin, achat, "/stats")
	stats := waitFor(t, fake, admin.ID, 4)[3].Plain
	for _, want := range []string{"Subscribers (active / inactive): 1 / 0", "Items (today / total): 1 / 5", "Last digest: 2026-03-03", "sent 1", "Send rate now"} {
		if !strings.Contains(stats, want) {
			t.Fatalf("/stats lacks %q:\n%s", want, stats)
		}
	}
	// The user's only other message is the welcome: nothing was sent twice.
	fake.SendMessage(user, uchat, "/help")
	after := waitFor(t, fake, user.ID, 3)
	if len(after) != 3 || !strings.Contains(after[2].Plain, "/search") {
		t.Fatalf("user's messages after the second /senddigest: %d, last %q", len(after), after[len(after)-1].Plain)
	}
}

func TestNonAdminIsRefused(t *testing.T) {
	user := telegramtest.User{ID: 701, FirstName: "U", LanguageCode: "kk"}
	m, fake, _, _ := testService(t, 1)
	fake.SendMessage(user, telegramtest.PrivateChat(user), "/senddigest")
	got := waitFor(t, fake, user.ID, 1)[0].Plain
	if !strings.Contains(got, "әкімшілерге") {
		t.Fatalf("refusal = %q", got)
	}
	if n, _ := m.st.CountItems(); n != 0 {
		t.Fatalf("a refused command had an effect: %d items", n)
	}
}

func TestUserTextIsEscaped(t *testing.T) {
	user := telegramtest.User{ID: 702, FirstName: "U", LanguageCode: "en"}
	_, fake, _, _ := testService(t, 1)
	fake.SendMessage(user, telegramtest.PrivateChat(user), `<b>x & "y"</b>`)
	got := waitFor(t, fake, user.ID, 1)[0]
	// The fake rejects invalid HTML as Telegram does, so arriving at all proves the escaping;
	// the user sees their text back verbatim.
	if !strings.Contains(got.Plain, `<b>x & "y"</b>`) {
		t.Fatalf("echo = %q", got.Plain)
	}
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(good, []byte(fmt.Sprintf("store:\n  dir: %q\nhttp:\n  listen: \"\"\n", filepath.Join(dir, "data"))), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("telegarm:\n  token: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TELEGRAM_BOT_TOKEN", "")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no token", []string{"run", "-config", good}, 1, "TELEGRAM_BOT_TOKEN"},
		{"missing config", []string{"collect", "-config", filepath.Join(dir, "nope.yaml")}, 1, "nope.yaml"},
		{"unknown key", []string{"collect", "-config", bad}, 1, `unknown key "telegarm"`},
		{"bad date", []string{"digest", "-config", good, "-date", "45/13/2026"}, 2, "YYYY-MM-DD"},
		{"bad lang", []string{"digest", "-config", good, "-lang", "en"}, 2, "kk or ru"},
		{"search without query", []string{"search", "-config", good}, 2, "give a query"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"directory as config", []string{"collect", "-config", dir}, 1, "is a directory, not a configuration file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &out, &errb)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errb.String())
			}
			if lines := strings.Count(strings.TrimSpace(errb.String()), "\n"); lines != 0 {
				t.Fatalf("stderr has %d lines, want one: %q", lines+1, errb.String())
			}
			if !strings.Contains(errb.String(), tt.want) {
				t.Fatalf("stderr %q lacks %q", errb.String(), tt.want)
			}
		})
	}
}

// Several validation errors are one per line, each with the command's prefix.
func TestConfigErrorsOnePerLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	body := "sources:\n  - name: A\n    url: ftp://x\n    lang: de\n  - name: B\n    url: http://y\n    kind: weird\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"collect", "-config", path}, strings.NewReader(""), &out, &errb); code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want one per error (3):\n%s", len(lines), errb.String())
	}
	for i, want := range []string{"sources[0].url", "sources[0].lang", "sources[1].kind"} {
		if !strings.HasPrefix(lines[i], "refdigest collect: config: ") || !strings.Contains(lines[i], want) {
			t.Errorf("line %d %q: want the prefix and %s", i+1, lines[i], want)
		}
	}
}

func TestStoreLockedIsClear(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf("store:\n  dir: %q\n", dir)), 0o600)
	st, err := store.OpenDir(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"search", "-config", cfgPath, "x"}, nil, &out, &errb); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errb.String(), "already running") {
		t.Fatalf("stderr = %q", errb.String())
	}
}

func TestDemoSearchFromStdin(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo")
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"demo"}, strings.NewReader("/search референдум\n"), &out, &errb)
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"Kazinform (kk): new 3", "3 наурыз 2026 — референдум жаңалықтары", "> /search референдум", "Shanyraq Dialogues"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("demo output lacks %q:\n%s", want, out.String())
		}
	}
}
