package collect

import (
	"strings"
	"testing"
	"unicode"

	"github.com/refdigest/refdigest/config"
)

// One Kazakh feed that carries Russian, Kyrgyz and Uzbek wire copy and Kazakh in töte and
// Latin letters, through the real collector and store: every item is stored, with its
// language decided once; the neighbours are "other" with their code and counted; Kazakh in
// other alphabets is stored in Cyrillic under its original link.
func TestRunMixedLanguages(t *testing.T) {
	s := newSite(t)
	s.serve("/kk/mixed.rss", "application/rss+xml; charset=utf-8", readFixture(t, "feed_mixed.rss"))
	s.serve("/tote/news/5", "text/html; charset=utf-8", readFixture(t, "article_arab_5.html"))
	s.serve("/latn/news/6", "text/html; charset=utf-8", readFixture(t, "article_latn_6.html"))
	s.serve("/latn/news/7", "text/html; charset=utf-8", readFixture(t, "article_latn_7.html"))
	st := openStore(t)
	src := feedSource("Mixed (kk)", s.URL+"/kk/mixed.rss")
	src.Select.Body = "div.article__content"
	opts := testOptions(t)
	opts.Keywords = config.Default().Topic.Keywords
	c := New(st, []config.Source{src}, opts)

	res := runOnce(t, c)
	r := res[0]
	if r.Err != nil {
		t.Fatalf("Err = %v", r.Err)
	}
	if got, want := r.String(), "Mixed (kk): new 7, seen 0, skipped 0, other language 2"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if r.Other != 2 {
		t.Errorf("Other = %d, want 2", r.Other)
	}

	tests := []struct {
		name, path          string
		lang, script, code  string
		title, bodyContains string
	}{
		{"kazakh", "/kk/news/1", "kk", "", "", "Орталық референдум комиссиясы дауыс беру қорытындысын жариялады", "73 пайыздан астамы"},
		{"russian on a kazakh feed", "/ru/news/2", "ru", "", "", "ЦИК объявил предварительные итоги референдума", "более 73 процентов"},
		{"kyrgyz", "/ky/news/3", "other", "", "ky", "Казакстанда референдум өттү, шайлоочулардын көбү добуш берди", "шайлоочулардын 73 пайыздан ашыгы"},
		{"uzbek cyrillic", "/uz/news/4", "other", "", "uz", "Қозоғистонда референдум бўлиб ўтди", "сайловчиларнинг 73 фоиздан"},
		// The tracking parameter goes, as for any link; the töte link is otherwise the outlet's.
		{"kazakh in töte", "/tote/news/5", "kk", "arab", "", "Қазақстанда жаңа конституция бойынша референдум өтті", "сайлаушылардың 73 пайызы дауыс берді"},
		{"kazakh in latin", "/latn/news/6", "kk", "latn", "", "Мемлекет басшысы Тоқаев халыққа алғыс айтты", "сайлаушылардың 73 пайызы дауыс берді"},
		// Only the headline in the feed ("Referendum" alone reads as English): the
		// article page decides.
		{"latin headline only", "/latn/news/7", "kk", "latn", "", "Референдум", "Ұлттық Құрылтай депутаттары"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it, err := st.ItemByURL(s.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if it.URL != s.URL+tt.path {
				t.Errorf("URL = %q, want the original %q", it.URL, s.URL+tt.path)
			}
			if it.Lang != tt.lang || it.Script != tt.script || it.LangCode != tt.code {
				t.Errorf("lang %q script %q code %q, want %q %q %q", it.Lang, it.Script, it.LangCode, tt.lang, tt.script, tt.code)
			}
			if it.Title != tt.title {
				t.Errorf("Title = %q, want %q", it.Title, tt.title)
			}
			if !strings.Contains(it.Body, tt.bodyContains) {
				t.Errorf("Body = %q, want it to contain %q", it.Body, tt.bodyContains)
			}
			if tt.script != "" {
				for _, f := range []string{it.Title, it.Summary, it.Body} {
					if i := strings.IndexFunc(f, func(r rune) bool {
						return unicode.In(r, unicode.Latin, unicode.Arabic)
					}); i >= 0 {
						t.Errorf("not transliterated: %q", f)
					}
				}
			}
		})
	}
	if it, err := st.ItemByURL(s.URL + "/latn/news/6"); err != nil || it.Summary != "Қазақстанда жаңа Конститусиа бойынша референдум өтті." {
		t.Errorf("latin item summary = %q, %v", it.Summary, err)
	}
	state, err := st.SourceState(src.Name)
	if err != nil {
		t.Fatal(err)
	}
	if state.ItemsTotal != 7 || state.OtherTotal != 2 || state.OtherLast != 2 {
		t.Errorf("state = %+v, want 7 items, 2 other in total and in the last pass", state)
	}

	// The next pass finds them all stored: the transliterated items compare in Cyrillic,
	// so they are not taken for edits, and nothing new is in another language.
	res = runOnce(t, c)
	if got, want := res[0].String(), "Mixed (kk): new 0, seen 7, skipped 0"; got != want {
		t.Errorf("second pass String() = %q, want %q", got, want)
	}
	if len(res[0].Items) != 0 {
		for _, it := range res[0].Items {
			t.Errorf("second pass updated %s: %q", it.URL, it.Title)
		}
	}
	if state, _ := st.SourceState(src.Name); state.OtherTotal != 2 || state.OtherLast != 0 {
		t.Errorf("state after second pass = %+v, want 2 other in total, 0 in the last pass", state)
	}
}

