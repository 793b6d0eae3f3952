package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/refdigest/refdigest/telegramtest"
)

// TestEveryCommandThroughTelegram sends every command, with good and wrong arguments, in
// Kazakh and in Russian, through the fake Bot API, which rejects invalid HTML, texts over
// 4096 characters and callback_data over 64 bytes as Telegram does. Every command must be
// answered, in the user's language.
func TestEveryCommandThroughTelegram(t *testing.T) {
	type step struct {
		text string
		want map[string]string // ui language -> substring of the reply
		n    int               // messages in the reply (default 1)
		// other: sent by a second user, who is not subscribed; two users keep each under
		// the per-user limit of 20 messages a minute.
		other bool
	}
	steps := []step{
		{"/start", map[string]string{"kk": "Сіз жазылдыңыз", "ru": "Вы подписаны"}, 0, false},
		{"/help", map[string]string{"kk": "/follow", "ru": "/follow"}, 0, true},
		{"/settings", map[string]string{"kk": "Баптаулар", "ru": "Настройки"}, 0, false},
		{"/lang xx", map[string]string{"kk": "/lang kk", "ru": "/lang kk"}, 0, false},
		{"/lang both", map[string]string{"kk": "қазақша және орысша", "ru": "казахский и русский"}, 0, false},
		{"/time 25:00", map[string]string{"kk": "СС:ММ", "ru": "ЧЧ:ММ"}, 0, false},
		{"/time 07:30", map[string]string{"kk": "07:30", "ru": "07:30"}, 0, false},
		{"/time now", map[string]string{"kk": "дайын болған бойда", "ru": "сразу"}, 0, false},
		{"/digest 2026-03-03", map[string]string{"kk": "3 марта 2026", "ru": "3 марта 2026"}, 2, false}, // lang both: kk, then ru
		{"/digest 45.13.2026", map[string]string{"kk": "ЖЖЖЖ-АА-КК", "ru": "ГГГГ-ММ-ДД"}, 0, true},
		{"/digest 2026-13-45", map[string]string{"kk": "2026-13-45 деген күн жоқ", "ru": "Такой даты нет: 2026-13-45"}, 0, true},
		{"/digest 2026-03-04", map[string]string{"kk": "2026-03-04 күні әлі келген жоқ", "ru": "День 2026-03-04 ещё не наступил"}, 0, true}, // the service's today is 3 March
		{"/digest 2026-01-01", map[string]string{"kk": "дайджест жоқ", "ru": "Дайджеста за 2026-01-01 нет"}, 0, true},
		{"/digest 2026-03-03", map[string]string{"kk": "3 наурыз 2026", "ru": "3 марта 2026"}, 0, true}, // not subscribed: the Telegram language's digest
		{"/search", map[string]string{"kk": "/search Құрылтай", "ru": "/search вице-президент"}, 0, true},
		{"/search референдум", map[string]string{"kk": "табылды", "ru": "найдено"}, 0, false},
		{`/search "жаңа Конституция" -форум since:2026-02-01`, map[string]string{"kk": "табылды", "ru": "найдено"}, 0, false},
		{`/search <b>&"`, map[string]string{"kk": "ештеңе", "ru": "ничего"}, 0, false},
		{"Конституция", map[string]string{"kk": "табылды", "ru": "найдено"}, 0, true},
		{"/follow", map[string]string{"kk": "/follow Құрылтай", "ru": "/follow Курултай"}, 0, false},
		{"/follow Құрылтай", map[string]string{"kk": "Бақылауға алынды", "ru": "Слежу за"}, 0, false},
		{"/unfollow", map[string]string{"kk": "Алып тастайтын", "ru": "Выберите"}, 0, false},
		{"/sources", map[string]string{"kk": "Дереккөздер", "ru": "Источники"}, 0, true},
		{"/stats", map[string]string{"kk": "әкімшілерге", "ru": "администраторов"}, 0, true},
		{"/frobnicate", map[string]string{"kk": "Мұндай команда жоқ", "ru": "Такой команды нет"}, 0, true},
		{"/stop", map[string]string{"kk": "Жазылым тоқтатылды", "ru": "Подписка отменена"}, 0, false},
	}
	for _, ui := range []string{"kk", "ru"} {
		t.Run(ui, func(t *testing.T) {
			admin := telegramtest.User{ID: 1, FirstName: "A", LanguageCode: "en"}
			_, fake, _, _ := testService(t, admin.ID)
			fake.SendMessage(admin, telegramtest.PrivateChat(admin), "/collect")
			waitFor(t, fake, admin.ID, 1)
			first := telegramtest.User{ID: 2000, FirstName: "U", LanguageCode: ui}
			other := telegramtest.User{ID: 2001, FirstName: "V", LanguageCode: ui}
			for _, st := range steps {
				user := first
				if st.other {
					user = other
				}
				chat := telegramtest.PrivateChat(user)
				before := len(fake.SentTo(user.ID))
				fake.SendMessage(user, chat, st.text)
				got := waitFor(t, fake, user.ID, before+max(st.n, 1))
				var all []string
				for _, s := range got[before:] {
					all = append(all, s.Plain)
				}
				reply := strings.Join(all, "\n")
				if !strings.Contains(reply, st.want[ui]) {
					t.Fatalf("%s: reply %q lacks %q", st.text, reply, st.want[ui])
				}
			}
		})
	}
}

