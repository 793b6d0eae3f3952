package search

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/refdigest/refdigest/lang"
)

// TestConceptPrefilter: the prefiltered concept scan finds exactly what
// lang.Concepts finds, on every text of the fixtures.
func TestConceptPrefilter(t *testing.T) {
	ac := newAnalysisCtx()
	var texts []string
	texts = append(texts, "Халық кеңесі құрылады", "Народный совет и Курултай")
	for _, f := range loadCorpus(t) {
		texts = append(texts, f.Title, f.Body)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "kaznerd_sample.kk.txt"))
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, strings.Split(string(b), "\n")...)
	texts = append(texts, "Орталық сайлау комиссиясы", "центральная избирательная комиссия", "ЦИК", "Ата заңға", "Курултая",
		"избирательных участков", "дауыс берді", "проголосовал", "Мемлекет басшысы", "people's council", "Constitutional Court")
	found, multiOnly := 0, 0
	for _, text := range texts {
		want := lang.Concepts(text)
		multi, single := ac.concepts(text, lang.Tokenize(text))
		if got := mergeIDs(multi, single); !slices.Equal(got, want) {
			t.Errorf("%.80q: got %v + %v, want %v", text, multi, single, want)
		}
		for _, id := range multi {
			if slices.Contains(single, id) {
				t.Errorf("%.80q: %s both multi-word and single", text, id)
			}
		}
		found += len(want)
		multiOnly += len(multi)
	}
	if found < 100 || multiOnly < 5 {
		t.Errorf("only %d concepts (%d multi-word) in the fixtures: the test checks little", found, multiOnly)
	}
}

func TestAnalyzer(t *testing.T) {
	text := "Қазақстанның жаңа Конституциясы және Тоқаевтың 15 наурыздағы Жарлығы"
	var stems, keys []string
	for _, tok := range (Analyzer{Lang: lang.KK}).Analyze([]byte(text)) {
		stems = append(stems, string(tok.Term))
		if got := text[tok.Start:tok.End]; strings.ContainsAny(got, " ") {
			t.Errorf("token offsets cover %q", got)
		}
	}
	for _, tok := range (Analyzer{Lang: lang.KK, KeyMode: true}).Analyze([]byte(text)) {
		keys = append(keys, string(tok.Term))
	}
	// және is a stopword; positions keep its place
	if want := []string{"қазақстан", "жаңа", "конституция", "тоқаев", "15", "наурыз", "жарлық"}; !slices.Equal(stems, want) {
		t.Errorf("stems %q, want %q", stems, want)
	}
	if !slices.Contains(keys, "tokaev") || !slices.Contains(keys, "#m3") {
		t.Errorf("keys %q lack tokaev or #m3", keys)
	}
	ru := (Analyzer{Lang: lang.RU}).Analyze([]byte("указ Токаева о референдуме"))
	if len(ru) != 3 || ru[2].Position != 4 {
		t.Errorf("ru tokens %v", ru)
	}
}
