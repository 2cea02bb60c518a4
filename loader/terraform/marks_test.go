package terraform

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

func TestUnmark(t *testing.T) {
	a := refMark{addr: infra.NewAddress(nil, infra.Managed, "aws_vpc", "a", infra.NoKey)}
	b := refMark{addr: infra.NewAddress(nil, infra.Managed, "aws_subnet", "b", infra.NoKey), whole: true}
	secret := cty.StringVal("pw").Mark(sensitive)
	for _, c := range []struct {
		name  string
		in    cty.Value
		want  cty.Value // with only sensitive marks left, where they were
		marks []any
	}{
		{"plain", cty.StringVal("x"), cty.StringVal("x"), nil},
		{"top mark", cty.StringVal("x").Mark(a), cty.StringVal("x"), []any{a}},
		{"sensitive top", secret.Mark(a), secret, []any{a, sensitive}},
		{"unknown", cty.UnknownVal(cty.String).Mark(b), cty.UnknownVal(cty.String), []any{b}},
		{"null object", cty.NullVal(cty.EmptyObject).Mark(a), cty.NullVal(cty.EmptyObject), []any{a}},
		{
			"nested",
			cty.ObjectVal(map[string]cty.Value{
				"ids":  cty.TupleVal([]cty.Value{cty.StringVal("1").Mark(a), cty.StringVal("2")}),
				"pass": secret.Mark(b),
			}).Mark(b),
			cty.ObjectVal(map[string]cty.Value{
				"ids":  cty.TupleVal([]cty.Value{cty.StringVal("1"), cty.StringVal("2")}),
				"pass": secret,
			}),
			[]any{a, b, sensitive},
		},
		{
			"unknown with nested marks",
			cty.DynamicVal.WithMarks(cty.NewValueMarks(a)),
			cty.DynamicVal,
			[]any{a},
		},
	} {
		got, marks := unmark(c.in)
		if !got.RawEquals(c.want) {
			t.Errorf("%s: unmark = %#v, want %#v", c.name, got, c.want)
		}
		if len(marks) != len(c.marks) {
			t.Errorf("%s: marks %v, want %v", c.name, marks, c.marks)
		}
		for _, m := range c.marks {
			if _, ok := marks[m]; !ok {
				t.Errorf("%s: marks %v lack %v", c.name, marks, m)
			}
		}
	}
}
