// Package deliver sends everything refdigest sends to Telegram: replies to commands at once,
// and each day's digest to every subscriber through a crash-safe outbox in the store, within
// Telegram's rate limits, handling its 429, 403 and migration answers.
package deliver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Message is one outgoing message. Text is Telegram HTML.
type Message struct {
	ChatID int64
	Text   string
	// Keyboard is an inline keyboard, rows of buttons.
	Keyboard [][]Button
	// EditMessageID, when set, edits that message (editMessageText) instead of sending anew.
	EditMessageID int
	// DisablePreview turns off link previews (digests: many links, no single preview fits).
	DisablePreview bool
	// ID names the text in logs ("digest 2026-03-03 kk 1/3"), so a rejected text can be found.
	ID string
}

// Button is an inline keyboard button: Data for a callback, or URL for a link.
type Button struct {
	Text string
	Data string
	URL  string
}

// API is the Telegram client as delivery needs it.
type API interface {
	Send(ctx context.Context, m Message) (messageID int, err error)
}

// APIError is an error answer of the Bot API. Clients return it (wrapped or not) so that
// delivery can act on the code and parameters rather than on the text.
type APIError struct {
	Code        int
	Description string
	RetryAfter  time.Duration
	MigrateTo   int64
}

func (e *APIError) Error() string {
	return fmt.Sprintf("telegram: %d %s", e.Code, e.Description)
}

// Kind is what delivery does about an error.
type Kind int

// The kinds of send failures.
const (
	KindNone       Kind = iota
	KindRetryAfter      // 429: pause everything, then retry the same message
	KindGone            // 403 blocked/deactivated/kicked, 400 chat not found: the chat is inactive
	KindMigrated        // 400 with migrate_to_chat_id: move the subscription and resend there
	KindBadMessage      // 400 can't parse entities / too long: our bug, never retried blindly
	KindTransient       // 5xx, network: retry with backoff, then give up
	KindRejected        // any other 4xx: permanent for this message
)

// Classify tells what kind of failure err is. The Bot API gives 400 for several unrelated
// things and tells them apart only in its description, so 400s are read by description;
// everything else by code.
func Classify(err error) Kind {
	if err == nil {
		return KindNone
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		return KindTransient // network error, timeout, unreadable answer
	}
	switch {
	case ae.Code == 429 || ae.RetryAfter > 0:
		return KindRetryAfter
	case ae.MigrateTo != 0:
		return KindMigrated
	case ae.Code == 403:
		return KindGone
	case ae.Code >= 500:
		return KindTransient
	case ae.Code == 400:
		d := strings.ToLower(ae.Description)
		switch {
		case strings.Contains(d, "chat not found"), strings.Contains(d, "user not found"),
			strings.Contains(d, "have no rights to send"), strings.Contains(d, "chat_write_forbidden"):
			return KindGone
		case strings.Contains(d, "can't parse entities"), strings.Contains(d, "message is too long"),
			strings.Contains(d, "text must be non-empty"), strings.Contains(d, "message text is empty"):
			return KindBadMessage
		}
	}
	return KindRejected
}
