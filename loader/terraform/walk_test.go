package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/plimsoll/plimsoll/loader/terraform/terraformtest"
)

// walkCases are expressions with every node type and the scoping rules that
// matter: for-expression names hide references, object keys that read as
// names are literals.
var walkCases = []string{
	`aws_subnet.a.id`,
	`"${var.a}-${local.b}"`,
	`<<EOT
%{ for s in var.list }${s.id} ${aws_vpc.x.id}%{ endfor }
EOT
`,
	`[for k, v in aws_subnet.x : v.id if k != local.skip]`,
	`{for k, v in var.m : "${k}-${local.p}" => v...}`,
	`{ a = var.x, (local.k) = 1, "q" = aws_vpc.y.id, data.x.y = 2 }`,
	`var.c ? aws_lb.a[*].arn : aws_lb.b.*.arn`,
	`-(var.n) + length(aws_subnet.s) * 2 > 1 && !var.b`,
	`aws_subnet.s[var.i].id`,
	`lookup(var.m, each.key, null)[0]`,
	`module.vpc.subnets[*].id[0]`,
	`[for s in [for t in aws_subnet.x : t] : s.cidr if s != var.none]`,
	`(aws_vpc.a).id`,
	`try(aws_vpc.a.nope, [for x in local.l : x.y][0], "z")`,
	`provider::aws::arn_parse(aws_lb.x.arn).region`,
	`{for s in aws_subnet.x : s.id => s}[var.k]`,
	`[for i, v in var.l : { (v.name) = i, v = local.z }]`,
}

// expressionsOf returns every attribute expression of a native syntax body,
// nested blocks included.
func expressionsOf(b *hclsyntax.Body) []hclsyntax.Expression {
	var out []hclsyntax.Expression
	for _, a := range sortedAttrs(b.Attributes) {
		out = append(out, a.Expr.(hclsyntax.Expression))
	}
	for _, blk := range b.Blocks {
		out = append(out, expressionsOf(blk.Body)...)
	}
	return out
}

func renderTraversals(trs []hcl.Traversal) []string {
	out := make([]string, len(trs))
	for i, tr := range trs {
		out[i] = fmt.Sprintf("%s@%s", tr.RootName(), tr.SourceRange())
	}
	return out
}

// visitedBy returns the expressions hclsyntax.VisitAll and walkExpr visit,
// in order.
func visitedBy(e hclsyntax.Expression) (theirs, ours []string) {
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if x, ok := n.(hclsyntax.Expression); ok {
			theirs = append(theirs, fmt.Sprintf("%T@%s", x, x.Range()))
		}
		return nil
	})
	walkExpr(e, nil, visitFunc(func(x hclsyntax.Expression, _ []string) {
		ours = append(ours, fmt.Sprintf("%T@%s", x, x.Range()))
	}))
	return theirs, ours
}

type visitFunc func(hclsyntax.Expression, []string)

func (f visitFunc) visit(e hclsyntax.Expression, bound []string) { f(e, bound) }

// checkWalk compares walkExpr with hcl's own walk on one expression: the
// same nodes in the same order, and the same references as
// hclsyntax.Variables.
func checkWalk(t *testing.T, e hclsyntax.Expression) {
	t.Helper()
	theirs, ours := visitedBy(e)
	if !slices.Equal(ours, theirs) {
		t.Errorf("%s: walkExpr visits\n  %v\nhclsyntax.VisitAll visits\n  %v", e.Range(), ours, theirs)
	}
	got, want := renderTraversals(syntaxRefs(e)), renderTraversals(hclsyntax.Variables(e))
	if !slices.Equal(got, want) {
		t.Errorf("%s: syntaxRefs = %v, want %v (hclsyntax.Variables)", e.Range(), got, want)
	}
}

func TestWalkMatchesHCL(t *testing.T) {
	for i, src := range walkCases {
		e, diags := hclsyntax.ParseExpression([]byte(src), fmt.Sprintf("case%d", i), hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("case %d: %v", i, diags)
		}
		checkWalk(t, e)
	}
	// Every expression of the test configurations and of the benchmark's
	// generated tree.
	dir := t.TempDir()
	if _, _, err := terraformtest.Generate(dir, 12, 40); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pat := range []string{"testdata/*.tf", dir + "/*.tf", dir + "/modules/*/*.tf"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, m...)
	}
	n := 0
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", name, diags)
		}
		for _, e := range expressionsOf(f.Body.(*hclsyntax.Body)) {
			checkWalk(t, e)
			n++
		}
	}
	if n < 100 {
		t.Errorf("compared %d expressions from %d files; the test data went missing", n, len(names))
	}
}

func TestBodyRefsLeavesOutDynamicIterators(t *testing.T) {
	src := `
resource "aws_security_group" "x" {
  provider = aws.west
  name     = var.name
  dynamic "ingress" {
    for_each = local.rules
    iterator = rule
    content {
      from_port = rule.value.port
      cidr      = ingress.value
      dynamic "inner" {
        for_each = rule.value.inner
        content {
          x = inner.value
          y = rule.key
          z = aws_vpc.v.id
        }
      }
    }
  }
  lifecycle {
    ignore_changes = [tags]
  }
  nested {
    a = data.aws_ami.x.id
  }
}
`
	f, diags := hclsyntax.ParseConfig([]byte(src), "x.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	body := f.Body.(*hclsyntax.Body).Blocks[0].Body
	var got []string
	for _, tr := range bodyRefs(body, "provider") {
		got = append(got, tr.RootName())
	}
	slices.Sort(got)
	want := []string{"aws_vpc", "data", "ingress", "local", "var"}
	if !slices.Equal(got, want) {
		t.Errorf("bodyRefs roots = %v, want %v", got, want)
	}
}

// FuzzWalk checks walkExpr against hcl's walk on any expression the parser
// makes, including those it recovers from errors.
func FuzzWalk(f *testing.F) {
	for _, src := range walkCases {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, _ := hclsyntax.ParseExpression([]byte(src), "f", hcl.InitialPos)
		if e == nil {
			return
		}
		checkWalk(t, e)
	})
}
