package bot

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
}

func (f *fakeService) Today() string { return f.today }
func (f *fakeService) Digest(_ context.Context, date string) (store.DigestRecord, error) {
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

type env struct {
	h   *Handler
	st  *store.Store
	svc *fakeService
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
	h := NewHandler(st, search.NewScanner(st), svc, Options{BotUsername: "refdigest_bot", Admins: []int64{99}})
	return env{h: h, st: st, svc: svc}
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
		{name: "start kk", user: 1, lang: "kk", text: "/start", want: []string{"Сіз жазылдыңыз", "қазақша"}},
		{name: "start ru", user: 2, lang: "ru", text: "/start", want: []string{"Вы подписаны", "русский"}},
		{name: "start other language gets both", user: 3, lang: "de", text: "/start", want: []string{"You are subscribed", "Kazakh and Russian"}},
		{name: "start deep link", user: 4, lang: "ru", text: "/start kk", want: []string{"казахский"}},
		{name: "start again", user: 5, lang: "ru", setup: []string{"/start"}, text: "/start", want: []string{"С возвращением"}},
		{name: "stop", user: 6, lang: "kk", setup: []string{"/start"}, text: "/stop", want: []string{"тоқтатылды", "/start"}},
		{name: "stop unsubscribed", user: 7, lang: "ru", text: "/stop", want: []string{"не подписаны"}},
		{name: "lang set", user: 8, lang: "ru", setup: []string{"/start"}, text: "/lang both", want: []string{"казахский и русский"}},
		{name: "lang wrong", user: 9, lang: "ru", setup: []string{"/start"}, text: "/lang xx", want: []string{"/lang kk"}},
		{name: "lang unsubscribed", user: 10, lang: "kk", text: "/lang ru", want: []string{"жазылмағансыз"}},
		{name: "digest today in subscriber's language", user: 11, lang: "ru", setup: []string{"/start"}, text: "/digest", want: []string{"ru 1"}, nReply: 1},
		{name: "digest both", user: 12, lang: "de", text: "/digest 2026-03-16", want: []string{"kk 1", "kk 2", "ru 1"}, nReply: 3},
		{name: "digest bad date", user: 13, lang: "kk", text: "/digest 2026-13-45", want: []string{"ЖЖЖЖ-АА-КК"}},
		{name: "digest empty day", user: 14, lang: "ru", text: "/digest 2026-01-01", want: []string{"Дайджеста за 2026-01-01 нет"}},
		{name: "search", user: 15, lang: "ru", text: "/search референдум", want: []string{"найдено: 2", `<a href="https://kaz.inform.kz/1">Референдум &lt;өтті&gt; &amp; аяқталды</a>`}},
		{name: "search nothing", user: 16, lang: "kk", text: "/search <script>", want: []string{"&lt;script&gt;", "ештеңе табылмады"}},
		{name: "search usage", user: 17, lang: "ru", text: "/search", want: []string{"/search референдум"}},
		{name: "plain text is a search", user: 18, lang: "ru", text: "ЦИК", want: []string{"ЦИК подвёл итоги"}},
		{name: "help", user: 19, lang: "kk", text: "/help", want: []string{"/digest", "/search"}},
		{name: "help admin", user: 99, lang: "ru", text: "/help", want: []string{"/senddigest"}},
		{name: "unknown command", user: 20, lang: "ru", text: "/frobnicate", want: []string{"/help"}},
		{name: "addressed to us", user: 21, lang: "ru", text: "/help@refdigest_bot", want: []string{"/digest"}},
		{name: "addressed to another bot", user: 22, lang: "ru", text: "/help@otherbot", none: true},
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
	e.say(t, 1, "ru", "/start")
	r := e.h.Handle(context.Background(), Request{ChatID: 1, UserID: 1, LanguageCode: "ru", Callback: &Callback{ID: "c1", Data: "lang:both", MessageID: 7}})
	if len(r.Replies) != 1 || !r.Replies[0].Edit || !strings.Contains(r.Replies[0].Text, "казахский и русский") {
		t.Fatalf("lang button: %+v", r)
	}
	if sub, _ := e.st.Subscriber(1); sub.Lang != "both" {
		t.Fatalf("lang after button = %q", sub.Lang)
	}
	stale := e.h.Handle(context.Background(), Request{ChatID: 1, UserID: 1, Callback: &Callback{ID: "c2", Data: "page:zzz"}})
	if stale.CallbackText == "" || len(stale.Replies) != 0 {
		t.Fatalf("a stale button must get a short answer and nothing else: %+v", stale)
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

func TestRedact(t *testing.T) {
	tok := "123456:AAH-secret_token"
	msg := `Post "https://api.telegram.org/bot123456:AAH-secret_token/sendMessage": dial tcp: timeout; also bot123456%3AAAH-secret_token`
	got := Redact(msg, tok)
	if strings.Contains(got, "secret_token") {
		t.Fatalf("token survived: %q", got)
	}
}
