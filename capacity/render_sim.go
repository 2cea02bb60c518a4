package capacity

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// maxListedPasses is how many passing instance losses text output lists
// one by one.
const maxListedPasses = 5

// SimulationSchema names the JSON layout WriteSimulationJSON writes.
const SimulationSchema = "plimsoll.simulate/v1"

// WriteSimulationText renders every simulated failure for people: per
// failure its status, the tiers it touches (capacity left against the
// need, how they recover) and what each service sees.
func WriteSimulationText(w io.Writer, s *Simulation) error {
	ew := &errWriter{w: w}
	zones := "no zones known"
	if len(s.Zones) > 0 {
		counted := ""
		if len(s.ByCount) > 0 {
			// Say which names are made up, and why.
			counted = fmt.Sprintf("; %s: the tiers' zones count, as nothing names the zones of their pods", strings.Join(s.ByCount, ", "))
			if len(s.ByCount) == len(s.Zones) {
				counted = ": the tiers' zones count, as nothing names the zones of their pods"
			}
		}
		noun := "zones"
		if len(s.Zones) == 1 {
			noun = "zone"
		}
		zones = fmt.Sprintf("%d %s (%s%s)", len(s.Zones), noun, strings.Join(s.Zones, ", "), counted)
	}
	ew.printf("Failure simulation against %s: %s\n", s.Source, zones)
	for _, v := range s.Verdicts {
		ew.printf("\n%-7s %s\n", strings.ToUpper(string(v.Status)), v.Message)
	}
	counts := map[Status]int{}
	// A large estate has thousands of instances and databases whose loss
	// changes nothing: past a handful of each, passing ones are counted, not
	// listed.
	quiet := map[FailureKind]int{}
	for _, o := range s.Outcomes {
		if o.Status == Pass && (o.Failure.Kind == InstanceLoss || o.Failure.Kind == DatabaseLoss) {
			quiet[o.Failure.Kind]++
		}
	}
	collapsed := func(o Outcome) bool { return o.Status == Pass && quiet[o.Failure.Kind] > maxListedPasses }
	for _, o := range s.Outcomes {
		counts[o.Status]++
		if collapsed(o) {
			continue
		}
		ew.printf("\n%-7s %s\n", strings.ToUpper(string(o.Status)), o.Failure)
		for _, t := range o.Tiers {
			ew.printf("  %-10s %-7s %s\n", t.Tier, strings.ToUpper(string(t.Status)), tierLine(t))
			if t.How != "" {
				ew.printf("  %-10s %-7s %s\n", "", "", t.How)
			}
		}
		for _, si := range o.Services {
			ew.printf("  %-10s %-7s %s\n", si.Service, strings.ToUpper(string(si.Status)), si.Message)
		}
	}
	if n := quiet[InstanceLoss]; n > maxListedPasses {
		ew.printf("\nPASS    one instance of each of %s other resources lost: every tier keeps enough (--format json lists them)\n", group(float64(n)))
	}
	if n := quiet[DatabaseLoss]; n > maxListedPasses {
		ew.printf("\nPASS    the primary of each of %s other databases lost: each recovers within the targets (--format json lists them)\n", group(float64(n)))
	}
	ew.printf("\n%d failures simulated: %d failed, %d warnings, %d unknown, %d passed\n",
		len(s.Outcomes), counts[Fail], counts[Warn], counts[Unknown], counts[Pass])
	return ew.err
}

// tierLine says what is left of a tier: "16 of 24 instances: 6,400/s of
// the 5,000/s needed (6,250/s with buffer)".
func tierLine(t TierImpact) string {
	need := ""
	if t.Need > 0 {
		need = fmt.Sprintf("of the %s needed", fmtRate(t.Need))
		if t.Buffer > 0 {
			need += fmt.Sprintf(" (%s with buffer)", fmtRate(t.Need*(1+t.Buffer)))
		}
	}
	switch {
	case t.Up.String() == "false":
		return "down"
	case t.Counted && t.Left == t.Instances:
		return fmt.Sprintf("%d instances: %s %s", t.Instances, fmtRate(t.Capacity), need)
	case t.Counted:
		return fmt.Sprintf("%d of %d instances left: %s %s", t.Left, t.Instances, fmtRate(t.Capacity), need)
	case t.Note != "":
		return t.Note
	case t.Up.String() == "true":
		return "up"
	}
	return "may be down: depends on values known only after apply"
}

