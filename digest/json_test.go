package digest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// exportDigest is a hand-made digest with what the export must carry: a story told in both
// languages with a syndicated copy, a one-language story, and an "Also today" story.
func exportDigest() *Digest {
	utc := func(h, m int) time.Time { return time.Date(2026, 3, 16, h, m, 0, 0, time.UTC) }
	return &Digest{
		Date: "2026-03-16", Items: 4, AlsoTotal: 3,
		Stories: []Story{{
			ID: "s1", Since: "2026-03-15", Continues: true, Score: 2.5,
			Text: map[string]StoryText{
				LangKK: {Lang: LangKK, Headline: "ОСК референдум қорытындысын жариялады", Summary: []string{"Дауыс беруге 73 пайыз қатысты."}},
				LangRU: {Lang: LangRU, Headline: "ЦИК подвёл итоги референдума", Summary: []string{"Явка составила 73 процента."}},
			},
			Members: []Member{
				{ItemID: 1, Lang: LangKK, Source: "Kazinform (kk)", URL: "https://kaz.inform.kz/1", Title: "ОСК қорытынды", Published: utc(4, 30)},
				{ItemID: 2, Lang: LangRU, Source: "Orda", URL: "https://orda.kz/2", Title: "ЦИК итоги", Published: utc(5, 0),
					AlsoIn: []store.Ref{{Source: "Zakon.kz (ru)", URL: "https://www.zakon.kz/2"}}},
			},
		}, {
			ID: "s2", Since: "2026-03-16", Score: 1,
			// Covered in Russian only and not translated: the kk text is the Russian one.
			Text: map[string]StoryText{
				LangKK: {Lang: LangRU, Headline: "Мажилис рассмотрит закон"},
				LangRU: {Lang: LangRU, Headline: "Мажилис рассмотрит закон"},
			},
			Members: []Member{{ItemID: 3, Lang: LangRU, Source: "Tengrinews", URL: "https://tengrinews.kz/3", Title: "Мажилис", Published: utc(6, 15)}},
		}},
		Also: []Story{{
			ID: "a1", Since: "2026-03-16",
			Text: map[string]StoryText{
				LangKK: {Lang: LangKK, Headline: "Құрылтай сайлауы", Translated: false},
				LangRU: {Lang: LangRU, Headline: "Выборы в Курултай", Translated: true},
			},
			Members: []Member{{ItemID: 4, Lang: LangKK, Source: "Egemen", URL: "https://egemen.kz/4", Title: "Құрылтай", Published: utc(18, 59)}},
		}},
	}
}

// decode round-trips the export through encoding/json into plain maps, as an outside tool
// would read it.
func decode(t *testing.T, d *Digest) map[string]any {
	t.Helper()
	b, err := d.JSON(almatyLoc(t))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, b)
	}
	return m
}

func TestJSONContractKeys(t *testing.T) {
	m := decode(t, exportDigest())
	if m["date"] != "2026-03-16" || m["items"] != float64(4) {
		t.Fatalf("date, items = %v, %v", m["date"], m["items"])
	}
	for _, list := range []string{"stories", "also"} {
		stories, ok := m[list].([]any)
		if !ok || len(stories) == 0 {
			t.Fatalf("%s = %#v, want a non-empty list", list, m[list])
		}
		for i, s := range stories {
			s := s.(map[string]any)
			for _, k := range []string{"id", "since", "members", "text"} {
				if _, ok := s[k]; !ok {
					t.Errorf("%s[%d] lacks %q", list, i, k)
				}
			}
			for _, mem := range s["members"].([]any) {
				mem := mem.(map[string]any)
				for _, k := range []string{"url", "outlet", "lang", "published"} {
					if v, ok := mem[k].(string); !ok || v == "" {
						t.Errorf("%s[%d] member %v: %q = %#v", list, i, mem["url"], k, mem[k])
					}
				}
			}
			text := s["text"].(map[string]any)
			for _, l := range []string{"kk", "ru"} {
				tx, ok := text[l].(map[string]any)
				if !ok {
					t.Fatalf("%s[%d] text lacks %q", list, i, l)
				}
				for _, k := range []string{"headline", "summary", "lang", "translated"} {
					if _, ok := tx[k]; !ok {
						t.Errorf("%s[%d] text.%s lacks %q", list, i, l, k)
					}
				}
				if _, ok := tx["summary"].([]any); !ok {
					t.Errorf("%s[%d] text.%s.summary = %#v, want a list (never null)", list, i, l, tx["summary"])
				}
				if _, ok := tx["translated"].(bool); !ok {
					t.Errorf("%s[%d] text.%s.translated = %#v, want a bool", list, i, l, tx["translated"])
				}
			}
		}
	}
}

