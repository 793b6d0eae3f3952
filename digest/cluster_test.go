package digest

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// fixtureItem is an item of testdata/stories.json with its gold story.
type fixtureItem struct {
	store.Item
	Story string `json:"story"`
}

func loadFixture(t testing.TB) []fixtureItem {
	t.Helper()
	raw, err := os.ReadFile("testdata/stories.json")
	if err != nil {
		t.Fatal(err)
	}
	var items []fixtureItem
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatal(err)
	}
	return items
}

func fixtureStoreItems(fx []fixtureItem) []store.Item {
	out := make([]store.Item, len(fx))
	for i, f := range fx {
		out[i] = f.Item
	}
	return out
}

// pairScores compares a clustering with the gold one over all pairs of items.
type pairScores struct {
	tp, fp, fn    int
	crossWrong    int // pairs of different stories and languages put together
	precision, f1 float64
	recall        float64
}

func scorePairs(gold []string, langs []string, pred []int) pairScores {
	var s pairScores
	for i := range gold {
		for j := i + 1; j < len(gold); j++ {
			same, together := gold[i] == gold[j], pred[i] == pred[j]
			switch {
			case same && together:
				s.tp++
			case together:
				s.fp++
				if langs[i] != langs[j] {
					s.crossWrong++
				}
			case same:
				s.fn++
			}
		}
	}
	s.rates()
	return s
}

// rates sets precision, recall and F1 from the counts.
func (s *pairScores) rates() {
	if s.tp+s.fp > 0 {
		s.precision = float64(s.tp) / float64(s.tp+s.fp)
	}
	if s.tp+s.fn > 0 {
		s.recall = float64(s.tp) / float64(s.tp+s.fn)
	}
	if s.precision+s.recall > 0 {
		s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall)
	}
}

func clusterFixture(t testing.TB, fx []fixtureItem) []int {
	t.Helper()
	_, at := clusterItems(t, fixtureStoreItems(fx))
	pred := make([]int, len(fx))
	for i := range pred {
		pred[i] = at[i]
	}
	return pred
}

func TestClusterFixture(t *testing.T) {
	// The neighbouring-language items never reach clustering (digestible drops them).
	var fx []fixtureItem
	for _, f := range loadFixture(t) {
		if f.Lang == LangKK || f.Lang == LangRU {
			fx = append(fx, f)
		}
	}
	stories := map[string]bool{}
	gold, langs := make([]string, len(fx)), make([]string, len(fx))
	for i, f := range fx {
		gold[i], langs[i] = f.Story, f.Lang
		stories[f.Story] = true
	}
	if len(fx) < 30 || len(stories) < 8 {
		t.Fatalf("fixture has %d items about %d stories, want at least 30 and 8", len(fx), len(stories))
	}
	pred := clusterFixture(t, fx)
	s := scorePairs(gold, langs, pred)
	t.Logf("pairwise precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d), cross-language wrong pairs %d",
		s.precision, s.recall, s.f1, s.tp, s.fp, s.fn, s.crossWrong)
	byPred := map[int][]string{}
	for i, p := range pred {
		byPred[p] = append(byPred[p], fx[i].Story+"/"+fx[i].Lang)
	}
	var lines []string
	for _, v := range byPred {
		lines = append(lines, strings.Join(v, " "))
	}
	sort.Strings(lines)
	t.Logf("clusters:\n%s", strings.Join(lines, "\n"))
	if s.f1 < 0.85 {
		t.Errorf("F1 %.3f < 0.85", s.f1)
	}
	if s.crossWrong > 0 {
		t.Errorf("%d cross-language pairs of different stories merged", s.crossWrong)
	}
}

func TestScorePairs(t *testing.T) {
	gold := []string{"a", "a", "b", "b"}
	langs := []string{"kk", "ru", "kk", "ru"}
	if s := scorePairs(gold, langs, []int{0, 0, 1, 1}); s.f1 != 1 || s.crossWrong != 0 {
		t.Errorf("perfect clustering scored %+v", s)
	}
	s := scorePairs(gold, langs, []int{0, 0, 0, 1})
	if s.tp != 1 || s.fp != 2 || s.fn != 1 || s.crossWrong != 1 {
		t.Errorf("scores %+v", s)
	}
}

func TestNearDuplicates(t *testing.T) {
	fx := loadFixture(t)
	docs, err := prepare(context.Background(), fixtureStoreItems(fx), newVocab())
	if err != nil {
		t.Fatal(err)
	}
	var multi [][]string
	for _, g := range nearDuplicates(docs) {
		if len(g) > 1 {
			var urls []string
			for _, i := range g {
				urls = append(urls, fx[i].URL)
			}
			multi = append(multi, urls)
		}
	}
	// Only the syndicated copy of the voter-list item is a near-duplicate in the fixture.
	if len(multi) != 1 || len(multi[0]) != 2 || !strings.Contains(multi[0][1], "informburo") {
		t.Errorf("near-duplicate groups = %v", multi)
	}
	a := minhash("Орталық сайлау комиссиясы референдумға арналған бюллетень мәтінін бекітті және оны басуға жіберді")
	if sim := similarity(a, a); sim != 1 {
		t.Errorf("self similarity %v", sim)
	}
	b := minhash("Мемлекет басшысы Қазақстан халқына үндеу жолдап, азаматтарды дауыс беруге шақырды")
	if sim := similarity(a, b); sim > 0.2 {
		t.Errorf("different texts have similarity %v", sim)
	}
	if minhash("") != nil || similarity(nil, a) != 0 {
		t.Error("empty text has a signature")
	}
}

