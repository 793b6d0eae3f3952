package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/robfig/cron/v3"
)

// problems collects every validation failure so a person can fix them all
// in one go.
type problems []error

func (p *problems) add(key, format string, args ...any) {
	*p = append(*p, fmt.Errorf("config: %s: %s", key, fmt.Sprintf(format, args...)))
}

// Validate checks every setting and returns all problems joined
// (errors.Join), each naming its key. The token is not required here (see
// RequireToken), and no secret is ever echoed in a message.
func (c Config) Validate() error {
	var p problems
	c.validateTelegram(&p)
	c.validateStore(&p)
	c.validateSchedule(&p)
	c.validateSources(&p)
	for i, k := range c.Topic.Keywords {
		if strings.TrimSpace(k) == "" {
			p.add(fmt.Sprintf("topic.keywords[%d]", i), "is empty and would match every item; remove it")
		}
	}
	if c.Digest.MaxStories < 1 {
		p.add("digest.max_stories", "must be 1 or more, got %d", c.Digest.MaxStories)
	}
	if c.HTTP.Listen != "" {
		if msg := checkListen(c.HTTP.Listen); msg != "" {
			p.add("http.listen", "%s (\"\" turns the endpoint off)", msg)
		}
	}
	c.validateWeb(&p)
	c.validateLLM(&p)
	return scrub(errors.Join(p...), c.Telegram.Token, c.Telegram.Webhook.Secret, c.LLM.APIKey)
}

func (c Config) validateTelegram(p *problems) {
	t := c.Telegram
	if t.Token != "" && !looksLikeToken(t.Token) {
		p.add("telegram.token", "does not look like a bot token (digits, a colon, then letters, digits, _ or -); check %s", EnvToken)
	}
	// The endpoint is never echoed: people paste their token into it.
	switch ep := t.APIEndpoint; {
	case ep == "":
		p.add("telegram.api_endpoint", "is empty; the public Bot API is %q", Default().Telegram.APIEndpoint)
	case strings.Count(ep, "%s") != 2:
		p.add("telegram.api_endpoint", "must hold exactly two %%s (the token, then the method), like %q", Default().Telegram.APIEndpoint)
	case !isHTTPURL(strings.ReplaceAll(ep, "%s", "x")):
		p.add("telegram.api_endpoint", "must be an http:// or https:// URL")
	}
	switch t.Mode {
	case "polling":
	case "webhook":
		if !isHTTPSURL(t.Webhook.URL) {
			p.add("telegram.webhook.url", "webhook mode needs the public https:// URL Telegram posts to (Telegram accepts nothing else)")
		}
		if t.Webhook.Secret == "" {
			p.add("telegram.webhook.secret", "webhook mode needs a secret; set TELEGRAM_WEBHOOK_SECRET")
		}
		if t.Webhook.Listen == "" {
			p.add("telegram.webhook.listen", "webhook mode needs host:port to listen on, such as \":8443\"")
		} else if msg := checkListen(t.Webhook.Listen); msg != "" {
			p.add("telegram.webhook.listen", "%s", msg)
		}
	default:
		p.add("telegram.mode", "%q is not one of polling, webhook", t.Mode)
	}
	if s := t.Webhook.Secret; s != "" && !isWebhookSecret(s) {
		p.add("telegram.webhook.secret", "Telegram accepts only A-Z, a-z, 0-9, _ and -, 1 to 256 characters")
	}
	for i, id := range t.Admins {
		if id <= 0 {
			p.add(fmt.Sprintf("telegram.admins[%d]", i), "%d is not a user id (user ids are positive)", id)
		}
	}
	for i, ch := range t.Channels {
		if !isChatID(ch) && !isChatUsername(ch) {
			p.add(fmt.Sprintf("telegram.channels[%d]", i), "%q is neither a chat id (an integer such as -1001234567890) nor an @name", ch)
		}
	}
	for _, r := range []struct {
		key string
		v   float64
	}{
		{"telegram.rate.global_per_second", t.Rate.GlobalPerSecond},
		{"telegram.rate.per_chat_per_second", t.Rate.PerChatPerSecond},
		{"telegram.rate.group_per_minute", t.Rate.GroupPerMinute},
	} {
		if !(r.v > 0) {
			p.add(r.key, "must be more than 0, got %v", r.v)
		}
	}
}

