package kube

import (
	"fmt"

	"github.com/plimsoll/plimsoll/infra"
)

// The node labels that name a zone: the current one, and the beta label
// older clusters still set.
const (
	ZoneLabel     = "topology.kubernetes.io/zone"
	BetaZoneLabel = "failure-domain.beta.kubernetes.io/zone"
)

// IsZoneKey reports whether a topology key names a zone.
func IsZoneKey(key string) bool { return key == ZoneLabel || key == BetaZoneLabel }

// ZoneSpread is what a pod template asks of the scheduler about zones.
type ZoneSpread struct {
	// Asks says whether the pods ask to be spread over zones at all, hard or
	// best effort: a topology spread constraint or pod anti-affinity
	// (required or preferred) on a zone key. It is Unknown when a topology
	// key is known only after rendering and no other term names a zone.
	Asks infra.Tri
	// MaxSkew is the smallest maxSkew of the DoNotSchedule topology spread
	// constraints on a zone key whose selector picks the pods themselves;
	// zero when there is none.
	MaxSkew int
	// OnePerZone is set by required pod anti-affinity on a zone key whose
	// selector picks the pods themselves: no two of them share a zone.
	OnePerZone bool
}

// ZoneSpreadOf reads the zone spread of a pod template (metadata and spec),
// as PodTemplate returns it.
//
// A constraint bounds the pods only when the scheduler must keep it
// (DoNotSchedule, requiredDuringScheduling) and its labelSelector picks
// the pods' own labels: a constraint counting some other set of pods, or
// with no selector (which selects no pods), says nothing about where these
// pods go.
func ZoneSpreadOf(pod infra.Value) ZoneSpread {
	spec := pod.Get("spec")
	labels, _ := StringMap(pod.Path("metadata.labels"))
	picksSelf := func(sel infra.Value) bool {
		return !sel.IsAbsent() && LabelSelector(sel).Matches(labels) == infra.True
	}
	s := ZoneSpread{Asks: infra.False}
	zoneKey := func(v infra.Value) bool {
		if v.IsUnknown() {
			s.Asks = s.Asks.Or(infra.Unknown)
			return false
		}
		key, ok := v.Str()
		if ok && IsZoneKey(key) {
			s.Asks = infra.True
			return true
		}
		return false
	}
	tscs, _ := spec.Get("topologySpreadConstraints").Elems()
	for _, c := range tscs {
		if !zoneKey(c.Get("topologyKey")) {
			continue
		}
		when, _ := c.Get("whenUnsatisfiable").Str()
		skew, ok := c.Get("maxSkew").Int()
		if when != "DoNotSchedule" || !ok || skew < 1 || !picksSelf(c.Get("labelSelector")) {
			continue
		}
		if s.MaxSkew == 0 || int(skew) < s.MaxSkew {
			s.MaxSkew = int(min(skew, 1<<30))
		}
	}
	anti := spec.Path("affinity.podAntiAffinity")
	req, _ := anti.Get("requiredDuringSchedulingIgnoredDuringExecution").Elems()
	for _, t := range req {
		if zoneKey(t.Get("topologyKey")) && picksSelf(t.Get("labelSelector")) {
			s.OnePerZone = true
		}
	}
	pref, _ := anti.Get("preferredDuringSchedulingIgnoredDuringExecution").Elems()
	for _, t := range pref {
		zoneKey(t.Path("podAffinityTerm.topologyKey"))
	}
	return s
}

// Hard reports whether the scheduler must keep the pods spread: it leaves
// a pod Pending rather than break the spread.
func (s ZoneSpread) Hard() bool { return s.MaxSkew > 0 || s.OnePerZone }

// MaxPerZone returns the most of n pods one of zones zones can hold under
// a hard spread; ok is false when the spread is not hard, and a zone may
// then hold all of them.
//
// With maxSkew k the scheduler keeps every zone within k pods of the
// emptiest one, so a zone holding m pods leaves each of the other zones at
// least m − k: n ≥ m + (zones − 1)(m − k), that is
// m ≤ ⌊(n + (zones − 1)·k) / zones⌋ — ⌈n / zones⌉ for maxSkew 1.
// Required anti-affinity on the zone allows one pod a zone.
func (s ZoneSpread) MaxPerZone(n, zones int) (most int, ok bool) {
	if !s.Hard() || n <= 0 {
		return max(n, 0), s.Hard()
	}
	most = n
	if s.MaxSkew > 0 && zones > 0 {
		most = min(most, (n+(zones-1)*s.MaxSkew)/zones)
	}
	if s.OnePerZone {
		most = min(most, 1)
	}
	return most, true
}

// Reschedules reports whether, after one of zones zones is lost, the
// scheduler can place the replacements of every pod lost with it in the
// other zones, however the n pods were spread (given room on the nodes).
//
// The lost zone's nodes stay registered while the zone is down, and its
// emptied count is the minimum the skew is measured against: another
// zone takes a pod only while it holds fewer than maxSkew (fewer than one
// under anti-affinity). The other zones hold n − lost pods and have room
// for at least (zones − 1)·k − (n − lost) more, which covers every lost
// pod exactly when n ≤ (zones − 1)·k.
func (s ZoneSpread) Reschedules(n, zones int) bool {
	if !s.Hard() {
		return true
	}
	k := s.MaxSkew
	if s.OnePerZone {
		k = 1
	}
	return n <= (zones-1)*k
}

// String says what keeps the pods apart, for messages: "a DoNotSchedule
// topology spread with maxSkew 1".
func (s ZoneSpread) String() string {
	switch {
	case s.OnePerZone:
		return "required pod anti-affinity on the zone"
	case s.MaxSkew > 0:
		return fmt.Sprintf("a DoNotSchedule topology spread with maxSkew %d", s.MaxSkew)
	case s.Asks == infra.True:
		return "a best-effort zone spread"
	case s.Asks == infra.Unknown:
		return "no zone spread that plimsoll reads"
	}
	return "no zone spread"
}
