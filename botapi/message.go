package botapi

// Message is one outgoing message. Text is Telegram HTML.
type Message struct {
	ChatID int64
	Text   string
	// Keyboard is an inline keyboard, rows of buttons.
	Keyboard [][]Button
	// EditMessageID, when set, edits that message (editMessageText) instead of sending anew.
	EditMessageID int
	// DisablePreview turns off link previews (digests: many links, no single preview fits).
	DisablePreview bool
	// ID names the text in logs ("digest 2026-03-03 kk 1/3"), so a rejected text can be found.
	ID string
}

// Button is an inline keyboard button: Data for a callback, or URL for a link.
type Button struct {
	Text string
	Data string
	URL  string
}

// InlineAnswer answers an inline query with articles.
type InlineAnswer struct {
	Results    []InlineArticle
	NextOffset string
	CacheTime  int
}

// InlineArticle is one result of an inline query.
type InlineArticle struct {
	ID, Title, Description, URL string
	// Text is the message (Telegram HTML) sent when the user picks the result.
	Text string
}
