package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func readinessProbe() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-readiness-probe",
			Title:    "Container behind a Service without a readiness probe",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "A Service sends traffic to a pod as soon as it is ready, and without a readiness probe a " +
				"pod is ready the moment its process starts: before caches are warm, connections open or " +
				"migrations done, and also while it is wedged. Requests fail during every rollout and scale-up, " +
				"and a rolling update happily replaces working pods with broken ones. Workloads no Service " +
				"selects are left alone.",
			Remediation: "Give every serving container a readinessProbe (an HTTP endpoint that checks what the " +
				"container needs to serve, not its dependencies' health).",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
          readinessProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 5}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]`,
			Links: []string{
				"https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_daemonset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod", "k8s_service"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, k8s.LongRunning) {
				if len(servedBy(g, w)) == 0 {
					continue
				}
				hits = append(hits, containersWithout(w, false, func(c k8s.Container) infra.Tri {
					return infra.TriOf(c.Attrs.Get("readinessProbe").IsAbsent())
				}, "without a readiness probe behind a Service: traffic reaches pods before they can serve")...)
			}
			return hits
		},
	}
}
