package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// A follow never fires on an item the collector found to be in neither Kazakh nor Russian,
// even when the matcher (here a plain substring fake) would match it.
func TestAlertsSkipOtherLanguage(t *testing.T) {
	kk := store.Item{ID: 201, URL: "https://e.kz/kk", Source: "Egemen", Lang: "kk", Title: "Референдум қорытындысы жарияланды"}
	ky := store.Item{ID: 202, URL: "https://kg.example/ky", Source: "Kaktus", Lang: "other", LangCode: "ky", Title: "Референдумдун жыйынтыктары жарыяланды"}
	en := store.Item{ID: 203, URL: "https://example.com/en", Source: "Wire", Lang: "other", LangCode: "en", Title: "Референдум: observers report"}
	tests := []struct {
		name  string
		items []store.Item
		want  []string // URLs listed in the one alert; nil = no alert
	}{
		{"kk with other", []store.Item{ky, kk, en}, []string{kk.URL}},
		{"only other", []store.Item{ky, en}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.say(t, 1, "kk", "/start")
			e.say(t, 1, "kk", "/follow референдум")
			var sent []string
			err := e.h.Alerts(context.Background(), e.st, e.search, tt.items, func(m botapi.Message) error {
				sent = append(sent, m.Text)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(sent) != 0 {
					t.Fatalf("alerts sent: %q, want none", sent)
				}
				return
			}
			if len(sent) != 1 {
				t.Fatalf("%d alerts, want 1: %q", len(sent), sent)
			}
			if n := strings.Count(sent[0], "<a href"); n != len(tt.want) {
				t.Errorf("alert lists %d items, want %d: %q", n, len(tt.want), sent[0])
			}
			for _, u := range tt.want {
				if !strings.Contains(sent[0], u) {
					t.Errorf("alert lacks %s: %q", u, sent[0])
				}
			}
			for _, it := range tt.items {
				if it.Lang == "other" && strings.Contains(sent[0], it.URL) {
					t.Errorf("alert lists the %s item %s: %q", it.LangCode, it.URL, sent[0])
				}
			}
		})
	}
}

// /sourcestatus shows a source's items in neither language, in all and in the last pass,
// in the admin's language, and says nothing of them for a source that had none.
func TestSourceStatusOtherLanguage(t *testing.T) {
	tests := []struct {
		ui, label, want string
	}{
		{"kk", "басқа тілде", "басқа тілде (қазақша да, орысша да емес): 4, соңғы жинауда 1"},
		{"ru", "на другом языке", "на другом языке (не казахский и не русский): 4, за последний сбор 1"},
		{"en", "other language", "other language (neither Kazakh nor Russian): 4, last pass 1"},
	}
	at := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.ui, func(t *testing.T) {
			e := newEnv(t)
			for _, st := range []store.SourceState{
				{Name: "Orda", LastAttempt: at, LastSuccess: at, ItemsTotal: 9, OtherTotal: 4, OtherLast: 1},
				{Name: "Kazinform (kk)", LastAttempt: at, LastSuccess: at, ItemsTotal: 5},
			} {
				if err := e.st.PutSourceState(st); err != nil {
					t.Fatal(err)
				}
			}
			got := texts(e.say(t, 99, tt.ui, "/sourcestatus"))
			orda, kazinform, ok := strings.Cut(got, "<b>Kazinform (kk)</b>")
			if !ok {
				t.Fatalf("no Kazinform block in %q", got)
			}
			if !strings.Contains(orda, tt.want) {
				t.Errorf("Orda's block lacks %q:\n%s", tt.want, orda)
			}
			if strings.Contains(kazinform, tt.label) {
				t.Errorf("other-language line shown for a source without any:\n%s", got)
			}
		})
	}
}
