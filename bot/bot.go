// Package bot is refdigest's Telegram face: it turns updates into requests, answers them with
// transport-free handlers (one file per command), and speaks Kazakh, Russian or English.
// The console chat of `refdigest demo` and the Telegram poller share the same handlers.
package bot

import (
	"context"
	"errors"
	"html"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/deliver"
	"github.com/refdigest/refdigest/search"
	"github.com/refdigest/refdigest/store"
)

// Request is one thing a user did: a message or a button press.
type Request struct {
	ChatID       int64
	ChatType     string // private, group, supergroup, channel
	ChatTitle    string
	UserID       int64
	UserName     string
	LanguageCode string // Telegram's language_code of the user
	Text         string
	// Callback is set for an inline button press.
	Callback *Callback
	// Member is the bot's new status in the chat (a my_chat_member update): member,
	// administrator, left, kicked ...
	Member string
	// Inline is set for an inline query (@bot QUERY in any chat).
	Inline *Inline
}

// Inline is an inline query.
type Inline struct {
	ID     string
	Query  string
	Offset string
}

// Callback is an inline button press.
type Callback struct {
	ID        string
	Data      string
	MessageID int
}

// Reply is one answer. Text is Telegram HTML.
type Reply struct {
	Text     string
	Keyboard [][]botapi.Button
	// Edit replaces the message the pressed button belongs to instead of sending a new one.
	Edit bool
	// NoPreview turns link previews off.
	NoPreview bool
}

// Response is everything a request gets back.
type Response struct {
	Replies []Reply
	// CallbackText answers a button press (a short toast); "" still answers it.
	CallbackText string
	// Inline answers an inline query.
	Inline *botapi.InlineAnswer
}

// Store is what the handlers read and write.
type Store interface {
	Subscriber(chatID int64) (store.Subscriber, error)
	UpdateSubscriber(chatID int64, fn func(*store.Subscriber, bool) error) (store.Subscriber, error)
	DeleteSubscriber(chatID int64) error
	SubscriberStats() (store.SubscriberStats, error)
	SourceStates() ([]store.SourceState, error)
	CountItems() (int, error)
	EachItemBetween(from, to time.Time, fn func(store.Item) error) error
	LatestDigest(onOrBefore string) (store.DigestRecord, error)
	JobCounts(date string) (map[store.JobState]int, error)
	SaveQuery(q store.SavedQuery) (string, error)
	Query(id string) (store.SavedQuery, error)
}

// ChatAdmins tells whether a user administers a group (*Client, through getChatMember).
type ChatAdmins interface {
	IsChatAdmin(ctx context.Context, chatID, userID int64) (bool, error)
}

// SourceInfo describes a configured source for /sources.
type SourceInfo struct {
	Name, Lang, URL string
}

// Searcher answers queries.
type Searcher interface {
	Search(ctx context.Context, q string, o search.Query) (search.Results, error)
}

// Service runs the pipeline jobs the bot exposes.
type Service interface {
	// Digest returns the digest of a local day, built and stored if it was not yet; today's
	// is built again when items came in after it was built. A date ahead of today or one
	// that does not exist is an error (service.ErrFutureDate, service.ErrNoSuchDate).
	Digest(ctx context.Context, date string) (store.DigestRecord, error)
	// Collect runs a collection pass and returns one summary line per source.
	Collect(ctx context.Context) ([]string, error)
	// SendDigest builds a day's digest from stored items and queues it for everyone who has
	// not had it. queued is the number of new messages; items 0 means nothing was sent.
	SendDigest(ctx context.Context, date string) (items, queued int, err error)
	// Today is the current local date, YYYY-MM-DD.
	Today() string
}

