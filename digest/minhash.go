package digest

import (
	"unicode"

	"github.com/refdigest/refdigest/store"
)

// MinHash finds syndicated copies and light rewrites of one text (the same agency story on
// three sites) so that clustering treats them as one unit.
const (
	minhashSize   = 64
	minhashBands  = 16 // 16 bands of 4 rows: pairs at Jaccard 0.8 meet in a band with p > 0.999
	minhashRows   = minhashSize / minhashBands
	shingleWords  = 3
	maxShingles   = 200 // words read from the start of the text
	nearDuplicate = 0.8 // estimated Jaccard of the shingle sets
)

// minhash returns the MinHash signature of text's word 3-shingles (single words for texts
// shorter than that).
func minhash(text string) []uint64 {
	base := wordHashes(text, maxShingles)
	if len(base) == 0 {
		return nil
	}
	k := shingleWords
	if len(base) < k {
		k = 1
	}
	sig := make([]uint64, minhashSize)
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for i := 0; i+k <= len(base); i++ {
		var s uint64
		for j := 0; j < k; j++ {
			s = mix(s*31 + base[i+j])
		}
		for j := range sig {
			// One cheap hash per row: the shingle hash mixed with a per-row constant.
			x := (s ^ (uint64(j+1) * 0xD1B54A32D192ED03)) * 0x9E3779B97F4A7C15
			x ^= x >> 29
			if x < sig[j] {
				sig[j] = x
			}
		}
	}
	return sig
}

// wordHashes hashes the lower-cased words (runs of letters and digits) of text, at most
// limit of them, without allocating a string per word.
func wordHashes(text string, limit int) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	out := make([]uint64, 0, 64)
	h, in := uint64(offset), false
	for _, r := range text {
		if r = lowerLetter(r); r >= 0 {
			for r > 0 {
				h = (h ^ uint64(r&0xff)) * prime
				r >>= 8
			}
			in = true
			continue
		}
		if in {
			out = append(out, h)
			if len(out) == limit {
				return out
			}
			h, in = offset, false
		}
	}
	if in {
		out = append(out, h)
	}
	return out
}

// lowerLetter is the lower case of a letter or digit, or -1 for any other rune; ASCII and
// the Russian alphabet, most of a text, are done without the Unicode tables.
func lowerLetter(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r >= 'а' && r <= 'я':
		return r
	case r >= 'A' && r <= 'Z', r >= 'А' && r <= 'Я':
		return r + 32
	case r < 0x80:
		return -1
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return unicode.ToLower(r)
	}
	return -1
}

// mix is the splitmix64 finaliser.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// similarity estimates the Jaccard similarity of the texts behind two signatures.
func similarity(a, b []uint64) float64 {
	if len(a) != minhashSize || len(b) != minhashSize {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / minhashSize
}

// nearDuplicates groups docs of the same language whose texts are near-identical: banded
// LSH finds candidate pairs, the full signatures confirm them. It returns the groups as
// lists of doc indexes, each group's docs in their original order.
func nearDuplicates(docs []*doc) [][]int {
	uf := newUnionFind(len(docs))
	buckets := make(map[uint64][]int)
	var keys []uint64
	for i, d := range docs {
		if d.sig == nil {
			continue
		}
		keys = bandKeys(d.sig, minhashRows, keys)
		for _, key := range keys {
			for _, j := range buckets[key] {
				if uf.find(i) == uf.find(j) || docs[j].lang != d.lang {
					continue
				}
				if similarity(d.sig, docs[j].sig) >= nearDuplicate {
					uf.union(i, j)
					break
				}
			}
			// A bucket of many copies needs only its first few members to link a newcomer.
			if len(buckets[key]) < 8 {
				buckets[key] = append(buckets[key], i)
			}
		}
	}
	return uf.groups()
}

// bandKeys are the LSH keys of a signature, one per band of rows rows, each seeded with
// its band so that bands never share a key, appended to buf[:0]. Fewer rows find pairs of
// lower similarity: 4 for near-duplicates, 2 for copies (copiedStories).
func bandKeys(sig []uint64, rows int, buf []uint64) []uint64 {
	out := buf[:0]
	for band := 0; band < len(sig)/rows; band++ {
		h := uint64(band+1) << 48
		for _, v := range sig[band*rows : (band+1)*rows] {
			h = mix(h*31 + v)
		}
		out = append(out, h)
	}
	return out
}

// itemSig is the MinHash signature of an item's title and text, as every comparison of
// items takes it.
func itemSig(it store.Item) []uint64 { return minhash(it.Title + " " + it.Text()) }

// unionFind is a disjoint-set forest with path halving.
type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return &unionFind{parent: p}
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
}

// groups lists the sets, each in increasing order, ordered by their smallest member.
func (u *unionFind) groups() [][]int {
	idx := map[int]int{}
	var out [][]int
	for i := range u.parent {
		r := u.find(i)
		g, ok := idx[r]
		if !ok {
			g = len(out)
			idx[r] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], i)
	}
	return out
}
