package telegramtest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestGetMe(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	me := bot.Self
	if me.ID != 110201543 || !me.IsBot || me.UserName != DefaultBotUsername {
		t.Errorf("getMe = %+v", me)
	}
	if !me.CanJoinGroups || !me.SupportsInlineQueries || me.CanReadAllGroupMessages {
		t.Errorf("getMe flags = %+v", me)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"token without id", Options{Token: "secret-only"}},
		{"token with slash", Options{Token: "123:abc/def"}},
		{"username", Options{BotUsername: "a b"}},
		{"fail rate", Options{FailRate5xx: 1.5}},
		{"negative latency", Options{Latency: -time.Second}},
		{"negative limit", Options{Limits: &Limits{GlobalPerSecond: -1}}},
		{"webhook target", Options{WebhookTarget: "ftp://x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := New(tt.opts)
			if err == nil {
				srv.Close()
				t.Fatal("New accepted bad options")
			}
			if tt.opts.Token != "" && strings.Contains(err.Error(), tt.opts.Token) {
				t.Errorf("error %q shows the token", err)
			}
		})
	}
}

func TestWrongTokenAndUnknownMethod(t *testing.T) {
	srv := newServer(t, Options{})
	const wrong = "110201543:not-the-right-secret"
	_, err := tgbotapi.NewBotAPIWithAPIEndpoint(wrong, srv.Endpoint())
	e := asAPIError(t, err)
	if e.Code != 401 || e.Message != "Unauthorized" {
		t.Errorf("wrong token: %d %q", e.Code, e.Message)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Errorf("error shows the token: %v", err)
	}

	bot := newBot(t, srv)
	_, err = bot.MakeRequest("sendPigeon", tgbotapi.Params{"chat_id": "1"})
	e = asAPIError(t, err)
	if e.Code != 404 || e.Message != "Not Found" {
		t.Errorf("unknown method: %d %q", e.Code, e.Message)
	}

	for _, path := range []string{"/", "/bot", "/bot" + srv.Token(), "/bot" + srv.Token() + "/", "/file/bot" + srv.Token() + "/x"} {
		resp, err := http.Get(srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		var body errBody
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != 404 || body.OK || body.ErrorCode != 404 || body.Description != "Not Found" {
			t.Errorf("GET %s: %d %+v", path, resp.StatusCode, body)
		}
	}
	st := srv.Stats()
	if st.Unauthorized != 1 || st.Methods["sendPigeon"] != 1 || st.Methods["getMe"] != 1 {
		t.Errorf("stats = %+v", st)
	}
}

// rawCall posts to the fake without tgbotapi and decodes the answer.
func rawCall(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decode answer: %v", err)
	}
	return resp.StatusCode, out
}

