package aws_test

import (
	"testing"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/loader/terraform"
)

// load builds an annotated graph from one Terraform file.
func load(t *testing.T, src string) *infra.Graph {
	t.Helper()
	g, ds := terraform.Load(fstest.MapFS{"main.tf": {Data: []byte(src)}}, ".", terraform.Options{})
	if ds.HasErrors() {
		t.Fatalf("load: %v", ds.Err())
	}
	aws.Annotate(g)
	return g
}

func res(t *testing.T, g *infra.Graph, addr string) *infra.Resource {
	t.Helper()
	a, err := infra.ParseAddress(addr)
	if err != nil {
		t.Fatal(err)
	}
	r := g.Resource(a)
	if r == nil {
		t.Fatalf("no resource %s", addr)
	}
	return r
}

const subnets = `
variable "unknown_zone" {
  type = string
}

resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.0.0/24"
}

resource "aws_subnet" "b" {
  vpc_id            = "vpc-1"
  availability_zone = "eu-west-1b"
  cidr_block        = "10.0.1.0/24"
}

resource "aws_subnet" "by_id" {
  vpc_id               = "vpc-1"
  availability_zone_id = "euw1-az3"
  cidr_block           = "10.0.2.0/24"
}

resource "aws_subnet" "picked" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.3.0/24"
}

resource "aws_subnet" "var" {
  vpc_id            = "vpc-1"
  availability_zone = var.unknown_zone
  cidr_block        = "10.0.4.0/24"
}
`

func TestAnnotateZones(t *testing.T) {
	g := load(t, subnets+`
resource "aws_autoscaling_group" "two" {
  min_size            = 2
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
}

resource "aws_autoscaling_group" "one_known_one_not" {
  min_size            = 2
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.var.id]
}

resource "aws_autoscaling_group" "literal" {
  min_size            = 2
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.a.id, "subnet-0123"]
}

resource "aws_autoscaling_group" "azs" {
  min_size           = 1
  max_size           = 1
  availability_zones = ["eu-west-1c"]
}

resource "aws_lb" "mapped" {
  subnet_mapping {
    subnet_id = aws_subnet.a.id
  }
  subnet_mapping {
    subnet_id = aws_subnet.by_id.id
  }
}

resource "aws_instance" "in_subnet" {
  ami       = "ami-1"
  subnet_id = aws_subnet.b.id
}

resource "aws_instance" "default_vpc" {
  ami = "ami-1"
}

resource "aws_instance" "pinned" {
  ami               = "ami-1"
  availability_zone = "eu-west-1c"
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]
}

resource "aws_db_instance" "multi" {
  engine               = "postgres"
  multi_az             = true
  db_subnet_group_name = aws_db_subnet_group.db.name
}

resource "aws_db_instance" "single" {
  engine               = "postgres"
  db_subnet_group_name = aws_db_subnet_group.db.name
}

resource "aws_nat_gateway" "a" {
  subnet_id = aws_subnet.a.id
}

resource "aws_s3_bucket" "logs" {}
`)
	for _, tc := range []struct {
		addr string
		want string
		role infra.Role
	}{
		{"aws_subnet.a", "eu-west-1a", infra.Network},
		{"aws_subnet.by_id", "euw1-az3", infra.Network},
		{"aws_subnet.picked", "(unknown)", infra.Network},
		{"aws_subnet.var", "(unknown)", infra.Network},
		{"aws_autoscaling_group.two", "eu-west-1a,eu-west-1b", infra.Group},
		{"aws_autoscaling_group.one_known_one_not", "eu-west-1a,(unknown)", infra.Group},
		{"aws_autoscaling_group.literal", "eu-west-1a,(unknown)", infra.Group},
		{"aws_autoscaling_group.azs", "eu-west-1c", infra.Group},
		{"aws_lb.mapped", "eu-west-1a,euw1-az3", infra.LoadBalancer},
		{"aws_instance.in_subnet", "eu-west-1b", infra.Compute},
		{"aws_instance.default_vpc", "(unknown)", infra.Compute},
		{"aws_instance.pinned", "eu-west-1c", infra.Compute},
		{"aws_db_subnet_group.db", "eu-west-1a,eu-west-1b", infra.Network},
		{"aws_db_instance.multi", "eu-west-1a,eu-west-1b", infra.Database},
		{"aws_db_instance.single", "(unknown)", infra.Database},
		{"aws_nat_gateway.a", "eu-west-1a", infra.Network},
		{"aws_s3_bucket.logs", "", infra.Bucket},
	} {
		r := res(t, g, tc.addr)
		if got := r.Zones.String(); got != tc.want {
			t.Errorf("%s zones = %q, want %q", tc.addr, got, tc.want)
		}
		if r.Role != tc.role {
			t.Errorf("%s role = %q, want %q", tc.addr, r.Role, tc.role)
		}
	}
}

