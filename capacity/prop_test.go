package capacity

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/plimsoll/plimsoll/requirements"
)

// genRequirements draws a requirements file with one service over a web
// tier (planned) and a database tier (fixed, with a connection budget).
func genRequirements(t *rapid.T, capacity float64) *requirements.File {
	rate := rapid.Float64Range(1, 1e6).Draw(t, "rate")
	zones := rapid.IntRange(1, 6).Draw(t, "zones")
	growth := rapid.Float64Range(0.5, 3).Draw(t, "growth")
	horizon := rapid.Float64Range(0, 3).Draw(t, "horizon")
	buffer := rapid.Float64Range(0, 1).Draw(t, "buffer")
	pool := rapid.IntRange(1, 100).Draw(t, "pool")
	maxConns := rapid.IntRange(1, 100000).Draw(t, "max_connections")
	target := rapid.Float64Range(0.9, 0.99999).Draw(t, "availability")
	s := &requirements.Service{Name: "s", Growth: growth, Horizon: horizon, Buffer: buffer, Availability: target,
		Journeys: []*requirements.Journey{{Name: "s", Rate: rate, Requests: 1}},
		Path:     []requirements.Ref{{Name: "web"}, {Name: "db"}}}
	return &requirements.File{Name: "gen.yaml", Services: []*requirements.Service{s}, Tiers: []*requirements.Tier{
		{Name: "web", Zones: zones, Capacity: requirements.Capacity{Rate: capacity}, Pools: []requirements.Pool{{Tier: "db", Size: pool}}},
		{Name: "db", Kind: "database", Instances: 1, MaxConnections: maxConns},
	}}
}

func plan(t *rapid.T, req *requirements.File) *Plan {
	a, _ := NewAssumptions(nil)
	p, ds := MakePlan(Input{Req: req, Assume: a})
	if ds.HasErrors() {
		t.Fatalf("plan: %v", ds.Err())
	}
	return p
}

// A plan survives the loss of any one zone by construction: the instances
// outside the fullest zone carry the design load.
func TestPropPlanSurvivesZoneLoss(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.Float64Range(1, 1e4).Draw(t, "capacity")
		req := genRequirements(t, c)
		web := planOf(plan(t, req), "web")
		if web.Zones < 2 {
			if web.SurvivesZoneLoss {
				t.Fatalf("a one-zone tier cannot survive losing its zone")
			}
			return
		}
		left := float64(web.Instances-web.PerZone) * web.PerInstance
		if left < web.Design*(1-1e-9) {
			t.Fatalf("after losing a zone %d instances × %v = %v < design %v", web.Instances-web.PerZone, web.PerInstance, left, web.Design)
		}
		if !(web.Min <= web.Desired && web.Desired <= web.Max && web.Max == web.Instances && web.Min >= web.Zones) {
			t.Fatalf("bounds min %d desired %d max %d instances %d zones %d", web.Min, web.Desired, web.Max, web.Instances, web.Zones)
		}
		if web.TargetUtilisation <= 0 || web.TargetUtilisation > 1 {
			t.Fatalf("target utilisation %v", web.TargetUtilisation)
		}
		// Running at the target, the group survives a zone loss with the
		// surviving instances at or below full capacity.
		if u := web.TargetUtilisation * float64(web.Zones) / float64(web.Zones-1); u > 1+1e-9 {
			t.Fatalf("target %v puts the survivors at %v of capacity after a zone loss", web.TargetUtilisation, u)
		}
	})
}

var rank = map[Status]int{Pass: 0, Unknown: 1, Warn: 2, Fail: 3}

// Adding capacity never makes a verdict worse, and never needs more
// instances.
func TestPropMoreCapacityNeverWorse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.Float64Range(1, 1e4).Draw(t, "capacity")
		more := c * rapid.Float64Range(1, 10).Draw(t, "factor")
		req := genRequirements(t, c)
		before := plan(t, req)
		req.Tiers[0].Capacity.Rate = more
		after := plan(t, req)
		if b, a := planOf(before, "web"), planOf(after, "web"); a.Instances > b.Instances || a.Max > b.Max || a.Desired > b.Desired || a.Min > b.Min {
			t.Fatalf("capacity %v → %v raised instances %d → %d (min %d → %d)", c, more, b.Instances, a.Instances, b.Min, a.Min)
		}
		for _, vb := range before.Verdicts {
			va := verdict(after, vb.Check, vb.Subject)
			if va == nil {
				t.Fatalf("verdict %s/%s disappeared", vb.Check, vb.Subject)
			}
			if rank[va.Status] > rank[vb.Status] {
				t.Fatalf("%s/%s got worse with more capacity: %s (%s) → %s (%s)", vb.Check, vb.Subject, vb.Status, vb.Message, va.Status, va.Message)
			}
		}
	})
}

// Components in series are never more available than the least available
// of them, so never more than the best; redundancy never less than the best
// member.
func TestPropCompositeAvailability(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		as := rapid.SliceOfN(rapid.Float64Range(0, 1), 1, 8).Draw(t, "availabilities")
		lo, hi := 1.0, 0.0
		for _, a := range as {
			lo, hi = min(lo, a), max(hi, a)
		}
		if s := Series(as...); s > lo+1e-12 || s > hi+1e-12 || s < 0 {
			t.Fatalf("Series(%v) = %v, above its weakest %v", as, s, lo)
		}
		if p := Parallel(as...); p < hi-1e-12 || p > 1 {
			t.Fatalf("Parallel(%v) = %v, below its best %v", as, p, hi)
		}
		n := rapid.IntRange(1, 10).Draw(t, "n")
		k := rapid.IntRange(1, n).Draw(t, "k")
		a, b := as[0], hi
		if AtLeast(k, n, a) > AtLeast(k, n, b)+1e-12 {
			t.Fatalf("AtLeast(%d,%d) not monotone in member availability: %v > %v", k, n, a, b)
		}
		if k > 1 && AtLeast(k, n, a) > AtLeast(k-1, n, a)+1e-12 {
			t.Fatalf("needing more members raised availability")
		}
	})
	// And the service figure a plan reports never exceeds any of its tiers.
	rapid.Check(t, func(t *rapid.T) {
		req := genRequirements(t, rapid.Float64Range(1, 1e4).Draw(t, "capacity"))
		req.Tiers[0].Availability = rapid.Float64Range(0.5, 0.99999).Draw(t, "web member")
		req.Tiers[1].Availability = rapid.Float64Range(0.5, 0.99999).Draw(t, "db")
		p := plan(t, req)
		for _, ta := range p.Services[0].Tiers {
			if p.Services[0].Value > ta.Value+1e-12 {
				t.Fatalf("service %v above tier %s %v", p.Services[0].Value, ta.Tier, ta.Value)
			}
		}
	})
}

func ExampleSpread() {
	// 26.4 instances' worth of load over 3 zones: any 2 zones must carry
	// it, so 14 a zone, 42 in all.
	fmt.Println(Spread(26.4, 3))
	// Output: 14
}
