package kube

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func resourceRequests() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-resource-requests",
			Title:    "Container without CPU and memory requests",
			Severity: rule.Medium,
			Concern:  rule.Scaling,
			Rationale: "The scheduler places pods by their requests, not by what they use. A container without " +
				"requests is packed onto nodes as if it were free, so nodes are overcommitted and the first busy " +
				"hour ends in CPU starvation and memory evictions (such pods are evicted first). CPU utilisation " +
				"targets of a HorizontalPodAutoscaler are percentages of the request, so without one the " +
				"autoscaler cannot scale on CPU at all. A limit set without a request counts (it becomes the " +
				"request), and so does a default from a LimitRange in the namespace.",
			Remediation: "Set resources.requests.cpu and resources.requests.memory on every container, from " +
				"measured usage under load plus headroom.",
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
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {memory: 256Mi}`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
				"https://kubernetes.io/docs/concepts/policy/limit-range/",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_daemonset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod", "k8s_job", "k8s_cronjob", "k8s_limitrange"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, allKinds) {
				defaults := limitRangeDefaults(g, w.r)
				var bad []string
				for _, c := range containers(w, false) {
					var missing []string
					for _, res := range []string{"cpu", "memory"} {
						if !hasResource(c, "requests."+res, defaults) {
							missing = append(missing, res)
						}
					}
					if len(missing) > 0 {
						bad = append(bad, quote(c.Name)+" ("+strings.Join(missing, ", ")+")")
					}
				}
				if len(bad) > 0 {
					hits = append(hits, rule.Hitf(w.r, "%s: no resource requests for %s %s, so the scheduler packs %s as if free",
						w.r.Addr, plural(len(bad), "container", "containers"), strings.Join(bad, ", "), plural(len(bad), "it", "them")))
				}
			}
			return hits
		},
	}
}
