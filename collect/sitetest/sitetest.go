// Package sitetest serves pages in the shape of the default sources' real
// sites (their class names, date formats, JSON-LD blocks and the t.me/s
// markup), written for the tests with our own text, so that the default
// config's selectors and `refdigest sources check` can be tested without
// the internet. Each real host lives under /HOST/ on the test server; the
// Telegram previews keep their /s/CHANNEL path.
package sitetest

import (
	"embed"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/refdigest/refdigest/config"
)

//go:embed testdata/*
var files embed.FS

func fixture(name string) string {
	b, err := files.ReadFile("testdata/" + name)
	if err != nil {
		panic(err) // embedded at build time: a missing name is a bug in this package
	}
	return string(b)
}

// feedHosts are the default list's feed hosts with the language of their items.
var feedHosts = map[string]string{
	"tengrinews.kz": "ru", "kaz.inform.kz": "kk", "www.nur.kz": "ru", "kaz.nur.kz": "kk",
	"egemen.kz": "kk", "kz.kursiv.media": "ru", "orda.kz": "ru",
}

// listings are the listing pages by host and path.
var listings = map[string]string{
	"/www.inform.kz/ru/lenta/":  "kazinform_lenta.html",
	"/www.zakon.kz/news/":       "zakon_list.html",
	"/kaz.zakon.kz/news/":       "zakon_list_kk.html",
	"/www.akorda.kz/ru/events":  "akorda_events.html",
	"/www.akorda.kz/kz/events":  "akorda_events_kk.html",
	"/informburo.kz/novosti":    "informburo_novosti.html",
	"/tengrinews.kz/news.rss":   "feed.rss",
	"/kaz.inform.kz/rss/kz.xml": "feed.rss",
	"/www.nur.kz/rss/all.rss":   "feed.rss",
	"/kaz.nur.kz/rss/all.rss":   "feed.rss",
	"/egemen.kz/rss/":           "feed.rss",
	"/kz.kursiv.media/feed/":    "feed.rss",
	"/orda.kz/feed/":            "feed.rss",
}

