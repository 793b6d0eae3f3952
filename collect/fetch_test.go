package collect

import (
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/config"
)

func TestConditionalGETAndHeaders(t *testing.T) {
	s := newSite(t)
	feed := strings.ReplaceAll(readFixture(t, "feed_kk.rss"), "http://OUTLET", s.URL)
	var mu sync.Mutex
	var uas, inm, ims []string
	s.handle("/rss", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		uas = append(uas, r.Header.Get("User-Agent"))
		inm = append(inm, r.Header.Get("If-None-Match"))
		ims = append(ims, r.Header.Get("If-Modified-Since"))
		mu.Unlock()
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sat, 14 Mar 2026 06:00:00 GMT")
		w.Write([]byte(feed))
	})
	s.serve("/kk/article-003", "text/html", readFixture(t, "article_003.html"))
	st := openStore(t)
	c := New(st, []config.Source{feedSource("S", s.URL+"/rss")}, testOptions(t))
	if r := runOnce(t, c)[0]; r.Err != nil || r.New != 4 {
		t.Fatalf("first pass: %s", r)
	}
	r := runOnce(t, c)[0]
	if got := r.String(); got != "S: not modified" || !r.NotModified {
		t.Errorf("second pass: %q", got)
	}
	state, _ := st.SourceState("S")
	if state.ETag != `"v1"` || state.LastModified != "Sat, 14 Mar 2026 06:00:00 GMT" || !state.LastSuccess.Equal(testNow) {
		t.Errorf("state %+v", state)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(inm) != 2 || inm[0] != "" || inm[1] != `"v1"` || ims[1] != "Sat, 14 Mar 2026 06:00:00 GMT" {
		t.Errorf("If-None-Match %q, If-Modified-Since %q", inm, ims)
	}
	if !strings.HasPrefix(uas[0], "refdigest/") || !strings.Contains(uas[0], "+https://github.com/refdigest/refdigest") {
		t.Errorf("User-Agent %q", uas[0])
	}
}

func TestGzip(t *testing.T) {
	s := newSite(t)
	body := rss([3]string{"Референдум", s.URL + "/a", strings.Repeat("Конституция жобасы талқыланды. ", 40)})
	var sawGzip bool
	s.handle("/rss", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Write([]byte(body))
			return
		}
		sawGzip = true
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write([]byte(body))
		zw.Close()
	})
	st := openStore(t)
	r := runOnce(t, New(st, []config.Source{feedSource("S", s.URL+"/rss")}, testOptions(t)))[0]
	if r.Err != nil || r.New != 1 || !sawGzip {
		t.Errorf("%s (gzip asked for: %v)", r, sawGzip)
	}
}

// Hostile servers: each is an error for its source, and items already
// stored from it stay.
func TestHostileServers(t *testing.T) {
	s := newSite(t)
	s.handle("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
		chunk := []byte(strings.Repeat("x", 64<<10))
		for i := 0; i < 50<<20/len(chunk); i++ { // 50 MB unless the client hangs up
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	s.handle("/trickle", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		for _, b := range []byte(`<?xml version="1.0"?><rss version="2.0">`) {
			w.Write([]byte{b})
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	})
	for i := range 2 {
		s.handle(fmt.Sprintf("/loop%d", i), func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, fmt.Sprintf("/loop%d", 1-i), http.StatusFound)
		})
	}
	s.handle("/invalid-utf8", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write([]byte(rss([3]string{"Сайлау \xff\xfe туралы", s.URL + "/u1", strings.Repeat("Конституция \xc0 жобасы. ", 40)})))
	})

	opts := testOptions(t)
	opts.Timeout = 300 * time.Millisecond
	opts.MaxBody = 1 << 20
	st := openStore(t)
	sources := []config.Source{
		feedSource("Huge", s.URL+"/huge"),
		feedSource("Trickle", s.URL+"/trickle"),
		feedSource("Loop", s.URL+"/loop0"),
		feedSource("Invalid UTF-8", s.URL+"/invalid-utf8"),
	}
	res := runOnce(t, New(st, sources, opts))
	want := []string{
		"Huge: error: fetch " + s.URL + "/huge: response body larger than 1 MB",
		"Trickle: error: fetch " + s.URL + "/trickle: timed out after 300ms",
		"Loop: error: fetch " + s.URL + "/loop0: stopped after 5 redirects",
		"Invalid UTF-8: new 1, seen 0, skipped 0",
	}
	for i, w := range want {
		if got := res[i].String(); got != w {
			t.Errorf("got  %q\nwant %q", got, w)
		}
	}
	it, err := st.ItemByURL(s.URL + "/u1")
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "Сайлау \uFFFD туралы" {
		t.Errorf("title %q", it.Title)
	}
}

