package digest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// ZZ: for stories whose members share a gold event with the previous day's stories, print
// how the continuity rules see the pair.
func TestZZCont(t *testing.T) {
	if os.Getenv("ZZ_CONT") == "" {
		t.Skip()
	}
	items := loadDevset(t)
	ev := map[string]string{}
	for _, d := range items {
		ev[d.item.URL] = d.event
	}
	major := func(s Story) string {
		c := map[string]int{}
		best := ""
		for _, m := range s.Members {
			c[ev[m.URL]]++
			if c[ev[m.URL]] > c[best] {
				best = ev[m.URL]
			}
		}
		return best
	}
	dgs := devDigests(t, items)
	for k := 1; k < len(dgs); k++ {
		prev := append(append([]Story(nil), dgs[k-1].Stories...), dgs[k-1].Also...)
		cur := append(append([]Story(nil), dgs[k].Stories...), dgs[k].Also...)
		df := map[string]int{}
		for _, p := range prev {
			for _, a := range p.Sig.Anchors {
				df[a]++
			}
		}
		today := "date:" + dgs[k].Date[5:]
		common := func(a string) bool {
			return strings.HasPrefix(a, "term:") || a == today || df[a] >= max(3, len(prev)/4)
		}
		for _, s := range cur {
			for _, p := range prev {
				ms, mp := major(s), major(p)
				gold := ms == mp
				a, b := viewOf(s.Sig, common), viewOf(p.Sig, common)
				n := shared(a.parts, b.parts)
				terms := 0.0
				for l, ta := range a.terms {
					terms = max(terms, overlap(ta, b.terms[l]))
				}
				if !gold && n < 3 && terms < 0.4 {
					continue
				}
				sim := viewSimilarity(a, b)
				fmt.Printf("%s gold=%v cont=%v sim=%.2f n=%d/%d,%d terms=%.2f  %s <- %s\n", dgs[k].Date, gold, s.ID == p.ID, sim, n, len(a.parts), len(b.parts), terms, ms, mp)
				if gold && s.ID != p.ID {
					var sh []string
					for _, x := range a.parts {
						for _, y := range b.parts {
							if x == y {
								sh = append(sh, x)
							}
						}
					}
					fmt.Printf("      shared %v\n      today %v\n      prev %v\n", sh, a.parts, b.parts)
				}
			}
		}
	}
}
