package infra

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestValueStates(t *testing.T) {
	obj := ValueOf(cty.ObjectVal(map[string]cty.Value{
		"multi_az":  cty.True,
		"retention": cty.NumberIntVal(7),
		"zone":      cty.UnknownVal(cty.String),
		"gone":      cty.NullVal(cty.String),
		"ingress": cty.TupleVal([]cty.Value{
			cty.ObjectVal(map[string]cty.Value{"from_port": cty.NumberIntVal(22)}),
		}),
		"ids": cty.ListVal([]cty.Value{cty.StringVal("a"), cty.UnknownVal(cty.String)}),
	}))
	if got := obj.Get("multi_az").Bool(); got != True {
		t.Errorf("multi_az = %v", got)
	}
	if n, ok := obj.Get("retention").Int(); !ok || n != 7 {
		t.Errorf("retention = %d, %v", n, ok)
	}
	if !obj.Get("zone").IsUnknown() || obj.Get("zone").IsAbsent() {
		t.Errorf("zone should be unknown, not absent")
	}
	if got := obj.Get("zone").BoolOr(false); got != Unknown {
		t.Errorf("unknown BoolOr(false) = %v, want unknown", got)
	}
	if !obj.Get("gone").IsAbsent() || !obj.Get("missing").IsAbsent() {
		t.Errorf("null and missing attributes should be absent")
	}
	if got := obj.Get("gone").BoolOr(false); got != False {
		t.Errorf("absent BoolOr(false) = %v, want false", got)
	}
	if n, ok := obj.Path("ingress.0.from_port").Int(); !ok || n != 22 {
		t.Errorf("ingress.0.from_port = %d, %v", n, ok)
	}
	if !obj.Path("zone.anything").IsUnknown() {
		t.Errorf("a path below an unknown value should be unknown")
	}
	ss, known := obj.Get("ids").Strings()
	if known || len(ss) != 1 || ss[0] != "a" {
		t.Errorf("Strings() = %v, %v; want [a], false", ss, known)
	}
	if !Absent.IsAbsent() || Absent.IsKnown() || Absent.IsUnknown() {
		t.Errorf("zero Value should be absent only")
	}
}

func TestTri(t *testing.T) {
	if True.And(Unknown) != Unknown || False.And(Unknown) != False || True.Or(Unknown) != True || False.Or(Unknown) != Unknown {
		t.Error("three-valued logic is wrong")
	}
	if Unknown.Not() != Unknown || True.Not() != False {
		t.Error("Not is wrong")
	}
	var zero Tri
	if zero != Unknown {
		t.Error("the zero Tri must be Unknown")
	}
}

func TestZones(t *testing.T) {
	z := ZonesOf("b", "a", "a")
	if len(z.Known) != 2 || z.Known[0] != "a" {
		t.Errorf("ZonesOf = %v", z)
	}
	if z.AtLeast(2) != True || z.AtLeast(3) != False {
		t.Errorf("AtLeast on known zones is wrong")
	}
	pending := ZonesOf("a").Union(Zones{Unknown: true})
	if pending.AtLeast(2) != Unknown || pending.AtLeast(1) != True {
		t.Errorf("AtLeast with unknown zones is wrong: %v", pending)
	}
}

func TestValueSensitive(t *testing.T) {
	obj := cty.ObjectVal(map[string]cty.Value{
		"password": cty.StringVal("hunter2").Mark(Sensitive),
		"user":     cty.StringVal("admin"),
		"nested": cty.ObjectVal(map[string]cty.Value{
			"keys": cty.TupleVal([]cty.Value{cty.StringVal("AKIA0000").Mark(Sensitive), cty.StringVal("plain")}),
		}),
		"whole": cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x")}).Mark(Sensitive),
		"other": cty.StringVal("y").Mark("some other mark"),
	})
	v := ValueOf(obj)
	for _, c := range []struct {
		path string
		want bool
	}{
		{"password", true},
		{"user", false},
		{"nested", false},
		{"nested.keys.0", true},
		{"nested.keys.1", false},
		{"whole", true},
		{"whole.a", true}, // a part of a sensitive value is sensitive
		{"other", false},
		{"missing", false},
	} {
		if got := v.Path(c.path).Sensitive(); got != c.want {
			t.Errorf("%s: Sensitive() = %v, want %v", c.path, got, c.want)
		}
	}
	if s, ok := v.Get("password").Str(); !ok || s != "hunter2" {
		t.Errorf("a sensitive string still reads as itself: got %q, %v", s, ok)
	}
	if v.Cty().ContainsMarked() {
		t.Error("Cty() must return an unmarked value, so callers can read it freely")
	}
	elems, _ := v.Path("nested.keys").Elems()
	if len(elems) != 2 || !elems[0].Sensitive() || elems[1].Sensitive() {
		t.Errorf("Elems sensitivity = %v", elems)
	}
}

func TestValueType(t *testing.T) {
	obj := ValueOf(cty.ObjectVal(map[string]cty.Value{"s": cty.StringVal("x").Mark(Sensitive), "n": cty.NumberIntVal(1)}))
	for _, tc := range []struct {
		v    Value
		want cty.Type
	}{
		{obj.Get("s"), cty.String},
		{obj.Get("n"), cty.Number},
		{obj.Get("missing"), cty.NilType},
		{UnknownValue(), cty.DynamicPseudoType},
	} {
		if got := tc.v.Type(); !got.Equals(tc.want) {
			t.Errorf("%#v.Type() = %#v, want %#v", tc.v, got, tc.want)
		}
	}
}
