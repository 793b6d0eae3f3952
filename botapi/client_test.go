package botapi

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	tok := "123456:AAH-secret_token"
	msg := `Post "https://api.telegram.org/bot123456:AAH-secret_token/sendMessage": dial tcp: timeout; also bot123456%3AAAH-secret_token`
	got := Redact(msg, tok)
	if strings.Contains(got, "secret_token") {
		t.Fatalf("token survived: %q", got)
	}
}
