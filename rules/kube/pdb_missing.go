package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func pdbMissing() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-pdb-missing",
			Title:    "Replicated workload without a PodDisruptionBudget",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "Node upgrades, cluster autoscaler scale-downs and spot reclaims evict pods through the " +
				"eviction API, which honours PodDisruptionBudgets and nothing else. Without one, a node drain may " +
				"evict every replica of a workload at once (they often share nodes), and several replicas turn into " +
				"an outage during routine maintenance.",
			Remediation: "Add a PodDisruptionBudget selecting the workload's pods with maxUnavailable: 1 (or a " +
				"minAvailable below the replica count).",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/workloads/pods/disruptions/",
				"https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_poddisruptionbudget"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, k8s.Scalable) {
				n, _, ok := lowReplicas(g, w)
				if !ok || n < 2 || len(g.Referrers(w.r, "spec.selector", typePDB)) > 0 {
					continue
				}
				hits = append(hits, rule.Hitf(w.r, "%s runs %d replicas but no PodDisruptionBudget selects its pods: a node drain may evict them all at once", w.r.Addr, n))
			}
			return hits
		},
	}
}
