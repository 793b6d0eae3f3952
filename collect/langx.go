package collect

import (
	"github.com/refdigest/refdigest/lang"
)

// The collector's use of package lang, in one place.

// langOf is the language decision for one item: what is stored in
// store.Item's Lang, Script and LangCode.
type langOf struct {
	lang   string // "kk", "ru" or "other"
	script string // ScriptArabic or ScriptLatin when the text is to be transliterated
	code   string // for "other": the language recognised, "" when unknown
}

// otherLang is the value of store.Item.Lang for text in neither language.
const otherLang = string(lang.Other)

// switchConf is how sure the detector must be that a kk or ru source's item
// is in the other language before its own language is overruled.
const switchConf = 0.9

// decideLang runs the language gate on an item's text (its title and best
// text, as the outlet wrote them). Kazakh in Arabic or Latin letters is
// Kazakh, to be brought to Cyrillic. A recognised neighbour (Kyrgyz, Uzbek,
// English...) is "other" whatever the source is configured as: outlets run
// wire copy in the languages around them. Otherwise a kk or ru source's own
// language wins unless the text is confidently the other one (outlets now and
// then run a piece in their second language), also when the text is too
// short to tell; an "auto" source takes what the gate says.
func decideLang(srcLang, text string) langOf {
	id := lang.Identify(text)
	switch {
	case id.Transliterable():
		return langOf{lang: string(id.Lang), script: id.Script}
	case id.Lang == lang.Other && id.Code != "":
		return langOf{lang: otherLang, code: id.Code}
	}
	switch srcLang {
	case "kk", "ru":
		if id.Lang.Valid() && string(id.Lang) != srcLang && id.Conf >= switchConf {
			return langOf{lang: string(id.Lang)}
		}
		return langOf{lang: srcLang}
	}
	return langOf{lang: string(id.Lang)}
}

// cyrillic is text as stored for this decision: transliterated when the item is
// in another script (Kazakh, or a töte site's Russian), as written otherwise. Töte has
// no capitals: its sentences get theirs back, so that they split and head a story as
// Cyrillic ones do.
func (d langOf) cyrillic(text string) string {
	if d.script == "" || text == "" {
		return text
	}
	out := lang.ToCyrillicAs(text, d.script, lang.Lang(d.lang))
	if d.script == lang.ScriptArabic {
		out = lang.SentenceCase(out)
	}
	return out
}

// word is a token as written (for abbreviations) and normalised (lower-case, NFC).
type word struct{ orig, norm string }

// textWords splits text into words; a hyphen joins parts (вице-президент).
func textWords(text string) []word {
	toks := lang.Tokenize(text)
	out := make([]word, 0, len(toks))
	for _, t := range toks {
		if t.Number {
			continue
		}
		out = append(out, word{orig: text[t.Start:t.End], norm: t.Text})
	}
	return out
}

// stemWord reduces a normalised word to its stem in language l.
func stemWord(w, l string) string { return lang.Stem(w, lang.Lang(l)) }
