package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

func containerPrivileged() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-container-privileged",
			Title:    "Container runs privileged",
			Severity: rule.High,
			Concern:  rule.Security,
			Rationale: "A privileged container has every capability and sees the host's devices: whoever gets " +
				"code execution in it (a deserialisation bug, a compromised dependency) owns the node, every pod " +
				"on it and the credentials those pods hold. Very few workloads need it (CNI and storage agents), " +
				"and those should be confined to their own nodes and namespaces. Init containers count too.",
			Remediation: "Remove privileged: true; grant only the capabilities the process needs " +
				"(securityContext.capabilities.add) and keep allowPrivilegeEscalation: false.",
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
          securityContext: {privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
				"https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_daemonset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod", "k8s_job", "k8s_cronjob"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, allKinds) {
				hits = append(hits, containersWithout(w, true, func(c k8s.Container) infra.Tri {
					return c.Attrs.Path("securityContext.privileged").BoolOr(false)
				}, "privileged: code execution in it owns the node")...)
			}
			return hits
		},
	}
}
