package bot

import (
	"strings"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// presetTimes are the delivery times offered as buttons; any other comes with /time HH:MM.
var presetTimes = []string{"08:00", "12:00", "20:00"}

// settingsLine describes a subscriber's digest language and delivery time.
func settingsLine(ui string, sub store.Subscriber) string {
	when := tr(ui, "time_now")
	if sub.Time != "" {
		when = tr(ui, "time_at", sub.Time)
	}
	return tr(ui, "settings_line", tr(ui, "lang_"+orBoth(sub.Lang)), when)
}

func orBoth(lang string) string {
	if lang == "" {
		return "both"
	}
	return lang
}

// settingsKeyboard offers the digest languages and delivery times, the current ones ticked.
// Buttons edit the message they belong to.
func settingsKeyboard(ui string, sub store.Subscriber) [][]botapi.Button {
	tick := func(on bool, label string) string {
		if on {
			return "✓ " + label
		}
		return label
	}
	langs := []botapi.Button{
		{Text: tick(sub.Lang == "kk", tr(ui, "btn_kk")), Data: "set:lang:kk"},
		{Text: tick(sub.Lang == "ru", tr(ui, "btn_ru")), Data: "set:lang:ru"},
		{Text: tick(orBoth(sub.Lang) == "both", tr(ui, "btn_both")), Data: "set:lang:both"},
	}
	times := []botapi.Button{{Text: tick(sub.Time == "", tr(ui, "btn_now")), Data: "set:time:now"}}
	for _, t := range presetTimes {
		times = append(times, botapi.Button{Text: tick(sub.Time == t, t), Data: "set:time:" + t})
	}
	return [][]botapi.Button{langs, times}
}

// followsText lists follows for /settings.
func followsText(ui string, sub store.Subscriber) string {
	if len(sub.Follows) == 0 {
		return tr(ui, "follows_none")
	}
	quoted := make([]string, len(sub.Follows))
	for i, f := range sub.Follows {
		quoted[i] = "«" + esc(f) + "»"
	}
	return strings.Join(quoted, ", ")
}

// uiForDigestLang: choosing a Kazakh or Russian digest also switches the interface to that
// language; "both" keeps the interface as it is.
func uiForDigestLang(current, lang string) string {
	switch lang {
	case "kk":
		return uiKK
	case "ru":
		return uiRU
	}
	return current
}
