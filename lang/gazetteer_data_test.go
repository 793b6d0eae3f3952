package lang

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Each concept is found in a Kazakh and in a Russian sentence that name it
// with inflected words, as news text does. The sentences are our own.
func TestGazetteerForms(t *testing.T) {
	tests := []struct {
		id, kk, ru string
	}{
		// The vote and the Constitution.
		{"referendum", "Референдумға дайындық басталды.", "Подготовка к референдуму началась."},
		{"national_referendum", "Республикалық референдумның өтетін күні белгілі болды.", "Назначен день республиканского референдума."},
		{"draft_constitution", "Конституция жобасының мәтіні жарияланды.", "Опубликован текст проекта новой Конституции."},
		{"new_constitution", "Жаңа Конституцияның ережелері түсіндірілді.", "Разъяснены положения новой Конституции."},
		{"constitutional_law", "Конституциялық заңға қол қойылды.", "Подписан конституционный закон о выборах."},
		{"constitutional_reform", "Конституциялық реформаның мақсаттары айтылды.", "Названы цели конституционной реформы."},
		{"amendment", "Түзетулер енгізу ұсынылды.", "Предложено внести поправки."},
		{"article", "Бұл бапта жер туралы айтылады.", "В этой статье говорится о земле."},
		{"preamble", "Преамбулада халықтың еркі айтылған.", "В преамбуле сказано о воле народа."},
		{"legal_norm", "Құқықтық нормалар нақтыланды.", "Уточнены правовые нормы."},
		{"bill", "Мәжіліс заң жобасын мақұлдады.", "Мажилис одобрил законопроект."},
		{"decree", "Президент Жарлыққа қол қойды.", "Президент подписал указ."},
		{"resolution", "Үкіметтің қаулысы шықты.", "Вышло постановление правительства."},
		{"signing", "Құжатқа қол қойылды.", "Документ подписан главой государства."},
		{"entry_into_force", "Заң 1 шілдеде күшіне енеді.", "Закон вступает в силу 1 июля."},
		{"sovereignty", "Мемлекеттің егемендігі қорғалады.", "Суверенитет государства защищается."},
		{"independence", "Тәуелсіздігіміз баянды болсын.", "Независимость страны закреплена."},
		{"secular_state", "Мемлекет зайырлы болып қала береді.", "Казахстан остается светским государством."},
		{"rule_of_law", "Заң үстемдігі қағидаты бекітілді.", "Закреплен принцип верховенства закона."},
		{"separation_of_powers", "Билік тармақтарының тепе-теңдігі сақталады.", "Сохраняется баланс ветвей власти."},
		{"state_language", "Мемлекеттік тілдің мәртебесі айқындалды.", "Определен статус государственного языка."},
		{"russian_language", "Орыс тілінің мәртебесі сақталды.", "Сохранен статус русского языка."},
		{"interethnic_communication", "Ұлтаралық қатынас тілі туралы норма бар.", "Есть норма о языке межнационального общения."},
		{"natural_resources", "Жер қойнауы халыққа тиесілі.", "Недра принадлежат народу."},
		{"belongs_to_people", "Жер халыққа тиесілі болады.", "Земля принадлежит народу."},
		{"death_penalty", "Өлім жазасына тыйым салынды.", "Запрещена смертная казнь."},
		{"human_rights", "Адам құқықтарын қорғау күшейеді.", "Усилится защита прав человека."},
		{"freedom_of_speech", "Сөз бостандығына кепілдік беріледі.", "Гарантируется свобода слова."},
		{"freedom_of_assembly", "Бейбіт жиналыстар туралы заң бар.", "Есть закон о мирных собраниях."},
		{"presidential_term", "Жеті жылдық мерзімге бір рет сайланады.", "Избирается на один семилетний срок."},
		{"early_elections", "Кезектен тыс сайлау тағайындалды.", "Назначены внеочередные выборы."},
		{"dissolution_of_parliament", "Президент парламентті тарата алады.", "Президент вправе объявить роспуск парламента."},
		{"citizenship", "Қос азаматтыққа жол берілмейді.", "Двойное гражданство не допускается."},
		{"property", "Жеке меншікке кепілдік беріледі.", "Гарантируется частная собственность."},
		{"family", "Отбасын мемлекет қорғайды.", "Государство защищает семью."},
		{"marriage", "Неке ерлі-зайыптылардың ерікті одағы.", "Брак есть добровольный союз."},
		{"fair_kazakhstan", "Әділетті Қазақстанды бірге құрамыз.", "Строим Справедливый Казахстан вместе."},
		{"new_kazakhstan", "Жаңа Қазақстанның саяси жүйесі.", "Политическая система Нового Казахстана."},
		{"hearing_state", "Халық үнін еститін мемлекет тұжырымдамасы.", "Концепция слышащего государства."},
		{"public_discussion", "Жобаны қоғамдық талқылау аяқталды.", "Завершилось общественное обсуждение проекта."},
		{"unicameral", "Бір палаталы парламент құрылады.", "Будет создан однопалатный парламент."},
		{"corruption", "Сыбайлас жемқорлықпен күрес жалғасады.", "Продолжается борьба с коррупцией."},
		// The vote.
		{"voting", "Азаматтар дауыс берді.", "Граждане проголосовали."},
		{"voter", "Сайлаушылар учаскеге келді.", "Избиратели пришли на участок."},
		{"voter_lists", "Сайлаушылар тізіміне енгізілді.", "Внесены в списки избирателей."},
		{"polling_station", "Сайлау учаскелерінде кезек болды.", "На избирательных участках были очереди."},
		{"ballot", "Бюллетеньдер басылып шықты.", "Бюллетени напечатаны."},
		{"mobile_ballot_box", "Көшпелі жәшікпен үйге барды.", "Приехали домой с переносным ящиком."},
		{"turnout", "Сайлаушылардың белсенділігі жоғары болды. Сайлауға қатысу 70 пайыз.", "Явка составила 70 процентов."},
		{"early_voting", "Мерзімінен бұрын дауыс беру аяқталды.", "Завершилось досрочное голосование."},
		{"voting_abroad", "Шетелде дауыс берген азаматтар көп.", "Голосование за рубежом прошло спокойно."},
		{"exit_poll", "Экзитпол нәтижелері жарияланды.", "Опубликованы данные экзитполов."},
		{"vote_count", "Дауыстарды санау жалғасуда.", "Продолжается подсчёт голосов."},
		{"protocol", "Хаттамаға қол қойылды.", "Протокол передан в комиссию."},
		{"vote_results", "Референдум нәтижелері жарияланды.", "Объявлены итоги референдума."},
		{"preliminary_results", "Алдын ала нәтижелер бойынша жоба қабылданды.", "По предварительным итогам проект принят."},
		{"final_results", "Түпкілікті нәтижелер бір аптадан кейін шығады.", "Окончательные результаты объявят через неделю."},
		{"vote_against", "Азаматтардың бір бөлігі қарсы дауыс берді.", "Часть граждан проголосовала против."},
		{"day_of_silence", "Бүгін үнсіздік күні.", "Сегодня день тишины."},
		{"day_of_silence", "Үнсіздік күнінде үгіт жүргізілмейді.", "В день тишины агитация запрещена."},
		{"constitution_day", "15 наурыз Конституция күні болып белгіленеді.", "15 марта станет Днём Конституции."},
		{"constitution_day", "Конституция күнін мерекелеу.", "Праздник отметят ко Дню Конституции."},
		{"republic_day", "Республика күні қарсаңында.", "Накануне Дня Республики."},
		{"voting_day", "Дауыс беру күні учаскелер ашылды.", "В день голосования открылись участки."},
		{"voting_day", "Референдум күніне дейін.", "Ко дню голосования все готово."},
		{"voting_start", "Дауыс беру учаскелері ашылды.", "Избирательные участки открылись в 7 утра."},
		{"voting_start", "Елде референдум басталды.", "В Казахстане стартовал референдум."},
		{"voting_start", "Дауыс беру басталды.", "Началось голосование."},
		{"voting_end", "Референдум учаскелері жабылды.", "Участки закрылись в 20:00."},
		{"voting_end", "Дауыс беру аяқталды.", "Голосование завершилось."},
		{"voting_end", "Референдум аяқталды.", "Референдум завершен, начинается подсчет."},
		{"campaigning", "Үгіт жұмыстары тоқтатылды.", "Агитация прекращена."},
		{"international_observers", "Халықаралық бақылаушылар келді.", "Прибыли международные наблюдатели."},
		{"observer_mission", "Бақылаушылар миссиясының басшысы сөйледі.", "Выступил глава миссии наблюдателей."},
		{"accreditation", "Бақылаушылар аккредиттелді.", "Наблюдатели аккредитованы."},
		{"violations", "Бұзушылықтар анықталған жоқ.", "Нарушений не выявлено."},
		{"fraud", "Жаңа алаяқтық схема тарады.", "Мошенники рассылают ссылки."},
		{"exit_poll", "Бірінші ехіт полл нәтижесі жарияланды.", "Опубликованы данные экзит-поллов."},
		{"exit_poll", "Экзит-полл нәтижелері белгілі болды.", "Экзитпол показал поддержку."},
		{"fraud", "Алаяқтар сілтеме жіберуде.", "Новая схема мошенничества."},
		{"disinformation", "Жалған ақпаратқа сенбеңіз.", "Не верьте фейкам о референдуме."},
		{"disinformation", "Әлеуметтік желіде фейк тарады.", "Распространяется ложная информация."},
		{"rumours", "Қауесетке ОРК жауап берді.", "В комиссии прокомментировали слухи."},
		{"complaints", "Комиссияға шағымдар түскен жоқ.", "Жалоб в комиссию не поступало."},
		{"hotline", "Сенім телефонына хабарласыңыз.", "Звоните на горячую линию."},
		{"video_surveillance", "Учаскелерде бейнебақылау жүргізіледі.", "На участках ведется видеонаблюдение."},
		{"electronic_voting", "Электрондық дауыс беру қарастырылмаған.", "Электронное голосование не предусмотрено."},
		{"mass_media", "БАҚ өкілдері аккредиттелді.", "Представители СМИ аккредитованы."},
		{"journalist", "Журналистерге брифинг өтті.", "Для журналистов прошел брифинг."},
		// Institutions.
		{"akorda", "Ақордада кеңес өтті.", "В Акорде прошло совещание."},
		{"presidential_administration", "Президент Әкімшілігінің басшысы мәлімдеді.", "Глава Администрации Президента заявил."},
		{"president", "Мемлекет басшысы сөз сөйледі.", "Глава государства выступил."},
		{"vice_president", "Вице-президенттің өкілеттіктері айқындалды.", "Определены полномочия вице-президента."},
		{"state_counsellor", "Мемлекеттік кеңесші кездесу өткізді.", "Государственный советник провел встречу."},
		{"government", "Үкімет отырысында қаралды.", "Рассмотрено на заседании Правительства."},
		{"prime_minister", "Премьер-министрдің баяндамасы тыңдалды.", "Заслушан доклад премьер-министра."},
		{"parliament", "Парламенттің жаңа құрамы.", "Новый состав парламента."},
		{"mazhilis", "Мәжілістің жалпы отырысы.", "Пленарное заседание Мажилиса."},
		{"senate", "Сенаттың депутаттары.", "Депутаты Сената."},
		{"kurultai", "Құрылтайдың бірінші сессиясы.", "Первая сессия Курултая."},
		{"halyk_kenesi", "Халық Кеңесінің мүшелері.", "Члены Народного совета."},
		{"national_kurultai", "Ұлттық құрылтайдың отырысы өтті.", "Прошло заседание Национального курултая."},
		{"speaker", "Мәжіліс Төрағасы мәлімдеме жасады.", "Председатель Мажилиса сделал заявление."},
		{"deputy", "Депутаттар заңды қабылдады.", "Депутаты приняли закон."},
		{"working_group", "Жұмыс тобының мүшелері жиналды.", "Собрались члены рабочей группы."},
		{"constitutional_reform_commission", "Конституциялық реформа жөніндегі комиссияның отырысы.", "Заседание Комиссии по конституционной реформе."},
		{"constitutional_court", "Конституциялық Соттың шешімі.", "Решение Конституционного суда."},
		{"supreme_court", "Жоғарғы Соттың төрағасы.", "Председатель Верховного суда."},
		{"prosecutor_general", "Бас прокуратураның мәлімдемесі.", "Заявление Генеральной прокуратуры."},
		{"ombudsman", "Адам құқықтары жөніндегі уәкілдің баяндамасы.", "Доклад Уполномоченного по правам человека."},
		{"supreme_audit_chamber", "Жоғары аудиторлық палатаның есебі.", "Отчет Высшей аудиторской палаты."},
		{"national_bank", "Ұлттық Банктің төрағасы.", "Председатель Национального банка."},
		{"security_council", "Қауіпсіздік Кеңесінің хатшысы.", "Секретарь Совета безопасности."},
		{"assembly_of_people", "Қазақстан халқы Ассамблеясының сессиясы.", "Сессия Ассамблеи народа Казахстана."},
		{"cec", "Орталық сайлау комиссиясының төрағасы.", "Председатель Центральной избирательной комиссии."},
		{"central_referendum_commission", "Орталық референдум комиссиясының төрағасы сөйледі.", "Выступил председатель Центральной референдумной комиссии."},
		{"territorial_commission", "Аумақтық референдум комиссиялары құрылды.", "Созданы территориальные референдумные комиссии."},
		{"precinct_commission", "Учаскелік комиссияның мүшелері.", "Члены участковой комиссии."},
		{"maslikhat", "Мәслихаттың сессиясы.", "Сессия маслихата."},
		{"akimat", "Облыс әкімдігінде.", "В акимате области."},
		{"akim", "Қала әкімі мәлімдеді.", "Аким города заявил."},
		{"ministry_of_justice", "Әділет министрлігінің хабарлауынша.", "Как сообщили в Министерстве юстиции."},
		{"foreign_ministry", "Сыртқы істер министрлігінің ресми өкілі.", "Официальный представитель МИД."},
		{"interior_ministry", "Ішкі істер министрлігі хабарлады.", "Сообщили в Министерстве внутренних дел."},
		{"health_ministry", "Денсаулық сақтау министрлігінің мәліметі.", "Данные Министерства здравоохранения."},
		{"culture_ministry", "Мәдениет және ақпарат министрлігінің өкілі.", "Представитель Министерства культуры и информации."},
		{"digital_ministry", "Цифрлық даму министрлігі жүйені іске қосты.", "Министерство цифрового развития запустило систему."},
		// Parties and society.
		{"amanat", "Аманат партиясының фракциясы.", "Фракция партии Аманат."},
		{"ak_zhol", "«Ақ жол» партиясының төрағасы.", "Председатель партии «Ак жол»."},
		{"auyl", "«Ауыл» партиясының депутаттары.", "Депутаты от партии «Ауыл»."},
		{"respublica", "«Республика» партиясының өкілдері.", "Представители партии «Республика»."},
		{"peoples_party", "Қазақстан Халық партиясының мүшелері.", "Члены Народной партии Казахстана."},
		{"osdp", "ЖСДП-ның мәлімдемесі.", "Заявление ОСДП."},
		{"baytaq", "«Байтақ» партиясының төрағасы.", "Председатель партии «Байтак»."},
		{"public_association", "Үкіметтік емес ұйымдардың өкілдері.", "Представители неправительственных организаций."},
		{"civil_society", "Азаматтық қоғамның өкілдері.", "Представители гражданского общества."},
		{"political_scientist", "Саясаттанушының пікірінше.", "По мнению политолога."},
		// International.
		{"osce", "ЕҚЫҰ бақылаушылары.", "Наблюдатели ОБСЕ."},
		{"odihr", "ЕҚЫҰ ДИАҚБ миссиясы.", "Миссия БДИПЧ ОБСЕ."},
		{"cis", "ТМД елдерінің өкілдері.", "Представители стран СНГ."},
		{"cis_observer_mission", "ТМД бақылаушылар миссиясының басшысы.", "Глава миссии наблюдателей СНГ."},
		{"sco", "ШЫҰ саммиті.", "Саммит ШОС."},
		{"un", "БҰҰ Бас хатшысы.", "Генеральный секретарь ООН."},
		{"eu", "Еуроодақтың өкілдері.", "Представители Евросоюза."},
		{"european_parliament", "Еуропарламенттің депутаттары.", "Депутаты Европарламента."},
		{"venice_commission", "Венеция комиссиясының қорытындысы.", "Заключение Венецианской комиссии."},
		{"council_of_europe", "Еуропа Кеңесінің өкілі.", "Представитель Совета Европы."},
		{"csto", "ҰҚШҰ-ға мүше елдер.", "Страны ОДКБ."},
		{"eaeu", "Еуразиялық экономикалық одақтың отырысы.", "Заседание Евразийского экономического союза."},
		{"turkic_states", "Түркі мемлекеттері ұйымының саммиті.", "Саммит Организации тюркских государств."},
		{"oic", "Ислам ынтымақтастығы ұйымының өкілдері.", "Представители Организации исламского сотрудничества."},
		{"embassy", "Елшіліктің хабарлауынша.", "Как сообщили в посольстве."},
		// Countries and cities.
		{"russia", "Ресейдің Сыртқы істер министрлігі.", "МИД России."},
		{"uzbekistan", "Өзбекстанның президенті.", "Президент Узбекистана."},
		{"kyrgyzstan", "Қырғызстанның өкілдері.", "Представители Киргизии."},
		{"turkey", "Түркияның сыртқы істер министрі.", "Министр иностранных дел Турции."},
		{"usa", "АҚШ-тың Мемлекеттік департаменті.", "Госдепартамент США."},
		{"china", "Қытайдың төрағасы.", "Председатель КНР."},
		{"uk", "Ұлыбританияның елшісі.", "Посол Великобритании."},
		{"japan", "Жапонияның сыртқы істер министрі.", "Министр иностранных дел Японии."},
		{"azerbaijan", "Әзірбайжанның басшысы.", "Глава Азербайджана."},
		{"tajikistan", "Тәжікстанның өкілі.", "Представитель Таджикистана."},
		{"turkmenistan", "Түрікменстанның делегациясы.", "Делегация Туркменистана."},
		{"europe", "Еуропаның елдері.", "Страны Европы."},
		{"moscow", "Мәскеуде кездесу өтті.", "Встреча прошла в Москве."},
		{"aktobe", "Ақтөбе облысында сайлау өтті.", "В Актюбинской области прошли выборы."},
		{"abai_region", "Абай облысының әкімі.", "Аким области Абай."},
		{"akmola_region", "Ақмола облысында.", "В Акмолинской области."},
		{"almaty_region", "Алматы облысының тұрғындары.", "Жители Алматинской области."},
		{"atyrau", "Атырау облысындағы учаскелер.", "Участки в Атырауской области."},
		{"east_kazakhstan_region", "Шығыс Қазақстан облысында.", "В Восточно-Казахстанской области."},
		{"zhambyl_region", "Жамбыл облысының әкімдігі.", "Акимат Жамбылской области."},
		{"zhetysu_region", "Жетісу облысында.", "В области Жетісу."},
		{"west_kazakhstan_region", "Батыс Қазақстан облысының тұрғындары.", "Жители Западно-Казахстанской области."},
		{"karaganda", "Қарағанды облысында.", "В Карагандинской области."},
		{"kostanay", "Қостанай облысының әкімі.", "Аким Костанайской области."},
		{"kyzylorda", "Қызылорда облысындағы учаскелер.", "Участки в Кызылординской области."},
		{"mangystau_region", "Маңғыстау облысында.", "В Мангистауской области."},
		{"pavlodar", "Павлодар облысының тұрғындары.", "Жители Павлодарской области."},
		{"north_kazakhstan_region", "Солтүстік Қазақстан облысында.", "В Северо-Казахстанской области."},
		{"turkistan", "Түркістан облысында.", "В Туркестанской области."},
		{"ulytau_region", "Ұлытау облысының әкімі.", "Аким области Ұлытау."},
		{"astana", "Астанада учаскелер ашылды.", "В Астане открылись участки."},
		{"almaty", "Алматыда дауыс беру жүріп жатыр.", "В Алматы идет голосование."},
		{"shymkent", "Шымкентте учаскелер ашылды.", "В Шымкенте открылись участки."},
		{"baikonur", "Байқоңыр қаласында.", "В городе Байконур."},
		{"oskemen", "Өскеменде учаскелер көп.", "В Усть-Каменогорске много участков."},
		{"oral", "Оралда сайлаушылар белсенді.", "В Уральске избиратели активны."},
		{"petropavl", "Петропавлда дауыс беру басталды.", "В Петропавловске началось голосование."},
		{"semey", "Семейде учаскелер ашылды.", "В Семее открылись участки."},
		{"aktau", "Ақтауда дауыс беру өтті.", "В Актау прошло голосование."},
		// Events.
		{"address_to_nation", "Президент Жолдауында айтты.", "Президент сказал в Послании."},
		{"press_conference", "Баспасөз конференциясында мәлімдеді.", "Заявил на пресс-конференции."},
		{"session", "Отырыста қаралды.", "Рассмотрено на заседании."},
		{"congress", "Партия съезінде.", "На съезде партии."},
		{"interview", "Сұхбатында айтты.", "Сказал в интервью."},
		{"statement", "Министрліктің мәлімдемесі.", "Заявление министерства."},
		{"congratulation", "Президент құттықтады.", "Президент поздравил."},
		{"phone_call", "Телефон арқылы сөйлесті.", "Состоялся телефонный разговор."},
		{"visit", "Ресми сапармен келді.", "Прибыл с официальным визитом."},
		{"inauguration", "Ұлықтау рәсімі өтті.", "Прошла инаугурация."},
		{"oath", "Халыққа ант берді.", "Принес присягу народу."},
		{"negotiations", "Келіссөздер жүргізілді.", "Прошли переговоры."},
		{"absentee_certificate", "Бекіту куәлігін қалай алуға болады.", "Как получить открепительное удостоверение."},
		{"persons_with_disabilities", "Мүгедектігі бар азаматтарға жағдай жасалады.", "Для граждан с инвалидностью созданы условия."},
		{"fine", "Үнсіздік күні үгіт үшін айыппұл салынады.", "За агитацию в день тишины грозит штраф."},
		{"marathon", "Онлайн-марафон өтті.", "Прошел онлайн-марафон."},
		{"volunteers", "Еріктілер учаскелерде көмектесті.", "Волонтеры помогали на участках."},
		{"great_steppe", "Ұлы Дала ұғымы преамбулаға енді.", "Понятие «Великая степь» вошло в преамбулу."},
		{"national_coalition", "Жалпыұлттық коалиция мүшелері Қарағанды облысында болды.", "Члены Общенациональной коалиции «За Народную Конституцию» посетили Караганду."},
		{"national_coalition", "«Халықтық Конституция үшін» коалициясы жастармен кездесті.", "Коалиция «За Народную Конституцию Справедливого и Прогрессивного Казахстана!» провела встречу."},
		{"observer", "Шетелдік байқаушы аккредиттелді.", "Аккредитован наблюдатель."},
	}
	ids := map[string]bool{}
	for _, id := range ConceptIDs() {
		ids[id] = true
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		if !ids[tt.id] {
			t.Errorf("no concept %s", tt.id)
			continue
		}
		covered[tt.id] = true
		for _, s := range []string{tt.kk, tt.ru} {
			if got := Concepts(s); !slices.Contains(got, tt.id) {
				t.Errorf("Concepts(%q) = %v, missing %s", s, got, tt.id)
			}
		}
	}
	if len(covered) < 80 {
		t.Errorf("only %d concepts covered by sentences", len(covered))
	}
}

