package telegramtest

import (
	"encoding/json"
	"strconv"
)

// User is a Telegram user as the Bot API shows it.
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Chat is a Telegram chat. Type is "private", "group", "supergroup" or
// "channel"; when empty it follows from the id (positive: private;
// -100xxxxxxxxxx: supergroup; other negative ids: group).
type Chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

// PrivateChat returns the private chat between the bot and u.
func PrivateChat(u User) Chat {
	return Chat{ID: u.ID, Type: "private", FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
}

// supergroupBase is the id offset of supergroups and channels (-100xxxxxxxxxx).
const supergroupBase = -1000000000000

// typeFromID guesses a chat type from the sign and range of its id.
func typeFromID(id int64) string {
	switch {
	case id > 0:
		return "private"
	case id <= supergroupBase:
		return "supergroup"
	default:
		return "group"
	}
}

func isGroupType(t string) bool { return t != "private" }

// message is the Bot API Message object, as much of it as the fake fills.
type message struct {
	MessageID   int             `json:"message_id"`
	From        *User           `json:"from,omitempty"`
	SenderChat  *Chat           `json:"sender_chat,omitempty"`
	Date        int64           `json:"date"`
	EditDate    int64           `json:"edit_date,omitempty"`
	Chat        Chat            `json:"chat"`
	Text        string          `json:"text,omitempty"`
	Entities    []Entity        `json:"entities,omitempty"`
	ReplyMarkup json.RawMessage `json:"reply_markup,omitempty"`
}

type callbackQuery struct {
	ID           string   `json:"id"`
	From         User     `json:"from"`
	Message      *message `json:"message,omitempty"`
	ChatInstance string   `json:"chat_instance"`
	Data         string   `json:"data,omitempty"`
}

type inlineQuery struct {
	ID       string `json:"id"`
	From     User   `json:"from"`
	Query    string `json:"query"`
	Offset   string `json:"offset"`
	ChatType string `json:"chat_type,omitempty"`
}

type chatMember struct {
	User               User   `json:"user"`
	Status             string `json:"status"`
	IsAnonymous        bool   `json:"is_anonymous,omitempty"`
	CanBeEdited        *bool  `json:"can_be_edited,omitempty"`
	CanManageChat      bool   `json:"can_manage_chat,omitempty"`
	CanDeleteMessages  bool   `json:"can_delete_messages,omitempty"`
	CanRestrictMembers bool   `json:"can_restrict_members,omitempty"`
	CanChangeInfo      bool   `json:"can_change_info,omitempty"`
	CanInviteUsers     bool   `json:"can_invite_users,omitempty"`
	CanPinMessages     bool   `json:"can_pin_messages,omitempty"`
	IsMember           *bool  `json:"is_member,omitempty"`
	UntilDate          *int64 `json:"until_date,omitempty"`
}

func newChatMember(u User, status string) chatMember {
	m := chatMember{User: u, Status: status}
	f, t, zero := false, true, int64(0)
	switch status {
	case "creator":
		m.CanManageChat = true
	case "administrator":
		m.CanBeEdited = &f
		m.CanManageChat = true
		m.CanDeleteMessages = true
		m.CanRestrictMembers = true
		m.CanChangeInfo = true
		m.CanInviteUsers = true
		m.CanPinMessages = true
	case "restricted":
		m.IsMember = &t
		m.UntilDate = &zero
	case "kicked":
		m.UntilDate = &zero
	}
	return m
}

type chatMemberUpdated struct {
	Chat          Chat       `json:"chat"`
	From          User       `json:"from"`
	Date          int64      `json:"date"`
	OldChatMember chatMember `json:"old_chat_member"`
	NewChatMember chatMember `json:"new_chat_member"`
}

// update is the Bot API Update object.
type update struct {
	UpdateID      int                `json:"update_id"`
	Message       *message           `json:"message,omitempty"`
	ChannelPost   *message           `json:"channel_post,omitempty"`
	InlineQuery   *inlineQuery       `json:"inline_query,omitempty"`
	CallbackQuery *callbackQuery     `json:"callback_query,omitempty"`
	MyChatMember  *chatMemberUpdated `json:"my_chat_member,omitempty"`
}

// chatInstance is a stable opaque id for a chat, as callback queries carry.
func chatInstance(chatID int64) string {
	return strconv.FormatInt(chatID*7919+104729, 10)
}
