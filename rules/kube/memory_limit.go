package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func memoryLimit() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-memory-limit",
			Title:    "Container without a memory limit",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "Memory cannot be throttled, only reclaimed by killing. A container without a memory limit " +
				"that leaks or meets an unusually large request grows until the node runs out, and then the " +
				"kernel and the kubelet kill and evict whatever they choose, often the neighbours that behaved. A " +
				"limit confines the damage to the container at fault. A default from a LimitRange in the " +
				"namespace counts. (CPU limits are a different trade-off and are not required here.)",
			Remediation: "Set resources.limits.memory on every container, usually equal to its memory request so " +
				"the pod is not overcommitted.",
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
				"https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits",
				"https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_daemonset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod", "k8s_job", "k8s_cronjob", "k8s_limitrange"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, allKinds) {
				defaults := limitRangeDefaults(g, w.r)
				hits = append(hits, containersWithout(w, false, func(c k8s.Container) infra.Tri {
					return infra.TriOf(!hasResource(c, "limits.memory", defaults))
				}, "without a memory limit: a leak takes down its neighbours on the node")...)
			}
			return hits
		},
	}
}
