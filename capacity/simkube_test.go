package capacity

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	kubeloader "github.com/plimsoll/plimsoll/loader/kube"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/requirements"
)

// Spreads a Deployment's pod spec may carry.
const (
	skew1 = `      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
`
	bestEffort = `      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
`
	antiZone = `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - {topologyKey: topology.kubernetes.io/zone, labelSelector: {matchLabels: {app: web}}}
`
)

// kubeGraph loads a Deployment shop/web with replicas pods and the given
// pod spec lines.
func kubeGraph(t tb, replicas int, spec string) *infra.Graph {
	t.Helper()
	src := fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: %d
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "shop:1"}]
%s`, replicas, spec)
	g, ds := kubeloader.Load(fstest.MapFS{"k8s/web.yaml": {Data: []byte(src)}}, []string{"k8s"})
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	return g
}

func kubeSimulate(t tb, g *infra.Graph, zones string) *Simulation {
	t.Helper()
	req, ds := requirements.Parse("plimsoll.yaml", []byte(`version: 1
services:
  shop: {rate: 900/s, buffer: 0%, rto: 10m, tiers: [web]}
tiers:
  web: {capacity: 300/s, `+zones+`resources: ['k8s_deployment.shop["web"]']}
  app: {resources: [aws_autoscaling_group.app]}