// TestButtonsThroughTelegram presses every onboarding button and a stale one.
func TestButtonsThroughTelegram(t *testing.T) {
	_, fake, _, _ := testService(t, 1)
	user := telegramtest.User{ID: 3000, FirstName: "U", LanguageCode: "ru"}
	chat := telegramtest.PrivateChat(user)
	fake.SendMessage(user, chat, "/start")
	welcome := waitFor(t, fake, user.ID, 1)[0]
	buttons := welcome.Buttons()
	if len(buttons) != 9 { // 3 languages, 4 times, only-my-language on and off
		t.Fatalf("%d buttons", len(buttons))
	}
	answers := 0
	for _, b := range buttons {
		before := len(fake.CallbackAnswers())
		fake.PressButton(user, chat, welcome.MessageID, b.CallbackData)
		deadline := time.Now().Add(5 * time.Second)
		for len(fake.CallbackAnswers()) == before && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if len(fake.CallbackAnswers()) == before {
			t.Fatalf("button %q got no answer", b.Text)
		}
		answers++
	}
	// The message is edited in place (at the chat's 1 message/s): no new message, and it
	// ends up showing the last choices.
	var msgs []telegramtest.Sent
	var last telegramtest.Sent
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		msgs = fake.SentTo(user.ID)
		last = msgs[len(msgs)-1]
		if strings.Contains(last.Plain, "20:00 (") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, m := range msgs[1:] {
		if m.Method != "editMessageText" || m.MessageID != welcome.MessageID {
			t.Fatalf("a button sent %s to message %d instead of editing %d", m.Method, m.MessageID, welcome.MessageID)
		}
	}
	if !strings.Contains(last.Plain, "20:00 (") || !strings.Contains(last.Plain, "казахский и русский") {
		t.Fatalf("after the buttons: %s of message %d: %q; answers %+v; %d records", last.Method, last.MessageID, last.Plain, fake.CallbackAnswers(), len(msgs))
	}
	fake.PressButton(user, chat, welcome.MessageID, "sp:gone:5")
	deadline = time.Now().Add(5 * time.Second)
	for len(fake.CallbackAnswers()) == answers && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	ans := fake.CallbackAnswers()
	if len(ans) != answers+1 || !strings.Contains(ans[len(ans)-1].Text, "устарела") {
		t.Fatalf("stale button answer: %+v", ans[len(ans)-1])
	}
}

// TestInlineThroughTelegram answers an inline query with articles and a next offset.
func TestInlineThroughTelegram(t *testing.T) {
	_, fake, _, _ := testService(t, 1)
	admin := telegramtest.User{ID: 1, FirstName: "A", LanguageCode: "en"}
	fake.SendMessage(admin, telegramtest.PrivateChat(admin), "/collect")
	waitFor(t, fake, admin.ID, 1)
	user := telegramtest.User{ID: 4000, FirstName: "U", LanguageCode: "kk"}
	fake.InlineQuery(user, "Конституция", "")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for len(fake.InlineAnswers()) == 0 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	a := fake.InlineAnswers()
	if len(a) != 1 || a[0].Count == 0 || a[0].CacheTime <= 0 || !strings.Contains(string(a[0].Results), "Конституция") {
		t.Fatalf("inline answers: %+v", a)
	}
}
