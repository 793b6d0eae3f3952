package bot

import "fmt"

// UI languages. Digest languages are kk, ru and both; the interface speaks kk, ru or en.
const (
	uiKK = "kk"
	uiRU = "ru"
	uiEN = "en"
)

// catalogue holds every text the bot says, per interface language: handlers only name keys.
// A test fails when a key is missing in one language.
var catalogue = map[string]map[string]string{
	uiKK: {
		"stats_title":     "Статистика",
		"stats_subs":      "Жазылушылар (белсенді / белсенді емес)",
		"stats_by_lang":   "Тіл бойынша",
		"stats_by_time":   "Уақыт бойынша",
		"stats_items":     "Материалдар (бүгін / барлығы)",
		"stats_sources":   "Дереккөздер (жұмыс істейді / ақаулы)",
		"stats_digest":    "Соңғы дайджест",
		"stats_built":     "құрылды",
		"stats_delivery":  "Жеткізу",
		"stats_sent":      "жіберілді",
		"stats_pending":   "кезекте",
		"stats_failed":    "сәтсіз",
		"stats_total":     "барлығы",
		"stats_rate":      "Қазіргі жіберу жылдамдығы",
		"stats_lost":      "іркілісте жоғалғаны",
		"status_title":    "Дереккөздердің күйі",
		"status_ok":       "соңғы сәтті",
		"status_24h":      "24 сағатта",
		"status_err":      "қате",
		"status_next":     "келесі әрекет",
		"status_other":    "басқа тілде (қазақша да, орысша да емес): %d, соңғы жинауда %d",
		"menu_start":      "Жазылу",
		"menu_digest":     "Күндік дайджест",
		"menu_search":     "Жаңалықтардан іздеу",
		"menu_settings":   "Баптаулар",
		"menu_lang":       "Дайджест тілі",
		"menu_time":       "Жеткізу уақыты",
		"menu_follow":     "Тақырыпты бақылау",
		"menu_unfollow":   "Бақылауды алып тастау",
		"menu_sources":    "Дереккөздер",
		"menu_stop":       "Жазылымды тоқтату",
		"menu_onlymylang": "Тек өз тілімде",
		"own_line":        "Тек өз тілімдегі оқиғалар: <b>%s</b>",
		"own_yes":         "иә",
		"own_no":          "жоқ",
		"btn_own_on":      "Тек өз тілімде",
		"btn_own_off":     "Барлық оқиғалар",
		"own_usage":       "Былай жазыңыз: /onlymylang on — басқа тілде ғана болған, аударылмаған оқиғаларды жасыру; /onlymylang off — бәрін көрсету.",
		"own_on":          "Енді дайджестте тек %s оқиғалар: басқа тілде ғана болған, аударылмағандары жасырылады, дайджест олардың санын айтады. Бәрін көрсету: /onlymylang off",
		"own_off":         "Дайджест барлық оқиғаны көрсетеді, басқа тілдегілерін белгімен.",
		"own_both":        "Сақталды, бірақ сіз екі тілде де оқисыз: ештеңе жасырылмайды. Бір тілді таңдау: /lang kk немесе /lang ru",
		"menu_help":       "Анықтама",

		"welcome": "Сәлем! Мен — refdigest: жаңа Конституция бойынша референдум және одан кейінгі жаңалықтардың күнделікті дайджесі.\n\n" +
			"Сіз жазылдыңыз.\n%s\n\nТөмендегі батырмалармен өзгертіңіз. Басқа уақыт: /time 07:30",
		"welcome_back":  "Қайта қош келдіңіз! Жазылым белсенді.\n%s",
		"settings_line": "Дайджест тілі: <b>%s</b>\nЖеткізу уақыты: <b>%s</b>",
		"settings":      "<b>Баптаулар</b>\n%s\nБақылаулар: %s",
		"saved":         "Сақталды.",
		"lang_kk":       "қазақша",
		"lang_ru":       "орысша",
		"lang_both":     "қазақша және орысша",
		"btn_kk":        "Қазақша",
		"btn_ru":        "Русский",
		"btn_both":      "Екеуі — Оба",
		"btn_now":       "Дайын болғанда",
		"time_now":      "дайджест дайын болған бойда",
		"time_at":       "%s (Қазақстан уақыты)",
		"lang_set":      "Дайджест тілі: <b>%s</b>.",
		"lang_usage":    "Тілді былай таңдаңыз: /lang kk, /lang ru немесе /lang both.",
		"time_set":      "Жеткізу уақыты: <b>%s</b>.",
		"time_usage":    "Уақытты СС:ММ түрінде жазыңыз, мысалы: /time 08:00. Дайджест дайын болған бойда алу үшін: /time now",
		"not_sub":       "Сіз жазылмағансыз. Жазылу үшін /start деп жазыңыз.",
		"stopped":       "Жазылым тоқтатылды, сіз туралы деректер өшірілді. Қайта жазылу үшін /start деп жазыңыз.",
		"group_admins":  "Бұл топтың жазылымын тек топ әкімшілері басқара алады.",
		"digest_none":   "%s күнгі дайджест жоқ: ол күні жаңалық жиналмаған.",
		"digest_date":   "Күнді ЖЖЖЖ-АА-КК түрінде жазыңыз, мысалы: /digest 2026-03-15.",
		"digest_future": "%s күні әлі келген жоқ. Бүгінгі дайджест: /digest",
		"digest_nosuch": "Күнтізбеде %s деген күн жоқ: айы мен күнін тексеріңіз.",
		"search_usage":  "Іздеу үшін сөз жазыңыз, мысалы: /search Құрылтай сайлауы",
		"search_none":   "«%s» бойынша ештеңе табылмады. Сөздерді азайтып немесе басқа түрде іздеп көріңіз.",
		"search_try":    "Кеңірек іздеу: /search %s",
		"search_header": "«%s» бойынша табылды: %d",
		"search_page":   "%d–%d / %d",
		"btn_prev":      "‹ Алдыңғы",
		"btn_next":      "Келесі ›",
		"follow_usage":  "Бақылайтын сөздерді жазыңыз, мысалы: /follow Құрылтай. Жаңа материал шыққанда хабарлаймын.",
		"follow_saved":  "Бақылауға алынды: «%s». Жаңа материалдар шыққанда хабарлаймын.",
		"follow_exists": "«%s» бақылауда бар.",
		"follow_cap":    "Бақылау саны шектеулі: ең көбі %d. Артығын /unfollow арқылы алып тастаңыз.",
		"follows_none":  "жоқ",
		"unfollow_none": "Бақылауларыңыз жоқ. Қосу үшін: /follow СӨЗДЕР",
		"unfollow_pick": "Алып тастайтын бақылауды таңдаңыз:",
		"unfollow_done": "«%s» бақылаудан алынды.",
		"alert_header":  "<b>Бақылауыңыз бойынша жаңа материалдар:</b>",
		"sources":       "<b>Дереккөздер</b>",
		"unknown":       "Мұндай команда жоқ. Командалар тізімі: /help",
		"stale":         "Бұл батырма ескірген.",
		"admin_only":    "Кешіріңіз, бұл команда тек әкімшілерге арналған.",
		"collect_done":  "Жинау аяқталды:",
		"send_none":     "%s күні жаңалық жоқ: ешкімге ештеңе жіберілмеді.",
		"send_started":  "%s күнгі дайджест құрылды (%d материал); жіберу басталды: %d хабарлама кезекте.",
		"slow_down":     "Тым жиі жазып жатырсыз. Бір минуттан соң қайталаңыз.",
		"input_cut":     "Мәтін тым ұзын: алғашқы %d таңбаға сыйған толық сөздер ғана алынды.",
		"error":         "Қате шықты, кейінірек қайталап көріңіз.",
		"help": "<b>refdigest</b> — референдум және жаңа Конституция жаңалықтары, күнде бір дайджест.\n\n" +
			"/start — жазылу\n/settings — баптаулар\n/lang kk|ru|both — дайджест тілі\n/time СС:ММ — жеткізу уақыты\n" +
			"/onlymylang on|off — басқа тілде ғана болған, аударылмаған оқиғаларды жасыру\n" +
			"/digest [ЖЖЖЖ-АА-КК] — күндік дайджест\n/search СӨЗДЕР — іздеу (\"дәл тіркес\", -алып тастау, lang:kk, source:Kazinform, since:2026-03-01)\n" +
			"/follow СӨЗДЕР — жаңа материалдар туралы хабарлау\n/unfollow — бақылауды алып тастау\n/sources — дереккөздер\n/stop — жазылымды тоқтату\n\n" +
			"Жеке чатта кез келген мәтін іздеу ретінде қабылданады. Кез келген чатта: @%s СӨЗДЕР.",
		"help_admin": "\n\nӘкімшіге: /stats, /collect, /senddigest, /sourcestatus.",
	},
	uiRU: {
		"stats_title":     "Статистика",
		"stats_subs":      "Подписчики (активные / неактивные)",
		"stats_by_lang":   "По языку",
		"stats_by_time":   "По времени",
		"stats_items":     "Материалы (сегодня / всего)",
		"stats_sources":   "Источники (работают / с ошибками)",
		"stats_digest":    "Последний дайджест",
		"stats_built":     "собран",
		"stats_delivery":  "Доставка",
		"stats_sent":      "отправлено",
		"stats_pending":   "в очереди",
		"stats_failed":    "не доставлено",
		"stats_total":     "всего",
		"stats_rate":      "Скорость отправки сейчас",
		"stats_lost":      "потеряно при сбое",
		"status_title":    "Состояние источников",
		"status_ok":       "последний успех",
		"status_24h":      "за 24 ч",
		"status_err":      "ошибка",
		"status_next":     "следующая попытка",
		"status_other":    "на другом языке (не казахский и не русский): %d, за последний сбор %d",
		"menu_start":      "Подписаться",
		"menu_digest":     "Дайджест за день",
		"menu_search":     "Поиск по новостям",
		"menu_settings":   "Настройки",
		"menu_lang":       "Язык дайджеста",
		"menu_time":       "Время доставки",
		"menu_follow":     "Следить за темой",
		"menu_unfollow":   "Перестать следить",
		"menu_sources":    "Источники",
		"menu_stop":       "Отписаться",
		"menu_onlymylang": "Только на моём языке",
		"own_line":        "Сюжеты только на моём языке: <b>%s</b>",
		"own_yes":         "да",
		"own_no":          "нет",
		"btn_own_on":      "Только мой язык",
		"btn_own_off":     "Все сюжеты",
		"own_usage":       "Напишите так: /onlymylang on — скрывать сюжеты, которые есть только на другом языке и не переведены; /onlymylang off — показывать всё.",
		"own_on":          "Теперь в дайджесте только сюжеты, которые можно прочитать на языке «%s»: те, что есть только на другом языке и не переведены, скрыты, а дайджест говорит, сколько их. Показать всё: /onlymylang off",
		"own_off":         "Дайджест показывает все сюжеты, на другом языке — с пометкой.",
		"own_both":        "Сохранено, но вы читаете оба языка: скрывать нечего. Выбрать один язык: /lang kk или /lang ru",
		"menu_help":       "Справка",

		"welcome": "Здравствуйте! Я — refdigest: ежедневный дайджест новостей о референдуме по новой Конституции и о том, что за ним последовало.\n\n" +
			"Вы подписаны.\n%s\n\nИзмените кнопками ниже. Другое время: /time 07:30",
		"welcome_back":  "С возвращением! Подписка активна.\n%s",
		"settings_line": "Язык дайджеста: <b>%s</b>\nВремя доставки: <b>%s</b>",
		"settings":      "<b>Настройки</b>\n%s\nСлежение: %s",
		"saved":         "Сохранено.",
		"lang_kk":       "казахский",
		"lang_ru":       "русский",
		"lang_both":     "казахский и русский",
		"btn_kk":        "Қазақша",
		"btn_ru":        "Русский",
		"btn_both":      "Екеуі — Оба",
		"btn_now":       "Сразу",
		"time_now":      "сразу, как дайджест готов",
		"time_at":       "%s (время Казахстана)",
		"lang_set":      "Язык дайджеста: <b>%s</b>.",
		"lang_usage":    "Выберите язык так: /lang kk, /lang ru или /lang both.",
		"time_set":      "Время доставки: <b>%s</b>.",
		"time_usage":    "Укажите время как ЧЧ:ММ, например: /time 08:00. Чтобы получать дайджест сразу, как он готов: /time now",
		"not_sub":       "Вы не подписаны. Чтобы подписаться, отправьте /start.",
		"stopped":       "Подписка отменена, данные о вас удалены. Чтобы вернуться, отправьте /start.",
		"group_admins":  "Подпиской этой группы управляют только её администраторы.",
		"digest_none":   "Дайджеста за %s нет: в этот день новостей не собрано.",
		"digest_date":   "Укажите дату в виде ГГГГ-ММ-ДД, например: /digest 2026-03-15.",
		"digest_future": "День %s ещё не наступил. Дайджест за сегодня: /digest",
		"digest_nosuch": "Такой даты нет: %s. Проверьте месяц и число.",
		"search_usage":  "Напишите, что искать, например: /search вице-президент",
		"search_none":   "По запросу «%s» ничего не найдено. Попробуйте меньше слов или другие формы.",
		"search_try":    "Шире: /search %s",
		"search_header": "По запросу «%s» найдено: %d",
		"search_page":   "%d–%d из %d",
		"btn_prev":      "‹ Назад",
		"btn_next":      "Дальше ›",
		"follow_usage":  "Напишите, за чем следить, например: /follow Курултай. Я сообщу о новых материалах.",
		"follow_saved":  "Слежу за «%s». Сообщу о новых материалах.",
		"follow_exists": "За «%s» вы уже следите.",
		"follow_cap":    "Можно следить не более чем за %d темами. Лишнее уберите через /unfollow.",
		"follows_none":  "нет",
		"unfollow_none": "Вы ни за чем не следите. Добавить: /follow СЛОВА",
		"unfollow_pick": "Выберите, за чем больше не следить:",
		"unfollow_done": "Больше не слежу за «%s».",
		"alert_header":  "<b>Новое по вашим темам:</b>",
		"sources":       "<b>Источники</b>",
		"unknown":       "Такой команды нет. Список команд: /help",
		"stale":         "Эта кнопка устарела.",
		"admin_only":    "Извините, эта команда только для администраторов.",
		"collect_done":  "Сбор завершён:",
		"send_none":     "За %s новостей нет: никому ничего не отправлено.",
		"send_started":  "Дайджест за %s собран (%d материалов); рассылка началась: в очереди %d сообщений.",
		"slow_down":     "Слишком много сообщений. Повторите через минуту.",
		"input_cut":     "Текст слишком длинный: взяты только целые слова из первых %d символов.",
		"error":         "Произошла ошибка, попробуйте позже.",
		"help": "<b>refdigest</b> — новости о референдуме и новой Конституции, один дайджест в день.\n\n" +
			"/start — подписаться\n/settings — настройки\n/lang kk|ru|both — язык дайджеста\n/time ЧЧ:ММ — время доставки\n" +
			"/onlymylang on|off — скрывать сюжеты, которые есть только на другом языке и не переведены\n" +
			"/digest [ГГГГ-ММ-ДД] — дайджест за день\n/search СЛОВА — поиск (\"точная фраза\", -исключить, lang:ru, source:Orda, since:2026-03-01)\n" +
			"/follow СЛОВА — сообщать о новых материалах\n/unfollow — перестать следить\n/sources — источники\n/stop — отписаться\n\n" +
			"В личном чате любой текст — это поиск. В любом чате: @%s СЛОВА.",
		"help_admin": "\n\nДля администраторов: /stats, /collect, /senddigest, /sourcestatus.",
	},
	uiEN: {
		"stats_title":     "Statistics",
		"stats_subs":      "Subscribers (active / inactive)",
		"stats_by_lang":   "By language",
		"stats_by_time":   "By time",
		"stats_items":     "Items (today / total)",
		"stats_sources":   "Sources (healthy / failing)",
		"stats_digest":    "Last digest",
		"stats_built":     "built",
		"stats_delivery":  "Delivery",
		"stats_sent":      "sent",
		"stats_pending":   "pending",
		"stats_failed":    "failed",
		"stats_total":     "total",
		"stats_rate":      "Send rate now",
		"stats_lost":      "lost in a crash",
		"status_title":    "Source status",
		"status_ok":       "last success",
		"status_24h":      "in 24 h",
		"status_err":      "error",
		"status_next":     "next attempt",
		"status_other":    "other language (neither Kazakh nor Russian): %d, last pass %d",
		"menu_start":      "Subscribe",
		"menu_digest":     "A day's digest",
		"menu_search":     "Search the news",
		"menu_settings":   "Settings",
		"menu_lang":       "Digest language",
		"menu_time":       "Delivery time",
		"menu_follow":     "Follow a topic",
		"menu_unfollow":   "Stop following",
		"menu_sources":    "Sources",
		"menu_stop":       "Unsubscribe",
		"menu_onlymylang": "Only my language",
		"own_line":        "Stories in my language only: <b>%s</b>",
		"own_yes":         "yes",
		"own_no":          "no",
		"btn_own_on":      "My language only",
		"btn_own_off":     "All stories",
		"own_usage":       "Write /onlymylang on to hide the stories that exist only in the other language and have no translation, /onlymylang off to show everything.",
		"own_on":          "Your digest now shows only what you can read in %s: stories that exist only in the other language and have no translation are hidden, and the digest says how many. Show everything: /onlymylang off",
		"own_off":         "Your digest shows every story, those in the other language marked.",
		"own_both":        "Saved, but you read both languages: nothing is hidden. Pick one language: /lang kk or /lang ru",
		"menu_help":       "Help",

		"welcome": "Hello! I am refdigest: a daily digest of the news about Kazakhstan's constitutional referendum and what followed it.\n\n" +
			"You are subscribed.\n%s\n\nChange it with the buttons below. Another time: /time 07:30",
		"welcome_back":  "Welcome back! Your subscription is active.\n%s",
		"settings_line": "Digest language: <b>%s</b>\nDelivery time: <b>%s</b>",
		"settings":      "<b>Settings</b>\n%s\nFollowing: %s",
		"saved":         "Saved.",
		"lang_kk":       "Kazakh",
		"lang_ru":       "Russian",
		"lang_both":     "Kazakh and Russian",
		"btn_kk":        "Қазақша",
		"btn_ru":        "Русский",
		"btn_both":      "Екеуі — Оба",
		"btn_now":       "When ready",
		"time_now":      "as soon as the digest is ready",
		"time_at":       "%s (Kazakhstan time)",
		"lang_set":      "Digest language: <b>%s</b>.",
		"lang_usage":    "Choose a language: /lang kk, /lang ru or /lang both.",
		"time_set":      "Delivery time: <b>%s</b>.",
		"time_usage":    "Give the time as HH:MM, e.g. /time 08:00. To get the digest as soon as it is ready: /time now",
		"not_sub":       "You are not subscribed. Send /start to subscribe.",
		"stopped":       "Unsubscribed; your data is deleted. Send /start to come back.",
		"group_admins":  "Only this group's administrators manage its subscription.",
		"digest_none":   "No digest for %s: no news was collected that day.",
		"digest_date":   "Give the date as YYYY-MM-DD, e.g. /digest 2026-03-15.",
		"digest_future": "%s has not come yet. Today's digest: /digest",
		"digest_nosuch": "There is no such date as %s: check the month and the day.",
		"search_usage":  "Type what to look for, e.g. /search референдум",
		"search_none":   "Nothing found for «%s». Try fewer or other words.",
		"search_try":    "Broader: /search %s",
		"search_header": "Found for «%s»: %d",
		"search_page":   "%d–%d of %d",
		"btn_prev":      "‹ Back",
		"btn_next":      "Next ›",
		"follow_usage":  "Type what to follow, e.g. /follow Құрылтай. I will tell you about new items.",
		"follow_saved":  "Following «%s». I will tell you about new items.",
		"follow_exists": "You already follow «%s».",
		"follow_cap":    "You can follow at most %d topics. Remove some with /unfollow.",
		"follows_none":  "none",
		"unfollow_none": "You follow nothing. Add: /follow WORDS",
		"unfollow_pick": "Choose what to stop following:",
		"unfollow_done": "No longer following «%s».",
		"alert_header":  "<b>New on your topics:</b>",
		"sources":       "<b>Sources</b>",
		"unknown":       "Unknown command. See /help",
		"stale":         "This button has expired.",
		"admin_only":    "Sorry, this command is for administrators only.",
		"collect_done":  "Collection finished:",
		"send_none":     "No news on %s: nothing was sent.",
		"send_started":  "Digest for %s built (%d items); delivery started: %d messages queued.",
		"slow_down":     "Too many messages. Try again in a minute.",
		"input_cut":     "The text is too long; only the whole words within its first %d characters were used.",
		"error":         "Something went wrong; please try again later.",
		"help": "<b>refdigest</b>: news about the referendum and the new Constitution, one digest a day.\n\n" +
			"/start: subscribe\n/settings: settings\n/lang kk|ru|both: digest language\n/time HH:MM: delivery time\n" +
			"/onlymylang on|off: hide the stories that exist only in the other language, untranslated\n" +
			"/digest [YYYY-MM-DD]: a day's digest\n/search WORDS: search (\"exact phrase\", -exclude, lang:kk, source:Orda, since:2026-03-01)\n" +
			"/follow WORDS: alerts on new items\n/unfollow: stop following\n/sources: the sources\n/stop: unsubscribe\n\n" +
			"In a private chat any text is a search. In any chat: @%s WORDS.",
		"help_admin": "\n\nAdmins: /stats, /collect, /senddigest, /sourcestatus.",
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
