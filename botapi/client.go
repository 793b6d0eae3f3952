// Package botapi is refdigest's side of the Telegram Bot API: the client (tgbotapi with a
// context on every call and the token scrubbed from every error), the outgoing message and
// button types, and the Bot API's error answers with what they mean for a sender.
package botapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Client wraps tgbotapi: it adds a context to every call, turns the Bot API's error answers
// into APIError, and scrubs the token from every error (net/http puts the whole
// request URL, token included, into its errors).
type Client struct {
	api   *tgbotapi.BotAPI
	http  *http.Client
	token string
}

// ctxDoer gives tgbotapi's context-less requests a context.
type ctxDoer struct {
	ctx context.Context
	hc  *http.Client
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	return d.hc.Do(req.WithContext(d.ctx))
}

// NewClient connects to the Bot API at endpoint (tgbotapi's "https://host/bot%s/%s" format)
// and checks the token with getMe.
func NewClient(ctx context.Context, token, endpoint string, hc *http.Client) (*Client, error) {
	if hc == nil {
		// No overall timeout: long polls last up to 50 s; every call has a context instead.
		// Many senders work at once: keep as many connections alive (the default keeps 2).
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 64
		hc = &http.Client{Transport: tr}
	}
	c := &Client{http: hc, token: token}
	api, err := tgbotapi.NewBotAPIWithClient(token, endpoint, ctxDoer{ctx: ctx, hc: hc})
	if err != nil {
		return nil, fmt.Errorf("botapi: connect to the Bot API: %w", c.clean(err))
	}
	c.api = api
	return c, nil
}

// Username is the bot's @username without the @.
func (c *Client) Username() string { return c.api.Self.UserName }

// with returns a copy of the library client whose requests carry ctx.
func (c *Client) with(ctx context.Context) *tgbotapi.BotAPI {
	b := *c.api
	b.Client = ctxDoer{ctx: ctx, hc: c.http}
	return &b
}

// Send sends or edits a message (what delivery and the bot send through).
func (c *Client) Send(ctx context.Context, m Message) (int, error) {
	params := tgbotapi.Params{
		"chat_id":    strconv.FormatInt(m.ChatID, 10),
		"text":       m.Text,
		"parse_mode": "HTML",
	}
	method := "sendMessage"
	if m.EditMessageID != 0 {
		method = "editMessageText"
		params["message_id"] = strconv.Itoa(m.EditMessageID)
	}
	if m.DisablePreview {
		// link_preview_options is newer than the library: sent as a raw parameter.
		params["link_preview_options"] = `{"is_disabled":true}`
	}
	if len(m.Keyboard) > 0 {
		kb, err := json.Marshal(keyboard(m.Keyboard))
		if err != nil {
			return 0, fmt.Errorf("botapi: keyboard: %w", err)
		}
		params["reply_markup"] = string(kb)
	}
	resp, err := c.with(ctx).MakeRequest(method, params)
	if err != nil {
		return 0, c.clean(err)
	}
	var msg tgbotapi.Message
	if len(resp.Result) > 0 && resp.Result[0] == '{' {
		if err := json.Unmarshal(resp.Result, &msg); err != nil {
			return 0, fmt.Errorf("botapi: %s: decode: %w", method, err)
		}
	}
	return msg.MessageID, nil
}

func keyboard(rows [][]Button) tgbotapi.InlineKeyboardMarkup {
	var kb tgbotapi.InlineKeyboardMarkup
	for _, row := range rows {
		var r []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			btn := tgbotapi.InlineKeyboardButton{Text: b.Text}
			if b.URL != "" {
				u := b.URL
				btn.URL = &u
			} else {
				d := b.Data
				btn.CallbackData = &d
			}
			r = append(r, btn)
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}

// GetUpdates long-polls for updates after offset, for up to timeout (capped at 50 s by
// Telegram).
func (c *Client) GetUpdates(ctx context.Context, offset int, timeout time.Duration) ([]tgbotapi.Update, error) {
	cfg := tgbotapi.NewUpdate(offset)
	cfg.Timeout = int(timeout / time.Second)
	cfg.AllowedUpdates = AllowedUpdates
	ctx, cancel := context.WithTimeout(ctx, timeout+15*time.Second)
	defer cancel()
	ups, err := c.with(ctx).GetUpdates(cfg)
	if err != nil {
		return nil, c.clean(err)
	}
	return ups, nil
}

// AnswerCallback answers a button press, optionally with a short toast.
func (c *Client) AnswerCallback(ctx context.Context, id, text string) error {
	if _, err := c.with(ctx).Request(tgbotapi.NewCallback(id, text)); err != nil {
		return c.clean(err)
	}
	return nil
}

// SetCommands sets the command menu for users whose Telegram language is lang ("" = default).
func (c *Client) SetCommands(ctx context.Context, lang string, cmds []tgbotapi.BotCommand) error {
	cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), lang, cmds...)
	if _, err := c.with(ctx).Request(cfg); err != nil {
		return c.clean(err)
	}
	return nil
}

