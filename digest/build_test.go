package digest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

func TestBuildDayAlmatyMidnight(t *testing.T) {
	loc := almatyLoc(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cases := []struct {
		url  string
		when time.Time
		in   bool
	}{
		{"https://x.kz/before", at("2026-03-02 23:59:59"), false},
		{"https://x.kz/first", at("2026-03-03 00:00:00"), true},
		// 00:30 Almaty is still the previous day in UTC: the local day must win.
		{"https://x.kz/utc-yesterday", at("2026-03-03 00:30:00"), true},
		{"https://x.kz/last", at("2026-03-03 23:59:59"), true},
		{"https://x.kz/next", at("2026-03-04 00:00:00"), false},
	}
	for _, c := range cases {
		_, _, err := st.SaveItem(store.Item{URL: c.url, Source: "Orda", Lang: "ru", Title: "Заголовок " + c.url,
			Body: "Первое предложение новости о референдуме. Второе предложение новости о референдуме.", Published: c.when.UTC()})
		if err != nil {
			t.Fatal(err)
		}
	}
	b := New(Options{Location: loc, Clock: fixedClock(at("2026-03-10 12:00:00"))})
	d, err := b.BuildDay(context.Background(), st, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, s := range append(d.Stories, d.Also...) {
		for _, m := range s.Members {
			got[m.URL] = true
		}
	}
	for _, c := range cases {
		if got[c.url] != c.in {
			t.Errorf("%s at %s: in digest = %v, want %v", c.url, c.when, got[c.url], c.in)
		}
	}
	if d.Items != 3 {
		t.Errorf("Items = %d, want 3", d.Items)
	}
	if !d.From.Equal(at("2026-03-03 00:00:00")) || !d.To.Equal(at("2026-03-04 00:00:00")) {
		t.Errorf("window [%s, %s), want the local day", d.From, d.To)
	}
}

func TestBuildDayWindow(t *testing.T) {
	loc := almatyLoc(t)
	at := func(s string) time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", s, loc)
		return tm
	}
	prevTo := at("2026-03-02 21:00")
	prev := &Digest{Version: dataVersion, Date: "2026-03-02", To: prevTo}
	rec, err := prev.Record()
	if err != nil {
		t.Fatal(err)
	}
	old := &Digest{Version: dataVersion, Date: "2026-02-20", To: at("2026-02-20 21:00")}
	oldRec, _ := old.Record()
	cases := []struct {
		name     string
		now      time.Time
		digests  map[string]store.DigestRecord
		from, to time.Time
	}{
		{"past day, no previous", at("2026-03-05 10:00"), nil, at("2026-03-03 00:00"), at("2026-03-04 00:00")},
		{"today, no previous: last 24h", at("2026-03-03 21:00"), nil, at("2026-03-02 21:00"), at("2026-03-03 21:00")},
		{"since previous digest", at("2026-03-03 21:00"), map[string]store.DigestRecord{"2026-03-02": rec}, prevTo, at("2026-03-03 21:00")},
		{"past day since previous", at("2026-03-09 10:00"), map[string]store.DigestRecord{"2026-03-02": rec}, prevTo, at("2026-03-04 00:00")},
		{"future day is empty", at("2026-03-01 10:00"), nil, at("2026-03-03 00:00"), at("2026-03-03 00:00")},
		{"old previous is capped at 72h", at("2026-03-03 21:00"), map[string]store.DigestRecord{"2026-02-20": oldRec}, at("2026-02-28 21:00"), at("2026-03-03 21:00")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := &fakeSource{digests: c.digests}
			d, err := New(Options{Location: loc, Clock: fixedClock(c.now)}).BuildDay(context.Background(), src, "2026-03-03")
			if err != nil {
				t.Fatal(err)
			}
			if !d.From.Equal(c.from) || !d.To.Equal(c.to) {
				t.Errorf("window [%s, %s), want [%s, %s)", d.From, d.To, c.from, c.to)
			}
		})
	}
}

