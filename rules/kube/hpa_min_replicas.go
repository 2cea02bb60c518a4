package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func hpaMinReplicas() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-hpa-min-replicas",
			Title:    "HorizontalPodAutoscaler may scale down to one replica",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "An autoscaler owns its target's replica count: at night, or after a quiet hour, it scales down " +
				"to minReplicas. With minReplicas absent (1) or 1, the service then rests on a single pod, and the " +
				"first node failure or drain takes it down just when nobody is watching; scaling back up takes " +
				"minutes, longer than a spike takes to arrive.",
			Remediation: "Set minReplicas to at least 2 (3 to keep one per zone), and maxReplicas to what the peak " +
				"needs with its buffer.",
			Example: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 12
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}`,
			Links: []string{
				"https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
			},
			Types: []string{"k8s_horizontalpodautoscaler"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, h := range g.OfType(typeHPA) {
				n, ok := minReplicas(h)
				if !ok || n >= 2 {
					continue
				}
				what := "minReplicas is " + itoa(n)
				if h.Get("spec.minReplicas").IsAbsent() {
					what = "minReplicas is not set (1)"
				}
				hits = append(hits, rule.Hitf(h, "%s: %s, so at quiet times the service rests on a single pod", h.Addr, what))
			}
			return hits
		},
	}
}
