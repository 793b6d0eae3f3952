package search

import (
	"context"
	"strings"
	"time"

	"github.com/refdigest/refdigest/lang"
)

// suggest finds a broader query that has results, for a query that has none:
// first without its filters, then with its phrases as plain words and no
// exclusions, then without one of its words (the one whose absence finds the
// most), then a single word. It returns "" when nothing broader helps.
func (ix *Index) suggest(ctx context.Context, p parsed) (string, error) {
	var tries []parsed
	if p.hasFilters() && !p.empty() {
		q := p
		q.langs, q.sources, q.defaultLang = nil, nil, ""
		q.since, q.until = time.Time{}, time.Time{}
		tries = append(tries, q)
	}
	plain := p
	plain.excluded = nil
	if len(p.phrases) > 0 {
		plain.words = append([]lang.Token(nil), p.words...)
		for _, ph := range p.phrases {
			for _, t := range ph {
				if (t.Number || utf8Len(t.Text) >= 2 && !isStopAny(t.Text)) && !hasToken(plain.words, t.Text) {
					plain.words = append(plain.words, t)
				}
			}
		}
		plain.phrases = nil
		tries = append(tries, plain)
	} else if len(p.excluded) > 0 {
		tries = append(tries, plain)
	}
	for _, q := range tries {
		n, err := ix.count(ctx, q)
		if err != nil {
			return "", err
		}
		if n > 0 {
			return q.String(), nil
		}
	}
	if len(plain.words) < 2 {
		return "", nil
	}
	// drop one word, then keep one word: the variant that finds the most wins
	for _, keep := range []int{len(plain.words) - 1, 1} {
		best, bestN := "", 0
		for skip := range plain.words {
			q := plain
			q.words = nil
			if keep == 1 {
				q.words = append(q.words, plain.words[skip])
			} else {
				for i, w := range plain.words {
					if i != skip {
						q.words = append(q.words, w)
					}
				}
			}
			n, err := ix.count(ctx, q)
			if err != nil {
				return "", err
			}
			if n > bestN {
				best, bestN = q.String(), n
			}
		}
		if bestN > 0 {
			return best, nil
		}
	}
	return "", nil
}

// String writes the query back as query text.
func (p parsed) String() string {
	var parts []string
	for _, w := range p.words {
		parts = append(parts, w.Text)
	}
	for _, ph := range p.phrases {
		parts = append(parts, `"`+joinTokens(ph)+`"`)
	}
	for _, ex := range p.excluded {
		if len(ex) == 1 {
			parts = append(parts, "-"+ex[0].Text)
		} else {
			parts = append(parts, `-"`+joinTokens(ex)+`"`)
		}
	}
	for _, l := range p.langs {
		parts = append(parts, "lang:"+l)
	}
	for _, s := range p.sources {
		if len(s) == 1 {
			parts = append(parts, "source:"+s[0])
		} else {
			parts = append(parts, `source:"`+strings.Join(s, " ")+`"`)
		}
	}
	if !p.since.IsZero() {
		parts = append(parts, "since:"+p.since.Format("2006-01-02"))
	}
	if !p.until.IsZero() {
		parts = append(parts, "until:"+p.until.AddDate(0, 0, -1).Format("2006-01-02"))
	}
	return strings.Join(parts, " ")
}

func joinTokens(toks []lang.Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Text
	}
	return strings.Join(parts, " ")
}
