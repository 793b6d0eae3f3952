package digest

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestWebLinkEndsEachLanguage checks that with Options.WebLink each language's last message
// ends with a link to the day's page in that language, that the link survives storing, and
// that without it (or for an unsafe address) no link is written.
func TestWebLinkEndsEachLanguage(t *testing.T) {
	loc := almatyLoc(t)
	clock := fixedClock(time.Date(2026, 3, 5, 0, 0, 0, 0, loc))
	link := func(date, lang string) string {
		if lang == LangKK {
			return "https://digest.example.kz/kk/day/" + date
		}
		return "javascript:alert(1)" // never written
	}
	tests := []struct {
		name string
		link func(date, lang string) string
		want map[string]string // lang -> the last line of its last message
	}{
		{"off", nil, map[string]string{LangKK: "", LangRU: ""}},
		{"on", link, map[string]string{LangKK: `<a href="https://digest.example.kz/kk/day/2026-03-03">Дайджест сайтта →</a>`, LangRU: ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(Options{Location: loc, MaxStories: 3, Clock: clock, WebLink: tt.link}).
				BuildDay(context.Background(), &fakeSource{items: manyItems(loc, 12)}, "2026-03-03")
			if err != nil {
				t.Fatal(err)
			}
			rec, err := d.Record()
			if err != nil {
				t.Fatal(err)
			}
			back, err := FromRecord(rec)
			if err != nil {
				t.Fatal(err)
			}
			for l, want := range tt.want {
				for _, msgs := range [][]string{rec.HTML[l], back.HTML(l)} {
					last := msgs[len(msgs)-1]
					line := last[strings.LastIndex(last, "\n")+1:]
					if got := strings.Contains(line, "<a href=\"https://digest.example.kz/"); (want != "") != got || (want != "" && line != want) {
						t.Errorf("%s: last line %q, want %q", l, line, want)
					}
					if err := checkTelegramHTML(last); err != nil {
						t.Errorf("%s: %v", l, err)
					}
				}
				if strings.Contains(strings.Join(rec.HTML[l], ""), "javascript:") {
					t.Errorf("%s: an unsafe link was written", l)
				}
			}
		})
	}
}
