package telegramtest

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestChatFaults(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	if err := srv.RegisterChat(Chat{ID: -1001000000005, Type: "supergroup"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.RegisterChat(Chat{ID: -1001000000006, Type: "channel"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		chat   int64
		inject func(int64)
		code   int
		desc   string
	}{
		{"blocked", 201, srv.Block, 403, "Forbidden: bot was blocked by the user"},
		{"deactivated", 202, srv.Deactivate, 403, "Forbidden: user is deactivated"},
		{"never started", 203, srv.Unstarted, 403, "Forbidden: bot can't initiate conversation with a user"},
		{"kicked from group", -204, srv.Kick, 403, "Forbidden: bot was kicked from the group chat"},
		{"kicked from supergroup", -1001000000005, srv.Kick, 403, "Forbidden: bot was kicked from the supergroup chat"},
		{"kicked from channel", -1001000000006, srv.Kick, 403, "Forbidden: bot was kicked from the channel chat"},
		{"forgotten", 205, srv.Forget, 400, "Bad Request: chat not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.inject(tt.chat)
			_, err := bot.Send(tgbotapi.NewMessage(tt.chat, "digest"))
			e := asAPIError(t, err)
			if e.Code != tt.code || e.Message != tt.desc {
				t.Errorf("sendMessage: %d %q", e.Code, e.Message)
			}
			_, err = bot.Request(tgbotapi.NewChatAction(tt.chat, tgbotapi.ChatTyping))
			if e := asAPIError(t, err); e.Code != tt.code {
				t.Errorf("sendChatAction: %d %q", e.Code, e.Message)
			}
			if n := len(srv.SentTo(tt.chat)); n != 0 {
				t.Errorf("%d messages recorded for a refused chat", n)
			}
			srv.Restore(tt.chat)
			if _, err := bot.Send(tgbotapi.NewMessage(tt.chat, "digest")); err != nil {
				t.Errorf("after Restore: %v", err)
			}
		})
	}
}

func TestUserWritingAgainUnblocks(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	srv.Block(aigerim.ID)
	srv.Deactivate(ivan.ID)
	srv.SendMessage(aigerim, Chat{}, "/start")
	srv.SendMessage(ivan, Chat{}, "/start")
	if _, err := bot.Send(tgbotapi.NewMessage(aigerim.ID, "welcome back")); err != nil {
		t.Errorf("after /start: %v", err)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(ivan.ID, "x")); err == nil {
		t.Error("a deactivated account came back by writing")
	}
}

func TestMigrate(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	const oldID, newID = int64(-4005), int64(-1001000004005)
	if err := srv.RegisterChat(Chat{ID: oldID, Type: "group", Title: "Observers"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetMember(oldID, ivan, "creator"); err != nil {
		t.Fatal(err)
	}
	srv.Migrate(oldID, newID)
	_, err := bot.Send(tgbotapi.NewMessage(oldID, "digest"))
	e := asAPIError(t, err)
	if e.Code != 400 || e.Message != "Bad Request: group chat was upgraded to a supergroup chat" || e.MigrateToChatID != newID {
		t.Fatalf("old group: %+v", e)
	}
	got, err := bot.Send(tgbotapi.NewMessage(e.MigrateToChatID, "digest"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Chat.Type != "supergroup" || got.Chat.Title != "Observers" {
		t.Errorf("new chat = %+v", got.Chat)
	}
	admins, err := bot.GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: newID}})
	if err != nil || len(admins) != 1 || admins[0].User.ID != ivan.ID {
		t.Errorf("members did not move: %+v, %v", admins, err)
	}
}
