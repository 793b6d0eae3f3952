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

// DigestNeighbours returns the dates of the stored digests just before and just after date
// ("" where there is none), reading keys only.
func (s *Store) DigestNeighbours(date string) (prev, next string, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDigests).Cursor()
		k, _ := c.Seek([]byte(date)) // date itself or the first day after it
		if k != nil && string(k) == date {
			k, _ = c.Next()
		}
		if k != nil {
			next = string(k)
		}
		if k, _ = c.Seek([]byte(date)); k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		if k != nil {
			prev = string(k)
		}
		return nil
	})
	if err != nil {
		return "", "", fmt.Errorf("store: digest neighbours %s: %w", date, err)
	}
	return prev, next, nil
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

// DigestDates lists the dates of stored digests newest first: at most limit of them after
// skipping the newest offset. total counts every stored digest. Only keys are read, so a
// page of the archive costs nothing like decoding the digests.
func (s *Store) DigestDates(offset, limit int) (dates []string, total int, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDigests).Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			if total >= offset && len(dates) < limit {
				dates = append(dates, string(k))
			}
			total++
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: digest dates: %w", err)
	}
	return dates, total, nil
}

// EachDigestFrom calls fn with each stored digest of date from or later, oldest first, until
// fn returns false or an error (which EachDigestFrom returns).
func (s *Store) EachDigestFrom(from string, fn func(DigestRecord) (bool, error)) error {
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDigests).Cursor()
		for k, v := c.Seek([]byte(from)); k != nil; k, v = c.Next() {
			var d DigestRecord
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			more, err := fn(d)
			if err != nil || !more {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: digests from %s: %w", from, err)
	}
	return nil
}
