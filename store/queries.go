package store

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SavedQuery is a search kept for paging buttons: callback_data holds only its short id.
type SavedQuery struct {
	Query   string    `json:"q"`
	Lang    string    `json:"lang,omitempty"`
	Created time.Time `json:"created"`
}

// QueryTTL is how long a saved query answers its paging buttons.
const QueryTTL = 48 * time.Hour

// SaveQuery stores q under a new short id (10 characters) and drops expired queries now and
// then, so the bucket does not grow without bound.
func (s *Store) SaveQuery(q SavedQuery) (string, error) {
	var raw [6]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("store: save query: %w", err)
	}
	id := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw[:]))
	q.Created = s.now()
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketQueries)
		if raw[0] < 8 { // about one save in 32 sweeps
			var expired [][]byte
			c := b.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				var old SavedQuery
				if json.Unmarshal(v, &old) != nil || s.now().Sub(old.Created) > QueryTTL {
					expired = append(expired, append([]byte(nil), k...))
				}
			}
			for _, k := range expired {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		return putJSON(b, []byte(id), q)
	})
	if err != nil {
		return "", fmt.Errorf("store: save query: %w", err)
	}
	return id, nil
}

// Query returns a saved query, or ErrNotFound when it is unknown or expired.
func (s *Store) Query(id string) (SavedQuery, error) {
	var q SavedQuery
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketQueries).Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &q); err != nil {
			return err
		}
		if s.now().Sub(q.Created) > QueryTTL {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return q, fmt.Errorf("store: query %s: %w", id, err)
	}
	return q, nil
}
