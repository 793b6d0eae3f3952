package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestFeeds: each language's Atom feed parses with gofeed, has one entry per stored digest
// day, newest first, each linking to its day page, with ids that stay the same from one
// request to the next and differ between days and languages.
func TestFeeds(t *testing.T) {
	a := sharedArchive(t)
	_, total, err := a.st.DigestDates(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"", "https://digest.example.kz/archive"} {
		s := newTestServer(t, a, Options{PublicURL: base})
		ids := map[string]bool{}
		for _, l := range []string{"kk", "ru"} {
			var first []string
			for round := 0; round < 2; round++ {
				resp := get(t, s, "GET", "/"+l+"/feed.xml")
				if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
					t.Fatalf("%s feed: %d %s", l, resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				f, err := gofeed.NewParser().Parse(resp.Body)
				if err != nil {
					t.Fatalf("%s feed does not parse: %v", l, err)
				}
				if f.FeedType != "atom" || f.Title == "" || f.Language != l {
					t.Errorf("%s feed: type %q, title %q, language %q", l, f.FeedType, f.Title, f.Language)
				}
				if len(f.Items) != total {
					t.Fatalf("%s feed: %d entries, %d digest days", l, len(f.Items), total)
				}
				var got []string
				for i, it := range f.Items {
					got = append(got, it.GUID)
					date := runDays[len(runDays)-1]
					if i > 0 {
						date = ""
					}
					if !strings.HasSuffix(it.Link, "/"+l+"/day/"+it.Link[len(it.Link)-10:]) || (date != "" && !strings.HasSuffix(it.Link, date)) {
						t.Errorf("%s entry %d links to %q", l, i, it.Link)
					}
					if it.UpdatedParsed == nil || it.Content == "" || it.Title == "" {
						t.Errorf("%s entry %d: updated %v, content %d bytes, title %q", l, i, it.UpdatedParsed, len(it.Content), it.Title)
					}
					if base != "" && !strings.HasPrefix(it.GUID, "tag:digest.example.kz,2026:/archive/"+l+"/day/") {
						t.Errorf("entry id %q", it.GUID)
					}
					if base == "" && !strings.HasPrefix(it.GUID, "urn:refdigest:"+l+"/day/") {
						t.Errorf("entry id %q", it.GUID)
					}
					if base != "" && !strings.HasPrefix(it.Link, base+"/"+l+"/day/") {
						t.Errorf("entry link %q is not under the public URL", it.Link)
					}
				}
				if round == 0 {
					first = got
				} else if !slices.Equal(first, got) {
					t.Errorf("%s entry ids changed between requests", l)
				}
			}
			for _, id := range first {
				if ids[id] {
					t.Errorf("entry id %q twice", id)
				}
				ids[id] = true
			}
		}
	}
}
