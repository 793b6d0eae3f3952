package deliver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// testDate is the digest date the tests deliver (the first working day of March 2026).
const testDate = "2026-03-03"

// almaty is the service's zone (UTC+5 all year since 2024).
var almaty = time.FixedZone("Asia/Almaty", 5*3600)

// testNow is inside testDate in Almaty.
var testNow = time.Date(2026, 3, 3, 21, 0, 0, 0, almaty)

// testDigest is a small digest in both languages: two Kazakh parts and one Russian part,
// valid Telegram HTML, our own sentences.
func testDigest(date string) store.DigestRecord {
	return store.DigestRecord{
		Date: date, Built: testNow, Items: 3,
		HTML: map[string][]string{
			"kk": {
				"<b>Күнделікті шолу, " + date + "</b>\n1. Жаңа Конституция бойынша референдум қорытындысы жарияланды.",
				"2. Құрылтайға сайлау мерзімі талқыланды. <i>(2/2)</i>",
			},
			"ru": {
				"<b>Обзор дня, " + date + "</b>\n1. Опубликованы итоги референдума по новой Конституции.",
			},
		},
		Text: map[string]string{"kk": "шолу", "ru": "обзор"},
	}
}

// openStore opens a fresh store in a temporary directory, without fsync (tests only).
func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName), store.Options{NoSync: true, Clock: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// sub describes one test subscriber.
type sub struct {
	id     int64
	lang   string
	time   string
	active bool
}

func addSubs(t testing.TB, st *store.Store, subs ...sub) {
	t.Helper()
	for _, s := range subs {
		_, err := st.UpdateSubscriber(s.id, func(x *store.Subscriber, _ bool) error {
			x.Lang, x.Time, x.Active = s.lang, s.time, s.active
			x.ChatType = "private"
			if s.id < 0 {
				x.ChatType = "group"
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// sentMsg is one call the fake API got.
type sentMsg struct {
	botapi.Message
	at time.Time
}

// fakeAPI is a hand-written deliver.API: answer decides each call's outcome (nil: success);
// every call is recorded, whatever the answer.
type fakeAPI struct {
	answer func(ctx context.Context, m botapi.Message, call int) error

	mu    sync.Mutex
	calls []sentMsg
	ok    []sentMsg
}

func (f *fakeAPI) Send(ctx context.Context, m botapi.Message) (int, error) {
	f.mu.Lock()
	n := len(f.calls)
	f.calls = append(f.calls, sentMsg{m, time.Now()})
	f.mu.Unlock()
	var err error
	if f.answer != nil {
		err = f.answer(ctx, m, n)
	}
	if err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ok = append(f.ok, sentMsg{m, time.Now()})
	return len(f.ok), nil
}

// delivered returns the texts accepted for chatID, in order.
func (f *fakeAPI) delivered(chatID int64) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, m := range f.ok {
		if m.ChatID == chatID {
			out = append(out, m.Text)
		}
	}
	return out
}

func (f *fakeAPI) callsTo(chatID int64) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, m := range f.calls {
		if m.ChatID == chatID {
			n++
		}
	}
	return n
}

// running starts d.Run and returns a stop function that cancels it and waits for it.
func running(t testing.TB, d *Deliverer) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitSettled waits until date has no pending or sending job left and returns the counts.
func waitSettled(t testing.TB, d *Deliverer, date string, timeout time.Duration) map[store.JobState]int {
	t.Helper()
	return waitSettledEvery(t, d, date, timeout, 20*time.Millisecond)
}

// waitSettledEvery is waitSettled looking every so often (counting a large outbox costs).
func waitSettledEvery(t testing.TB, d *Deliverer, date string, timeout, every time.Duration) map[store.JobState]int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		c, err := d.Progress(date)
		if err != nil {
			t.Fatal(err)
		}
		if c[store.JobPending] == 0 && c[store.JobSending] == 0 {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery of %s not settled after %s: %v", date, timeout, c)
		}
		time.Sleep(every)
	}
}

func jobOf(t testing.TB, st *store.Store, chatID int64, lang string, part int) store.Job {
	t.Helper()
	j, err := st.Job(store.Job{Date: testDate, ChatID: chatID, Lang: lang, Part: part}.Key())
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// logRecords is a slog handler that keeps every record, for asserting on logs.
type logRecords struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (h *logRecords) Enabled(context.Context, slog.Level) bool { return true }
func (h *logRecords) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.recs = append(h.recs, r.Clone())
	h.mu.Unlock()
	return nil
}
func (h *logRecords) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logRecords) WithGroup(string) slog.Handler      { return h }

// find returns the attributes of the records at level whose message contains msg.
func (h *logRecords) find(level slog.Level, msg string) []map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []map[string]string
	for _, r := range h.recs {
		if r.Level != level || !strings.Contains(r.Message, msg) {
			continue
		}
		attrs := map[string]string{}
		r.Attrs(func(a slog.Attr) bool {
			attrs[a.Key] = a.Value.String()
			return true
		})
		out = append(out, attrs)
	}
	return out
}

// botAPI is a minimal Bot API client for the load tests: sendMessage over HTTP, error
// answers turned into *botapi.APIError, anything unreadable (a proxy's HTML 502) into a plain
// error, as botapi.Client does. The service uses botapi.Client; this one keeps the deliver tests
// free of the bot package and its dependencies.
type botAPI struct {
	hc       *http.Client
	endpoint string // tgbotapi's format: base + "/bot%s/%s"
	token    string
}

func newBotAPI(endpoint, token string, conns int) *botAPI {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	return &botAPI{hc: &http.Client{Transport: tr}, endpoint: endpoint, token: token}
}

func (a *botAPI) Send(ctx context.Context, m botapi.Message) (int, error) {
	form := url.Values{
		"chat_id":    {strconv.FormatInt(m.ChatID, 10)},
		"text":       {m.Text},
		"parse_mode": {"HTML"},
	}
	if m.DisablePreview {
		form.Set("link_preview_options", `{"is_disabled":true}`)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf(a.endpoint, a.token, "sendMessage"),
		strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("sendMessage: %s", strings.ReplaceAll(err.Error(), a.token, "<token>"))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("sendMessage: read answer: %w", err)
	}
	var ans struct {
		OK     bool `json:"ok"`
		Result struct {
			MessageID int `json:"message_id"`
		} `json:"result"`
		ErrorCode   int    `json:"error_code"`
		Description string `json:"description"`
		Parameters  struct {
			RetryAfter      int   `json:"retry_after"`
			MigrateToChatID int64 `json:"migrate_to_chat_id"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(body, &ans); err != nil {
		return 0, fmt.Errorf("sendMessage: HTTP %d, unreadable answer: %w", resp.StatusCode, err)
	}
	if !ans.OK {
		return 0, &botapi.APIError{Code: ans.ErrorCode, Description: ans.Description,
			RetryAfter: time.Duration(ans.Parameters.RetryAfter) * time.Second, MigrateTo: ans.Parameters.MigrateToChatID}
	}
	return ans.Result.MessageID, nil
}

// percentile returns the p-th percentile (0-100) of ds, nearest rank.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// farFuture stands for "due whenever" in outbox queries.
func farFuture() time.Time { return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC) }
