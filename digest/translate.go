package digest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/refdigest/refdigest/store"
)

// Length bounds of a translation against its source, in runes: Kazakh and Russian say the
// same thing in about as many letters, so an answer far outside these is not a translation
// (a refusal, a commentary, a runaway repetition, half the text).
const (
	maxLengthRatio = 1.6
	minLengthRatio = 0.5
	lengthSlack    = 30 // short headlines vary more
)

// cacheVersion is part of every cache key: a change to what the builder checks or keeps
// makes it ask again.
const cacheVersion = "t1"

// trJob is one story's text to translate into one language.
type trJob struct {
	story int
	to    string
	src   StoryText
	key   string
}

// translate fills, for each story covered in one language only, the other language's text
// by machine translation: one request per story and language, at most b.inFlight at a time,
// all within b.budget, the stories first in rank order. What the cache holds is used
// without a request. A failed, refused or late translation keeps the original text with
// its language mark: the digest never waits on or fails because of the translator.
func (b *Builder) translate(ctx context.Context, stories []Story) {
	var jobs []trJob
	model := b.tr.Model()
	cached, refused := 0, 0
	for i, s := range stories {
		for _, l := range digestLangs() {
			t := s.Text[l]
			if t.Lang == l || (t.Lang != LangKK && t.Lang != LangRU) || t.Headline == "" {
				continue
			}
			j := trJob{story: i, to: l, src: t, key: translationKey(t, l, model)}
			if hit, ok := b.cached(j.key); ok {
				cached++
				if hit.Refused != "" {
					refused++
					continue
				}
				stories[i].Text[l] = b.translated(stories[i], t, hit.Headline, hit.Summary, l)
				continue
			}
			jobs = append(jobs, j)
		}
	}
	if len(jobs) == 0 {
		if cached > 0 {
			b.log.Info("translations from the cache", "cached", cached, "refused", refused)
		}
		return
	}
	ctx, cancel := context.WithTimeout(ctx, b.budget)
	defer cancel()
	queue := make(chan int, len(jobs))
	for k := range jobs {
		queue <- k
	}
	close(queue)
	results := make([]*StoryText, len(jobs))
	var late, failed, rejected int
	var mu sync.Mutex
	count := func(n *int) { mu.Lock(); *n++; mu.Unlock() }
	// What the build learnt is written once after the requests, not by each worker between
	// its requests.
	learnt := map[string]store.Translation{}
	remember := func(key string, t store.Translation) { mu.Lock(); learnt[key] = t; mu.Unlock() }
	var wg sync.WaitGroup
	for range min(b.inFlight, len(jobs)) {
		wg.Go(func() {
			for k := range queue {
				if ctx.Err() != nil {
					count(&late)
					continue
				}
				j := jobs[k]
				t, err := b.translateJob(ctx, stories[j.story], j)
				var refusal *refusedError
				switch {
				case errors.As(err, &refusal):
					count(&rejected)
					b.log.Warn("translation refused, showing the original", "story_id", stories[j.story].ID,
						"from", j.src.Lang, "to", j.to, "reason", refusal.reason)
					if !refusal.transient {
						remember(j.key, store.Translation{Lang: j.to, Model: model, Refused: refusal.reason})
					}
				case err != nil && ctx.Err() != nil:
					count(&late)
				case err != nil:
					count(&failed)
					b.log.Warn("translation failed, showing the original", "story_id", stories[j.story].ID,
						"from", j.src.Lang, "to", j.to, "err", err)
				default:
					results[k] = &t
					remember(j.key, store.Translation{Lang: j.to, Headline: t.Headline, Summary: t.Summary, Model: model})
				}
			}
		})
	}
	wg.Wait()
	if b.cache != nil {
		if err := b.cache.PutTranslations(learnt); err != nil {
			b.log.Warn("translations not cached", "count", len(learnt), "err", err)
		}
	}
	done := 0
	for k, j := range jobs {
		if results[k] != nil {
			stories[j.story].Text[j.to] = *results[k]
			done++
		}
	}
	if late > 0 {
		b.log.Warn("translation budget spent, the rest keep their language mark", "budget", b.budget.String(), "left", late)
	}
	b.log.Info("translations", "asked", len(jobs), "translated", done, "refused", rejected, "failed", failed,
		"late", late, "cached", cached)
}

// cached looks a translation up; a miss or an unreadable cache is no translation.
func (b *Builder) cached(key string) (store.Translation, bool) {
	if b.cache == nil {
		return store.Translation{}, false
	}
	t, err := b.cache.Translation(key)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			b.log.Warn("translation cache unreadable", "err", err)
		}
		return store.Translation{}, false
	}
	return t, true
}

