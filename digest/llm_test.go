package digest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const testKey = "sk-test-SECRET-0123456789"

// fakeLLM is a local OpenAI-compatible server whose answers are scripted per call.
type fakeLLM struct {
	srv   *httptest.Server
	calls atomic.Int32
	last  atomic.Value // chatRequest
	// answer returns status, headers and body for call n (1-based).
	answer func(n int, req chatRequest, r *http.Request) (int, map[string]string, string)
}

func newFakeLLM(t *testing.T, answer func(n int, req chatRequest, r *http.Request) (int, map[string]string, string)) *fakeLLM {
	t.Helper()
	f := &fakeLLM{answer: answer}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(f.calls.Add(1))
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, "wrong endpoint "+r.Method+" "+r.URL.Path, http.StatusNotFound)
			return
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
			http.Error(w, "bad auth", http.StatusUnauthorized)
			return
		}
		var req chatRequest
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.last.Store(req)
		status, headers, out := f.answer(n, req, r)
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		io.WriteString(w, out)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func chatAnswer(content string) string {
	b, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"message": map[string]string{"role": "assistant", "content": content}}}})
	return string(b)
}

func testLLM(base string) *LLM {
	c := NewLLM(base, "test-model", testKey, &http.Client{})
	c.Backoff, c.MaxRetryAfter, c.Timeout = time.Millisecond, 5*time.Millisecond, 2*time.Second
	return c
}

func TestLLMTranslate(t *testing.T) {
	f := newFakeLLM(t, func(n int, req chatRequest, r *http.Request) (int, map[string]string, string) {
		return 200, nil, chatAnswer("<think>hmm</think>\nОСК бюллетень мәтінін бекітті.")
	})
	for _, base := range []string{f.srv.URL, f.srv.URL + "/", f.srv.URL + "/v1"} {
		got, err := testLLM(base).Translate(context.Background(), "ЦИК утвердил текст бюллетеня.", LangRU, LangKK)
		if err != nil {
			t.Fatalf("base %s: %v", base, err)
		}
		if got != "ОСК бюллетень мәтінін бекітті." {
			t.Errorf("got %q", got)
		}
	}
	req := f.last.Load().(chatRequest)
	if req.Model != "test-model" || len(req.Messages) != 2 || req.Messages[1].Content != "ЦИК утвердил текст бюллетеня." ||
		!strings.Contains(req.Messages[0].Content, "from Russian to Kazakh") {
		t.Errorf("request = %+v", req)
	}
}

func TestLLMRetries(t *testing.T) {
	cases := []struct {
		name      string
		answer    func(n int) (int, map[string]string, string)
		wantErr   bool
		wantCalls int32
	}{
		{"5xx then ok", func(n int) (int, map[string]string, string) {
			if n == 1 {
				return 502, nil, "bad gateway"
			}
			return 200, nil, chatAnswer("Бәрі дайын.")
		}, false, 2},
		{"429 with Retry-After", func(n int) (int, map[string]string, string) {
			if n < 3 {
				return 429, map[string]string{"Retry-After": "30"}, `{"error":"slow down"}`
			}
			return 200, nil, chatAnswer("Бәрі дайын.")
		}, false, 3},
		{"always 503", func(n int) (int, map[string]string, string) { return 503, nil, "down" }, true, 3},
		{"401 is not retried", func(n int) (int, map[string]string, string) {
			return 401, nil, `{"error":{"message":"Incorrect API key provided: ` + testKey + `"}}`
		}, true, 1},
		{"no choices", func(n int) (int, map[string]string, string) { return 200, nil, `{"choices":[]}` }, true, 1},
		{"not json", func(n int) (int, map[string]string, string) { return 200, nil, `<html>` }, true, 1},
		{"empty answer", func(n int) (int, map[string]string, string) { return 200, nil, chatAnswer("  ") }, true, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeLLM(t, func(n int, _ chatRequest, _ *http.Request) (int, map[string]string, string) { return c.answer(n) })
			_, err := testLLM(f.srv.URL).Translate(context.Background(), "Всё готово.", LangRU, LangKK)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if got := f.calls.Load(); got != c.wantCalls {
				t.Errorf("%d calls, want %d", got, c.wantCalls)
			}
			if err != nil {
				if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "SECRET") {
					t.Errorf("error leaks the key: %v", err)
				}
				if !strings.HasPrefix(err.Error(), "digest: llm: ") {
					t.Errorf("error without prefix: %v", err)
				}
			}
		})
	}
}

func TestLLMTimeoutAndCancel(t *testing.T) {
	release := make(chan struct{})
	f := newFakeLLM(t, func(n int, _ chatRequest, r *http.Request) (int, map[string]string, string) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
		return 200, nil, chatAnswer("кеш")
	})
	defer close(release)
	c := testLLM(f.srv.URL)
	c.Timeout, c.Attempts = 30*time.Millisecond, 2
	_, err := c.Translate(context.Background(), "Текст.", LangRU, LangKK)
	if err == nil || !strings.Contains(err.Error(), "deadline exceeded") {
		t.Errorf("slow server: err = %v", err)
	}
	if got := f.calls.Load(); got != 2 {
		t.Errorf("%d attempts, want 2", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Translate(ctx, "Текст.", LangRU, LangKK); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestLLMBadInput(t *testing.T) {
	c := testLLM("http://127.0.0.1:1")
	for _, tc := range [][3]string{{"Текст.", "ru", "ru"}, {"Текст.", "en", "kk"}, {"Текст.", "ru", ""}, {" ", "ru", "kk"}} {
		if _, err := c.Translate(context.Background(), tc[0], tc[1], tc[2]); err == nil {
			t.Errorf("Translate(%q, %s, %s) = nil error", tc[0], tc[1], tc[2])
		}
	}
	// A refused connection to a URL with credentials: neither they nor the key show.
	c = NewLLM("http://user:"+testKey+"@127.0.0.1:1", "m", testKey, nil)
	c.Attempts, c.Backoff = 2, time.Millisecond
	_, err := c.Translate(context.Background(), "Текст.", LangRU, LangKK)
	if err == nil || strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "user:") {
		t.Errorf("unreachable server: err = %v", err)
	}
}
