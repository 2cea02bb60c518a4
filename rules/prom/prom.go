package prom

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

// Thresholds are the levels the coverage rules want alerts at. An alert
// covers a signal when it fires at least as early as these say.
type Thresholds struct {
	// CPU is the CPU utilisation (a fraction: 0.8 is 80 %) an alert should
	// fire above.
	CPU float64
	// ErrorRate is the share of failed requests (0.05 is 5 %) an alert
	// should fire above.
	ErrorRate float64
	// DiskFree is the free disk space (0.1 is 10 %) an alert should fire
	// below.
	DiskFree float64
	// For is the longest "for" duration a coverage alert may wait; it is
	// also the duration the playbook's "sustained" means.
	For time.Duration
}

// DefaultThresholds are the playbook's: CPU above 80 % for 5 minutes, more
// than 5 % of requests failing, less than 10 % of disk free.
var DefaultThresholds = Thresholds{CPU: 0.8, ErrorRate: 0.05, DiskFree: 0.1, For: 5 * time.Minute}

// Rules returns the Prometheus rules with the default thresholds.
func Rules() []rule.Rule { return RulesWith(DefaultThresholds) }

// RulesWith returns the Prometheus rules with the given thresholds; zero
// fields take the defaults.
func RulesWith(t Thresholds) []rule.Rule {
	if t.CPU <= 0 {
		t.CPU = DefaultThresholds.CPU
	}
	if t.ErrorRate <= 0 {
		t.ErrorRate = DefaultThresholds.ErrorRate
	}
	if t.DiskFree <= 0 {
		t.DiskFree = DefaultThresholds.DiskFree
	}
	if t.For <= 0 {
		t.For = DefaultThresholds.For
	}
	return []rule.Rule{
		alertCPU(t),
		alertErrorRate(t),
		alertDisk(t),
		alertFor(),
	}
}

const (
	typeAlert = "prom_alert"
	typeGroup = "prom_group"
)

// alert is an alerting rule with the facts of its expression, and of the
// recording rules it reads.
type alert struct {
	r           *infra.Resource
	selectors   []selector
	comparisons []comparison
	ratio       bool
	known       bool // the expression parsed
}

type selector struct {
	metric   string
	matchers []matcher
}

type matcher struct{ name, op, value string }

type comparison struct {
	op    string
	value float64
}

func alerts(g *infra.Graph) []alert {
	var out []alert
	for _, r := range g.OfType(typeAlert) {
		a := alert{r: r, known: r.Get("comparisons").IsKnown()}
		a.comparisons = comparisons(r)
		a.ratio = r.Get("ratio").Bool() == infra.True
		seen := map[*infra.Resource]bool{}
		a.selectors = selectorsOf(g, r, seen)
		out = append(out, a)
	}
	return out
}

// selectorsOf returns r's selectors and those of the recording rules it
// reads, recursively, so an alert on instance:cpu:ratio > 0.8 is seen to
// watch node_cpu_seconds_total.
func selectorsOf(g *infra.Graph, r *infra.Resource, seen map[*infra.Resource]bool) []selector {
	if seen[r] {
		return nil
	}
	seen[r] = true
	var out []selector
	sels, _ := r.Get("selectors").Elems()
	for _, s := range sels {
		m, _ := s.Get("metric").Str()
		sel := selector{metric: m}
		ms, _ := s.Get("matchers").Elems()
		for _, x := range ms {
			n, _ := x.Get("name").Str()
			op, _ := x.Get("op").Str()
			v, _ := x.Get("value").Str()
			sel.matchers = append(sel.matchers, matcher{n, op, v})
		}
		out = append(out, sel)
	}
	for _, rec := range g.Refs(r, "expr") {
		out = append(out, selectorsOf(g, rec, seen)...)
	}
	return out
}

func comparisons(r *infra.Resource) []comparison {
	var out []comparison
	cs, _ := r.Get("comparisons").Elems()
	for _, c := range cs {
		op, _ := c.Get("op").Str()
		s, ok := c.Get("value").Str()
		f, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil {
			continue
		}
		out = append(out, comparison{op: op, value: f})
	}
	return out
}

func (a alert) watches(metric func(string) bool) bool {
	return slices.ContainsFunc(a.selectors, func(s selector) bool { return metric(s.metric) })
}

// fraction reads a threshold as a fraction: values above 1 are percentages.
func fraction(v float64) float64 {
	if v > 1 {
		return v / 100
	}
	return v
}

// coverage is the outcome of looking for an alert on one signal.
type coverage struct {
	covered bool
	// near lists alerts on the signal that fire too late, for the message.
	near []string
}

func pct(f float64) string {
	s := fmt.Sprintf("%.1f", f*100)
	return strings.TrimSuffix(strings.TrimSuffix(s, "0"), ".") + " %"
}

// dur writes a duration as Prometheus does: 5m, 1h30m.
func dur(d time.Duration) string { return model.Duration(d).String() }

// firstGroup returns the rule group a missing-alert finding points at: the
// first by file and line. Findings about the whole audit need a place, and
// the first group is where a reader starts.
func firstGroup(g *infra.Graph) *infra.Resource {
	var first *infra.Resource
	for _, r := range g.OfType(typeGroup) {
		if first == nil || r.Pos.File < first.Pos.File || r.Pos.File == first.Pos.File && r.Pos.Line < first.Pos.Line {
			first = r
		}
	}
	return first
}

// forOK says whether an alert waits no longer than the playbook allows.
func forOK(a alert, limit time.Duration) bool {
	s, ok := a.r.Get("for_seconds").Int()
	if !ok {
		return true // no for, or not known: firing sooner is not later
	}
	return time.Duration(s)*time.Second <= limit
}

// coverageRule builds a rule that looks for an alert on one signal.
func coverageRule(m rule.Meta, signal string, judge func(a alert) (watches bool, inTime bool, why string)) rule.Rule {
	return rule.Rule{Meta: m, Check: func(g *infra.Graph) []rule.Hit {
		group := firstGroup(g)
		as := alerts(g)
		if group == nil || len(as) == 0 {
			return nil // no alerting rules in the audit: they may live elsewhere
		}
		var near []string
		for _, a := range as {
			if !a.known {
				return nil // an alert that does not parse may be the one
			}
			w, ok, why := judge(a)
			if !w {
				continue
			}
			if ok {
				return nil
			}
			near = append(near, fmt.Sprintf("%s %s", a.r.Addr, why))
		}
		msg := fmt.Sprintf("%s: no alert among the %d alerting rules in the audit fires on %s", group.Addr, len(as), signal)
		if len(near) > 0 {
			msg += "; closest: " + strings.Join(near, ", ")
		}
		return []rule.Hit{rule.Hitf(group, "%s", msg)}
	}}
}

func contains(s string, subs ...string) bool {
	s = strings.ToLower(s)
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// matchesValue reports whether a matcher on one of the names accepts value.
func (s selector) matchesValue(names []string, value string) bool {
	for _, m := range s.matchers {
		if !slices.Contains(names, m.name) {
			continue
		}
		switch m.op {
		case "=":
			if m.value == value {
				return true
			}
		case "=~":
			if re, err := regexp.Compile("^(?:" + m.value + ")$"); err == nil && re.MatchString(value) {
				return true
			}
		case "!=", "!~":
			// code!="200" or code!~"2.." selects failures as well.
			if m.op == "!=" && m.value != value {
				return true
			}
			if re, err := regexp.Compile("^(?:" + m.value + ")$"); m.op == "!~" && err == nil && !re.MatchString(value) {
				return true
			}
		}
	}
	return false
}
