package telegramtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func ids(ups []tgbotapi.Update) []int {
	out := make([]int, len(ups))
	for i, u := range ups {
		out[i] = u.UpdateID
	}
	return out
}

func TestGetUpdatesOffsets(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	var sent []int
	for _, text := range []string{"/start", "сайлау", "референдум"} {
		sent = append(sent, srv.SendMessage(aigerim, Chat{}, text))
	}
	if sent[1] != sent[0]+1 || sent[2] != sent[1]+1 {
		t.Fatalf("update ids not increasing: %v", sent)
	}

	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(ups); len(got) != 3 || got[0] != sent[0] {
		t.Fatalf("first fetch = %v, want %v", got, sent)
	}
	m := ups[0].Message
	if m == nil || m.Text != "/start" || m.Chat.ID != aigerim.ID || m.Chat.Type != "private" ||
		m.From.LanguageCode != "kk" || m.MessageID != 1 || ups[2].Message.MessageID != 3 {
		t.Fatalf("message = %+v", m)
	}

	// Without an offset nothing is confirmed: the same updates come again.
	ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{})
	if len(ups) != 3 {
		t.Fatalf("refetch = %v", ids(ups))
	}
	// offset confirms everything below it.
	ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: sent[1]})
	if got := ids(ups); len(got) != 2 || got[0] != sent[1] {
		t.Fatalf("offset fetch = %v", got)
	}
	if srv.Pending() != 2 {
		t.Fatalf("pending = %d", srv.Pending())
	}
	// A negative offset keeps only the last -offset updates.
	srv.SendMessage(ivan, Chat{}, "a")
	last := srv.SendMessage(ivan, Chat{}, "b")
	ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: -1})
	if got := ids(ups); len(got) != 1 || got[0] != last {
		t.Fatalf("negative offset = %v, want [%d]", got, last)
	}
	if srv.Pending() != 1 {
		t.Fatalf("pending after negative offset = %d", srv.Pending())
	}
	ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: last + 1})
	if len(ups) != 0 || srv.Pending() != 0 {
		t.Fatalf("after confirming all: %v, pending %d", ids(ups), srv.Pending())
	}
}

func TestGetUpdatesLimit(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	for range 120 {
		srv.SendMessage(ivan, Chat{}, "x")
	}
	tests := []struct {
		limit string
		want  int
	}{{"2", 2}, {"100", 100}, {"500", 100}, {"-3", 1}, {"", 100}}
	for _, tt := range tests {
		p := tgbotapi.Params{}
		if tt.limit != "" {
			p["limit"] = tt.limit
		}
		resp, err := bot.MakeRequest("getUpdates", p)
		if err != nil {
			t.Fatal(err)
		}
		var ups []tgbotapi.Update
		if err := json.Unmarshal(resp.Result, &ups); err != nil {
			t.Fatal(err)
		}
		if len(ups) != tt.want {
			t.Errorf("limit %q: got %d updates, want %d", tt.limit, len(ups), tt.want)
		}
	}
	_, err := bot.MakeRequest("getUpdates", tgbotapi.Params{"offset": "abc"})
	if e := asAPIError(t, err); e.Code != 400 {
		t.Errorf("bad offset: %+v", e)
	}
}

func TestLongPollWakesOnUpdate(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	got := make(chan []tgbotapi.Update, 1)
	go func() {
		ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 40})
		if err != nil {
			t.Errorf("long poll: %v", err)
		}
		got <- ups
	}()
	waitPolling(t, srv)
	id := srv.SendMessage(aigerim, Chat{}, "/digest")
	select {
	case ups := <-got:
		if len(ups) != 1 || ups[0].UpdateID != id || ups[0].Message.Text != "/digest" {
			t.Fatalf("woke with %v", ids(ups))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("long poll did not return when an update arrived")
	}
}

func TestLongPollTimesOutEmpty(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 1})
	if err != nil || len(ups) != 0 {
		t.Fatalf("timeout poll = %v, %v", ids(ups), err)
	}
}

