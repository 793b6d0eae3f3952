package bot

import "fmt"

// UI languages. Digest languages are kk, ru and both; the interface speaks kk, ru or en.
const (
	uiKK = "kk"
	uiRU = "ru"
	uiEN = "en"
)

// catalogue holds every text the bot says, per interface language. A test checks that every
// key exists in every language.
var catalogue = map[string]map[string]string{
	uiKK: {
		"menu_start":  "Жазылу",
		"menu_digest": "Күндік дайджест",
		"menu_search": "Жаңалықтардан іздеу",
		"menu_lang":   "Дайджест тілі",
		"menu_stop":   "Жазылымды тоқтату",
		"menu_help":   "Анықтама",
		"welcome": "Сәлем! Мен — refdigest: жаңа Конституция бойынша референдум және одан кейінгі жаңалықтардың күнделікті дайджесі.\n" +
			"Сіз жазылдыңыз. Дайджест тілі: <b>%s</b>. Төмендегі батырмалармен өзгертуге болады.",
		"welcome_back":  "Қайта қош келдіңіз! Жазылым қалпына келтірілді. Дайджест тілі: <b>%s</b>.",
		"lang_kk":       "қазақша",
		"lang_ru":       "орысша",
		"lang_both":     "қазақша және орысша",
		"btn_kk":        "Қазақша",
		"btn_ru":        "Русский",
		"btn_both":      "Екеуі — Оба",
		"lang_set":      "Дайджест тілі: <b>%s</b>.",
		"lang_usage":    "Тілді былай таңдаңыз: /lang kk, /lang ru немесе /lang both.",
		"not_sub":       "Сіз жазылмағансыз. Жазылу үшін /start деп жазыңыз.",
		"stopped":       "Жазылым тоқтатылды, сіз туралы деректер өшірілді. Қайта жазылу үшін /start деп жазыңыз.",
		"digest_none":   "%s күнгі дайджест жоқ: ол күні жаңалық жиналмаған.",
		"digest_date":   "Күнді ЖЖЖЖ-АА-КК түрінде жазыңыз, мысалы: /digest 2026-03-15.",
		"search_usage":  "Іздеу үшін сөз жазыңыз, мысалы: /search референдум",
		"search_none":   "«%s» бойынша ештеңе табылмады. Қысқарақ немесе басқа сөзбен іздеп көріңіз.",
		"search_header": "«%s» бойынша табылды: %d",
		"unknown":       "Мұндай команда жоқ. Командалар тізімі: /help",
		"admin_only":    "Кешіріңіз, бұл команда тек әкімшілерге арналған.",
		"collect_done":  "Жинау аяқталды:",
		"send_none":     "%s күні жаңалық жоқ: ешкімге ештеңе жіберілмеді.",
		"send_started":  "%s күнгі дайджест құрылды (%d жаңалық); жіберу басталды: %d хабарлама кезекте.",
		"error":         "Қате шықты, кейінірек қайталап көріңіз.",
		"help": "<b>refdigest</b> — референдум және жаңа Конституция жаңалықтары.\n\n" +
			"/start — жазылу\n/stop — жазылымды тоқтату\n/lang kk|ru|both — дайджест тілі\n" +
			"/digest [ЖЖЖЖ-АА-КК] — күндік дайджест\n/search СӨЗДЕР — іздеу\n/help — осы анықтама\n\n" +
			"Жеке чатта кез келген мәтін іздеу ретінде қабылданады.",
		"help_admin": "\n\nӘкімшіге: /collect — қазір жинау, /senddigest — бүгінгі дайджесті жіберу.",
	},
	uiRU: {
		"menu_start":  "Подписаться",
		"menu_digest": "Дайджест за день",
		"menu_search": "Поиск по новостям",
		"menu_lang":   "Язык дайджеста",
		"menu_stop":   "Отписаться",
		"menu_help":   "Справка",
		"welcome": "Здравствуйте! Я — refdigest: ежедневный дайджест новостей о референдуме по новой Конституции и о том, что за ним последовало.\n" +
			"Вы подписаны. Язык дайджеста: <b>%s</b>. Его можно сменить кнопками ниже.",
		"welcome_back":  "С возвращением! Подписка восстановлена. Язык дайджеста: <b>%s</b>.",
		"lang_kk":       "казахский",
		"lang_ru":       "русский",
		"lang_both":     "казахский и русский",
		"btn_kk":        "Қазақша",
		"btn_ru":        "Русский",
		"btn_both":      "Екеуі — Оба",
		"lang_set":      "Язык дайджеста: <b>%s</b>.",
		"lang_usage":    "Выберите язык так: /lang kk, /lang ru или /lang both.",
		"not_sub":       "Вы не подписаны. Чтобы подписаться, отправьте /start.",
		"stopped":       "Подписка отменена, данные о вас удалены. Чтобы вернуться, отправьте /start.",
		"digest_none":   "Дайджеста за %s нет: в этот день новостей не собрано.",
		"digest_date":   "Укажите дату в виде ГГГГ-ММ-ДД, например: /digest 2026-03-15.",
		"search_usage":  "Напишите, что искать, например: /search референдум",
		"search_none":   "По запросу «%s» ничего не найдено. Попробуйте короче или другими словами.",
		"search_header": "По запросу «%s» найдено: %d",
		"unknown":       "Такой команды нет. Список команд: /help",
		"admin_only":    "Извините, эта команда только для администраторов.",
		"collect_done":  "Сбор завершён:",
		"send_none":     "За %s новостей нет: никому ничего не отправлено.",
		"send_started":  "Дайджест за %s собран (%d новостей); рассылка началась: в очереди %d сообщений.",
		"error":         "Произошла ошибка, попробуйте позже.",
		"help": "<b>refdigest</b> — новости о референдуме и новой Конституции.\n\n" +
			"/start — подписаться\n/stop — отписаться\n/lang kk|ru|both — язык дайджеста\n" +
			"/digest [ГГГГ-ММ-ДД] — дайджест за день\n/search СЛОВА — поиск\n/help — эта справка\n\n" +
			"В личном чате любой текст — это поиск.",
		"help_admin": "\n\nДля администраторов: /collect — собрать сейчас, /senddigest — разослать сегодняшний дайджест.",
	},
	uiEN: {
		"menu_start":  "Subscribe",
		"menu_digest": "A day's digest",
		"menu_search": "Search the news",
		"menu_lang":   "Digest language",
		"menu_stop":   "Unsubscribe",
		"menu_help":   "Help",
		"welcome": "Hello! I am refdigest: a daily digest of the news about Kazakhstan's constitutional referendum and what followed it.\n" +
			"You are subscribed. Digest language: <b>%s</b>. Change it with the buttons below.",
		"welcome_back":  "Welcome back! Your subscription is active again. Digest language: <b>%s</b>.",
		"lang_kk":       "Kazakh",
		"lang_ru":       "Russian",
		"lang_both":     "Kazakh and Russian",
		"btn_kk":        "Қазақша",
		"btn_ru":        "Русский",
		"btn_both":      "Екеуі — Оба",
		"lang_set":      "Digest language: <b>%s</b>.",
		"lang_usage":    "Choose a language: /lang kk, /lang ru or /lang both.",
		"not_sub":       "You are not subscribed. Send /start to subscribe.",
		"stopped":       "Unsubscribed; your data is deleted. Send /start to come back.",
		"digest_none":   "No digest for %s: no news was collected that day.",
		"digest_date":   "Give the date as YYYY-MM-DD, e.g. /digest 2026-03-15.",
		"search_usage":  "Type what to look for, e.g. /search референдум",
		"search_none":   "Nothing found for «%s». Try fewer or other words.",
		"search_header": "Found for «%s»: %d",
		"unknown":       "Unknown command. See /help",
		"admin_only":    "Sorry, this command is for administrators only.",
		"collect_done":  "Collection finished:",
		"send_none":     "No news on %s: nothing was sent.",
		"send_started":  "Digest for %s built (%d items); delivery started: %d messages queued.",
		"error":         "Something went wrong; please try again later.",
		"help": "<b>refdigest</b>: news about the referendum and the new Constitution.\n\n" +
			"/start: subscribe\n/stop: unsubscribe\n/lang kk|ru|both: digest language\n" +
			"/digest [YYYY-MM-DD]: a day's digest\n/search WORDS: search\n/help: this help\n\n" +
			"In a private chat any text is a search.",
		"help_admin": "\n\nAdmins: /collect to collect now, /senddigest to send today's digest.",
	},
}

// tr returns the text for key in ui, formatted with args; a missing key falls back to English,
// then to the key itself, so a gap shows in tests rather than as an empty message.
func tr(ui, key string, args ...any) string {
	s, ok := catalogue[ui][key]
	if !ok {
		if s, ok = catalogue[uiEN][key]; !ok {
			s = key
		}
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// uiFromTelegram guesses the interface language from Telegram's language_code.
func uiFromTelegram(code string) string {
	switch {
	case len(code) >= 2 && code[:2] == "kk":
		return uiKK
	case len(code) >= 2 && code[:2] == "ru":
		return uiRU
	}
	return uiEN
}

// digestLangFromTelegram is the first guess of the digest language (CONTRACT: kk -> kk,
// ru -> ru, anything else -> both).
func digestLangFromTelegram(code string) string {
	switch uiFromTelegram(code) {
	case uiKK:
		return "kk"
	case uiRU:
		return "ru"
	}
	return "both"
}
