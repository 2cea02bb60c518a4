package infra

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Edge says that From refers to To in its attribute Attr, a dotted path such
// as "vpc_zone_identifier" or "ingress.0.security_groups". Edges are
// recorded from the configuration's references even when the referenced
// value is unknown until apply, and from known values that match another
// resource's id.
type Edge struct {
	From, To Address
	Attr     string
}

// Graph is the infrastructure model: resources by address and the edges
// between them. Loaders build it; rules only read it. A Graph is not safe for
// concurrent mutation, but once built it may be read concurrently.
//
// Provider configurations (addresses of mode ProviderConfig) are kept apart:
// they are how the configuration reaches a provider, not infrastructure, so
// Resources, OfType, OfRole, Resource, Len and the edge queries never return
// them; only Providers does. Their outgoing edges are recorded like any
// other (a provider's access_key read from a data source), and Out on a
// provider configuration returns them.
type Graph struct {
	res    map[Address]*Resource
	prov   map[Address]*Resource
	mu     sync.Mutex             // guards sorted and byType, which readers fill lazily
	sorted []*Resource            // nil when stale
	byType map[string][]*Resource // each sorted; nil when stale
	out    map[Address][]Edge
	in     map[Address][]Edge
	edges  map[Edge]bool
}

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{
		res:   make(map[Address]*Resource),
		prov:  make(map[Address]*Resource),
		out:   make(map[Address][]Edge),
		in:    make(map[Address][]Edge),
		edges: make(map[Edge]bool),
	}
}

// Add puts a resource, or a provider configuration, into the graph. Adding
// a second one with the same address is an error.
func (g *Graph) Add(r *Resource) error {
	if r.Addr.Mode == ProviderConfig {
		return addOnce(g.prov, r)
	}
	if err := addOnce(g.res, r); err != nil {
		return err
	}
	g.mu.Lock()
	g.sorted, g.byType = nil, nil
	g.mu.Unlock()
	return nil
}

// Link records an edge. Edges to or from addresses not (yet) in the graph are
// kept; queries skip them. Recording the same edge twice has no effect.
func (g *Graph) Link(e Edge) {
	if e.From == e.To || g.edges[e] {
		return
	}
	g.edges[e] = true
	g.out[e.From] = append(g.out[e.From], e)
	g.in[e.To] = append(g.in[e.To], e)
}

func addOnce(set map[Address]*Resource, r *Resource) error {
	if old, ok := set[r.Addr]; ok {
		return fmt.Errorf("%s declared twice (also at %s)", r.Addr, old.Pos)
	}
	set[r.Addr] = r
	return nil
}

// Merge adds every resource, provider configuration and edge of o to g.
func (g *Graph) Merge(o *Graph) error {
	// Resources returns the graph's cached slice: never append to it.
	all := slices.Concat(o.Resources(), o.Providers())
	for _, r := range all {
		if err := g.Add(r); err != nil {
			return err
		}
	}
	for _, r := range all {
		for _, e := range o.out[r.Addr] {
			g.Link(e)
		}
	}
	return nil
}

// Providers returns the provider configurations, sorted by address. Each is
// a Resource whose Addr has mode ProviderConfig, whose Attrs are the
// arguments and nested blocks of its provider block, and whose Provider
// names it as resources name the configuration they use ("aws.west").
func (g *Graph) Providers() []*Resource {
	out := make([]*Resource, 0, len(g.prov))
	for _, r := range g.prov {
		out = append(out, r)
	}
	sortByAddress(out)
	return out
}

// Len returns the number of resources, provider configurations not
// counted.
func (g *Graph) Len() int { return len(g.res) }

// Resource returns the resource at a, or nil.
func (g *Graph) Resource(a Address) *Resource { return g.res[a] }

// Resources returns every resource, sorted by address.
func (g *Graph) Resources() []*Resource {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.sortedLocked()
}

func (g *Graph) sortedLocked() []*Resource {
	if g.sorted == nil {
		g.sorted = make([]*Resource, 0, len(g.res))
		for _, r := range g.res {
			g.sorted = append(g.sorted, r)
		}
		sortByAddress(g.sorted)
	}
	return g.sorted
}

// OfType returns the resources of the given types, sorted by address. It
// costs what it returns, not a walk over the whole graph, so rules may call
// it freely.
func (g *Graph) OfType(types ...string) []*Resource {
	g.mu.Lock()
	if g.byType == nil {
		g.byType = make(map[string][]*Resource)
		for _, r := range g.sortedLocked() {
			g.byType[r.Addr.Type] = append(g.byType[r.Addr.Type], r)
		}
	}
	byType := g.byType
	g.mu.Unlock()
	var out []*Resource
	lists := 0
	for i, t := range types {
		if rs := byType[t]; len(rs) > 0 && !slices.Contains(types[:i], t) {
			out = append(out, rs...)
			lists++
		}
	}
	if lists > 1 {
		sortByAddress(out)
	}
	return out
}

// OfRole returns the resources with the given role, sorted by address.
func (g *Graph) OfRole(role Role) []*Resource {
	var out []*Resource
	for _, r := range g.Resources() {
		if r.Role == role {
			out = append(out, r)
		}
	}
	return out
}

// Out returns the edges from r, in the order they were recorded.
func (g *Graph) Out(r *Resource) []Edge { return g.out[r.Addr] }

// In returns the edges to r, in the order they were recorded.
func (g *Graph) In(r *Resource) []Edge { return g.in[r.Addr] }

// Refs returns the resources that r refers to in attribute attr or anywhere
// beneath it ("ingress" matches "ingress.0.security_groups"), restricted to
// the given types when any are named. An empty attr matches every attribute.
// The result is sorted and has no duplicates.
func (g *Graph) Refs(r *Resource, attr string, types ...string) []*Resource {
	return g.follow(g.out[r.Addr], attr, types, func(e Edge) Address { return e.To })
}

// Referrers returns the resources that refer to r in attribute attr (or
// beneath it), restricted to the given types when any are named. The result
// is sorted and has no duplicates.
func (g *Graph) Referrers(r *Resource, attr string, types ...string) []*Resource {
	return g.follow(g.in[r.Addr], attr, types, func(e Edge) Address { return e.From })
}

func (g *Graph) follow(edges []Edge, attr string, types []string, end func(Edge) Address) []*Resource {
	var out []*Resource
	for _, e := range edges {
		if !AttrUnder(e.Attr, attr) {
			continue
		}
		r := g.res[end(e)]
		if r == nil || len(types) > 0 && !slices.Contains(types, r.Addr.Type) || slices.Contains(out, r) {
			continue
		}
		out = append(out, r)
	}
	sortByAddress(out)
	return out
}

// sortByAddress sorts resources by the string form of their address,
// rendering each address once rather than at every comparison.
func sortByAddress(rs []*Resource) {
	if len(rs) < 2 {
		return
	}
	type keyed struct {
		key string
		r   *Resource
	}
	ks := make([]keyed, len(rs))
	for i, r := range rs {
		ks[i] = keyed{r.Addr.String(), r}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	for i, k := range ks {
		rs[i] = k.r
	}
}

// AttrUnder reports whether the dotted path attr is prefix or lies beneath it.
// An empty prefix matches everything.
func AttrUnder(attr, prefix string) bool {
	if prefix == "" || attr == prefix {
		return true
	}
	return strings.HasPrefix(attr, prefix) && attr[len(prefix)] == '.'
}
