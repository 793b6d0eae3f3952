package config

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // CI images may lack a zoneinfo directory
)

// env returns a getenv backed by a map.
func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func noEnv(string) string { return "" }

// clearSecretEnv makes the process environment hold no secrets for Load.
func clearSecretEnv(t *testing.T) {
	t.Helper()
	for _, name := range []string{EnvToken, "TELEGRAM_WEBHOOK_SECRET", "REFDIGEST_LLM_API_KEY", "REFDIGEST_LLM_BASE_URL", "REFDIGEST_LLM_MODEL"} {
		t.Setenv(name, "")
	}
}

func TestRepoConfigLoadsAndMatchesDefault(t *testing.T) {
	clearSecretEnv(t)
	cfg, err := Load(filepath.Join("..", "config.yaml"))
	if err != nil {
		t.Fatalf("Load(../config.yaml): %v", err)
	}
	// config.yaml documents Default(): they must not drift apart.
	if want := Default(); !reflect.DeepEqual(cfg, want) {
		t.Errorf("config.yaml differs from Default():\n got %+v\nwant %+v", cfg, want)
	}
	if err := cfg.RequireToken(); err == nil {
		t.Error("RequireToken passed with no token")
	}
}

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default().Validate(): %v", err)
	}
}

func TestDefaultSourcesLanguages(t *testing.T) {
	want := map[string]string{
		"Tengrinews (ru)":     "ru",
		"Kazinform (kk)":      "kk",
		"Kazinform (ru)":      "ru",
		"NUR.KZ (ru)":         "ru",
		"NUR.KZ (kk)":         "kk",
		"Zakon.kz (ru)":       "ru",
		"Zakon.kz (kk)":       "kk",
		"Egemen Qazaqstan":    "kk",
		"Kursiv":              "ru",
		"Orda.kz":             "ru",
		"Akorda (ru)":         "ru",
		"Akorda (kk)":         "kk",
		"Informburo":          "ru",
		"t.me/tengrinews":     "ru",
		"t.me/kazinform_news": "ru",
		"t.me/newsnurkz":      "ru",
		"t.me/zakonkz":        "ru",
		"t.me/orda_kz":        "ru",
		"t.me/informburo_kz":  "ru",
		"t.me/vlast_kz":       "ru",
		"t.me/kursivm":        "ru",
		"t.me/aqorda_resmi":   "auto",
		"t.me/KZgovernment":   "auto",
		"t.me/ktknews":        "ru",
		"t.me/tengri_kz":      "auto",
	}
	got := map[string]string{}
	for _, s := range Default().Sources {
		got[s.Name] = s.Lang
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("default sources and languages:\n got %v\nwant %v", got, want)
	}
}

// TestDefaultSourcesKinds: every telegram source is a channel preview, and
// every html source has its item selector (a list edited by hand must stay
// readable by the collector).
func TestDefaultSourcesKinds(t *testing.T) {
	kinds := map[string]int{}
	for _, s := range Default().Sources {
		kinds[s.Kind]++
		switch s.Kind {
		case "telegram":
			if name := TelegramChannel(s.URL); name == "" || s.Name != "t.me/"+name {
				t.Errorf("%s: url %q is not its channel's preview", s.Name, s.URL)
			}
		case "html":
			if s.Select.Item == "" {
				t.Errorf("%s: no item selector", s.Name)
			}
		}
	}
	if want := map[string]int{"feed": 7, "html": 6, "telegram": 12}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds = %v, want %v", kinds, want)
	}
}

