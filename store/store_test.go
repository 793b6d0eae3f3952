package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// clock is a settable time source for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// reopen closes s and opens its file again, as a restart does; the new store is closed
// when the test ends.
func reopen(t *testing.T, s *Store, path string) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	return s2
}

func openTest(t *testing.T) (*Store, *clock, string) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path, Options{Clock: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c, path
}

var almaty = time.FixedZone("Asia/Almaty", 5*3600)

func TestSaveItemAndGet(t *testing.T) {
	s, _, _ := openTest(t)
	in := Item{URL: "https://kaz.inform.kz/a/1", GUID: "g1", Source: "Kazinform (kk)", Lang: "kk",
		Title: "Референдум", Body: "Мәтін.", Published: time.Date(2026, 3, 3, 10, 0, 0, 0, almaty)}
	got, res, err := s.SaveItem(in)
	if err != nil || res != Created {
		t.Fatalf("SaveItem = %v, %v", res, err)
	}
	if got.ID == 0 || got.Hash == "" || got.Seen.IsZero() {
		t.Fatalf("saved item lacks id/hash/seen: %+v", got)
	}
	back, err := s.Item(got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Title != in.Title || !back.Published.Equal(in.Published) || back.Source != in.Source {
		t.Fatalf("Item(%d) = %+v, want %+v", got.ID, back, in)
	}
	byURL, err := s.ItemByURL(in.URL)
	if err != nil || byURL.ID != got.ID {
		t.Fatalf("ItemByURL = %+v, %v", byURL, err)
	}
	if _, err := s.Item(999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing item: err = %v, want ErrNotFound", err)
	}
}

func TestSaveItemUniqueness(t *testing.T) {
	s, c, _ := openTest(t)
	base := Item{URL: "https://orda.kz/x", GUID: "orda-1", Source: "Orda", Title: "A", Body: "one"}
	first, _, err := s.SaveItem(base)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		item Item
		want SaveResult
	}{
		{"same url same text", base, Unchanged},
		{"same guid other url", Item{URL: "https://orda.kz/x?amp=1", GUID: "orda-1", Source: "Orda", Title: "A", Body: "one"}, Unchanged},
		{"same url edited text", Item{URL: "https://orda.kz/x", Source: "Orda", Title: "A (updated)", Body: "one two"}, Updated},
		{"same guid at another source is new", Item{URL: "https://vlast.kz/y", GUID: "orda-1", Source: "Vlast", Title: "B"}, Created},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = c.t.Add(time.Minute)
			got, res, err := s.SaveItem(tt.item)
			if err != nil {
				t.Fatal(err)
			}
			if res != tt.want {
				t.Fatalf("result = %v, want %v", res, tt.want)
			}
			if tt.want != Created && got.ID != first.ID {
				t.Fatalf("id = %d, want the first item's %d", got.ID, first.ID)
			}
		})
	}
	n, _ := s.CountItems()
	if n != 2 {
		t.Fatalf("CountItems = %d, want 2", n)
	}
	edited, _ := s.Item(first.ID)
	if edited.Title != "A (updated)" || edited.Updated.IsZero() || !edited.Seen.Equal(first.Seen) {
		t.Fatalf("edit not applied or identity lost: %+v", edited)
	}
	if _, _, err := s.SaveItem(Item{Title: "no url"}); err == nil {
		t.Fatal("SaveItem without URL: want error")
	}
}

