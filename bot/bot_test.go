package bot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/store"
)

// fakeService is a hand-written Service.
type fakeService struct {
	today    string
	digests  map[string]store.DigestRecord
	lines    []string
	sends    int
	queued   int
	failWith error
	asked    []string // dates Digest was asked for
}

func (f *fakeService) Today() string { return f.today }
func (f *fakeService) Digest(_ context.Context, date string) (store.DigestRecord, error) {
	f.asked = append(f.asked, date)
	if f.failWith != nil {
		return store.DigestRecord{}, f.failWith
	}
	return f.digests[date], nil
}
func (f *fakeService) Collect(context.Context) ([]string, error) { return f.lines, f.failWith }
func (f *fakeService) SendDigest(_ context.Context, date string) (int, int, error) {
	f.sends++
	return f.digests[date].Items, f.queued, f.failWith
}

// fakeSearch is a hand-written Searcher and Matcher: case-insensitive substring over the
// title and text of its items.
type fakeSearch struct{ items []store.Item }

func (f *fakeSearch) match(q string, it store.Item) bool {
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(strings.ToLower(it.Title+" "+it.Text()), w) {
			return false
		}
	}
	return true
}

func (f *fakeSearch) Search(_ context.Context, q string, o search.Query) (search.Results, error) {
	var all []search.Hit
	for _, it := range f.items {
		if f.match(q, it) {
			all = append(all, search.Hit{Item: it, Snippet: it.Text()})
		}
	}
	res := search.Results{Total: len(all)}
	if o.Offset < len(all) {
		res.Hits = all[o.Offset:min(len(all), o.Offset+o.Limit)]
	}
	return res, nil
}

func (f *fakeSearch) Match(_ context.Context, q string, items []store.Item) ([]store.Item, error) {
	var out []store.Item
	for _, it := range items {
		if f.match(q, it) {
			out = append(out, it)
		}
	}
	return out, nil
}

type env struct {
	h      *Handler
	st     *store.Store
	svc    *fakeService
	search *fakeSearch
}

func newEnv(t *testing.T) env {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, it := range []store.Item{
		{URL: "https://kaz.inform.kz/1", Source: "Kazinform (kk)", Lang: "kk", Title: "Референдум <өтті> & аяқталды", Body: "Орталық сайлау комиссиясы референдум қорытындысын жариялады.", Published: time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)},
		{URL: "https://orda.kz/2", Source: "Orda", Lang: "ru", Title: "ЦИК подвёл итоги референдума", Body: "Явка составила 73 процента.", Published: time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)},
	} {
		if _, _, err := st.SaveItem(it); err != nil {
			t.Fatal(err)
		}
	}
	svc := &fakeService{today: "2026-03-16", digests: map[string]store.DigestRecord{
		"2026-03-16": {Date: "2026-03-16", Items: 2, HTML: map[string][]string{"kk": {"<b>kk 1</b>", "<b>kk 2</b>"}, "ru": {"<b>ru 1</b>"}}},
	}, lines: []string{"Orda: new 1, seen 0, skipped 0", "Bad <src>: error: HTTP 500"}, queued: 3}
	var saved []store.Item
	st.EachItemBetween(time.Unix(0, 0), time.Now().AddDate(10, 0, 0), func(it store.Item) error { saved = append(saved, it); return nil })
	fs := &fakeSearch{items: saved}
	h := NewHandler(st, fs, svc, Options{BotUsername: "refdigest_bot", Admins: []int64{99},
		Sources: []SourceInfo{{Name: "Orda", Lang: "ru", URL: "https://orda.kz/feed/"}, {Name: "Kazinform (kk)", Lang: "kk", URL: "https://kaz.inform.kz/rss/kz.xml"}}})
	return env{h: h, st: st, svc: svc, search: fs}
}

func (e env) say(t *testing.T, user int64, lang, text string) Response {
	t.Helper()
	return e.h.Handle(context.Background(), Request{ChatID: user, ChatType: "private", UserID: user, LanguageCode: lang, Text: text})
}

func texts(r Response) string {
	var out []string
	for _, rp := range r.Replies {
		out = append(out, rp.Text)
	}
	return strings.Join(out, "\n---\n")
}

