package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Translation is a story's headline and summary translated into Lang by a model, kept so
// that a rebuild, a restart or another /digest asks the model nothing new. The key (chosen
// by the digest package) hashes the source text, both languages and the model. A refused
// answer is kept too, with the reason, so the same text is not asked again either.
type Translation struct {
	Lang     string   `json:"lang"`
	Headline string   `json:"headline,omitempty"`
	Summary  []string `json:"summary,omitempty"`
	Model    string   `json:"model,omitempty"`
	// Refused says why the model's answer was not used; empty for a usable translation.
	Refused string    `json:"refused,omitempty"`
	Created time.Time `json:"created"`
}

// Translation returns the translation stored under key, or ErrNotFound.
func (s *Store) Translation(key string) (Translation, error) {
	var t Translation
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTranslations)
		if b == nil {
			return ErrNotFound // a read-only store of schema 1
		}
		v := b.Get([]byte(key))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &t)
	})
	if err != nil {
		return t, fmt.Errorf("store: translation %s: %w", key, err)
	}
	return t, nil
}

// PutTranslation stores (or replaces) the translation under key, stamping Created.
func (s *Store) PutTranslation(key string, t Translation) error {
	return s.PutTranslations(map[string]Translation{key: t})
}

// PutTranslations stores (or replaces) translations by key in one write, stamping Created.
func (s *Store) PutTranslations(ts map[string]Translation) error {
	if len(ts) == 0 {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTranslations)
		for key, t := range ts {
			if key == "" {
				return errors.New("empty key")
			}
			if t.Created.IsZero() {
				t.Created = s.now()
			}
			if err := putJSON(b, []byte(key), t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: put translations: %w", err)
	}
	return nil
}
