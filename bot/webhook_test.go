package bot

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/refdigest/refdigest/botapi"
)

// recorder is a Replier and Answerer that keeps what it was asked to send.
type recorder struct {
	mu   sync.Mutex
	msgs []botapi.Message
}

func (r *recorder) Reply(_ context.Context, m botapi.Message) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	return len(r.msgs), nil
}

func (r *recorder) AnswerCallback(context.Context, string, string) error            { return nil }
func (r *recorder) AnswerInline(context.Context, string, botapi.InlineAnswer) error { return nil }

func TestWebhook(t *testing.T) {
	e := newEnv(t)
	rec := &recorder{}
	d := NewDispatcher(e.h, rec, rec, 4, nil)
	hook := NewWebhook(context.Background(), d, "s3cret-Token_1", nil)
	update := `{"update_id":10,"message":{"message_id":1,"date":1773000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"A","language_code":"ru"},"text":"/help"}}`
	tests := []struct {
		name   string
		method string
		secret string
		body   string
		code   int
	}{
		{"no secret", http.MethodPost, "", update, http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, "s3cret-Token_2", update, http.StatusUnauthorized},
		{"GET", http.MethodGet, "s3cret-Token_1", "", http.StatusMethodNotAllowed},
		{"not json", http.MethodPost, "s3cret-Token_1", "{", http.StatusBadRequest},
		{"too large", http.MethodPost, "s3cret-Token_1", `{"update_id":1,"message":{"text":"` + strings.Repeat("a", MaxWebhookBody) + `"}}`, http.StatusRequestEntityTooLarge},
		{"good", http.MethodPost, "s3cret-Token_1", update, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/hook", strings.NewReader(tt.body))
			if tt.secret != "" {
				r.Header.Set("X-Telegram-Bot-Api-Secret-Token", tt.secret)
			}
			w := httptest.NewRecorder()
			hook.ServeHTTP(w, r)
			if w.Code != tt.code {
				t.Fatalf("status %d, want %d", w.Code, tt.code)
			}
		})
	}
	d.Wait()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.msgs) != 1 || rec.msgs[0].ChatID != 42 || !strings.Contains(rec.msgs[0].Text, "/digest") {
		t.Fatalf("only the good update must be handled: %+v", rec.msgs)
	}
}

func TestWebhookWithoutSecretRefusesAll(t *testing.T) {
	e := newEnv(t)
	rec := &recorder{}
	hook := NewWebhook(context.Background(), NewDispatcher(e.h, rec, rec, 1, nil), "", nil)
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"update_id":1}`))
	w := httptest.NewRecorder()
	hook.ServeHTTP(w, r)
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("status %d", w.Code)
	}
}
