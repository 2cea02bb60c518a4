package kube

import (
	"fmt"
	"sort"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/rule"
)

// Rules returns every Kubernetes rule in documentation order. It returns a
// new slice on each call.
func Rules() []rule.Rule {
	return []rule.Rule{
		workloadReplicas(),
		hpaMinReplicas(),
		zoneSpread(),
		pdbMissing(),
		pdbBlocksDrain(),
		pdbHPAMin(),
		selectorMatchesNothing(),
		readinessProbe(),
		livenessProbe(),
		nodeGroupSingleZone(),
		hpaMissing(),
		resourceRequests(),
		memoryLimit(),
		nodeGroupCapacity(),
		imageTag(),
		containerPrivileged(),
		containerRoot(),
		securityContext(),
	}
}

// Resource types rules look at.
var (
	typeHPA     = k8s.Type("HorizontalPodAutoscaler")
	typePDB     = k8s.Type("PodDisruptionBudget")
	typeService = k8s.Type("Service")
)

// workload is an object that runs pods, with its pod template.
type workload struct {
	r    *infra.Resource
	kind string
	pod  infra.Value // metadata and spec of the pods
}

func (w workload) spec() infra.Value { return w.pod.Get("spec") }

// workloads returns every object that runs pods whose kind passes keep,
// sorted by address.
func workloads(g *infra.Graph, keep func(kind string) bool) []workload {
	var out []workload
	for _, r := range g.OfRole(infra.Workload) {
		kind, ok := k8s.Kind(r)
		if !ok || !keep(kind) {
			continue
		}
		pod, ok := k8s.PodTemplate(r)
		if !ok {
			continue
		}
		out = append(out, workload{r: r, kind: kind, pod: pod})
	}
	return out
}

func allKinds(string) bool { return true }

// hpas returns the autoscalers scaling r.
func hpas(g *infra.Graph, r *infra.Resource) []*infra.Resource {
	return g.Referrers(r, "spec.scaleTargetRef", typeHPA)
}

// minReplicas returns an autoscaler's minReplicas, 1 when absent as the API
// server defaults it.
func minReplicas(hpa *infra.Resource) (int64, bool) {
	return hpa.Get("spec.minReplicas").IntOr(1)
}

// lowReplicas returns the fewest pods a scalable workload runs with: the
// smallest minReplicas of the autoscalers scaling it, or its replicas. ok is
// false when that is not known (a placeholder), scaled says an autoscaler
// decides it.
func lowReplicas(g *infra.Graph, w workload) (n int64, scaled, ok bool) {
	if hs := hpas(g, w.r); len(hs) > 0 {
		n, ok = minReplicas(hs[0])
		for _, h := range hs[1:] {
			m, ok2 := minReplicas(h)
			ok = ok && ok2
			n = min(n, m)
		}
		return n, true, ok
	}
	n, ok = k8s.Replicas(w.r)
	return n, false, ok
}

// containers returns the containers of a workload; init containers only
// when withInit is set.
func containers(w workload, withInit bool) []k8s.Container {
	var out []k8s.Container
	for _, c := range k8s.Containers(w.spec()) {
		if withInit || !c.Init {
			out = append(out, c)
		}
	}
	return out
}

// names lists container names for messages: `"app"` or `"app", "sidecar"`.
func names(cs []string) string {
	q := make([]string, len(cs))
	for i, c := range cs {
		q[i] = fmt.Sprintf("%q", c)
	}
	return strings.Join(q, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// containersWithout returns a hit naming the containers of w for which
// lacks is True (containers where it is Unknown are left out).
func containersWithout(w workload, withInit bool, lacks func(c k8s.Container) infra.Tri, what string) []rule.Hit {
	var bad []string
	for _, c := range containers(w, withInit) {
		if lacks(c) == infra.True {
			bad = append(bad, c.Name)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return []rule.Hit{rule.Hitf(w.r, "%s: %s %s %s", w.r.Addr, plural(len(bad), "container", "containers"), names(bad), what)}
}

// servedBy returns the Services whose selector picks the workload's pods.
func servedBy(g *infra.Graph, w workload) []*infra.Resource {
	return g.Referrers(w.r, "spec.selector", typeService)
}

// sameNamespace returns the Kubernetes objects of a type in r's namespace.
func sameNamespace(g *infra.Graph, r *infra.Resource, typ string) []*infra.Resource {
	var out []*infra.Resource
	ns := r.Addr.Name
	for _, o := range g.OfType(typ) {
		if o.Addr.Name == ns {
			out = append(out, o)
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func itoa(n int64) string { return fmt.Sprint(n) }

func quote(s string) string { return fmt.Sprintf("%q", s) }