// A source that fails keeps what it stored before.
func TestFailureKeepsStoredItems(t *testing.T) {
	s := newSite(t)
	feed := strings.ReplaceAll(readFixture(t, "feed_kk.rss"), "http://OUTLET", s.URL)
	var mu sync.Mutex
	broken := false
	s.handle("/rss", func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		b := broken
		mu.Unlock()
		if b {
			w.Write([]byte(feed[:len(feed)/2])) // cut mid-document
			return
		}
		w.Write([]byte(feed))
	})
	s.serve("/kk/article-003", "text/html", readFixture(t, "article_003.html"))
	st := openStore(t)
	c := New(st, []config.Source{feedSource("S", s.URL+"/rss")}, testOptions(t))
	runOnce(t, c)
	before, _ := st.CountItems()
	mu.Lock()
	broken = true
	mu.Unlock()
	r := runOnce(t, c)[0]
	if r.Err == nil || !strings.Contains(r.String(), "S: error: malformed feed") {
		t.Errorf("broken pass: %s", r)
	}
	after, _ := st.CountItems()
	if before != 4 || after != before {
		t.Errorf("items before %d, after %d", before, after)
	}
	if _, err := st.ItemByURL(s.URL + "/kk/article-003"); err != nil {
		t.Error(err)
	}
}

func TestBackoffAndRetryAfter(t *testing.T) {
	s := newSite(t)
	var mu sync.Mutex
	status := http.StatusInternalServerError
	retryAfter := ""
	s.handle("/rss", func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		st, ra := status, retryAfter
		mu.Unlock()
		if ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		if st != http.StatusOK {
			w.WriteHeader(st)
			return
		}
		w.Write([]byte(rss([3]string{"Референдум", s.URL + "/a", strings.Repeat("Конституция жобасы. ", 50)})))
	})
	set := func(st int, ra string) {
		mu.Lock()
		status, retryAfter = st, ra
		mu.Unlock()
	}
	loc := almaty()
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, loc)
	var clockMu sync.Mutex
	opts := testOptions(t)
	opts.Clock = func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		return now
	}
	advance := func(d time.Duration) {
		clockMu.Lock()
		now = now.Add(d)
		clockMu.Unlock()
	}
	st := openStore(t)
	c := New(st, []config.Source{feedSource("S", s.URL+"/rss")}, opts)
	run := func() Result { return runOnce(t, c)[0] }
	fetch := s.URL + "/rss"

	steps := []struct {
		before  func()
		want    string
		fails   int
		next    time.Duration // from the clock at the step; -1 = zero
		request bool
	}{
		{func() {}, "S: error: fetch " + fetch + ": HTTP 500 Internal Server Error", 1, 5 * time.Minute, true},
		{func() { advance(time.Minute) }, "S: error: backing off after 1 failures until 12:05 (last: fetch " + fetch + ": HTTP 500 Internal Server Error)", 1, 4 * time.Minute, false},
		{func() { advance(4 * time.Minute) }, "S: error: fetch " + fetch + ": HTTP 500 Internal Server Error (failure 2, next try 12:15)", 2, 10 * time.Minute, true},
		{func() { advance(10 * time.Minute) }, "S: error: fetch " + fetch + ": HTTP 500 Internal Server Error (failure 3, next try 12:35)", 3, 20 * time.Minute, true},
		// Retry-After longer than the backoff wins.
		{func() { advance(20 * time.Minute); set(http.StatusServiceUnavailable, "3600") },
			"S: error: fetch " + fetch + ": HTTP 503 Service Unavailable (retry after 1h0m0s) (failure 4, next try 13:35)", 4, time.Hour, true},
		{func() { advance(time.Hour); set(http.StatusOK, "") }, "S: new 1, seen 0, skipped 0", 0, -1, true},
		// Reset: the next failure starts from the base again.
		{func() { set(http.StatusTooManyRequests, "") }, "S: error: fetch " + fetch + ": HTTP 429 Too Many Requests", 1, 5 * time.Minute, true},
	}
	for i, step := range steps {
		step.before()
		hits := s.hitCount("/rss")
		r := run()
		if got := r.String(); got != step.want {
			t.Errorf("step %d:\n got %q\nwant %q", i, got, step.want)
		}
		wantNext := time.Time{}
		if step.next >= 0 {
			wantNext = opts.Clock().Add(step.next)
		}
		if r.Failures != step.fails || !r.NextAttempt.Equal(wantNext) {
			t.Errorf("step %d: failures %d next %v, want %d %v", i, r.Failures, r.NextAttempt, step.fails, wantNext)
		}
		if made := s.hitCount("/rss") > hits; made != step.request {
			t.Errorf("step %d: request made %v, want %v", i, made, step.request)
		}
	}
	state, _ := st.SourceState("S")
	if state.Failures != 1 || state.LastError == "" || state.LastSuccess.IsZero() || state.ItemsTotal != 1 {
		t.Errorf("state %+v", state)
	}
}

