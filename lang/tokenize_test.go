package lang

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"kazakh letters kept, lowercased", "ҚАЗАҚСТАН Әділетті Ұлттық", []string{"қазақстан", "әділетті", "ұлттық"}},
		{"hyphenated words", "вице-президент Қасым-Жомарт іс-шараға", []string{"вице-президент", "қасым-жомарт", "іс-шараға"}},
		{"hyphen variants folded", "вице\u2010президент вице\u2011президент", []string{"вице-президент", "вице-президент"}},
		{"suffix after abbreviation", "ЖСДП-ның НАТО-дағы", []string{"жсдп-ның", "нато-дағы"}},
		{"numbers and dates", "15.03.2026 2026 3,5 15:45", []string{"15.03.2026", "2026", "3,5", "15:45"}},
		{"number range splits", "2020-2025 жж.", []string{"2020", "2025", "жж"}},
		{"sentence-final period is not a number", "2026. Бұл", []string{"2026", "бұл"}},
		{"digits and letters", "COVID-19 L-410 1-ші", []string{"covid-19", "l-410", "1-ші"}},
		{"apostrophes", "O’zbekiston д'Артаньян qazaqstan'", []string{"o'zbekiston", "д'артаньян", "qazaqstan"}},
		{"dashes separate", "Конституция – қоғамға серпін", []string{"конституция", "қоғамға", "серпін"}},
		{"spaced hyphen separates", "сондай - ақ", []string{"сондай", "ақ"}},
		{"zero-width and soft hyphen removed", "рефе\u00ADрен\u200Bдум \uFEFFсайлау\u2060", []string{"референдум", "сайлау"}},
		{"NFD composed", "и\u0306ә ё", []string{"йә", "ё"}},
		{"latin i in a kazakh word", "кiтап Kазақ", []string{"кітап", "казақ"}},
		{"latin word with kazakh suffix keeps latin", "Kazinform-ның", []string{"kazinform-ның"}},
		{"punctuation and emoji dropped", "«Shanyraq Dialogues» 😀 — (ЖСДП)!", []string{"shanyraq", "dialogues", "жсдп"}},
		{"invalid utf-8 separates", "ел\xffжер", []string{"ел", "жер"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeNumberFlag(t *testing.T) {
	for _, tok := range Tokenize("2026 жылғы 15.03.2026 3,5 1-ші L-410") {
		want := tok.Text == "2026" || tok.Text == "15.03.2026" || tok.Text == "3,5"
		if tok.Number != want {
			t.Errorf("%q: Number = %v, want %v", tok.Text, tok.Number, want)
		}
	}
}

// The offsets point into the original input even when characters were
// removed inside a token, so search can highlight text[Start:End].
func TestTokenizeOffsets(t *testing.T) {
	in := "«Жаңа\u00AD Конс\u200Bтитуция» — ВИЦЕ‑ПРЕЗИДЕНТ 15.03.2026\xff"
	toks := Tokenize(in)
	want := []struct{ text, span string }{
		{"жаңа", "Жаңа"},
		{"конституция", "Конс\u200Bтитуция"},
		{"вице-президент", "ВИЦЕ‑ПРЕЗИДЕНТ"},
		{"15.03.2026", "15.03.2026"},
	}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens %+v, want %d", len(toks), toks, len(want))
	}
	for i, w := range want {
		if toks[i].Text != w.text || in[toks[i].Start:toks[i].End] != w.span {
			t.Errorf("token %d = %q at %q, want %q at %q", i, toks[i].Text, in[toks[i].Start:toks[i].End], w.text, w.span)
		}
	}
}

// Every token of the seed articles is valid, lowercased, NFC and within its
// span, and spans are ordered and disjoint.
func TestTokenizeSeedsInvariants(t *testing.T) {
	text := seedText(t)
	prevEnd := 0
	for _, tok := range Tokenize(text) {
		checkToken(t, text, tok, prevEnd)
		prevEnd = tok.End
	}
}

func checkToken(t *testing.T, text string, tok Token, prevEnd int) {
	t.Helper()
	if tok.Start < prevEnd || tok.End <= tok.Start || tok.End > len(text) {
		t.Fatalf("bad span %d..%d after %d (len %d)", tok.Start, tok.End, prevEnd, len(text))
	}
	if !utf8.ValidString(tok.Text) || tok.Text == "" {
		t.Fatalf("invalid token text %q", tok.Text)
	}
	if strings.ContainsAny(tok.Text, "\u00AD\u200B\u200C\u200D\u2060\uFEFF") {
		t.Fatalf("invisible character left in %q", tok.Text)
	}
	for _, r := range tok.Text {
		if unicode.ToLower(r) != r {
			t.Fatalf("upper case left in %q", tok.Text)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"Қ.-Ж. Тоқаев 15.03.2026 референдумға", "вице-президент 3,5 %", "рефе\u00ADрен\u200Bдум",
		"и\u0306 ё\u0308", "кiтап Kазақ", "\xff\xfe-\u2011-", "1-ші 2020-2025 COVID-19", "'-'-'", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prevEnd := 0
		for _, tok := range Tokenize(s) {
			checkToken(t, s, tok, prevEnd)
			prevEnd = tok.End
		}
		// The rest of the text API takes the same input without panicking.
		if l, c := Detect(s); c < 0 || c > 1 || (l != KK && l != RU && l != Other) {
			t.Fatalf("Detect(%q) = %s, %v", s, l, c)
		}
		for _, a := range Anchors(s) {
			if !utf8.ValidString(a) {
				t.Fatalf("invalid anchor %q", a)
			}
		}
		for _, l := range []Lang{KK, RU} {
			for _, term := range Terms(s, l) {
				if !utf8.ValidString(term) {
					t.Fatalf("invalid term %q", term)
				}
			}
		}
	})
}
