package digest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/refdigest/refdigest/telegramtest"
)

// TestMessagesAcceptedByTelegramFake sends every rendered message of the fixture days and
// of a 60-item day to the fake Bot API server, which parses HTML the way Telegram does.
func TestMessagesAcceptedByTelegramFake(t *testing.T) {
	srv, err := telegramtest.New(telegramtest.Options{Limits: &telegramtest.Limits{}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	const chat = 4242
	if err := srv.RegisterChat(telegramtest.Chat{ID: chat, Type: "private"}); err != nil {
		t.Fatal(err)
	}
	endpoint := fmt.Sprintf(srv.Endpoint(), telegramtest.DefaultToken, "sendMessage")

	var msgs []string
	for _, date := range fixtureDates {
		d := buildFixtureDay(t, date, Options{MaxStories: 3})
		msgs = append(msgs, d.HTML(LangBoth)...)
	}
	loc := almatyLoc(t)
	big, err := New(Options{Location: loc, MaxStories: 60, Clock: fixedClock(time.Date(2026, 3, 5, 0, 0, 0, 0, loc))}).
		BuildDay(context.Background(), &fakeSource{items: manyItems(loc, 60)}, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	msgs = append(msgs, big.HTML(LangBoth)...)
	empty, _ := New(Options{}).BuildDay(context.Background(), &fakeSource{}, "2026-03-15")
	msgs = append(msgs, empty.HTML(LangBoth)...)

	for i, m := range msgs {
		body, _ := json.Marshal(map[string]any{"chat_id": chat, "text": m, "parse_mode": "HTML",
			"link_preview_options": map[string]bool{"is_disabled": true}})
		resp, err := http.Post(endpoint, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			OK          bool   `json:"ok"`
			Description string `json:"description"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || !out.OK {
			t.Fatalf("message %d refused: %v %s\n%s", i, err, out.Description, m)
		}
	}
	sent := srv.SentTo(chat)
	if len(sent) != len(msgs) {
		t.Fatalf("%d messages accepted, %d sent", len(sent), len(msgs))
	}
	for i, s := range sent {
		if n := len(utf16.Encode([]rune(s.Plain))); n == 0 || n > MaxMessage {
			t.Errorf("message %d: %d visible units", i, n)
		}
		links := 0
		for _, e := range s.Entities {
			if e.Type == "text_link" {
				links++
			}
		}
		if want := strings.Count(msgs[i], "<a href="); links != want {
			t.Errorf("message %d: %d links parsed, %d written", i, links, want)
		}
	}
	t.Logf("%d messages accepted by the fake Bot API", len(sent))
}
