package capacity

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/requirements"
)

// Measured is a per-instance capacity read from a `plimsoll load
// --find-max` results file: the highest rate that held, and the latency
// measured there.
type Measured struct {
	Rate    float64                   // requests per second
	Latency map[float64]time.Duration // percentile → latency at that rate; may be empty
	Source  string                    // the file it came from
}

// Input is what a plan is made from.
type Input struct {
	Req *requirements.File
	// Measured holds the capacities read from results files, by the path
	// written in the tier (after resolution, as in Capacity.File).
	Measured map[string]Measured
	Assume   Assumptions
}

// Plan is the capacity plan: per journey its peak rate, per tier the
// instances it needs, per database its connection budget, per service its
// composite availability, and every verdict.
type Plan struct {
	Source      string
	Journeys    []JourneyLoad
	Tiers       []TierPlan
	Connections []ConnectionBudget
	Services    []ServiceAvailability
	Verdicts    []Verdict
	Assumptions []Figure
}

// JourneyLoad is the peak of one journey.
type JourneyLoad struct {
	Service, Journey string
	Users            float64       // zero when the peak is a rate
	Think            time.Duration // with Users
	Rate             float64       // requests per second at peak
}

// TierPlan is the plan of one tier.
type TierPlan struct {
	Name string
	Pos  diag.Pos
	Kind string
	// Load is today's peak in requests per second; AtHorizon is that peak
	// grown to each service's horizon; Design adds the buffer.
	Load, AtHorizon, Design float64
	// LoadWithBuffer is today's peak with the buffer, what desired is
	// sized for.
	LoadWithBuffer float64
	// PerInstance is one instance's capacity; zero when the tier has none
	// (it is not planned, only counted for availability).
	PerInstance    float64
	CapacitySource string
	Zones          int
	// Planned is set when instances were computed; Fixed when the file
	// gave a fixed count.
	Planned, Fixed bool
	// Needed is Design / PerInstance, before rounding and zone spreading.
	Needed float64
	// PerZone × Zones = Instances, so that any Zones-1 zones carry Design.
	PerZone, Instances int
	// Autoscaling bounds and target utilisation.
	Min, Desired, Max int
	TargetUtilisation float64
	// SurvivesZoneLoss says whether Instances minus the largest zone still
	// carry Design (always, by construction, when Zones > 1).
	SurvivesZoneLoss bool
}

// ConnectionBudget sums the connection pools opened to one tier.
type ConnectionBudget struct {
	Tier           string
	MaxConnections int
	Pools          []PoolUse
	Total          int
	// Complete is false when a pooling tier has no known instance count.
	Complete bool
}

// PoolUse is one tier's share of a budget: Instances × Size.
type PoolUse struct {
	Tier            string
	Instances, Size int
}

// ServiceAvailability is the composite availability of one service.
type ServiceAvailability struct {
	Service string
	Target  float64 // zero when unset
	Value   float64
	Tiers   []TierAvailability
}

// TierAvailability is one tier's availability and how it was computed.
type TierAvailability struct {
	Tier  string
	Value float64
	How   string
}

// Status is the outcome of a verdict.
type Status string

// The statuses of a verdict. Fail makes the command exit 1; Warn does not.
const (
	Pass    Status = "pass"
	Warn    Status = "warn"
	Fail    Status = "fail"
	Unknown Status = "unknown"
)

// Verdict is one checked requirement.
type Verdict struct {
	// Check is a stable ID: zone-loss, connections, availability,
	// latency, capacity, rto, rpo, path.
	Check   string
	Subject string // the tier or service
	Status  Status
	Message string
	Pos     diag.Pos // where the requirement was written
}

// eps absorbs floating-point error before rounding up, so 10,000 / 500
// gives 20 instances, not 21.
const eps = 1e-9

func ceilDiv(x float64) int {
	if x <= 0 {
		return 0
	}
	c := math.Ceil(x - eps*math.Max(1, x))
	if c > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(c)
}

// Spread returns how many instances each of zones zones needs so that any
// zones-1 of them carry need instances' worth of load; with one zone it is
// simply need, rounded up.
func Spread(need float64, zones int) (perZone int) {
	if zones <= 1 {
		return ceilDiv(need)
	}
	return ceilDiv(need / float64(zones-1))
}

