package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/refdigest/refdigest/store"
)

// The digest command with llm.base_url set translates the stories covered in one language,
// shows them marked, keeps translated and lang in -json, and a second run (another process
// in real life: the store is closed and opened again) asks the server nothing. The key is
// in no output.
func TestDigestCommandTranslates(t *testing.T) {
	const key = "sk-cmd-SECRET-42"
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer "+key {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`))
			return
		}
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		answer := `{"headline": "Мажилис одобрил закон о Курултае", "summary": "Депутаты Мажилиса одобрили закон о Курултае в первом чтении. Закон вводит однопалатный парламент."}`
		if strings.Contains(req.Messages[0].Content, "into Kazakh") {
			answer = "```json\n" + `{"headline": "ОСК референдум қорытындысын шығарды", "summary": "Орталық сайлау комиссиясы референдум қорытындысын шығарды."}` + "\n```"
		}
		body, _ := json.Marshal(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "model": "m",
			"choices": []any{map[string]any{"index": 0, "message": map[string]string{"role": "assistant", "content": answer}, "finish_reason": "stop"}},
			"usage":   map[string]int{"prompt_tokens": 90, "completion_tokens": 40, "total_tokens": 130}})
		w.Write(body)
	}))
	defer srv.Close()
	at := func(h int) time.Time { return time.Date(2026, 3, 16, h, 0, 0, 0, time.UTC) }
	cfg := digestConfig(t, []store.Item{
		{URL: "https://orda.kz/1", Source: "Orda", Lang: "ru", Title: "ЦИК подвёл итоги референдума",
			Body: "Центральная избирательная комиссия подвела итоги референдума. Явка составила 73 процента.", Published: at(5)},
		{URL: "https://kaz.inform.kz/2", Source: "Kazinform (kk)", Lang: "kk", Title: "Мәжіліс Құрылтай туралы заңды мақұлдады",
			Body: "Мәжіліс депутаттары Құрылтай туралы заңды бірінші оқылымда мақұлдады. Заң бір палаталы парламентті енгізеді.", Published: at(8)},
	})
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("llm:\n  base_url: \"" + srv.URL + "\"\n  model: m\n  api_key: \"${REFDIGEST_LLM_API_KEY}\"\n  budget: 20s\n")
	f.Close()
	t.Setenv("REFDIGEST_LLM_API_KEY", key)

	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"digest", "-config", cfg, "-date", "2026-03-16", "-lang", "ru"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	ru := out.String()
	if !strings.Contains(ru, "Мажилис одобрил закон о Курултае") || !strings.Contains(ru, "машинный перевод") ||
		!strings.Contains(ru, "оригинал на казахском (https://kaz.inform.kz/2)") || strings.Contains(ru, "на казахском языке") {
		t.Errorf("ru digest without its translation:\n%s", ru)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (one per story and language)", n)
	}
	all := out.String() + errb.String()
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"digest", "-config", cfg, "-date", "2026-03-16", "-json"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("the second run sent %d requests, want none", n-2)
	}
	var got struct {
		Stories []struct {
			Text map[string]struct {
				Headline   string `json:"headline"`
				Lang       string `json:"lang"`
				Translated bool   `json:"translated"`
			} `json:"text"`
		} `json:"stories"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	translated := 0
	for _, s := range got.Stories {
		for _, l := range []string{"kk", "ru"} {
			if s.Text[l].Lang != l {
				t.Errorf("text.%s is in %s", l, s.Text[l].Lang)
			}
			if s.Text[l].Translated {
				translated++
			}
		}
	}
	if translated != 2 {
		t.Errorf("%d texts translated in -json, want 2: %s", translated, out.String())
	}
	if all += out.String() + errb.String(); strings.Contains(all, key) || strings.Contains(all, "SECRET") {
		t.Error("the API key is in the output")
	}
}
