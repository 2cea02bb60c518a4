package capacity

import (
	"fmt"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"pgregory.net/rapid"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/requirements"
)

type genMember struct {
	group   bool
	zones   []string
	desired int
}

func drawMembers(t *rapid.T) []genMember {
	n := rapid.IntRange(1, 5).Draw(t, "members")
	out := make([]genMember, n)
	for i := range out {
		zs := rapid.SliceOfNDistinct(rapid.SampledFrom(abc), 1, 3, rapid.ID[string]).Draw(t, fmt.Sprintf("zones%d", i))
		out[i] = genMember{group: rapid.Bool().Draw(t, fmt.Sprintf("group%d", i)), zones: zs, desired: rapid.IntRange(0, 40).Draw(t, fmt.Sprintf("desired%d", i))}
		if !out[i].group {
			out[i].zones = zs[:1]
		}
	}
	return out
}

func buildSim(t *rapid.T, ms []genMember, rate, capacity float64) *Simulation {
	g := infra.NewGraph()
	for i, m := range ms {
		var r *infra.Resource
		if m.group {
			r = res(t, fmt.Sprintf("aws_autoscaling_group.web%d", i), infra.Group, m.zones, map[string]cty.Value{"desired_capacity": cty.NumberIntVal(int64(m.desired))})
		} else {
			r = res(t, fmt.Sprintf("aws_instance.web%d", i), infra.Compute, m.zones, map[string]cty.Value{})
		}
		if err := g.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	s := &requirements.Service{Name: "s", Growth: 1, Buffer: 0.25, Journeys: []*requirements.Journey{{Name: "s", Rate: rate, Requests: 1}},
		Path: []requirements.Ref{{Name: "web"}}}
	req := &requirements.File{Name: "gen.yaml", Services: []*requirements.Service{s}, Tiers: []*requirements.Tier{
		{Name: "web", Zones: 3, Capacity: requirements.Capacity{Rate: capacity}, Resources: []requirements.Ref{{Name: "aws_*.web*"}}},
	}}
	a, _ := NewAssumptions(nil)
	sim, ds := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: g})
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	return sim
}

// Losing a zone, an instance or the region never adds capacity, and no
// failure is judged better than no failure at all.
func TestPropLossNeverAddsCapacity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sim := buildSim(t, drawMembers(t), rapid.Float64Range(1, 1e4).Draw(t, "rate"), rapid.Float64Range(1, 1000).Draw(t, "capacity"))
		base := tierOf(&sim.Outcomes[0], "web")
		for _, o := range sim.Outcomes[1:] {
			ti := tierOf(&o, "web")
			if ti == nil {
				continue // untouched
			}
			if ti.Capacity > base.Capacity+1e-9 || ti.Left > base.Left {
				t.Fatalf("%s: capacity %v (%d left) above the baseline %v (%d)", o.Failure, ti.Capacity, ti.Left, base.Capacity, base.Left)
			}
			// A region loss is judged on RTO and RPO instead (see
			// regionVerdict), so only the others must never beat the baseline.
			if o.Failure.Kind != RegionLoss && rank[o.Status] < rank[sim.Outcomes[0].Status] {
				t.Fatalf("%s is better than no failure: %s < %s", o.Failure, o.Status, sim.Outcomes[0].Status)
			}
		}
	})
}

// Adding instances never makes the verdict on any failure worse.
func TestPropMoreInstancesNeverWorse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ms := drawMembers(t)
		rate, c := rapid.Float64Range(1, 1e4).Draw(t, "rate"), rapid.Float64Range(1, 1000).Draw(t, "capacity")
		before := buildSim(t, ms, rate, c)
		i := rapid.IntRange(0, len(ms)-1).Draw(t, "grown")
		if ms[i].group {
			ms[i].desired += rapid.IntRange(0, 40).Draw(t, "added")
		}
		after := buildSim(t, ms, rate, c)
		// A group grown from zero gains an instance-loss outcome: compare the
		// failures both runs have.
		for _, ob := range before.Outcomes {
			for _, oa := range after.Outcomes {
				if oa.Failure == ob.Failure && rank[oa.Status] > rank[ob.Status] {
					t.Fatalf("%s got worse with more instances: %s → %s", ob.Failure, ob.Status, oa.Status)
				}
			}
		}
	})
}

// With a hard zone spread, losing a zone never takes more pods than the
// spread lets one zone hold: one under required anti-affinity, and at most
// ⌈n / zones⌉ + maxSkew − 1 under a DoNotSchedule topology spread.
func TestPropHardSpreadBoundsZoneLoss(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "replicas")
		zones := rapid.IntRange(2, 5).Draw(t, "zones")
		skew := rapid.IntRange(1, 4).Draw(t, "maxSkew")
		anti := rapid.Bool().Draw(t, "antiAffinity")
		spec := fmt.Sprintf(`      topologySpreadConstraints:
        - {maxSkew: %d, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
`, skew)
		bound := (n+zones-1)/zones + skew - 1
		if anti {
			spec, bound = antiZone, 1
		}
		sim := kubeSimulate(t, kubeGraph(t, n, spec), fmt.Sprintf("zones: %d, ", zones))
		lost := 0
		for _, o := range sim.Outcomes {
			if o.Failure.Kind != ZoneLoss {
				continue
			}
			lost++
			web := tierOf(&o, "web")
			if web == nil || !web.Counted {
				t.Fatalf("%s: web not counted: %+v", o.Failure, web)
			}
			if gone := web.Instances - web.Left; gone > bound || gone < 1 {
				t.Fatalf("%s: %d of %d pods lost, want 1 to %d", o.Failure, gone, n, bound)
			}
		}
		if lost != zones {
			t.Fatalf("%d zone losses simulated, want %d", lost, zones)
		}
	})
}
