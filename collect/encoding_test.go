package collect

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/refdigest/refdigest/config"
)

func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	out, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestToUTF8(t *testing.T) {
	const ru = "Референдум по новой Конституции"
	const kkText = "Жаңа Конституция – қоғамға серпін"
	tests := []struct {
		name        string
		body        []byte
		contentType string
		xml         bool
		want        string
	}{
		{"utf-8 as is", []byte("<p>" + kkText + "</p>"), "text/html", false, "<p>" + kkText + "</p>"},
		{"BOM dropped", append([]byte{0xEF, 0xBB, 0xBF}, "<p>a</p>"...), "", false, "<p>a</p>"},
		{"http charset", encode(t, charmap.Windows1251, "<p>"+ru+"</p>"), "text/html; charset=windows-1251", false, "<p>" + ru + "</p>"},
		{"meta charset", encode(t, charmap.Windows1251, `<html><head><meta charset="windows-1251"></head><body>`+ru), "text/html", false,
			`<html><head><meta charset="windows-1251"></head><body>` + ru},
		{"http-equiv koi8-r", encode(t, charmap.KOI8R, `<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>`+ru), "text/html; charset=utf-8", false,
			`<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>` + ru},
		{"xml prolog koi8-r", encode(t, charmap.KOI8R, `<?xml version="1.0" encoding="KOI8-R"?><rss><title>`+ru+`</title></rss>`), "application/xml", true,
			`<?xml version="1.0" encoding="UTF-8"?><rss><title>` + ru + `</title></rss>`},
		{"utf-8 wins over a wrong prolog", []byte(`<?xml version="1.0" encoding="windows-1251"?><rss><title>` + kkText + `</title></rss>`), "text/xml; charset=windows-1251", true,
			`<?xml version="1.0" encoding="UTF-8"?><rss><title>` + kkText + `</title></rss>`},
		{"invalid utf-8 replaced", []byte("<p>ok \xff\xfe bad</p>"), "text/html; charset=utf-8", false, "<p>ok \uFFFD bad</p>"},
	}
	for _, tc := range tests {
		got, err := toUTF8(tc.body, tc.contentType, tc.xml)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
	if _, err := toUTF8([]byte("\xff\xfe"), "text/html; charset=no-such-charset", false); err == nil || !strings.Contains(err.Error(), "no-such-charset") {
		t.Errorf("unknown charset: %v", err)
	}
}

// A windows-1251 feed and a koi8-r article page, end to end.
func TestRunLegacyEncodings(t *testing.T) {
	_, paras := seedText(t, "004")
	title := "Казахстанские дипломаты обсудили проект новой Конституции"
	feed := `<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>ru</title>` +
		`<item><title>` + title + `</title><link>http://OUTLET/ru/1</link><description>` + truncateRunes(paras[0], 100) + `</description></item></channel></rss>`
	page := `<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><title>x</title></head><body>` +
		`<div class="text"><p>` + strings.Join(paras, "</p><p>") + `</p></div></body></html>`
	s := newSite(t)
	feedBytes := encode(t, charmap.Windows1251, strings.ReplaceAll(feed, "http://OUTLET", s.URL))
	pageBytes := encode(t, charmap.KOI8R, page)
	s.handle("/rss", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml") // no charset: the prolog says it
		w.Write(feedBytes)
	})
	s.handle("/ru/1", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(pageBytes)
	})
	st := openStore(t)
	src := config.Source{Name: "KT", URL: s.URL + "/rss", Lang: "ru", Kind: "feed", Select: config.Select{Body: "div.text"}}
	res := runOnce(t, New(st, []config.Source{src}, testOptions(t)))
	if res[0].Err != nil || res[0].New != 1 {
		t.Fatalf("%s", res[0])
	}
	it, err := st.ItemByURL(s.URL + "/ru/1")
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != title || it.Body != strings.Join(paras, "\n\n") {
		t.Errorf("title %q\nbody %q", it.Title, it.Body)
	}
}
