package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"strings"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/rule"
)

// SARIF 2.1.0, the subset GitHub code scanning reads (and a little more
// that other viewers use). Field names follow the specification.

const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	toolURI        = "https://github.com/plimsoll/plimsoll"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	DeprecatedIDs        []string        `json:"deprecatedIds,omitempty"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifHelp       `json:"help"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           sarifRuleProps  `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision"`
	// ProblemSeverity ranks non-security rules on GitHub.
	ProblemSeverity string `json:"problem.severity,omitempty"`
	// SecuritySeverity (a CVSS-like score) makes GitHub treat the results
	// as security alerts with a severity; only security rules carry it.
	SecuritySeverity string `json:"security-severity,omitempty"`
	Severity         string `json:"severity"`
	Concern          string `json:"concern"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level          string              `json:"level"`
	Message        sarifText           `json:"message"`
	Locations      []sarifLocation     `json:"locations,omitempty"`
	AssociatedRule *sarifRuleReference `json:"associatedRule,omitempty"`
}

// sarifRuleReference points at a rule in tool.driver.rules.
type sarifRuleReference struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultProps   `json:"properties"`
}

type sarifResultProps struct {
	Severity string `json:"severity"`
	Concern  string `json:"concern"`
	Address  string `json:"address,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

// SARIF writes the report as a SARIF 2.1.0 log with one run, fit for
// GitHub code scanning: every rule that ran with its help, every finding
// with its location, a fingerprint that stays the same across runs while
// the rule and resource do, and suppressed findings marked as such.
func SARIF(w io.Writer, a *Audit, _ Options) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "plimsoll",
			InformationURI: toolURI,
			Version:        a.Version,
			Rules:          []sarifRule{},
		}},
		Results: []sarifResult{},
	}
	index := map[string]int{}
	addRule := func(m rule.Meta) {
		if _, ok := index[m.ID]; !ok {
			index[m.ID] = len(run.Tool.Driver.Rules)
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(m))
		}
	}
	for _, m := range a.Result.Rules {
		addRule(m)
	}
	for _, f := range findings(a) {
		// A finding always comes from a rule that ran; should one not, its
		// own metadata still describes the rule well enough.
		addRule(rule.Meta{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Concern: f.Concern, Remediation: f.Remediation})
		res := sarifResult{
			RuleID:              f.RuleID,
			RuleIndex:           index[f.RuleID],
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{Text: firstNonEmpty(f.Message, f.Title)},
			PartialFingerprints: map[string]string{"primaryLocationLineHash": fingerprint(f)},
			Properties:          sarifResultProps{Severity: f.Severity.String(), Concern: string(f.Concern)},
		}
		if loc, ok := sarifLocationOf(f.Pos, f.Address.String()); ok {
			res.Locations = []sarifLocation{loc}
		}
		if !f.Address.IsZero() {
			res.Properties.Address = f.Address.String()
		}
		if s := f.Suppressed; s != nil {
			kind := "inSource"
			if suppressionKind(a, s) == "config" {
				kind = "external"
			}
			res.Suppressions = []sarifSuppression{{Kind: kind, Status: "accepted", Justification: s.Reason}}
		}
		run.Results = append(run.Results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, d := range diagnostics(a) {
		n := sarifNotification{Level: "warning", Message: sarifText{Text: diagText(d)}}
		if d.Severity == diag.Error {
			n.Level = "error"
			inv.ExecutionSuccessful = false
		}
		if d.Pos.File != "" {
			loc, _ := sarifLocationOf(d.Pos, "")
			n.Locations = []sarifLocation{loc}
		}
		if d.Rule != "" {
			// The engine lists a rule among those that ran before running
			// it, so a failed rule is in the driver's rules.
			n.AssociatedRule = &sarifRuleReference{ID: d.Rule, Index: -1}
			if i, ok := index[d.Rule]; ok {
				n.AssociatedRule.Index = i
			}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}
	log := sarifLog{Schema: sarifSchemaURI, Version: sarifVersion, Runs: []sarifRun{run}}
	return writeJSON(w, log)
}

func sarifRuleOf(m rule.Meta) sarifRule {
	r := sarifRule{
		ID:                   m.ID,
		DeprecatedIDs:        m.Aliases,
		Name:                 camelName(m.ID),
		ShortDescription:     sarifText{Text: firstNonEmpty(m.Title, m.ID)},
		FullDescription:      sarifText{Text: truncate(firstNonEmpty(m.Rationale, m.Title, m.ID), 1024)},
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(m.Severity)},
		Properties: sarifRuleProps{
			Tags:      []string{string(m.Concern)},
			Precision: "high", // rules fire only on definite values; unknown stays silent
			Severity:  m.Severity.String(),
			Concern:   string(m.Concern),
		},
	}
	r.Help.Text, r.Help.Markdown = ruleHelp(m)
	if m.Concern == rule.Security {
		r.Properties.SecuritySeverity = securitySeverity(m.Severity)
	} else {
		r.Properties.ProblemSeverity = problemSeverity(m.Severity)
	}
	return r
}

// ruleHelp renders a rule's rationale, fix, example and links as plain text
// and as Markdown.
func ruleHelp(m rule.Meta) (text, markdown string) {
	var t, md strings.Builder
	if m.Rationale != "" {
		t.WriteString(m.Rationale + "\n\n")
		md.WriteString(m.Rationale + "\n\n")
	}
	if m.Remediation != "" {
		t.WriteString("How to fix: " + m.Remediation + "\n")
		md.WriteString("**How to fix:** " + m.Remediation + "\n")
	}
	if ex := strings.TrimRight(m.Example, "\n"); ex != "" {
		t.WriteString("\nExample:\n\n" + indentLines(ex, "    ") + "\n")
		md.WriteString("\n```" + exampleLang(ex) + "\n" + ex + "\n```\n")
	}
	if len(m.Links) > 0 {
		t.WriteString("\nSee also:\n")
		md.WriteString("\n**See also:**\n\n")
		for _, l := range m.Links {
			t.WriteString("  " + l + "\n")
			md.WriteString("- <" + l + ">\n")
		}
	}
	text = strings.TrimSpace(t.String())
	markdown = strings.TrimSpace(md.String())
	if text == "" {
		text, markdown = firstNonEmpty(m.Title, m.ID), firstNonEmpty(m.Title, m.ID)
	}
	return text, markdown
}

// exampleLang names the fence language of a rule's example: HCL for
// Terraform, YAML for manifests and rule files.
func exampleLang(ex string) string {
	for l := range strings.SplitSeq(ex, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "//"):
			continue
		case strings.HasPrefix(l, "resource ") || strings.HasPrefix(l, "module ") ||
			strings.HasPrefix(l, "data ") || strings.HasPrefix(l, "provider ") ||
			strings.HasPrefix(l, "variable ") || strings.HasPrefix(l, "locals "):
			return "hcl"
		case strings.HasPrefix(l, "---") || strings.HasPrefix(l, "- ") || strings.Contains(l, ": ") || strings.HasSuffix(l, ":"):
			return "yaml"
		}
		return ""
	}
	return ""
}

