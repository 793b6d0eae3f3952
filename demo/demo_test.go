package demo

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTodayIsTheNewestSampleDay keeps the demo's clock after every sample item: a sample
// item dated after it would be a day still to come in the demo, and its /digest empty.
func TestTodayIsTheNewestSampleDay(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		t.Fatal(err)
	}
	evening := Evening(loc)
	if got := evening.Format("2006-01-02 15:04"); got != Today+" 21:00" {
		t.Fatalf("Evening = %s", got)
	}
	dates := regexp.MustCompile(`<(pubDate|published)>([^<]+)</`)
	var newest time.Time
	n := 0
	err = fs.WalkDir(sample, "sample", func(name string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(name, ".xml") {
			return err
		}
		data, err := sample.ReadFile(name)
		if err != nil {
			return err
		}
		for _, m := range dates.FindAllStringSubmatch(string(data), -1) {
			layout := time.RFC1123Z
			if m[1] == "published" {
				layout = time.RFC3339
			}
			when, err := time.Parse(layout, m[2])
			if err != nil {
				t.Errorf("%s: date %q: %v", name, m[2], err)
				continue
			}
			n++
			if !when.Before(evening) {
				t.Errorf("%s: item of %s is not before the demo's clock %s", name, m[2], evening)
			}
			if when.After(newest) {
				newest = when
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 5 {
		t.Fatalf("found %d sample dates, want every item's (5)", n)
	}
	if day := newest.In(loc).Format(time.DateOnly); day != Today {
		t.Fatalf("newest sample item is of %s, Today is %s: the demo's today would have no news", day, Today)
	}
}
