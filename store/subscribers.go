package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Subscriber is a chat that receives digests: a private chat, a group or a channel.
type Subscriber struct {
	ChatID   int64  `json:"chat_id"`
	ChatType string `json:"chat_type"` // private, group, supergroup, channel
	Name     string `json:"name,omitempty"`
	// Lang is the digest language: kk, ru or both.
	Lang string `json:"lang"`
	// UILang is the interface language: kk, ru or en.
	UILang string `json:"ui_lang,omitempty"`
	// Time is the local delivery time "HH:MM"; empty means as soon as the digest is built.
	Time           string   `json:"time,omitempty"`
	Active         bool     `json:"active"`
	InactiveReason string   `json:"inactive_reason,omitempty"`
	Follows        []string `json:"follows,omitempty"`
	// OnlyMyLang hides the stories that exist only in the other language and have no
	// translation (/onlymylang). It means nothing for a reader of both languages.
	OnlyMyLang bool      `json:"only_my_lang,omitempty"`
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
}

// OwnLangOnly reports whether the subscriber gets the own-language-only rendering: the
// setting is on and the digest language is one language, not both.
func (s Subscriber) OwnLangOnly() bool {
	return s.OnlyMyLang && (s.Lang == "kk" || s.Lang == "ru")
}

// chatKey keeps chat ids in numeric order, negatives (groups) first.
func chatKey(id int64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, uint64(id)^(1<<63))
	return k
}

func chatFromKey(k []byte) int64 { return int64(binary.BigEndian.Uint64(k) ^ (1 << 63)) }

// Subscriber returns the subscriber of a chat, or ErrNotFound.
func (s *Store) Subscriber(chatID int64) (Subscriber, error) {
	var sub Subscriber
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSubscribers).Get(chatKey(chatID))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &sub)
	})
	if err != nil {
		return sub, fmt.Errorf("store: subscriber %d: %w", chatID, err)
	}
	return sub, nil
}

// UpdateSubscriber changes a subscriber in one transaction: fn gets the current record (or a
// new one with created=true) and edits it in place. Returning an error leaves it unchanged.
func (s *Store) UpdateSubscriber(chatID int64, fn func(sub *Subscriber, created bool) error) (Subscriber, error) {
	var sub Subscriber
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSubscribers)
		created := false
		if v := b.Get(chatKey(chatID)); v != nil {
			if err := json.Unmarshal(v, &sub); err != nil {
				return err
			}
		} else {
			created = true
			sub = Subscriber{ChatID: chatID, Created: s.now()}
		}
		if err := fn(&sub, created); err != nil {
			return err
		}
		sub.ChatID = chatID
		sub.Updated = s.now()
		return putJSON(b, chatKey(chatID), sub)
	})
	if err != nil {
		return sub, fmt.Errorf("store: update subscriber %d: %w", chatID, err)
	}
	return sub, nil
}

// DeleteSubscriber forgets a chat entirely (what /stop promises).
func (s *Store) DeleteSubscriber(chatID int64) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSubscribers).Delete(chatKey(chatID))
	})
	if err != nil {
		return fmt.Errorf("store: delete subscriber %d: %w", chatID, err)
	}
	return nil
}

// MoveSubscriber re-keys a subscriber to a new chat id (a group upgraded to a supergroup).
func (s *Store) MoveSubscriber(from, to int64) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSubscribers)
		v := b.Get(chatKey(from))
		if v == nil {
			return ErrNotFound
		}
		var sub Subscriber
		if err := json.Unmarshal(v, &sub); err != nil {
			return err
		}
		sub.ChatID, sub.Updated, sub.ChatType = to, s.now(), "supergroup"
		if err := b.Delete(chatKey(from)); err != nil {
			return err
		}
		return putJSON(b, chatKey(to), sub)
	})
	if err != nil {
		return fmt.Errorf("store: move subscriber %d to %d: %w", from, to, err)
	}
	return nil
}

// Subscribers returns up to limit subscribers with chat ids after the given one (exclusive),
// in chat-id order, and the id to pass next; next is false at the end. Callers page through
// very many subscribers without holding one long transaction or all of them in memory.
func (s *Store) Subscribers(after *int64, limit int) ([]Subscriber, int64, bool, error) {
	var out []Subscriber
	var last int64
	more := false
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketSubscribers).Cursor()
		var k, v []byte
		if after == nil {
			k, v = c.First()
		} else {
			k, v = c.Seek(chatKey(*after))
			if k != nil && chatFromKey(k) == *after {
				k, v = c.Next()
			}
		}
		for ; k != nil; k, v = c.Next() {
			if len(out) == limit {
				more = true
				return nil
			}
			var sub Subscriber
			if err := json.Unmarshal(v, &sub); err != nil {
				return err
			}
			out = append(out, sub)
			last = sub.ChatID
		}
		return nil
	})
	if err != nil {
		return nil, 0, false, fmt.Errorf("store: subscribers: %w", err)
	}
	return out, last, more, nil
}

// EachSubscriber pages through all subscribers in batches of batch and calls fn for each.
// fn may write to the store.
func (s *Store) EachSubscriber(batch int, fn func(Subscriber) error) error {
	var after *int64
	for {
		subs, last, more, err := s.Subscribers(after, batch)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			if err := fn(sub); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
		after = &last
	}
}

// SubscriberStats summarises the subscribers for /stats and metrics.
type SubscriberStats struct {
	Active, Inactive int
	ByLang           map[string]int // active subscribers by digest language
	ByTime           map[string]int // active subscribers by delivery time ("" = when built)
	ByType           map[string]int // active subscribers by chat type
}

// SubscriberStats counts subscribers, paging through them.
func (s *Store) SubscriberStats() (SubscriberStats, error) {
	st := SubscriberStats{ByLang: map[string]int{}, ByTime: map[string]int{}, ByType: map[string]int{}}
	err := s.EachSubscriber(1000, func(sub Subscriber) error {
		if !sub.Active {
			st.Inactive++
			return nil
		}
		st.Active++
		st.ByLang[sub.Lang]++
		st.ByTime[sub.Time]++
		st.ByType[sub.ChatType]++
		return nil
	})
	return st, err
}
