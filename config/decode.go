package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// decoder walks the yaml.Node tree itself instead of using yaml's Decode so
// that it can expand ${VAR} per scalar (an env value is never parsed as
// YAML), report every unknown or repeated key with its path and line, and
// word type errors without echoing values that came from the environment.
type decoder struct {
	name   string // file name for messages; "" when parsing bytes
	getenv func(string) string
	errs   []error
	// masked holds env values of secret-looking variables, hidden from errors
	// wherever they end up.
	masked []string
}

// minMaskLen keeps very short secrets from mangling every message; such
// values are never echoed on purpose anyway.
const minMaskLen = 6

var (
	sourceType   = reflect.TypeFor[Source]()
	durationType = reflect.TypeFor[time.Duration]()
)

func (d *decoder) decodeFile(data []byte, cfg *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file means defaults
		}
		return d.wrap(err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return d.wrap(err)
	default:
		return d.lineErr(extra.Line, "a second YAML document begins here; keep the whole configuration in one")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil
		}
		root = root.Content[0]
	}
	root = deref(root)
	if isNull(root) {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		return d.lineErr(root.Line, "the top level must be keys such as \"telegram:\" and \"sources:\"")
	}
	d.decode(root, reflect.ValueOf(cfg).Elem(), "")
	return errors.Join(d.errs...)
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = deref(n)
	switch v.Kind() {
	case reflect.Struct:
		d.mapping(n, v, path)
	case reflect.Slice:
		d.sequence(n, v, path)
	default:
		d.scalar(n, v, path)
	}
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if isNull(n) {
		return // "webhook:" with nothing under it keeps the defaults
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "%s: want keys under it, found %s", path, describe(n))
		return
	}
	names, index := fieldsOf(v.Type())
	seen := make(map[string]int)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k.Line, "%s: a key must be a plain name, found %s", orTop(path), describe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			d.errorf(k.Line, "%s: merge keys (<<) are not supported; write the keys out", orTop(path))
			continue
		}
		full := joinPath(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.errorf(k.Line, "key %q repeated (first at line %d)", full, first)
			continue
		}
		seen[k.Value] = k.Line
		fi, ok := index[k.Value]
		if !ok {
			d.errorf(k.Line, "unknown key %q%s", full, suggest(k.Value, names))
			continue
		}
		d.decode(val, v.Field(fi), full)
	}
}

func (d *decoder) sequence(n *yaml.Node, v reflect.Value, path string) {
	if isNull(n) {
		v.Set(reflect.Zero(v.Type())) // "admins:" with nothing = none
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n.Line, "%s: want a list (\"[a, b]\" or lines starting with \"- \"), found %s", path, describe(n))
		return
	}
	if len(n.Content) == 0 {
		v.Set(reflect.Zero(v.Type())) // "[]" and absent-but-null read the same
		return
	}
	et := v.Type().Elem()
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	for i, item := range n.Content {
		elem := reflect.New(et).Elem()
		if et == sourceType {
			elem.Set(reflect.ValueOf(newSource()))
		}
		d.decode(item, elem, fmt.Sprintf("%s[%d]", path, i))
		out = reflect.Append(out, elem)
	}
	v.Set(out)
}

func (d *decoder) scalar(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n.Line, "%s: want a single value, found %s", path, describe(n))
		return
	}
	if isNull(n) {
		v.Set(reflect.Zero(v.Type()))
		return
	}
	s, fromEnv := d.expand(n.Value)
	if v.Type() == durationType {
		dur, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			d.errorf(n.Line, "%s: want a duration such as 90s or 2m%s", path, shown(s, fromEnv))
			return
		}
		v.SetInt(int64(dur))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int, reflect.Int64:
		i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || v.OverflowInt(i) {
			d.errorf(n.Line, "%s: want a whole number%s", path, shown(s, fromEnv))
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.errorf(n.Line, "%s: want a number such as 1 or 0.5%s", path, shown(s, fromEnv))
			return
		}
		v.SetFloat(f)
	default:
		// Only reachable if a field of an unsupported type is added to Config.
		d.errorf(n.Line, "%s: internal error: cannot decode into %s", path, v.Type())
	}
}

