// Package config owns refdigest's configuration: the Config type, its
// defaults, loading config.yaml (with ${VAR} expansion and strict keys) and
// validation with messages a person can act on.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"
)

// Config is the whole configuration of refdigest (shape = CONTRACT.md's config.yaml).
type Config struct {
	Telegram Telegram `yaml:"telegram"`
	Store    Store    `yaml:"store"`
	Schedule Schedule `yaml:"schedule"`
	Sources  []Source `yaml:"sources"`
	Topic    Topic    `yaml:"topic"`
	Digest   Digest   `yaml:"digest"`
	HTTP     HTTP     `yaml:"http"`
	Web      Web      `yaml:"web"`
	LLM      LLM      `yaml:"llm"`
}

// Telegram holds the bot's connection, who may administer it, and its send limits.
type Telegram struct {
	// Token is the Bot API token; TELEGRAM_BOT_TOKEN in the environment wins over the file.
	Token string `yaml:"token"`
	// APIEndpoint is a tgbotapi-style format with two %s: token, then method.
	APIEndpoint string `yaml:"api_endpoint"`
	// Mode is "polling" or "webhook".
	Mode    string  `yaml:"mode"`
	Webhook Webhook `yaml:"webhook"`
	// Admins are Telegram user ids allowed to use admin commands.
	Admins []int64 `yaml:"admins"`
	// Channels are chat ids (as decimal text) or @names that get every digest.
	Channels []string `yaml:"channels"`
	Rate     Rate     `yaml:"rate"`
}

// Webhook configures webhook mode.
type Webhook struct {
	// URL is the public https URL Telegram posts updates to.
	URL string `yaml:"url"`
	// Listen is the host:port the plain-HTTP webhook server binds (behind a TLS proxy).
	Listen string `yaml:"listen"`
	// Secret is checked against the X-Telegram-Bot-Api-Secret-Token header.
	Secret string `yaml:"secret"`
}

// Rate holds the sending limits Telegram enforces.
type Rate struct {
	// GlobalPerSecond limits all sends together.
	GlobalPerSecond float64 `yaml:"global_per_second"`
	// PerChatPerSecond limits sends to one private chat (0.5 = one every 2 s).
	PerChatPerSecond float64 `yaml:"per_chat_per_second"`
	// GroupPerMinute limits sends to one group or channel.
	GroupPerMinute float64 `yaml:"group_per_minute"`
}

// Store says where the bbolt file, the search index and backups live.
type Store struct {
	// Dir holds the bbolt file and the search index.
	Dir string `yaml:"dir"`
	// BackupDir receives the automatic daily backup; "" turns it off.
	BackupDir string `yaml:"backup_dir"`
	// BackupKeep is how many daily backups to keep.
	BackupKeep int `yaml:"backup_keep"`
}

// Schedule holds the time zone and the cron specs of the periodic jobs.
type Schedule struct {
	// Timezone is an IANA zone name; cron specs run in it.
	Timezone string `yaml:"timezone"`
	// Collect is the cron spec of the collection pass.
	Collect string `yaml:"collect"`
	// Digest is the cron spec that builds the day's digest and starts delivery.
	Digest string `yaml:"digest"`
}

// Source is one news source: a feed, an HTML listing read with CSS
// selectors, or a public Telegram channel's web preview.
type Source struct {
	// Name identifies the source in the store, logs and /sources; unique.
	Name string `yaml:"name"`
	// URL of the feed or listing; an html listing may hold {page}. A
	// telegram source's URL is the channel's preview, https://t.me/s/CHANNEL
	// (any URL whose path is /s/CHANNEL: a mirror, a local fixture).
	URL string `yaml:"url"`
	// Lang is "kk", "ru" or "auto" (detect per item); "auto" when absent.
	Lang string `yaml:"lang"`
	// Kind is "feed" (RSS/Atom/JSON), "html" (listing page + selectors) or
	// "telegram" (a public channel's t.me/s preview); "feed" when absent.
	Kind string `yaml:"kind"`
	// Pages is how many listing pages to read: {page} runs 1..Pages; for a
	// telegram source, how many preview pages (each older one via ?before=).
	// 1 when absent, and 0 counts as 1.
	Pages int `yaml:"pages"`
	// Select holds the CSS selectors of an html source; a feed source may
	// give Body, for the article pages of items the feed only excerpts.
	Select Select `yaml:"select"`
}

