package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// wantMark separates a clutter fixture's page text from what must be left of it; a fixture
// without it must come back unchanged.
const wantMark = "\n==== want ====\n"

func TestStripBoilerplateFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/clutter_*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("only %d clutter fixtures", len(files))
	}
	unchanged := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in, want, found := strings.Cut(string(raw), wantMark)
		if !found {
			want = in
			unchanged++
		}
		want = strings.TrimSuffix(want, "\n")
		if found && want == in {
			t.Fatalf("%s: the fixture's want is its input", f)
		}
		got := StripBoilerplate(in)
		if !found {
			want = in // byte for byte, the final newline included
		}
		if got != want {
			t.Errorf("%s:\n got: %q\nwant: %q", f, got, want)
		}
	}
	if unchanged == 0 {
		t.Error("no fixture without clutter")
	}
}

// article is a clean two-paragraph text the per-line cases are put before and after.
const article = "Орталық сайлау комиссиясы референдумның алдын ала қорытындысын жариялады.\n\n" +
	"ЦИК сообщила, что явка составила 73,1 процента."

func TestStripBoilerplateClutterLines(t *testing.T) {
	lines := []string{
		// weather widgets
		"Астана +3°C", "°", "Погода", "Погода в Астане", "Ауа райы", "Алматы −2°С",
		// exchange rates
		"USD 512.30", "$ 505,6 € 548,1", "USD/KZT 512,30 ▲", "Курс валют", "Курсы валют", "Валюта бағамы",
		// share and social
		"Поделиться", "Бөлісу", "Share", "Telegram WhatsApp Facebook VK", "Поделиться в Telegram",
		"Подписывайтесь на наш канал", "Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости.",
		"Біздің Telegram арнамызға жазылыңыз", "#референдум #Конституция",
		// publication metadata
		"Posted 12 March 2026", "Опубликовано:", "Опубликовано: 16 марта 2026, 10:45", "Жарияланды:",
		"Жарияланды: 16.03.2026 10:45", "Обновлено", "Обновлено 16 марта 2026", "Просмотров: 1 234",
		"Оқылды: 532", "👁 532", "16 марта 2026, 10:45", "16.03.2026 10:45", "10:45", "2026 жылғы 16 наурыз, 10:45",
		"Сегодня, 10:45", "Бүгін, 10:45", "1 234",
		// bylines
		"Автор:", "Автор: Марат Садыков", "Авторы: Айгерим Сапарова, Марат Садыков", "Текст: Айгерим Сапарова",
		"Author: Aliya Nurlanovna", "By Aliya Nurlanovna",
		// photo and video credits
		"Фото: Akorda", "Фото: пресс-служба", "Фото: пресс-служба Акорды", "Сурет: ашық дереккөз", "Photo: Reuters",
		"Фото – Orda.kz", "Видео: ЦИК", "Бейне: Astana TV", "Фото пресс-службы Акорды", "Коллаж: редакция",
		// menus and language switchers
		"Главная Новости Политика Экономика Общество", "Басты бет Жаңалықтар Саясат Қоғам Экономика",
		"Главная | Новости | Политика | Общество", "ҚАЗ РУС ENG", "KZ RU",
		// read-also markers
		"Читайте также:", "Читайте также: Что изменится в работе Курултая", "Оқи отырыңыз:", "Тағы оқыңыз",
		// tags
		"Теги:", "Теги: референдум, Конституция", "Тегтер: референдум, Конституция", "Tags: referendum",
		// error reports
		"Если вы нашли ошибку, выделите её и нажмите Ctrl+Enter",
		"Если вы заметили ошибку в тексте, выделите её и нажмите Ctrl + Enter.",
		"Қате тапсаңыз, оны белгілеп, Ctrl+Enter басыңыз",
		// copyright and cookies
		"© 2026 Новости Степи", "© 2026 Новости Степи. Все права защищены", "Все права защищены",
		"Барлық құқықтар қорғалған", "All rights reserved",
		"При полном или частичном использовании материалов ссылка на сайт обязательна.",
		"Мы используем файлы cookie, чтобы сайт работал удобнее.", "Сайт cookie файлдарын пайдаланады.",
		"This site uses cookies.", "Принять",
		// seen on real pages of 2026
		"| Главное Все новости Фото Полная версия |", "![]() |", "Новости16 марта 2026", "Референдум бүгін, 19:02",
		"• RUB:", "• USD: 520.93", "20 рет көрсетілді", "532 просмотра", "Басты жаңалықтар", "Главные новости",
		"Foto: None", "Басты сайтқа өту", "ВКонтакте Twitter Одноклассники", "11 Ақпан 2026",
		"• Главная", "Главная", "· Басты бет", "Рассказать друзьям",
		"Қ.Жұмағалиев (Фрунзе) көшесі, 20/1 zhaik_yni@mail.ru", "Редакция: info@example.kz, +7 (7172) 55-55-55",
	}
	for _, l := range lines {
		if got := StripBoilerplate(l + "\n" + article); got != article {
			t.Errorf("%q at the top: got %q", l, got)
		}
		if got := StripBoilerplate(article + "\n\n" + l); got != article {
			t.Errorf("%q at the bottom: got %q", l, got)
		}
	}
}

