package lang

import (
	"slices"
	"strings"
	"testing"
)

// One figure in the writings real outlets use gives one anchor; rounded
// writings share the rough key.
func TestNumberWritings(t *testing.T) {
	tests := []struct {
		in   string
		want []string // anchors that must be there
		not  []string // anchors that must not
	}{
		{"Барлығы 7954667 адам дауыс берді.", []string{"num:7954667", "num~7.9e6"}, nil},
		{"Проголосовали 7 954 667 человек.", []string{"num:7954667", "num~7.9e6"}, []string{"num:954", "num:667"}},
		{"Проголосовали 7\u00a0954\u00a0667 человек.", []string{"num:7954667"}, nil},
		{"Turnout: 7,954,667 voters.", []string{"num:7954667"}, nil},
		{"Проголосовали 7 миллионов 954 тысячи 667 человек.", []string{"num:7954667", "num~7.9e6"}, []string{"num:954", "num:667"}},
		{"Дауыс берушілер саны 7 миллион 954 мың 667 адам.", []string{"num:7954667"}, nil},
		{"Проголосовали около 7,9 млн человек.", []string{"num~7.9e6"}, []string{"num:7900000", "num:7.9"}},
		{"Шамамен 7,95 млн адам қатысты.", []string{"num~7.9e6"}, nil},
		{"В списки внесены 12 482 613 граждан.", []string{"num:12482613", "num~1.2e7"}, nil},
		{"Тізімге 12,5 млн азамат енгізілді.", []string{"num~1.2e7"}, nil},
		{"«Иә» деп 87,15 % дауыс берді.", []string{"num:87.15"}, nil},
		{"За проголосовали 87.15% участников.", []string{"num:87.15"}, nil},
		{"Явка составила 73,12 процента.", []string{"num:73.12"}, nil},
		{"Бюджет 2 млрд 300 млн тенге.", []string{"num:2300000000"}, nil},
		// A date after a scale word is a date, not another group.
		{"Выделено 2 млн 15 марта.", []string{"num:2000000", "date:03-15"}, []string{"num:2000015"}},
		// A year alone gets no rough key (every year of the century would share it).
		{"2026 жылғы референдум.", []string{"num:2026"}, []string{"num~2.0e3"}},
		// Two figures side by side with words between stay two.
		{"Из 20 000 участков открыты 10 000.", []string{"num:20000", "num:10000"}, nil},
	}
	for _, tt := range tests {
		got := Anchors(tt.in)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Anchors(%q) = %v, missing %s", tt.in, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("Anchors(%q) = %v, should not have %s", tt.in, got, w)
			}
		}
	}
}

func TestQuantities(t *testing.T) {
	tests := []struct {
		in   string
		want []float64
	}{
		{"7 миллионов 954 тысячи 667 из 12 482 613", []float64{7954667, 12482613}},
		{"15.03.2026 явка 73,12 %", []float64{73.12}},
		{"1,2 млн и 300 тыс.", []float64{1.2e6, 3e5}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Quantities(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Quantities(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRoughKey(t *testing.T) {
	for v, want := range map[float64]string{
		7954667: "7.9e6", 7.9e6: "7.9e6", 7.95e6: "7.9e6", 12482613: "1.2e7", 1e6: "1.0e6", 10000: "1.0e4", 99999: "9.9e4",
	} {
		if got, _ := roughKey(v); got != want {
			t.Errorf("roughKey(%v) = %q, want %q", v, got, want)
		}
	}
	if _, ok := roughKey(999); ok {
		t.Error("roughKey(999) should give none")
	}
}

func TestOrdinals(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" = no ordinal
	}{
		{"Пятое заседание Комиссии по конституционной реформе", "ord:5"},
		{"На четвертом заседании комиссии обсудили Курултай", "ord:4"},
		{"в ходе третьего заседания", "ord:3"},
		{"Конституциялық реформа жөніндегі комиссияның бесінші отырысы өтті", "ord:5"},
		{"Комиссияның он екінші отырысында", "ord:12"},
		{"Комиссияның 12-ші отырысы", "ord:12"},
		{"Состоялось 12-е заседание", "ord:12"},
		{"На 12-м заседании комиссии", "ord:12"},
		{"V Национальный курултай прошел в Кызылорде", "ord:kurultai:5"},
		{"20 января на V заседании Национального курултая", "ord:kurultai:5"},
		{"V Ұлттық құрылтай Қызылордада өтті", "ord:kurultai:5"},
		{"Пятое заседание комиссии, созданной по итогам Курултая", "ord:5"},
		{"Ұлттық құрылтайдың бесінші отырысында Президент сөз сөйледі", "ord:kurultai:5"},
		{"III республиканский форум депутатов маслихатов", "ord:3"},
		{"Прошло пятое по счету заседание", "ord:5"},
		{"Комиссия собралась в шестой раз", "ord:6"},
		{"Комиссия алтыншы рет жиналды", "ord:6"},
		{"Мажилис одобрил закон во втором чтении", "ord:2"},
		{"Заң жобасы екінші оқылымда мақұлданды", "ord:2"},
		// An ordinal that numbers no gathering tells no sitting from another: "first of all",
		// a deputy's rank, an article, a place in a ranking, a day of the campaign.
		{"Проект в первую очередь ориентирован на молодежь", ""},
		{"Первый заместитель председателя выступил на брифинге", ""},
		{"Бірінші вице-министр сөз сөйледі", ""},
		{"Девятая статья проекта закрепляет права", ""},
		{"Регион занял первое место по явке", ""},
		{"В первый день голосования", ""},
		{"В пятницу прошла встреча", ""},
		{"Пять депутатов выступили", ""},
		{"Бес депутат сөз сөйледі", ""},
	}
	for _, tt := range tests {
		var got string
		for _, a := range Anchors(tt.in) {
			if strings.HasPrefix(a, "ord:") {
				got = a
			}
		}
		if got != tt.want {
			t.Errorf("Anchors(%q): ordinal %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Turnout is announced by the hour: the time of day an item reports at is an anchor
// of its own, in either writing, and a decimal or a date is not a time.
func TestTimeAnchors(t *testing.T) {
	tests := []struct {
		text string
		want []string // time anchors
	}{
		{"Явка на референдуме по состоянию на 16:00 составила 58,2%", []string{"time:16:00"}},
		{"Сағат 18.00-дегі жағдай. Халықтың 70,98 пайызы дауыс берді", []string{"time:18:00"}},
		{"по состоянию на 10.00 часов явка составила 21,4%", []string{"time:10:00"}},
		{"В 20:00 по времени Астаны участки закрылись, к 12:00 проголосовала треть", []string{"time:12:00", "time:20:00"}},
		{"сағат 9:00-де учаскелер ашылды", []string{"time:09:00"}},
		{"Поддержали 87.15% избирателей, явка 73.12 процента", nil},
		{"15.03.2026 состоялся референдум, 25:61 не время", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range Anchors(tt.text) {
			if strings.HasPrefix(a, "time:") {
				got = append(got, a)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Anchors(%q) times %v, want %v", tt.text, got, tt.want)
		}
	}
}
