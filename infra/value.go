package infra

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// Tri is a three-state answer: yes, no, or not known until apply. Rules fire
// only on a definite answer. The zero value is Unknown, so an answer nobody
// computed never reads as false.
type Tri int8

const (
	// Unknown means the answer depends on a value only known after apply.
	Unknown Tri = iota
	// False is a definite no.
	False
	// True is a definite yes.
	True
)

// TriOf returns True or False.
func TriOf(b bool) Tri {
	if b {
		return True
	}
	return False
}

// Not negates a definite answer and keeps Unknown.
func (t Tri) Not() Tri {
	switch t {
	case True:
		return False
	case False:
		return True
	}
	return Unknown
}

// And is three-valued conjunction: False wins over Unknown.
func (t Tri) And(u Tri) Tri {
	if t == False || u == False {
		return False
	}
	if t == True && u == True {
		return True
	}
	return Unknown
}

// Or is three-valued disjunction: True wins over Unknown.
func (t Tri) Or(u Tri) Tri {
	if t == True || u == True {
		return True
	}
	if t == False && u == False {
		return False
	}
	return Unknown
}

func (t Tri) String() string {
	switch t {
	case True:
		return "true"
	case False:
		return "false"
	}
	return "unknown"
}

// Value is an attribute value in one of three states: known, unknown until
// apply, or absent (never set, or set to null — Terraform does not tell the
// two apart). The zero Value is absent.
//
// Nested blocks are lists of objects under the block type's name, whether
// they came from HCL blocks or from plan JSON, so rules read both alike.
type Value struct {
	v         cty.Value // never marked at the top level; elements may carry Sensitive
	sensitive bool
}

// Sensitive is the cty mark loaders put on values that come from sensitive
// variables, sensitive outputs or sensitive(): secrets the configuration
// handles properly, which credential rules must not report. ValueOf keeps it
// on nested values, so Get, Index and Elems can tell which parts carry it.
const Sensitive = sensitiveMark("sensitive")

type sensitiveMark string

// Absent is the absent value.
var Absent = Value{}

// ValueOf wraps a cty value. Null becomes absent. Marks are dropped except
// Sensitive, which Sensitive reports.
func ValueOf(v cty.Value) Value {
	if v == cty.NilVal || v.IsNull() {
		return Value{}
	}
	v, marks := v.Unmark()
	_, sens := marks[Sensitive]
	return Value{v: v, sensitive: sens}
}

// Sensitive reports whether the value came from a sensitive source as a
// whole (a sensitive variable, or an expression using one).
func (v Value) Sensitive() bool { return v.sensitive }

// UnknownValue returns a value only known after apply.
func UnknownValue() Value { return Value{v: cty.DynamicVal} }

// inner wraps a part of v: a part of a sensitive value is sensitive too.
func (v Value) inner(c cty.Value) Value {
	w := ValueOf(c)
	w.sensitive = w.sensitive || v.sensitive && !w.IsAbsent()
	return w
}

// Cty returns the underlying cty value, without marks; cty.NilVal when
// absent.
func (v Value) Cty() cty.Value {
	if v.v != cty.NilVal && v.v.ContainsMarked() {
		u, _ := v.v.UnmarkDeep()
		return u
	}
	return v.v
}

// Type returns the value's cty type (cty.DynamicPseudoType when wholly
// unknown), or cty.NilType when absent. It is cheap, unlike Cty on a
// collection, so code walking many values can test for strings first.
func (v Value) Type() cty.Type {
	if v.v == cty.NilVal {
		return cty.NilType
	}
	return v.v.Type()
}

// IsAbsent reports whether the value was never set.
func (v Value) IsAbsent() bool { return v.v == cty.NilVal }

// IsUnknown reports whether the value as a whole is known only after apply.
func (v Value) IsUnknown() bool { return v.v != cty.NilVal && !v.v.IsKnown() }

// IsKnown reports whether the value is present and known at its top level
// (elements may still be unknown).
func (v Value) IsKnown() bool { return v.v != cty.NilVal && v.v.IsKnown() }

// IsWhollyKnown reports whether the value is present and known all the way
// down.
func (v Value) IsWhollyKnown() bool { return v.v != cty.NilVal && v.v.IsWhollyKnown() }

// Get returns the attribute or map element name. Asking an unknown value
// gives unknown; asking an absent value, or one without that attribute, gives
// absent.
func (v Value) Get(name string) Value {
	if v.IsAbsent() {
		return Value{}
	}
	if v.IsUnknown() {
		return UnknownValue()
	}
	t := v.v.Type()
	switch {
	case t.IsObjectType():
		if !t.HasAttribute(name) {
			return Value{}
		}
		return v.inner(v.v.GetAttr(name))
	case t.IsMapType():
		k := cty.StringVal(name)
		if v.v.HasIndex(k).True() {
			return v.inner(v.v.Index(k))
		}
	}
	return Value{}
}

