package telegramtest

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestTextLimitCountsAfterEntityParsing(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	tests := []struct {
		name string
		text string
		mode string
		ok   bool
	}{
		{"4096 letters", strings.Repeat("ж", 4096), "", true},
		{"4097 letters", strings.Repeat("ж", 4097), "", false},
		// 4090 + 6 decoded entities = 4096; the tags and entity spelling are free.
		{"4096 after parsing", "<b>" + strings.Repeat("ж", 4090) + "</b>&lt;&gt;&amp;&quot;&#1179;x", "HTML", true},
		{"4097 after parsing", "<b>" + strings.Repeat("ж", 4091) + "</b>&lt;&gt;&amp;&quot;&#1179;x", "HTML", false},
		{"emoji counts two", strings.Repeat("a", 4094) + "😀", "", true},
		{"emoji over the limit", strings.Repeat("a", 4095) + "😀", "", false},
		{"surrounding spaces are trimmed", "\n  " + strings.Repeat("a", 4096) + "  \n", "", true},
		{"link markup is free", `<a href="https://kaz.inform.kz/news/very/long/path">` + strings.Repeat("a", 4096) + "</a>", "HTML", true},
	}
	for _, tt := range tests {
		msg := tgbotapi.NewMessage(77, tt.text)
		msg.ParseMode = tt.mode
		_, err := bot.Send(msg)
		if tt.ok {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if e := asAPIError(t, err); e.Code != 400 || e.Message != "Bad Request: message is too long" {
			t.Errorf("%s: %d %q", tt.name, e.Code, e.Message)
		}
	}
	for _, s := range srv.SentTo(77) {
		if n := utf16Len(s.Plain); n > MaxTextLength {
			t.Errorf("accepted a text of %d units", n)
		}
	}
}

func TestEmptyText(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	for _, tt := range []struct{ text, mode string }{{"", ""}, {"   \n", ""}, {"<b></b>", "HTML"}, {"<b> </b>", "HTML"}} {
		msg := tgbotapi.NewMessage(5, tt.text)
		msg.ParseMode = tt.mode
		_, err := bot.Send(msg)
		if e := asAPIError(t, err); e.Code != 400 || e.Message != "Bad Request: message text is empty" {
			t.Errorf("%q: %d %q", tt.text, e.Code, e.Message)
		}
	}
	_, err := bot.Send(tgbotapi.MessageConfig{Text: "no chat"})
	if e := asAPIError(t, err); e.Message != "Bad Request: chat_id is empty" {
		t.Errorf("no chat_id: %q", e.Message)
	}
}

func TestSendMessageResult(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	_, userMsg := srv.SendMessageID(aigerim, Chat{}, "/start")
	msg := tgbotapi.NewMessage(aigerim.ID, "  <b>Сәлем</b>, <i>Айгерім</i>!  ")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyToMessageID = userMsg
	got, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	if got.MessageID != 2 || got.Chat.ID != aigerim.ID || got.Chat.Type != "private" || got.From.ID != srv.Bot().ID ||
		got.Text != "Сәлем, Айгерім!" || got.Date == 0 {
		t.Errorf("result = %+v", got)
	}
	if len(got.Entities) != 2 || got.Entities[0].Type != "bold" || got.Entities[0].Offset != 0 || got.Entities[1].Offset != 7 {
		t.Errorf("entities = %+v", got.Entities)
	}
	msg.ReplyToMessageID = 99
	_, err = bot.Send(msg)
	if e := asAPIError(t, err); e.Message != "Bad Request: message to be replied not found" {
		t.Errorf("reply to missing: %q", e.Message)
	}
	// Message ids count per chat.
	other, _ := bot.Send(tgbotapi.NewMessage(ivan.ID, "x"))
	if other.MessageID != 1 {
		t.Errorf("first id in another chat = %d", other.MessageID)
	}
}

func TestCallbackDataLimit(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	tests := []struct {
		name   string
		markup any
		want   string
	}{
		{"64 bytes", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("ok", strings.Repeat("d", 64)))), ""},
		{"65 bytes", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("no", strings.Repeat("d", 65)))), "Bad Request: BUTTON_DATA_INVALID"},
		{"32 Cyrillic letters are 64 bytes", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("ok", strings.Repeat("қ", 32)))), ""},
		{"33 Cyrillic letters are 66 bytes", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("no", strings.Repeat("қ", 33)))), "Bad Request: BUTTON_DATA_INVALID"},
		{"empty data", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("no", ""))), "Bad Request: BUTTON_DATA_INVALID"},
		{"text-only button", tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{{{Text: "x"}}}},
			"Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"url button", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonURL("Kazinform", "https://www.inform.kz/"))), ""},
		{"bad url", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonURL("x", "not a url"))), "Bad Request: BUTTON_URL_INVALID"},
		{"reply keyboard", tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButton("kk"))), ""},
	}
	for _, tt := range tests {
		msg := tgbotapi.NewMessage(3, tt.name)
		msg.ReplyMarkup = tt.markup
		_, err := bot.Send(msg)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if e := asAPIError(t, err); e.Code != 400 || e.Message != tt.want {
			t.Errorf("%s: %d %q", tt.name, e.Code, e.Message)
		}
	}
	_, err := bot.MakeRequest("sendMessage", tgbotapi.Params{"chat_id": "3", "text": "x", "reply_markup": "{not json"})
	if e := asAPIError(t, err); e.Message != "Bad Request: can't parse reply keyboard markup JSON object" {
		t.Errorf("bad JSON markup: %q", e.Message)
	}
}