// articles are the article texts by the last segment of their path (our
// own sentences, in the register of the news about the vote).
var articles = map[string][2]string{
	"cik-uchastki-referendum-5501": {"ЦИК назвал число участков для голосования на референдуме",
		"Центральная избирательная комиссия утвердила перечень участков для референдума. Больше всего их откроется в Алматинской и Туркестанской областях, меньше всего в городе Байконыр. Члены комиссии напомнили, что списки избирателей можно проверить заранее."},
	"nablyudateli-astana-5502": {"Наблюдатели приехали в Астану перед голосованием по Конституции",
		"Миссии международных организаций начали работу в столице за день до голосования. Наблюдатели встретились с членами комиссии и получили аккредитацию. Они посетят участки в нескольких регионах и представят отчёт после подведения итогов."},
	"kurultai-parlament-5503": {"Курултай: что изменится в работе парламента",
		"Новая Конституция предлагает заменить двухпалатный парламент однопалатным Курултаем. Депутаты будут избираться по смешанной системе, а число мандатов сократится. Эксперты ждут, что законы будут приниматься быстрее."},
	"cik-utverdil-formu-byulletenya-a4410001": {"ЦИК утвердил форму бюллетеня для референдума",
		"В бюллетене будет один вопрос и два варианта ответа на казахском и русском языках. Комиссия утвердила степень защиты бланков и порядок их передачи участковым комиссиям по акту."},
	"izbirateli-za-rubezhom-a4410002": {"Избиратели за рубежом смогут проголосовать в 60 посольствах",
		"Для граждан, находящихся за границей, участки откроются при посольствах и консульствах в шестидесяти странах. Встать на учёт можно до дня голосования, предъявив паспорт."},
	"razyasnenie-popravok-a4410003": {"Юристы разъяснили поправки о Конституционном суде",
		"Юристы рассказали, как изменятся полномочия Конституционного суда после референдума. Граждане смогут обращаться в суд напрямую, а решения суда станут окончательными."},
	"6701001-referendum-kak-progolosovat-po-mestu-prebyvaniya.html": {"Референдум: как проголосовать по месту пребывания",
		"Тем, кто в день голосования будет не дома, нужно получить открепительное удостоверение в своей участковой комиссии. С ним можно проголосовать на любом участке страны."},
	"6701002-vice-prezident-polnomochiya.html": {"Какие полномочия получит вице-президент",
		"Проект Конституции вводит должность вице-президента, которого назначает Президент с согласия Курултая. Вице-президент будет представлять страну за рубежом и вести отдельные направления."},
	"6701003-halyk-kenesi-sostav.html": {"Из кого будет состоять Халык Кенеси",
		"Народный совет Халык Кенеси соберёт представителей регионов, общественных объединений и бизнеса. Он получит право законодательной инициативы и будет проводить общенациональные консультации."},
	"glava-gosudarstva-podpisal-ukaz-o-referendume-1301": {"Глава государства подписал указ о проведении республиканского референдума",
		"Президент подписал указ о проведении республиканского референдума по проекту новой Конституции. Указ вступает в силу со дня официального опубликования."},
	"vstrecha-s-predsedatelem-cik-1302": {"Президент принял председателя Центральной избирательной комиссии",
		"На встрече обсуждалась готовность избирательных комиссий к референдуму. Глава государства поручил обеспечить открытость голосования и доступ наблюдателей к участкам."},
	"kak-rabotayut-uchastki-v-den-referenduma-150101": {"Как работают участки в день референдума",
		"Участки откроются в семь утра и закроются в восемь вечера по местному времени. Избирателю нужно взять удостоверение личности, а голосовать за другого человека нельзя."},
	"chto-takoe-kurultai-150102": {"Что такое Курултай и зачем он нужен",
		"Курултай заменит Сенат и Мажилис и станет единственной палатой парламента. Его депутаты будут принимать законы и утверждать бюджет страны."},
	// Kazakh editions.
	"osk-uchaskeler-sany-7701": {"ОСК референдумға арналған учаскелер санын жариялады",
		"Орталық сайлау комиссиясы референдумға арналған учаскелер тізбесін бекітті. Ең көп учаске Алматы және Түркістан облыстарында ашылады. Комиссия мүшелері сайлаушылар тізімін алдын ала тексеруге болатынын еске салды."},
	"baiqaushylar-astana-7702": {"Байқаушылар Конституция бойынша дауыс беру алдында Астанаға келді",
		"Халықаралық ұйымдардың миссиялары дауыс беруден бір күн бұрын елордада жұмысын бастады. Байқаушылар комиссия мүшелерімен кездесіп, аккредитация алды. Олар бірнеше өңірдегі учаскелерді аралап, қорытынды шыққан соң есеп береді."},
	"qurultai-parlament-7703": {"Құрылтай: парламент жұмысында не өзгереді",
		"Жаңа Конституция екі палаталы парламенттің орнына бір палаталы Құрылтай құруды ұсынады. Депутаттар аралас жүйемен сайланады, ал мандат саны азаяды. Сарапшылар заңдар тезірек қабылданады деп күтеді."},
	"6801001-referendum-turgan-zherinde-dauys-beru.html": {"Референдум: тұрған жеріңізде қалай дауыс беруге болады",
		"Дауыс беру күні үйінде болмайтын азаматтар өз учаскелік комиссиясынан есептен шығару куәлігін алуы керек. Осы куәлікпен еліміздің кез келген учаскесінде дауыс беруге болады."},
	"6801002-vitse-prezident-okilettigi.html": {"Вице-президент қандай өкілеттік алады",
		"Конституция жобасы вице-президент лауазымын енгізеді, оны Президент Құрылтайдың келісімімен тағайындайды. Вице-президент елді шетелде таныстырып, жекелеген бағыттарды басқарады."},
	"6801003-halyq-kenesi-quramy.html": {"Халық Кеңесі кімдерден құралады",
		"Халық Кеңесіне өңірлердің, қоғамдық бірлестіктердің және бизнестің өкілдері кіреді. Ол заң шығару бастамасы құқығын алып, жалпыұлттық талқылаулар өткізеді."},
	"memleket-basshysy-referendum-turaly-zharlyqqa-qol-qoidy-2301": {"Мемлекет басшысы республикалық референдум өткізу туралы Жарлыққа қол қойды",
		"Президент жаңа Конституция жобасы бойынша республикалық референдум өткізу туралы Жарлыққа қол қойды. Жарлық ресми жарияланған күнінен бастап күшіне енеді."},
	"prezident-osk-toraghasyn-qabyldady-2302": {"Президент Орталық сайлау комиссиясының төрағасын қабылдады",
		"Кездесуде сайлау комиссияларының референдумға дайындығы талқыланды. Мемлекет басшысы дауыс берудің ашықтығын және байқаушылардың учаскелерге қолжетімділігін қамтамасыз етуді тапсырды."},
}

