package tfplan

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

// Sensitivity: the HCL loader marks values that come from sensitive
// variables and outputs with infra.Sensitive, so that credential rules tell
// a secret handled properly from one written into the code. Plan JSON hides
// more than that: it marks every attribute the provider's schema calls
// sensitive (a password is sensitive even when written as a literal). So the
// mark here follows the configuration: an argument set by a constant is
// never marked; one that reads a sensitive variable or output is; one that
// reads a resource, a data source or a local (which plan JSON does not
// describe) is marked when the plan hides its value.

// sensitivity is what the references of an expression say about it.
type sensitivity uint8

const (
	notSensitive sensitivity = iota
	// ifHidden: the value comes from something the plan alone can judge.
	ifHidden
	sensitiveRef
)

// sensitivity judges references in scope sc.
func (k *linker) sensitivity(sc scope, refs []string, depth int) sensitivity {
	if depth > maxResolveDepth {
		return notSensitive
	}
	out := notSensitive
	for _, s := range refs {
		if strings.HasPrefix(s, "local.") {
			out = max(out, ifHidden)
			continue
		}
		r := k.parse(s)
		switch r.kind {
		case refResource:
			out = max(out, ifHidden)
		case refVar:
			if k.variableSensitive(sc.mod, r.name, depth) {
				return sensitiveRef
			}
		case refModule:
			for _, child := range sc.mod.children[r.name] {
				if child.cfg == nil {
					continue
				}
				if o := child.cfg.Outputs[r.output]; o != nil {
					if o.Sensitive {
						return sensitiveRef
					}
					if o.Expression != nil {
						out = max(out, k.sensitivity(scope{mod: child}, o.Expression.allRefs(), depth+1))
					}
				}
			}
		}
	}
	return out
}

// variableSensitive reports whether variable name of module instance m is
// declared sensitive, or is set from a sensitive value by its caller.
func (k *linker) variableSensitive(m *modInst, name string, depth int) bool {
	if m.cfg != nil {
		if v := m.cfg.Variables[name]; v != nil && v.Sensitive {
			return true
		}
	}
	if m.parent == nil || m.call == nil {
		return false
	}
	e := m.call.Expressions[name]
	if e == nil {
		return false
	}
	return k.sensitivity(scope{mod: m.parent}, e.allRefs(), depth+1) == sensitiveRef
}

// markSensitive marks the arguments of r that come from sensitive sources.
// attrs is r's value, unmarked.
func (k *linker) markSensitive(r *infra.Resource, attrs cty.Value, sc scope, rc *configResource) {
	var hidden any
	parsed := false
	changed := false
	walkExprs("", rc.Expressions, 0, func(path string, e *expr) {
		if len(e.Refs) == 0 {
			return
		}
		switch k.sensitivity(sc, e.Refs, 0) {
		case notSensitive:
			return
		case ifHidden:
			if !parsed {
				parsed = true
				if raw := k.sensitive[r.Addr]; len(raw) > 0 {
					d := json.NewDecoder(bytes.NewReader(raw))
					_ = d.Decode(&hidden) // the whole plan decoded: this is valid JSON
					if m, ok := hidden.(map[string]any); ok {
						hidden = permute(m, k.perms[r.Addr])
					}
				}
			}
			if !hiddenAt(hidden, strings.Split(path, ".")) {
				return
			}
		}
		if v, ok := markAt(attrs, strings.Split(path, "."), 0); ok {
			attrs, changed = v, true
		}
	})
	if changed {
		r.Attrs = infra.ValueOf(attrs)
	}
}

// hiddenAt reports whether sensitive_values hides the value at path or
// anything beneath it.
func hiddenAt(hidden any, path []string) bool {
	for _, step := range path {
		switch h := hidden.(type) {
		case bool:
			return h
		case map[string]any:
			hidden = h[step]
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(h) {
				return false
			}
			hidden = h[i]
		default:
			return false
		}
	}
	return containsTrue(hidden, 0)
}

func containsTrue(v any, depth int) bool {
	if depth > maxValueDepth {
		return false
	}
	switch v := v.(type) {
	case bool:
		return v
	case map[string]any:
		for _, e := range v {
			if containsTrue(e, depth+1) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if containsTrue(e, depth+1) {
				return true
			}
		}
	}
	return false
}

// markAt returns v with the value at path marked infra.Sensitive. It reports
// false when there is no value at path.
func markAt(v cty.Value, path []string, depth int) (cty.Value, bool) {
	if v.IsNull() || !v.IsKnown() || depth > maxValueDepth {
		return v, false
	}
	if len(path) == 0 {
		return v.Mark(infra.Sensitive), true
	}
	t := v.Type()
	switch {
	case t.IsObjectType():
		if !t.HasAttribute(path[0]) {
			return v, false
		}
		attrs := v.AsValueMap()
		a, ok := markAt(attrs[path[0]], path[1:], depth+1)
		if !ok {
			return v, false
		}
		attrs[path[0]] = a
		return cty.ObjectVal(attrs), true
	case t.IsTupleType():
		i, err := strconv.Atoi(path[0])
		elems := v.AsValueSlice()
		if err != nil || i < 0 || i >= len(elems) {
			return v, false
		}
		e, ok := markAt(elems[i], path[1:], depth+1)
		if !ok {
			return v, false
		}
		elems[i] = e
		return cty.TupleVal(elems), true
	}
	return v, false
}
