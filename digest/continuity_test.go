package digest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// On real coverage an event runs over two days and a new one starts beside it. The
// fixture's preliminary results (16 March, five outlets, four writings of the same
// figures, a headline-less item, a page with clutter) are reported again on the 17th,
// when the foreign leaders' congratulations are new.
func TestStoryAcrossDays(t *testing.T) {
	loc := almatyLoc(t)
	st := fixtureStore(t)
	b := New(Options{Location: loc, MaxStories: 20, Clock: fixedClock(time.Date(2026, 3, 20, 12, 0, 0, 0, loc))})
	d16 := buildAndStore(t, b, st, "2026-03-16")
	d17 := buildAndStore(t, b, st, "2026-03-17")
	for _, d := range []*Digest{d16, d17} {
		for _, foreign := range []string{"azattyk", "uzb.inform"} {
			if s := storyOf(d, foreign); s != nil {
				t.Errorf("%s: the %s item (not Kazakh or Russian) is in story %s", d.Date, foreign, s.ID)
			}
		}
	}
	res16 := storyOf(d16, "crk-aldyn-ala-qorytyndy")
	if res16 == nil {
		t.Fatal("16 March: no results story")
	}
	for _, u := range []string{"crk-predvaritelnye-itogi", "referendum-sostoyalsya", "fixture_kazinform/4101", "yavka-referendum"} {
		if s := storyOf(d16, u); s == nil || s.ID != res16.ID {
			t.Errorf("16 March: %s is not in the results story", u)
		}
	}
	res17 := storyOf(d17, "itogi-referenduma-analitika")
	if res17 == nil || res17.ID != res16.ID || !res17.Continues || res17.Since != "2026-03-16" {
		t.Errorf("17 March: the results story does not continue: %+v", res17)
	}
	con := storyOf(d17, "pozdravleniya")
	if con == nil || con.ID == res16.ID || con.Continues {
		t.Errorf("17 March: the congratulations are not a new story: %+v", con)
	}
	if s := storyOf(d17, "kuttyktau"); s == nil || con == nil || s.ID != con.ID {
		t.Error("17 March: the Kazakh and Russian congratulations are apart")
	}
}

// The morning after a speech, overviews of it still come in, beside new events that only
// refer to it. The fixture's Kurultai day (20 January) is followed by two overviews of the
// speech (Russian and Kazakh) and a Mazhilis plenary, in both languages, on the proposals
// made there. The plenary, which names its own day, is a story of its own: it neither
// continues the speech nor the Mazhilis budget vote of the 20th, which shares its words,
// and the overviews are not glued to it although all of them name the Kurultai on one day.
// (The overviews make a story of their own too: their wording is too far from the
// speech's reports for the signature to continue it; see the README's "Story quality".)
func TestLateReportsContinue(t *testing.T) {
	loc := almatyLoc(t)
	st := fixtureStore(t)
	b := New(Options{Location: loc, MaxStories: 20, Clock: fixedClock(time.Date(2026, 1, 25, 12, 0, 0, 0, loc))})
	d20 := buildAndStore(t, b, st, "2026-01-20")
	d21 := buildAndStore(t, b, st, "2026-01-21")
	speech := storyOf(d20, "fixture-kurultai-narodnyi-sovet")
	if speech == nil || len(speech.Members) < 4 {
		t.Fatalf("20 January: no Kurultai story of several reports: %+v", speech)
	}
	plenary := storyOf(d21, "fixture-mazhilis-plenarnoe-kurultai")
	if plenary == nil || plenary.ID == speech.ID || plenary.Continues {
		t.Fatalf("21 January: the Mazhilis plenary is not a new story: %+v", plenary)
	}
	for _, u := range []string{"fixture-kurultai-analysis", "fixture-kurultai-sholu"} {
		if s := storyOf(d21, u); s == nil || s.ID == plenary.ID {
			t.Errorf("21 January: the overview %s is glued to the plenary", u)
		}
	}
	if s := storyOf(d21, "fixture-mazhilis-zhalpy-otyrys"); plenary == nil || s == nil || s.ID != plenary.ID {
		t.Error("21 January: the Russian and Kazakh reports of the plenary are apart")
	}
}

