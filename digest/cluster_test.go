package digest

import (
	"context"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/refdigest/refdigest/store"
)

// fixtureItem is an item of testdata/stories.json with its gold story.
type fixtureItem struct {
	store.Item
	Story string `json:"story"`
}

func loadFixture(t testing.TB) []fixtureItem {
	t.Helper()
	raw, err := os.ReadFile("testdata/stories.json")
	if err != nil {
		t.Fatal(err)
	}
	var items []fixtureItem
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatal(err)
	}
	return items
}

func fixtureStoreItems(fx []fixtureItem) []store.Item {
	out := make([]store.Item, len(fx))
	for i, f := range fx {
		out[i] = f.Item
	}
	return out
}

// pairScores compares a clustering with the gold one over all pairs of items.
type pairScores struct {
	tp, fp, fn    int
	crossWrong    int // pairs of different stories and languages put together
	precision, f1 float64
	recall        float64
}

func scorePairs(gold []string, langs []string, pred []int) pairScores {
	var s pairScores
	for i := range gold {
		for j := i + 1; j < len(gold); j++ {
			same, together := gold[i] == gold[j], pred[i] == pred[j]
			switch {
			case same && together:
				s.tp++
			case together:
				s.fp++
				if langs[i] != langs[j] {
					s.crossWrong++
				}
			case same:
				s.fn++
			}
		}
	}
	s.rates()
	return s
}

// rates sets precision, recall and F1 from the counts.
func (s *pairScores) rates() {
	if s.tp+s.fp > 0 {
		s.precision = float64(s.tp) / float64(s.tp+s.fp)
	}
	if s.tp+s.fn > 0 {
		s.recall = float64(s.tp) / float64(s.tp+s.fn)
	}
	if s.precision+s.recall > 0 {
		s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall)
	}
}

func clusterFixture(t testing.TB, fx []fixtureItem) []int {
	t.Helper()
	docs, err := prepare(context.Background(), fixtureStoreItems(fx), newVocab())
	if err != nil {
		t.Fatal(err)
	}
	weigh(docs)
	pred := make([]int, len(fx))
	for gi, g := range clusterDocs(docs) {
		for _, i := range g {
			pred[i] = gi
		}
	}
	return pred
}

func TestClusterFixture(t *testing.T) {
	// The neighbouring-language items never reach clustering (digestible drops them).
	var fx []fixtureItem
	for _, f := range loadFixture(t) {
		if f.Lang == LangKK || f.Lang == LangRU {
			fx = append(fx, f)
		}
	}
	stories := map[string]bool{}
	gold, langs := make([]string, len(fx)), make([]string, len(fx))
	for i, f := range fx {
		gold[i], langs[i] = f.Story, f.Lang
		stories[f.Story] = true
	}
	if len(fx) < 30 || len(stories) < 8 {
		t.Fatalf("fixture has %d items about %d stories, want at least 30 and 8", len(fx), len(stories))
	}
	pred := clusterFixture(t, fx)
	s := scorePairs(gold, langs, pred)
	t.Logf("pairwise precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d), cross-language wrong pairs %d",
		s.precision, s.recall, s.f1, s.tp, s.fp, s.fn, s.crossWrong)
	byPred := map[int][]string{}
	for i, p := range pred {
		byPred[p] = append(byPred[p], fx[i].Story+"/"+fx[i].Lang)
	}
	var lines []string
	for _, v := range byPred {
		lines = append(lines, strings.Join(v, " "))
	}
	sort.Strings(lines)
	t.Logf("clusters:\n%s", strings.Join(lines, "\n"))
	if s.f1 < 0.85 {
		t.Errorf("F1 %.3f < 0.85", s.f1)
	}
	if s.crossWrong > 0 {
		t.Errorf("%d cross-language pairs of different stories merged", s.crossWrong)
	}
}

func TestScorePairs(t *testing.T) {
	gold := []string{"a", "a", "b", "b"}
	langs := []string{"kk", "ru", "kk", "ru"}
	if s := scorePairs(gold, langs, []int{0, 0, 1, 1}); s.f1 != 1 || s.crossWrong != 0 {
		t.Errorf("perfect clustering scored %+v", s)
	}
	s := scorePairs(gold, langs, []int{0, 0, 0, 1})
	if s.tp != 1 || s.fp != 2 || s.fn != 1 || s.crossWrong != 1 {
		t.Errorf("scores %+v", s)
	}
}

func TestNearDuplicates(t *testing.T) {
	fx := loadFixture(t)
	docs, err := prepare(context.Background(), fixtureStoreItems(fx), newVocab())
	if err != nil {
		t.Fatal(err)
	}
	var multi [][]string
	for _, g := range nearDuplicates(docs) {
		if len(g) > 1 {
			var urls []string
			for _, i := range g {
				urls = append(urls, fx[i].URL)
			}
			multi = append(multi, urls)
		}
	}
	// Only the syndicated copy of the voter-list item is a near-duplicate in the fixture.
	if len(multi) != 1 || len(multi[0]) != 2 || !strings.Contains(multi[0][1], "informburo") {
		t.Errorf("near-duplicate groups = %v", multi)
	}
	a := minhash("Орталық сайлау комиссиясы референдумға арналған бюллетень мәтінін бекітті және оны басуға жіберді")
	if sim := similarity(a, a); sim != 1 {
		t.Errorf("self similarity %v", sim)
	}
	b := minhash("Мемлекет басшысы Қазақстан халқына үндеу жолдап, азаматтарды дауыс беруге шақырды")
	if sim := similarity(a, b); sim > 0.2 {
		t.Errorf("different texts have similarity %v", sim)
	}
	if minhash("") != nil || similarity(nil, a) != 0 {
		t.Error("empty text has a signature")
	}
}