// A speech at a one-off occasion reported angle by angle (the fixture's National Kurultai
// day: each report tells another proposal, and shares little wording with the others) is
// one story when the reports name the occasion; the same day's other news stays apart, and
// the occasion alone joins nothing across days.
func TestOccasionJoinsAngles(t *testing.T) {
	var fx []fixtureItem
	for _, f := range loadFixture(t) {
		switch f.Story {
		case "kurultai", "mazhilis-budget", "akim-meeting":
			fx = append(fx, f)
		}
	}
	cluster := func(fx []fixtureItem, past ...string) map[string]int {
		docs, err := prepare(context.Background(), fixtureStoreItems(fx), newVocab())
		if err != nil {
			t.Fatal(err)
		}
		weigh(docs)
		at := map[string]int{}
		pastSet := map[string]bool{}
		for _, a := range past {
			pastSet[a] = true
		}
		for gi, g := range clusterDocs(docs, dayInfo{past: pastSet}) {
			for _, i := range g {
				at[fx[i].URL] = gi
			}
		}
		return at
	}
	names := func(f fixtureItem) bool {
		docs, err := prepare(context.Background(), fixtureStoreItems([]fixtureItem{f}), newVocab())
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(docs[0].occ, "term:national_kurultai")
	}
	at := cluster(fx)
	story, naming := -1, 0
	for _, f := range fx {
		switch {
		case f.Story == "kurultai" && names(f):
			naming++
			if story == -1 {
				story = at[f.URL]
			} else if at[f.URL] != story {
				t.Errorf("%q is apart from the other reports of the Kurultai", f.Title)
			}
		case f.Story != "kurultai" && story != -1 && at[f.URL] == story:
			t.Errorf("%q (%s) joined the Kurultai story", f.Title, f.Story)
		}
	}
	if naming < 3 {
		t.Fatalf("%d fixture reports name the National Kurultai, want at least 3", naming)
	}
	// A report that names the occasion only after its lead still counts it.
	late := false
	for _, f := range fx {
		if f.URL == "https://vlast.kz/fixture-kurultai-late-mention" {
			late = names(f)
		}
	}
	if !late {
		t.Error("the report naming the Kurultai in its eighth sentence was not read as naming it")
	}
	// A report calling it by its short name on its day is one of its reports.
	for _, f := range fx {
		if f.URL == "https://bizmedia.kz/fixture-kurultai-short-name" && at[f.URL] != story {
			t.Errorf("%q, which names the Kurultai by its short name on its day, is apart from its story", f.Title)
		}
	}
	// Two reports of the occasion two days apart (a look back, say) are not one event by
	// the occasion alone.
	var two []fixtureItem
	for _, f := range fx {
		if f.Story == "kurultai" && names(f) && len(two) < 2 {
			two = append(two, f)
		}
	}
	// The day after the occasion had its story, reports naming it are judged on their own.
	after, joined := cluster(fx, "term:national_kurultai"), true
	for _, f := range fx {
		if f.Story == "kurultai" && names(f) && after[f.URL] != after[two[0].URL] {
			joined = false
		}
	}
	if joined {
		t.Errorf("with the occasion's story in the previous digest, its reports were still joined as one occasion")
	}
	two[1].Published = two[1].Published.Add(48 * time.Hour)
	if at := cluster(two); at[two[0].URL] == at[two[1].URL] {
		t.Errorf("reports naming the occasion two days apart were joined")
	}
}

// The short name of an occasion ("Курултай" for the National Kurultai) names the occasion
// only on the occasion's day: two months later the word is the new parliament's name, and
// two reports using it are not one occasion.
func TestShortFormNeedsItsDay(t *testing.T) {
	var fx []fixtureItem
	for _, f := range loadFixture(t) {
		switch f.URL {
		case "https://bizmedia.kz/fixture-kurultai-short-name", "https://tengrinews.kz/fixture-kurultai-narodnyi-sovet",
			"https://tengrinews.kz/fixture-kurultai-vybory-srok", "https://orda.kz/fixture-kurultai-zdanie":
			fx = append(fx, f)
		}
	}
	if len(fx) != 4 {
		t.Fatalf("%d fixture items, want 4", len(fx))
	}
	docs, err := prepare(context.Background(), fixtureStoreItems(fx), newVocab())
	if err != nil {
		t.Fatal(err)
	}
	weigh(docs)
	p := defaultParams
	p.loc = almatyLoc(t)
	s := newStorySim(docs, p)
	idx := map[string]int{}
	for i, f := range fx {
		idx[f.URL] = i
	}
	short, full := idx["https://bizmedia.kz/fixture-kurultai-short-name"], idx["https://tengrinews.kz/fixture-kurultai-narodnyi-sovet"]
	if !s.sharedOccasion(short, full) {
		t.Error("on the Kurultai's day, the report calling it \"Курултай\" does not share the occasion with one naming it in full")
	}
	if a, b := idx["https://tengrinews.kz/fixture-kurultai-vybory-srok"], idx["https://orda.kz/fixture-kurultai-zdanie"]; s.sharedOccasion(a, b) {
		t.Error("two March reports on the parliament called Kurultai share an occasion")
	}
}