func TestBuildDayErrors(t *testing.T) {
	b := New(Options{})
	for _, date := range []string{"", "2026-3-3", "03.03.2026", "2026-02-30", "tomorrow"} {
		if _, err := b.BuildDay(context.Background(), &fakeSource{}, date); err == nil {
			t.Errorf("BuildDay(%q) = nil error", date)
		}
	}
	boom := errors.New("disk on fire")
	_, err := b.BuildDay(context.Background(), &fakeSource{err: boom}, "2026-03-03")
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "digest: ") {
		t.Errorf("store error = %v, want wrapped %v", err, boom)
	}
	if _, err := b.BuildDay(context.Background(), nil, "2026-03-03"); err == nil {
		t.Error("nil source: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := &fakeSource{items: manyItems(almatyLoc(t), 5)}
	if _, err := New(Options{Clock: fixedClock(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))}).BuildDay(ctx, src, "2026-03-03"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: err = %v", err)
	}
}

func TestEmptyDay(t *testing.T) {
	d, err := New(Options{}).BuildDay(context.Background(), &fakeSource{}, "2026-03-15")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Empty() || len(d.Stories) != 0 {
		t.Fatalf("Empty() = %v with %d stories", d.Empty(), len(d.Stories))
	}
	for _, l := range []string{LangKK, LangRU} {
		msgs := d.HTML(l)
		if len(msgs) != 1 {
			t.Fatalf("%s: %d messages for an empty day", l, len(msgs))
		}
		if err := checkTelegramHTML(msgs[0]); err != nil {
			t.Errorf("%s: %v", l, err)
		}
	}
	if h := d.HTML(LangKK)[0]; !strings.HasPrefix(h, "<b>15 наурыз 2026 — референдум жаңалықтары</b>\n") {
		t.Errorf("kk header: %q", h)
	}
	if h := d.HTML(LangRU)[0]; !strings.HasPrefix(h, "<b>15 марта 2026 — новости референдума</b>\n") {
		t.Errorf("ru header: %q", h)
	}
	if !strings.Contains(d.Text(LangKK), "15 наурыз 2026") || !strings.Contains(d.Text(LangRU), "15 марта 2026") {
		t.Errorf("dated header missing:\n%s\n%s", d.Text(LangKK), d.Text(LangRU))
	}
	var nilDigest *Digest
	if !nilDigest.Empty() {
		t.Error("nil digest is not empty")
	}
}

func TestEscaping(t *testing.T) {
	loc := almatyLoc(t)
	when := time.Date(2026, 3, 3, 10, 0, 0, 0, loc)
	src := &fakeSource{items: []store.Item{{
		ID: 1, URL: `https://x.kz/a?b=1&c="2"`, Source: `Orda <b>&amp;`, Lang: "ru",
		Title:     `Итоги <script>alert(1)</script> & "кавычки" > всё`,
		Body:      `В ЦИК сообщили, что явка < 50% & "споры" продолжаются > неделю. Второе предложение <i>без</i> тегов & прочего.`,
		Published: when,
	}}}
	d, err := New(Options{Location: loc, Clock: fixedClock(when.Add(48 * time.Hour))}).BuildDay(context.Background(), src, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{LangKK, LangRU} {
		for _, m := range d.HTML(l) {
			if err := checkTelegramHTML(m); err != nil {
				t.Fatalf("%s: %v\n%s", l, err, m)
			}
			for _, raw := range []string{"<script>", "<i>без", "& ", "<b>&"} {
				if strings.Contains(m, raw) {
					t.Errorf("unescaped %q in\n%s", raw, m)
				}
			}
			if !strings.Contains(m, `href="https://x.kz/a?b=1&amp;c=&quot;2&quot;"`) {
				t.Errorf("link not escaped as an attribute:\n%s", m)
			}
		}
		text := d.Text(l)
		for _, want := range []string{`Итоги <script>alert(1)</script> & "кавычки" > всё`, `явка < 50% & "споры"`, "Orda <b>&amp;"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s plain text lost %q:\n%s", l, want, text)
			}
		}
	}
}

// synthWord makes a pseudo-word that no other index shares (its first syllables differ),
// so that generated items do not cluster unless they are meant to.
func synthWord(n int) string {
	syl := []string{"ба", "ке", "ту", "мо", "ри", "са", "ле", "дин", "қар", "жол", "өр", "ған", "зи", "пе", "шу", "нә",
		"бек", "таң", "ыр", "кө", "мұ", "ас", "ен", "ші", "лау", "гер", "сұ", "дә", "ой", "ұл", "ха", "ве"}
	x := mix(uint64(n) + 1)
	var b strings.Builder
	for i := 0; i < 4; i++ {
		b.WriteString(syl[x%uint64(len(syl))])
		x /= uint64(len(syl))
	}
	return b.String() + fmt.Sprint(n%7)
}

