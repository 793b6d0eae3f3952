package digest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/refdigest/refdigest/store"
)

func TestRestatesHeadline(t *testing.T) {
	cases := []struct {
		name, headline, sentence, l string
		want                        bool
	}{
		{"same words", "ЦИК объявил предварительные итоги референдума", "ЦИК объявил предварительные итоги референдума.", LangRU, true},
		{"case, order and punctuation", "Референдум прошёл в Казахстане", "В Казахстане прошёл референдум!", LangRU, true},
		{"most words shared", "ЦИК: в референдуме приняли участие более 8 млн человек",
			"В референдуме приняли участие более 8 млн человек, сообщили в ЦИК.", LangRU, true},
		{"one word more, kk", "Құрылтайдың алғашқы отырысы сәуір айында өтеді",
			"Құрылтайдың алғашқы отырысы сәуір айында Астанада өтеді.", LangKK, true},
		{"headline cut from the sentence", "Орталық сайлау комиссиясы жаңа Конституция жобасы бойынша өткен республикалық референдумның алдын ала…",
			"Орталық сайлау комиссиясы жаңа Конституция жобасы бойынша өткен республикалық референдумның алдын ала қорытындысын жариялады және он күн ішінде түпкілікті нәтижені жариялайтынын мәлімдеді.", LangKK, true},
		{"a different sentence", "ЦИК объявил предварительные итоги референдума",
			"По предварительным данным, за новую Конституцию проголосовали 73,1 процента участников.", LangRU, false},
		{"the sentence says much more", "Токаев подписал указ",
			"Президент Токаев подписал указ о проведении референдума 15 марта и обратился к гражданам с видеообращением.", LangRU, false},
		{"cut headline of another sentence", "Комиссия мүшелері сайлау учаскелерін…",
			"Сайлау учаскелерінде бейнебақылау камералары орнатылды.", LangKK, false},
		{"no headline", "", "ЦИК объявил предварительные итоги референдума.", LangRU, false},
	}
	for _, c := range cases {
		if got := restatesHeadline(c.headline, c.sentence, c.l); got != c.want {
			t.Errorf("%s: restatesHeadline(%q, %q) = %v, want %v", c.name, c.headline, c.sentence, got, c.want)
		}
	}
}

func TestParagraphsDropClutter(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"widgets above, share and tags below",
			"Астана +3°C\nUSD 512.30\nГлавная Новости Политика Экономика Общество\nПоделиться\n\nЦИК объявил итоги голосования.\n\nТеги: референдум\nЕсли вы нашли ошибку, выделите её и нажмите Ctrl+Enter.",
			[]string{"ЦИК объявил итоги голосования."}},
		// With the clutter gone the dateline is at the start again, where it is cut.
		{"dateline after clutter", "Жарияланды: 16.03.2026 10:45\nБөлісу\nАСТАНА. KAZINFORM – Елшілікте кездесу өтті.",
			[]string{"Елшілікте кездесу өтті."}},
		{"a sentence about photos stays", "Фото с участков опубликовали очевидцы в соцсетях.\n\nКомиссия их проверит.",
			[]string{"Фото с участков опубликовали очевидцы в соцсетях.", "Комиссия их проверит."}},
	}
	for _, c := range cases {
		if got := paragraphs(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: paragraphs = %q, want %q", c.name, got, c.want)
		}
	}
}