// Handler serves the fixture sites, with every link made to point back at
// base (the server's own URL, such as an httptest.Server's).
func Handler(base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, strings.TrimSuffix(base, "/"))
	})
}

func serve(w http.ResponseWriter, r *http.Request, base string) {
	p := r.URL.Path
	if name, ok := strings.CutPrefix(p, "/s/"); ok && name != "" && !strings.Contains(name, "/") {
		page := fixture("tme_tengrinews.html")
		if r.URL.Query().Get("before") != "" {
			page = fixture("tme_tengrinews_older.html")
		}
		// One channel's markup serves them all, under each one's name.
		page = strings.ReplaceAll(page, "tengrinews/", name+"/")
		page = strings.ReplaceAll(page, "/s/tengrinews", "/s/"+name)
		page = strings.ReplaceAll(page, "http://FIXTURES", base)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
		return
	}
	host, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	root := base + "/" + host
	if name, ok := listings[p]; ok {
		page := fixture(name)
		if strings.HasSuffix(name, ".rss") {
			if feedHosts[host] == "kk" {
				page = fixture("feed_kk.rss")
			}
			page = strings.ReplaceAll(page, "OUTLET_NAME", host)
			page = strings.ReplaceAll(page, "LANG", feedHosts[host])
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			// Root-relative links stay on the fixture host.
			page = strings.ReplaceAll(page, `href="/`, `href="`+root+`/`)
		}
		fmt.Fprint(w, strings.ReplaceAll(page, "http://OUTLET", root))
		return
	}
	slug := p[strings.LastIndex(strings.TrimSuffix(p, "/"), "/")+1:]
	slug = strings.TrimSuffix(slug, "/")
	if a, ok := articles[slug]; ok {
		page := fixture("article.html")
		body := a[1]
		page = strings.ReplaceAll(page, "ARTICLE_TITLE", html.EscapeString(a[0]))
		page = strings.ReplaceAll(page, "ARTICLE_BODY", body)
		before, after, para := bodyMarkup(host)
		page = strings.ReplaceAll(page, "ARTICLE_HTML", before+para+html.EscapeString(body)+"</p>"+after)
		page = strings.ReplaceAll(page, "OUTLET_NAME", host)
		page = strings.ReplaceAll(page, "http://OUTLET", root)
		if lang := articleLang(a[0]); lang != "ru" {
			page = strings.ReplaceAll(page, `lang="ru"`, `lang="`+lang+`"`)
			page = strings.ReplaceAll(page, `"inLanguage": "ru"`, `"inLanguage": "`+lang+`"`)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
		return
	}
	http.NotFound(w, r)
}

// bodyMarkup is the markup each site wraps its article text in, inside
// the template's common blocks (div.article__content with itemprop
// articleBody inside div.article__block div.content).
func bodyMarkup(host string) (before, after, para string) {
	switch host {
	case "www.akorda.kz":
		return "<article>", "</article>", "<p>"
	case "tengrinews.kz":
		return `<div class="content_main_text">`, "</div>", "<p>"
	case "kz.kursiv.media":
		return `<div class="single-body">`, "</div>", "<p>"
	case "www.nur.kz", "kaz.nur.kz":
		return "", "", `<p class="formatted-body__paragraph">`
	}
	return "", "", "<p>"
}

// articleLang tells the fixtures' Kazakh texts by their letters.
func articleLang(text string) string {
	if strings.ContainsAny(text, "әғқңөұүһіӘҒҚҢӨҰҮҺІ") {
		return "kk"
	}
	return "ru"
}

// Sources is config.Default()'s list pointed at the fixture server at base:
// each source's host becomes a path prefix, and a channel's preview keeps
// its /s/CHANNEL path (read the same way as on t.me).
func Sources(base string) []config.Source {
	def := config.Default().Sources
	out := make([]config.Source, len(def))
	for i, s := range def {
		out[i] = s
		u, err := url.Parse(strings.ReplaceAll(s.URL, "{page}", "PAGE"))
		if err != nil {
			panic(err) // the default list is valid (config tests it)
		}
		path := "/" + u.Host + u.Path
		if s.Kind == "telegram" {
			path = u.Path
		}
		out[i].URL = strings.TrimSuffix(base, "/") + path
		if u.RawQuery != "" {
			out[i].URL += "?" + strings.ReplaceAll(u.RawQuery, "PAGE", "{page}")
		}
	}
	return out
}
