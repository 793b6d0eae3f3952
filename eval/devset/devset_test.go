package devset

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A set is read with its texts, and served as a feed per outlet and language whose items
// link to pages on the same loopback server; rows without a text are reported as not found.
func TestReadAndServe(t *testing.T) {
	dir := t.TempDir()
	set := filepath.Join(dir, "set.tsv")
	rows := "id\turl\toutlet\tpublished\tlang\tscript\tevent\n" +
		"1\thttps://example.kz/a\tOutlet A\t2026-03-16T10:40+05:00\tru\tcyrl\t2026-03-16-results\n" +
		"2\thttps://example.kz/b\tOutlet A\t2026-03-16\tkk\tcyrl\t2026-03-16-results\n" +
		"3\thttps://example.kz/c\tOutlet B\t2026-03-17\tru\tcyrl\t2026-03-17-other\n"
	if err := os.WriteFile(set, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	texts := `{"url":"https://example.kz/a","title":"Итоги голосования","text":"Итоги голосования\nКомиссия объявила итоги.\nЯвка была высокой."}` + "\n" +
		`{"url":"https://example.kz/b","title":"","text":"Комиссия қорытындыны жариялады."}` + "\n"
	if err := os.MkdirAll(filepath.Join(dir, "texts", "part"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "texts", "part", "articles.jsonl"), []byte(texts), 0o644); err != nil {
		t.Fatal(err)
	}
	arts, err := ReadSet(set)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 3 || arts[0].Event != "2026-03-16-results" || arts[1].Lang != "kk" {
		t.Fatalf("read %d rows: %+v", len(arts), arts)
	}
	if h := arts[1].Published.In(Almaty).Hour(); h < 9 || h > 18 {
		t.Errorf("a bare date got %v, want a time of day from 09:00 to 18:59", arts[1].Published)
	}
	found, err := ReadTexts(filepath.Join(dir, "texts"), arts)
	if err != nil || found != 2 {
		t.Fatalf("texts found %d (%v), want 2", found, err)
	}
	srv, err := Serve(arts[:2])
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if srv.Len() != 2 {
		t.Fatalf("%d feeds, want 2: one per outlet and language", srv.Len())
	}
	for i := range srv.Len() {
		src := srv.Source(i)
		if !strings.HasPrefix(src.URL, "http://127.0.") || src.Kind != "feed" || src.Name != srv.Name(i) {
			t.Errorf("source %d: %+v", i, src)
		}
		feed := get(t, src.URL)
		a := arts[i]
		if !strings.Contains(feed, "<link>"+a.Local+"</link>") {
			t.Errorf("feed %s does not link %s:\n%s", src.Name, a.Local, feed)
		}
	}
	page := get(t, arts[0].Local)
	if strings.Count(page, "Итоги голосования") != 2 || !strings.Contains(page, "<p>Явка была высокой.</p>") {
		t.Errorf("page: the title once in <title> and once in <h1>, the text's first line not repeated:\n%s", page)
	}
	if !strings.Contains(srv.Config("data", -1), "Outlet A (kk)") {
		t.Errorf("config lacks a feed:\n%s", srv.Config("data", -1))
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}
