package terraform

import (
	"slices"
	"strings"
	"testing"

	"github.com/plimsoll/plimsoll/infra"
)

const vpcModule = `
variable "cidr" { type = string }
variable "azs" { type = list(string) }
variable "name" { default = "vpc" }
resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = { Name = var.name }
}
resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.this.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(var.cidr, 8, count.index)
}
module "flow" {
  source = "./flow"
  vpc_id = aws_vpc.this.id
}
output "vpc_id" { value = aws_vpc.this.id }
output "private_subnets" { value = aws_subnet.private[*].id }
output "azs" { value = var.azs }
output "vpc" { value = aws_vpc.this }
`

func TestModules(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `
module "vpc" {
  source = "../modules/vpc"
  cidr   = "10.0.0.0/16"
  azs    = ["eu-west-1a", "eu-west-1b"]
}
module "per_env" {
  source   = "../modules/vpc"
  for_each = { dev = "10.1.0.0/16", prd = "10.2.0.0/16" }
  cidr     = each.value
  azs      = ["eu-west-1c"]
  name     = each.key
}
module "counted" {
  source = "./local"
  count  = 2
  n      = count.index
}
resource "aws_autoscaling_group" "web" {
  vpc_zone_identifier = module.vpc.private_subnets
  zones               = module.vpc.azs
  vpc                 = module.vpc.vpc.id
  other               = module.per_env["prd"].vpc_id
}
`,
		"modules/vpc/main.tf": vpcModule,
		"modules/vpc/flow/main.tf": `
variable "vpc_id" {}
resource "aws_flow_log" "this" {
  vpc_id = var.vpc_id
}
`,
		"root/local/main.tf": `
variable "n" { type = number }
resource "aws_instance" "x" {
  name = "x-${var.n}"
}
`,
	}, Options{})
	noErrors(t, ds)
	var addrs []string
	for _, r := range g.Resources() {
		addrs = append(addrs, r.Addr.String())
	}
	want := []string{
		"aws_autoscaling_group.web",
		"module.counted[0].aws_instance.x",
		"module.counted[1].aws_instance.x",
		`module.per_env["dev"].aws_subnet.private[0]`,
		`module.per_env["dev"].aws_vpc.this`,
		`module.per_env["dev"].module.flow.aws_flow_log.this`,
		`module.per_env["prd"].aws_subnet.private[0]`,
		`module.per_env["prd"].aws_vpc.this`,
		`module.per_env["prd"].module.flow.aws_flow_log.this`,
		"module.vpc.aws_subnet.private[0]",
		"module.vpc.aws_subnet.private[1]",
		"module.vpc.aws_vpc.this",
		"module.vpc.module.flow.aws_flow_log.this",
	}
	if !slices.Equal(addrs, want) {
		t.Errorf("resources:\ngot  %s\nwant %s", strings.Join(addrs, "\n     "), strings.Join(want, "\n     "))
	}
	checkAttrs(t, g, []attrCase{
		{"module.vpc.aws_subnet.private[1]", "availability_zone", `"eu-west-1b"`},
		{"module.vpc.aws_subnet.private[1]", "cidr_block", `"10.0.1.0/24"`},
		{`module.per_env["prd"].aws_vpc.this`, "tags.Name", `"prd"`},
		{`module.per_env["dev"].aws_subnet.private[0]`, "cidr_block", `"10.1.0.0/24"`},
		{"module.counted[1].aws_instance.x", "name", `"x-1"`},
		{"aws_autoscaling_group.web", "zones", `["eu-west-1a","eu-west-1b"]`},
		{"aws_autoscaling_group.web", "vpc_zone_identifier", "partial"},
	})
	if got := mustResource(t, g, "module.vpc.aws_vpc.this").Pos.String(); got != "modules/vpc/main.tf:5:1" {
		t.Errorf("module resource position = %s", got)
	}
	checkEdges(t, g, []string{
		"aws_autoscaling_group.web -> module.vpc.aws_subnet.private[0] [vpc_zone_identifier]",
		"aws_autoscaling_group.web -> module.vpc.aws_subnet.private[1] [vpc_zone_identifier]",
		"aws_autoscaling_group.web -> module.vpc.aws_vpc.this [vpc]",
		`aws_autoscaling_group.web -> module.per_env["prd"].aws_vpc.this [other]`,
		"module.vpc.aws_subnet.private[0] -> module.vpc.aws_vpc.this [vpc_id]",
		"module.vpc.aws_subnet.private[1] -> module.vpc.aws_vpc.this [vpc_id]",
		"module.vpc.module.flow.aws_flow_log.this -> module.vpc.aws_vpc.this [vpc_id]",
		`module.per_env["dev"].aws_subnet.private[0] -> module.per_env["dev"].aws_vpc.this [vpc_id]`,
		`module.per_env["prd"].aws_subnet.private[0] -> module.per_env["prd"].aws_vpc.this [vpc_id]`,
		`module.per_env["dev"].module.flow.aws_flow_log.this -> module.per_env["dev"].aws_vpc.this [vpc_id]`,
		`module.per_env["prd"].module.flow.aws_flow_log.this -> module.per_env["prd"].aws_vpc.this [vpc_id]`,
	})
}

