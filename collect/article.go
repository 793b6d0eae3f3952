package collect

import (
	"bytes"
	"errors"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/refdigest/refdigest/lang"
)

// furnitureWords in an element's class or id mark site furniture inside
// article bodies (share rows, related news, captions, tag lists).
var furnitureWords = []string{
	"share", "social", "related", "read-also", "readalso", "also-read", "more-news", "subscribe",
	"banner", "advert", "breadcrumb", "comments", "caption", "discuss", "popular", "tags",
}

// furnitureSelector selects furniture for removal before readability runs,
// so it cannot pick a sidebar as the article.
func furnitureSelector() string {
	parts := []string{"script, style, noscript, template, iframe, svg, form, button, select, input, nav, aside, figcaption, object, embed, video, audio, canvas"}
	for _, w := range furnitureWords {
		parts = append(parts, "[class*="+w+"]", "[id*="+w+"]")
	}
	return strings.Join(parts, ", ")
}

// isFurnitureElement checks class and id for furnitureWords.
func isFurnitureElement(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		v := strings.ToLower(a.Val)
		for _, w := range furnitureWords {
			if strings.Contains(v, w) {
				return true
			}
		}
	}
	return false
}

// minBodyRunes is the least text that counts as an article body; a shorter
// extraction is usually a cookie notice or a stub.
const minBodyRunes = 80

var errNoBody = errors.New("no article text found")

// article is what an article page gives.
type article struct {
	Body string // paragraphs joined by "\n\n"
	// Headline and Published come from the page's JSON-LD; empty when it has none.
	Headline  string
	Published time.Time
	// From says where Body came from: "json-ld", "selector" or "readability".
	From string
}

// extractArticle returns the article of page (UTF-8 HTML): its text as
// paragraphs joined by "\n\n" from the JSON-LD NewsArticle's articleBody
// where the page has one (the cleanest text, and the date with its zone),
// else from the nodes matching selector when given and present, else from
// what readability finds; the latter two without the site's clutter lines
// above and below the article (widgets, menus, dates, bylines, share rows,
// notices) that selectors and readability keep. Dates without a zone are in loc.
func extractArticle(page []byte, pageURL *url.URL, selector string, loc *time.Location) (article, error) {
	var out article
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		return out, err
	}
	if ld, ok := findJSONLD(doc, loc); ok {
		out.Headline, out.Published = ld.Headline, ld.Published
		if body := lang.StripBoilerplate(ld.Body); usableBody(body) {
			out.Body, out.From = body, "json-ld"
			return out, nil
		}
	}
	if selector != "" {
		if body := selectorText(doc, selector); usableBody(body) {
			out.Body, out.From = body, "selector"
			return out, nil
		}
		// A selector that no longer matches (a redesign) falls through to
		// readability rather than losing the text.
	}
	root := doc.Get(0)
	removeBoilerplate(root)
	art, err := readability.FromDocument(root, pageURL)
	if err != nil {
		return out, err
	}
	if art.Node == nil {
		return out, errNoBody
	}
	body := lang.StripBoilerplate(joinBody(cleanParagraphs(nodeParagraphs(art.Node))))
	if !usableBody(body) {
		return out, errNoBody
	}
	out.Body, out.From = body, "readability"
	return out, nil
}

// selectorText is the cleaned text of the nodes matching selector.
func selectorText(doc *goquery.Document, selector string) string {
	sel := doc.Find(selector)
	if sel.Length() == 0 {
		return ""
	}
	var paras []string
	sel.Each(func(_ int, s *goquery.Selection) {
		for _, n := range s.Nodes {
			paras = append(paras, nodeParagraphs(n)...)
		}
	})
	return lang.StripBoilerplate(joinBody(cleanParagraphs(paras)))
}

// htmlText turns a fragment (a feed's description or content) into cleaned
// paragraphs joined by "\n\n".
func htmlText(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return joinBody(cleanParagraphs(splitPlain(fragment)))
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return collapseSpace(fragment)
	}
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	return joinBody(cleanParagraphs(nodeParagraphs(ctx)))
}

// splitPlain splits plain text on blank lines.
func splitPlain(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Split(s, "\n\n")
}

