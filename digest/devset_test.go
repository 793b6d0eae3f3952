package digest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// The development set of real coverage (eval/devset.tsv) is how the clustering
// parameters were chosen. Its texts are not in the repository; with
// REFDIGEST_DEVSET_TEXTS naming the folder that holds them (JSON lines, as
// eval/devscore reads), these tests build every day's digest in process, with
// continuity from day to day, and print the pairwise scores; REFDIGEST_SWEEP=1
// also tries a grid of thresholds. eval/devscore gives the same figures through
// the real binary, collector included; this is the fast loop for tuning.

// devItem is one article of the development set with its gold event.
type devItem struct {
	item  store.Item
	event string
	lang  string // gold language
}

func loadDevset(t testing.TB) []devItem {
	dir := os.Getenv("REFDIGEST_DEVSET_TEXTS")
	if dir == "" {
		t.Skip("REFDIGEST_DEVSET_TEXTS not set: the development set's texts are not in the repository")
	}
	texts := map[string][2]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".jsonl") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, ln := range bytes.Split(b, []byte("\n")) {
			var r struct{ URL, Title, Text string }
			if json.Unmarshal(ln, &r) == nil && r.URL != "" {
				if _, ok := texts[r.URL]; !ok {
					texts[r.URL] = [2]string{r.Title, r.Text}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../eval/devset.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loc := time.FixedZone("+05", 5*3600)
	var out []devItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 0; sc.Scan(); n++ {
		c := strings.Split(sc.Text(), "\t")
		if n == 0 || len(c) < 7 || strings.HasPrefix(c[0], "#") {
			continue
		}
		tx, ok := texts[c[1]]
		if !ok {
			continue
		}
		var pub time.Time
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
			if p, err := time.ParseInLocation(layout, c[3], loc); err == nil {
				pub = p
				break
			}
		}
		if pub.IsZero() {
			day, err := time.ParseInLocation("2006-01-02", c[3], loc)
			if err != nil {
				t.Fatalf("devset: %s: published %q", c[1], c[3])
			}
			h := fnv.New32a()
			h.Write([]byte(c[1]))
			pub = day.Add(9*time.Hour + time.Duration(h.Sum32()%600)*time.Minute)
		}
		title, body := tx[0], tx[1]
		if first, rest, ok := strings.Cut(body, "\n"); ok && strings.TrimSpace(first) == strings.TrimSpace(title) {
			body = rest
		}
		// As the collector does: the gate decides, Kazakh in other scripts is brought to Cyrillic.
		it := store.Item{ID: uint64(n), URL: c[1], Source: c[2], Title: title, Body: body, Published: pub}
		id := lang.Identify(title + "\n" + body)
		switch {
		case id.Transliterable():
			it.Title, it.Body, it.Lang = lang.ToCyrillic(title, id.Script), lang.ToCyrillic(body, id.Script), LangKK
		case id.Lang == lang.Other && id.Code != "":
			it.Lang = langOther
		case id.Lang.Valid():
			it.Lang = string(id.Lang)
		default:
			it.Lang = c[4]
		}
		out = append(out, devItem{item: it, event: c[6], lang: c[4]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no devset text found under %s", dir)
	}
	return out
}

// devRun builds every day's digest in order and returns each item's story id
// ("" when it reached no digest).
func devRun(t testing.TB, items []devItem) map[string]string {
	src := &fakeSource{digests: map[string]store.DigestRecord{}}
	first, last := items[0].item.Published, items[0].item.Published
	for _, d := range items {
		src.items = append(src.items, d.item)
		if d.item.Published.Before(first) {
			first = d.item.Published
		}
		if d.item.Published.After(last) {
			last = d.item.Published
		}
	}
	loc := time.FixedZone("+05", 5*3600)
	b := New(Options{Location: loc, MaxStories: 200, Clock: fixedClock(last.Add(72 * time.Hour))})
	pred := map[string]string{}
	for day := first.In(loc).Truncate(24 * time.Hour); !day.After(last); day = day.AddDate(0, 0, 1) {
		date := day.Format("2006-01-02")
		dg, err := b.BuildDay(context.Background(), src, date)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := dg.Record()
		if err != nil {
			t.Fatal(err)
		}
		src.digests[date] = rec
		for _, s := range append(append([]Story(nil), dg.Stories...), dg.Also...) {
			for _, m := range s.Members {
				if _, ok := pred[m.URL]; !ok {
					pred[m.URL] = s.ID
				}
			}
		}
	}
	return pred
}

type devScore struct {
	all, cross, same pairScores
	foreign          int // other-language items in a digest
	missing          int
}

func scoreDev(items []devItem, pred map[string]string) devScore {
	var s devScore
	var kept []devItem
	for _, d := range items {
		if d.lang != LangKK && d.lang != LangRU {
			if pred[d.item.URL] != "" {
				s.foreign++
			}
			continue
		}
		if pred[d.item.URL] == "" {
			s.missing++
		}
		kept = append(kept, d)
	}
	for i := range kept {
		for j := i + 1; j < len(kept); j++ {
			a, b := kept[i], kept[j]
			pa, pb := pred[a.item.URL], pred[b.item.URL]
			gold, got := a.event == b.event, pa != "" && pa == pb
			for _, c := range []*pairScores{&s.all, map[bool]*pairScores{true: &s.cross, false: &s.same}[a.lang != b.lang]} {
				switch {
				case gold && got:
					c.tp++
				case got:
					c.fp++
				case gold:
					c.fn++
				}
			}
		}
	}
	for _, c := range []*pairScores{&s.all, &s.cross, &s.same} {
		if c.tp+c.fp > 0 {
			c.precision = float64(c.tp) / float64(c.tp+c.fp)
		}
		if c.tp+c.fn > 0 {
			c.recall = float64(c.tp) / float64(c.tp+c.fn)
		}
		if c.precision+c.recall > 0 {
			c.f1 = 2 * c.precision * c.recall / (c.precision + c.recall)
		}
	}
	return s
}

func (p pairScores) String() string {
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", p.precision, p.recall, p.f1, p.tp, p.fp, p.fn)
}

func TestDevset(t *testing.T) {
	items := loadDevset(t)
	pred := devRun(t, items)
	s := scoreDev(items, pred)
	t.Logf("devset: %d items; all %s; kk-ru %s; same language %s; other-language in digests %d; missing %d",
		len(items), s.all, s.cross, s.same, s.foreign, s.missing)
	if os.Getenv("REFDIGEST_EXPLAIN") != "" {
		explainDev(t, items, pred)
	}
}

func explainDev(t *testing.T, items []devItem, pred map[string]string) {
	byStory := map[string][]devItem{}
	byEvent := map[string]map[string]int{}
	for _, d := range items {
		if d.lang != LangKK && d.lang != LangRU {
			continue
		}
		p := pred[d.item.URL]
		byStory[p] = append(byStory[p], d)
		if byEvent[d.event] == nil {
			byEvent[d.event] = map[string]int{}
		}
		byEvent[d.event][p]++
	}
	var lines []string
	for ev, ps := range byEvent {
		if len(ps) > 1 {
			var parts []string
			for p, n := range ps {
				var titles []string
				for _, d := range byStory[p] {
					if d.event == ev {
						titles = append(titles, d.lang+":"+clipText(d.item.Title, 60))
					}
				}
				parts = append(parts, fmt.Sprintf("[%d %s]", n, strings.Join(titles, " | ")))
			}
			sort.Strings(parts)
			lines = append(lines, "SPLIT "+ev+" "+strings.Join(parts, " "))
		}
	}
	for p, ds := range byStory {
		evs := map[string]bool{}
		for _, d := range ds {
			evs[d.event] = true
		}
		if len(evs) > 1 {
			var parts []string
			for _, d := range ds {
				parts = append(parts, d.event+" "+d.lang+":"+clipText(d.item.Title, 50))
			}
			sort.Strings(parts)
			lines = append(lines, "MERGED "+p+"\n    "+strings.Join(parts, "\n    "))
		}
	}
	sort.Strings(lines)
	t.Log("\n" + strings.Join(lines, "\n"))
}

func TestDevsetSweep(t *testing.T) {
	if os.Getenv("REFDIGEST_SWEEP") == "" {
		t.Skip("REFDIGEST_SWEEP not set")
	}
	items := loadDevset(t)
	saved := defaultParams
	defer func() { defaultParams = saved }()
	type result struct {
		p clusterParams
		s devScore
	}
	var rs []result
	for _, edge := range []float64{0.1, 0.15, 0.2, 0.25, 0.3} {
		for _, cross := range []float64{0.1, 0.15, 0.2, 0.25, 0.3} {
			for _, link := range []float64{0.05, 0.08, 0.1, 0.15, 0.2} {
				for _, half := range []float64{1.5, 2, 3} {
					p := saved
					p.sameEdge, p.crossEdge, p.link, p.anchorHalf = edge, cross, link, half
					defaultParams = p
					rs = append(rs, result{p, scoreDev(items, devRun(t, items))})
				}
			}
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].s.all.f1 > rs[j].s.all.f1 })
	for _, r := range rs[:min(15, len(rs))] {
		t.Logf("edge %.2f cross %.2f link %.2f half %.0f: all %s; kk-ru %s", r.p.sameEdge, r.p.crossEdge, r.p.link, r.p.anchorHalf, r.s.all, r.s.cross)
	}
}
