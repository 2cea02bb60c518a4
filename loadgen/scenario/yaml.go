package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
)

// reader walks YAML nodes, collecting diagnostics with positions.
type reader struct {
	file  string
	diags diag.Diagnostics
}

func (r *reader) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: r.file, Line: n.Line, Column: n.Column}
}

func (r *reader) errorf(n *yaml.Node, format string, args ...any) {
	r.diags = append(r.diags, diag.Errorf(r.pos(n), format, args...))
}

func (r *reader) errorAt(p diag.Pos, format string, args ...any) {
	r.diags = append(r.diags, diag.Errorf(p, format, args...))
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// kindName describes a node for "expected X, found Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

// field is one key: value pair of a mapping.
type field struct {
	key, val *yaml.Node
}

// mapping returns the pairs of a mapping node in order, reporting keys not
// in allowed (when allowed is not nil) and duplicated keys. what names the
// mapping for messages ("step", "options").
func (r *reader) mapping(n *yaml.Node, what string, allowed []string) ([]field, bool) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "%s: expected a mapping, found %s", what, kindName(n))
		return nil, false
	}
	var out []field
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			r.errorf(k, "%s: expected a key, found %s", what, kindName(k))
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			r.errorf(k, "%s: key %q given twice (first at line %d)", what, k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		if allowed != nil && !slices.Contains(allowed, k.Value) {
			r.errorf(k, "%s: unknown key %q; expected %s", what, k.Value, orList(allowed))
			continue
		}
		out = append(out, field{k, v})
	}
	return out, true
}

// orList renders "a, b or c".
func orList(words []string) string {
	switch len(words) {
	case 0:
		return "nothing"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func (r *reader) sequence(n *yaml.Node, what string) ([]*yaml.Node, bool) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, "%s: expected a list, found %s", what, kindName(n))
		return nil, false
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = deref(c)
	}
	return out, true
}

// scalar returns a scalar's text; null and collections are errors.
func (r *reader) scalar(n *yaml.Node, what string) (string, bool) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.errorf(n, "%s: expected a value, found %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

func (r *reader) boolean(n *yaml.Node, what string) (bool, bool) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b, true
		}
	}
	r.errorf(n, "%s: expected true or false, found %s", what, kindName(n))
	return false, false
}

// count reads a whole number in [min, max].
func (r *reader) count(n *yaml.Node, what string, lo, hi int) (int, bool) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 10, 64)
		if err == nil && v >= int64(lo) && v <= int64(hi) {
			return int(v), true
		}
	}
	r.errorf(n, "%s: expected a whole number from %d to %d, found %s", what, lo, hi, kindName(n))
	return 0, false
}

// duration reads a Go duration with a unit: 200ms, 1m30s. zero says
// whether 0 is allowed.
func (r *reader) duration(n *yaml.Node, what string, zero bool) (time.Duration, bool) {
	n = deref(n)
	d, err := parseDuration(n)
	if err == nil && (d > 0 || zero && d == 0) {
		return d, true
	}
	if err == nil {
		err = fmt.Errorf("must be above 0")
	}
	r.errorf(n, "%s: expected a duration such as 500ms, 10s or 1m30s, found %s: %v", what, kindName(n), err)
	return 0, false
}

func parseDuration(n *yaml.Node) (time.Duration, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return 0, fmt.Errorf("not a duration")
	}
	s := n.Value
	if s == "0" {
		return 0, nil
	}
	if n.Tag == "!!int" || n.Tag == "!!float" {
		return 0, fmt.Errorf("a bare number has no unit; write ms, s, m or h after it")
	}
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("negative")
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("not a duration")
	}
	return d, nil
}

// rate reads "2000/s", "120/m" or "36000/h" and returns events per second.
func (r *reader) rate(n *yaml.Node, what string) (float64, bool) {
	n = deref(n)
	v, err := parseRate(n)
	if err != nil {
		r.errorf(n, "%s: expected a rate such as 2000/s or 120/m, found %s: %v", what, kindName(n), err)
		return 0, false
	}
	return v, true
}

func parseRate(n *yaml.Node) (float64, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return 0, fmt.Errorf("not a rate")
	}
	num, per, ok := strings.Cut(n.Value, "/")
	if !ok {
		return 0, fmt.Errorf("no unit; write /s, /m or /h after the number")
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) || strings.ContainsAny(num, "xXpP_") {
		return 0, fmt.Errorf("%q is not a number of 0 or more", num)
	}
	switch per {
	case "s":
		return v, nil
	case "m":
		return v / 60, nil
	case "h":
		return v / 3600, nil
	}
	return 0, fmt.Errorf("unknown unit /%s; expected /s, /m or /h", per)
}

// stringMap reads a mapping of names to scalar strings, in file order.
func (r *reader) stringMap(n *yaml.Node, what string) []field {
	fields, ok := r.mapping(n, what, nil)
	if !ok {
		return nil
	}
	out := fields[:0]
	for _, f := range fields {
		if _, ok := r.scalar(f.val, what+" "+f.key.Value); ok {
			out = append(out, f)
		}
	}
	return out
}

// valueCol returns the column where a scalar's text starts, past a quote.
func valueCol(n *yaml.Node) int {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return n.Column + 1
	}
	return n.Column
}

// at returns the position of character off (0-based) of scalar n's text,
// as well as can be told: exact on one line, the start of the scalar for
// block scalars.
func (r *reader) at(n *yaml.Node, off int) diag.Pos {
	p := r.pos(n)
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.Contains(n.Value, "\n") {
		return p
	}
	p.Column = valueCol(n) + off
	return p
}
