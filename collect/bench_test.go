package collect

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/refdigest/refdigest/collect/sitetest"
	"github.com/refdigest/refdigest/config"
)

// benchFeed generates an RSS feed of n full-text items: titles and bodies
// are random Kazakh words from the KazNERD sample (so no two bodies are
// copies), nine in ten carry a topic word.
func benchFeed(tb testing.TB, n int) []byte {
	words := strings.Fields(strings.ToLower(readFixture(tb, "kaznerd_sample.kk.txt")))
	topical := []string{"референдум", "конституциясы", "сайлауға", "құрылтайдың", "парламент"}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(k int) string {
		out := make([]string, k)
		for i := range out {
			out[i] = strings.Trim(words[rng.IntN(len(words))], ".,!?«»\"()")
		}
		return strings.Join(out, " ")
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>bench</title>`)
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		title := pick(6)
		if i%10 != 0 {
			title += " " + topical[i%len(topical)]
		}
		var body strings.Builder
		for p := range 3 {
			if p > 0 {
				body.WriteString("\n")
			}
			body.WriteString("<p>" + pick(40) + ".</p>")
		}
		fmt.Fprintf(&b, "<item><title>%s</title><link>https://bench.kz/news/%d?utm_source=rss</link><guid>b-%d</guid>"+
			"<pubDate>%s</pubDate><description>%s</description><content:encoded><![CDATA[%s]]></content:encoded></item>\n",
			title, i, i, start.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), pick(20), body.String())
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

// BenchmarkIngest10k: one pass over a 10,000-item feed served on loopback,
// through parse, language detection, topic filter, near-duplicate look-up
// and the bbolt store. Reports items/s and the pass's peak heap.
func BenchmarkIngest10k(b *testing.B) {
	benchIngest(b, func() Store { return openStore(b) })
}

// BenchmarkIngest10kMemStore is the same pass over an in-memory store: the
// collector's own cost, without bbolt's disk sync per saved item.
func BenchmarkIngest10kMemStore(b *testing.B) {
	benchIngest(b, func() Store { return newMemStore() })
}

func benchIngest(b *testing.B, newStore func() Store) {
	const n = 10000
	feed := benchFeed(b, n)
	s := newSite(b)
	s.handle("/rss", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(feed)
	})
	b.ReportAllocs()
	var total, cpu time.Duration
	var peak, base uint64
	for b.Loop() {
		b.StopTimer()
		st := newStore()
		opts := testOptions(b)
		opts.Logger = nil
		opts.MaxBody = 64 << 20
		opts.Keywords = config.Default().Topic.Keywords
		c := New(st, []config.Source{feedSource("Bench", s.URL+"/rss")}, opts)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base = ms.HeapInuse // the fixture feed and the test server
		stop := watchHeap(&peak)
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		res, err := c.Run(context.Background())
		total += time.Since(start)
		cpu += cpuTime() - cpu0
		b.StopTimer()
		stop()
		if err != nil || res[0].Err != nil || res[0].New+res[0].Skipped != n {
			b.Fatalf("%v %s", err, res[0])
		}
		b.StartTimer()
	}
	// Other work on a shared machine slows the wall clock; CPU time is the
	// steadier figure of the collector's own cost.
	b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "items/s")
	b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "items/cpu-s")
	b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "pass-peak-heap-MB")
	b.ReportMetric(float64(len(feed))/(1<<20), "feed-MB")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// watchHeap samples the live heap every few milliseconds until stopped,
// keeping the largest value seen in *peak.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// BenchmarkCollectDefaultSources: one pass over the whole default list (7
// feeds, 6 listings, 12 channels) against the fixture sites on loopback,
// into bbolt: 25 first pages, the article pages of the feeds' excerpts and
// the listings, 240 channel posts. Reports the pass's peak heap.
func BenchmarkCollectDefaultSources(b *testing.B) {
	srv := fixtureSites(b)
	sources := sitetest.Sources(srv.URL)
	b.ReportAllocs()
	var peak, base uint64
	var items int
	for b.Loop() {
		b.StopTimer()
		opts := testOptions(b)
		opts.Logger = nil
		opts.Keywords = config.Default().Topic.Keywords
		c := New(openStore(b), sources, opts)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base = ms.HeapInuse
		stop := watchHeap(&peak)
		b.StartTimer()
		res, err := c.Run(context.Background())
		b.StopTimer()
		stop()
		items = 0
		for _, r := range res {
			if err != nil || r.Err != nil {
				b.Fatalf("%v %s", err, r)
			}
			items += r.New + r.Seen
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(items), "items/pass")
	b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "pass-peak-heap-MB")
}

func BenchmarkFingerprint(b *testing.B) {
	_, paras := seedText(b, "001")
	text := strings.Join(paras, "\n\n")
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		fingerprintOf(text)
	}
}

// BenchmarkDupFind: a look-up among 3,000 recent items (about three days
// of the configured sources).
func BenchmarkDupFind(b *testing.B) {
	words := strings.Fields(readFixture(b, "kaznerd_sample.kk.txt"))
	rng := rand.New(rand.NewPCG(3, 4))
	text := func() string {
		out := make([]string, 150)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(out, " ")
	}
	x := newDupIndex()
	for i := range 3000 {
		x.add(uint64(i+1), fmt.Sprint("S", i%10), testNow, fingerprintOf(text()))
	}
	probe := fingerprintOf(text())
	b.ReportAllocs()
	for b.Loop() {
		x.find(&probe, "S99")
	}
}
