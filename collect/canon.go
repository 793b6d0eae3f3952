package collect

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// trackingParams are query keys that say where a click came from, not what
// page it is.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "ysclid": true, "_openstat": true, "mc_cid": true, "mc_eid": true,
	"igshid": true, "igsh": true, "_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true,
	"mkt_tok": true, "twclid": true, "ttclid": true, "li_fat_id": true, "srsltid": true,
	"s_cid": true, "rb_clickid": true, "oly_anon_id": true, "oly_enc_id": true, "vero_id": true,
	"wickedid": true, "cmpid": true, "ncid": true, "from_telegram": true, "tgshare": true,
}

// CanonicalURL returns the form of a link that identifies an item: scheme
// and host lower-cased, default port, user info and fragment dropped, an
// empty path as "/", tracking parameters (utm_*, fbclid, gclid, yclid,
// ysclid, _openstat and the like) removed and the rest sorted by key.
func CanonicalURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("collect: canonical url: empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("collect: canonical url: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("collect: canonical url %q: want http or https", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("collect: canonical url %q: no host", raw)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", fmt.Errorf("collect: canonical url %q: no host", raw)
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	// Re-encode the path from its decoded form so "%d0%b0", "%D0%B0" and a
	// raw Cyrillic path agree; an encoded slash must stay as it was.
	if !strings.Contains(strings.ToLower(u.RawPath), "%2f") {
		u.RawPath = ""
	}
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// cleanQuery drops tracking parameters, re-encodes the rest in one way
// ("%d0%b0", "%D0%B0" and a raw letter agree) and sorts them by key.
func cleanQuery(q string) string {
	if q == "" {
		return ""
	}
	type pair struct{ key, enc string }
	var kept []pair
	for part := range strings.SplitSeq(q, "&") {
		if part == "" {
			continue
		}
		k, v, hasValue := strings.Cut(part, "=")
		key, val := unescapeLoose(k), unescapeLoose(v)
		lk := strings.ToLower(key)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			continue
		}
		enc := url.QueryEscape(key)
		if hasValue {
			enc += "=" + url.QueryEscape(val)
		}
		kept = append(kept, pair{key: key, enc: enc})
	}
	slices.SortStableFunc(kept, func(a, b pair) int { return strings.Compare(a.key, b.key) })
	parts := make([]string, len(kept))
	for i, p := range kept {
		parts[i] = p.enc
	}
	return strings.Join(parts, "&")
}

// unescapeLoose decodes a query component; a malformed escape is taken literally.
func unescapeLoose(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