// Select holds the goquery CSS selectors of an html source.
type Select struct {
	// Item matches one element per item on the listing page.
	Item string `yaml:"item"`
	// Link is the link inside an item; "" = the item element's own href.
	Link string `yaml:"link"`
	// Title is the headline inside an item.
	Title string `yaml:"title"`
	// Date is the item's date element (its text or datetime attribute).
	Date string `yaml:"date"`
	// DateLayout is the Go time layout of Date; kk and ru month names are accepted.
	DateLayout string `yaml:"date_layout"`
	// Body is the article text on the article page; "" = readability.
	Body string `yaml:"body"`
}

// Topic decides which collected items are kept.
type Topic struct {
	// Keywords are kk and ru stems or words; an item must match one; empty keeps all.
	Keywords []string `yaml:"keywords"`
}

// Digest shapes the daily digest.
type Digest struct {
	// MaxStories caps the stories in one digest.
	MaxStories int `yaml:"max_stories"`
}

// HTTP configures the /healthz and /metrics endpoint.
type HTTP struct {
	// Listen is host:port; "" turns the endpoint off.
	Listen string `yaml:"listen"`
}

// Web configures the public web archive: the digests' pages and their Atom feeds.
type Web struct {
	// Listen is host:port of the public server; "" turns it off.
	Listen string `yaml:"listen"`
	// PublicURL is the archive's public base URL (https://digest.example.kz), for the
	// links in pages, feeds and at the end of each Telegram digest; "" = no such links.
	PublicURL string `yaml:"public_url"`
}

// LLM configures the optional OpenAI-compatible translator of digest text (a story covered
// in one language only is translated into the other); off when BaseURL is empty.
type LLM struct {
	// BaseURL is the server's address (an OpenAI-compatible /v1/chat/completions API).
	BaseURL string `yaml:"base_url"`
	// Model is the model name to ask; required when BaseURL is set.
	Model string `yaml:"model"`
	// APIKey is the server's key; keep it in the environment.
	APIKey string `yaml:"api_key"`
	// MaxInFlight bounds the requests one digest build has open at once.
	MaxInFlight int `yaml:"max_in_flight"`
	// Budget is the time one digest build may spend on translations; the stories left
	// when it is spent keep their language mark.
	Budget time.Duration `yaml:"budget"`
	// Timeout bounds each request (each attempt of it).
	Timeout time.Duration `yaml:"timeout"`
}

// Environment variables the package reads.
const (
	// EnvToken, when set, wins over telegram.token from the file.
	EnvToken = "TELEGRAM_BOT_TOKEN"
)

// redactedValue replaces secrets in Redacted copies.
const redactedValue = "***"

// Default returns the configuration used for every key config.yaml leaves out.
// Its sources and keywords are the same as the repository's config.yaml.
func Default() Config {
	return Config{
		Telegram: Telegram{
			APIEndpoint: "https://api.telegram.org/bot%s/%s",
			Mode:        "polling",
			Webhook:     Webhook{Listen: ":8443"},
			Rate: Rate{
				GlobalPerSecond:  25,
				PerChatPerSecond: 1,
				GroupPerMinute:   20,
			},
		},
		Store: Store{Dir: "data", BackupKeep: 7},
		Schedule: Schedule{
			Timezone: "Asia/Almaty",
			Collect:  "*/15 * * * *",
			Digest:   "0 21 * * *",
		},
		Sources: defaultSources(),
		Topic:   Topic{Keywords: defaultKeywords()},
		Digest:  Digest{MaxStories: 10},
		HTTP:    HTTP{Listen: "127.0.0.1:8080"},
		LLM:     LLM{MaxInFlight: 4, Budget: 90 * time.Second, Timeout: 30 * time.Second},
	}
}

// newSource is the starting value of every source decoded from YAML, so
// that keys left out of an entry get their documented defaults.
func newSource() Source {
	return Source{Lang: "auto", Kind: "feed", Pages: 1}
}

