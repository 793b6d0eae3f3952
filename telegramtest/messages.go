package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Sent is one accepted sendMessage or editMessageText.
type Sent struct {
	// Method is "sendMessage" or "editMessageText".
	Method string
	// ChatID is the numeric chat id (an "@username" is resolved); 0 for an
	// edit of an inline message.
	ChatID int64
	// MessageID is the new message's id, or the id of the edited message.
	MessageID int
	// Text is the text parameter as the bot sent it (with markup).
	Text string
	// Plain is what the user sees: tags removed, entities decoded, trimmed.
	Plain string
	// Entities are the formatting entities of Plain (UTF-16 offsets).
	Entities []Entity
	// ParseMode is the parse_mode parameter as sent ("HTML", "" ...).
	ParseMode string
	// ReplyMarkup is the reply_markup JSON, compacted; nil when absent.
	ReplyMarkup json.RawMessage
	// DisableWebPagePreview is the old disable_web_page_preview parameter;
	// LinkPreviewDisabled is link_preview_options.is_disabled.
	DisableWebPagePreview bool
	LinkPreviewDisabled   bool
	// At is when the server accepted it (by Options.Now).
	At time.Time
	// Params are all the request's parameters; do not modify.
	Params map[string]string
}

// PreviewDisabled reports whether the bot turned the link preview off, by
// either parameter.
func (m Sent) PreviewDisabled() bool { return m.DisableWebPagePreview || m.LinkPreviewDisabled }

// Button is one inline keyboard button of a sent message.
type Button struct {
	Text         string
	CallbackData string
	URL          string
	// SwitchInlineQuery is switch_inline_query or
	// switch_inline_query_current_chat, whichever is set.
	SwitchInlineQuery string
}

// Buttons returns the message's inline keyboard, row after row.
func (m Sent) Buttons() []Button {
	mk, _ := parseMarkup(m.ReplyMarkup)
	var out []Button
	if mk.InlineKeyboard == nil {
		return nil
	}
	for _, row := range *mk.InlineKeyboard {
		for _, b := range row {
			out = append(out, Button{
				Text:              deref(b.Text),
				CallbackData:      deref(b.CallbackData),
				URL:               deref(b.URL),
				SwitchInlineQuery: deref(b.SwitchInlineQuery) + deref(b.SwitchInlineQueryCurrentChat),
			})
		}
	}
	return out
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// Sent returns every accepted message and edit, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent)
}

// SentTo returns the accepted messages and edits for one chat, in order.
func (s *Server) SentTo(chatID int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentToLocked(chatID)
}

func (s *Server) sentToLocked(chatID int64) []Sent {
	st := s.chats[chatID]
	if st == nil {
		return nil
	}
	out := make([]Sent, len(st.sentIdx))
	for i, idx := range st.sentIdx {
		out[i] = s.sent[idx]
	}
	return out
}

// WaitSent blocks until chatID has at least n records (messages and edits)
// and returns them, or returns what there is with an error when ctx ends or
// the server closes.
func (s *Server) WaitSent(ctx context.Context, chatID int64, n int) ([]Sent, error) {
	for {
		s.mu.Lock()
		got := 0
		if st := s.chats[chatID]; st != nil {
			got = len(st.sentIdx)
		}
		if got >= n {
			out := s.sentToLocked(chatID)
			s.mu.Unlock()
			return out, nil
		}
		if s.sentWake == nil {
			s.sentWake = make(chan struct{})
		}
		wake := s.sentWake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return s.SentTo(chatID), fmt.Errorf("telegramtest: wait for %d messages to chat %d: %w", n, chatID, ctx.Err())
		case <-s.done:
			return s.SentTo(chatID), fmt.Errorf("telegramtest: wait for %d messages to chat %d: server closed", n, chatID)
		}
	}
}

// recordLocked stores a record and wakes WaitSent callers.
func (s *Server) recordLocked(st *chatState, m Sent) int32 {
	idx := int32(len(s.sent))
	s.sent = append(s.sent, m)
	if st != nil {
		st.sentIdx = append(st.sentIdx, idx)
	}
	if s.sentWake != nil {
		close(s.sentWake)
		s.sentWake = nil
	}
	return idx
}