// hygieneItems are one day's items whose texts carry the faults real pages have: clutter
// around the article, a lead that restates the title, and no title at all.
func hygieneItems(loc *time.Location) (items []store.Item, restated map[string]string, untitledLead string) {
	when := time.Date(2026, 3, 16, 9, 0, 0, 0, loc)
	untitledLead = "Халықаралық байқаушылар миссиясының өкілдері жаңа Конституция жобасы бойынша өткен республикалық референдумның барысын бағалап, өз есебін Орталық сайлау комиссиясына тапсырды."
	items = []store.Item{
		{ID: 1, URL: "https://orda.example.kz/1", Source: "Orda", Lang: "ru", Published: when,
			Title: "ЦИК объявил предварительные итоги референдума",
			Body: "Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости.\nАстана +3°C\n" +
				"Главная Новости Политика Экономика Общество\nПоделиться\n\n" +
				"ЦИК объявил предварительные итоги референдума.\n\n" +
				"По предварительным данным, за новую Конституцию проголосовали 73,1 процента участников голосования.\n\n" +
				"Явка составила 68 процентов, сообщили в комиссии на брифинге в Астане.\n\n" +
				"Окончательные результаты будут объявлены в течение десяти дней после голосования.\n\n" +
				"Если вы нашли ошибку, выделите её и нажмите Ctrl+Enter.\nТеги: референдум, ЦИК\n" +
				"Мы используем файлы cookie, чтобы сайт работал удобнее для читателей."},
		{ID: 2, URL: "https://kazinform.example.kz/2", Source: "Kazinform", Lang: "kk", Published: when.Add(time.Hour),
			Body: "Жарияланды: 16.03.2026 10:45\nСурет: ашық дереккөз\nБөлісу\n\n" + untitledLead + "\n\n" +
				"Миссия құрамында отыз сегіз елден келген екі жүзден астам байқаушы жұмыс істеді.\n\n" +
				"Байқаушылардың айтуынша, дауыс беру учаскелерінде елеулі бұзушылықтар тіркелмеген.\n\n" +
				"Миссияның толық есебі бір айдан кейін жарияланады деп күтілуде.\n\n" +
				"Біздің Telegram арнамызға жазылыңыз.\nҚате тапсаңыз, оны белгілеп, Ctrl+Enter басыңыз."},
		{ID: 3, URL: "https://egemen.example.kz/3", Source: "Egemen", Lang: "kk", Published: when.Add(2 * time.Hour),
			Title: "Құрылтайдың алғашқы отырысы сәуір айында өтеді",
			Body: "Құрылтайдың алғашқы отырысы сәуір айында Астанада өтеді.\n\n" +
				"Бір палаталы парламенттің депутаттары алдымен өз регламентін бекітуі тиіс.\n\n" +
				"Сарапшылардың пікірінше, жаңа заңдардың алғашқы топтамасы жазғы сессияда қаралады.\n\n" +
				"Тегтер: Құрылтай, парламент"},
		{ID: 4, URL: "https://kursiv.example.kz/4", Source: "Kursiv", Lang: "ru", Published: when.Add(3 * time.Hour),
			Title: "Вице-президент: в референдуме приняли участие более 8 млн человек",
			Body: "В референдуме приняли участие более 8 млн человек, заявил вице-президент.\n\n" +
				"Он поблагодарил членов участковых комиссий за слаженную работу в выходной день.\n\n" +
				"По его словам, новая система подсчёта голосов сократила время обработки протоколов вдвое.\n\n" +
				"Поделиться\nTelegram WhatsApp Facebook VK"},
	}
	restated = map[string]string{
		items[0].Title: "ЦИК объявил предварительные итоги референдума.",
		items[2].Title: "Құрылтайдың алғашқы отырысы сәуір айында Астанада өтеді.",
		items[3].Title: "В референдуме приняли участие более 8 млн человек, заявил вице-президент.",
	}
	return items, restated, untitledLead
}

func TestSummaryHygiene(t *testing.T) {
	loc := almatyLoc(t)
	items, restated, untitledLead := hygieneItems(loc)
	src := &fakeSource{items: items}
	d, err := New(Options{Location: loc, Clock: fixedClock(time.Date(2026, 3, 17, 8, 0, 0, 0, loc))}).BuildDay(context.Background(), src, "2026-03-16")
	if err != nil {
		t.Fatal(err)
	}
	clutter := []string{"Подписывайтесь", "°", "Главная Новости", "Поделиться", "Ctrl+Enter", "Теги", "cookie",
		"Жарияланды", "Сурет:", "Бөлісу", "жазылыңыз", "Тегтер", "WhatsApp"}
	sawUntitled, checked := false, 0
	for i, s := range append(d.Stories, d.Also...) {
		full := i < len(d.Stories) // the Also stories have headlines only
		for _, l := range []string{LangKK, LangRU} {
			text := s.Text[l]
			if text.Lang != l {
				continue
			}
			name := l + " " + text.Headline
			if text.Headline == "" {
				t.Errorf("%s: story %s without a headline", l, s.ID)
			}
			all := append([]string{text.Headline}, text.Summary...)
			for _, x := range all {
				for _, c := range clutter {
					if strings.Contains(x, c) {
						t.Errorf("%s: clutter %q in %q", name, c, x)
					}
				}
			}
			if lead, ok := restated[text.Headline]; ok {
				checked++
				for _, x := range text.Summary {
					if x == lead {
						t.Errorf("%s: summary repeats the headline: %q", name, x)
					}
				}
			}
			if head, ok := strings.CutSuffix(text.Headline, "…"); ok && strings.HasPrefix(untitledLead, head) {
				sawUntitled = true
				if n := utf8.RuneCountInString(text.Headline); n > 115 || n < 60 {
					t.Errorf("%s: made-up headline of %d runes", name, n)
				}
				if next, _ := utf8.DecodeRuneInString(untitledLead[len(head):]); next != ' ' {
					t.Errorf("%s: headline cut inside a word", name)
				}
				words := strings.Fields(head)
				switch last := words[len(words)-1]; last {
				case "және", "мен", "бен", "пен", "немесе", "әрі", "ал":
					t.Errorf("%s: headline ends on %q", name, last)
				}
				for _, x := range text.Summary {
					if x == untitledLead {
						t.Errorf("%s: summary repeats the sentence the headline was made from", name)
					}
				}
				if full && len(text.Summary) == 0 {
					t.Errorf("%s: no summary", name)
				}
			}
		}
	}
	if !sawUntitled {
		t.Errorf("no story headed by the start of the untitled item's lead:\n%s", d.Text(LangKK))
	}
	if checked < 3 {
		t.Errorf("only %d stories headed by a restated title:\n%s\n%s", checked, d.Text(LangKK), d.Text(LangRU))
	}
}

