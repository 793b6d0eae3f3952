package search

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// The 100,000-item benchmark is opt-in: it takes a few minutes and about a
// gigabyte of disk. Run it with
//
//	REFDIGEST_BENCH_100K=1 go test -run '^$' -bench Corpus100k -benchtime 200x -timeout 30m ./search/
//
// (REFDIGEST_BENCH_ITEMS=N changes the size.)
func BenchmarkCorpus100k(b *testing.B) {
	if os.Getenv("REFDIGEST_BENCH_100K") == "" {
		b.Skip("set REFDIGEST_BENCH_100K=1 to run the 100,000-item benchmark")
	}
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("REFDIGEST_BENCH_ITEMS")); err == nil && v > 0 {
		n = v
	}
	gen := newCorpusGen(b)
	// REFDIGEST_BENCH_DIR keeps the store and index between runs (for
	// profiling queries); the index figures only mean something on the first.
	dir := os.Getenv("REFDIGEST_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	st, err := store.OpenDir(dir, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	have, err := st.CountItems()
	if err != nil {
		b.Fatal(err)
	}
	var textBytes int
	for i := range n {
		it := gen.item(i)
		textBytes += len(it.Title) + len(it.Body)
		if i < have {
			continue
		}
		if _, _, err := st.SaveItem(it); err != nil {
			b.Fatal(err)
		}
	}
	start, cpu0 := time.Now(), processCPU()
	batch, _ := strconv.Atoi(os.Getenv("REFDIGEST_BENCH_BATCH"))
	ix, err := Open(dir, st, Options{Clock: func() time.Time { return gen.end }, Logger: slog.New(slog.DiscardHandler), BatchSize: batch})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	took, cpu := time.Since(start), processCPU()-cpu0
	size := dirSize(b, filepath.Join(dir, IndexDirName))
	b.Logf("corpus: %d items, %.1f MB of text (%.0f bytes/item); indexed in %v", n, float64(textBytes)/1e6, float64(textBytes)/float64(n), took.Round(time.Millisecond))

	b.Run("index", func(b *testing.B) {
		for range b.N {
		}
		b.ReportMetric(float64(n)/took.Seconds(), "items/s")
		if cpu > 0 {
			b.ReportMetric(float64(n)/cpu.Seconds(), "items/cpu_s")
		}
		b.ReportMetric(float64(size)/1e6, "MB_on_disk")
	})
	for _, kind := range []string{"one-word", "two-word", "phrase"} {
		queries := gen.queries(kind, 500)
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			lat := make([]time.Duration, 0, b.N)
			found, total := 0, 0
			cpu0 := processCPU()
			for i := range b.N {
				t0 := time.Now()
				res, err := ix.Search(context.Background(), queries[i%len(queries)], Query{Limit: 5})
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				if res.Total > 0 {
					found++
				}
				total += res.Total
			}
			if cpu := processCPU() - cpu0; cpu > 0 {
				b.ReportMetric(ms(cpu)/float64(b.N), "cpu_ms/op")
			}
			slices.Sort(lat)
			b.ReportMetric(ms(lat[len(lat)/2]), "p50_ms")
			b.ReportMetric(ms(lat[len(lat)*95/100]), "p95_ms")
			b.ReportMetric(float64(found)/float64(b.N), "found")
			b.ReportMetric(float64(total)/float64(b.N), "matches/op")
		})
	}
	b.Run("memory", func(b *testing.B) {
		for range b.N {
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.ReportMetric(float64(m.HeapInuse)/1e6, "heap_MB")
		b.ReportMetric(float64(m.Sys)/1e6, "go_sys_MB")
		if rss, hwm := procRSS(); rss > 0 {
			b.ReportMetric(rss, "rss_MB")
			b.ReportMetric(hwm, "peak_rss_MB")
		}
	})
}