// Words that look like a concept's but are not it.
func TestGazetteerLookalikes(t *testing.T) {
	tests := []struct {
		text string
		not  []string
	}{
		{"Многодетных семей в городе стало больше.", []string{"semey"}},
		{"Семь человек получили награды.", []string{"family"}},
		{"Он может стать чемпионом.", []string{"article"}},
		{"Турнир закончился вничью.", []string{"law"}},
		{"Туристам выдают визы.", []string{"visit"}},
		{"Ол елге оралды.", []string{"oral"}},
		{"Сот оны ақтау туралы үкім шығарды.", []string{"aktau"}},
		{"Құжаттарды рәсімдеу тез өтті.", []string{"ceremony"}},
		{"Подписывайтесь на наш канал.", []string{"signing"}},
		{"Независимый аналитик ответил на вопросы.", []string{"independence"}},
		{"Военная интервенция осуждена.", []string{"interview"}},
		{"Он был послан туда в командировку.", []string{"address_to_nation"}},
		{"Алматинская область", []string{"almaty"}},
		{"Петропавловск-Камчатский", []string{"petropavl"}},
		{"Ақ жол партиясы", []string{"akim"}},
		{"После обеда", []string{"ambassador"}},
		{"Акимат района", []string{"akim"}},
		{"Әкімдік ғимараты", []string{"akim"}},
	}
	for _, tt := range tests {
		got := Concepts(tt.text)
		for _, id := range tt.not {
			if slices.Contains(got, id) {
				t.Errorf("Concepts(%q) = %v, should not have %s", tt.text, got, id)
			}
		}
	}
}

