package terraform

import (
	"testing"
)

func TestVariablePrecedence(t *testing.T) {
	root := files{
		"root/main.tf": `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "untouched" { default = "default" }
variable "list" {
  type    = list(string)
  default = []
}
variable "obj" {
  type = object({
    name = string
    size = optional(number, 3)
  })
  default = { name = "x" }
}
variable "num" { type = number }
variable "any_typed" { type = any }
variable "nullable_off" {
  type     = string
  default  = "kept"
  nullable = false
}
variable "unset" { type = string }
resource "aws_thing" "x" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  f = var.f
  untouched = var.untouched
  list = var.list
  obj = var.obj
  num = var.num
  any_typed = var.any_typed
  nullable_off = var.nullable_off
  unset = var.unset
  unset_len = length(var.unset)
}
`,
		"root/terraform.tfvars":        "a = \"tfvars\"\nb = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\nnullable_off = null\n",
		"root/terraform.tfvars.json":   `{"b": "tfvars.json", "c": "tfvars.json", "d": "tfvars.json", "e": "tfvars.json"}`,
		"root/a.auto.tfvars":           "c = \"a.auto\"\nd = \"a.auto\"\ne = \"a.auto\"\n",
		"root/b.auto.tfvars.json":      `{"d": "b.auto.json", "e": "b.auto.json"}`,
		"root/sub/ignored.auto.tfvars": "a = \"not read: not in the root directory\"\n",
	}
	g, ds := load(t, root, Options{
		VarFiles: []VarFile{{Name: "prod.tfvars", Data: []byte("e = \"var-file\"\nf = \"var-file\"\nobj = { name = \"y\" }\n")}},
		Vars:     []string{"f=first", "f=second", `list=["p", "q"]`, "num=42", `any_typed={k = 1}`},
	})
	noErrors(t, ds)
	checkAttrs(t, g, []attrCase{
		{"aws_thing.x", "a", `"tfvars"`},
		{"aws_thing.x", "b", `"tfvars.json"`},
		{"aws_thing.x", "c", `"a.auto"`},
		{"aws_thing.x", "d", `"b.auto.json"`},
		{"aws_thing.x", "e", `"var-file"`},
		{"aws_thing.x", "f", `"second"`},
		{"aws_thing.x", "untouched", `"default"`},
		{"aws_thing.x", "list", `["p","q"]`},
		{"aws_thing.x", "obj", `{"name":"y","size":3}`},
		{"aws_thing.x", "num", `42`},
		{"aws_thing.x", "any_typed", `{"k":1}`},
		{"aws_thing.x", "nullable_off", `"kept"`},
		{"aws_thing.x", "unset", "unknown"},
		{"aws_thing.x", "unset_len", "unknown"},
	})
	if len(ds) != 1 || ds[0].Summary != `No value for variable "unset"` {
		t.Errorf("diagnostics = %v, want one warning for variable unset", ds)
	}
}

func TestSensitive(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `
variable "db_password" {
  type      = string
  sensitive = true
}
variable "plain" { default = "not secret" }
locals {
  conn = "postgres://app:${var.db_password}@db"
}
resource "aws_db_instance" "db" {
  password  = var.db_password
  username  = var.plain
  user_data = local.conn
  tags      = { Secret = var.db_password, Name = "db" }
  masked    = sensitive("literal")
  unmasked  = nonsensitive(var.db_password)
}
`,
		"root/terraform.tfvars": `db_password = "hunter2"`,
	}, Options{})
	noErrors(t, ds)
	r := mustResource(t, g, "aws_db_instance.db")
	for _, c := range []struct {
		path string
		want bool
	}{
		{"password", true},
		{"username", false},
		{"user_data", true},
		{"tags.Secret", true},
		{"tags.Name", false},
		{"masked", true},
		{"unmasked", false},
	} {
		if got := r.Get(c.path).Sensitive(); got != c.want {
			t.Errorf("%s: Sensitive() = %v, want %v", c.path, got, c.want)
		}
	}
	if s, _ := r.Get("password").Str(); s != "hunter2" {
		t.Errorf("password = %q: the value stays readable", s)
	}
}

// Terraform 0.11 code (terragoat, many older repositories) quotes type
// constraints; the loader reads them with a warning instead of refusing the
// whole module.
func TestLegacyQuotedType(t *testing.T) {
	g, ds := load(t, files{
		"root/main.tf": `
variable "region" {
  type    = "string"
  default = "us-west-2"
}
variable "zones" {
  type    = "list"
  default = ["a", "b"]
}
variable "tags" {
  type    = "map"
  default = { team = "web" }
}
resource "aws_thing" "x" {
  region = var.region
  zones  = var.zones
  tags   = var.tags
}
`,
	}, Options{})
	if ds.HasErrors() {
		t.Fatalf("errors: %v", ds.Err())
	}
	if len(ds) != 3 || ds[0].Summary != "Quoted type constraint" || ds[0].Pos.Line != 3 {
		t.Errorf("diagnostics = %v, want three quoted-type warnings, the first at line 3", ds)
	}
	checkAttrs(t, g, []attrCase{
		{"aws_thing.x", "region", `"us-west-2"`},
		{"aws_thing.x", "zones", `["a","b"]`},
		{"aws_thing.x", "tags", `{"team":"web"}`},
	})
}
