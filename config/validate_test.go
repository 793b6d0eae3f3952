package config

import (
	"strings"
	"testing"
)

// htmlSource is a valid html source to break one key at a time.
const htmlSource = `
sources:
  - name: listing
    url: "https://news.example/list?page={page}"
    lang: ru
    kind: html
    pages: 2
    select: {item: "a.card"}
`

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"bad collect cron", `schedule: {collect: "*/15 * * *"}`, `schedule.collect: "*/15 * * *" is not a valid cron spec`},
		{"bad digest cron", `schedule: {digest: "61 21 * * *"}`, `schedule.digest: "61 21 * * *" is not a valid cron spec`},
		{"empty cron", `schedule: {digest: ""}`, `schedule.digest: "" is not a valid cron spec (empty)`},
		{"cron TZ without schedule", `schedule: {collect: "TZ=UTC"}`, `schedule.collect: "TZ=UTC" is not a valid cron spec`},
		{"bad descriptor", `schedule: {collect: "@every soon"}`, `schedule.collect: "@every soon" is not a valid cron spec`},
		{"unknown time zone", `schedule: {timezone: "Asia/Nowhere"}`, `schedule.timezone: unknown time zone "Asia/Nowhere"`},
		{"empty time zone", `schedule: {timezone: ""}`, `schedule.timezone: is empty`},
		{"source lang", "sources:\n  - {name: a, url: \"https://a.example/\", lang: en}\n", `sources[0].lang: "en" is not one of kk, ru, auto (source "a")`},
		{"source kind", "sources:\n  - {name: a, url: \"https://a.example/\", kind: rss}\n", `sources[0].kind: "rss" is not one of feed, html, telegram (source "a")`},
		{"telegram not a preview", "sources:\n  - {name: a, url: \"https://t.me/tengrinews\", kind: telegram}\n", `sources[0].url: a telegram source reads a channel's public preview: give https://t.me/s/CHANNEL (source "a")`},
		{"html without item", strings.Replace(htmlSource, `select: {item: "a.card"}`, `select: {title: h3}`, 1), `sources[0].select.item: an html source needs the CSS selector`},
		{"html pages without {page}", strings.Replace(htmlSource, "?page={page}", "", 1), `sources[0].url: has no {page} but pages is 2`},
		{"negative pages", strings.Replace(htmlSource, "pages: 2", "pages: -1", 1), `sources[0].pages: cannot be negative, got -1`},
		{"url not http", "sources:\n  - {name: a, url: \"ftp://a.example/feed\"}\n", `sources[0].url: must be an http:// or https:// URL with a host (source "a")`},
		{"url without host", "sources:\n  - {name: a, url: \"https:///feed\"}\n", `sources[0].url: must be an http:// or https:// URL`},
		{"url empty", "sources:\n  - {name: a}\n", `sources[0].url: is empty (source "a")`},
		{"name empty", "sources:\n  - {url: \"https://a.example/\"}\n", `sources[0].name: is empty`},
		{"name blank", "sources:\n  - {name: \"  \", url: \"https://a.example/\"}\n", `sources[0].name: is empty`},
		{"name duplicate", "sources:\n  - {name: a, url: \"https://a.example/\"}\n  - {name: b, url: \"https://b.example/\"}\n  - {name: a, url: \"https://c.example/\"}\n",
			`sources[2].name: "a" is already the name of sources[0]`},
		{"global rate zero", `telegram: {rate: {global_per_second: 0}}`, `telegram.rate.global_per_second: must be more than 0, got 0`},
		{"chat rate negative", `telegram: {rate: {per_chat_per_second: -1}}`, `telegram.rate.per_chat_per_second: must be more than 0, got -1`},
		{"group rate empty", "telegram:\n  rate:\n    group_per_minute:\n", `telegram.rate.group_per_minute: must be more than 0`},
		{"mode", `telegram: {mode: pull}`, `telegram.mode: "pull" is not one of polling, webhook`},
		{"webhook without url", `telegram: {mode: webhook, webhook: {secret: s3cret}}`, `telegram.webhook.url: webhook mode needs the public https:// URL`},
		{"webhook http url", `telegram: {mode: webhook, webhook: {url: "http://bot.example/hook", secret: s3cret}}`, `telegram.webhook.url: webhook mode needs the public https:// URL`},
		{"webhook without secret", `telegram: {mode: webhook, webhook: {url: "https://bot.example/hook"}}`, `telegram.webhook.secret: webhook mode needs a secret`},
		{"webhook bad listen", `telegram: {mode: webhook, webhook: {url: "https://bot.example/hook", secret: s3cret, listen: "8443"}}`, `telegram.webhook.listen: "8443" is not host:port`},
		{"webhook empty listen", `telegram: {mode: webhook, webhook: {url: "https://bot.example/hook", secret: s3cret, listen: ""}}`, `telegram.webhook.listen: webhook mode needs host:port`},
		{"webhook secret charset", `telegram: {webhook: {secret: "has space"}}`, `telegram.webhook.secret: Telegram accepts only A-Z, a-z, 0-9, _ and -`},
		{"token shape", `telegram: {token: "not a token"}`, `telegram.token: does not look like a bot token`},
		{"endpoint one %s", `telegram: {api_endpoint: "https://api.telegram.org/bot%s"}`, `telegram.api_endpoint: must hold exactly two %s (the token, then the method)`},
		{"endpoint three %s", `telegram: {api_endpoint: "https://api.telegram.org/bot%s/%s/%s"}`, `telegram.api_endpoint: must hold exactly two %s`},
		{"endpoint not http", `telegram: {api_endpoint: "api.telegram.org/bot%s/%s"}`, `telegram.api_endpoint: must be an http:// or https:// URL`},
		{"endpoint empty", `telegram: {api_endpoint: ""}`, `telegram.api_endpoint: is empty`},
		{"max stories", `digest: {max_stories: 0}`, `digest.max_stories: must be 1 or more, got 0`},
		{"store dir", `store: {dir: ""}`, `store.dir: is empty`},
		{"backup keep", `store: {backup_dir: backups, backup_keep: 0}`, `store.backup_keep: must be 1 or more when store.backup_dir is set, got 0`},
		{"http listen no port", `http: {listen: "localhost"}`, `http.listen: "localhost" is not host:port`},
		{"http listen bad port", `http: {listen: "127.0.0.1:99999"}`, `http.listen: "127.0.0.1:99999": the port must be a number from 0 to 65535`},
		{"http listen named port", `http: {listen: "127.0.0.1:http"}`, `http.listen: "127.0.0.1:http": the port must be a number`},
		{"web listen", `web: {listen: "8090"}`, `web.listen: "8090" is not host:port`},
		{"web listen is http's", `web: {listen: "127.0.0.1:8080"}`, `web.listen: is the same address as http.listen`},
		{"web url not http", `web: {public_url: "digest.example.kz"}`, `web.public_url: must be an http:// or https:// URL`},
		{"web url with query", `web: {public_url: "https://digest.example.kz/?x=1"}`, `web.public_url: must be a plain base URL`},
		{"llm url", `llm: {base_url: "localhost:11434", model: m}`, `llm.base_url: must be an http:// or https:// URL`},
		{"llm model", `llm: {base_url: "http://127.0.0.1:11434/v1"}`, `llm.model: is empty`},
		{"llm in flight", `llm: {max_in_flight: 0}`, `llm.max_in_flight: must be from 1 to 64, got 0`},
		{"llm budget", `llm: {budget: 0s}`, `llm.budget: must be more than 0`},
		{"llm timeout", `llm: {timeout: -1s}`, `llm.timeout: must be more than 0`},
		{"llm key whitespace", "llm: {api_key: \"sk-abc\\n\"}", `llm.api_key: contains spaces or control characters`},
		{"channel word", `telegram: {channels: ["news"]}`, `telegram.channels[0]: "news" is neither a chat id`},
		{"channel short name", `telegram: {channels: ["@ab"]}`, `telegram.channels[0]: "@ab" is neither a chat id`},
		{"channel name with dash", `telegram: {channels: ["-100", "@ref-digest"]}`, `telegram.channels[1]: "@ref-digest" is neither`},
		{"channel zero", `telegram: {channels: [0]}`, `telegram.channels[0]: "0" is neither`},
		{"admin not positive", `telegram: {admins: [5, -7]}`, `telegram.admins[1]: -7 is not a user id`},
		{"empty keyword", `topic: {keywords: [референдум, ""]}`, `topic.keywords[1]: is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), noEnv)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nlacks %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "config: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	for name, yaml := range map[string]string{
		"every descriptor":  `schedule: {collect: "@every 30s", digest: "@daily"}`,
		"cron with TZ":      `schedule: {collect: "CRON_TZ=Asia/Almaty */5 * * * *"}`,
		"webhook complete":  `telegram: {mode: webhook, webhook: {url: "https://bot.example/hook", secret: "Abc_123-x", listen: "127.0.0.1:8443"}}`,
		"channels":          `telegram: {channels: [-1001234567890, "@refdigest_kz", 12345]}`,
		"http off":          `http: {listen: ""}`,
		"http any host":     `http: {listen: ":0"}`,
		"web on":            `web: {listen: ":8090", public_url: "https://digest.example.kz/archive/"}`,
		"web links only":    `web: {public_url: "https://digest.example.kz"}`,
		"llm on":            `llm: {base_url: "http://127.0.0.1:11434/v1", model: "qwen"}`,
		"llm tuned":         `llm: {base_url: "http://127.0.0.1:11434", model: "qwen", max_in_flight: 2, budget: 3m, timeout: 45s}`,
		"html one page":     strings.Replace(htmlSource, "pages: 2", "pages: 1", 1),
		"html page default": strings.Replace(htmlSource, "    pages: 2\n", "", 1),
		"feed with pages":   "sources:\n  - {name: a, url: \"http://a.example/rss\", pages: 0}\n",
		"no sources":        "sources: []\n",
		"fractional rates":  `telegram: {rate: {global_per_second: 0.5, per_chat_per_second: 0.1, group_per_minute: 1}}`,
		"token shape":       `telegram: {token: "123456789:AAH-abc_DEF"}`,
		"backup":            `store: {backup_dir: backups, backup_keep: 3}`,
		"no backup keep 0":  `store: {backup_keep: 0}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse([]byte(yaml), noEnv); err != nil {
				t.Errorf("Parse: %v", err)
			}
		})
	}
}

