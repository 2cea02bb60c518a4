package rule

import (
	"fmt"
	"path"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

// Engine runs rules over a graph. Create one with NewEngine.
type Engine struct {
	rules  []Rule
	config Config
}

// NewEngine returns an engine for the given rules and configuration. It
// fails when two rules share an ID or alias.
func NewEngine(rules []Rule, cfg Config) (*Engine, error) {
	seen := map[string]string{}
	for _, r := range rules {
		for _, id := range append([]string{r.ID}, r.Aliases...) {
			if other, ok := seen[id]; ok {
				return nil, fmt.Errorf("rule ID %s used by both %s and %s", id, other, r.ID)
			}
			seen[id] = r.ID
		}
	}
	return &Engine{rules: rules, config: cfg}, nil
}

// Result is what one run of the engine found.
type Result struct {
	// Findings are sorted (see SortFindings); suppressed ones are kept with
	// Suppressed set, so reports can count them.
	Findings []Finding
	// Rules are the rules that ran, in registration order.
	Rules []Meta
	// Diagnostics are problems running the rules: one per rule that failed,
	// with the rule's ID in its Rule field.
	Diagnostics diag.Diagnostics
}

// Failed returns the IDs of the rules that failed to run (their check
// panicked), in the order they ran. Their absence of findings means
// nothing: the audit is incomplete.
func (r Result) Failed() []string {
	var ids []string
	for _, d := range r.Diagnostics {
		if d.Rule != "" {
			ids = append(ids, d.Rule)
		}
	}
	return ids
}

// Active returns the findings that no ignore suppressed.
func (r Result) Active() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Suppressed == nil {
			out = append(out, f)
		}
	}
	return out
}

// Run checks every enabled rule against g.
func (e *Engine) Run(g *infra.Graph) Result {
	var res Result
	for _, r := range e.rules {
		if e.config.disabled(r.Meta) {
			continue
		}
		res.Rules = append(res.Rules, r.Meta)
		hits, err := runCheck(r, g)
		if err != nil {
			res.Diagnostics = append(res.Diagnostics, diag.Diagnostic{
				Severity: diag.Error,
				Summary:  fmt.Sprintf("rule %s failed", r.ID),
				Detail:   err.Error(),
				Rule:     r.ID,
			})
			continue
		}
		for _, h := range hits {
			f := Finding{
				RuleID:      r.ID,
				Title:       r.Title,
				Severity:    r.Severity,
				Concern:     r.Concern,
				Message:     h.Message,
				Remediation: r.Remediation,
			}
			if h.Resource != nil {
				f.Address = h.Resource.Addr
				f.Pos = h.Resource.Pos
				f.Suppressed = e.suppression(r.Meta, h.Resource)
			}
			res.Findings = append(res.Findings, f)
		}
	}
	SortFindings(res.Findings)
	return res
}

// runCheck turns a panicking check into an error, so one broken rule cannot
// take the whole audit down.
func runCheck(r Rule, g *infra.Graph) (hits []Hit, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return r.Check(g), nil
}

func (e *Engine) suppression(m Meta, r *infra.Resource) *Suppression {
	for _, ig := range r.Ignores {
		if m.Is(ig.Rule) {
			return &Suppression{Reason: ig.Reason, Source: ig.Pos.String()}
		}
	}
	for _, ig := range e.config.Ignore {
		if ig.matches(m, r) {
			return &Suppression{Reason: ig.Reason, Source: ig.Pos.String()}
		}
	}
	return nil
}

// Is reports whether id names the rule, by its ID or an alias (any case).
func (m Meta) Is(id string) bool {
	if strings.EqualFold(id, m.ID) {
		return true
	}
	return slices.ContainsFunc(m.Aliases, func(a string) bool { return strings.EqualFold(id, a) })
}

func (ig Ignore) matches(m Meta, r *infra.Resource) bool {
	if ig.Rule != "*" && !m.Is(ig.Rule) {
		return false
	}
	if ig.Resource != "" {
		if ok, _ := path.Match(ig.Resource, r.Addr.String()); !ok && ig.Resource != r.Addr.String() {
			return false
		}
	}
	if ig.Path != "" {
		if ok, _ := path.Match(ig.Path, r.Pos.File); !ok && !strings.HasPrefix(r.Pos.File, strings.TrimSuffix(ig.Path, "/")+"/") {
			return false
		}
	}
	return true
}
