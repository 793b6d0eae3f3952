package digest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/refdigest/refdigest/store"
)

// fakeSource is a hand-written Source over a slice of items and stored records.
type fakeSource struct {
	items   []store.Item
	digests map[string]store.DigestRecord
	err     error
	asked   [][2]time.Time
}

func (f *fakeSource) ItemsBetween(from, to time.Time) ([]store.Item, error) {
	f.asked = append(f.asked, [2]time.Time{from, to})
	if f.err != nil {
		return nil, f.err
	}
	var out []store.Item
	for _, it := range f.items {
		if !it.Published.Before(from) && it.Published.Before(to) {
			out = append(out, it)
		}
	}
	return out, nil
}

// PutDigest keeps rec as the digest of its date.
func (f *fakeSource) PutDigest(rec store.DigestRecord) error {
	if f.digests == nil {
		f.digests = map[string]store.DigestRecord{}
	}
	f.digests[rec.Date] = rec
	return nil
}

func (f *fakeSource) LatestDigest(onOrBefore string) (store.DigestRecord, error) {
	var best store.DigestRecord
	for d, rec := range f.digests {
		if d <= onOrBefore && d > best.Date {
			best = rec
		}
	}
	if best.Date == "" {
		return best, fmt.Errorf("fake: latest digest: %w", store.ErrNotFound)
	}
	return best, nil
}

func almatyLoc(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		t.Fatalf("load Asia/Almaty: %v", err)
	}
	return loc
}

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// checkTelegramHTML checks what Telegram's HTML parse mode accepts: only its tags, properly
// nested, a with an href only, every < > & escaped, only the named entities it knows, and
// the length limit in UTF-16 units both before and after entity parsing.
func checkTelegramHTML(msg string) error {
	if n := utf16Len(msg); n > MaxMessage {
		return fmt.Errorf("raw length %d > %d", n, MaxMessage)
	}
	allowed := map[string]bool{"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
		"s": true, "strike": true, "del": true, "a": true, "code": true, "pre": true, "blockquote": true, "tg-spoiler": true}
	var stack []string
	visible := 0
	for i := 0; i < len(msg); {
		switch c := msg[i]; c {
		case '<':
			j := strings.IndexByte(msg[i:], '>')
			if j < 0 {
				return fmt.Errorf("unclosed tag at %d", i)
			}
			tag := msg[i+1 : i+j]
			i += j + 1
			if strings.HasPrefix(tag, "/") {
				name := tag[1:]
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return fmt.Errorf("unexpected </%s>, open %v", name, stack)
				}
				stack = stack[:len(stack)-1]
				continue
			}
			name, attrs, _ := strings.Cut(tag, " ")
			if !allowed[name] {
				return fmt.Errorf("tag <%s> not allowed", name)
			}
			if name == "a" {
				if !strings.HasPrefix(attrs, `href="`) || !strings.HasSuffix(attrs, `"`) {
					return fmt.Errorf("bad a attributes %q", attrs)
				}
				if v := attrs[6 : len(attrs)-1]; strings.ContainsAny(v, `"<>`) {
					return fmt.Errorf("unescaped href %q", v)
				}
			} else if attrs != "" {
				return fmt.Errorf("tag <%s> has attributes %q", name, attrs)
			}
			stack = append(stack, name)
		case '>':
			return fmt.Errorf("raw > at %d", i)
		case '&':
			j := strings.IndexByte(msg[i:], ';')
			if j < 0 {
				return fmt.Errorf("raw & at %d", i)
			}
			ent := msg[i : i+j+1]
			switch {
			case ent == "&lt;" || ent == "&gt;" || ent == "&amp;" || ent == "&quot;":
			case strings.HasPrefix(ent, "&#") && len(ent) > 3:
			default:
				return fmt.Errorf("unknown entity %q", ent)
			}
			visible++
			i += j + 1
		default:
			r, size := utf8.DecodeRuneInString(msg[i:])
			if r == utf8.RuneError {
				return fmt.Errorf("invalid UTF-8 at %d", i)
			}
			visible += utf16Len(string(r))
			i += size
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed tags %v", stack)
	}
	if visible > MaxMessage {
		return fmt.Errorf("visible length %d > %d", visible, MaxMessage)
	}
	if strings.TrimSpace(PlainText(msg)) == "" {
		return fmt.Errorf("message is empty after parsing")
	}
	return nil
}

// The store and the LLM client satisfy the interfaces the builder consumes.
var (
	_ Source     = (*store.Store)(nil)
	_ Translator = (*LLM)(nil)
)

// clusterItems prepares items as a build does and clusters them with the default
// parameters, returning the docs and each doc's group.
func clusterItems(t testing.TB, items []store.Item) ([]*doc, map[int]int) {
	t.Helper()
	docs, err := prepare(context.Background(), items, newVocab())
	if err != nil {
		t.Fatal(err)
	}
	weigh(docs)
	at := map[int]int{}
	for gi, g := range clusterDocs(docs, dayInfo{}) {
		for _, i := range g {
			at[i] = gi
		}
	}
	return docs, at
}

// digestStore is a Source that keeps digests: *store.Store, or a fakeSource.
type digestStore interface {
	Source
	PutDigest(store.DigestRecord) error
}

// buildAndStore builds date's digest from st and stores it, as the service does, so that
// the next day's build continues its stories.
func buildAndStore(t testing.TB, b *Builder, st digestStore, date string) *Digest {
	t.Helper()
	d, err := b.BuildDay(context.Background(), st, date)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := d.Record()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutDigest(rec); err != nil {
		t.Fatal(err)
	}
	return d
}

// storyOf is the story of d (shown or "Also today") holding a member whose URL contains
// urlPart, or nil.
func storyOf(d *Digest, urlPart string) *Story {
	for _, list := range [][]Story{d.Stories, d.Also} {
		for i := range list {
			for _, m := range list[i].Members {
				if strings.Contains(m.URL, urlPart) {
					return &list[i]
				}
			}
		}
	}
	return nil
}
