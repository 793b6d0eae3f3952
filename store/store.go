// Package store is refdigest's single source of truth: one bbolt file holding items, sources,
// subscribers, digests and the delivery outbox. Every other piece of state (the search index,
// rendered digests) can be rebuilt from it.
package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout version this code writes. Open migrates older files up to it.
//
//  1. the first layout
//  2. the pending index of the delivery outbox (built from the jobs)
//  3. the translations bucket (machine translations of digest text)
const SchemaVersion = 3

// FileName is the name of the bbolt file inside store.dir.
const FileName = "refdigest.db"

var (
	bucketMeta         = []byte("meta")
	bucketItems        = []byte("items")        // itemKey(published, id) -> Item JSON
	bucketItemIDs      = []byte("items_by_id")  // id -> itemKey
	bucketItemURLs     = []byte("items_by_url") // canonical URL -> id
	bucketItemGUIDs    = []byte("items_by_guid")
	bucketSources      = []byte("sources")
	bucketSubscribers  = []byte("subscribers")
	bucketDigests      = []byte("digests")
	bucketDeliveries   = []byte("deliveries")
	bucketQueries      = []byte("queries")      // saved searches for paging buttons
	bucketTranslations = []byte("translations") // cache key -> Translation JSON (schema 3)
	// bucketPending indexes the pending jobs of bucketDeliveries: job key -> due time (unix
	// nanoseconds, 0 = at once). Written in the same transactions as the jobs (schema 2).
	bucketPending = []byte("deliveries_pending")

	allBuckets = [][]byte{bucketMeta, bucketItems, bucketItemIDs, bucketItemURLs, bucketItemGUIDs,
		bucketSources, bucketSubscribers, bucketDigests, bucketDeliveries, bucketQueries, bucketTranslations, bucketPending}

	keySchema = []byte("schema_version")
)

// ErrLocked is returned by Open when another process holds the store file.
var ErrLocked = errors.New("store is locked by another process: refdigest is already running; stop it to run this command (backup works beside it, through http.listen)")

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = errors.New("not found")

// Options tune Open. The zero value is usable.
type Options struct {
	// Timeout bounds the wait for the file lock; a running instance holds it. Default 1s.
	Timeout time.Duration
	// Clock replaces time.Now, so tests can move time.
	Clock func() time.Time
	// ReadOnly opens the file without taking the write lock (backup of a stopped store).
	ReadOnly bool
	// NoSync skips fsync on commit: for tests and benchmarks only, a crash can corrupt the file.
	NoSync bool
}

// Store is an open refdigest database. It is safe for concurrent use.
type Store struct {
	db  *bolt.DB
	now func() time.Time
}

// Open opens (creating if needed) the store file at path, creates missing buckets and
// migrates the schema. It fails fast with ErrLocked when another process holds the file.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, ReadOnly: opts.ReadOnly})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("store: open %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.NoSync = opts.NoSync
	s := &Store{db: db, now: opts.Clock}
	if opts.ReadOnly {
		return s, nil
	}
	if err := s.migrate(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// OpenDir opens the store file inside dir.
func OpenDir(dir string, opts Options) (*Store, error) {
	return Open(filepath.Join(dir, FileName), opts)
}

// Close closes the file. Pending write transactions finish first.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Path is the file the store lives in.
func (s *Store) Path() string { return s.db.Path() }

// migrate brings the file to SchemaVersion, one step at a time in one transaction; a newer
// file is refused rather than misread. A new file is stamped with the current version.
func (s *Store) migrate() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		fresh := meta.Get(keySchema) == nil && tx.Bucket(bucketItems) == nil
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		var v uint64 = SchemaVersion
		if raw := meta.Get(keySchema); raw != nil {
			v = binary.BigEndian.Uint64(raw)
		} else if !fresh {
			v = 1 // files of the first layout may predate the stamp
		}
		if v > SchemaVersion {
			return fmt.Errorf("file has schema version %d, this build knows %d: upgrade refdigest", v, SchemaVersion)
		}
		for ; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("to schema %d: %w", v+1, err)
			}
		}
		return meta.Put(keySchema, u64(SchemaVersion))
	})
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// migrations[v] brings a file from schema v to v+1 inside the opening transaction.
var migrations = map[uint64]func(*bolt.Tx) error{
	1: indexPending,
	2: func(*bolt.Tx) error { return nil }, // the translations bucket: made with the others above
}

// Schema reports the schema version stored in the file.
func (s *Store) Schema() (int, error) {
	var v uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		if b == nil {
			return nil
		}
		if raw := b.Get(keySchema); raw != nil {
			v = binary.BigEndian.Uint64(raw)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: schema: %w", err)
	}
	return int(v), nil
}

// Backup writes a consistent snapshot of the whole file to w, from one read transaction,
// while writers go on.
func (s *Store) Backup(w io.Writer) (int64, error) {
	return s.BackupSized(w, func(int64) {})
}

// BackupSized is Backup, telling size the snapshot's length before its first byte (a
// Content-Length, so that a reader can tell a cut stream from a whole one).
func (s *Store) BackupSized(w io.Writer, size func(int64)) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		size(tx.Size())
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// BackupFile writes a snapshot to path through a temporary file and a rename, so a
// half-written backup never replaces a good one.
func (s *Store) BackupFile(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := s.Backup(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("store: backup: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// Meta reads a small value from the meta bucket (poll offsets, index positions).
func (s *Store) Meta(key string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get([]byte(key)); v != nil {
			out = append([]byte(nil), v...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: get meta %s: %w", key, err)
	}
	return out, nil
}

// SetMeta writes a small value to the meta bucket.
func (s *Store) SetMeta(key string, value []byte) error {
	if key == string(keySchema) {
		return fmt.Errorf("store: set meta: %s is reserved", key)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte(key), value)
	})
	if err != nil {
		return fmt.Errorf("store: set meta %s: %w", key, err)
	}
	return nil
}

// MetaInt reads an integer meta value; a missing one is 0.
func (s *Store) MetaInt(key string) (int64, error) {
	v, err := s.Meta(key)
	if err != nil || len(v) != 8 {
		return 0, err
	}
	return int64(binary.BigEndian.Uint64(v)), nil
}

// SetMetaInt writes an integer meta value.
func (s *Store) SetMetaInt(key string, v int64) error {
	return s.SetMeta(key, u64(uint64(v)))
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}
