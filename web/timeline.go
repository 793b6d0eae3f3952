package web

import (
	"fmt"

	"github.com/refdigest/refdigest/digest"
	"github.com/refdigest/refdigest/store"
)

// storyDay is one day a story appeared in.
type storyDay struct {
	day   *day
	story digest.ExportStory
	full  bool // among the stories shown in full, not in "Also"
}

// How a story's days are found. Its id begins with the date of the first digest that
// carried it (digest.Story.Since), and a story continues only from the digest just before
// the day's, so its days are a run of stored digests from that date on: the walk seeks to
// it and goes forward, with no index to keep in step. It stops at timelineGap digests in a
// row without the story (a gap of one is allowed: a day rebuilt after the next one was
// built may have lost it) or after maxTimeline digests.
const (
	maxTimeline = 90
	timelineGap = 2
)

// timeline returns the days story id appeared in, oldest first, or store.ErrNotFound.
func (s *Server) timeline(id string) ([]storyDay, error) {
	if len(id) < 12 || id[10] != '-' || !validDate(id[:10]) {
		return nil, store.ErrNotFound
	}
	var out []storyDay
	misses, walked := 0, 0
	err := s.st.EachDigestFrom(id[:10], func(rec store.DigestRecord) (bool, error) {
		walked++
		d, err := s.cache.get(rec, s.opts.Location)
		if err != nil {
			s.log.Warn("web: digest unreadable", "date", rec.Date, "err", err)
		}
		if st, full, ok := findStory(d, id); ok {
			out = append(out, storyDay{day: d, story: st, full: full})
			misses = 0
		} else {
			misses++
		}
		return misses < timelineGap && walked < maxTimeline, nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: timeline %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, store.ErrNotFound
	}
	return out, nil
}

func findStory(d *day, id string) (digest.ExportStory, bool, bool) {
	if d == nil {
		return digest.ExportStory{}, false, false
	}
	for _, st := range d.Stories {
		if st.ID == id {
			return st, true, true
		}
	}
	for _, st := range d.Also {
		if st.ID == id {
			return st, false, true
		}
	}
	return digest.ExportStory{}, false, false
}