// expand replaces ${NAME} with getenv(NAME). "$$", a lone "$", "$NAME" and
// "${" without a valid name and closing brace are kept as written, so values
// such as passwords with dollar signs survive. It reports whether anything
// came from the environment.
func (d *decoder) expand(s string) (string, bool) {
	if !strings.Contains(s, "${") {
		return s, false
	}
	var b strings.Builder
	fromEnv := false
	for i := 0; i < len(s); {
		if s[i] != '$' {
			b.WriteByte(s[i])
			i++
			continue
		}
		if strings.HasPrefix(s[i:], "$$") {
			b.WriteString("$$")
			i += 2
			continue
		}
		if strings.HasPrefix(s[i:], "${") {
			if end := strings.IndexByte(s[i+2:], '}'); end >= 0 {
				name := s[i+2 : i+2+end]
				if validEnvName(name) {
					val := d.getenv(name)
					if sensitiveName(name) && len(val) >= minMaskLen {
						d.masked = append(d.masked, val)
					}
					b.WriteString(val)
					fromEnv = true
					i += 2 + end + 1
					continue
				}
			}
		}
		b.WriteByte('$')
		i++
	}
	return b.String(), fromEnv
}

func validEnvName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// sensitiveName guesses from a variable's name whether its value is a secret.
func sensitiveName(name string) bool {
	u := strings.ToUpper(name)
	for _, w := range []string{"TOKEN", "SECRET", "KEY", "PASS", "CREDENTIAL", "AUTH"} {
		if strings.Contains(u, w) {
			return true
		}
	}
	return false
}

// secrets lists every value that must not appear in an error.
func (d *decoder) secrets(c Config) []string {
	return append([]string{c.Telegram.Token, c.Telegram.Webhook.Secret, c.LLM.APIKey, d.getenv(EnvToken)}, d.masked...)
}

// scrub is a last line of defence: messages are written not to echo
// secrets, but if one slips through (say a token pasted into the wrong key)
// it is replaced by "***".
func scrub(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	out := msg
	secrets = slices.Clone(secrets)
	// Longest first, so a secret containing another is hidden whole.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, s := range secrets {
		if len(s) >= minMaskLen {
			out = strings.ReplaceAll(out, s, redactedValue)
		}
	}
	if out == msg {
		return err
	}
	return errors.New(out)
}

func (d *decoder) errorf(line int, format string, args ...any) {
	d.errs = append(d.errs, d.lineErr(line, format, args...))
}

func (d *decoder) lineErr(line int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if d.name == "" {
		return fmt.Errorf("config: line %d: %s", line, msg)
	}
	return fmt.Errorf("config: %s line %d: %s", d.name, line, msg)
}

// parserLine matches the YAML errors that yaml.v3's parser (not its scanner) reports:
// it counts their lines from 0, one before the line an editor shows.
var parserLine = regexp.MustCompile(`^yaml: line (\d+): (did not find expected (',' or '[\]}]'|key|node content|'-' indicator|<document start>))`)

// wrap turns a YAML syntax error into one naming the file, on the editor's line.
func (d *decoder) wrap(err error) error {
	if m := parserLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		err = fmt.Errorf("yaml: line %d: %s", n+1, strings.TrimPrefix(err.Error(), "yaml: line "+m[1]+": "))
	}
	if d.name == "" {
		return fmt.Errorf("config: %w", err)
	}
	return fmt.Errorf("config: %s: %w", d.name, err)
}

// deref follows aliases (*name) to the anchored node.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	default:
		return "something else"
	}
}

// shown quotes a bad value for an error message unless it came from the
// environment (it may be a secret put in the wrong place).
func shown(s string, fromEnv bool) string {
	if fromEnv {
		return " (the value comes from the environment and is not shown)"
	}
	const maxShown = 40
	if r := []rune(s); len(r) > maxShown {
		s = string(r[:maxShown]) + "..."
	}
	return fmt.Sprintf(", got %q", s)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orTop(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}

// fieldsOf maps the yaml keys of a struct type to field indexes.
func fieldsOf(t reflect.Type) ([]string, map[string]int) {
	names := make([]string, 0, t.NumField())
	index := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		names = append(names, name)
		index[name] = i
	}
	return names, index
}

// suggest names the closest known key, or lists them all when none is close.
func suggest(key string, known []string) string {
	best, bestDist := "", math.MaxInt
	for _, k := range known {
		if dist := editDistance(strings.ToLower(key), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best != "" && bestDist <= max(2, len([]rune(best))/3) {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (known keys here: " + strings.Join(known, ", ") + ")"
}

// editDistance is the Levenshtein distance in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
