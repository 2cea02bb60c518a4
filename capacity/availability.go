package capacity

import (
	"fmt"
	"math"

	"github.com/plimsoll/plimsoll/requirements"
)

// Series is the availability of components that must all be up: the
// product of theirs. It never exceeds the least available of them.
func Series(as ...float64) float64 {
	v := 1.0
	for _, a := range as {
		v *= a
	}
	return v
}

// Parallel is the availability of redundant members of which any one
// suffices: 1 − Π(1 − a).
func Parallel(as ...float64) float64 {
	down := 1.0
	for _, a := range as {
		down *= 1 - a
	}
	return 1 - down
}

// AtLeast is the availability of n identical, independent members of which
// at least k must be up: Σ_{i=k..n} C(n,i) aⁱ (1−a)ⁿ⁻ⁱ. With k = 1 it is
// Parallel; with k = n it is Series.
func AtLeast(k, n int, a float64) float64 {
	if k <= 0 {
		return 1
	}
	if k > n {
		return 0
	}
	sum := 0.0
	for i := k; i <= n; i++ {
		sum += binomial(n, i) * math.Pow(a, float64(i)) * math.Pow(1-a, float64(n-i))
	}
	return math.Min(sum, 1)
}

func binomial(n, k int) float64 {
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x + 1)); return v }
	return math.Round(math.Exp(lg(n) - lg(k) - lg(n-k)))
}

// tierAvailability gives one tier's availability from the assumed figures:
// a compute tier's zones are its members (at least Zones−1 of them must be
// up when it was planned for N−1, one otherwise), capped at the region-level
// figure because zones of one region do not fail independently; managed
// services count as one component with their published figure.
func tierAvailability(t *requirements.Tier, tp *TierPlan, a Assumptions) TierAvailability {
	ta := TierAvailability{Tier: t.Name}
	switch kindOf(t) {
	case "compute":
		member := a.Fraction(EC2Availability)
		src := EC2Availability
		if t.Availability > 0 {
			member, src = t.Availability, "requirements"
		}
		z := max(t.Zones, 1)
		k := 1
		if tp != nil && (tp.Planned || tp.Fixed) && tp.PerInstance > 0 && z > 1 {
			k = z - 1
		}
		v := AtLeast(k, z, member)
		ta.How = fmt.Sprintf("%d of %d zones at %s (%s)", k, z, percent(member), src)
		if z > 1 {
			if c := a.Fraction(EC2RegionAvailability); v > c {
				v = c
				ta.How += fmt.Sprintf(", capped at %s (%s)", percent(c), EC2RegionAvailability)
			}
		}
		ta.Value = v
		return ta
	}
	if t.Availability > 0 {
		ta.Value, ta.How = t.Availability, "requirements"
		return ta
	}
	id := managedFigure(t)
	ta.Value, ta.How = a.Fraction(id), id
	return ta
}

func managedFigure(t *requirements.Tier) string {
	switch kindOf(t) {
	case "database":
		if t.MultiAZ {
			return RDSMultiAZAvailability
		}
		return RDSSingleAZAvailability
	case "cache":
		if t.MultiAZ {
			return ElastiCacheAvailability
		}
		return ElastiCacheSingleAZ
	case "load-balancer":
		if t.Zones == 1 {
			return ELBSingleAZAvailability
		}
		return ELBAvailability
	case "bucket":
		return S3Availability
	case "queue":
		return SQSAvailability
	}
	return EC2Availability
}

// serviceAvailability multiplies the availability of every tier any of the
// service's journeys passes through: the service is up only when all are.
func serviceAvailability(s *requirements.Service, req *requirements.File, p *Plan, a Assumptions) ServiceAvailability {
	sa := ServiceAvailability{Service: s.Name, Target: s.Availability, Value: 1}
	seen := map[string]bool{}
	for _, j := range s.Journeys {
		for _, r := range s.JourneyPath(j) {
			t := req.Tier(r.Name)
			if t == nil || seen[r.Name] {
				continue
			}
			seen[r.Name] = true
			ta := tierAvailability(t, planOf(p, t.Name), a)
			sa.Tiers = append(sa.Tiers, ta)
			sa.Value *= ta.Value
		}
	}
	return sa
}
