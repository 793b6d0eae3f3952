package collect

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestExtractArticleJSONLD(t *testing.T) {
	const body = "Центральная избирательная комиссия подвела предварительные итоги референдума. Явка составила больше шестидесяти процентов."
	page := func(ld string) []byte {
		return []byte(`<html><head><script type="application/ld+json">` + ld + `</script></head><body>` +
			`<div class="article__content"><p>Текст из разметки страницы, который длиннее восьмидесяти знаков и тоже годится как текст статьи.</p></div></body></html>`)
	}
	u, _ := url.Parse("https://egemen.kz/article/1")
	at := time.Date(2026, 3, 16, 9, 30, 0, 0, almaty())
	tests := []struct {
		name, ld       string
		from, headline string
		published      time.Time
	}{
		{"object", `{"@context":"https://schema.org","@type":"NewsArticle","headline":"Итоги","datePublished":"2026-03-16T09:30:00+05:00","articleBody":"` + body + `"}`, "json-ld", "Итоги", at},
		{"graph", `{"@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"headline":"Итоги","datePublished":"2026-03-16T04:30:00Z","articleBody":"` + body + `"}]}`, "json-ld", "Итоги", at},
		{"list, date without zone", `[{"@type":"Organization"},{"@type":"Article","headline":"Итоги","datePublished":"2026-03-16T09:30:00","articleBody":"<p>` + body + `</p>"}]`, "json-ld", "Итоги", at},
		{"raw newline in a string", "{\"@type\":\"NewsArticle\",\"headline\":\"Итоги\",\"articleBody\":\"" + strings.Replace(body, ". ", ".\n", 1) + "\"}", "json-ld", "Итоги", time.Time{}},
		{"no body: the selector's text, JSON-LD's date", `{"@type":"NewsArticle","headline":"Итоги","datePublished":"2026-03-16T09:30:00+05:00"}`, "selector", "Итоги", at},
		{"not an article", `{"@type":"Organization","name":"Egemen"}`, "selector", "", time.Time{}},
		{"malformed", `{"@type":"NewsArticle",`, "selector", "", time.Time{}},
	}
	for _, tc := range tests {
		got, err := extractArticle(page(tc.ld), u, "div.article__content", almaty())
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.From != tc.from || got.Headline != tc.headline || !got.Published.Equal(tc.published) {
			t.Errorf("%s: from %q, headline %q, published %v", tc.name, got.From, got.Headline, got.Published)
		}
		if tc.from == "json-ld" && strings.Join(strings.Fields(got.Body), " ") != body {
			t.Errorf("%s: body %q", tc.name, got.Body)
		}
	}
}
