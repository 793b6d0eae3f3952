// Command devscore scores refdigest's stories on real coverage of the referendum.
//
// The development set (eval/devset.tsv) lists real articles: URL, outlet, date,
// language, script and the event each reports, labelled by hand. Their texts are
// other people's sentences and stay out of the repository: devscore reads them from
// JSON lines files in a folder given with -texts (one object per article with at least
// "url", "title" and "text"), serves them on loopback addresses as one RSS feed per
// outlet and language, with article pages, and runs the real binary on them:
// `refdigest collect`, then `refdigest digest -json` for every day in order. It then
// compares the stories with the labels:
//
//   - pairwise precision, recall and F1 over the Kazakh and Russian items, with the
//     cross-language (kk-ru) pairs and the same-language pairs also counted apart;
//   - how many stories each event was split into;
//   - items of other languages that reached a digest (there must be none) and Kazakh
//     text left in Arabic or Latin letters;
//   - the share of stories with text of their own in each language.
//
// Usage:
//
//	go run ./eval/devscore -texts DIR [-set eval/devset.tsv] [-explain]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/refdigest/refdigest/eval/devset"
)

func main() {
	set := flag.String("set", "eval/devset.tsv", "the development set")
	texts := flag.String("texts", "", "folder with the articles' texts (JSON lines, searched recursively)")
	bin := flag.String("bin", "", "refdigest binary (default: built from ./cmd/refdigest)")
	explain := flag.Bool("explain", false, "list split events and wrong merges")
	keep := flag.String("keep", "", "keep the store and config in this folder")
	flag.Parse()
	if err := run(*set, *texts, *bin, *keep, *explain, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "devscore:", err)
		os.Exit(1)
	}
}

func run(setPath, textsDir, bin, keep string, explain bool, w io.Writer) error {
	if textsDir == "" {
		return errors.New("-texts is required: the folder with the articles' texts")
	}
	arts, err := devset.ReadSet(setPath)
	if err != nil {
		return err
	}
	found, err := devset.ReadTexts(textsDir, arts)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "development set: %d articles, %d with text\n", len(arts), found)
	var withText []*devset.Article
	for _, a := range arts {
		if a.Text != "" {
			withText = append(withText, a)
		}
	}
	arts = withText

	dir := keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "devscore-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if bin == "" {
		bin = filepath.Join(dir, "refdigest")
		build := exec.Command("go", "build", "-o", bin, "./cmd/refdigest")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	srv, err := devset.Serve(arts)
	if err != nil {
		return err
	}
	defer srv.Close()
	// One collection per outlet, in the set's order: a pass reads outlets concurrently, and
	// when two outlets carry one text the first stored keeps it and the other becomes its
	// alias, so a single concurrent pass would make the figures change from run to run.
	cfg := filepath.Join(dir, "config.yaml")
	for i := range srv.Len() {
		if err := os.WriteFile(cfg, []byte(srv.Config(filepath.Join(dir, "data"), i)), 0o644); err != nil {
			return err
		}
		out, err := exec.Command(bin, "collect", "-config", cfg).CombinedOutput()
		if err != nil {
			return fmt.Errorf("collect %s: %v\n%s", srv.Name(i), err, out)
		}
	}
	if err := os.WriteFile(cfg, []byte(srv.Config(filepath.Join(dir, "data"), -1)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "collect: %d sources, one after another\n", srv.Len())
	digests, err := digestDays(bin, cfg, arts)
	if err != nil {
		return err
	}
	report(w, arts, digests, explain)
	return nil
}

// exported is the part of `refdigest digest -json` devscore reads.
type exported struct {
	Date    string  `json:"date"`
	Items   int     `json:"items"`
	Stories []story `json:"stories"`
	Also    []story `json:"also"`
}

type story struct {
	ID      string `json:"id"`
	Members []struct {
		URL  string `json:"url"`
		Lang string `json:"lang"`
	} `json:"members"`
	Text map[string]struct {
		Headline string   `json:"headline"`
		Summary  []string `json:"summary"`
		Lang     string   `json:"lang"`
	} `json:"text"`
}