// MakePlan computes the plan. It reports problems the file parser could not
// see (a results file that gives no capacity) as diagnostics.
func MakePlan(in Input) (*Plan, diag.Diagnostics) {
	var ds diag.Diagnostics
	req := in.Req
	p := &Plan{Source: req.Name, Assumptions: in.Assume.Used()}
	load := map[string]*TierPlan{}
	for _, t := range req.Tiers {
		tp := &TierPlan{Name: t.Name, Pos: t.Pos, Kind: kindOf(t), Zones: t.Zones}
		load[t.Name] = tp
	}
	buffered := map[string]float64{}
	for _, s := range req.Services {
		grow := math.Pow(s.Growth, s.Horizon)
		for _, j := range s.Journeys {
			rate := j.PeakRate()
			p.Journeys = append(p.Journeys, JourneyLoad{Service: s.Name, Journey: j.Name, Users: j.Users, Think: j.Think, Rate: rate})
			for _, r := range s.JourneyPath(j) {
				tp := load[r.Name]
				if tp == nil {
					continue // reported by the parser
				}
				l := rate * j.CallsTo(r.Name)
				tp.Load += l
				tp.AtHorizon += l * grow
				tp.Design += l * grow * (1 + s.Buffer)
				buffered[r.Name] += l * (1 + s.Buffer)
			}
		}
	}
	for _, t := range req.Tiers {
		tp := load[t.Name]
		tp.LoadWithBuffer = buffered[t.Name]
		c, src, d := perInstance(t, in.Measured)
		ds = append(ds, d...)
		tp.PerInstance, tp.CapacitySource = c, src
		planTier(tp, t)
		p.Tiers = append(p.Tiers, *tp)
		p.Verdicts = append(p.Verdicts, tierVerdicts(tp, t)...)
	}
	for _, t := range req.Tiers {
		if t.MaxConnections > 0 {
			b := budget(t, req, p)
			p.Connections = append(p.Connections, b)
			p.Verdicts = append(p.Verdicts, budgetVerdict(b, t))
		}
	}
	for _, s := range req.Services {
		sa := serviceAvailability(s, req, p, in.Assume)
		p.Services = append(p.Services, sa)
		if s.Availability > 0 {
			p.Verdicts = append(p.Verdicts, availabilityVerdict(sa, s))
		}
		p.Verdicts = append(p.Verdicts, latencyVerdicts(s, req, in.Measured)...)
	}
	sortVerdicts(p.Verdicts)
	return p, ds
}

func kindOf(t *requirements.Tier) string {
	if t.Kind == "" {
		return "compute"
	}
	return t.Kind
}

func perInstance(t *requirements.Tier, measured map[string]Measured) (float64, string, diag.Diagnostics) {
	c := t.Capacity
	switch {
	case c.Rate > 0:
		return c.Rate, "requirements", nil
	case c.File != "":
		m, ok := measured[c.File]
		if !ok || m.Rate <= 0 {
			return 0, "", diag.Diagnostics{diag.Errorf(c.Pos, "tier %s: no measured capacity from %s", t.Name, c.File)}
		}
		return m.Rate, c.File, nil
	}
	return 0, "", nil
}

func planTier(tp *TierPlan, t *requirements.Tier) {
	z := max(tp.Zones, 1)
	switch {
	case t.Instances > 0:
		tp.Fixed = true
		tp.Instances = t.Instances
		tp.Min, tp.Desired, tp.Max = t.Instances, t.Instances, t.Instances
		if tp.PerInstance > 0 {
			tp.Needed = tp.Design / tp.PerInstance
			// A fixed tier spread evenly loses at most ceil(n/z) in a zone.
			left := t.Instances - ceilDiv(float64(t.Instances)/float64(z))
			tp.SurvivesZoneLoss = z > 1 && float64(left)*tp.PerInstance >= tp.Design*(1-eps)
		}
		return
	case tp.PerInstance <= 0:
		return
	}
	tp.Planned = true
	tp.Needed = tp.Design / tp.PerInstance
	tp.PerZone = max(Spread(tp.Needed, z), 1)
	tp.Instances = tp.PerZone * z
	tp.Max = tp.Instances
	tp.Desired = min(max(Spread(tp.LoadWithBuffer/tp.PerInstance, z), 1)*z, tp.Max)
	tp.Min = min(max(Spread(tp.Load/tp.PerInstance, z), 1)*z, tp.Desired)
	tp.SurvivesZoneLoss = z > 1
	switch {
	case t.TargetUtilisation > 0:
		tp.TargetUtilisation = t.TargetUtilisation
	case tp.LoadWithBuffer > 0:
		// At this utilisation the surviving zones, picking up a lost zone's
		// share, still run with the buffer intact.
		u := float64(z-1) / float64(z) * tp.Load / tp.LoadWithBuffer
		if z == 1 {
			u = tp.Load / tp.LoadWithBuffer
		}
		tp.TargetUtilisation = math.Floor(u*100) / 100
	}
}

