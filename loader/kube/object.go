package kube

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/loader/prom"
)

// object is what selector resolution needs to know of a loaded object.
type object struct {
	res       *infra.Resource
	kind      string
	ns, name  string
	makesPods bool
	podLabels map[string]string // labels of the pods it makes
	podsKnown bool              // whether podLabels could be read in full
}

func (l *loader) object(file string, lines [][]byte, root *yaml.Node, apiVersion, kind string, explicit bool) {
	at := diag.Pos{File: file, Line: root.Line, Column: root.Column}
	meta := field(root, "metadata")
	var ns, name string
	if n := scalarField(meta, "name"); n != nil {
		name = n.Value
	} else if n := scalarField(meta, "generateName"); n != nil {
		name = n.Value + "*"
	}
	if name == "" {
		// Kustomizations and component configuration files have a kind
		// but are not API objects and have no name; a workload without a
		// name is a mistake.
		if k8s.RoleOf(kind) != infra.Other {
			l.ds = append(l.ds, diag.Errorf(at, "%s without a name: want metadata.name", kind))
		} else if explicit {
			l.ds = append(l.ds, diag.Warningf(at, "skipped: %s has no metadata.name, so it is not an object the API server would accept", kind))
		}
		return
	}
	if n := scalarField(meta, "namespace"); n != nil {
		ns = n.Value
	}
	if k8s.IsClusterScoped(kind) {
		ns = ""
	} else if ns == "" {
		ns = k8s.DefaultNamespace
	}
	c := &converter{file: file, budget: maxNodes}
	attrs := c.value(root, 0)
	l.ds = append(l.ds, c.ds...)
	if c.budget < 0 {
		return
	}
	r := &infra.Resource{
		Addr:    k8s.Address(kind, ns, name),
		Role:    k8s.RoleOf(kind),
		Attrs:   infra.ValueOf(attrs),
		Pos:     at,
		Ignores: ignoresFunc(file, lines)(root.Line),
	}
	if old := l.g.Resource(r.Addr); old != nil {
		// Applied together, the later object would replace the first; in a
		// repository of separate examples both are real, so both are
		// audited, the later one under a numbered key.
		for i := 2; l.g.Resource(r.Addr) != nil; i++ {
			r.Addr = r.Addr.WithKey(infra.StringKey(fmt.Sprintf("%s#%d", name, i)))
		}
		// The first position goes in as file base name and line: a full
		// path inside the message would escape the CLI's relocation of
		// file names.
		first := fmt.Sprintf("%s:%d", path.Base(old.Pos.File), old.Pos.Line)
		l.ds = append(l.ds, diag.Warningf(at, "%s %s also declared at %s; applied together, one replaces the other (audited as %s)", kind, nsName(ns, name), first, r.Addr))
	}
	if err := l.g.Add(r); err != nil {
		l.ds = append(l.ds, diag.Errorf(at, "%v", err))
		return
	}
	if kind == "PrometheusRule" && strings.HasPrefix(apiVersion, "monitoring.coreos.com/") {
		if groups := field(field(root, "spec"), "groups"); groups != nil {
			l.ds = append(l.ds, l.rules.Add(prom.Source{File: file, Groups: groups, Owner: r.Addr, Ignores: ignoresFunc(file, lines)})...)
		}
	}
}

func nsName(ns, name string) string {
	if ns == "" {
		return name
	}
	return ns + "/" + name
}