func TestBackoffCap(t *testing.T) {
	c := New(nil, nil, Options{BackoffBase: time.Minute, BackoffMax: time.Hour})
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := c.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := c.backoff(1000); got != time.Hour {
		t.Errorf("backoff(1000) = %v", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 14, 6, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"120", 2 * time.Minute}, {" 5 ", 5 * time.Second}, {"-3", 0}, {"soon", 0},
		{"Sat, 14 Mar 2026 06:10:00 GMT", 10 * time.Minute}, {"Sat, 14 Mar 2026 05:00:00 GMT", 0},
		{"99999999999", maxRetryAfter},
	}
	for _, tc := range tests {
		if got := parseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// One request at a time per host, and at least HostInterval between them.
func TestPoliteness(t *testing.T) {
	const interval = 30 * time.Millisecond
	s := newSite(t)
	var mu sync.Mutex
	var arrivals []time.Time
	inFlight, maxInFlight := 0, 0
	track := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			arrivals = append(arrivals, time.Now())
			inFlight++
			maxInFlight = max(maxInFlight, inFlight)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			h(w, r)
			mu.Lock()
			inFlight--
			mu.Unlock()
		}
	}
	_, paras := seedText(t, "000")
	page := "<html><body><article><p>" + strings.Join(paras, "</p><p>") + "</p></article></body></html>"
	var items [][3]string
	for i := range 4 {
		path := fmt.Sprintf("/a/%d", i)
		s.handle(path, track(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(page)) }))
		items = append(items, [3]string{fmt.Sprintf("Жаңалық %d", i), s.URL + path, "қысқа"})
	}
	feed := rss(items...)
	s.handle("/rss1", track(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(feed)) }))
	s.handle("/rss2", track(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(feed)) }))
	opts := testOptions(t)
	opts.HostInterval = interval
	st := openStore(t)
	// Two sources on one host: run in one queue, never overlapping.
	res := runOnce(t, New(st, []config.Source{feedSource("A", s.URL+"/rss1"), feedSource("B", s.URL+"/rss2")}, opts))
	if res[0].New != 4 || res[1].Seen != 4 {
		t.Errorf("%s / %s", res[0], res[1])
	}
	mu.Lock()
	defer mu.Unlock()
	if len(arrivals) != 6 || maxInFlight != 1 {
		t.Fatalf("%d requests, %d at once at most", len(arrivals), maxInFlight)
	}
	for i := 1; i < len(arrivals); i++ {
		if gap := arrivals[i].Sub(arrivals[i-1]); gap < interval {
			t.Errorf("gap %d: %v < %v", i, gap, interval)
		}
	}
}

// Feed URLs sometimes carry access keys: errors and the summary line do not show the query.
func TestErrorsHideQuery(t *testing.T) {
	s := newSite(t)
	s.handle("/feed", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "no", http.StatusUnauthorized) })
	st := openStore(t)
	r := runOnce(t, New(st, []config.Source{feedSource("S", s.URL+"/feed?key=s3cr3t-access-key")}, testOptions(t)))[0]
	want := "S: error: fetch " + s.URL + "/feed?…: HTTP 401 Unauthorized"
	if got := r.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	state, _ := st.SourceState("S")
	if strings.Contains(state.LastError, "s3cr3t") {
		t.Errorf("LastError %q shows the key", state.LastError)
	}
}

// A feed of many excerpt-only items is worked off MaxPages article pages per pass.
func TestMaxPagesPerPass(t *testing.T) {
	s := newSite(t)
	_, paras := seedText(t, "001")
	page := "<html><body><article><p>" + strings.Join(paras, "</p><p>") + "</p></article></body></html>"
	var items [][3]string
	for i := range 5 {
		path := fmt.Sprintf("/a/%d", i)
		s.serve(path, "text/html", page)
		items = append(items, [3]string{fmt.Sprintf("Референдум %d", i), s.URL + path, "қысқа"})
	}
	s.serve("/rss", "application/rss+xml", rss(items...))
	opts := testOptions(t)
	opts.MaxPages = 2
	st := openStore(t)
	c := New(st, []config.Source{feedSource("S", s.URL+"/rss")}, opts)
	for i, want := range []string{
		"S: new 2, seen 0, skipped 3",
		"S: new 2, seen 2, skipped 1",
		"S: new 1, seen 4, skipped 0",
	} {
		if got := runOnce(t, c)[0].String(); got != want {
			t.Errorf("pass %d: %q, want %q", i+1, got, want)
		}
	}
	for i := range 5 {
		if n := s.hitCount(fmt.Sprintf("/a/%d", i)); n != 1 {
			t.Errorf("page %d fetched %d times", i, n)
		}
	}
}
