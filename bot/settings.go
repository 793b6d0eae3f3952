package bot

import (
	"strings"

	"github.com/refdigest/refdigest/botapi"
	"github.com/refdigest/refdigest/store"
)

// presetTimes are the delivery times offered as buttons; any other comes with /time HH:MM.
var presetTimes = []string{"08:00", "12:00", "20:00"}

// settingsLine describes a subscriber's digest language, delivery time and whether stories
// in the other language only are hidden.
func settingsLine(ui string, sub store.Subscriber) string {
	when := tr(ui, "time_now")
	if sub.Time != "" {
		when = tr(ui, "time_at", sub.Time)
	}
	own := tr(ui, "own_no")
	if sub.OnlyMyLang {
		own = tr(ui, "own_yes")
	}
	return tr(ui, "settings_line", tr(ui, "lang_"+orBoth(sub.Lang)), when) + "\n" + tr(ui, "own_line", own)
}

func orBoth(lang string) string {
	if lang == "" {
		return "both"
	}
	return lang
}

// settingsKeyboard offers the digest languages, delivery times and the only-my-language
// switch, the current ones ticked.
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
	own := []botapi.Button{
		{Text: tick(sub.OnlyMyLang, tr(ui, "btn_own_on")), Data: "set:own:on"},
		{Text: tick(!sub.OnlyMyLang, tr(ui, "btn_own_off")), Data: "set:own:off"},
	}
	return [][]botapi.Button{langs, times, own}
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
