package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/demo"
	"github.com/refdigest/refdigest/store"
	"github.com/refdigest/refdigest/telegramtest"
)

// feedServer serves one RSS feed whose items a test can change between passes.
type feedServer struct {
	mu    sync.Mutex
	items []string // <item> elements
}

func (f *feedServer) set(items ...string) {
	f.mu.Lock()
	f.items = items
	f.mu.Unlock()
}

// ServeHTTP serves the feed at /rss and an article page for every other path, so the
// collector's full-text fetch stays on loopback.
func (f *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Path != "/rss" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Egemen</title></head><body><article>`+
			`<p>Мақаланың толық мәтіні осы бетте жарияланды, оны редакция тілшісі дайындады.</p>`+
			`<p>Жаңа Конституция бойынша өткен референдумнан кейін елдегі саяси өзгерістер туралы сарапшылар пікір білдірді.</p>`+
			`<p>Материалда ресми мәлімдемелер мен азаматтардың пікірлері келтірілген, толығырақ ақпарат кейінірек берілетін болады.</p>`+
			`</article></body></html>`)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	items := strings.ReplaceAll(strings.Join(f.items, ""), "{{HOST}}", r.Host)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>http://%s/</link>%s</channel></rss>`,
		r.Host, items)
}

func rssItem(id, title, body, date string) string {
	return fmt.Sprintf(`<item><title>%s</title><link>http://{{HOST}}/article/%s</link><guid>%s</guid><pubDate>%s</pubDate><description><![CDATA[<p>%s</p>]]></description></item>`,
		title, id, id, date, body)
}

func feedSource(url string) func(*config.Config) {
	return func(c *config.Config) {
		c.Sources = []config.Source{{Name: "Egemen", URL: url + "/rss", Lang: "kk", Kind: "feed", Pages: 1}}
		c.Topic.Keywords = nil
	}
}

// TestFollowAlert: a user follows "Құрылтай"; a pass brings two matching items (other word
// forms) and one that does not match; exactly one alert listing the two arrives.
func TestFollowAlert(t *testing.T) {
	feed := &feedServer{}
	admin := telegramtest.User{ID: 1, FirstName: "Admin", LanguageCode: "ru"}
	user := telegramtest.User{ID: 800, FirstName: "Ерлан", LanguageCode: "kk"}
	_, fake, _, _, _ := testServiceClock(t, admin.ID, feed, func(c *config.Config) {
		base := strings.TrimSuffix(c.Sources[0].URL, "/kazinform-kk.xml")
		feedSource(base)(c)
	})
	uchat := telegramtest.PrivateChat(user)
	fake.SendMessage(user, uchat, "/start")
	waitFor(t, fake, user.ID, 1)
	fake.SendMessage(user, uchat, "/follow Құрылтай")
	if got := waitFor(t, fake, user.ID, 2)[1].Plain; !strings.Contains(got, "Бақылауға алынды") {
		t.Fatalf("/follow answer = %q", got)
	}
	feed.set(
		rssItem("a1", "Құрылтайға сайлау тағайындалды", "Президент Құрылтай депутаттарын сайлау туралы жарлыққа қол қойды.", "Tue, 03 Mar 2026 10:00:00 +0500"),
		rssItem("a2", "Құрылтайдың бірінші отырысы", "Жаңа парламенттің алғашқы отырысы өтеді.", "Tue, 03 Mar 2026 11:00:00 +0500"),
		rssItem("a3", "Астанада ауа райы жылынады", "Синоптиктер жылы күн болжайды.", "Tue, 03 Mar 2026 12:00:00 +0500"),
	)
	fake.SendMessage(admin, telegramtest.PrivateChat(admin), "/collect")
	if got := waitFor(t, fake, admin.ID, 1)[0].Plain; !strings.Contains(got, "Egemen: new 3") {
		t.Fatalf("/collect = %q", got)
	}
	alert := waitFor(t, fake, user.ID, 3)[2]
	if !strings.Contains(alert.Plain, "Құрылтайға сайлау тағайындалды") || !strings.Contains(alert.Plain, "Құрылтайдың бірінші отырысы") || strings.Contains(alert.Plain, "ауа райы") {
		t.Fatalf("alert = %q", alert.Plain)
	}
	// A second pass with nothing new brings no second alert: ask for /help and see it is
	// the very next message.
	fake.SendMessage(admin, telegramtest.PrivateChat(admin), "/collect")
	waitFor(t, fake, admin.ID, 2)
	fake.SendMessage(user, uchat, "/help")
	if got := waitFor(t, fake, user.ID, 4)[3].Plain; !strings.Contains(got, "/follow") {
		t.Fatalf("after a pass with nothing new, next message = %q", got)
	}
}

// TestOwnDeliveryTime: a subscriber with /time 08:00 gets the digest built at 21:00 at 08:00
// the next morning; one without a time gets it when it is built.
func TestOwnDeliveryTime(t *testing.T) {
	admin := telegramtest.User{ID: 1, FirstName: "Admin", LanguageCode: "ru"}
	early := telegramtest.User{ID: 901, FirstName: "A", LanguageCode: "ru"}
	now := telegramtest.User{ID: 902, FirstName: "B", LanguageCode: "ru"}
	m, fake, _, _, clock := testServiceClock(t, admin.ID, demo.Handler(), nil)
	for _, u := range []telegramtest.User{early, now} {
		fake.SendMessage(u, telegramtest.PrivateChat(u), "/start")
		waitFor(t, fake, u.ID, 1)
	}
	fake.SendMessage(early, telegramtest.PrivateChat(early), "/time 08:00")
	waitFor(t, fake, early.ID, 2)

	achat := telegramtest.PrivateChat(admin)
	fake.SendMessage(admin, achat, "/collect")
	waitFor(t, fake, admin.ID, 1)
	fake.SendMessage(admin, achat, "/senddigest")
	waitFor(t, fake, admin.ID, 2)
	if got := waitFor(t, fake, now.ID, 2)[1].Plain; !strings.Contains(got, "новости референдума") {
		t.Fatalf("subscriber without a time got %q", got)
	}
	jobs, err := m.st.ChatJobs("2026-03-03", early.ID)
	if err != nil || len(jobs) != 1 || jobs[0].State != store.JobPending {
		t.Fatalf("08:00 subscriber's job at 21:00 = %+v, %v", jobs, err)
	}
	loc, _ := time.LoadLocation("Asia/Almaty")
	if want := time.Date(2026, 3, 4, 8, 0, 0, 0, loc); !jobs[0].Due.Equal(want) {
		t.Fatalf("due %v, want %v", jobs[0].Due, want)
	}
	if n := len(fake.SentTo(early.ID)); n != 2 {
		t.Fatalf("08:00 subscriber has %d messages at 21:00, want 2 (welcome, time)", n)
	}
	clock.jump(time.Date(2026, 3, 4, 8, 0, 1, 0, loc))
	got := waitFor(t, fake, early.ID, 3)[2]
	if !strings.Contains(got.Plain, "3 марта 2026 — новости референдума") {
		t.Fatalf("08:00 delivery = %q", got.Plain)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		jobs, _ = m.st.ChatJobs("2026-03-03", early.ID)
		if jobs[0].State == store.JobSent {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job after delivery = %+v", jobs[0])
}