// Ordinary news about other things names no institution, place, party,
// law or election concept: nothing but a few everyday words (see everyday).
func TestGazetteerUnrelated(t *testing.T) {
	for _, text := range []string{
		// sport
		"Футболдан әлем чемпионатының іріктеу кезеңінде құрама екі гол соқты.",
		"Боксшы финалда жеңіп, алтын медаль алды.",
		"Хоккейная команда выиграла третий матч подряд и вышла в полуфинал.",
		"Теннисистка уступила в упорном поединке на кортах Мельбурна.",
		// weather
		"Ертең күн бұлтты болады, түнде жаңбыр жауып, жел күшейеді.",
		"Синоптики обещают снег, гололед и порывистый ветер до двадцати метров в секунду.",
		"Аптаның соңына қарай ауа райы жылынады.",
		// prices and the economy
		"Нан мен сүттің бағасы өткен айда сәл қымбаттады.",
		"Цены на бензин выросли, а стоимость овощей на рынках снизилась.",
		"Доллардың бағамы бүгін төмендеді.",
		// everyday life
		"Мектеп оқушылары көктемгі демалысқа шықты.",
		"В парке открылся новый детский аттракцион и кафе.",
		"Многодетных семей в этом районе стало больше.",
		"Он рассказал о своей поездке на море и о рыбалке.",
		"Ол қызықты кітап оқып, достарымен кездесуге асықты.",
	} {
		for _, id := range Concepts(text) {
			if !everyday[id] {
				t.Errorf("Concepts(%q) has %s", text, id)
			}
		}
	}
}