func TestEditMessageText(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("ru", "lang:ru")))
	msg := tgbotapi.NewMessage(ivan.ID, "<b>Язык</b>")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = kb
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}

	same := tgbotapi.NewEditMessageTextAndMarkup(ivan.ID, sent.MessageID, "<b>Язык</b>", kb)
	same.ParseMode = tgbotapi.ModeHTML
	_, err = bot.Send(same)
	if e := asAPIError(t, err); !strings.HasPrefix(e.Message, "Bad Request: message is not modified") {
		t.Errorf("same content: %q", e.Message)
	}
	// Same text, no entity: modified.
	plain := tgbotapi.NewEditMessageTextAndMarkup(ivan.ID, sent.MessageID, "Язык", kb)
	edited, err := bot.Send(plain)
	if err != nil {
		t.Fatal(err)
	}
	if edited.EditDate == 0 || edited.Text != "Язык" || edited.ReplyMarkup == nil {
		t.Errorf("edit result = %+v", edited)
	}
	// Without reply_markup the keyboard goes away, which is a change too.
	if _, err := bot.Send(tgbotapi.NewEditMessageText(ivan.ID, sent.MessageID, "Язык")); err != nil {
		t.Errorf("removing the keyboard: %v", err)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageText(ivan.ID, 999, "x"))
	if e := asAPIError(t, err); e.Message != "Bad Request: message to edit not found" {
		t.Errorf("missing message: %q", e.Message)
	}
	_, userMsg := srv.SendMessageID(ivan, Chat{}, "hi")
	_, err = bot.Send(tgbotapi.NewEditMessageText(ivan.ID, userMsg, "x"))
	if e := asAPIError(t, err); e.Message != "Bad Request: message can't be edited" {
		t.Errorf("user's message: %q", e.Message)
	}
	recs := srv.SentTo(ivan.ID)
	if len(recs) != 3 || recs[1].Method != "editMessageText" || recs[1].MessageID != sent.MessageID || recs[2].ReplyMarkup != nil {
		t.Errorf("records = %+v", recs)
	}
	// A button press carries the message as last edited.
	q := srv.PressButton(ivan, Chat{}, sent.MessageID, "lang:ru")
	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: -1})
	if len(ups) != 1 || ups[0].CallbackQuery.ID != q || ups[0].CallbackQuery.Message.Text != "Язык" ||
		ups[0].CallbackQuery.Message.From.ID != srv.Bot().ID {
		t.Errorf("callback = %+v", ups)
	}
}

func TestLinkPreviewOptions(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	msg := tgbotapi.NewMessage(4, "https://orda.kz/")
	msg.DisableWebPagePreview = true
	if _, err := bot.Send(msg); err != nil {
		t.Fatal(err)
	}
	if _, err := bot.MakeRequest("sendMessage", tgbotapi.Params{
		"chat_id": "4", "text": "https://vlast.kz/", "link_preview_options": `{"is_disabled":true}`,
	}); err != nil {
		t.Fatal(err)
	}
	_, err := bot.MakeRequest("sendMessage", tgbotapi.Params{"chat_id": "4", "text": "x", "link_preview_options": `{"is_disabled":`})
	if e := asAPIError(t, err); e.Code != 400 {
		t.Errorf("bad link_preview_options: %+v", e)
	}
	recs := srv.SentTo(4)
	if len(recs) != 2 || !recs[0].DisableWebPagePreview || recs[0].LinkPreviewDisabled ||
		!recs[1].LinkPreviewDisabled || !recs[1].PreviewDisabled() {
		t.Errorf("records = %+v", recs)
	}
}

