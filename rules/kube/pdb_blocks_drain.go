package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func pdbBlocksDrain() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-pdb-blocks-drain",
			Title:    "PodDisruptionBudget allows no disruption at all",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "A budget that allows zero evictions (maxUnavailable: 0, minAvailable: 100%, or a " +
				"minAvailable equal to the replica count) blocks every node drain: cluster upgrades hang, the " +
				"cluster autoscaler cannot remove nodes, and operators end up deleting the budget or the pods by " +
				"hand under pressure, which is the disruption the budget was meant to control. Workloads scaled by " +
				"an autoscaler are judged by k8s-pdb-hpa-min.",
			Remediation: "Allow at least one pod to be evicted: maxUnavailable: 1, or minAvailable below the number " +
				"of replicas (and run enough replicas that this still serves the load).",
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
  minAvailable: 2
  selector: {matchLabels: {app: web}}`,
			Links: []string{
				"https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions",
				"https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/",
			},
			Types: []string{"k8s_poddisruptionbudget"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, pdb := range g.OfType(typePDB) {
				b := readBudget(g, pdb)
				if why, ok := b.blocksAlways(); ok {
					hits = append(hits, rule.Hitf(pdb, "%s: %s, so no pod it selects may ever be evicted and node drains hang", pdb.Addr, why))
					continue
				}
				if b.matched == 0 || b.scaled {
					continue
				}
				if n, ok := b.allowed(); ok && n == 0 {
					hits = append(hits, rule.Hitf(pdb, "%s allows 0 of the %d pods it selects to be evicted, so node drains hang", pdb.Addr, b.pods))
				}
			}
			return hits
		},
	}
}
