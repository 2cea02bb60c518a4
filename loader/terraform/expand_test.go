package terraform

import (
	"testing"
)

func TestCountAndForEach(t *testing.T) {
	g, ds := load(t, files{"root/main.tf": `
variable "zones" {
  default = ["eu-west-1a", "eu-west-1b"]
}
variable "unknown_n" { type = number }
locals {
  subnets = {
    public  = { cidr = "10.0.0.0/24", public = true }
    private = { cidr = "10.0.1.0/24", public = false }
  }
}
resource "aws_subnet" "counted" {
  count             = length(var.zones)
  availability_zone = var.zones[count.index]
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  name              = "s-${count.index}"
}
resource "aws_subnet" "mapped" {
  for_each                = local.subnets
  cidr_block              = each.value.cidr
  map_public_ip_on_launch = each.value.public
  name                    = each.key
}
resource "aws_subnet" "set" {
  for_each = toset(var.zones)
  availability_zone = each.value
  key = each.key
}
resource "aws_instance" "unknown_count" {
  count = var.unknown_n
  index = count.index
  ami   = "ami-1"
}
resource "aws_instance" "unknown_each" {
  for_each  = toset([aws_subnet.counted[0].id])
  subnet_id = each.value
}
resource "aws_instance" "zero" {
  count = 0
}
resource "aws_instance" "per_subnet" {
  for_each  = aws_subnet.mapped
  subnet_id = each.value.id
  cidr      = each.value.cidr_block
}
resource "aws_instance" "conditional" {
  count = var.unknown_n > 2 ? 1 : 0
}
`}, Options{})
	for _, d := range ds.Errs() {
		t.Errorf("unexpected error: %s", d.Error())
	}
	checkAttrs(t, g, []attrCase{
		{"aws_subnet.counted[0]", "availability_zone", `"eu-west-1a"`},
		{"aws_subnet.counted[1]", "availability_zone", `"eu-west-1b"`},
		{"aws_subnet.counted[1]", "cidr_block", `"10.0.1.0/24"`},
		{"aws_subnet.counted[1]", "name", `"s-1"`},
		{`aws_subnet.mapped["public"]`, "map_public_ip_on_launch", `true`},
		{`aws_subnet.mapped["private"]`, "cidr_block", `"10.0.1.0/24"`},
		{`aws_subnet.mapped["private"]`, "name", `"private"`},
		{`aws_subnet.set["eu-west-1b"]`, "availability_zone", `"eu-west-1b"`},
		{`aws_subnet.set["eu-west-1b"]`, "key", `"eu-west-1b"`},
		{"aws_instance.unknown_count", "index", "unknown"},
		{"aws_instance.unknown_count", "ami", `"ami-1"`},
		{"aws_instance.unknown_each", "subnet_id", "unknown"},
		{`aws_instance.per_subnet["public"]`, "cidr", `"10.0.0.0/24"`},
		{`aws_instance.per_subnet["public"]`, "subnet_id", `unknown`},
	})
	for _, c := range []struct {
		addr    string
		unknown bool
	}{
		{"aws_subnet.counted[0]", false},
		{"aws_instance.unknown_count", true},
		{"aws_instance.unknown_each", true},
		{"aws_instance.conditional", true},
		{`aws_instance.per_subnet["private"]`, false},
	} {
		if got := mustResource(t, g, c.addr).CountUnknown; got != c.unknown {
			t.Errorf("%s CountUnknown = %v, want %v", c.addr, got, c.unknown)
		}
	}
	for _, r := range g.Resources() {
		if r.Addr.Type == "aws_instance" && r.Addr.Name == "zero" {
			t.Errorf("count = 0 made %s", r.Addr)
		}
	}
	checkEdges(t, g, []string{
		"aws_instance.unknown_each -> aws_subnet.counted[0] [for_each]",
		"aws_instance.unknown_each -> aws_subnet.counted[0] [subnet_id]",
		`aws_instance.per_subnet["public"] -> aws_subnet.mapped["public"] [for_each]`,
		`aws_instance.per_subnet["private"] -> aws_subnet.mapped["private"] [for_each]`,
		`aws_instance.per_subnet["public"] -> aws_subnet.mapped["public"] [subnet_id]`,
		`aws_instance.per_subnet["public"] -> aws_subnet.mapped["public"] [cidr]`,
		`aws_instance.per_subnet["private"] -> aws_subnet.mapped["private"] [subnet_id]`,
		`aws_instance.per_subnet["private"] -> aws_subnet.mapped["private"] [cidr]`,
	})
	if n := g.Len(); n != 11 {
		t.Errorf("%d resources, want 11", n)
	}
}