// everyday are the concepts of ordinary words, which unrelated text may name.
var everyday = map[string]bool{"meeting": true, "statement": true, "visit": true, "interview": true, "family": true}

var snakeID = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// The list keeps the rules stated in gazetteer_data.go.
func TestGazetteerStructure(t *testing.T) {
	if len(gazetteer) < 300 {
		t.Errorf("%d concepts, want at least 300", len(gazetteer))
	}
	ids := map[string]bool{}
	surfaces := map[string]string{} // surface -> id
	// one-word surfaces' stems per language: search expands a query word
	// through them, so two concepts must not share one.
	stems := map[Lang]map[string]string{KK: {}, RU: {}, Other: {}}
	for _, c := range gazetteer {
		if !snakeID.MatchString(c.id) {
			t.Errorf("id %q is not lower_snake_case", c.id)
		}
		if ids[c.id] {
			t.Errorf("id %q listed twice", c.id)
		}
		ids[c.id] = true
		if len(c.kk) == 0 || len(c.ru) == 0 || len(c.en) == 0 {
			t.Errorf("%s lacks kk, ru or en phrases", c.id)
		}
		seen := map[string]bool{}
		for _, set := range []struct {
			l  Lang
			ps []phrase
		}{{KK, c.kk}, {RU, c.ru}, {Other, c.en}} {
			for _, p := range set.ps {
				checkPhrase(t, c.id, set.l, p)
				if other, ok := surfaces[p.surface]; ok && other != c.id {
					t.Errorf("surface %q under %s and %s", p.surface, other, c.id)
				}
				surfaces[p.surface] = c.id
				if seen[string(set.l)+p.surface] {
					t.Errorf("%s: %q listed twice", c.id, p.surface)
				}
				seen[string(set.l)+p.surface] = true
				if w := Words(p.surface); len(w) == 1 && !stemClashOK[p.surface] {
					st := Stem(w[0], set.l)
					if other, ok := stems[set.l][st]; ok && other != c.id {
						t.Errorf("%s %q has the stem %q of a word of %s", c.id, p.surface, st, other)
					}
					stems[set.l][st] = c.id
				}
			}
		}
	}
}

