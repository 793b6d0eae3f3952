package digest

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

func TestZZItems(t *testing.T) {
	if os.Getenv("ZZ_ITEMS") == "" {
		t.Skip()
	}
	items := loadDevset(t)
	var lines []string
	for _, d := range items {
		txt := strings.ReplaceAll(d.item.Text(), "\n", " | ")
		if len([]rune(txt)) > 90 {
			txt = string([]rune(txt)[:90])
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%s", d.event, d.lang, d.item.Title, txt))
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
}
