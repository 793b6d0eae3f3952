package telegramtest

import (
	"strings"
	"sync/atomic"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// digestText is a message shaped like a digest part: a few stories with
// bold titles and links, about 3,000 characters.
func digestText() string {
	var b strings.Builder
	for i := range 8 {
		b.WriteString("<b>Құрылтай сайлауы: жаңа ереже</b>\n")
		b.WriteString(strings.Repeat("Конституциялық реформа туралы қысқаша мазмұн. ", 7))
		b.WriteString(`<a href="https://kaz.inform.kz/news/`)
		b.WriteString(string(rune('a' + i)))
		b.WriteString(`">Kazinform</a>` + "\n\n")
	}
	return b.String()
}

func BenchmarkSendMessage(b *testing.B) {
	srv := newServer(b, Options{Limits: noLimits()})
	bot := newBot(b, srv)
	text := digestText()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		msg := tgbotapi.NewMessage(int64(1+i%5000), text)
		msg.ParseMode = tgbotapi.ModeHTML
		if _, err := bot.Send(msg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msg/s")
}

func BenchmarkSendMessageParallel(b *testing.B) {
	srv := newServer(b, Options{Limits: noLimits()})
	bot := newBot(b, srv)
	text := digestText()
	var next atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			msg := tgbotapi.NewMessage(1+next.Add(1)%5000, text)
			msg.ParseMode = tgbotapi.ModeHTML
			if _, err := bot.Send(msg); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msg/s")
}

func BenchmarkParseHTML(b *testing.B) {
	text := digestText()
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, _, err := ParseHTML(text); err != nil {
			b.Fatal(err)
		}
	}
}