func TestCommands(t *testing.T) {
	tests := []struct {
		name   string
		setup  []string // commands sent first by the same user
		user   int64
		lang   string
		text   string
		want   []string // substrings of the reply
		none   bool     // no reply at all
		nReply int
	}{
		{name: "start kk", user: 1, lang: "kk", text: "/start", want: []string{"Сіз жазылдыңыз", "Дайджест тілі: <b>қазақша</b>", "дайджест дайын болған бойда"}},
		{name: "start ru", user: 2, lang: "ru", text: "/start", want: []string{"Вы подписаны", "русский"}},
		{name: "start other language gets both", user: 3, lang: "de", text: "/start", want: []string{"You are subscribed", "Kazakh and Russian"}},
		{name: "start deep link switches to that language", user: 4, lang: "ru", text: "/start kk", want: []string{"Сіз жазылдыңыз", "қазақша"}},
		{name: "start again", user: 5, lang: "ru", setup: []string{"/start", "/time 8:30"}, text: "/start", want: []string{"С возвращением", "08:30"}},
		{name: "stop", user: 6, lang: "kk", setup: []string{"/start"}, text: "/stop", want: []string{"тоқтатылды", "/start"}},
		{name: "stop unsubscribed", user: 7, lang: "ru", text: "/stop", want: []string{"не подписаны"}},
		{name: "lang set", user: 8, lang: "ru", setup: []string{"/start"}, text: "/lang both", want: []string{"казахский и русский"}},
		{name: "lang wrong", user: 9, lang: "ru", setup: []string{"/start"}, text: "/lang xx", want: []string{"/lang kk"}},
		{name: "lang unsubscribed", user: 10, lang: "kk", text: "/lang ru", want: []string{"жазылмағансыз"}},
		{name: "digest today in subscriber's language", user: 11, lang: "ru", setup: []string{"/start"}, text: "/digest", want: []string{"ru 1"}, nReply: 1},
		{name: "digest both", user: 12, lang: "de", text: "/digest 2026-03-16", want: []string{"kk 1", "kk 2", "ru 1"}, nReply: 3},
		{name: "digest bad date", user: 13, lang: "kk", text: "/digest 16.03.2026", want: []string{"ЖЖЖЖ-АА-КК"}},
		{name: "digest empty day", user: 14, lang: "ru", text: "/digest 2026-01-01", want: []string{"Дайджеста за 2026-01-01 нет"}},
		{name: "search", user: 15, lang: "ru", text: "/search референдум", want: []string{"найдено: 2", `<a href="https://kaz.inform.kz/1">Референдум &lt;өтті&gt; &amp; аяқталды</a>`}},
		{name: "search nothing", user: 16, lang: "kk", text: "/search <script>", want: []string{"&lt;script&gt;", "ештеңе табылмады"}},
		{name: "search usage", user: 17, lang: "ru", text: "/search", want: []string{"например: /search вице-президент"}},
		{name: "plain text is a search", user: 18, lang: "ru", text: "ЦИК", want: []string{"ЦИК подвёл итоги"}},
		{name: "help", user: 19, lang: "kk", text: "/help", want: []string{"/digest", "/search"}},
		{name: "help admin", user: 99, lang: "ru", text: "/help", want: []string{"/senddigest"}},
		{name: "unknown command", user: 20, lang: "ru", text: "/frobnicate", want: []string{"/help"}},
		{name: "addressed to us", user: 21, lang: "ru", text: "/help@refdigest_bot", want: []string{"/digest"}},
		{name: "addressed to another bot", user: 22, lang: "ru", text: "/help@otherbot", none: true},
		{name: "time set", user: 30, lang: "ru", setup: []string{"/start"}, text: "/time 7.05", want: []string{"07:05 (время Казахстана)"}},
		{name: "time now", user: 31, lang: "kk", setup: []string{"/start", "/time 08:00"}, text: "/time now", want: []string{"дайын болған бойда"}},
		{name: "time wrong", user: 32, lang: "ru", setup: []string{"/start"}, text: "/time 25:00", want: []string{"ЧЧ:ММ"}},
		{name: "time empty", user: 33, lang: "kk", setup: []string{"/start"}, text: "/time", want: []string{"СС:ММ"}},
		{name: "time unsubscribed", user: 34, lang: "ru", text: "/time 08:00", want: []string{"не подписаны"}},
		{name: "settings", user: 35, lang: "ru", setup: []string{"/start", "/time 20:00", "/follow Курултай"}, text: "/settings", want: []string{"Настройки", "20:00", "«Курултай»"}},
		{name: "settings kk", user: 36, lang: "kk", setup: []string{"/start"}, text: "/settings", want: []string{"Баптаулар", "Бақылаулар: жоқ"}},
		{name: "settings unsubscribed", user: 37, lang: "kk", text: "/settings", want: []string{"жазылмағансыз"}},
		{name: "follow", user: 38, lang: "kk", setup: []string{"/start"}, text: "/follow Құрылтай", want: []string{"Бақылауға алынды: «Құрылтай»"}},
		{name: "follow nothing", user: 39, lang: "ru", setup: []string{"/start"}, text: "/follow", want: []string{"/follow Курултай"}},
		{name: "follow twice", user: 40, lang: "ru", setup: []string{"/start", "/follow ЦИК"}, text: "/follow цик", want: []string{"уже следите"}},
		{name: "follow escapes", user: 41, lang: "ru", setup: []string{"/start"}, text: "/follow <b>", want: []string{"«&lt;b&gt;»"}},
		{name: "follow cap", user: 42, lang: "ru", setup: []string{"/start", "/follow a1", "/follow a2", "/follow a3", "/follow a4", "/follow a5", "/follow a6", "/follow a7", "/follow a8", "/follow a9", "/follow a10"}, text: "/follow a11", want: []string{"не более чем за 10"}},
		{name: "unfollow none", user: 43, lang: "kk", setup: []string{"/start"}, text: "/unfollow", want: []string{"Бақылауларыңыз жоқ"}},
		{name: "unfollow lists", user: 44, lang: "ru", setup: []string{"/start", "/follow ЦИК"}, text: "/unfollow", want: []string{"Выберите"}},
		{name: "sources", user: 45, lang: "kk", text: "/sources", want: []string{"Дереккөздер", `<a href="https://orda.kz/feed/">Orda</a> (ru)`}},
		{name: "stats refused", user: 46, lang: "ru", text: "/stats", want: []string{"только для администраторов"}},
		{name: "stats admin", user: 99, lang: "ru", text: "/stats", want: []string{"Подписчики (активные / неактивные): 0 / 0", "Материалы (сегодня / всего)"}},
		{name: "sourcestatus refused", user: 47, lang: "kk", text: "/sourcestatus", want: []string{"тек әкімшілерге"}},
		{name: "sourcestatus admin", user: 99, lang: "kk", text: "/sourcestatus", want: []string{"Дереккөздердің күйі", "<b>Orda</b>", "24 сағатта"}},
		{name: "collect refused", user: 23, lang: "ru", text: "/collect", want: []string{"только для администраторов"}},
		{name: "senddigest refused", user: 24, lang: "kk", text: "/senddigest", want: []string{"тек әкімшілерге"}},
		{name: "collect admin escapes lines", user: 99, lang: "ru", text: "/collect", want: []string{"Сбор завершён", "Orda: new 1, seen 0, skipped 0", "Bad &lt;src&gt;: error"}},
		{name: "senddigest admin", user: 99, lang: "ru", text: "/senddigest", want: []string{"2026-03-16", "в очереди 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			for _, s := range tt.setup {
				e.say(t, tt.user, tt.lang, s)
			}
			r := e.say(t, tt.user, tt.lang, tt.text)
			if tt.none {
				if len(r.Replies) != 0 {
					t.Fatalf("want no reply, got %q", texts(r))
				}
				return
			}
			if len(r.Replies) == 0 {
				t.Fatal("no reply")
			}
			if tt.nReply > 0 && len(r.Replies) != tt.nReply {
				t.Fatalf("%d replies, want %d: %q", len(r.Replies), tt.nReply, texts(r))
			}
			got := texts(r)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Fatalf("reply %q lacks %q", got, w)
				}
			}
		})
	}
}

