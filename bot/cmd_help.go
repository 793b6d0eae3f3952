package bot

import "context"

// cmdHelp lists the commands; admins also see theirs.
func (h *Handler) cmdHelp(_ context.Context, req Request, ui string) Response {
	text := tr(ui, "help", esc(h.opts.BotUsername))
	if h.admins[req.UserID] {
		text += tr(ui, "help_admin")
	}
	return say(text)
}
