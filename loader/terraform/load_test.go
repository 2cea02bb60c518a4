package terraform

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

// files is a test configuration: paths under the file system root and their
// contents. The root module is in "root" unless a test says otherwise.
type files map[string]string

func (f files) fs() fstest.MapFS {
	m := fstest.MapFS{}
	for name, src := range f {
		m[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return m
}

func load(t *testing.T, f files, opts Options) (*infra.Graph, diag.Diagnostics) {
	t.Helper()
	return Load(f.fs(), "root", opts)
}

// show renders a value for comparison: absent, unknown, partial (known at
// the top but with unknowns inside) or its JSON.
func show(v infra.Value) string {
	switch {
	case v.IsAbsent():
		return "absent"
	case v.IsUnknown():
		return "unknown"
	case !v.IsWhollyKnown():
		return "partial"
	}
	b, err := ctyjson.Marshal(v.Cty(), v.Cty().Type())
	if err != nil {
		return "unmarshalable: " + err.Error()
	}
	return string(b)
}

func mustResource(t *testing.T, g *infra.Graph, addr string) *infra.Resource {
	t.Helper()
	a, err := infra.ParseAddress(addr)
	if err != nil {
		t.Fatal(err)
	}
	r := g.Resource(a)
	if r == nil {
		var have []string
		for _, r := range g.Resources() {
			have = append(have, r.Addr.String())
		}
		t.Fatalf("no resource %s; have %s", addr, strings.Join(have, ", "))
	}
	return r
}

// noErrors fails the test on error diagnostics.
func noErrors(t *testing.T, ds diag.Diagnostics) {
	t.Helper()
	for _, d := range ds.Errs() {
		t.Errorf("unexpected error diagnostic: %s", d.Error())
	}
}

// attrCase is one attribute to check: resource address, dotted path, and
// the value as show renders it.
type attrCase struct {
	addr, path, want string
}

func checkAttrs(t *testing.T, g *infra.Graph, cases []attrCase) {
	t.Helper()
	for _, c := range cases {
		r := mustResource(t, g, c.addr)
		if got := show(r.Get(c.path)); got != c.want {
			t.Errorf("%s %s = %s, want %s", c.addr, c.path, got, c.want)
		}
	}
}

// edgeStrings renders every edge of the graph as "from -> to [attr]", sorted.
func edgeStrings(g *infra.Graph) []string {
	var out []string
	for _, r := range g.Resources() {
		for _, e := range g.Out(r) {
			out = append(out, e.From.String()+" -> "+e.To.String()+" ["+e.Attr+"]")
		}
	}
	slices.Sort(out)
	return out
}

func checkEdges(t *testing.T, g *infra.Graph, want []string) {
	t.Helper()
	got := edgeStrings(g)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("edges:\ngot:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestAttributes(t *testing.T) {
	g, ds := load(t, files{"root/main.tf": `
locals {
  name = "${local.prefix}-web" # used before it is defined
  prefix = "shop"
  ports = [80, 443]
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_security_group" "web" {
  name        = local.name
  vpc_id      = aws_vpc.main.id
  description = null
  tags        = { Name = upper(local.name), Cidr = aws_vpc.main.cidr_block }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port = 22
    to_port   = 22
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
  egress {
    from_port = 0
    cidr_blocks = [for p in local.ports : "10.${p}.0.0/16"]
  }
}

resource "aws_instance" "web" {
  ami       = "ami-123"
  user_data = <<-EOT
    #!/bin/sh
    echo ${aws_security_group.web.name}
  EOT
  subnet_id = aws_security_group.web.id
  arn_like  = "${aws_vpc.main.arn}/x"
  root_block_device {
    encrypted = true
  }
}
`}, Options{})
	noErrors(t, ds)
	checkAttrs(t, g, []attrCase{
		{"aws_vpc.main", "cidr_block", `"10.0.0.0/16"`},
		{"aws_vpc.main", "enable_dns_hostnames", `true`},
		{"aws_vpc.main", "id", "absent"}, // computed, not set: absent in the model
		{"aws_security_group.web", "name", `"shop-web"`},
		{"aws_security_group.web", "vpc_id", "unknown"},
		{"aws_security_group.web", "description", "absent"},
		{"aws_security_group.web", "tags.Name", `"SHOP-WEB"`},
		{"aws_security_group.web", "tags.Cidr", `"10.0.0.0/16"`},
		{"aws_security_group.web", "ingress.0.from_port", `443`},
		{"aws_security_group.web", "ingress.0.cidr_blocks", `["0.0.0.0/0"]`},
		{"aws_security_group.web", "ingress.1.from_port", `22`},
		{"aws_security_group.web", "ingress.1.cidr_blocks", `["10.0.0.0/16"]`},
		{"aws_security_group.web", "ingress.2", "absent"},
		{"aws_security_group.web", "egress.0.cidr_blocks", `["10.80.0.0/16","10.443.0.0/16"]`},
		{"aws_instance.web", "user_data", `"#!/bin/sh\necho shop-web\n"`},
		{"aws_instance.web", "subnet_id", "unknown"},
		{"aws_instance.web", "arn_like", "unknown"},
		{"aws_instance.web", "root_block_device.0.encrypted", "true"},
		{"aws_instance.web", "ebs_block_device", "absent"},
	})
	checkEdges(t, g, []string{
		"aws_security_group.web -> aws_vpc.main [vpc_id]",
		"aws_security_group.web -> aws_vpc.main [tags]",
		"aws_security_group.web -> aws_vpc.main [ingress.1.cidr_blocks]",
		"aws_instance.web -> aws_security_group.web [user_data]",
		"aws_instance.web -> aws_security_group.web [subnet_id]",
		"aws_instance.web -> aws_vpc.main [arn_like]",
	})
}

func TestEdgesThroughExpressions(t *testing.T) {
	g, ds := load(t, files{"root/main.tf": `
variable "on" {
  type    = bool
  default = true
}
variable "pick" {
  type = number
}
locals {
  sg_ids  = [aws_security_group.a.id]
  via     = local.sg_ids
  by_name = { for k, s in aws_security_group.many : k => s.id }
}
resource "aws_security_group" "a" {}
resource "aws_security_group" "b" {}
resource "aws_security_group" "many" {
  for_each = toset(["x", "y"])
}
resource "aws_subnet" "s" {
  count = 2
}
resource "aws_db_instance" "db" {
  vpc_security_group_ids = local.via
  cond                   = var.on ? aws_security_group.b.id : null
  func                   = join(",", concat(local.sg_ids, ["sg-1"]))
  splat                  = aws_subnet.s[*].id
  legacy_splat           = aws_subnet.s.*.id
  one_subnet             = aws_subnet.s[1].id
  some_subnet            = aws_subnet.s[var.pick].id
  counted                = length(aws_subnet.s)
  for_expr               = [for s in aws_subnet.s : s.id if s.id != ""]
  map_of                 = local.by_name["x"]
  missing_fn             = not_a_terraform_function(aws_security_group.b.arn)
  tried                  = try(aws_security_group.b.nope.deeper, "fallback")
  tpl                    = "sg=${aws_security_group.a.id}"
  tried_known            = try(local.by_name["nope"], "fallback")
}
`}, Options{})
	noErrors(t, ds)
	checkEdges(t, g, []string{
		"aws_db_instance.db -> aws_security_group.a [vpc_security_group_ids]",
		"aws_db_instance.db -> aws_security_group.b [cond]",
		"aws_db_instance.db -> aws_security_group.a [func]",
		"aws_db_instance.db -> aws_subnet.s[0] [splat]",
		"aws_db_instance.db -> aws_subnet.s[1] [splat]",
		"aws_db_instance.db -> aws_subnet.s[0] [legacy_splat]",
		"aws_db_instance.db -> aws_subnet.s[1] [legacy_splat]",
		"aws_db_instance.db -> aws_subnet.s[1] [one_subnet]",
		"aws_db_instance.db -> aws_subnet.s[0] [some_subnet]",
		"aws_db_instance.db -> aws_subnet.s[1] [some_subnet]",
		"aws_db_instance.db -> aws_subnet.s[0] [counted]",
		"aws_db_instance.db -> aws_subnet.s[1] [counted]",
		"aws_db_instance.db -> aws_subnet.s[0] [for_expr]",
		"aws_db_instance.db -> aws_subnet.s[1] [for_expr]",
		`aws_db_instance.db -> aws_security_group.many["x"] [map_of]`,
		"aws_db_instance.db -> aws_security_group.b [missing_fn]",
		"aws_db_instance.db -> aws_security_group.b [tried]",
		"aws_db_instance.db -> aws_security_group.a [tpl]",
	})
	checkAttrs(t, g, []attrCase{
		{"aws_db_instance.db", "counted", "2"},
		{"aws_db_instance.db", "splat", "partial"},
		{"aws_db_instance.db", "missing_fn", "unknown"},
		// The provider may set nope at apply, so try cannot choose yet.
		{"aws_db_instance.db", "tried", "unknown"},
		{"aws_db_instance.db", "tried_known", `"fallback"`},
	})
}

func TestPositionsAndIgnores(t *testing.T) {
	g, ds := load(t, files{
		"root/a.tf": `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# A comment that is not a directive.
# plimsoll:ignore aws-ec2-lone-instance the bastion is alone on purpose
// plimsoll:ignore aws-sg-admin-open,aws-sg-db-open reviewed in SEC-12
resource "aws_instance" "bastion" { # plimsoll:ignore aws-ebs-unencrypted scratch disk only
  ami = "ami-1"
}

# plimsoll:ignore aws-far-away not attached: a blank line follows

resource "aws_instance" "other" {}
`,
		"root/b.tf": `  resource "aws_s3_bucket" "logs" {}`,
	}, Options{})
	noErrors(t, ds)
	for _, c := range []struct {
		addr string
		pos  string
	}{
		{"aws_vpc.main", "root/a.tf:1:1"},
		{"aws_instance.bastion", "root/a.tf:8:1"},
		{"aws_instance.other", "root/a.tf:14:1"},
		{"aws_s3_bucket.logs", "root/b.tf:1:3"},
	} {
		if got := mustResource(t, g, c.addr).Pos.String(); got != c.pos {
			t.Errorf("%s at %s, want %s", c.addr, got, c.pos)
		}
	}
	got := mustResource(t, g, "aws_instance.bastion").Ignores
	want := []infra.Ignore{
		{Rule: "aws-ec2-lone-instance", Reason: "the bastion is alone on purpose", Pos: diag.Pos{File: "root/a.tf", Line: 6, Column: 1}},
		{Rule: "aws-sg-admin-open", Reason: "reviewed in SEC-12", Pos: diag.Pos{File: "root/a.tf", Line: 7, Column: 1}},
		{Rule: "aws-sg-db-open", Reason: "reviewed in SEC-12", Pos: diag.Pos{File: "root/a.tf", Line: 7, Column: 1}},
		{Rule: "aws-ebs-unencrypted", Reason: "scratch disk only", Pos: diag.Pos{File: "root/a.tf", Line: 8, Column: 37}},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ignores:\ngot  %+v\nwant %+v", got, want)
	}
	for _, addr := range []string{"aws_instance.other", "aws_vpc.main"} {
		if got := mustResource(t, g, addr).Ignores; len(got) != 0 {
			t.Errorf("%s has ignores %+v, want none", addr, got)
		}
	}
}

func TestDiagnostics(t *testing.T) {
	for _, c := range []struct {
		name  string
		files files
		opts  Options
		want  []string // diagnostics as Error() renders them, prefix match
		load  []string // resources that must still be loaded
	}{
		{
			name: "syntax error skips only its file",
			files: files{
				"root/bad.tf":  "resource \"aws_vpc\" \"x\" {\n  cidr_block = \n}\n",
				"root/good.tf": `resource "aws_subnet" "ok" {}`,
			},
			want: []string{"root/bad.tf:2:16: Invalid expression"},
			load: []string{"aws_subnet.ok"},
		},
		{
			name:  "unclosed block",
			files: files{"root/main.tf": "resource \"aws_vpc\" \"x\" {\n"},
			want:  []string{"root/main.tf:1:24: Unclosed configuration block"},
		},
		{
			name: "json syntax error",
			files: files{
				"root/main.tf.json": `{"resource": {"aws_vpc": {"x": {"cidr_block": }}}}`,
				"root/ok.tf":        `resource "aws_subnet" "ok" {}`,
			},
			want: []string{"root/main.tf.json:1:47: Missing JSON value"},
			load: []string{"aws_subnet.ok"},
		},
		{
			name: "duplicate resource",
			files: files{
				"root/a.tf": `resource "aws_vpc" "x" {}`,
				"root/b.tf": `resource "aws_vpc" "x" {}`,
			},
			want: []string{"root/b.tf:1:1: Duplicate resource configuration: aws_vpc.x was already declared at root/a.tf:1:1"},
			load: []string{"aws_vpc.x"},
		},
		{
			name:  "unknown block type is a warning",
			files: files{"root/main.tf": "bogus \"x\" {}\nresource \"aws_vpc\" \"x\" {}\n"},
			want:  []string{`root/main.tf:1:1: warning: Unsupported block type: blocks of type "bogus"`},
			load:  []string{"aws_vpc.x"},
		},
		{
			name:  "ignored block types",
			files: files{"root/main.tf": "terraform {\n required_version = \">= 1.5\"\n}\nmoved {\n from = aws_vpc.a\n to = aws_vpc.x\n}\nimport {\n to = aws_vpc.x\n id = \"vpc-1\"\n}\ncheck \"c\" {}\nresource \"aws_vpc\" \"x\" {}\n"},
			load:  []string{"aws_vpc.x"},
		},
		{
			name:  "reference cycle",
			files: files{"root/main.tf": "locals {\n  a = local.b\n  b = local.a\n  c = 1\n}\nresource \"aws_vpc\" \"x\" {\n  n = local.a\n  c = local.c\n}\n"},
			want:  []string{"root/main.tf:2:3: Cycle in references: local.a → local.b → local.a"},
			load:  []string{"aws_vpc.x"},
		},
		{
			name:  "undeclared reference",
			files: files{"root/main.tf": "resource \"aws_vpc\" \"x\" {\n  n = var.nope\n}\n"},
			want:  []string{"root/main.tf:2:7: Reference to undeclared input variable: var.nope is not declared in root"},
			load:  []string{"aws_vpc.x"},
		},
		{
			name:  "evaluation problem is a warning",
			files: files{"root/main.tf": "resource \"aws_vpc\" \"x\" {\n  n = 1 + \"a\"\n}\n"},
			want:  []string{"root/main.tf:2:11: warning: Invalid operand"},
			load:  []string{"aws_vpc.x"},
		},
		{
			name:  "variable without value is a warning",
			files: files{"root/main.tf": "variable \"region\" {}\n"},
			want:  []string{`root/main.tf:1:1: warning: No value for variable "region"`},
		},
		{
			name:  "bad var file",
			files: files{"root/main.tf": "variable \"n\" {}\n"},
			opts:  Options{VarFiles: []VarFile{{Name: "prod.tfvars", Data: []byte("n = \n")}}},
			want:  []string{"prod.tfvars:1:5: Invalid expression", `root/main.tf:1:1: warning: No value for variable "n"`},
		},
		{
			name:  "bad var",
			files: files{"root/main.tf": "variable \"n\" {\n type = number\n}\n"},
			opts:  Options{Vars: []string{"n=abc", "nope=1", "noequals"}},
			want: []string{
				`--var "n=abc": Invalid value for variable: variable "n"`,
				`--var "nope=1": Value for undeclared variable`,
				`--var "noequals": Invalid --var: want name=value`,
			},
		},
		{
			name:  "top-level argument",
			files: files{"root/main.tf": "x = 1\n"},
			want:  []string{`root/main.tf:1:1: Unsupported argument`},
		},
		{
			name:  "missing directory",
			files: files{"other/main.tf": ""},
			want:  []string{"root: Cannot read module directory"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, ds := load(t, c.files, c.opts)
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if len(got) != len(c.want) {
				t.Errorf("got %d diagnostics, want %d:\n  %s", len(got), len(c.want), strings.Join(got, "\n  "))
			}
			for _, w := range c.want {
				if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, w) }) {
					t.Errorf("missing diagnostic %q in:\n  %s", w, strings.Join(got, "\n  "))
				}
			}
			for _, a := range c.load {
				mustResource(t, g, a)
			}
		})
	}
}

