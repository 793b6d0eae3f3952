package lang

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestIsStopword(t *testing.T) {
	tests := []struct {
		word string
		l    Lang
		want bool
	}{
		{"және", KK, true}, {"үшін", KK, true}, {"бойынша", KK, true}, {"деп", KK, true},
		{"и", RU, true}, {"который", RU, true}, {"её", RU, true}, {"для", RU, true},
		{"және", RU, false}, {"и", KK, false},
		{"және", Other, true}, {"и", Other, true},
		{"референдум", KK, false}, {"референдум", RU, false}, {"жыл", KK, false}, {"год", RU, false},
		{"", KK, false},
	}
	for _, tt := range tests {
		if got := IsStopword(tt.word, tt.l); got != tt.want {
			t.Errorf("IsStopword(%q, %s) = %v, want %v", tt.word, tt.l, got, tt.want)
		}
	}
}

// No stopword is a gazetteer term or a month: dropping it would lose them.
func TestStopwordsKeepDomainWords(t *testing.T) {
	for _, l := range []Lang{KK, RU} {
		list := Stopwords(l)
		if len(list) < 150 || !slices.IsSorted(list) {
			t.Errorf("%s: %d stopwords, sorted %v", l, len(list), slices.IsSorted(list))
		}
		for _, w := range list {
			if w != strings.ToLower(w) || strings.TrimSpace(w) != w {
				t.Errorf("%s stopword %q is not a lowercased token", l, w)
			}
			if ids := Concepts(w); len(ids) > 0 {
				t.Errorf("%s stopword %q is the concept %v", l, w, ids)
			}
			if _, ok := Month(w); ok {
				t.Errorf("%s stopword %q is a month", l, w)
			}
		}
	}
	if Stopwords(Other) != nil {
		t.Error("Stopwords(Other) should be nil")
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		l    Lang
		want []string
	}{
		{"Қ.-Ж. Тоқаев референдумға және сайлауға қатысты 2026 жылы", KK,
			[]string{"тоқаев", "референдум", "сайлау", "2026", "жыл"}},
		{"Президент К. Токаев подписал указ о референдуме в 2026 году", RU,
			[]string{"президент", "тока", "подписа", "указ", "референдум", "2026", "год"}},
		{"The referendum and the vote", Other, []string{"the", "referendum", "and", "the", "vote"}},
	}
	for _, tt := range tests {
		if got := Terms(tt.in, tt.l); strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Terms(%q, %s) = %v, want %v", tt.in, tt.l, got, tt.want)
		}
	}
}

func TestStemmer(t *testing.T) {
	s := NewStemmer(KK, 2)
	for range 3 {
		for _, w := range []string{"референдумға", "сайлауда", "елдің"} {
			if got, want := s.Stem(w), Stem(w, KK); got != want {
				t.Fatalf("Stemmer.Stem(%q) = %q, want %q", w, got, want)
			}
		}
	}
	if len(s.memo) > 2 {
		t.Errorf("cache holds %d words, limit 2", len(s.memo))
	}
}

func TestStemmerConcurrent(t *testing.T) {
	s := NewStemmer(RU, 50)
	words := Words("Президент подписал указ о проведении республиканского референдума по проекту новой Конституции")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 500 {
				w := words[(i+g)%len(words)]
				if got, want := s.Stem(w), Stem(w, RU); got != want {
					t.Errorf("Stem(%q) = %q, want %q", w, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestStemmerTerms(t *testing.T) {
	text := seedText(t)
	st := NewStemmer(KK, 0)
	for range 2 {
		if got, want := st.Terms(text), Terms(text, KK); !slices.Equal(got, want) {
			t.Fatalf("Stemmer.Terms differs from Terms")
		}
	}
}