func TestDynamicBlocks(t *testing.T) {
	g, ds := load(t, files{"root/main.tf": `
variable "rules" {
  default = [
    { port = 80, cidrs = ["0.0.0.0/0"] },
    { port = 443, cidrs = ["10.0.0.0/8", "::/0"] },
  ]
}
variable "unknown_rules" { type = list(number) }
resource "aws_security_group" "app" {}
resource "aws_security_group" "web" {
  ingress {
    from_port = 22
    cidr_blocks = ["10.0.0.0/8"]
  }
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      cidr_blocks = ingress.value.cidrs
      index       = ingress.key
    }
  }
  dynamic "egress" {
    for_each = { a = 1, b = 2 }
    iterator = rule
    content {
      key             = rule.key
      security_groups = [aws_security_group.app.id]
      dynamic "nested" {
        for_each = range(rule.value)
        content {
          outer = rule.key
          inner = nested.value
        }
      }
    }
  }
  dynamic "unknowable" {
    for_each = var.unknown_rules
    content {
      port            = unknowable.value
      security_groups = [aws_security_group.app.id]
    }
  }
  dynamic "empty" {
    for_each = []
    content {}
  }
}
`}, Options{})
	noErrors(t, ds)
	checkAttrs(t, g, []attrCase{
		{"aws_security_group.web", "ingress.0.from_port", "22"},
		{"aws_security_group.web", "ingress.1.from_port", "80"},
		{"aws_security_group.web", "ingress.1.index", "0"},
		{"aws_security_group.web", "ingress.2.cidr_blocks", `["10.0.0.0/8","::/0"]`},
		{"aws_security_group.web", "ingress.3", "absent"},
		{"aws_security_group.web", "egress.1.key", `"b"`},
		{"aws_security_group.web", "egress.1.nested.1.inner", "1"},
		{"aws_security_group.web", "egress.1.nested.1.outer", `"b"`},
		{"aws_security_group.web", "egress.0.nested.1", "absent"},
		{"aws_security_group.web", "unknowable", "unknown"},
		{"aws_security_group.web", "empty", "[]"},
	})
	checkEdges(t, g, []string{
		"aws_security_group.web -> aws_security_group.app [egress.0.security_groups]",
		"aws_security_group.web -> aws_security_group.app [egress.1.security_groups]",
		"aws_security_group.web -> aws_security_group.app [unknowable.security_groups]",
	})
}

