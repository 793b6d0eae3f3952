package bot

import (
	"context"

	"github.com/refdigest/refdigest/store"
)

// cmdStart subscribes (or re-activates) the chat. The digest language is guessed from the
// user's Telegram language (or given as a deep link, /start kk), and buttons offer a change
// of language and delivery time.
func (h *Handler) cmdStart(_ context.Context, req Request, ui, args string) Response {
	lang := digestLangFromTelegram(req.LanguageCode)
	switch args {
	case "kk", "ru", "both":
		lang = args
		ui = uiForDigestLang(ui, lang)
	}
	returning := false
	sub, err := h.st.UpdateSubscriber(req.ChatID, func(sub *store.Subscriber, created bool) error {
		returning = !created && sub.Active
		if created || args != "" || sub.Lang == "" {
			sub.Lang = lang
		}
		if created || args != "" || sub.UILang == "" {
			sub.UILang = ui
		}
		sub.ChatType = req.ChatType
		if sub.ChatType == "" {
			sub.ChatType = "private"
		}
		sub.Name = req.UserName
		if req.ChatTitle != "" {
			sub.Name = req.ChatTitle
		}
		sub.Active, sub.InactiveReason = true, ""
		return nil
	})
	if err != nil {
		return h.failed(ui, "start", err)
	}
	ui = sub.UILang
	key := "welcome"
	if returning {
		key = "welcome_back"
	}
	return Response{Replies: []Reply{{Text: tr(ui, key, settingsLine(ui, sub)), Keyboard: settingsKeyboard(ui, sub)}}}
}