func TestItemsBetweenIsADay(t *testing.T) {
	s, _, _ := openTest(t)
	// Around the local midnight of 3 March in Almaty (19:00 UTC on the 2nd).
	times := []time.Time{
		time.Date(2026, 3, 2, 23, 59, 0, 0, almaty),
		time.Date(2026, 3, 3, 0, 0, 0, 0, almaty),
		time.Date(2026, 3, 3, 12, 0, 0, 0, almaty),
		time.Date(2026, 3, 3, 23, 59, 59, 0, almaty),
		time.Date(2026, 3, 4, 0, 0, 0, 0, almaty),
	}
	// Saved out of order: the key, not insertion, must order them.
	for _, i := range []int{4, 2, 0, 3, 1} {
		if _, _, err := s.SaveItem(Item{URL: fmt.Sprintf("https://e.kz/%d", i), Title: "t", Published: times[i]}); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2026, 3, 3, 0, 0, 0, 0, almaty)
	got, err := s.ItemsBetween(day, day.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, it := range got {
		urls = append(urls, it.URL)
	}
	want := []string{"https://e.kz/1", "https://e.kz/2", "https://e.kz/3"}
	if fmt.Sprint(urls) != fmt.Sprint(want) {
		t.Fatalf("day items = %v, want %v", urls, want)
	}
}

func TestEachItemAfter(t *testing.T) {
	s, _, _ := openTest(t)
	for i := 0; i < 5; i++ {
		if _, _, err := s.SaveItem(Item{URL: fmt.Sprintf("https://e.kz/%d", i), Title: "t",
			Published: time.Date(2026, 3, 5-i, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	var ids []uint64
	if err := s.EachItemAfter(2, func(it Item) error { ids = append(ids, it.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[3 4 5]" {
		t.Fatalf("ids after 2 = %v, want [3 4 5]", ids)
	}
}

func TestAddAlias(t *testing.T) {
	s, _, _ := openTest(t)
	it, _, _ := s.SaveItem(Item{URL: "https://kaz.inform.kz/a", Source: "Kazinform (kk)", Title: "t"})
	got, err := s.AddAlias(it.ID, Ref{Source: "Egemen", URL: "https://egemen.kz/b"}, "eg-1")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Sources()) != "[Kazinform (kk) Egemen]" {
		t.Fatalf("sources = %v", got.Sources())
	}
	// The alias URL and GUID now resolve to the same item: a re-fetch is no new item.
	_, res, err := s.SaveItem(Item{URL: "https://egemen.kz/b", Source: "Egemen", Title: "t"})
	if err != nil || res != Unchanged {
		t.Fatalf("re-save of alias = %v, %v; want unchanged", res, err)
	}
	if _, err := s.AddAlias(it.ID, Ref{Source: "Egemen", URL: "https://egemen.kz/b"}, ""); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Item(it.ID)
	if len(again.AlsoIn) != 1 {
		t.Fatalf("alias recorded twice: %+v", again.AlsoIn)
	}
}

func TestAddURL(t *testing.T) {
	s, _, _ := openTest(t)
	post, _, _ := s.SaveItem(Item{URL: "https://t.me/orda_kz/1201", Source: "t.me/orda_kz", Title: "t"})
	other, _, _ := s.SaveItem(Item{URL: "https://orda.kz/b", Source: "Orda.kz", Title: "u"})
	if err := s.AddURL(post.ID, "https://orda.kz/a"); err != nil {
		t.Fatal(err)
	}
	got, err := s.ItemByURL("https://orda.kz/a")
	if err != nil || got.ID != post.ID || len(got.AlsoIn) != 0 {
		t.Fatalf("ItemByURL(linked article) = %+v, %v; want the post, no other outlet", got, err)
	}
	// A URL that is already an item's stays that item's.
	if err := s.AddURL(post.ID, "https://orda.kz/b"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ItemByURL("https://orda.kz/b"); got.ID != other.ID {
		t.Fatalf("AddURL took over another item's URL: %+v", got)
	}
	if err := s.AddURL(999, "https://orda.kz/c"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("AddURL(missing item) = %v, want ErrNotFound", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	it, _, err := s.SaveItem(Item{URL: "https://e.kz/1", Title: "kept"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSubscriber(42, func(sub *Subscriber, _ bool) error { sub.Lang, sub.Active = "kk", true; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMetaInt("poll_offset", 77); err != nil {
		t.Fatal(err)
	}
	s2 := reopen(t, s, path)
	back, err := s2.Item(it.ID)
	if err != nil || back.Title != "kept" {
		t.Fatalf("after reopen: %+v, %v", back, err)
	}
	sub, err := s2.Subscriber(42)
	if err != nil || sub.Lang != "kk" || !sub.Active {
		t.Fatalf("subscriber after reopen: %+v, %v", sub, err)
	}
	if off, _ := s2.MetaInt("poll_offset"); off != 77 {
		t.Fatalf("poll_offset = %d", off)
	}
	if v, _ := s2.Schema(); v != SchemaVersion {
		t.Fatalf("schema = %d", v)
	}
}

func TestOpenLockedFailsFast(t *testing.T) {
	_, _, path := openTest(t)
	// bbolt's lock is a flock, shared within a process only through the same descriptor, so
	// a second Open in this process contends like another process would.
	start := time.Now()
	_, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: err = %v, want ErrLocked", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("second Open did not fail fast")
	}
}

func TestSubscribersPaging(t *testing.T) {
	s, _, _ := openTest(t)
	ids := []int64{-1001, -5, 3, 7, 11, 100}
	for _, id := range ids {
		if _, err := s.UpdateSubscriber(id, func(sub *Subscriber, created bool) error {
			if !created {
				return errors.New("expected a new subscriber")
			}
			sub.Active = true
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	var seen []int64
	if err := s.EachSubscriber(4, func(sub Subscriber) error { seen = append(seen, sub.ChatID); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seen) != fmt.Sprint(ids) {
		t.Fatalf("paged = %v, want %v", seen, ids)
	}
	if err := s.MoveSubscriber(-5, -1009); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscriber(-5); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old chat still there: %v", err)
	}
	if sub, err := s.Subscriber(-1009); err != nil || !sub.Active {
		t.Fatalf("moved subscriber: %+v %v", sub, err)
	}
	if err := s.DeleteSubscriber(3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscriber(3); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted subscriber still there: %v", err)
	}
}

func TestOutboxAtMostOnce(t *testing.T) {
	s, _, _ := openTest(t)
	jobs := []Job{{Date: "2026-03-03", ChatID: 1, Lang: "kk"}, {Date: "2026-03-03", ChatID: 1, Lang: "ru"}, {Date: "2026-03-03", ChatID: -100, Lang: "kk", Part: 1}}
	n, err := s.EnqueueJobs(jobs)
	if err != nil || n != 3 {
		t.Fatalf("enqueue = %d, %v", n, err)
	}
	if _, err := s.Transition(jobs[0].Key(), JobPending, JobSending, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(jobs[0].Key(), JobSending, JobSent, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(jobs[1].Key(), JobPending, JobSending, nil); err != nil {
		t.Fatal(err)
	}
	// Enqueueing again adds nothing and does not reset the sent job.
	if n, _ := s.EnqueueJobs(jobs); n != 0 {
		t.Fatalf("re-enqueue added %d", n)
	}
	if _, err := s.Transition(jobs[0].Key(), JobPending, JobSending, nil); !errors.Is(err, ErrJobState) {
		t.Fatalf("claiming a sent job: err = %v, want ErrJobState", err)
	}
	// A crash left jobs[1] in sending: it is abandoned, not resent.
	lost, err := s.AbandonSending("interrupted")
	if err != nil || lost != 1 {
		t.Fatalf("abandon = %d, %v", lost, err)
	}
	counts, _ := s.JobCounts("2026-03-03")
	if counts[JobSent] != 1 || counts[JobFailed] != 1 || counts[JobPending] != 1 {
		t.Fatalf("counts = %v", counts)
	}
	pending, _, err := s.Jobs("2026-03-03", JobPending, time.Now(), nil, 10)
	if err != nil || len(pending) != 1 || pending[0].ChatID != -100 {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
}

func TestJobsPagingAndDue(t *testing.T) {
	s, _, _ := openTest(t)
	due := time.Date(2026, 3, 4, 8, 0, 0, 0, almaty)
	var jobs []Job
	for i := 0; i < 25; i++ {
		j := Job{Date: "2026-03-03", ChatID: int64(i), Lang: "ru"}
		if i%5 == 0 {
			j.Due = due
		}
		jobs = append(jobs, j)
	}
	jobs = append(jobs, Job{Date: "2026-03-04", ChatID: 1, Lang: "ru"})
	if _, err := s.EnqueueJobs(jobs); err != nil {
		t.Fatal(err)
	}
	count := func(now time.Time) int {
		total := 0
		var after []byte
		for {
			page, last, err := s.Jobs("2026-03-03", JobPending, now, after, 7)
			if err != nil {
				t.Fatal(err)
			}
			total += len(page)
			if last == nil {
				return total
			}
			after = last
		}
	}
	if got := count(due.Add(-time.Hour)); got != 20 {
		t.Fatalf("due before 08:00: %d jobs, want 20", got)
	}
	if got := count(due); got != 25 {
		t.Fatalf("due at 08:00: %d jobs, want 25", got)
	}
}

func TestDigestsAndBackup(t *testing.T) {
	s, _, _ := openTest(t)
	for _, d := range []string{"2026-03-01", "2026-03-03"} {
		if err := s.PutDigest(DigestRecord{Date: d, HTML: map[string][]string{"kk": {"<b>" + d + "</b>"}}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.LatestDigest("2026-03-02")
	if err != nil || got.Date != "2026-03-01" {
		t.Fatalf("latest on or before 03-02 = %q, %v", got.Date, err)
	}
	if got, _ := s.LatestDigest("2026-03-03"); got.Date != "2026-03-03" {
		t.Fatalf("latest on or before 03-03 = %q", got.Date)
	}
	if _, err := s.LatestDigest("2026-02-01"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no digest before: %v", err)
	}
	if _, _, err := s.SaveItem(Item{URL: "https://e.kz/1", Title: "in backup"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Open(copyPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	it, err := c.ItemByURL("https://e.kz/1")
	if err != nil || it.Title != "in backup" {
		t.Fatalf("backup copy: %+v, %v", it, err)
	}
	filePath := filepath.Join(t.TempDir(), "b.db")
	if err := s.BackupFile(filePath); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filePath); err != nil || st.Size() == 0 {
		t.Fatalf("BackupFile wrote nothing: %v", err)
	}
}

func TestSavedQueries(t *testing.T) {
	s, c, _ := openTest(t)
	id, err := s.SaveQuery(SavedQuery{Query: "Құрылтай сайлауы", Lang: "kk"})
	if err != nil {
		t.Fatal(err)
	}
	if len("sp:"+id+":12345") > 64 {
		t.Fatalf("id %q too long for callback_data", id)
	}
	q, err := s.Query(id)
	if err != nil || q.Query != "Құрылтай сайлауы" {
		t.Fatalf("Query = %+v, %v", q, err)
	}
	c.t = c.t.Add(QueryTTL + time.Minute)
	if _, err := s.Query(id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("expired query: err = %v", err)
	}
	if _, err := s.Query("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown query: err = %v", err)
	}
}

func TestSaveItemsOneTransaction(t *testing.T) {
	s, _, _ := openTest(t)
	if _, _, err := s.SaveItem(Item{URL: "https://e.kz/old", Title: "old"}); err != nil {
		t.Fatal(err)
	}
	items := []Item{
		{URL: "https://e.kz/a", Title: "a"},
		{URL: "https://e.kz/old", Title: "old"},
		{URL: "https://e.kz/a", Title: "a"}, // the same URL again within the batch
		{URL: "https://e.kz/b", Title: "b"},
	}
	saved, res, err := s.SaveItems(items)
	if err != nil {
		t.Fatal(err)
	}
	want := []SaveResult{Created, Unchanged, Unchanged, Created}
	for i := range want {
		if res[i] != want[i] {
			t.Fatalf("result %d = %v, want %v", i, res[i], want[i])
		}
	}
	if saved[0].ID == 0 || saved[2].ID != saved[0].ID {
		t.Fatalf("ids: %d %d", saved[0].ID, saved[2].ID)
	}
	if n, _ := s.CountItems(); n != 3 {
		t.Fatalf("CountItems = %d, want 3", n)
	}
	// A bad item fails the whole batch: nothing of it is stored.
	if _, _, err := s.SaveItems([]Item{{URL: "https://e.kz/c", Title: "c"}, {Title: "no url"}}); err == nil {
		t.Fatal("want an error")
	}
	if _, err := s.ItemByURL("https://e.kz/c"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a failed batch left an item: %v", err)
	}
}

// The collector's language record (Script, LangCode) survives a save, an edit and a
// reopen, and items and source states written before those fields existed still load.
func TestItemLanguageFields(t *testing.T) {
	s, c, path := openTest(t)
	pub := time.Date(2026, 3, 16, 9, 0, 0, 0, almaty)
	saved := map[string]uint64{}
	for _, in := range []Item{
		{URL: "https://abai.kz/post/1", Source: "Abai", Lang: "kk", Script: "arab", Title: "Референдум өтті", Published: pub},
		{URL: "https://kg.example/1", Source: "Kaktus", Lang: "other", LangCode: "ky", Title: "Референдум өттү", Published: pub},
		{URL: "https://kaz.inform.kz/1", Source: "Kazinform (kk)", Lang: "kk", Title: "Референдум", Published: pub},
	} {
		it, _, err := s.SaveItem(in)
		if err != nil {
			t.Fatal(err)
		}
		saved[in.URL] = it.ID
	}
	// An edit changes the text, never the language decided at collection.
	c.t = c.t.Add(time.Hour)
	if _, res, err := s.SaveItem(Item{URL: "https://abai.kz/post/1", Source: "Abai", Lang: "ru", Title: "Референдум өтті: қорытынды"}); err != nil || res != Updated {
		t.Fatalf("edit: %v, %v", res, err)
	}

	// Written the way the store wrote items and source states before these fields.
	oldKey := itemKey(pub, 99)
	err := s.db.Update(func(tx *bolt.Tx) error {
		old := `{"id":99,"url":"https://old.kz/1","source":"Old","lang":"ru","title":"Старый","published":"2026-03-16T04:00:00Z","seen":"2026-03-16T04:00:00Z","hash":"x"}`
		if err := tx.Bucket(bucketItems).Put(oldKey, []byte(old)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketItemIDs).Put(u64(99), oldKey); err != nil {
			return err
		}
		if err := tx.Bucket(bucketItemURLs).Put([]byte("https://old.kz/1"), u64(99)); err != nil {
			return err
		}
		return tx.Bucket(bucketSources).Put([]byte("Old"), []byte(`{"name":"Old","failures":0,"items_total":12}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	s2 := reopen(t, s, path)
	saved["https://old.kz/1"] = 99

	tests := []struct {
		url, lang, script, code, title string
	}{
		{"https://abai.kz/post/1", "kk", "arab", "", "Референдум өтті: қорытынды"},
		{"https://kg.example/1", "other", "", "ky", "Референдум өттү"},
		{"https://kaz.inform.kz/1", "kk", "", "", "Референдум"},
		{"https://old.kz/1", "ru", "", "", "Старый"},
	}
	for _, tt := range tests {
		it, err := s2.Item(saved[tt.url])
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		if it.Lang != tt.lang || it.Script != tt.script || it.LangCode != tt.code || it.Title != tt.title {
			t.Errorf("%s: lang %q script %q code %q title %q, want %q %q %q %q", tt.url,
				it.Lang, it.Script, it.LangCode, it.Title, tt.lang, tt.script, tt.code, tt.title)
		}
	}
	st, err := s2.SourceState("Old")
	if err != nil || st.ItemsTotal != 12 || st.OtherTotal != 0 || st.OtherLast != 0 {
		t.Fatalf("old source state = %+v, %v", st, err)
	}
	if err := s2.PutSourceState(SourceState{Name: "Kaktus", OtherTotal: 5, OtherLast: 2}); err != nil {
		t.Fatal(err)
	}
	if st, err := s2.SourceState("Kaktus"); err != nil || st.OtherTotal != 5 || st.OtherLast != 2 {
		t.Fatalf("source state = %+v, %v", st, err)
	}
}

func TestDigestDatesAndEachFrom(t *testing.T) {
	s, _, _ := openTest(t)
	days := []string{"2026-03-01", "2026-03-03", "2026-03-04", "2026-03-07", "2026-03-09"}
	for _, d := range days {
		if err := s.PutDigest(DigestRecord{Date: d, Items: len(d)}); err != nil {
			t.Fatal(err)
		}
	}
	pages := []struct {
		offset, limit int
		want          []string
	}{
		{0, 2, []string{"2026-03-09", "2026-03-07"}},
		{2, 2, []string{"2026-03-04", "2026-03-03"}},
		{4, 2, []string{"2026-03-01"}},
		{5, 2, nil},
	}
	for _, p := range pages {
		got, total, err := s.DigestDates(p.offset, p.limit)
		if err != nil || total != len(days) || strings.Join(got, ",") != strings.Join(p.want, ",") {
			t.Errorf("DigestDates(%d, %d) = %v, %d, %v; want %v, %d", p.offset, p.limit, got, total, err, p.want, len(days))
		}
	}
	var seen []string
	err := s.EachDigestFrom("2026-03-02", func(d DigestRecord) (bool, error) {
		seen = append(seen, d.Date)
		return d.Date < "2026-03-07", nil
	})
	if err != nil || strings.Join(seen, ",") != "2026-03-03,2026-03-04,2026-03-07" {
		t.Fatalf("EachDigestFrom = %v, %v", seen, err)
	}
	stop := errors.New("stop")
	if err := s.EachDigestFrom("", func(DigestRecord) (bool, error) { return true, stop }); !errors.Is(err, stop) {
		t.Fatalf("fn's error: %v", err)
	}
}
