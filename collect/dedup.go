package collect

import (
	"hash/fnv"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Near-duplicate detection: each text becomes a set of word 3-shingles; a
// 64-bit SimHash of the set is stored with the item (Item.SimHash, for
// consumers such as the digest), and a 64-value MinHash signature is kept in
// memory to estimate how much two texts share. Candidates come from
// locality-sensitive hashing over the MinHash bands, so a lookup touches
// only texts that agree somewhere, not every recent item.
const (
	shingleWords = 3
	minHashes    = 64
	lshRows      = 2 // MinHash values per band
	lshBands     = minHashes / lshRows
	// minShingles is the least text worth comparing: a headline-sized text
	// shares too much with unrelated ones by chance.
	minShingles = 12
	// A pair is a syndicated copy when the estimated Jaccard similarity of
	// the shingle sets reaches dupJaccard, or when the smaller set is mostly
	// inside the larger one (a copy cut short).
	dupJaccard     = 0.45
	dupContainment = 0.7
)

// fingerprint summarises one text.
type fingerprint struct {
	sim  uint64
	mins [minHashes]uint32
	n    int // distinct shingles
}

// fingerprintOf fingerprints text. The tokenizer is our own and fixed, so
// that SimHash values saved in the store stay comparable across releases.
func fingerprintOf(text string) fingerprint {
	var fp fingerprint
	words := shingleTokens(text)
	if len(words) == 0 {
		return fp
	}
	hashes := make([]uint64, 0, max(1, len(words)-shingleWords+1))
	if len(words) < shingleWords {
		hashes = append(hashes, combine(words))
	} else {
		for i := 0; i+shingleWords <= len(words); i++ {
			hashes = append(hashes, combine(words[i:i+shingleWords]))
		}
	}
	slices.Sort(hashes)
	hashes = slices.Compact(hashes)
	fp.n = len(hashes)

	var votes [64]int
	for k := range fp.mins {
		fp.mins[k] = ^uint32(0)
	}
	for _, h := range hashes {
		for b := range 64 {
			if h>>b&1 == 1 {
				votes[b]++
			} else {
				votes[b]--
			}
		}
		for k := range fp.mins {
			if v := uint32(mix64(h^(uint64(k+1)*0x9E3779B97F4A7C15)) >> 32); v < fp.mins[k] {
				fp.mins[k] = v
			}
		}
	}
	for b, v := range votes {
		if v > 0 {
			fp.sim |= 1 << b
		}
	}
	return fp
}

// shingleTokens lower-cases words (letters and digits) and folds ё to е.
func shingleTokens(text string) []uint64 {
	var out []uint64
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w = strings.Map(func(r rune) rune {
			r = unicode.ToLower(r)
			if r == 'ё' {
				return 'е'
			}
			return r
		}, w)
		h := fnv.New64a()
		h.Write([]byte(w))
		out = append(out, h.Sum64())
	}
	return out
}

func combine(ws []uint64) uint64 {
	var h uint64 = 0xcbf29ce484222325
	for _, w := range ws {
		h = mix64(h ^ w)
	}
	return h
}

// mix64 is the splitmix64 finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// similarity estimates the Jaccard similarity of two shingle sets and the
// share of the smaller set found in the larger one.
func similarity(a, b *fingerprint) (jaccard, containment float64) {
	eq := 0
	for i := range a.mins {
		if a.mins[i] == b.mins[i] {
			eq++
		}
	}
	j := float64(eq) / minHashes
	inter := j / (1 + j) * float64(a.n+b.n)
	return j, min(1, inter/float64(max(1, min(a.n, b.n))))
}

// nearDuplicate says whether two fingerprints are copies of one text.
func nearDuplicate(a, b *fingerprint) bool {
	if a.n < minShingles || b.n < minShingles {
		return false
	}
	j, c := similarity(a, b)
	return j >= dupJaccard || c >= dupContainment
}

// dupEntry is one recent stored item.
type dupEntry struct {
	id     uint64
	source string
	at     time.Time // first seen: entries age out by it
	fp     fingerprint
}

// dupIndex holds the recent items' fingerprints with LSH buckets. It is
// used by one pass at a time (the Collector's run lock) plus the per-item
// lock taken around look-up and save.
type dupIndex struct {
	entries []dupEntry
	buckets map[uint64][]int32
}

func newDupIndex() *dupIndex {
	return &dupIndex{buckets: make(map[uint64][]int32)}
}

func (x *dupIndex) len() int { return len(x.entries) }

func bandKey(fp *fingerprint, band int) uint64 {
	i := band * lshRows
	return mix64(uint64(fp.mins[i])<<32|uint64(fp.mins[i+1])) ^ uint64(band)<<58
}

// add indexes a stored item; texts too short to compare are left out.
func (x *dupIndex) add(id uint64, source string, at time.Time, fp fingerprint) {
	if fp.n < minShingles {
		return
	}
	pos := int32(len(x.entries))
	x.entries = append(x.entries, dupEntry{id: id, source: source, at: at, fp: fp})
	for b := range lshBands {
		k := bandKey(&fp, b)
		x.buckets[k] = append(x.buckets[k], pos)
	}
}

// find returns the most similar recent item from another source that fp
// duplicates.
func (x *dupIndex) find(fp *fingerprint, source string) (dupEntry, bool) {
	if fp.n < minShingles {
		return dupEntry{}, false
	}
	var best dupEntry
	bestJ, found := -1.0, false
	checked := make(map[int32]bool)
	for b := range lshBands {
		for _, pos := range x.buckets[bandKey(fp, b)] {
			if checked[pos] {
				continue
			}
			checked[pos] = true
			e := &x.entries[pos]
			if e.source == source || !nearDuplicate(fp, &e.fp) {
				continue
			}
			if j, _ := similarity(fp, &e.fp); j > bestJ {
				best, bestJ, found = *e, j, true
			}
		}
	}
	return best, found
}

// prune drops items older than cutoff.
func (x *dupIndex) prune(cutoff time.Time) {
	keep := x.entries[:0]
	for _, e := range x.entries {
		if !e.at.Before(cutoff) {
			keep = append(keep, e)
		}
	}
	if len(keep) == len(x.entries) {
		return
	}
	old := keep
	x.entries = nil
	x.buckets = make(map[uint64][]int32, len(old)*lshBands)
	for _, e := range old {
		x.add(e.id, e.source, e.at, e.fp)
	}
}