func TestStopForgetsAndStartBringsBack(t *testing.T) {
	e := newEnv(t)
	e.say(t, 1, "ru", "/start")
	e.say(t, 1, "ru", "/lang kk")
	e.say(t, 1, "ru", "/stop")
	if _, err := e.st.Subscriber(1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after /stop the subscriber is still stored: %v", err)
	}
	e.say(t, 1, "ru", "/start")
	sub, err := e.st.Subscriber(1)
	if err != nil || !sub.Active || sub.Lang != "ru" {
		t.Fatalf("after /start again: %+v, %v", sub, err)
	}
}

func TestGroups(t *testing.T) {
	e := newEnv(t)
	group := func(text string) Response {
		return e.h.Handle(context.Background(), Request{ChatID: -100, ChatType: "supergroup", UserID: 5, LanguageCode: "ru", Text: text})
	}
	if r := group("просто разговор"); len(r.Replies) != 0 {
		t.Fatalf("plain group text got a reply: %q", texts(r))
	}
	if r := group("/help@otherbot"); len(r.Replies) != 0 {
		t.Fatalf("command for another bot got a reply: %q", texts(r))
	}
	if r := group("/start@refdigest_bot"); !strings.Contains(texts(r), "Вы подписаны") {
		t.Fatalf("group /start = %q", texts(r))
	}
	sub, err := e.st.Subscriber(-100)
	if err != nil || sub.ChatType != "supergroup" {
		t.Fatalf("group subscriber = %+v, %v", sub, err)
	}
}