// manyItems writes n items of one day about n different events, alternating kk and ru,
// with bodies long enough that a digest of them needs several messages.
func manyItems(loc *time.Location, n int) []store.Item {
	var out []store.Item
	base := time.Date(2026, 3, 3, 8, 0, 0, 0, loc)
	for i := range n {
		w1, w2, w3 := synthWord(3*i+1000), synthWord(3*i+1001), synthWord(3*i+1002)
		it := store.Item{ID: uint64(i + 1), URL: fmt.Sprintf("https://news.example.kz/%d", i), Published: base.Add(time.Duration(i) * time.Minute)}
		if i%2 == 0 {
			it.Lang, it.Source = "kk", "Kazinform (kk)"
			it.Title = fmt.Sprintf("%s ауданында %s туралы кездесу өтті <жаңа> & маңызды", w1, w2)
			it.Body = fmt.Sprintf("%s ауданының әкімдігінде %s мәселесі талқыланды & тұрғындарға %s түсіндірілді. ", w1, w2, w3) +
				fmt.Sprintf("Кездесуге %s ауылының тұрғындары мен %s өкілдері қатысты. ", w3, w1) +
				fmt.Sprintf("Келесі жиын %s ауылында өтеді деп күтілуде, онда %s жобасы қаралады.", w2, w3)
		} else {
			it.Lang, it.Source = "ru", "Kursiv"
			it.Title = fmt.Sprintf("В районе %s обсудили вопрос %s <важно> & срочно", w1, w2)
			it.Body = fmt.Sprintf("В акимате района %s обсудили вопрос %s & жителям разъяснили %s. ", w1, w2, w3) +
				fmt.Sprintf("На встречу пришли жители села %s и представители %s. ", w3, w1) +
				fmt.Sprintf("Следующая встреча пройдет в селе %s, где рассмотрят проект %s.", w2, w3)
		}
		out = append(out, it)
	}
	return out
}

