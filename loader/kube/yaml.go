package kube

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/internal/yamlpos"
)

// document is one YAML document of a stream: its parsed root and the line
// it starts on. Lines of the nodes inside are already absolute.
type document struct {
	root *yaml.Node
	line int // first line of the document's text, 1-based
}

// splitDocuments cuts a stream at its "---" and "..." marker lines. The
// YAML specification forbids those markers at the start of a line inside any
// scalar, so cutting there never splits a value; parsing each part on its own
// lets one broken document fail alone instead of ending the whole stream, as
// a single yaml.Decoder would.
func splitDocuments(src []byte) (parts [][]byte, starts []int) {
	src = bytes.Clone(src) // marker lines are blanked in place below
	start, partLine, line := 0, 1, 1
	for off := 0; off < len(src); line++ {
		next := len(src)
		if end := bytes.IndexByte(src[off:], '\n'); end >= 0 {
			next = off + end + 1
		}
		l := src[off:next]
		switch {
		case isMarker(l, "---"):
			parts, starts = append(parts, src[start:off]), append(starts, partLine)
			// Content after "--- " on the marker line belongs to the next
			// document ("--- {a: 1}"): keep it, blanking the marker so
			// columns stay right.
			copy(l, "   ")
			start, partLine = off, line
		case isMarker(l, "..."):
			parts, starts = append(parts, src[start:off]), append(starts, partLine)
			start, partLine = next, line+1
		}
		off = next
	}
	parts, starts = append(parts, src[start:]), append(starts, partLine)
	return parts, starts
}

func isMarker(l []byte, m string) bool {
	if !bytes.HasPrefix(l, []byte(m)) {
		return false
	}
	rest := l[len(m):]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n'
}

// parseDocuments parses every document of src. A document that does not
// parse becomes one diagnostic; the others still load. Empty documents (only
// comments or blank lines) are dropped.
func parseDocuments(file string, src []byte) ([]document, diag.Diagnostics) {
	var docs []document
	var ds diag.Diagnostics
	parts, starts := splitDocuments(src)
	for i, p := range parts {
		if len(bytes.TrimSpace(p)) == 0 {
			continue
		}
		var n yaml.Node
		if err := yaml.Unmarshal(p, &n); err != nil {
			pos, msg := yamlpos.Locate(file, p, starts[i], err)
			ds = append(ds, diag.Errorf(pos, "not valid YAML: %s", msg))
			continue
		}
		if n.Kind == 0 || len(n.Content) == 0 {
			continue // comments only
		}
		root := n.Content[0]
		shiftLines(root, starts[i]-1, map[*yaml.Node]bool{})
		docs = append(docs, document{root: root, line: starts[i]})
	}
	return docs, ds
}

// shiftLines adds off to the line of every node below n, once each (aliases
// share nodes).
func shiftLines(n *yaml.Node, off int, seen map[*yaml.Node]bool) {
	if n == nil || seen[n] {
		return
	}
	seen[n] = true
	n.Line += off
	for _, c := range n.Content {
		shiftLines(c, off, seen)
	}
	shiftLines(n.Alias, off, seen)
}

// maxNodes bounds the work a document may cause through aliases: a few
// lines of anchors can otherwise expand to billions of nodes.
const maxNodes = 1 << 18

// converter turns YAML nodes into cty values.
type converter struct {
	file   string
	budget int
	ds     diag.Diagnostics
}

func (c *converter) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: c.file, Line: n.Line, Column: n.Column}
}

// value converts n. Mappings become objects, sequences tuples, and scalars
// strings, numbers, bools or null by their resolved YAML tag.
func (c *converter) value(n *yaml.Node, depth int) cty.Value {
	if c.budget < 0 {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	c.budget--
	if c.budget == 0 {
		c.budget = -1
		c.ds = append(c.ds, diag.Errorf(c.pos(n), "document too large: more than %d values after expanding aliases", maxNodes))
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if depth > 1000 {
		c.ds = append(c.ds, diag.Errorf(c.pos(n), "document nested too deeply"))
		c.budget = -1
		return cty.NullVal(cty.DynamicPseudoType)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return cty.NullVal(cty.DynamicPseudoType)
		}
		return c.value(n.Alias, depth+1)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return cty.NullVal(cty.DynamicPseudoType)
		}
		return c.value(n.Content[0], depth+1)
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return cty.EmptyTupleVal
		}
		vs := make([]cty.Value, len(n.Content))
		for i, e := range n.Content {
			if c.budget < 0 {
				return cty.NullVal(cty.DynamicPseudoType)
			}
			vs[i] = c.value(e, depth+1)
		}
		return cty.TupleVal(vs)
	case yaml.MappingNode:
		m := map[string]cty.Value{}
		c.mapping(n, m, depth)
		if len(m) == 0 {
			return cty.EmptyObjectVal
		}
		return cty.ObjectVal(m)
	case yaml.ScalarNode:
		return scalar(n)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

// mapping fills m from the pairs of n, applying merge keys ("<<: *base")
// without overriding keys set explicitly.
func (c *converter) mapping(n *yaml.Node, m map[string]cty.Value, depth int) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content) && c.budget >= 0; i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.ds = append(c.ds, diag.Warningf(c.pos(k), "mapping key is not a string (an unrendered template?); skipped"))
			continue
		}
		if _, dup := m[k.Value]; dup {
			c.ds = append(c.ds, diag.Warningf(c.pos(k), "key %q repeated in the same mapping; the last one is used", k.Value))
		}
		m[k.Value] = c.value(v, depth+1)
	}
	for _, v := range merges {
		for v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		srcs := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			srcs = v.Content
		}
		for _, s := range srcs {
			for s.Kind == yaml.AliasNode && s.Alias != nil {
				s = s.Alias
			}
			if s.Kind != yaml.MappingNode {
				c.ds = append(c.ds, diag.Errorf(c.pos(s), "merge key: want a mapping or a list of mappings"))
				continue
			}
			inner := map[string]cty.Value{}
			c.mapping(s, inner, depth+1)
			for k, val := range inner {
				if _, set := m[k]; !set {
					m[k] = val
				}
			}
		}
	}
}

func scalar(n *yaml.Node) cty.Value {
	switch n.ShortTag() {
	case "!!null":
		return cty.NullVal(cty.DynamicPseudoType)
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return cty.BoolVal(b)
		}
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return cty.NumberIntVal(i)
		}
		if v, err := cty.ParseNumberVal(n.Value); err == nil {
			return v
		}
	case "!!float":
		if v, err := cty.ParseNumberVal(n.Value); err == nil {
			return v
		}
		var f float64
		// cty numbers cannot hold infinities or NaN; those stay strings.
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return cty.NumberFloatVal(f)
		}
	}
	return cty.StringVal(n.Value)
}