func TestStripBoilerplateKeepsSentences(t *testing.T) {
	// Lines that start like clutter or are short, but are the news.
	lines := []string{
		"Фото с избирательных участков опубликовали в соцсетях очевидцы.",
		"Фото и видео с участков комиссия публикует на своём сайте.",
		"Сурет түсіруге сайлау учаскелерінде тыйым салынбаған, деді комиссия өкілі.",
		"Автор законопроекта, депутат Мажилиса, пояснил, что Курултай будет однопалатным.",
		"Опубликовано заключение Конституционного суда по проекту закона.",
		"Обновлено расписание работы избирательных участков в Астане.",
		"Референдум прошёл 15 марта 2026 года.",
		"15 марта 2026 года в Казахстане прошёл референдум.",
		"Теги и ключевые слова не влияют на подсчёт голосов, пояснили в ЦИК.",
		"Курс тенге к доллару после референдума почти не изменился, отмечают аналитики.",
		"Жаңа Конституция: не өзгереді",
		"Новая Конституция вступает в силу 1 июля",
		"Қасым-Жомарт Тоқаев Жаңа Конституцияға қол қойды",
		"«Мы ждём окончательных результатов», – сказал председатель комиссии.",
		"Марат Садыков", // a name is clutter only after a byline label
		"Курултай 145",  // a word and a number are not a dated rubric
		"Выборы в Курултай: что нужно знать",
	}
	for _, l := range lines {
		top := l + "\n\n" + article
		if got := StripBoilerplate(top); got != top {
			t.Errorf("%q at the top was dropped: got %q", l, got)
		}
		bottom := article + "\n\n" + l
		if got := StripBoilerplate(bottom); got != bottom {
			t.Errorf("%q at the bottom was dropped: got %q", l, got)
		}
	}
}

