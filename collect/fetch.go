package collect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxRedirects is the most redirects one request follows.
const maxRedirects = 5

// maxRetryAfter caps a server's Retry-After, so a silly value cannot stop a
// source for weeks.
const maxRetryAfter = 24 * time.Hour

const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
	acceptHTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
)

// fetcher does every HTTP request of the collector: one at a time per host
// with a gap, a timeout covering the body, a body cap, conditional GET and
// Retry-After.
type fetcher struct {
	client  *http.Client
	ua      string
	maxBody int64
	timeout time.Duration
	gate    *hostGate
}

func newFetcher(opts Options) *fetcher {
	var client http.Client
	if opts.Client != nil {
		client = *opts.Client
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		t.TLSHandshakeTimeout = 10 * time.Second
		t.MaxIdleConnsPerHost = 2
		client.Transport = t
	}
	if client.CheckRedirect == nil {
		client.CheckRedirect = func(_ *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			return nil
		}
	}
	return &fetcher{
		client:  &client,
		ua:      opts.UserAgent,
		maxBody: opts.MaxBody,
		timeout: opts.Timeout,
		gate:    newHostGate(opts.HostInterval, opts.Clock, opts.Location),
	}
}

// validators are the conditional GET headers remembered from the last response.
type validators struct {
	ETag, LastModified string
}

// response is a fetched body, not yet decoded to UTF-8.
type response struct {
	Status      int
	URL         *url.URL // after redirects
	ContentType string
	Body        []byte
	NotModified bool
	Validators  validators
}

// httpError is a response with a status other than 2xx or 304.
type httpError struct {
	Status     int
	Text       string
	RetryAfter time.Duration // from Retry-After on 429 and 503; 0 when absent
}

func (e *httpError) Error() string {
	s := "HTTP " + e.Text
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter.Round(time.Second))
	}
	return s
}

// errTooLarge is a body over the cap.
type errTooLarge struct{ limit int64 }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("response body larger than %s", byteSize(e.limit))
}

// errHostWaiting is a request not sent because the host asked us to wait.
type errHostWaiting struct{ until time.Time }

func (e errHostWaiting) Error() string {
	return fmt.Sprintf("host asked to wait (Retry-After) until %s", e.until.Format("15:04"))
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// get fetches rawURL politely. accept is the Accept header; cond, when set,
// makes the request conditional.
func (f *fetcher) get(ctx context.Context, rawURL, accept string, cond validators) (*response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// Not echoed: a source URL may carry an access key.
		return nil, errors.New("bad URL: want an absolute http:// or https:// URL")
	}
	release, err := f.gate.acquire(ctx, strings.ToLower(u.Hostname()))
	if err != nil {
		return nil, err
	}
	resp, retryAfter, err := f.do(ctx, u, accept, cond)
	release(retryAfter)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", displayURL(u), err)
	}
	return resp, nil
}

func (f *fetcher) do(ctx context.Context, u *url.URL, accept string, cond validators) (*response, time.Duration, error) {
	reqCtx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", f.ua)
	req.Header.Set("Accept", accept)
	req.Header.Set("Accept-Language", "kk, ru;q=0.9, en;q=0.5")
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, 0, f.explain(ctx, reqCtx, err)
	}
	defer resp.Body.Close()

	out := &response{
		Status:      resp.StatusCode,
		URL:         resp.Request.URL,
		ContentType: resp.Header.Get("Content-Type"),
		Validators:  validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")},
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.Validators = mergeValidators(out.Validators, cond)
		return out, 0, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// Drain a little so the connection can be reused; the rest is dropped.
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		he := &httpError{Status: resp.StatusCode, Text: statusText(resp)}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			he.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return nil, he.RetryAfter, he
	}
	body, err := readCapped(resp.Body, f.maxBody, resp.ContentLength)
	if err != nil {
		return nil, 0, f.explain(ctx, reqCtx, err)
	}
	out.Body = body
	return out, 0, nil
}

// displayURL is u for messages: without user info and query, which may
// hold access keys (config does not echo source URLs either).
func displayURL(u *url.URL) string {
	s := u.Scheme + "://" + u.Host + u.EscapedPath()
	if u.RawQuery != "" {
		s += "?…"
	}
	return s
}

// explain turns transport errors into short reasons a person can act on.
func (f *fetcher) explain(parent, reqCtx context.Context, err error) error {
	var tl errTooLarge
	if errors.As(err, &tl) {
		return tl
	}
	if parent.Err() != nil {
		return parent.Err()
	}
	if errors.Is(reqCtx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s", f.timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// The URL is added by the caller once, not twice.
		return ue.Err
	}
	return err
}

func statusText(resp *http.Response) string {
	if t := http.StatusText(resp.StatusCode); t != "" {
		return fmt.Sprintf("%d %s", resp.StatusCode, t)
	}
	return strconv.Itoa(resp.StatusCode)
}

// mergeValidators keeps the old validators a 304 did not repeat.
func mergeValidators(got, sent validators) validators {
	if got.ETag == "" {
		got.ETag = sent.ETag
	}
	if got.LastModified == "" {
		got.LastModified = sent.LastModified
	}
	return got
}

// readCapped reads all of r, failing as soon as more than limit bytes
// arrive, so a huge body costs at most limit bytes of memory. A declared
// length within the limit sizes the buffer once (no doubling copies); a
// declared length over it fails before reading.
func readCapped(r io.Reader, limit, declared int64) ([]byte, error) {
	if declared > limit {
		return nil, errTooLarge{limit: limit}
	}
	var buf bytes.Buffer
	if declared > 0 {
		buf.Grow(int(declared) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, errTooLarge{limit: limit}
	}
	return buf.Bytes(), nil
}

// parseRetryAfter reads delay-seconds or an HTTP date; 0 when absent or bad.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		d = time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return max(0, min(d, maxRetryAfter))
}

// hostGate lets one request at a time reach a host, with at least interval
// between the end of one and the start of the next, and holds back a host
// that answered with Retry-After. The gap is real time (it is slept); the
// Retry-After hold is on the collector's clock, like source backoff.
type hostGate struct {
	interval time.Duration
	clock    func() time.Time
	loc      *time.Location
	mu       sync.Mutex
	hosts    map[string]*hostSlot
}

type hostSlot struct {
	sem chan struct{}
	// Fields below are touched only by the holder of sem.
	last         time.Time
	blockedUntil time.Time
}

func newHostGate(interval time.Duration, clock func() time.Time, loc *time.Location) *hostGate {
	return &hostGate{interval: interval, clock: clock, loc: loc, hosts: make(map[string]*hostSlot)}
}

// acquire waits for host's turn. The returned release records the end of the
// request and, when retryAfter > 0, keeps the host closed that long.
func (g *hostGate) acquire(ctx context.Context, host string) (func(retryAfter time.Duration), error) {
	g.mu.Lock()
	slot, ok := g.hosts[host]
	if !ok {
		slot = &hostSlot{sem: make(chan struct{}, 1)}
		g.hosts[host] = slot
	}
	g.mu.Unlock()

	select {
	case slot.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if until := slot.blockedUntil; g.clock().Before(until) {
		<-slot.sem
		return nil, errHostWaiting{until: until.In(g.loc)}
	}
	if wait := time.Until(slot.last.Add(g.interval)); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-slot.sem
			return nil, ctx.Err()
		}
	}
	return func(retryAfter time.Duration) {
		slot.last = time.Now()
		if retryAfter > 0 {
			slot.blockedUntil = g.clock().Add(retryAfter)
		}
		<-slot.sem
	}, nil
}