func TestFunctions(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `
locals {
  m = { a = 1, b = 2 }
}
resource "aws_thing" "f" {
  merge      = merge(local.m, { c = 3 })
  lookup     = lookup(local.m, "z", 9)
  element    = element(["x", "y"], 3)
  concat     = concat([1], [2, 3])
  flatten    = flatten([[1], [2, [3]]])
  coalesce   = coalesce("", "b")
  length_str = length("héllo")
  keys       = keys(local.m)
  values     = values(local.m)
  zipmap     = zipmap(["k"], ["v"])
  format     = format("%s-%03d", "web", 7)
  join       = join(",", ["a", "b"])
  split      = split(",", "a,b")
  replace    = replace("a-b-c", "-", "_")
  replace_re = replace("a1b22", "/[0-9]+/", "#")
  lower      = lower("ABC")
  minmax     = [min(3, 1), max(3, 1)]
  json       = jsonencode({ a = [1, true] })
  jsondec    = jsondecode("{\"x\": 1}").x
  yaml       = yamlencode({ a = 1 })
  cidrs      = cidrsubnets("10.0.0.0/16", 4, 4)
  host       = cidrhost("10.0.0.0/24", 5)
  b64        = base64encode("hi")
  slice      = slice([1, 2, 3], 1, 3)
  distinct   = distinct([1, 1, 2])
  contains   = contains(["a"], "a")
  range      = range(3)
  substr     = substr("hello", 1, 3)
  trimspace  = trimspace("  x ")
  startswith = startswith("hello", "he")
  endswith   = endswith("hello", "lo")
  one        = one(["only"])
  sum        = sum([1, 2, 3.5])
  alltrue    = alltrue([true, true])
  anytrue    = anytrue([false, true])
  setunion   = sort(setunion(["a"], ["b", "a"]))
  index      = index(["a", "b"], "b")
  tostring   = tostring(5)
  tonumber   = tonumber("5")
  file       = file("${path.module}/files/hello.txt")
  exists     = [fileexists("files/hello.txt"), fileexists("files/nope.txt")]
  template   = templatefile("${path.module}/files/t.tpl", { name = "web", ports = [80, 443] })
  fileset    = sort(fileset(path.module, "files/*.txt"))
  md5        = md5("x")
  timestamp  = timestamp()
  uuid       = uuid()
  heredoc    = <<EOT
line ${upper("x")}
EOT
  strcontains = strcontains("abc", "b")
  provider_fn = provider::aws::arn_parse("arn:aws:s3:::b")
  ctype       = can(local.m.nope)
  transpose   = transpose({ a = ["1", "2"], b = ["2"] })
}
`,
		"root/files/hello.txt": "hello\n",
		"root/files/t.tpl":     "%{ for p in ports ~}\n${name}:${p}\n%{ endfor ~}\n",
		"root/files/other.txt": "",
	}, Options{})
	noErrors(t, ds)
	for _, d := range ds {
		t.Logf("%s", d.Error())
	}
	checkAttrs(t, g, []attrCase{
		{"aws_thing.f", "merge", `{"a":1,"b":2,"c":3}`},
		{"aws_thing.f", "lookup", `9`},
		{"aws_thing.f", "element", `"y"`},
		{"aws_thing.f", "concat", `[1,2,3]`},
		{"aws_thing.f", "flatten", `[1,2,3]`},
		{"aws_thing.f", "coalesce", `"b"`},
		{"aws_thing.f", "length_str", `5`},
		{"aws_thing.f", "keys", `["a","b"]`},
		{"aws_thing.f", "values", `[1,2]`},
		{"aws_thing.f", "zipmap", `{"k":"v"}`},
		{"aws_thing.f", "format", `"web-007"`},
		{"aws_thing.f", "join", `"a,b"`},
		{"aws_thing.f", "split", `["a","b"]`},
		{"aws_thing.f", "replace", `"a_b_c"`},
		{"aws_thing.f", "replace_re", `"a#b#"`},
		{"aws_thing.f", "lower", `"abc"`},
		{"aws_thing.f", "minmax", `[1,3]`},
		{"aws_thing.f", "json", `"{\"a\":[1,true]}"`},
		{"aws_thing.f", "jsondec", `1`},
		{"aws_thing.f", "yaml", `"\"a\": 1\n"`},
		{"aws_thing.f", "cidrs", `["10.0.0.0/20","10.0.16.0/20"]`},
		{"aws_thing.f", "host", `"10.0.0.5"`},
		{"aws_thing.f", "b64", `"aGk="`},
		{"aws_thing.f", "slice", `[2,3]`},
		{"aws_thing.f", "distinct", `[1,2]`},
		{"aws_thing.f", "contains", `true`},
		{"aws_thing.f", "range", `[0,1,2]`},
		{"aws_thing.f", "substr", `"ell"`},
		{"aws_thing.f", "trimspace", `"x"`},
		{"aws_thing.f", "startswith", `true`},
		{"aws_thing.f", "endswith", `true`},
		{"aws_thing.f", "one", `"only"`},
		{"aws_thing.f", "sum", `6.5`},
		{"aws_thing.f", "alltrue", `true`},
		{"aws_thing.f", "anytrue", `true`},
		{"aws_thing.f", "setunion", `["a","b"]`},
		{"aws_thing.f", "index", `1`},
		{"aws_thing.f", "tostring", `"5"`},
		{"aws_thing.f", "tonumber", `5`},
		{"aws_thing.f", "file", `"hello\n"`},
		{"aws_thing.f", "exists", `[true,false]`},
		{"aws_thing.f", "template", `"web:80\nweb:443\n"`},
		{"aws_thing.f", "fileset", `["files/hello.txt","files/other.txt"]`},
		{"aws_thing.f", "md5", `"9dd4e461268c8034f5c8564e155c67a6"`},
		{"aws_thing.f", "timestamp", "unknown"},
		{"aws_thing.f", "uuid", "unknown"},
		{"aws_thing.f", "heredoc", `"line X\n"`},
		{"aws_thing.f", "strcontains", `true`},
		{"aws_thing.f", "provider_fn", "unknown"},
		{"aws_thing.f", "ctype", `false`},
		{"aws_thing.f", "transpose", `{"1":["a"],"2":["a","b"]}`},
	})
	if len(ds) != 0 {
		t.Errorf("%d diagnostics, want none", len(ds))
	}
}

