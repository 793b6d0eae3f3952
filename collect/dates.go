package collect

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// zoneSuffixRe finds a zone at the end of a feed date: Z, +05:00, +0500,
// GMT, or a named zone such as ALMT or MSK.
var zoneSuffixRe = regexp.MustCompile(`(?i)(\d(z)|[+-]\d{2}:?\d{2}|[+-]\d{2}|\b(gmt|utc|ut|[a-z]{2,5}t|msk|[a-z]{3}))\s*$`)

// timeInDateRe tells whether a date string carries a time of day (the zone
// suffix check matters only then: a bare "2 Mar 2026" has no zone but ends
// in letters only when the month comes last, which the formats do not do).
var timeInDateRe = regexp.MustCompile(`\d{1,2}:\d{2}`)

// feedDate returns a feed entry's time. gofeed reads a date without a zone
// as UTC; such a date is wall-clock time in loc (Kazakh feeds mean Almaty).
func feedDate(parsed *time.Time, raw string, loc *time.Location) time.Time {
	if parsed == nil || parsed.IsZero() {
		if t, ok := parseLooseDate(raw, loc); ok {
			return t
		}
		return time.Time{}
	}
	t := *parsed
	if !hasZone(raw) {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	return t
}

// hasZone reports whether a raw date string names its zone or offset.
func hasZone(raw string) bool {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return false
	}
	if !timeInDateRe.MatchString(raw) {
		return false // a date alone: midnight where the outlet is
	}
	return zoneSuffixRe.MatchString(raw)
}

// clampDate applies the rules for stored dates: a missing date is the time
// first seen, and a date too far in the future (a wrong zone, a typo) is now.
func clampDate(t, now time.Time) time.Time {
	if t.IsZero() || t.After(now.Add(futureSkew)) {
		return now
	}
	return t
}

// monthByPrefix maps the first three letters of Russian and Kazakh month
// names (any case form: марта, наурызда) to months.
var monthByPrefix = map[string]time.Month{
	"янв": time.January, "фев": time.February, "мар": time.March, "апр": time.April,
	"май": time.May, "мая": time.May, "мае": time.May, "июн": time.June, "июл": time.July,
	"авг": time.August, "сен": time.September, "окт": time.October, "ноя": time.November,
	"дек": time.December,
	"қаң": time.January, "ақп": time.February, "нау": time.March, "сәу": time.April,
	"мам": time.May, "мау": time.June, "шіл": time.July, "там": time.August,
	"қыр": time.September, "қаз": time.October, "қар": time.November, "жел": time.December,
}

// fillerWords appear in dates around the parts a layout names ("3 марта
// 2026 г.", "2026 жылғы 3 наурыз"); they are dropped when the layout lacks them.
var fillerWords = map[string]bool{
	"г": true, "г.": true, "года": true, "год": true, "гг": true, "в": true, "ж": true, "ж.": true,
	"жылғы": true, "жыл": true, "жылы": true, "сағат": true, "сағ": true, "сағ.": true,
}

var (
	todayWords     = []string{"сегодня", "бүгін", "today"}
	yesterdayWords = []string{"вчера", "кеше", "yesterday"}
	clockRe        = regexp.MustCompile(`(\d{1,2}):(\d{2})`)
)

// looseLayouts are tried when a listing gives no layout or its own fails.
var looseLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04",
	"2006-01-02", "02.01.2006 15:04", "02.01.2006, 15:04", "02.01.2006 в 15:04", "15:04 02.01.2006",
	"15:04, 02.01.2006", "02.01.2006", "2 January 2006, 15:04", "2 January 2006 15:04",
	"15:04, 2 January 2006", "15:04 2 January 2006", "2 January 2006", "2006 2 January",
	time.RFC1123Z, time.RFC1123,
}

