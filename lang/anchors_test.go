package lang

import (
	"slices"
	"strings"
	"testing"
)

// A Kazakh and a Russian report of the same event share their anchors.
func TestAnchorsCrossLanguage(t *testing.T) {
	kk := "Президент Қасым-Жомарт Тоқаев 2026 жылғы 15 наурызда өтетін республикалық " +
		"референдум туралы Жарлыққа қол қойды. Орталық сайлау комиссиясы дайындықты бастады. " +
		"Жаңа Конституция жобасы бойынша Халық Кеңесі құрылады."
	ru := "Президент Касым-Жомарт Токаев подписал указ о проведении 15 марта 2026 года " +
		"республиканского референдума. Центральная избирательная комиссия начала подготовку. " +
		"Проект новой Конституции предусматривает создание Народного совета."
	a, b := Anchors(kk), Anchors(ru)
	for _, want := range []string{
		"date:03-15", "num:2026", "name:kasym-zhomart", "name:tokaev",
		"term:cec", "term:constitution", "term:halyk_kenesi", "term:president", "term:referendum",
	} {
		if !slices.Contains(a, want) || !slices.Contains(b, want) {
			t.Errorf("%s missing: kk %v, ru %v", want, a, b)
		}
	}
	if !slices.IsSorted(a) || !slices.IsSorted(b) || len(slices.Compact(slices.Clone(a))) != len(a) {
		t.Errorf("anchors not sorted and unique: %v", a)
	}
	// An unrelated report shares none of the names, dates or numbers.
	other := Anchors("В Алматы 3 мая открылся футбольный турнир «Кайрат Кап» с участием 12 команд.")
	for _, x := range other {
		if !strings.HasPrefix(x, "term:") && (slices.Contains(a, x) || slices.Contains(b, x)) {
			t.Errorf("unrelated text shares %s", x)
		}
	}
}