// A töte item without a title whose text opens with a photo credit: the headline is made
// from the Cyrillic text, where the credit is known for one ("фото: Akorda"), not from the
// Arabic letters, where it is not.
func TestUntitledToteHeadline(t *testing.T) {
	s := newSite(t)
	page := "<!DOCTYPE html><html lang=\"kk-Arab\"><head><meta charset=\"utf-8\"></head><body><div class=\"article__content\">" +
		"<p>فوتو: Akorda</p>" +
		"<p>ورتالىق رەفەرەندۋم كوميسسياسىنىڭ مالىمەتى بويىنشا، سايلاۋشىلاردىڭ 73 پايىزى داۋىس بەردى.</p>" +
		"<p>مەملەكەت باسشىسى توقاەۆ حالىققا العىس ايتتى.</p></div></body></html>"
	s.serve("/tote/news/9", "text/html; charset=utf-8", page)
	feed := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Töte</title><link>` + s.URL + `/</link>
<item><link>` + s.URL + `/tote/news/9</link><guid isPermaLink="false">tote-9</guid><pubDate>Mon, 16 Mar 2026 11:00:00 +0500</pubDate>
<description>فوتو: Akorda
ورتالىق رەفەرەندۋم كوميسسياسىنىڭ مالىمەتى بويىنشا، سايلاۋشىلاردىڭ 73 پايىزى داۋىس بەردى.</description></item>
</channel></rss>`
	s.serve("/tote.rss", "application/rss+xml; charset=utf-8", feed)
	st := openStore(t)
	src := feedSource("Töte (kk)", s.URL+"/tote.rss")
	src.Select.Body = "div.article__content"
	c := New(st, []config.Source{src}, testOptions(t))
	if r := runOnce(t, c)[0]; r.Err != nil || r.New != 1 {
		t.Fatalf("pass: %v, %d new", r.Err, r.New)
	}
	it, err := st.ItemByURL(s.URL + "/tote/news/9")
	if err != nil {
		t.Fatal(err)
	}
	if it.Script != "arab" || strings.Contains(strings.ToLower(it.Title), "фото") || !strings.HasPrefix(it.Title, "Орталық референдум комиссиясының") {
		t.Errorf("script %q, title %q: want the first sentence of the Cyrillic text", it.Script, it.Title)
	}
	// The next pass makes the same headline: the item is seen, not edited.
	if r := runOnce(t, c)[0]; r.Err != nil || r.Seen != 1 || len(r.Items) != 0 {
		t.Errorf("second pass: %v, %d seen, %d updated", r.Err, r.Seen, len(r.Items))
	}
}

// A töte site's Russian page: stored as Russian under its link, in Cyrillic with Russian
// spelling and the capitals töte does not write.
func TestRussianInTote(t *testing.T) {
	// Written here letter by letter as the sites write Russian in töte (ии as one letter,
	// no soft sign, щ as шш): "встреча с учеными в области жетысу", and two sentences.
	title := "ۆسترەچا س ۋچەنىمي ۆ وبلاستي جەتىسۋ"
	body := "ۆ وبلاستي جەتىسۋ سوستويالاس ۆسترەچا س پرەدستاۆيتەليامي ناۋچنوي ينتەلليگەنتسي, پوسۆياششەننايا پروەكتۋ نوۆوي كونستيتۋتسي. " +
		"ۋچاستنيكي ۆسترەچي وبسۋديلي پرەدستوياششيي رەسپۋبليكانسكيي رەفەرەندۋم ي زادالي ۆوپروسى چلەنام وبششەناتسيونالنوي كواليتسي."
	s := newSite(t)
	feed := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Töte</title><link>` + s.URL + `/</link>
<item><title>` + title + `</title><link>` + s.URL + `/tt/post/1</link><guid isPermaLink="false">tt-1</guid><pubDate>Wed, 18 Feb 2026 11:00:00 +0500</pubDate>
<description>` + body + `</description><content:encoded>` + body + `</content:encoded></item>
</channel></rss>`
	s.serve("/tt.rss", "application/rss+xml; charset=utf-8", feed)
	st := openStore(t)
	c := New(st, []config.Source{feedSource("Töte", s.URL+"/tt.rss")}, testOptions(t))
	if r := runOnce(t, c)[0]; r.Err != nil || r.New != 1 {
		t.Fatalf("pass: %v, %d new", r.Err, r.New)
	}
	it, err := st.ItemByURL(s.URL + "/tt/post/1")
	if err != nil {
		t.Fatal(err)
	}
	if it.Lang != "ru" || it.Script != "arab" {
		t.Errorf("lang %q script %q, want ru arab", it.Lang, it.Script)
	}
	if it.Title != "Встреча с учеными в области жетысу" {
		t.Errorf("title %q", it.Title)
	}
	for _, want := range []string{"В области жетысу состоялась встреча с представителями научной интеллигенции, посвященная проекту новой конституции.",
		"Участники встречи обсудили предстоящий республиканский референдум", "общенациональной коалиции"} {
		if !strings.Contains(it.Text(), want) {
			t.Errorf("text %q lacks %q", it.Text(), want)
		}
	}
}
