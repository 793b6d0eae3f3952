package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSearchFoldsStories(t *testing.T) {
	env := newFixtureEnv(t)
	res := mustSearch(t, env.ix, "Токаев подписал указ", Query{})
	if len(res.Hits) == 0 || len(res.Hits[0].Related) != 1 {
		t.Fatalf("got %v", env.keys(res.Hits))
	}
	got := []string{env.keyOf[res.Hits[0].Item.ID], env.keyOf[res.Hits[0].Related[0].ID]}
	slices.Sort(got)
	if !slices.Equal(got, []string{"ru-decree", "ru-decree-vlast"}) {
		t.Errorf("folded %v", got)
	}
	if res.Total != len(res.Hits) {
		t.Errorf("total %d counts the folded item (hits %d)", res.Total, len(res.Hits))
	}
	// the Kazakh and Russian reports of a story stay apart: each reader may want their own
	res = mustSearch(t, env.ix, "Тоқаев Жарлыққа", Query{})
	for _, h := range res.Hits {
		for _, r := range h.Related {
			if r.Lang != h.Item.Lang {
				t.Errorf("folded across languages: %s into %s", env.keyOf[r.ID], env.keyOf[h.Item.ID])
			}
		}
	}
}

func TestSearchFilters(t *testing.T) {
	env := newFixtureEnv(t)
	loc := time.FixedZone("UTC+5", 5*3600)
	tests := []struct {
		q     string
		base  string // the same query without the filter
		o     Query
		check func(env *fixtureEnv, h Hit) bool
	}{
		{"Конституция lang:kk", "Конституция", Query{}, func(_ *fixtureEnv, h Hit) bool { return h.Item.Lang == "kk" }},
		{"Конституция", "Конституция", Query{Lang: "ru"}, func(_ *fixtureEnv, h Hit) bool { return h.Item.Lang == "ru" }},
		{"Конституция lang:kk", "Конституция", Query{Lang: "ru"}, func(_ *fixtureEnv, h Hit) bool { return h.Item.Lang == "kk" }},
		{"референдум source:vlast", "референдум", Query{}, func(_ *fixtureEnv, h Hit) bool { return h.Item.Source == "Vlast" }},
		{`референдум source:"NUR.KZ (kk)"`, "референдум", Query{}, func(_ *fixtureEnv, h Hit) bool { return h.Item.Source == "NUR.KZ (kk)" }},
		{"референдум since:2026-03-15", "референдум", Query{}, func(_ *fixtureEnv, h Hit) bool {
			return !h.Item.Published.Before(time.Date(2026, 3, 15, 0, 0, 0, 0, loc))
		}},
		{"референдум until:2026-02-01", "референдум", Query{}, func(_ *fixtureEnv, h Hit) bool {
			return h.Item.Published.Before(time.Date(2026, 2, 2, 0, 0, 0, 0, loc))
		}},
		{"референдум -Конституция", "референдум", Query{}, func(_ *fixtureEnv, h Hit) bool {
			return !strings.Contains(strings.ToLower(h.Item.Title+h.Item.Body), "конституц")
		}},
		{`Конституция -"жаңа Конституция" lang:kk`, "Конституция lang:kk", Query{}, func(_ *fixtureEnv, h Hit) bool {
			return !strings.Contains(strings.ToLower(h.Item.Title+" "+h.Item.Body), "жаңа конституц")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res := mustSearch(t, env.ix, tt.q, tt.o.withLimit(50))
			if len(res.Hits) == 0 {
				t.Fatalf("no hits")
			}
			for _, h := range res.Hits {
				if !tt.check(env, h) {
					t.Errorf("%s does not pass the filter", env.keyOf[h.Item.ID])
				}
			}
			// The filter leaves out some of what the query alone finds.
			all := mustSearch(t, env.ix, tt.base, Query{Limit: 50})
			if res.Total >= all.Total {
				t.Errorf("filter did not narrow: %d hits, %d without it", res.Total, all.Total)
			}
		})
	}
}

func (o Query) withLimit(n int) Query { o.Limit = n; return o }

func TestSearchBrowseByFilter(t *testing.T) {
	env := newFixtureEnv(t)
	res := mustSearch(t, env.ix, "source:vlast", Query{Limit: 50})
	if res.Err != "" || len(res.Hits) == 0 {
		t.Fatalf("err %q, %d hits", res.Err, len(res.Hits))
	}
	for i, h := range res.Hits {
		if h.Item.Source != "Vlast" {
			t.Errorf("%s from %s", env.keyOf[h.Item.ID], h.Item.Source)
		}
		if i > 0 && h.Item.Published.After(res.Hits[i-1].Item.Published) {
			t.Errorf("not newest first at %d", i)
		}
	}
}

