package terraform

import (
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
	if e, ok := expr.(hclsyntax.Expression); ok {
		return syntaxRefs(e)
	}
	return expr.Variables()
}

// bodyRefs returns every reference made anywhere in a resource or module
// body, leaving out the iterators of dynamic blocks (bound names) and
// Terraform's own nested blocks and the named top-level arguments (skip),
// which name things without being expressions.
func bodyRefs(body hcl.Body, skip ...string) []hcl.Traversal {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		var out []hcl.Traversal
		for name, a := range bodyAttrs(body) {
			if !contains(skip, name) {
				out = append(out, a.Expr.Variables()...)
			}
		}
		return out
	}
	var c refCollector
	for name, a := range sb.Attributes {
		if !contains(skip, name) {
			walkExpr(a.Expr, nil, &c)
		}
	}
	c.blocks(sb.Blocks)
	return c.out
}

// blocks collects the references of nested blocks.
func (c *refCollector) blocks(blocks hclsyntax.Blocks) {
	for _, b := range blocks {
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
					walkExpr(a.Expr, nil, c)
				}
			}
			outer := c.skip
			c.skip = append(outer[:len(outer):len(outer)], iter)
			for _, inner := range b.Body.Blocks {
				if inner.Type == "content" {
					c.body(inner.Body)
				}
			}
			c.skip = outer
		default:
			c.body(b.Body)
		}
	}
}

// body collects the references of a nested block's body.
func (c *refCollector) body(b *hclsyntax.Body) {
	for _, a := range b.Attributes {
		walkExpr(a.Expr, nil, c)
	}
	c.blocks(b.Blocks)
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

// use is a reference an expression makes and the item it names, parsed
// once: the same references are looked up for every instance of a block.
type use struct {
	tr  hcl.Traversal
	ref ref
	ok  bool // false for count, each, path and the like
}

func usesOf(trs []hcl.Traversal) []use {
	if len(trs) == 0 {
		return nil
	}
	out := make([]use, len(trs))
	for i, tr := range trs {
		r, ok := refOf(tr)
		out[i] = use{tr: tr, ref: r, ok: ok}
	}
	return out
}

// collectRefs records, in parallel, the references every item of every
// module makes, which order evaluation and scope its expressions.
func (l *loader) collectRefs() {
	var jobs []func()
	for _, dir := range sortedKeys(l.modules) {
		m := l.modules[dir]
		for _, r := range m.resources {
			jobs = append(jobs, func() {
				r.uses = usesOf(bodyRefs(r.body, "provider"))
				r.metaUses = usesOf(append(exprTraversals(r.count), exprTraversals(r.forEach)...))
			})
		}
		for _, c := range m.calls {
			jobs = append(jobs, func() {
				c.uses = usesOf(bodyRefs(c.body, "providers", "depends_on"))
				c.metaUses = usesOf(append(exprTraversals(c.count), exprTraversals(c.forEach)...))
				c.deps = append(c.uses[:len(c.uses):len(c.uses)], usesOf(c.dependsOn)...)
			})
		}
		for _, lc := range m.locals {
			jobs = append(jobs, func() { lc.uses = usesOf(exprTraversals(lc.expr)) })
		}
		for _, o := range m.outputs {
			jobs = append(jobs, func() { o.uses = usesOf(exprTraversals(o.expr)) })
		}
		for _, p := range m.providers {
			jobs = append(jobs, func() { p.uses = usesOf(bodyRefs(p.body, "alias", "version")) })
		}
	}
	l.parallel(len(jobs), func(i int) { jobs[i]() })
	for _, m := range l.modules {
		m.referenced = map[string]bool{}
		note := func(uses []use) {
			for _, u := range uses {
				if u.ok && u.ref.kind == refResource {
					m.referenced[u.ref.name] = true
				}
			}
		}
		for _, r := range m.resources {
			note(r.uses)
		}
		for _, c := range m.calls {
			note(c.deps)
		}
		for _, lc := range m.locals {
			note(lc.uses)
		}
		for _, o := range m.outputs {
			note(o.uses)
		}
		for _, p := range m.providers {
			note(p.uses)
		}
	}
}

// prescan walks every parsed file once, in parallel, to learn which
// functions the configuration calls and which attributes it reads from
// resources.
func (l *loader) prescan() {
	types := map[string]bool{}
	var files []*hcl.File
	for _, dir := range sortedKeys(l.modules) {
		m := l.modules[dir]
		for _, r := range m.resources {
			types[r.typ] = true
		}
		for _, name := range sortedKeys(m.files) {
			files = append(files, m.files[name])
		}
	}
	scans := make([]*fileScan, len(files))
	l.parallel(len(files), func(i int) {
		s := newFileScan(types)
		s.file(files[i])
		scans[i] = s
	})
	l.attrNames = map[string]map[string]bool{}
	l.loose = map[string]bool{}
	l.fnames = map[string]bool{}
	for _, s := range scans {
		for typ, names := range s.attrNames {
			set := l.attrNames[typ]
			if set == nil {
				set = map[string]bool{}
				l.attrNames[typ] = set
			}
			for n := range names {
				set[n] = true
			}
		}
		for n := range s.loose {
			l.loose[n] = true
		}
		for n := range s.fnames {
			l.fnames[n] = true
		}
	}
}

// fileScan is what prescan learns from one file.
type fileScan struct {
	types     map[string]bool // resource types the configuration declares; read only
	fnames    map[string]bool
	attrNames map[string]map[string]bool
	loose     map[string]bool

	// attributed are the relative traversals of splats whose attribute is
	// recorded against the splatted resource type.
	attributed map[*hclsyntax.RelativeTraversalExpr]bool
	// skip is set while walking provider, providers and depends_on, whose
	// references name things without reading values.
	skip bool
}

func newFileScan(types map[string]bool) *fileScan {
	return &fileScan{types: types, fnames: map[string]bool{}, attrNames: map[string]map[string]bool{}, loose: map[string]bool{}}
}

func (s *fileScan) file(f *hcl.File) {
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		// JSON: only the references are known, not the functions or the
		// splats.
		content, _, _ := f.Body.PartialContent(topSchema)
		for _, b := range content.Blocks {
			for _, a := range bodyAttrs(b.Body) {
				for _, tr := range a.Expr.Variables() {
					s.scope(tr)
				}
			}
		}
		return
	}
	s.body(body)
}