func TestRequestEncodings(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	method := srv.URL() + "/bot" + srv.Token() + "/sendMessage"
	keyboard := `{"inline_keyboard":[[{"text":"Қазақша","callback_data":"lang:kk"}]]}`

	// JSON body: numbers, booleans and objects as JSON values.
	body := `{"chat_id": 101, "text": "<b>JSON</b>", "parse_mode": "HTML", "disable_web_page_preview": true,
		"reply_markup": ` + keyboard + `}`
	req, _ := http.NewRequest(http.MethodPost, method, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if code, out := rawCall(t, req); code != 200 || out["ok"] != true {
		t.Fatalf("JSON body: %d %v", code, out)
	}

	// Query string only.
	q := url.Values{"chat_id": {"102"}, "text": {"query"}}
	req, _ = http.NewRequest(http.MethodGet, method+"?"+q.Encode(), nil)
	if code, out := rawCall(t, req); code != 200 || out["ok"] != true {
		t.Fatalf("query string: %d %v", code, out)
	}

	// Multipart form.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("chat_id", "103")
	_ = mw.WriteField("text", "multipart")
	_ = mw.WriteField("reply_markup", keyboard)
	mw.Close()
	req, _ = http.NewRequest(http.MethodPost, method, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if code, out := rawCall(t, req); code != 200 || out["ok"] != true {
		t.Fatalf("multipart: %d %v", code, out)
	}

	// Bad JSON is a clear 400.
	req, _ = http.NewRequest(http.MethodPost, method, strings.NewReader(`{"chat_id":`))
	req.Header.Set("Content-Type", "application/json")
	if code, out := rawCall(t, req); code != 400 || out["description"] != "Bad Request: can't parse JSON request body" {
		t.Errorf("bad JSON: %d %v", code, out)
	}

	sent := srv.Sent()
	if len(sent) != 3 {
		t.Fatalf("sent %d records, want 3", len(sent))
	}
	if s := sent[0]; s.ChatID != 101 || s.Plain != "JSON" || s.ParseMode != "HTML" || !s.DisableWebPagePreview ||
		string(s.ReplyMarkup) != keyboard {
		t.Errorf("JSON record = %+v", s)
	}
	if s := sent[1]; s.ChatID != 102 || s.Text != "query" {
		t.Errorf("query record = %+v", s)
	}
	if b := sent[2].Buttons(); sent[2].ChatID != 103 || len(b) != 1 || b[0].CallbackData != "lang:kk" || b[0].Text != "Қазақша" {
		t.Errorf("multipart record = %+v, buttons %+v", sent[2], b)
	}
}

func TestMethodNamesAreCaseInsensitive(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	if _, err := bot.MakeRequest("SENDMESSAGE", tgbotapi.Params{"chat_id": "7", "text": "hi"}); err != nil {
		t.Fatal(err)
	}
	if n := srv.Calls("sendmessage"); n != 1 {
		t.Errorf("Calls = %d", n)
	}
}

// outcomes sends n messages one by one and returns "ok", "500" or "502" per call.
func outcomes(t *testing.T, seed uint64, n int) ([]string, *Server) {
	srv := newServer(t, Options{Limits: noLimits(), FailRate5xx: 0.3, Seed: seed})
	bot := newBot(t, srv)
	var out []string
	for i := range n {
		_, err := bot.Send(tgbotapi.NewMessage(int64(1000+i), "x"))
		var e *tgbotapi.Error
		switch {
		case err == nil:
			out = append(out, "ok")
		case asErr(err, &e) && e.Code == 500 && e.Message == "Internal Server Error":
			out = append(out, "500")
		case strings.Contains(err.Error(), "invalid character '<'"):
			out = append(out, "502") // the proxy's HTML page is not JSON
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	return out, srv
}

func asErr(err error, target **tgbotapi.Error) bool {
	e, ok := err.(*tgbotapi.Error)
	if ok {
		*target = e
	}
	return ok
}

func TestRandom5xxIsDeterministic(t *testing.T) {
	a, srvA := outcomes(t, 42, 60)
	b, _ := outcomes(t, 42, 60)
	c, _ := outcomes(t, 43, 60)
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Errorf("same seed, different outcomes:\n%v\n%v", a, b)
	}
	if strings.Join(a, ",") == strings.Join(c, ",") {
		t.Errorf("different seeds, same outcomes: %v", a)
	}
	count := map[string]int{}
	for _, o := range a {
		count[o]++
	}
	if count["500"] == 0 || count["502"] == 0 || count["ok"] < 30 {
		t.Errorf("outcomes = %v", count)
	}
	st := srvA.Stats()
	if st.ServerErrors != count["500"]+count["502"] || len(srvA.Sent()) != count["ok"] {
		t.Errorf("stats %+v, sent %d, outcomes %v", st, len(srvA.Sent()), count)
	}
}

func TestBadGatewayIsHTML(t *testing.T) {
	srv := newServer(t, Options{})
	srv.FailNext("getChat", Failure{Code: 502})
	resp, err := http.Get(srv.URL() + "/bot" + srv.Token() + "/getChat?chat_id=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(string(body), "502 Bad Gateway") {
		t.Errorf("502: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

func TestFailNext(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	srv.FailNext("sendMessage", Failure{Code: 429, RetryAfter: 7})
	srv.FailNext("", Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"})

	_, err := bot.Send(tgbotapi.NewMessage(1, "a"))
	if e := asAPIError(t, err); e.Code != 429 || e.RetryAfter != 7 || e.Message != "Too Many Requests: retry after 7" {
		t.Errorf("first: %+v", e)
	}
	_, err = bot.Send(tgbotapi.NewMessage(1, "b"))
	if e := asAPIError(t, err); e.Code != 403 || e.Message != "Forbidden: bot was blocked by the user" {
		t.Errorf("second: %+v", e)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(1, "c")); err != nil {
		t.Errorf("third: %v", err)
	}
	if got := srv.SentTo(1); len(got) != 1 || got[0].Text != "c" {
		t.Errorf("sent = %+v", got)
	}
	if st := srv.Stats(); st.TooManyRequests != 1 {
		t.Errorf("429 count = %d", st.TooManyRequests)
	}
}

func TestLatencyDelaysAnswers(t *testing.T) {
	srv := newServer(t, Options{Latency: 40 * time.Millisecond, LatencyJitter: 10 * time.Millisecond, Limits: noLimits()})
	bot := newBot(t, srv)
	start := time.Now()
	if _, err := bot.Send(tgbotapi.NewMessage(1, "slow")); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("answer took %v, want at least the latency", d)
	}
}

func TestCloseReleasesLongPoll(t *testing.T) {
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	bot := newBot(t, srv)
	done := make(chan error, 1)
	go func() {
		_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 50})
		done <- err
	}()
	waitPolling(t, srv)
	waitCtx := make(chan error, 1)
	go func() {
		_, err := srv.WaitSent(t.Context(), 1, 1)
		waitCtx <- err
	}()
	srv.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("released poll: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not release the long poll")
	}
	select {
	case err := <-waitCtx:
		if err == nil || !strings.Contains(err.Error(), "server closed") {
			t.Errorf("WaitSent after Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not release WaitSent")
	}
	srv.Close() // a second Close is harmless
}