func tierVerdicts(tp *TierPlan, t *requirements.Tier) []Verdict {
	var out []Verdict
	switch {
	case tp.Planned && tp.Zones <= 1:
		zs := "does not say how many zones it spans"
		if tp.Zones == 1 {
			zs = "spans one zone"
		}
		out = append(out, Verdict{Check: "zone-loss", Subject: tp.Name, Status: Fail, Pos: t.Pos,
			Message: fmt.Sprintf("tier %s %s: losing it stops the tier; plan at least 2 zones (3 is usual)", tp.Name, zs)})
	case tp.Planned:
		out = append(out, Verdict{Check: "zone-loss", Subject: tp.Name, Status: Pass, Pos: t.Pos,
			Message: fmt.Sprintf("tier %s: %d instances in %d zones (%d each); after losing one zone %d instances carry %s of the %s needed",
				tp.Name, tp.Instances, tp.Zones, tp.PerZone, tp.Instances-tp.PerZone, fmtRate(float64(tp.Instances-tp.PerZone)*tp.PerInstance), fmtRate(tp.Design))})
	case tp.Fixed && tp.PerInstance > 0:
		have := float64(tp.Instances) * tp.PerInstance
		v := Verdict{Check: "capacity", Subject: tp.Name, Pos: t.Pos}
		switch {
		case have < tp.Design*(1-eps):
			v.Status = Fail
			v.Message = fmt.Sprintf("tier %s: %d instances × %s = %s, short of the %s needed at the horizon with buffer (%d instances)",
				tp.Name, tp.Instances, fmtRate(tp.PerInstance), fmtRate(have), fmtRate(tp.Design), ceilDiv(tp.Needed))
		default:
			v.Status = Pass
			v.Message = fmt.Sprintf("tier %s: %d instances × %s = %s covers the %s needed", tp.Name, tp.Instances, fmtRate(tp.PerInstance), fmtRate(have), fmtRate(tp.Design))
		}
		out = append(out, v)
	}
	return out
}

func budget(db *requirements.Tier, req *requirements.File, p *Plan) ConnectionBudget {
	b := ConnectionBudget{Tier: db.Name, MaxConnections: db.MaxConnections, Complete: true}
	for _, t := range req.Tiers {
		for _, pl := range t.Pools {
			if pl.Tier != db.Name {
				continue
			}
			tp := planOf(p, t.Name)
			n := tp.Max
			if n == 0 {
				b.Complete = false
			}
			b.Pools = append(b.Pools, PoolUse{Tier: t.Name, Instances: n, Size: pl.Size})
			b.Total += n * pl.Size
		}
	}
	return b
}

func planOf(p *Plan, name string) *TierPlan {
	for i := range p.Tiers {
		if p.Tiers[i].Name == name {
			return &p.Tiers[i]
		}
	}
	return nil
}

func budgetVerdict(b ConnectionBudget, db *requirements.Tier) Verdict {
	v := Verdict{Check: "connections", Subject: b.Tier, Pos: db.Pos}
	var parts []string
	instances := 0
	for _, u := range b.Pools {
		parts = append(parts, fmt.Sprintf("%s %d × %d", u.Tier, u.Instances, u.Size))
		instances += u.Instances
	}
	sum := strings.Join(parts, " + ")
	switch {
	case len(b.Pools) == 0:
		v.Status = Pass
		v.Message = fmt.Sprintf("tier %s: no tier declares a pool to it", b.Tier)
	case !b.Complete:
		v.Status = Unknown
		v.Message = fmt.Sprintf("tier %s: cannot total the pools (%s): a pooling tier has no capacity or instance count", b.Tier, sum)
	case b.Total > b.MaxConnections:
		v.Status = Fail
		fit := ""
		if len(b.Pools) == 1 && instances > 0 {
			fit = fmt.Sprintf("; a pool of at most %d per instance fits, or raise max_connections", b.MaxConnections/instances)
		} else {
			fit = "; shrink the pools or raise max_connections"
		}
		v.Message = fmt.Sprintf("tier %s: at full scale-out the pools open %s = %s connections, over max_connections %s%s",
			b.Tier, sum, group(float64(b.Total)), group(float64(b.MaxConnections)), fit)
	default:
		v.Status = Pass
		v.Message = fmt.Sprintf("tier %s: at full scale-out the pools open %s = %s of %s connections (%s)",
			b.Tier, sum, group(float64(b.Total)), group(float64(b.MaxConnections)), percent(float64(b.Total)/float64(b.MaxConnections)))
	}
	return v
}

