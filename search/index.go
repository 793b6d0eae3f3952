// Package search keeps the bleve index of the collected items and answers
// queries over it.
//
// The index lives in store.dir/index.bleve and is derived from the store: it
// can be dropped and rebuilt at any time (Reindex). The store remembers the
// last item id the index holds (meta "search_last_id"), so CatchUp after a
// crash indexes whatever the store got in between.
//
// Only Kazakh and Russian items are indexed: an item the collector found to
// be in neither (store.Item.Lang "other") is left out by every path that
// writes the index (CatchUp, Update, Reindex), so no search, inline query or
// follow alert can return it.
package search

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/refdigest/refdigest/lang"
	"github.com/refdigest/refdigest/store"
)

// Items is what the index reads from the store; *store.Store satisfies it.
type Items interface {
	// EachItemAfter calls fn for every item with an id above afterID, in id order.
	EachItemAfter(afterID uint64, fn func(store.Item) error) error
	// Item returns one item; a missing one is an error wrapping store.ErrNotFound.
	Item(id uint64) (store.Item, error)
	MetaInt(key string) (int64, error)
	SetMetaInt(key string, v int64) error
}

// Options tune Open. The zero value is usable.
type Options struct {
	// Logger gets the index's rare events (rebuilds, catch-ups). Default: slog.Default().
	Logger *slog.Logger
	// Clock is "now" for the recency boost. Default: time.Now.
	Clock func() time.Time
	// Location is the time zone of since:/until: days. Default: Asia/Almaty (UTC+5).
	Location *time.Location
	// BatchSize is how many items go into one index batch. Default 1000.
	BatchSize int
}

// Store meta keys and index internal keys.
const (
	// MetaLastID is the store meta key holding the last item id the index holds.
	MetaLastID = "search_last_id"
	// MetaGeneration is the store meta key naming the index built for this store.
	MetaGeneration = "search_gen"

	// IndexDirName is the index directory inside the store directory.
	IndexDirName = "index.bleve"

	internalSchema = "refdigest_schema"
	internalGen    = "refdigest_gen"
	internalLastID = "refdigest_last_id"

	// schemaVersion changes whenever the analysis or the fields change, so an
	// index written by an older binary is rebuilt rather than misread.
	// 4: items in neither kk nor ru are left out. 5: аким and other -им nouns keep their stem.
	schemaVersion = "5"
)

// inIndex reports whether an item belongs in the index: not one the
// collector decided is in neither Kazakh nor Russian. An item stored before
// the collector decided languages (Lang "") is indexed as before.
func inIndex(it store.Item) bool { return it.Lang != string(lang.Other) }

// Index is the search index. It is safe for concurrent use: searches run in
// parallel, writes (CatchUp, Update, Reindex) one at a time.
type Index struct {
	items Items
	path  string
	opts  Options
	log   *slog.Logger
	ac    *analysisCtx
	// broadMin is the number of matches above which a query is ranked on
	// titles only (see ranked); a field so tests can lower it.
	broadMin int

	wmu sync.Mutex // serialises writers

	mu  sync.RWMutex // guards idx: Reindex swaps it
	idx bleve.Index
}