func TestCallbacks(t *testing.T) {
	e := newEnv(t)
	start := e.say(t, 1, "ru", "/start")
	if kb := start.Replies[0].Keyboard; len(kb) != 3 || len(kb[0]) != 3 || len(kb[1]) != 4 || kb[1][0].Text != "✓ Сразу" || kb[0][1].Text != "✓ Русский" {
		t.Fatalf("onboarding keyboard = %+v", kb)
	}
	press := func(data string) Response {
		return e.h.Handle(context.Background(), Request{ChatID: 1, UserID: 1, LanguageCode: "ru", Callback: &Callback{ID: "c", Data: data, MessageID: 7}})
	}
	r := press("set:lang:both")
	if len(r.Replies) != 1 || !r.Replies[0].Edit || !strings.Contains(r.Replies[0].Text, "казахский и русский") || r.CallbackText == "" {
		t.Fatalf("lang button: %+v", r)
	}
	if sub, _ := e.st.Subscriber(1); sub.Lang != "both" {
		t.Fatalf("lang after button = %q", sub.Lang)
	}
	r = press("set:time:08:00")
	if len(r.Replies) != 1 || !strings.Contains(r.Replies[0].Text, "08:00") || r.Replies[0].Keyboard[1][1].Text != "✓ 08:00" {
		t.Fatalf("time button: %+v", r)
	}
	// The same button again changes nothing: no edit (Telegram refuses identical edits).
	if again := press("set:time:08:00"); len(again.Replies) != 0 || again.CallbackText == "" {
		t.Fatalf("repeated button: %+v", again)
	}
	// Choosing Kazakh switches the interface to Kazakh.
	r = press("set:lang:kk")
	if !strings.Contains(r.Replies[0].Text, "Баптаулар") {
		t.Fatalf("interface after choosing kk: %q", r.Replies[0].Text)
	}
	for _, data := range []string{"page:zzz", "set:lang:xx", "set:time:25:00", "unf:deadbeef", "sp:nope:5", ""} {
		stale := press(data)
		if stale.CallbackText == "" || len(stale.Replies) != 0 {
			t.Fatalf("button %q must get a short answer and nothing else: %+v", data, stale)
		}
	}
}