// An occasion has had its day when the previous digest told it as a story of many reports;
// a mention in a small story (an announcement) does not count.
func TestPastOccasions(t *testing.T) {
	story := func(members int, anchors ...string) Story {
		return Story{Members: make([]Member, members), Sig: Signature{Anchors: anchors}}
	}
	prev := &Digest{
		Stories: []Story{story(occasionStory, "name:tokaev", "term:national_kurultai"), story(2, "term:summit")},
		Also:    []Story{story(1, "term:oath")},
	}
	got := pastOccasions(prev)
	if !got["term:national_kurultai"] || got["term:summit"] || got["term:oath"] || got["name:tokaev"] || len(got) != 1 {
		t.Errorf("pastOccasions = %v, want only the National Kurultai", got)
	}
	if len(pastOccasions(nil)) != 0 {
		t.Error("no previous digest, yet past occasions")
	}
}

// Two parties' congresses on one day are two events: a congress is not an occasion.
func TestTwoCongressesOneDay(t *testing.T) {
	at := time.Date(2026, 4, 18, 11, 0, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://orda.kz/fixture/amanat-sezd", Source: "Orda", Lang: "ru", Published: at,
			Title: "Amanat на съезде выдвинул кандидатов в Курултай",
			Body:  "Партия Amanat провела внеочередной съезд в Астане. Делегаты утвердили партийный список из 80 кандидатов. Первым номером списка стал председатель партии."},
		{ID: 2, URL: "https://vlast.kz/fixture/akzhol-sezd", Source: "Vlast", Lang: "ru", Published: at.Add(3 * time.Hour),
			Title: "Ак жол на съезде принял предвыборную программу",
			Body:  "Демократическая партия Ак жол собрала съезд в Алматы. Делегаты одобрили предвыборную программу о поддержке малого бизнеса. Список кандидатов партия утвердит позже."},
	}
	docs, g := clusterItems(t, items)
	if g[0] == g[1] {
		t.Error("two parties' congresses made 1 story, want 2")
	}
	if !slices.Contains(docs[0].anchors, "term:congress") || !slices.Contains(docs[1].anchors, "term:congress") {
		t.Errorf("the test reports do not both name a congress: %v / %v", docs[0].anchors, docs[1].anchors)
	}
}

// During the campaign, officials travelled the regions explaining the draft, several on one
// day, and every report of it says much the same. Two reports placing the trip in different
// regions are two events; a Kazakh and a Russian report of one trip, one of them also naming
// the capital the delegation came from, are one.
func TestTripsToTwoRegions(t *testing.T) {
	at := time.Date(2026, 3, 3, 11, 0, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://atyrau.example/fixture/koalitsiya-atyrau", Source: "Atyrau news", Lang: "ru", Published: at,
			Title: "Коалиция в поддержку новой Конституции встретилась с жителями Атырау",
			Body: "Члены общенациональной коалиции провели в Атырау встречу с работниками нефтяных компаний и студентами. " +
				"Участники рассказали о главных нормах проекта новой Конституции и ответили на вопросы о референдуме 15 марта."},
		{ID: 2, URL: "https://atyrau.example/fixture/koalitsiya-atyrau-kk", Source: "Atyrau news (kk)", Lang: "kk", Published: at.Add(40 * time.Minute),
			Title: "Коалиция мүшелері Атырау тұрғындарымен кездесті",
			Body: "Жалпыұлттық коалиция мүшелері Астанадан келіп, Атырауда мұнай компанияларының қызметкерлерімен және студенттермен кездесті. " +
				"Олар жаңа Конституция жобасының негізгі нормалары туралы айтып, 15 наурыздағы референдум жөніндегі сұрақтарға жауап берді."},
		{ID: 3, URL: "https://semey.example/fixture/koalitsiya-abai", Source: "Semey news", Lang: "ru", Published: at.Add(2 * time.Hour),
			Title: "Коалиция в поддержку новой Конституции встретилась с жителями области Абай",
			Body: "Члены общенациональной коалиции провели в области Абай встречу с учителями и врачами. " +
				"Участники рассказали о главных нормах проекта новой Конституции и ответили на вопросы о референдуме 15 марта."},
	}
	docs, at3 := clusterItems(t, items)
	if at3[0] == at3[2] {
		t.Error("the trips to Atyrau and to Abai region were joined")
	}
	if at3[0] != at3[1] {
		t.Errorf("the Russian and Kazakh reports of the Atyrau trip are apart (anchors %v / %v)", docs[0].anchors, docs[1].anchors)
	}
}

// The cheap test before matching the rest of a text finds every surface form of every
// occasion and short form the gazetteer has, in each language.
func TestOccasionHints(t *testing.T) {
	ids := []string{"kurultai"}
	for a := range occasions {
		ids = append(ids, strings.TrimPrefix(a, "term:"))
	}
	for _, id := range ids {
		for _, l := range []lang.Lang{lang.KK, lang.RU, lang.Other} {
			forms := lang.ConceptTerms(id, l)
			if len(forms) == 0 {
				t.Errorf("%s has no %s forms", id, l)
			}
			for _, f := range forms {
				r := []rune(f)
				r[0] = unicode.ToUpper(r[0])
				for _, s := range []string{f, "Бүгін " + f, string(r)} {
					if !mayNameOccasion([]string{s}) {
						t.Errorf("%s (%s): %q has no occasion hint", id, l, s)
					}
				}
			}
		}
	}
	if mayNameOccasion([]string{"Депутаты обсудили бюджет.", "Әкім тұрғындармен кездесті."}) {
		t.Error("plain sentences hold an occasion hint")
	}
}

