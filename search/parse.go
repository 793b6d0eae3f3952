package search

import (
	"html"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/refdigest/refdigest/lang"
)

// Limits on what a query may ask for: a query is a few words, and each word
// costs several term lookups.
const (
	maxQueryBytes = 1000
	maxTerms      = 12
)

// parsed is a user query taken apart. Text the user typed never reaches
// bleve's query-string parser: Search builds the bleve query from this.
type parsed struct {
	words    []lang.Token   // plain words, all required (stopwords removed)
	phrases  [][]lang.Token // quoted phrases of two words or more
	excluded [][]lang.Token // -word and -"phrase"
	langs    []string       // lang: filters (any of)
	// defaultLang is the caller's language filter (Query.Lang), used when the
	// query has no lang: of its own; suggestions drop it first.
	defaultLang string
	sources     [][]string // source: filters (any of), each the words of a name
	since       time.Time  // inclusive; zero = open
	until       time.Time  // exclusive; zero = open
	problems    []problem
	// dropped counts the words left out as stopwords.
	dropped int
}

// empty reports whether there is nothing positive to search for.
func (p *parsed) empty() bool { return len(p.words) == 0 && len(p.phrases) == 0 }

// hasFilters reports whether the query narrows by lang, source or date.
func (p *parsed) hasFilters() bool {
	return len(p.langs) > 0 || p.defaultLang != "" || len(p.sources) > 0 || !p.since.IsZero() || !p.until.IsZero()
}

// problemKind names something wrong with a query that Search explains to the user.
type problemKind int

const (
	probEmpty problemKind = iota + 1
	probNoWords
	probOnlyStopwords
	probOnlyExcluded
	probUnbalancedQuote
	probTooLong
	probBadDate
	probBadLang
)

// problem is one explanation; arg fills the message's %s or %d.
type problem struct {
	kind problemKind
	arg  string
}

// Filter keys in English, Kazakh and Russian.
var filterKeys = map[string]string{
	"lang": "lang", "тіл": "lang", "язык": "lang",
	"source": "source", "src": "source", "дереккөз": "source", "источник": "source",
	"since": "since", "from": "since", "бастап": "since", "с": "since",
	"until": "until", "to": "until", "дейін": "until", "до": "until",
}

// htmlTag matches something that looks like an HTML tag; pasted markup is
// searched for its text.
var htmlTag = regexp.MustCompile(`</?[a-zA-Z][^<>]{0,200}>`)

// chunk is one unit of a query before classification: a bare word-ish run, or
// a quoted phrase, maybe negated, maybe the value of a filter.
type chunk struct {
	text   string
	quoted bool
	neg    bool
	key    string // filter key ("lang", "source", ...) or ""
}

// parseQuery takes a user query apart; loc is the time zone of dates.
func parseQuery(raw string, loc *time.Location) parsed {
	var p parsed
	tooMany := false
	s := strings.ToValidUTF8(raw, " ")
	if strings.TrimSpace(s) == "" {
		p.problems = append(p.problems, problem{kind: probEmpty})
		return p
	}
	if len(s) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if sp := strings.LastIndexFunc(s[:cut], unicode.IsSpace); sp > maxQueryBytes/2 {
			cut = sp
		}
		s = s[:cut]
		tooMany = true
	}
	s = html.UnescapeString(htmlTag.ReplaceAllString(s, " "))

	chunks, unbalanced := splitChunks(s)
	if unbalanced {
		p.problems = append(p.problems, problem{kind: probUnbalancedQuote})
	}
	terms := 0
	for _, c := range chunks {
		switch c.key {
		case "lang":
			v := strings.ToLower(strings.TrimSpace(c.text))
			switch v {
			case "kk", "kz", "қаз", "каз":
				p.langs = appendUnique(p.langs, "kk")
			case "ru", "рус":
				p.langs = appendUnique(p.langs, "ru")
			default:
				p.problems = append(p.problems, problem{kind: probBadLang, arg: "lang:" + clip(c.text, 30)})
			}
			continue
		case "source":
			if w := lang.Words(c.text); len(w) > 0 {
				p.sources = append(p.sources, w)
			}
			continue
		case "since", "until":
			from, to, ok := parseDay(c.text, loc)
			if !ok {
				p.problems = append(p.problems, problem{kind: probBadDate, arg: c.key + ":" + clip(c.text, 30)})
				continue
			}
			if c.key == "since" {
				p.since = from
			} else {
				p.until = to
			}
			continue
		}
		toks := lang.Tokenize(c.text)
		if len(toks) == 0 {
			continue
		}
		if c.quoted {
			// A phrase of one word is that word; stopwords in a phrase only
			// keep their place.
			n, only := 0, lang.Token{}
			for _, t := range toks {
				if indexable(t) {
					n++
					only = t
				}
			}
			switch n {
			case 0:
				p.dropped++
				continue
			case 1:
				toks = []lang.Token{only}
			}
		}
		if c.neg {
			p.excluded = append(p.excluded, toks)
			continue
		}
		if c.quoted && len(toks) > 1 {
			if terms+len(toks) > maxTerms {
				tooMany = true
				continue
			}
			terms += len(toks)
			p.phrases = append(p.phrases, toks)
			continue
		}
		for _, t := range toks {
			if !t.Number && (utf8.RuneCountInString(t.Text) < 2 || isStopAny(t.Text)) {
				p.dropped++
				continue
			}
			if terms >= maxTerms {
				tooMany = true
				continue
			}
			if hasToken(p.words, t.Text) {
				continue
			}
			terms++
			p.words = append(p.words, t)
		}
	}
	if tooMany && terms > 0 {
		p.problems = append(p.problems, problem{kind: probTooLong})
	}
	if !p.since.IsZero() && !p.until.IsZero() && !p.since.Before(p.until) {
		// since:2026-03-10 until:2026-03-01 means the days between, whichever way round.
		p.since, p.until = p.until.AddDate(0, 0, -1), p.since.AddDate(0, 0, 1)
	}
	// Filters alone are a query too: the newest items that pass them.
	if p.empty() && !p.hasFilters() {
		switch {
		case p.dropped > 0:
			p.problems = append(p.problems, problem{kind: probOnlyStopwords})
		case len(p.excluded) > 0:
			p.problems = append(p.problems, problem{kind: probOnlyExcluded})
		default:
			p.problems = append(p.problems, problem{kind: probNoWords})
		}
	}
	return p
}

