package collect

import "testing"

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.inform.kz/ru/news/123", "https://www.inform.kz/ru/news/123"},
		{"HTTPS://WWW.Inform.KZ/ru/news/123#comments", "https://www.inform.kz/ru/news/123"},
		{"https://orda.kz:443/a?utm_source=tg&utm_medium=social&id=5", "https://orda.kz/a?id=5"},
		{"http://orda.kz:80", "http://orda.kz/"},
		{"http://orda.kz:8080/x", "http://orda.kz:8080/x"},
		{"https://vlast.kz/x?fbclid=1&gclid=2&yclid=3&ysclid=4&_openstat=5&b=2&a=1", "https://vlast.kz/x?a=1&b=2"},
		{"https://vlast.kz/x?UTM_Campaign=z", "https://vlast.kz/x"},
		{"https://vlast.kz/x?", "https://vlast.kz/x"},
		{"  https://user:pw@egemen.kz/p  ", "https://egemen.kz/p"},
		{"https://egemen.kz/%d0%b0", "https://egemen.kz/%D0%B0"},
		{"https://egemen.kz/а", "https://egemen.kz/%D0%B0"},
		{"https://egemen.kz/a%2Fb", "https://egemen.kz/a%2Fb"},
		{"https://kaz.nur.kz./x", "https://kaz.nur.kz/x"},
		{"https://[::1]:443/x", "https://[::1]/x"},
	}
	for _, tc := range tests {
		got, err := CanonicalURL(tc.in)
		if err != nil {
			t.Errorf("CanonicalURL(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// Canonical is a fixed point.
		if again, err := CanonicalURL(got); err != nil || again != got {
			t.Errorf("CanonicalURL(%q) = %q, %v: not stable", got, again, err)
		}
	}
	for _, bad := range []string{"", "   ", "/relative/path", "mailto:a@b.kz", "ftp://x.kz/f", "http://", "https://%zz", "javascript:alert(1)"} {
		if got, err := CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q) = %q, want an error", bad, got)
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://x.kz/a?utm_source=1&b=2#f", "http://X.KZ:80", "https://[::1]/", "https://x.kz/%2F%d0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := CanonicalURL(s)
		if err != nil {
			return
		}
		again, err := CanonicalURL(got)
		if err != nil || again != got {
			t.Errorf("CanonicalURL(%q) = %q; again = %q, %v", s, got, again, err)
		}
	})
}
