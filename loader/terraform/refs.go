package terraform

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// reservedRoots are the root names of references that do not name a
// resource.
var reservedRoots = map[string]bool{
	"var": true, "local": true, "module": true, "data": true, "count": true, "each": true,
	"path": true, "terraform": true, "self": true, "ephemeral": true,
}

// exprTraversals returns the references an expression makes.
func exprTraversals(expr hcl.Expression) []hcl.Traversal {
	if expr == nil {
		return nil
	}
	return expr.Variables()
}

// bodyRefs returns every reference made anywhere in a resource or module
// body, leaving out the iterators of dynamic blocks (bound names) and
// Terraform's own nested blocks and the named top-level arguments (skip),
// which name things without being expressions.
func bodyRefs(body hcl.Body, bound []string, skip ...string) []hcl.Traversal {
	var out []hcl.Traversal
	add := func(trs []hcl.Traversal) {
		for _, tr := range trs {
			if !contains(bound, tr.RootName()) {
				out = append(out, tr)
			}
		}
	}
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		for name, a := range bodyAttrs(body) {
			if !contains(skip, name) {
				add(a.Expr.Variables())
			}
		}
		return out
	}
	for name, a := range sb.Attributes {
		if !contains(skip, name) {
			add(hclsyntax.Variables(a.Expr))
		}
	}
	for _, b := range sb.Blocks {
		switch {
		case metaBlocks[b.Type]:
		case b.Type == "dynamic" && len(b.Labels) == 1:
			iter := b.Labels[0]
			for name, a := range b.Body.Attributes {
				switch name {
				case "iterator":
					if tr, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() && len(tr) == 1 {
						iter = tr.RootName()
					}
				default:
					add(hclsyntax.Variables(a.Expr))
				}
			}
			inner := append(append([]string(nil), bound...), iter)
			for _, c := range b.Body.Blocks {
				if c.Type == "content" {
					out = append(out, bodyRefs(c.Body, inner)...)
				}
			}
		default:
			out = append(out, bodyRefs(b.Body, bound)...)
		}
	}
	return out
}

// refOf names the item of a module a reference points to. ok is false for
// references to count, each, path and the like.
func refOf(tr hcl.Traversal) (ref, bool) {
	if len(tr) == 0 {
		return ref{}, false
	}
	root := tr.RootName()
	attr := func(i int) (string, bool) {
		if i >= len(tr) {
			return "", false
		}
		a, ok := tr[i].(hcl.TraverseAttr)
		return a.Name, ok
	}
	switch root {
	case "var", "local", "module":
		name, ok := attr(1)
		if !ok {
			return ref{}, false
		}
		kind := map[string]refKind{"var": refVar, "local": refLocal, "module": refModule}[root]
		return ref{kind, name}, true
	case "data":
		typ, ok1 := attr(1)
		name, ok2 := attr(2)
		if !ok1 || !ok2 {
			return ref{}, false
		}
		return ref{refResource, "data." + typ + "." + name}, true
	}
	if reservedRoots[root] {
		return ref{}, false
	}
	name, ok := attr(1)
	if !ok {
		return ref{}, false
	}
	return ref{refResource, root + "." + name}, true
}

