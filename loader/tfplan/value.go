package tfplan

import (
	"encoding/json"
	"math/big"
	"sort"

	"github.com/zclconf/go-cty/cty"
)

// ctyValue converts a JSON value, as decoded with UseNumber, into a cty value
// without a schema: objects become objects, arrays tuples. unknown is the
// matching part of a change's after_unknown: true where the value is only
// known after apply, or an object or array of the same shape as the value
// whose leaves say so. Attributes that after_unknown names but the value
// lacks (Terraform leaves unknown attributes out of planned values) are added
// as unknown.
func ctyValue(v any, unknown any) cty.Value {
	return shapedValue(v, unknown, nil)
}

// shape is what a resource's configuration sets: the arguments it has an
// expression for, and beneath nested blocks the arguments that any block of
// that type sets. A nil shape means the configuration is not known.
type shape map[string]shape

// leafShape stands for an argument set by an expression: nothing beneath it
// is pruned.
var leafShape = shape(nil)

// shapeOf returns the shape of a block's expressions.
func shapeOf(exprs map[string]*expr) shape {
	sh := shape{}
	for name, e := range exprs {
		switch {
		case e == nil:
		case e.leaf():
			sh[name] = leafShape
		case e.Blocks != nil:
			sub := sh[name]
			if sub == nil {
				sub = shape{}
			}
			for _, b := range e.Blocks {
				sub.merge(shapeOf(b))
			}
			sh[name] = sub
		default:
			sub := sh[name]
			if sub == nil {
				sub = shape{}
			}
			sub.merge(shapeOf(e.Block))
			sh[name] = sub
		}
	}
	return sh
}

func (sh shape) merge(o shape) {
	for name, sub := range o {
		if cur, ok := sh[name]; ok && cur != nil && sub != nil {
			cur.merge(sub)
			continue
		}
		if _, ok := sh[name]; !ok || sub == nil {
			sh[name] = sub
		}
	}
}

// shapedValue is ctyValue that also drops what the provider alone will
// compute: an object attribute that is unknown as a whole, which the
// configuration does not set (sh names the object's configured attributes),
// becomes null, as it is absent when the same configuration is read as HCL.
// Rules then apply the provider's default to both alike: without this, a
// database whose configuration leaves multi_az out would read as "multi_az
// unknown" from a plan and "multi_az absent, so false" from its HCL.
func shapedValue(v any, unknown any, sh shape) cty.Value {
	if u, ok := unknown.(bool); ok && u {
		return cty.DynamicVal
	}
	switch v := v.(type) {
	case nil:
		return ctyUnknownOnly(unknown)
	case bool:
		return cty.BoolVal(v)
	case string:
		return cty.StringVal(v)
	case json.Number:
		return ctyNumber(v)
	case float64:
		return cty.NumberFloatVal(v)
	case []any:
		// The elements of a list of nested blocks share the block's shape.
		u, _ := unknown.([]any)
		elems := make([]cty.Value, len(v))
		for i, e := range v {
			var ue any
			if i < len(u) {
				ue = u[i]
			}
			elems[i] = shapedValue(e, ue, sh)
		}
		return tuple(elems)
	case map[string]any:
		u, _ := unknown.(map[string]any)
		attrs := make(map[string]cty.Value, len(v)+len(u))
		for k, e := range v {
			attrs[k] = shapedValue(e, u[k], sh.sub(k))
		}
		for k, ue := range u {
			if _, ok := attrs[k]; !ok {
				attrs[k] = ctyUnknownOnly(ue)
			}
		}
		if sh != nil {
			for k, a := range attrs {
				if _, set := sh[k]; !set && !a.IsKnown() {
					attrs[k] = cty.NullVal(cty.DynamicPseudoType)
				}
			}
		}
		return cty.ObjectVal(attrs)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

// sub returns the shape beneath attribute name: nil (keep everything) unless
// name holds configured nested blocks.
func (sh shape) sub(name string) shape {
	if sh == nil {
		return nil
	}
	return sh[name]
}

// ctyUnknownOnly is the value of something absent or null in the planned
// values: unknown when after_unknown says so, null otherwise. (Terraform
// writes an after_unknown shape — an object or array — only beside a value
// that is present.)
func ctyUnknownOnly(unknown any) cty.Value {
	if u, ok := unknown.(bool); ok && u {
		return cty.DynamicVal
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

func tuple(elems []cty.Value) cty.Value {
	if len(elems) == 0 {
		return cty.EmptyTupleVal
	}
	return cty.TupleVal(elems)
}

func ctyNumber(n json.Number) cty.Value {
	// cty.ParseNumberVal would accept forms JSON does not; the decoder has
	// already checked the syntax, so parse the digits exactly.
	f, _, err := big.ParseFloat(string(n), 10, 512, big.ToNearestEven)
	if err != nil {
		return cty.NullVal(cty.Number)
	}
	return cty.NumberVal(f)
}

// sortedKeys returns the keys of m in order, so that walks are deterministic.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
