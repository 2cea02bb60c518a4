package requirements

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plimsoll/plimsoll/diag"
)

func TestParseGood(t *testing.T) {
	name := filepath.Join("testdata", "good", "shop.yaml")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, ds := Parse(name, data)
	if len(ds) > 0 {
		t.Fatalf("diagnostics:\n%v", ds.Err())
	}
	if len(f.Services) != 2 || f.Services[0].Name != "shop" || f.Services[1].Name != "api" {
		t.Fatalf("services = %v", f.Services)
	}
	shop, api := f.Services[0], f.Services[1]
	if !near(shop.Growth, 1.3) || !near(shop.Horizon, 2) || !near(shop.Buffer, 0.25) {
		t.Errorf("shop planning = growth %v horizon %v buffer %v, want the defaults 1.3 2 0.25", shop.Growth, shop.Horizon, shop.Buffer)
	}
	if !near(api.Horizon, 1.5) || !near(api.Buffer, 0.2) || !near(api.Growth, 1.3) {
		t.Errorf("api planning = growth %v horizon %v buffer %v, want 1.3 1.5 0.2", api.Growth, api.Horizon, api.Buffer)
	}
	if !near(shop.Availability, 0.9995) || shop.RPO != 5*time.Minute || shop.RTO != 15*time.Minute {
		t.Errorf("shop targets = %v %v %v", shop.Availability, shop.RPO, shop.RTO)
	}
	if shop.RegionRTO != 4*time.Hour || shop.RegionRPO != 5*time.Minute {
		t.Errorf("shop region targets = %v %v, want 4h and the RPO", shop.RegionRTO, shop.RegionRPO)
	}
	if api.Availability != 0 || api.RTO != 0 {
		t.Errorf("api targets should be unset, got %v %v", api.Availability, api.RTO)
	}
	if len(shop.Journeys) != 2 {
		t.Fatalf("shop journeys = %d", len(shop.Journeys))
	}
	browse, checkout := shop.Journeys[0], shop.Journeys[1]
	if got := browse.PeakRate(); !near(got, 4000) {
		t.Errorf("browse rate = %v, want 40000/10s = 4000", got)
	}
	// 10,000 users × 3 requests every 8.2 s.
	if got, want := checkout.PeakRate(), 10000*3/8.2; !near(got, want) {
		t.Errorf("checkout rate = %v, want %v", got, want)
	}
	if len(checkout.SLOs) != 2 || checkout.SLOs[0].String() != "p99 ≤ 200ms" || checkout.SLOs[1].String() != "p50 < 50ms" {
		t.Errorf("checkout SLOs = %v", checkout.SLOs)
	}
	if checkout.SLOs[0].Pos.Line != 23 || checkout.SLOs[0].Pos.Column != 15 {
		t.Errorf("SLO position = %v, want line 22 col 15", checkout.SLOs[0].Pos)
	}
	if checkout.CallsTo("db") != 4 || checkout.CallsTo("payments") != 0.5 || checkout.CallsTo("web") != 1 {
		t.Errorf("calls = %v", checkout.Calls)
	}
	if p := shop.JourneyPath(checkout); len(p) != 4 || p[2].Name != "payments" {
		t.Errorf("checkout path = %v", p)
	}
	if p := shop.JourneyPath(browse); len(p) != 3 || p[0].Name != "edge" {
		t.Errorf("browse path = %v", p)
	}
	if len(api.Journeys) != 1 || api.Journeys[0].Name != "api" || api.Journeys[0].PeakRate() != 8000 {
		t.Errorf("api direct journey = %+v", api.Journeys)
	}
	web, pay, db := f.Tier("web"), f.Tier("payments"), f.Tier("db")
	if web == nil || pay == nil || db == nil || f.Tier("nope") != nil {
		t.Fatal("tiers missing")
	}
	if web.Capacity.Rate != 450 || web.Zones != 3 || len(web.Pools) != 1 || web.Pools[0] != (Pool{Tier: "db", Size: 20, Pos: web.Pools[0].Pos}) {
		t.Errorf("web = %+v", web)
	}
	if !web.Matches("module.app.aws_autoscaling_group.web") || !web.Matches("aws_instance.legacy[3]") || web.Matches("aws_instance.other") {
		t.Errorf("web resource matching is wrong: %v", web.Resources)
	}
	if want := filepath.Join("testdata", "good", "results", "payments-max.json"); pay.Capacity.File != want || pay.Zones != 2 || !near(pay.TargetUtilisation, 0.5) {
		t.Errorf("payments = %+v, want capacity file %s", pay, want)
	}
	if db.Kind != "database" || !db.MultiAZ || db.MaxConnections != 2000 || db.Instances != 1 || !near(db.Availability, 0.9995) {
		t.Errorf("db = %+v", db)
	}
	if len(f.Assumptions) != 2 || f.Assumptions[0].ID != "rds-multi-az-failover" || f.Assumptions[0].Value != "90s" {
		t.Errorf("assumptions = %+v", f.Assumptions)
	}
}