// The referendum commission sits at most once a day, and its sitting is reported item by
// item: the observers accredited, the rumours about ballots denied. Two reports of one day
// naming the commission and a sitting are one event; the commission's chairman talking to
// journalists the same day, with no sitting named, is not joined by that.
func TestOneSittingItemByItem(t *testing.T) {
	at := time.Date(2026, 3, 13, 11, 0, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://zakon.example/fixture/crk-nablyudateli", Source: "Zakon", Lang: "ru", Published: at,
			Title: "Для наблюдения за голосованием аккредитованы 412 иностранных наблюдателей",
			Body: "На заседании Центральной референдумной комиссии сообщили, что аккредитованы 412 иностранных наблюдателей из 38 стран и 9 международных организаций. " +
				"Большая часть прибудет в Астану за три дня до голосования."},
		{ID: 2, URL: "https://kazinform.example/fixture/ork-byulleten-qauesetter", Source: "Kazinform (kk)", Lang: "kk", Published: at.Add(90 * time.Minute),
			Title: "ОРК бюллетеньдер туралы қауесетті жоққа шығарды",
			Body: "Орталық референдум комиссиясының отырысында бюллетеньдер алдын ала таратылады деген ақпарат шындыққа жанаспайтыны айтылды. " +
				"Бюллетеньдер учаскелік комиссияларға дауыс беру қарсаңында ғана беріледі."},
		{ID: 3, URL: "https://tengri.example/fixture/abdirov-intervyu", Source: "Tengrinews", Lang: "ru", Published: at.Add(4 * time.Hour),
			Title: "Председатель референдумной комиссии ответил на вопросы о явке",
			Body: "Глава Центральной референдумной комиссии рассказал журналистам, при какой явке референдум будет признан состоявшимся. " +
				"По его словам, для этого должны проголосовать более половины внесённых в списки граждан."},
	}
	docs, g := clusterItems(t, items)
	s := newStorySim(docs, defaultParams)
	if !s.sharedOccasion(0, 1) {
		t.Errorf("two reports of the commission's sitting share no occasion (occasions %v / %v)", docs[0].occ, docs[1].occ)
	}
	if s.sharedOccasion(0, 2) || s.sharedOccasion(1, 2) {
		t.Errorf("the chairman's talk to journalists shares the sitting's occasion (occasions %v)", docs[2].occ)
	}
	if g[0] != g[1] {
		t.Error("the Russian and Kazakh reports of one sitting are apart")
	}
}

// A sitting is also told through its members' remarks, none naming the sitting: "a member
// of the CRC said …", "ОРК төрағасының орынбасары … айтты". On the day the body sits, its
// officials speaking tell of the sitting; a seminar its members hold the same day, and its
// chairman's talk in the lobby (TestOneSittingItemByItem), are happenings of their own, and
// the same official's remarks the next day are no part of it.
func TestOfficialsTellTheSitting(t *testing.T) {
	at := time.Date(2026, 2, 12, 10, 30, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://kazpravda.example/fixture/crk-pervoe-zasedanie", Source: "Kazpravda", Lang: "ru", Published: at,
			Title: "Центральная комиссия референдума провела первое заседание",
			Body: "В Астане прошло первое заседание Центральной комиссии референдума под председательством Нурлана Абдирова. " +
				"Члены комиссии обсудили календарный план кампании и порядок аккредитации наблюдателей."},
		{ID: 2, URL: "https://inform.example/fixture/12-mln-uchastnikov", Source: "Kazinform", Lang: "ru", Published: at.Add(3 * time.Hour),
			Title: "В списки для голосования внесены свыше двенадцати миллионов граждан",
			Body: "Член Центральной комиссии референдума Азамат Айманов сообщил, что в списки включены 12 416 759 граждан. " +
				"По его словам, по стране откроются 10 413 участков, из них 82 за рубежом."},
		{ID: 3, URL: "https://baq.example/fixture/ork-orynbasar-agitatsiya", Source: "BAQ.KZ", Lang: "kk", Published: at.Add(4 * time.Hour),
			Title: "Үгіт жүргізудің қандай түрлеріне тыйым салынады",
			Body: "Орталық референдум комиссиясы төрағасының орынбасары Мұхтар Ерман үгіт науқанының ережелерін түсіндірді. " +
				"Оның айтуынша, тыйым салынған үгіт үшін айыппұл қарастырылған."},
		{ID: 4, URL: "https://zakon.example/fixture/crk-seminar-oblast", Source: "Zakon", Lang: "ru", Published: at.Add(5 * time.Hour),
			Title: "Для территориальных комиссий провели обучающий семинар",
			Body: "Члены Центральной комиссии референдума провели семинар для председателей территориальных комиссий Карагандинской области. " +
				"Слушателям рассказали о работе с протоколами."},
		{ID: 5, URL: "https://inform.example/fixture/aimanov-nazavtra", Source: "Kazinform", Lang: "ru", Published: at.Add(26 * time.Hour),
			Title: "Проверить свой участок можно в приложении",
			Body: "Член Центральной комиссии референдума Азамат Айманов рассказал, как проверить включение в списки через eGov. " +
				"Сведения об участках акимы опубликуют до 21 февраля."},
	}
	docs, g := clusterItems(t, items)
	s := newStorySim(docs, defaultParams)
	for _, k := range []int{1, 2} {
		if !s.sharedOccasion(0, k) {
			t.Errorf("item %d, an official of the body speaking on its sitting's day, shares no occasion with the sitting (occasions %v / %v)", k+1, docs[0].occ, docs[k].occ)
		}
	}
	if g[0] != g[1] || g[0] != g[2] {
		t.Errorf("the sitting and its officials' remarks are apart: stories %v", g)
	}
	if s.sharedOccasion(0, 3) {
		t.Errorf("the members' seminar shares the sitting's occasion (occasions %v)", docs[3].occ)
	}
	if s.sharedOccasion(0, 4) || s.sharedOccasion(1, 4) {
		t.Errorf("the official's remarks of the next day share the sitting's occasion (occasions %v)", docs[4].occ)
	}
}

