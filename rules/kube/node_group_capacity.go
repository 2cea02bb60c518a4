package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func nodeGroupCapacity() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-node-group-capacity",
			Title:    "EKS node groups too small at minimum size for the workloads' spread",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "Required pod anti-affinity is a hard rule: three replicas that must not share a node need " +
				"three nodes, and three that must not share a zone need nodes in three zones. When the node " +
				"groups' minimum size (what the cluster shrinks to at night, and what it restarts with) offers " +
				"fewer, the extra replicas stay Pending until the cluster autoscaler reacts, if it can, and a node " +
				"loss at that moment leaves the service short. The rule adds up min_size of the node groups of " +
				"one EKS cluster and stays silent when Karpenter or Fargate may add capacity.",
			Remediation: "Raise the node groups' min_size (and spread their subnets over zones) to at least what the " +
				"strictest workload asks, or relax its anti-affinity to preferred.",
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
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}
      containers: [{name: web, image: "nginx:1.27"}]`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity",
				"https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html",
			},
			Types: []string{"aws_eks_node_group", "k8s_deployment", "k8s_statefulset"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			groups := g.OfType(k8s.NodeGroupType)
			if len(groups) == 0 || k8s.ElasticNodes(g) || !k8s.OneCluster(g, groups) {
				return nil
			}
			var nodes int64
			var zones infra.Zones
			for _, ng := range groups {
				n, ok := ng.Get("scaling_config.0.min_size").Int()
				if !ok {
					return nil
				}
				nodes += n
				zones = zones.Union(k8s.NodeGroupZones(g, ng))
			}
			// Nodes at minimum size can sit in at most that many zones.
			zonesAtMin := min(int64(len(zones.Known)), nodes)
			var hits []rule.Hit
			for _, w := range workloads(g, k8s.Scalable) {
				n, _, ok := lowReplicas(g, w)
				if !ok || n < 2 {
					continue
				}
				hostKeys, zoneKeysReq := requiredAntiAffinity(w.spec())
				switch {
				case hostKeys && nodes < n:
					hits = append(hits, rule.Hitf(groups[0], "%s: the node groups of the cluster start with %d %s at minimum size, but %s needs %d (its %d replicas must not share a node)",
						groups[0].Addr, nodes, plural(int(nodes), "node", "nodes"), w.r.Addr, n, n))
				case zoneKeysReq && !zones.Unknown && zonesAtMin < n:
					hits = append(hits, rule.Hitf(groups[0], "%s: at minimum size the node groups of the cluster have nodes in %d %s, but %s needs %d (its %d replicas must not share a zone)",
						groups[0].Addr, zonesAtMin, plural(int(zonesAtMin), "zone", "zones"), w.r.Addr, n, n))
				}
			}
			return hits
		},
	}
}

// requiredAntiAffinity reports whether a pod spec's required anti-affinity
// keeps its pods on distinct nodes, or in distinct zones.
func requiredAntiAffinity(spec infra.Value) (host, zone bool) {
	terms, _ := spec.Path("affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution").Elems()
	for _, t := range terms {
		key, _ := t.Get("topologyKey").Str()
		host = host || key == "kubernetes.io/hostname"
		zone = zone || k8s.IsZoneKey(key)
	}
	return host, zone
}