// Töte has no capitals, and some outlets' titles come in lower case: a headline or a
// summary sentence never begins with a lower-case Cyrillic letter. A brand written with a
// small Latin letter first stays as it is.
func TestSentenceCase(t *testing.T) {
	loc := almatyLoc(t)
	at := time.Date(2026, 2, 12, 14, 0, 0, 0, loc)
	items := []store.Item{
		{ID: 1, URL: "https://ar.example.kz/fixture/ork-undeu", Source: "Ar", Lang: LangKK, Script: "arab", Published: at,
			Title: "орталық референдум комиссиясы қазақстандықтарға үндеу жасады",
			Body: "орталық референдум комиссиясының төрағасы сайлаушыларға үндеу жасады. ол тізімдерді тексеруге шақырды. " +
				"«сайлаушылар тізімі ақпанның соңына дейін жарияланады», деді ол."},
		{ID: 2, URL: "https://ru.example.kz/fixture/vstrecha", Source: "Ru", Lang: LangRU, Published: at.Add(time.Hour),
			Title: "«в области жетысу состоялась встреча с учёными»",
			Body:  "в области Жетысу состоялась встреча с представителями научной интеллигенции. Участники обсудили проект новой Конституции."},
		{ID: 3, URL: "https://ru.example.kz/fixture/egov", Source: "Ru", Lang: LangRU, Published: at.Add(2 * time.Hour),
			Title: "eGov открыл проверку избирательного участка",
			Body:  "На портале eGov заработал сервис проверки избирательного участка. Им уже воспользовались тысячи граждан."},
	}
	d, err := New(Options{Location: loc, Clock: fixedClock(at.Add(6 * time.Hour))}).BuildDay(context.Background(), &fakeSource{items: items}, "2026-02-12")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range append(d.Stories, d.Also...) {
		for _, l := range []string{LangKK, LangRU} {
			text := s.Text[l]
			if text.Lang != l {
				continue
			}
			for _, x := range append([]string{text.Headline}, text.Summary...) {
				r, _ := utf8.DecodeRuneInString(strings.TrimLeft(x, "«\"„“( "))
				if unicode.Is(unicode.Cyrillic, r) && unicode.IsLower(r) {
					t.Errorf("%s: %q begins with a small letter", l, x)
				}
			}
			switch {
			case strings.HasPrefix(text.Headline, "Орталық референдум"):
				seen["tote"] = true
			case strings.HasPrefix(text.Headline, "«В области"):
				seen["quoted"] = true
			case strings.HasPrefix(text.Headline, "eGov открыл"):
				seen["brand"] = true
			}
		}
	}
	for _, k := range []string{"tote", "quoted", "brand"} {
		if !seen[k] {
			t.Errorf("no %s headline as expected:\n%s\n%s", k, d.Text(LangKK), d.Text(LangRU))
		}
	}
}

