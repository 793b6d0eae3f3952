package telegramtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// updateKind is an update type, as named in allowed_updates.
type updateKind uint8

const (
	kindMessage updateKind = iota
	kindEditedMessage
	kindChannelPost
	kindEditedChannelPost
	kindInlineQuery
	kindChosenInlineResult
	kindCallbackQuery
	kindMyChatMember
	kindChatMember
	kindChatJoinRequest
	kindMessageReaction
	kindMessageReactionCount
	kindCount
)

func kindByName(name string) (updateKind, bool) {
	switch name {
	case "message":
		return kindMessage, true
	case "edited_message":
		return kindEditedMessage, true
	case "channel_post":
		return kindChannelPost, true
	case "edited_channel_post":
		return kindEditedChannelPost, true
	case "inline_query":
		return kindInlineQuery, true
	case "chosen_inline_result":
		return kindChosenInlineResult, true
	case "callback_query":
		return kindCallbackQuery, true
	case "my_chat_member":
		return kindMyChatMember, true
	case "chat_member":
		return kindChatMember, true
	case "chat_join_request":
		return kindChatJoinRequest, true
	case "message_reaction":
		return kindMessageReaction, true
	case "message_reaction_count":
		return kindMessageReactionCount, true
	}
	return 0, false
}

type kindSet uint32

func (k kindSet) has(kind updateKind) bool { return k&(1<<kind) != 0 }

// defaultAllowed is every type except chat_member and the reaction types,
// which a bot only gets when it asks for them.
const defaultAllowed = kindSet(1<<kindCount-1) &^ (1<<kindChatMember | 1<<kindMessageReaction | 1<<kindMessageReactionCount)

// parseAllowed reads allowed_updates: a JSON list of names. "null" (what
// tgbotapi sends for a nil list) and unreadable values mean "not given";
// an empty list means the default set.
func parseAllowed(raw string) (kindSet, []string, bool) {
	var names []string
	if err := json.Unmarshal([]byte(raw), &names); err != nil || names == nil {
		return 0, nil, false
	}
	if len(names) == 0 {
		return defaultAllowed, names, true
	}
	var set kindSet
	for _, n := range names {
		if k, ok := kindByName(n); ok {
			set |= 1 << k
		}
	}
	return set, names, true
}

// queued is an update waiting to be fetched, already encoded.
type queued struct {
	id   int
	body json.RawMessage
}

// poller is a getUpdates request waiting for updates.
type poller struct {
	stop   chan struct{} // closed when another request takes over
	reason *apiError
}

func (s *Server) wakeLocked() {
	if s.wake != nil {
		close(s.wake)
		s.wake = nil
	}
}

func (s *Server) wakeChanLocked() <-chan struct{} {
	if s.wake == nil {
		s.wake = make(chan struct{})
	}
	return s.wake
}

// enqueueLocked adds an update if its type is allowed and returns its id,
// or 0 when the type is filtered out.
func (s *Server) enqueueLocked(kind updateKind, fill func(u *update)) int {
	if !s.allowed.has(kind) {
		return 0
	}
	u := update{UpdateID: s.nextUpdateID}
	fill(&u)
	body, err := json.Marshal(u)
	if err != nil {
		s.log.Error("telegramtest: encode update", "err", err)
		return 0
	}
	s.nextUpdateID++
	s.queue = append(s.queue, queued{id: u.UpdateID, body: body})
	s.wakeLocked()
	return u.UpdateID
}

// confirmLocked forgets updates as getUpdates' offset says.
func (s *Server) confirmLocked(offset int64) {
	drop := 0
	switch {
	case offset > 0:
		for drop < len(s.queue) && int64(s.queue[drop].id) < offset {
			drop++
		}
	case offset < 0:
		if keep := -offset; int64(len(s.queue)) > keep {
			drop = len(s.queue) - int(keep)
		}
	}
	if drop > 0 {
		clear(s.queue[:drop])
		s.queue = s.queue[drop:]
	}
}

// takeLocked encodes up to limit queued updates as a JSON array; they stay
// queued until confirmed.
func (s *Server) takeLocked(limit int) json.RawMessage {
	n := min(limit, len(s.queue))
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s.queue[i].body)
	}
	b.WriteByte(']')
	return b.Bytes()
}