`))
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	a, _ := NewAssumptions(nil)
	s, _ := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: g})
	return s
}

func TestSimulateKubernetesZoneLoss(t *testing.T) {
	for _, tc := range []struct {
		name     string
		replicas int
		spec     string
		zones    string // the tier's zones key
		asg      []string
		zone     string // the zone lost
		status   Status
		left     int
		how      string
	}{
		// 900/s at 300/s a pod: three pods carry the need.
		{"maxSkew 1: two of six lost, replacements Pending", 6, skew1, "zones: 3, ", nil, "1 of 3", Pass, 4,
			`k8s_deployment.shop["web"] loses at most 2 of its 6 pods with the zone (a DoNotSchedule topology spread with maxSkew 1 over the tier's 3 zones); their replacements stay Pending while the lost zone's nodes are registered, as the spread counts the emptied zone (manual-recovery: 1h)`},
		{"maxSkew 1: four of ten lost", 10, skew1, "zones: 3, ", nil, "3 of 3", Pass, 6, "loses at most 4 of its 10 pods"},
		{"maxSkew 1 with room: rescheduled", 2, skew1, "zones: 3, ", nil, "2 of 3", Fail, 1,
			"loses at most 1 of its 2 pods with the zone (a DoNotSchedule topology spread with maxSkew 1 over the tier's 3 zones) and reschedules them in the other zones in 6m (k8s-node-eviction + k8s-pod-reschedule), if their nodes have room"},
		{"anti-affinity: one lost", 3, antiZone, "zones: 3, ", nil, "1 of 3", Fail, 2, "loses at most 1 of its 3 pods with the zone (required pod anti-affinity on the zone over the tier's 3 zones); their replacements stay Pending"},
		{"best effort is no bound", 6, bestEffort, "zones: 3, ", nil, "1 of 3", Unknown, 0, "has a best-effort zone spread: the scheduler may have put all 6 pods in zone 1 of 3"},
		{"one zone: all lost", 6, skew1, "zones: 1, ", nil, "1 of 1", Fail, 0, "has no other zone to run its pods in"},
		{"the graph's zones when they number the same", 6, skew1, "zones: 3, ", abc, "us-east-1b", Pass, 4, "over the tier's 3 zones"},
		{"counted zones when they do not", 6, skew1, "zones: 3, ", abc[:2], "2 of 3", Pass, 4, "over the tier's 3 zones"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := kubeGraph(t, tc.replicas, tc.spec)
			if tc.asg != nil {
				if err := g.Add(res(t, "aws_autoscaling_group.app", infra.Group, tc.asg, map[string]cty.Value{"desired_capacity": cty.NumberIntVal(3)})); err != nil {
					t.Fatal(err)
				}
			}
			s := kubeSimulate(t, g, tc.zones)
			o := outcome(s, ZoneLoss, tc.zone)
			if o == nil {
				t.Fatalf("no loss of zone %s among %v", tc.zone, s.Zones)
			}
			web := tierOf(o, "web")
			if web == nil {
				t.Fatalf("zone %s lost: web untouched", tc.zone)
			}
			if want := tc.status; web.Status != want || tc.status != Unknown && web.Left != tc.left || !strings.Contains(web.How, tc.how) {
				t.Errorf("got %s, %d left, %q; want %s, %d left, %q", web.Status, web.Left, web.How, want, tc.left, tc.how)
			}
		})
	}
}

func TestSimulateKubernetesZones(t *testing.T) {
	// Without a zones count nothing names the pods' zones: no zone is lost.
	s := kubeSimulate(t, kubeGraph(t, 6, skew1), "")
	if len(s.Zones) != 0 || outcome(s, ZoneLoss, "") != nil {
		t.Errorf("zones = %v, want none", s.Zones)
	}
	// Zones the graph names, in another tier, and counted ones side by side.
	g := kubeGraph(t, 6, skew1)
	if err := g.Add(res(t, "aws_autoscaling_group.app", infra.Group, abc[:2], map[string]cty.Value{"desired_capacity": cty.NumberIntVal(2)})); err != nil {
		t.Fatal(err)
	}
	s = kubeSimulate(t, g, "zones: 3, ")
	want := []string{"us-east-1a", "us-east-1b", "1 of 3", "2 of 3", "3 of 3"}
	if !slices.Equal(s.Zones, want) || !slices.Equal(s.ByCount, want[2:]) {
		t.Errorf("zones = %v, by count %v; want %v", s.Zones, s.ByCount, want)
	}
	// Losing a zone the pods are not in leaves them alone.
	if o := outcome(s, ZoneLoss, "us-east-1a"); o == nil || tierOf(o, "web") != nil {
		t.Errorf("us-east-1a lost touches web: %+v", o)
	}
	var b strings.Builder
	if err := WriteSimulationText(&b, s); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.SplitN(b.String(), "\n", 2)[0], "Failure simulation against plimsoll.yaml: 5 zones (us-east-1a, us-east-1b, 1 of 3, 2 of 3, 3 of 3; 1 of 3, 2 of 3, 3 of 3: the tiers' zones count, as nothing names the zones of their pods)"; got != want {
		t.Errorf("header = %q\nwant     %q", got, want)
	}
}

// eksTF is a VPC, three subnets in three zones, an EKS cluster, and a node
// group over the subnets listed.
func eksTF(subnets string) string {
	return `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  availability_zone = ["eu-west-1a", "eu-west-1b", "eu-west-1c"][count.index]
  cidr_block        = "10.0.${count.index}.0/24"
}
resource "aws_eks_cluster" "shop" {
  name     = "shop"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = aws_subnet.private[*].id
  }
}
resource "aws_eks_node_group" "apps" {
  cluster_name    = aws_eks_cluster.shop.name
  node_group_name = "apps"
  node_role_arn   = "arn:aws:iam::123456789012:role/nodes"
  subnet_ids      = ` + subnets + `
  scaling_config {
    min_size     = 3
    max_size     = 9
    desired_size = 3
  }
}
`
}

// The pods run where the cluster's node groups have nodes: their zones
// are the node groups', with or without a zones count.
func TestSimulateKubernetesNodeGroups(t *testing.T) {
	for _, tc := range []struct {
		name, subnets, spec, zones string
		want                       []string // the zones simulated
		lost                       string
		status                     Status
		left                       int
		how                        string
	}{
		{"three zones, maxSkew 1", "aws_subnet.private[*].id", skew1, "", []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, "eu-west-1b", Pass, 4,
			"loses at most 2 of its 6 pods with the zone (a DoNotSchedule topology spread with maxSkew 1 over the 3 zones of node group aws_eks_node_group.apps); their replacements stay Pending"},
		{"the node groups' zones win over the count", "aws_subnet.private[*].id", skew1, "zones: 2, ", []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, "eu-west-1c", Pass, 4, "over the 3 zones of node group"},
		{"a nodeSelector on the zone narrows them", "aws_subnet.private[*].id", skew1 + "      nodeSelector: {topology.kubernetes.io/zone: eu-west-1a}\n", "zones: 3, ", []string{"eu-west-1a"}, "eu-west-1a", Fail, 0,
			"has no other zone to run its pods in: its node selection keeps only eu-west-1a of node group aws_eks_node_group.apps"},
		{"one zone: every pod lost", "[aws_subnet.private[0].id]", skew1, "zones: 3, ", []string{"eu-west-1a"}, "eu-west-1a", Fail, 0,
			"has no other zone to run its pods in: the nodes of node group aws_eks_node_group.apps are in eu-west-1a only (manual-recovery: 1h)"},
		{"one zone known, others after apply", `["subnet-0123", aws_subnet.private[0].id]`, skew1, "zones: 3, ", []string{"eu-west-1a"}, "eu-west-1a", Unknown, 0,
			"runs its pods in eu-west-1a and perhaps in zones known only after apply"},
		{"subnets known after apply: the count names them", "var.subnets", skew1, "zones: 3, ", []string{"1 of 3", "2 of 3", "3 of 3"}, "", Unknown, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tf := eksTF(tc.subnets) + "variable \"subnets\" { type = list(string) }\n"
			g, ds := terraform.Load(fstest.MapFS{"infra/main.tf": {Data: []byte(tf)}}, "infra", terraform.Options{})
			if ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			aws.Annotate(g)
			if err := g.Merge(kubeGraph(t, 6, tc.spec)); err != nil {
				t.Fatal(err)
			}
			s := kubeSimulate(t, g, tc.zones)
			if byCount := strings.HasSuffix(tc.want[0], " of 3"); !slices.Equal(s.Zones, tc.want) || byCount != (len(s.ByCount) > 0) {
				t.Fatalf("zones = %v (by count %v), want %v", s.Zones, s.ByCount, tc.want)
			}
			if tc.lost == "" {
				return
			}
			o := outcome(s, ZoneLoss, tc.lost)
			if o == nil {
				t.Fatalf("no loss of zone %s among %v", tc.lost, s.Zones)
			}
			web := tierOf(o, "web")
			if web == nil || web.Status != tc.status || tc.status != Unknown && web.Left != tc.left || !strings.Contains(web.How, tc.how) {
				t.Fatalf("zone %s lost: web %+v; want %s, %d left, %q", tc.lost, web, tc.status, tc.left, tc.how)
			}
			var b strings.Builder
			if err := WriteSimulationText(&b, s); err != nil {
				t.Fatal(err)
			}
			if got, want := strings.SplitN(b.String(), "\n", 2)[0], "Failure simulation against plimsoll.yaml: "+fmt.Sprintf("%d %s (%s)", len(tc.want), map[bool]string{true: "zone", false: "zones"}[len(tc.want) == 1], strings.Join(tc.want, ", ")); got != want {
				t.Errorf("header = %q\nwant     %q", got, want)
			}
		})
	}
}
