package kube

import (
	"math"
	"strconv"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
)

// budget is what a PodDisruptionBudget allows, read against the workloads
// it selects.
type budget struct {
	pdb *infra.Resource
	// pods is the number of pods the selected workloads run at their
	// smallest scale; known says every selected workload's count is known.
	pods  int64
	known bool
	// scaled is set when an autoscaler decides some selected workload's
	// count (pods then counts its minReplicas).
	scaled bool
	// matched is the number of workloads selected.
	matched int
}

// readBudget sums the pods of the workloads a PodDisruptionBudget selects.
// DaemonSets run one pod per node, a number the manifests do not say.
func readBudget(g *infra.Graph, pdb *infra.Resource) budget {
	b := budget{pdb: pdb, known: true}
	for _, r := range g.Refs(pdb, "spec.selector") {
		kind, _ := k8s.Kind(r)
		pod, ok := k8s.PodTemplate(r)
		if !ok {
			continue
		}
		b.matched++
		w := workload{r: r, kind: kind, pod: pod}
		switch {
		case k8s.Scalable(kind):
			n, scaled, ok := lowReplicas(g, w)
			b.pods += n
			b.known = b.known && ok
			b.scaled = b.scaled || scaled
		case kind == k8s.Pod:
			b.pods++
		default:
			b.known = false
		}
	}
	return b
}

// intOrPercent reads an IntOrString field: 2, or "50%". pct is set for a
// percentage; ok is false for anything else.
func intOrPercent(v infra.Value) (n float64, pct, ok bool) {
	if i, ok := v.Int(); ok && i >= 0 {
		return float64(i), false, true
	}
	s, ok := v.Str()
	if !ok {
		return 0, false, false
	}
	if p, found := strings.CutSuffix(strings.TrimSpace(s), "%"); found {
		f, err := strconv.ParseFloat(p, 64)
		return f, true, err == nil && f >= 0
	}
	return 0, false, false
}

// allowed answers how many of the budget's pods may be evicted at once, as
// the disruption controller computes it: minAvailable and maxUnavailable
// percentages round up. ok is false when the fields or the pod count are
// not known.
func (b budget) allowed() (n int64, ok bool) {
	spec := b.pdb.Get("spec")
	if v := spec.Get("minAvailable"); !v.IsAbsent() {
		f, pct, ok := intOrPercent(v)
		if !ok || !b.known {
			return 0, false
		}
		need := int64(f)
		if pct {
			need = int64(math.Ceil(f * float64(b.pods) / 100))
		}
		return max(b.pods-need, 0), true
	}
	if v := spec.Get("maxUnavailable"); !v.IsAbsent() {
		f, pct, ok := intOrPercent(v)
		if !ok || pct && !b.known {
			return 0, false
		}
		if pct {
			return int64(math.Ceil(f * float64(b.pods) / 100)), true
		}
		return int64(f), true
	}
	return 0, false
}

// blocksAlways reports a budget that allows no eviction whatever the number
// of pods: maxUnavailable 0 or 0%, or minAvailable 100%.
func (b budget) blocksAlways() (string, bool) {
	spec := b.pdb.Get("spec")
	if f, _, ok := intOrPercent(spec.Get("maxUnavailable")); ok && f == 0 && spec.Get("minAvailable").IsAbsent() {
		s, _ := spec.Get("maxUnavailable").Str()
		return "maxUnavailable is " + s, true
	}
	if f, pct, ok := intOrPercent(spec.Get("minAvailable")); ok && pct && f >= 100 {
		s, _ := spec.Get("minAvailable").Str()
		return "minAvailable is " + s, true
	}
	return "", false
}
