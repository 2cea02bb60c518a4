package kube

import (
	"github.com/plimsoll/plimsoll/infra"
)

// nodeGroupType is the EKS managed node group of the Terraform AWS provider.
const nodeGroupType = "aws_eks_node_group"

// nodeGroupZones returns the zones a node group's nodes may run in: the
// zones an annotator resolved, or else those of the subnets it refers to
// (their own zones, or their availability_zone).
func nodeGroupZones(g *infra.Graph, ng *infra.Resource) infra.Zones {
	if !ng.Zones.IsEmpty() {
		return ng.Zones
	}
	var z infra.Zones
	subnets := g.Refs(ng, "subnet_ids")
	if len(subnets) == 0 {
		return infra.Zones{Unknown: true}
	}
	for _, s := range subnets {
		switch {
		case !s.Zones.IsEmpty():
			z = z.Union(s.Zones)
		default:
			if az, ok := s.Get("availability_zone").Str(); ok {
				z = z.Add(az)
			} else {
				z.Unknown = true
			}
		}
	}
	// Subnets given as literal IDs leave no edge for some of them.
	if ids, known := ng.Get("subnet_ids").Elems(); !known || len(ids) > len(subnets) {
		z.Unknown = true
	}
	return z
}

// kubeWorkloads counts the Kubernetes workloads in the graph.
func kubeWorkloads(g *infra.Graph) int {
	return len(workloads(g, allKinds))
}