// stemClashOK are one-word surfaces allowed to share a stem with another
// concept's: Snowball stems the Russian locative and genitive of Семей
// (Семее, Семея) to сем, like семья and семь, and there is no other way to
// name the city in Russian text.
var stemClashOK = map[string]bool{"семее": true, "семея": true}

// checkPhrase checks one phrase: lowercase, one token per word, at most four
// words, a surface that the phrase itself matches, and a first pattern word
// that starts like the surface's first word.
func checkPhrase(t *testing.T, id string, l Lang, p phrase) {
	t.Helper()
	if p.surface != strings.ToLower(p.surface) || p.match != strings.ToLower(p.match) {
		t.Errorf("%s: %q is not lowercase", id, p.surface)
	}
	sw := Words(p.surface)
	pw := strings.Fields(p.match)
	if strings.Join(sw, " ") != p.surface {
		t.Errorf("%s: surface %q is not words separated by single spaces", id, p.surface)
	}
	if len(pw) != len(sw) || len(pw) > 4 || len(pw) == 0 {
		t.Errorf("%s: %q / %q: %d and %d words (at most 4, the same)", id, p.surface, p.match, len(sw), len(pw))
		return
	}
	for _, w := range pw {
		for _, alt := range strings.Split(w, "|") {
			// a prefix may end in a hyphen (бақ-* for БАҚ-та, БАҚ-тың)
			key := strings.TrimSuffix(strings.TrimLeft(strings.TrimSuffix(alt, "*"), "=!"), "-")
			if k := Words(key); len(k) != 1 || k[0] != key {
				t.Errorf("%s: pattern word %q is not one token", id, alt)
			}
		}
	}
	// Search's prefilter lets a token through when it starts with the
	// surface's first word stemmed in any language, less its last two
	// letters (at least three). Every token the first pattern word matches
	// must pass.
	var starts []string
	for _, sl := range []Lang{KK, RU, Other} {
		r := []rune(strings.ReplaceAll(Stem(sw[0], sl), "ё", "е"))
		starts = append(starts, string(r[:min(len(r), max(3, len(r)-2))]))
	}
	cp := compilePhrase(id, l, p.match)
	for _, a := range cp.words[0].alts {
		key := a.key
		if a.mode == 's' || a.mode == 'e' {
			r := []rune(key)
			key = string(r[:min(len(r), max(3, len(r)-2))])
		}
		ok := false
		for _, s := range starts {
			ok = ok || strings.HasPrefix(key, s)
		}
		if !ok {
			t.Errorf("%s: pattern %q starts %q, which the prefilter's %v miss", id, p.match, a.key, starts)
		}
	}
	if utf8.RuneCountInString(p.surface) < 2 {
		t.Errorf("%s: surface %q too short", id, p.surface)
	}
}

