package digest

import (
	"testing"
	"time"
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