// A regional site reposts an agency's report of yesterday under a headline of its own, with
// a lead of its own, and it tells of yesterday's festival: it continues yesterday's story,
// although its words are too few of the story's for the signature alone. The Senate's
// sitting of the same morning is new.
func TestRepostContinues(t *testing.T) {
	loc := almatyLoc(t)
	at := func(day, h int) time.Time { return time.Date(2026, 2, day, h, 0, 0, 0, loc) }
	agency := "Жастар фестиваліне облыстың барлық аудандарынан өкілдер келді. Сахнада жергілікті топтар өнер көрсетті, " +
		"ал спортшылар марафон ұйымдастырды. Ұйымдастырушылардың айтуынша, іс-шараға 4 мыңға жуық адам қатысты. " +
		"Фестиваль соңында жастар жаңа Конституция жобасын талқылауға арналған ашық микрофон өткізді. " +
		"Қатысушылар білім беру, жұмыспен қамту және тұрғын үй мәселелерін көтерді."
	src := &fakeSource{digests: map[string]store.DigestRecord{}, items: []store.Item{
		{ID: 1, URL: "https://agency.example.kz/aktobe-festival", Source: "Agency", Lang: "kk", Published: at(27, 12),
			Title: "Ақтөбеде референдумды қолдауға арналған жастар фестивалі өтті", Body: agency},
		{ID: 2, URL: "https://city.example.kz/fest", Source: "City", Lang: "kk", Published: at(27, 15),
			Title: "Ақтөбе жастары жаңа Ата заң жобасын қолдады", Body: "Қала орталығында өткен жастар фестиваліне 4 мыңнан астам адам жиналды. " +
				"Жиында сөйлегендер Конституция жобасындағы жастарға қатысты нормаларды атап өтті. Кеш концертпен аяқталды."},
		{ID: 3, URL: "https://region.example.kz/repost-1", Source: "Region", Lang: "kk", Published: at(28, 10),
			Title: "Ұйымдастырушылар – қала жастары", Body: "Өңірлік жастар ресурстық орталығы хабарлады. " + agency},
		{ID: 4, URL: "https://senate.example.kz/sitting", Source: "Senate", Lang: "kk", Published: at(28, 11),
			Title: "Сенат тұрғын үй құрылысы туралы заңды қабылдады", Body: "Сенаторлар жалпы отырыста тұрғын үй құрылысы туралы заңға өзгерістерді мақұлдады. " +
				"Құжат Мемлекет басшысының қол қоюына жіберілді. Заң жас отбасыларға тұрғын үй алуды жеңілдетеді."},
	}}
	b := New(Options{Location: loc, MaxStories: 20, Clock: fixedClock(at(28, 23))})
	d27, d28 := buildAndStore(t, b, src, "2026-02-27"), buildAndStore(t, b, src, "2026-02-28")
	fest := storyOf(d27, "aktobe-festival")
	if fest == nil || storyOf(d27, "city.example.kz/fest") == nil || storyOf(d27, "city.example.kz/fest").ID != fest.ID {
		t.Fatalf("27 February: the festival's two reports are not one story: %+v", fest)
	}
	re := storyOf(d28, "repost-1")
	if re == nil || re.ID != fest.ID || !re.Continues {
		t.Errorf("28 February: the repost does not continue the festival's story: %+v", re)
	}
	if s := storyOf(d28, "senate.example.kz"); s == nil || s.ID == fest.ID || s.Continues {
		t.Errorf("28 February: the Senate's sitting continues the festival: %+v", s)
	}
}

