package web

import (
	"fmt"
	"sync"
	"time"

	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/store"
)

// day is a stored digest as the archive shows it: the public shape of `digest -json`.
type day struct {
	Date  string
	Built time.Time
	digest.Export
}

// dayCache keeps the last days decoded: a busy day's digest is a few hundred kilobytes of
// JSON, and its page, its stories' pages and the feed all read it. An entry is good while
// the stored digest has the same build time.
type dayCache struct {
	mu   sync.Mutex
	max  int
	tick uint64
	days map[string]*cached
}

type cached struct {
	d    *day
	used uint64
}

func newDayCache(max int) *dayCache {
	return &dayCache{max: max, days: map[string]*cached{}}
}

// get returns rec decoded, from the cache when it holds this build of the day.
func (c *dayCache) get(rec store.DigestRecord, loc *time.Location) (*day, error) {
	c.mu.Lock()
	c.tick++
	if e, ok := c.days[rec.Date]; ok && e.d.Built.Equal(rec.Built) {
		e.used = c.tick
		c.mu.Unlock()
		return e.d, nil
	}
	c.mu.Unlock()
	d, err := decodeDay(rec, loc)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.days) >= c.max {
		var oldest string
		var at uint64
		for k, e := range c.days {
			if oldest == "" || e.used < at {
				oldest, at = k, e.used
			}
		}
		delete(c.days, oldest)
	}
	c.days[rec.Date] = &cached{d: d, used: c.tick}
	return d, nil
}

func decodeDay(rec store.DigestRecord, loc *time.Location) (*day, error) {
	dg, err := digest.FromRecord(rec)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return &day{Date: rec.Date, Built: rec.Built, Export: dg.Export(loc)}, nil
}

// loadDay reads and decodes the stored digest of date.
func (s *Server) loadDay(date string) (*day, error) {
	rec, err := s.st.Digest(date)
	if err != nil {
		return nil, err
	}
	return s.cache.get(rec, s.opts.Location)
}

// validDate accepts YYYY-MM-DD of a real day.
func validDate(date string) bool {
	t, err := time.Parse(time.DateOnly, date)
	return err == nil && t.Format(time.DateOnly) == date
}