func TestJSONMembersAndText(t *testing.T) {
	m := decode(t, exportDigest())
	stories := m["stories"].([]any)
	first := stories[0].(map[string]any)
	if first["id"] != "s1" || first["since"] != "2026-03-15" || first["continues"] != true {
		t.Fatalf("story 1 = %v", first)
	}
	type member struct{ url, outlet, lang, published string }
	var got []member
	for _, x := range first["members"].([]any) {
		x := x.(map[string]any)
		got = append(got, member{x["url"].(string), x["outlet"].(string), x["lang"].(string), x["published"].(string)})
	}
	want := []member{
		{"https://kaz.inform.kz/1", "Kazinform", "kk", "2026-03-16T09:30:00+05:00"},
		{"https://orda.kz/2", "Orda", "ru", "2026-03-16T10:00:00+05:00"},
		// The syndicated copy is a member of its own: its outlet and link, the item's lang and time.
		{"https://www.zakon.kz/2", "Zakon.kz", "ru", "2026-03-16T10:00:00+05:00"},
	}
	if len(got) != len(want) {
		t.Fatalf("members = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("member %d = %v, want %v", i, got[i], want[i])
		}
	}

	tests := []struct {
		name       string
		list       string
		story      int
		lang       string
		headline   string
		textLang   string
		translated bool
		summary    int
	}{
		{"kk text in kk", "stories", 0, "kk", "ОСК референдум қорытындысын жариялады", "kk", false, 1},
		{"ru text in ru", "stories", 0, "ru", "ЦИК подвёл итоги референдума", "ru", false, 1},
		{"kk slot holds the Russian text", "stories", 1, "kk", "Мажилис рассмотрит закон", "ru", false, 0},
		{"machine translation is marked", "also", 0, "ru", "Выборы в Курултай", "ru", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := m[tt.list].([]any)[tt.story].(map[string]any)
			tx := s["text"].(map[string]any)[tt.lang].(map[string]any)
			if tx["headline"] != tt.headline || tx["lang"] != tt.textLang || tx["translated"] != tt.translated {
				t.Fatalf("text.%s = %v", tt.lang, tx)
			}
			if n := len(tx["summary"].([]any)); n != tt.summary {
				t.Fatalf("summary has %d sentences, want %d", n, tt.summary)
			}
		})
	}
	if also := m["also"].([]any); len(also) != 1 || also[0].(map[string]any)["id"] != "a1" || m["also_total"] != float64(3) {
		t.Fatalf("also = %v, also_total = %v", also, m["also_total"])
	}
}

func TestJSONEmptyDay(t *testing.T) {
	m := decode(t, &Digest{Date: "2026-03-01"})
	for _, list := range []string{"stories", "also"} {
		if l, ok := m[list].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %#v, want []", list, m[list])
		}
	}
	if m["items"] != float64(0) {
		t.Errorf("items = %v", m["items"])
	}
}

func TestJSONNilDigest(t *testing.T) {
	var d *Digest
	if _, err := d.JSON(nil); err == nil {
		t.Fatal("nil digest: want an error")
	}
}
