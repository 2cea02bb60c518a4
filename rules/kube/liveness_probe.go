package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func livenessProbe() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-liveness-probe",
			Title:    "Long-running container without a liveness probe",
			Severity: rule.Low,
			Concern:  rule.Availability,
			Rationale: "A process that deadlocks or leaks its way into uselessness without exiting keeps its pod " +
				"Running forever: without a liveness probe the kubelet never restarts it, and the replica count " +
				"overstates the capacity that is really there. The probe must check the process itself, cheaply, " +
				"with generous thresholds: a liveness probe that fails under load restarts pods exactly when they " +
				"are needed, which is why this rule is of low severity.",
			Remediation: "Add a livenessProbe on an endpoint that only the process itself answers (no database " +
				"call), with a failureThreshold that tolerates a slow minute.",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  replicas: 2
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers:
        - name: worker
          image: "example/worker:2.1.0"
          livenessProbe: {httpGet: {path: /livez, port: 8080}, failureThreshold: 6, periodSeconds: 10}`,
			Links: []string{
				"https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-liveness-http-request",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_daemonset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, k8s.LongRunning) {
				hits = append(hits, containersWithout(w, false, func(c k8s.Container) infra.Tri {
					return infra.TriOf(c.Attrs.Get("livenessProbe").IsAbsent())
				}, "without a liveness probe: a wedged process is never restarted")...)
			}
			return hits
		},
	}
}