func TestStripBoilerplate(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"clutter only", "Поделиться\nФото: Akorda\n© 2026", ""},
		{"no clutter keeps outer blank lines", "\n\n" + article + "\n", "\n\n" + article + "\n"},
		{"clutter in the middle stays", article + "\n\nФото: Akorda\nПоделиться\n\n" + article,
			article + "\n\nФото: Akorda\nПоделиться\n\n" + article},
		{"name after a byline label", article + "\n\nАвтор:\nМарат Садыков", article},
		{"name after a byline label, kk", article + "\n\nАвторы:\n\nАйгерим Сапарова\nФото: Akorda", article},
		{"read-also list at the bottom", article + "\n\nЧитайте также:\n\nДепутаты обсудили структуру Курултая\n\nЧто изменится в работе суда\n\nПоделиться", article},
		{"read-also list at the top", "Оқи отырыңыз:\nҚұрылтай депутаттары жаңа заң жобасын талқылады\n\n" + article, article},
		// A line without a final stop followed by one in lower case is a hard-wrapped
		// sentence, not a related headline.
		{"wrapped sentence after a read-also block", "Читайте также:\nДепутаты обсудили закон\n\nЦИК подвела итоги голосования\nна всех участках страны.",
			"ЦИК подвела итоги голосования\nна всех участках страны."},
		{"wrapped rest of a caption", "Фото: пресс-служба\nакимата области\n\n" + article, article},
		{"crlf", "Поделиться\r\n" + strings.ReplaceAll(article, "\n", "\r\n") + "\r\nТеги: референдум\r\n",
			strings.ReplaceAll(article, "\n", "\r\n")},
		// Publication stamps heading the text on the first line.
		{"stamp and headline on one line", "date 2026-03-16 " + article, article},
		{"stamp before a hashtag line", "date 2026-03-16 #Референдум\n\n" + article, article},
		{"stamp with a time", "Опубликовано: 16.03.2026 10:45 " + article, article},
		{"stamp on a line of its own", "2026-03-16\n\n" + article, article},
		{"ISO stamp before a headline", "2026-03-16 " + article, article},
		{"a date in a sentence stays", "2026-03-16 жылы " + article, "2026-03-16 жылы " + article},
		{"a time stamp glued to a figure stays", "2026-03-16T10:45Z " + article, "2026-03-16T10:45Z " + article},
		{"a dotted date without a label stays", "16.03.2026 " + article, "16.03.2026 " + article},
		// Lines above the headline that tell of something else.
		{"trending link over the headline", "Чемпионат мира по хоккею\n\nЦИК подвела итоги референдума\n\n" + article,
			"ЦИК подвела итоги референдума\n\n" + article},
		{"widget name over the headline", "Размер шрифта\nЦИК подвела итоги референдума\n" + article,
			"ЦИК подвела итоги референдума\n" + article},
		{"a headline sharing no word with its text stays", "Вызов принят\n\n" + article, "Вызов принят\n\n" + article},
		{"a rubric sharing a word stays", "Референдум\n\nЦИК подвела итоги референдума\n\n" + article,
			"Референдум\n\nЦИК подвела итоги референдума\n\n" + article},
		{"no headline below: nothing is off topic", "Чемпионат мира по хоккею\n\n" + article, "Чемпионат мира по хоккею\n\n" + article},
		{"a tag rubric and a section over the headline", "#Референдум в Казахстане\nПолитика\n\n" + article, article},
		{"a tag rubric, kk", "#Халық заңгері\nҚоғам\n\n" + article, article},
		{"a hashtag in a sentence stays", "#Референдум: ЦИК подвела итоги голосования во всех регионах страны.\n\n" + article,
			"#Референдум: ЦИК подвела итоги голосования во всех регионах страны.\n\n" + article},
		{"a menu of short lines under clutter", "+14°\nПолитика\nВсе сервисы\nОбъясняем\nСделано в России\nВсе проекты\nМы в соцсетях\nО компании\nО проекте\nО технологиях рекомендаций\n\nЦИК подвела итоги референдума\n\n" + article,
			"ЦИК подвела итоги референдума\n\n" + article},
		{"a short headline under clutter stays", "Фото: Akorda\nЦИК подвела итоги\n" + article, "ЦИК подвела итоги\n" + article},
		{"the home link alone, after the stamp on the headline's line", "date 2026-03-10   • Главная\n" + article, article},
		{"a breadcrumb", "Главная Новости Политика Глава государства подписал указ о референдуме\n\nГлава государства подписал указ о референдуме\n\n" + article,
			"Глава государства подписал указ о референдуме\n\n" + article},
		{"a site's name over the headline", "Новости Актау и Мангыстау\nАқтау және Манғыстау жаңалықтары\n\nЦИК подвела итоги референдума\n\nНовости Казахстана\n\n" + article,
			"ЦИК подвела итоги референдума\n\nНовости Казахстана\n\n" + article},
		{"language switchers in Cyrillic and Latin", "РУ\nQZ EN\n\n" + article, article},
		{"a page's furniture, a paragraph each, over the headline",
			"Вашингтон\n\nполупрозрачная облачность\n\nПолитика\n\nЭкономика\n\nВсе сервисы\n\nСделано в России\n\nМы в соцсетях\n\n" +
				"Условия использования сервисов\n\n13:30, 16 марта 2026Референдум\n\nЦИК сообщила о явке на референдуме\n\n" + article,
			"ЦИК сообщила о явке на референдуме\n\n" + article},
		{"a bar of trending links on one line", "Ильхам Алиев Визит в Баку мирный процесс Зимние Олимпийские игры Великое возвращение WUF13\n\n" +
			"ЦИК сообщила о явке на референдуме\n\n" + article, "ЦИК сообщила о явке на референдуме\n\n" + article},
		{"no headline under short lines: they stay", "Вызов принят\n\nРепортаж из степи\n\n" + article, "Вызов принят\n\nРепортаж из степи\n\n" + article},
		{"a logo's text", "Логотип Новости Степи\n\n" + article, article},
		{"the weather widget's city", "Вашингтон\n+4°\nполупрозрачная облачность\nПолитика\nЭкономика\n\n" + article, article},
	}
	for _, c := range cases {
		if got := StripBoilerplate(c.in); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
	// A long article: only its ends are read, and all of its lines stay.
	long := strings.Repeat(article+"\n\n", 150) + article
	if got := StripBoilerplate("Поделиться\n" + long + "\nТеги: референдум\nФото: Akorda"); got != long {
		t.Errorf("long article: %d bytes of %d kept", len(got), len(long))
	}
}

