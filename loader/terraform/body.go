package terraform

import (
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

// evalBody evaluates the arguments and nested blocks of a resource body into
// an object: nested blocks become a tuple of objects under the block type's
// name, the shape plan JSON gives them. The marks of each argument become
// edges from the resource at the argument's path (prefix plus name); the
// object returned keeps only sensitive marks.
func (in *instance) evalBody(body hcl.Body, ctx *hcl.EvalContext, from infra.Address, prefix string, top bool) cty.Value {
	return cty.ObjectVal(in.evalBodyMap(body, ctx, from, prefix, top))
}

// evalBodyMap is evalBody before the attributes become an object.
func (in *instance) evalBodyMap(body hcl.Body, ctx *hcl.EvalContext, from infra.Address, prefix string, top bool) map[string]cty.Value {
	attrs := map[string]cty.Value{}
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		// JSON: without the provider's schema, nested blocks cannot be told
		// from object arguments; everything is an argument.
		for name, a := range bodyAttrs(body) {
			if top && metaArgs[name] {
				continue
			}
			attrs[name] = in.evalAttr(a.Expr, ctx, from, prefix+name)
		}
		return attrs
	}
	for name, a := range sb.Attributes {
		if top && metaArgs[name] {
			if name == "depends_on" {
				in.dependsOn(a.Expr, ctx, from)
			}
			continue
		}
		attrs[name] = in.evalAttr(a.Expr, ctx, from, prefix+name)
	}
	// Blocks of one type, static and dynamic, in source order.
	type group struct {
		elems   []cty.Value
		unknown bool
		marks   cty.ValueMarks
	}
	var groups map[string]*group
	var order []string
	get := func(typ string) *group {
		g := groups[typ]
		if g == nil {
			if groups == nil {
				groups = map[string]*group{}
			}
			g = &group{}
			groups[typ] = g
			order = append(order, typ)
		}
		return g
	}
	for _, b := range sb.Blocks {
		switch {
		case metaBlocks[b.Type] && top:
			continue
		case b.Type == "dynamic" && len(b.Labels) == 1:
			typ := b.Labels[0]
			g := get(typ)
			in.evalDynamic(b, ctx, from, prefix+typ, len(g.elems), func(v cty.Value) {
				if !g.unknown {
					g.elems = append(g.elems, v)
				}
			}, func(marks cty.ValueMarks) {
				g.unknown = true
				g.marks = marks
			})
		default:
			g := get(b.Type)
			g.elems = append(g.elems, in.evalBody(b.Body, ctx, from, prefix+b.Type+"."+strconv.Itoa(len(g.elems))+".", false))
		}
	}
	for _, typ := range order {
		g := groups[typ]
		if _, clash := attrs[typ]; clash {
			continue
		}
		switch {
		case g.unknown:
			attrs[typ] = cty.DynamicVal
		case len(g.elems) == 0:
			attrs[typ] = cty.EmptyTupleVal
		default:
			attrs[typ] = cty.TupleVal(g.elems)
		}
	}
	return attrs
}

// evalAttr evaluates one argument and records the edges its marks make.
func (in *instance) evalAttr(expr hcl.Expression, ctx *hcl.EvalContext, from infra.Address, path string) cty.Value {
	v, marks := unmark(in.value(expr, ctx))
	in.l.edgesFromMarks(from, path, marks)
	return v
}

// dependsOn records edges for depends_on, which names resources without
// reading them.
func (in *instance) dependsOn(expr hcl.Expression, ctx *hcl.EvalContext, from infra.Address) {
	exprs, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		return
	}
	for _, e := range exprs {
		tr, diags := hcl.AbsTraversalForExpr(e)
		if diags.HasErrors() {
			continue
		}
		if r, ok := refOf(tr); ok && r.kind == refResource {
			if v, ok := in.vals[r]; ok {
				_, marks := v.UnmarkDeep()
				in.l.edgesFromMarks(from, "depends_on", marks)
			}
		}
	}
}

// evalDynamic expands a dynamic block, calling add with the object of each
// block it makes, or unknown with the marks of its for_each when the blocks
// cannot be known before apply.
func (in *instance) evalDynamic(b *hclsyntax.Block, ctx *hcl.EvalContext, from infra.Address, path string, start int, add func(cty.Value), unknown func(cty.ValueMarks)) {
	iter := b.Labels[0]
	var forEach hcl.Expression
	for name, a := range b.Body.Attributes {
		switch name {
		case "for_each":
			forEach = a.Expr
		case "iterator":
			if tr, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() && len(tr) == 1 {
				iter = tr.RootName()
			} else {
				in.l.warnf(a.Expr.Range(), "Invalid dynamic iterator", "iterator must be a single name")
			}
		}
	}
	var content *hclsyntax.Block
	for _, c := range b.Body.Blocks {
		if c.Type == "content" {
			content = c
		}
	}
	if forEach == nil || content == nil {
		in.l.warnf(b.TypeRange, "Incomplete dynamic block", "a dynamic block needs a for_each argument and a content block; this one is ignored")
		return
	}
	fe := in.value(forEach, ctx)
	top, topMarks := fe.Unmark()
	_, allMarks := unmark(fe)
	in.l.edgesFromMarks(from, path, allMarks)
	each := func(k, v cty.Value) *hcl.EvalContext {
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})}
		return child
	}
	if !top.IsKnown() || top.IsNull() || !top.CanIterateElements() {
		if top.IsKnown() && !top.IsNull() {
			in.l.warnf(forEach.Range(), "Invalid dynamic for_each", "for_each of a dynamic block must be a collection, not %s; its blocks are treated as unknown", top.Type().FriendlyName())
		}
		// Still evaluate the content once for the references it makes.
		in.evalBody(content.Body, each(cty.DynamicVal, cty.DynamicVal), from, path+".", false)
		unknown(allMarks)
		return
	}
	if top.LengthInt() > maxInstances {
		unknown(allMarks)
		return
	}
	i := 0
	for it := top.ElementIterator(); it.Next(); i++ {
		k, v := it.Element()
		v = v.WithMarks(topMarks)
		add(in.evalBody(content.Body, each(k, v), from, path+"."+strconv.Itoa(start+i)+".", false))
	}
}
