package aws

import (
	"fmt"
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
)

// port is a well-known port and what listens on it.
type port struct {
	n    int
	name string
}

// worldOpen reports, per resource that declares them, the ingress rules that
// certainly admit the whole internet on one of the ports, as message
// fragments ("ingress block 0 admits 0.0.0.0/0 on port 22 (SSH)").
func worldOpen(g *infra.Graph, ports []port) ([]*infra.Resource, map[*infra.Resource][]string) {
	var order []*infra.Resource
	found := map[*infra.Resource][]string{}
	for _, in := range aws.AllIngress(g) {
		if in.Exists() != infra.True {
			continue
		}
		w, cidr := in.World()
		if w != infra.True {
			continue
		}
		var hit []string
		for _, p := range ports {
			if in.Admits(p.n) == infra.True {
				hit = append(hit, fmt.Sprintf("%d (%s)", p.n, p.name))
			}
		}
		if len(hit) == 0 {
			continue
		}
		what := "port " + strings.Join(hit, ", ")
		if len(hit) > 1 {
			what = "ports " + strings.Join(hit, ", ")
		}
		if in.AllPorts() == infra.True {
			what = "all traffic, including " + what
		}
		var msg string
		switch {
		case in.Block != "":
			msg = fmt.Sprintf("%s admits %s on %s", in.Name(), cidr, what)
		case in.Group != nil:
			msg = fmt.Sprintf("admits %s into %s on %s", cidr, in.Group.Addr, what)
		default:
			msg = fmt.Sprintf("admits %s on %s", cidr, what)
		}
		if !slices.Contains(order, in.Decl) {
			order = append(order, in.Decl)
		}
		found[in.Decl] = append(found[in.Decl], msg)
	}
	return order, found
}

var dbPorts = []port{{3306, "MySQL"}, {5432, "PostgreSQL"}, {1433, "SQL Server"}, {27017, "MongoDB"}, {6379, "Redis"}, {9200, "Elasticsearch"}}
