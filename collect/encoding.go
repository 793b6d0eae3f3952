package collect

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

var (
	xmlDeclRe     = regexp.MustCompile(`^\s*<\?xml[^>]*?\?>`)
	xmlEncodingRe = regexp.MustCompile(`(?i)\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)
	metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)`)
	utf8BOM       = []byte{0xEF, 0xBB, 0xBF}
)

// toUTF8 decodes a fetched document. Valid UTF-8 is taken as it is (a
// page's declaration is often wrong in that direction); otherwise the HTTP
// charset, then the document's own declaration (XML prolog or HTML meta)
// names the encoding. Text that is still not valid UTF-8 has its bad bytes
// replaced by U+FFFD rather than failing the whole document. For XML the
// prolog is rewritten to say UTF-8, so the feed parser does not decode twice.
func toUTF8(body []byte, contentType string, isXML bool) ([]byte, error) {
	body = bytes.TrimPrefix(body, utf8BOM)
	if !utf8.Valid(body) {
		label := httpCharset(contentType)
		if label == "" || isUTF8Label(label) {
			label = declaredCharset(body, isXML)
		}
		if label != "" && !isUTF8Label(label) {
			enc, name := charset.Lookup(label)
			if enc == nil {
				return nil, fmt.Errorf("unknown charset %q", label)
			}
			out, _, err := transform.Bytes(enc.NewDecoder(), body)
			if err != nil {
				return nil, fmt.Errorf("decode %s: %w", name, err)
			}
			body = out
		}
		if !utf8.Valid(body) {
			body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
	}
	if isXML {
		body = rewriteXMLDecl(body)
	}
	return body, nil
}

func httpCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

func declaredCharset(body []byte, isXML bool) string {
	head := body[:min(len(body), 2048)]
	if isXML {
		if decl := xmlDeclRe.Find(head); decl != nil {
			if m := xmlEncodingRe.FindSubmatch(decl); m != nil {
				return string(m[1])
			}
		}
		return ""
	}
	if m := metaCharsetRe.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

func isUTF8Label(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	return l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8"
}

// rewriteXMLDecl makes the prolog's encoding say UTF-8 (the text is UTF-8 by now).
func rewriteXMLDecl(body []byte) []byte {
	loc := xmlDeclRe.FindIndex(body[:min(len(body), 2048)])
	if loc == nil {
		return body
	}
	decl := body[loc[0]:loc[1]]
	m := xmlEncodingRe.FindSubmatchIndex(decl)
	if m == nil || isUTF8Label(string(decl[m[2]:m[3]])) {
		return body
	}
	out := make([]byte, 0, len(body))
	out = append(out, body[:loc[0]+m[2]]...)
	out = append(out, "UTF-8"...)
	out = append(out, body[loc[0]+m[3]:]...)
	return out
}