func TestSplitSixtyItems(t *testing.T) {
	loc := almatyLoc(t)
	src := &fakeSource{items: manyItems(loc, 60)}
	d, err := New(Options{Location: loc, MaxStories: 60, Clock: fixedClock(time.Date(2026, 3, 5, 0, 0, 0, 0, loc))}).BuildDay(context.Background(), src, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{LangKK, LangRU} {
		msgs := d.HTML(l)
		if len(msgs) < 2 {
			t.Fatalf("%s: %d message(s) for 60 long items, want a split", l, len(msgs))
		}
		seen := map[string]int{}
		for i, m := range msgs {
			if err := checkTelegramHTML(m); err != nil {
				t.Fatalf("%s message %d: %v", l, i, err)
			}
			for _, it := range src.items {
				seen[it.URL] += strings.Count(m, `href="`+it.URL+`"`)
			}
		}
		for _, it := range src.items {
			if seen[it.URL] != 1 {
				t.Errorf("%s: %s linked %d times across messages", l, it.URL, seen[it.URL])
			}
		}
		t.Logf("%s: 60 items -> %d messages", l, len(msgs))
	}
	both := d.HTML(LangBoth)
	if len(both) != len(d.HTML(LangKK))+len(d.HTML(LangRU)) || both[0] != d.HTML(LangKK)[0] {
		t.Error("both is not kk then ru")
	}
	if d.HTML("en") != nil {
		t.Error("unknown language rendered")
	}
}

func TestPack(t *testing.T) {
	long := strings.Repeat("сөз ", 400) // 1600 units
	blocks := []block{{"<b>head</b>"}, {long, long, long}, {"<i>tail</i>"}}
	msgs := pack(blocks, 2000)
	for _, m := range msgs {
		if utf16Len(m) > 2000 {
			t.Fatalf("message of %d units", utf16Len(m))
		}
		if strings.HasPrefix(m, " ") || strings.HasSuffix(m, "сө") {
			t.Errorf("split inside a word: %q...", m[:20])
		}
	}
	if got := strings.Count(strings.Join(msgs, ""), "сөз"); got != 1200 {
		t.Errorf("words after packing = %d, want 1200", got)
	}
	// head+long | long | long+tail
	if len(msgs) != 3 {
		t.Errorf("%d messages, want 3", len(msgs))
	}
}

func TestRecordRoundTrip(t *testing.T) {
	loc := almatyLoc(t)
	src := &fakeSource{items: manyItems(loc, 14)}
	d, err := New(Options{Location: loc, Clock: fixedClock(time.Date(2026, 3, 5, 0, 0, 0, 0, loc))}).BuildDay(context.Background(), src, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := d.Record()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Date != "2026-03-03" || rec.Items != 14 || len(rec.HTML[LangKK]) == 0 || rec.Text[LangRU] == "" {
		t.Fatalf("record = %+v", rec)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutDigest(rec); err != nil {
		t.Fatal(err)
	}
	back, err := st.Digest("2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	d2, err := FromRecord(back)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{LangKK, LangRU} {
		if strings.Join(d2.HTML(l), "\x00") != strings.Join(back.HTML[l], "\x00") {
			t.Errorf("%s: rendering after round trip differs from the stored one", l)
		}
	}
	if len(d2.Stories) != len(d.Stories) || d2.Stories[0].ID != d.Stories[0].ID || !d2.To.Equal(d.To) {
		t.Error("stories changed in the round trip")
	}
	for _, bad := range []store.DigestRecord{{Date: "x"}, {Date: "x", Data: []byte("{")}, {Date: "x", Data: []byte(`{"v":99}`)}} {
		if _, err := FromRecord(bad); err == nil {
			t.Errorf("FromRecord(%s) = nil error", bad.Data)
		}
	}
}

func TestBadItems(t *testing.T) {
	loc := almatyLoc(t)
	at := time.Date(2026, 3, 3, 12, 0, 0, 0, loc)
	long := strings.Repeat("Очень длинное предложение без конца и края ", 3000)
	items := []store.Item{
		{ID: 1, URL: "https://a.kz/1", Published: at},                                // nothing at all
		{ID: 2, URL: "", Source: "", Title: "Без ссылки и источника", Published: at}, // no link
		{ID: 3, URL: "https://a.kz/3", Title: "bad \xff\xfe utf8 \x00\x07 <b>", Body: "\xff\xfe\xfd. \x01\x02", Lang: "kk", Published: at},
		{ID: 4, URL: "https://a.kz/4", Title: strings.Repeat("Заголовок ", 500), Body: long, Lang: "ru", Published: at},
		{ID: 5, URL: "https://a.kz/5", Title: "English only headline about the vote", Body: "The vote is on March 15. Polls open at 7 am.", Lang: "en", Published: at},
		{ID: 6, URL: "https://a.kz/6?" + strings.Repeat("x", 5000), Title: "Очень длинная ссылка", Source: "Orda", Lang: "ru", Published: at},
		{ID: 7, URL: "javascript:alert(1)", Title: "Опасная ссылка", Source: "Orda", Lang: "ru", Published: at},
		{ID: 8, URL: "https://a.kz/8", Title: "12345 67890", Body: "1. 2. 3. 4.", Lang: "", Published: at},
	}
	d, err := New(Options{Location: loc, Clock: fixedClock(at.Add(48 * time.Hour))}).BuildDay(context.Background(), &fakeSource{items: items}, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	// Items 1 (no text), 5 (English) and 8 (digits only) are neither Kazakh nor Russian
	// and stay out of the digest; the rest, broken as they are, are in it.
	if d.Items != 5 {
		t.Errorf("Items = %d, want 5", d.Items)
	}
	for _, l := range []string{LangKK, LangRU} {
		for i, m := range d.HTML(l) {
			if err := checkTelegramHTML(m); err != nil {
				t.Errorf("%s message %d: %v", l, i, err)
			}
			if strings.Contains(m, "javascript:") && strings.Contains(m, `href="javascript`) {
				t.Errorf("unsafe link rendered")
			}
		}
	}
	if _, err := d.Record(); err != nil {
		t.Fatal(err)
	}
}
