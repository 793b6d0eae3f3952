package lang

import "testing"

func TestNameKey(t *testing.T) {
	groups := [][]string{
		{"Тоқаев", "Тоқаевтың", "Тоқаевқа", "Тоқаевпен", "Токаев", "Токаева", "Токаеву", "Токаевым", "Токаеве", "Tokayev", "Tokaev"},
		{"Қасым-Жомарт", "Қасым-Жомарттың", "Касым-Жомарт", "Касым-Жомарта", "Касым-Жомартом", "Kassym-Jomart"},
		{"Қайсар", "Қайсарға", "Кайсар", "Кайсара", "Kaisar"},
		{"Әзілханов", "Әзілхановтың", "Азилханов", "Азилханову"},
		{"Шөкеева", "Шөкееваның", "Шокеева", "Шокеевой"},
		{"Шалданбай", "Шалданбайдың", "Шалданбая", "Шалданбаем"},
		{"Бельгия", "Бельгиядағы", "Бельгии", "Бельгию"},
		{"Астана", "Астанада", "Астанаға", "Астане", "Астаны"},
		{"Алматы", "Алматыда", "Алматының"},
		{"Ақорда", "Ақордада", "Акорда", "Акорде", "Akorda"},
		{"Сергей", "Сергея", "Сергеем"},
		{"ЖСДП", "ЖСДП-ның"},
	}
	seen := map[string]string{}
	for _, g := range groups {
		want := NameKey(g[0])
		if prev, ok := seen[want]; ok {
			t.Errorf("%q and %q share the key %q", prev, g[0], want)
		}
		seen[want] = g[0]
		for _, w := range g[1:] {
			if got := NameKey(w); got != want {
				t.Errorf("NameKey(%q) = %q, want %q (as %q)", w, got, want, g[0])
			}
		}
	}
	if got := NameKey("Тоқаевтың"); got != "tokaev" {
		t.Errorf("NameKey(Тоқаевтың) = %q, want tokaev", got)
	}
	for _, w := range []string{"", "2026", "\xff", "-"} {
		_ = NameKey(w) // must not panic
	}
}

func TestMonth(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"наурыз", 3}, {"наурызда", 3}, {"Наурыздағы", 3}, {"марта", 3}, {"март", 3}, {"марте", 3},
		{"March", 3}, {"Mar.", 3}, {"nauryz", 3},
		{"қаңтар", 1}, {"января", 1}, {"ақпанда", 2}, {"февраля", 2}, {"сәуірде", 4}, {"апреля", 4},
		{"мамырда", 5}, {"мая", 5}, {"маусымда", 6}, {"июня", 6}, {"шілдеде", 7}, {"июле", 7},
		{"тамызда", 8}, {"августа", 8}, {"қыркүйекте", 9}, {"қыркүйегінде", 9}, {"сентября", 9},
		{"қазанда", 10}, {"октября", 10}, {"қарашасында", 11}, {"ноября", 11},
		{"желтоқсанда", 12}, {"декабре", 12},
	}
	for _, tt := range tests {
		if got, ok := Month(tt.word); !ok || got != tt.want {
			t.Errorf("Month(%q) = %d, %v, want %d", tt.word, got, ok, tt.want)
		}
	}
	for _, w := range []string{"референдум", "наурызбай"[:0] + "наурызбек", "маршрут", "2026", ""} {
		if m, ok := Month(w); ok {
			t.Errorf("Month(%q) = %d, want none", w, m)
		}
	}
}

func TestNameKeyKazakhstan(t *testing.T) {
	for _, pair := range [][2]string{{"Қазақстанның", "Казахстана"}, {"Қазақстан", "Казахстан"}} {
		if a, b := NameKey(pair[0]), NameKey(pair[1]); a != b {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q: want equal", pair[0], a, pair[1], b)
		}
	}
}
