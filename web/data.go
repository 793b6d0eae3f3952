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
	if _, ok := c.days[rec.Date]; !ok && len(c.days) >= c.max {
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

// loadDays reads and decodes the stored digests of dates, consecutive stored days newest
// first (as DigestDates gives them), in one read of the store.
func (s *Server) loadDays(dates []string) ([]*day, error) {
	if len(dates) == 0 {
		return nil, nil
	}
	at := make(map[string]int, len(dates))
	for i, d := range dates {
		at[d] = i
	}
	out := make([]*day, len(dates))
	found := 0
	err := s.st.EachDigestFrom(dates[len(dates)-1], func(rec store.DigestRecord) (bool, error) {
		i, ok := at[rec.Date]
		if !ok {
			return false, nil // past the newest asked for
		}
		d, err := s.cache.get(rec, s.opts.Location)
		if err != nil {
			return false, err
		}
		out[i] = d
		found++
		return found < len(dates), nil
	})
	if err != nil {
		return nil, err
	}
	if found < len(dates) {
		return nil, fmt.Errorf("web: %d of %d days changed while read", len(dates)-found, len(dates))
	}
	return out, nil
}

// validDate accepts YYYY-MM-DD of a real day.
func validDate(date string) bool {
	t, err := time.Parse(time.DateOnly, date)
	return err == nil && t.Format(time.DateOnly) == date
}
