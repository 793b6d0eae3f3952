// Package lang is the Kazakh and Russian text layer of refdigest: language
// detection, tokenisation, stemming, stopwords, sentence splitting and the
// language-neutral keys (names, months, dates, gazetteer concepts) that let a
// Kazakh and a Russian report of the same event meet.
//
// Everything here is pure computation over strings: no I/O, no package-level
// mutable state (the word lists are read-only; the gazetteer's match index
// is built once, on first use), safe for concurrent use.
package lang

// Lang is a language code as used across refdigest.
type Lang string

// The languages the bot works in; Other is anything else (English, numbers only, emoji).
const (
	KK    Lang = "kk"
	RU    Lang = "ru"
	Other Lang = "other"
)

// Valid reports whether l is KK or RU.
func (l Lang) Valid() bool { return l == KK || l == RU }