func TestAnnotateCountUnknown(t *testing.T) {
	g := load(t, `
variable "n" {
  type = number
}

resource "aws_subnet" "x" {
  count             = var.n
  vpc_id            = "vpc-1"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.0.0/24"
}

resource "aws_autoscaling_group" "g" {
  min_size            = 1
  max_size            = 1
  vpc_zone_identifier = aws_subnet.x[*].id
}
`)
	for _, r := range g.OfType("aws_subnet", "aws_autoscaling_group") {
		if !r.Zones.Unknown {
			t.Errorf("%s zones = %s: an unknown count must leave them unknown", r.Addr, r.Zones)
		}
		if r.Zones.AtLeast(2) == infra.False {
			t.Errorf("%s: AtLeast(2) must not be false", r.Addr)
		}
	}
}

func TestRoleOf(t *testing.T) {
	for typ, want := range map[string]infra.Role{
		"aws_instance":                   infra.Compute,
		"aws_autoscaling_group":          infra.Group,
		"aws_rds_cluster":                infra.Database,
		"aws_elasticache_cluster":        infra.Cache,
		"aws_security_group_rule":        infra.Firewall,
		"aws_cloudwatch_metric_alarm":    infra.Alarm,
		"aws_sns_topic":                  infra.Notifier,
		"aws_backup_plan":                infra.Backup,
		"aws_iam_role":                   infra.Policy,
		"aws_autoscaling_policy":         infra.Autoscaler,
		"aws_route_table_association":    infra.Network,
		"aws_efs_file_system":            infra.Volume,
		"aws_something_plimsoll_ignores": infra.Other,
	} {
		if got := aws.RoleOf(typ); got != want {
			t.Errorf("RoleOf(%s) = %q, want %q", typ, got, want)
		}
	}
}

func TestAnnotateSkipsOtherProviders(t *testing.T) {
	g := load(t, `
resource "google_compute_instance" "x" {
  name = "x"
}
`)
	for _, r := range g.Resources() {
		if r.Role != infra.Other || !r.Zones.IsEmpty() {
			t.Errorf("%s: role %q zones %s, want none", r.Addr, r.Role, r.Zones)
		}
	}
}

func TestAttrMatch(t *testing.T) {
	for _, tc := range []struct {
		attr, pattern string
		want          bool
	}{
		{"subnets", "subnets", true},
		{"subnets", "", true},
		{"subnet_mapping.2.subnet_id", "subnet_mapping.*.subnet_id", true},
		{"subnet_mapping.2.subnet_id", "subnet_mapping", true},
		{"subnet_mapping", "subnet_mapping.*.subnet_id", false},
		{"subnet_ids", "subnet", false},
		{"ingress.0.security_groups", "ingress.*.cidr_blocks", false},
		{"", "x", false},
	} {
		if got := aws.AttrMatch(tc.attr, tc.pattern); got != tc.want {
			t.Errorf("AttrMatch(%q, %q) = %v, want %v", tc.attr, tc.pattern, got, tc.want)
		}
	}
}