func TestUnfollowButtons(t *testing.T) {
	e := newEnv(t)
	e.say(t, 1, "ru", "/start")
	e.say(t, 1, "ru", "/follow ЦИК")
	e.say(t, 1, "ru", "/follow вице-президент")
	list := e.say(t, 1, "ru", "/unfollow")
	kb := list.Replies[0].Keyboard
	if len(kb) != 2 {
		t.Fatalf("unfollow keyboard = %+v", kb)
	}
	for _, row := range kb {
		if len(row[0].Data) > 64 {
			t.Fatalf("callback_data over 64 bytes: %q", row[0].Data)
		}
	}
	r := e.h.Handle(context.Background(), Request{ChatID: 1, UserID: 1, LanguageCode: "ru", Callback: &Callback{ID: "c", Data: kb[0][0].Data, MessageID: 3}})
	if !r.Replies[0].Edit || !strings.Contains(r.Replies[0].Text, "Больше не слежу за «ЦИК»") || len(r.Replies[0].Keyboard) != 1 {
		t.Fatalf("unfollow press: %+v", r)
	}
	if sub, _ := e.st.Subscriber(1); len(sub.Follows) != 1 || sub.Follows[0] != "вице-президент" {
		t.Fatalf("follows after unfollow: %v", sub.Follows)
	}
}

func TestAlerts(t *testing.T) {
	e := newEnv(t)
	e.say(t, 1, "kk", "/start")
	e.say(t, 1, "kk", "/follow Құрылтай")
	e.say(t, 2, "ru", "/start") // follows nothing: no alert
	e.say(t, 3, "ru", "/start")
	e.say(t, 3, "ru", "/follow выборы")
	items := []store.Item{
		{ID: 101, URL: "https://e.kz/1", Source: "Egemen", Title: "Құрылтай сайлауы тағайындалды", Body: "…"},
		{ID: 102, URL: "https://e.kz/2", Source: "Kazinform (kk)", Title: "Жаңа Құрылтай", Body: "Құрылтай депутаттары"},
		{ID: 103, URL: "https://e.kz/3", Source: "Orda", Title: "Погода в Астане", Body: "Солнечно"},
	}
	var sent []string
	var chats []int64
	err := e.h.Alerts(context.Background(), e.st, e.search, items, func(m botapi.Message) error {
		chats = append(chats, m.ChatID)
		sent = append(sent, m.Text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent) != 1 || chats[0] != 1 {
		t.Fatalf("alerts to %v, want exactly one to chat 1", chats)
	}
	if !strings.Contains(sent[0], "Құрылтай сайлауы тағайындалды") || !strings.Contains(sent[0], "Жаңа Құрылтай") || strings.Contains(sent[0], "Погода") {
		t.Fatalf("alert = %q", sent[0])
	}
	if strings.Count(sent[0], "<a href") != 2 {
		t.Fatalf("alert lists %d items, want 2", strings.Count(sent[0], "<a href"))
	}
}

func TestSearchPaging(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 12; i++ {
		e.search.items = append(e.search.items, store.Item{ID: uint64(200 + i), URL: fmt.Sprintf("https://e.kz/p%d", i), Source: "Egemen", Title: fmt.Sprintf("Плебисцит %d", i)})
	}
	first := e.say(t, 1, "kk", "/search плебисцит")
	r := first.Replies[0]
	if !strings.Contains(r.Text, "табылды: 12") || !strings.Contains(r.Text, "1–5 / 12") || len(r.Keyboard) != 1 || len(r.Keyboard[0]) != 1 {
		t.Fatalf("first page: %q %+v", r.Text, r.Keyboard)
	}
	next := r.Keyboard[0][0].Data
	if len(next) > 64 {
		t.Fatalf("callback_data %q over 64 bytes", next)
	}
	page := e.h.Handle(context.Background(), Request{ChatID: 1, UserID: 1, LanguageCode: "kk", Callback: &Callback{ID: "p", Data: next, MessageID: 9}})
	p2 := page.Replies[0]
	if !p2.Edit || !strings.Contains(p2.Text, "6–10 / 12") || !strings.Contains(p2.Text, "6. ") || len(p2.Keyboard[0]) != 2 {
		t.Fatalf("second page: %q %+v", p2.Text, p2.Keyboard)
	}
}

func TestSearchNothingSuggestsBroader(t *testing.T) {
	e := newEnv(t)
	r := e.say(t, 1, "ru", "/search референдум марсиане")
	if got := texts(r); !strings.Contains(got, "ничего не найдено") || !strings.Contains(got, "/search референдум") {
		t.Fatalf("reply = %q", got)
	}
}

func TestInline(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 15; i++ {
		e.search.items = append(e.search.items, store.Item{ID: uint64(300 + i), URL: fmt.Sprintf("https://e.kz/i%d", i), Source: "Orda", Title: fmt.Sprintf("Курултай <%d>", i)})
	}
	ask := func(q, off string) *botapi.InlineAnswer {
		return e.h.Handle(context.Background(), Request{UserID: 5, LanguageCode: "ru", Inline: &Inline{ID: "q", Query: q, Offset: off}}).Inline
	}
	a := ask("курултай", "")
	if a == nil || len(a.Results) != 10 || a.NextOffset != "10" || a.CacheTime <= 0 || a.CacheTime > 300 {
		t.Fatalf("first inline page: %+v", a)
	}
	if !strings.Contains(a.Results[0].Text, "&lt;0&gt;") || a.Results[0].URL == "" {
		t.Fatalf("inline article not escaped or without link: %+v", a.Results[0])
	}
	b := ask("курултай", "10")
	if len(b.Results) != 5 || b.NextOffset != "" {
		t.Fatalf("second inline page: %d results, next %q", len(b.Results), b.NextOffset)
	}
	if empty := ask("  ", ""); empty == nil || len(empty.Results) != 0 {
		t.Fatalf("empty inline query: %+v", empty)
	}
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t)
	now := time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)
	e.h.limits = newUserLimits(20, time.Minute, func() time.Time { return now })
	for i := 0; i < 20; i++ {
		if r := e.say(t, 1, "ru", "/help"); len(r.Replies) != 1 {
			t.Fatalf("message %d: %d replies", i+1, len(r.Replies))
		}
	}
	if r := e.say(t, 1, "ru", "/help"); !strings.Contains(texts(r), "Слишком много") {
		t.Fatalf("21st message: %q", texts(r))
	}
	if r := e.say(t, 1, "ru", "/help"); len(r.Replies) != 0 {
		t.Fatalf("22nd message must get silence: %q", texts(r))
	}
	if r := e.say(t, 2, "ru", "/help"); len(r.Replies) != 1 {
		t.Fatal("another user is limited too")
	}
	now = now.Add(time.Minute)
	if r := e.say(t, 1, "ru", "/help"); len(r.Replies) != 1 || strings.Contains(texts(r), "Слишком") {
		t.Fatalf("after the minute: %q", texts(r))
	}
}

