package telegramtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// fault is how every call about a chat is refused.
type fault struct {
	code      int
	desc      string
	migrateTo int64
}

func (f *fault) err() *apiError {
	return &apiError{code: f.code, desc: f.desc, migrateTo: f.migrateTo}
}

// chatState is what the server knows about one chat. It is kept small:
// broadcasts create one per recipient.
type chatState struct {
	chat    Chat
	msgs    []int32 // by message id - 1: index in Server.sent of the current version, -1 for users' messages
	sentIdx []int32 // indexes in Server.sent of this chat's records
	win     window
	fault   *fault
	members []memberRec
}

type memberRec struct {
	user   User
	status string
}

// chatLocked returns the chat's state, creating it with the type its id implies.
func (s *Server) chatLocked(id int64) *chatState {
	st := s.chats[id]
	if st == nil {
		st = &chatState{chat: Chat{ID: id, Type: typeFromID(id)}}
		s.chats[id] = st
	}
	return st
}

// registerLocked records what a test told about a chat; empty fields keep
// what was known.
func (s *Server) registerLocked(c Chat) *chatState {
	st := s.chatLocked(c.ID)
	cur := &st.chat
	if c.Type != "" {
		cur.Type = c.Type
	}
	if c.Title != "" {
		cur.Title = c.Title
	}
	if c.FirstName != "" {
		cur.FirstName = c.FirstName
	}
	if c.LastName != "" {
		cur.LastName = c.LastName
	}
	if c.Username != "" && !strings.EqualFold(c.Username, cur.Username) {
		if cur.Username != "" {
			delete(s.usernames, strings.ToLower(cur.Username))
		}
		cur.Username = c.Username
		s.usernames[strings.ToLower(c.Username)] = c.ID
	}
	return st
}

func validChatType(t string) bool {
	switch t {
	case "", "private", "group", "supergroup", "channel":
		return true
	}
	return false
}