// dangling are words a cut headline must not end on.
var dangling = map[string]bool{"и": true, "в": true, "на": true, "с": true, "а": true, "о": true, "по": true,
	"для": true, "и/или": true, "және": true, "мен": true, "бен": true, "пен": true, "немесе": true, "әрі": true,
	"ал": true, "and": true, "of": true, "the": true}

func TestHeadline(t *testing.T) {
	ru := "Депутаты обсудили проект закона и поправки к регламенту Курултая."
	kk := "Комиссия мүшелері сайлау учаскелерін және бюллетеньдерді тексерді."
	comma := "Явка составила 73 процента, а в Астане оказалась выше средней."
	runes := utf8.RuneCountInString
	cases := []struct {
		name, in string
		max      int
		want     string
	}{
		{"empty", "", 0, ""},
		{"short first sentence, final stop dropped", "ЦИК утвердил текст бюллетеня. Второе предложение о референдуме.", 110, "ЦИК утвердил текст бюллетеня"},
		{"question kept", "Что изменит новая Конституция? Разбираемся.", 110, "Что изменит новая Конституция?"},
		{"dangling и dropped", ru, runes("Депутаты обсудили проект закона и") + 2, "Депутаты обсудили проект закона…"},
		{"dangling және dropped", kk, runes("Комиссия мүшелері сайлау учаскелерін және") + 2, "Комиссия мүшелері сайлау учаскелерін…"},
		{"comma and а dropped", comma, runes("Явка составила 73 процента, а") + 2, "Явка составила 73 процента…"},
		{"clutter before the text", "Фото: Akorda\nПоделиться\n\nПрезидент подписал указ о референдуме. Текст указа опубликован.", 110, "Президент подписал указ о референдуме"},
		{"dateline", "АСТАНА. KAZINFORM – Елшілікте референдум туралы кездесу өтті. Тағы бір сөйлем.", 110, "Елшілікте референдум туралы кездесу өтті"},
		{"agency alone before the dash", "KAZINFORM – Елшілікте кездесу өтті.", 110, "Елшілікте кездесу өтті"},
		{"an abbreviation before a dash is news", "ЦИК – о подготовке к голосованию.", 110, "ЦИК – о подготовке к голосованию"},
		{"one line of text", "Курултай собрался на первое заседание", 110, "Курултай собрался на первое заседание"},
		{"zero max is the default", "ЦИК утвердил текст бюллетеня.", 0, "ЦИК утвердил текст бюллетеня"},
		{"wire dateline", "МОСКВА, 16 мар — РАПСИ. Наблюдатели назвали референдум открытым. Второе предложение.", 110,
			"Наблюдатели назвали референдум открытым"},
		{"wire dateline with a two-word agency", "АСТАНА, 8 сен — РИА Новости. Президент предложил провести референдум.", 110,
			"Президент предложил провести референдум"},
		{"wire dateline alone on its line", "АСТАНА, 20 янв — Sputnik\n\nПрезидент выступил на заседании Курултая.", 110,
			"Президент выступил на заседании Курултая"},
		{"an outlet's dateline without a dash", "CaspianLife, 15 наурыз. Учаске ашылған сәтте әнұран орындалды. Екінші сөйлем.", 110,
			"Учаске ашылған сәтте әнұран орындалды"},
		{"a dateline with a numeric date and the agency between slashes", "Бишкек, 16.03.26 /Кабар/. Сегодня состоялся телефонный разговор президентов. Второе предложение.", 110,
			"Сегодня состоялся телефонный разговор президентов"},
		{"a share button on the stamp's line, a dateline with the date between stops", "date 2026-02-05 Рассказать друзьям\n\nАстана. 4 февраля. KAZAKHSTAN TODAY - Депутат мажилиса прокомментировал проект Конституции. Второе предложение.", 110,
			"Депутат мажилиса прокомментировал проект Конституции"},
		{"a numeric date alone", "Астана, 16.03.2026. Сегодня прошло заседание. Второе.", 110, "Сегодня прошло заседание"},
		{"a capitalised word before a dash is no dateline", "ЦИК, 16 марта — последний день агитации. Второе предложение.", 110,
			"ЦИК, 16 марта — последний день агитации"},
		{"stamp and trending bar over the headline", "date 2026-02-24 Чемпионат мира по хоккею\nРазмер шрифта\n24 февраля 2026 в 09:41\n\n" +
			"Досрочное голосование открылось в Алматы\n\nЖители Алматы проголосовали досрочно на всех участках.", 110,
			"Досрочное голосование открылось в Алматы"},
	}
	for _, c := range cases {
		if got := Headline(c.in, c.max); got != c.want {
			t.Errorf("%s: Headline(%q, %d) = %q, want %q", c.name, c.in, c.max, got, c.want)
		}
	}
}