func TestChannelUsername(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	if err := srv.RegisterChat(Chat{ID: -1001234567890, Type: "channel", Title: "Refdigest KZ", Username: "refdigest_kz"}); err != nil {
		t.Fatal(err)
	}
	got, err := bot.Send(tgbotapi.NewMessageToChannel("@Refdigest_KZ", "Күнделікті шолу"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Chat.ID != -1001234567890 || got.Chat.Type != "channel" {
		t.Errorf("chat = %+v", got.Chat)
	}
	if recs := srv.SentTo(-1001234567890); len(recs) != 1 || recs[0].Plain != "Күнделікті шолу" {
		t.Errorf("records = %+v", recs)
	}
	_, err = bot.Send(tgbotapi.NewMessageToChannel("@nobody_here", "x"))
	if e := asAPIError(t, err); e.Message != "Bad Request: chat not found" {
		t.Errorf("unknown channel: %q", e.Message)
	}
	for _, bad := range []Chat{{ID: 0}, {ID: 5, Type: "channel"}, {ID: -5, Type: "private"}, {ID: -5, Type: "forum"}} {
		if err := srv.RegisterChat(bad); err == nil {
			t.Errorf("RegisterChat(%+v) accepted", bad)
		}
	}
}

func TestWaitSent(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	go func() {
		for i := range 3 {
			if _, err := bot.Send(tgbotapi.NewMessage(12, "m"+string(rune('0'+i)))); err != nil {
				t.Errorf("send: %v", err)
			}
		}
	}()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	got, err := srv.WaitSent(ctx, 12, 3)
	if err != nil || len(got) != 3 || got[2].Text != "m2" {
		t.Fatalf("WaitSent = %+v, %v", got, err)
	}
	short, cancel2 := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel2()
	if got, err := srv.WaitSent(short, 12, 4); err == nil || len(got) != 3 {
		t.Errorf("WaitSent for too many = %d, %v", len(got), err)
	}
}

func TestCallbackAnswers(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	q := srv.PressButton(aigerim, Chat{}, 1, "lang:kk")
	if _, err := bot.Request(tgbotapi.NewCallback(q, "Тіл: қазақша")); err != nil {
		t.Fatal(err)
	}
	_, err := bot.Request(tgbotapi.NewCallback(q, "again"))
	want := "Bad Request: query is too old and response timeout expired or query ID is invalid"
	if e := asAPIError(t, err); e.Message != want {
		t.Errorf("second answer: %q", e.Message)
	}
	_, err = bot.Request(tgbotapi.NewCallback("12345", ""))
	if e := asAPIError(t, err); e.Message != want {
		t.Errorf("unknown query: %q", e.Message)
	}
	ans := srv.CallbackAnswers()
	if len(ans) != 1 || ans[0].QueryID != q || ans[0].Text != "Тіл: қазақша" {
		t.Errorf("answers = %+v", ans)
	}
}

func TestInlineAnswers(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	q := srv.InlineQuery(ivan, "Курултай", "")
	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if len(ups) != 1 || ups[0].InlineQuery == nil || ups[0].InlineQuery.Query != "Курултай" || ups[0].InlineQuery.ID != q {
		t.Fatalf("inline update = %+v", ups)
	}
	bad := tgbotapi.InlineConfig{InlineQueryID: q, Results: []any{
		tgbotapi.NewInlineQueryResultArticleHTML("1", "Курултай", "<b>Курултай</b"),
	}}
	_, err := bot.Request(bad)
	if e := asAPIError(t, err); !strings.HasPrefix(e.Message, "Bad Request: can't parse entities: ") {
		t.Errorf("bad HTML in result: %q", e.Message)
	}
	dup := tgbotapi.InlineConfig{InlineQueryID: q, Results: []any{
		tgbotapi.NewInlineQueryResultArticle("1", "a", "a"), tgbotapi.NewInlineQueryResultArticle("1", "b", "b"),
	}}
	_, err = bot.Request(dup)
	if e := asAPIError(t, err); e.Message != "Bad Request: RESULT_ID_DUPLICATE" {
		t.Errorf("duplicate ids: %q", e.Message)
	}
	good := tgbotapi.InlineConfig{InlineQueryID: q, CacheTime: 30, NextOffset: "10", Results: []any{
		tgbotapi.NewInlineQueryResultArticleHTML("1", "Курултай", "<b>Курултай</b> — новый парламент"),
		tgbotapi.NewInlineQueryResultArticle("2", "Халық Кеңесі", "Халық Кеңесі"),
	}}
	if _, err := bot.Request(good); err != nil {
		t.Fatal(err)
	}
	ans := srv.InlineAnswers()
	if len(ans) != 1 || ans[0].Count != 2 || ans[0].NextOffset != "10" || ans[0].CacheTime != 30 ||
		!strings.Contains(string(ans[0].Results), "Халық Кеңесі") {
		t.Errorf("answers = %+v", ans)
	}
}

func TestCommands(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	kk := []tgbotapi.BotCommand{{Command: "digest", Description: "Бүгінгі шолу"}, {Command: "search", Description: "Іздеу"}}
	ru := []tgbotapi.BotCommand{{Command: "digest", Description: "Дайджест за сегодня"}}
	scope := tgbotapi.NewBotCommandScopeDefault()
	if _, err := bot.Request(tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, "kk", kk...)); err != nil {
		t.Fatal(err)
	}
	if _, err := bot.Request(tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, "ru", ru...)); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("kk"); len(got) != 2 || got[0].Description != "Бүгінгі шолу" {
		t.Errorf("kk = %+v", got)
	}
	if got := srv.Commands(""); len(got) != 0 {
		t.Errorf("fallback = %+v", got)
	}
	got, err := bot.GetMyCommandsWithConfig(tgbotapi.NewGetMyCommandsWithScopeAndLanguage(scope, "ru"))
	if err != nil || len(got) != 1 || got[0].Command != "digest" {
		t.Errorf("getMyCommands ru = %+v, %v", got, err)
	}
	admins := tgbotapi.NewBotCommandScopeChatAdministrators(-1001)
	if _, err := bot.Request(tgbotapi.NewSetMyCommandsWithScope(admins, tgbotapi.BotCommand{Command: "stats", Description: "Статистика"})); err != nil {
		t.Fatal(err)
	}
	if got := srv.ScopedCommands(CommandScope{Type: "chat_administrators", ChatID: -1001}, ""); len(got) != 1 {
		t.Errorf("scoped = %+v", got)
	}
	if _, err := bot.Request(tgbotapi.NewDeleteMyCommandsWithScopeAndLanguage(scope, "kk")); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("kk"); len(got) != 0 {
		t.Errorf("after delete = %+v", got)
	}
	for _, bad := range []tgbotapi.BotCommand{{Command: "Start", Description: "x"}, {Command: "a-b", Description: "x"}, {Command: "ok", Description: ""}} {
		if _, err := bot.Request(tgbotapi.NewSetMyCommands(bad)); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	_, err = bot.Request(tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, "kaz", kk...))
	if err == nil {
		t.Error("accepted a three-letter language code")
	}
}