// parseListingDate reads a listing's date text with its layout; Russian and
// Kazakh month names, "сегодня"/"бүгін" and "вчера"/"кеше" are understood,
// and a date without a zone is in loc.
func parseListingDate(s, layout string, loc *time.Location, now time.Time) (time.Time, error) {
	s = collapseSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	low := strings.ToLower(s)
	for i, words := range [][]string{todayWords, yesterdayWords} {
		for _, w := range words {
			if strings.Contains(low, w) {
				day := now.In(loc).AddDate(0, 0, -i)
				h, m := 0, 0
				if c := clockRe.FindStringSubmatch(s); c != nil {
					h, _ = strconv.Atoi(c[1])
					m, _ = strconv.Atoi(c[2])
					if h > 23 || m > 59 {
						h, m = 0, 0
					}
				}
				return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, loc), nil
			}
		}
	}
	if layout != "" {
		if t, err := parseInLayout(s, layout, loc, now); err == nil {
			return t, nil
		}
	}
	if t, ok := parseLooseDate(s, loc); ok {
		return t, nil
	}
	if layout == "" {
		return time.Time{}, fmt.Errorf("date %q: no layout matches", s)
	}
	return time.Time{}, fmt.Errorf("date %q does not match layout %q", s, layout)
}

func parseInLayout(s, layout string, loc *time.Location, now time.Time) (time.Time, error) {
	text := englishMonths(s, layout)
	t, err := time.ParseInLocation(layout, text, loc)
	if err != nil {
		text = dropFillers(text, layout)
		if t, err = time.ParseInLocation(layout, text, loc); err != nil {
			return time.Time{}, err
		}
	}
	if t.Year() == 0 && !layoutHasDay(layout) {
		// A clock alone ("15:04": the day is in a heading above the item):
		// today, or yesterday when that time has not come yet.
		n := now.In(loc)
		t = time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
		if t.After(n.Add(futureSkew)) {
			t = t.AddDate(0, 0, -1)
		}
		return t, nil
	}
	if t.Year() == 0 {
		// A layout without a year ("2 January, 15:04"): this year, or last
		// year when that would put the date in the future.
		n := now.In(loc)
		t = time.Date(n.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
		if t.After(n.Add(24 * time.Hour)) {
			t = t.AddDate(-1, 0, 0)
		}
	}
	return t, nil
}

// layoutHasDay: the layout names a day of the month (or of the year).
func layoutHasDay(layout string) bool {
	l := strings.NewReplacer("2006", "", "15", "", "05", "").Replace(layout)
	return strings.ContainsAny(l, "2") || strings.Contains(l, "002") || strings.Contains(l, "Jan") || strings.Contains(l, "01")
}

// parseLooseDate tries common layouts, with month names translated.
func parseLooseDate(s string, loc *time.Location) (time.Time, bool) {
	s = collapseSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	text := englishMonths(s, "January")
	for _, l := range looseLayouts {
		for _, cand := range []string{text, dropFillers(text, l)} {
			if t, err := time.ParseInLocation(l, cand, loc); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// englishMonths replaces Russian and Kazakh month names with the English
// ones the layout expects ("January" or "Jan").
func englishMonths(s, layout string) string {
	full := strings.Contains(layout, "January")
	if !full && !strings.Contains(layout, "Jan") {
		return s
	}
	var b strings.Builder
	runes := []rune(s)
	for i := 0; i < len(runes); {
		if !unicode.IsLetter(runes[i]) {
			b.WriteRune(runes[i])
			i++
			continue
		}
		j := i
		for j < len(runes) && unicode.IsLetter(runes[j]) {
			j++
		}
		word := string(runes[i:j])
		if m, ok := monthOf(word); ok {
			name := m.String()
			if !full {
				name = name[:3]
			}
			b.WriteString(name)
		} else {
			b.WriteString(word)
		}
		i = j
	}
	return b.String()
}

func monthOf(word string) (time.Month, bool) {
	w := []rune(strings.ToLower(word))
	if len(w) < 3 || len(w) > 14 {
		return 0, false
	}
	m, ok := monthByPrefix[string(w[:3])]
	return m, ok
}

// dropFillers removes words such as "г." or "жылғы" that the layout lacks.
func dropFillers(s, layout string) string {
	lowLayout := strings.ToLower(layout)
	fields := strings.Fields(s)
	out := fields[:0]
	for _, f := range fields {
		key := strings.ToLower(strings.TrimRight(f, ","))
		if fillerWords[key] && !strings.Contains(lowLayout, key) {
			if strings.HasSuffix(f, ",") && len(out) > 0 && !strings.HasSuffix(out[len(out)-1], ",") {
				out[len(out)-1] += ","
			}
			continue
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}
