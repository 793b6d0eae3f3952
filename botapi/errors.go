package botapi

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

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
