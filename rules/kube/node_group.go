package kube

import (
	"github.com/plimsoll/plimsoll/infra"
)

// kubeWorkloads counts the Kubernetes workloads in the graph.
func kubeWorkloads(g *infra.Graph) int {
	return len(workloads(g, allKinds))
}
