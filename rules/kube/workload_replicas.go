package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func workloadReplicas() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-workload-replicas",
			Title:    "Workload runs a single replica",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "One replica is one pod on one node: a node failure, a node drain for an upgrade, an eviction " +
				"under memory pressure or a crash takes the service down until a new pod is scheduled, pulled and " +
				"ready. An absent replicas field means 1. A bare Pod is worse: nothing recreates it at all. " +
				"Workloads scaled by a HorizontalPodAutoscaler are judged by its minReplicas instead " +
				"(k8s-hpa-min-replicas); a workload scaled to 0 on purpose is left alone.",
			Remediation: "Run at least two replicas (three across zones for anything users depend on), or let an " +
				"HPA with minReplicas of 2 or more scale it; run bare Pods under a Deployment.",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/workloads/controllers/deployment/",
				"https://kubernetes.io/docs/concepts/workloads/pods/#working-with-pods",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, func(k string) bool { return k8s.Scalable(k) || k == k8s.Pod }) {
				if w.kind == k8s.Pod {
					hits = append(hits, rule.Hitf(w.r, "%s is a bare Pod: nothing recreates it when its node fails or is drained", w.r.Addr))
					continue
				}
				if len(hpas(g, w.r)) > 0 {
					continue // k8s-hpa-min-replicas judges it
				}
				n, ok := k8s.Replicas(w.r)
				if ok && n == 1 {
					hits = append(hits, rule.Hitf(w.r, "%s runs 1 replica: losing its node (or draining it) stops the service", w.r.Addr))
				}
			}
			return hits
		},
	}
}
