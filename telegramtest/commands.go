package telegramtest

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// BotCommand is one entry of the bot's command menu.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// CommandScope is a BotCommandScope: Type is "default",
// "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
// "chat_administrators" or "chat_member"; ChatID and UserID as the type needs.
type CommandScope struct {
	Type   string
	ChatID int64
	UserID int64
}

type commandKey struct {
	scope CommandScope
	lang  string
}

// Commands returns the commands setMyCommands stored for the default scope
// and languageCode ("" is the fallback for all languages).
func (s *Server) Commands(languageCode string) []BotCommand {
	return s.ScopedCommands(CommandScope{Type: "default"}, languageCode)
}

// ScopedCommands returns the commands stored for a scope and languageCode.
func (s *Server) ScopedCommands(scope CommandScope, languageCode string) []BotCommand {
	if scope.Type == "" {
		scope.Type = "default"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[commandKey{scope: scope, lang: languageCode}])
}

// commandTarget reads scope and language_code.
func (s *Server) commandTarget(p map[string]string) (commandKey, *apiError) {
	key := commandKey{scope: CommandScope{Type: "default"}, lang: p["language_code"]}
	if l := key.lang; l != "" && (len(l) != 2 || l[0] < 'a' || l[0] > 'z' || l[1] < 'a' || l[1] > 'z') {
		return key, badRequest("LANG_CODE_INVALID")
	}
	raw := strings.TrimSpace(p["scope"])
	if raw == "" {
		return key, nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID int64           `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return key, badRequest("can't parse BotCommandScope JSON object")
	}
	key.scope.Type = sc.Type
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return key, nil
	case "chat", "chat_administrators", "chat_member":
	default:
		return key, badRequest("unsupported BotCommandScope type")
	}
	ref := strings.Trim(string(sc.ChatID), `"`)
	id, username, e := parseChatRef(map[string]string{"chat_id": ref}, "chat_id")
	if e != nil {
		return key, e
	}
	if username != "" {
		s.mu.Lock()
		known, ok := s.usernames[strings.ToLower(username)]
		s.mu.Unlock()
		if !ok {
			return key, badRequest("chat not found")
		}
		id = known
	}
	key.scope.ChatID = id
	if sc.Type == "chat_member" {
		if sc.UserID <= 0 {
			return key, badRequest("invalid user_id specified")
		}
		key.scope.UserID = sc.UserID
	}
	return key, nil
}

func validCommandName(c string) bool {
	if len(c) < 1 || len(c) > 32 {
		return false
	}
	for i := 0; i < len(c); i++ {
		b := c[i]
		if b != '_' && (b < '0' || b > '9') && (b < 'a' || b > 'z') {
			return false
		}
	}
	return true
}

func (s *Server) handleSetMyCommands(c *call) (any, *apiError) {
	raw, ok := c.p["commands"]
	if !ok || strings.TrimSpace(raw) == "" {
		return nil, badRequest("parameter \"commands\" is required")
	}
	var cmds []BotCommand
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for i, cmd := range cmds {
		if !validCommandName(cmd.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(cmd.Description)); n < 1 || n > 256 {
			return nil, badRequest("command description #" + strconv.Itoa(i+1) + " must be 1-256 characters long")
		}
	}
	key, e := s.commandTarget(c.p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	return true, nil
}

func (s *Server) handleGetMyCommands(c *call) (any, *apiError) {
	key, e := s.commandTarget(c.p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := s.commands[key]
	if cmds == nil {
		cmds = []BotCommand{}
	}
	return slices.Clone(cmds), nil
}

func (s *Server) handleDeleteMyCommands(c *call) (any, *apiError) {
	key, e := s.commandTarget(c.p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	return true, nil
}
