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
	"unicode/utf8"

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
	Keyboard [][]deliver.Button
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
}

// Store is what the handlers read and write.
type Store interface {
	Subscriber(chatID int64) (store.Subscriber, error)
	UpdateSubscriber(chatID int64, fn func(*store.Subscriber, bool) error) (store.Subscriber, error)
	DeleteSubscriber(chatID int64) error
}

// Searcher answers queries.
type Searcher interface {
	Search(ctx context.Context, q string, opts search.Options) (search.Results, error)
}

// Service runs the pipeline jobs the bot exposes.
type Service interface {
	// Digest returns the digest of a local day, built and stored if it was not yet.
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
	// MaxInput cuts over-long text before it is used (a query, a follow).
	MaxInput int
}

// Handler answers requests. It holds no transport: Telegram and the console both call Handle.
type Handler struct {
	st     Store
	search Searcher
	svc    Service
	opts   Options
	log    *slog.Logger
	admins map[int64]bool
}

// NewHandler makes a Handler.
func NewHandler(st Store, s Searcher, svc Service, opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxInput <= 0 {
		opts.MaxInput = 256
	}
	admins := map[int64]bool{}
	for _, id := range opts.Admins {
		admins[id] = true
	}
	return &Handler{st: st, search: s, svc: svc, opts: opts, log: opts.Logger, admins: admins}
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
	if req.Callback != nil {
		return h.onCallback(ctx, req, ui)
	}
	if req.Member != "" {
		return h.onMembership(req)
	}
	text := strings.TrimSpace(req.Text)
	private := req.ChatType == "" || req.ChatType == "private"
	cmd, isCmd := parseCommand(text)
	if isCmd && cmd.bot != "" && !strings.EqualFold(cmd.bot, h.opts.BotUsername) {
		return Response{} // addressed to another bot
	}
	if !isCmd {
		if !private || text == "" {
			return Response{}
		}
		return h.cmdSearch(ctx, req, ui, text)
	}
	switch cmd.name {
	case "start":
		return h.cmdStart(ctx, req, ui, cmd.args)
	case "stop":
		return h.cmdStop(ctx, req, ui)
	case "lang":
		return h.cmdLang(ctx, req, ui, cmd.args)
	case "digest":
		return h.cmdDigest(ctx, req, ui, cmd.args)
	case "search":
		return h.cmdSearch(ctx, req, ui, cmd.args)
	case "help":
		return h.cmdHelp(ctx, req, ui)
	case "collect":
		return h.admin(req, ui, func() Response { return h.cmdCollect(ctx, req, ui) })
	case "senddigest":
		return h.admin(req, ui, func() Response { return h.cmdSendDigest(ctx, req, ui) })
	}
	return say(tr(ui, "unknown"))
}

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

// clip cuts s to at most n runes, on a rune boundary.
func clip(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	r := []rune(s)
	return string(r[:n]), true
}

var errNotSubscribed = errors.New("not subscribed")
