package collect

import (
	"testing"
	"time"
)

func TestFeedDate(t *testing.T) {
	loc := almaty()
	utc := func(s string) *time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	tests := []struct {
		raw    string
		parsed *time.Time // as gofeed gives it
		want   time.Time
	}{
		// A zone in the text: kept.
		{"Tue, 03 Mar 2026 14:20:00 +0500", ptr(time.Date(2026, 3, 3, 14, 20, 0, 0, time.FixedZone("", 5*3600))), time.Date(2026, 3, 3, 9, 20, 0, 0, time.UTC)},
		{"2026-03-03T09:20:00Z", utc("2026-03-03 09:20"), time.Date(2026, 3, 3, 9, 20, 0, 0, time.UTC)},
		{"Tue, 03 Mar 2026 09:20:00 GMT", utc("2026-03-03 09:20"), time.Date(2026, 3, 3, 9, 20, 0, 0, time.UTC)},
		// No zone: gofeed says UTC, it is Almaty wall-clock time.
		{"Tue, 03 Mar 2026 14:20:00", utc("2026-03-03 14:20"), time.Date(2026, 3, 3, 9, 20, 0, 0, time.UTC)},
		{"2026-03-03 14:20:00", utc("2026-03-03 14:20"), time.Date(2026, 3, 3, 9, 20, 0, 0, time.UTC)},
		{"2026-03-03", utc("2026-03-03 00:00"), time.Date(2026, 3, 2, 19, 0, 0, 0, time.UTC)},
		// gofeed could not parse it: our own layouts, Russian month names.
		{"3 марта 2026, 14:20", nil, time.Date(2026, 3, 3, 9, 20, 0, 0, time.UTC)},
		{"", nil, time.Time{}},
		{"someday", nil, time.Time{}},
	}
	for _, tc := range tests {
		got := feedDate(tc.parsed, tc.raw, loc)
		if !got.Equal(tc.want) {
			t.Errorf("feedDate(%q) = %v, want %v", tc.raw, got, tc.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestParseListingDate(t *testing.T) {
	loc := almaty()
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, loc)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	tests := []struct {
		text, layout string
		want         time.Time
	}{
		{"14:30, 3 марта 2026", "15:04, 2 January 2006", at(2026, 3, 3, 14, 30)},
		{"09:05, 15 наурыз 2026", "15:04, 2 January 2006", at(2026, 3, 15, 9, 5)},
		{"09:05, 15 наурызда 2026", "15:04, 2 January 2006", at(2026, 3, 15, 9, 5)},
		{"1 мая 2026", "2 January 2006", at(2026, 5, 1, 0, 0)},
		{"28 ақпан 2026", "2 January 2006", at(2026, 2, 28, 0, 0)},
		{"3 желтоқсан 2025", "2 January 2006", at(2025, 12, 3, 0, 0)},
		{"12 сентября 2025 г.", "2 January 2006", at(2025, 9, 12, 0, 0)},
		{"2026 жылғы 13 ақпан", "2006 2 January", at(2026, 2, 13, 0, 0)},
		{"5 янв. 2026", "2 Jan. 2006", at(2026, 1, 5, 0, 0)},
		{"15.03.2026, 10:30", "02.01.2006, 15:04", at(2026, 3, 15, 10, 30)},
		{"  13.02.2026,\n 15:45 ", "02.01.2006, 15:04", at(2026, 2, 13, 15, 45)},
		{"3 марта, 14:30", "2 January, 15:04", at(2026, 3, 3, 14, 30)},
		{"20 декабря, 10:00", "2 January, 15:04", at(2025, 12, 20, 10, 0)}, // no year, would be future
		{"Сегодня, 10:15", "15:04, 2 January 2006", at(2026, 3, 14, 10, 15)},
		{"Бүгін 08:00", "02.01.2006, 15:04", at(2026, 3, 14, 8, 0)},
		{"вчера в 23:59", "02.01.2006, 15:04", at(2026, 3, 13, 23, 59)},
		{"Кеше, 18:40", "", at(2026, 3, 13, 18, 40)},
		// The real sites' forms: Kazinform capitalises months, Akorda adds "года"
		// or writes the Kazakh order, Informburo gives the clock alone under a day heading.
		{"21:38, 18 Августа 2026", "15:04, 2 January 2006", at(2026, 8, 18, 21, 38)},
		{"28 февраля 2026 года", "2 January 2006", at(2026, 2, 28, 0, 0)},
		{"2026 жылғы 28 мамыр", "2 January 2006", at(2026, 5, 28, 0, 0)},
		{"11:45", "15:04", at(2026, 3, 14, 11, 45)},
		{"23:10", "15:04", at(2026, 3, 13, 23, 10)}, // not yet today: yesterday's
		// Machine-readable dates need no layout.
		{"2026-03-10T09:00:00+05:00", "", at(2026, 3, 10, 9, 0)},
		{"2026-03-10T09:00:00Z", "", at(2026, 3, 10, 14, 0)},
		{"2026-03-10 09:00", "", at(2026, 3, 10, 9, 0)},
		// The layout is wrong but the text is a common form.
		{"10.03.2026 09:00", "15:04, 2 January 2006", at(2026, 3, 10, 9, 0)},
	}
	for _, tc := range tests {
		got, err := parseListingDate(tc.text, tc.layout, loc, now)
		if err != nil {
			t.Errorf("parseListingDate(%q, %q): %v", tc.text, tc.layout, err)
			continue
		}
		if !got.Equal(tc.want) {
			t.Errorf("parseListingDate(%q, %q) = %v, want %v", tc.text, tc.layout, got, tc.want)
		}
	}
	for _, bad := range []struct{ text, layout string }{{"", "2 January 2006"}, {"32 марта 2026", "2 January 2006"}, {"14:30", "2 January 2006"}, {"скоро", ""}} {
		if got, err := parseListingDate(bad.text, bad.layout, loc, now); err == nil {
			t.Errorf("parseListingDate(%q, %q) = %v, want an error", bad.text, bad.layout, got)
		}
	}
}

func TestClampDate(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	tests := []struct{ in, want time.Time }{
		{time.Time{}, now},
		{now.Add(-time.Hour), now.Add(-time.Hour)},
		{now.Add(5 * time.Minute), now.Add(5 * time.Minute)}, // within the skew
		{now.Add(3 * time.Hour), now},                        // a wrong zone or a typo
		{now.AddDate(1, 0, 0), now},
	}
	for _, tc := range tests {
		if got := clampDate(tc.in, now); !got.Equal(tc.want) {
			t.Errorf("clampDate(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