// defaultSources is the outlets' list as public scrapers and feed lists
// tested in 2025-2026 show the sites (ARCHITECTURE.md, "Sources, as they
// really are"): feeds where they work, listing pages with their selectors
// where there is none, both language editions where an outlet has them, then
// the outlets' public Telegram channels. config.yaml says the same with the
// evidence per entry, and lists what was left out and why.
func defaultSources() []Source {
	feed := func(name, url, lang, body string) Source {
		return Source{Name: name, URL: url, Lang: lang, Kind: "feed", Pages: 1, Select: Select{Body: body}}
	}
	channel := func(name, lang string) Source {
		return Source{Name: "t.me/" + name, URL: "https://t.me/s/" + name, Lang: lang, Kind: "telegram", Pages: 1}
	}
	zakon := Select{
		Item:       "div.news-item",
		Link:       "a.newscard_link",
		Title:      "div.newscard__title",
		Date:       "span.newscard__date",
		DateLayout: "15:04, 2 January 2006",
		Body:       "div.article__block div.content",
	}
	akorda := Select{
		// The page gives no item class: an item is the innermost block
		// holding an h3 link and an h5 date (collect skips the blocks
		// around them, which match too).
		Item:       "div:has(h3 > a):has(h5.mt-3)",
		Link:       "h3 > a",
		Title:      "h3 > a",
		Date:       "h5.mt-3",
		DateLayout: "2 January 2006",
		Body:       "article",
	}
	return []Source{
		feed("Tengrinews (ru)", "https://tengrinews.kz/news.rss", "ru", "div.content_main_text"),
		feed("Kazinform (kk)", "https://kaz.inform.kz/rss/kz.xml", "kk", "div.article__content p"),
		{
			Name: "Kazinform (ru)", URL: "https://www.inform.kz/ru/lenta/?page={page}", Lang: "ru", Kind: "html", Pages: 2,
			Select: Select{
				Item:       "a.news-card",
				Title:      "h3.card-title",
				Date:       "time.meta-date",
				DateLayout: "15:04, 2 January 2006",
				Body:       "div.article__content p",
			},
		},
		feed("NUR.KZ (ru)", "https://www.nur.kz/rss/all.rss", "ru", "p.formatted-body__paragraph"),
		feed("NUR.KZ (kk)", "https://kaz.nur.kz/rss/all.rss", "kk", "p.formatted-body__paragraph"),
		{Name: "Zakon.kz (ru)", URL: "https://www.zakon.kz/news/?handler=LoadMoreNews&p={page}&type=list", Lang: "ru", Kind: "html", Pages: 2, Select: zakon},
		{Name: "Zakon.kz (kk)", URL: "https://kaz.zakon.kz/news/?handler=LoadMoreNews&p={page}&type=list", Lang: "kk", Kind: "html", Pages: 2, Select: zakon},
		feed("Egemen Qazaqstan", "https://egemen.kz/rss/", "kk", "div[itemprop=articleBody]"),
		feed("Kursiv", "https://kz.kursiv.media/feed/", "ru", ".single-body"),
		feed("Orda.kz", "https://orda.kz/feed/", "ru", ""),
		{Name: "Akorda (ru)", URL: "https://www.akorda.kz/ru/events", Lang: "ru", Kind: "html", Pages: 1, Select: akorda},
		{Name: "Akorda (kk)", URL: "https://www.akorda.kz/kz/events", Lang: "kk", Kind: "html", Pages: 1, Select: akorda},
		{
			Name: "Informburo", URL: "https://informburo.kz/novosti", Lang: "ru", Kind: "html", Pages: 1,
			Select: Select{
				Item: ".uk-nav-default > li",
				Link: "a",
				// The day is in the h2.date-heading above each group; the
				// item has only the clock, so the article's JSON-LD date wins.
				Date:       "time.article-time",
				DateLayout: "15:04",
			},
		},
		channel("tengrinews", "ru"),
		channel("kazinform_news", "ru"),
		channel("newsnurkz", "ru"),
		channel("zakonkz", "ru"),
		channel("orda_kz", "ru"),
		channel("informburo_kz", "ru"),
		channel("vlast_kz", "ru"),
		channel("kursivm", "ru"),
		channel("aqorda_resmi", "auto"),
		channel("KZgovernment", "auto"),
		channel("ktknews", "ru"),
		channel("tengri_kz", "auto"),
	}
}

