package service

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/collect"
	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/store"
)

// ingestWords are the vocabulary of the generated feed: real Kazakh and Russian words of
// referendum reporting, so detection, stemming and the topic filter do real work.
var ingestWords = strings.Fields(`референдум конституция құрылтай сайлау депутат парламент
президент жоба заң азамат қоғам дауыс беру комиссия орталық өкілі талқылау өтті жаңа ел
мемлекет реформа халық кеңесі сот министр облыс аудан мәслихат жиын форум бастама
референдума конституции курултай выборы депутаты парламент президент проект закон граждане
общество голосование комиссия центральная представитель обсуждение прошло новый страна
государство реформа народный совет суд министр область район маслихат собрание форум`)

func ingestFeed(n int) []byte {
	rng := rand.New(rand.NewPCG(7, 9))
	pick := func(k int) string {
		out := make([]string, k)
		for i := range out {
			out[i] = ingestWords[rng.IntN(len(ingestWords))]
		}
		return strings.Join(out, " ")
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>bench</title>`)
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>%s %d</title><link>https://bench.kz/n/%d</link><guid>g%d</guid><pubDate>%s</pubDate>"+
			"<content:encoded><![CDATA[<p>%s.</p><p>%s.</p><p>%s.</p>]]></content:encoded></item>\n",
			pick(7), i, i, i, start.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), pick(40), pick(40), pick(40))
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

// BenchmarkCollectAndIndex10k is the whole ingest path as the service runs it: a 10,000-item
// feed over loopback, then parse, detect, dedupe, topic filter, the store (fsync on) and the
// search index catch-up. Reports items/s for the whole and the peak heap.
func BenchmarkCollectAndIndex10k(b *testing.B) {
	const n = 10_000
	feed := ingestFeed(n)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed)
	}))
	defer srv.Close()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		st, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ix, err := search.Open(dir, st, search.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		col := collect.New(st, []config.Source{{Name: "Bench", URL: srv.URL, Lang: "auto", Kind: "feed", Pages: 1}},
			collect.Options{Keywords: []string{"референдум", "конституци", "құрылтай", "курултай", "сайлау", "выбор"}, HostInterval: time.Millisecond, MaxBody: 64 << 20})
		s := New(st, col, digest.New(digest.Options{}), time.UTC, Options{Index: ix})
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		peak := uint64(0)
		done := make(chan struct{})
		go func() {
			var m runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-time.After(50 * time.Millisecond):
					runtime.ReadMemStats(&m)
					peak = max(peak, m.HeapAlloc)
				}
			}
		}()
		b.StartTimer()
		start := time.Now()
		res, err := s.CollectResults(context.Background())
		took := time.Since(start)
		b.StopTimer()
		close(done)
		if err != nil || res[0].Err != nil {
			b.Fatalf("pass: %v %v", err, res[0].Err)
		}
		indexed, _ := ix.Count()
		b.ReportMetric(float64(res[0].New)/took.Seconds(), "items/s")
		b.ReportMetric(float64(indexed), "indexed")
		b.ReportMetric(float64(peak-min(peak, before.HeapAlloc))/(1<<20), "peak-heap-MB")
		ix.Close()
		st.Close()
		b.StartTimer()
	}
}