// TestForEachLinksItsOwnInstance checks that an instance made by for_each
// over resources is linked to the resource its own key stands for, not to
// every instance of the collection: for_each = aws_subnet.x gives
// x["a"] → subnet["a"], both on for_each and through each.value.
func TestForEachLinksItsOwnInstance(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `
resource "aws_subnet" "s" {
  for_each   = { a = "10.0.0.0/24", b = "10.0.1.0/24" }
  cidr_block = each.value
}
resource "aws_subnet" "counted" {
  count = 2
}
resource "aws_instance" "direct" {
  for_each  = aws_subnet.s
  subnet_id = each.value.id
}
resource "aws_instance" "by_for" {
  for_each  = { for k, s in aws_subnet.s : k => s.id }
  subnet_id = each.value
}
resource "aws_instance" "from_count" {
  for_each  = { for i, s in aws_subnet.counted : "n${i}" => s }
  subnet_id = each.value.id
}
resource "aws_route_table_association" "keyed" {
  for_each  = aws_subnet.s
  subnet_id = aws_subnet.s[each.key].id
}
module "per_subnet" {
  source    = "./m"
  for_each  = aws_subnet.s
  subnet_id = each.value.id
}
`,
		"root/m/main.tf": `
variable "subnet_id" {}
resource "aws_network_interface" "n" {
  subnet_id = var.subnet_id
}
`}, Options{})
	noErrors(t, ds)
	checkEdges(t, g, []string{
		`aws_instance.direct["a"] -> aws_subnet.s["a"] [for_each]`,
		`aws_instance.direct["a"] -> aws_subnet.s["a"] [subnet_id]`,
		`aws_instance.direct["b"] -> aws_subnet.s["b"] [for_each]`,
		`aws_instance.direct["b"] -> aws_subnet.s["b"] [subnet_id]`,
		`aws_instance.by_for["a"] -> aws_subnet.s["a"] [for_each]`,
		`aws_instance.by_for["a"] -> aws_subnet.s["a"] [subnet_id]`,
		`aws_instance.by_for["b"] -> aws_subnet.s["b"] [for_each]`,
		`aws_instance.by_for["b"] -> aws_subnet.s["b"] [subnet_id]`,
		`aws_instance.from_count["n0"] -> aws_subnet.counted[0] [for_each]`,
		`aws_instance.from_count["n0"] -> aws_subnet.counted[0] [subnet_id]`,
		`aws_instance.from_count["n1"] -> aws_subnet.counted[1] [for_each]`,
		`aws_instance.from_count["n1"] -> aws_subnet.counted[1] [subnet_id]`,
		`aws_route_table_association.keyed["a"] -> aws_subnet.s["a"] [for_each]`,
		`aws_route_table_association.keyed["a"] -> aws_subnet.s["a"] [subnet_id]`,
		`aws_route_table_association.keyed["b"] -> aws_subnet.s["b"] [for_each]`,
		`aws_route_table_association.keyed["b"] -> aws_subnet.s["b"] [subnet_id]`,
		`module.per_subnet["a"].aws_network_interface.n -> aws_subnet.s["a"] [subnet_id]`,
		`module.per_subnet["b"].aws_network_interface.n -> aws_subnet.s["b"] [subnet_id]`,
	})
}