// Over-long input is cut after its last whole word within the limit, so that a query of
// one word said six hundred times still asks for that word, and a follow is not stored
// with half a word at its end.
func TestClipAtWord(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
		cut  bool
	}{
		{"референдум", 20, "референдум", false},
		{strings.Repeat("референдум ", 600), 300, strings.TrimSpace(strings.Repeat("референдум ", 27)), true},
		{"жаңа Конституция жобасы", 12, "жаңа", true},
		{"жаңа Конституция", 16, "жаңа Конституция", false},
		{strings.Repeat("я", 50), 10, strings.Repeat("я", 10), true}, // one long word: cut inside it
	}
	for _, tt := range tests {
		got, cut := clip(tt.in, tt.n)
		if got != tt.want || cut != tt.cut {
			t.Errorf("clip(%.30q, %d) = %q, %v; want %q, %v", tt.in, tt.n, got, cut, tt.want, tt.cut)
		}
	}
}

func TestLongInputIsCut(t *testing.T) {
	e := newEnv(t)
	r := e.say(t, 1, "kk", "/search "+strings.Repeat("сайлау ", 200))
	if len(r.Replies) < 2 || !strings.Contains(r.Replies[0].Text, "300") {
		t.Fatalf("replies = %q", texts(r))
	}
}

// fakeAdmins is a hand-written ChatAdmins.
type fakeAdmins map[int64]bool

func (f fakeAdmins) IsChatAdmin(_ context.Context, _ int64, user int64) (bool, error) {
	return f[user], nil
}

