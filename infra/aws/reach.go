package aws

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// AdminPorts are the ports that give an operator a shell on a machine.
var AdminPorts = []int{22, 3389}

// Hop is one step on a path into a resource: an ingress rule and the port it
// admits.
type Hop struct {
	Rule Ingress
	Port int // 0 when the rule admits all traffic
	// From is the CIDR of the rule that admits the previous hop's hosts,
	// when the rule admits them by address rather than by group.
	From string
}

// Path is a chain of hops by which the internet reaches a resource. The first
// hop admits a world CIDR; every later hop admits the members of the group
// the previous hop led into.
type Path []Hop

// String renders the path: "0.0.0.0/0 → port 22 → aws_security_group.bastion
// → port 5432 → aws_security_group.db".
func (p Path) String() string {
	var b strings.Builder
	for i, h := range p {
		if i == 0 {
			_, cidr := h.Rule.World()
			b.WriteString(cidr)
		}
		b.WriteString(" → ")
		if h.Port == 0 {
			b.WriteString("all traffic")
		} else {
			b.WriteString("port " + strconv.Itoa(h.Port))
		}
		if h.From != "" {
			b.WriteString(" from " + h.From)
		}
		b.WriteString(" → ")
		if h.Rule.Group != nil {
			b.WriteString(h.Rule.Group.Addr.String())
		} else {
			b.WriteString(h.Rule.Where())
		}
		if h.Rule.Block == "" && h.Rule.Decl != h.Rule.Group {
			b.WriteString(" (rule " + h.Rule.Decl.Addr.String() + ")")
		}
	}
	return b.String()
}

// Reach returns the ingress rules of r's security groups that admit TCP
// traffic on port, with a tri-state answer to "does any rule admit it":
// Unknown when r's groups or their rules cannot all be known before apply.
func Reach(g *infra.Graph, r *infra.Resource, port int) ([]Ingress, infra.Tri) {
	groups, complete := SecurityGroups(g, r)
	var out []Ingress
	t := infra.False
	if !complete {
		t = infra.Unknown
	}
	for _, sg := range groups {
		rules, ok := IngressRules(g, sg)
		if !ok {
			t = t.Or(infra.Unknown)
		}
		for _, in := range rules {
			a := in.Admits(port).And(in.Exists())
			if a == infra.False {
				continue
			}
			if a == infra.True {
				out = append(out, in)
			}
			t = t.Or(a)
		}
	}
	return out, t
}

// Exposure answers how the internet reaches resources of one graph. Create
// one with NewExposure for each audit; it computes the groups the internet
// can get a shell on once.
type Exposure struct {
	*Network
	shell map[*infra.Resource]Path
	order []*infra.Resource // the keys of shell, sorted
	nets  map[*infra.Resource][]netip.Prefix
}

// NewExposure analyses g's security groups.
func NewExposure(g *infra.Graph) *Exposure {
	x := &Exposure{Network: NewNetwork(g), nets: map[*infra.Resource][]netip.Prefix{}}
	x.shell = x.shellPaths()
	for _, sg := range g.OfType(sgTypes...) {
		if _, ok := x.shell[sg]; ok {
			x.order = append(x.order, sg)
		}
	}
	return x
}

// memberNets returns the known address ranges of the subnets that the
// members of security group sg run in.
func (x *Exposure) memberNets(sg *infra.Resource) []netip.Prefix {
	if ps, ok := x.nets[sg]; ok {
		return ps
	}
	var ps []netip.Prefix
	for _, m := range Members(x.g, sg) {
		hosts := []*infra.Resource{m}
		if m.Addr.Type == "aws_launch_template" || m.Addr.Type == "aws_launch_configuration" {
			hosts = x.g.Referrers(m, "", "aws_autoscaling_group")
		}
		for _, h := range hosts {
			for _, attr := range subnetAttrs[h.Addr.Type] {
				for _, s := range idRefs(x.g, h, attr, subnetTypes...).Refs {
					if c, ok := s.Get("cidr_block").Str(); ok {
						if p, err := netip.ParsePrefix(c); err == nil {
							ps = append(ps, p.Masked())
						}
					}
				}
			}
		}
	}
	x.nets[sg] = ps
	return ps
}

// admitsHostsOf returns a CIDR of rule in that contains the subnet of a
// member of security group sg, or "".
func (x *Exposure) admitsHostsOf(in Ingress, sg *infra.Resource) string {
	nets := x.memberNets(sg)
	if len(nets) == 0 {
		return ""
	}
	for _, c := range in.CIDRs() {
		if c.Bits() == 0 {
			continue // the world: a direct path, found elsewhere
		}
		for _, n := range nets {
			if c.Overlaps(n) {
				return c.String()
			}
		}
	}
	return ""
}

// ShellPath returns the shortest path by which the internet can get a shell
// (SSH, RDP or all traffic) on the members of security group sg, if any.
func (x *Exposure) ShellPath(sg *infra.Resource) (Path, bool) {
	p, ok := x.shell[sg]
	return p, ok
}

