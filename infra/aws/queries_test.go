package aws_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
)

// network is a VPC with public subnets routed to an internet gateway
// (inline route), private subnets routed to a per-zone NAT gateway (aws_route
// resources), a subnet left on the main route table, and three tiers of
// security groups: a load balancer open on 443, an app admitting the load
// balancer, a database admitting the app, and a bastion open on SSH.
const network = `
provider "aws" {
  region = "eu-west-1"
}

locals {
  zones = { a = "eu-west-1a", b = "eu-west-1b" }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_subnet" "public" {
  for_each                = local.zones
  vpc_id                  = aws_vpc.main.id
  availability_zone       = each.value
  cidr_block              = each.key == "a" ? "10.0.0.0/24" : "10.0.1.0/24"
  map_public_ip_on_launch = true
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_subnet" "private" {
  for_each          = local.zones
  vpc_id            = aws_vpc.main.id
  availability_zone = each.value
  cidr_block        = each.key == "a" ? "10.0.10.0/24" : "10.0.11.0/24"
}

resource "aws_nat_gateway" "zone" {
  for_each  = aws_subnet.public
  subnet_id = each.value.id
}

resource "aws_route_table" "private" {
  for_each = local.zones
  vpc_id   = aws_vpc.main.id
}

resource "aws_route" "private_nat" {
  for_each               = local.zones
  route_table_id         = aws_route_table.private[each.key].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.zone[each.key].id
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private[each.key].id
}

resource "aws_subnet" "unassociated" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "eu-west-1c"
  cidr_block        = "10.0.20.0/24"
}

resource "aws_security_group" "lb" {
  vpc_id = aws_vpc.main.id
  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "app_from_lb" {
  type                     = "ingress"
  security_group_id        = aws_security_group.app.id
  source_security_group_id = aws_security_group.lb.id
  from_port                = 8080
  to_port                  = 8080
  protocol                 = "tcp"
}

resource "aws_security_group_rule" "app_out" {
  type              = "egress"
  security_group_id = aws_security_group.app.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.app.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_vpc_security_group_ingress_rule" "db_from_bastion" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.bastion.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_security_group" "bastion" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "bastion" {
  ami                    = "ami-1"
  subnet_id              = aws_subnet.public["a"].id
  vpc_security_group_ids = [aws_security_group.bastion.id]
}

resource "aws_lb" "web" {
  subnets         = [for s in aws_subnet.public : s.id]
  security_groups = [aws_security_group.lb.id]
}

resource "aws_lb_target_group" "app" {
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
}

resource "aws_launch_template" "app" {
  image_id               = "ami-1"
  vpc_security_group_ids = [aws_security_group.app.id]
}

resource "aws_autoscaling_group" "app" {
  name                = "app"
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = [for s in aws_subnet.private : s.id]
  target_group_arns   = [aws_lb_target_group.app.arn]
  launch_template {
    id = aws_launch_template.app.id
  }
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = [for s in aws_subnet.private : s.id]
}

resource "aws_db_instance" "main" {
  identifier             = "shop"
  engine                 = "postgres"
  db_subnet_group_name   = aws_db_subnet_group.db.name
  vpc_security_group_ids = [aws_security_group.db.id]
}
`

func names(rs []*infra.Resource) string {
	var ss []string
	for _, r := range rs {
		ss = append(ss, r.Addr.String())
	}
	return strings.Join(ss, " ")
}

func TestPublicSubnet(t *testing.T) {
	g := load(t, network)
	n := aws.NewNetwork(g)
	for _, tc := range []struct {
		subnet string
		want   infra.Tri
		via    string
	}{
		{`aws_subnet.public["a"]`, infra.True, "aws_route_table.public"},
		{`aws_subnet.private["b"]`, infra.False, ""},
		// The main route table AWS creates routes only within the VPC.
		{"aws_subnet.unassociated", infra.False, ""},
	} {
		got, rt := n.PublicSubnet(res(t, g, tc.subnet))
		if got != tc.want || (rt == nil) != (tc.via == "") || rt != nil && rt.Addr.String() != tc.via {
			t.Errorf("PublicSubnet(%s) = %v via %v, want %v via %q", tc.subnet, got, rt, tc.want, tc.via)
		}
	}
	subnets, complete := aws.NATSubnets(g, res(t, g, `aws_nat_gateway.zone["b"]`))
	if got := names(subnets); got != `aws_subnet.private["b"]` || !complete {
		t.Errorf("NATSubnets(zone b) = %s, %v; want its own zone's private subnet", got, complete)
	}
}

