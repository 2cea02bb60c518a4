package aws

import (
	"fmt"
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// managed returns the managed resources (not data sources) of the given
// types, sorted by address.
func managed(g *infra.Graph, types ...string) []*infra.Resource {
	var out []*infra.Resource
	for _, r := range g.OfType(types...) {
		if r.Addr.Mode == infra.Managed {
			out = append(out, r)
		}
	}
	return out
}

// zoneList renders known zones for a message: "eu-west-1a" or
// "eu-west-1a, eu-west-1b".
func zoneList(z infra.Zones) string { return strings.Join(z.Known, ", ") }

// plural renders "1 zone" or "3 zones".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// isReplica reports whether an RDS instance replicates another database (its
// availability and backups are the source's business); Unknown when that is
// not known.
func isReplica(r *infra.Resource) infra.Tri {
	v := r.Get("replicate_source_db")
	if v.IsAbsent() {
		return infra.False
	}
	if s, ok := v.Str(); ok {
		return infra.TriOf(s != "")
	}
	return infra.True // a reference to another instance's identifier or ARN
}

// engineOf returns a database's engine, lower case; ok is false when unknown.
func engineOf(r *infra.Resource, def string) (string, bool) {
	s, ok := r.Get("engine").StrOr(def)
	return strings.ToLower(s), ok
}

// addrs renders resources' addresses for a message.
func addrs(rs []*infra.Resource) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = r.Addr.String()
	}
	return strings.Join(ss, ", ")
}

// oneOf reports whether s is one of the options, ignoring case.
func oneOf(s string, options ...string) bool {
	return slices.ContainsFunc(options, func(o string) bool { return strings.EqualFold(s, o) })
}

// peers returns how many instances the resource block of r expanded to
// (count or for_each), r included.
func peers(g *infra.Graph, r *infra.Resource) int {
	n := 0
	cfg := r.Addr.Config()
	for _, o := range g.OfType(r.Addr.Type) {
		if o.Addr.Config() == cfg {
			n++
		}
	}
	return n
}