func (c Config) validateStore(p *problems) {
	if strings.TrimSpace(c.Store.Dir) == "" {
		p.add("store.dir", "is empty; give the directory for the bbolt file and the search index")
	}
	if c.Store.BackupDir != "" && c.Store.BackupKeep < 1 {
		p.add("store.backup_keep", "must be 1 or more when store.backup_dir is set, got %d", c.Store.BackupKeep)
	}
}

func (c Config) validateSchedule(p *problems) {
	s := c.Schedule
	if s.Timezone == "" {
		p.add("schedule.timezone", "is empty; use an IANA zone such as \"Asia/Almaty\"")
	} else if _, err := time.LoadLocation(s.Timezone); err != nil {
		p.add("schedule.timezone", "unknown time zone %q; use an IANA zone such as \"Asia/Almaty\"", s.Timezone)
	}
	for _, spec := range []struct{ key, v string }{
		{"schedule.collect", s.Collect},
		{"schedule.digest", s.Digest},
	} {
		if err := checkCron(spec.v); err != nil {
			p.add(spec.key, "%q is not a valid cron spec (%v); use 5 fields such as \"*/15 * * * *\", or \"@every 30m\"", spec.v, err)
		}
	}
}

// checkCron parses spec the way the scheduler will. cron v3.0.1 panics on
// some malformed input ("TZ=UTC" without a schedule), hence the recover.
func checkCron(spec string) (err error) {
	if strings.TrimSpace(spec) == "" {
		return errors.New("empty")
	}
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("malformed")
		}
	}()
	_, err = cron.ParseStandard(spec)
	return err
}

func (c Config) validateSources(p *problems) {
	firstUse := make(map[string]int)
	for i, s := range c.Sources {
		key := func(field string) string { return fmt.Sprintf("sources[%d].%s", i, field) }
		name := strings.TrimSpace(s.Name)
		// of names the source in messages about its other keys.
		of := ""
		if name == "" {
			p.add(key("name"), "is empty; every source needs a unique name")
		} else {
			of = fmt.Sprintf(" (source %q)", name)
			if j, dup := firstUse[name]; dup {
				p.add(key("name"), "%q is already the name of sources[%d]; names must be unique", name, j)
			} else {
				firstUse[name] = i
			}
		}
		// URLs are not echoed: feed URLs sometimes carry access keys.
		if s.URL == "" {
			p.add(key("url"), "is empty%s", of)
		} else if !isHTTPURL(strings.ReplaceAll(s.URL, "{page}", "1")) {
			p.add(key("url"), "must be an http:// or https:// URL with a host%s", of)
		}
		switch s.Lang {
		case "kk", "ru", "auto":
		default:
			p.add(key("lang"), "%q is not one of kk, ru, auto%s", s.Lang, of)
		}
		if s.Pages < 0 {
			p.add(key("pages"), "cannot be negative, got %d (1 = the first page only)%s", s.Pages, of)
		}
		switch s.Kind {
		case "feed":
		case "html":
			if strings.TrimSpace(s.Select.Item) == "" {
				p.add(key("select.item"), "an html source needs the CSS selector of one listing item%s", of)
			}
			if s.Pages > 1 && !strings.Contains(s.URL, "{page}") {
				p.add(key("url"), "has no {page} but pages is %d; put {page} where the page number goes%s", s.Pages, of)
			}
		case "telegram":
			if s.URL != "" && TelegramChannel(s.URL) == "" {
				p.add(key("url"), "a telegram source reads a channel's public preview: give https://t.me/s/CHANNEL%s", of)
			}
		default:
			p.add(key("kind"), "%q is not one of feed, html, telegram%s", s.Kind, of)
		}
	}
}