func TestSecondPollerConflict(t *testing.T) {
	srv := newServer(t, Options{})
	first, second := newBot(t, srv), newBot(t, srv)
	firstErr := make(chan error, 1)
	go func() {
		_, err := first.GetUpdates(tgbotapi.UpdateConfig{Timeout: 40})
		firstErr <- err
	}()
	waitPolling(t, srv)
	secondGot := make(chan []tgbotapi.Update, 1)
	go func() {
		ups, err := second.GetUpdates(tgbotapi.UpdateConfig{Timeout: 40})
		if err != nil {
			t.Errorf("second poller: %v", err)
		}
		secondGot <- ups
	}()
	select {
	case err := <-firstErr:
		e := asAPIError(t, err)
		want := "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
		if e.Code != 409 || e.Message != want {
			t.Errorf("first poller: %d %q", e.Code, e.Message)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the older poll was not terminated")
	}
	waitPolling(t, srv)
	srv.SendMessage(ivan, Chat{}, "hello")
	select {
	case ups := <-secondGot:
		if len(ups) != 1 {
			t.Errorf("second poller got %v", ids(ups))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the newer poll never returned")
	}
}

func TestAllowedUpdates(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"callback_query"}}); err != nil {
		t.Fatal(err)
	}
	if id := srv.SendMessage(ivan, Chat{}, "filtered"); id != 0 {
		t.Errorf("filtered message got update id %d", id)
	}
	q := srv.PressButton(ivan, Chat{}, 1, "lang:ru")
	// tgbotapi sends allowed_updates=null when the list is nil: the setting stays.
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 1 || ups[0].CallbackQuery == nil || ups[0].CallbackQuery.ID != q || ups[0].CallbackQuery.Data != "lang:ru" {
		t.Fatalf("updates = %+v", ups)
	}
	// An empty list restores the default set.
	if _, err := bot.MakeRequest("getUpdates", tgbotapi.Params{"allowed_updates": "[]", "offset": "-1"}); err != nil {
		t.Fatal(err)
	}
	if id := srv.SendMessage(ivan, Chat{}, "passes"); id == 0 {
		t.Error("message filtered after allowed_updates=[]")
	}
}

func TestWebhookExcludesGetUpdates(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	tests := []struct {
		url, want string
	}{
		{"http://refdigest.example/hook", "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
		{"https://refdigest.example:8080/hook", "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"},
		{"https:///nohost", "Bad Request: bad webhook: invalid webhook URL specified"},
	}
	for _, tt := range tests {
		_, err := bot.MakeRequest("setWebhook", tgbotapi.Params{"url": tt.url})
		if e := asAPIError(t, err); e.Code != 400 || e.Message != tt.want {
			t.Errorf("setWebhook %s: %d %q", tt.url, e.Code, e.Message)
		}
	}
	_, err := bot.MakeRequest("setWebhook", tgbotapi.Params{"url": "https://refdigest.example/hook", "secret_token": "bad secret!"})
	if e := asAPIError(t, err); e.Code != 400 {
		t.Errorf("bad secret accepted: %+v", e)
	}

	resp, err := bot.MakeRequest("setWebhook", tgbotapi.Params{
		"url": "https://refdigest.example:8443/tg/hook", "secret_token": "s3cret_-X",
		"allowed_updates": `["message","callback_query"]`, "max_connections": "10",
	})
	if err != nil || resp.Description != "Webhook was set" {
		t.Fatalf("setWebhook: %v %+v", err, resp)
	}
	srv.SendMessage(ivan, Chat{}, "queued")
	_, err = bot.GetUpdates(tgbotapi.UpdateConfig{})
	want := "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
	if e := asAPIError(t, err); e.Code != 409 || e.Message != want {
		t.Errorf("getUpdates with webhook: %d %q", e.Code, e.Message)
	}
	info, err := bot.GetWebhookInfo()
	if err != nil {
		t.Fatal(err)
	}
	if info.URL != "https://refdigest.example:8443/tg/hook" || info.PendingUpdateCount != 1 || info.MaxConnections != 10 ||
		strings.Join(info.AllowedUpdates, ",") != "message,callback_query" {
		t.Errorf("webhook info = %+v", info)
	}
	if h, ok := srv.Webhook(); !ok || h.SecretToken != "s3cret_-X" {
		t.Errorf("Webhook() = %+v, %v", h, ok)
	}
	resp, err = bot.Request(tgbotapi.DeleteWebhookConfig{})
	if err != nil || resp.Description != "Webhook was deleted" {
		t.Fatalf("deleteWebhook: %v %+v", err, resp)
	}
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 {
		t.Fatalf("after deleteWebhook: %v %v", ids(ups), err)
	}
}

func TestSetWebhookEndsLongPoll(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	done := make(chan error, 1)
	go func() {
		_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 40})
		done <- err
	}()
	waitPolling(t, srv)
	if _, err := bot.MakeRequest("setWebhook", tgbotapi.Params{"url": "https://refdigest.example/hook"}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if e := asAPIError(t, err); e.Code != 409 {
			t.Errorf("poll ended with %+v", e)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("setWebhook did not end the long poll")
	}
}