// A body decides at its sitting: "the commission approved the calendar plan" tells of the
// sitting though no word of it names one, and gives the day's sitting to the officials'
// remarks (TestOfficialsTellTheSitting). A decision recalled from before ("ранее …") does not.
func TestDecisionIsTheSitting(t *testing.T) {
	at := time.Date(2026, 2, 12, 9, 30, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://info.example/fixture/ork-kuntizbelik-zhospar", Source: "01info", Lang: "kk", Published: at,
			Title: "Референдумның күнтізбелік жоспары белгілі болды",
			Body: "Орталық референдум комиссиясы 15 наурызда өтетін республикалық референдумның күнтізбелік жоспарын бекітті. " +
				"Үгіт 14 наурыз сағат 00:00-де аяқталады, дауыс беру 07:00-ден 20:00-ге дейін өтеді."},
		{ID: 2, URL: "https://zakon.example/fixture/chlen-crk-uchastki", Source: "Zakon", Lang: "ru", Published: at.Add(2 * time.Hour),
			Title: "Сколько участков откроют к референдуму",
			Body: "Член Центральной комиссии референдума Азамат Айманов рассказал, что по стране откроются 10 413 участков. " +
				"Из них 82 будут работать за рубежом, в 64 странах."},
		{ID: 4, URL: "https://kursiv.example/fixture/vchera-tsik-utverdil", Source: "Kursiv", Lang: "ru", Published: at.Add(6 * time.Hour),
			Title: "Бюллетени напечатают к 1 марта",
			Body: "Вчера Центральная комиссия референдума утвердила форму бюллетеня на двух языках. " +
				"Типографии получат заказ на этой неделе."},
		{ID: 3, URL: "https://tipografiya.example/fixture/byulleteni-pechat", Source: "Kazpravda", Lang: "ru", Published: at.Add(5 * time.Hour),
			Title: "В типографии начали печатать бюллетени",
			Body: "В столичной типографии начали печать бюллетеней для голосования. " +
				"Ранее Центральная комиссия референдума утвердила форму и текст бюллетеня."},
	}
	docs, g := clusterItems(t, items)
	s := newStorySim(docs, defaultParams)
	if !s.sharedOccasion(0, 1) {
		t.Errorf("the commission's decision and its member's remarks of the day share no occasion (occasions %v / %v)", docs[0].occ, docs[1].occ)
	}
	if g[0] != g[1] {
		t.Errorf("the decision and the member's remarks are apart: stories %v", g)
	}
	if s.sharedOccasion(0, 3) || s.sharedOccasion(1, 3) {
		t.Errorf("a decision recalled from before names the day's sitting (occasions %v)", docs[3].occ)
	}
	if s.sharedOccasion(0, 2) || s.sharedOccasion(1, 2) {
		t.Errorf("yesterday's decision names the day's sitting (occasions %v)", docs[2].occ)
	}
}

func TestIsAudience(t *testing.T) {
	tests := []struct {
		title, first string
		want         bool
	}{
		{"Глава государства принял председателя Конституционного суда", "", true},
		{"", "Мемлекет басшысы Конституциялық соттың төрағасын қабылдады.", true},
		{"Токаеву доложили о работе над проектом Конституции", "", true},
		{"Президентке жаңа Конституция жобасы туралы баяндады", "", true},
		{"Токаев обсудил подготовку к референдуму с главой комиссии", "", true},
		{"Мәжіліс референдум туралы заңды қабылдады", "Депутаттар заңды бірінші оқылымда мақұлдады.", false},
		{"Комиссия приняла проект новой Конституции", "Заседание прошло в Астане.", false},
		{"Президент подписал указ о референдуме", "", false},
	}
	for _, tt := range tests {
		if got := isAudience(tt.title, []string{tt.first}); got != tt.want {
			t.Errorf("isAudience(%q, %q) = %v, want %v", tt.title, tt.first, got, tt.want)
		}
	}
	// A page repeating its headline over the text: the first sentence of the text proper
	// tells of the audience.
	title := "Окончательное решение по новой Конституции примут граждане на референдуме — Президент"
	sents := []string{title, "Глава государства был проинформирован о результатах работы Конституционной комиссии.",
		"Президент принял председателя Конституционной комиссии."}
	if !isAudience(title, sents) {
		t.Error("the audience under a repeated headline is not one")
	}
	if isAudience(title, []string{"Комиссия одобрила проект.", sents[1]}) {
		t.Error("the second sentence counts though the first is no repeated headline")
	}
}

