package capacity

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"text/tabwriter"
)

// PlanSchema names the JSON layout WritePlanJSON writes; it changes only
// when a field changes meaning or goes away (docs/capacity.md).
const PlanSchema = "plimsoll.plan/v1"

// WritePlanText renders the plan for people: the journeys' peaks, a table
// of tiers, the connection budgets, the composite availability, and the
// verdicts, failures first.
func WritePlanText(w io.Writer, p *Plan) error {
	ew := &errWriter{w: w}
	ew.printf("Capacity plan from %s\n\n", p.Source)
	ew.printf("Peak load\n")
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  SERVICE\tJOURNEY\tPEAK\tRATE")
	for _, j := range p.Journeys {
		peak := "rate"
		if j.Users > 0 {
			peak = fmt.Sprintf("%s users, %s think", group(j.Users), fmtDuration(j.Think))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", j.Service, j.Journey, peak, fmtRate(j.Rate))
	}
	tw.Flush()
	ew.printf("\nTiers (load now → at horizon → with buffer; instances so that any one zone can be lost)\n")
	tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  TIER\tLOAD\tHORIZON\tDESIGN\tPER INSTANCE\tZONES\tPER ZONE\tINSTANCES\tMIN\tDESIRED\tMAX\tTARGET")
	for _, t := range p.Tiers {
		row := []string{t.Name, fmtRate(t.Load), fmtRate(t.AtHorizon), fmtRate(t.Design)}
		switch {
		case t.Planned:
			row = append(row, fmtRate(t.PerInstance), fmt.Sprint(t.Zones), fmt.Sprint(t.PerZone), fmt.Sprint(t.Instances),
				fmt.Sprint(t.Min), fmt.Sprint(t.Desired), fmt.Sprint(t.Max), percent(t.TargetUtilisation))
		case t.Fixed:
			pi := "-"
			if t.PerInstance > 0 {
				pi = fmtRate(t.PerInstance)
			}
			row = append(row, pi, zonesCell(t.Zones), "-", fmt.Sprintf("%d fixed", t.Instances), "-", "-", "-", "-")
		default:
			row = append(row, "-", zonesCell(t.Zones), "-", "not planned", "-", "-", "-", "-")
		}
		fmt.Fprintf(tw, "  %s\n", strings.Join(row, "\t"))
	}
	tw.Flush()
	if len(p.Connections) > 0 {
		ew.printf("\nConnections (pools at full scale-out)\n")
		for _, b := range p.Connections {
			var parts []string
			for _, u := range b.Pools {
				parts = append(parts, fmt.Sprintf("%s %d × %d", u.Tier, u.Instances, u.Size))
			}
			use := strings.Join(parts, " + ")
			if use == "" {
				use = "no pools"
			}
			ew.printf("  %s: %s = %s of max_connections %s\n", b.Tier, use, group(float64(b.Total)), group(float64(b.MaxConnections)))
		}
	}
	if len(p.Services) > 0 {
		ew.printf("\nAvailability (tiers in series)\n")
		for _, s := range p.Services {
			target := "no target"
			if s.Target > 0 {
				target = "target " + percent(s.Target)
			}
			ew.printf("  %s: %s (%s a year), %s\n", s.Service, percent(s.Value), fmtDuration(yearly(s.Value)), target)
			for _, t := range s.Tiers {
				ew.printf("    %-12s %-9s %s\n", t.Tier, percent(t.Value), t.How)
			}
		}
	}
	writeVerdicts(ew, p.Verdicts)
	return ew.err
}

func zonesCell(z int) string {
	if z == 0 {
		return "-"
	}
	return fmt.Sprint(z)
}

func writeVerdicts(ew *errWriter, vs []Verdict) {
	if len(vs) == 0 {
		return
	}
	ew.printf("\nVerdicts\n")
	counts := map[Status]int{}
	for _, v := range vs {
		counts[v.Status]++
		ew.printf("  %-7s %-12s %s\n", strings.ToUpper(string(v.Status)), v.Check, v.Message)
	}
	ew.printf("\n%d failed, %d warnings, %d unknown, %d passed\n", counts[Fail], counts[Warn], counts[Unknown], counts[Pass])
}

// WritePlanJSON writes the plan in the plimsoll.plan/v1 layout.
func WritePlanJSON(w io.Writer, p *Plan) error {
	type journey struct {
		Service      string  `json:"service"`
		Journey      string  `json:"journey"`
		Users        float64 `json:"users,omitempty"`
		ThinkSeconds float64 `json:"think_seconds,omitempty"`
		Rate         float64 `json:"rate"`
	}
	type tier struct {
		Name              string  `json:"name"`
		Kind              string  `json:"kind"`
		Load              float64 `json:"load"`
		AtHorizon         float64 `json:"at_horizon"`
		Design            float64 `json:"design"`
		PerInstance       float64 `json:"per_instance,omitempty"`
		CapacitySource    string  `json:"capacity_source,omitempty"`
		Zones             int     `json:"zones,omitempty"`
		Planned           bool    `json:"planned"`
		Fixed             bool    `json:"fixed"`
		Needed            float64 `json:"needed,omitempty"`
		PerZone           int     `json:"per_zone,omitempty"`
		Instances         int     `json:"instances,omitempty"`
		Min               int     `json:"min,omitempty"`
		Desired           int     `json:"desired,omitempty"`
		Max               int     `json:"max,omitempty"`
		TargetUtilisation float64 `json:"target_utilisation,omitempty"`
		SurvivesZoneLoss  bool    `json:"survives_zone_loss"`
	}
	type pool struct {
		Tier      string `json:"tier"`
		Instances int    `json:"instances"`
		Size      int    `json:"size"`
	}
	type budget struct {
		Tier           string `json:"tier"`
		MaxConnections int    `json:"max_connections"`
		Total          int    `json:"total"`
		Complete       bool   `json:"complete"`
		Pools          []pool `json:"pools"`
	}
	type tierAvail struct {
		Tier         string  `json:"tier"`
		Availability float64 `json:"availability"`
		How          string  `json:"how"`
	}
	type service struct {
		Service      string      `json:"service"`
		Availability float64     `json:"availability"`
		Target       float64     `json:"target,omitempty"`
		Tiers        []tierAvail `json:"tiers"`
	}
	out := struct {
		Schema      string       `json:"schema"`
		Source      string       `json:"source"`
		Journeys    []journey    `json:"journeys"`
		Tiers       []tier       `json:"tiers"`
		Connections []budget     `json:"connections"`
		Services    []service    `json:"services"`
		Verdicts    []verdictOut `json:"verdicts"`
		Assumptions []figureOut  `json:"assumptions"`
	}{Schema: PlanSchema, Source: p.Source}
	for _, j := range p.Journeys {
		out.Journeys = append(out.Journeys, journey{j.Service, j.Journey, j.Users, j.Think.Seconds(), round(j.Rate)})
	}
	for _, t := range p.Tiers {
		out.Tiers = append(out.Tiers, tier{t.Name, t.Kind, round(t.Load), round(t.AtHorizon), round(t.Design), round(t.PerInstance), t.CapacitySource,
			t.Zones, t.Planned, t.Fixed, round(t.Needed), t.PerZone, t.Instances, t.Min, t.Desired, t.Max, t.TargetUtilisation, t.SurvivesZoneLoss})
	}
	out.Connections = []budget{}
	for _, b := range p.Connections {
		jb := budget{Tier: b.Tier, MaxConnections: b.MaxConnections, Total: b.Total, Complete: b.Complete, Pools: []pool{}}
		for _, u := range b.Pools {
			jb.Pools = append(jb.Pools, pool(u))
		}
		out.Connections = append(out.Connections, jb)
	}
	for _, s := range p.Services {
		js := service{Service: s.Service, Availability: s.Value, Target: s.Target, Tiers: []tierAvail{}}
		for _, t := range s.Tiers {
			js.Tiers = append(js.Tiers, tierAvail{t.Tier, t.Value, t.How})
		}
		out.Services = append(out.Services, js)
	}
	out.Verdicts = verdictsOut(p.Verdicts)
	out.Assumptions = figuresOut(p.Assumptions)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

type verdictOut struct {
	Check   string `json:"check"`
	Subject string `json:"subject"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

func verdictsOut(vs []Verdict) []verdictOut {
	out := []verdictOut{}
	for _, v := range vs {
		out = append(out, verdictOut{v.Check, v.Subject, v.Status, v.Message, v.Pos.File, v.Pos.Line, v.Pos.Column})
	}
	return out
}

type figureOut struct {
	ID     string  `json:"id"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Source string  `json:"source"`
}

func figuresOut(fs []Figure) []figureOut {
	out := []figureOut{}
	for _, f := range fs {
		u := "fraction"
		if f.Unit == Duration {
			u = "seconds"
		}
		out = append(out, figureOut{f.ID, f.Value, u, f.Source})
	}
	return out
}

// round keeps three decimals, enough for requests per second and stable
// across platforms' last-bit differences.
func round(v float64) float64 { return math.Round(v*1000) / 1000 }

var notIdent = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// TFVarName turns a tier name into a Terraform variable prefix.
func TFVarName(tier string) string {
	s := strings.Trim(notIdent.ReplaceAllString(tier, "_"), "_")
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "tier_" + s
	}
	return s
}

// WritePlanTFVars writes suggested Terraform variable values for every
// planned tier: <tier>_min_size, _desired_capacity, _max_size (the
// aws_autoscaling_group arguments) and _target_utilization (a percentage,
// for a target-tracking policy's target_value), plus <tier>_pool_<to> for
// the pool size that fits a database's max_connections when the one asked
// for does not.
func WritePlanTFVars(w io.Writer, p *Plan) error {
	ew := &errWriter{w: w}
	ew.printf("# Suggested by plimsoll plan from %s. Instances are spread so that losing\n# any one zone still leaves enough for the peak at the horizon with buffer.\n", p.Source)
	for _, t := range p.Tiers {
		if !t.Planned {
			continue
		}
		n := TFVarName(t.Name)
		ew.printf("\n# tier %s: %s per instance, %d zones × %d\n", t.Name, fmtRate(t.PerInstance), t.Zones, t.PerZone)
		tw := tabwriter.NewWriter(ew, 0, 0, 1, ' ', 0)
		fmt.Fprintf(tw, "%s_min_size\t= %d\n", n, t.Min)
		fmt.Fprintf(tw, "%s_desired_capacity\t= %d\n", n, t.Desired)
		fmt.Fprintf(tw, "%s_max_size\t= %d\n", n, t.Max)
		fmt.Fprintf(tw, "%s_target_utilization\t= %s\n", n, trimFloat(t.TargetUtilisation*100))
		tw.Flush()
	}
	for _, b := range p.Connections {
		if !b.Complete || b.Total <= b.MaxConnections || len(b.Pools) == 0 {
			continue
		}
		ew.printf("\n# pools to tier %s shrunk to fit max_connections %d at full scale-out\n", b.Tier, b.MaxConnections)
		for _, u := range b.Pools {
			size := u.Size * b.MaxConnections / b.Total
			ew.printf("%s_pool_%s = %d\n", TFVarName(u.Tier), TFVarName(b.Tier), max(size, 1))
		}
	}
	return ew.err
}

func trimFloat(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// errWriter keeps the first write error so renderers can print freely and
// report it once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
