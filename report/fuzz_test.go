package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

// FuzzWriters feeds arbitrary messages, file names and reasons (which come
// from the audited files) through every writer and checks that the output
// stays well-formed: JSON and SARIF decode and keep valid text intact,
// JUnit parses as XML, and text carries no control characters.
func FuzzWriters(f *testing.F) {
	f.Add("security group allows 0.0.0.0/0 on port 22", "main.tf", "legacy", "aws-rds-multi-az")
	f.Add(`access_logs { enabled = false } & bucket "<none>" ]]>`, "my infra/ä.tf", "", "x")
	f.Add("\x1b[2J\x00\x7f\u0085\u2028", "a:b\\c.tf", "]]>\r\n", "-")
	f.Add("\xff\xfe invalid", "\xc3", "\xed\xa0\x80", "")
	f.Fuzz(func(t *testing.T, msg, file, reason, ruleID string) {
		a := &Audit{
			Version:   "v0",
			Inputs:    []string{file},
			Resources: 1,
			Result: rule.Result{
				Rules: []rule.Meta{{ID: ruleID, Title: msg, Severity: rule.High, Concern: rule.Security, Rationale: msg, Remediation: reason, Example: msg}},
				Findings: []rule.Finding{
					{RuleID: ruleID, Title: msg, Severity: rule.High, Concern: rule.Security, Address: infra.NewAddress(nil, infra.Managed, "aws_instance", "web", infra.StringKey(msg)), Pos: diag.Pos{File: file, Line: 3, Column: 1}, Message: msg, Remediation: reason},
					{RuleID: ruleID, Severity: rule.Low, Concern: rule.Concern(msg), Pos: diag.Pos{File: file}, Message: msg, Suppressed: &rule.Suppression{Reason: reason, Source: file + ":1:1"}},
				},
			},
			Diagnostics: diag.Diagnostics{diag.Warningf(diag.Pos{File: file, Line: 1}, "%s", msg)},
			ConfigFile:  file,
		}
		for _, format := range Formats() {
			w, _ := Lookup(format)
			var buf bytes.Buffer
			if err := w(&buf, a, Options{Color: true, Width: 40, ShowSuppressed: true}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out := buf.Bytes()
			switch format {
			case "text":
				for _, r := range string(out) {
					if r != '\n' && r != '\t' && r != 0x1b && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f) {
						t.Fatalf("text carries control character %U:\n%q", r, out)
					}
				}
				if got := strings.Count(stripANSI(string(out)), "\x1b"); got != 0 {
					t.Fatalf("text carries an escape that is not ours:\n%q", out)
				}
			case "json", "sarif":
				var v map[string]any
				if err := json.Unmarshal(out, &v); err != nil {
					t.Fatalf("%s output does not decode: %v\n%s", format, err, out)
				}
				if utf8.ValidString(msg) && !bytes.Contains(out, mustJSON(t, msg)) {
					t.Fatalf("%s output lost the message %q", format, msg)
				}
			case "junit":
				var s junitSuites
				if err := xml.Unmarshal(out, &s); err != nil {
					t.Fatalf("junit output is not XML: %v\n%s", err, out)
				}
				if s.Tests != 3 || s.Failures != 1 || s.Skipped != 2 {
					t.Fatalf("junit counts tests=%d failures=%d skipped=%d, want 3, 1, 2", s.Tests, s.Failures, s.Skipped)
				}
			}
		}
	})
}

func mustJSON(t *testing.T, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return bytes.Trim(bytes.TrimSpace(buf.Bytes()), `"`)
}
