package telegramtest

import (
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// send posts one message and returns nil or the Bot API error.
func send(t *testing.T, bot *tgbotapi.BotAPI, chatID int64) *tgbotapi.Error {
	t.Helper()
	_, err := bot.Send(tgbotapi.NewMessage(chatID, "хабар"))
	if err == nil {
		return nil
	}
	return asAPIError(t, err)
}

func TestPrivateChatLimit(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Now: clock.Now}) // Telegram's default limits
	bot := newBot(t, srv)
	if e := send(t, bot, 42); e != nil {
		t.Fatalf("first: %+v", e)
	}
	e := send(t, bot, 42)
	if e == nil || e.Code != 429 || e.RetryAfter != 1 || e.Message != "Too Many Requests: retry after 1" {
		t.Fatalf("second in the same second: %+v", e)
	}
	if e := send(t, bot, 43); e != nil {
		t.Errorf("another chat: %+v", e)
	}
	clock.Advance(time.Second)
	if e := send(t, bot, 42); e != nil {
		t.Errorf("a second later: %+v", e)
	}
	if st := srv.Stats(); st.TooManyRequests != 1 || st.ChatTooMany != 1 || len(srv.SentTo(42)) != 2 {
		t.Errorf("429s = %d (for the chat %d), sent = %d", st.TooManyRequests, st.ChatTooMany, len(srv.SentTo(42)))
	}
}

func TestPrivateChatLimitFraction(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Now: clock.Now, Limits: &Limits{PerChatPerSecond: 0.5}})
	bot := newBot(t, srv)
	send(t, bot, 42)
	clock.Advance(time.Second)
	if e := send(t, bot, 42); e == nil || e.RetryAfter != 1 {
		t.Errorf("after 1 s of 2: %+v", e)
	}
	clock.Advance(time.Second)
	if e := send(t, bot, 42); e != nil {
		t.Errorf("after 2 s: %+v", e)
	}
}

func TestGroupLimit(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Now: clock.Now})
	bot := newBot(t, srv)
	const group = -1001000000077
	for i := range 20 {
		if e := send(t, bot, group); e != nil {
			t.Fatalf("message %d: %+v", i+1, e)
		}
		clock.Advance(time.Second)
	}
	// 20 messages in the last 20 s: the oldest leaves the window at 60 s.
	e := send(t, bot, group)
	if e == nil || e.Code != 429 || e.RetryAfter < 35 || e.RetryAfter > 40 {
		t.Fatalf("21st message: %+v", e)
	}
	clock.Advance(time.Duration(e.RetryAfter) * time.Second)
	if e := send(t, bot, group); e != nil {
		t.Errorf("after retry_after: %+v", e)
	}
	// Any negative id is a group, channel or supergroup: 20 per minute, not 1 per second.
	if err := srv.RegisterChat(Chat{ID: -77, Type: "group"}); err != nil {
		t.Fatal(err)
	}
	send(t, bot, -77)
	if e := send(t, bot, -77); e != nil {
		t.Errorf("second group message in a second: %+v", e)
	}
}

func TestGlobalLimit(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Now: clock.Now, Limits: &Limits{GlobalPerSecond: 30}})
	bot := newBot(t, srv)
	for i := range 30 {
		if e := send(t, bot, int64(100+i)); e != nil {
			t.Fatalf("message %d: %+v", i+1, e)
		}
	}
	if e := send(t, bot, 999); e == nil || e.Code != 429 || e.RetryAfter != 1 {
		t.Fatalf("31st: %+v", e)
	}
	if st := srv.Stats(); st.ChatTooMany != 0 {
		t.Errorf("the global limit's 429 counted for the chat's: %+v", st)
	}
	clock.Advance(time.Second)
	if e := send(t, bot, 999); e != nil {
		t.Errorf("next second: %+v", e)
	}
}

func TestGraceForExactPacing(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Now: clock.Now})
	bot := newBot(t, srv)
	send(t, bot, 42)
	clock.Advance(990 * time.Millisecond) // a client limiter at 1/s, 10 ms of network jitter
	if e := send(t, bot, 42); e != nil {
		t.Errorf("paced send refused: %+v", e)
	}
	clock.Advance(500 * time.Millisecond)
	if e := send(t, bot, 42); e == nil {
		t.Error("send at 2/s accepted")
	}
}

func TestFloodFor(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, Options{Now: clock.Now, Limits: noLimits()})
	bot := newBot(t, srv)
	first, err := bot.Send(tgbotapi.NewMessage(1, "before"))
	if err != nil {
		t.Fatal(err)
	}
	srv.FloodFor(5 * time.Second)
	for i, want := range []int{5, 5, 5} {
		if e := send(t, bot, int64(i+1)); e == nil || e.Code != 429 || e.RetryAfter != want {
			t.Fatalf("send %d during flood: %+v", i, e)
		}
	}
	clock.Advance(2500 * time.Millisecond)
	if e := send(t, bot, 9); e == nil || e.RetryAfter != 3 {
		t.Errorf("later in the flood: %+v", e)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageText(1, first.MessageID, "edited"))
	if e := asAPIError(t, err); e.Code != 429 {
		t.Errorf("edit during flood: %+v", e)
	}
	clock.Advance(2500 * time.Millisecond)
	if e := send(t, bot, 9); e != nil {
		t.Errorf("after the flood: %+v", e)
	}
	if st := srv.Stats(); st.TooManyRequests != 5 {
		t.Errorf("429s = %d, want 5", st.TooManyRequests)
	}
}

func TestLimitsOff(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	for i := range 50 {
		if e := send(t, bot, 42); e != nil {
			t.Fatalf("message %d: %+v", i, e)
		}
	}
	if st := srv.Stats(); st.TooManyRequests != 0 {
		t.Errorf("429s = %d", st.TooManyRequests)
	}
}
