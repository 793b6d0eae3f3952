package lang

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every form of a group in testdata/stems_{kk,ru}.tsv must get one stem, and
// different groups should get different stems (collisions are counted and
// reported; the list in apart.tsv is strict).
func TestStemGroups(t *testing.T) {
	for _, tc := range []struct {
		file string
		l    Lang
		min  int
	}{{"stems_kk.tsv", KK, 200}, {"stems_ru.tsv", RU, 100}} {
		t.Run(string(tc.l), func(t *testing.T) {
			rows := readTSV(t, tc.file, 2)
			if len(rows) < tc.min {
				t.Fatalf("%s has %d forms, want at least %d", tc.file, len(rows), tc.min)
			}
			stemOf := map[string]string{} // group -> stem
			var order []string
			for _, r := range rows {
				group, form := r[0], r[1]
				got := Stem(lowerWord(form), tc.l)
				if want, ok := stemOf[group]; !ok {
					stemOf[group] = got
					order = append(order, group)
				} else if got != want {
					t.Errorf("%s: Stem(%q) = %q, but the group's first form gave %q", group, form, got, want)
				}
			}
			groupOf := map[string]string{}
			collisions := 0
			for _, g := range order {
				if other, ok := groupOf[stemOf[g]]; ok {
					collisions++
					t.Logf("groups %q and %q share the stem %q", other, g, stemOf[g])
				}
				groupOf[stemOf[g]] = g
			}
			t.Logf("%s: %d forms in %d groups, %d groups collide", tc.l, len(rows), len(order), collisions)
			if collisions > 0 {
				t.Errorf("%d distinct groups collide", collisions)
			}
		})
	}
}

func TestStemApart(t *testing.T) {
	rows := readTSV(t, "apart.tsv", 3)
	for _, r := range rows {
		l := Lang(r[0])
		a, b := Stem(r[1], l), Stem(r[2], l)
		if a == b {
			t.Errorf("%s: %q and %q share the stem %q", l, r[1], r[2], a)
		}
	}
	t.Logf("%d pairs kept apart", len(rows))
}

func TestStemCases(t *testing.T) {
	tests := []struct {
		word string
		l    Lang
		want string
	}{
		{"референдумға", KK, "референдум"},
		{"конституциясының", KK, "конституция"},
		{"бельгиядағы", KK, "бельгия"},
		{"жсдп-ның", KK, "жсдп"},
		{"kazinform-ның", KK, "kazinform"},
		{"халқының", KK, "халық"},
		{"аймағы", KK, "аймақ"},
		{"қазақстан", KK, "қазақстан"},
		{"2026", KK, "2026"},
		{"ёлки", RU, "елк"},
		{"конституции", RU, "конституц"},
		{"курултаем", RU, "курулт"},
		{"токаев", RU, "тока"},
		{"аким", RU, "аким"},
		{"акимом", RU, "аким"},
		{"режим", RU, "режим"},
		{"режима", RU, "режим"},
		{"новым", RU, "нов"},
		{"referendum", RU, "referendum"},
		{"референдумға", Other, "референдумға"},
		{"", KK, ""},
		{"", RU, ""},
	}
	for _, tt := range tests {
		if got := Stem(tt.word, tt.l); got != tt.want {
			t.Errorf("Stem(%q, %s) = %q, want %q", tt.word, tt.l, got, tt.want)
		}
	}
}

// Stems of KazNERD words stay consistent: a word that is the stem of some
// other form is not cut further itself. Reported, and held to a low bound.
func TestStemKazNERDConsistency(t *testing.T) {
	vocab := map[string]bool{}
	for _, line := range kaznerdSample(t) {
		for _, w := range Words(line) {
			vocab[w] = true
		}
	}
	isStem := map[string]bool{}
	for w := range vocab {
		if s := Stem(w, KK); s != w {
			isStem[s] = true
		}
	}
	bad := 0
	for w := range vocab {
		if isStem[w] && Stem(w, KK) != w {
			bad++
		}
	}
	t.Logf("%d words, %d of them cut although they are another form's stem", len(vocab), bad)
	if bad > len(vocab)/200 {
		t.Errorf("%d inconsistent stems out of %d words", bad, len(vocab))
	}
}

func FuzzStem(f *testing.F) {
	for _, s := range []string{"референдумдағы", "ның", "-ның", "а-", "ёё", "\xff", "қ", "вице-президентке", "ыңыз", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range []Lang{KK, RU, Other} {
			got := Stem(s, l)
			if utf8.ValidString(s) && !utf8.ValidString(got) {
				t.Fatalf("Stem(%q, %s) = %q: invalid UTF-8", s, l, got)
			}
			if l == KK && len(got) > len(s)+len("қ") {
				t.Fatalf("Stem(%q, KK) = %q grew", s, got)
			}
		}
		if k := NameKey(s); utf8.ValidString(s) && !utf8.ValidString(k) {
			t.Fatalf("NameKey(%q) = %q: invalid UTF-8", s, k)
		}
		if m, ok := Month(s); ok && (m < 1 || m > 12) {
			t.Fatalf("Month(%q) = %d", s, m)
		}
		for _, w := range Words(s) {
			for _, l := range []Lang{KK, RU} {
				if got := Stem(w, l); !utf8.ValidString(got) || (got == "" && w != "") && !strings.ContainsAny(w, "-") {
					t.Fatalf("Stem(%q, %s) = %q", w, l, got)
				}
			}
		}
	})
}

// Distinct dictionary words should keep distinct stems. Words that share a
// stem with another word of testdata/lemmas_kk.txt are counted and
// reported; only the documented homographs may: adjectives in -ды/-ді/-ты/-ті
// (spelt like the accusative of their noun) and in -ғы/-гі.
func TestStemLemmaCollisions(t *testing.T) {
	byDesign := map[string]bool{
		"басты": true, "күшті": true, "маңызды": true, "заңды": true, "жауапты": true,
		"сенімді": true, "қазіргі": true, "негізгі": true,
	}
	b, err := os.ReadFile("testdata/lemmas_kk.txt")
	if err != nil {
		t.Fatal(err)
	}
	byStem := map[string][]string{}
	n := 0
	for _, w := range strings.Split(string(b), "\n") {
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		n++
		s := Stem(w, KK)
		byStem[s] = append(byStem[s], w)
	}
	colliding, unexpected := 0, 0
	for s, ws := range byStem {
		if len(ws) < 2 {
			continue
		}
		colliding += len(ws)
		t.Logf("stem %q: %v", s, ws)
		expected := 0
		for _, w := range ws {
			if byDesign[w] {
				expected++
			}
		}
		if expected != len(ws)-1 {
			unexpected++
			t.Errorf("distinct words %v share the stem %q", ws, s)
		}
	}
	t.Logf("%d distinct words, %d share a stem with another (%.1f%%), %d groups unexpected",
		n, colliding, 100*float64(colliding)/float64(n), unexpected)
}
