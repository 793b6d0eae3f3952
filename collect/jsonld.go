package collect

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
)

// ldArticle is what a page's JSON-LD says of its article.
type ldArticle struct {
	Headline  string
	Body      string // paragraphs joined by "\n\n"; "" when the block has none
	Published time.Time
}

// articleTypes are the schema.org types that describe a news text.
var articleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"BlogPosting": true, "Report": true,
}

// findJSONLD reads the page's <script type="application/ld+json"> blocks and
// returns the first article among them (a block may be one object, a list,
// or an @graph). Malformed blocks are passed over: sites often break one
// (a stray newline in a string) and keep the rest.
func findJSONLD(doc *goquery.Document, loc *time.Location) (ldArticle, bool) {
	var out ldArticle
	found := false
	doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		raw := bytes.TrimSpace([]byte(s.Text()))
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			// Raw newlines inside strings are the usual breakage.
			if err := json.Unmarshal(bytes.ReplaceAll(raw, []byte("\n"), []byte(" ")), &v); err != nil {
				return true
			}
		}
		if obj, ok := ldFind(v, 0); ok {
			out, found = ldRead(obj, loc), true
			return false
		}
		return true
	})
	return out, found
}

// ldFind walks a decoded JSON-LD value for the first object of an article type.
func ldFind(v any, depth int) (map[string]any, bool) {
	if depth > 4 {
		return nil, false
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if obj, ok := ldFind(e, depth+1); ok {
				return obj, true
			}
		}
	case map[string]any:
		if ldIsArticle(x["@type"]) {
			return x, true
		}
		if g, ok := x["@graph"]; ok {
			return ldFind(g, depth+1)
		}
		if m, ok := x["mainEntity"]; ok {
			return ldFind(m, depth+1)
		}
	}
	return nil, false
}

func ldIsArticle(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[strings.TrimPrefix(x, "schema:")]
	case []any:
		for _, e := range x {
			if ldIsArticle(e) {
				return true
			}
		}
	}
	return false
}

func ldRead(obj map[string]any, loc *time.Location) ldArticle {
	var a ldArticle
	a.Headline = cleanTitle(ldString(obj["headline"]))
	if body := ldString(obj["articleBody"]); body != "" {
		// Some sites put the HTML of the article there, some plain text
		// with its line breaks.
		if strings.ContainsAny(body, "<&") {
			a.Body = htmlText(body)
		} else {
			a.Body = joinBody(cleanParagraphs(strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")))
		}
	}
	if raw := ldString(obj["datePublished"]); raw != "" {
		if t, ok := parseLooseDate(raw, loc); ok {
			a.Published = t
		}
	}
	return a
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		return ldString(x["@value"])
	}
	return ""
}

// usableBody: enough text to count as the article (see minBodyRunes).
func usableBody(s string) bool { return utf8.RuneCountInString(s) >= minBodyRunes }