// WorldPaths returns the paths by which the internet reaches r on TCP port:
// directly, when r has a public address (see Addressable) and one of its
// security groups admits a world CIDR (inline or standalone rules alike); or
// through groups whose members the internet can get a shell on — a group
// with a publicly addressable member that admits the world on SSH, RDP or all
// traffic, or a group that admits such a group on those ports, transitively;
// a rule admits a group when it names it, or when one of its CIDRs contains
// a subnet the group's members run in.
// Load balancers are never such members: they forward only to their targets.
//
// The answer is True when a path certainly exists, Unknown when none is
// certain but a rule, group list or CIDR unknown until apply could make one.
func (x *Exposure) WorldPaths(r *infra.Resource, port int) ([]Path, infra.Tri) {
	g, shell := x.g, x.shell
	groups, complete := SecurityGroups(g, r)
	var paths []Path
	unknown := !complete
	direct := x.Addressable(r)
	for _, sg := range groups {
		rules, ok := IngressRules(g, sg)
		unknown = unknown || !ok
		for _, in := range rules {
			a := in.Admits(port).And(in.Exists())
			if a == infra.False {
				continue
			}
			hop := Hop{Rule: in, Port: port}
			if in.AllPorts() == infra.True {
				hop.Port = 0
			}
			w, _ := in.World()
			switch d := a.And(w).And(direct); d {
			case infra.True:
				paths = append(paths, Path{hop})
			case infra.Unknown:
				unknown = true
			}
			if a != infra.True {
				continue
			}
			srcs, ok := in.SourceGroups()
			unknown = unknown || !ok
			for _, s := range srcs {
				if p, ok := shell[s]; ok {
					paths = append(paths, append(p[:len(p):len(p)], hop))
				}
			}
			for _, s := range x.order {
				if from := x.admitsHostsOf(in, s); from != "" && s != sg {
					h := hop
					h.From = from
					paths = append(paths, append(shell[s][:len(shell[s]):len(shell[s])], h))
				}
			}
		}
	}
	switch {
	case len(paths) > 0:
		return paths, infra.True
	case unknown:
		return nil, infra.Unknown
	}
	return nil, infra.False
}

// shellPaths finds, for every security group whose members the internet can
// certainly get a shell on, the shortest path that proves it.
func (x *Exposure) shellPaths() map[*infra.Resource]Path {
	g, n := x.g, x.Network
	type edge struct {
		in   Ingress
		port int
	}
	// admin[sg] are the rules of sg that admit an admin port.
	admin := map[*infra.Resource][]edge{}
	for _, sg := range g.OfType(sgTypes...) {
		rules, _ := IngressRules(g, sg)
		for _, in := range rules {
			if in.Exists() != infra.True {
				continue
			}
			for _, p := range AdminPorts {
				if in.Admits(p) == infra.True {
					if in.AllPorts() == infra.True {
						p = 0
					}
					admin[sg] = append(admin[sg], edge{in, p})
					break
				}
			}
		}
	}
	paths := map[*infra.Resource]Path{}
	var frontier []*infra.Resource
	for _, sg := range g.OfType(sgTypes...) {
		if !shellable(n, sg) {
			continue
		}
		for _, e := range admin[sg] {
			if w, _ := e.in.World(); w == infra.True {
				paths[sg] = Path{{Rule: e.in, Port: e.port}}
				frontier = append(frontier, sg)
				break
			}
		}
	}
	for len(frontier) > 0 {
		var next []*infra.Resource
		for _, sg := range g.OfType(sgTypes...) {
			if _, done := paths[sg]; done {
				continue
			}
		rules:
			for _, e := range admin[sg] {
				srcs, _ := e.in.SourceGroups()
				for _, s := range srcs {
					if p, ok := paths[s]; ok {
						paths[sg] = append(p[:len(p):len(p)], Hop{Rule: e.in, Port: e.port})
						next = append(next, sg)
						break rules
					}
				}
				for _, s := range frontier {
					if from := x.admitsHostsOf(e.in, s); from != "" {
						p := paths[s]
						paths[sg] = append(p[:len(p):len(p)], Hop{Rule: e.in, Port: e.port, From: from})
						next = append(next, sg)
						break rules
					}
				}
			}
		}
		frontier = next
	}
	return paths
}

// shellable reports whether security group sg certainly has a member the
// internet can address that is not a load balancer.
func shellable(n *Network, sg *infra.Resource) bool {
	g := n.g
	for _, m := range Members(g, sg) {
		if RoleOf(m.Addr.Type) == infra.LoadBalancer {
			continue
		}
		member := []*infra.Resource{m}
		if m.Addr.Type == "aws_launch_template" || m.Addr.Type == "aws_launch_configuration" {
			member = g.Referrers(m, "", "aws_autoscaling_group")
		}
		for _, x := range member {
			if n.Addressable(x) == infra.True {
				return true
			}
		}
	}
	return false
}
