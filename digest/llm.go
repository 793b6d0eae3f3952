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

// ErrBadAnswer wraps an answer the server gave but that holds no usable translation (no
// choices, empty, not the asked shape). The same text would get the same answer again, so
// the builder remembers it as refused; a failed request is not remembered.
var ErrBadAnswer = errors.New("unusable answer")

// errNoText marks the bad answers that say nothing about the text (a body that is not a
// chat completion, no choices, nothing in the message: a proxy's page, a cut body, a
// reasoning model out of tokens): refused now, but not remembered as the text's refusal.
var errNoText = errors.New("no answer text")

// promptVersion names the prompt and answer format below; it is part of the cache key, so a
// change here asks the model again.
const promptVersion = "p2"

// Model names the model asked and the prompt version, for the translation cache key.
func (c *LLM) Model() string { return c.model + "@" + promptVersion }

// Translate translates a story's headline and summary from one digest language to the other
// ("kk", "ru") in one request, asking for a JSON object back.
func (c *LLM) Translate(ctx context.Context, p Passage, from, to string) (Passage, error) {
	fromName, ok1 := languageName(from)
	toName, ok2 := languageName(to)
	if !ok1 || !ok2 || from == to {
		return Passage{}, fmt.Errorf("digest: llm: cannot translate %q to %q", from, to)
	}
	if strings.TrimSpace(p.Headline) == "" {
		return Passage{}, errors.New("digest: llm: empty headline")
	}
	src, err := json.Marshal(passageJSON{Headline: p.Headline, Summary: p.Summary})
	if err != nil {
		return Passage{}, fmt.Errorf("digest: llm: %w", err)
	}
	body, err := json.Marshal(chatRequest{
		Model: c.model,
		Messages: []chatMessage{
			{Role: "system", Content: "You translate news for a daily digest from " + fromName + " into " + toName + ". " +
				"The user sends a JSON object with a headline and a summary. Translate both into " + toName + ". " +
				"Keep every name, number and date exactly: write numbers in digits as in the source, add nothing, leave nothing out. " +
				`Answer with one JSON object and nothing else: {"headline": "...", "summary": "..."}` +
				" (an empty summary stays empty)."},
			{Role: "user", Content: string(src)},
		},
	})
	if err != nil {
		return Passage{}, fmt.Errorf("digest: llm: %w", err)
	}
	attempts := max(1, c.Attempts)
	wait := c.Backoff
	var last error
	for a := 0; a < attempts; a++ {
		if a > 0 {
			if err := sleep(ctx, wait); err != nil {
				return Passage{}, fmt.Errorf("digest: llm: %w (after: %v)", err, last)
			}
			wait *= 2
		}
		out, retryAfter, err := c.do(ctx, body)
		if err == nil {
			got, err := parseAnswer(out, p.Summary != "")
			if err != nil {
				return Passage{}, fmt.Errorf("digest: llm: %w: %s", ErrBadAnswer, c.redact(err.Error()))
			}
			return got, nil
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
		return Passage{}, fmt.Errorf("digest: llm: %w", ctx.Err())
	}
	return Passage{}, fmt.Errorf("digest: llm: %w", last)
}

// passageJSON is the shape sent to the model and asked back.
type passageJSON struct {
	Headline string `json:"headline"`
	Summary  string `json:"summary"`
}

// parseAnswer reads the model's answer: a JSON object {"headline", "summary"} (the summary
// may come as a list of sentences), bare or in a code fence, or, from a model that ignored
// the format, the headline on the first line and the summary on the lines after it.
func parseAnswer(content string, wantSummary bool) (Passage, error) {
	s := unfence(stripThinking(content))
	if s == "" {
		return Passage{}, errors.New("empty answer")
	}
	if i := strings.IndexByte(s, '{'); i >= 0 {
		p, err := parseJSONAnswer(s[i:])
		if err == nil || i == 0 {
			return p, err // a JSON answer that does not parse is not read as lines
		}
	}
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if !wantSummary {
		return Passage{Headline: strings.Join(lines, " ")}, nil
	}
	p := Passage{Headline: lines[0]}
	if len(lines) > 1 {
		p.Summary = strings.Join(lines[1:], " ")
	}
	return p, nil
}

// parseJSONAnswer reads {"headline": "…", "summary": "…" or ["…", …]} from the start of s;
// whatever follows the object's last brace is ignored.
func parseJSONAnswer(s string) (Passage, error) {
	end := strings.LastIndex(s, "}")
	if end < 0 {
		return Passage{}, errors.New("answer is cut-off JSON")
	}
	var raw struct {
		Headline string          `json:"headline"`
		Summary  json.RawMessage `json:"summary"`
	}
	if err := json.Unmarshal([]byte(s[:end+1]), &raw); err != nil {
		return Passage{}, fmt.Errorf("answer is not the asked JSON: %v", err)
	}
	p := Passage{Headline: strings.TrimSpace(raw.Headline)}
	if len(raw.Summary) > 0 && string(raw.Summary) != "null" {
		var one string
		var many []string
		switch {
		case json.Unmarshal(raw.Summary, &one) == nil:
			p.Summary = strings.TrimSpace(one)
		case json.Unmarshal(raw.Summary, &many) == nil:
			p.Summary = strings.TrimSpace(strings.Join(many, " "))
		default:
			return Passage{}, errors.New("answer's summary is neither text nor a list of sentences")
		}
	}
	if p.Headline == "" {
		return Passage{}, errors.New("answer has no headline")
	}
	return p, nil
}

// unfence returns the inside of a Markdown code fence around the whole answer (```json …```).
func unfence(s string) string {
	s = strings.TrimSpace(s)
	rest, ok := strings.CutPrefix(s, "```")
	if !ok {
		return s
	}
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[i+1:] // the info string: json, JSON, or nothing
	} else {
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "json"), "JSON")
	}
	if i := strings.LastIndex(rest, "```"); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSpace(rest)
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
		msg := fmt.Sprintf("status %d: %s", resp.StatusCode, c.redact(errorMessage(raw)))
		switch {
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
			return "", retryAfter(resp.Header.Get("Retry-After")), &retryable{msg: msg}
		}
		return "", 0, errors.New(msg)
	}
	var cr chatResponse
	if err := json.Unmarshal(raw, &cr); err != nil {
		return "", 0, fmt.Errorf("%w: %w: decode response: %s", ErrBadAnswer, errNoText, c.redact(err.Error()))
	}
	if len(cr.Choices) == 0 {
		return "", 0, fmt.Errorf("%w: %w: response has no choices", ErrBadAnswer, errNoText)
	}
	out := stripThinking(cr.Choices[0].Message.Content)
	if out == "" {
		return "", 0, fmt.Errorf("%w: %w: empty answer", ErrBadAnswer, errNoText)
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

// errorMessage is what an error answer says: the OpenAI-style {"error": {"message", "type"}}
// when it is one, else the start of the body.
func errorMessage(b []byte) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
			Type    string `json:"type"`
		} `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil && e.Error.Message != "" {
		msg := e.Error.Message
		if e.Error.Type != "" {
			msg = e.Error.Type + ": " + msg
		}
		return excerpt([]byte(msg))
	}
	return excerpt(b)
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
