package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to read while the demo writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDemoServesTheWebArchive: the demo prints its digest's web address, the digest's last
// line links there, and the page answers while the demo runs.
func TestDemoServesTheWebArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo")
	}
	stdin, feed := io.Pipe()
	var out, errb lockedBuffer
	done := make(chan int, 1)
	go func() { done <- run(context.Background(), []string{"demo", "-lang", "ru"}, stdin, &out, &errb) }()
	addr := regexp.MustCompile(`== web archive \(while the demo runs\): (http://127\.0\.0\.1:\d+/ru/day/` + demoDay + `)`)
	deadline := time.Now().Add(60 * time.Second)
	var page string
	for page == "" && time.Now().Before(deadline) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			page = m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if page == "" {
		feed.Close()
		t.Fatalf("no web address printed:\n%s\n%s", out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "Дайджест на сайте → ("+page+")") {
		t.Errorf("the Russian digest does not end with a link to %s:\n%s", page, out.String())
	}
	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Shanyraq Dialogues") {
		t.Errorf("day page: %d\n%s", resp.StatusCode, body)
	}
	feed.Close()
	if code := <-done; code != 0 {
		t.Fatalf("demo exit %d: %s", code, errb.String())
	}
}