func TestAnaphoric(t *testing.T) {
	cases := []struct {
		s    string
		want bool
	}{
		{"По его словам, итоги опубликуют до 21 марта.", true},
		{"По её словам, участки откроются в 7:00.", true},
		{"Он также напомнил о дне тишины.", true},
		{"Также он напомнил о дне тишины.", true},
		{"Она подчеркнула, что агитация запрещена.", true},
		{"Об этом сообщил председатель комиссии.", true},
		{"Оның айтуынша, нәтиже 21 наурызға дейін жарияланады.", true},
		{"Ол сондай-ақ тыныштық күнін еске салды.", true},
		{"Сондай-ақ ол тыныштық күнін еске салды.", true},
		{"Бұл туралы комиссия төрағасы айтты.", true},
		{"Олжас Бектенов провёл заседание правительства.", false}, // a name, not он
		{"Онлайн-марафон начнётся в 9:00.", false},
		{"Председатель ЦИК Нурлан Абдиров сообщил об итогах.", false},
		{"Орталық комиссия хабарлады.", false},
		{"Это первый референдум с 1995 года.", true},
	}
	for _, c := range cases {
		if got := anaphoric(c.s); got != c.want {
			t.Errorf("anaphoric(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

// A summary is read on its own, under its headline: a sentence pointing back ("По его
// словам", "Он отметил", "Оның айтуынша") comes right after the sentence it points to, or
// first under a headline made of that sentence; never after another outlet's sentence.
func TestSummaryKeepsAnaphorsWithTheirAntecedent(t *testing.T) {
	loc := almatyLoc(t)
	when := time.Date(2026, 2, 12, 11, 0, 0, 0, loc)
	items := []store.Item{
		{ID: 1, URL: "https://inform.example/fixture/tsik-kalendarnyi-plan", Source: "Kazinform", Lang: "ru", Published: when,
			Title: "ЦИК утвердил календарный план референдума",
			Body: "Центральная комиссия референдума утвердила календарный план подготовки к голосованию 15 марта.\n\n" +
				"Составы участковых комиссий опубликуют до 21 февраля."},
		{ID: 2, URL: "https://zakon.example/fixture/chlen-tsik-agitatsiya", Source: "Zakon", Lang: "ru", Published: when.Add(time.Hour),
			Title: "Член ЦИК рассказал о сроках агитации",
			Body: "Член Центральной комиссии референдума Азамат Айманов, который отвечает в комиссии за работу с территориальными и участковыми комиссиями, " +
				"выступил на брифинге в Астане после заседания комиссии и подробно рассказал журналистам о том, как будет устроена подготовка к голосованию, " +
				"какие документы уже утверждены и что ещё предстоит сделать территориальным комиссиям до начала голосования.\n\n" +
				"По его словам, агитация по календарному плану продлится до 00:00 14 марта, а итоги референдума опубликуют до 21 марта.\n\n" +
				"Он также напомнил, что 14 марта, в день тишины, агитация запрещена."},
		{ID: 4, URL: "https://baq.example/fixture/utverzhden-kalendarnyi-plan", Source: "BAQ.KZ", Lang: "ru", Published: when.Add(30 * time.Minute),
			Title: "Утвержден календарный план референдума",
			Body: "На заседании Центральной комиссии референдума утвержден календарный план подготовки к референдуму 15 марта.\n\n" +
				"Составы участковых комиссий будут опубликованы до 21 февраля."},
		// Its only short sentence points back at one too long to quote: no summary, no failure.
		{ID: 5, URL: "https://mgorod.example/fixture/akim-uchastki", Source: "Mgorod", Lang: "ru", Published: when.Add(4 * time.Hour),
			Title: "Аким Атырау проверил готовность избирательных участков",
			Body: "Аким Атырауской области, который накануне провёл совещание с руководителями районов и городских служб, " +
				"объехал несколько избирательных участков областного центра, осмотрел кабины для голосования, проверил работу камер видеонаблюдения, " +
				"пандусов для людей с инвалидностью и резервных генераторов, а также побеседовал с членами участковых комиссий о графике их работы.\n\n" +
				"Он поручил завершить подготовку до 1 марта."},
		{ID: 3, URL: "https://kursiv.example/fixture/vitse-prezident-8-mln", Source: "Kursiv", Lang: "ru", Published: when.Add(2 * time.Hour),
			Title: "Вице-министр: на референдум выделят 20,8 млрд тенге",
			Body: "Вице-министр финансов сообщил, что на проведение референдума выделят 20,8 млрд тенге из резерва правительства.\n\n" +
				"Он пояснил, что средства пойдут на печать бюллетеней и оплату работы комиссий."},
	}
	d, err := New(Options{Location: loc, Clock: fixedClock(time.Date(2026, 2, 13, 8, 0, 0, 0, loc))}).BuildDay(context.Background(), &fakeSource{items: items}, "2026-02-12")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, it := range items {
		bodies[it.Title] = it.Body
	}
	// follows reports whether sentence b comes right after sentence a in one item's body.
	follows := func(a, b string) bool {
		for _, body := range bodies {
			if strings.Contains(body, a+"\n\n"+b) || strings.Contains(body, a+" "+b) {
				return true
			}
		}
		return false
	}
	seen := 0
	for _, s := range d.Stories {
		text := s.Text[LangRU]
		for i, x := range text.Summary {
			if !anaphoric(x) {
				continue
			}
			seen++
			switch {
			case i == 0:
				if body, ok := bodies[text.Headline]; !ok || !strings.HasPrefix(body, x) && !follows(strings.SplitN(body, "\n\n", 2)[0], x) {
					t.Errorf("summary opens with %q under the headline %q, which it does not follow", x, text.Headline)
				}
			case !follows(text.Summary[i-1], x):
				t.Errorf("%q follows %q, which is not the sentence it points back to", x, text.Summary[i-1])
			}
		}
	}
	if len(d.Stories) == 0 {
		t.Fatal("no stories")
	}
	t.Logf("%d anaphoric sentences kept\n%s", seen, d.Text(LangRU))
}
