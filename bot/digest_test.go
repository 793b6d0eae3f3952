package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/service"
	"github.com/refdigest/refdigest/store"
)

func TestDigestDates(t *testing.T) {
	tests := []struct {
		name  string
		lang  string
		arg   string
		want  string
		built bool // the service was asked for a digest
	}{
		{"today", "ru", "2026-03-16", "ru 1", true},
		{"tomorrow kk", "kk", "2026-03-17", "2026-03-17 күні әлі келген жоқ", false},
		{"far future ru", "ru", "2099-01-01", "День 2099-01-01 ещё не наступил", false},
		{"february 30 kk", "kk", "2026-02-30", "Күнтізбеде 2026-02-30 деген күн жоқ", false},
		{"month 13 ru", "ru", "2026-13-01", "Такой даты нет: 2026-13-01", false},
		{"day 0 en", "en", "2026-03-00", "There is no such date as 2026-03-00", false},
		{"not leap year", "ru", "2027-02-29", "Такой даты нет", false},
		{"leap day exists", "ru", "2024-02-29", "Дайджеста за 2024-02-29 нет", true},
		{"dotted date is a format error", "kk", "16.03.2026", "ЖЖЖЖ-АА-КК", false},
		{"a word is a format error", "ru", "вчера", "ГГГГ-ММ-ДД", false},
		{"short month is a format error", "ru", "2026-3-16", "ГГГГ-ММ-ДД", false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			r := e.say(t, int64(500+i), tt.lang, "/digest "+tt.arg)
			if got := texts(r); !strings.Contains(got, tt.want) {
				t.Fatalf("reply %q lacks %q", got, tt.want)
			}
			if asked := len(e.svc.asked) > 0; asked != tt.built {
				t.Fatalf("service asked for %v, want asked: %v", e.svc.asked, tt.built)
			}
		})
	}
}

// TestDigestTodayShowsNewItems runs /digest against the real service and store: an item
// collected after today's digest was built is in the next /digest.
func TestDigestTodayShowsNewItems(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 16, 15, 0, 0, 0, loc)
	clock := func() time.Time { return now }
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := service.New(st, nil, digest.New(digest.Options{Location: loc, Clock: clock}), loc, service.Options{Clock: clock})
	h := NewHandler(st, &fakeSearch{}, svc, Options{Location: loc, Clock: clock})
	add := func(n int, title, body string) {
		t.Helper()
		it := store.Item{URL: fmt.Sprintf("https://orda.kz/%d", n), Source: "Orda", Lang: "ru", Title: title, Body: body,
			Published: now.Add(-time.Hour), Seen: now}
		if _, _, err := st.SaveItem(it); err != nil {
			t.Fatal(err)
		}
	}
	ask := func() string {
		t.Helper()
		return texts(h.Handle(context.Background(), Request{ChatID: 1, ChatType: "private", UserID: 1, LanguageCode: "ru", Text: "/digest"}))
	}

	add(1, "ЦИК подвёл итоги референдума", "Центральная избирательная комиссия подвела итоги референдума. Явка составила 73 процента.")
	add(2, "Мажилис одобрил закон о Курултае", "Депутаты Мажилиса одобрили закон о Курултае в первом чтении. Закон вводит однопалатный парламент.")
	if got := ask(); !strings.Contains(got, "2 материала") {
		t.Fatalf("first /digest: %q, want 2 items", got)
	}
	now = now.Add(15 * time.Minute) // the next collection pass
	add(3, "Токаев подписал указ о вице-президенте", "Президент подписал указ о назначении вице-президента. Указ вступает в силу со дня подписания.")
	got := ask()
	if !strings.Contains(got, "3 материала") || !strings.Contains(got, "вице-президент") {
		t.Fatalf("/digest after a new item: %q, want 3 items and the new story", got)
	}
}