// The day the Constitutional Commission's sitting approved the draft, its chairs reported
// on the commission's work to the President at Akorda: the reports share the draft and the
// names, and they are two happenings.
func TestAudienceIsNotTheSitting(t *testing.T) {
	at := time.Date(2026, 1, 30, 11, 0, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://orda.example/fixture/komissiya-zasedanie-proekt", Source: "Orda", Lang: "ru", Published: at,
			Title: "Конституционная комиссия одобрила проект новой Конституции",
			Body: "На шестом заседании Конституционной комиссии члены одобрили проект новой Конституции из преамбулы, 11 разделов и 95 статей. " +
				"Председатель комиссии Эльвира Азимова сказала, что проект опубликуют для обсуждения."},
		{ID: 2, URL: "https://egemen.example/fixture/komissiya-otyrys-zhoba", Source: "Egemen", Lang: "kk", Published: at.Add(time.Hour),
			Title: "Конституциялық комиссия жаңа Конституция жобасын мақұлдады",
			Body: "Конституциялық комиссияның алтыншы отырысында преамбуладан, 11 бөлімнен және 95 баптан тұратын жаңа Конституция жобасы мақұлданды. " +
				"Комиссия төрағасы Эльвира Әзімова жобаның талқылауға жарияланатынын айтты."},
		{ID: 3, URL: "https://akorda.example/fixture/prezident-azimova-qabyldady", Source: "Akorda", Lang: "ru", Published: at.Add(5 * time.Hour),
			Title: "Глава государства принял руководство Конституционной комиссии",
			Body: "Эльвира Азимова доложила Президенту о ходе работы над проектом новой Конституции и предложениях граждан. " +
				"Касым-Жомарт Токаев поблагодарил членов комиссии и поручил провести широкое обсуждение проекта."},
	}
	docs, g := clusterItems(t, items)
	if !docs[2].hosted || docs[0].hosted || docs[1].hosted {
		t.Fatalf("audiences read as %v %v %v, want only the third", docs[0].hosted, docs[1].hosted, docs[2].hosted)
	}
	s := newStorySim(docs, defaultParams)
	with := s.compute(0, 2)
	docs[2].hosted = false
	without := s.compute(0, 2)
	docs[2].hosted = true
	if math.Abs(with-audienceConflict*without) > 1e-9 || without == 0 {
		t.Errorf("the audience and the sitting: similarity %.3f, %.3f without the audience, want it scaled by %.2f", with, without, audienceConflict)
	}
	if g[0] != g[1] {
		t.Error("the Russian and Kazakh reports of the sitting are apart")
	}
	if g[2] == g[0] {
		t.Error("the President receiving the commission's chairs joined the sitting")
	}
}

// On the campaign's days several parties met to back the draft, in words like each other's.
// Two parties' meetings of one day are two events; the Kazakh and the Russian report of one
// party's meeting are one.
func TestTwoPartiesBackTheDraft(t *testing.T) {
	at := time.Date(2026, 2, 2, 11, 0, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://zakon.example/fixture/akzhol-podderzhal-proekt", Source: "Zakon", Lang: "ru", Published: at,
			Title: "Партия «Ак жол» поддержала проект новой Конституции",
			Body: "На совместном заседании президиума партии «Ак жол» и её фракции в Мажилисе члены партии поддержали проект новой Конституции. " +
				"Участники призвали сторонников прийти на референдум 15 марта."},
		{ID: 2, URL: "https://egemen.example/fixture/akzhol-qoldady", Source: "Egemen", Lang: "kk", Published: at.Add(time.Hour),
			Title: "«Ақ жол» партиясы жаңа Конституция жобасын қолдады",
			Body: "«Ақ жол» партиясы төралқасы мен Мәжілістегі фракциясының бірлескен отырысында партия мүшелері жаңа Конституция жобасын қолдады. " +
				"Қатысушылар жақтастарын 15 наурыздағы референдумға келуге шақырды."},
		{ID: 3, URL: "https://orda.example/fixture/osdp-podderzhala-proekt", Source: "Orda", Lang: "ru", Published: at.Add(3 * time.Hour),
			Title: "ОСДП поддержала проект новой Конституции",
			Body: "На заседании политсовета ОСДП члены партии поддержали проект новой Конституции. " +
				"Участники призвали сторонников прийти на референдум 15 марта."},
	}
	docs, g := clusterItems(t, items)
	if g[0] == g[2] {
		t.Errorf("Ak Zhol's and the OSDP's meetings were joined (anchors %v / %v)", docs[0].anchors, docs[2].anchors)
	}
	if g[0] != g[1] {
		t.Errorf("the Russian and Kazakh reports of Ak Zhol's meeting are apart (anchors %v / %v)", docs[0].anchors, docs[1].anchors)
	}
}