func TestAnchorsForms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Референдум 15.03.2026 өтеді.", []string{"date:03-15", "num:2026", "term:referendum"}},
		{"Выборы прошли 2026-03-15 в 8 утра.", []string{"date:03-15", "num:2026", "term:election"}},
		{"Сессия 15-наурызда басталады.", []string{"date:03-15"}},
		{"The vote is on March 15 in 2026.", []string{"date:03-15", "num:2026", "term:voting"}},
		{"Явка 73,5 процента, 012 участков, 7 округов.", []string{"num:12", "num:73.5", "term:turnout"}},
		{"Мемлекет басшысы Ақордада Қайсар Қамзаны қабылдады.", []string{"name:kaisar", "name:kamz", "term:akorda", "term:president"}},
		// A long unbroken run of digits is a file name or a page's id, not a figure.
		{"Сурет: 20260315083659828.jpg, явка 40 процентов.", []string{"num:40", "term:turnout"}},
		{"Материал 202603151234 обновлен.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := Anchors(tt.in)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Anchors(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestConcepts(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Ата заңның жобасы", []string{"bill", "constitution", "draft_constitution", "law"}},
		{"Халық Кеңесінің отырысы", []string{"halyk_kenesi", "session"}},
		{"заседание Народного совета", []string{"halyk_kenesi", "session"}},
		{"Народный Кенес", []string{"halyk_kenesi"}},
		{"Центральной избирательной комиссии", []string{"cec", "election_commission"}},
		{"ЦИК сообщил", []string{"cec"}},
		{"Орталық сайлау комиссиясының төрағасы", []string{"cec", "election", "election_commission"}},
		{"Конституционного суда", []string{"constitution", "constitutional_court", "court"}},
		{"Конституциялық Соттың шешімі", []string{"constitution", "constitutional_court", "court"}},
		{"вице-президенттің өкілеттігі", []string{"powers", "vice_president"}},
		{"в Мажилисе и Сенате", []string{"mazhilis", "senate"}},
		{"Ақордада кездесу", []string{"akorda", "meeting"}},
		{"в Акорде", []string{"akorda"}},
		{"халық дауыс берді", []string{"voting"}},
		{"граждане проголосовали", []string{"citizens", "voting"}},
		{"сайлау учаскелерінде", []string{"election", "polling_station"}},
		{"на избирательных участках", []string{"polling_station"}},
		{"Құрылтайға сайлау", []string{"election", "kurultai", "parliamentary_elections"}},
		{"депутаты Курултая", []string{"deputy", "kurultai"}},
		{"выборы в Курултай", []string{"election", "kurultai", "parliamentary_elections"}},
		{"избиратели пришли", []string{"voter"}},
		{"сотрудничество и выбор", nil},
		{"ата-анасы заң бойынша", []string{"law"}}, // "by law", not ата заң
	}
	for _, tt := range tests {
		if got := Concepts(tt.in); strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Concepts(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// Every surface form of every concept is recognised as that concept.
func TestConceptTermsRoundTrip(t *testing.T) {
	for _, id := range ConceptIDs() {
		for _, l := range []Lang{KK, RU, Other} {
			terms := ConceptTerms(id, l)
			if len(terms) == 0 {
				t.Errorf("%s has no %s terms", id, l)
			}
			for _, term := range terms {
				if !slices.Contains(Concepts(term), id) {
					t.Errorf("Concepts(%q) = %v, missing %s", term, Concepts(term), id)
				}
			}
		}
	}
	if got := ConceptTerms("constitution", RU); !slices.Contains(got, "основной закон") {
		t.Errorf("ConceptTerms(constitution, ru) = %v", got)
	}
	if got := ConceptTerms("no-such-id", KK); got != nil {
		t.Errorf("unknown id gave %v", got)
	}
}

// Adjectives capitalised in slogans, titles and the words of a name are no name anchors;
// names that end like adjectives still are. Each text is written for the case it names.
func TestNamesAndAdjectives(t *testing.T) {
	tests := []struct {
		text      string
		want, not []string
	}{
		{"Депутаты обсудили идею «Справедливый Казахстан» вместе с Ерланом Кариным.",
			[]string{"name:karin"}, []string{"name:spravedliv"}},
		{"Вчера Утвержден Календарный план мероприятий по подготовке.", nil,
			[]string{"name:kalendarnyi", "name:kalendarn"}},
		{"Она выступила на Общенациональном форуме и поблагодарила Наталью Бударину.",
			[]string{"name:budarin", "name:natalyu"}, []string{"name:obshenatsionaln"}},
		{"Письмо подписано Натальей Будариной, членом комиссии.", []string{"name:budarin"}, nil},
		{"Пациентов приняли в Жетысайской районной больнице, сказал Достоевский.",
			[]string{"name:zhetysaisk", "name:dostoevski"}, nil},
		{"Слово взяли Дмитрий Ким, Максим Орлов и Генрих Шмидт.",
			[]string{"name:dmitri", "name:maks", "name:genr"}, nil},
		{"Затем выступил депутат от Кылыбая Сатыбалдиева.", []string{"name:kylybai"}, nil},
		{"Бұл туралы Халықтық бағдарламада және Жалпыұлттық жиында айтылды, деді Әзімова.",
			[]string{"name:azimov"}, []string{"name:kalyktyk", "name:zhalpyultyk"}},
		{"Об этом сообщила Центральная комиссия и Главная редакция.", nil,
			[]string{"name:tsentraln", "name:glavnai"}},
	}
	for _, tt := range tests {
		got := Anchors(tt.text)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: no %s in %v", tt.text, w, got)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(got, n) {
				t.Errorf("%q: %s is no name (%v)", tt.text, n, got)
			}
		}
	}
}

// Outlets name the Central Referendum Commission and the Constitutional Commission in
// several word orders and shortenings.
func TestCommissionNames(t *testing.T) {
	for _, tt := range []struct{ text, id string }{
		{"Член Центральной комиссии референдума напомнила о требованиях закона.", "central_referendum_commission"},
		{"На заседании Центральной референдумной комиссии утвердили план.", "central_referendum_commission"},
		{"ЦКР утвердила календарный план.", "central_referendum_commission"},
		{"Орталық референдум комиссиясының отырысы өтті.", "central_referendum_commission"},
		{"Конституционная комиссия одобрила проект.", "constitutional_reform_commission"},
		{"Комиссия по конституционной реформе собралась в пятый раз.", "constitutional_reform_commission"},
		{"Конституциялық комиссияның мүшелері сөз сөйледі.", "constitutional_reform_commission"},
	} {
		if a := Anchors(tt.text); !slices.Contains(a, "term:"+tt.id) {
			t.Errorf("%q: no term:%s in %v", tt.text, tt.id, a)
		}
	}
}