func webhookConflict() *apiError {
	return &apiError{code: http.StatusConflict,
		desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
}

func pollConflict() *apiError {
	return &apiError{code: http.StatusConflict,
		desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
}

// kickPollerLocked ends the waiting getUpdates, if any, with reason.
func (s *Server) kickPollerLocked(reason *apiError) {
	if s.poller != nil {
		s.poller.reason = reason
		close(s.poller.stop)
		s.poller = nil
	}
}

func (s *Server) handleGetUpdates(c *call) (any, *apiError) {
	offset, _, e := intParam(c.p, "offset")
	if e != nil {
		return nil, e
	}
	limit, hasLimit, e := intParam(c.p, "limit")
	if e != nil {
		return nil, e
	}
	if !hasLimit || limit == 0 || limit > 100 {
		limit = 100
	}
	limit = max(limit, 1)
	timeout, _, e := intParam(c.p, "timeout")
	if e != nil {
		return nil, e
	}
	timeout = min(max(timeout, 0), 50)

	s.mu.Lock()
	if s.hook != nil {
		s.mu.Unlock()
		return nil, webhookConflict()
	}
	if raw, ok := c.p["allowed_updates"]; ok {
		if set, _, ok := parseAllowed(raw); ok {
			s.allowed = set
		}
	}
	s.confirmLocked(offset)
	s.kickPollerLocked(pollConflict())
	me := &poller{stop: make(chan struct{})}
	s.poller = me
	release := func() {
		if s.poller == me {
			s.poller = nil
		}
	}
	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		deadline = t.C
	}
	for {
		select {
		case <-me.stop:
			reason := me.reason
			s.mu.Unlock()
			return nil, reason
		default:
		}
		if len(s.queue) > 0 || deadline == nil {
			res := s.takeLocked(int(limit))
			release()
			s.mu.Unlock()
			return res, nil
		}
		wake := s.wakeChanLocked()
		s.mu.Unlock()
		select {
		case <-wake:
		case <-me.stop:
		case <-deadline:
			deadline = nil
		case <-c.ctx.Done():
			s.mu.Lock()
			release()
			s.mu.Unlock()
			return nil, &apiError{silent: true}
		case <-s.done:
			s.mu.Lock()
			release()
			s.mu.Unlock()
			return json.RawMessage("[]"), nil
		}
		s.mu.Lock()
	}
}

// SendMessage injects a text message from a user, as a message update (a
// channel_post for a channel) with bot_command entities like Telegram's.
// A zero chat means the user's private chat; a message in a private chat
// clears Block and Unstarted (the user pressed Start again). It returns the
// update_id, or 0 when allowed_updates filters messages out.
func (s *Server) SendMessage(from User, chat Chat, text string) int {
	update, _ := s.injectMessage(from, chat, text)
	return update
}

// SendMessageID is SendMessage that also returns the new message's id.
func (s *Server) SendMessageID(from User, chat Chat, text string) (updateID, messageID int) {
	return s.injectMessage(from, chat, text)
}

func (s *Server) injectMessage(from User, chat Chat, text string) (int, int) {
	if chat.ID == 0 {
		chat = PrivateChat(from)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	st := s.registerLocked(chat)
	if from.ID != 0 {
		s.users[from.ID] = from
	}
	st.msgs = append(st.msgs, -1)
	m := &message{
		MessageID: len(st.msgs),
		Date:      now.Unix(),
		Chat:      st.chat,
		Text:      text,
		Entities:  commandEntities(text),
	}
	kind := kindMessage
	switch st.chat.Type {
	case "channel":
		kind = kindChannelPost
		sender := st.chat
		m.SenderChat = &sender
	case "private":
		m.From = &from
		if st.fault != nil && st.fault.code == http.StatusForbidden && st.fault.desc != "Forbidden: user is deactivated" {
			st.fault = nil
		}
	default:
		m.From = &from
		if from.ID != 0 && !s.isMemberLocked(st, from.ID) {
			s.setMemberLocked(st, from, "member")
		}
	}
	id := s.enqueueLocked(kind, func(u *update) {
		if kind == kindChannelPost {
			u.ChannelPost = m
		} else {
			u.Message = m
		}
	})
	return id, m.MessageID
}

func (s *Server) isMemberLocked(st *chatState, uid int64) bool {
	for _, m := range st.members {
		if m.user.ID == uid {
			return true
		}
	}
	return false
}

// commandEntities marks "/command" and "/command@bot" words as Telegram
// does, so tgbotapi's Message.IsCommand and Command work.
func commandEntities(text string) []Entity {
	var ents []Entity
	u16 := 0
	prevSpace := true
	for i := 0; i < len(text); {
		if text[i] == '/' && prevSpace {
			j := i + 1
			for j < len(text) && j-i <= 64 && isWordByte(text[j]) {
				j++
			}
			if j > i+1 {
				if j < len(text) && text[j] == '@' {
					k := j + 1
					for k < len(text) && isWordByte(text[k]) {
						k++
					}
					if k > j+1 {
						j = k
					}
				}
				ents = append(ents, Entity{Type: "bot_command", Offset: u16, Length: j - i})
				u16 += j - i
				prevSpace = false
				i = j
				continue
			}
		}
		c := text[i]
		size := 1
		if c >= 0x80 {
			_, size = utf8.DecodeRuneInString(text[i:])
		}
		u16 += utf16Len(text[i : i+size])
		prevSpace = c == ' ' || c == '\n' || c == '\t' || c == '\r'
		i += size
	}
	return ents
}

func isWordByte(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// query is an inline or callback query waiting for its answer.
type query struct {
	inline   bool
	answered bool
}

func (s *Server) newQueryLocked(inline bool) string {
	id := strconv.FormatInt(s.nextQueryID, 10)
	s.nextQueryID++
	s.queries[id] = &query{inline: inline}
	return id
}

// PressButton injects a callback_query: from pressed the inline button with
// data under the bot's message messageID in chat (a zero chat means from's
// private chat). The query carries the message as the bot last sent or
// edited it. It returns the query id for answerCallbackQuery.
func (s *Server) PressButton(from User, chat Chat, messageID int, data string) string {
	if chat.ID == 0 {
		chat = PrivateChat(from)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	st := s.registerLocked(chat)
	if from.ID != 0 {
		s.users[from.ID] = from
	}
	m := &message{MessageID: messageID, Date: now.Unix(), Chat: st.chat}
	if messageID >= 1 && messageID <= len(st.msgs) && st.msgs[messageID-1] >= 0 {
		rec := s.sent[st.msgs[messageID-1]]
		bot := s.Bot()
		m.From = &bot
		m.Date = rec.At.Unix()
		m.Text = rec.Plain
		m.Entities = rec.Entities
		m.ReplyMarkup = rec.ReplyMarkup
	}
	id := s.newQueryLocked(false)
	s.enqueueLocked(kindCallbackQuery, func(u *update) {
		u.CallbackQuery = &callbackQuery{
			ID:           id,
			From:         from,
			Message:      m,
			ChatInstance: chatInstance(st.chat.ID),
			Data:         data,
		}
	})
	return id
}

// InlineQuery injects an inline_query ("@bot query" typed by from) and
// returns its id for answerInlineQuery.
func (s *Server) InlineQuery(from User, query, offset string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if from.ID != 0 {
		s.users[from.ID] = from
	}
	id := s.newQueryLocked(true)
	s.enqueueLocked(kindInlineQuery, func(u *update) {
		u.InlineQuery = &inlineQuery{ID: id, From: from, Query: query, Offset: offset, ChatType: "sender"}
	})
	return id
}

// ChatMemberUpdate injects a my_chat_member update: from changed the bot's
// status in chat from oldStatus to newStatus ("member", "administrator",
// "left", "kicked", ...). It also changes what sending to the chat does:
// "kicked" in a private chat blocks the bot, "member" unblocks it; "left" or
// "kicked" in a group refuses sends as Kick does, "member" or
// "administrator" allows them again. It returns the update_id.
func (s *Server) ChatMemberUpdate(chat Chat, from User, oldStatus, newStatus string) int {
	if chat.ID == 0 {
		chat = PrivateChat(from)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.registerLocked(chat)
	if from.ID != 0 {
		s.users[from.ID] = from
	}
	bot := s.Bot()
	private := st.chat.Type == "private"
	switch newStatus {
	case "kicked", "left":
		desc := "Forbidden: bot was kicked from the " + st.chat.Type + " chat"
		if private {
			desc = "Forbidden: bot was blocked by the user"
		} else if newStatus == "left" {
			desc = "Forbidden: bot is not a member of the " + st.chat.Type + " chat"
		}
		st.fault = &fault{code: http.StatusForbidden, desc: desc}
	case "member", "administrator", "creator":
		if st.fault != nil && st.fault.code == http.StatusForbidden {
			st.fault = nil
		}
	}
	if !private && validStatus(newStatus) {
		s.setMemberLocked(st, bot, newStatus)
	}
	return s.enqueueLocked(kindMyChatMember, func(u *update) {
		u.MyChatMember = &chatMemberUpdated{
			Chat:          st.chat,
			From:          from,
			Date:          s.now().Unix(),
			OldChatMember: newChatMember(bot, oldStatus),
			NewChatMember: newChatMember(bot, newStatus),
		}
	})
}

// Pending returns how many updates are waiting to be confirmed.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// WebhookInfo is the webhook the bot set, as the server recorded it.
type WebhookInfo struct {
	URL            string
	SecretToken    string
	MaxConnections int
	AllowedUpdates []string
	IPAddress      string
	// LastErrorMessage and LastErrorDate describe the last failed delivery
	// (only with Options.WebhookTarget).
	LastErrorMessage string
	LastErrorDate    time.Time
}

type webhookState struct {
	info WebhookInfo
}

// Webhook returns the webhook currently set, and false when there is none.
func (s *Server) Webhook() (WebhookInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook == nil {
		return WebhookInfo{}, false
	}
	info := s.hook.info
	info.AllowedUpdates = append([]string(nil), info.AllowedUpdates...)
	return info, true
}

func validSecret(v string) bool {
	if len(v) < 1 || len(v) > 256 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isWordByte(v[i]) && v[i] != '-' {
			return false
		}
	}
	return true
}

func (s *Server) handleSetWebhook(c *call) (any, *apiError) {
	raw := strings.TrimSpace(c.p["url"])
	if raw == "" {
		return s.removeWebhook(boolParam(c.p, "drop_pending_updates"))
	}
	u, err := parseWebhookURL(raw)
	if err != nil {
		return nil, badRequest("bad webhook: " + err.Error())
	}
	info := WebhookInfo{URL: u, MaxConnections: 40, IPAddress: c.p["ip_address"]}
	if v, ok := c.p["secret_token"]; ok && v != "" {
		if !validSecret(v) {
			return nil, badRequest("secret token contains unallowed characters")
		}
		info.SecretToken = v
	}
	if n, ok, e := intParam(c.p, "max_connections"); e != nil {
		return nil, e
	} else if ok {
		info.MaxConnections = int(min(max(n, 1), 100))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if raw, ok := c.p["allowed_updates"]; ok {
		if set, names, ok := parseAllowed(raw); ok {
			s.allowed = set
			info.AllowedUpdates = names
		}
	}
	if boolParam(c.p, "drop_pending_updates") {
		s.confirmLocked(int64(s.nextUpdateID))
	}
	desc := "Webhook was set"
	if s.hook != nil && s.hook.info.URL == info.URL {
		desc = "Webhook is already set"
	}
	s.hook = &webhookState{info: info}
	s.kickPollerLocked(webhookConflict())
	s.wakeLocked()
	return described{result: true, desc: desc}, nil
}

func (s *Server) handleDeleteWebhook(c *call) (any, *apiError) {
	return s.removeWebhook(boolParam(c.p, "drop_pending_updates"))
}

func (s *Server) removeWebhook(drop bool) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if drop {
		s.confirmLocked(int64(s.nextUpdateID))
	}
	desc := "Webhook is already deleted"
	if s.hook != nil {
		desc = "Webhook was deleted"
	}
	s.hook = nil
	s.wakeLocked()
	return described{result: true, desc: desc}, nil
}

type webhookInfoJSON struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	IPAddress            string   `json:"ip_address,omitempty"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	MaxConnections       int      `json:"max_connections,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

func (s *Server) handleGetWebhookInfo(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res := webhookInfoJSON{PendingUpdateCount: len(s.queue)}
	if h := s.hook; h != nil {
		res.URL = h.info.URL
		res.IPAddress = h.info.IPAddress
		res.MaxConnections = h.info.MaxConnections
		res.AllowedUpdates = h.info.AllowedUpdates
		res.LastErrorMessage = h.info.LastErrorMessage
		if !h.info.LastErrorDate.IsZero() {
			res.LastErrorDate = h.info.LastErrorDate.Unix()
		}
	}
	return res, nil
}