func TestGroupAdminsDecide(t *testing.T) {
	e := newEnv(t)
	e.h.opts.ChatAdmins = fakeAdmins{10: true}
	group := func(user int64, text string) Response {
		return e.h.Handle(context.Background(), Request{ChatID: -200, ChatType: "group", UserID: user, LanguageCode: "ru", Text: text})
	}
	if r := group(11, "/start"); !strings.Contains(texts(r), "администраторы") {
		t.Fatalf("non-admin /start in a group: %q", texts(r))
	}
	if _, err := e.st.Subscriber(-200); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("a non-admin subscribed the group")
	}
	if r := group(10, "/start"); !strings.Contains(texts(r), "Вы подписаны") {
		t.Fatalf("admin /start in a group: %q", texts(r))
	}
	if r := group(11, "/help"); !strings.Contains(texts(r), "/digest") {
		t.Fatalf("anyone may ask for help: %q", texts(r))
	}
}

func TestMembership(t *testing.T) {
	e := newEnv(t)
	e.say(t, 1, "kk", "/start")
	e.h.Handle(context.Background(), Request{ChatID: 1, Member: "kicked"})
	if sub, _ := e.st.Subscriber(1); sub.Active {
		t.Fatal("blocked bot: subscriber still active")
	}
	e.h.Handle(context.Background(), Request{ChatID: 1, Member: "member"})
	if sub, _ := e.st.Subscriber(1); !sub.Active {
		t.Fatal("unblocked bot: subscriber not active again")
	}
	e.h.Handle(context.Background(), Request{ChatID: 2, Member: "member"})
	if _, err := e.st.Subscriber(2); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("a chat that never subscribed was stored")
	}
}

func TestServiceFailureIsPolite(t *testing.T) {
	e := newEnv(t)
	e.svc.failWith = errors.New("disk full")
	r := e.say(t, 99, "ru", "/collect")
	if got := texts(r); !strings.Contains(got, "Произошла ошибка") || strings.Contains(got, "disk full") {
		t.Fatalf("failure reply = %q", got)
	}
}

func TestCatalogueComplete(t *testing.T) {
	for key := range catalogue[uiEN] {
		for _, ui := range []string{uiKK, uiRU} {
			if catalogue[ui][key] == "" {
				t.Errorf("key %q missing in %s", key, ui)
			}
		}
	}
	for _, ui := range []string{uiKK, uiRU} {
		for key := range catalogue[ui] {
			if catalogue[uiEN][key] == "" {
				t.Errorf("key %q of %s missing in en", key, ui)
			}
		}
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in               string
		name, args, bots string
		ok               bool
	}{
		{"/start", "start", "", "", true},
		{"/Start@RefDigest_Bot kk", "start", "kk", "refdigest_bot", true},
		{"/search  Құрылтай  сайлауы ", "search", "Құрылтай  сайлауы", "", true},
		{"/search\nreferendum", "search", "referendum", "", true},
		{"hello", "", "", "", false},
		{"/", "", "", "", false},
	}
	for _, tt := range tests {
		c, ok := parseCommand(tt.in)
		if ok != tt.ok || c.name != tt.name || c.args != tt.args || c.bot != tt.bots {
			t.Errorf("parseCommand(%q) = %+v, %v", tt.in, c, ok)
		}
	}
}

func TestBold(t *testing.T) {
	tests := []struct {
		text  string
		marks [][2]int
		want  string
	}{
		{"ЦИК & <итоги>", [][2]int{{0, 6}}, "<b>ЦИК</b> &amp; &lt;итоги&gt;"},
		{"a b c", [][2]int{{0, 1}, {4, 5}}, "<b>a</b> b <b>c</b>"},
		{"a b c", [][2]int{{2, 3}, {0, 1}}, "a <b>b</b> c"}, // backwards: skipped
		{"abc", [][2]int{{1, 99}}, "abc"},                   // out of range: skipped
		{"қаз", [][2]int{{0, 1}}, "қаз"},                    // inside a rune: skipped
	}
	for _, tt := range tests {
		if got := bold(tt.text, tt.marks); got != tt.want {
			t.Errorf("bold(%q, %v) = %q, want %q", tt.text, tt.marks, got, tt.want)
		}
	}
}
