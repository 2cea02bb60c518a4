package kube_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/loader/terraform"
)

// subnetsTF are three subnets in three zones and an EKS cluster over them.
const subnetsTF = `
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
resource "aws_subnet" "c" {
  vpc_id            = "vpc-1"
  availability_zone = "eu-west-1c"
  cidr_block        = "10.0.2.0/24"
}
resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = [aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id]
  }
}
`

// nodeGroup is an EKS managed node group of cluster over subnets, with
// extra lines.
func nodeGroup(name, cluster, subnets, extra string) string {
	return `
resource "aws_eks_node_group" "` + name + `" {
  cluster_name    = ` + cluster + `
  node_group_name = "` + name + `"
  node_role_arn   = "arn:aws:iam::123456789012:role/nodes"
  subnet_ids      = [` + subnets + `]
  scaling_config {
    min_size     = 3
    max_size     = 9
    desired_size = 3
  }
` + extra + `}
`
}

// nodesGraph loads Terraform tf, annotated, and a Deployment whose pod
// spec carries spec, and returns the graph and the pod template.
func nodesGraph(t *testing.T, tf, spec string) (*infra.Graph, infra.Value) {
	t.Helper()
	g, ds := terraform.Load(fstest.MapFS{"infra/main.tf": {Data: []byte(tf)}}, "infra", terraform.Options{})
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	aws.Annotate(g)
	pod := podOf(t, spec)
	return g, pod
}

func TestNodesOf(t *testing.T) {
	const (
		abc     = "aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id"
		byRef   = "aws_eks_cluster.prod.name"
		zoneSel = "      nodeSelector: {topology.kubernetes.io/zone: eu-west-1b}\n"
		groupB  = "      nodeSelector: {eks.amazonaws.com/nodegroup: batch}\n"
	)
	zoneIn := func(op string, zones ...string) string {
		return `      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{key: topology.kubernetes.io/zone, operator: ` + op + `, values: [` + strings.Join(zones, ", ") + `]}]
`
	}
	for _, tc := range []struct {
		name, tf, spec string
		ok             bool
		groups         []string // node group names
		zones          string   // infra.Zones.String()
		narrowed       bool
	}{
		{"no node group", subnetsTF, "", false, nil, "", false},
		{"one group over three zones", subnetsTF + nodeGroup("apps", byRef, abc, ""), "", true, []string{"apps"}, "eu-west-1a,eu-west-1b,eu-west-1c", false},
		{"one group in one zone", subnetsTF + nodeGroup("apps", byRef, "aws_subnet.a.id", ""), "", true, []string{"apps"}, "eu-west-1a", false},
		{"two groups of one cluster: the union", subnetsTF + nodeGroup("apps", byRef, "aws_subnet.a.id", "") + nodeGroup("more", `"prod"`, "aws_subnet.b.id", ""), "", true, []string{"apps", "more"}, "eu-west-1a,eu-west-1b", false},
		{"two clusters: no tie", subnetsTF + nodeGroup("apps", `"prod"`, "aws_subnet.a.id", "") + nodeGroup("batch", `"batch"`, "aws_subnet.b.id", ""), "", false, nil, "", false},
		{"two clusters, tied by the node group label", subnetsTF + nodeGroup("apps", `"prod"`, "aws_subnet.a.id", "") + nodeGroup("batch", `"batch"`, "aws_subnet.b.id, aws_subnet.c.id", ""), groupB, true, []string{"batch"}, "eu-west-1b,eu-west-1c", false},
		{"two clusters, tied by the group's labels", subnetsTF + nodeGroup("apps", `"prod"`, "aws_subnet.a.id", "  labels = {pool = \"apps\"}\n") + nodeGroup("batch", `"batch"`, "aws_subnet.b.id", "  labels = {pool = \"batch\"}\n"), "      nodeSelector: {pool: apps, kubernetes.io/os: linux}\n", true, []string{"apps"}, "eu-west-1a", false},
		{"nodeSelector on the zone", subnetsTF + nodeGroup("apps", byRef, abc, ""), zoneSel, true, []string{"apps"}, "eu-west-1b", true},
		{"required node affinity In", subnetsTF + nodeGroup("apps", byRef, abc, ""), zoneIn("In", "eu-west-1a", "eu-west-1c"), true, []string{"apps"}, "eu-west-1a,eu-west-1c", true},
		{"required node affinity NotIn", subnetsTF + nodeGroup("apps", byRef, abc, ""), zoneIn("NotIn", "eu-west-1a"), true, []string{"apps"}, "eu-west-1b,eu-west-1c", true},
		{"a zone the nodes are not in", subnetsTF + nodeGroup("apps", byRef, "aws_subnet.a.id", ""), zoneSel, true, []string{"apps"}, "(unknown)", true},
		{"subnets given by ID", subnetsTF + nodeGroup("apps", byRef, `"subnet-0123", aws_subnet.a.id`, ""), "", true, []string{"apps"}, "eu-west-1a,(unknown)", false},
		{"Fargate may add nodes anywhere", subnetsTF + nodeGroup("apps", byRef, abc, "") + `
resource "aws_eks_fargate_profile" "f" {
  cluster_name           = "prod"
  fargate_profile_name   = "f"
  pod_execution_role_arn = "arn:aws:iam::123456789012:role/f"
  subnet_ids             = [aws_subnet.a.id]
  selector { namespace = "batch" }
}
`, "", false, nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, pod := nodesGraph(t, tc.tf, tc.spec)
			got, ok := kube.NodesOf(g, pod)
			var names []string
			for _, ng := range got.Groups {
				names = append(names, ng.Addr.Name)
			}
			if ok != tc.ok || !slices.Equal(names, tc.groups) || ok && got.Zones.String() != tc.zones || got.Narrowed != tc.narrowed {
				t.Errorf("NodesOf = %v, %v, zones %s, narrowed %v; want %v, %v, zones %s, narrowed %v",
					names, ok, got.Zones, got.Narrowed, tc.groups, tc.ok, tc.zones, tc.narrowed)
			}
		})
	}
}
