package kube

import (
	"fmt"

	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/loader/prom"
)

// Link resolves references between the Kubernetes objects of g into edges,
// within a namespace: selectors to the workloads whose pods they select,
// scale targets, and Ingress backends; and links Prometheus alerts to the
// recording rules they read. An edge is recorded when a selector matches or
// might match (a label that could not be read), so rules see every
// candidate. Load calls it; call it again after merging graphs loaded
// separately (files and standard input, say) so references across them
// resolve. Recording an edge twice has no effect.
func Link(g *infra.Graph) {
	l := &loader{g: g}
	for _, r := range g.Resources() {
		if o := objectOf(r); o != nil {
			l.objs = append(l.objs, o)
		}
	}
	l.link()
	prom.NewReader(g).Link()
}

// objectOf rebuilds what linking needs from a loaded resource; nil for
// resources this package did not load.
func objectOf(r *infra.Resource) *object {
	kind, ok := k8s.Kind(r)
	if !ok {
		return nil
	}
	o := &object{res: r, kind: kind, ns: k8s.Namespace(r), name: k8s.Name(r)}
	if tmpl, ok := k8s.PodTemplateOf(kind, r.Attrs); ok {
		o.podLabels, o.podsKnown = k8s.StringMap(tmpl.Path("metadata.labels"))
		o.makesPods = true
	}
	return o
}

func (l *loader) link() {
	byNS := map[string][]*object{}
	byName := map[string]*object{} // "kind ns name"
	for _, o := range l.objs {
		byNS[o.ns] = append(byNS[o.ns], o)
		byName[o.kind+" "+o.ns+" "+o.name] = o
	}
	for _, o := range l.objs {
		a := o.res.Attrs
		switch o.kind {
		case "Service":
			sel := k8s.MapSelector(a.Path("spec.selector"))
			if !sel.Empty {
				l.selects(o, byNS[o.ns], sel, "spec.selector")
			}
		case "PodDisruptionBudget":
			// A PodDisruptionBudget without a selector selects nothing; an
			// empty one (policy/v1) selects every pod in its namespace.
			if v := a.Path("spec.selector"); !v.IsAbsent() {
				l.selects(o, byNS[o.ns], k8s.LabelSelector(v), "spec.selector")
			}
		case "NetworkPolicy":
			if v := a.Path("spec.podSelector"); !v.IsAbsent() {
				l.selects(o, byNS[o.ns], k8s.LabelSelector(v), "spec.podSelector")
			}
		case "HorizontalPodAutoscaler":
			kind, ok1 := a.Path("spec.scaleTargetRef.kind").Str()
			name, ok2 := a.Path("spec.scaleTargetRef.name").Str()
			if t := byName[kind+" "+o.ns+" "+name]; ok1 && ok2 && t != nil {
				l.g.Link(infra.Edge{From: o.res.Addr, To: t.res.Addr, Attr: "spec.scaleTargetRef"})
			}
		case "Ingress":
			l.ingress(o, byName)
		}
	}
}

func (l *loader) selects(from *object, candidates []*object, sel k8s.Selector, attr string) {
	for _, o := range candidates {
		if !o.makesPods {
			continue
		}
		labels := o.podLabels
		m := sel.Matches(labels)
		if m == infra.False && !o.podsKnown {
			m = infra.Unknown
		}
		if m != infra.False {
			l.g.Link(infra.Edge{From: from.res.Addr, To: o.res.Addr, Attr: attr})
		}
	}
}

// ingress links an Ingress to the Services its rules and default backend
// name, in networking.k8s.io/v1 (backend.service.name) and the older
// extensions/v1beta1 (backend.serviceName) shapes.
func (l *loader) ingress(o *object, byName map[string]*object) {
	link := func(backend infra.Value, attr string) {
		for _, p := range []string{"service.name", "serviceName"} {
			if name, ok := backend.Path(p).Str(); ok {
				if t := byName["Service "+o.ns+" "+name]; t != nil {
					l.g.Link(infra.Edge{From: o.res.Addr, To: t.res.Addr, Attr: attr + "." + p})
				}
			}
		}
	}
	spec := o.res.Attrs.Get("spec")
	link(spec.Get("defaultBackend"), "spec.defaultBackend")
	link(spec.Get("backend"), "spec.backend")
	rules, _ := spec.Get("rules").Elems()
	for i, r := range rules {
		paths, _ := r.Path("http.paths").Elems()
		for j, p := range paths {
			link(p.Get("backend"), fmt.Sprintf("spec.rules.%d.http.paths.%d.backend", i, j))
		}
	}
}