func TestTelegramChannel(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://t.me/s/tengrinews", "tengrinews"},
		{"https://t.me/s/KZgovernment/", "KZgovernment"},
		{"http://127.0.0.1:8080/s/orda_kz", "orda_kz"}, // a local fixture or a mirror
		{"https://t.me/tengrinews", ""},                // the channel page, not its preview
		{"https://t.me/s/", ""},
		{"https://t.me/s/a/b", ""},
		{"https://t.me/s/bad-name", ""},
		{"ftp://t.me/s/tengrinews", ""},
	}
	for _, tc := range tests {
		if got := TelegramChannel(tc.url); got != tc.want {
			t.Errorf("TelegramChannel(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}

func TestDefaultKeywordsCoverBothLanguages(t *testing.T) {
	kw := strings.Join(Default().Topic.Keywords, "|")
	for _, must := range []string{"референдум", "конституци", "ата заң", "құрылтай", "курултай", "халық кеңес", "вице-президент", "сайлау", "выбор", "ЦИК", "ОСК", "конституциялық сот", "парламент"} {
		if !strings.Contains(kw, must) {
			t.Errorf("default keywords lack %q", must)
		}
	}
}

func TestEmptyInputGivesDefaults(t *testing.T) {
	for name, data := range map[string]string{
		"empty":         "",
		"comments only": "# nothing here\n\n# still nothing\n",
		"null document": "~\n",
		"document mark": "---\n",
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := Parse([]byte(data), noEnv)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(cfg, Default()) {
				t.Errorf("got %+v, want defaults", cfg)
			}
		})
	}
}

func TestAbsentKeysKeepDefaults(t *testing.T) {
	cfg, err := Parse([]byte("digest:\n  max_stories: 3\ntelegram:\n  rate:\n    per_chat_per_second: 0.5\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Digest.MaxStories = 3
	want.Telegram.Rate.PerChatPerSecond = 0.5
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
}

func TestSourcesReplaceDefaults(t *testing.T) {
	cfg, err := Parse([]byte(`
sources:
  - name: only
    url: https://example.org/feed
`), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{{Name: "only", URL: "https://example.org/feed", Lang: "auto", Kind: "feed", Pages: 1}}
	if !reflect.DeepEqual(cfg.Sources, want) {
		t.Errorf("sources = %+v, want %+v", cfg.Sources, want)
	}
}

func TestNullAndEmptyValues(t *testing.T) {
	cfg, err := Parse([]byte(`
telegram:
  webhook:
  admins:
store:
  backup_dir:
http:
  listen: ""
topic:
  keywords: []
`), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	def := Default()
	if cfg.Telegram.Webhook != def.Telegram.Webhook {
		t.Errorf("empty webhook: got %+v, want defaults %+v", cfg.Telegram.Webhook, def.Telegram.Webhook)
	}
	if len(cfg.Telegram.Admins) != 0 || cfg.Store.BackupDir != "" || cfg.HTTP.Listen != "" || len(cfg.Topic.Keywords) != 0 {
		t.Errorf("empty values not applied: %+v", cfg)
	}
}

func TestChannelsAcceptNumbers(t *testing.T) {
	cfg, err := Parse([]byte("telegram:\n  channels: [-1001234567890, \"@refdigest_kz\", 42]\n  admins: [123, \"456\"]\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"-1001234567890", "@refdigest_kz", "42"}; !reflect.DeepEqual(cfg.Telegram.Channels, want) {
		t.Errorf("channels = %q, want %q", cfg.Telegram.Channels, want)
	}
	if want := []int64{123, 456}; !reflect.DeepEqual(cfg.Telegram.Admins, want) {
		t.Errorf("admins = %v, want %v", cfg.Telegram.Admins, want)
	}
}

func TestAnchorsAndAliases(t *testing.T) {
	cfg, err := Parse([]byte(`
sources:
  - name: a
    url: https://a.example/?p={page}
    kind: html
    pages: 2
    select: &sel
      item: div.card
      date_layout: "02.01.2006"
  - name: b
    url: https://b.example/?p={page}
    kind: html
    pages: 2
    select: *sel
`), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Sources[1].Select != cfg.Sources[0].Select || cfg.Sources[1].Select.Item != "div.card" {
		t.Errorf("alias not followed: %+v", cfg.Sources)
	}
}

func TestEnvTokenOverridesFile(t *testing.T) {
	file := []byte("telegram:\n  token: \"111:fromFile\"\n")
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"env wins", map[string]string{EnvToken: "222:fromEnv"}, "222:fromEnv"},
		{"env unset keeps file", nil, "111:fromFile"},
		{"env newline trimmed", map[string]string{EnvToken: "333:fromEnvFile\n"}, "333:fromEnvFile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse(file, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Telegram.Token != tt.want {
				t.Errorf("token = %q, want %q", cfg.Telegram.Token, tt.want)
			}
			if err := cfg.RequireToken(); err != nil {
				t.Errorf("RequireToken: %v", err)
			}
		})
	}
}

func TestLoadUsesProcessEnvironment(t *testing.T) {
	clearSecretEnv(t)
	t.Setenv(EnvToken, "444:processEnv")
	t.Setenv("REFDIGEST_TEST_DIR", "state")
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("store:\n  dir: \"${REFDIGEST_TEST_DIR}/db\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Store.Dir != "state/db" || cfg.Telegram.Token != "444:processEnv" {
		t.Errorf("got dir %q token %q", cfg.Store.Dir, cfg.Telegram.Token)
	}
}

func TestLoadErrors(t *testing.T) {
	clearSecretEnv(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.yaml")
	if _, err := Load(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: err = %v, want it to name %s", err, missing)
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("store:\n  dir: data\ntelegarm:\n  token: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(bad)
	want := "config: " + bad + " line 3: unknown key \"telegarm\" (did you mean \"telegram\"?)"
	if err == nil || err.Error() != want {
		t.Errorf("unknown key:\n got %v\nwant %s", err, want)
	}

	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(empty)
	if err != nil || !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("empty file: cfg %+v err %v, want defaults", cfg, err)
	}
}

func TestRedacted(t *testing.T) {
	c := Default()
	c.Telegram.Token = "123456:secretTokenValue"
	c.Telegram.Webhook.Secret = "hook-secret"
	c.LLM.APIKey = "sk-apikey"
	c.Telegram.Admins = []int64{7}

	r := c.Redacted()
	if r.Telegram.Token != "***" || r.Telegram.Webhook.Secret != "***" || r.LLM.APIKey != "***" {
		t.Errorf("secrets not redacted: %+v %+v", r.Telegram, r.LLM)
	}
	if c.Telegram.Token != "123456:secretTokenValue" {
		t.Error("Redacted changed the original")
	}
	// Everything else is unchanged.
	r2 := r
	r2.Telegram.Token, r2.Telegram.Webhook.Secret, r2.LLM.APIKey = c.Telegram.Token, c.Telegram.Webhook.Secret, c.LLM.APIKey
	if !reflect.DeepEqual(r2, c) {
		t.Error("Redacted changed more than the secrets")
	}
	// The copy is deep: editing it leaves the original alone.
	r.Telegram.Admins[0] = 8
	r.Sources[0].Name = "changed"
	if c.Telegram.Admins[0] != 7 || c.Sources[0].Name == "changed" {
		t.Error("Redacted shares slices with the original")
	}

	empty := Default().Redacted()
	if empty.Telegram.Token != "" || empty.LLM.APIKey != "" {
		t.Error("empty secrets should stay empty so logs show they are unset")
	}
}

func TestLogValueHidesSecrets(t *testing.T) {
	c := Default()
	c.Telegram.Token = "123456:secretTokenValue"
	c.LLM.APIKey = "sk-apikey-value"
	var buf strings.Builder
	slog.New(slog.NewTextHandler(&buf, nil)).Info("starting", "config", c)
	out := buf.String()
	if strings.Contains(out, "secretTokenValue") || strings.Contains(out, "sk-apikey-value") {
		t.Errorf("log reveals a secret: %s", out)
	}
	if !strings.Contains(out, "***") || !strings.Contains(out, "Asia/Almaty") {
		t.Errorf("log lacks the redacted config: %s", out)
	}
}

func TestIsAdmin(t *testing.T) {
	c := Default()
	c.Telegram.Admins = []int64{10, 20}
	for id, want := range map[int64]bool{10: true, 20: true, 30: false, 0: false, -10: false} {
		if got := c.IsAdmin(id); got != want {
			t.Errorf("IsAdmin(%d) = %v, want %v", id, got, want)
		}
	}
}

func TestRequireToken(t *testing.T) {
	c := Default()
	err := c.RequireToken()
	if err == nil || !strings.Contains(err.Error(), "telegram.token is empty: set TELEGRAM_BOT_TOKEN") {
		t.Errorf("RequireToken() = %v", err)
	}
	c.Telegram.Token = "1:a"
	if err := c.RequireToken(); err != nil {
		t.Errorf("RequireToken() with token = %v", err)
	}
}

func TestLocation(t *testing.T) {
	loc, err := Default().Location()
	if err != nil {
		t.Fatal(err)
	}
	_, off := time.Date(2026, 3, 15, 12, 0, 0, 0, loc).Zone()
	if off != 5*3600 {
		t.Errorf("Asia/Almaty offset = %d s, want UTC+5", off)
	}
	c := Default()
	c.Schedule.Timezone = "Mars/Olympus"
	if _, err := c.Location(); err == nil || !strings.Contains(err.Error(), "Mars/Olympus") {
		t.Errorf("bad zone: err = %v", err)
	}
	c.Schedule.Timezone = ""
	if _, err := c.Location(); err == nil {
		t.Error("empty zone: no error")
	}
}

func TestValidateJoinsProblems(t *testing.T) {
	_, err := Parse([]byte("digest: {max_stories: 0}\nstore: {dir: \"\"}\ntelegram: {mode: pull}\n"), noEnv)
	if err == nil {
		t.Fatal("no error")
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 3 {
		t.Fatalf("want 3 joined problems, got %v", err)
	}
	for _, key := range []string{"digest.max_stories", "store.dir", "telegram.mode"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error lacks %s: %v", key, err)
		}
	}
}

func BenchmarkParseRepoConfig(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "config.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, noEnv); err != nil {
			b.Fatal(err)
		}
	}
}
