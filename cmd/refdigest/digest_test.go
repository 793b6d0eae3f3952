package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// digestConfig writes a config whose store holds items, and returns its path.
func digestConfig(t *testing.T, items []store.Item) string {
	t.Helper()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	st, err := store.OpenDir(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if _, _, err := st.SaveItem(it); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(fmt.Sprintf("store:\n  dir: %q\nhttp:\n  listen: \"\"\n", data)), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDigestJSONCommand(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 3, 16, h, 0, 0, 0, time.UTC) }
	cfg := digestConfig(t, []store.Item{
		{URL: "https://orda.kz/1", Source: "Orda", Lang: "ru", Title: "ЦИК подвёл итоги референдума",
			Body: "Центральная избирательная комиссия подвела итоги референдума. Явка составила 73 процента.", Published: at(5),
			AlsoIn: []store.Ref{{Source: "Zakon.kz (ru)", URL: "https://www.zakon.kz/1"}}},
		{URL: "https://kaz.inform.kz/2", Source: "Kazinform (kk)", Lang: "kk", Title: "Мәжіліс Құрылтай туралы заңды мақұлдады",
			Body: "Мәжіліс депутаттары Құрылтай туралы заңды бірінші оқылымда мақұлдады. Заң бір палаталы парламентті енгізеді.", Published: at(8)},
	})
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"digest", "-config", cfg, "-date", "2026-03-16", "-json"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got struct {
		Date    string `json:"date"`
		Items   int    `json:"items"`
		Stories []struct {
			ID      string `json:"id"`
			Since   string `json:"since"`
			Members []struct {
				URL, Outlet, Lang, Published string
			} `json:"members"`
			Text map[string]struct {
				Headline   string   `json:"headline"`
				Summary    []string `json:"summary"`
				Lang       string   `json:"lang"`
				Translated *bool    `json:"translated"`
			} `json:"text"`
		} `json:"stories"`
		Also []json.RawMessage `json:"also"`
	}
	dec := json.NewDecoder(&out)
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if dec.More() {
		t.Fatal("more than one JSON value printed")
	}
	if got.Date != "2026-03-16" || got.Items != 2 || len(got.Stories) != 2 || got.Also == nil {
		t.Fatalf("digest = %+v", got)
	}
	members := map[string]string{}
	for _, s := range got.Stories {
		if s.ID == "" || s.Since != "2026-03-16" {
			t.Errorf("story id %q since %q", s.ID, s.Since)
		}
		for _, l := range []string{"kk", "ru"} {
			if tx, ok := s.Text[l]; !ok || tx.Headline == "" || tx.Lang == "" || tx.Translated == nil {
				t.Errorf("story %s text.%s = %+v", s.ID, l, tx)
			}
		}
		for _, m := range s.Members {
			members[m.URL] = m.Outlet + " " + m.Lang + " " + m.Published
		}
	}
	want := map[string]string{
		"https://orda.kz/1":       "Orda ru 2026-03-16T10:00:00+05:00",
		"https://www.zakon.kz/1":  "Zakon.kz ru 2026-03-16T10:00:00+05:00", // the syndicated copy
		"https://kaz.inform.kz/2": "Kazinform kk 2026-03-16T13:00:00+05:00",
	}
	for url, w := range want {
		if members[url] != w {
			t.Errorf("member %s = %q, want %q", url, members[url], w)
		}
	}
}

func TestDigestCommandDates(t *testing.T) {
	cfg := digestConfig(t, nil)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"html and json", []string{"-html", "-json"}, 2, "-html and -json are exclusive"},
		{"february 30", []string{"-date", "2026-02-30"}, 2, "-date 2026-02-30 does not exist"},
		{"month 13", []string{"-date", "2026-13-01"}, 2, "-date 2026-13-01 does not exist"},
		{"not a date", []string{"-date", "16.03.2026"}, 2, "-date must be YYYY-MM-DD"},
		{"future", []string{"-date", "2099-01-01", "-json"}, 1, "2099-01-01 has not come yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), append([]string{"digest", "-config", cfg}, tt.args...), nil, &out, &errb)
			if code != tt.code || !strings.Contains(errb.String(), tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errb.String(), tt.code, tt.want)
			}
			if n := strings.Count(strings.TrimSpace(errb.String()), "\n"); n != 0 || out.Len() != 0 {
				t.Fatalf("want one line on stderr and nothing on stdout; stderr %q, stdout %q", errb.String(), out.String())
			}
		})
	}
}

// TestDemoDigestDates runs the demo's console chat: its clock stands after the newest sample
// item, so the digest of 12 March has the diplomats' story; impossible and future dates are
// answered as such.
func TestDemoDigestDates(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo")
	}
	var out, errb bytes.Buffer
	in := "/digest 2026-03-12\n/digest 2026-02-30\n/digest 2099-01-01\n"
	if code := run(context.Background(), []string{"demo", "-lang", "ru"}, strings.NewReader(in), &out, &errb); code != 0 {
		t.Fatalf("demo exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		"12 марта 2026 — новости референдума",
		"Казахстанские дипломаты рассказали за рубежом о конституционной реформе",
		"Такой даты нет: 2026-02-30",
		"День 2099-01-01 ещё не наступил",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
}

// The plain digest ends with a newline, and a blank line parts the Kazakh digest from
// the Russian one.
func TestDigestTextLayout(t *testing.T) {
	cfg := digestConfig(t, []store.Item{
		{URL: "https://orda.kz/1", Source: "Orda", Lang: "ru", Title: "ЦИК подвёл итоги референдума",
			Body: "Центральная избирательная комиссия подвела итоги референдума. Явка составила 73 процента.", Published: time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)},
	})
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"digest", "-config", cfg, "-date", "2026-03-16"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	if !strings.HasSuffix(text, "\n") || strings.HasSuffix(text, "\n\n") {
		t.Errorf("output does not end with exactly one newline: %q", text[max(0, len(text)-40):])
	}
	i := strings.Index(text, "16 марта 2026")
	if i < 2 || text[i-2:i] != "\n\n" {
		t.Errorf("no blank line before the Russian digest:\n%s", text)
	}
}
