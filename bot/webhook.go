package bot

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MaxWebhookBody caps an update's size; Telegram's updates are a few kilobytes.
const MaxWebhookBody = 1 << 20

// Webhook receives updates that Telegram POSTs (webhook mode). It answers at once and
// handles the update in the background, so Telegram never retries a slow one.
type Webhook struct {
	ctx    context.Context
	d      *Dispatcher
	secret []byte
	log    *slog.Logger
}

// NewWebhook makes the handler; ctx bounds the handling of accepted updates (the service's
// lifetime, not the HTTP request's).
func NewWebhook(ctx context.Context, d *Dispatcher, secret string, log *slog.Logger) *Webhook {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Webhook{ctx: ctx, d: d, secret: []byte(secret), log: log}
}

func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	if len(w.secret) == 0 || subtle.ConstantTimeCompare(got, w.secret) != 1 {
		http.Error(rw, "unauthorized", http.StatusUnauthorized)
		return
	}
	var u tgbotapi.Update
	dec := json.NewDecoder(http.MaxBytesReader(rw, r.Body, MaxWebhookBody))
	if err := dec.Decode(&u); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(rw, "update too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(rw, "bad update", http.StatusBadRequest)
		return
	}
	if req, ok := RequestFromUpdate(u); ok {
		if !w.d.Go(w.ctx, req) {
			http.Error(rw, "shutting down", http.StatusServiceUnavailable)
			return
		}
	}
	rw.WriteHeader(http.StatusOK)
}