var wantRE = regexp.MustCompile(`#\s*want:\s*(.+)$`)

// TestParseBad checks each bad fixture: every "# want: text" comment names
// an error that must be reported on its line, and no other error may be.
func TestParseBad(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			want := map[int][]string{}
			for i, l := range strings.Split(string(data), "\n") {
				if m := wantRE.FindStringSubmatch(l); m != nil {
					want[i+1] = append(want[i+1], strings.TrimSpace(m[1]))
				}
			}
			_, ds := Parse(name, data)
			got := map[int][]diag.Diagnostic{}
			for _, d := range ds {
				if d.Pos.File != name {
					t.Errorf("diagnostic names file %q, want %q: %v", d.Pos.File, name, d)
				}
				got[d.Pos.Line] = append(got[d.Pos.Line], d)
			}
			for line, ws := range want {
				for _, w := range ws {
					found := false
					for _, d := range got[line] {
						found = found || strings.Contains(d.Error(), w)
					}
					if !found {
						t.Errorf("line %d: no error containing %q; got %v", line, w, got[line])
					}
				}
			}
			for line, gs := range got {
				if len(want[line]) == 0 {
					for _, d := range gs {
						t.Errorf("unexpected: %v", d)
					}
				}
			}
			if !ds.HasErrors() {
				t.Error("no errors reported")
			}
		})
	}
}

func TestParseKeepsColumns(t *testing.T) {
	_, ds := Parse("p.yaml", []byte("version: 1\nservices:\n  shop:\n    rate: 10/s\n    buffer:    lots\n"))
	if len(ds) != 1 || ds[0].Error() != `p.yaml:5:16: buffer: want a percentage such as 25%, got "lots"` {
		t.Errorf("got %v", ds)
	}
}

func TestParseSyntaxError(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unclosed flow sequence", "version: 1\nservices:\n  shop:\n    users: [1, 2\n    think: 5s\n",
			"p.yaml:5:10: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 4, column 12)"},
		{"bad indentation", "version: 1\nservices:\n  shop:\n    rate: 10/s\n   think: 5s\n",
			"p.yaml:5:4: not valid YAML: did not find expected key (while parsing a block mapping at line 3, column 3)"},
		{"tab indentation", "version: 1\nservices:\n\tshop: {}\n",
			"p.yaml:3:1: not valid YAML: found character that cannot start any token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := Parse("p.yaml", []byte(tc.src))
			if len(ds) != 1 || ds[0].Error() != tc.want {
				t.Errorf("got  %v\nwant %s", ds, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, dir := range []string{"good", "bad"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.yaml"))
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte("version: 1\nservices: {a: &x {rate: 1}, b: *x}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, ds := Parse("f.yaml", data)
		if file == nil {
			t.Fatal("nil file")
		}
		for _, d := range ds {
			if d.Pos.File != "f.yaml" || d.Summary == "" {
				t.Fatalf("diagnostic without file or summary: %#v", d)
			}
			if strings.Contains(d.Summary, "YAML: ") && (d.Pos.Line < 1 || d.Pos.Column < 1) {
				t.Fatalf("YAML syntax error without line and column: %v", d)
			}
		}
		if ds.HasErrors() {
			return
		}
		// A file that parses clean gives finite, positive peaks.
		for _, s := range file.Services {
			for _, j := range s.Journeys {
				if r := j.PeakRate(); !(r > 0) || r > 1e300 {
					t.Fatalf("journey %s: peak rate %v", j.Name, r)
				}
			}
		}
	})
}