func (c Config) validateLLM(p *problems) {
	l := c.LLM
	if l.BaseURL != "" {
		if !isHTTPURL(l.BaseURL) {
			p.add("llm.base_url", "must be an http:// or https:// URL (\"\" turns the LLM off)")
		}
		if strings.TrimSpace(l.Model) == "" {
			p.add("llm.model", "is empty; name the model to ask when llm.base_url is set")
		}
	}
	if l.MaxInFlight < 1 || l.MaxInFlight > 64 {
		p.add("llm.max_in_flight", "must be from 1 to 64, got %d", l.MaxInFlight)
	}
	if l.Budget <= 0 {
		p.add("llm.budget", "must be more than 0, got %s (the time one digest build may spend on translations)", l.Budget)
	}
	if l.Timeout <= 0 {
		p.add("llm.timeout", "must be more than 0, got %s", l.Timeout)
	}
	if strings.IndexFunc(l.APIKey, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		p.add("llm.api_key", "contains spaces or control characters (a stray newline?)")
	}
}

// TelegramChannel returns the channel name of a t.me/s preview URL (any URL
// whose path is /s/CHANNEL, so a mirror or a local fixture works the same),
// or "" when rawURL is not one.
func TelegramChannel(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	name, ok := strings.CutPrefix(strings.TrimSuffix(u.Path, "/"), "/s/")
	if !ok || name == "" || strings.Contains(name, "/") {
		return ""
	}
	// Public channel names: letters, digits and _, 4 to 32 long (old ones may be shorter).
	if len(name) > 32 || !isTokenChars(name) || strings.Contains(name, "-") {
		return ""
	}
	return name
}

func (c Config) validateWeb(p *problems) {
	w := c.Web
	if w.Listen != "" {
		if msg := checkListen(w.Listen); msg != "" {
			p.add("web.listen", "%s (\"\" turns the web archive off)", msg)
		} else if w.Listen == c.HTTP.Listen {
			p.add("web.listen", "is the same address as http.listen; the public pages and the private /metrics need separate ones")
		}
	}
	if w.PublicURL != "" {
		u, err := url.Parse(w.PublicURL)
		switch {
		case err != nil || !isHTTPURL(w.PublicURL):
			p.add("web.public_url", "must be an http:// or https:// URL such as \"https://digest.example.kz\" (\"\" = no links)")
		case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			p.add("web.public_url", "must be a plain base URL, without a query, a fragment or a user name")
		}
	}
}

// checkListen returns what is wrong with a host:port, or "".
func checkListen(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Sprintf("%q is not host:port, such as \"127.0.0.1:8080\" or \":8080\"", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Sprintf("%q: the port must be a number from 0 to 65535", addr)
	}
	return ""
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isHTTPSURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// looksLikeToken checks the Bot API token shape: "123456:ABC-def_...".
func looksLikeToken(s string) bool {
	id, rest, ok := strings.Cut(s, ":")
	if !ok || id == "" || rest == "" {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return isTokenChars(rest)
}

func isWebhookSecret(s string) bool {
	return len(s) <= 256 && isTokenChars(s)
}

// isTokenChars reports whether s is non-empty and only A-Z a-z 0-9 _ -.
func isTokenChars(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}

func isChatID(s string) bool {
	n, err := strconv.ParseInt(s, 10, 64)
	return err == nil && n != 0
}

// isChatUsername checks "@name": Telegram public names are 4 to 32 of
// a-z, 0-9 and _, starting with a letter.
func isChatUsername(s string) bool {
	name, ok := strings.CutPrefix(s, "@")
	if !ok || len(name) < 4 || len(name) > 32 {
		return false
	}
	if c := name[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return false
	}
	return isTokenChars(name) && !strings.Contains(name, "-")
}
