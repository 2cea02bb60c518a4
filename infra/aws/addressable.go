package aws

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

// Addressable answers whether the internet can address r directly: whether
// it gets a public IP address in a subnet that routes to an internet
// gateway (an instance, an autoscaling group's instances, a publicly
// accessible database), or is an internet-facing load balancer. Security
// groups decide the rest; see Exposure.
func Addressable(g *infra.Graph, r *infra.Resource) infra.Tri {
	return NewNetwork(g).Addressable(r)
}

// Addressable answers whether the internet can address r directly (see the
// function Addressable), remembering the answer.
func (n *Network) Addressable(r *infra.Resource) infra.Tri {
	if t, ok := n.addressable[r]; ok {
		return t
	}
	n.addressable[r] = infra.Unknown // a cycle says nothing definite
	t := n.addressableOf(r)
	n.addressable[r] = t
	return t
}

func (n *Network) addressableOf(r *infra.Resource) infra.Tri {
	g := n.g
	switch r.Addr.Type {
	case "aws_instance", "aws_spot_instance_request":
		if len(g.Referrers(r, "instance", "aws_eip"))+len(g.Referrers(r, "instance_id", "aws_eip_association")) > 0 {
			return infra.True
		}
		if r.Get("subnet_id").IsAbsent() && r.Get("network_interface").IsAbsent() {
			// The default VPC's default subnets map public IPs and route
			// to an internet gateway.
			return r.Get("associate_public_ip_address").BoolOr(true)
		}
		return n.publicIn(r, "subnet_id", r.Get("associate_public_ip_address"))
	case "aws_autoscaling_group":
		assoc := infra.Absent
		for _, lt := range refs(g, r, "launch_template", "aws_launch_template") {
			assoc = lt.Attrs.Path("network_interfaces.0.associate_public_ip_address")
		}
		for _, lc := range refs(g, r, "launch_configuration", "aws_launch_configuration") {
			assoc = lc.Get("associate_public_ip_address")
		}
		return n.publicIn(r, "vpc_zone_identifier", assoc)
	case "aws_db_instance", "aws_rds_cluster_instance":
		pa := r.Get("publicly_accessible").BoolOr(false)
		if pa != infra.True {
			return pa
		}
		group := r
		if r.Addr.Type == "aws_rds_cluster_instance" {
			cs := refs(g, r, "cluster_identifier", "aws_rds_cluster")
			if len(cs) != 1 {
				return infra.Unknown
			}
			group = cs[0]
		}
		if r.Addr.Type == "aws_rds_cluster_instance" && !r.Get("db_subnet_group_name").IsAbsent() {
			group = r
		}
		t, _ := n.GroupPublic(group, "db_subnet_group_name")
		return t
	case "aws_rds_cluster":
		t := infra.False
		for _, m := range g.Referrers(r, "cluster_identifier", "aws_rds_cluster_instance") {
			t = t.Or(n.Addressable(m))
		}
		return t
	case "aws_lb", "aws_alb", "aws_elb":
		return r.Get("internal").BoolOr(false).Not()
	}
	if _, ok := memberAttrs[r.Addr.Type]; ok {
		return infra.False // placed in a VPC without a public address
	}
	return infra.Unknown
}

// publicIn answers whether a resource in the subnets at attr, with the
// given associate_public_ip_address setting, gets a routable public IP.
func (n *Network) publicIn(r *infra.Resource, attr string, assoc infra.Value) infra.Tri {
	rl := idRefs(n.g, r, attr, subnetTypes...)
	if len(rl.Refs) == 0 {
		return infra.Unknown
	}
	t := infra.False
	if !rl.Complete {
		t = infra.Unknown
	}
	for _, s := range rl.Refs {
		mapped := assoc
		if mapped.IsAbsent() {
			mapped = s.Get("map_public_ip_on_launch")
			if mapped.IsAbsent() && s.Addr.Type == "aws_default_subnet" {
				mapped = infra.ValueOf(cty.True) // default subnets map public IPs
			}
		}
		pub, _ := n.PublicSubnet(s)
		t = t.Or(mapped.BoolOr(false).And(pub))
	}
	return t
}

// GroupPublic answers whether the subnet group that r names at attr (a DB or
// cache subnet group) holds a subnet that routes to an internet gateway, and
// returns the first such subnet.
func GroupPublic(g *infra.Graph, r *infra.Resource, attr string) (infra.Tri, *infra.Resource) {
	return NewNetwork(g).GroupPublic(r, attr)
}

// GroupPublic is the function GroupPublic with the Network's memory.
func (n *Network) GroupPublic(r *infra.Resource, attr string) (infra.Tri, *infra.Resource) {
	g := n.g
	rl := idRefs(g, r, attr, "aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_docdb_subnet_group", "aws_neptune_subnet_group", "aws_redshift_subnet_group")
	if len(rl.Refs) == 0 {
		return infra.Unknown, nil
	}
	t := infra.False
	if !rl.Complete {
		t = infra.Unknown
	}
	for _, sg := range rl.Refs {
		subnets := idRefs(g, sg, "subnet_ids", subnetTypes...)
		if !subnets.Complete {
			t = t.Or(infra.Unknown)
		}
		for _, s := range subnets.Refs {
			p, _ := n.PublicSubnet(s)
			if p == infra.True {
				return infra.True, s
			}
			t = t.Or(p)
		}
	}
	return t, nil
}