// RegisterChat tells the server about a chat: its type (which picks the
// flood limit), title and username (so "@username" chat ids resolve).
// Fields left empty keep what the server knew.
func (s *Server) RegisterChat(c Chat) error {
	if c.ID == 0 {
		return fmt.Errorf("telegramtest: register chat: id is 0")
	}
	if !validChatType(c.Type) {
		return fmt.Errorf("telegramtest: register chat %d: unknown type %q", c.ID, c.Type)
	}
	if c.Type == "private" && c.ID < 0 || c.Type != "" && c.Type != "private" && c.ID > 0 {
		return fmt.Errorf("telegramtest: register chat %d: a %s chat cannot have this id", c.ID, c.Type)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.registerLocked(c)
	return nil
}

// parseChatRef reads chat_id: a number or "@username".
func parseChatRef(p map[string]string, name string) (int64, string, *apiError) {
	v := strings.TrimSpace(p[name])
	if v == "" {
		return 0, "", badRequest(name + " is empty")
	}
	if u, ok := strings.CutPrefix(v, "@"); ok {
		if u == "" {
			return 0, "", badRequest("chat not found")
		}
		return 0, u, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id == 0 {
		return 0, "", badRequest("chat not found")
	}
	return id, "", nil
}

// lookupChatLocked resolves a chat reference and applies the chat's fault.
func (s *Server) lookupChatLocked(id int64, username string) (*chatState, *apiError) {
	if username != "" {
		known, ok := s.usernames[strings.ToLower(username)]
		if !ok {
			return nil, badRequest("chat not found")
		}
		id = known
	}
	st := s.chatLocked(id)
	if st.fault != nil {
		return nil, st.fault.err()
	}
	return st, nil
}

// chatFromParams is lookupChatLocked for the chat_id parameter; it locks.
func (s *Server) chatFromParams(p map[string]string) (*chatState, Chat, *apiError) {
	id, username, e := parseChatRef(p, "chat_id")
	if e != nil {
		return nil, Chat{}, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.lookupChatLocked(id, username)
	if e != nil {
		return nil, Chat{}, e
	}
	return st, st.chat, nil
}

func (s *Server) setFault(chatID int64, f func(st *chatState) *fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.chatLocked(chatID)
	st.fault = f(st)
}

// Block makes every call about the chat answer 403 "Forbidden: bot was
// blocked by the user", until the user writes again or Restore.
func (s *Server) Block(chatID int64) {
	s.setFault(chatID, func(*chatState) *fault {
		return &fault{code: http.StatusForbidden, desc: "Forbidden: bot was blocked by the user"}
	})
}

// Deactivate makes every call about the chat answer 403 "Forbidden: user is
// deactivated" (a deleted account).
func (s *Server) Deactivate(chatID int64) {
	s.setFault(chatID, func(*chatState) *fault {
		return &fault{code: http.StatusForbidden, desc: "Forbidden: user is deactivated"}
	})
}

// Unstarted makes every call about the chat answer 403 "Forbidden: bot can't
// initiate conversation with a user", until the user writes or Restore.
func (s *Server) Unstarted(chatID int64) {
	s.setFault(chatID, func(*chatState) *fault {
		return &fault{code: http.StatusForbidden, desc: "Forbidden: bot can't initiate conversation with a user"}
	})
}

// Kick makes every call about the chat answer 403 "Forbidden: bot was kicked
// from the group chat" ("supergroup chat", "channel chat" by chat type);
// for a private chat it is Block.
func (s *Server) Kick(chatID int64) {
	s.setFault(chatID, func(st *chatState) *fault {
		if st.chat.Type == "private" {
			return &fault{code: http.StatusForbidden, desc: "Forbidden: bot was blocked by the user"}
		}
		return &fault{code: http.StatusForbidden, desc: "Forbidden: bot was kicked from the " + st.chat.Type + " chat"}
	})
}

// Forget makes every call about the chat answer 400 "Bad Request: chat not found".
func (s *Server) Forget(chatID int64) {
	s.setFault(chatID, func(*chatState) *fault {
		return &fault{code: http.StatusBadRequest, desc: "Bad Request: chat not found"}
	})
}

// Migrate upgrades a group to the supergroup newID: calls about chatID
// answer 400 "Bad Request: group chat was upgraded to a supergroup chat"
// with parameters.migrate_to_chat_id, and newID becomes a supergroup with
// the group's title, username and members.
func (s *Server) Migrate(chatID, newID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.chatLocked(chatID)
	old.fault = &fault{
		code:      http.StatusBadRequest,
		desc:      "Bad Request: group chat was upgraded to a supergroup chat",
		migrateTo: newID,
	}
	nc := old.chat
	nc.ID, nc.Type = newID, "supergroup"
	if nc.Username != "" {
		delete(s.usernames, strings.ToLower(nc.Username))
		old.chat.Username = ""
	}
	st := s.registerLocked(nc)
	st.fault = nil
	st.members = append([]memberRec(nil), old.members...)
}

// Restore clears any fault set on the chat by Block, Deactivate, Unstarted,
// Kick, Forget, Migrate or leaveChat.
func (s *Server) Restore(chatID int64) {
	s.setFault(chatID, func(*chatState) *fault { return nil })
}

func validStatus(status string) bool {
	switch status {
	case "creator", "administrator", "member", "restricted", "left", "kicked":
		return true
	}
	return false
}

// SetMember records u's status in a chat ("creator", "administrator",
// "member", "restricted", "left" or "kicked"), which getChatMember and
// getChatAdministrators report. Use the bot's id (Bot().ID) to make the bot
// an administrator.
func (s *Server) SetMember(chatID int64, u User, status string) error {
	if !validStatus(status) {
		return fmt.Errorf("telegramtest: set member: unknown status %q", status)
	}
	if u.ID == 0 {
		return fmt.Errorf("telegramtest: set member: user id is 0")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
	s.setMemberLocked(s.chatLocked(chatID), u, status)
	return nil
}

func (s *Server) setMemberLocked(st *chatState, u User, status string) {
	for i := range st.members {
		if st.members[i].user.ID == u.ID {
			st.members[i] = memberRec{user: u, status: status}
			return
		}
	}
	st.members = append(st.members, memberRec{user: u, status: status})
}

func (s *Server) handleGetChat(c *call) (any, *apiError) {
	_, chat, e := s.chatFromParams(c.p)
	if e != nil {
		return nil, e
	}
	return chat, nil
}

func (s *Server) handleGetChatMember(c *call) (any, *apiError) {
	uid, ok, e := intParam(c.p, "user_id")
	if e != nil {
		return nil, e
	}
	if !ok || uid <= 0 {
		return nil, badRequest("invalid user_id specified")
	}
	st, _, e := s.chatFromParams(c.p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range st.members {
		if m.user.ID == uid {
			return newChatMember(m.user, m.status), nil
		}
	}
	u, known := s.users[uid]
	switch {
	case uid == s.botID:
		u, known = s.Bot(), true
	case !known && st.chat.Type == "private" && uid == st.chat.ID:
		u, known = User{ID: uid, FirstName: st.chat.FirstName, LastName: st.chat.LastName, Username: st.chat.Username}, true
	}
	if !known {
		return nil, badRequest("user not found")
	}
	if st.chat.Type == "private" && uid != st.chat.ID && uid != s.botID {
		return nil, badRequest("user not found")
	}
	status := "left"
	if st.chat.Type == "private" || uid == s.botID {
		status = "member"
	}
	return newChatMember(u, status), nil
}

func (s *Server) handleGetChatAdministrators(c *call) (any, *apiError) {
	st, chat, e := s.chatFromParams(c.p)
	if e != nil {
		return nil, e
	}
	if chat.Type == "private" {
		return nil, badRequest("there are no administrators in the private chat")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	admins := make([]chatMember, 0, 4)
	for _, m := range st.members {
		if m.status == "creator" {
			admins = append(admins, newChatMember(m.user, m.status))
		}
	}
	for _, m := range st.members {
		if m.status == "administrator" {
			admins = append(admins, newChatMember(m.user, m.status))
		}
	}
	return admins, nil
}

func validAction(a string) bool {
	switch a {
	case "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
		"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note":
		return true
	}
	return false
}

func (s *Server) handleSendChatAction(c *call) (any, *apiError) {
	if _, _, e := s.chatFromParams(c.p); e != nil {
		return nil, e
	}
	if !validAction(c.p["action"]) {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}

func (s *Server) handleLeaveChat(c *call) (any, *apiError) {
	st, chat, e := s.chatFromParams(c.p)
	if e != nil {
		return nil, e
	}
	if chat.Type == "private" {
		return nil, badRequest("chat member status can't be changed in private chats")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st.fault = &fault{code: http.StatusForbidden, desc: "Forbidden: bot is not a member of the " + chat.Type + " chat"}
	bot := s.Bot()
	s.setMemberLocked(st, bot, "left")
	s.enqueueLocked(kindMyChatMember, func(u *update) {
		u.MyChatMember = &chatMemberUpdated{
			Chat:          chat,
			From:          bot,
			Date:          c.now.Unix(),
			OldChatMember: newChatMember(bot, "member"),
			NewChatMember: newChatMember(bot, "left"),
		}
	})
	return true, nil
}