// The index, and the prefix test before stemming, find what trying every
// phrase at every token finds.
func TestGazetteerIndex(t *testing.T) {
	var all []compiledPhrase
	for _, list := range compiledGazetteer() {
		for _, p := range list {
			plain := compiledPhrase{id: p.id}
			for _, w := range p.words {
				pw := wordPattern{lang: w.lang}
				for _, a := range w.alts {
					a.need = ""
					pw.alts = append(pw.alts, a)
				}
				plain.words = append(plain.words, pw)
			}
			all = append(all, plain)
		}
	}
	texts := append(kaznerdSample(t), seedText(t),
		"Счётный комитет и подсчёт голосов", "Организация Объединённых Наций", "молодёжь",
		"Қазақстан халқы Ассамблеясы", "Ұлттық Банкінің", "бабында", "Жоғарғы Соттың")
	for _, c := range gazetteer {
		for _, ps := range [][]phrase{c.kk, c.ru, c.en} {
			for _, p := range ps {
				// the surface and some inflected forms of it
				texts = append(texts, p.surface, p.surface+"ның", p.surface+"да", p.surface+"ы", p.surface+"ов", p.surface+"е")
			}
		}
	}
	for _, text := range texts {
		toks := Tokenize(text)
		stems := make([]tokenStems, len(toks))
		for i := range toks {
			stems[i].text = toks[i].Text
		}
		var want []string
		for i := range toks {
			for _, p := range all {
				if toks[i].Number || i+len(p.words) > len(toks) {
					continue
				}
				ok := true
				for k := 0; k < len(p.words) && ok; k++ {
					ok = p.words[k].matches(&stems[i+k])
				}
				if ok {
					want = append(want, p.id)
				}
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := Concepts(text); !slices.Equal(got, want) {
			t.Errorf("%.60q: index finds %v, every phrase %v", text, got, want)
		}
	}
}

// BenchmarkConcepts runs the gazetteer over the seed articles and the
// KazNERD sample (Kazakh and Russian news text).
func BenchmarkConcepts(b *testing.B) {
	text := seedText(b) + "\n\n" + strings.Join(kaznerdSample(b), " ")
	m := meterCPU(b, int64(len(text)))
	for b.Loop() {
		Concepts(text)
	}
	m.stop()
}

// Every place IsKazakhPlace knows is a concept of the gazetteer.
func TestKazakhPlacesAreConcepts(t *testing.T) {
	ids := map[string]bool{}
	for _, id := range ConceptIDs() {
		ids[id] = true
	}
	n := 0
	for id := range kazakhPlaces {
		n++
		if !ids[id] {
			t.Errorf("place %q is no gazetteer concept", id)
		}
	}
	if n < 25 || IsKazakhPlace("astana") || !IsKazakhPlace("atyrau") {
		t.Errorf("%d places; astana %v, atyrau %v", n, IsKazakhPlace("astana"), IsKazakhPlace("atyrau"))
	}
}

// ConceptSpans gives each match with its tokens, so that a caller can tell two concepts
// side by side from two apart.
func TestConceptSpans(t *testing.T) {
	got := NewTermCache().ConceptSpans("Вчера на заседании ЦИК аккредитовали наблюдателей.")
	var session, cec *ConceptSpan
	for i := range got {
		switch got[i].ID {
		case "session":
			session = &got[i]
		case "cec":
			cec = &got[i]
		}
	}
	if session == nil || cec == nil || session.Start != 2 || session.End != 3 || cec.Start != 3 || cec.End != 4 {
		t.Errorf("spans %+v: want the session at token 2 and the CEC right after it", got)
	}
}
