package tfplan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

// skipMatch are attributes whose values are not references to other
// resources even when they happen to equal another resource's id: a
// resource's own identity, its free-text description, and tags.
var skipMatch = []string{"id", "arn", "name", "name_prefix", "description", "tags", "tags_all"}

// valueEdges links a resource to every other resource whose known id or ARN
// one of its known attribute values equals. Plans of existing
// infrastructure carry ids everywhere (and references through locals or
// dynamic blocks, which plan JSON does not describe, show up only this way).
func (l *loader) valueEdges() {
	ids := l.knownIDs()
	if len(ids) == 0 {
		return
	}
	for _, r := range l.g.Resources() {
		attrs := r.Attrs.Cty()
		if attrs == cty.NilVal || !attrs.IsKnown() || !attrs.Type().IsObjectType() {
			continue
		}
		for _, name := range sortedKeys(attrs.Type().AttributeTypes()) {
			if slices.Contains(skipMatch, name) {
				continue
			}
			eachString(name, attrs.GetAttr(name), 0, func(path, s string) {
				for _, to := range ids[s] {
					l.g.Link(infra.Edge{From: r.Addr, To: to, Attr: path})
				}
			})
		}
	}
}

// knownIDs maps each known id and ARN to the resources that have it. Data
// sources count by their ARN only: their ids are often made up by the
// provider (aws_region's id is the region's name, aws_caller_identity's the
// account number) and would tie every resource that mentions the region or
// account to them.
func (l *loader) knownIDs() map[string][]infra.Address {
	if l.ids != nil {
		return l.ids
	}
	l.ids = map[string][]infra.Address{}
	for _, r := range l.g.Resources() {
		attrs := []string{"id", "arn"}
		if r.Addr.Mode == infra.Data {
			attrs = attrs[1:]
		}
		for _, attr := range attrs {
			v := r.Attrs.Get(attr)
			if !v.IsKnown() || v.Cty().Type() != cty.String {
				continue
			}
			if s := v.Cty().AsString(); s != "" && !slices.Contains(l.ids[s], r.Addr) {
				l.ids[s] = append(l.ids[s], r.Addr)
			}
		}
	}
	return l.ids
}

// blockPaths narrows an edge from an attribute that holds a list of objects
// to the elements' attributes it can come from. Terraform writes a few block
// types as one attribute in plan JSON's configuration (aws_security_group's
// ingress, aws_route_table's route), so a reference there is known only as
// "ingress"; the planned value says more: the element attributes that are
// unknown until apply, or known and equal to the target's id or ARN. When
// several elements could hold the reference, the edge goes to each.
func (l *loader) blockPaths(attrs cty.Value, path string, to *infra.Resource) []string {
	v := ctyPath(attrs, path)
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return []string{path}
	}
	t := v.Type()
	if !t.IsListType() && !t.IsTupleType() && !t.IsSetType() {
		return []string{path}
	}
	targets := map[string]bool{}
	for _, attr := range []string{"id", "arn"} {
		if s, ok := to.Attrs.Get(attr).Str(); ok && s != "" {
			targets[s] = true
		}
	}
	var matched, unknown []string
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		if e.IsNull() || !e.IsKnown() || !e.Type().IsObjectType() {
			continue
		}
		for _, name := range sortedKeys(e.Type().AttributeTypes()) {
			a := e.GetAttr(name)
			p := path + "." + strconv.Itoa(i) + "." + name
			if !a.IsWhollyKnown() {
				unknown = append(unknown, p)
				continue
			}
			eachString(p, a, 0, func(_, s string) {
				if targets[s] && !slices.Contains(matched, p) {
					matched = append(matched, p)
				}
			})
		}
	}
	switch {
	case len(matched) > 0:
		return matched
	case len(unknown) > 0:
		return unknown
	}
	return []string{path}
}

// ctyPath follows a dotted path of attribute names and element indexes into
// an unmarked value; cty.NilVal when there is nothing there.
func ctyPath(v cty.Value, path string) cty.Value {
	for step := range strings.SplitSeq(path, ".") {
		if v == cty.NilVal || v.IsNull() || !v.IsKnown() {
			return cty.NilVal
		}
		t := v.Type()
		switch {
		case t.IsObjectType():
			if !t.HasAttribute(step) {
				return cty.NilVal
			}
			v = v.GetAttr(step)
		case t.IsTupleType() || t.IsListType():
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= v.LengthInt() {
				return cty.NilVal
			}
			v = v.Index(cty.NumberIntVal(int64(i)))
		default:
			return cty.NilVal
		}
	}
	return v
}

// eachString calls fn with every known string in v and the attribute path it
// sits at. Objects inside lists are nested blocks, whose index goes into the
// path ("ingress.0.security_groups"); any other collection is one attribute
// (a list of ids, a map of dimensions), whose path stops at its name.
func eachString(path string, v cty.Value, depth int, fn func(path, s string)) {
	if v.IsNull() || !v.IsKnown() || depth > maxValueDepth {
		return
	}
	t := v.Type()
	switch {
	case t == cty.String:
		fn(path, v.AsString())
	case t.IsListType() || t.IsTupleType() || t.IsSetType():
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if et := e.Type(); (et.IsObjectType() || et.IsMapType()) && !e.IsNull() && e.IsKnown() {
				p := path + "." + strconv.Itoa(i)
				for it := e.ElementIterator(); it.Next(); {
					k, a := it.Element()
					eachString(p+"."+k.AsString(), a, depth+1, fn)
				}
				continue
			}
			eachString(path, e, depth+1, fn)
		}
	case t.IsObjectType() || t.IsMapType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			eachString(path, e, depth+1, fn)
		}
	}
}

// maxValueDepth bounds walks into values; JSON nested deeper than this is
// not a Terraform plan.
const maxValueDepth = 256
