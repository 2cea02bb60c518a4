package aws

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// Ingress is one rule admitting traffic into a security group, whether it is
// written inline (an ingress block) or as a resource of its own
// (aws_security_group_rule of type ingress, aws_vpc_security_group_ingress_rule).
type Ingress struct {
	// Group is the security group the rule admits into; nil when the rule
	// names a group outside the configuration or one unknown until apply.
	Group *infra.Resource
	// Decl is the resource the rule is written in: the group itself for an
	// inline rule, or the rule resource.
	Decl *infra.Resource
	// Block is the path of an inline rule within Decl ("ingress.0"), empty
	// for a rule resource.
	Block string

	protocol infra.Value
	from, to infra.Value
	cidrs    []infra.Value // each a string or a list of strings
	sources  refList       // security groups the rule admits from
	self     infra.Tri
	maybe    bool // Decl's count is unknown: the rule may not exist
}

// Where names the rule for messages: `aws_security_group.web ingress "SSH"`
// (by its description, since inline rules form a set whose order differs
// between HCL and plan JSON), or the address of a rule resource.
func (in Ingress) Where() string {
	if in.Block == "" {
		return in.Decl.Addr.String()
	}
	return in.Decl.Addr.String() + " " + in.Name()
}

// Name names an inline rule within its group: `ingress "SSH"` by its
// description, or "an ingress block" when it has none.
func (in Ingress) Name() string {
	if d, ok := in.Decl.Attrs.Path(in.Block + ".description").Str(); ok && d != "" {
		return fmt.Sprintf("ingress %q", d)
	}
	return "an ingress block"
}

// Exists answers whether the rule certainly exists: Unknown when its
// resource's count or for_each is unknown before apply.
func (in Ingress) Exists() infra.Tri {
	if in.maybe {
		return infra.Unknown
	}
	return infra.True
}

// AllPorts reports whether the rule admits every protocol and port.
func (in Ingress) AllPorts() infra.Tri {
	p, ok := in.protocol.Str()
	if !ok {
		return infra.Unknown
	}
	return infra.TriOf(p == "-1" || strings.EqualFold(p, "all"))
}

// Ports returns the port range in a form for messages: "22", "0-65535",
// "all traffic".
func (in Ingress) Ports() string {
	if in.AllPorts() == infra.True {
		return "all traffic"
	}
	f, ok1 := in.from.Int()
	t, ok2 := in.to.Int()
	switch {
	case !ok1 || !ok2:
		return "ports unknown until apply"
	case f == t:
		return "port " + strconv.FormatInt(f, 10)
	}
	return fmt.Sprintf("ports %d-%d", f, t)
}

// Admits answers whether the rule lets TCP traffic in on port.
func (in Ingress) Admits(port int) infra.Tri {
	p, ok := in.protocol.Str()
	if !ok {
		return infra.Unknown
	}
	p = strings.ToLower(p)
	switch p {
	case "-1", "all":
		return infra.True
	case "tcp", "6":
	default:
		return infra.False
	}
	f, ok1 := in.from.Int()
	t, ok2 := in.to.Int()
	if !ok1 || !ok2 {
		return infra.Unknown
	}
	return infra.TriOf(f <= int64(port) && int64(port) <= t)
}

// World answers whether the rule admits the whole internet (0.0.0.0/0 or
// ::/0), and returns that CIDR.
func (in Ingress) World() (infra.Tri, string) {
	t := infra.False
	for _, v := range in.cidrs {
		ss, known := v.Strings()
		for _, s := range ss {
			if isWorld(s) {
				return infra.True, s
			}
		}
		if !known {
			t = infra.Unknown
		}
	}
	return t, ""
}

// CIDRs returns the known address ranges the rule admits from.
func (in Ingress) CIDRs() []netip.Prefix {
	var out []netip.Prefix
	for _, v := range in.cidrs {
		ss, _ := v.Strings()
		for _, s := range ss {
			if p, err := netip.ParsePrefix(strings.TrimSpace(s)); err == nil {
				out = append(out, p.Masked())
			}
		}
	}
	return out
}

