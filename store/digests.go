package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DigestRecord is a built digest of one local day, kept so that /digest DATE answers at once
// and delivery after a restart sends exactly what was built.
type DigestRecord struct {
	Date  string    `json:"date"` // YYYY-MM-DD, local (schedule.timezone)
	Built time.Time `json:"built"`
	Items int       `json:"items"`
	// HTML holds the Telegram messages per digest language (kk, ru), in sending order.
	HTML map[string][]string `json:"html"`
	// Text holds the plain-text rendering per language.
	Text map[string]string `json:"text"`
	// HTMLOwn holds, per language, the messages for a reader who reads that language only:
	// the stories shown only in the other language (no translation) left out, and Hidden
	// counts them. A language with nothing hidden has no entry; HTML serves both readers.
	HTMLOwn map[string][]string `json:"html_own,omitempty"`
	Hidden  map[string]int      `json:"hidden,omitempty"`
	// Data is the digest package's own description of the stories (opaque here).
	Data json.RawMessage `json:"data,omitempty"`
}

// Parts returns the messages of lang in sending order: the own-language-only rendering when
// ownOnly is set and the digest has one, else the full one.
func (d DigestRecord) Parts(lang string, ownOnly bool) []string {
	if ownOnly {
		if own, ok := d.HTMLOwn[lang]; ok && len(own) > 0 {
			return own
		}
	}
	return d.HTML[lang]
}

// Digest returns the stored digest of date, or ErrNotFound.
func (s *Store) Digest(date string) (DigestRecord, error) {
	var d DigestRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketDigests).Get([]byte(date))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &d)
	})
	if err != nil {
		return d, fmt.Errorf("store: digest %s: %w", date, err)
	}
	return d, nil
}

// PutDigest stores (or replaces) the digest of d.Date.
func (s *Store) PutDigest(d DigestRecord) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketDigests), []byte(d.Date), d)
	})
	if err != nil {
		return fmt.Errorf("store: put digest %s: %w", d.Date, err)
	}
	return nil
}

// LatestDigest returns the newest stored digest on or before date (YYYY-MM-DD), or ErrNotFound.
func (s *Store) LatestDigest(onOrBefore string) (DigestRecord, error) {
	var d DigestRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDigests).Cursor()
		k, v := c.Seek([]byte(onOrBefore))
		if k == nil || string(k) > onOrBefore {
			k, v = c.Prev()
		}
		if k == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &d)
	})
	if err != nil {
		return d, fmt.Errorf("store: latest digest: %w", err)
	}
	return d, nil
}