func TestChatMembersAndAdmins(t *testing.T) {
	srv := newServer(t, Options{})
	bot := newBot(t, srv)
	group := int64(-4001)
	if err := srv.SetMember(group, aigerim, "creator"); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetMember(group, ivan, "administrator"); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetMember(group, ivan, "boss"); err == nil {
		t.Error("SetMember accepted an unknown status")
	}
	admins, err := bot.GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: group}})
	if err != nil || len(admins) != 2 || admins[0].Status != "creator" || admins[1].User.ID != ivan.ID || !admins[1].CanManageChat {
		t.Errorf("admins = %+v, %v", admins, err)
	}
	member := func(uid int64) (tgbotapi.ChatMember, error) {
		return bot.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: group, UserID: uid}})
	}
	if m, err := member(ivan.ID); err != nil || !m.IsAdministrator() {
		t.Errorf("ivan = %+v, %v", m, err)
	}
	if m, err := member(srv.Bot().ID); err != nil || m.Status != "member" {
		t.Errorf("bot = %+v, %v", m, err)
	}
	if _, err := member(999999); err == nil {
		t.Error("unknown user found")
	}
	_, err = bot.GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: ivan.ID}})
	if e := asAPIError(t, err); e.Message != "Bad Request: there are no administrators in the private chat" {
		t.Errorf("private admins: %q", e.Message)
	}
}

func TestChatActionAndLeaveChat(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	if _, err := bot.Request(tgbotapi.NewChatAction(ivan.ID, tgbotapi.ChatTyping)); err != nil {
		t.Error(err)
	}
	_, err := bot.Request(tgbotapi.NewChatAction(ivan.ID, "dancing"))
	if e := asAPIError(t, err); e.Message != "Bad Request: wrong parameter action in request" {
		t.Errorf("bad action: %q", e.Message)
	}
	group := int64(-4002)
	if _, err := bot.Request(tgbotapi.LeaveChatConfig{ChatID: group}); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Send(tgbotapi.NewMessage(group, "x"))
	if e := asAPIError(t, err); e.Code != 403 || e.Message != "Forbidden: bot is not a member of the group chat" {
		t.Errorf("after leaving: %d %q", e.Code, e.Message)
	}
	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if len(ups) != 1 || ups[0].MyChatMember == nil || ups[0].MyChatMember.NewChatMember.Status != "left" {
		t.Errorf("updates = %+v", ups)
	}
	if c, err := bot.GetChat(tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: ivan.ID}}); err != nil || c.Type != "private" {
		t.Errorf("getChat = %+v, %v", c, err)
	}
}