func TestPublicSubnetUnknown(t *testing.T) {
	g := load(t, `
variable "rt" {
  type = string
}

variable "gw" {
  type = string
}

resource "aws_subnet" "a" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.0.0/24"
}

resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = var.rt
}

resource "aws_subnet" "b" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.1.0/24"
}

resource "aws_route_table" "b" {
  vpc_id = "vpc-1"
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = var.gw
  }
}

resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.b.id
}

resource "aws_subnet" "literal" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.2.0/24"
}

resource "aws_route_table" "literal" {
  vpc_id = "vpc-1"
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = "igw-0123"
  }
}

resource "aws_route_table_association" "literal" {
  subnet_id      = aws_subnet.literal.id
  route_table_id = aws_route_table.literal.id
}

# Its VPC is outside the configuration: its main route table is unknown.
resource "aws_subnet" "foreign" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.3.0/24"
}
`)
	for addr, want := range map[string]infra.Tri{
		"aws_subnet.a":       infra.Unknown,
		"aws_subnet.b":       infra.Unknown,
		"aws_subnet.literal": infra.True,
		"aws_subnet.foreign": infra.Unknown,
	} {
		if got, _ := aws.PublicSubnet(g, res(t, g, addr)); got != want {
			t.Errorf("PublicSubnet(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestSecurityGroupsAndIngress(t *testing.T) {
	g := load(t, network)
	asg := res(t, g, "aws_autoscaling_group.app")
	groups, complete := aws.SecurityGroups(g, asg)
	if got := names(groups); got != "aws_security_group.app" || !complete {
		t.Errorf("SecurityGroups(asg) = %s, %v; want the launch template's group", got, complete)
	}
	if got := names(aws.Members(g, res(t, g, "aws_security_group.app"))); got != "aws_launch_template.app" {
		t.Errorf("Members(app) = %s", got)
	}
	db := res(t, g, "aws_db_instance.main")
	rules, reach := aws.Reach(g, db, 5432)
	var from []string
	for _, in := range rules {
		srcs, _ := in.SourceGroups()
		from = append(from, names(srcs))
	}
	slices.Sort(from)
	if reach != infra.True || strings.Join(from, ",") != "aws_security_group.app,aws_security_group.bastion" {
		t.Errorf("Reach(db, 5432) = %v from %v", reach, from)
	}
	if _, reach := aws.Reach(g, db, 3306); reach != infra.False {
		t.Errorf("Reach(db, 3306) = %v, want false", reach)
	}
	// Egress rules are not ingress.
	in, _ := aws.IngressRules(g, res(t, g, "aws_security_group.app"))
	if len(in) != 1 || in[0].Decl.Addr.String() != "aws_security_group_rule.app_from_lb" {
		t.Errorf("IngressRules(app) = %v", in)
	}
}

func TestWorldPaths(t *testing.T) {
	g := load(t, network)
	x := aws.NewExposure(g)
	db := res(t, g, "aws_db_instance.main")
	paths, reach := x.WorldPaths(db, 5432)
	if reach != infra.True || len(paths) != 1 {
		t.Fatalf("WorldPaths(db) = %v, %v; want one path through the bastion", paths, reach)
	}
	want := "0.0.0.0/0 → port 22 → aws_security_group.bastion → port 5432 → aws_security_group.db (rule aws_vpc_security_group_ingress_rule.db_from_bastion)"
	if got := paths[0].String(); got != want {
		t.Errorf("path = %s\nwant   %s", got, want)
	}
	// The app is behind the load balancer: the load balancer's members do
	// not count as hosts the internet can get a shell on.
	if paths, reach := x.WorldPaths(res(t, g, "aws_autoscaling_group.app"), 8080); reach != infra.False {
		t.Errorf("WorldPaths(app) = %v, %v; want false", paths, reach)
	}
	if _, ok := x.ShellPath(res(t, g, "aws_security_group.lb")); ok {
		t.Error("the load balancer's group is not a shell path")
	}
	if a := x.Addressable(res(t, g, "aws_instance.bastion")); a != infra.True {
		t.Errorf("Addressable(bastion) = %v", a)
	}
	if a := x.Addressable(db); a != infra.False {
		t.Errorf("Addressable(db) = %v", a)
	}
}

func TestAlarms(t *testing.T) {
	g := load(t, network+`
variable "asg" {
  type = string
}

resource "aws_sns_topic" "oncall" {
  name = "oncall"
}

resource "aws_cloudwatch_metric_alarm" "by_reference" {
  namespace     = "AWS/EC2"
  metric_name   = "CPUUtilization"
  dimensions    = { AutoScalingGroupName = aws_autoscaling_group.app.name }
  alarm_actions = [aws_sns_topic.oncall.arn]
}

resource "aws_cloudwatch_metric_alarm" "by_name" {
  namespace     = "AWS/RDS"
  metric_name   = "FreeStorageSpace"
  dimensions    = { DBInstanceIdentifier = "shop" }
  alarm_actions = ["arn:aws:autoscaling:eu-west-1:1:scalingPolicy:x"]
}

resource "aws_cloudwatch_metric_alarm" "unresolved" {
  namespace   = "AWS/EC2"
  metric_name = "CPUUtilization"
  dimensions  = { AutoScalingGroupName = var.asg }
}
`)
	x := aws.NewAlarms(g)
	asg := x.On(res(t, g, "aws_autoscaling_group.app"))
	if len(asg) != 1 || asg[0].Alarm.Addr.Name != "by_reference" || !asg[0].Metrics[0].Is("AWS/EC2", "CPUUtilization") {
		t.Errorf("alarms on the group = %+v", asg)
	}
	db := x.On(res(t, g, "aws_db_instance.main"))
	if len(db) != 1 || db[0].Alarm.Addr.Name != "by_name" {
		t.Errorf("alarms on the database = %+v", db)
	}
	if got := names(x.Unresolved()); got != "aws_cloudwatch_metric_alarm.unresolved" {
		t.Errorf("Unresolved() = %s", got)
	}
	for alarm, want := range map[string][2]infra.Tri{
		"by_reference": {infra.True, infra.True},
		"by_name":      {infra.False, infra.True},
		"unresolved":   {infra.False, infra.False},
	} {
		a := res(t, g, "aws_cloudwatch_metric_alarm."+alarm)
		if n, h := aws.Notifies(g, a), aws.HasActions(g, a); n != want[0] || h != want[1] {
			t.Errorf("%s: Notifies %v HasActions %v, want %v %v", alarm, n, h, want[0], want[1])
		}
	}
}

func TestBalancersAndTargets(t *testing.T) {
	g := load(t, network+`
resource "aws_instance" "one" {
  ami = "ami-1"
}

resource "aws_lb_target_group" "single" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
}

resource "aws_lb_target_group_attachment" "one" {
  target_group_arn = aws_lb_target_group.single.arn
  target_id        = aws_instance.one.id
}
`)
	lbs, t1 := aws.Balancers(g, res(t, g, "aws_autoscaling_group.app"))
	if t1 != infra.True || names(lbs) != "aws_lb_target_group.app" {
		t.Errorf("Balancers(asg) = %s, %v", names(lbs), t1)
	}
	lbs, t2 := aws.Balancers(g, res(t, g, "aws_instance.one"))
	if t2 != infra.True || names(lbs) != "aws_lb_target_group.single" {
		t.Errorf("Balancers(instance) = %s, %v", names(lbs), t2)
	}
	if _, t3 := aws.Balancers(g, res(t, g, "aws_instance.bastion")); t3 != infra.False {
		t.Errorf("Balancers(bastion) = %v", t3)
	}
	tg := aws.TargetsOf(g, res(t, g, "aws_lb_target_group.single"))
	if n, ok := tg.Count(); !ok || n != 1 || names(tg.Instances) != "aws_instance.one" {
		t.Errorf("TargetsOf(single) = %+v", tg)
	}
	app := aws.TargetsOf(g, res(t, g, "aws_lb_target_group.app"))
	if n, ok := app.Count(); !ok || n < 2 || names(app.Groups) != "aws_autoscaling_group.app" {
		t.Errorf("TargetsOf(app) = %+v", app)
	}
}

func TestBackupCoverage(t *testing.T) {
	g := load(t, `
provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}

variable "listed" {
  type = list(string)
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr
  name     = "dr"
}

resource "aws_backup_plan" "copied" {
  name = "copied"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
    }
  }
}

resource "aws_backup_plan" "local" {
  name = "local"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
  }
}

resource "aws_backup_plan" "literal_arn" {
  name = "literal"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
    copy_action {
      destination_vault_arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:far"
    }
  }
}

resource "aws_backup_selection" "by_ref" {
  name         = "by-ref"
  plan_id      = aws_backup_plan.copied.id
  iam_role_arn = "arn:aws:iam::1:role/b"
  resources    = [aws_db_instance.a.arn]
}

resource "aws_backup_selection" "by_tag" {
  name         = "by-tag"
  plan_id      = aws_backup_plan.local.id
  iam_role_arn = "arn:aws:iam::1:role/b"
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "Backup"
    value = "daily"
  }
}

resource "aws_backup_selection" "by_arn" {
  name         = "by-arn"
  plan_id      = aws_backup_plan.local.id
  iam_role_arn = "arn:aws:iam::1:role/b"
  resources    = ["arn:aws:elasticfilesystem:*:*:file-system/*"]
  not_resources = [aws_efs_file_system.excluded.arn]
}

resource "aws_db_instance" "a" {
  engine = "postgres"
}

resource "aws_db_instance" "tagged" {
  engine = "postgres"
  tags   = { Backup = "daily" }
}

resource "aws_db_instance" "other_tag" {
  engine = "postgres"
  tags   = { Backup = "never" }
}

resource "aws_efs_file_system" "fs" {}

resource "aws_efs_file_system" "excluded" {}

resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
}
`)
	for _, tc := range []struct {
		addr string
		want infra.Tri
		by   string
	}{
		{"aws_db_instance.a", infra.True, "resources"},
		{"aws_db_instance.tagged", infra.True, `tag Backup = "daily"`},
		{"aws_db_instance.other_tag", infra.False, ""},
		{"aws_efs_file_system.fs", infra.True, "arn arn:aws:elasticfilesystem:*:*:file-system/*"},
		{"aws_efs_file_system.excluded", infra.False, ""},
		{"aws_ebs_volume.v", infra.False, ""},
	} {
		covers, got := aws.BackupCoverage(g, res(t, g, tc.addr))
		by := ""
		if len(covers) > 0 {
			by = covers[0].By
		}
		if got != tc.want || by != tc.by {
			t.Errorf("BackupCoverage(%s) = %v by %q, want %v by %q", tc.addr, got, by, tc.want, tc.by)
		}
	}
	for plan, want := range map[string]infra.Tri{"copied": infra.True, "local": infra.False, "literal_arn": infra.True} {
		if got, how := aws.CrossRegionCopy(g, res(t, g, "aws_backup_plan."+plan)); got != want {
			t.Errorf("CrossRegionCopy(%s) = %v (%s), want %v", plan, got, how, want)
		}
	}
	if got, how := aws.CrossRegionBackup(g, res(t, g, "aws_db_instance.a")); got != infra.True || !strings.Contains(how, "aws_backup_vault.dr in eu-central-1") {
		t.Errorf("CrossRegionBackup(a) = %v, %q", got, how)
	}
	if got, _ := aws.CrossRegionBackup(g, res(t, g, "aws_db_instance.tagged")); got != infra.False {
		t.Errorf("CrossRegionBackup(tagged) = %v: its plan keeps copies in its region", got)
	}
}
