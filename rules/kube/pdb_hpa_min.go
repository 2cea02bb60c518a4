package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func pdbHPAMin() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-pdb-hpa-min",
			Title:    "PodDisruptionBudget minAvailable not below the autoscaler's minReplicas",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "When an autoscaler scales a workload down to minReplicas, a budget whose minAvailable is " +
				"that number (or more) allows no eviction at all: node drains and cluster upgrades hang exactly at " +
				"quiet times, when maintenance is scheduled. The budget must leave room for one eviction at the " +
				"smallest scale the autoscaler allows. Percentages round up, as the disruption controller does.",
			Remediation: "Set minAvailable below the HPA's minReplicas (or use maxUnavailable: 1), raising " +
				"minReplicas if the service needs that many pods to carry its load.",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 10
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}`,
			Links: []string{
				"https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
				"https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
			},
			Types: []string{"k8s_poddisruptionbudget", "k8s_horizontalpodautoscaler"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, pdb := range g.OfType(typePDB) {
				b := readBudget(g, pdb)
				if _, always := b.blocksAlways(); always || !b.scaled {
					continue
				}
				if n, ok := b.allowed(); ok && n == 0 {
					hits = append(hits, rule.Hitf(pdb, "%s allows no eviction when the autoscaler is at minReplicas (%d pods): node drains hang at quiet times", pdb.Addr, b.pods))
				}
			}
			return hits
		},
	}
}