func TestSearchPaging(t *testing.T) {
	env := newFixtureEnv(t)
	all := mustSearch(t, env.ix, "референдум", Query{Limit: 50})
	if all.Total < 12 || len(all.Hits) != all.Total {
		t.Fatalf("total %d, hits %d", all.Total, len(all.Hits))
	}
	var paged []uint64
	for off := 0; off < all.Total; off += 5 {
		res := mustSearch(t, env.ix, "референдум", Query{Offset: off, Limit: 5})
		if res.Total != all.Total {
			t.Errorf("offset %d: total %d, want %d", off, res.Total, all.Total)
		}
		paged = append(paged, hitIDs(res)...)
	}
	if !slices.Equal(paged, hitIDs(all)) {
		t.Errorf("pages %v != all %v", paged, hitIDs(all))
	}
	if res := mustSearch(t, env.ix, "референдум", Query{Offset: 5000}); len(res.Hits) != 0 || res.Total != all.Total+len(foldedIn(all)) {
		t.Errorf("far offset: %d hits, total %d", len(res.Hits), res.Total)
	}
	if res := mustSearch(t, env.ix, "референдум", Query{}); len(res.Hits) != 5 {
		t.Errorf("default limit gave %d hits", len(res.Hits))
	}
}

func foldedIn(res Results) []uint64 {
	var out []uint64
	for _, h := range res.Hits {
		out = append(out, relatedIDs(h)...)
	}
	return out
}

func TestSearchRecency(t *testing.T) {
	items := newMemItems()
	now := testNow
	old := items.add(newItem("https://t/old", "ru", "Курултай собрался", "Текст.", now.Add(-60*24*time.Hour)))
	fresh := items.add(newItem("https://t/new", "ru", "Курултай собрался", "Текст.", now.Add(-24*time.Hour)))
	// a better match, a month old, stays ahead of a fresh weaker one
	strong := items.add(newItem("https://t/strong", "ru", "Курултай: Курултай и депутаты Курултая", "Курултай.", now.Add(-30*24*time.Hour)))
	ix, err := Open(t.TempDir(), items, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res := mustSearch(t, ix, "курултай", Query{Limit: 10})
	ids := hitIDs(res)
	if len(res.Hits) == 2 && len(res.Hits[1].Related) == 1 {
		// the two identical items are one story: the newer one leads it
		ids = append(ids, res.Hits[1].Related[0].ID)
	}
	if !slices.Equal(ids, []uint64{strong.ID, fresh.ID, old.ID}) {
		t.Errorf("order %v, want strong %d, fresh %d, old %d", ids, strong.ID, fresh.ID, old.ID)
	}
}

func TestSearchSuggest(t *testing.T) {
	env := newFixtureEnv(t)
	tests := []struct{ q, want string }{
		{"Курултай зюзюка", "курултай"},
		{"Курултай source:vlast", "курултай"},
		{`"Курултай Брюссель"`, "курултай"},
		{`"Курултая депутаты"`, "курултая депутаты"},
		{"зюзюка", ""},
	}
	for _, tt := range tests {
		res := mustSearch(t, env.ix, tt.q, Query{})
		if res.Total != 0 {
			t.Errorf("%q found %d", tt.q, res.Total)
			continue
		}
		if res.Suggest != tt.want {
			t.Errorf("%q: suggest %q, want %q", tt.q, res.Suggest, tt.want)
		}
		if res.Suggest != "" {
			if r := mustSearch(t, env.ix, res.Suggest, Query{}); r.Total == 0 {
				t.Errorf("%q: suggestion %q finds nothing", tt.q, res.Suggest)
			}
		}
	}
	if res := mustSearch(t, env.ix, "Курултай", Query{}); res.Suggest != "" {
		t.Errorf("suggestion for a query with results: %q", res.Suggest)
	}
}

// TestBadInput: every kind of odd query gets results or a message, never an
// error or a panic.
func TestBadInput(t *testing.T) {
	env := newFixtureEnv(t)
	long := strings.Repeat("Конституция ", 400)[:4000]
	tests := []struct {
		q       string
		errText bool // Results.Err explains something
		hits    bool
	}{
		{"", true, false},
		{"   \n\t ", true, false},
		{long, true, true},
		{strings.Repeat("ж", 4000), true, false},
		{strings.Repeat("!?.,;:", 700), true, false},
		{`"Курултай`, true, true},
		{`""`, true, false},
		{`"""`, true, false},
		{`«Халық кеңесі`, true, true},
		{"+a -b field:x", false, false},
		{"+Курултай -Мажилис title:x AND OR NOT ~2 ^3 *", false, false},
		{"курулт*", false, true},
		{`/.*/ field:"x y"`, false, false},
		{"<b>Курултай</b>", false, true},
		{"<script>alert('x')</script> Курултай", false, false},
		{"&lt;Курултай&gt;", false, true},
		{"🙂 🇰🇿", true, false},
		{"Курултай 🙂", false, true},
		{"\x00\xff\xfe Курултай", false, true},
		{"lang:xx Курултай", true, true},
		{"since:вчера Курултай", true, true},
		{"since:1000-01-01 Курултай", true, true},
		{"-", true, false},
		{"-Курултай", true, false},
		{"и или но", true, false},
		{"source: lang:", false, false},
		{`\"Курултай\"`, false, true},
		{"Курултай" + strings.Repeat(" \u200b", 500), true, true},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			for _, ui := range []string{"", "kk", "ru", "en"} {
				res, err := env.ix.Search(context.Background(), tt.q, Query{UILang: ui})
				if err != nil {
					t.Fatalf("%.60q: error %v", tt.q, err)
				}
				if (res.Err != "") != tt.errText {
					t.Errorf("%.60q (ui %q): Err = %q", tt.q, ui, res.Err)
				}
				if (len(res.Hits) > 0) != tt.hits {
					t.Errorf("%.60q: %d hits", tt.q, len(res.Hits))
				}
			}
		})
	}
}

