package lang

import (
	"slices"
	"strings"
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