// button and markup mirror the reply_markup JSON, for checking it.
type button struct {
	Text                         *string         `json:"text"`
	URL                          *string         `json:"url"`
	CallbackData                 *string         `json:"callback_data"`
	SwitchInlineQuery            *string         `json:"switch_inline_query"`
	SwitchInlineQueryCurrentChat *string         `json:"switch_inline_query_current_chat"`
	SwitchInlineQueryChosenChat  json.RawMessage `json:"switch_inline_query_chosen_chat"`
	LoginURL                     json.RawMessage `json:"login_url"`
	WebApp                       json.RawMessage `json:"web_app"`
	CallbackGame                 json.RawMessage `json:"callback_game"`
	CopyText                     json.RawMessage `json:"copy_text"`
	Pay                          bool            `json:"pay"`
}

type markup struct {
	InlineKeyboard *[][]button     `json:"inline_keyboard"`
	Keyboard       json.RawMessage `json:"keyboard"`
	RemoveKeyboard bool            `json:"remove_keyboard"`
	ForceReply     bool            `json:"force_reply"`
}

func parseMarkup(raw []byte) (markup, error) {
	var mk markup
	if len(raw) == 0 {
		return mk, nil
	}
	err := json.Unmarshal(raw, &mk)
	return mk, err
}

// checkMarkup validates reply_markup and returns it compacted (nil when
// absent). inlineOnly is for edits, which take only inline keyboards.
func checkMarkup(raw string, inlineOnly bool) (json.RawMessage, *apiError) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(raw)); err != nil || raw[0] != '{' {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	mk, err := parseMarkup(buf.Bytes())
	if err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	if mk.InlineKeyboard == nil {
		if inlineOnly {
			return nil, badRequest("inline keyboard expected")
		}
		if len(mk.Keyboard) == 0 && !mk.RemoveKeyboard && !mk.ForceReply {
			return nil, badRequest("can't parse reply keyboard markup JSON object")
		}
		return buf.Bytes(), nil
	}
	for _, row := range *mk.InlineKeyboard {
		for _, b := range row {
			if e := checkButton(b); e != nil {
				return nil, e
			}
		}
	}
	return buf.Bytes(), nil
}

func checkButton(b button) *apiError {
	if b.Text == nil || *b.Text == "" {
		return badRequest("can't parse inline keyboard button: Field \"text\" must be a non-empty String")
	}
	actions := 0
	for _, set := range []bool{
		b.URL != nil, b.CallbackData != nil, b.SwitchInlineQuery != nil,
		b.SwitchInlineQueryCurrentChat != nil, len(b.SwitchInlineQueryChosenChat) > 0,
		len(b.LoginURL) > 0, len(b.WebApp) > 0, len(b.CallbackGame) > 0, len(b.CopyText) > 0, b.Pay,
	} {
		if set {
			actions++
		}
	}
	if actions == 0 {
		return badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
	}
	if b.CallbackData != nil && (len(*b.CallbackData) < 1 || len(*b.CallbackData) > 64) {
		return badRequest("BUTTON_DATA_INVALID")
	}
	if b.URL != nil {
		u, err := url.Parse(*b.URL)
		if err != nil || u.Scheme == "" || (u.Host == "" && u.Scheme != "tg") {
			return badRequest("BUTTON_URL_INVALID")
		}
	}
	return nil
}

// linkPreview reads link_preview_options.
func linkPreview(raw string) (bool, *apiError) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return false, nil
	}
	var lp struct {
		IsDisabled bool `json:"is_disabled"`
	}
	if err := json.Unmarshal([]byte(raw), &lp); err != nil {
		return false, badRequest("can't parse link preview options JSON object")
	}
	return lp.IsDisabled, nil
}

// content is a checked text with its markup.
type content struct {
	plain       string
	entities    []Entity
	markup      json.RawMessage
	noPreview   bool
	lpDisabled  bool
	parseMode   string
	replyTo     int64
	replyStrict bool
}

func checkContent(p map[string]string, inlineOnly bool) (content, *apiError) {
	var c content
	text, ok := p["text"]
	if !ok || text == "" {
		return c, badRequest("message text is empty")
	}
	c.parseMode = p["parse_mode"]
	var e *apiError
	if c.plain, c.entities, e = formatText(text, c.parseMode); e != nil {
		return c, e
	}
	if c.markup, e = checkMarkup(p["reply_markup"], inlineOnly); e != nil {
		return c, e
	}
	if c.lpDisabled, e = linkPreview(p["link_preview_options"]); e != nil {
		return c, e
	}
	c.noPreview = boolParam(p, "disable_web_page_preview")
	if c.replyTo, _, e = intParam(p, "reply_to_message_id"); e != nil {
		return c, e
	}
	if rp := strings.TrimSpace(p["reply_parameters"]); rp != "" {
		var r struct {
			MessageID                int64 `json:"message_id"`
			AllowSendingWithoutReply bool  `json:"allow_sending_without_reply"`
		}
		if err := json.Unmarshal([]byte(rp), &r); err != nil {
			return c, badRequest("can't parse reply parameters JSON object")
		}
		c.replyTo = r.MessageID
		c.replyStrict = !r.AllowSendingWithoutReply
	} else {
		c.replyStrict = !boolParam(p, "allow_sending_without_reply")
	}
	return c, nil
}

