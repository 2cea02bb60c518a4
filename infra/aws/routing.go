package aws

import (
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

var (
	routeTableTypes = []string{"aws_route_table", "aws_default_route_table"}
	vpcTypes        = []string{"aws_vpc", "aws_default_vpc"}
)

// RouteTables returns the route tables that route subnet's traffic: those
// associated with it, or else its VPC's main route table. complete is false
// when an association or the VPC cannot be resolved before apply. A nil list
// with complete true means the main route table AWS creates with every VPC,
// which routes only within the VPC.
func RouteTables(g *infra.Graph, subnet *infra.Resource) (tables []*infra.Resource, complete bool) {
	complete = true
	assocs := referrers(g, subnet, "subnet_id", "aws_route_table_association")
	for _, a := range assocs {
		rl := idRefs(g, a, "route_table_id", routeTableTypes...)
		complete = complete && rl.Complete && !a.CountUnknown
		for _, t := range rl.Refs {
			if !slices.Contains(tables, t) {
				tables = append(tables, t)
			}
		}
	}
	if len(assocs) > 0 {
		return tables, complete
	}
	vpc := idRefs(g, subnet, "vpc_id", vpcTypes...)
	if len(vpc.Refs) != 1 || !vpc.Complete {
		return nil, false
	}
	main, ok := mainRouteTable(g, vpc.Refs[0])
	if main != nil {
		tables = append(tables, main)
	}
	return tables, ok
}

// mainRouteTable returns the route table the configuration makes vpc's main
// one: an aws_main_route_table_association, or the aws_default_route_table
// that adopts the VPC's default table. nil with ok true means the table AWS
// created, which the configuration does not touch.
func mainRouteTable(g *infra.Graph, vpc *infra.Resource) (*infra.Resource, bool) {
	for _, a := range referrers(g, vpc, "vpc_id", "aws_main_route_table_association") {
		rl := idRefs(g, a, "route_table_id", routeTableTypes...)
		if len(rl.Refs) == 1 && rl.Complete {
			return rl.Refs[0], true
		}
		return nil, false
	}
	if d := referrers(g, vpc, "default_route_table_id", "aws_default_route_table"); len(d) == 1 {
		return d[0], true
	}
	return nil, true
}

// Network answers routing and addressing questions about one graph and
// remembers the answers, so asking about many resources costs little.
// Create one with NewNetwork for each audit.
type Network struct {
	g           *infra.Graph
	public      map[*infra.Resource]publicAnswer
	addressable map[*infra.Resource]infra.Tri
}

type publicAnswer struct {
	t  infra.Tri
	rt *infra.Resource
}

// NewNetwork returns a Network for g.
func NewNetwork(g *infra.Graph) *Network {
	return &Network{g: g, public: map[*infra.Resource]publicAnswer{}, addressable: map[*infra.Resource]infra.Tri{}}
}

// PublicSubnet answers whether subnet is public by routing (see
// Network.PublicSubnet). Use a Network to ask about many subnets.
func PublicSubnet(g *infra.Graph, subnet *infra.Resource) (infra.Tri, *infra.Resource) {
	return NewNetwork(g).PublicSubnet(subnet)
}

// PublicSubnet answers whether subnet is public by routing: whether a route
// table that routes it has a route to an internet gateway. It returns that
// route table when the answer is True. map_public_ip_on_launch alone does
// not make a subnet public; a default subnet is public unless associated
// with another table.
func (n *Network) PublicSubnet(subnet *infra.Resource) (infra.Tri, *infra.Resource) {
	if a, ok := n.public[subnet]; ok {
		return a.t, a.rt
	}
	t, rt := publicSubnet(n.g, subnet)
	n.public[subnet] = publicAnswer{t, rt}
	return t, rt
}

func publicSubnet(g *infra.Graph, subnet *infra.Resource) (infra.Tri, *infra.Resource) {
	if subnet.Addr.Mode == infra.Data {
		return infra.Unknown, nil
	}
	tables, complete := RouteTables(g, subnet)
	if subnet.Addr.Type == "aws_default_subnet" && len(tables) == 0 && complete {
		return infra.True, nil
	}
	t := infra.False
	if !complete {
		t = infra.Unknown
	}
	for _, rt := range tables {
		switch RoutesTo(g, rt, "gateway_id", "aws_internet_gateway", nil, "igw-") {
		case infra.True:
			return infra.True, rt
		case infra.Unknown:
			t = infra.Unknown
		}
	}
	return t, nil
}

// RoutesTo answers whether route table rt has a route whose attribute attr
// (gateway_id, nat_gateway_id...) names a resource of type typ — target
// itself when it is not nil — through its inline route blocks or aws_route
// resources. When target is nil, a literal id starting with idPrefix
// ("igw-") counts too.
func RoutesTo(g *infra.Graph, rt *infra.Resource, attr, typ string, target *infra.Resource, idPrefix string) infra.Tri {
	t := infra.False
	check := func(r *infra.Resource, path string, maybe bool) {
		v := r.Attrs.Path(path)
		rl := idRefs(g, r, path, typ)
		if target != nil {
			hit := slices.Contains(rl.Refs, target)
			rl.Refs = nil
			if hit {
				rl.Refs = []*infra.Resource{target}
			} else if len(idRefs(g, r, path, typ).Refs) > 0 {
				return // a route to another resource of the type
			}
		}
		switch {
		case len(rl.Refs) > 0 && !maybe:
			t = infra.True
		case len(rl.Refs) > 0:
			t = t.Or(infra.Unknown)
		case v.IsAbsent():
		default:
			if s, ok := v.Str(); ok {
				if target == nil && idPrefix != "" && strings.HasPrefix(s, idPrefix) {
					if maybe {
						t = t.Or(infra.Unknown)
					} else {
						t = infra.True
					}
				}
				return
			}
			t = t.Or(infra.Unknown)
		}
	}
	routes, known := rt.Get("route").Elems()
	if !known {
		t = infra.Unknown
	}
	for i := range routes {
		check(rt, "route."+itoa(i)+"."+attr, rt.CountUnknown)
	}
	for _, r := range referrers(g, rt, "route_table_id", "aws_route") {
		check(r, attr, r.CountUnknown)
	}
	return t
}

// RoutedSubnets returns the subnets that route table rt routes: those
// associated with it and, when it is its VPC's main table, the VPC's subnets
// associated with no table. complete is false when an association cannot be
// resolved.
func RoutedSubnets(g *infra.Graph, rt *infra.Resource) ([]*infra.Resource, bool) {
	complete := true
	var out []*infra.Resource
	for _, a := range referrers(g, rt, "route_table_id", "aws_route_table_association") {
		rl := idRefs(g, a, "subnet_id", subnetTypes...)
		complete = complete && rl.Complete && !a.CountUnknown
		for _, s := range rl.Refs {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	for _, vpc := range g.OfType(vpcTypes...) {
		if main, _ := mainRouteTable(g, vpc); main != rt {
			continue
		}
		for _, s := range referrers(g, vpc, "vpc_id", subnetTypes...) {
			if len(referrers(g, s, "subnet_id", "aws_route_table_association")) == 0 && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	slices.SortFunc(out, byAddr)
	return out, complete
}

// NATSubnets returns the subnets whose traffic leaves through NAT gateway
// nat: those routed by a route table with a route to it.
func NATSubnets(g *infra.Graph, nat *infra.Resource) ([]*infra.Resource, bool) {
	complete := true
	var tables []*infra.Resource
	for _, f := range referrers(g, nat, "route", routeTableTypes...) {
		if RoutesTo(g, f, "nat_gateway_id", nat.Addr.Type, nat, "") == infra.True {
			tables = append(tables, f)
		}
	}
	for _, r := range referrers(g, nat, "nat_gateway_id", "aws_route") {
		rl := idRefs(g, r, "route_table_id", routeTableTypes...)
		complete = complete && rl.Complete && !r.CountUnknown
		for _, t := range rl.Refs {
			if !slices.Contains(tables, t) {
				tables = append(tables, t)
			}
		}
	}
	var out []*infra.Resource
	for _, t := range tables {
		ss, ok := RoutedSubnets(g, t)
		complete = complete && ok
		for _, s := range ss {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	slices.SortFunc(out, byAddr)
	return out, complete
}
