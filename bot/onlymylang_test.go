package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestOnlyMyLang(t *testing.T) {
	e := newEnv(t)
	rec := e.svc.digests["2026-03-16"]
	rec.HTMLOwn, rec.Hidden = map[string][]string{"ru": {"<b>ru own</b>"}}, map[string]int{"ru": 1}
	e.svc.digests["2026-03-16"] = rec

	if r := e.say(t, 1, "ru", "/onlymylang on"); !strings.Contains(texts(r), "/start") {
		t.Fatalf("not subscribed: %q", texts(r))
	}
	e.say(t, 1, "ru", "/start")
	if r := e.say(t, 1, "ru", "/digest"); texts(r) != "<b>ru 1</b>" {
		t.Fatalf("full digest by default: %q", texts(r))
	}
	if r := e.say(t, 1, "ru", "/onlymylang maybe"); !strings.Contains(texts(r), "/onlymylang on") {
		t.Fatalf("usage: %q", texts(r))
	}
	r := e.say(t, 1, "ru", "/onlymylang on")
	if sub, _ := e.st.Subscriber(1); !sub.OnlyMyLang || !strings.Contains(texts(r), "«русский»") {
		t.Fatalf("on: %+v, %q", sub, texts(r))
	}
	if r := e.say(t, 1, "ru", "/digest"); texts(r) != "<b>ru own</b>" {
		t.Fatalf("own-language digest: %q", texts(r))
	}
	settings := e.say(t, 1, "ru", "/settings")
	if !strings.Contains(texts(settings), "только на моём языке: <b>да</b>") {
		t.Errorf("settings do not show it: %q", texts(settings))
	}
	kb := settings.Replies[0].Keyboard
	if len(kb) != 3 || kb[2][0].Data != "set:own:on" || !strings.HasPrefix(kb[2][0].Text, "✓ ") || kb[2][1].Data != "set:own:off" {
		t.Fatalf("settings keyboard = %+v", kb)
	}
	press := e.h.Handle(context.Background(), Request{ChatID: 1, UserID: 1, LanguageCode: "ru", Callback: &Callback{ID: "c", Data: "set:own:off", MessageID: 5}})
	if sub, _ := e.st.Subscriber(1); sub.OnlyMyLang || len(press.Replies) != 1 || !press.Replies[0].Edit {
		t.Fatalf("off button: %+v, %+v", sub, press)
	}
	if r := e.say(t, 1, "ru", "/digest"); texts(r) != "<b>ru 1</b>" {
		t.Fatalf("full digest after off: %q", texts(r))
	}
	// A reader of both languages: the setting is kept but changes nothing, and they are told.
	e.say(t, 1, "ru", "/lang both")
	if r := e.say(t, 1, "ru", "/onlymylang on"); !strings.Contains(texts(r), "/lang") {
		t.Errorf("both languages: %q", texts(r))
	}
	if r := e.say(t, 1, "ru", "/digest"); texts(r) != "<b>kk 1</b>\n---\n<b>kk 2</b>\n---\n<b>ru 1</b>" {
		t.Errorf("both languages digest: %q", texts(r))
	}
	if sub, _ := e.st.Subscriber(1); !sub.OnlyMyLang || sub.OwnLangOnly() {
		t.Errorf("both: %+v", sub)
	}
}

func TestOnlyMyLangListed(t *testing.T) {
	e := newEnv(t)
	for _, ui := range []string{"kk", "ru", "en"} {
		if r := e.say(t, 1, ui, "/help"); !strings.Contains(texts(r), "/onlymylang") {
			t.Errorf("%s /help lacks /onlymylang", ui)
		}
	}
	for code, menu := range CommandMenus() {
		found := false
		for _, c := range menu {
			found = found || (c.Command == "onlymylang" && c.Description != "" && c.Description != "menu_onlymylang")
		}
		if !found {
			t.Errorf("menu %q lacks onlymylang", code)
		}
	}
}

// A change of what or when a subscriber receives is passed on so that a digest already
// queued follows it; other changes (a follow) and chats that are not subscribed are not.
func TestSettingsChangeRequeues(t *testing.T) {
	e := newEnv(t)
	var got []int64
	e.h.opts.Requeue = func(chatID int64) { got = append(got, chatID) }
	e.say(t, 2, "ru", "/lang kk") // not subscribed
	e.say(t, 1, "ru", "/start")
	got = nil
	e.say(t, 1, "ru", "/lang kk")
	e.say(t, 1, "ru", "/time 08:00")
	e.say(t, 1, "ru", "/onlymylang on")
	e.say(t, 1, "ru", "/follow Курултай")
	e.say(t, 1, "ru", "/time 08:00") // the same again
	e.h.Handle(context.Background(), Request{ChatID: 1, UserID: 1, LanguageCode: "ru", Callback: &Callback{ID: "c", Data: "set:own:off", MessageID: 7}})
	if want := []int64{1, 1, 1, 1}; !slices.Equal(got, want) {
		t.Errorf("requeued %v, want %v (lang, time, only-my-language on, off by the button)", got, want)
	}
}
