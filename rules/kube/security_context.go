package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func securityContext() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-security-context",
			Title:    "Container without a securityContext",
			Severity: rule.Medium,
			Concern:  rule.Security,
			Rationale: "Without a securityContext on the container or its pod, everything is left to the image " +
				"and the runtime's defaults: the image's USER (root for most base images), privilege escalation " +
				"allowed, a writable root filesystem and the default capability set. None of that is visible in " +
				"review, and it changes when someone rebuilds the image. Saying it in the manifest makes it " +
				"reviewable and lets admission policies enforce it.",
			Remediation: "Set a securityContext: runAsNonRoot: true, allowPrivilegeEscalation: false, " +
				"readOnlyRootFilesystem: true and capabilities: {drop: [ALL]}, on the container or (for the " +
				"user) the pod.",
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
          image: "nginxinc/nginx-unprivileged:1.27"
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}`,
			Links: []string{
				"https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
				"https://kubernetes.io/docs/concepts/security/pod-security-standards/",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_daemonset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod", "k8s_job", "k8s_cronjob"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, allKinds) {
				if empty(w.spec().Get("securityContext")) != infra.True {
					continue
				}
				hits = append(hits, containersWithout(w, true, func(c k8s.Container) infra.Tri {
					return empty(c.Attrs.Get("securityContext"))
				}, "without a securityContext (none on the pod either): user, privilege escalation and capabilities are left to the image")...)
			}
			return hits
		},
	}
}

// empty answers whether a value is absent or an object without fields; a
// value that is not an object at all (a placeholder string) is Unknown.
func empty(v infra.Value) infra.Tri {
	if v.IsAbsent() {
		return infra.True
	}
	if !v.IsKnown() || !v.Cty().Type().IsObjectType() && !v.Cty().Type().IsMapType() {
		return infra.Unknown
	}
	keys, _ := v.Keys()
	return infra.TriOf(len(keys) == 0)
}