func TestHeadlineCutsAtWords(t *testing.T) {
	long := []string{
		"Орталық сайлау комиссиясы жаңа Конституция жобасы бойынша өткен республикалық референдумның алдын ала қорытындысын жариялады және түпкілікті нәтижелерді он күн ішінде жариялайтынын мәлімдеді.",
		"Центральная избирательная комиссия Казахстана подвела предварительные итоги республиканского референдума по проекту новой Конституции и пообещала огласить окончательные результаты в течение десяти дней.",
		"По словам председателя комиссии, на зарубежных участках в посольствах и консульствах проголосовали граждане из пятидесяти трёх стран, в том числе в Турции, Германии и Южной Корее.",
		"The Central Election Commission published the preliminary results of the constitutional referendum and said that the final count would be announced within ten days of the vote.",
	}
	for _, max := range []int{40, 60, 80, HeadlineRunes} {
		for _, s := range long {
			got := Headline(s, max)
			head, ok := strings.CutSuffix(got, "…")
			if !ok {
				t.Errorf("Headline(%q, %d) = %q: no ellipsis", s, max, got)
				continue
			}
			if n := runes(got); n > max || n < max/2 {
				t.Errorf("Headline(%q, %d) = %q: %d runes", s, max, got, n)
			}
			if !strings.HasPrefix(s, head) {
				t.Errorf("Headline(%q, %d) = %q: not the start of the sentence", s, max, got)
				continue
			}
			if next, _ := utf8.DecodeRuneInString(s[len(head):]); next != ' ' && next != ',' {
				t.Errorf("Headline(%q, %d) = %q: cut inside a word", s, max, got)
			}
			words := strings.Fields(head)
			if last := strings.ToLower(words[len(words)-1]); dangling[last] {
				t.Errorf("Headline(%q, %d) = %q: ends on %q", s, max, got, last)
			}
			if strings.ContainsAny(head[len(head)-1:], ",;:–-") {
				t.Errorf("Headline(%q, %d) = %q: ends on punctuation", s, max, got)
			}
		}
	}
	if got := Headline(long[1], 0); runes(got) > HeadlineRunes {
		t.Errorf("default headline of %d runes", runes(got))
	}
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func TestIsStampLine(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"— Сегодня, 09:05", true},
		{"Бүгiн 2026, 18:51", true}, // a Latin i among Cyrillic letters
		{"16 марта 2026 / 10:45", true},
		{"pixabay.com", true},
		{"BAQ.KZ", true},
		{"Сегодня в Астане прошло заседание комиссии.", false},
		{"Референдум 15 марта", false},
		{"Сайт election.gov.kz работает круглосуточно.", false},
		{"3.5", false},
	} {
		if got := IsStampLine(tt.line); got != tt.want {
			t.Errorf("IsStampLine(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// FuzzStripBoilerplate: whatever the text, what is left is a run of it, and a headline made
// from it fits its length.
func FuzzStripBoilerplate(f *testing.F) {
	files, _ := filepath.Glob("testdata/clutter_*.txt")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			in, _, _ := strings.Cut(string(b), wantMark)
			f.Add(in)
		}
	}
	f.Add("date 2026-02-24 \n\n")
	f.Add("Вашингтон\n+4°\nМОСКВА, 16 мар — РАПСИ.")
	f.Fuzz(func(t *testing.T, text string) {
		got := StripBoilerplate(text)
		if !strings.Contains(text, got) {
			t.Fatalf("StripBoilerplate(%q) = %q, not a run of the text", text, got)
		}
		if h := Headline(text, 40); utf8.RuneCountInString(h) > 40 {
			t.Fatalf("Headline(%q, 40) = %q, %d runes", text, h, utf8.RuneCountInString(h))
		}
	})
}

// An embedded post a page could not show leaves its fallback text inside a paragraph:
// "Посмотреть эту публикацию в Instagram Публикация от … (@…)". The sentence around it stays.
func TestStripEmbeds(t *testing.T) {
	cases := []struct{ in, want string }{
		{"– призвал аким. Посмотреть эту публикацию в Instagram Публикация от Жеңіс Қасымбек (@jenis_qasymbek) Ранее президент высказался о проекте.",
			"– призвал аким. Ранее президент высказался о проекте."},
		{"Он выступил. View this post on Instagram A post shared by Akorda (@akorda_press) The vote is on Sunday.",
			"Он выступил. The vote is on Sunday."},
		{"Посмотреть эту публикацию в Instagram\n\nЦИК подвела итоги.", "ЦИК подвела итоги."},
		// A photo's credit run into the text, the lines of the page lost.
		{"Ашимбаев делится размышлениями о реформе. Фото: Kazpravda.kz / Адильбек Тауекелов По мнению главы Сената, парламент станет сильнее.",
			"Ашимбаев делится размышлениями о реформе. По мнению главы Сената, парламент станет сильнее."},
		{"Фото Игоря НИДЕРЕРА \"Предварительный расчёт расходов составил 20,8 миллиарда тенге\", – сказал вице-министр.",
			"\"Предварительный расчёт расходов составил 20,8 миллиарда тенге\", – сказал вице-министр."},
		{"Сурет: Akorda Мемлекет басшысы Жарлыққа қол қойды.", "Мемлекет басшысы Жарлыққа қол қойды."},
		{"Указ опубликован. Фото Президента Токаева опубликовали в сети.", "Указ опубликован. Фото Президента Токаева опубликовали в сети."},
		{"Фото с участков опубликовали очевидцы в соцсетях.", "Фото с участков опубликовали очевидцы в соцсетях."},
		{"Указ опубликован. Фото: пресс-служба Акорды Президент подписал указ.", "Указ опубликован. Фото: пресс-служба Акорды Президент подписал указ."}, // no telling where it ends
		{"В Instagram опубликовали обращение аким. Публикация от пресс-службы вызвала отклики.",
			"В Instagram опубликовали обращение аким. Публикация от пресс-службы вызвала отклики."},
	}
	for _, c := range cases {
		if got := StripBoilerplate(c.in); got != c.want {
			t.Errorf("StripBoilerplate(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