// Open opens the index at dir/index.bleve. An index that is missing, unreadable,
// written by another schema or built for another store is replaced by a new one
// filled from items (which takes a while on a big store).
func Open(dir string, items Items, opts Options) (*Index, error) {
	if items == nil {
		return nil, errors.New("search: open: nil items")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Location == nil {
		loc, err := time.LoadLocation("Asia/Almaty")
		if err != nil {
			loc = time.FixedZone("UTC+5", 5*60*60)
		}
		opts.Location = loc
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	ix := &Index{items: items, path: filepath.Join(dir, IndexDirName), opts: opts, log: opts.Logger, ac: newAnalysisCtx(), broadMin: 2000}

	gen, err := items.MetaInt(MetaGeneration)
	if err != nil {
		return nil, fmt.Errorf("search: open: %w", err)
	}
	idx, why := ix.openExisting(gen)
	if idx != nil {
		ix.idx = idx
		return ix, nil
	}
	ix.log.Info("search index rebuild", "path", ix.path, "reason", why)
	if err := os.RemoveAll(ix.path); err != nil {
		return nil, fmt.Errorf("search: open: remove old index: %w", err)
	}
	idx, err = ix.create(ix.path)
	if err != nil {
		return nil, err
	}
	ix.idx = idx
	if _, err := ix.CatchUp(context.Background()); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return ix, nil
}

// openExisting opens the index on disk when it is usable for a store of
// generation gen; otherwise it says why not.
func (ix *Index) openExisting(gen int64) (bleve.Index, string) {
	if _, err := os.Stat(ix.path); err != nil {
		return nil, "missing"
	}
	idx, err := bleve.Open(ix.path)
	if err != nil {
		return nil, "unreadable: " + err.Error()
	}
	schema, err := idx.GetInternal([]byte(internalSchema))
	if err != nil || string(schema) != schemaVersion {
		_ = idx.Close()
		return nil, "schema " + string(schema) + " is not " + schemaVersion
	}
	raw, err := idx.GetInternal([]byte(internalGen))
	if err != nil || gen == 0 || string(raw) != strconv.FormatInt(gen, 10) {
		_ = idx.Close()
		return nil, "built for another store"
	}
	return idx, ""
}

// create makes an empty index at path stamped with a new generation, and
// records the generation in the store with "nothing indexed yet". A crash
// between the two steps leaves generations that differ: the next Open
// rebuilds.
func (ix *Index) create(path string) (bleve.Index, error) {
	idx, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: create index: %w", err)
	}
	gen := newGeneration()
	b := idx.NewBatch()
	b.SetInternal([]byte(internalSchema), []byte(schemaVersion))
	b.SetInternal([]byte(internalGen), []byte(strconv.FormatInt(gen, 10)))
	b.SetInternal([]byte(internalLastID), []byte("0"))
	if err := idx.Batch(b); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("search: create index: %w", err)
	}
	if err := ix.items.SetMetaInt(MetaLastID, 0); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("search: create index: %w", err)
	}
	if err := ix.items.SetMetaInt(MetaGeneration, gen); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("search: create index: %w", err)
	}
	return idx, nil
}

// newMapping is the index mapping. Documents are built in analysis.go, so the
// mapping only chooses the scoring model and leaves dynamic mapping unused.
func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	m.DefaultMapping.Dynamic = false
	return m
}

// newGeneration returns a random positive id.
func newGeneration() int64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	g := int64(binary.BigEndian.Uint64(b[:]) >> 1)
	if g == 0 {
		g = 1
	}
	return g
}

// errBatchFull stops a store scan once a batch is full.
var errBatchFull = errors.New("search: batch full")

// CatchUp indexes the items the store got since the last call (ids above the
// last indexed id) and returns how many it indexed.
func (ix *Index) CatchUp(ctx context.Context) (int, error) {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	idx := ix.idx
	ix.mu.RUnlock()
	if idx == nil {
		return 0, errors.New("search: catch up: index closed")
	}
	last, err := ix.lastID(idx)
	if err != nil {
		return 0, err
	}
	n, err := ix.fill(ctx, idx, last)
	if err != nil {
		return n, fmt.Errorf("search: catch up: %w", err)
	}
	if n > 0 {
		ix.log.Debug("search index caught up", "items", n)
	}
	return n, nil
}

// lastID is the last item id both the store and the index agree is indexed:
// the smaller of the two, so an index that lost data (restored from an older
// copy) is caught up too.
func (ix *Index) lastID(idx bleve.Index) (uint64, error) {
	meta, err := ix.items.MetaInt(MetaLastID)
	if err != nil {
		return 0, fmt.Errorf("search: last indexed id: %w", err)
	}
	raw, err := idx.GetInternal([]byte(internalLastID))
	if err != nil {
		return 0, fmt.Errorf("search: last indexed id: %w", err)
	}
	internal, err := strconv.ParseUint(string(raw), 10, 64)
	if err != nil {
		internal = 0
	}
	return min(uint64(max(meta, 0)), internal), nil
}

// fill indexes the items after id last, one batch at a time, recording
// progress in the index and then in the store after each batch. The store
// scan stops at each full batch so no read transaction stays open while bleve
// writes.
func (ix *Index) fill(ctx context.Context, idx bleve.Index, last uint64) (int, error) {
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		b := idx.NewBatch()
		n, scanned := 0, 0
		next := last
		err := ix.items.EachItemAfter(last, func(it store.Item) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			// A skipped item still moves the progress mark past it.
			next = it.ID
			scanned++
			if !inIndex(it) {
				return nil
			}
			if err := b.IndexAdvanced(itemDoc(it, ix.ac)); err != nil {
				return err
			}
			n++
			if n >= ix.opts.BatchSize {
				return errBatchFull
			}
			return nil
		})
		if err != nil && !errors.Is(err, errBatchFull) {
			return total, err
		}
		if scanned == 0 {
			return total, nil
		}
		b.SetInternal([]byte(internalLastID), []byte(strconv.FormatUint(next, 10)))
		if err := idx.Batch(b); err != nil {
			return total, fmt.Errorf("index batch: %w", err)
		}
		if err := ix.items.SetMetaInt(MetaLastID, int64(next)); err != nil {
			return total, err
		}
		total += n
		last = next
		if !errors.Is(err, errBatchFull) {
			return total, nil
		}
	}
}

