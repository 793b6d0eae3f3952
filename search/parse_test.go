package search

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/lang"
)

func texts(toks []lang.Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func kinds(ps []problem) []problemKind {
	var out []problemKind
	for _, p := range ps {
		out = append(out, p.kind)
	}
	return out
}

func TestParseQuery(t *testing.T) {
	loc := time.FixedZone("UTC+5", 5*3600)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	tests := []struct {
		in       string
		words    []string
		phrases  []string // each phrase's tokens joined by a space
		excluded []string
		langs    []string
		sources  []string
		since    time.Time
		until    time.Time
		problems []problemKind
	}{
		{in: "Токаев Конституция", words: []string{"токаев", "конституция"}},
		{in: "  Тоқаевтың   Жарлығы ", words: []string{"тоқаевтың", "жарлығы"}},
		{in: "и в на", problems: []problemKind{probOnlyStopwords}},
		{in: "референдум и выборы", words: []string{"референдум", "выборы"}},
		{in: "Курултай курултай", words: []string{"курултай"}},
		{in: `"жаңа Конституция" референдум`, words: []string{"референдум"}, phrases: []string{"жаңа конституция"}},
		{in: `«Халық кеңесі»`, phrases: []string{"халық кеңесі"}},
		{in: `"Курултай`, words: []string{"курултай"}, problems: []problemKind{probUnbalancedQuote}},
		{in: `"народный совет`, phrases: []string{"народный совет"}, problems: []problemKind{probUnbalancedQuote}},
		{in: `Курултай"`, words: []string{"курултай"}},
		{in: `"Курултай" "и в" "о Курултае"`, words: []string{"курултай", "курултае"}},
		{in: `"и в"`, problems: []problemKind{probOnlyStopwords}},
		{in: `"участки за рубежом"`, phrases: []string{"участки за рубежом"}},
		{in: "референдум -Брюссель", words: []string{"референдум"}, excluded: []string{"брюссель"}},
		{in: `референдум -"жаңа Конституция"`, words: []string{"референдум"}, excluded: []string{"жаңа конституция"}},
		{in: "-Брюссель", excluded: []string{"брюссель"}, problems: []problemKind{probOnlyExcluded}},
		{in: "+a -b field:x", words: []string{"field"}, excluded: []string{"b"}},
		{in: "вице-президент", words: []string{"вице-президент"}},
		{in: "lang:kk Тоқаев", words: []string{"тоқаев"}, langs: []string{"kk"}},
		{in: "LANG:RU lang:kk", langs: []string{"ru", "kk"}},
		{in: "тіл:каз Тоқаев", words: []string{"тоқаев"}, langs: []string{"kk"}},
		{in: "lang:en Тоқаев", words: []string{"тоқаев"}, problems: []problemKind{probBadLang}},
		{in: "source:vlast Токаев", words: []string{"токаев"}, sources: []string{"vlast"}},
		{in: `source:"Kazinform (kk)" Токаев`, words: []string{"токаев"}, sources: []string{"kazinform kk"}},
		{in: "source:nur.kz", sources: []string{"nur kz"}},
		{in: "since:2026-03-01 ЦИК", words: []string{"цик"}, since: day(2026, 3, 1)},
		{in: "until:15.03.2026 ЦИК", words: []string{"цик"}, until: day(2026, 3, 16)},
		{in: "since:2026-03 until:2026-03 ЦИК", words: []string{"цик"}, since: day(2026, 3, 1), until: day(2026, 4, 1)},
		{in: "since:2026-03-10 until:2026-03-01 ЦИК", words: []string{"цик"}, since: day(2026, 3, 1), until: day(2026, 3, 11)},
		{in: "since:2026-13-45 ЦИК", words: []string{"цик"}, problems: []problemKind{probBadDate}},
		{in: "since:9999-01-01 ЦИК", words: []string{"цик"}, problems: []problemKind{probBadDate}},
		{in: "time:12:30 ЦИК", words: []string{"time", "12:30", "цик"}},
		{in: "<b>Иордания</b> <script>alert(1)</script>", words: []string{"иордания", "alert", "1"}},
		{in: "AT&amp;T", words: []string{"at"}},
		{in: "🙂🙂", problems: []problemKind{probNoWords}},
		{in: "?!…;:", problems: []problemKind{probNoWords}},
		{in: "   ", problems: []problemKind{probEmpty}},
		{in: "", problems: []problemKind{probEmpty}},
		{in: "\xff\xfeЦИК\x00", words: []string{"цик"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := parseQuery(tt.in, loc)
			if got := texts(p.words); !slices.Equal(got, tt.words) {
				t.Errorf("words = %q, want %q", got, tt.words)
			}
			var phrases, excluded, sources []string
			for _, ph := range p.phrases {
				phrases = append(phrases, strings.Join(texts(ph), " "))
			}
			for _, ex := range p.excluded {
				excluded = append(excluded, strings.Join(texts(ex), " "))
			}
			for _, s := range p.sources {
				sources = append(sources, strings.Join(s, " "))
			}
			if !slices.Equal(phrases, tt.phrases) {
				t.Errorf("phrases = %q, want %q", phrases, tt.phrases)
			}
			if !slices.Equal(excluded, tt.excluded) {
				t.Errorf("excluded = %q, want %q", excluded, tt.excluded)
			}
			if !slices.Equal(p.langs, tt.langs) {
				t.Errorf("langs = %q, want %q", p.langs, tt.langs)
			}
			if !slices.Equal(sources, tt.sources) {
				t.Errorf("sources = %q, want %q", sources, tt.sources)
			}
			if !p.since.Equal(tt.since) || !p.until.Equal(tt.until) {
				t.Errorf("since, until = %v, %v; want %v, %v", p.since, p.until, tt.since, tt.until)
			}
			if got := kinds(p.problems); !slices.Equal(got, tt.problems) {
				t.Errorf("problems = %v, want %v", got, tt.problems)
			}
		})
	}
}

func TestParseQueryLimits(t *testing.T) {
	loc := time.UTC
	long := strings.Repeat("Конституция референдум Курултай ", 150) // ~4,500 bytes
	p := parseQuery(long, loc)
	if len(p.words) != 3 {
		t.Errorf("repeated words: got %d distinct words, want 3", len(p.words))
	}
	if got := kinds(p.problems); !slices.Equal(got, []problemKind{probTooLong}) {
		t.Errorf("problems = %v, want too long", got)
	}

	var many []string
	for i := range 30 {
		many = append(many, "слово"+strings.Repeat("а", i%5)+string(rune('б'+i)))
	}
	p = parseQuery(strings.Join(many, " "), loc)
	if len(p.words) != maxTerms {
		t.Errorf("30 words: kept %d, want %d", len(p.words), maxTerms)
	}
	if len(p.problems) != 1 || p.problems[0].kind != probTooLong {
		t.Errorf("30 words: problems = %+v", p.problems)
	}

	p = parseQuery(strings.Repeat("я", 5000), loc)
	if len(p.words) != 1 || len(p.words[0].Text) > maxQueryBytes {
		t.Errorf("one huge token: words %d, first %d bytes", len(p.words), len(p.words[0].Text))
	}
}

func TestParsedString(t *testing.T) {
	loc := time.FixedZone("UTC+5", 5*3600)
	for _, in := range []string{
		"курултай",
		`"халық кеңесі" референдум -брюссель lang:kk since:2026-03-01 until:2026-03-15`,
		`цик source:"kazinform kk" -"жаңа конституция"`,
	} {
		p := parseQuery(in, loc)
		again := parseQuery(p.String(), loc)
		if p.String() != again.String() {
			t.Errorf("%q: String %q reads back as %q", in, p.String(), again.String())
		}
	}
}
