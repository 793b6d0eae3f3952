package search

import (
	"context"
	"slices"
	"testing"

	"github.com/refdigest/refdigest/store"
)

func TestMatch(t *testing.T) {
	env := newFixtureEnv(t)
	var items []store.Item
	for _, key := range []string{"ru-kurultai", "kk-kurultai", "ru-weather", "kk-weather", "ru-mazhilis-law"} {
		it, err := env.st.Item(env.idOf[key])
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"курултай", []string{"ru-kurultai", "kk-kurultai", "ru-mazhilis-law"}},
		{"Құрылтай -Кошанов", []string{"ru-kurultai", "kk-kurultai"}},
		{`"однопалатному парламенту"`, []string{"ru-kurultai"}},
		{"Астана lang:kk", []string{"kk-weather"}},
		{"зюзюка", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := env.ix.Match(context.Background(), tt.q, items)
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		var keys []string
		for _, it := range got {
			keys = append(keys, env.keyOf[it.ID])
		}
		if !slices.Equal(keys, tt.want) {
			t.Errorf("%q: matched %v, want %v", tt.q, keys, tt.want)
		}
	}
}
