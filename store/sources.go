package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SourceState is what the collector remembers about one source between passes.
type SourceState struct {
	Name         string    `json:"name"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastAttempt  time.Time `json:"last_attempt,omitzero"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	LastError    string    `json:"last_error,omitempty"`
	Failures     int       `json:"failures"` // consecutive; reset on success
	NextAttempt  time.Time `json:"next_attempt,omitzero"`
	ItemsTotal   int       `json:"items_total"`
	// OtherTotal counts the new items, all passes together, that were neither Kazakh nor
	// Russian (stored, but kept out of digests, search and alerts): a source that carries
	// many is worth a look. OtherLast is the count of the last pass that tried the source.
	OtherTotal int `json:"other_total,omitempty"`
	OtherLast  int `json:"other_last,omitempty"`
}

// SourceState returns the saved state of a source; an unknown source has a zero state.
func (s *Store) SourceState(name string) (SourceState, error) {
	st := SourceState{Name: name}
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketSources).Get([]byte(name)); v != nil {
			return json.Unmarshal(v, &st)
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("store: source %s: %w", name, err)
	}
	return st, nil
}

// PutSourceState saves the state of a source.
func (s *Store) PutSourceState(st SourceState) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketSources), []byte(st.Name), st)
	})
	if err != nil {
		return fmt.Errorf("store: put source %s: %w", st.Name, err)
	}
	return nil
}

// SourceStates returns every saved source state, by name.
func (s *Store) SourceStates() ([]SourceState, error) {
	var out []SourceState
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSources).ForEach(func(_, v []byte) error {
			var st SourceState
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
			out = append(out, st)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: source states: %w", err)
	}
	return out, nil
}