// Options configure a Handler.
type Options struct {
	BotUsername string
	Admins      []int64
	Logger      *slog.Logger
	// MaxInput cuts over-long text before it is used (a query, a follow). Default 300 runes.
	MaxInput int
	// MaxFollows caps follows per chat. Default 10.
	MaxFollows int
	// PerMinute is how many messages a user may send a minute before being told to slow
	// down and then ignored until the minute is over. Default 20.
	PerMinute int
	// Sources are the configured sources, for /sources and /sourcestatus.
	Sources []SourceInfo
	// ChatAdmins checks group administrators; nil lets anyone manage a group's subscription.
	ChatAdmins ChatAdmins
	// Requeue, when set, is told of a chat whose settings changed, so that a digest queued
	// for it and not yet begun follows the new ones (*deliver.Deliverer's Requeue).
	Requeue func(chatID int64)
	// DeliveryStats, when set, adds the live send rate and counters to /stats.
	DeliveryStats func() deliver.Stats
	// Location is the time zone of delivery times and "today". Default UTC.
	Location *time.Location
	Clock    func() time.Time
}

// Handler answers requests. It holds no transport: Telegram and the console both call Handle.
type Handler struct {
	st     Store
	search Searcher
	svc    Service
	opts   Options
	log    *slog.Logger
	admins map[int64]bool
	limits *userLimits
}

// NewHandler makes a Handler.
func NewHandler(st Store, s Searcher, svc Service, opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxInput <= 0 {
		opts.MaxInput = 300
	}
	if opts.MaxFollows <= 0 {
		opts.MaxFollows = 10
	}
	if opts.PerMinute <= 0 {
		opts.PerMinute = 20
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	admins := map[int64]bool{}
	for _, id := range opts.Admins {
		admins[id] = true
	}
	return &Handler{st: st, search: s, svc: svc, opts: opts, log: opts.Logger, admins: admins,
		limits: newUserLimits(opts.PerMinute, time.Minute, opts.Clock)}
}

// command is a parsed "/name@bot args".
type command struct {
	name string // lowercased, without the slash and the @bot part
	args string
	bot  string // the @mention, lowercased, "" when none
}

func parseCommand(text string) (command, bool) {
	if !strings.HasPrefix(text, "/") {
		return command{}, false
	}
	head, args, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		args = head[i+1:] + " " + args
		head = head[:i]
	}
	name, mention, _ := strings.Cut(head, "@")
	return command{name: strings.ToLower(name), args: strings.TrimSpace(args), bot: strings.ToLower(mention)}, name != ""
}

// Handle answers one request. It never returns an error: failures become a polite reply and
// a log line.
func (h *Handler) Handle(ctx context.Context, req Request) Response {
	start := time.Now()
	resp := h.handle(ctx, req)
	h.log.Debug("handled", "chat_id", req.ChatID, "took_ms", time.Since(start).Milliseconds())
	return resp
}

func (h *Handler) handle(ctx context.Context, req Request) Response {
	ui := h.uiLang(req)
	if req.Member != "" {
		return h.onMembership(req)
	}
	if req.Inline != nil {
		if !h.allow(req.UserID) {
			return Response{Inline: &botapi.InlineAnswer{CacheTime: 5}}
		}
		return h.onInline(ctx, req, ui)
	}
	if req.Callback != nil {
		if !h.allow(req.UserID) {
			return Response{CallbackText: tr(ui, "slow_down")}
		}
		return h.onCallback(ctx, req, ui)
	}
	text := strings.TrimSpace(req.Text)
	private := isPrivate(req)
	cmd, isCmd := parseCommand(text)
	if isCmd && cmd.bot != "" && !strings.EqualFold(cmd.bot, h.opts.BotUsername) {
		return Response{} // addressed to another bot
	}
	if (!isCmd && !private) || text == "" {
		return Response{}
	}
	switch h.limits.take(req.UserID) {
	case limitNotice:
		return say(tr(ui, "slow_down"))
	case limitSilent:
		return Response{}
	}
	var notice []Reply
	if isCmd {
		if args, cut := clip(cmd.args, h.opts.MaxInput); cut {
			cmd.args = args
			notice = append(notice, Reply{Text: tr(ui, "input_cut", h.opts.MaxInput)})
		}
	} else if t, cut := clip(text, h.opts.MaxInput); cut {
		text = t
		notice = append(notice, Reply{Text: tr(ui, "input_cut", h.opts.MaxInput)})
	}
	var resp Response
	if !isCmd {
		resp = h.cmdSearch(ctx, req, ui, text)
	} else {
		resp = h.command(ctx, req, ui, cmd)
	}
	resp.Replies = append(notice, resp.Replies...)
	return resp
}

