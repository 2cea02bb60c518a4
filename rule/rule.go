package rule

import (
	"fmt"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// Severity ranks how much a finding matters.
type Severity int

// Severities from least to most serious.
const (
	Low Severity = iota + 1
	Medium
	High
	Critical
)

// Severities lists every severity from least to most serious.
var Severities = []Severity{Low, Medium, High, Critical}

func (s Severity) String() string {
	switch s {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	case Critical:
		return "critical"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText writes the severity as its word ("high"), as every report
// and `plimsoll rules --format json` show it.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "low", "medium", "high" or "critical" (any case).
func ParseSeverity(s string) (Severity, error) {
	for _, v := range Severities {
		if strings.EqualFold(s, v.String()) {
			return v, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want low, medium, high or critical)", s)
}

// Concern is the part of the playbook a rule serves.
type Concern string

// The concerns rules are grouped by.
const (
	Availability  Concern = "availability"
	Recovery      Concern = "recovery"
	Observability Concern = "observability"
	Scaling       Concern = "scaling"
	Security      Concern = "security"
)

// Concerns lists every concern in documentation order.
var Concerns = []Concern{Availability, Scaling, Observability, Recovery, Security}

// Meta describes a rule. IDs are stable and never reused; a renamed rule
// keeps its old ID among Aliases.
// Its JSON form is what `plimsoll rules --format json` writes (schema
// plimsoll.rules/v1).
type Meta struct {
	ID       string   `json:"id"`
	Aliases  []string `json:"aliases,omitempty"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Concern  Concern  `json:"concern"`
	// Rationale says why the rule matters, in a paragraph.
	Rationale string `json:"rationale"`
	// Remediation says how to fix a finding, in a sentence or two.
	Remediation string `json:"remediation"`
	// Example is a short HCL (or YAML) snippet that passes the rule.
	Example string `json:"example,omitempty"`
	// Links point to public documentation backing the rule.
	Links []string `json:"links,omitempty"`
	// Types are the resource types the rule looks at, for documentation.
	Types []string `json:"resource_types,omitempty"`
}

// Hit is one problem a check found: the resource it concerns and a message
// specific to it ("autoscaling group spans 1 zone (us-east-1a)").
type Hit struct {
	Resource *infra.Resource
	Message  string
}

// Hitf returns a Hit with a formatted message.
func Hitf(r *infra.Resource, format string, args ...any) Hit {
	return Hit{Resource: r, Message: fmt.Sprintf(format, args...)}
}

// Check inspects the graph and returns its hits. It must only read the
// graph, and must not report a hit that rests only on a value unknown until
// apply.
type Check func(g *infra.Graph) []Hit

// Rule is a rule's metadata and its check.
type Rule struct {
	Meta
	Check Check
}
