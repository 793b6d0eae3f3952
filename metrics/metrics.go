// Package metrics exposes refdigest's Prometheus metrics: what was collected, how long
// digests and updates take, how delivery is going and how many subscribers there are.
// Components report through small Observe methods; gauges of state are read at scrape time.
package metrics

import (
	"errors"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/refdigest/refdigest/collect"
	"github.com/refdigest/refdigest/deliver"
)

// Metrics is one registry of refdigest's metrics.
type Metrics struct {
	reg           *prometheus.Registry
	collected     *prometheus.CounterVec
	collectErrors *prometheus.CounterVec
	collectPasses prometheus.Counter
	digestSeconds prometheus.Histogram
	updateSeconds prometheus.Histogram
	panics        *prometheus.CounterVec
}

// New makes the registry with Go runtime and process metrics.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		collected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "refdigest_items_collected_total", Help: "New items stored, by source.",
		}, []string{"source"}),
		collectErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "refdigest_collect_errors_total", Help: "Failed source fetches, by source.",
		}, []string{"source"}),
		collectPasses: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "refdigest_collect_passes_total", Help: "Collection passes run.",
		}),
		digestSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "refdigest_digest_build_seconds", Help: "Time to build a day's digest.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2, 5, 10, 30},
		}),
		panics: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "refdigest_panics_total", Help: "Panics contained, by where they happened (source, job, update).",
		}, []string{"where"}),
		updateSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "refdigest_update_handling_seconds", Help: "Time from receiving a Telegram update to its last reply.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
	}
	m.reg.MustRegister(m.collected, m.collectErrors, m.collectPasses, m.digestSeconds, m.updateSeconds, m.panics,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveCollect records a collection pass.
func (m *Metrics) ObserveCollect(results []collect.Result) {
	m.collectPasses.Inc()
	for _, r := range results {
		m.collected.WithLabelValues(r.Source).Add(float64(r.New))
		// A source skipped while it backs off made no request: not a new error.
		if r.Err != nil && !errors.Is(r.Err, collect.ErrBackingOff) {
			m.collectErrors.WithLabelValues(r.Source).Inc()
		}
		if r.Panicked {
			m.panics.WithLabelValues("source").Inc()
		}
	}
}

// ObservePanic counts a panic that was contained where it happened (job, update).
func (m *Metrics) ObservePanic(where string) { m.panics.WithLabelValues(where).Inc() }

// ObserveDigest records a digest build.
func (m *Metrics) ObserveDigest(d time.Duration) { m.digestSeconds.Observe(d.Seconds()) }

// ObserveUpdate records the handling of one Telegram update.
func (m *Metrics) ObserveUpdate(d time.Duration) { m.updateSeconds.Observe(d.Seconds()) }

// WatchDelivery exports delivery counters and today's outbox, read at scrape time.
func (m *Metrics) WatchDelivery(stats func() deliver.Stats, outbox func() (map[string]int, error)) {
	counter := func(name, help string, get func(deliver.Stats) int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return float64(get(stats())) })
	}
	m.reg.MustRegister(
		counter("refdigest_deliveries_sent_total", "Messages sent (digests and replies).", func(s deliver.Stats) int64 { return s.Sent }),
		counter("refdigest_deliveries_failed_total", "Digest messages that failed for good.", func(s deliver.Stats) int64 { return s.Failed }),
		counter("refdigest_deliveries_lost_total", "Digest messages in flight at a crash (not resent).", func(s deliver.Stats) int64 { return s.Lost }),
		counter("refdigest_telegram_429_total", "429 Too Many Requests answers received.", func(s deliver.Stats) int64 { return s.Throttled }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "refdigest_delivery_rate_per_second", Help: "Sends per second over the last 10 s."},
			func() float64 { return stats().RatePerSecond }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "refdigest_delivery_in_flight", Help: "Digest messages whose call is under way (what a kill now would lose)."},
			func() float64 { return float64(stats().InFlight) }),
		stateGauge("refdigest_deliveries", "Today's digest jobs by state.", outbox),
	)
}

// WatchSubscribers exports subscribers by state (active, inactive), read at scrape time.
func (m *Metrics) WatchSubscribers(count func() (map[string]int, error)) {
	m.reg.MustRegister(stateGauge("refdigest_subscribers", "Subscribers by state.", count))
}

// Handler serves the metrics in Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// stateGauge is a gauge vector with a "state" label filled by a function at scrape time.
type stateCollector struct {
	desc  *prometheus.Desc
	count func() (map[string]int, error)
}

func stateGauge(name, help string, count func() (map[string]int, error)) prometheus.Collector {
	return &stateCollector{desc: prometheus.NewDesc(name, help, []string{"state"}, nil), count: count}
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	counts, err := c.count()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), state)
	}
}
