package telegramtest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultToken is the token a Server accepts when Options.Token is empty.
const DefaultToken = "110201543:AAfakeTokenForTelegramtestOnly-0000000"

// DefaultBotUsername is the bot's username when Options.BotUsername is empty.
const DefaultBotUsername = "refdigest_test_bot"

// maxBody bounds a request body; the real server takes 50 MB uploads, but
// nothing the fake handles comes close to this.
const maxBody = 10 << 20

// Options configure a Server. The zero value gives a server with Telegram's
// default limits, no latency and no random failures.
type Options struct {
	// Token is the only token accepted; "" means DefaultToken. It must look
	// like "<bot id>:<secret>"; the bot id becomes getMe's id.
	Token string
	// BotUsername is the bot's username without "@"; "" means DefaultBotUsername.
	BotUsername string
	// Addr is the listen address; "" means "127.0.0.1:0" (a free port).
	Addr string
	// Latency delays every answer; LatencyJitter adds a random extra delay in
	// [0, LatencyJitter).
	Latency, LatencyJitter time.Duration
	// Limits are the flood limits on sendMessage; nil means TelegramLimits().
	// In a non-nil Limits a zero field turns that limit off, so &Limits{}
	// turns all of them off.
	Limits *Limits
	// FailRate5xx is the probability (0 to 1) that a call other than getMe and
	// getUpdates answers 500 (JSON) or 502 (an HTML page) without doing anything.
	FailRate5xx float64
	// Seed makes the jitter and 5xx draws reproducible for a given call order.
	Seed uint64
	// Now is the clock for message dates, Sent.At and the flood windows; nil
	// means time.Now. Long-poll timeouts and latency use real time.
	Now func() time.Time
	// WebhookTarget, if set, is a plain-HTTP base URL such as
	// "http://127.0.0.1:8443" to which updates are POSTed while a webhook is set.
	WebhookTarget string
	// Logger gets one debug record per call (method, status); the token is
	// never logged. nil discards.
	Logger *slog.Logger
}

// Server is a running fake Bot API server. Create it with New and stop it
// with Close. All methods are safe for concurrent use.
type Server struct {
	token    string
	botID    int64
	username string
	latency  time.Duration
	jitter   time.Duration
	failRate float64
	now      func() time.Time
	log      *slog.Logger

	global, private, group rateSpec
	webhookTarget          *url.URL
	hookClient             *http.Client

	ln        net.Listener
	hs        *http.Server
	base      string
	done      chan struct{}
	closeOnce sync.Once
	bg        sync.WaitGroup

	mu        sync.Mutex
	faultRNG  *rand.Rand
	jitterRNG *rand.Rand
	failNext  []pendingFailure
	stats     Stats

	// updates
	nextUpdateID int
	queue        []queued
	allowed      kindSet
	wake         chan struct{} // closed when the queue or the webhook changes
	poller       *poller
	hook         *webhookState

	// chats and what was sent
	chats     map[int64]*chatState
	usernames map[string]int64 // lower-case username -> chat id
	users     map[int64]User
	sent      []Sent
	sentWake  chan struct{} // closed when a record is added

	globalWin  window
	floodUntil time.Time

	commands map[commandKey][]BotCommand

	queries         map[string]*query
	nextQueryID     int64
	callbackAnswers []CallbackAnswer
	inlineAnswers   []InlineAnswer
}

var usernameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{3,31}$`)

// New starts a fake server on 127.0.0.1 (or Options.Addr). It fails only on
// invalid options or when it cannot listen.
func New(opts Options) (*Server, error) {
	s := &Server{
		token:        opts.Token,
		username:     opts.BotUsername,
		latency:      opts.Latency,
		jitter:       opts.LatencyJitter,
		failRate:     opts.FailRate5xx,
		now:          opts.Now,
		log:          opts.Logger,
		done:         make(chan struct{}),
		faultRNG:     rand.New(rand.NewPCG(opts.Seed, 0x5eed0001)),
		jitterRNG:    rand.New(rand.NewPCG(opts.Seed, 0x5eed0002)),
		nextUpdateID: 700000001,
		allowed:      defaultAllowed,
		chats:        make(map[int64]*chatState),
		usernames:    make(map[string]int64),
		users:        make(map[int64]User),
		commands:     make(map[commandKey][]BotCommand),
		queries:      make(map[string]*query),
		nextQueryID:  4410000000000000001,
	}
	s.stats.Methods = make(map[string]int)
	if s.token == "" {
		s.token = DefaultToken
	}
	id, secret, ok := strings.Cut(s.token, ":")
	botID, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || botID <= 0 || secret == "" || strings.ContainsAny(secret, "/?#% ") {
		return nil, errors.New(`telegramtest: token must look like "<bot id>:<secret>"`)
	}
	s.botID = botID
	if s.username == "" {
		s.username = DefaultBotUsername
	}
	if !usernameRE.MatchString(s.username) {
		return nil, fmt.Errorf("telegramtest: bot username %q is not a valid Telegram username", s.username)
	}
	if opts.Latency < 0 || opts.LatencyJitter < 0 {
		return nil, errors.New("telegramtest: latency must not be negative")
	}
	if math.IsNaN(opts.FailRate5xx) || opts.FailRate5xx < 0 || opts.FailRate5xx > 1 {
		return nil, fmt.Errorf("telegramtest: FailRate5xx %v is outside 0..1", opts.FailRate5xx)
	}
	lim := TelegramLimits()
	if opts.Limits != nil {
		lim = *opts.Limits
	}
	if err := lim.validate(); err != nil {
		return nil, err
	}
	s.global = newRateSpec(lim.GlobalPerSecond, time.Second)
	s.private = newRateSpec(lim.PerChatPerSecond, time.Second)
	s.group = newRateSpec(lim.GroupPerMinute, time.Minute)
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if opts.WebhookTarget != "" {
		u, err := url.Parse(opts.WebhookTarget)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("telegramtest: webhook target %q is not an http URL", opts.WebhookTarget)
		}
		s.webhookTarget = u
		s.hookClient = &http.Client{Timeout: 10 * time.Second}
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("telegramtest: listen: %w", err)
	}
	s.ln = ln
	s.base = "http://" + ln.Addr().String()
	s.hs = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		if err := s.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("telegramtest: serve", "err", err)
		}
	}()
	if s.webhookTarget != nil {
		s.bg.Add(1)
		go func() {
			defer s.bg.Done()
			s.deliverWebhooks()
		}()
	}
	return s, nil
}

// Endpoint returns the API endpoint in tgbotapi's format,
// "http://127.0.0.1:PORT/bot%s/%s".
func (s *Server) Endpoint() string { return s.base + "/bot%s/%s" }

// URL returns the server's base URL, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.base }

// Token returns the token the server accepts.
func (s *Server) Token() string { return s.token }

// Bot returns the bot's own user, as getMe reports it.
func (s *Server) Bot() User {
	return User{ID: s.botID, IsBot: true, FirstName: "Refdigest Test", Username: s.username}
}

// Close stops the server. Long polls and WaitSent calls in progress return
// at once; later calls fail to connect. Close may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.hs.Shutdown(ctx); err != nil {
			_ = s.hs.Close()
		}
		s.bg.Wait()
	})
}

// Stats are the server's counters since it started.
type Stats struct {
	// Requests counts every HTTP request, including refused ones.
	Requests int
	// Unauthorized counts requests with a wrong token.
	Unauthorized int
	// TooManyRequests counts 429 answers.
	TooManyRequests int
	// ChatTooMany counts the 429 answers owed to a chat's own limit (the rest are owed to
	// the global limit or to FloodFor).
	ChatTooMany int
	// ServerErrors counts injected 5xx answers.
	ServerErrors int
	// Methods counts calls per method (canonical name, e.g. "sendMessage"),
	// accepted or not; unknown methods are counted under the name used.
	Methods map[string]int
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Methods = make(map[string]int, len(s.stats.Methods))
	for k, v := range s.stats.Methods {
		st.Methods[k] = v
	}
	return st
}

// Calls returns how many times method was called, accepted or not. The name
// is matched case-insensitively.
func (s *Server) Calls(method string) int {
	if name, _ := lookupMethod(method); name != "" {
		method = name
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats.Methods[method]
}

// Failure describes an error that FailNext injects.
type Failure struct {
	// Code is the HTTP status and error_code, e.g. 400, 403, 429, 500, 502.
	Code int
	// Description is the error text; "" picks Telegram's usual text for the
	// code (for 502 an HTML page from the front proxy).
	Description string
	// RetryAfter and MigrateToChatID fill the response parameters.
	RetryAfter      int
	MigrateToChatID int64
}

type pendingFailure struct {
	method string
	f      Failure
}

// FailNext makes the next call of method (case-insensitive; "" means any
// method) answer with f instead of doing anything. Calls queue up: two
// FailNext calls fail the next two matching calls.
func (s *Server) FailNext(method string, f Failure) {
	if name, _ := lookupMethod(method); name != "" {
		method = name
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = append(s.failNext, pendingFailure{method: method, f: f})
}

// call is one request being handled.
type call struct {
	ctx context.Context
	p   map[string]string
	now time.Time
}

type handler func(s *Server, c *call) (any, *apiError)

// lookupMethod maps a method name, in any case, to its canonical name and
// handler; unknown methods give "".
func lookupMethod(name string) (string, handler) {
	switch strings.ToLower(name) {
	case "getme":
		return "getMe", (*Server).handleGetMe
	case "getupdates":
		return "getUpdates", (*Server).handleGetUpdates
	case "setwebhook":
		return "setWebhook", (*Server).handleSetWebhook
	case "deletewebhook":
		return "deleteWebhook", (*Server).handleDeleteWebhook
	case "getwebhookinfo":
		return "getWebhookInfo", (*Server).handleGetWebhookInfo
	case "sendmessage":
		return "sendMessage", (*Server).handleSendMessage
	case "editmessagetext":
		return "editMessageText", (*Server).handleEditMessageText
	case "answercallbackquery":
		return "answerCallbackQuery", (*Server).handleAnswerCallbackQuery
	case "answerinlinequery":
		return "answerInlineQuery", (*Server).handleAnswerInlineQuery
	case "setmycommands":
		return "setMyCommands", (*Server).handleSetMyCommands
	case "getmycommands":
		return "getMyCommands", (*Server).handleGetMyCommands
	case "deletemycommands":
		return "deleteMyCommands", (*Server).handleDeleteMyCommands
	case "getchat":
		return "getChat", (*Server).handleGetChat
	case "getchatmember":
		return "getChatMember", (*Server).handleGetChatMember
	case "getchatadministrators":
		return "getChatAdministrators", (*Server).handleGetChatAdministrators
	case "sendchataction":
		return "sendChatAction", (*Server).handleSendChatAction
	case "leavechat":
		return "leaveChat", (*Server).handleLeaveChat
	}
	return "", nil
}

// ServeHTTP answers one Bot API request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.stats.Requests++
	s.mu.Unlock()

	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || method == "" || strings.Contains(method, "/") {
		s.answer(w, "", nil, errNotFound())
		return
	}
	if token != s.token {
		s.mu.Lock()
		s.stats.Unauthorized++
		s.mu.Unlock()
		s.answer(w, "", nil, &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"})
		return
	}
	name, h := lookupMethod(method)
	s.mu.Lock()
	if name != "" {
		s.stats.Methods[name]++
	} else {
		s.stats.Methods[method]++
	}
	s.mu.Unlock()
	if h == nil {
		s.answer(w, method, nil, errNotFound())
		return
	}

	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	p, err := readParams(r)
	if err != nil {
		s.answer(w, name, nil, badRequest(err.Error()))
		return
	}
	if !s.delay(r.Context()) {
		s.answer(w, name, nil, &apiError{silent: true})
		return
	}
	if e := s.injectedFailure(name); e != nil {
		s.answer(w, name, nil, e)
		return
	}
	res, e := h(s, &call{ctx: r.Context(), p: p, now: s.now()})
	s.answer(w, name, res, e)
}

// delay sleeps for the configured latency; false means the request or the
// server went away meanwhile.
func (s *Server) delay(ctx context.Context) bool {
	d := s.latency
	if s.jitter > 0 {
		s.mu.Lock()
		d += time.Duration(s.jitterRNG.Int64N(int64(s.jitter)))
		s.mu.Unlock()
	}
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}

// injectedFailure returns a queued FailNext failure or a random 5xx, if any.
func (s *Server) injectedFailure(method string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, pf := range s.failNext {
		if pf.method != "" && pf.method != method {
			continue
		}
		s.failNext = append(s.failNext[:i], s.failNext[i+1:]...)
		e := failureError(pf.f)
		s.countErrorLocked(e)
		return e
	}
	if s.failRate <= 0 || method == "getMe" || method == "getUpdates" {
		return nil
	}
	if s.faultRNG.Float64() >= s.failRate {
		return nil
	}
	var e *apiError
	if s.faultRNG.IntN(2) == 0 {
		e = &apiError{code: http.StatusInternalServerError, desc: "Internal Server Error"}
	} else {
		e = &apiError{code: http.StatusBadGateway, html: true}
	}
	s.countErrorLocked(e)
	return e
}

func (s *Server) countErrorLocked(e *apiError) {
	switch {
	case e.code == http.StatusTooManyRequests:
		s.stats.TooManyRequests++
	case e.code >= 500:
		s.stats.ServerErrors++
	}
}

func failureError(f Failure) *apiError {
	e := &apiError{code: f.Code, desc: f.Description, retryAfter: f.RetryAfter, migrateTo: f.MigrateToChatID}
	if e.code == 0 {
		e.code = http.StatusInternalServerError
	}
	if e.desc != "" {
		return e
	}
	switch e.code {
	case http.StatusBadRequest:
		e.desc = "Bad Request"
	case http.StatusUnauthorized:
		e.desc = "Unauthorized"
	case http.StatusForbidden:
		e.desc = "Forbidden"
	case http.StatusNotFound:
		e.desc = "Not Found"
	case http.StatusConflict:
		e.desc = "Conflict"
	case http.StatusTooManyRequests:
		if e.retryAfter < 1 {
			e.retryAfter = 1
		}
		e.desc = "Too Many Requests: retry after " + strconv.Itoa(e.retryAfter)
	case http.StatusBadGateway:
		e.html = true
	default:
		e.desc = http.StatusText(e.code)
		if e.desc == "" {
			e.desc = "Internal Server Error"
		}
	}
	return e
}

func (s *Server) handleGetMe(c *call) (any, *apiError) {
	return botUser{
		ID:                    s.botID,
		IsBot:                 true,
		FirstName:             "Refdigest Test",
		Username:              s.username,
		CanJoinGroups:         true,
		SupportsInlineQueries: true,
	}, nil
}

// botUser is getMe's answer: a User with the bot-only fields.
type botUser struct {
	ID                      int64  `json:"id"`
	IsBot                   bool   `json:"is_bot"`
	FirstName               string `json:"first_name"`
	Username                string `json:"username"`
	CanJoinGroups           bool   `json:"can_join_groups"`
	CanReadAllGroupMessages bool   `json:"can_read_all_group_messages"`
	SupportsInlineQueries   bool   `json:"supports_inline_queries"`
}
