package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func nodeGroupSingleZone() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-node-group-single-zone",
			Title:    "EKS node group in one availability zone",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "Replicas, disruption budgets and zone spread constraints can only spread pods over the " +
				"nodes that exist. When a managed node group's subnets all resolve to one zone, every node is in " +
				"that zone, and so is every pod of the workloads audited with it: a zone outage stops them all, " +
				"whatever the manifests say. The rule looks at the Terraform and the manifests together and fires " +
				"only when both are in the audit; zones come from the subnets, never from names.",
			Remediation: "Give the node group subnets in at least two zones (three is usual), or add node groups in " +
				"other zones, so the scheduler has somewhere to put the replicas.",
			// The example is the manifest side: the rule needs Terraform in the
			// same audit, and a manifest alone always passes it.
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
      containers: [{name: web, image: "nginx:1.27"}]`,
			Links: []string{
				"https://docs.aws.amazon.com/eks/latest/best-practices/aws-resilience.html",
				"https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html",
			},
			Types: []string{"aws_eks_node_group", "aws_subnet", "k8s_deployment", "k8s_statefulset"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			n := kubeWorkloads(g)
			if n == 0 {
				return nil
			}
			var hits []rule.Hit
			for _, ng := range g.OfType(k8s.NodeGroupType) {
				z := k8s.NodeGroupZones(g, ng)
				if z.AtLeast(2) == infra.False && len(z.Known) == 1 {
					hits = append(hits, rule.Hitf(ng, "%s puts every node in %s: the %d Kubernetes %s audited with it stop together when that zone fails",
						ng.Addr, z.Known[0], n, plural(n, "workload", "workloads")))
				}
			}
			return hits
		},
	}
}
