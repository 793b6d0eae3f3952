package deliver

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// benchStore returns a store holding n active subscribers (kk, ru and both in turn).
func benchStore(b *testing.B, n int) *store.Store {
	b.Helper()
	st := openStore(b)
	for i := range n {
		_, err := st.UpdateSubscriber(int64(100000+i), func(s *store.Subscriber, _ bool) error {
			s.Lang, s.Active, s.ChatType = []string{"kk", "ru", "both"}[i%3], true, "private"
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return st
}

// heapPeak samples the heap while fn runs and returns the highest figure above the heap
// before it (collected first). It reads runtime/metrics, which does not stop the world.
func heapPeak(fn func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			if h := read(); h > peak {
				peak = h
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	fn()
	close(stop)
	wg.Wait()
	if peak < base {
		return 0
	}
	return peak - base
}

// BenchmarkEnqueue queues a day's digest for 10,000 and 100,000 subscribers. The peak heap
// above the starting point stays flat as the count grows tenfold: subscribers are read, and
// jobs written, a batch at a time.
func BenchmarkEnqueue(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) {
			st := benchStore(b, n)
			d := New(st, &fakeAPI{}, NewLimiter(Rates{}), Options{Location: almaty})
			rec := loadDigest()
			var peak uint64
			jobs := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				rec.Date = time.Date(2026, 3, 1, 0, 0, 0, 0, almaty).AddDate(0, 0, i).Format(time.DateOnly)
				p := heapPeak(func() {
					var err error
					jobs, err = d.Enqueue(context.Background(), rec, testNow)
					if err != nil {
						b.Fatal(err)
					}
				})
				peak = max(peak, p)
			}
			b.StopTimer()
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/subscriber")
			b.ReportMetric(float64(jobs), "jobs")
		})
	}
}

// BenchmarkProgress counts a day's outbox of 100,000 subscribers, which /stats and every
// metrics scrape do.
func BenchmarkProgress(b *testing.B) {
	st := benchStore(b, 100000)
	d := New(st, &fakeAPI{}, NewLimiter(Rates{}), Options{Location: almaty})
	jobs, err := d.Enqueue(context.Background(), loadDigest(), testNow)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c, err := d.Progress(testDate)
		if err != nil || c[store.JobPending] != jobs {
			b.Fatalf("progress %v, %v; want %d pending", c, err, jobs)
		}
	}
	b.ReportMetric(float64(jobs), "jobs")
}