func TestModuleDiagnostics(t *testing.T) {
	for _, c := range []struct {
		name  string
		files files
		want  []string
		load  []string
	}{
		{
			name: "remote module without init",
			files: files{"root/main.tf": `
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
resource "aws_instance" "x" {
  subnet_id = module.vpc.private_subnets[0]
}
`},
			want: []string{`root/main.tf:2:1: warning: module "vpc" (terraform-aws-modules/vpc/aws) not analysed: run terraform init`},
			load: []string{"aws_instance.x"},
		},
		{
			name: "missing and extra inputs",
			files: files{
				"root/main.tf":   "module \"m\" {\n  source = \"./m\"\n  extra = 1\n}\n",
				"root/m/main.tf": "variable \"needed\" {}\nresource \"aws_vpc\" \"v\" {\n  x = var.needed\n}\n",
			},
			want: []string{
				`root/main.tf:1:1: Missing required argument: module "m" (./m) needs a value for variable "needed"`,
				`root/main.tf:3:3: Unsupported argument: module "m" (./m) has no variable named "extra"`,
			},
			load: []string{"module.m.aws_vpc.v"},
		},
		{
			name:  "missing local module",
			files: files{"root/main.tf": "module \"m\" {\n  source = \"./nope\"\n}\n"},
			want:  []string{"root/main.tf:2:12: Module directory not found"},
		},
		{
			name: "module calling itself",
			files: files{
				"root/main.tf":   "module \"m\" {\n  source = \"./m\"\n}\n",
				"root/m/main.tf": "module \"again\" {\n  source = \"../m\"\n}\nresource \"aws_vpc\" \"v\" {}\n",
			},
			want: []string{`root/m/main.tf:1:1: Module calls itself`},
			load: []string{"module.m.aws_vpc.v"},
		},
		{
			name: "unknown module count",
			files: files{
				"root/main.tf":   "variable \"n\" {\n  type = number\n}\nmodule \"m\" {\n  source = \"./m\"\n  count = var.n\n}\nresource \"aws_eip\" \"e\" {\n  instance = module.m[0].id\n}\n",
				"root/m/main.tf": "resource \"aws_instance\" \"i\" {\n  n = count.index\n}\noutput \"id\" {\n  value = aws_instance.i.id\n}\n",
			},
			want: []string{`root/main.tf:1:1: warning: No value for variable "n"`, "root/m/main.tf:2:7: warning: "},
			load: []string{"module.m.aws_instance.i"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, ds := load(t, c.files, Options{})
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

func TestUnknownModuleCount(t *testing.T) {
	g, _ := load(t, files{
		"root/main.tf":   "variable \"n\" {\n  type = number\n}\nmodule \"m\" {\n  source = \"./m\"\n  count = var.n\n}\nresource \"aws_eip\" \"e\" {\n  instance = module.m[0].id\n}\n",
		"root/m/main.tf": "resource \"aws_instance\" \"i\" {}\noutput \"id\" {\n  value = aws_instance.i.id\n}\n",
	}, Options{})
	if r := mustResource(t, g, "module.m.aws_instance.i"); !r.CountUnknown {
		t.Error("a resource in a module of unknown count must be CountUnknown")
	}
	checkEdges(t, g, []string{"aws_eip.e -> module.m.aws_instance.i [instance]"})
}

func TestModuleManifest(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  cidr   = "10.0.0.0/16"
  azs    = ["a", "b", "c"]
}
`,
		"root/.terraform/modules/modules.json": `{"Modules":[
  {"Key":"","Source":"","Dir":"."},
  {"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.0.0","Dir":".terraform/modules/vpc"},
  {"Key":"vpc.flow","Source":"./flow","Dir":".terraform/modules/vpc/flow"}
]}`,
		"root/.terraform/modules/vpc/main.tf":      vpcModule,
		"root/.terraform/modules/vpc/flow/main.tf": "variable \"vpc_id\" {}\nresource \"aws_flow_log\" \"this\" {\n  vpc_id = var.vpc_id\n}\n",
	}, Options{})
	noErrors(t, ds)
	if len(ds) != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
	mustResource(t, g, "module.vpc.aws_subnet.private[2]")
	r := mustResource(t, g, "module.vpc.module.flow.aws_flow_log.this")
	if r.Pos.File != "root/.terraform/modules/vpc/flow/main.tf" {
		t.Errorf("position %s", r.Pos)
	}
}

func TestProviders(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `
variable "dr_region" { default = "us-west-2" }
variable "unknown_region" { type = string }
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
provider "aws" {
  alias  = "later"
  region = var.unknown_region
}
provider "aws" {
  alias = "noregion"
}
resource "aws_s3_bucket" "main" {}
resource "aws_s3_bucket" "replica" {
  provider = aws.dr
}
resource "aws_s3_bucket" "later" {
  provider = aws.later
}
resource "aws_s3_bucket" "noregion" {
  provider = aws.noregion
}
resource "google_storage_bucket" "g" {}
module "passed" {
  source    = "./m"
  providers = { aws = aws.dr }
}
module "inherited" {
  source = "./m"
}
module "own" {
  source = "./own"
}
`,
		"root/m/main.tf": `
resource "aws_s3_bucket" "b" {}
module "deeper" {
  source = "../m2"
}
`,
		"root/m2/main.tf": `resource "aws_s3_bucket" "c" {}`,
		"root/own/main.tf": `
provider "aws" {
  region = "ap-south-1"
}
resource "aws_s3_bucket" "d" {}
`,
	}, Options{})
	for _, d := range ds.Errs() {
		t.Errorf("unexpected error: %s", d.Error())
	}
	for _, c := range []struct {
		addr, provider, region string
	}{
		{"aws_s3_bucket.main", "aws", `"eu-west-1"`},
		{"aws_s3_bucket.replica", "aws.dr", `"us-west-2"`},
		{"aws_s3_bucket.later", "aws.later", "unknown"},
		{"aws_s3_bucket.noregion", "aws.noregion", "absent"},
		{"google_storage_bucket.g", "google", "absent"},
		{"module.passed.aws_s3_bucket.b", "aws.dr", `"us-west-2"`},
		{"module.passed.module.deeper.aws_s3_bucket.c", "aws.dr", `"us-west-2"`},
		{"module.inherited.aws_s3_bucket.b", "aws", `"eu-west-1"`},
		{"module.inherited.module.deeper.aws_s3_bucket.c", "aws", `"eu-west-1"`},
		{"module.own.aws_s3_bucket.d", "module.own.aws", `"ap-south-1"`},
	} {
		r := mustResource(t, g, c.addr)
		if r.Provider != c.provider {
			t.Errorf("%s provider = %q, want %q", c.addr, r.Provider, c.provider)
		}
		if got := show(r.Region); got != c.region {
			t.Errorf("%s region = %s, want %s", c.addr, got, c.region)
		}
	}
}

func TestModulesReferringToEachOther(t *testing.T) {
	// Terraform accepts this: a's output does not depend on b. plimsoll
	// evaluates whole module calls, so it warns and lets the last reference
	// see unknown, but loads everything without an error.
	g, ds := load(t, files{
		"root/main.tf": `
module "a" {
  source = "./m"
  in     = module.b.out
}
module "b" {
  source = "./m"
  in     = module.a.out
}
`,
		"root/m/main.tf": "variable \"in\" {}\nresource \"aws_sqs_queue\" \"q\" {\n  peer = var.in\n}\noutput \"out\" {\n  value = aws_sqs_queue.q.arn\n}\n",
	}, Options{})
	noErrors(t, ds)
	if len(ds) != 1 || ds[0].Summary != "Module calls refer to each other" {
		t.Errorf("diagnostics = %v, want one warning", ds)
	}
	mustResource(t, g, "module.a.aws_sqs_queue.q")
	mustResource(t, g, "module.b.aws_sqs_queue.q")
	checkEdges(t, g, []string{"module.a.aws_sqs_queue.q -> module.b.aws_sqs_queue.q [peer]"})
}

// Provider blocks are in the graph as provider configurations, apart from
// resources: their arguments evaluated with sensitivity kept, their
// references as edges, their position and inline ignores.
func TestProviderConfigurations(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `variable "secret" {
  type      = string
  sensitive = true
  default   = "from-a-sensitive-variable"
}
variable "region" { default = "eu-west-1" }
data "aws_secretsmanager_secret_version" "key" {
  secret_id = "deploy"
}
# plimsoll:ignore aws-hardcoded-credentials throwaway sandbox
provider "aws" {
  region     = var.region
  access_key = "AKIA2OGYBAH6QWERTYU7"
  secret_key = var.secret
  token      = data.aws_secretsmanager_secret_version.key.secret_string
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deploy"
  }
}
provider "aws" {
  alias   = "empty"
  version = "~> 5.0"
}
module "own" {
  source = "./own"
}
resource "aws_s3_bucket" "b" {}
`,
		"root/own/main.tf": `provider "aws" {
  region = "ap-south-1"
}
`,
	}, Options{})
	noErrors(t, ds)
	var got []string
	for _, p := range g.Providers() {
		got = append(got, p.Addr.String()+" "+p.Provider+" "+p.Pos.String())
	}
	want := []string{
		"module.own.provider.aws module.own.aws root/own/main.tf:1:1",
		"provider.aws aws root/main.tf:11:1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("providers\n got %q\nwant %q", got, want)
	}
	if n := g.Len(); n != 2 {
		t.Errorf("Len() = %d, want 2: the bucket and the data source, not the providers", n)
	}
	a, _ := infra.ParseAddress("provider.aws")
	var p *infra.Resource
	for _, r := range g.Providers() {
		if r.Addr == a {
			p = r
		}
	}
	if p == nil {
		t.Fatal("no provider.aws")
	}
	for _, c := range []struct{ path, want string }{
		{"region", `"eu-west-1"`},
		{"access_key", `"AKIA2OGYBAH6QWERTYU7"`},
		{"token", "unknown"},
		{"assume_role.0.role_arn", `"arn:aws:iam::123456789012:role/deploy"`},
		{"alias", "absent"},
	} {
		if got := show(p.Get(c.path)); got != c.want {
			t.Errorf("provider.aws %s = %s, want %s", c.path, got, c.want)
		}
	}
	if !p.Get("secret_key").Sensitive() {
		t.Errorf("secret_key from a sensitive variable is not marked sensitive")
	}
	if !p.Get("access_key").IsKnown() || p.Get("access_key").Sensitive() {
		t.Errorf("access_key literal: %#v, want known and not sensitive", p.Get("access_key"))
	}
	if got := show(p.Region); got != `"eu-west-1"` {
		t.Errorf("provider.aws region = %s", got)
	}
	var edges []string
	for _, e := range g.Out(p) {
		edges = append(edges, e.Attr+" -> "+e.To.String())
	}
	if want := []string{"token -> data.aws_secretsmanager_secret_version.key"}; !slices.Equal(edges, want) {
		t.Errorf("edges from provider.aws = %q, want %q", edges, want)
	}
	if len(p.Ignores) != 1 || p.Ignores[0].Rule != "aws-hardcoded-credentials" || p.Ignores[0].Reason != "throwaway sandbox" {
		t.Errorf("ignores = %+v", p.Ignores)
	}
	if r := mustResource(t, g, "aws_s3_bucket.b"); show(r.Region) != `"eu-west-1"` {
		t.Errorf("bucket region = %s", show(r.Region))
	}
}

func TestProviderNameErrors(t *testing.T) {
	for _, c := range []struct {
		src, want string
	}{
		{`provider "a b" {}`, "root/main.tf:1:10: Invalid provider name"},
		{`provider "aws" { alias = "é" }`, "root/main.tf:1:26: Invalid provider alias"},
		{`resource "provider" "aws" {}`, "root/main.tf:1:10: Reserved resource type"},
	} {
		g, ds := load(t, files{"root/main.tf": c.src}, Options{})
		if len(ds.Errs()) != 1 || !strings.HasPrefix(ds.Errs()[0].Error(), c.want) {
			t.Errorf("%s: diagnostics %v, want %s", c.src, ds, c.want)
		}
		if g.Len() != 0 || len(g.Providers()) != 0 {
			t.Errorf("%s: %d resources and %d providers loaded", c.src, g.Len(), len(g.Providers()))
		}
	}
}