// inlineMarkup is the part of a markup a Message object shows: only inline
// keyboards.
func inlineMarkup(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || !bytes.Contains(raw, []byte(`"inline_keyboard"`)) {
		return nil
	}
	return raw
}

func (s *Server) handleSendMessage(c *call) (any, *apiError) {
	chatID, username, e := parseChatRef(c.p, "chat_id")
	if e != nil {
		return nil, e
	}
	ct, e := checkContent(c.p, false)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.lookupChatLocked(chatID, username)
	if e != nil {
		return nil, e
	}
	if ct.replyTo > 0 && ct.replyStrict && ct.replyTo > int64(len(st.msgs)) {
		return nil, badRequest("message to be replied not found")
	}
	if e := s.admitLocked(st, c.now); e != nil {
		return nil, e
	}
	msgID := len(st.msgs) + 1
	idx := s.recordLocked(st, Sent{
		Method:                "sendMessage",
		ChatID:                st.chat.ID,
		MessageID:             msgID,
		Text:                  c.p["text"],
		Plain:                 ct.plain,
		Entities:              ct.entities,
		ParseMode:             ct.parseMode,
		ReplyMarkup:           ct.markup,
		DisableWebPagePreview: ct.noPreview,
		LinkPreviewDisabled:   ct.lpDisabled,
		At:                    c.now,
		Params:                c.p,
	})
	st.msgs = append(st.msgs, idx)
	bot := s.Bot()
	return &message{
		MessageID:   msgID,
		From:        &bot,
		Date:        c.now.Unix(),
		Chat:        st.chat,
		Text:        ct.plain,
		Entities:    ct.entities,
		ReplyMarkup: inlineMarkup(ct.markup),
	}, nil
}

func (s *Server) handleEditMessageText(c *call) (any, *apiError) {
	ct, e := checkContent(c.p, true)
	if e != nil {
		return nil, e
	}
	if inline := c.p["inline_message_id"]; inline != "" {
		s.mu.Lock()
		defer s.mu.Unlock()
		if e := s.floodLocked(c.now); e != nil {
			return nil, e
		}
		s.recordLocked(nil, s.editRecord(c, ct, 0, 0))
		return true, nil
	}
	msgID, ok, e := intParam(c.p, "message_id")
	if e != nil {
		return nil, e
	}
	if !ok {
		return nil, badRequest("message identifier is not specified")
	}
	chatID, username, e := parseChatRef(c.p, "chat_id")
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.lookupChatLocked(chatID, username)
	if e != nil {
		return nil, e
	}
	if msgID < 1 || msgID > int64(len(st.msgs)) {
		return nil, badRequest("message to edit not found")
	}
	cur := st.msgs[msgID-1]
	if cur < 0 {
		return nil, badRequest("message can't be edited")
	}
	prev := s.sent[cur]
	if prev.Plain == ct.plain && slices.EqualFunc(prev.Entities, ct.entities, sameEntity) && bytes.Equal(prev.ReplyMarkup, ct.markup) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	if e := s.floodLocked(c.now); e != nil {
		return nil, e
	}
	st.msgs[msgID-1] = s.recordLocked(st, s.editRecord(c, ct, st.chat.ID, int(msgID)))
	first := s.sent[st.sentIdx[0]]
	for _, i := range st.sentIdx {
		if s.sent[i].MessageID == int(msgID) {
			first = s.sent[i]
			break
		}
	}
	bot := s.Bot()
	return &message{
		MessageID:   int(msgID),
		From:        &bot,
		Date:        first.At.Unix(),
		EditDate:    c.now.Unix(),
		Chat:        st.chat,
		Text:        ct.plain,
		Entities:    ct.entities,
		ReplyMarkup: ct.markup,
	}, nil
}

func (s *Server) editRecord(c *call, ct content, chatID int64, msgID int) Sent {
	return Sent{
		Method:                "editMessageText",
		ChatID:                chatID,
		MessageID:             msgID,
		Text:                  c.p["text"],
		Plain:                 ct.plain,
		Entities:              ct.entities,
		ParseMode:             ct.parseMode,
		ReplyMarkup:           ct.markup,
		DisableWebPagePreview: ct.noPreview,
		LinkPreviewDisabled:   ct.lpDisabled,
		At:                    c.now,
		Params:                c.p,
	}
}

