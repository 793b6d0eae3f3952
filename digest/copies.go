package digest

import (
	"slices"

	"github.com/refdigest/refdigest/store"
)

// A report published the day after its happening often reuses the words of the first
// reports: an agency's copy reposted, a newspaper printing the press release, a round-up
// quoting the wire. Three-word runs shared with a report of a previous story say that the
// report tells of that story's happening, where wording in general does not: the next
// sitting of a commission, or the final results after the preliminary ones, are told in
// the same vocabulary but not in the same sentences. On the four sets of real coverage,
// pairs of reports a day to three apart sharing a quarter of their word runs were all of
// one event; below a fifth, events mix.
const (
	copyJaccard = 0.25 // least estimated Jaccard of the word 3-shingles of a copy
	copyRows    = 2    // MinHash rows per band when looking for copies: finds pairs at 0.25 with p ≈ 0.87
)

// copiedStories counts, for each story of ws, how many of its reports copy a report of each
// previous story: result[i][j] for ws[i] and prev[j]. prevItems are the items of the
// previous digest's window; those that are no story's member are left out.
func copiedStories(ws []*work, prev []Story, prevItems []store.Item) []map[int]int {
	story := map[string]int{}
	for j, p := range prev {
		for _, m := range p.Members {
			story[m.URL] = j
		}
	}
	type member struct {
		sig   []uint64
		story int
	}
	var members []member
	buckets := map[uint64][]int{}
	for _, it := range prevItems {
		j, ok := story[it.URL]
		if !ok {
			continue
		}
		sig := itemSig(it)
		if sig == nil {
			continue
		}
		for _, k := range bandKeys(sig, copyRows, nil) {
			buckets[k] = append(buckets[k], len(members))
		}
		members = append(members, member{sig, j})
	}
	out := make([]map[int]int, len(ws))
	if len(members) == 0 {
		return out
	}
	seen := make([]int, len(members)) // stamp: the doc (numbered from 1) that last met the member
	stamp := 0
	var found []int // previous stories the doc copies
	bands := make([]uint64, 0, minhashSize/copyRows)
	for i, w := range ws {
		for _, d := range w.docs {
			if d.sig == nil {
				continue
			}
			stamp++
			found = found[:0]
			bands = bandKeys(d.sig, copyRows, bands)
			for _, k := range bands {
				for _, m := range buckets[k] {
					if seen[m] == stamp {
						continue
					}
					seen[m] = stamp
					if j := members[m].story; !slices.Contains(found, j) && similarity(d.sig, members[m].sig) >= copyJaccard {
						found = append(found, j)
					}
				}
			}
			for _, j := range found {
				if out[i] == nil {
					out[i] = map[int]int{}
				}
				out[i][j]++
			}
		}
	}
	return out
}
