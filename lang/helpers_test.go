package lang

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// seedSentence is one line of testdata/seed_sentences.tsv.
type seedSentence struct {
	seed, lang, text string
}

// readTSV returns the non-comment lines of a testdata file split at tabs.
func readTSV(t testing.TB, name string, fields int) [][]string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.SplitN(line, "\t", fields)
		if len(cols) != fields {
			t.Fatalf("%s: bad line %q", name, line)
		}
		rows = append(rows, cols)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func seedSentences(t testing.TB) []seedSentence {
	t.Helper()
	var out []seedSentence
	for _, c := range readTSV(t, "seed_sentences.tsv", 3) {
		out = append(out, seedSentence{c[0], c[1], c[2]})
	}
	return out
}

// seedText is the seed sentences joined back into articles: a blank line
// between articles, a line break after a line without final punctuation
// (headlines, datelines), a space otherwise.
func seedText(t testing.TB) string {
	t.Helper()
	var b strings.Builder
	prev, prevText := "", ""
	for _, s := range seedSentences(t) {
		switch {
		case prev == "":
		case s.seed != prev:
			b.WriteString("\n\n")
		case strings.ContainsAny(prevText[len(prevText)-1:], ".!?»"):
			b.WriteByte(' ')
		default:
			b.WriteByte('\n')
		}
		b.WriteString(s.text)
		prev, prevText = s.seed, s.text
	}
	return b.String()
}

func kaznerdSample(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/kaznerd_sample.kk.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}
