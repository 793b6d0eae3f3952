package digest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

func testLLM(base string) *LLM {
	c := NewLLM(base, "test-model", testKey, &http.Client{})
	c.Backoff, c.MaxRetryAfter, c.Timeout = time.Millisecond, 5*time.Millisecond, 2*time.Second
	return c
}

var ruPassage = Passage{Headline: "ЦИК утвердил текст бюллетеня", Summary: "Бюллетень напечатают тиражом 7 954 667 экземпляров."}

func TestLLMTranslate(t *testing.T) {
	f := newFakeLLM(t, func(n int, req chatRequest, r *http.Request) (int, map[string]string, string) {
		return 200, nil, chatAnswer("<think>hmm</think>\n" + passageAnswer("ОСК бюллетень мәтінін бекітті", "Бюллетень 7 954 667 данамен басылады."))
	})
	for _, base := range []string{f.srv.URL, f.srv.URL + "/", f.srv.URL + "/v1"} {
		got, err := testLLM(base).Translate(context.Background(), ruPassage, LangRU, LangKK)
		if err != nil {
			t.Fatalf("base %s: %v", base, err)
		}
		if got.Headline != "ОСК бюллетень мәтінін бекітті" || got.Summary != "Бюллетень 7 954 667 данамен басылады." {
			t.Errorf("got %+v", got)
		}
	}
	calls, _, _ := f.stats()
	if calls != 3 {
		t.Errorf("%d requests for 3 translations, want one each", calls)
	}
	req := f.requests[len(f.requests)-1]
	if req.Model != "test-model" || len(req.Messages) != 2 || !strings.Contains(req.Messages[0].Content, "from Russian into Kazakh") {
		t.Errorf("request = %+v", req)
	}
	if src := sourcePassage(req); src.Headline != ruPassage.Headline || src.Summary != ruPassage.Summary {
		t.Errorf("the passage sent = %+v", src)
	}
}

// Answers come back in many shapes; each is read to the same passage or refused as unusable.
func TestParseAnswer(t *testing.T) {
	want := Passage{Headline: "Құрылтай сайлауы", Summary: "Сайлау 15 наурызда өтеді."}
	cases := []struct {
		name, content string
		bad           bool
	}{
		{"json", `{"headline": "Құрылтай сайлауы", "summary": "Сайлау 15 наурызда өтеді."}`, false},
		{"fenced", "```json\n{\"headline\": \"Құрылтай сайлауы\", \"summary\": \"Сайлау 15 наурызда өтеді.\"}\n```", false},
		{"fenced no tag", "```\n{\"headline\": \"Құрылтай сайлауы\", \"summary\": \"Сайлау 15 наурызда өтеді.\"}\n```", false},
		{"after a preamble", "Міне аударма:\n{\"headline\": \"Құрылтай сайлауы\", \"summary\": \"Сайлау 15 наурызда өтеді.\"}", false},
		{"summary as a list", `{"headline": "Құрылтай сайлауы", "summary": ["Сайлау 15 наурызда өтеді."]}`, false},
		{"thinking first", "<think>ok</think>{\"headline\": \"Құрылтай сайлауы\", \"summary\": \"Сайлау 15 наурызда өтеді.\"}", false},
		{"lines", "Құрылтай сайлауы\n\nСайлау 15 наурызда өтеді.", false},
		{"broken json", `{"headline": "Құрылтай сайлауы", "summary": `, true},
		{"no headline", `{"summary": "Сайлау 15 наурызда өтеді."}`, true},
		{"empty", "  ", true},
	}
	for _, c := range cases {
		got, err := parseAnswer(c.content, true)
		if (err != nil) != c.bad {
			t.Errorf("%s: err = %v, want bad %v", c.name, err, c.bad)
			continue
		}
		if !c.bad && got != want {
			t.Errorf("%s: got %+v", c.name, got)
		}
	}
	if got, err := parseAnswer("Құрылтай\nсайлауы", false); err != nil || got.Headline != "Құрылтай сайлауы" || got.Summary != "" {
		t.Errorf("headline only: %+v, %v", got, err)
	}
}

