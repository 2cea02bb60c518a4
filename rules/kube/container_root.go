package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func containerRoot() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-container-root",
			Title:    "Container runs as root",
			Severity: rule.High,
			Concern:  rule.Security,
			Rationale: "A process running as user 0 is root on the node's kernel, shared with every other pod. A " +
				"container escape (a kernel bug, a mounted host path, a misconfigured volume) then starts with " +
				"root privileges. The rule fires when runAsUser is 0 for the container (its own securityContext, " +
				"or the pod's when it sets none); when neither says, the image's USER decides, which the manifest " +
				"does not show, so it stays silent (k8s-security-context covers that case).",
			Remediation: "Run as an unprivileged user: set runAsNonRoot: true and a runAsUser above 0 (and build " +
				"the image with a non-root USER).",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 10001}
      containers: [{name: web, image: "nginxinc/nginx-unprivileged:1.27"}]`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
				"https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-the-security-context-for-a-pod",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_daemonset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod", "k8s_job", "k8s_cronjob"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, allKinds) {
				podUser := w.spec().Path("securityContext.runAsUser")
				hits = append(hits, containersWithout(w, true, func(c k8s.Container) infra.Tri {
					user := c.Attrs.Path("securityContext.runAsUser")
					if user.IsAbsent() {
						user = podUser
					}
					if n, ok := user.Int(); ok {
						return infra.TriOf(n == 0)
					}
					return infra.Unknown
				}, "as root (runAsUser: 0): an escape starts with root on the node")...)
			}
			return hits
		},
	}
}
