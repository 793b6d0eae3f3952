package digest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "sk-test-SECRET-0123456789"

// fakeLLM is a local OpenAI-compatible server: POST /v1/chat/completions with a bearer key,
// answering in the shapes real servers use (a chat.completion object with choices[0].message
// and usage; errors as {"error": {"message", "type", "code"}}). By default it "translates":
// it reads the passage the client sends and answers with text in the asked language that
// keeps every figure and time of the source and is about as long. A script replaces that
// answer per call.
type fakeLLM struct {
	srv *httptest.Server

	mu          sync.Mutex
	calls       int           // requests received, including refused ones
	inFlight    int           // requests being answered now
	maxInFlight int           // the most ever answered at once
	cancelled   int           // requests whose client went away before the answer
	requests    []chatRequest // decoded bodies, in arrival order

	// delay holds every answer back this long (or until the client gives up).
	delay time.Duration
	// script, when set, answers call n (1-based) instead of the translator.
	script func(n int, req chatRequest, r *http.Request) (int, map[string]string, string)
}

func newFakeLLM(t testing.TB, script func(n int, req chatRequest, r *http.Request) (int, map[string]string, string)) *fakeLLM {
	t.Helper()
	f := &fakeLLM{script: script}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.calls++
	n := f.calls
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	delay := f.delay
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		writeError(w, http.StatusNotFound, "Unknown request URL: "+r.Method+" "+r.URL.Path, "invalid_request_error", "unknown_url")
		return
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
		return
	}
	var req chatRequest
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) == 0 {
		writeError(w, http.StatusBadRequest, "We could not parse the JSON body of your request.", "invalid_request_error", "")
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			f.mu.Lock()
			f.cancelled++
			f.mu.Unlock()
			return
		}
	}
	status, headers, out := 200, map[string]string(nil), ""
	if f.script != nil {
		status, headers, out = f.script(n, req, r)
	} else {
		out = chatAnswer(fakeTranslation(req))
	}
	for k, v := range headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, out)
}

// stats returns the counters under the lock.
func (f *fakeLLM) stats() (calls, maxInFlight, cancelled int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.maxInFlight, f.cancelled
}

func writeError(w http.ResponseWriter, status int, msg, typ, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, chatError(msg, typ, code))
}

// chatError is an error body as OpenAI-compatible servers send it.
func chatError(msg, typ, code string) string {
	e := map[string]any{"message": msg, "type": typ, "param": nil, "code": nil}
	if code != "" {
		e["code"] = code
	}
	b, _ := json.Marshal(map[string]any{"error": e})
	return string(b)
}

// chatAnswer is a whole chat.completion response with content as the assistant's message.
func chatAnswer(content string) string {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": 1773561600, "model": "test-model",
		"system_fingerprint": "fp_fake",
		"choices": []any{map[string]any{
			"index": 0, "message": map[string]any{"role": "assistant", "content": content},
			"logprobs": nil, "finish_reason": "stop",
		}},
		"usage": map[string]int{"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200},
	})
	return string(b)
}

// passageAnswer is the JSON object the prompt asks for.
func passageAnswer(headline, summary string) string {
	b, _ := json.Marshal(passageJSON{Headline: headline, Summary: summary})
	return string(b)
}

// target is the language the request asks for, read from the system prompt.
func target(req chatRequest) string {
	if strings.Contains(req.Messages[0].Content, "into Kazakh") {
		return LangKK
	}
	return LangRU
}

// sourcePassage is the passage the client sent.
func sourcePassage(req chatRequest) passageJSON {
	var p passageJSON
	json.Unmarshal([]byte(req.Messages[len(req.Messages)-1].Content), &p)
	return p
}

// fakeTranslation stands in for a model: text in the target language carrying the source's
// figures and times, padded to about the source's length.
func fakeTranslation(req chatRequest) string {
	p := sourcePassage(req)
	to := target(req)
	return passageAnswer(fakeText(p.Headline, to, true), fakeText(p.Summary, to, false))
}

func fakeText(src, to string, headline bool) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	var figs []string
	for _, q := range quantitiesOf(src) {
		figs = append(figs, strconv.FormatFloat(q, 'f', -1, 64))
	}
	for _, a := range anchorsOf(src) {
		if t, ok := strings.CutPrefix(a, "time:"); ok {
			figs = append(figs, t)
		}
	}
	words := map[string][2]string{
		LangKK: {"Бұл жаңалық туралы қысқаша хабар", "Сонымен қатар бұл оқиға туралы көп адам айтты және ол маңызды болды."},
		LangRU: {"Это краткое сообщение о новости", "Кроме того, об этом событии говорили многие, и оно было важным для всех."},
	}[to]
	var b strings.Builder
	b.WriteString(words[0])
	if len(figs) > 0 {
		b.WriteString(": " + strings.Join(figs, "; "))
	}
	if headline {
		return b.String()
	}
	b.WriteString(".")
	for len([]rune(b.String())) < len([]rune(src))-40 {
		b.WriteString(" " + words[1])
	}
	return b.String()
}
