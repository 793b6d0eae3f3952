package digest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// ZZ: prints each day's stories with their members' events (debug only).
func TestZZDays(t *testing.T) {
	if os.Getenv("ZZ_DAYS") == "" {
		t.Skip()
	}
	items := loadDevset(t)
	ev := map[string]devItem{}
	for _, d := range items {
		ev[d.item.URL] = d
	}
	filter := os.Getenv("ZZ_DAYS")
	for _, dg := range devDigests(t, items) {
		var b strings.Builder
		for _, s := range append(append([]Story(nil), dg.Stories...), dg.Also...) {
			line := fmt.Sprintf("  %s cont=%v\n", s.ID, s.Continues)
			hit := filter == "all"
			for _, m := range s.Members {
				d := ev[m.URL]
				line += fmt.Sprintf("      %s %s %s %.70s\n", d.item.Published.Format("01-02T15"), d.lang, d.event, d.item.Title)
				hit = hit || strings.Contains(d.event, filter)
			}
			if hit {
				b.WriteString(line)
			}
		}
		if b.Len() > 0 {
			fmt.Printf("== %s\n%s", dg.Date, b.String())
		}
	}
}