// Update re-indexes items whose text or sources changed (the collector's
// created and updated items). Items without an id are refused.
func (ix *Index) Update(ctx context.Context, items []store.Item) error {
	if len(items) == 0 {
		return nil
	}
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	idx := ix.idx
	ix.mu.RUnlock()
	if idx == nil {
		return errors.New("search: update: index closed")
	}
	for start := 0; start < len(items); start += ix.opts.BatchSize {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("search: update: %w", err)
		}
		b := idx.NewBatch()
		for _, it := range items[start:min(len(items), start+ix.opts.BatchSize)] {
			if it.ID == 0 {
				return fmt.Errorf("search: update: item %q has no id", it.URL)
			}
			if !inIndex(it) {
				// Never indexed; deleting is a no-op then, and keeps Update
				// from leaving one behind in any case.
				b.Delete(docID(it.ID))
				continue
			}
			if err := b.IndexAdvanced(itemDoc(it, ix.ac)); err != nil {
				return fmt.Errorf("search: update: %w", err)
			}
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("search: update: %w", err)
		}
	}
	return nil
}

// Reindex builds a new index from the whole store beside the current one and
// swaps it in; searches keep using the old one meanwhile. It returns the
// number of items indexed. A cancelled rebuild leaves the old index in place.
func (ix *Index) Reindex(ctx context.Context) (int, error) {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	tmp := ix.path + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return 0, fmt.Errorf("search: reindex: %w", err)
	}
	fresh, err := bleve.NewUsing(tmp, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return 0, fmt.Errorf("search: reindex: %w", err)
	}
	discard := func() {
		_ = fresh.Close()
		_ = os.RemoveAll(tmp)
	}
	gen := newGeneration()
	b := fresh.NewBatch()
	b.SetInternal([]byte(internalSchema), []byte(schemaVersion))
	b.SetInternal([]byte(internalGen), []byte(strconv.FormatInt(gen, 10)))
	b.SetInternal([]byte(internalLastID), []byte("0"))
	if err := fresh.Batch(b); err != nil {
		discard()
		return 0, fmt.Errorf("search: reindex: %w", err)
	}
	// fill records progress in the store as it goes; the store's counter is
	// restored below if the rebuild does not finish.
	oldLast, err := ix.items.MetaInt(MetaLastID)
	if err != nil {
		discard()
		return 0, fmt.Errorf("search: reindex: %w", err)
	}
	n, err := ix.fill(ctx, fresh, 0)
	if err != nil {
		discard()
		if rerr := ix.items.SetMetaInt(MetaLastID, oldLast); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return n, fmt.Errorf("search: reindex: %w", err)
	}
	if err := fresh.Close(); err != nil {
		_ = os.RemoveAll(tmp)
		return n, fmt.Errorf("search: reindex: %w", err)
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx != nil {
		_ = ix.idx.Close()
		ix.idx = nil
	}
	// From here a crash leaves either no index (Open rebuilds) or the new one
	// with a generation the store does not know yet (Open rebuilds).
	if err := os.RemoveAll(ix.path); err != nil {
		return n, fmt.Errorf("search: reindex: %w", err)
	}
	if err := os.Rename(tmp, ix.path); err != nil {
		return n, fmt.Errorf("search: reindex: %w", err)
	}
	idx, err := bleve.Open(ix.path)
	if err != nil {
		return n, fmt.Errorf("search: reindex: reopen: %w", err)
	}
	ix.idx = idx
	if err := ix.items.SetMetaInt(MetaGeneration, gen); err != nil {
		return n, fmt.Errorf("search: reindex: %w", err)
	}
	ix.log.Info("search index rebuilt", "items", n)
	return n, nil
}

// Count returns the number of indexed items.
func (ix *Index) Count() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, errors.New("search: count: index closed")
	}
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// Close closes the index. Writers in progress finish first.
func (ix *Index) Close() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	err := ix.idx.Close()
	ix.idx = nil
	if err != nil {
		return fmt.Errorf("search: close: %w", err)
	}
	return nil
}
