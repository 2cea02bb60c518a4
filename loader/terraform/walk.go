package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// exprVisitor is called by walkExpr for an expression and, parents first,
// every expression inside it, with the names the enclosing for-expressions
// bind (innermost last).
type exprVisitor interface {
	visit(e hclsyntax.Expression, bound []string)
}

// walkExpr walks an expression as hclsyntax.Walk does, in the same order,
// but without a closure per node: the loader walks every expression of a
// configuration, and hcl's walk was an eighth of all its allocations. Node
// types this walker does not know (a newer hcl's) are handed to
// hclsyntax.VisitAll, which visits them with no bound names.
func walkExpr(e hclsyntax.Expression, bound []string, v exprVisitor) {
	if e == nil {
		return
	}
	v.visit(e, bound)
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr, *hclsyntax.AnonSymbolExpr, *hclsyntax.ExprSyntaxError:
	case *hclsyntax.RelativeTraversalExpr:
		walkExpr(e.Source, bound, v)
	case *hclsyntax.ParenthesesExpr:
		walkExpr(e.Expression, bound, v)
	case *hclsyntax.FunctionCallExpr:
		for _, a := range e.Args {
			walkExpr(a, bound, v)
		}
	case *hclsyntax.ConditionalExpr:
		walkExpr(e.Condition, bound, v)
		walkExpr(e.TrueResult, bound, v)
		walkExpr(e.FalseResult, bound, v)
	case *hclsyntax.IndexExpr:
		walkExpr(e.Collection, bound, v)
		walkExpr(e.Key, bound, v)
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			walkExpr(x, bound, v)
		}
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			walkExpr(item.KeyExpr, bound, v)
			walkExpr(item.ValueExpr, bound, v)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		// A key that reads as a bare name is a literal, not a reference.
		if hcl.ExprAsKeyword(e.Wrapped) == "" {
			walkExpr(e.Wrapped, bound, v)
		}
	case *hclsyntax.ForExpr:
		walkExpr(e.CollExpr, bound, v)
		inner := bound[:len(bound):len(bound)]
		if e.KeyVar != "" {
			inner = append(inner, e.KeyVar)
		}
		if e.ValVar != "" {
			inner = append(inner, e.ValVar)
		}
		walkExpr(e.KeyExpr, inner, v)
		walkExpr(e.ValExpr, inner, v)
		walkExpr(e.CondExpr, inner, v)
	case *hclsyntax.SplatExpr:
		walkExpr(e.Source, bound, v)
		walkExpr(e.Each, bound, v)
	case *hclsyntax.BinaryOpExpr:
		walkExpr(e.LHS, bound, v)
		walkExpr(e.RHS, bound, v)
	case *hclsyntax.UnaryOpExpr:
		walkExpr(e.Val, bound, v)
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			walkExpr(p, bound, v)
		}
	case *hclsyntax.TemplateJoinExpr:
		walkExpr(e.Tuple, bound, v)
	case *hclsyntax.TemplateWrapExpr:
		walkExpr(e.Wrapped, bound, v)
	default:
		first := true
		hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
			if x, ok := n.(hclsyntax.Expression); ok && !first {
				v.visit(x, bound)
			}
			first = false
			return nil
		})
	}
}

// refCollector gathers the references an expression makes: its scope
// traversals, except those rooted at a name a for-expression binds.
type refCollector struct {
	out []hcl.Traversal
	// skip are more root names left out: the iterators of the dynamic
	// blocks around the expression.
	skip []string
}

func (c *refCollector) visit(e hclsyntax.Expression, bound []string) {
	st, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		return
	}
	root := st.Traversal.RootName()
	if contains(bound, root) || contains(c.skip, root) {
		return
	}
	c.out = append(c.out, st.Traversal)
}

// syntaxRefs returns the references a native syntax expression makes, as
// hclsyntax.Variables would.
func syntaxRefs(e hclsyntax.Expression) []hcl.Traversal {
	var c refCollector
	walkExpr(e, nil, &c)
	return c.out
}
