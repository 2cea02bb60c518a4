package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func hpaMissing() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-hpa-missing",
			Title:    "Deployment behind a Service without an autoscaler",
			Severity: rule.Medium,
			Concern:  rule.Scaling,
			Rationale: "A fixed replica count is sized for the load someone expected. When the real peak comes (a " +
				"launch, a sale, a retry storm) the pods saturate, latency climbs and requests time out while the " +
				"cluster may have room to spare. A HorizontalPodAutoscaler adds pods as load grows and, with the " +
				"cluster autoscaler, nodes to run them. Another autoscaler that names the Deployment as its scale " +
				"target (a KEDA ScaledObject, say) counts too.",
			Remediation: "Add a HorizontalPodAutoscaler (autoscaling/v2) targeting the Deployment, with CPU requests " +
				"set so utilisation targets mean something, minReplicas of 2 or more and a maxReplicas with headroom.",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27", resources: {requests: {cpu: 250m, memory: 128Mi}}}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: autoscaling/v2
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
				"https://keda.sh/docs/latest/concepts/scaling-deployments/",
			},
			Types: []string{"k8s_deployment", "k8s_service", "k8s_horizontalpodautoscaler"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, func(k string) bool { return k == k8s.Deployment }) {
				if n, ok := k8s.Replicas(w.r); ok && n == 0 {
					continue // scaled to zero on purpose
				}
				svcs := servedBy(g, w)
				if len(svcs) == 0 || len(hpas(g, w.r)) > 0 || scaledByOther(g, w) {
					continue
				}
				hits = append(hits, rule.Hitf(w.r, "%s serves %s but no autoscaler scales it: its replica count is fixed whatever the load", w.r.Addr, k8s.Ref(svcs[0])))
			}
			return hits
		},
	}
}

// scaledByOther reports whether an object other than an HPA in the same
// namespace names the Deployment in spec.scaleTargetRef (KEDA's
// ScaledObject, whose kind defaults to Deployment).
func scaledByOther(g *infra.Graph, w workload) bool {
	name := k8s.Name(w.r)
	for _, o := range g.Resources() {
		if o.Addr.Name != w.r.Addr.Name || o.Addr.Type == typeHPA || o.Role == infra.Workload {
			continue
		}
		ref := o.Get("spec.scaleTargetRef")
		if n, ok := ref.Get("name").Str(); !ok || n != name {
			continue
		}
		if kind, ok := ref.Get("kind").StrOr(k8s.Deployment); ok && kind == k8s.Deployment {
			return true
		}
	}
	return false
}