func TestCycleValuesUnknown(t *testing.T) {
	g, _ := load(t, files{"root/main.tf": "locals {\n  a = \"${local.b}x\"\n  b = \"${local.a}y\"\n}\nresource \"aws_vpc\" \"x\" {\n  a = local.a\n  b = local.b\n}\n"}, Options{})
	checkAttrs(t, g, []attrCase{{"aws_vpc.x", "a", "unknown"}, {"aws_vpc.x", "b", "unknown"}})
}

func TestJSONConfiguration(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf.json": `{
  "variable": {"env": {"default": "prod"}},
  "locals": {"name": "web-${var.env}"},
  "resource": {
    "aws_vpc": {"main": {"cidr_block": "10.0.0.0/16"}},
    "aws_subnet": {"a": {"count": 2, "vpc_id": "${aws_vpc.main.id}", "name": "${local.name}-${count.index}"}}
  }
}`,
	}, Options{})
	noErrors(t, ds)
	checkAttrs(t, g, []attrCase{
		{"aws_vpc.main", "cidr_block", `"10.0.0.0/16"`},
		{"aws_subnet.a[1]", "name", `"web-prod-1"`},
		{"aws_subnet.a[1]", "vpc_id", "unknown"},
		{"aws_subnet.a[1]", "count", "absent"},
	})
	checkEdges(t, g, []string{
		"aws_subnet.a[0] -> aws_vpc.main [vpc_id]",
		"aws_subnet.a[1] -> aws_vpc.main [vpc_id]",
	})
	if got := mustResource(t, g, "aws_subnet.a[0]").Pos.String(); got != "root/main.tf.json:6:25" {
		t.Errorf("position %s", got)
	}
}

func TestComputedWhenNull(t *testing.T) {
	g, ds := load(t, files{"root/main.tf": `