// SourceGroups returns the security groups the rule admits from (self
// included), and whether that list is complete.
func (in Ingress) SourceGroups() ([]*infra.Resource, bool) {
	out := slices.Clone(in.sources.Refs)
	complete := in.sources.Complete || !in.sources.Set
	switch in.self {
	case infra.True:
		if in.Group != nil && !slices.Contains(out, in.Group) {
			out = append(out, in.Group)
		}
	case infra.Unknown:
		complete = false
	}
	return out, complete
}

func isWorld(cidr string) bool {
	p, err := netip.ParsePrefix(strings.TrimSpace(cidr))
	return err == nil && p.Bits() == 0
}

// IngressRules returns every ingress rule of the security group sg, inline
// and standalone, and whether the list is complete (false when the inline
// blocks are unknown, or a rule's type is unknown until apply).
func IngressRules(g *infra.Graph, sg *infra.Resource) ([]Ingress, bool) {
	var out []Ingress
	complete := true
	inline, ok := inlineIngress(g, sg)
	out = append(out, inline...)
	complete = complete && ok
	for _, rr := range referrers(g, sg, "security_group_id", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule") {
		in, ok := ruleIngress(g, rr)
		complete = complete && ok
		if in != nil {
			in.Group = sg
			out = append(out, *in)
		}
	}
	return out, complete
}

// AllIngress returns every ingress rule written in the configuration, each
// once, including rules of groups outside it.
func AllIngress(g *infra.Graph) []Ingress {
	var out []Ingress
	for _, r := range g.Resources() {
		if r.Addr.Mode != infra.Managed {
			continue
		}
		switch r.Addr.Type {
		case "aws_security_group", "aws_default_security_group":
			in, _ := inlineIngress(g, r)
			out = append(out, in...)
		case "aws_security_group_rule", "aws_vpc_security_group_ingress_rule":
			in, _ := ruleIngress(g, r)
			if in != nil {
				if gs := refs(g, r, "security_group_id", sgTypes...); len(gs) == 1 {
					in.Group = gs[0]
				}
				out = append(out, *in)
			}
		}
	}
	return out
}

func inlineIngress(g *infra.Graph, sg *infra.Resource) ([]Ingress, bool) {
	v := sg.Get("ingress")
	elems, known := v.Elems()
	var out []Ingress
	for i, b := range elems {
		path := "ingress." + strconv.Itoa(i)
		out = append(out, Ingress{
			Group: sg, Decl: sg, Block: path,
			protocol: b.Get("protocol"), from: b.Get("from_port"), to: b.Get("to_port"),
			cidrs:   []infra.Value{b.Get("cidr_blocks"), b.Get("ipv6_cidr_blocks")},
			sources: idRefs(g, sg, path+".security_groups", sgTypes...),
			self:    b.Get("self").BoolOr(false),
			maybe:   sg.CountUnknown,
		})
	}
	return out, known
}

// ruleIngress reads a standalone rule resource; nil when it is an egress
// rule. ok is false when its type is unknown.
func ruleIngress(g *infra.Graph, r *infra.Resource) (*Ingress, bool) {
	in := &Ingress{Decl: r, maybe: r.CountUnknown}
	switch r.Addr.Type {
	case "aws_security_group_rule":
		typ, ok := r.Get("type").Str()
		if !ok {
			return nil, false
		}
		if typ != "ingress" {
			return nil, true
		}
		in.protocol, in.from, in.to = r.Get("protocol"), r.Get("from_port"), r.Get("to_port")
		in.cidrs = []infra.Value{r.Get("cidr_blocks"), r.Get("ipv6_cidr_blocks")}
		in.sources = idRefs(g, r, "source_security_group_id", sgTypes...)
		in.self = r.Get("self").BoolOr(false)
	case "aws_vpc_security_group_ingress_rule":
		in.protocol, in.from, in.to = r.Get("ip_protocol"), r.Get("from_port"), r.Get("to_port")
		in.cidrs = []infra.Value{r.Get("cidr_ipv4"), r.Get("cidr_ipv6")}
		in.sources = idRefs(g, r, "referenced_security_group_id", sgTypes...)
		in.self = infra.False
	default:
		return nil, true
	}
	return in, true
}
