package web

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/store"
)

// busyDay is a synthetic day of n items about n/4 events from a dozen outlets in kk and ru,
// built into a digest by the real builder and stored: the page of a busy day.
func busyDay(tb testing.TB, n int) (*store.Store, string) {
	tb.Helper()
	loc, _ := time.LoadLocation("Asia/Almaty")
	day := time.Date(2026, 3, 11, 0, 0, 0, 0, loc)
	rng := rand.New(rand.NewPCG(3, 4))
	outlets := []string{"Kazinform (kk)", "Kazinform (ru)", "Egemen", "Orda", "NUR.KZ (kk)", "Kursiv", "Vlast", "BAQ.KZ (kk)", "BAQ.KZ (ru)", "Akorda (kk)", "Zakon", "Tengrinews"}
	word := func(ev, k int) string {
		const letters = "абвгдеклмнопрстуқғү"
		r := []rune(letters)
		x := ev*7 + k*131
		var b strings.Builder
		for i := 0; i < 6; i++ {
			b.WriteRune(r[(x>>uint(i*2)+i*x)%len(r)])
		}
		return b.String()
	}
	dir := tb.TempDir()
	st, err := store.OpenDir(dir, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	events := n / 4
	items := make([]store.Item, n)
	for i := range items {
		ev := rng.IntN(events)
		lang := "kk"
		title := fmt.Sprintf("%s ауданында %d тұрғын %s жобасын талқылады, референдум %s", word(ev, 1), 100+ev, word(ev, 2), word(ev, 3))
		body := fmt.Sprintf("%s ауданында %s мәселесі бойынша %d адам жиналды. %s пен %s жобаны қолдайтынын айтты. Конституция туралы %s сөз сөйледі.", word(ev, 1), word(ev, 2), 100+ev, word(ev, 3), word(ev, 4), word(ev, 5))
		if i%2 == 1 {
			lang = "ru"
			title = fmt.Sprintf("В районе %s %d жителей обсудили проект %s, референдум %s", word(ev, 1), 100+ev, word(ev, 2), word(ev, 3))
			body = fmt.Sprintf("В районе %s по вопросу %s собрались %d человек. %s и %s поддержали проект. О Конституции говорил %s.", word(ev, 1), word(ev, 2), 100+ev, word(ev, 3), word(ev, 4), word(ev, 5))
		}
		items[i] = store.Item{URL: fmt.Sprintf("https://bench.example.kz/%d", i), Source: outlets[rng.IntN(len(outlets))],
			Lang: lang, Title: title, Body: body, Published: day.Add(time.Duration(rng.IntN(24*60)) * time.Minute)}
	}
	if _, _, err := st.SaveItems(items); err != nil {
		tb.Fatal(err)
	}
	b := digest.New(digest.Options{Location: loc, Clock: func() time.Time { return day.Add(30 * time.Hour) }})
	d, err := b.BuildDay(context.Background(), st, "2026-03-11")
	if err != nil {
		tb.Fatal(err)
	}
	if d.Items != n {
		tb.Fatalf("digest of %d items, want %d", d.Items, n)
	}
	rec, err := d.Record()
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.PutDigest(rec); err != nil {
		tb.Fatal(err)
	}
	return st, d.Date
}

// BenchmarkDayPage serves the page of a 2,000-item day: "warm" with the day decoded
// before, "cold" decoding the stored digest on every request.
func BenchmarkDayPage(b *testing.B) {
	st, date := busyDay(b, 2000)
	for _, cold := range []bool{false, true} {
		b.Run(map[bool]string{false: "warm", true: "cold"}[cold], func(b *testing.B) {
			s, err := New(st, nil, Options{})
			if err != nil {
				b.Fatal(err)
			}
			req := httptest.NewRequest("GET", "/ru/day/"+date, nil)
			size := 0
			b.ReportAllocs()
			for b.Loop() {
				if cold {
					s.cache = newDayCache(cacheDays)
				}
				w := httptest.NewRecorder()
				s.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}

// TestBusyDayPage checks the busy day's page itself: every story and "Also" entry shown,
// and a story page for one of them.
func TestBusyDayPage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-item digest")
	}
	st, date := busyDay(t, 2000)
	s, err := New(st, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := st.Digest(date)
	d, _ := digest.FromRecord(rec)
	resp := get(t, s, "GET", "/kk/day/"+date)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, st := range append(d.Stories, d.Also...) {
		if !strings.Contains(string(body), storyPath("kk", st.ID)) {
			t.Errorf("story %s not linked", st.ID)
		}
	}
	if resp := get(t, s, "GET", "/ru/story/"+d.Also[0].ID); resp.StatusCode != http.StatusOK {
		t.Errorf("an Also story's page: %d", resp.StatusCode)
	}
}