func removeBoilerplate(n *html.Node) {
	goquery.NewDocumentFromNode(n).Find(furnitureSelector()).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return !isPageFrame(s.Get(0))
	}).Remove()
}

// isPageFrame: elements whose class says nothing about their content
// (<body class="page-related"> holds the whole page).
func isPageFrame(n *html.Node) bool {
	return n.DataAtom == atom.Html || n.DataAtom == atom.Body || n.DataAtom == atom.Main
}

// blockTags break paragraphs.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Pre: true, atom.Dd: true, atom.Dt: true,
	atom.Dl: true, atom.Figure: true, atom.Main: true, atom.Hr: true, atom.Address: true,
}

// skipTags hold no article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Svg: true, atom.Form: true, atom.Button: true, atom.Select: true, atom.Figcaption: true,
	atom.Head: true, atom.Title: true, atom.Nav: true, atom.Aside: true, atom.Object: true,
}

// paragraph is text with how much of it sat inside links (related-news
// lists are all links).
type paragraph struct {
	text      string
	linkRunes int
}

// nodeParagraphs walks n and splits its text at block elements and at
// double <br>; a single <br> is a space (sites break lines mid-sentence).
func nodeParagraphs(n *html.Node) []string {
	w := &paraWalker{root: n}
	w.walk(n, false)
	w.flush()
	out := make([]string, 0, len(w.paras))
	for _, p := range w.paras {
		if p.linkRunes*10 >= utf8.RuneCountInString(p.text)*9 {
			// Mark link-only paragraphs so cleanParagraphs can drop related-news lists.
			out = append(out, linkMark+p.text)
			continue
		}
		out = append(out, p.text)
	}
	return out
}

// linkMark prefixes paragraphs made only of links, for cleanParagraphs.
const linkMark = "\x00link\x00"

type paraWalker struct {
	root      *html.Node // chosen as the article: its own class is not judged
	paras     []paragraph
	cur       strings.Builder
	linkRunes int
	brs       int
}

func (w *paraWalker) walk(n *html.Node, inLink bool) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, inLink)
		return
	case html.ElementNode:
		if skipTags[n.DataAtom] || (n != w.root && !isPageFrame(n) && isFurnitureElement(n)) {
			return
		}
		if n.DataAtom == atom.Br {
			w.brs++
			return
		}
		if n.DataAtom == atom.A {
			inLink = true
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	block := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, inLink)
	}
	if block {
		w.flush()
	}
}

func (w *paraWalker) text(s string, inLink bool) {
	if strings.TrimSpace(s) == "" {
		if s != "" && w.cur.Len() > 0 {
			w.space()
		}
		return
	}
	if w.brs >= 2 {
		w.flush()
	} else if w.brs == 1 {
		w.space()
	}
	w.brs = 0
	t := collapseSpace(s)
	if unicode.IsSpace(rune(s[0])) {
		w.space()
	}
	w.cur.WriteString(t)
	if inLink {
		w.linkRunes += utf8.RuneCountInString(t)
	}
	if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(r) {
		w.space()
	}
}

func (w *paraWalker) space() {
	if s := w.cur.String(); s != "" && !strings.HasSuffix(s, " ") {
		w.cur.WriteByte(' ')
	}
}

func (w *paraWalker) flush() {
	w.brs = 0
	t := strings.TrimSpace(w.cur.String())
	w.cur.Reset()
	if t != "" {
		w.paras = append(w.paras, paragraph{text: t, linkRunes: min(w.linkRunes, utf8.RuneCountInString(t))})
	}
	w.linkRunes = 0
}

// collapseSpace turns runs of white space (including NBSP) into one space
// and trims the ends.
func collapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isCollapsed: no space at the ends, no two in a row, only plain spaces.
func isCollapsed(s string) bool {
	prevSpace := true // a leading space is not collapsed
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case c < 0x20 || c == 0x7f:
			return false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) || r == '\u200b' {
				return false
			}
			prevSpace = false
			i += size
			continue
		default:
			prevSpace = false
		}
		i++
	}
	return !prevSpace || len(s) == 0
}