// prescan walks every parsed module once to learn which functions the
// configuration calls and which attributes it reads from resources.
func (l *loader) prescan() {
	l.attrNames = map[string]map[string]bool{}
	l.loose = map[string]bool{}
	l.fnames = map[string]bool{}
	types := map[string]bool{}
	for _, m := range l.modules {
		for _, r := range m.resources {
			types[r.typ] = true
		}
	}
	addAttr := func(typ, name string) {
		set := l.attrNames[typ]
		if set == nil {
			set = map[string]bool{}
			l.attrNames[typ] = set
		}
		set[name] = true
	}
	// firstAttr returns the first attribute name at or after step i,
	// skipping one index step (aws_subnet.a[0].id).
	firstAttr := func(tr hcl.Traversal, i int) (string, bool) {
		if i < len(tr) {
			if _, ok := tr[i].(hcl.TraverseIndex); ok {
				i++
			}
		}
		if i < len(tr) {
			if a, ok := tr[i].(hcl.TraverseAttr); ok {
				return a.Name, true
			}
		}
		return "", false
	}
	looseFrom := func(tr hcl.Traversal, i int) {
		for ; i < len(tr); i++ {
			if a, ok := tr[i].(hcl.TraverseAttr); ok {
				l.loose[a.Name] = true
			}
		}
	}
	scope := func(tr hcl.Traversal) {
		switch root := tr.RootName(); {
		case root == "data":
			if typ, ok := tr[1%len(tr)].(hcl.TraverseAttr); ok && len(tr) > 3 {
				if name, ok := firstAttr(tr, 3); ok {
					addAttr("data."+typ.Name, name)
				}
			}
		case root == "module":
			looseFrom(tr, 3) // module.NAME.OUTPUT.attr
		case root == "var" || root == "local" || root == "each":
			looseFrom(tr, 2) // var.NAME.attr, each.value.attr
		case reservedRoots[root]:
		case types[root]:
			if name, ok := firstAttr(tr, 2); ok {
				addAttr(root, name)
			}
		default:
			// A for-expression variable (s.id), or a dynamic block's
			// iterator (ingress.value.id), whose key and value are not
			// resource attributes.
			if a, ok := tr[1%len(tr)].(hcl.TraverseAttr); ok && len(tr) > 1 && (a.Name == "key" || a.Name == "value") {
				looseFrom(tr, 2)
			} else {
				looseFrom(tr, 1)
			}
		}
	}
	for _, m := range l.modules {
		for _, f := range m.files {
			body, ok := f.Body.(*hclsyntax.Body)
			if !ok {
				// JSON: only the references are known, not the
				// functions or the splats.
				content, _, _ := f.Body.PartialContent(topSchema)
				for _, b := range content.Blocks {
					for _, a := range bodyAttrs(b.Body) {
						for _, tr := range a.Expr.Variables() {
							scope(tr)
						}
					}
				}
				continue
			}
			attributed := map[*hclsyntax.RelativeTraversalExpr]bool{}
			var skip []hcl.Range // provider references, which are not values
			hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
				switch e := n.(type) {
				case *hclsyntax.Attribute:
					if e.Name == "provider" || e.Name == "providers" || e.Name == "depends_on" {
						skip = append(skip, e.Expr.Range())
					}
				case *hclsyntax.FunctionCallExpr:
					l.fnames[e.Name] = true
				case *hclsyntax.SplatExpr:
					src, ok1 := e.Source.(*hclsyntax.ScopeTraversalExpr)
					each, ok2 := e.Each.(*hclsyntax.RelativeTraversalExpr)
					if !ok1 || !ok2 {
						return nil
					}
					tr := src.Traversal
					switch root := tr.RootName(); {
					case types[root] && len(tr) == 2:
						if name, ok := firstAttr(each.Traversal, 0); ok {
							addAttr(root, name)
							attributed[each] = true
						}
					case root == "data" && len(tr) == 3:
						if typ, ok := tr[1].(hcl.TraverseAttr); ok {
							if name, ok := firstAttr(each.Traversal, 0); ok {
								addAttr("data."+typ.Name, name)
								attributed[each] = true
							}
						}
					}
				case *hclsyntax.RelativeTraversalExpr:
					if !attributed[e] {
						looseFrom(e.Traversal, 0)
					}
				case *hclsyntax.ScopeTraversalExpr:
					if !slices.ContainsFunc(skip, func(r hcl.Range) bool { return r.ContainsOffset(e.SrcRange.Start.Byte) }) {
						scope(e.Traversal)
					}
				}
				return nil
			})
		}
	}
}
