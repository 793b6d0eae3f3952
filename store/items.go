package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Item is one collected news item. URL is canonical and unique across the store.
type Item struct {
	ID        uint64    `json:"id"`
	URL       string    `json:"url"`
	GUID      string    `json:"guid,omitempty"`
	Source    string    `json:"source"`
	Lang      string    `json:"lang"` // "kk", "ru" or "other", decided once at collection
	Title     string    `json:"title"`
	Summary   string    `json:"summary,omitempty"` // the feed's excerpt, if any
	Body      string    `json:"body,omitempty"`    // article text, paragraphs separated by "\n\n"
	Published time.Time `json:"published"`
	Seen      time.Time `json:"seen"`              // first collected
	Updated   time.Time `json:"updated,omitzero"`  // last time the text changed
	AlsoIn    []Ref     `json:"also_in,omitempty"` // the same text syndicated by other outlets
	Hash      string    `json:"hash"`              // of title, summary and body: detects edits
	SimHash   uint64    `json:"simhash,omitempty"` // near-duplicate fingerprint, set by the collector

	// Script is the script the outlet wrote a Kazakh item in when it was not Cyrillic
	// ("arab" for töte, "latn"): Title, Summary and Body then hold the Cyrillic
	// transliteration, and URL is the original. Empty for text stored as written.
	Script string `json:"script,omitempty"`
	// LangCode is the language an "other" item was identified as ("ky", "uz", "en", ...);
	// empty when it could not be told, and for kk and ru items.
	LangCode string `json:"lang_code,omitempty"`
}

// Ref names another outlet's copy of an item.
type Ref struct {
	Source string `json:"source"`
	URL    string `json:"url"`
}

// Sources lists every outlet that carried the item, the first one first.
func (it Item) Sources() []string {
	out := []string{it.Source}
	for _, r := range it.AlsoIn {
		out = append(out, r.Source)
	}
	return out
}

// Text is the item's best available text: the body, or the feed summary when there is no body.
func (it Item) Text() string {
	if it.Body != "" {
		return it.Body
	}
	return it.Summary
}

// SaveResult says what SaveItem did.
type SaveResult int

// What SaveItem can do with an item.
const (
	Created   SaveResult = iota + 1 // a new item
	Updated                         // same URL or GUID, changed text
	Unchanged                       // seen before, same text
)

func (r SaveResult) String() string {
	switch r {
	case Created:
		return "created"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return "unknown"
}

// ContentHash fingerprints the text of an item, so an edited article is told from a re-fetch.
func ContentHash(it Item) string {
	h := sha256.New()
	for _, s := range []string{it.Title, it.Summary, it.Body} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// itemKey orders items by publication time so that a day is one range scan; the id breaks ties.
func itemKey(published time.Time, id uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(published.UTC().UnixNano())^(1<<63))
	binary.BigEndian.PutUint64(k[8:], id)
	return k
}

func timeKey(t time.Time) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, uint64(t.UTC().UnixNano())^(1<<63))
	return k
}

func guidKey(source, guid string) []byte { return []byte(source + "\x00" + guid) }

// SaveItem stores it unless an item with the same canonical URL (or the same source and GUID)
// exists; then the stored one is updated when its text changed. it.ID, Seen and Hash are set
// on the returned copy.
func (s *Store) SaveItem(it Item) (Item, SaveResult, error) {
	if it.URL == "" {
		return it, 0, errors.New("store: save item: empty url")
	}
	var res SaveResult
	err := s.db.Update(func(tx *bolt.Tx) error {
		var err error
		it, res, err = s.saveItem(tx, it)
		return err
	})
	if err != nil {
		return it, 0, fmt.Errorf("store: save item %s: %w", it.URL, err)
	}
	return it, res, nil
}

func (s *Store) saveItem(tx *bolt.Tx, it Item) (Item, SaveResult, error) {
	items, ids := tx.Bucket(bucketItems), tx.Bucket(bucketItemIDs)
	urls, guids := tx.Bucket(bucketItemURLs), tx.Bucket(bucketItemGUIDs)
	it.Hash = ContentHash(it)

	idRaw := urls.Get([]byte(it.URL))
	if idRaw == nil && it.GUID != "" {
		idRaw = guids.Get(guidKey(it.Source, it.GUID))
	}
	if idRaw != nil {
		key := ids.Get(idRaw)
		if key == nil {
			return it, 0, fmt.Errorf("index points at missing item %d", binary.BigEndian.Uint64(idRaw))
		}
		var old Item
		if err := json.Unmarshal(items.Get(key), &old); err != nil {
			return it, 0, fmt.Errorf("decode item: %w", err)
		}
		if old.Hash == it.Hash {
			return old, Unchanged, nil
		}
		// An edit keeps the item's identity, first-seen time and publication slot, so that
		// search positions and digests built earlier stay valid.
		old.Title, old.Summary, old.Body, old.Hash = it.Title, it.Summary, it.Body, it.Hash
		if it.SimHash != 0 {
			old.SimHash = it.SimHash
		}
		old.Updated = s.now()
		if err := putJSON(items, key, old); err != nil {
			return it, 0, err
		}
		return old, Updated, nil
	}

	seq, err := ids.NextSequence()
	if err != nil {
		return it, 0, err
	}
	it.ID = seq
	if it.Seen.IsZero() {
		it.Seen = s.now()
	}
	if it.Published.IsZero() {
		it.Published = it.Seen
	}
	key := itemKey(it.Published, it.ID)
	if err := putJSON(items, key, it); err != nil {
		return it, 0, err
	}
	if err := ids.Put(u64(it.ID), key); err != nil {
		return it, 0, err
	}
	if err := urls.Put([]byte(it.URL), u64(it.ID)); err != nil {
		return it, 0, err
	}
	if it.GUID != "" {
		if err := guids.Put(guidKey(it.Source, it.GUID), u64(it.ID)); err != nil {
			return it, 0, err
		}
	}
	return it, Created, nil
}