func (h *Handler) command(ctx context.Context, req Request, ui string, cmd command) Response {
	switch cmd.name {
	case "start", "stop", "lang", "time", "follow", "unfollow", "onlymylang":
		if !h.mayManage(ctx, req) {
			return say(tr(ui, "group_admins"))
		}
	}
	switch cmd.name {
	case "start":
		return h.cmdStart(ctx, req, ui, cmd.args)
	case "stop":
		return h.cmdStop(ctx, req, ui)
	case "lang":
		return h.cmdLang(ctx, req, ui, cmd.args)
	case "time":
		return h.cmdTime(ctx, req, ui, cmd.args)
	case "onlymylang":
		return h.cmdOnlyMyLang(ctx, req, ui, cmd.args)
	case "settings":
		return h.cmdSettings(ctx, req, ui)
	case "digest":
		return h.cmdDigest(ctx, req, ui, cmd.args)
	case "search":
		return h.cmdSearch(ctx, req, ui, cmd.args)
	case "follow":
		return h.cmdFollow(ctx, req, ui, cmd.args)
	case "unfollow":
		return h.cmdUnfollow(ctx, req, ui)
	case "sources":
		return h.cmdSources(ctx, req, ui)
	case "help":
		return h.cmdHelp(ctx, req, ui)
	case "stats":
		return h.admin(req, ui, func() Response { return h.cmdStats(ctx, req, ui) })
	case "collect":
		return h.admin(req, ui, func() Response { return h.cmdCollect(ctx, req, ui) })
	case "senddigest":
		return h.admin(req, ui, func() Response { return h.cmdSendDigest(ctx, req, ui) })
	case "sourcestatus":
		return h.admin(req, ui, func() Response { return h.cmdSourceStatus(ctx, req, ui) })
	}
	return say(tr(ui, "unknown"))
}

func isPrivate(req Request) bool { return req.ChatType == "" || req.ChatType == "private" }

// mayManage: in a group only its administrators change its subscription.
func (h *Handler) mayManage(ctx context.Context, req Request) bool {
	if isPrivate(req) || h.opts.ChatAdmins == nil {
		return true
	}
	ok, err := h.opts.ChatAdmins.IsChatAdmin(ctx, req.ChatID, req.UserID)
	if err != nil {
		h.log.Warn("group admin check failed", "chat_id", req.ChatID, "err", err)
		return false
	}
	return ok
}

func (h *Handler) allow(userID int64) bool { return h.limits.take(userID) == limitOK }

func (h *Handler) admin(req Request, ui string, fn func() Response) Response {
	if !h.admins[req.UserID] {
		return say(tr(ui, "admin_only"))
	}
	return fn()
}

// uiLang is the interface language: the subscriber's choice, else a guess from Telegram.
func (h *Handler) uiLang(req Request) string {
	if sub, err := h.st.Subscriber(req.ChatID); err == nil && sub.UILang != "" {
		return sub.UILang
	}
	return uiFromTelegram(req.LanguageCode)
}

func (h *Handler) failed(ui string, what string, err error) Response {
	h.log.Error("handler failed", "what", what, "err", err)
	return say(tr(ui, "error"))
}

// say is a response of one plain reply.
func say(text string) Response { return Response{Replies: []Reply{{Text: text}}} }

// esc escapes user or source text for Telegram HTML.
func esc(s string) string { return html.EscapeString(s) }

// clip cuts s to at most n runes, after the last whole word that fits: a query or a
// follow cut inside a word asks for a word nobody wrote. A single word longer than n
// is cut inside it, as there is nothing better.
func clip(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	r := []rune(s)
	end := n
	if !unicode.IsSpace(r[n]) {
		for end > 0 && !unicode.IsSpace(r[end-1]) {
			end--
		}
		if end == 0 {
			end = n
		}
	}
	return strings.TrimRightFunc(string(r[:end]), unicode.IsSpace), true
}

var errNotSubscribed = errors.New("not subscribed")