// Two stories told in no common language cannot compare their words: three particulars in
// common, most of what the smaller names, are enough (the festival in Uralsk reported in
// Russian on the day and in Kazakh the morning after). Within one language the words must
// agree too, and a few particulars among many are not enough either way.
func TestContinuesAcrossLanguages(t *testing.T) {
	never := func(string) bool { return false }
	ru := Signature{Terms: map[string][]string{"ru": {"молодеж", "фестивал", "уральск", "арен"}},
		Anchors: []string{"name:zhaiyk", "num:4000", "term:oral", "term:youth"}}
	kk := Signature{Terms: map[string][]string{"kk": {"жастар", "фестивал", "орал"}},
		Anchors: []string{"name:zhaiyk", "num:4000", "term:oral", "date:03-03"}}
	if sigSimilarity(kk, ru, never) == 0 {
		t.Error("kk and ru reports of one festival, three particulars of four in common: no continuation")
	}
	wideKK, wideRU := kk, ru
	wideKK.Anchors = append([]string{"name:a", "name:b", "name:c"}, kk.Anchors...)
	wideRU.Anchors = append([]string{"name:d", "name:e", "name:f"}, ru.Anchors...)
	if s := sigSimilarity(wideKK, wideRU, never); s != 0 {
		t.Errorf("three particulars among seven continue across languages (%.2f)", s)
	}
	ru2 := Signature{Terms: map[string][]string{"ru": {"сенат", "закон", "жиль"}}, Anchors: kk.Anchors}
	if s := sigSimilarity(ru2, ru, never); s != 0 {
		t.Errorf("same language, particulars shared but no words: continues (%.2f)", s)
	}
}

// prevItemsFail fails to read items published before cut: yesterday's items are lost to a
// broken store while today's read.
type prevItemsFail struct {
	*fakeSource
	cut time.Time
}

func (p prevItemsFail) ItemsBetween(from, to time.Time) ([]store.Item, error) {
	if from.Before(p.cut) {
		return nil, errors.New("store: items: disk I/O error")
	}
	return p.fakeSource.ItemsBetween(from, to)
}