func sameEntity(a, b Entity) bool {
	if (a.User == nil) != (b.User == nil) || (a.User != nil && a.User.ID != b.User.ID) {
		return false
	}
	a.User, b.User = nil, nil
	return a == b
}

// errNoQuery is Telegram's answer to an unknown, expired or answered query.
func errNoQuery() *apiError {
	return badRequest("query is too old and response timeout expired or query ID is invalid")
}

// CallbackAnswer is a recorded answerCallbackQuery.
type CallbackAnswer struct {
	QueryID   string
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
	At        time.Time
}

// CallbackAnswers returns every accepted answerCallbackQuery, in order.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.callbackAnswers)
}

func (s *Server) claimQueryLocked(id string, inline bool) *apiError {
	q := s.queries[id]
	if q == nil || q.inline != inline || q.answered {
		return errNoQuery()
	}
	q.answered = true
	return nil
}

func (s *Server) handleAnswerCallbackQuery(c *call) (any, *apiError) {
	id := c.p["callback_query_id"]
	text := c.p["text"]
	if len([]rune(text)) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	cache, _, e := intParam(c.p, "cache_time")
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.claimQueryLocked(id, false); e != nil {
		return nil, e
	}
	s.callbackAnswers = append(s.callbackAnswers, CallbackAnswer{
		QueryID:   id,
		Text:      text,
		ShowAlert: boolParam(c.p, "show_alert"),
		URL:       c.p["url"],
		CacheTime: int(cache),
		At:        c.now,
	})
	return true, nil
}

// InlineAnswer is a recorded answerInlineQuery.
type InlineAnswer struct {
	QueryID string
	// Results is the results JSON array as sent.
	Results    json.RawMessage
	Count      int
	NextOffset string
	CacheTime  int
	IsPersonal bool
	At         time.Time
}

// InlineAnswers returns every accepted answerInlineQuery, in order.
func (s *Server) InlineAnswers() []InlineAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.inlineAnswers)
}

func validResultType(t string) bool {
	switch t {
	case "article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document",
		"location", "venue", "contact", "game", "sticker":
		return true
	}
	return false
}

// checkResults validates inline results: at most 50, unique ids of 1-64
// bytes, known types, and HTML in input_message_content parsed like a message.
func checkResults(raw string) (int, *apiError) {
	var results []struct {
		Type    string `json:"type"`
		ID      string `json:"id"`
		Content *struct {
			MessageText string `json:"message_text"`
			ParseMode   string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := json.Unmarshal([]byte(raw), &results); err != nil {
		return 0, badRequest("can't parse inline query results JSON object")
	}
	if len(results) > 50 {
		return 0, badRequest("RESULTS_TOO_MUCH")
	}
	seen := make(map[string]bool, len(results))
	for _, r := range results {
		if !validResultType(r.Type) {
			return 0, badRequest("RESULT_TYPE_INVALID")
		}
		if r.ID == "" || len(r.ID) > 64 {
			return 0, badRequest("RESULT_ID_INVALID")
		}
		if seen[r.ID] {
			return 0, badRequest("RESULT_ID_DUPLICATE")
		}
		seen[r.ID] = true
		if r.Content != nil && r.Content.MessageText != "" {
			if _, _, e := formatText(r.Content.MessageText, r.Content.ParseMode); e != nil {
				return 0, e
			}
		}
	}
	return len(results), nil
}

func (s *Server) handleAnswerInlineQuery(c *call) (any, *apiError) {
	id := c.p["inline_query_id"]
	raw := strings.TrimSpace(c.p["results"])
	if raw == "" {
		raw = "[]"
	}
	n, e := checkResults(raw)
	if e != nil {
		return nil, e
	}
	next := c.p["next_offset"]
	if len(next) > 64 {
		return nil, badRequest("NEXT_OFFSET_INVALID")
	}
	cache, _, e := intParam(c.p, "cache_time")
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.claimQueryLocked(id, true); e != nil {
		return nil, e
	}
	s.inlineAnswers = append(s.inlineAnswers, InlineAnswer{
		QueryID:    id,
		Results:    json.RawMessage(raw),
		Count:      n,
		NextOffset: next,
		CacheTime:  int(cache),
		IsPersonal: boolParam(c.p, "is_personal"),
		At:         c.now,
	})
	return true, nil
}