func indentLines(s, indent string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = indent + l
		}
	}
	return strings.Join(lines, "\n")
}

func sarifLocationOf(p diag.Pos, address string) (sarifLocation, bool) {
	var loc sarifLocation
	// "<stdin>" names no file a viewer could open; the address still
	// locates the finding.
	if p.File != "" && !strings.HasPrefix(p.File, "<") {
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(p.File)}}
		if p.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: p.Line, StartColumn: p.Column}
		}
	}
	if address != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: address, Kind: "resource"}}
	}
	return loc, loc.PhysicalLocation != nil || loc.LogicalLocations != nil
}

// fileURI turns a file name as reports show it (relative, forward
// slashes) into a URI reference: relative paths stay relative, so GitHub
// resolves them against the repository root; absolute ones become file
// URIs.
func fileURI(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	switch {
	case strings.HasPrefix(name, "/"):
		return "file://" + (&url.URL{Path: name}).EscapedPath()
	case len(name) >= 3 && name[1] == ':' && name[2] == '/': // C:/...
		return "file:///" + (&url.URL{Path: name}).EscapedPath()
	}
	return (&url.URL{Path: name}).String()
}

// fingerprint identifies a finding across runs by its rule and resource
// address, not its line: moving a resource block, or editing the lines
// above it, keeps the alert the same. GitHub reads only this key; when it
// is present, the upload action does not compute a line-based one.
func fingerprint(f rule.Finding) string {
	key := f.RuleID + "\x00" + f.Address.String()
	if f.Address.IsZero() {
		key += "\x00" + f.Pos.File + "\x00" + f.Message
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

func sarifLevel(s rule.Severity) string {
	switch s {
	case rule.Critical, rule.High:
		return "error"
	case rule.Medium:
		return "warning"
	}
	return "note"
}

func problemSeverity(s rule.Severity) string {
	switch s {
	case rule.Critical, rule.High:
		return "error"
	case rule.Medium:
		return "warning"
	}
	return "recommendation"
}

// securitySeverity maps a severity onto GitHub's scale: over 9.0 is
// critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low.
func securitySeverity(s rule.Severity) string {
	switch s {
	case rule.Critical:
		return "9.5"
	case rule.High:
		return "8.0"
	case rule.Medium:
		return "5.5"
	}
	return "3.0"
}

// camelName turns a rule ID into the identifier-like name SARIF viewers
// show: aws-rds-multi-az → AwsRdsMultiAz.
func camelName(id string) string {
	var b strings.Builder
	for part := range strings.FieldsFuncSeq(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func diagText(d diag.Diagnostic) string {
	s := d.Summary
	if detail := firstLine(d.Detail); detail != "" {
		s += ": " + detail
	}
	return s
}

// firstNonEmpty returns the first non-empty string.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
