package collect

import (
	"slices"
	"time"
	"unicode"
	"unicode/utf8"
)

// Near-duplicate detection: each text becomes a set of word 3-shingles; a
// 64-bit SimHash of the set is stored with the item (Item.SimHash, for
// consumers such as the digest), and a 64-value MinHash signature is kept in
// memory to estimate how much two texts share. Candidates come from the
// signature itself: two texts that agree on any of the 64 positions are
// compared. That finds copies sharing as little as a tenth of their
// shingles (a lead paragraph inside the full story) with probability
// 1-0.9^64 > 0.99, while unrelated texts, which share almost no shingles,
// rarely agree anywhere, so a look-up touches few of the recent items.
const (
	shingleWords = 3
	minHashes    = 64
	// minShingles is the least text worth comparing: a headline-sized text
	// shares too much with unrelated ones by chance.
	minShingles = 12
	// A pair is a syndicated copy when the estimated Jaccard similarity of
	// the shingle sets reaches dupJaccard, or when the smaller set is mostly
	// inside the larger one (a copy cut short, an excerpt).
	dupJaccard     = 0.45
	dupContainment = 0.6
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
		// MinHash permutations as h·a+b with odd a: h is already well
		// mixed, and a multiply-add per position is cheap.
		for k := range fp.mins {
			a := uint64(k+1)*0x9E3779B97F4A7C15 | 1
			b := uint64(k+1) * 0xC2B2AE3D27D4EB4F
			if v := uint32((h*a + b) >> 32); v < fp.mins[k] {
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

// shingleTokens hashes the words of text (runs of letters and digits),
// lower-cased, with ё folded to е, without allocating per word.
func shingleTokens(text string) []uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	out := make([]uint64, 0, len(text)/12+1)
	h, inWord := uint64(offset), false
	var buf [utf8.UTFMax]byte
	for _, r := range text {
		// Fast paths for ASCII and basic Cyrillic, which is most of the text.
		switch {
		case 0x430 <= r && r <= 0x44F: // а..я
			inWord = true
			h = (h ^ uint64(0xC0|r>>6)) * prime
			h = (h ^ uint64(0x80|r&0x3F)) * prime
			continue
		case 0x410 <= r && r <= 0x42F: // А..Я
			r += 0x20
			inWord = true
			h = (h ^ uint64(0xC0|r>>6)) * prime
			h = (h ^ uint64(0x80|r&0x3F)) * prime
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if inWord {
				out = append(out, h)
				h, inWord = offset, false
			}
			continue
		}
		inWord = true
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			h = (h ^ uint64(r)) * prime
			continue
		}
		r = unicode.ToLower(r)
		if r == 'ё' {
			r = 'е'
		}
		n := utf8.EncodeRune(buf[:], r)
		for _, c := range buf[:n] {
			h = (h ^ uint64(c)) * prime
		}
	}
	if inWord {
		out = append(out, h)
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

// dupIndex holds the recent items' fingerprints and, per signature
// position and value, a chain of the entries that have it (head and next,
// as flat arrays: a map of slices would cost several times the memory).
type dupIndex struct {
	entries []dupEntry
	head    map[uint64]int32 // position<<32 | value -> last slot (entry*minHashes+position) + 1
	next    []int32          // slot -> previous slot + 1 in the same chain; 0 ends it
}

func newDupIndex() *dupIndex {
	return &dupIndex{head: make(map[uint64]int32)}
}

func (x *dupIndex) len() int { return len(x.entries) }

func slotKey(pos int, v uint32) uint64 { return uint64(pos)<<32 | uint64(v) }

// add indexes a stored item; texts too short to compare are left out.
func (x *dupIndex) add(id uint64, source string, at time.Time, fp fingerprint) {
	if fp.n < minShingles {
		return
	}
	e := int32(len(x.entries))
	x.entries = append(x.entries, dupEntry{id: id, source: source, at: at, fp: fp})
	for pos, v := range fp.mins {
		k := slotKey(pos, v)
		slot := e*minHashes + int32(pos)
		x.next = append(x.next, x.head[k])
		x.head[k] = slot + 1
	}
}

// find returns the most similar recent item from another source that fp
// duplicates.
func (x *dupIndex) find(fp *fingerprint, source string) (dupEntry, bool) {
	if fp.n < minShingles || len(x.entries) == 0 {
		return dupEntry{}, false
	}
	var best dupEntry
	bestJ, found := -1.0, false
	checked := make(map[int32]bool)
	for pos, v := range fp.mins {
		for s := x.head[slotKey(pos, v)]; s != 0; s = x.next[s-1] {
			e := (s - 1) / minHashes
			if checked[e] {
				continue
			}
			checked[e] = true
			cand := &x.entries[e]
			if cand.source == source || !nearDuplicate(fp, &cand.fp) {
				continue
			}
			if j, _ := similarity(fp, &cand.fp); j > bestJ {
				best, bestJ, found = *cand, j, true
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
	x.entries, x.next = nil, nil
	x.head = make(map[uint64]int32, len(old)*minHashes)
	for _, e := range old {
		x.add(e.id, e.source, e.at, e.fp)
	}
}