func (s *fileScan) body(b *hclsyntax.Body) {
	for _, a := range b.Attributes {
		s.skip = a.Name == "provider" || a.Name == "providers" || a.Name == "depends_on"
		walkExpr(a.Expr, nil, s)
	}
	s.skip = false
	for _, blk := range b.Blocks {
		s.body(blk.Body)
	}
}

func (s *fileScan) visit(n hclsyntax.Expression, _ []string) {
	switch e := n.(type) {
	case *hclsyntax.FunctionCallExpr:
		s.fnames[e.Name] = true
	case *hclsyntax.SplatExpr:
		src, ok1 := e.Source.(*hclsyntax.ScopeTraversalExpr)
		each, ok2 := e.Each.(*hclsyntax.RelativeTraversalExpr)
		if !ok1 || !ok2 {
			return
		}
		tr := src.Traversal
		switch root := tr.RootName(); {
		case s.types[root] && len(tr) == 2:
			if name, ok := firstAttr(each.Traversal, 0); ok {
				s.addAttr(root, name)
				s.attribute(each)
			}
		case root == "data" && len(tr) == 3:
			if typ, ok := tr[1].(hcl.TraverseAttr); ok {
				if name, ok := firstAttr(each.Traversal, 0); ok {
					s.addAttr("data."+typ.Name, name)
					s.attribute(each)
				}
			}
		}
	case *hclsyntax.RelativeTraversalExpr:
		if !s.attributed[e] {
			s.looseFrom(e.Traversal, 0)
		}
	case *hclsyntax.ScopeTraversalExpr:
		if !s.skip {
			s.scope(e.Traversal)
		}
	}
}

func (s *fileScan) attribute(e *hclsyntax.RelativeTraversalExpr) {
	if s.attributed == nil {
		s.attributed = map[*hclsyntax.RelativeTraversalExpr]bool{}
	}
	s.attributed[e] = true
}

func (s *fileScan) addAttr(typ, name string) {
	set := s.attrNames[typ]
	if set == nil {
		set = map[string]bool{}
		s.attrNames[typ] = set
	}
	set[name] = true
}

// looseFrom records the attribute names of a traversal from step i on.
func (s *fileScan) looseFrom(tr hcl.Traversal, i int) {
	for ; i < len(tr); i++ {
		if a, ok := tr[i].(hcl.TraverseAttr); ok {
			s.loose[a.Name] = true
		}
	}
}

// scope records what a reference from the module's scope reads.
func (s *fileScan) scope(tr hcl.Traversal) {
	switch root := tr.RootName(); {
	case root == "data":
		if typ, ok := tr[1%len(tr)].(hcl.TraverseAttr); ok && len(tr) > 3 {
			if name, ok := firstAttr(tr, 3); ok {
				s.addAttr("data."+typ.Name, name)
			}
		}
	case root == "module":
		s.looseFrom(tr, 3) // module.NAME.OUTPUT.attr
	case root == "var" || root == "local" || root == "each":
		s.looseFrom(tr, 2) // var.NAME.attr, each.value.attr
	case reservedRoots[root]:
	case s.types[root]:
		if name, ok := firstAttr(tr, 2); ok {
			s.addAttr(root, name)
		}
	default:
		// A for-expression variable (s.id), or a dynamic block's
		// iterator (ingress.value.id), whose key and value are not
		// resource attributes.
		if a, ok := tr[1%len(tr)].(hcl.TraverseAttr); ok && len(tr) > 1 && (a.Name == "key" || a.Name == "value") {
			s.looseFrom(tr, 2)
		} else {
			s.looseFrom(tr, 1)
		}
	}
}

// firstAttr returns the first attribute name at or after step i, skipping
// one index step (aws_subnet.a[0].id).
func firstAttr(tr hcl.Traversal, i int) (string, bool) {
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
