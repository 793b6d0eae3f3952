package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/refdigest/refdigest/config"
	"github.com/refdigest/refdigest/demo"
	"github.com/refdigest/refdigest/telegramtest"
	"github.com/refdigest/refdigest/web"
)

// demoDay is the day whose digest the demo prints first: the sample sources have a story
// on it. The service itself lives on the evening of demo.Today, after every sample item.
const demoDay = "2026-03-03"

// runDemo runs refdigest offline: the sample sources over loopback HTTP, a temporary store,
// one collection and the digest of demoDay, then a console chat with the real bot through
// the fake Bot API. Each stdin line is a message from one user; typing the text of a button
// presses it.
func runDemo(ctx context.Context, userLang string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sources := httptest.NewServer(demo.Handler())
	defer sources.Close()
	dir, err := os.MkdirTemp("", "refdigest-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dir)

	user := telegramtest.User{ID: 1001, FirstName: "Demo", Username: "demo", LanguageCode: userLang}
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer fake.Close()

	cfg := config.Default()
	cfg.Store.Dir = dir
	cfg.Sources = demo.Sources(sources.URL)
	cfg.Telegram.Token = fake.Token()
	cfg.Telegram.APIEndpoint = fake.Endpoint()
	cfg.Telegram.Admins = []int64{user.ID}
	cfg.HTTP.Listen = ""
	// The web archive on a free loopback port, known before the digest is built so that
	// the digest's link points at it.
	webLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo: web archive: %w", err)
	}
	defer webLn.Close()
	cfg.Web.Listen = webLn.Addr().String()
	cfg.Web.PublicURL = "http://" + webLn.Addr().String()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	loc, err := cfg.Location()
	if err != nil {
		return err
	}
	// The clock stands after the newest sample item: every sample day is today or past,
	// so /digest of any of them has its news (a later clock would leave "today" empty).
	epoch, started := demo.Evening(loc), time.Now()
	clock := func() time.Time { return epoch.Add(time.Since(started)) }

	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	m, err := NewMain(cfg, MainOptions{Logger: log, Clock: clock, HostInterval: 10 * time.Millisecond, WebListener: webLn})
	if err != nil {
		return err
	}
	defer m.Close()

	fmt.Fprintln(stdout, "== refdigest demo: sample sources at", sources.URL)
	fmt.Fprintln(stdout, "== collection")
	if err := m.CollectCmd(ctx, stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n== digest of %s\n", demoDay)
	if err := m.DigestCmd(ctx, stdout, demoDay, "", formatText); err != nil {
		return err
	}

	runErr := make(chan error, 1)
	go func() { runErr <- m.Run(ctx) }()
	select {
	case <-m.ready:
	case err := <-runErr:
		return err
	}
	fmt.Fprintln(stdout, "\n== web archive (while the demo runs): "+web.DayURL(cfg.Web.PublicURL, demoLang(userLang), demoDay))
	fmt.Fprintln(stdout, "\n== chat with the bot: type /start, /help, /digest, /search референдум, or any text to search; Ctrl-D ends")
	chat := telegramtest.PrivateChat(user)
	var lastButtons []telegramtest.Button
	var lastMessage int
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		fmt.Fprintln(stdout, "\n> "+line)
		before, answers := len(fake.SentTo(chat.ID)), len(fake.CallbackAnswers())
		if b, ok := findButton(lastButtons, line); ok {
			fake.PressButton(user, chat, lastMessage, b.CallbackData)
		} else {
			fake.SendMessage(user, chat, line)
		}
		for _, s := range waitQuiet(ctx, fake, chat.ID, before, answers) {
			fmt.Fprintln(stdout, s.Plain)
			if bs := s.Buttons(); len(bs) > 0 {
				lastButtons, lastMessage = bs, s.MessageID
				var labels []string
				for _, b := range bs {
					labels = append(labels, "["+b.Text+"]")
				}
				fmt.Fprintln(stdout, strings.Join(labels, " "))
			}
		}
	}
	cancel()
	if err := <-runErr; err != nil {
		return err
	}
	return sc.Err()
}

// demoLang is the archive language shown first: the user's when it is kk or ru.
func demoLang(userLang string) string {
	if strings.HasPrefix(userLang, "kk") {
		return "kk"
	}
	return "ru"
}

func findButton(bs []telegramtest.Button, line string) (telegramtest.Button, bool) {
	label := strings.TrimPrefix(strings.Trim(line, "[]"), "✓ ")
	for _, b := range bs {
		if b.CallbackData != "" && strings.EqualFold(strings.TrimPrefix(b.Text, "✓ "), label) {
			return b, true
		}
	}
	return telegramtest.Button{}, false
}

// waitQuiet waits for the bot's answer to one line: at least one new message, edit or button
// answer, then a short quiet spell (a digest comes in several messages). It gives up after
// a while: the bot may rightly say nothing (a group message, say).
func waitQuiet(ctx context.Context, fake *telegramtest.Server, chatID int64, before, answers int) []telegramtest.Sent {
	deadline := time.Now().Add(15 * time.Second)
	count, quietSince := before, time.Time{}
	for time.Now().Before(deadline) && ctx.Err() == nil {
		sent := fake.SentTo(chatID)
		answered := len(fake.CallbackAnswers()) > answers
		switch {
		case len(sent) != count:
			count, quietSince = len(sent), time.Now()
		case (count > before || answered) && time.Since(quietSince) > 1200*time.Millisecond:
			return sent[before:]
		case answered && quietSince.IsZero():
			quietSince = time.Now()
		}
		time.Sleep(20 * time.Millisecond)
	}
	sent := fake.SentTo(chatID)
	return sent[before:]
}