// clean turns a library error into one without the token, keeping what callers act on:
// Bot API answers as *APIError, and context errors.
func (c *Client) clean(err error) error {
	if err == nil {
		return nil
	}
	var te *tgbotapi.Error
	var tv tgbotapi.Error
	switch {
	case errors.As(err, &te):
		return apiError(*te)
	case errors.As(err, &tv):
		return apiError(tv)
	}
	return &redactedError{msg: Redact(err.Error(), c.token), ctx: ctxErr(err)}
}

func apiError(e tgbotapi.Error) *APIError {
	return &APIError{Code: e.Code, Description: e.Message,
		RetryAfter: time.Duration(e.RetryAfter) * time.Second, MigrateTo: e.MigrateToChatID}
}

func ctxErr(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	}
	return nil
}

// redactedError carries an error's text with the token removed. It deliberately does not
// unwrap to the original (whose text has the token), only to a context error if any.
type redactedError struct {
	msg string
	ctx error
}

func (e *redactedError) Error() string { return "botapi: " + e.msg }
func (e *redactedError) Unwrap() error { return e.ctx }

// Redact removes every spelling of token from s (plain, URL-escaped, path-escaped).
func Redact(s, token string) string {
	if token == "" {
		return s
	}
	for _, t := range []string{token, url.QueryEscape(token), url.PathEscape(token)} {
		s = strings.ReplaceAll(s, t, "<token>")
	}
	return s
}

// AllowedUpdates are the update kinds the bot handles.
var AllowedUpdates = []string{"message", "callback_query", "inline_query", "my_chat_member"}

// SetWebhook registers url with Telegram (webhook mode), with the secret Telegram will send
// back in X-Telegram-Bot-Api-Secret-Token.
func (c *Client) SetWebhook(ctx context.Context, url, secret string, maxConnections int) error {
	allowed, _ := json.Marshal(AllowedUpdates)
	params := tgbotapi.Params{"url": url, "secret_token": secret, "allowed_updates": string(allowed),
		"max_connections": strconv.Itoa(maxConnections)}
	if _, err := c.with(ctx).MakeRequest("setWebhook", params); err != nil {
		return fmt.Errorf("botapi: setWebhook: %w", redactErr(c.clean(err), secret))
	}
	return nil
}

// DeleteWebhook removes a webhook (switching back to polling); pending updates are kept.
func (c *Client) DeleteWebhook(ctx context.Context) error {
	if _, err := c.with(ctx).MakeRequest("deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"}); err != nil {
		return fmt.Errorf("botapi: deleteWebhook: %w", c.clean(err))
	}
	return nil
}

// redactErr scrubs a second secret (the webhook secret) from an error.
func redactErr(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	return &redactedError{msg: Redact(err.Error(), secret), ctx: ctxErr(err)}
}

// anonymousAdmin is the user Telegram shows for a group administrator who posts as the group.
const anonymousAdmin = 1087968824

// IsChatAdmin reports whether userID administers chatID (getChatMember).
func (c *Client) IsChatAdmin(ctx context.Context, chatID, userID int64) (bool, error) {
	if userID == anonymousAdmin {
		return true, nil
	}
	m, err := c.with(ctx).GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chatID, UserID: userID}})
	if err != nil {
		return false, c.clean(err)
	}
	return m.Status == "creator" || m.Status == "administrator", nil
}

// ChatID resolves a channel's @name to its numeric id (getChat).
func (c *Client) ChatID(ctx context.Context, username string) (int64, error) {
	ch, err := c.with(ctx).GetChat(tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{SuperGroupUsername: username}})
	if err != nil {
		return 0, fmt.Errorf("botapi: getChat %s: %w", username, c.clean(err))
	}
	return ch.ID, nil
}

// AnswerInline answers an inline query with articles.
func (c *Client) AnswerInline(ctx context.Context, id string, a InlineAnswer) error {
	results := make([]interface{}, 0, len(a.Results))
	for _, r := range a.Results {
		art := tgbotapi.NewInlineQueryResultArticleHTML(r.ID, r.Title, r.Text)
		art.Description = r.Description
		art.URL = r.URL
		results = append(results, art)
	}
	cfg := tgbotapi.InlineConfig{InlineQueryID: id, Results: results, CacheTime: a.CacheTime, NextOffset: a.NextOffset}
	if _, err := c.with(ctx).Request(cfg); err != nil {
		return c.clean(err)
	}
	return nil
}