// AddAlias records that another outlet carried item id at url: the item keeps one copy and
// names both sources, and the alias URL is never stored as an item of its own.
func (s *Store) AddAlias(id uint64, ref Ref, guid string) (Item, error) {
	var out Item
	err := s.db.Update(func(tx *bolt.Tx) error {
		items, ids := tx.Bucket(bucketItems), tx.Bucket(bucketItemIDs)
		key := ids.Get(u64(id))
		if key == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(items.Get(key), &out); err != nil {
			return err
		}
		if ref.URL != out.URL && !hasRef(out.AlsoIn, ref) {
			out.AlsoIn = append(out.AlsoIn, ref)
			if err := putJSON(items, key, out); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketItemURLs).Put([]byte(ref.URL), u64(id)); err != nil {
			return err
		}
		if guid != "" {
			return tx.Bucket(bucketItemGUIDs).Put(guidKey(ref.Source, guid), u64(id))
		}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("store: add alias %s to item %d: %w", ref.URL, id, err)
	}
	return out, nil
}

// AddURL records url as another address of item id without naming another outlet: a
// channel post's linked article, so that the article arriving later from the site itself
// finds the item (ItemByURL) instead of becoming a second one. A url that already names an
// item is left as it is.
func (s *Store) AddURL(id uint64, url string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketItemIDs).Get(u64(id)) == nil {
			return ErrNotFound
		}
		urls := tx.Bucket(bucketItemURLs)
		if urls.Get([]byte(url)) != nil {
			return nil
		}
		return urls.Put([]byte(url), u64(id))
	})
	if err != nil {
		return fmt.Errorf("store: add url %s to item %d: %w", url, id, err)
	}
	return nil
}

func hasRef(refs []Ref, r Ref) bool {
	for _, x := range refs {
		if x.URL == r.URL {
			return true
		}
	}
	return false
}

// Item returns the item with the given id.
func (s *Store) Item(id uint64) (Item, error) {
	var it Item
	err := s.db.View(func(tx *bolt.Tx) error {
		key := tx.Bucket(bucketItemIDs).Get(u64(id))
		if key == nil {
			return ErrNotFound
		}
		return json.Unmarshal(tx.Bucket(bucketItems).Get(key), &it)
	})
	if err != nil {
		return it, fmt.Errorf("store: item %d: %w", id, err)
	}
	return it, nil
}

// ItemByURL returns the item stored under a canonical URL (or recorded as its alias).
func (s *Store) ItemByURL(url string) (Item, error) {
	var it Item
	err := s.db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketItemURLs).Get([]byte(url))
		if id == nil {
			return ErrNotFound
		}
		key := tx.Bucket(bucketItemIDs).Get(id)
		if key == nil {
			return ErrNotFound
		}
		return json.Unmarshal(tx.Bucket(bucketItems).Get(key), &it)
	})
	if err != nil {
		return it, fmt.Errorf("store: item by url: %w", err)
	}
	return it, nil
}

// ItemsBetween returns the items published in [from, to), oldest first: one range scan.
func (s *Store) ItemsBetween(from, to time.Time) ([]Item, error) {
	var out []Item
	err := s.EachItemBetween(from, to, func(it Item) error {
		out = append(out, it)
		return nil
	})
	return out, err
}

// EachItemBetween calls fn for each item published in [from, to), oldest first. fn must not
// write to the store (it runs inside a read transaction).
func (s *Store) EachItemBetween(from, to time.Time, fn func(Item) error) error {
	lo, hi := timeKey(from), timeKey(to)
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketItems).Cursor()
		for k, v := c.Seek(lo); k != nil && bytes.Compare(k[:8], hi) < 0; k, v = c.Next() {
			var it Item
			if err := json.Unmarshal(v, &it); err != nil {
				return fmt.Errorf("decode item: %w", err)
			}
			if err := fn(it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: items between: %w", err)
	}
	return nil
}

// EachItemAfter calls fn for every item whose id is greater than after, in id order (the
// order of collection): how the search index catches up.
func (s *Store) EachItemAfter(after uint64, fn func(Item) error) error {
	err := s.db.View(func(tx *bolt.Tx) error {
		items := tx.Bucket(bucketItems)
		c := tx.Bucket(bucketItemIDs).Cursor()
		for k, key := c.Seek(u64(after + 1)); k != nil; k, key = c.Next() {
			var it Item
			if err := json.Unmarshal(items.Get(key), &it); err != nil {
				return fmt.Errorf("decode item: %w", err)
			}
			if err := fn(it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: items after %d: %w", after, err)
	}
	return nil
}

// CountItems returns the number of stored items.
func (s *Store) CountItems() (int, error) {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketItemIDs).Stats().KeyN
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: count items: %w", err)
	}
	return n, nil
}

// SaveItems saves several items in one transaction (one fsync instead of one each), with
// SaveItem's rules applied in order: a later item with the URL of an earlier one finds it.
// On error nothing is saved.
func (s *Store) SaveItems(items []Item) ([]Item, []SaveResult, error) {
	out := make([]Item, len(items))
	res := make([]SaveResult, len(items))
	for _, it := range items {
		if it.URL == "" {
			return nil, nil, errors.New("store: save items: empty url")
		}
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for i, it := range items {
			var err error
			if out[i], res[i], err = s.saveItem(tx, it); err != nil {
				return fmt.Errorf("%s: %w", it.URL, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: save items: %w", err)
	}
	return out, res, nil
}