func TestErrLanguage(t *testing.T) {
	env := newFixtureEnv(t)
	for _, tt := range []struct{ q, ui, want string }{
		{`"Курултай`, "kk", "тырнақша"},
		{`"Курултай`, "ru", "кавычки"},
		{`"Курултай`, "en", "quote"},
		{`"Құрылтай`, "", "тырнақша"}, // the query's own language
		{"lang:xx Курултай", "ru", "lang:xx"},
	} {
		res := mustSearch(t, env.ix, tt.q, Query{UILang: tt.ui})
		if !strings.Contains(res.Err, tt.want) {
			t.Errorf("%q ui %q: Err %q lacks %q", tt.q, tt.ui, res.Err, tt.want)
		}
	}
}

func TestSearchConcurrent(t *testing.T) {
	env := newFixtureEnv(t)
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for i := range 20 {
				q := []string{"Курултай", "Тоқаев", `"жаңа Конституция"`, "референдум -Брюссель"}[(g+i)%4]
				if _, err := env.ix.Search(context.Background(), q, Query{}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestSearchCanceled(t *testing.T) {
	env := newFixtureEnv(t)
	if _, err := env.ix.Search(canceledCtx(), "Конституция", Query{}); err == nil {
		t.Error("cancelled search returned no error")
	}
}

// TestSearchBroad: a query matching more than broadMin items is ranked on
// titles, counts every match, and falls back to full ranking when too few
// titles have its words.
func TestSearchBroad(t *testing.T) {
	env := newFixtureEnv(t)
	full := mustSearch(t, env.ix, "референдум", Query{Limit: 50})
	env.ix.broadMin = 3
	res := mustSearch(t, env.ix, "референдум", Query{Limit: 5})
	// both count every match and subtract the folds they saw
	if a, b := res.Total+len(foldedIn(res)), full.Total+len(foldedIn(full)); a != b {
		t.Errorf("broad total %d+%d folded, full %d+%d", res.Total, len(foldedIn(res)), full.Total, len(foldedIn(full)))
	}
	if len(res.Hits) != 5 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	for _, h := range res.Hits {
		if len(h.TitleMarks) == 0 {
			t.Errorf("%s: no query word in the title %q", env.keyOf[h.Item.ID], h.Item.Title)
		}
	}
	// two titles say Казахстана, but more items do: the full ranking answers
	res = mustSearch(t, env.ix, "Казахстана", Query{Limit: 5})
	if len(res.Hits) != 5 || res.Total < 5 {
		t.Errorf("fallback gave %d hits of %d", len(res.Hits), res.Total)
	}
}
