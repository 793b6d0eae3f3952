package digest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// benchItems builds a synthetic day of n items about n/4 events, in kk and ru, from many
// outlets: each event has its own names and numbers, and the bodies are padded with real
// sentences of the fixture, so that the text work is that of real articles.
func benchItems(tb testing.TB, n int) []store.Item {
	tb.Helper()
	fx := loadFixture(tb)
	var kkSents, ruSents []string
	for _, f := range fx {
		for _, p := range paragraphs(f.Body) {
			for _, s := range sentencesOf(p, f.Lang) {
				if !wholeSentence(s) {
					continue
				}
				if f.Lang == "kk" {
					kkSents = append(kkSents, s)
				} else {
					ruSents = append(ruSents, s)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	loc := almatyLoc(tb)
	day := time.Date(2026, 3, 11, 0, 0, 0, 0, loc)
	outlets := []string{"Kazinform (kk)", "Kazinform (ru)", "Egemen", "Orda", "NUR.KZ (kk)", "Kursiv", "Vlast", "BAQ.KZ (kk)", "BAQ.KZ (ru)", "Akorda (kk)", "Zakon", "Tengrinews"}
	events := max(1, n/4)
	items := make([]store.Item, n)
	for i := range items {
		ev := rng.IntN(events)
		w := func(k int) string { return synthWord(ev*5 + k) }
		num := 100 + ev%900
		lang, sents := "kk", kkSents
		title := fmt.Sprintf("%s %s ауданында %d тұрғын %s жобасын талқылады", strings.ToUpper(w(0)[:2])+w(0)[2:], w(1), num, w(2))
		lead := fmt.Sprintf("%s ауданында %s мәселесі бойынша %d адам жиналды, деп хабарлайды %s. %s пен %s бұл жобаны қолдайтынын айтты.", w(1), w(2), num, w(3), w(3), w(4))
		if i%2 == 1 {
			lang, sents = "ru", ruSents
			title = fmt.Sprintf("%s: в районе %s %d жителей обсудили проект %s", w(0), w(1), num, w(2))
			lead = fmt.Sprintf("В районе %s по вопросу %s собрались %d человек, сообщает %s. %s и %s поддержали проект.", w(1), w(2), num, w(3), w(3), w(4))
		}
		var body strings.Builder
		body.WriteString(lead)
		for range 4 + rng.IntN(6) {
			body.WriteString(" ")
			body.WriteString(sents[rng.IntN(len(sents))])
		}
		items[i] = store.Item{
			ID: uint64(i + 1), URL: fmt.Sprintf("https://bench.example.kz/%d", i), Source: outlets[rng.IntN(len(outlets))],
			Lang: lang, Title: title, Body: body.String(),
			Published: day.Add(time.Duration(rng.IntN(24*60)) * time.Minute),
		}
	}
	return items
}

// BenchmarkBuildDay builds a day of n items; "after" builds it after a stored digest of as
// many items the day before, as every day but the first is built: the previous stories
// are continued, and the previous day's items read for copies.
func BenchmarkBuildDay(b *testing.B) {
	for _, c := range []struct {
		n     int
		after bool
	}{{2000, false}, {2000, true}, {8000, false}} {
		name := fmt.Sprintf("items=%d", c.n)
		if c.after {
			name += ",after"
		}
		n := c.n
		b.Run(name, func(b *testing.B) {
			src := &fakeSource{items: benchItems(b, n), digests: map[string]store.DigestRecord{}}
			loc := almatyLoc(b)
			bl := New(Options{Location: loc, Clock: fixedClock(time.Date(2026, 3, 12, 8, 0, 0, 0, loc))})
			if c.after {
				for _, it := range benchItems(b, n) {
					it.ID += uint64(n)
					it.URL += "/before"
					it.Published = it.Published.AddDate(0, 0, -1)
					src.items = append(src.items, it)
				}
				d, err := bl.BuildDay(context.Background(), src, "2026-03-10")
				if err != nil {
					b.Fatal(err)
				}
				rec, err := d.Record()
				if err != nil {
					b.Fatal(err)
				}
				src.digests["2026-03-10"] = rec
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			var d *Digest
			for range b.N {
				var err error
				if d, err = bl.BuildDay(context.Background(), src, "2026-03-11"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
			b.ReportMetric(float64(len(d.Stories)+d.AlsoTotal), "stories")
			rec, err := d.Record()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(rec.Data)), "data_bytes")
		})
	}
}

// BenchmarkBuildTranslated is a digest build of 30 one-language stories with a translation
// server answering each request after 200 ms, 4 requests in flight and no cache: the cost
// a build pays the first time it meets the day's stories.
func BenchmarkBuildTranslated(b *testing.B) {
	loc := almatyLoc(b)
	src := &fakeSource{items: oneLangItems(loc, 30)}
	f := newFakeLLM(b, nil)
	f.delay = 200 * time.Millisecond
	bl := New(Options{Location: loc, Translator: testLLM(f.srv.URL), Cache: noCache{}, TranslateInFlight: 4,
		Clock: fixedClock(time.Date(2026, 3, 5, 0, 0, 0, 0, loc))})
	b.ReportAllocs()
	b.ResetTimer()
	var d *Digest
	for range b.N {
		var err error
		if d, err = bl.BuildDay(context.Background(), src, "2026-03-03"); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	calls, maxIn, _ := f.stats()
	translated := 0
	for _, s := range shownStories(d) {
		for _, l := range digestLangs() {
			if s.Text[l].Translated {
				translated++
			}
		}
	}
	b.ReportMetric(float64(calls)/float64(b.N), "requests/op")
	b.ReportMetric(float64(translated), "translated")
	b.ReportMetric(float64(maxIn), "max_in_flight")
}
