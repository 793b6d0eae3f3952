package config

import (
	"strings"
	"testing"
)

func TestExpandVariables(t *testing.T) {
	vars := map[string]string{
		"DIR":     "/srv/refdigest",
		"CHANNEL": "@refdigest_kz",
		"ITEM":    "div.news > a.card",
		"SPECIAL": "a: b # c\n- [x, {y: z}]\n\"q\" 'q' & * ! | > %",
		"N":       "5",
		"RATE":    "0.5",
		"HOST":    "127.0.0.1",
	}
	tests := []struct {
		name string
		yaml string
		get  func(Config) any
		want any
	}{
		{"set", `store: {dir: "${DIR}"}`, func(c Config) any { return c.Store.Dir }, "/srv/refdigest"},
		{"plain scalar", "store:\n  dir: ${DIR}/db\n", func(c Config) any { return c.Store.Dir }, "/srv/refdigest/db"},
		{"unset is empty", `http: {listen: "${UNSET_VAR}"}`, func(c Config) any { return c.HTTP.Listen }, ""},
		{"unset in plain scalar is empty", "http:\n  listen: ${UNSET_VAR}\n", func(c Config) any { return c.HTTP.Listen }, ""},
		{"in a list", `telegram: {channels: ["${CHANNEL}", "-100123"]}`, func(c Config) any { return strings.Join(c.Telegram.Channels, ",") }, "@refdigest_kz,-100123"},
		{"nested key", "sources:\n  - name: x\n    url: https://x.example/?p={page}\n    kind: html\n    pages: 2\n    select:\n      item: \"${ITEM}\"\n",
			func(c Config) any { return c.Sources[0].Select.Item }, "div.news > a.card"},
		{"yaml special chars stay one value", `store: {dir: "${SPECIAL}"}`, func(c Config) any { return c.Store.Dir }, vars["SPECIAL"]},
		{"several in one value", `http: {listen: "${HOST}:80${N}"}`, func(c Config) any { return c.HTTP.Listen }, "127.0.0.1:805"},
		{"int from env", "digest:\n  max_stories: ${N}\n", func(c Config) any { return c.Digest.MaxStories }, 5},
		{"float from env", `telegram: {rate: {per_chat_per_second: "${RATE}"}}`, func(c Config) any { return c.Telegram.Rate.PerChatPerSecond }, 0.5},
		{"double dollar literal", `store: {dir: "pa$$word"}`, func(c Config) any { return c.Store.Dir }, "pa$$word"},
		{"double dollar before brace", `store: {dir: "$${DIR}"}`, func(c Config) any { return c.Store.Dir }, "$${DIR}"},
		{"lone dollar literal", `store: {dir: "cost $5 $"}`, func(c Config) any { return c.Store.Dir }, "cost $5 $"},
		{"no braces literal", `store: {dir: "$DIR"}`, func(c Config) any { return c.Store.Dir }, "$DIR"},
		{"unclosed literal", `store: {dir: "${DIR"}`, func(c Config) any { return c.Store.Dir }, "${DIR"},
		{"bad name literal", `store: {dir: "${1DIR}x${A-B}"}`, func(c Config) any { return c.Store.Dir }, "${1DIR}x${A-B}"},
		{"empty name literal", `store: {dir: "${}"}`, func(c Config) any { return c.Store.Dir }, "${}"},
		{"non-ASCII around", `store: {dir: "дерек/${N}/ақпарат"}`, func(c Config) any { return c.Store.Dir }, "дерек/5/ақпарат"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tt.yaml), env(vars))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := tt.get(cfg); got != tt.want {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestExpandDoesNotTouchKeys(t *testing.T) {
	_, err := Parse([]byte("${KEY}: 1\n"), env(map[string]string{"KEY": "digest"}))
	if err == nil || !strings.Contains(err.Error(), `unknown key "${KEY}"`) {
		t.Errorf("err = %v, want the key left unexpanded and unknown", err)
	}
}

func TestExpandDoesNotReexpandEnvValues(t *testing.T) {
	cfg, err := Parse([]byte(`store: {dir: "${A}"}`), env(map[string]string{"A": "${B}", "B": "leak"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Store.Dir != "${B}" {
		t.Errorf("dir = %q, want the env value taken literally", cfg.Store.Dir)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"unknown top-level key with line", "store:\n  dir: data\n\ntelegarm:\n  token: x\n",
			[]string{`config: line 4: unknown key "telegarm" (did you mean "telegram"?)`}},
		{"unknown nested key", "telegram:\n  rate:\n    global_per_secnd: 3\n",
			[]string{`line 3: unknown key "telegram.rate.global_per_secnd" (did you mean "global_per_second"?)`}},
		{"unknown key far from any", "digest:\n  colour: red\n",
			[]string{`line 2: unknown key "digest.colour" (known keys here: max_stories)`}},
		{"unknown key in a source", "sources:\n  - name: a\n    url: https://a.example/\n    selct: {item: x}\n",
			[]string{`line 4: unknown key "sources[0].selct" (did you mean "select"?)`}},
		{"every unknown key reported", "foo: 1\nbar: 2\n", []string{`line 1: unknown key "foo"`, `line 2: unknown key "bar"`}},
		{"repeated key", "telegram:\n  mode: polling\n  mode: webhook\n", []string{`line 3: key "telegram.mode" repeated (first at line 2)`}},
		{"merge key", "telegram:\n  <<: {mode: polling}\n", []string{"line 2: telegram: merge keys (<<) are not supported"}},
		{"not a number", "digest:\n  max_stories: many\n", []string{`line 2: digest.max_stories: want a whole number, got "many"`}},
		{"fraction for int", "store: {backup_keep: 1.5}\n", []string{`store.backup_keep: want a whole number, got "1.5"`}},
		{"not a duration", "llm: {budget: 90}\n", []string{`llm.budget: want a duration such as 90s or 2m, got "90"`}},
		{"not a float", "telegram:\n  rate:\n    group_per_minute: fast\n", []string{`line 3: telegram.rate.group_per_minute: want a number`}},
		{"infinite float", "telegram: {rate: {global_per_second: .inf}}\n", []string{"telegram.rate.global_per_second: want a number"}},
		{"list for a value", "store:\n  dir: [a, b]\n", []string{"line 2: store.dir: want a single value, found a list"}},
		{"value for a list", "telegram:\n  admins: 12345\n", []string{"line 2: telegram.admins: want a list"}},
		{"value for keys", "telegram: yes\n", []string{"line 1: telegram: want keys under it, found a single value"}},
		{"keys for a list item value", "telegram: {channels: [{a: b}]}\n", []string{"telegram.channels[0]: want a single value, found keys"}},
		{"top level list", "- a\n- b\n", []string{"line 1: the top level must be keys"}},
		{"top level scalar", "hello\n", []string{"line 1: the top level must be keys"}},
		{"two documents", "store: {dir: a}\n---\nstore: {dir: b}\n", []string{"line 2: a second YAML document"}},
		{"syntax error", "telegram:\n  mode: [polling\n", []string{"config: yaml: line"}},
		// yaml.v3 counts parser errors from 0: the lines must be the editor's.
		{"unclosed list", "store:\n  dir: data\nsources:\n  - name: A\n    url: [broken\n", []string{"config: yaml: line 5: did not find expected ',' or ']'"}},
		{"unclosed map", "store:\n  dir: data\ntelegram: {mode: polling\n", []string{"config: yaml: line 3: did not find expected ',' or '}'"}},
		{"bad indentation", "store:\n  dir: data\n    extra: x\n", []string{"config: yaml: line 3: mapping values are not allowed"}},
		{"tab indentation", "telegram:\n\tmode: polling\n", []string{"config: yaml: line 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), noEnv)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"telegram", "telegram", 0},
		{"telegarm", "telegram", 2},
		{"mode", "modes", 1},
		{"құрылтай", "курултай", 3},
		{"abc", "", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// FuzzParse checks that no input makes Parse panic and that whatever it
// accepts also passes Validate.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"", "telegram: {mode: webhook}", "sources:\n  - name: a\n    url: ${U}\n", "a: &x [*x]",
		"schedule: {collect: \"TZ=UTC\"}", "digest: {max_stories: 99999999999999999999}",
		"telegram:\n  channels: [-1, \"@x\"]\n", "- [", "? [a]\n: b\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		cfg, err := Parse([]byte(data), env(map[string]string{"U": "https://x.example/"}))
		if err == nil {
			if verr := cfg.Validate(); verr != nil {
				t.Errorf("Parse accepted a config Validate rejects: %v", verr)
			}
		}
	})
}