func TestWebhookDelivery(t *testing.T) {
	var mu sync.Mutex
	var got []string
	failures := 1
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/tg/hook" || r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != "topsecret" {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var u tgbotapi.Update
		if err := json.Unmarshal(body, &u); err != nil || u.Message == nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if failures > 0 {
			failures--
			http.Error(w, "not yet", http.StatusInternalServerError)
			return
		}
		got = append(got, u.Message.Text)
	}))
	defer hook.Close()

	srv := newServer(t, Options{WebhookTarget: hook.URL})
	bot := newBot(t, srv)
	wh, _ := tgbotapi.NewWebhook("https://refdigest.example/tg/hook")
	if _, err := bot.Request(wh); err != nil {
		t.Fatal(err)
	}
	// The wrong secret first: deliveries fail and the error is reported.
	srv.SendMessage(aigerim, Chat{}, "бірінші")
	deadline := time.Now().Add(10 * time.Second)
	for {
		info, _ := bot.GetWebhookInfo()
		if info.LastErrorMessage == "Wrong response from the webhook: 401 Unauthorized" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no delivery error reported: %+v", info)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := bot.MakeRequest("setWebhook", tgbotapi.Params{"url": "https://refdigest.example/tg/hook", "secret_token": "topsecret"}); err != nil {
		t.Fatal(err)
	}
	srv.SendMessage(aigerim, Chat{}, "екінші")
	for srv.Pending() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("updates not delivered; pending %d", srv.Pending())
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, ",") != "бірінші,екінші" {
		t.Errorf("delivered %q", got)
	}
}

func TestCommandEntities(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	srv.SendMessage(aigerim, Chat{}, "/search@refdigest_test_bot Құрылтай")
	srv.SendMessage(aigerim, Chat{}, "😀 /help and /time 09:00")
	srv.SendMessage(aigerim, Chat{}, "path/not/a/command")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 3 {
		t.Fatal(err, len(ups))
	}
	m := ups[0].Message
	if !m.IsCommand() || m.Command() != "search" || m.CommandWithAt() != "search@refdigest_test_bot" || m.CommandArguments() != "Құрылтай" {
		t.Errorf("command message: %+v", m.Entities)
	}
	e := ups[1].Message.Entities
	if len(e) != 2 || e[0].Offset != 3 || e[0].Length != 5 || e[1].Offset != 13 || e[1].Length != 5 {
		t.Errorf("entities after emoji = %+v", e)
	}
	if ups[2].Message.IsCommand() || len(ups[2].Message.Entities) != 0 {
		t.Errorf("not a command: %+v", ups[2].Message.Entities)
	}
}

func TestInjectedGroupAndChannelMessages(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	group := Chat{ID: -1001000000001, Type: "supergroup", Title: "Сайлау 2026"}
	channel := Chat{ID: -1001000000002, Type: "channel", Title: "Refdigest", Username: "refdigest_news"}
	srv.SendMessage(ivan, group, "/stats@refdigest_test_bot")
	srv.SendMessage(User{}, channel, "пост")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 2 {
		t.Fatal(err, len(ups))
	}
	if m := ups[0].Message; m == nil || m.Chat.Type != "supergroup" || m.Chat.Title != "Сайлау 2026" || m.From.ID != ivan.ID {
		t.Errorf("group message = %+v", m)
	}
	if p := ups[1].ChannelPost; p == nil || p.Chat.UserName != "refdigest_news" || p.SenderChat == nil || p.From != nil {
		t.Errorf("channel post = %+v", ups[1])
	}
	// A group member seen in a message is a member for getChatMember.
	m, err := bot.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: group.ID, UserID: ivan.ID}})
	if err != nil || m.Status != "member" {
		t.Errorf("member = %+v, %v", m, err)
	}
}

func TestChatMemberUpdateBlocksAndUnblocks(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	srv.ChatMemberUpdate(Chat{}, ivan, "member", "kicked")
	_, err := bot.Send(tgbotapi.NewMessage(ivan.ID, "digest"))
	if e := asAPIError(t, err); e.Code != 403 || e.Message != "Forbidden: bot was blocked by the user" {
		t.Errorf("after kicked: %+v", e)
	}
	srv.ChatMemberUpdate(Chat{}, ivan, "kicked", "member")
	if _, err := bot.Send(tgbotapi.NewMessage(ivan.ID, "digest")); err != nil {
		t.Errorf("after member: %v", err)
	}
	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if len(ups) != 2 || ups[0].MyChatMember == nil || ups[0].MyChatMember.NewChatMember.Status != "kicked" ||
		ups[0].MyChatMember.NewChatMember.User.ID != srv.Bot().ID {
		t.Errorf("my_chat_member updates = %+v", ups)
	}
}

func TestJSONGetUpdates(t *testing.T) {
	srv := newServer(t, Options{})
	srv.SendMessage(ivan, Chat{}, "one")
	two := srv.SendMessage(ivan, Chat{}, "two")
	body := `{"offset": ` + jsonInt(two) + `, "timeout": 0, "allowed_updates": ["message"]}`
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost,
		srv.URL()+"/bot"+url.PathEscape(srv.Token())+"/getUpdates", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	code, out := rawCall(t, req)
	res, _ := out["result"].([]any)
	if code != 200 || len(res) != 1 {
		t.Fatalf("JSON getUpdates: %d %v", code, out)
	}
}

func jsonInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
