package loadgen

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteSummary writes the human summary of r: what ran, a table of the
// total, each group and each step (count, rate, latency percentiles,
// errors), status codes, errors by class, and threshold verdicts. It is a
// pure function of r, so a saved run reads back the same.
func WriteSummary(w io.Writer, r *Result) error {
	var b strings.Builder
	state := ""
	switch {
	case r.Interrupted:
		state = " · INTERRUPTED (partial results)"
	case r.Aborted:
		state = " · ABORTED by a failed threshold (partial results)"
	}
	procs := ""
	if r.Processes > 1 {
		procs = fmt.Sprintf(" · %d processes merged", r.Processes)
	}
	fmt.Fprintf(&b, "plimsoll load · %s · %d requests · %s/s · errors %s%s%s\n\n",
		fmtSeconds(r.Elapsed), r.Total.Requests, fmtRate(r.Total.Rate), fmtPct(r.Total.ErrorRate), procs, state)

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\texecutor\tasked\titerations\tfailed\tdropped\tinterrupted")
	for _, s := range r.Scenarios {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\n", s.Name, s.Executor, asked(s), s.Iterations, s.Failed, s.Dropped, s.Interrupted)
	}
	tw.Flush()
	b.WriteByte('\n')

	// Names are padded to one width so that the right-aligned table
	// shows them left-aligned.
	width := len("total")
	for _, g := range r.Groups {
		width = max(width, len("group ")+len([]rune(g.Name)))
	}
	for i := range r.Steps {
		width = max(width, 2+len([]rune(stepLabel(r, &r.Steps[i]))))
	}
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\trequests\trate/s\tp50\tp90\tp99\tp99.9\tmax\terrors\t\n", width, "")
	row := func(name string, m *Metrics) {
		l := m.Latency
		name += strings.Repeat(" ", max(0, width-len([]rune(name))))
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, m.Requests, fmtRate(m.Rate),
			fmtUS(l.P50, l.Count), fmtUS(l.P90, l.Count), fmtUS(l.P99, l.Count), fmtUS(l.P999, l.Count), fmtUS(l.Max, l.Count),
			fmtErrors(m))
	}
	row("total", &r.Total)
	for i := range r.Groups {
		g := &r.Groups[i]
		row("group "+g.Name, &g.Metrics)
		for j := range r.Steps {
			if s := &r.Steps[j]; s.Group == g.Name {
				row("  "+stepLabel(r, s), &s.Metrics)
			}
		}
	}
	for j := range r.Steps {
		if s := &r.Steps[j]; s.Group == "" {
			row(stepLabel(r, s), &s.Metrics)
		}
	}
	tw.Flush()

	if len(r.Total.Status) > 0 {
		b.WriteString("\nstatus  ")
		b.WriteString(joinCounts(r.Total.Status))
		b.WriteByte('\n')
	}
	if len(r.Total.ErrorClasses) > 0 {
		b.WriteString("errors  ")
		b.WriteString(joinCounts(r.Total.ErrorClasses))
		b.WriteByte('\n')
	}
	var checks []string
	for _, s := range r.Steps {
		for _, c := range s.Checks {
			mark := "✓"
			if c.Failed > 0 {
				mark = "✗"
			}
			checks = append(checks, fmt.Sprintf("  %s %s: %s · %d passed, %d failed", mark, stepLabel(r, &s), c.Name, c.Passed, c.Failed))
		}
	}
	if len(checks) > 0 {
		b.WriteString("\nchecks\n")
		b.WriteString(strings.Join(checks, "\n"))
		b.WriteByte('\n')
	}
	if len(r.Thresholds) > 0 {
		b.WriteString("\nthresholds\n")
		for _, t := range r.Thresholds {
			line := t.Detail
			if line == "" {
				line = t.Expr + " FAIL"
				if t.OK {
					line = t.Expr + " ok"
				}
			}
			b.WriteString("  " + line + "\n")
		}
	}
	if f := r.FindMax; f != nil {
		b.WriteString("\nbreaking-point search (" + f.Criteria + ")\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  iterations/s\trequests/s\tp50\tp99\terrors\tdropped\tverdict\t")
		for _, s := range f.Steps {
			verdict := "held"
			if !s.OK {
				verdict = "failed: " + s.Reason
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%d\t%s\t\n", fmtRate(s.Rate), fmtRate(s.Achieved), fmtUS(s.P50, 1), fmtUS(s.P99, 1), fmtPct(s.ErrorRate), s.Dropped, verdict)
		}
		tw.Flush()
		if f.Rate > 0 {
			fmt.Fprintf(&b, "highest rate that held: %s iterations/s, %s requests/s (p50 %s, p99 %s)\n", fmtRate(f.Rate), fmtRate(f.Achieved), fmtUS(f.Latency.P50, f.Latency.Count), fmtUS(f.Latency.P99, f.Latency.Count))
		} else {
			b.WriteString("no rate held, not even the first step\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func stepLabel(r *Result, s *StepResult) string {
	if len(r.Scenarios) > 1 {
		return s.Scenario + ": " + s.Name
	}
	return s.Name
}

func asked(s ScenarioResult) string {
	switch s.Executor {
	case ConstantArrivalRate.String():
		return fmtRate(s.Rate) + "/s"
	case RampingArrivalRate.String(), RampingVUs.String():
		unit := "/s"
		if s.Executor == RampingVUs.String() {
			unit = " VUs"
		}
		var peak float64
		for _, st := range s.Stages {
			peak = max(peak, st.Target)
		}
		return "≤" + strconv.FormatFloat(peak, 'f', -1, 64) + unit
	}
	return strconv.Itoa(s.VUs) + " VUs"
}

func fmtErrors(m *Metrics) string {
	if m.Requests == 0 {
		return "-"
	}
	if m.Errors == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%s)", m.Errors, fmtPct(m.ErrorRate))
}

func joinCounts(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + strconv.FormatInt(m[k], 10)
	}
	return strings.Join(parts, "  ")
}

// fmtUS formats microseconds with three significant digits and a unit
// that suits them.
func fmtUS(us, count int64) string {
	if count == 0 {
		return "-"
	}
	return fmtDuration(time.Duration(us) * time.Microsecond)
}

func fmtDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return strconv.FormatInt(int64(d/time.Microsecond), 10) + "µs"
	case d < time.Second:
		return sig3(float64(d)/float64(time.Millisecond)) + "ms"
	}
	return sig3(d.Seconds()) + "s"
}

func sig3(f float64) string {
	switch {
	case f >= 100:
		return strconv.FormatFloat(f, 'f', 0, 64)
	case f >= 10:
		return strconv.FormatFloat(f, 'f', 1, 64)
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

func fmtSeconds(s float64) string { return strconv.FormatFloat(s, 'f', 1, 64) + "s" }

func fmtRate(r float64) string {
	if r >= 100 || r == math.Trunc(r) {
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
	return strconv.FormatFloat(r, 'f', 1, 64)
}

func fmtPct(f float64) string { return strconv.FormatFloat(f*100, 'f', 2, 64) + "%" }

// ThresholdsOK reports whether every threshold held (true when there are
// none) and, after --find-max, whether some rate held.
func (r *Result) ThresholdsOK() bool {
	for _, t := range r.Thresholds {
		if !t.OK {
			return false
		}
	}
	return true
}
