package digest

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Export is the digest as `refdigest digest -json` prints it. Its keys are part of the
// outside contract (CONTRACT.md): fields may be added, none of these may go. It is not the
// stored form (that is Digest's own JSON): it names outlets, lists syndicated copies as
// members and writes times in the digest's zone, for readers outside this program.
type Export struct {
	Date    string        `json:"date"`
	Items   int           `json:"items"`
	Stories []ExportStory `json:"stories"`
	Also    []ExportStory `json:"also"`
	// AlsoTotal counts every "Also today" story; Also may hold fewer.
	AlsoTotal int `json:"also_total"`
}

// ExportStory is one story of an Export.
type ExportStory struct {
	ID        string  `json:"id"`
	Since     string  `json:"since"`
	Continues bool    `json:"continues"`
	Score     float64 `json:"score"`
	// Members lists every item of the story, syndicated copies included.
	Members []ExportMember `json:"members"`
	// Text has a "kk" and a "ru" entry, always both.
	Text map[string]ExportText `json:"text"`
}

// ExportMember is one item of a story, or one outlet's syndicated copy of it.
type ExportMember struct {
	URL string `json:"url"`
	// Outlet is the short name the digest shows (see ShortName); Source the configured one.
	Outlet    string `json:"outlet"`
	Source    string `json:"source"`
	Lang      string `json:"lang"`
	Published string `json:"published"` // RFC 3339 in the digest's zone
	Title     string `json:"title"`
	// CopyOf is the URL of the item a syndicated copy repeats; "" for the item itself.
	CopyOf string `json:"copy_of,omitempty"`
}

// ExportText is a story's text in one digest language.
type ExportText struct {
	Headline string   `json:"headline"`
	Summary  []string `json:"summary"`
	// Lang is the language the text is actually in; Translated whether a machine wrote it.
	Lang       string `json:"lang"`
	Translated bool   `json:"translated"`
	// Original links the article a translation was made from.
	Original string `json:"original,omitempty"`
}

// Export converts the digest for outside readers, with times in loc (Asia/Almaty when nil).
// Slices are never nil, so the JSON has [] rather than null for empty lists.
func (d *Digest) Export(loc *time.Location) Export {
	if loc == nil {
		loc = almaty()
	}
	return Export{Date: d.Date, Items: d.Items, Stories: exportStories(d.Stories, loc),
		Also: exportStories(d.Also, loc), AlsoTotal: d.alsoCount()}
}

// JSON is the digest as one JSON object in the Export shape, times in loc.
func (d *Digest) JSON(loc *time.Location) ([]byte, error) {
	if d == nil {
		return nil, errors.New("digest: json: nil digest")
	}
	b, err := json.Marshal(d.Export(loc))
	if err != nil {
		return nil, fmt.Errorf("digest: json: %w", err)
	}
	return b, nil
}

func exportStories(stories []Story, loc *time.Location) []ExportStory {
	out := make([]ExportStory, 0, len(stories))
	for _, s := range stories {
		es := ExportStory{ID: s.ID, Since: s.Since, Continues: s.Continues, Score: s.Score,
			Members: []ExportMember{}, Text: make(map[string]ExportText, 2)}
		for _, m := range s.Members {
			published := exportTime(m.Published, loc)
			es.Members = append(es.Members, ExportMember{URL: m.URL, Outlet: ShortName(m.Source, m.URL),
				Source: m.Source, Lang: m.Lang, Published: published, Title: m.Title})
			// A syndicated copy is the same text under another outlet's name and link: a
			// reader counting outlets or following links needs it as a member of its own.
			for _, r := range m.AlsoIn {
				es.Members = append(es.Members, ExportMember{URL: r.URL, Outlet: ShortName(r.Source, r.URL),
					Source: r.Source, Lang: m.Lang, Published: published, Title: m.Title, CopyOf: m.URL})
			}
		}
		// The same fallback the rendering uses, so the JSON says what the messages show.
		for _, l := range digestLangs() {
			t := s.textFor(l)
			summary := t.Summary
			if summary == nil {
				summary = []string{}
			}
			es.Text[l] = ExportText{Headline: t.Headline, Summary: summary, Lang: t.Lang, Translated: t.Translated, Original: t.Original}
		}
		out = append(out, es)
	}
	return out
}

func exportTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}
