package aws

import (
	"slices"
	"strconv"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// attrMatch reports whether the edge attribute path attr lies at or beneath
// pattern, a dotted path in which "*" stands for any one step (the index of a
// nested block): "subnet_mapping.*.subnet_id" matches
// "subnet_mapping.2.subnet_id".
func attrMatch(attr, pattern string) bool {
	if pattern == "" {
		return true
	}
	for pattern != "" {
		if attr == "" {
			return false
		}
		var p, a string
		p, pattern, _ = strings.Cut(pattern, ".")
		a, attr, _ = strings.Cut(attr, ".")
		if p != "*" && p != a {
			return false
		}
	}
	return true
}

// values returns what lies at pattern in v, where a "*" step expands every
// element of a list of nested blocks. known is false when a collection on the
// way is unknown, so some values may be missing. Absent values are skipped.
func values(v infra.Value, pattern string) (out []infra.Value, known bool) {
	known = true
	var walk func(v infra.Value, steps []string)
	walk = func(v infra.Value, steps []string) {
		if v.IsAbsent() {
			return
		}
		if len(steps) == 0 {
			out = append(out, v)
			return
		}
		if v.IsUnknown() {
			known = false
			return
		}
		if steps[0] == "*" {
			elems, ok := v.Elems()
			if !ok {
				known = false
				return
			}
			for _, e := range elems {
				walk(e, steps[1:])
			}
			return
		}
		walk(v.Path(steps[0]), steps[1:])
	}
	walk(v, strings.Split(pattern, "."))
	return out, known
}

// refList is what an attribute holding ids of other resources resolves to.
type refList struct {
	// Refs are the resources of the wanted types that the attribute names,
	// sorted by address.
	Refs []*infra.Resource
	// Set is true when the attribute holds anything at all.
	Set bool
	// Complete is true when every element of the attribute is accounted for
	// by Refs: no literal id of something outside the configuration, no
	// value from an unknown variable, no reference to another kind of
	// resource, and no referenced resource whose count is unknown.
	Complete bool
}

// idRefs resolves the attribute at pattern of r, a list of ids (or a single
// id) of resources of the given types, through the graph's edges.
func idRefs(g *infra.Graph, r *infra.Resource, pattern string, types ...string) refList {
	vals, known := values(r.Attrs, pattern)
	rl := refList{Complete: known, Set: len(vals) > 0 || !known}
	var literals []string
	unknownElems, wholeUnknown := 0, !known
	for _, v := range vals {
		elems, ok := v.Elems()
		if !ok {
			wholeUnknown = true
			continue
		}
		for _, e := range elems {
			switch s, ok := e.Str(); {
			case ok:
				literals = append(literals, s)
			case e.IsAbsent():
			default:
				unknownElems++
			}
		}
	}
	for _, e := range g.Out(r) {
		if !attrMatch(e.Attr, pattern) {
			continue
		}
		t := g.Resource(e.To)
		if t == nil || !slices.Contains(types, t.Addr.Type) {
			rl.Complete = false
			continue
		}
		if t.CountUnknown {
			rl.Complete = false
		}
		if !slices.Contains(rl.Refs, t) {
			rl.Refs = append(rl.Refs, t)
		}
	}
	slices.SortFunc(rl.Refs, byAddr)
	for _, s := range literals {
		if !slices.ContainsFunc(rl.Refs, func(t *infra.Resource) bool { return namesID(t, s) }) {
			rl.Complete = false
		}
	}
	if (wholeUnknown || unknownElems > 0) && len(rl.Refs) == 0 {
		rl.Complete = false
	}
	if unknownElems > len(rl.Refs) {
		rl.Complete = false
	}
	return rl
}

// namesID reports whether s is the known id, arn or name of r, so a literal
// id in a plan of existing infrastructure counts as a reference.
func namesID(r *infra.Resource, s string) bool {
	for _, a := range []string{"id", "arn", "name"} {
		if v, ok := r.Get(a).Str(); ok && v == s {
			return true
		}
	}
	return false
}

func byAddr(a, b *infra.Resource) int { return strings.Compare(a.Addr.String(), b.Addr.String()) }

// referrers returns the resources of the given types that refer to r in an
// attribute matching pattern ("*" steps allowed), sorted and without
// duplicates.
func referrers(g *infra.Graph, r *infra.Resource, pattern string, types ...string) []*infra.Resource {
	var out []*infra.Resource
	for _, e := range g.In(r) {
		if !attrMatch(e.Attr, pattern) {
			continue
		}
		f := g.Resource(e.From)
		if f == nil || len(types) > 0 && !slices.Contains(types, f.Addr.Type) || slices.Contains(out, f) {
			continue
		}
		out = append(out, f)
	}
	slices.SortFunc(out, byAddr)
	return out
}

// refs returns the resources of the given types that r refers to in an
// attribute matching pattern, sorted and without duplicates.
func refs(g *infra.Graph, r *infra.Resource, pattern string, types ...string) []*infra.Resource {
	var out []*infra.Resource
	for _, e := range g.Out(r) {
		if !attrMatch(e.Attr, pattern) {
			continue
		}
		t := g.Resource(e.To)
		if t == nil || len(types) > 0 && !slices.Contains(types, t.Addr.Type) || slices.Contains(out, t) {
			continue
		}
		out = append(out, t)
	}
	slices.SortFunc(out, byAddr)
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