// The CEC sits as the Central Referendum Commission, and reports of one sitting name it
// either way: two of them telling different items of it are one story; a Mazhilis plenary
// of the same day is another.
func TestSittingOfTheCommissionNamedEitherWay(t *testing.T) {
	at := time.Date(2026, 3, 13, 11, 0, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://zakon.kz/fixture/cik-byulleteni", Source: "Zakon", Lang: "ru", Published: at,
			Title: "ЦИК: бюллетени заранее не раздают",
			Body:  "Председатель ЦИК на заседании комиссии заявил, что бюллетени нельзя раздавать избирателям заранее. Он напомнил, как их выдают на участках."},
		{ID: 2, URL: "https://kazpravda.kz/fixture/den-tishiny", Source: "Kazpravda", Lang: "ru", Published: at.Add(2 * time.Hour),
			Title: "Напомнили об ответственности в день тишины",
			Body:  "Член Центральной комиссии референдума на заседании напомнила об ответственности за агитацию в день тишины. Штрафы за нарушение предусмотрены законом."},
		{ID: 3, URL: "https://tengri.kz/fixture/mazhilis-byudzhet", Source: "Tengri", Lang: "ru", Published: at.Add(3 * time.Hour),
			Title: "Мажилис принял поправки в бюджет",
			Body:  "Депутаты Мажилиса на пленарном заседании приняли поправки в республиканский бюджет. Документ направлен в Сенат."},
	}
	docs, g := clusterItems(t, items)
	if g[0] != g[1] {
		t.Errorf("two reports of the commission's sitting made 2 stories, want 1: %v / %v", docs[0].occ, docs[1].occ)
	}
	if g[2] == g[0] || g[2] == g[1] {
		t.Error("the Mazhilis plenary joined the commission's sitting")
	}
}

// A sitting is named when the body's name and the sitting's word stand side by side in one
// sentence; naming both apart, or a word that only starts like a shortening, is not enough.
func TestSittingsNamed(t *testing.T) {
	anchors := func(text string) []string { return lang.Anchors(text) }
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"На шестом заседании Конституционной комиссии обсудили преамбулу.", []string{"sitting:term:constitutional_reform_commission"}},
		{"Конституциялық комиссияның бесінші отырысы өтті.", []string{"sitting:term:constitutional_reform_commission"}},
		{"ЦИК провела очередное заседание и аккредитовала наблюдателей.", []string{"sitting:term:cec"}},
		{"Орталық референдум комиссиясының кезекті отырысында байқаушылар аккредиттелді.", []string{"sitting:term:cec"}},
		{"Токаеву доложили о работе Конституционной комиссии. Следующее заседание пройдет 30 января.", nil},
		{"В Центральной избирательной комиссии рассказали о цикле заседаний с наблюдателями.", nil},
		// The body named once, its sitting by a word pointing back to it.
		{"Конституционная комиссия рекомендовала вынести проект на референдум. Об этом заявила глава комиссии на заседании органа.",
			[]string{"sitting:term:constitutional_reform_commission"}},
		{"Бұл туралы Конституциялық комиссияның төрағасы комиссия отырысында айтты.", []string{"sitting:term:constitutional_reform_commission"}},
		{"Токаеву доложили о работе Конституционной комиссии. Следующее заседание комиссии пройдет 30 января.", nil},
		{"ЦИК и Конституционная комиссия отчитались. На заседании органа обсудили бюллетени.", nil}, // which body?
		// Published on Thursday 29 January: a sitting of another day is not the day's.
		{"Текст перепишут на 84%, сообщил в среду в ходе заседания конституционной комиссии Бакыт Нурмуханов.", nil},
		{"Вчера на заседании ЦИК аккредитовали наблюдателей.", nil},
		{"Кешегі Орталық референдум комиссиясының отырысында байқаушылар аккредиттелді.", nil},
		{"Сегодня, в четверг, на заседании Конституционной комиссии обсудили преамбулу.", []string{"sitting:term:constitutional_reform_commission"}},
	} {
		sents := sentencesOf(tt.text, LangRU)
		thursday := time.Date(2026, 1, 29, 15, 0, 0, 0, time.FixedZone("+05", 5*3600))
		if got, _ := sittingsOf(anchors(tt.text), lang.NewTermCache(), "", sents, thursday); !slices.Equal(got, tt.want) {
			t.Errorf("%q: sittings %v, want %v", tt.text, got, tt.want)
		}
	}
	// A sitting of the day before is yesterday's, for the story that told of it; one of
	// another day is neither.
	thursday := time.Date(2026, 1, 29, 15, 0, 0, 0, time.FixedZone("+05", 5*3600))
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"Текст перепишут на 84%, сообщил в среду в ходе заседания конституционной комиссии Бакыт Нурмуханов.", []string{"term:constitutional_reform_commission"}},
		{"Вчера на заседании ЦИК аккредитовали наблюдателей.", []string{"term:cec"}},
		{"Кешегі Орталық референдум комиссиясының отырысында байқаушылар аккредиттелді.", []string{"term:cec"}},
		{"Во вторник на заседании ЦИК аккредитовали наблюдателей.", nil}, // two days before
		{"На заседании Конституционной комиссии обсудили преамбулу.", nil},
	} {
		sents := sentencesOf(tt.text, LangRU)
		if _, got := sittingsOf(anchors(tt.text), lang.NewTermCache(), "", sents, thursday); !slices.Equal(got, tt.want) {
			t.Errorf("%q: yesterday's sittings %v, want %v", tt.text, got, tt.want)
		}
	}
	// The President receiving a commission's heads is not its sitting.
	at := time.Date(2026, 1, 30, 11, 0, 0, 0, time.FixedZone("+05", 5*3600))
	docs, err := prepare(context.Background(), []store.Item{{ID: 1, URL: "https://akorda.kz/fixture/1", Source: "Akorda", Lang: "ru", Published: at,
		Title: "Глава государства принял руководство Конституционной комиссии",
		Body:  "Глава государства принял руководство Конституционной комиссии. На заседании Конституционной комиссии был одобрен проект."}}, newVocab())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range docs[0].occ {
		if strings.HasPrefix(o, "sitting:") {
			t.Errorf("the audience report names %s", o)
		}
	}
}