// digestDays builds the digest of every day from the first article's to the last's,
// in order, so that stories continue from one day to the next as in service.
func digestDays(bin, cfg string, arts []*devset.Article) ([]exported, error) {
	first, last := arts[0].Published, arts[0].Published
	for _, a := range arts {
		if a.Published.Before(first) {
			first = a.Published
		}
		if a.Published.After(last) {
			last = a.Published
		}
	}
	var out []exported
	for d := first.In(devset.Almaty); !d.After(last.In(devset.Almaty).Add(24 * time.Hour)); d = d.AddDate(0, 0, 1) {
		date := d.Format("2006-01-02")
		cmd := exec.Command(bin, "digest", "-config", cfg, "-date", date, "-json")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		b, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("digest %s: %v: %s", date, err, stderr.String())
		}
		var e exported
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("digest %s: not JSON: %w", date, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// report scores the stories against the labels and prints the figures.
func report(w io.Writer, arts []*devset.Article, digests []exported, explain bool) {
	byLocal := map[string]*devset.Article{}
	for _, a := range arts {
		byLocal[a.Local] = a
	}
	pred := map[*devset.Article]string{}
	var foreign, untranslit, stories, native [2]int
	var foreignSeen, untranslitSeen []string
	for _, d := range digests {
		for _, s := range append(append([]story(nil), d.Stories...), d.Also...) {
			stories[0]++
			for _, m := range s.Members {
				a := byLocal[m.URL]
				if a == nil {
					continue
				}
				if a.Lang != "kk" && a.Lang != "ru" {
					foreign[0]++
					foreignSeen = append(foreignSeen, fmt.Sprintf("%s %s (%s)", a.Lang, a.URL, d.Date))
					continue
				}
				if _, ok := pred[a]; !ok {
					pred[a] = s.ID
				}
			}
			for i, l := range []string{"kk", "ru"} {
				t := s.Text[l]
				if t.Lang == l {
					native[i]++
				}
				if txt := t.Headline + " " + strings.Join(t.Summary, " "); notCyrillicKazakh(txt) {
					untranslit[0]++
					untranslitSeen = append(untranslitSeen, fmt.Sprintf("%s %s [%s]: %.120s", d.Date, s.ID, l, txt))
				}
			}
		}
	}
	var items []*devset.Article
	missing := 0
	for _, a := range arts {
		if a.Lang != "kk" && a.Lang != "ru" {
			foreign[1]++
			continue
		}
		items = append(items, a)
		if _, ok := pred[a]; !ok {
			missing++
			pred[a] = fmt.Sprintf("missing-%d", a.ID)
		}
	}
	type counts struct{ tp, fp, fn int }
	var all, cross, same, days counts
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			a, b := items[i], items[j]
			gold, got := a.Event == b.Event, pred[a] == pred[b]
			c := &same
			if a.Lang != b.Lang {
				c = &cross
			}
			cs := []*counts{&all, c}
			if !sameDay(a.Published, b.Published) {
				cs = append(cs, &days)
			}
			for _, x := range cs {
				switch {
				case gold && got:
					x.tp++
				case got:
					x.fp++
				case gold:
					x.fn++
				}
			}
		}
	}
	prf := func(c counts) string {
		p, r := ratio(c.tp, c.tp+c.fp), ratio(c.tp, c.tp+c.fn)
		f := 0.0
		if p+r > 0 {
			f = 2 * p * r / (p + r)
		}
		return fmt.Sprintf("precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d)", p, r, f, c.tp, c.fp, c.fn)
	}
	events := map[string][]*devset.Article{}
	for _, a := range items {
		events[a.Event] = append(events[a.Event], a)
	}
	multi, split := 0, 0
	var splits []string
	for ev, as := range events {
		if len(as) < 2 {
			continue
		}
		multi++
		ids := map[string]bool{}
		for _, a := range as {
			ids[pred[a]] = true
		}
		if len(ids) > 1 {
			split++
			line := fmt.Sprintf("%s: %d items in %d stories", ev, len(as), len(ids))
			sorted := append([]*devset.Article(nil), as...)
			sort.SliceStable(sorted, func(i, j int) bool {
				if pred[sorted[i]] != pred[sorted[j]] {
					return pred[sorted[i]] < pred[sorted[j]]
				}
				return sorted[i].Published.Before(sorted[j].Published)
			})
			for _, a := range sorted {
				line += fmt.Sprintf("\n      %s %s %s %-14s %.90s", pred[a], a.Published.In(devset.Almaty).Format("01-02 15:04"), a.Lang, a.Outlet, a.Title)
			}
			splits = append(splits, line)
		}
	}
	fmt.Fprintf(w, "items kk/ru: %d in %d events (%d with two items or more); other languages: %d; not in any digest: %d\n",
		len(items), len(events), multi, foreign[1], missing)
	fmt.Fprintf(w, "pairs, all:           %s\n", prf(all))
	fmt.Fprintf(w, "pairs, kk-ru:         %s\n", prf(cross))
	fmt.Fprintf(w, "pairs, same language: %s\n", prf(same))
	fmt.Fprintf(w, "pairs, across days:   %s\n", prf(days))
	fmt.Fprintf(w, "events split: %d of %d\n", split, multi)
	fmt.Fprintf(w, "other-language items in digests: %d of %d\n", foreign[0], foreign[1])
	fmt.Fprintf(w, "story texts with Kazakh in Arabic or Latin letters: %d\n", untranslit[0])
	if explain {
		for _, x := range untranslitSeen {
			fmt.Fprintln(w, "  untransliterated:", x)
		}
	}
	if stories[0] > 0 {
		fmt.Fprintf(w, "stories: %d; with text of their own: kk %.1f%%, ru %.1f%%\n", stories[0],
			100*ratio(native[0], stories[0]), 100*ratio(native[1], stories[0]))
	}
	if !explain {
		return
	}
	sort.Strings(splits)
	for _, s := range splits {
		fmt.Fprintln(w, "  split:", s)
	}
	byStory := map[string][]*devset.Article{}
	for _, a := range items {
		byStory[pred[a]] = append(byStory[pred[a]], a)
	}
	var merges []string
	for id, as := range byStory {
		evs := map[string]int{}
		for _, a := range as {
			evs[a.Event]++
		}
		if len(evs) > 1 {
			var parts []string
			for ev, n := range evs {
				parts = append(parts, fmt.Sprintf("%s×%d", ev, n))
			}
			sort.Strings(parts)
			merges = append(merges, id+": "+strings.Join(parts, ", "))
		}
	}
	sort.Strings(merges)
	for _, m := range merges {
		fmt.Fprintln(w, "  merged:", m)
	}
	for _, f := range foreignSeen {
		fmt.Fprintln(w, "  other language shown:", f)
	}
}

// sameDay reports whether two times fall on one day in Almaty, the digest's day.
func sameDay(a, b time.Time) bool {
	return a.In(devset.Almaty).Format(time.DateOnly) == b.In(devset.Almaty).Format(time.DateOnly)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// notCyrillicKazakh reports text with Arabic letters or the letters of Latin Kazakh.
func notCyrillicKazakh(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) || strings.ContainsRune("äñūı", r) {
			return true
		}
	}
	return false
}
