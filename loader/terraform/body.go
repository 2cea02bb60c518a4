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
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		// JSON: without the provider's schema, nested blocks cannot be told
		// from object arguments; everything is an argument.
		attrs := map[string]cty.Value{}
		for name, a := range bodyAttrs(body) {
			if top && metaArgs[name] {
				continue
			}
			attrs[name] = in.evalAttr(a.Expr, ctx, from, prefix, name)
		}
		return attrs
	}
	attrs := make(map[string]cty.Value, len(sb.Attributes)+len(sb.Blocks))
	for name, a := range sb.Attributes {
		if top && metaArgs[name] {
			if name == "depends_on" {
				in.dependsOn(a.Expr, ctx, from)
			}
			continue
		}
		attrs[name] = in.evalAttr(a.Expr, ctx, from, prefix, name)
	}
	if len(sb.Blocks) == 0 {
		return attrs
	}
	// Blocks of one type, static and dynamic, in source order; a body has
	// few types, so a slice finds them faster than a map.
	var groups []*blockGroup
	for _, b := range sb.Blocks {
		switch {
		case metaBlocks[b.Type] && top:
			continue
		case b.Type == "dynamic" && len(b.Labels) == 1:
			typ := b.Labels[0]
			g := groupOf(&groups, typ)
			in.evalDynamic(b, ctx, from, prefix+typ, g)
		default:
			g := groupOf(&groups, b.Type)
			g.elems = append(g.elems, in.evalBody(b.Body, ctx, from, prefix+b.Type+"."+strconv.Itoa(len(g.elems))+".", false))
		}
	}
	for _, g := range groups {
		if _, clash := attrs[g.typ]; clash {
			continue
		}
		switch {
		case g.unknown:
			attrs[g.typ] = cty.DynamicVal
		case len(g.elems) == 0:
			attrs[g.typ] = cty.EmptyTupleVal
		default:
			attrs[g.typ] = cty.TupleVal(g.elems)
		}
	}
	return attrs
}

// blockGroup is the nested blocks of one type in a body, static and
// dynamic: their objects, or unknown when a dynamic block's for_each is.
type blockGroup struct {
	typ     string
	elems   []cty.Value
	unknown bool
}

// add appends the object of a block, unless the group is already unknown.
func (g *blockGroup) add(v cty.Value) {
	if !g.unknown {
		g.elems = append(g.elems, v)
	}
}

func groupOf(groups *[]*blockGroup, typ string) *blockGroup {
	for _, g := range *groups {
		if g.typ == typ {
			return g
		}
	}
	g := &blockGroup{typ: typ}
	*groups = append(*groups, g)
	return g
}

// evalAttr evaluates one argument and records the edges its marks make, at
// path prefix+name.
func (in *instance) evalAttr(expr hcl.Expression, ctx *hcl.EvalContext, from infra.Address, prefix, name string) cty.Value {
	v, marks := unmark(in.value(expr, ctx))
	if len(marks) > 0 {
		in.l.edgesFromMarks(from, prefix+name, marks)
	}
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

// evalDynamic expands a dynamic block into g: the object of each block it
// makes, or unknown when the blocks cannot be known before apply.
func (in *instance) evalDynamic(b *hclsyntax.Block, ctx *hcl.EvalContext, from infra.Address, path string, g *blockGroup) {
	start := len(g.elems)
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
		g.unknown = true
		return
	}
	if top.LengthInt() > maxInstances {
		g.unknown = true
		return
	}
	i := 0
	for it := top.ElementIterator(); it.Next(); i++ {
		k, v := it.Element()
		v = v.WithMarks(topMarks)
		g.add(in.evalBody(content.Body, each(k, v), from, path+"."+strconv.Itoa(start+i)+".", false))
	}
}