variable "ipv6" {
  type    = string
  default = null
}
data "aws_region" "current" {
  region = null
}
resource "aws_vpc" "v" {
  ipv6_cidr_block = var.ipv6
}
resource "aws_subnet" "s" {
  # The provider computes both when the configuration leaves them null.
  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)
  arn             = "arn:aws:ec2:${data.aws_region.current.region}:x"
  tag             = lookup({ a = 1 }, "b", null)
}
`}, Options{})
	noErrors(t, ds)
	if len(ds) != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
	checkAttrs(t, g, []attrCase{
		{"aws_vpc.v", "ipv6_cidr_block", "absent"},
		{"aws_subnet.s", "ipv6_cidr_block", "unknown"},
		{"aws_subnet.s", "arn", "unknown"},
		{"aws_subnet.s", "tag", "absent"},
	})
}

// TestValuesOfReferencedBlocks checks that a resource's value reaches every
// kind of expression that can read it (the loader builds values only for
// blocks something refers to), and that unread blocks still load.
func TestValuesOfReferencedBlocks(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `
resource "aws_vpc" "by_local" { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "by_count" { cidr_block = "10.1.0.0/16" }
resource "aws_vpc" "by_depends" {}
resource "aws_vpc" "by_module" { cidr_block = "10.2.0.0/16" }
resource "aws_vpc" "by_output" {}
resource "aws_vpc" "by_dynamic" { cidr_block = "10.3.0.0/16" }
resource "aws_vpc" "unread" { cidr_block = "10.4.0.0/16" }
locals {
  cidr = aws_vpc.by_local.cidr_block
}
resource "aws_subnet" "s" {
  count      = aws_vpc.by_count.cidr_block == "10.1.0.0/16" ? 2 : 0
  cidr_block = local.cidr
  depends_on = [aws_vpc.by_depends]
  dynamic "tag" {
    for_each = [aws_vpc.by_dynamic.cidr_block]
    content {
      value = tag.value
    }
  }
}
module "m" {
  source = "./m"
  cidr   = aws_vpc.by_module.cidr_block
}
output "vpc" {
  value = aws_vpc.by_output.id
}
`,
		"root/m/main.tf": `
variable "cidr" {}
resource "aws_subnet" "x" {
  cidr_block = var.cidr
}
`}, Options{})
	noErrors(t, ds)
	checkAttrs(t, g, []attrCase{
		{"aws_subnet.s[1]", "cidr_block", `"10.0.0.0/16"`},
		{"aws_subnet.s[0]", "tag.0.value", `"10.3.0.0/16"`},
		{"module.m.aws_subnet.x", "cidr_block", `"10.2.0.0/16"`},
		{"aws_vpc.unread", "cidr_block", `"10.4.0.0/16"`},
	})
	checkEdges(t, g, []string{
		"aws_subnet.s[0] -> aws_vpc.by_local [cidr_block]",
		"aws_subnet.s[1] -> aws_vpc.by_local [cidr_block]",
		"aws_subnet.s[0] -> aws_vpc.by_count [count]",
		"aws_subnet.s[1] -> aws_vpc.by_count [count]",
		"aws_subnet.s[0] -> aws_vpc.by_depends [depends_on]",
		"aws_subnet.s[1] -> aws_vpc.by_depends [depends_on]",
		"aws_subnet.s[0] -> aws_vpc.by_dynamic [tag]",
		"aws_subnet.s[1] -> aws_vpc.by_dynamic [tag]",
		"aws_subnet.s[0] -> aws_vpc.by_dynamic [tag.0.value]",
		"aws_subnet.s[1] -> aws_vpc.by_dynamic [tag.0.value]",
		"module.m.aws_subnet.x -> aws_vpc.by_module [cidr_block]",
	})
}
