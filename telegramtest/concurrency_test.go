package telegramtest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// TestConcurrentUse runs senders, an editor, a poller, injectors and readers
// at once; run it with -race.
func TestConcurrentUse(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits(), Seed: 7})
	bot := newBot(t, srv)
	const senders, perSender, injected = 6, 60, 200
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()

	var wg sync.WaitGroup
	for w := range senders {
		wg.Go(func() {
			for i := range perSender {
				chat := int64(1 + i%10) // chats shared between senders
				msg, err := bot.Send(tgbotapi.NewMessage(chat, fmt.Sprintf("w%d-%d", w, i)))
				if err != nil {
					t.Errorf("send: %v", err)
					return
				}
				if i%7 == 0 {
					edit := tgbotapi.NewEditMessageText(chat, msg.MessageID, fmt.Sprintf("w%d-%d edited", w, i))
					if _, err := bot.Send(edit); err != nil {
						t.Errorf("edit: %v", err)
					}
				}
			}
		})
	}
	wg.Go(func() {
		for i := range injected {
			srv.SendMessage(User{ID: int64(9000 + i%5), FirstName: "u"}, Chat{}, fmt.Sprintf("/search %d", i))
		}
	})
	wg.Go(func() {
		for ctx.Err() == nil && len(srv.Sent()) < senders*perSender {
			_ = srv.SentTo(3)
			_ = srv.Stats()
			_ = srv.Calls("sendMessage")
			runtime.Gosched()
		}
	})

	// The poller must see every injected update exactly once, in order.
	var got []int
	offset := 0
	for len(got) < injected {
		if ctx.Err() != nil {
			t.Fatalf("received %d of %d updates", len(got), injected)
		}
		ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Timeout: 5})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range ups {
			if len(got) > 0 && u.UpdateID != got[len(got)-1]+1 {
				t.Fatalf("update %d after %d", u.UpdateID, got[len(got)-1])
			}
			got = append(got, u.UpdateID)
			offset = u.UpdateID + 1
		}
	}
	wg.Wait()

	all := srv.Sent()
	sends := 0
	for _, s := range all {
		if s.Method == "sendMessage" {
			sends++
		}
	}
	if sends != senders*perSender {
		t.Errorf("recorded %d sends, want %d", sends, senders*perSender)
	}
	// Message ids in each chat are 1..n without gaps (users' messages go to other chats).
	for chat := int64(1); chat <= 10; chat++ {
		next := 1
		for _, s := range srv.SentTo(chat) {
			if s.Method != "sendMessage" {
				continue
			}
			if s.MessageID != next {
				t.Fatalf("chat %d: message id %d, want %d", chat, s.MessageID, next)
			}
			next++
		}
	}
}

// TestBroadcast sends one message to each of 10,000 chats (500 under the
// race detector), as a digest delivery would, and reports the rate and the
// memory per record.
func TestBroadcast(t *testing.T) {
	srv := newServer(t, Options{Limits: noLimits()})
	bot := newBot(t, srv)
	const workers = 16
	chats := 10000
	if raceEnabled {
		chats = 500
	}
	text := "<b>Күнделікті шолу</b>\n" + strings.Repeat("Жаңа Конституция бойынша референдум. ", 20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	jobs := make(chan int64)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				msg := tgbotapi.NewMessage(id, text)
				msg.ParseMode = tgbotapi.ModeHTML
				if _, err := bot.Send(msg); err != nil {
					t.Errorf("send to %d: %v", id, err)
				}
			}
		})
	}
	for i := range chats {
		jobs <- int64(100000 + i)
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if n := len(srv.Sent()); n != chats {
		t.Fatalf("recorded %d messages, want %d", n, chats)
	}
	if n := srv.Calls("sendMessage"); n != chats {
		t.Errorf("calls = %d", n)
	}
	t.Logf("broadcast to %d chats in %v (%.0f msg/s); heap grew %.0f bytes per message",
		chats, elapsed.Round(time.Millisecond), float64(chats)/elapsed.Seconds(),
		float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(chats))
}