// Path follows a dotted path of attribute names and list indexes, such as
// "ingress.0.from_port".
func (v Value) Path(path string) Value {
	for more := true; more; {
		var step string
		step, path, more = strings.Cut(path, ".")
		if i, err := strconv.Atoi(step); err == nil {
			v = v.Index(i)
		} else {
			v = v.Get(step)
		}
	}
	return v
}

// Index returns element i of a list or tuple.
func (v Value) Index(i int) Value {
	if v.IsAbsent() {
		return Value{}
	}
	if v.IsUnknown() {
		return UnknownValue()
	}
	t := v.v.Type()
	if !t.IsListType() && !t.IsTupleType() {
		return Value{}
	}
	k := cty.NumberIntVal(int64(i))
	if i < 0 || !v.v.HasIndex(k).True() {
		return Value{}
	}
	return v.inner(v.v.Index(k))
}

// Elems returns the elements of a list, set or tuple, or the values of a map
// or object in key order. known is false when the collection itself is
// unknown; a value that is not a collection gives itself as one element, as
// Terraform converts a single value where a list is expected.
func (v Value) Elems() (elems []Value, known bool) {
	if v.IsAbsent() {
		return nil, true
	}
	if v.IsUnknown() {
		return nil, false
	}
	t := v.v.Type()
	if !t.IsListType() && !t.IsSetType() && !t.IsTupleType() && !t.IsMapType() && !t.IsObjectType() {
		return []Value{v}, true
	}
	for it := v.v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		elems = append(elems, v.inner(e))
	}
	return elems, true
}

// Keys returns the keys of a map or object, sorted. known is false when the
// value is unknown.
func (v Value) Keys() (keys []string, known bool) {
	if v.IsAbsent() {
		return nil, true
	}
	if v.IsUnknown() {
		return nil, false
	}
	t := v.v.Type()
	if !t.IsMapType() && !t.IsObjectType() {
		return nil, true
	}
	for it := v.v.ElementIterator(); it.Next(); {
		k, _ := it.Element()
		keys = append(keys, k.AsString())
	}
	return keys, true
}

// Str returns the value as a string when it is known and a string, number or
// bool (Terraform converts between them freely).
func (v Value) Str() (string, bool) {
	if !v.IsKnown() {
		return "", false
	}
	switch v.v.Type() {
	case cty.String:
		return v.v.AsString(), true
	case cty.Number:
		return v.v.AsBigFloat().Text('f', -1), true
	case cty.Bool:
		return strconv.FormatBool(v.v.True()), true
	}
	return "", false
}

// Int returns the value as an integer when it is known and a whole number, or
// a string holding one.
func (v Value) Int() (int64, bool) {
	if !v.IsKnown() {
		return 0, false
	}
	switch v.v.Type() {
	case cty.Number:
		i, acc := v.v.AsBigFloat().Int64()
		return i, acc == big.Exact
	case cty.String:
		i, err := strconv.ParseInt(strings.TrimSpace(v.v.AsString()), 10, 64)
		return i, err == nil
	}
	return 0, false
}

// Bool returns the value as a tri-state: Unknown when unknown, absent, or not
// convertible to a bool.
func (v Value) Bool() Tri {
	if !v.IsKnown() {
		return Unknown
	}
	switch v.v.Type() {
	case cty.Bool:
		return TriOf(v.v.True())
	case cty.String:
		if b, err := strconv.ParseBool(v.v.AsString()); err == nil {
			return TriOf(b)
		}
	}
	return Unknown
}

// BoolOr is Bool with def standing in for an absent value, the way a
// provider's default does.
func (v Value) BoolOr(def bool) Tri {
	if v.IsAbsent() {
		return TriOf(def)
	}
	return v.Bool()
}

// IntOr is Int with def standing in for an absent value. ok is false when the
// value is unknown or not a whole number.
func (v Value) IntOr(def int64) (n int64, ok bool) {
	if v.IsAbsent() {
		return def, true
	}
	return v.Int()
}

// StrOr is Str with def standing in for an absent value.
func (v Value) StrOr(def string) (s string, ok bool) {
	if v.IsAbsent() {
		return def, true
	}
	return v.Str()
}

// Strings returns the known string elements of a collection (or a single
// string). known is false when the collection or any element is unknown.
func (v Value) Strings() (ss []string, known bool) {
	elems, known := v.Elems()
	if !known {
		return nil, false
	}
	for _, e := range elems {
		s, ok := e.Str()
		if !ok {
			if e.IsAbsent() {
				continue
			}
			known = false
			continue
		}
		ss = append(ss, s)
	}
	return ss, known
}

// GoString renders the value for debugging and test failures.
func (v Value) GoString() string {
	switch {
	case v.IsAbsent():
		return "absent"
	case v.IsUnknown():
		return "unknown"
	}
	return v.v.GoString()
}
