package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// parseWebhookURL checks a setWebhook url as Telegram does: https only, on
// one of the four ports Telegram delivers to.
func parseWebhookURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return "", errors.New("invalid webhook URL specified")
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return "", errors.New("An HTTPS URL must be provided for webhook")
	}
	switch u.Port() {
	case "", "443", "80", "88", "8443":
	default:
		return "", errors.New("Webhook can be set up only on ports 80, 88, 443 or 8443")
	}
	return u.String(), nil
}

// deliverWebhooks POSTs queued updates, oldest first and one at a time, to
// Options.WebhookTarget while a webhook is set. An update is confirmed when
// the bot answers 2xx; otherwise the error is recorded for getWebhookInfo
// and the same update is retried after a pause that grows to one second.
func (s *Server) deliverWebhooks() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	const firstPause = 50 * time.Millisecond
	pause := firstPause
	for {
		s.mu.Lock()
		if s.hook == nil || len(s.queue) == 0 {
			wake := s.wakeChanLocked()
			s.mu.Unlock()
			select {
			case <-wake:
				continue
			case <-s.done:
				return
			}
		}
		head := s.queue[0]
		target := s.webhookURLLocked()
		secret := s.hook.info.SecretToken
		s.mu.Unlock()

		msg := s.postUpdate(ctx, target, secret, head.body)
		s.mu.Lock()
		if msg == "" {
			if len(s.queue) > 0 && s.queue[0].id == head.id {
				s.confirmLocked(int64(head.id) + 1)
			}
			s.mu.Unlock()
			pause = firstPause
			continue
		}
		if s.hook != nil {
			s.hook.info.LastErrorMessage = msg
			s.hook.info.LastErrorDate = s.now()
		}
		s.mu.Unlock()
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-s.done:
			t.Stop()
			return
		}
		pause = min(2*pause, time.Second)
	}
}

// webhookURLLocked is the target with the path and query of the registered URL.
func (s *Server) webhookURLLocked() string {
	t := *s.webhookTarget
	if reg, err := url.Parse(s.hook.info.URL); err == nil {
		t.Path, t.RawPath, t.RawQuery = reg.Path, reg.RawPath, reg.RawQuery
	}
	if t.Path == "" {
		t.Path = "/"
	}
	return t.String()
}

// postUpdate delivers one update and returns "" or Telegram's description
// of what went wrong.
func (s *Server) postUpdate(ctx context.Context, target, secret string, body []byte) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return "Invalid webhook URL"
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := s.hookClient.Do(req)
	if err != nil {
		if errors.Is(err, syscall.ECONNREFUSED) {
			return "Connection refused"
		}
		return "Connection failed"
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "Wrong response from the webhook: " + resp.Status
	}
	return ""
}