// isStopAny reports whether w is a stopword in Kazakh or Russian. Such a word
// is not indexed in items of that language, so requiring it would hide them.
func isStopAny(w string) bool { return lang.IsStopword(w, lang.KK) || lang.IsStopword(w, lang.RU) }

func hasToken(toks []lang.Token, text string) bool {
	for _, t := range toks {
		if t.Text == text {
			return true
		}
	}
	return false
}

func appendUnique(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// Quote characters: a phrase opens with one of openQuotes and closes with one
// of closeQuotes (typographic pairs are not insisted on).
const (
	openQuotes  = "\"«„“"
	closeQuotes = "\"»“”"
)

// splitChunks cuts s into chunks: whitespace separates them, quotes make a
// phrase, a leading - negates, a leading + is ignored, and key: before a value
// makes a filter when key is known. A phrase still open at the end is closed
// there (unbalanced is then true).
func splitChunks(s string) (chunks []chunk, unbalanced bool) {
	rs := []rune(s)
	i := 0
	for i < len(rs) {
		r := rs[i]
		if unicode.IsSpace(r) {
			i++
			continue
		}
		var c chunk
		// prefixes: any run of + and -, the last - wins
		for i < len(rs) && (rs[i] == '+' || rs[i] == '-' || rs[i] == '−') {
			if rs[i] != '+' {
				c.neg = true
			}
			i++
		}
		if i >= len(rs) || unicode.IsSpace(rs[i]) {
			continue
		}
		// filter key: letters up to a colon
		j := i
		for j < len(rs) && unicode.IsLetter(rs[j]) {
			j++
		}
		if j < len(rs) && j > i && rs[j] == ':' && j+1 < len(rs) && !unicode.IsSpace(rs[j+1]) {
			if key, ok := filterKeys[strings.ToLower(string(rs[i:j]))]; ok {
				c.key = key
				i = j + 1
			}
		}
		if i < len(rs) && strings.ContainsRune(openQuotes, rs[i]) {
			i++
			start := i
			for i < len(rs) && !strings.ContainsRune(closeQuotes, rs[i]) {
				i++
			}
			c.text, c.quoted = string(rs[start:i]), true
			if i < len(rs) {
				i++ // the closing quote
			} else if strings.TrimSpace(c.text) != "" {
				unbalanced = true
			}
		} else {
			start := i
			for i < len(rs) && !unicode.IsSpace(rs[i]) && !strings.ContainsRune(openQuotes+closeQuotes, rs[i]) {
				i++
			}
			if i == start { // a stray closing quote
				i++
				continue
			}
			c.text = string(rs[start:i])
		}
		if c.key != "" {
			c.neg = false // -lang:kk is read as lang:kk
		}
		chunks = append(chunks, c)
	}
	return chunks, unbalanced
}

// parseDay reads a day (2026-03-01, 01.03.2026, 1.3.2026), a month (2026-03)
// or a year (2026) and returns the start of its first day and of the day after
// its last, in loc.
func parseDay(v string, loc *time.Location) (from, to time.Time, ok bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006", "2006.01.02"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil && saneYear(t) {
			return t, t.AddDate(0, 0, 1), true
		}
	}
	if t, err := time.ParseInLocation("2006-01", v, loc); err == nil && saneYear(t) {
		return t, t.AddDate(0, 1, 0), true
	}
	if t, err := time.ParseInLocation("2006", v, loc); err == nil && saneYear(t) {
		return t, t.AddDate(1, 0, 0), true
	}
	return time.Time{}, time.Time{}, false
}

// clip shortens user text quoted back in a message to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// saneYear keeps dates inside what the index can represent and anyone means.
func saneYear(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 2200 }
