package terraform

import (
	"slices"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/ctymarks"

	"github.com/plimsoll/plimsoll/infra"
)

// refMark marks a value as coming from a resource. cty carries marks through
// every operation, function call and conversion, so after evaluating an
// attribute its marks say which resources it refers to, even when the value
// itself is unknown.
//
// Each instance's object carries a mark with its own address; the value of
// the whole block (the tuple of a counted resource, the object of a for_each
// one) also carries a mark with whole set, so a reference that picks no
// particular instance (aws_subnet.a[var.i], length(aws_subnet.a)) still
// leads to every instance.
type refMark struct {
	addr  infra.Address
	whole bool // addr is a configuration address standing for all its instances
}

// sensitive marks values from sensitive variables, sensitive outputs and
// sensitive(); it survives into the model so rules can tell secrets handled
// properly from hard-coded ones.
const sensitive = infra.Sensitive

// edgesFromMarks turns the marks found in an attribute value into edges.
func (l *loader) edgesFromMarks(from infra.Address, attr string, marks cty.ValueMarks) {
	if len(marks) == 0 {
		return
	}
	var exact []infra.Address // configurations referred to by instance
	for m := range marks {
		if rm, ok := m.(refMark); ok && !rm.whole {
			exact = append(exact, rm.addr.Config())
			l.g.Link(infra.Edge{From: from, To: rm.addr, Attr: attr})
		}
	}
	for m := range marks {
		rm, ok := m.(refMark)
		if !ok || !rm.whole || slices.Contains(exact, rm.addr) {
			continue
		}
		for _, to := range l.instances[rm.addr] {
			l.g.Link(infra.Edge{From: from, To: to, Attr: attr})
		}
	}
}

// unmark takes every mark off a value, returning the value with only its
// sensitive marks put back, and all the marks it had. It walks the value
// once and rebuilds only the parts that lose marks.
func unmark(v cty.Value) (cty.Value, cty.ValueMarks) {
	if v.Type().IsPrimitiveType() || v.IsNull() {
		// Nothing nested: the marks, if any, are at the top. (An
		// unknown of another type may hold nested marks.)
		top, marks := v.Unmark()
		if _, ok := marks[sensitive]; ok {
			return top.Mark(sensitive), marks
		}
		return top, marks
	}
	var all cty.ValueMarks
	u, _ := v.WrangleMarksDeep(func(m any, _ cty.Path) (ctymarks.WrangleAction, error) {
		if all == nil {
			all = cty.ValueMarks{}
		}
		all[m] = struct{}{}
		if m == sensitive {
			return ctymarks.WrangleKeep, nil
		}
		return ctymarks.WrangleDrop, nil
	})
	return u, all
}

// marksDeep collects the marks anywhere in v without rebuilding it.
func marksDeep(v cty.Value) cty.ValueMarks {
	var out cty.ValueMarks
	for m := range cty.ValueMarksOfTypeDeep[any](v) {
		if out == nil {
			out = cty.ValueMarks{}
		}
		out[m] = struct{}{}
	}
	return out
}

// plain removes every mark.
func plain(v cty.Value) cty.Value {
	if !v.ContainsMarked() {
		return v
	}
	u, _ := v.UnmarkDeep()
	return u
}
