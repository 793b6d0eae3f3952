package deliver

import (
	"testing"
	"time"

	"github.com/refdigest/refdigest/botapi"
)

func TestRetryDelay(t *testing.T) {
	tests := []struct {
		err    error
		lo, hi time.Duration
	}{
		{&botapi.APIError{Code: 429, RetryAfter: 5 * time.Second}, 5 * time.Second, 6 * time.Second},
		{&botapi.APIError{Code: 429, RetryAfter: time.Second}, time.Second + time.Millisecond, 2 * time.Second},
		{&botapi.APIError{Code: 429}, time.Second, time.Second},
	}
	for _, tt := range tests {
		got := retryDelay(tt.err)
		if got < tt.lo || got > tt.hi {
			t.Errorf("retryDelay(%v) = %s, want in [%s, %s]", tt.err, got, tt.lo, tt.hi)
		}
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{{1, time.Second}, {2, 2 * time.Second}, {4, 8 * time.Second}, {20, 5 * time.Minute}, {200, 5 * time.Minute}}
	for _, tt := range tests {
		if got := backoff(time.Second, tt.n); got != tt.want {
			t.Errorf("backoff(1s, %d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}
