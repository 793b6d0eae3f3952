// Package digest builds refdigest's daily digest: it groups a day's items into stories across
// outlets and languages, summarises each story in Kazakh and in Russian, ranks the stories and
// renders them as Telegram HTML messages and as plain text.
package digest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/refdigest/refdigest/store"
)

// Source is what the builder reads (satisfied by *store.Store).
type Source interface {
	ItemsBetween(from, to time.Time) ([]store.Item, error)
	// LatestDigest returns store.ErrNotFound (possibly wrapped) when there is none.
	LatestDigest(onOrBefore string) (store.DigestRecord, error)
}

// Passage is a story's text as a Translator gets and gives it: the headline and the summary
// as one paragraph ("" for a story shown as a headline only).
type Passage struct {
	Headline string
	Summary  string
}

// Translator turns a story's text from one digest language into the other ("kk", "ru"),
// one call per story and language. The LLM client implements it; a nil Translator means
// stories covered in one language are shown in that language with a mark.
type Translator interface {
	Translate(ctx context.Context, p Passage, from, to string) (Passage, error)
	// Model names the model (and prompt) that translates: it is part of the cache key, so
	// another model is asked anew.
	Model() string
}

// TranslationCache keeps translations, and refusals, between builds and restarts (satisfied
// by *store.Store). Translation returns store.ErrNotFound (possibly wrapped) for a miss.
type TranslationCache interface {
	Translation(key string) (store.Translation, error)
	PutTranslations(ts map[string]store.Translation) error
}

// Options configure a Builder. The zero value works: Almaty time, 10 stories, no translation.
type Options struct {
	Location   *time.Location // Asia/Almaty; the day boundaries
	MaxStories int            // digest.max_stories (default 10)
	Translator Translator     // nil = none
	// Cache keeps translations between builds; nil asks the translator on every build.
	Cache TranslationCache
	// TranslateInFlight bounds the translation requests in flight (llm.max_in_flight,
	// default 4); TranslateBudget is the time one build may spend on them all (llm.budget,
	// default 90s), after which the stories left keep their language mark.
	TranslateInFlight int
	TranslateBudget   time.Duration
	Logger            *slog.Logger
	Clock             func() time.Time
	// WebLink gives the address of a day's page in the web archive for a digest language;
	// each language's messages then end with a link to it. nil (or "") = no link.
	WebLink func(date, lang string) string
}

// Defaults for the Options left zero.
const (
	DefaultMaxStories        = 10
	DefaultTranslateInFlight = 4
	DefaultTranslateBudget   = 90 * time.Second
)

// Builder builds digests. It holds no state between builds and is safe for concurrent use.
type Builder struct {
	loc        *time.Location
	maxStories int
	tr         Translator
	cache      TranslationCache
	inFlight   int
	budget     time.Duration
	log        *slog.Logger
	now        func() time.Time
	webLink    func(date, lang string) string
}