func availabilityVerdict(sa ServiceAvailability, s *requirements.Service) Verdict {
	v := Verdict{Check: "availability", Subject: s.Name, Pos: s.Pos}
	var parts []string
	weakest := ""
	w := 2.0
	for _, t := range sa.Tiers {
		parts = append(parts, fmt.Sprintf("%s %s", t.Tier, percent(t.Value)))
		if t.Value < w {
			w, weakest = t.Value, t.Tier
		}
	}
	calc := strings.Join(parts, " × ")
	if calc == "" {
		calc = "no tiers"
	}
	if sa.Value >= sa.Target {
		v.Status = Pass
		v.Message = fmt.Sprintf("service %s: composite availability %s (%s) meets the %s target (%s of downtime a year at most)",
			s.Name, percent(sa.Value), calc, percent(sa.Target), fmtDuration(yearly(sa.Value)))
		return v
	}
	v.Status = Fail
	v.Message = fmt.Sprintf("service %s: composite availability %s (%s) is below the %s target: up to %s of downtime a year against %s; the weakest tier is %s",
		s.Name, percent(sa.Value), calc, percent(sa.Target), fmtDuration(yearly(sa.Value)), fmtDuration(yearly(sa.Target)), weakest)
	return v
}

func yearly(a float64) time.Duration {
	return time.Duration((1 - a) * 365.25 * 24 * float64(time.Hour))
}

// latencyVerdicts compares each journey's SLOs with the latency measured at
// the per-instance capacity of each tier on its path, when a results file
// recorded it: a capacity measured past the SLO is not a capacity.
func latencyVerdicts(s *requirements.Service, req *requirements.File, measured map[string]Measured) []Verdict {
	var out []Verdict
	for _, j := range s.Journeys {
		for _, slo := range j.SLOs {
			for _, r := range s.JourneyPath(j) {
				t := req.Tier(r.Name)
				if t == nil || t.Capacity.File == "" {
					continue
				}
				m, ok := measured[t.Capacity.File]
				if !ok {
					continue
				}
				lat, ok := m.Latency[slo.Percentile]
				v := Verdict{Check: "latency", Subject: s.Name + "/" + j.Name, Pos: slo.Pos}
				switch {
				case !ok:
					v.Status = Unknown
					v.Message = fmt.Sprintf("journey %s: %s cannot be checked: %s records no p%g at its highest rate",
						j.Name, slo.SLO, t.Capacity.File, slo.Percentile)
				case slo.Met(lat):
					v.Status = Pass
					v.Message = fmt.Sprintf("journey %s: tier %s measured p%g %s at %s per instance, within %s",
						j.Name, t.Name, slo.Percentile, fmtDuration(lat), fmtRate(m.Rate), slo.SLO)
				default:
					v.Status = Fail
					v.Message = fmt.Sprintf("journey %s: tier %s measured p%g %s at %s per instance, over %s: measure the capacity at the SLO (plimsoll load --find-max with a threshold on p%g)",
						j.Name, t.Name, slo.Percentile, fmtDuration(lat), fmtRate(m.Rate), slo.SLO, slo.Percentile)
				}
				out = append(out, v)
			}
		}
	}
	return out
}

// Failed returns the verdicts that failed.
func (p *Plan) Failed() []Verdict {
	var out []Verdict
	for _, v := range p.Verdicts {
		if v.Status == Fail {
			out = append(out, v)
		}
	}
	return out
}

// sortVerdicts orders verdicts by status (failures first), then check,
// then subject, so output is stable.
func sortVerdicts(vs []Verdict) {
	rank := map[Status]int{Fail: 0, Warn: 1, Unknown: 2, Pass: 3}
	slices.SortStableFunc(vs, func(a, b Verdict) int {
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] - rank[b.Status]
		}
		if c := strings.Compare(a.Check, b.Check); c != 0 {
			return c
		}
		return strings.Compare(a.Subject, b.Subject)
	})
}
