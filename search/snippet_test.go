package search

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/refdigest/refdigest/lang"
)

func TestSnippet(t *testing.T) {
	corpus := map[string]fixtureItem{}
	for _, f := range loadCorpus(t) {
		corpus[f.Key] = f
	}
	filler := strings.Repeat("Бүгін ауа райы жылы болды. ", 20)
	tests := []struct {
		name  string
		text  string
		lang  lang.Lang
		query string
		marks []string // the marked words, in order
		start bool     // the snippet starts at the text's beginning
	}{
		{name: "rare name deep in a long text", text: corpus["s-diplomats"].Body, lang: lang.RU, query: "Шалданбай", marks: []string{"Шалданбай"}},
		{name: "inflected kk form", text: filler + "Қазақстанның жаңа Конституциясының жобасы талқыланды.", lang: lang.KK, query: "Конституция", marks: []string{"Конституциясының"}},
		{name: "ru query, kk name", text: filler + "Президент Қасым-Жомарт Тоқаевтың Жарлығы жарияланды.", lang: lang.KK, query: "Токаев", marks: []string{"Тоқаевтың"}},
		{name: "concept across languages", text: filler + "Сайлау учаскелері ертең ашылады.", lang: lang.KK, query: "выборы", marks: []string{"Сайлау"}},
		{name: "best window has both words",
			text: "Референдум туралы жаңалық. " + filler + "Брюссельде референдум талқыланды. " + filler,
			lang: lang.KK, query: "референдум Брюссель", marks: []string{"Брюссельде", "референдум"}},
		{name: "phrase words", text: filler + "Халық кеңесі құрылады.", lang: lang.KK, query: `"Халық кеңесі"`, marks: []string{"Халық", "кеңесі"}},
		{name: "no match gives the beginning", text: filler, lang: lang.KK, query: "Курултай", start: true},
		{name: "match at the start", text: "Курултай созывается. " + filler, lang: lang.RU, query: "Курултай", marks: []string{"Курултай"}, start: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMatcher(parseQuery(tt.query, time.UTC), nil)
			got, marks := snippet(tt.text, tt.lang, m, snippetWidth)
			body := strings.TrimSuffix(strings.TrimPrefix(got, "…"), "…")
			if n := utf8.RuneCountInString(body); n > snippetWidth+3 || n < snippetWidth/2 {
				t.Errorf("snippet has %d characters: %q", n, got)
			}
			if strings.ContainsAny(got, "\n\t") || strings.Contains(got, "  ") {
				t.Errorf("whitespace not collapsed: %q", got)
			}
			if tt.start != !strings.HasPrefix(got, "…") {
				t.Errorf("starts with …: %v, want %v: %q", strings.HasPrefix(got, "…"), !tt.start, got)
			}
			// the cut falls between words of the original text
			first, _ := utf8.DecodeRuneInString(body)
			if !unicode.IsLetter(first) && !unicode.IsDigit(first) {
				t.Errorf("snippet starts inside punctuation: %q", got)
			}
			at := strings.Index(strings.Join(strings.Fields(tt.text), " "), body)
			if at < 0 {
				t.Fatalf("snippet is not a piece of the text: %q", got)
			}
			var words []string
			for _, mk := range marks {
				if mk[0] < 0 || mk[1] > len(got) || mk[0] >= mk[1] {
					t.Fatalf("mark %v out of range of %q", mk, got)
				}
				words = append(words, got[mk[0]:mk[1]])
			}
			if strings.Join(words, "|") != strings.Join(tt.marks, "|") {
				t.Errorf("marked %q, want %q in %q", words, tt.marks, got)
			}
		})
	}
}

func TestSnippetEdgeCases(t *testing.T) {
	m := newMatcher(parseQuery("Курултай", time.UTC), newTermCache(100))
	if s, marks := snippet("", lang.RU, m, snippetWidth); s != "" || marks != nil {
		t.Errorf("empty text: %q %v", s, marks)
	}
	if s, _ := snippet("…!!! ???", lang.RU, m, snippetWidth); s != "" {
		t.Errorf("text without words: %q", s)
	}
	short := "Курултай."
	if s, marks := snippet(short, lang.RU, m, snippetWidth); s != short || len(marks) != 1 || s[marks[0][0]:marks[0][1]] != "Курултай" {
		t.Errorf("short text: %q %v", s, marks)
	}
	// one word longer than the snippet: still cut on its boundaries
	long := strings.Repeat("я", 500) + " Курултай"
	if s, _ := snippet(long, lang.RU, m, snippetWidth); !strings.HasSuffix(s, "Курултай") {
		t.Errorf("long word: snippet %q", s)
	}
}

func TestTitleMarks(t *testing.T) {
	m := newMatcher(parseQuery("Токаев указ", time.UTC), nil)
	title := "Тоқаев республикалық референдум өткізу туралы Жарлыққа қол қойды"
	var kk []string
	for _, mk := range m.marks(title, lang.KK) {
		kk = append(kk, title[mk[0]:mk[1]])
	}
	// указ and Жарлық are one gazetteer concept
	if strings.Join(kk, " ") != "Тоқаев Жарлыққа" {
		t.Errorf("marked %q", kk)
	}
	title = "Токаев подписал указ о проведении референдума"
	var got []string
	for _, mk := range m.marks(title, lang.RU) {
		got = append(got, title[mk[0]:mk[1]])
	}
	if strings.Join(got, " ") != "Токаев указ" {
		t.Errorf("marked %q", got)
	}
}
