package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	bolt "go.etcd.io/bbolt"
)

// Follow alerts are made from the items a collection pass stored. A kill between storing
// the items and writing the alerts to the outbox must lose none of them, and a pass run
// again must not send any twice: the store keeps a mark, the last item id whose alerts are
// in the outbox, and the pass under way. A pass is the items after the mark, up to the last
// stored when it began, and the part number its jobs take in the day's outbox; both are
// fixed when it begins, so that running it again writes the same jobs, which EnqueueJobs
// does not take twice.

var (
	keyAlertMark = []byte("alerts_mark")
	keyAlertPass = []byte("alerts_pass")
)

// AlertPass is one pass's follow alerts: the items with ids in (After, Upto], to be queued
// under Date and Part.
type AlertPass struct {
	Date  string `json:"date"`
	Part  int    `json:"part"`
	After uint64 `json:"after"`
	Upto  uint64 `json:"upto"`
	// Tries counts the times the pass was begun: 1 for a new one.
	Tries int `json:"tries"`
}

// Empty reports whether the pass has no items.
func (p AlertPass) Empty() bool { return p.Upto <= p.After }

// MarkAlertsFrom sets the alert mark to the last stored item when there is none yet: at the
// first start, the items already stored are history, not news to alert about.
func (s *Store) MarkAlertsFrom() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta.Get(keyAlertMark) != nil {
			return nil
		}
		return meta.Put(keyAlertMark, u64(lastItemID(tx)))
	})
	if err != nil {
		return fmt.Errorf("store: mark alerts: %w", err)
	}
	return nil
}

// BeginAlertPass returns the pass under way, if one was begun and not ended (a kill or a
// failure came between), counting the try, or begins one: the items after the mark up to the last stored, with the next
// part number of date's alerts. A pass with no items takes no part number and is not kept.
func (s *Store) BeginAlertPass(date string) (AlertPass, error) {
	var p AlertPass
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keyAlertPass); v != nil {
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			p.Tries++
			return putJSON(meta, keyAlertPass, p)
		}
		p = AlertPass{Date: date, Upto: lastItemID(tx), Tries: 1}
		if v := meta.Get(keyAlertMark); len(v) == 8 {
			p.After = binary.BigEndian.Uint64(v)
		}
		if p.Empty() {
			return nil
		}
		part, err := nextAlertPart(meta, date)
		if err != nil {
			return err
		}
		p.Part = part
		return putJSON(meta, keyAlertPass, p)
	})
	if err != nil {
		return AlertPass{}, fmt.Errorf("store: begin alert pass: %w", err)
	}
	return p, nil
}

// EndAlertPass records that p's alerts are all in the outbox: the mark moves to p.Upto and
// the pass is no longer under way.
func (s *Store) EndAlertPass(p AlertPass) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if err := meta.Delete(keyAlertPass); err != nil {
			return err
		}
		if v := meta.Get(keyAlertMark); len(v) == 8 && binary.BigEndian.Uint64(v) >= p.Upto {
			return nil
		}
		return meta.Put(keyAlertMark, u64(p.Upto))
	})
	if err != nil {
		return fmt.Errorf("store: end alert pass: %w", err)
	}
	return nil
}

// lastItemID is the id of the last item stored, 0 for none.
func lastItemID(tx *bolt.Tx) uint64 {
	if k, _ := tx.Bucket(bucketItemIDs).Cursor().Last(); len(k) == 8 {
		return binary.BigEndian.Uint64(k)
	}
	return 0
}

// nextAlertPart takes the next part number of date's alerts.
func nextAlertPart(meta *bolt.Bucket, date string) (int, error) {
	key := []byte("alert_batch:" + date)
	n := 0
	if v := meta.Get(key); len(v) == 8 {
		n = int(binary.BigEndian.Uint64(v))
	}
	if n > math.MaxUint16 {
		return 0, fmt.Errorf("more than %d alert batches on %s", math.MaxUint16+1, date)
	}
	return n, meta.Put(key, u64(uint64(n+1)))
}