// Two turnout reports of one day are two reports when each names its own hour; two reports
// of one sitting that tell its schedule name its hours as they choose (the one several, the
// other one that the first does not name), and stay one story.
func TestHoursOfAMomentAndOfASchedule(t *testing.T) {
	at := time.Date(2026, 3, 15, 10, 30, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://a.example/fixture/yavka-10", Source: "A", Lang: "ru", Published: at,
			Title: "Явка на референдуме к 10:00 составила 21,4 процента",
			Body:  "Центральная комиссия референдума сообщила, что к 10:00 проголосовали 2 671 279 граждан, явка составила 21,4 процента."},
		{ID: 2, URL: "https://b.example/fixture/yavka-14", Source: "B", Lang: "ru", Published: at.Add(4 * time.Hour),
			Title: "Явка на референдуме к 14:00 составила 52,3 процента",
			Body:  "Центральная комиссия референдума сообщила, что к 14:00 проголосовали 6 528 406 граждан, явка составила 52,3 процента."},
		{ID: 3, URL: "https://c.example/fixture/plan-1", Source: "C", Lang: "ru", Published: at.Add(-26 * 24 * time.Hour),
			Title: "ЦИК утвердил календарный план референдума",
			Body: "На заседании Центральной избирательной комиссии утвердили календарный план мероприятий по подготовке к референдуму 15 марта. " +
				"Участки откроются в 7:00 и закроются в 20:00, агитация завершится в 00:00 14 марта, списки избирателей представят до 27 февраля."},
		{ID: 4, URL: "https://d.example/fixture/plan-2", Source: "D", Lang: "ru", Published: at.Add(-26*24*time.Hour + time.Hour),
			Title: "Календарный план подготовки к референдуму утвержден",
			Body: "Центральная избирательная комиссия на заседании утвердила календарный план подготовки к референдуму 15 марта. " +
				"Списки избирателей представят до 27 февраля, голосование пройдет с семи утра до восьми вечера, а результаты объявят до 21 марта, не позднее 18:00."},
	}
	_, story := clusterItems(t, items)
	if story[0] == story[1] {
		t.Error("the turnout at 10:00 and at 14:00 were joined")
	}
	if story[2] != story[3] {
		t.Error("two reports of the calendar plan naming different hours of its schedule are apart")
	}
}

// The Kurultai's number is not a sitting's: a Kazakh report of the commission's first
// sitting that recalls the Kurultai's fifth is not set apart, as the commission's fifth
// sitting would be, from a Russian report of the first.
func TestKurultaiNumberIsNoSitting(t *testing.T) {
	at := time.Date(2026, 1, 24, 12, 0, 0, 0, time.FixedZone("+05", 5*3600))
	items := []store.Item{
		{ID: 1, URL: "https://a.example/fixture/komissiya-1", Source: "A", Lang: "ru", Published: at,
			Title: "В Астане прошло первое заседание Комиссии по конституционной реформе",
			Body: "Первое заседание Комиссии по конституционной реформе прошло в Астане. Члены комиссии обсудили институт вице-президента " +
				"и Народный совет Казахстана, предложенные Президентом на Курултае."},
		{ID: 2, URL: "https://b.example/fixture/komissiya-1-kk", Source: "B", Lang: "kk", Published: at.Add(30 * time.Minute),
			Title: "Конституциялық реформа жөніндегі комиссияның бірінші отырысы өтті",
			Body: "Конституциялық реформа жөніндегі комиссияның бірінші отырысы Астанада өтті. Ұлттық құрылтайдың бесінші отырысында " +
				"Президент вице-президент институтын және Қазақстанның Халық Кеңесін құруды ұсынған еді."},
		{ID: 3, URL: "https://c.example/fixture/komissiya-5", Source: "C", Lang: "ru", Published: at.Add(time.Hour),
			Title: "В Астане прошло пятое заседание Комиссии по конституционной реформе",
			Body: "Пятое заседание Комиссии по конституционной реформе прошло в Астане. Члены комиссии обсудили институт вице-президента " +
				"и Народный совет Казахстана, предложенные Президентом на Курултае."},
	}
	docs, story := clusterItems(t, items)
	if story[0] != story[1] {
		t.Errorf("the first sitting in Russian and in Kazakh are apart (anchors %v / %v)", docs[0].anchors, docs[1].anchors)
	}
	if story[0] == story[2] {
		t.Error("the first and the fifth sitting were joined")
	}
}
