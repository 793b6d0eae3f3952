package store

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestTranslationsSurviveReopen(t *testing.T) {
	s, _, path := openTest(t)
	if _, err := s.Translation("k1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing translation: err = %v, want ErrNotFound", err)
	}
	want := Translation{Lang: "kk", Headline: "Құрылтай сайлауы", Summary: []string{"Бірінші сөйлем.", "Екінші сөйлем."}, Model: "m"}
	if err := s.PutTranslation("k1", want); err != nil {
		t.Fatal(err)
	}
	refused := Translation{Lang: "ru", Model: "m", Refused: "answer is in kk, not ru"}
	if err := s.PutTranslation("k2", refused); err != nil {
		t.Fatal(err)
	}
	s2 := reopen(t, s, path)
	got, err := s2.Translation("k1")
	if err != nil || got.Headline != want.Headline || len(got.Summary) != 2 || got.Summary[1] != "Екінші сөйлем." || got.Lang != "kk" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
	if got.Created.IsZero() {
		t.Error("Created not stamped")
	}
	if got, err := s2.Translation("k2"); err != nil || got.Refused == "" {
		t.Fatalf("refusal after reopen: %+v, %v", got, err)
	}
	if err := s2.PutTranslation("", want); err == nil {
		t.Error("empty key accepted")
	}
}

// A file written by schema 1 (no translations bucket) is migrated to the current schema on
// Open and then holds translations.
func TestMigrateFromSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		v := make([]byte, 8)
		binary.BigEndian.PutUint64(v, 1)
		return meta.Put(keySchema, v)
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Read-only before the migration: no bucket, and a lookup says not found, not a panic.
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Translation("k"); !errors.Is(err, ErrNotFound) {
		t.Errorf("read-only schema 1: err = %v, want ErrNotFound", err)
	}
	ro.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.Schema(); err != nil || v != SchemaVersion || SchemaVersion < 2 {
		t.Fatalf("schema after migration = %d (%v), want %d >= 2", v, err, SchemaVersion)
	}
	if err := s.PutTranslation("k", Translation{Lang: "ru", Headline: "Выборы"}); err != nil {
		t.Fatalf("put after migration: %v", err)
	}
}

func TestDigestRecordParts(t *testing.T) {
	rec := DigestRecord{
		HTML:    map[string][]string{"kk": {"kk all 1", "kk all 2"}, "ru": {"ru all"}},
		HTMLOwn: map[string][]string{"kk": {"kk own"}},
		Hidden:  map[string]int{"kk": 3},
	}
	cases := []struct {
		lang string
		own  bool
		want string
		n    int
	}{
		{"kk", false, "kk all 1", 2},
		{"kk", true, "kk own", 1},
		{"ru", true, "ru all", 1}, // nothing hidden in ru: the one rendering serves both
		{"ru", false, "ru all", 1},
	}
	for _, c := range cases {
		got := rec.Parts(c.lang, c.own)
		if len(got) != c.n || got[0] != c.want {
			t.Errorf("Parts(%s, %v) = %q", c.lang, c.own, got)
		}
	}
}

func TestOwnLangOnly(t *testing.T) {
	for _, c := range []struct {
		lang string
		on   bool
		want bool
	}{{"kk", true, true}, {"ru", true, true}, {"both", true, false}, {"", true, false}, {"kk", false, false}} {
		if got := (Subscriber{Lang: c.lang, OnlyMyLang: c.on}).OwnLangOnly(); got != c.want {
			t.Errorf("Lang %q OnlyMyLang %v: OwnLangOnly = %v", c.lang, c.on, got)
		}
	}
}
