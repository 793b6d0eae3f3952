// Package deliver sends everything refdigest sends to Telegram: replies to commands at once,
// and each day's digest to every subscriber through a crash-safe outbox in the store, within
// Telegram's rate limits, handling its 429, 403 and migration answers.
package deliver

import (
	"context"

	"github.com/refdigest/refdigest/botapi"
)

// API is the Telegram client as delivery needs it.
type API interface {
	Send(ctx context.Context, m botapi.Message) (messageID int, err error)
}