// TestSecretsNeverInErrors feeds malformed or misplaced secrets and checks
// that no error repeats them.
func TestSecretsNeverInErrors(t *testing.T) {
	const (
		token   = "123456:SECRETtokenVALUE"
		badTok  = "123456 SECRET token VALUE"
		hookSec = "hook secret with spaces!"
		apiKey  = "sk-SECRETapikey"
	)
	tests := []struct {
		name   string
		yaml   string
		env    map[string]string
		secret string
	}{
		{"malformed token in file", `telegram: {token: "` + badTok + `"}`, nil, badTok},
		{"malformed token in env", "", map[string]string{EnvToken: badTok}, badTok},
		{"token in a numeric key", "digest: {max_stories: \"${" + EnvToken + "}\"}", map[string]string{EnvToken: token}, token},
		{"token in an enum key", "telegram: {mode: \"${" + EnvToken + "}\"}", map[string]string{EnvToken: token}, token},
		{"token in a channel", "telegram: {channels: [\"${" + EnvToken + "}\"]}", map[string]string{EnvToken: token}, token},
		{"token pasted into api_endpoint", `telegram: {api_endpoint: "https://api.telegram.org/bot` + token + `/%s"}`, nil, token},
		{"token in webhook url", `telegram: {mode: webhook, webhook: {url: "http://bot.example/` + token + `", secret: ok}}`, nil, token},
		{"malformed webhook secret", `telegram: {webhook: {secret: "` + hookSec + `"}}`, nil, hookSec},
		{"webhook secret too long", `telegram: {webhook: {secret: "` + strings.Repeat("s", 300) + `"}}`, nil, strings.Repeat("s", 300)},
		{"api key with newline", "llm: {api_key: \"" + apiKey + "\\n\"}", nil, apiKey},
		{"api key from env in source name", "sources:\n  - {name: \"${REFDIGEST_LLM_API_KEY}\", url: \"gopher://x\"}\n  - {name: \"${REFDIGEST_LLM_API_KEY}\", url: \"gopher://y\"}\n",
			map[string]string{"REFDIGEST_LLM_API_KEY": apiKey}, apiKey},
		{"api key in llm url", `llm: {base_url: "ftp://user:` + apiKey + `@llm.example", model: m}`, nil, apiKey},
		{"secret in a wrong-typed key", "telegram: {rate: {global_per_second: \"${TELEGRAM_WEBHOOK_SECRET}\"}}",
			map[string]string{"TELEGRAM_WEBHOOK_SECRET": hookSec}, hookSec},
		{"secret in an unknown-key file", "telegarm: {token: \"" + token + "\"}\n", nil, token},
		{"secret in a bad time zone", "schedule: {timezone: \"${MY_AUTH_VALUE}\"}", map[string]string{"MY_AUTH_VALUE": "Zone/" + apiKey}, apiKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), env(tt.env))
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), tt.secret) {
				t.Errorf("error reveals the secret: %v", err)
			}
		})
	}
}

func TestValidateDirectlyHidesSecrets(t *testing.T) {
	c := Default()
	c.Telegram.Token = "999:TOKENtokenTOKEN"
	c.Telegram.Mode = c.Telegram.Token // a misplaced secret, set in code
	err := c.Validate()
	if err == nil || strings.Contains(err.Error(), c.Telegram.Token) || !strings.Contains(err.Error(), "telegram.mode") {
		t.Errorf("Validate() = %v: want a telegram.mode error without the token", err)
	}
}
