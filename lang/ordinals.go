package lang

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Ordinals tell apart events that share everything else: the fourth and the
// fifth session of one commission, the V and the VI National Kurultai.

// ruOrdinalStems are the stems of the Russian ordinals 1-20.
var ruOrdinalStems = []struct {
	stem string
	n    int
}{
	{"перв", 1}, {"втор", 2}, {"трет", 3}, {"четверт", 4}, {"пят", 5}, {"шест", 6},
	{"седьм", 7}, {"восьм", 8}, {"девят", 9}, {"десят", 10}, {"одиннадцат", 11},
	{"двенадцат", 12}, {"тринадцат", 13}, {"четырнадцат", 14}, {"пятнадцат", 15},
	{"шестнадцат", 16}, {"семнадцат", 17}, {"восемнадцат", 18}, {"девятнадцат", 19},
	{"двадцат", 20},
}

// ruAdjEndings are the endings of an ordinal adjective (пятое, пятого, третьей).
var ruAdjEndings = map[string]bool{
	"ый": true, "ой": true, "ое": true, "ая": true, "ого": true, "ому": true, "ом": true,
	"ую": true, "ые": true, "ых": true, "ым": true, "ыми": true, "ий": true, "ье": true,
	"ья": true, "ьего": true, "ьему": true, "ьем": true, "ьей": true, "ью": true, "ьи": true,
	"ьих": true, "ьим": true,
}

// kkOrdinals are the Kazakh ordinals 1-10 and 20 (stems: case endings may follow).
var kkOrdinals = []struct {
	word string
	n    int
}{
	{"бірінші", 1}, {"екінші", 2}, {"үшінші", 3}, {"төртінші", 4}, {"бесінші", 5},
	{"алтыншы", 6}, {"жетінші", 7}, {"сегізінші", 8}, {"тоғызыншы", 9}, {"оныншы", 10},
	{"жиырмасыншы", 20},
}

// numericOrdinalSuffixes follow the digits of a written ordinal: 5-ші, 5-е, 5-го.
var numericOrdinalSuffixes = map[string]bool{
	"ші": true, "шы": true, "інші": true, "ыншы": true, "нші": true, "ншы": true,
	"е": true, "й": true, "го": true, "я": true, "ю": true, "ое": true, "ой": true,
	"ая": true, "ый": true, "ий": true, "ом": true, "му": true, "ему": true, "ого": true,
	"м": true, "х": true, "ым": true, "ых": true, "ми": true, // 12-м заседании, 5-х созывов
}

// ordinalInitials are the first letters of the ordinal words of kkOrdinals and
// ruOrdinalStems.
var ordinalInitials = func() map[rune]bool {
	m := map[rune]bool{}
	for _, o := range kkOrdinals {
		r, _ := utf8.DecodeRuneInString(o.word)
		m[r] = true
	}
	for _, o := range ruOrdinalStems {
		r, _ := utf8.DecodeRuneInString(o.stem)
		m[r] = true
	}
	return m
}()

// ordinalAt reads an ordinal at toks[i].
func ordinalAt(text string, toks []Token, i int) (int, bool) {
	w := toks[i].Text
	if d, suf, ok := strings.Cut(w, "-"); ok && isDigits(d) && numericOrdinalSuffixes[suf] {
		n, err := strconv.Atoi(d)
		return n, err == nil && n > 0 && n < 1000
	}
	// Most words begin with a letter no ordinal begins with: no look through the tables.
	if r, _ := utf8.DecodeRuneInString(w); ordinalInitials[r] {
		if n, ok := wordOrdinal(toks, i); ok {
			return n, true
		}
	}
	if n, ok := roman(text[toks[i].Start:toks[i].End]); ok && i+1 < len(toks) && hasCyrillic(toks[i+1].Text) {
		return n, true
	}
	return 0, false
}

// wordOrdinal reads toks[i] as a Kazakh or Russian ordinal word.
func wordOrdinal(toks []Token, i int) (int, bool) {
	w := toks[i].Text
	for _, o := range kkOrdinals {
		if strings.HasPrefix(w, o.word) && len(w)-len(o.word) <= 8 {
			n := o.n
			// он бірінші, он екінші: 11, 12.
			if n < 10 && i > 0 && toks[i-1].Text == "он" {
				n += 10
			}
			return n, true
		}
	}
	for k := len(ruOrdinalStems) - 1; k >= 0; k-- {
		o := ruOrdinalStems[k]
		if strings.HasPrefix(w, o.stem) && ruAdjEndings[w[len(o.stem):]] {
			return o.n, true
		}
	}
	return 0, false
}

// roman reads an upper-case Roman numeral from II to XXX (and V, X, which stand
// alone before a Cyrillic word only as numerals; I is too often a letter).
func roman(s string) (int, bool) {
	if s == "" || len(s) > 6 || s == "I" {
		return 0, false
	}
	total, prev := 0, 0
	for k := len(s) - 1; k >= 0; k-- {
		var v int
		switch s[k] {
		case 'I':
			v = 1
		case 'V':
			v = 5
		case 'X':
			v = 10
		default:
			return 0, false
		}
		if v < prev {
			total -= v
		} else {
			total += v
			prev = v
		}
	}
	return total, total > 0 && total <= 30
}

// Words of gatherings and of the rounds of a procedure, as they begin (eventHeads) or
// exactly (eventWords): an ordinal before one numbers a happening ("пятое заседание",
// "бесінші отырыс", "во втором чтении", "в шестой раз").
var (
	eventHeads = []string{"заседани", "сесси", "встреч", "собрани", "совещани", "форум",
		"съез", "конгрес", "пленум", "раунд", "созыв", "чтени", "слушани", "конференци",
		"отырыс", "кездесу", "жиын", "жиналыс", "құрылта", "курулта", "шақырылым", "оқылым"}
	eventWords = map[string]bool{"раз": true, "рет": true, "тур": true, "тура": true,
		"туре": true, "турі": true, "турда": true}
)

// ordinalOfEvent reports whether the ordinal at toks[i] numbers a gathering or a round:
// one of eventHeads or eventWords within the next three words. Other ordinals ("в первую
// очередь", "первый заместитель", "девятая статья", "первое место") tell no sitting from
// another and give no anchor.
func ordinalOfEvent(toks []Token, i int) bool {
	for j := i + 1; j < len(toks) && j <= i+3; j++ {
		w := strings.ToLower(toks[j].Text)
		if eventWords[w] {
			return true
		}
		for _, h := range eventHeads {
			if strings.HasPrefix(w, h) {
				return true
			}
		}
	}
	return false
}
