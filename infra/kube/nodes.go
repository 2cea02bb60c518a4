package kube

import (
	"slices"

	"github.com/plimsoll/plimsoll/infra"
)

// NodeGroupType is the EKS managed node group of the Terraform AWS
// provider: the nodes the pods of an EKS cluster run on.
const NodeGroupType = "aws_eks_node_group"

// NodeGroupLabel is the node label EKS sets to the name of a managed node
// group on each of its nodes.
const NodeGroupLabel = "eks.amazonaws.com/nodegroup"

// NodeGroupZones returns the zones a node group's nodes may run in: the
// zones an annotator resolved, or else those of the subnets it refers to
// (their own zones, or their availability_zone).
func NodeGroupZones(g *infra.Graph, ng *infra.Resource) infra.Zones {
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

// ClusterOf names the cluster a node group belongs to: its cluster_name,
// or the aws_eks_cluster that cluster_name refers to when the name itself
// is known only after apply. ok is false when neither says.
func ClusterOf(g *infra.Graph, ng *infra.Resource) (cluster string, ok bool) {
	if s, ok := ng.Get("cluster_name").Str(); ok {
		return s, true
	}
	if cs := g.Refs(ng, "cluster_name", "aws_eks_cluster"); len(cs) == 1 {
		if s, ok := cs[0].Get("name").Str(); ok {
			return s, true
		}
		return cs[0].Addr.String(), true
	}
	return "", false
}

// OneCluster reports whether the node groups all belong to one cluster, so
// that they make one pool of nodes the manifests run on. A single node
// group is one cluster whether or not its cluster is known.
func OneCluster(g *infra.Graph, groups []*infra.Resource) bool {
	if len(groups) < 2 {
		return true
	}
	first, ok := ClusterOf(g, groups[0])
	if !ok {
		return false
	}
	for _, ng := range groups[1:] {
		if c, ok := ClusterOf(g, ng); !ok || c != first {
			return false
		}
	}
	return true
}

// PodNodes is where, as far as the graph says, the pods of a workload can
// run.
type PodNodes struct {
	// Groups are the node groups that can run the pods, all of one cluster.
	Groups []*infra.Resource
	// Zones are the zones the pods can run in: those of the Groups' nodes,
	// narrowed by the pod's nodeSelector or required node affinity on the
	// zone label. Unknown is set when a group's zones, or whether a group
	// can run the pods, are known only after apply.
	Zones infra.Zones
	// Narrowed says the pod's node selection on the zone label took zones
	// away from the Groups' own.
	Narrowed bool
}

// NodesOf returns where the pods of a pod template (metadata and spec, as
// PodTemplate returns it) can run, given the EKS managed node groups of g:
// the pods only go where the cluster has nodes. ok is false when the graph
// says nothing about that — it holds no node group, Karpenter or a Fargate
// profile may add nodes elsewhere, no node group can run the pods, or the
// node groups that can belong to several clusters (manifests do not say
// which cluster they are applied to).
//
// A node group can run the pods unless the pod's nodeSelector or required
// node affinity rules it out by the labels plimsoll knows its nodes carry:
// NodeGroupLabel and the node group's labels. Taints and tolerations, and
// selections on other labels, are not read: the pods are taken to fit
// every node they do not rule out.
func NodesOf(g *infra.Graph, pod infra.Value) (PodNodes, bool) {
	groups := g.OfType(NodeGroupType)
	if len(groups) == 0 || ElasticNodes(g) {
		return PodNodes{}, false
	}
	spec := pod.Get("spec")
	var out PodNodes
	// sure are the zones of the groups certain to run the pods; a group
	// that may not adds no zone for certain.
	var sure infra.Zones
	for _, ng := range groups {
		switch runsOn(spec, ng) {
		case infra.True:
			out.Groups = append(out.Groups, ng)
			sure = sure.Union(NodeGroupZones(g, ng))
		case infra.Unknown:
			out.Groups = append(out.Groups, ng)
			sure.Unknown = true
		}
	}
	if len(out.Groups) == 0 || !OneCluster(g, out.Groups) {
		return PodNodes{}, false
	}
	out.Zones.Unknown = sure.Unknown
	for _, z := range sure.Known {
		switch allows(spec, z, IsZoneKey) {
		case infra.True:
			out.Zones = out.Zones.Add(z)
		case infra.Unknown:
			out.Zones.Unknown = true
			out.Narrowed = true
		default:
			out.Narrowed = true
		}
	}
	if len(out.Zones.Known) == 0 {
		// No zone is certain: the groups' zones are known only after
		// apply, or the pod asks for zones none of its nodes are in (or
		// names them as the subnets do not, by zone ID).
		out.Zones = infra.Zones{Unknown: true}
	}
	return out, true
}

// ElasticNodes reports whether something other than the node groups may
// add nodes on demand: a Fargate profile, or Karpenter.
func ElasticNodes(g *infra.Graph) bool {
	if len(g.OfType("aws_eks_fargate_profile")) > 0 {
		return true
	}
	for _, r := range g.Resources() {
		if api, ok := r.Get("apiVersion").Str(); ok && len(api) >= 12 && api[:12] == "karpenter.sh" {
			return true
		}
	}
	return false
}

// runsOn answers whether a pod spec lets its pods run on a node group's
// nodes, by the labels known to be on them.
func runsOn(spec infra.Value, ng *infra.Resource) infra.Tri {
	labels, known := StringMap(ng.Get("labels"))
	if !ng.Get("labels").IsAbsent() && !ng.Get("labels").IsKnown() {
		known = false
	}
	name, nameKnown := ng.Get("node_group_name").Str()
	result := infra.True
	check := func(key, value string, ok bool) {
		is := func(k string) bool { return k == key }
		if !ok {
			if constrains(spec, is) {
				result = result.And(infra.Unknown)
			}
			return
		}
		result = result.And(allows(spec, value, is))
	}
	check(NodeGroupLabel, name, nameKnown)
	for k, v := range labels {
		check(k, v, true)
	}
	if !known {
		// A label whose value is not known may rule the group out.
		result = result.And(infra.Unknown)
	}
	return result
}

// constrains reports whether a pod spec selects nodes on a label key.
func constrains(spec infra.Value, key func(string) bool) bool {
	sel, _ := spec.Get("nodeSelector").Keys()
	if slices.ContainsFunc(sel, key) {
		return true
	}
	terms, _ := spec.Path("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms").Elems()
	for _, t := range terms {
		exprs, _ := t.Get("matchExpressions").Elems()
		for _, e := range exprs {
			if k, ok := e.Get("key").Str(); ok && key(k) {
				return true
			}
		}
	}
	return false
}

// allows answers whether a node whose label (any key key accepts) has the
// given value satisfies the pod spec's nodeSelector and required node
// affinity, as far as they select on that label: the nodeSelector must
// name the value, and one of the nodeSelectorTerms (which are ORed) must
// accept it in all of its matchExpressions (which are ANDed).
// Expressions on other labels are not read.
func allows(spec infra.Value, value string, key func(string) bool) infra.Tri {
	sel := spec.Get("nodeSelector")
	keys, _ := sel.Keys()
	for _, k := range keys {
		if !key(k) {
			continue
		}
		s, ok := sel.Get(k).Str()
		if !ok {
			return infra.Unknown
		}
		if s != value {
			return infra.False
		}
	}
	terms, _ := spec.Path("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms").Elems()
	if len(terms) == 0 {
		return infra.True
	}
	some := infra.False
	for _, t := range terms {
		term := infra.True
		exprs, _ := t.Get("matchExpressions").Elems()
		for _, e := range exprs {
			k, ok := e.Get("key").Str()
			if !ok {
				term = term.And(infra.Unknown)
				continue
			}
			if !key(k) {
				continue
			}
			op, _ := e.Get("operator").Str()
			values, known := e.Get("values").Strings()
			switch {
			case op == "Exists":
			case op == "DoesNotExist":
				term = infra.False
			case !known || op != "In" && op != "NotIn":
				// Gt and Lt compare numbers; a zone is not one.
				term = term.And(infra.Unknown)
			case (op == "In") != slices.Contains(values, value):
				term = infra.False
			}
		}
		some = some.Or(term)
	}
	return some
}
