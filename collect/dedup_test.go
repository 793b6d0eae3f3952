package collect

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/config"
)

// dupFixture builds labelled text pairs from the seeds: syndicated copies
// made the way outlets make them, and unrelated pairs (other seeds on the
// same topic, KazNERD news sentences, a text that borrows one paragraph).
type textPair struct {
	name string
	a, b string
	dup  bool
}

func dupFixture(t testing.TB) []textPair {
	seeds := []string{"000", "001", "002", "003", "004"}
	originals := make([]string, len(seeds))
	copies := make([][]textPair, len(seeds))
	for i, n := range seeds {
		_, paras := seedText(t, n)
		orig := strings.Join(paras, "\n\n")
		originals[i] = orig
		isRU := n == "004"
		lead := "Бұл туралы ведомстваның баспасөз қызметі хабарлады."
		if isRU {
			lead = "Об этом сообщила пресс-служба ведомства."
		}
		edited := make([]string, 0, len(paras))
		for j, p := range paras[:len(paras)-1] {
			p = strings.NewReplacer("KAZINFORM", "BAQ.KZ", "Kazinform", "BAQ.KZ", "BAQ.KZ", "Kazinform",
				"KAZAKHSTAN TODAY", "ИА NewTimes").Replace(p)
			if j == 0 {
				p = dropEveryNth(p, 9)
			}
			edited = append(edited, p)
		}
		reordered := append(append([]string{}, paras[1:]...), paras[0], lead)
		copies[i] = []textPair{
			{name: n + " edited", b: strings.Join(edited, "\n\n")},
			{name: n + " new lead", b: lead + " " + orig},
			{name: n + " trimmed", b: strings.Join(paras[:(len(paras)+1)/2], "\n\n")},
			{name: n + " reordered", b: strings.Join(reordered, "\n\n")},
			{name: n + " first paragraph", b: paras[0]},
		}
	}
	var pairs []textPair
	for i := range seeds {
		for _, c := range copies[i] {
			pairs = append(pairs, textPair{name: c.name, a: originals[i], b: c.b, dup: true})
		}
		for j := range seeds {
			if j == i {
				continue
			}
			if j > i {
				pairs = append(pairs, textPair{name: seeds[i] + " vs " + seeds[j], a: originals[i], b: originals[j]})
			}
			for _, c := range copies[j] {
				pairs = append(pairs, textPair{name: seeds[i] + " vs " + c.name, a: originals[i], b: c.b})
			}
		}
	}
	// KazNERD: 10 texts of 12 consecutive sentences each.
	sents := strings.Split(strings.TrimSpace(readFixture(t, "kaznerd_sample.kk.txt")), "\n")
	var news []string
	for k := 0; k+12 <= len(sents) && len(news) < 10; k += 30 {
		news = append(news, strings.Join(sents[k:k+12], " "))
	}
	for i, a := range news {
		for j := i + 1; j < len(news); j++ {
			pairs = append(pairs, textPair{name: fmt.Sprintf("kaznerd %d vs %d", i, j), a: a, b: news[j]})
		}
		for k, o := range originals {
			pairs = append(pairs, textPair{name: fmt.Sprintf("kaznerd %d vs %s", i, seeds[k]), a: a, b: o})
		}
	}
	// A different story that reuses one paragraph of another is not a copy.
	_, p0 := seedText(t, "000")
	_, p2 := seedText(t, "002")
	pairs = append(pairs, textPair{name: "borrowed paragraph", a: strings.Join(p0, "\n\n"), b: strings.Join(append([]string{p0[0]}, p2...), "\n\n")})
	return pairs
}