// BenchmarkSearchFixture times whole searches (parse, bleve, store reads,
// folding, snippets) over the small relevance corpus.
func BenchmarkSearchFixture(b *testing.B) {
	dir := b.TempDir()
	st, err := store.OpenDir(dir, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for _, f := range loadCorpus(b) {
		if _, _, err := st.SaveItem(f.item()); err != nil {
			b.Fatal(err)
		}
	}
	ix, err := Open(dir, st, testOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	cases := loadQueries(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := ix.Search(context.Background(), cases[i%len(cases)].query, Query{Limit: 5}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeItem times the analysis of one item of average length
// (what indexing spends per item outside bleve).
func BenchmarkAnalyzeItem(b *testing.B) {
	gen := newCorpusGen(b)
	items := make([]store.Item, 64)
	for i := range items {
		items[i] = gen.item(i)
	}
	ac := newAnalysisCtx()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		it := items[i%len(items)]
		d := &docAnalysis{title: it.Title, body: it.Body, lang: itemLang(it), ac: ac}
		d.run()
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func dirSize(tb testing.TB, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// procRSS reads the resident and peak resident memory of this process in MB
// (Linux only; 0 elsewhere).
func procRSS() (rss, hwm float64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb / 1000
		case "VmHWM:":
			hwm = kb / 1000
		}
	}
	return rss, hwm
}

// corpusGen makes news-like items from real sentences (the relevance corpus
// and a KazNERD sample), with words swapped between sentences and made-up
// names added, so the vocabulary has a long tail like real news.
type corpusGen struct {
	rng        *rand.Rand
	sents      map[lang.Lang][]string
	vocab      map[lang.Lang][]string
	sources    []string
	start, end time.Time
}

func newCorpusGen(tb testing.TB) *corpusGen {
	g := &corpusGen{
		rng:     rand.New(rand.NewPCG(1, 2)),
		sents:   map[lang.Lang][]string{},
		vocab:   map[lang.Lang][]string{},
		sources: []string{"Kazinform (kk)", "Kazinform (ru)", "Egemen", "Orda", "NUR.KZ (kk)", "Kursiv", "Vlast", "BAQ.KZ"},
		start:   time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC),
		end:     time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, f := range loadCorpus(tb) {
		l := lang.Lang(f.Lang)
		g.sents[l] = append(g.sents[l], f.Title)
		g.sents[l] = append(g.sents[l], lang.Sentences(f.Body, l)...)
	}
	fh, err := os.Open(filepath.Join("testdata", "kaznerd_sample.kk.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			g.sents[lang.KK] = append(g.sents[lang.KK], s)
		}
	}
	for l, ss := range g.sents {
		seen := map[string]bool{}
		for _, s := range ss {
			for _, w := range strings.Fields(s) {
				if utf8.RuneCountInString(w) >= 4 && !seen[w] {
					seen[w] = true
					g.vocab[l] = append(g.vocab[l], w)
				}
			}
		}
	}
	return g
}

// name makes up a capitalised name of 2-4 syllables.
func (g *corpusGen) name() string {
	syl := []string{"ка", "ра", "бек", "жан", "ну", "ол", "сай", "мар", "ти", "ен", "гуль", "дос", "ас", "ер", "лан", "ов"}
	var b strings.Builder
	for i := range 2 + g.rng.IntN(3) {
		s := syl[g.rng.IntN(len(syl))]
		if i == 0 {
			r, size := utf8.DecodeRuneInString(s)
			s = strings.ToUpper(string(r)) + s[size:]
		}
		b.WriteString(s)
	}
	return b.String()
}

// sentence is a pool sentence with a word or two swapped for other words of
// the language and sometimes a made-up name.
func (g *corpusGen) sentence(l lang.Lang) string {
	ss := g.sents[l]
	words := strings.Fields(ss[g.rng.IntN(len(ss))])
	for range 1 + g.rng.IntN(2) {
		if len(words) > 2 {
			words[g.rng.IntN(len(words))] = g.vocab[l][g.rng.IntN(len(g.vocab[l]))]
		}
	}
	if g.rng.IntN(3) == 0 {
		at := g.rng.IntN(len(words) + 1)
		words = slices.Insert(words, at, g.name())
	}
	return strings.Join(words, " ")
}

func (g *corpusGen) item(i int) store.Item {
	l := lang.KK
	if g.rng.IntN(100) < 45 {
		l = lang.RU
	}
	title := g.sentence(l)
	if utf8.RuneCountInString(title) > 140 {
		title = string([]rune(title)[:140])
	}
	var body strings.Builder
	for k := range 4 + g.rng.IntN(9) {
		if k > 0 {
			if k%3 == 0 {
				body.WriteString("\n\n")
			} else {
				body.WriteByte(' ')
			}
		}
		body.WriteString(g.sentence(l))
	}
	span := g.end.Sub(g.start)
	return store.Item{
		URL:       fmt.Sprintf("https://bench.test/%d", i),
		Source:    g.sources[g.rng.IntN(len(g.sources))],
		Lang:      string(l),
		Title:     title,
		Body:      body.String(),
		Published: g.start.Add(time.Duration(g.rng.Int64N(int64(span)))),
	}
}

// queries makes n queries of a kind from the pool sentences: one word, two
// words of one sentence, or a quoted pair of neighbouring words.
func (g *corpusGen) queries(kind string, n int) []string {
	rng := rand.New(rand.NewPCG(3, 4))
	var out []string
	for len(out) < n {
		l := lang.KK
		if rng.IntN(2) == 0 {
			l = lang.RU
		}
		ss := g.sents[l]
		var words []string
		for _, w := range lang.Words(ss[rng.IntN(len(ss))]) {
			if utf8.RuneCountInString(w) >= 4 && !isStopAny(w) {
				words = append(words, w)
			}
		}
		if len(words) < 2 {
			continue
		}
		i := rng.IntN(len(words) - 1)
		switch kind {
		case "one-word":
			out = append(out, words[i])
		case "two-word":
			j := rng.IntN(len(words))
			if j == i {
				continue
			}
			out = append(out, words[i]+" "+words[j])
		default:
			out = append(out, `"`+words[i]+" "+words[i+1]+`"`)
		}
	}
	return out
}