// translationKey names a translation in the cache by what decides it: the source text,
// both languages, the model and the checks.
func translationKey(src StoryText, to, model string) string {
	h := sha256.New()
	for _, part := range []string{cacheVersion, src.Lang, to, model, src.Headline, strings.Join(src.Summary, "\n")} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// refusedError is an answer that came back but is not used; reason says why (logged, cached).
type refusedError struct {
	reason    string
	transient bool // the server's answer held no text at all: asked again at the next build
}

func (e *refusedError) Error() string { return "translation refused: " + e.reason }

// translateJob asks for one story's text in j.to and checks the answer.
func (b *Builder) translateJob(ctx context.Context, s Story, j trJob) (StoryText, error) {
	got, err := b.tr.Translate(ctx, Passage{Headline: j.src.Headline, Summary: strings.Join(j.src.Summary, " ")}, j.src.Lang, j.to)
	if errors.Is(err, ErrBadAnswer) {
		return StoryText{}, &refusedError{reason: trimReason(err.Error()), transient: errors.Is(err, errNoText)}
	}
	if err != nil {
		return StoryText{}, err
	}
	headline, summary, reason := checkTranslation(j.src, got, j.to)
	if reason != "" {
		return StoryText{}, &refusedError{reason: reason}
	}
	return b.translated(s, j.src, headline, summary, j.to), nil
}

func trimReason(s string) string { return excerpt([]byte(strings.TrimPrefix(s, "digest: llm: "))) }

// translated is the text shown for a translation into to, linked to the article in the
// source language.
func (b *Builder) translated(s Story, src StoryText, headline string, summary []string, to string) StoryText {
	return StoryText{Lang: to, Headline: headline, Summary: summary, Translated: true, Original: originalURL(s, src)}
}

// originalURL is the article the source text comes from: the member in the source language
// whose title is the headline, else the first member in that language.
func originalURL(s Story, src StoryText) string {
	first := ""
	for _, m := range s.Members {
		if m.Lang != src.Lang {
			continue
		}
		if strings.TrimSpace(m.Title) == src.Headline {
			return m.URL
		}
		if first == "" {
			first = m.URL
		}
	}
	return first
}

// checkTranslation decides whether an answer is a translation of src into to: text in the
// target language by the language gate, every figure and time of the source kept, a length
// near the source's. It returns the headline and summary sentences, or why not.
func checkTranslation(src StoryText, got Passage, to string) (string, []string, string) {
	headline := unwrapQuotes(strings.TrimSpace(got.Headline))
	if headline == "" || !utf8.ValidString(headline) || !utf8.ValidString(got.Summary) {
		return "", nil, "empty or invalid text"
	}
	var summary []string
	if len(src.Summary) > 0 {
		// Not paragraphs(): its clutter rules are for article pages and would drop a short
		// line of the model's answer.
		for _, p := range strings.Split(unwrapQuotes(strings.TrimSpace(got.Summary)), "\n") {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				summary = append(summary, sentencesOf(p, to)...)
			}
		}
		if len(summary) == 0 {
			return "", nil, "the summary is missing"
		}
		if len(summary) > maxSummarySentences+2 {
			return "", nil, fmt.Sprintf("the summary has %d sentences, the source %d", len(summary), len(src.Summary))
		}
	}
	srcText := strings.TrimSpace(src.Headline + "\n" + strings.Join(src.Summary, " "))
	gotText := strings.TrimSpace(headline + "\n" + strings.Join(summary, " "))
	if l := identifyLang(gotText); l != to {
		return "", nil, fmt.Sprintf("the answer is in %s, not %s", l, to)
	}
	if miss := missingFigures(srcText, gotText); miss != "" {
		return "", nil, "the answer " + miss
	}
	in, n := utf8.RuneCountInString(srcText), utf8.RuneCountInString(gotText)
	if float64(n) > maxLengthRatio*float64(in)+lengthSlack || float64(n) < minLengthRatio*float64(in)-lengthSlack {
		return "", nil, fmt.Sprintf("the answer has %d characters for %d", n, in)
	}
	hin, hn := utf8.RuneCountInString(src.Headline), utf8.RuneCountInString(headline)
	if float64(hn) > maxLengthRatio*float64(hin)+lengthSlack {
		return "", nil, fmt.Sprintf("the headline has %d characters for %d", hn, hin)
	}
	return headline, summary, ""
}

// missingFigures names the first figure, date or time of day that src and got do not
// share, either way (a dropped figure, a changed one, a figure made up), or "". Figures
// are compared as values, however they are written; a day of the month counts as written
// when the other text has its date in any writing (15 наурыз, 15.03.2026).
func missingFigures(src, got string) string {
	sa, ga := anchorsOf(src), anchorsOf(got)
	sq, gq := figures(src, quantitiesOf(src), sa), figures(got, quantitiesOf(got), ga)
	for _, k := range sq.order {
		if !gq.has[k] {
			return "drops the number " + k
		}
	}
	for _, a := range sa {
		if (strings.HasPrefix(a, "time:") || strings.HasPrefix(a, "date:")) && !slices.Contains(ga, a) {
			return "drops the " + strings.Replace(a, ":", " ", 1)
		}
	}
	for _, k := range gq.order {
		if !sq.has[k] {
			return "adds the number " + k
		}
	}
	return ""
}

// figureSet is a text's figures as keys, in the order they come.
type figureSet struct {
	order []string
	has   map[string]bool
}

// numericDate is a date written in digits (15.03.2026), which the quantities leave out.
var numericDate = regexp.MustCompile(`\b\d{1,2}[./]\d{1,2}[./](\d{4})\b`)

// figures keys a text's quantities; the days and years of its dates count as written.
func figures(text string, qs []float64, anchors []string) figureSet {
	f := figureSet{has: map[string]bool{}}
	add := func(k string, listed bool) {
		if !f.has[k] {
			f.has[k] = true
			if listed {
				f.order = append(f.order, k)
			}
		}
	}
	for _, a := range anchors {
		if md, ok := strings.CutPrefix(a, "date:"); ok && len(md) == 5 {
			if d, err := strconv.Atoi(md[3:]); err == nil {
				add(strconv.Itoa(d), false)
			}
		}
	}
	for _, m := range numericDate.FindAllStringSubmatch(text, -1) {
		if y, err := strconv.Atoi(m[1]); err == nil {
			add(strconv.Itoa(y), false)
		}
	}
	for _, q := range qs {
		add(strconv.FormatFloat(q, 'g', 12, 64), true)
	}
	return f
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
