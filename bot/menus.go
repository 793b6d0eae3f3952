package bot

import tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

// CommandMenus are the command menus per Telegram language_code ("" = everyone else), for
// setMyCommands.
func CommandMenus() map[string][]tgbotapi.BotCommand {
	menu := func(ui string) []tgbotapi.BotCommand {
		var out []tgbotapi.BotCommand
		for _, c := range []string{"start", "digest", "search", "settings", "lang", "time", "onlymylang", "follow", "unfollow", "sources", "stop", "help"} {
			out = append(out, tgbotapi.BotCommand{Command: c, Description: tr(ui, "menu_"+c)})
		}
		return out
	}
	return map[string][]tgbotapi.BotCommand{"kk": menu(uiKK), "ru": menu(uiRU), "": menu(uiEN)}
}
