package lang

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Outlets write one figure many ways: 7954667, 7 954 667, 7,954,667,
// "7 миллионов 954 тысячи 667", "7 миллион 954 мың 667", "7,9 млн". Quantity
// reads them all to one value, so that the anchors of two reports meet.

// multiplier is a scale word and its value. Forms are matched as prefixes of the
// lowercased token, so case endings (миллионов, миллионнан, тысячи, мыңға) need
// no list.
var multipliers = []struct {
	prefix string
	value  float64
}{
	{"млрд", 1e9}, {"миллиард", 1e9}, {"billion", 1e9}, {"bn", 1e9},
	{"млн", 1e6}, {"миллион", 1e6}, {"million", 1e6}, {"mln", 1e6},
	{"тыс", 1e3}, {"мың", 1e3}, {"thousand", 1e3},
}

// multiplierOf reports the scale a word stands for, or 0.
func multiplierOf(word string) float64 {
	for _, m := range multipliers {
		if strings.HasPrefix(word, m.prefix) {
			// "тыс" must not take "тысячелетие", nor "мың" a word like "мыңдаған"
			// (thousands of): both are fine as scale words, but no longer forms are.
			if utf8.RuneCountInString(word)-utf8.RuneCountInString(m.prefix) > 4 {
				return 0
			}
			return m.value
		}
	}
	return 0
}

// groupSpace reports whether the characters between two number tokens are one
// space of the kinds used to group digits (space, no-break space, thin and
// narrow no-break space).
func groupSpace(s string) bool {
	switch s {
	case " ", "\u00a0", "\u202f", "\u2009":
		return true
	}
	return false
}

// plainNumber parses one number token: digits, a decimal with one comma or
// point, or thousands groups (7,954,667 or 7.954.667). exact is false for a
// decimal, which may be a rounded figure.
func plainNumber(s string) (v float64, decimal, ok bool) {
	if strings.Contains(s, ":") {
		return 0, false, false
	}
	commas, points := strings.Count(s, ","), strings.Count(s, ".")
	switch {
	case commas == 0 && points == 0:
		n, err := strconv.ParseFloat(s, 64)
		return n, false, err == nil
	case commas+points == 1:
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		return f, true, err == nil
	case (commas >= 2 && points == 0) || (points >= 2 && commas == 0):
		sep := ","
		if points > 0 {
			sep = "."
		}
		parts := strings.Split(s, sep)
		if len(parts[0]) > 3 {
			return 0, false, false
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, false, false
			}
		}
		n, err := strconv.ParseFloat(strings.Join(parts, ""), 64)
		return n, false, err == nil
	}
	return 0, false, false
}

// quantity reads the figure that starts at toks[i]: digit groups split by
// spaces, scale words, and further groups after them ("7 миллионов 954
// тысячи 667"). It returns the value, whether the writing is exact (no
// rounded decimal before a scale word), and how many tokens it spans.
func quantity(text string, toks []Token, i int) (value float64, exact bool, n int, ok bool) {
	v, decimal, ok := plainNumber(toks[i].Text)
	if !ok {
		return 0, false, 0, false
	}
	j := i + 1
	// Space-grouped thousands: 7 954 667, 12 482 613.
	if !decimal && len(toks[i].Text) <= 3 {
		for j < len(toks) && toks[j].Number && len(toks[j].Text) == 3 && isDigits(toks[j].Text) &&
			groupSpace(text[toks[j-1].End:toks[j].Start]) {
			g, _ := strconv.ParseFloat(toks[j].Text, 64)
			v = v*1000 + g
			j++
		}
	}
	exact = true
	total, cur, lastScale := 0.0, v, 0.0
	for j < len(toks) && !toks[j].Number && spaceOnly(text[toks[j-1].End:toks[j].Start]) {
		m := multiplierOf(toks[j].Text)
		if m == 0 || lastScale > 0 && m >= lastScale {
			break // scales descend: "2 млн 300 тыс."
		}
		total += cur * m
		cur, lastScale = 0, m
		j++
		// "7 миллионов 954 тысячи 667": a group below the scale just read, unless
		// it is the day of a date ("2 млн 15 марта").
		if j < len(toks) && toks[j].Number && spaceOnly(text[toks[j-1].End:toks[j].Start]) {
			w, dec, ok := plainNumber(toks[j].Text)
			dateDay := j+1 < len(toks) && isMonthWord(toks[j+1].Text)
			if ok && !dec && w < 1000 && !dateDay {
				cur = w
				j++
				continue
			}
		}
		break
	}
	total += cur
	if decimal && lastScale > 0 {
		exact = false // "7,9 млн" is a rounded figure
	}
	return total, exact, j - i, true
}

func isMonthWord(w string) bool {
	_, ok := Month(w)
	return ok
}

// spaceOnly reports a gap of spaces alone.
func spaceOnly(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r != ' ' && r != '\u00a0' && r != '\u202f' && r != '\u2009' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// formatNumber writes v the way anchors spell numbers: integers without a
// decimal part, decimals with a point.
func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// roughKey is v to two significant digits, cut rather than rounded, so that
// 7 954 667 and "7,9 млн" (or "7,95 млн") share "7.9e6". Only figures from a
// thousand up get one: small numbers are exact or nothing.
func roughKey(v float64) (string, bool) {
	if v < 1000 || math.IsInf(v, 0) || math.IsNaN(v) {
		return "", false
	}
	exp := int(math.Floor(math.Log10(v)))
	lead := int(math.Floor(v / math.Pow(10, float64(exp-1)) * (1 + 1e-12)))
	if lead >= 100 { // float error at a power of ten
		lead /= 10
		exp++
	}
	return strconv.Itoa(lead/10) + "." + strconv.Itoa(lead%10) + "e" + strconv.Itoa(exp), true
}

// Quantities returns the figures written in text as numbers, in order: each
// spelling of one figure gives the same value (see quantity). Dates and
// times are not figures and are skipped.
func Quantities(text string) []float64 {
	toks := Tokenize(text)
	var out []float64
	for i := 0; i < len(toks); i++ {
		if !toks[i].Number {
			continue
		}
		if _, _, _, ok := numericDate(toks[i].Text); ok {
			continue
		}
		v, _, n, ok := quantity(text, toks, i)
		if !ok {
			continue
		}
		out = append(out, v)
		i += n - 1
	}
	return out
}