// WriteSimulationJSON writes the simulation in the plimsoll.simulate/v1
// layout. Durations are seconds; a recovery that never happens by itself
// and data lost for good are -1.
func WriteSimulationJSON(w io.Writer, s *Simulation) error {
	type tier struct {
		Tier            string  `json:"tier"`
		Status          Status  `json:"status"`
		Up              string  `json:"up"`
		Counted         bool    `json:"counted"`
		Instances       int     `json:"instances"`
		Left            int     `json:"left"`
		Capacity        float64 `json:"capacity"`
		Need            float64 `json:"need"`
		NeedWithBuffer  float64 `json:"need_with_buffer"`
		RecoverySeconds float64 `json:"recovery_seconds"`
		DataSeconds     float64 `json:"data_at_risk_seconds"`
		How             string  `json:"how,omitempty"`
	}
	type service struct {
		Service         string  `json:"service"`
		Status          Status  `json:"status"`
		Up              string  `json:"up"`
		Breaks          string  `json:"breaks,omitempty"`
		RecoverySeconds float64 `json:"recovery_seconds"`
		RTOSeconds      float64 `json:"rto_seconds,omitempty"`
		DataSeconds     float64 `json:"data_at_risk_seconds"`
		RPOSeconds      float64 `json:"rpo_seconds,omitempty"`
		Message         string  `json:"message"`
	}
	type outcome struct {
		Kind     FailureKind `json:"kind"`
		Zone     string      `json:"zone,omitempty"`
		Region   string      `json:"region,omitempty"`
		Resource string      `json:"resource,omitempty"`
		Failure  string      `json:"failure"`
		Status   Status      `json:"status"`
		Tiers    []tier      `json:"tiers"`
		Services []service   `json:"services"`
	}
	out := struct {
		Schema      string       `json:"schema"`
		Source      string       `json:"source"`
		Zones       []string     `json:"zones"`
		ByCount     []string     `json:"zones_by_count,omitempty"`
		Regions     []string     `json:"regions"`
		Verdicts    []verdictOut `json:"verdicts"`
		Outcomes    []outcome    `json:"outcomes"`
		Assumptions []figureOut  `json:"assumptions"`
	}{Schema: SimulationSchema, Source: s.Source, Zones: nonNil(s.Zones), ByCount: s.ByCount, Regions: nonNil(s.Regions), Verdicts: verdictsOut(s.Verdicts)}
	for _, o := range s.Outcomes {
		jo := outcome{Kind: o.Failure.Kind, Zone: o.Failure.Zone, Region: o.Failure.Region, Failure: o.Failure.String(), Status: o.Status, Tiers: []tier{}, Services: []service{}}
		if !o.Failure.Resource.IsZero() {
			jo.Resource = o.Failure.Resource.String()
		}
		for _, t := range o.Tiers {
			jo.Tiers = append(jo.Tiers, tier{t.Tier, t.Status, t.Up.String(), t.Counted, t.Instances, t.Left, round(t.Capacity), round(t.Need),
				round(t.Need * (1 + t.Buffer)), secs(t.Recovery), secs(t.Data), t.How})
		}
		for _, si := range o.Services {
			jo.Services = append(jo.Services, service{si.Service, si.Status, si.Up.String(), si.Breaks, secs(si.Recovery), secs(si.RTO), secs(si.Data), secs(si.RPO), si.Message})
		}
		out.Outcomes = append(out.Outcomes, jo)
	}
	if s.Plan != nil {
		out.Assumptions = figuresOut(s.Plan.Assumptions)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func secs(d time.Duration) float64 {
	if d == Never {
		return -1
	}
	return d.Seconds()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