// New returns a Builder, filling defaults for the options left zero.
func New(opts Options) *Builder {
	b := &Builder{loc: opts.Location, maxStories: opts.MaxStories, tr: opts.Translator, cache: opts.Cache,
		inFlight: opts.TranslateInFlight, budget: opts.TranslateBudget, log: opts.Logger, now: opts.Clock, webLink: opts.WebLink}
	if b.inFlight <= 0 {
		b.inFlight = DefaultTranslateInFlight
	}
	if b.budget <= 0 {
		b.budget = DefaultTranslateBudget
	}
	if b.loc == nil {
		b.loc = almaty()
	}
	if l, ok := b.tr.(*LLM); ok && l == nil {
		b.tr = nil // a nil *LLM in the interface is still "no translator"
	}
	if b.maxStories <= 0 {
		b.maxStories = DefaultMaxStories
	}
	if b.log == nil {
		b.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if b.now == nil {
		b.now = time.Now
	}
	return b
}

// almaty is Asia/Almaty from the system's zone database, or its fixed offset when the
// image has none (Kazakhstan has been UTC+5 everywhere since March 2024).
func almaty() *time.Location {
	if loc, err := time.LoadLocation("Asia/Almaty"); err == nil {
		return loc
	}
	return time.FixedZone("Asia/Almaty", 5*60*60)
}

// Digest is one day's digest. It is what Record stores as Data, so its JSON is part of the
// stored format (Version guards changes).
type Digest struct {
	Version int       `json:"v"`
	Date    string    `json:"date"`
	Built   time.Time `json:"built"`
	// From and To are the window of publication times the digest covers, [From, To).
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Items int       `json:"items"`
	// Stories are the ranked stories shown in full, at most MaxStories.
	Stories []Story `json:"stories"`
	// Also are the next stories after Stories, shown as links only ("Also today");
	// AlsoTotal counts all of them when Also was cut short.
	Also      []Story `json:"also,omitempty"`
	AlsoTotal int     `json:"also_total,omitempty"`
	// Web holds the day's page in the web archive per digest language (Options.WebLink);
	// the rendering ends with a link to it.
	Web map[string]string `json:"web,omitempty"`
}

// dataVersion is the version of Digest's JSON that this code writes and reads.
const dataVersion = 1

// Story is one event as reported by one or more items.
type Story struct {
	// ID stays the same while a story continues from one day's digest to the next.
	ID string `json:"id"`
	// Since is the date of the first digest that carried the story.
	Since string `json:"since"`
	// Continues is true when an earlier digest already carried the story.
	Continues bool    `json:"continues,omitempty"`
	Score     float64 `json:"score"`
	// Text holds the headline and summary shown in each digest language ("kk", "ru").
	Text    map[string]StoryText `json:"text"`
	Members []Member             `json:"members"`
	// Sig fingerprints the story so that the next day's digest can recognise it.
	Sig Signature `json:"sig"`
}

// StoryText is a story's headline and summary as shown in one digest language.
type StoryText struct {
	// Lang is the language the text is written in: the digest language, or the other one
	// when no outlet covered the story in the digest language and nothing translated it.
	Lang     string   `json:"lang"`
	Headline string   `json:"headline"`
	Summary  []string `json:"summary,omitempty"` // whole sentences
	// Translated marks machine-translated text; Original is then the link to the article
	// it was translated from.
	Translated bool   `json:"translated,omitempty"`
	Original   string `json:"original,omitempty"`
}

// Member is one item of a story.
type Member struct {
	ItemID    uint64      `json:"item_id"`
	Lang      string      `json:"lang"`
	Source    string      `json:"source"`
	URL       string      `json:"url"`
	Title     string      `json:"title"`
	Published time.Time   `json:"published"`
	AlsoIn    []store.Ref `json:"also_in,omitempty"`
}

// Signature is what a story is recognised by on the next day: its strongest stems per
// language and its language-neutral anchors.
type Signature struct {
	Terms   map[string][]string `json:"terms,omitempty"`
	Anchors []string            `json:"anchors,omitempty"`
	// Sittings are the bodies whose sitting of the story's day its reports name: a report
	// of the next day naming yesterday's sitting continues it.
	Sittings []string `json:"sittings,omitempty"`
}

// Empty reports whether the digest has no items: there is nothing to send.
func (d *Digest) Empty() bool { return d == nil || d.Items == 0 }

// Record is what gets stored: both renderings in kk and ru, the own-language-only ones where
// they differ, and the digest itself as Data.
func (d *Digest) Record() (store.DigestRecord, error) {
	if d == nil {
		return store.DigestRecord{}, errors.New("digest: record: nil digest")
	}
	c := *d
	c.Version = dataVersion
	data, err := json.Marshal(&c)
	if err != nil {
		return store.DigestRecord{}, fmt.Errorf("digest: record: %w", err)
	}
	rec := store.DigestRecord{
		Date:  d.Date,
		Built: d.Built,
		Items: d.Items,
		HTML:  make(map[string][]string, 2),
		Text:  make(map[string]string, 2),
		Data:  data,
	}
	for _, l := range digestLangs() {
		rec.HTML[l] = d.HTML(l)
		rec.Text[l] = d.Text(l)
		if own, hidden := d.OwnHTML(l); hidden > 0 {
			if rec.HTMLOwn == nil {
				rec.HTMLOwn, rec.Hidden = map[string][]string{}, map[string]int{}
			}
			rec.HTMLOwn[l], rec.Hidden[l] = own, hidden
		}
	}
	return rec, nil
}

// FromRecord restores a digest stored by Record.
func FromRecord(rec store.DigestRecord) (*Digest, error) {
	if len(rec.Data) == 0 {
		return nil, fmt.Errorf("digest: from record %s: no data", rec.Date)
	}
	var d Digest
	if err := json.Unmarshal(rec.Data, &d); err != nil {
		return nil, fmt.Errorf("digest: from record %s: %w", rec.Date, err)
	}
	if d.Version != dataVersion {
		return nil, fmt.Errorf("digest: from record %s: data version %d, this build reads %d", rec.Date, d.Version, dataVersion)
	}
	return &d, nil
}
