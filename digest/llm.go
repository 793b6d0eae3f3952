package digest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// LLM translates digest text through an OpenAI-compatible chat completions server
// (llm.base_url). It implements Translator. The API key is sent only in the Authorization
// header and never appears in its errors.
type LLM struct {
	endpoint, model, key string
	client               *http.Client

	// Attempts is how many times a request is tried when the server is unreachable or
	// answers 408, 429 or 5xx (default 3).
	Attempts int
	// Backoff is the wait before the first retry, doubled for each next one (default 1s);
	// a Retry-After from the server is used instead when given, up to MaxRetryAfter.
	Backoff       time.Duration
	MaxRetryAfter time.Duration
	// Timeout bounds each attempt (default 30s).
	Timeout time.Duration
}

// NewLLM returns a client of the server at baseURL ("http://host:8000" or ".../v1"); a nil
// client means http.DefaultClient.
func NewLLM(baseURL, model, apiKey string, client *http.Client) *LLM {
	if client == nil {
		client = http.DefaultClient
	}
	base := strings.TrimRight(strings.TrimSpace(baseURL), "/")
	if !strings.HasSuffix(base, "/v1") {
		base += "/v1"
	}
	return &LLM{endpoint: base + "/chat/completions", model: model, key: apiKey, client: client,
		Attempts: 3, Backoff: time.Second, MaxRetryAfter: 10 * time.Second, Timeout: 30 * time.Second}
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model       string        `json:"model,omitempty"`
	Messages    []chatMessage `json:"messages"`
	Temperature float64       `json:"temperature"`
}

type chatResponse struct {
	Choices []struct {
		Message chatMessage `json:"message"`
	} `json:"choices"`
}

func languageName(l string) (string, bool) {
	switch l {
	case LangKK:
		return "Kazakh", true
	case LangRU:
		return "Russian", true
	}
	return "", false
}

// Translate translates text from one digest language to the other ("kk", "ru").
func (c *LLM) Translate(ctx context.Context, text, from, to string) (string, error) {
	fromName, ok1 := languageName(from)
	toName, ok2 := languageName(to)
	if !ok1 || !ok2 || from == to {
		return "", fmt.Errorf("digest: llm: cannot translate %q to %q", from, to)
	}
	if strings.TrimSpace(text) == "" {
		return "", errors.New("digest: llm: empty text")
	}
	body, err := json.Marshal(chatRequest{
		Model: c.model,
		Messages: []chatMessage{
			{Role: "system", Content: "You translate news for a daily digest from " + fromName + " to " + toName +
				". Keep names, numbers, dates and quotations exact. Answer with the translation only."},
			{Role: "user", Content: text},
		},
	})
	if err != nil {
		return "", fmt.Errorf("digest: llm: %w", err)
	}
	attempts := max(1, c.Attempts)
	wait := c.Backoff
	var last error
	for a := 0; a < attempts; a++ {
		if a > 0 {
			if err := sleep(ctx, wait); err != nil {
				return "", fmt.Errorf("digest: llm: %w (after: %v)", err, last)
			}
			wait *= 2
		}
		out, retryAfter, err := c.do(ctx, body)
		if err == nil {
			return out, nil
		}
		last = err
		var re *retryable
		if !errors.As(err, &re) || ctx.Err() != nil {
			break
		}
		if retryAfter > 0 {
			wait = min(retryAfter, c.MaxRetryAfter)
		}
	}
	if ctx.Err() != nil {
		return "", fmt.Errorf("digest: llm: %w", ctx.Err())
	}
	return "", fmt.Errorf("digest: llm: %w", last)
}

// retryable marks failures worth another attempt.
type retryable struct{ msg string }

func (e *retryable) Error() string { return e.msg }

// do makes one request. Errors carry no URL credentials and no API key.
func (c *LLM) do(ctx context.Context, body []byte) (string, time.Duration, error) {
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return "", 0, errors.New("bad base_url")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		// *url.Error repeats the whole URL, which may hold credentials: keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", 0, &retryable{msg: "request: " + c.redact(err.Error())}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", 0, &retryable{msg: "read response: " + c.redact(err.Error())}
	}
	if resp.StatusCode != http.StatusOK {
		msg := fmt.Sprintf("status %d: %s", resp.StatusCode, c.redact(excerpt(raw)))
		switch {
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
			return "", retryAfter(resp.Header.Get("Retry-After")), &retryable{msg: msg}
		}
		return "", 0, errors.New(msg)
	}
	var cr chatResponse
	if err := json.Unmarshal(raw, &cr); err != nil {
		return "", 0, fmt.Errorf("decode response: %s", c.redact(err.Error()))
	}
	if len(cr.Choices) == 0 {
		return "", 0, errors.New("response has no choices")
	}
	out := stripThinking(cr.Choices[0].Message.Content)
	if out == "" {
		return "", 0, errors.New("empty answer")
	}
	return out, 0, nil
}

func (c *LLM) redact(s string) string {
	if c.key == "" {
		return s
	}
	return strings.ReplaceAll(s, c.key, "[redacted]")
}

// stripThinking drops the <think>…</think> preamble some models put before the answer.
func stripThinking(s string) string {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "<think>"); ok {
		if _, after, ok := strings.Cut(rest, "</think>"); ok {
			s = strings.TrimSpace(after)
		}
	}
	return s
}

func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(h string) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