// blockMarkers head site blocks (related, trending) whose following link
// lines go with them.
var blockMarkers = []string{
	"қазір талқыланып жатыр", "обсуждается сейчас", "читайте также", "читайте еще", "читайте ещё",
	"похожие новости", "другие новости", "последние новости", "популярное", "ұқсас жаңалықтар",
	"соңғы жаңалықтар", "тағы оқыңыз", "оқи отырыңыз", "сондай-ақ оқыңыз", "осы тақырыпта",
	"по теме", "новости по теме", "материалы по теме", "see also", "related",
}

// dropPrefixes start lines that are never article text (short lines only).
var dropPrefixes = []string{
	"фото:", "фото -", "фото –", "фото—", "сурет:", "сурет -", "сурет –", "видео:", "бейне:",
	"оқылды:", "просмотров:", "просмотры:", "источник фото", "whatsapp image", "подписывайтесь",
	"жазылыңыз", "біздің telegram", "наш telegram", "поделиться", "бөлісу", "теги:", "тегтер:",
	"автор фото", "коллаж:", "иллюстративное фото", "көрнекі сурет",
}

// shareWords make up share-button rows.
var shareWords = map[string]bool{
	"facebook": true, "telegram": true, "whatsapp": true, "twitter": true, "x": true, "vk": true,
	"вконтакте": true, "одноклассники": true, "instagram": true, "youtube": true, "tiktok": true,
	"поделиться": true, "бөлісу": true, "share": true, "copy": true, "link": true, "email": true,
	"ok": true, "threads": true, "linkedin": true, "скопировать": true, "ссылку": true,
}

var (
	imageNameRe = regexp.MustCompile(`(?i)^(whatsapp image|img[_ -]?\d|photo[_ -]?\d|dsc[_ -]?\d|image[_ -]?\d)|\.(jpe?g|png|webp|gif)$`)
	dateLineRe  = regexp.MustCompile(`^\d{1,2}[./]\d{1,2}[./]\d{2,4}(,?\s*\d{1,2}:\d{2})?$|^\d{1,2}:\d{2}(,?\s*\d{1,2}[./]\d{1,2}[./]\d{2,4})?$`)
)

// cleanParagraphs drops furniture the selectors missed: captions, share
// rows, view counters, "read also" blocks with their link lists, and
// repeated lines.
func cleanParagraphs(in []string) []string {
	out := make([]string, 0, len(in))
	inBlock := false
	seen := make(map[string]bool, len(in))
	for _, p := range in {
		isLink := strings.HasPrefix(p, linkMark)
		p = collapseSpace(strings.TrimPrefix(p, linkMark))
		if p == "" {
			continue
		}
		n := utf8.RuneCountInString(p)
		var low string
		if n < 200 {
			low = strings.ToLower(p)
		}
		if n <= 60 && isBlockMarker(low, n) {
			inBlock = true
			continue
		}
		if isLink && n < 300 {
			// Link-only lines: a related-news list (inside a block or not).
			continue
		}
		if inBlock && n < 150 && !endsSentence(p) {
			continue // a headline in the block's list
		}
		inBlock = false
		if n < 200 && isFurniture(low) {
			continue
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

func isBlockMarker(low string, n int) bool {
	if n > 60 {
		return false
	}
	low = strings.TrimRight(low, " :.!»>›→")
	for _, m := range blockMarkers {
		if low == m || (strings.HasPrefix(low, m) && n < 40) {
			return true
		}
	}
	return false
}

func isFurniture(low string) bool {
	for _, pre := range dropPrefixes {
		if strings.HasPrefix(low, pre) {
			return true
		}
	}
	if imageNameRe.MatchString(low) || dateLineRe.MatchString(low) {
		return true
	}
	words := strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 {
		return true // numbers and punctuation only
	}
	for _, w := range words {
		if !shareWords[w] {
			return false
		}
	}
	return true
}

// endsSentence: headlines in link lists carry no final stop; sentences do.
func endsSentence(p string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(p, " »\"”)"))
	return strings.ContainsRune(".!?…", r)
}

func joinBody(paras []string) string { return strings.Join(paras, "\n\n") }
