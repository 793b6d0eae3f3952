package digest

import (
	"context"
	"fmt"
	"hash/fnv"
	"sort"

	"github.com/refdigest/refdigest/store"
)

// stories groups items into ranked stories. (Stage 1: one story per item.)
func (b *Builder) stories(ctx context.Context, items []store.Item, prev *Digest, date string) ([]Story, error) {
	out := make([]Story, 0, len(items))
	for i, it := range items {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		m := memberOf(it)
		t := StoryText{Lang: it.Lang, Headline: it.Title, Summary: leadSentences(it.Text(), 2)}
		out = append(out, Story{
			ID:      storyID(date, m.URL),
			Since:   date,
			Score:   float64(len(it.Sources())),
			Text:    map[string]StoryText{LangKK: t, LangRU: t},
			Members: []Member{m},
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Members[0].Published.After(out[j].Members[0].Published)
	})
	return out, nil
}

func memberOf(it store.Item) Member {
	return Member{ItemID: it.ID, Lang: it.Lang, Source: it.Source, URL: it.URL, Title: it.Title,
		Published: it.Published, AlsoIn: it.AlsoIn}
}

// storyID names a new story after the day it first appeared and its first item.
func storyID(date, firstURL string) string {
	h := fnv.New64a()
	h.Write([]byte(firstURL))
	return fmt.Sprintf("%s-%012x", date, h.Sum64()&0xffffffffffff)
}
