package kube

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func selectorMatchesNothing() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-selector-matches-nothing",
			Title:    "Service or PodDisruptionBudget selects no pods",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "A selector is matched against pod labels, silently. A typo, a label renamed in the " +
				"Deployment but not in the Service, or a namespace mismatch leaves a Service with no endpoints " +
				"(every request fails) or a PodDisruptionBudget protecting nothing (drains evict freely), and " +
				"nothing in the cluster reports it. The rule stays silent when the namespace has no workloads in " +
				"the audit or has custom resources that may create pods (operators), since the pods may exist.",
			Remediation: "Make the selector match the labels of the pod template it is meant for (spec.template." +
				"metadata.labels), in the same namespace.",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service",
				"https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
			},
			Types: []string{"k8s_service", "k8s_poddisruptionbudget"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, r := range append(g.OfType(typeService), g.OfType(typePDB)...) {
				var what string
				if r.Addr.Type == typeService {
					if k8s.MapSelector(r.Get("spec.selector")).Empty {
						continue // no selector: endpoints managed by hand, or ExternalName
					}
					what = "has no endpoints: every request to it fails"
				} else {
					if r.Get("spec.selector").IsAbsent() {
						continue
					}
					what = "protects nothing: drains evict those pods freely"
				}
				if len(g.Refs(r, "spec.selector")) > 0 || !namespaceComplete(g, r) {
					continue
				}
				hits = append(hits, rule.Hitf(r, "%s selects none of the pods of namespace %s in the audit, so it %s", r.Addr, k8s.Namespace(r), what))
			}
			return hits
		},
	}
}

// namespaceComplete reports whether the audit seems to hold every pod maker
// of r's namespace: at least one workload, and no custom resource that an
// operator may turn into pods.
func namespaceComplete(g *infra.Graph, r *infra.Resource) bool {
	ns := r.Addr.Name
	workloads := false
	for _, o := range g.Resources() {
		if o.Addr.Name != ns || !strings.HasPrefix(o.Addr.Type, k8s.TypePrefix) {
			continue
		}
		if o.Role == infra.Workload {
			workloads = true
			continue
		}
		api, _ := o.Get("apiVersion").Str()
		if kind, _ := k8s.Kind(o); mayMakePods(api, kind) {
			return false
		}
	}
	return workloads
}

// mayMakePods reports whether objects of an API group may be custom
// resources that an operator turns into pods. Built-in groups and a few
// well-known groups that never make pods do not.
func mayMakePods(apiVersion, kind string) bool {
	group, _, found := strings.Cut(apiVersion, "/")
	if !found {
		return false // core v1
	}
	switch {
	case !strings.Contains(group, "."), strings.HasSuffix(group, ".k8s.io"):
		return false // apps, batch, policy, autoscaling, networking.k8s.io, ...
	}
	for _, g := range []string{"cert-manager.io", "networking.istio.io", "security.istio.io", "networking.gke.io", "cloud.google.com", "kustomize.config.k8s.io"} {
		if group == g || strings.HasSuffix(group, "."+g) {
			return false
		}
	}
	if group == "monitoring.coreos.com" {
		switch kind {
		case "Prometheus", "PrometheusAgent", "Alertmanager", "ThanosRuler":
			return true
		}
		return false // rules, monitors, probes, configs
	}
	return true
}