func dropEveryNth(s string, n int) string {
	w := strings.Fields(s)
	out := w[:0]
	for i, x := range w {
		if (i+1)%n != 0 {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}

// TestNearDuplicatePrecisionRecall measures the detector on the fixture,
// both pairwise and through the index (which must find what the pairwise
// rule accepts).
func TestNearDuplicatePrecisionRecall(t *testing.T) {
	pairs := dupFixture(t)
	var tp, fp, fn, tn, idxTP, idxFN int
	for _, p := range pairs {
		fa, fb := fingerprintOf(p.a), fingerprintOf(p.b)
		got := nearDuplicate(&fa, &fb)
		j, c := similarity(&fa, &fb)
		switch {
		case got && p.dup:
			tp++
		case got && !p.dup:
			fp++
			t.Logf("false positive %-28s J=%.2f C=%.2f", p.name, j, c)
		case !got && p.dup:
			fn++
			t.Logf("missed %-28s J=%.2f C=%.2f", p.name, j, c)
		default:
			tn++
		}
		if p.dup {
			x := newDupIndex()
			x.add(1, "A", testNow, fa)
			if _, ok := x.find(&fb, "B"); ok {
				idxTP++
			} else {
				idxFN++
			}
		}
	}
	precision := float64(tp) / float64(max(1, tp+fp))
	recall := float64(tp) / float64(max(1, tp+fn))
	t.Logf("near-duplicates: %d pairs (%d copies, %d unrelated): precision %.3f, recall %.3f (tp %d fp %d fn %d tn %d); index recall %.3f",
		len(pairs), tp+fn, fp+tn, precision, recall, tp, fp, fn, tn, float64(idxTP)/float64(max(1, idxTP+idxFN)))
	if precision < 0.95 || recall < 0.9 {
		t.Errorf("precision %.3f (floor 0.95), recall %.3f (floor 0.9)", precision, recall)
	}
	if idxTP < tp {
		t.Errorf("the index found %d copies, the pairwise rule %d", idxTP, tp)
	}
}

func TestFingerprintStable(t *testing.T) {
	_, paras := seedText(t, "000")
	text := strings.Join(paras, "\n\n")
	a, b := fingerprintOf(text), fingerprintOf(strings.ToUpper(text))
	if a.sim == 0 || a.sim != b.sim || a.mins != b.mins {
		t.Error("case changes the fingerprint")
	}
	// Short texts are never compared.
	s1, s2 := fingerprintOf("Референдум өтті"), fingerprintOf("Референдум өтті")
	if nearDuplicate(&s1, &s2) {
		t.Error("two headlines matched as copies")
	}
	if fp := fingerprintOf(""); fp.n != 0 || fp.sim != 0 {
		t.Errorf("empty text: %+v", fp)
	}
}

func TestDupIndexPrune(t *testing.T) {
	_, paras := seedText(t, "001")
	fp := fingerprintOf(strings.Join(paras, "\n\n"))
	x := newDupIndex()
	x.add(1, "A", testNow.Add(-100*time.Hour), fp)
	x.add(2, "B", testNow, fp)
	x.prune(testNow.Add(-72 * time.Hour))
	if x.len() != 1 {
		t.Fatalf("len %d after prune", x.len())
	}
	e, ok := x.find(&fp, "C")
	if !ok || e.id != 2 {
		t.Errorf("find after prune: %v %v", e, ok)
	}
	// The same source's own texts are not its syndicated copies.
	if _, ok := x.find(&fp, "B"); ok {
		t.Error("matched an item of the same source")
	}
}

// Two outlets carry one story: it is stored once, with both sources;
// after a restart the index is rebuilt from the store and a third copy
// joins the same item.
func TestRunSyndicatedCopies(t *testing.T) {
	_, paras := seedText(t, "000")
	orig := strings.Join(paras, "\n\n")
	copyText := strings.ReplaceAll(strings.Join(paras[:len(paras)-1], "\n\n"), "KAZINFORM", "BAQ.KZ")
	s := newSite(t)
	s.serve("/a.rss", "application/rss+xml", rss([3]string{"Брюссельде референдум талқыланды", "http://OUTLET/a/1", orig}))
	s.serve("/b.rss", "application/rss+xml", rss([3]string{"Еуроодақта жаңа Конституция жобасы таныстырылды", "http://OUTLET/b/77?utm_source=tg", copyText}))
	s.serve("/c.rss", "application/rss+xml", rss([3]string{"Shanyraq Dialogues: референдум", "http://OUTLET/c/5", "Жаңа тақырып. " + orig}))
	st := openStore(t)
	c := New(st, []config.Source{feedSource("A", s.URL+"/a.rss")}, testOptions(t))
	if r := runOnce(t, c)[0]; r.New != 1 {
		t.Fatalf("%s", r)
	}
	c = New(st, []config.Source{feedSource("A", s.URL+"/a.rss"), feedSource("B", s.URL+"/b.rss")}, testOptions(t))
	res := runOnce(t, c)
	if res[0].String() != "A: new 0, seen 1, skipped 0" || res[1].String() != "B: new 0, seen 1, skipped 0" {
		t.Errorf("%s / %s", res[0], res[1])
	}
	it, err := st.ItemByURL(s.URL + "/b/77")
	if err != nil {
		t.Fatal(err)
	}
	if it.URL != s.URL+"/a/1" || strings.Join(it.Sources(), ",") != "A,B" {
		t.Errorf("item %s sources %v", it.URL, it.Sources())
	}
	// A fresh collector (a restart) finds the story from the store.
	c = New(st, []config.Source{feedSource("C", s.URL+"/c.rss")}, testOptions(t))
	if r := runOnce(t, c)[0]; r.String() != "C: new 0, seen 1, skipped 0" {
		t.Errorf("%s", r)
	}
	it, _ = st.ItemByURL(s.URL + "/a/1")
	if strings.Join(it.Sources(), ",") != "A,B,C" {
		t.Errorf("sources %v", it.Sources())
	}
	if n, _ := st.CountItems(); n != 1 {
		t.Errorf("%d items stored, want 1", n)
	}
}
