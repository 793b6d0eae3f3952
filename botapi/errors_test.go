package botapi

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	api := func(code int, desc string) error { return &APIError{Code: code, Description: desc} }
	tests := []struct {
		name string
		err  error
		want Kind
	}{
		{"success", nil, KindNone},
		{"network", errors.New("dial tcp 127.0.0.1:1: connect: connection refused"), KindTransient},
		{"timeout", fmt.Errorf("bot: %w", context.DeadlineExceeded), KindTransient},
		{"429", &APIError{Code: 429, Description: "Too Many Requests: retry after 3", RetryAfter: 3 * time.Second}, KindRetryAfter},
		{"429 without parameters", api(429, "Too Many Requests"), KindRetryAfter},
		{"blocked", api(403, "Forbidden: bot was blocked by the user"), KindGone},
		{"deactivated", api(403, "Forbidden: user is deactivated"), KindGone},
		{"kicked", api(403, "Forbidden: bot was kicked from the supergroup chat"), KindGone},
		{"never started", api(403, "Forbidden: bot can't initiate conversation with a user"), KindGone},
		{"chat not found", api(400, "Bad Request: chat not found"), KindGone},
		{"no rights", api(400, "Bad Request: have no rights to send a message"), KindGone},
		{"migrated", &APIError{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateTo: -1001234567890}, KindMigrated},
		{"bad html", api(400, `Bad Request: can't parse entities: Unsupported start tag "div" at byte offset 5`), KindBadMessage},
		{"too long", api(400, "Bad Request: message is too long"), KindBadMessage},
		{"empty", api(400, "Bad Request: message text is empty"), KindBadMessage},
		{"500", api(500, "Internal Server Error"), KindTransient},
		{"502", api(502, "Bad Gateway"), KindTransient},
		{"other 400", api(400, "Bad Request: message is not modified"), KindRejected},
		{"401", api(401, "Unauthorized"), KindRejected},
		{"wrapped", fmt.Errorf("bot: send: %w", api(403, "Forbidden: user is deactivated")), KindGone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.err); got != tt.want {
				t.Errorf("Classify(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	e := &APIError{Code: 403, Description: "Forbidden: bot was blocked by the user"}
	if got, want := e.Error(), "telegram: 403 Forbidden: bot was blocked by the user"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
