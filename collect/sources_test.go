package collect

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/refdigest/refdigest/collect/sitetest"
	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/store"
)

func fixtureSites(t testing.TB) *httptest.Server {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	h = sitetest.Handler(srv.URL)
	t.Cleanup(srv.Close)
	return srv
}

func sourceNamed(t testing.TB, sources []config.Source, name string) config.Source {
	t.Helper()
	for _, s := range sources {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no source %q", name)
	return config.Source{}
}

// The default list's selectors, URLs and date layouts read pages in the
// shape of the real sites: every source checks OK, with the items, dates
// and text the fixtures hold.
func TestCheckDefaultSourcesOnFixtures(t *testing.T) {
	srv := fixtureSites(t)
	sources := sitetest.Sources(srv.URL)
	reports := NewChecker(testOptions(t)).CheckAll(context.Background(), sources)
	wantItems := map[string]int{"feed": 3, "telegram": 20}
	for _, r := range reports {
		var b strings.Builder
		r.Write(&b, almaty())
		t.Log("\n" + b.String())
		if r.Verdict != VerdictOK {
			t.Errorf("%s", r.VerdictLine())
			continue
		}
		want, ok := wantItems[r.Kind]
		if !ok {
			want = map[string]int{"Kazinform (ru)": 3, "Zakon.kz (ru)": 3, "Zakon.kz (kk)": 3, "Akorda (ru)": 2, "Akorda (kk)": 2, "Informburo": 2}[r.Source]
		}
		if r.Items != want || r.WithTitle != want || r.WithLink != want || r.WithDate != want || r.Status != 200 {
			t.Errorf("%s: HTTP %d, items %d: title %d, link %d, date %d; want %d of each", r.Source, r.Status, r.Items, r.WithTitle, r.WithLink, r.WithDate, want)
		}
		for _, s := range r.Selectors {
			if s.Matched == 0 && s.Name != "link preview" {
				t.Errorf("%s: selector %s %q matched nothing", r.Source, s.Name, s.Selector)
			}
		}
		if lang := sourceNamed(t, sources, r.Source).Lang; lang != "auto" && r.Kind != "telegram" && r.Langs[lang] != r.Items {
			t.Errorf("%s: languages %v, want all %s", r.Source, r.Langs, lang)
		}
		if len(r.Notes) > 0 {
			t.Errorf("%s: notes %q", r.Source, r.Notes)
		}
		if r.Kind != "telegram" && r.ArticleText["json-ld"] == 0 {
			t.Errorf("%s: no article text from JSON-LD: %v", r.Source, r.ArticleText)
		}
	}
}

// Without the JSON-LD block, each default source's body selector finds the
// article text in its site's markup.
func TestDefaultBodySelectorsOnFixtures(t *testing.T) {
	srv := fixtureSites(t)
	ld := regexp.MustCompile(`(?s)<script type="application/ld\+json">.*?</script>`)
	first := map[string]string{ // one article page per site
		"tengrinews.kz": "/news/cik-uchastki-referendum-5501/", "kaz.inform.kz": "/kk/news/osk-uchaskeler-sany-7701",
		"www.inform.kz": "/ru/cik-utverdil-formu-byulletenya-a4410001", "www.nur.kz": "/news/cik-uchastki-referendum-5501/",
		"kaz.nur.kz": "/kk/news/osk-uchaskeler-sany-7701", "www.zakon.kz": "/6701001-referendum-kak-progolosovat-po-mestu-prebyvaniya.html",
		"kaz.zakon.kz": "/6801001-referendum-turgan-zherinde-dauys-beru.html", "egemen.kz": "/kk/news/osk-uchaskeler-sany-7701",
		"kz.kursiv.media": "/news/cik-uchastki-referendum-5501/", "www.akorda.kz": "/ru/glava-gosudarstva-podpisal-ukaz-o-referendume-1301",
	}
	for _, src := range config.Default().Sources {
		if src.Select.Body == "" {
			continue
		}
		u, _ := url.Parse(src.URL)
		path, ok := first[u.Host]
		if !ok {
			t.Errorf("%s: no fixture article for %s", src.Name, u.Host)
			continue
		}
		pageURL := srv.URL + "/" + u.Host + path
		page := ld.ReplaceAllString(readSiteFixture(t, pageURL), "")
		pu, _ := url.Parse(pageURL)
		art, err := extractArticle([]byte(page), pu, src.Select.Body, almaty())
		if err != nil || art.From != "selector" || !usableBody(art.Body) {
			t.Errorf("%s: body selector %q: from %q, %v: %q", src.Name, src.Select.Body, art.From, err, art.Body)
		}
	}
}

// A site that changed under its selectors, a feed URL answering its home
// page, a channel without a public preview and one with no posts.
func TestCheckBrokenAndEmpty(t *testing.T) {
	srv := fixtureSites(t)
	s := newSite(t)
	s.serve("/redesigned", "text/html", `<html><body><div class="news-list"><article class="card"><a href="/a/1"><h3>Заголовок</h3></a></article></div></body></html>`)
	s.serve("/retitled", "text/html", strings.ReplaceAll(readSiteFixture(t, srv.URL+"/www.inform.kz/ru/lenta/?page=1"), "card-title", "card-heading"))
	s.serve("/home", "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Главная</title></head><body><h1>Добро пожаловать</h1></body></html>")
	s.handle("/s/private_one", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/private_one", http.StatusFound) })
	s.serve("/private_one", "text/html", "<html><body>channel</body></html>")
	s.serve("/s/new_channel", "text/html", `<html><body><section class="tgme_channel_history"></section></body></html>`)

	kazinform := sourceNamed(t, config.Default().Sources, "Kazinform (ru)")
	listing := func(name, u string) config.Source {
		src := kazinform
		src.Name, src.URL, src.Pages = name, u, 1
		return src
	}
	sources := []config.Source{
		listing("Redesigned", s.URL+"/redesigned"),
		listing("Retitled", s.URL+"/retitled"),
		{Name: "Home page", URL: s.URL + "/home", Kind: "feed", Lang: "ru"},
		{Name: "Private", URL: s.URL + "/s/private_one", Kind: "telegram", Lang: "ru"},
		{Name: "New", URL: s.URL + "/s/new_channel", Kind: "telegram", Lang: "ru"},
		{Name: "Gone", URL: s.URL + "/gone.rss", Kind: "feed", Lang: "ru"},
	}
	want := []string{
		`Redesigned: BROKEN: listing: no element matches item selector "a.news-card"`,
		`Retitled: BROKEN: selector title "h3.card-title" matches none of the 3 items`,
		`Home page: BROKEN: not a feed: the server sent an HTML page (Content-Type text/html)`,
		`Private: BROKEN: no public preview: t.me sent the request away from /s/ (a private channel, or not a channel)`,
		`New: EMPTY: the channel's preview shows no posts`,
		`Gone: BROKEN: fetch ` + s.URL + `/gone.rss: HTTP 404 Not Found`,
	}
	reports := NewChecker(testOptions(t)).CheckAll(context.Background(), sources)
	for i, r := range reports {
		if got := r.VerdictLine(); got != want[i] {
			t.Errorf("got  %s\nwant %s", got, want[i])
		}
	}
	if reports[5].Status != 404 {
		t.Errorf("Gone: status %d, want 404", reports[5].Status)
	}
}

func readSiteFixture(t testing.TB, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A channel's 20 posts become 20 items; the post linking an article the
// site's feed also lists joins the site's item instead of making a second.
func TestTelegramPostsJoinTheSiteItem(t *testing.T) {
	srv := fixtureSites(t)
	all := sitetest.Sources(srv.URL)
	site, channel := sourceNamed(t, all, "Tengrinews (ru)"), sourceNamed(t, all, "t.me/tengrinews")
	article := srv.URL + "/tengrinews.kz/news/cik-uchastki-referendum-5501/"
	const post = "https://t.me/tengrinews/80114"

	t.Run("site first", func(t *testing.T) {
		st := openStore(t)
		// Listed channel first: the pass still reads the sites before the channels.
		res := runOnce(t, New(st, []config.Source{channel, site}, testOptions(t)))
		if got := res[1].String(); got != "Tengrinews (ru): new 3, seen 0, skipped 0" {
			t.Errorf("site: %s", got)
		}
		if got := res[0].String(); got != "t.me/tengrinews: new 19, seen 1, skipped 0" {
			t.Errorf("channel: %s", got)
		}
		it, err := st.ItemByURL(article)
		if err != nil {
			t.Fatal(err)
		}
		if it.Source != "Tengrinews (ru)" || len(it.AlsoIn) != 1 || it.AlsoIn[0] != (store.Ref{Source: "t.me/tengrinews", URL: post}) {
			t.Errorf("site item: source %q, also in %+v", it.Source, it.AlsoIn)
		}
		if byPost, err := st.ItemByURL(post); err != nil || byPost.ID != it.ID {
			t.Errorf("the post's URL finds %+v, %v; want the site's item", byPost, err)
		}
		first, err := st.ItemByURL("https://t.me/tengrinews/80101")
		if err != nil || first.Lang != "ru" || !strings.Contains(first.Body, "списки избирателей") || first.Published.IsZero() {
			t.Errorf("a plain post: %+v, %v", first, err)
		}
		// A second pass: nothing new, nothing doubled.
		res = runOnce(t, New(st, []config.Source{channel, site}, testOptions(t)))
		if res[0].New != 0 || res[1].New != 0 {
			t.Errorf("second pass: %s; %s", res[0], res[1])
		}
	})
	t.Run("channel first", func(t *testing.T) {
		st := openStore(t)
		if r := runOnce(t, New(st, []config.Source{channel}, testOptions(t)))[0]; r.New != 20 {
			t.Fatalf("channel alone: %s", r)
		}
		r := runOnce(t, New(st, []config.Source{site}, testOptions(t)))[0]
		if r.String() != "Tengrinews (ru): new 2, seen 1, skipped 0" {
			t.Errorf("site after the channel: %s", r)
		}
		it, err := st.ItemByURL(article)
		if err != nil || it.URL != post || len(it.AlsoIn) != 1 || it.AlsoIn[0].Source != "Tengrinews (ru)" {
			t.Errorf("the article finds %+v, %v; want the post's item naming the site", it, err)
		}
	})
}

// Older posts come from ?before=, the "more" link's id.
func TestTelegramOlderPages(t *testing.T) {
	srv := fixtureSites(t)
	channel := sourceNamed(t, sitetest.Sources(srv.URL), "t.me/kursivm")
	channel.Pages = 3
	st := openStore(t)
	r := runOnce(t, New(st, []config.Source{channel}, testOptions(t)))[0]
	if r.New != 22 || r.Err != nil {
		t.Fatalf("%s", r)
	}
	if _, err := st.ItemByURL("https://t.me/kursivm/80099"); err != nil {
		t.Errorf("older post: %v", err)
	}
}

// The whole default list against the fixture sites: every source works.
func TestCollectDefaultSourcesOnFixtures(t *testing.T) {
	srv := fixtureSites(t)
	opts := testOptions(t)
	opts.Keywords = config.Default().Topic.Keywords
	res := runOnce(t, New(openStore(t), sitetest.Sources(srv.URL), opts))
	for _, r := range res {
		if r.Err != nil || r.New+r.Seen == 0 {
			t.Errorf("%s", r)
		}
	}
}
