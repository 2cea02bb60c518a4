package kube_test

import (
	"strings"
	"testing"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/kube"
	kubeloader "github.com/plimsoll/plimsoll/loader/kube"
)

// podOf loads a Deployment whose pod spec is spec (YAML, indented for
// template.spec) and returns its pod template.
func podOf(t *testing.T, spec string) infra.Value {
	t.Helper()
	src := `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "web:1"}]
` + spec
	g, ds := kubeloader.LoadReader("web.yaml", strings.NewReader(src))
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	rs := g.OfRole(infra.Workload)
	if len(rs) != 1 {
		t.Fatalf("loaded %d workloads, want 1", len(rs))
	}
	pod, ok := kube.PodTemplate(rs[0])
	if !ok {
		t.Fatal("no pod template")
	}
	return pod
}

func TestZoneSpreadOf(t *testing.T) {
	for _, tc := range []struct {
		name, spec string
		want       kube.ZoneSpread
	}{
		{"none", ``, kube.ZoneSpread{Asks: infra.False}},
		{"hard skew 1", `      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
`, kube.ZoneSpread{Asks: infra.True, MaxSkew: 1}},
		{"beta key, smallest skew wins", `      topologySpreadConstraints:
        - {maxSkew: 3, topologyKey: failure-domain.beta.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
        - {maxSkew: 2, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}}
`, kube.ZoneSpread{Asks: infra.True, MaxSkew: 2}},
		{"best effort", `      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
`, kube.ZoneSpread{Asks: infra.True}},
		{"selector picks other pods", `      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: db}}}
`, kube.ZoneSpread{Asks: infra.True}},
		{"no selector selects nothing", `      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}
`, kube.ZoneSpread{Asks: infra.True}},
		{"hostname is not a zone", `      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
`, kube.ZoneSpread{Asks: infra.False}},
		{"required anti-affinity", `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - {topologyKey: topology.kubernetes.io/zone, labelSelector: {matchLabels: {app: web}}}
`, kube.ZoneSpread{Asks: infra.True, OnePerZone: true}},
		{"preferred anti-affinity", `      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - {weight: 100, podAffinityTerm: {topologyKey: topology.kubernetes.io/zone, labelSelector: {matchLabels: {app: web}}}}
`, kube.ZoneSpread{Asks: infra.True}},
	} {
		if got := kube.ZoneSpreadOf(podOf(t, tc.spec)); got != tc.want {
			t.Errorf("%s: ZoneSpreadOf = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// placements calls f with every way of putting n pods in zones zones.
func placements(n, zones int, f func(counts []int)) {
	counts := make([]int, zones)
	var rec func(i, left int)
	rec = func(i, left int) {
		if i == zones-1 {
			counts[i] = left
			f(counts)
			return
		}
		for c := 0; c <= left; c++ {
			counts[i] = c
			rec(i+1, left-c)
		}
	}
	rec(0, n)
}

// The bound is exact: over every placement the scheduler allows, the
// fullest zone holds exactly MaxPerZone pods; and Reschedules holds exactly
// when, for every such placement and every zone lost, the lost pods fit in
// the other zones.
func TestMaxPerZoneExhaustive(t *testing.T) {
	for skew := 1; skew <= 4; skew++ {
		for zones := 1; zones <= 4; zones++ {
			for n := 1; n <= 14; n++ {
				s := kube.ZoneSpread{Asks: infra.True, MaxSkew: skew}
				most, always := 0, true
				placements(n, zones, func(counts []int) {
					lo, hi := counts[0], counts[0]
					for _, c := range counts {
						lo, hi = min(lo, c), max(hi, c)
					}
					if hi-lo > skew {
						return
					}
					most = max(most, hi)
					// Lose each zone in turn: the emptied zone is the minimum,
					// so another zone takes pods while it holds fewer than skew.
					for lost := range counts {
						room := 0
						for i, c := range counts {
							if i != lost {
								room += max(0, skew-c)
							}
						}
						always = always && room >= counts[lost]
					}
				})
				got, ok := s.MaxPerZone(n, zones)
				if !ok || got != most {
					t.Errorf("maxSkew %d, %d zones, %d pods: MaxPerZone = %d, %v; want %d", skew, zones, n, got, ok, most)
				}
				if zones >= 2 && s.Reschedules(n, zones) != always {
					t.Errorf("maxSkew %d, %d zones, %d pods: Reschedules = %v, want %v", skew, zones, n, s.Reschedules(n, zones), always)
				}
			}
		}
	}
}

func TestMaxPerZoneAntiAffinity(t *testing.T) {
	s := kube.ZoneSpread{Asks: infra.True, OnePerZone: true}
	for _, tc := range []struct {
		n, zones, most int
		reschedules    bool
	}{{1, 3, 1, true}, {2, 3, 1, true}, {3, 3, 1, false}, {6, 3, 1, false}} {
		got, ok := s.MaxPerZone(tc.n, tc.zones)
		if !ok || got != tc.most || s.Reschedules(tc.n, tc.zones) != tc.reschedules {
			t.Errorf("%d pods in %d zones: MaxPerZone = %d, %v, Reschedules = %v; want %d, %v", tc.n, tc.zones, got, ok, s.Reschedules(tc.n, tc.zones), tc.most, tc.reschedules)
		}
	}
	none := kube.ZoneSpread{Asks: infra.True}
	if got, ok := none.MaxPerZone(6, 3); ok || got != 6 {
		t.Errorf("best effort: MaxPerZone = %d, %v; want 6, false", got, ok)
	}
}
