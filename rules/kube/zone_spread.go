package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func zoneSpread() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-zone-spread",
			Title:    "Replicas not spread across zones",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "Replicas protect against a zone outage only if they run in different zones. Without a " +
				"topologySpreadConstraint or pod anti-affinity on topology.kubernetes.io/zone, the scheduler's " +
				"built-in spreading is best effort (ScheduleAnyway, with a skew of up to 5 pods per zone), so " +
				"three replicas can and do land in one zone, which then takes them all down together. " +
				"Anti-affinity on kubernetes.io/hostname alone spreads over nodes, not zones.",
			Remediation: "Add a topologySpreadConstraint with topologyKey topology.kubernetes.io/zone (maxSkew 1) " +
				"selecting the workload's own pods, or pod anti-affinity on that key.",
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
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app: web}}
      containers: [{name: web, image: "nginx:1.27"}]`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/",
				"https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_replicaset", "k8s_replicationcontroller"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, k8s.Scalable) {
				n, _, ok := lowReplicas(g, w)
				if !ok || n < 2 {
					continue
				}
				if k8s.ZoneSpreadOf(w.pod).Asks != infra.False {
					continue
				}
				hits = append(hits, rule.Hitf(w.r, "%s runs %d replicas with no zone spread (no topologySpreadConstraints or pod anti-affinity on topology.kubernetes.io/zone): they can all land in one zone", w.r.Addr, n))
			}
			return hits
		},
	}
}