// defaultKeywords are written as lower-case stems so that one entry covers
// the inflected forms (конституци -> конституция, конституционный, ...).
// Abbreviations stay upper-case: collect matches them as exact words, as
// lower-case fragments they would hit ordinary ones ("оск" in "Москва").
func defaultKeywords() []string {
	return []string{
		// Both languages.
		"референдум",
		"конституци",
		"вице-президент",
		"парламент",
		"бюллетен",
		// Kazakh.
		"ата заң",
		"құрылтай",
		"халық кеңес",
		"сайлау",
		"дауыс бер",
		"конституциялық сот",
		"ОСК",
		"мәжіліс",
		// Russian.
		"курултай",
		"халык кенес",
		"народный совет",
		"выбор",
		"избирательн",
		"голосован",
		"поправк",
		"ЦИК",
		"конституционный суд",
		"мажилис",
	}
}

// Load reads the YAML file at path over Default(), expanding ${VAR} from the
// process environment, applies TELEGRAM_BOT_TOKEN and validates the result.
func Load(path string) (Config, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return Config{}, fmt.Errorf("config: %s is a directory, not a configuration file (give the file with -config)", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Config{}, fmt.Errorf("config: %s: file not found (give another with -config)", path)
		}
		return Config{}, fmt.Errorf("config: %w", err) // a *PathError names the file
	}
	return parse(path, data, os.Getenv)
}

// Parse is Load from bytes: getenv supplies ${VAR} values and TELEGRAM_BOT_TOKEN
// (pass os.Getenv, or a map lookup in tests).
func Parse(data []byte, getenv func(string) string) (Config, error) {
	return parse("", data, getenv)
}

func parse(name string, data []byte, getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	cfg := Default()
	d := &decoder{name: name, getenv: getenv}
	if err := d.decodeFile(data, &cfg); err != nil {
		return Config{}, scrub(err, d.secrets(cfg)...)
	}
	if tok := getenv(EnvToken); tok != "" {
		// A token pasted into an env file often keeps its newline.
		cfg.Telegram.Token = strings.TrimSpace(tok)
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, scrub(err, d.secrets(cfg)...)
	}
	return cfg, nil
}

// Location loads schedule.timezone.
func (c Config) Location() (*time.Location, error) {
	if c.Schedule.Timezone == "" {
		return nil, errors.New("config: schedule.timezone is empty")
	}
	loc, err := time.LoadLocation(c.Schedule.Timezone)
	if err != nil {
		return nil, fmt.Errorf("config: schedule.timezone %q: %w", c.Schedule.Timezone, err)
	}
	return loc, nil
}

// Redacted returns a deep copy with the token, the webhook secret and the LLM
// API key replaced by "***" (empty ones stay empty, so logs show what is unset).
func (c Config) Redacted() Config {
	r := c
	r.Telegram.Admins = slices.Clone(c.Telegram.Admins)
	r.Telegram.Channels = slices.Clone(c.Telegram.Channels)
	r.Sources = slices.Clone(c.Sources)
	r.Topic.Keywords = slices.Clone(c.Topic.Keywords)
	for _, s := range []*string{&r.Telegram.Token, &r.Telegram.Webhook.Secret, &r.LLM.APIKey} {
		if *s != "" {
			*s = redactedValue
		}
	}
	return r
}

// LogValue makes slog log the Redacted form, so passing a Config to a
// logger cannot leak a secret.
func (c Config) LogValue() slog.Value {
	// A method-less copy, or slog would call LogValue again.
	type plain Config
	return slog.AnyValue(plain(c.Redacted()))
}

// IsAdmin reports whether userID is listed in telegram.admins.
func (c Config) IsAdmin(userID int64) bool {
	return slices.Contains(c.Telegram.Admins, userID)
}

// RequireToken fails when there is no bot token; only `run` needs one.
func (c Config) RequireToken() error {
	if c.Telegram.Token == "" {
		return errors.New("config: telegram.token is empty: set " + EnvToken)
	}
	return nil
}