func TestLLMRetries(t *testing.T) {
	ok := chatAnswer(passageAnswer("Бәрі дайын", "Бюллетень 7 954 667 данамен басылады."))
	cases := []struct {
		name      string
		answer    func(n int) (int, map[string]string, string)
		wantErr   bool
		bad       bool // ErrBadAnswer: the server answered, with nothing usable
		wantCalls int
	}{
		{"5xx then ok", func(n int) (int, map[string]string, string) {
			if n == 1 {
				return 502, nil, "<html>bad gateway</html>"
			}
			return 200, nil, ok
		}, false, false, 2},
		{"429 with Retry-After", func(n int) (int, map[string]string, string) {
			if n < 3 {
				return 429, map[string]string{"Retry-After": "30"}, chatError("Rate limit reached", "requests", "rate_limit_exceeded")
			}
			return 200, nil, ok
		}, false, false, 3},
		{"always 503", func(n int) (int, map[string]string, string) {
			return 503, nil, chatError("The server is overloaded", "server_error", "")
		}, true, false, 3},
		{"401 is not retried", func(n int) (int, map[string]string, string) {
			return 401, nil, chatError("Incorrect API key provided: "+testKey, "invalid_request_error", "invalid_api_key")
		}, true, false, 1},
		{"no choices", func(n int) (int, map[string]string, string) { return 200, nil, `{"choices":[]}` }, true, true, 1},
		{"not json", func(n int) (int, map[string]string, string) { return 200, nil, `<html>` }, true, true, 1},
		{"empty answer", func(n int) (int, map[string]string, string) { return 200, nil, chatAnswer("  ") }, true, true, 1},
		{"not the asked shape", func(n int) (int, map[string]string, string) {
			return 200, nil, chatAnswer(`{"text": "Бәрі дайын"}`)
		}, true, true, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeLLM(t, func(n int, _ chatRequest, _ *http.Request) (int, map[string]string, string) { return c.answer(n) })
			_, err := testLLM(f.srv.URL).Translate(context.Background(), ruPassage, LangRU, LangKK)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if errors.Is(err, ErrBadAnswer) != c.bad {
				t.Errorf("err = %v: ErrBadAnswer %v, want %v", err, errors.Is(err, ErrBadAnswer), c.bad)
			}
			if calls, _, _ := f.stats(); calls != c.wantCalls {
				t.Errorf("%d calls, want %d", calls, c.wantCalls)
			}
			if err != nil {
				if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "SECRET") {
					t.Errorf("error leaks the key: %v", err)
				}
				if !strings.HasPrefix(err.Error(), "digest: llm: ") {
					t.Errorf("error without prefix: %v", err)
				}
			}
			if c.name == "always 503" && !strings.Contains(err.Error(), "server_error: The server is overloaded") {
				t.Errorf("error JSON not read: %v", err)
			}
		})
	}
}

// Retry-After is honoured (bounded by MaxRetryAfter): two 429s asking for 1 s each, with a
// tiny backoff, cost about 2 s when MaxRetryAfter allows it.
func TestLLMRetryAfterIsUsed(t *testing.T) {
	f := newFakeLLM(t, func(n int, _ chatRequest, _ *http.Request) (int, map[string]string, string) {
		if n == 1 {
			return 429, map[string]string{"Retry-After": "1"}, chatError("Rate limit reached", "requests", "rate_limit_exceeded")
		}
		return 200, nil, chatAnswer(passageAnswer("Бәрі дайын", ""))
	})
	c := testLLM(f.srv.URL)
	c.MaxRetryAfter = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	// The wait the server asked for outlasts the caller's deadline: the call ends with the
	// deadline instead of retrying early.
	if _, err := c.Translate(ctx, Passage{Headline: "Всё готово"}, LangRU, LangKK); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if calls, _, _ := f.stats(); calls != 1 {
		t.Errorf("%d calls before the Retry-After passed, want 1", calls)
	}
}

func TestLLMTimeoutAndCancel(t *testing.T) {
	f := newFakeLLM(t, nil)
	f.delay = time.Hour
	c := testLLM(f.srv.URL)
	c.Timeout, c.Attempts = 30*time.Millisecond, 2
	_, err := c.Translate(context.Background(), ruPassage, LangRU, LangKK)
	if err == nil || !strings.Contains(err.Error(), "deadline exceeded") {
		t.Errorf("slow server: err = %v", err)
	}
	if calls, _, _ := f.stats(); calls != 2 {
		t.Errorf("%d attempts, want 2", calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Translate(ctx, ruPassage, LangRU, LangKK); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestLLMBadInput(t *testing.T) {
	c := testLLM("http://127.0.0.1:1")
	for _, tc := range []struct {
		p        Passage
		from, to string
	}{{ruPassage, "ru", "ru"}, {ruPassage, "en", "kk"}, {ruPassage, "ru", ""}, {Passage{Headline: " "}, "ru", "kk"}} {
		if _, err := c.Translate(context.Background(), tc.p, tc.from, tc.to); err == nil {
			t.Errorf("Translate(%+v, %s, %s) = nil error", tc.p, tc.from, tc.to)
		}
	}
	// A refused connection to a URL with credentials: neither they nor the key show.
	c = NewLLM("http://user:"+testKey+"@127.0.0.1:1", "m", testKey, nil)
	c.Attempts, c.Backoff = 2, time.Millisecond
	_, err := c.Translate(context.Background(), ruPassage, LangRU, LangKK)
	if err == nil || strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "user:") {
		t.Errorf("unreachable server: err = %v", err)
	}
}

// testLogger captures slog output for greps.
func testLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}
