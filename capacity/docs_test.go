package capacity

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/assumptions.md from DefaultFigures")

// TestAssumptionsDoc keeps docs/assumptions.md in step with DefaultFigures:
// the figures are written once, in code, and the page is generated.
func TestAssumptionsDoc(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`# Assumed figures

` + "`plimsoll plan`" + ` and ` + "`plimsoll simulate`" + ` read what they can from the requirements file and the
infrastructure code. Some figures can be read from neither: how available a managed service is, how
long a database takes to fail over, how long a replacement machine takes to start. For those,
plimsoll assumes the figure below, each with the public source it comes from. Where a source gives
a range, plimsoll takes the slow end, because a recovery target must hold on a bad day.

Every figure can be overridden in the requirements file, by its ID, with the figure your own
measurements give (a failover drill or a game day times them; plimsoll has no drill verb yet):

` + "```yaml" + `
assumptions:
  rds-multi-az-failover: 75s     # measured in our last drill
  ec2-launch: 90s                # our AMI boots in under a minute
  elb-availability: 99.99%
` + "```" + `

An unknown ID or a value in the wrong unit is an error at its line and column. ` + "`plimsoll plan --format\njson`" + ` lists every figure used, overridden or not, with its source.

This page is generated from the list in ` + "`capacity/assumptions.go`" + ` by
` + "`go test ./capacity -run TestAssumptionsDoc -update`" + `; edit the list, not the page.
`)
	for _, section := range []struct {
		title string
		unit  Unit
		intro string
	}{
		{"Availability", Fraction, "Published monthly uptime commitments (SLAs). A tier's figure is its members' combined: see\n[capacity.md](capacity.md#composite-availability) for how tiers and zones combine."},
		{"Times", Duration, "How long recovery steps take, and how much data each can lose."},
	} {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n| ID | figure | value | published | source | why this value |\n|---|---|---|---|---|---|\n", section.title, section.intro)
		for _, f := range DefaultFigures() {
			if f.Unit != section.unit {
				continue
			}
			published := f.Range
			if published == "" && f.Unit == Fraction {
				published = f.Format()
			}
			if published == "" {
				published = "none"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | [%s](%s) | %s |\n", f.ID, f.Title, f.Format(), published, host(f.Source), f.Source, f.Note)
		}
	}
	name := filepath.Join("..", "docs", "assumptions.md")
	if *update {
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test ./capacity -run TestAssumptionsDoc -update)", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Errorf("%s is stale: run go test ./capacity -run TestAssumptionsDoc -update", name)
	}
}

// host shortens a URL to its host and first path segments for a link text.
func host(u string) string {
	s := strings.TrimPrefix(u, "https://")
	parts := strings.Split(strings.TrimSuffix(s, "/"), "/")
	if len(parts) > 3 {
		parts = append(parts[:2], "…", parts[len(parts)-1])
	}
	return strings.Join(parts, "/")
}
