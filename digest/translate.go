package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Translation limits for one digest: requests in flight, and the time all of them may take
// together before the rest fall back to the original language.
const (
	translateWorkers = 4
	translateBudget  = 90 * time.Second
)

// translate fills, for each story covered in one language only, the other language's text
// by machine translation. A failed translation keeps the original text with its language
// mark: the digest never waits on or fails because of the translator.
func (b *Builder) translate(ctx context.Context, stories []Story) {
	type job struct {
		story int
		to    string
		src   StoryText
	}
	var jobs []job
	for i, s := range stories {
		for _, l := range digestLangs() {
			t := s.Text[l]
			if t.Lang != l && (t.Lang == LangKK || t.Lang == LangRU) {
				jobs = append(jobs, job{i, l, t})
			}
		}
	}
	if len(jobs) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, translateBudget)
	defer cancel()
	results := make([]*StoryText, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, translateWorkers)
	for k, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			t, err := b.translateText(ctx, j.src, j.to)
			if err != nil {
				b.log.Warn("translation failed, showing the original", "story_id", stories[j.story].ID,
					"from", j.src.Lang, "to", j.to, "err", err)
				return
			}
			results[k] = &t
		}()
	}
	wg.Wait()
	for k, j := range jobs {
		if results[k] != nil {
			stories[j.story].Text[j.to] = *results[k]
		}
	}
}

// translateText translates a headline and its summary and checks that what came back is
// text in the target language of a sensible length.
func (b *Builder) translateText(ctx context.Context, src StoryText, to string) (StoryText, error) {
	out := StoryText{Lang: to, Translated: true}
	var err error
	if out.Headline, err = b.translateOne(ctx, src.Headline, src.Lang, to); err != nil {
		return StoryText{}, fmt.Errorf("headline: %w", err)
	}
	if len(src.Summary) == 0 {
		return out, nil
	}
	sum, err := b.translateOne(ctx, strings.Join(src.Summary, " "), src.Lang, to)
	if err != nil {
		return StoryText{}, fmt.Errorf("summary: %w", err)
	}
	for _, p := range paragraphs(sum) {
		out.Summary = append(out.Summary, sentencesOf(p, to)...)
	}
	if len(out.Summary) > maxSummarySentences+2 {
		return StoryText{}, errors.New("summary: translation has too many sentences")
	}
	return out, nil
}

func (b *Builder) translateOne(ctx context.Context, text, from, to string) (string, error) {
	got, err := b.tr.Translate(ctx, text, from, to)
	if err != nil {
		return "", err
	}
	got = unwrapQuotes(strings.TrimSpace(got))
	switch n, in := utf8.RuneCountInString(got), utf8.RuneCountInString(text); {
	case !utf8.ValidString(got) || n == 0:
		return "", errors.New("empty translation")
	case n > 3*in+100:
		return "", fmt.Errorf("translation of %d characters is %d long", in, n)
	}
	if l, conf := detectLang(got); l != to && conf >= 0.6 {
		return "", fmt.Errorf("translation is in %s, not %s", l, to)
	}
	return got, nil
}

// unwrapQuotes removes one pair of quotes around the whole text, which chat models like to
// add, but not quotes that belong to the text («Shanyraq Dialogues» кездесуі).
func unwrapQuotes(s string) string {
	for _, q := range [][2]string{{`"`, `"`}, {"«", "»"}, {"“", "”"}} {
		inner, ok := strings.CutPrefix(s, q[0])
		if !ok {
			continue
		}
		inner, ok = strings.CutSuffix(inner, q[1])
		if ok && !strings.Contains(inner, q[0]) && !strings.Contains(inner, q[1]) {
			return strings.TrimSpace(inner)
		}
	}
	return s
}