// Without yesterday's items the day is still built; only continuation by copies is lost,
// and a story continues by its signature as before.
func TestPreviousItemsUnavailable(t *testing.T) {
	loc := almatyLoc(t)
	st := fixtureStore(t)
	b := New(Options{Location: loc, MaxStories: 20, Clock: fixedClock(time.Date(2026, 3, 20, 12, 0, 0, 0, loc))})
	items, err := st.ItemsBetween(time.Date(2026, 3, 16, 0, 0, 0, 0, loc), time.Date(2026, 3, 18, 0, 0, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	src := &fakeSource{items: items}
	d16 := buildAndStore(t, b, src, "2026-03-16")
	d17, err := b.BuildDay(context.Background(), prevItemsFail{src, time.Date(2026, 3, 17, 0, 0, 0, 0, loc)}, "2026-03-17")
	if err != nil {
		t.Fatalf("17 March not built without the 16th's items: %v", err)
	}
	res16, res17 := storyOf(d16, "crk-aldyn-ala-qorytyndy"), storyOf(d17, "itogi-referenduma-analitika")
	if res16 == nil || res17 == nil || res17.ID != res16.ID || !res17.Continues {
		t.Errorf("17 March: the results story does not continue by its signature: %+v", res17)
	}
}

// The digest's own date is no particular of a story: yesterday's reports announce it ("the
// decree is published on 12 February"), today's carry it as their dateline. A session of
// the 12th sharing with the decree of the 11th that date, the vote's, a name and a figure
// shares three particulars, too few to continue it in other words; told with the 11th's date
// ("the decree signed on 11 February") it shares four, and does.
func TestTodaysDateIsNoParticular(t *testing.T) {
	terms := map[string][]string{"ru": {"комисс", "референдум", "календарн", "план", "заседан", "утверд"}}
	decree := Story{ID: "decree", Since: "2026-02-11", Sig: Signature{
		Terms: map[string][]string{"ru": {"указ", "референдум", "провед", "подписа", "назнач", "дат"}},
		Anchors: []string{"date:02-11", "date:02-12", "date:03-15", "name:abdirov", "num:12482613",
			"term:decree", "term:referendum"}}}
	for _, tt := range []struct {
		dates []string
		want  bool
	}{
		{[]string{"date:02-12", "date:03-15"}, false},
		{[]string{"date:02-11", "date:03-15"}, true},
	} {
		w := &work{story: Story{ID: "session", Sig: Signature{Terms: terms,
			Anchors: append(tt.dates, "name:abdirov", "num:12482613", "term:referendum")}}}
		continueStories([]*work{w}, []Story{decree}, nil, nil, "2026-02-12")
		if got := w.story.ID == "decree"; got != tt.want {
			t.Errorf("sharing %v: continues %v, want %v", tt.dates, got, tt.want)
		}
	}
}

// sigSimilarity is how surely two signatures describe one story, as continueStories
// compares them.
func sigSimilarity(a, b Signature, common func(string) bool) float64 {
	return viewSimilarity(viewOf(a, common), viewOf(b, common))
}

// A report of yesterday's sitting says so ("Вчера на заседании ЦКР …", "комиссияның кешегі
// отырысында …"), and a body sits at most once a day: it continues the story of that
// sitting however different its words. A report of another body's sitting yesterday, and
// one naming a sitting to come, do not.
func TestYesterdaysSittingContinues(t *testing.T) {
	loc := almatyLoc(t)
	at := func(day, h int) time.Time { return time.Date(2026, 2, day, h, 0, 0, 0, loc) }
	src := &fakeSource{digests: map[string]store.DigestRecord{}, items: []store.Item{
		{ID: 1, URL: "https://inform.example.kz/crk-zasedanie", Source: "Kazinform", Lang: "ru", Published: at(12, 12),
			Title: "На заседании ЦКР утвердили календарный план референдума",
			Body: "На заседании Центральной комиссии референдума утвержден календарный план подготовки к голосованию 15 марта. " +
				"Агитация продлится до 00:00 14 марта, итоги опубликуют до 21 марта."},
		{ID: 2, URL: "https://baq.example.kz/ork-otyrys", Source: "BAQ.KZ", Lang: "kk", Published: at(12, 14),
			Title: "ОРК отырысында күнтізбелік жоспар бекітілді",
			Body: "Орталық референдум комиссиясының отырысында 15 наурыздағы референдумның күнтізбелік жоспары бекітілді. " +
				"Үгіт 14 наурыз сағат 00:00-де аяқталады."},
		{ID: 3, URL: "https://kazpravda.example.kz/vchera-crk", Source: "Kazpravda", Lang: "ru", Published: at(13, 9),
			Title: "Избирателей с инвалидностью обеспечат трафаретами",
			Body: "Вчера на заседании Центральной комиссии референдума член комиссии Ляззат Суйндик рассказала о трафаретах для незрячих избирателей. " +
				"Участки оборудуют пандусами и кабинами для колясок."},
		{ID: 4, URL: "https://zakon.example.kz/vchera-konstkomissiya", Source: "Zakon", Lang: "ru", Published: at(13, 10),
			Title: "Конституционная комиссия обсудила главу о правах человека",
			Body: "Вчера на заседании Конституционной комиссии члены обсудили главу о правах и свободах человека. " +
				"Предложения граждан учтут в новой редакции."},
	}}
	b := New(Options{Location: loc, MaxStories: 20, Clock: fixedClock(at(13, 23))})
	d12, d13 := buildAndStore(t, b, src, "2026-02-12"), buildAndStore(t, b, src, "2026-02-13")
	sit := storyOf(d12, "crk-zasedanie")
	if sit == nil || storyOf(d12, "ork-otyrys") == nil || storyOf(d12, "ork-otyrys").ID != sit.ID {
		t.Fatalf("12 February: the sitting's two reports are not one story: %+v", sit)
	}
	late := storyOf(d13, "vchera-crk")
	if late == nil || late.ID != sit.ID || !late.Continues {
		t.Errorf("13 February: the report of yesterday's sitting does not continue it: %+v", late)
	}
	if s := storyOf(d13, "vchera-konstkomissiya"); s == nil || s.ID == sit.ID {
		t.Errorf("13 February: another body's sitting continues the CRC's: %+v", s)
	}
}
