// Package telegramtest is a fake Telegram Bot API server for tests and for the
// offline `refdigest demo`. It listens on 127.0.0.1, speaks the Bot API over
// HTTP (form-encoded, multipart, JSON bodies and query strings all work) and
// is driven from the outside: tests inject what users do (SendMessage,
// PressButton, InlineQuery, ChatMemberUpdate), inject faults (Block, Kick,
// Migrate, FloodFor, FailNext, a random 5xx rate) and read back what the bot
// did (Sent, SentTo, WaitSent, Calls, Stats, Commands, CallbackAnswers,
// InlineAnswers). Point github.com/go-telegram-bot-api/telegram-bot-api/v5 at
// it with tgbotapi.NewBotAPIWithAPIEndpoint(token, srv.Endpoint()).
//
// It is an ordinary package (it does not import "testing"), safe for
// concurrent use, and keeps one small record per accepted message so a
// broadcast to tens of thousands of chats stays cheap.
//
// # Behaviour taken from the Bot API documentation (core.telegram.org/bots/api)
//
//   - Requests go to /bot<token>/<method>; method names are case-insensitive;
//     parameters arrive as a query string, application/x-www-form-urlencoded,
//     multipart/form-data or application/json. Every answer is
//     {"ok":...,"result":...} or {"ok":false,"error_code":N,"description":...,
//     "parameters":{"retry_after":N,"migrate_to_chat_id":N}}.
//   - getUpdates: updates with update_id < offset are confirmed and forgotten;
//     a negative offset keeps only the last -offset updates; limit is 1-100
//     (default 100); timeout is a long poll that returns as soon as an update
//     arrives; allowed_updates persists between calls, an empty list means
//     every type except chat_member (and the reaction types), and it only
//     filters updates created after it was set. getUpdates is refused while a
//     webhook is set.
//   - setWebhook needs an https URL on port 443, 80, 88 or 8443 (an empty URL
//     removes the webhook); secret_token is 1-256 characters of A-Z, a-z, 0-9,
//     _ and -, sent back in X-Telegram-Bot-Api-Secret-Token.
//   - HTML parse mode: the tags b/strong, i/em, u/ins, s/strike/del, a href,
//     code, pre (with an inner code class="language-..."), blockquote (with
//     expandable), tg-spoiler or span class="tg-spoiler", tg-emoji emoji-id;
//     the named entities &lt; &gt; &amp; &quot; and all numeric entities.
//     Text is limited to 4096 characters after entity parsing; callback_data
//     to 1-64 bytes; commands to 1-32 characters of a-z, 0-9 and _.
//   - Limits: about 30 messages per second overall, one per second to a
//     private chat, 20 per minute to a group or channel (Bots FAQ).
//
// # Behaviour observed on the real server
//
//   - Error texts: "Unauthorized", "Not Found", "Conflict: terminated by other
//     getUpdates request; ...", "Forbidden: bot was blocked by the user",
//     "Forbidden: user is deactivated", "Forbidden: bot was kicked from the
//     group chat", "Forbidden: bot can't initiate conversation with a user",
//     "Bad Request: chat not found", "Bad Request: group chat was upgraded to
//     a supergroup chat", "Too Many Requests: retry after N", "Bad Request:
//     message is not modified: ...", "Bad Request: BUTTON_DATA_INVALID".
//   - A second getUpdates terminates the one in flight: the older request is
//     answered 409 and the newer one carries on.
//   - HTML errors follow Telegram's parser: "can't parse entities: Unsupported
//     start tag "div" at byte offset 5", "Can't find end tag corresponding to
//     start tag "b"", "Unmatched end tag at byte offset N, expected "</i>",
//     found "</b>"", "Unclosed start tag at byte offset N". A bare "<" is an
//     unsupported start tag named "" (or "<" for "<<"). Entities may omit the
//     closing ";". The sent text is trimmed of surrounding white space before
//     the emptiness and length checks.
//   - Editing a message without reply_markup removes its inline keyboard.
//   - A 502 comes from the front proxy as an HTML page, not JSON; a 500 is a
//     JSON error.
//   - retry_after is a whole number of seconds, at least 1.
//
// # Assumed or fake-only behaviour
//
//   - Stricter than the real parser, as the documentation demands: a "&" that
//     does not start an entity is refused ("Unescaped "&" at byte offset N");
//     the real server lets it through. A bare ">" is accepted, as on the real
//     server.
//   - Limits are sliding windows (N messages in any window), checked only on
//     sendMessage, with a grace of 1/20 of the window so a client that paces
//     at exactly the limit never fails on network jitter. Refused sends do not
//     count. FloodFor refuses sendMessage and editMessageText. The chat type
//     comes from registered chats, else from the id: positive ids are private
//     chats, negative ids groups, supergroups or channels.
//   - Numeric chat ids the fake never saw are accepted (tests broadcast to
//     chats they did not register); "@username" ids must belong to a
//     registered chat.
//   - Checks run in this order: request syntax and content (text, HTML,
//     length, keyboard), then the chat (not found, 403, migrated), then flood
//     limits. A refused request changes nothing.
//   - The random 5xx rate spares getMe and getUpdates so clients can start and
//     poll; FailNext injects any error into any method.
//   - Texts for errors whose real wording is unknown (bad JSON body, bad
//     integer parameter, invalid webhook secret, command validation,
//     inline-result validation) are written in Telegram's style.
//   - With Options.WebhookTarget set, updates are POSTed in order, one at a
//     time, to that plain-HTTP address (the path of the registered https URL
//     is kept), standing in for the TLS proxy in front of the bot; a failed
//     delivery is retried after a short pause and reported in
//     getWebhookInfo. Replies written into the webhook response are ignored.
//   - Callback queries and inline queries may be answered once, at any time.
//   - Migration and leaving a chat do not inject service messages.
package telegramtest
