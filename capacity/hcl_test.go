package capacity

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	kubeloader "github.com/plimsoll/plimsoll/loader/kube"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/requirements"
)

// The simulation on a graph the real loader and AWS adapter build from
// Terraform: zones come from subnets, the backup copy from an AWS Backup
// plan's copy action to a vault in another region.
const shopTF = `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}
variable "azs" {
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}
resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = "vpc-1"
  availability_zone = var.azs[count.index]
  cidr_block        = "10.0.${count.index}.0/24"
}
resource "aws_autoscaling_group" "web" {
  vpc_zone_identifier = aws_subnet.private[*].id
  min_size            = 3
  desired_capacity    = 18
  max_size            = 42
}
resource "aws_db_subnet_group" "main" {
  subnet_ids = aws_subnet.private[*].id
}
resource "aws_db_instance" "main" {
  identifier              = "shop"
  engine                  = "postgres"
  instance_class          = "db.r6g.large"
  multi_az                = false
  backup_retention_period = 7
  db_subnet_group_name    = aws_db_subnet_group.main.name
}
resource "aws_backup_vault" "main" {
  name = "main"
}
resource "aws_backup_vault" "dr" {
  provider = aws.dr
  name     = "dr"
}
resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
    }
  }
}
resource "aws_backup_selection" "db" {
  name         = "db"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = [aws_db_instance.main.arn]
}
`

const shopReq = `version: 1
defaults: {buffer: 25%, zones: 3}
services:
  shop:
    rto: 2h
    rpo: 1h
    tiers: [web, db]
    journeys:
      browse: {users: 50000, think: 10s}
tiers:
  web: {capacity: 400/s, resources: [aws_autoscaling_group.web]}
  db: {kind: database, instances: 1, resources: [aws_db_instance.main]}
`

func TestSimulateTerraform(t *testing.T) {
	g, ds := terraform.Load(fstest.MapFS{"infra/main.tf": {Data: []byte(shopTF)}}, "infra", terraform.Options{})
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	aws.Annotate(g)
	req, ds := requirements.Parse("plimsoll.yaml", []byte(shopReq))
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	a, _ := NewAssumptions(nil)
	s, ds := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: g})
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	if got := strings.Join(s.Zones, ","); got != "eu-west-1a,eu-west-1b,eu-west-1c" {
		t.Fatalf("zones = %s (from the subnets the group and the database use)", got)
	}
	// 18 instances, 6 a zone: 12 left carry 4,800/s of the 5,000/s.
	z := outcome(s, ZoneLoss, "eu-west-1b")
	if web := tierOf(z, "web"); web == nil || web.Left != 12 || web.Status != Fail {
		t.Errorf("web after losing eu-west-1b = %+v", web)
	}
	// The single-AZ database may be in any zone of its subnet group.
	db := tierOf(z, "db")
	if db == nil || db.Up != infra.False || !strings.Contains(db.How, "single-AZ: restore to the latest restorable time if its primary is there") {
		t.Errorf("db after losing eu-west-1b = %+v", db)
	}
	r := outcome(s, RegionLoss, "eu-west-1")
	if r == nil {
		t.Fatalf("no eu-west-1 outcome; regions %v", s.Regions)
	}
	rdb := tierOf(r, "db")
	if rdb == nil || !strings.Contains(rdb.How, "restore in another region from its backup plan aws_backup_plan.daily copies to aws_backup_vault.dr in eu-central-1") {
		t.Errorf("db after losing the region = %+v", rdb)
	}
	// Rebuild 4h + restore 1h > RTO 2h; a day of backups > RPO 1h.
	if msg := r.Services[0].Message; r.Status != Fail || !strings.Contains(msg, "back in 5h (region RTO 2h: missed); up to 24h of writes lost (region RPO 1h: missed)") {
		t.Errorf("region: %s %s", r.Status, msg)
	}
	if r.At == nil || r.At.Addr.String() != "aws_db_instance.main" {
		t.Errorf("region finding points at %v, want the database", r.At)
	}
}

// A Kubernetes Deployment is a tier like an autoscaling group: losing a pod
// leaves one fewer replica until it is rescheduled; which zones its pods
// run in is up to the scheduler, so a zone loss cannot be judged.
func TestSimulateKubernetes(t *testing.T) {
	g, ds := kubeloader.Load(fstest.MapFS{"k8s/web.yaml": {Data: []byte(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: shop:1}]
`)}}, []string{"k8s"})
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	req, ds := requirements.Parse("plimsoll.yaml", []byte(`version: 1
services:
  shop: {rate: 900/s, buffer: 0%, rto: 10m, tiers: [web]}
tiers:
  web: {capacity: 300/s, zones: 3, resources: ["k8s_deployment.shop"]}
`))
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	a, _ := NewAssumptions(nil)
	s, ds := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: g})
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	base := tierOf(&s.Outcomes[0], "web")
	if base == nil || base.Instances != 4 || base.Capacity != 1200 {
		t.Fatalf("baseline web = %+v", base)
	}
	one := outcome(s, InstanceLoss, `k8s_deployment.shop["web"]`)
	if one == nil {
		t.Fatalf("no pod-loss outcome in %+v", s.Outcomes)
	}
	web := tierOf(one, "web")
	if web == nil || web.Left != 3 || web.Status != Pass || !strings.Contains(web.How, "replaces it in 6m (k8s-node-eviction + k8s-pod-reschedule)") {
		t.Errorf("one pod lost: %+v", web)
	}
	// Nothing names the zones: the tier's count does. Without a hard spread
	// a zone may hold all four pods, which is unknown, not a failure.
	if want := []string{"1 of 3", "2 of 3", "3 of 3"}; !slices.Equal(s.Zones, want) || !slices.Equal(s.ByCount, want) {
		t.Errorf("zones = %v (by count %v), want %v", s.Zones, s.ByCount, want)
	}
	z := outcome(s, ZoneLoss, "2 of 3")
	if z == nil {
		t.Fatalf("no zone-loss outcome in %+v", s.Outcomes)
	}
	if web := tierOf(z, "web"); z.Status != Unknown || web == nil || web.Note != "no hard zone spread: one zone may hold all 4 pods" ||
		!strings.Contains(web.How, "may have put all 4 pods in zone 2 of 3") {
		t.Errorf("zone lost: %s, web %+v", z.Status, web)
	}
	if got, want := z.Services[0].Message, "shop may stop: cannot tell for web (no hard zone spread: one zone may hold all 4 pods)"; got != want {
		t.Errorf("service message = %q, want %q", got, want)
	}
}
