package capacity

import (
	"math"
	"strings"
	"testing"

	"github.com/plimsoll/plimsoll/requirements"
)

func mustPlan(t *testing.T, src string) *Plan {
	t.Helper()
	req, ds := requirements.Parse("p.yaml", []byte(src))
	if ds.HasErrors() {
		t.Fatalf("parse: %v", ds.Err())
	}
	a, ds := NewAssumptions(req.Assumptions)
	if ds.HasErrors() {
		t.Fatalf("assumptions: %v", ds.Err())
	}
	p, ds := MakePlan(Input{Req: req, Assume: a})
	if ds.HasErrors() {
		t.Fatalf("plan: %v", ds.Err())
	}
	return p
}

func verdict(p *Plan, check, subject string) *Verdict {
	for i, v := range p.Verdicts {
		if v.Check == check && v.Subject == subject {
			return &p.Verdicts[i]
		}
	}
	return nil
}

const blackFriday = `version: 1
defaults: {growth: 30%/year, horizon: 24 months, buffer: 25%, zones: 3}
services:
  shop:
    availability: 99.95%
    tiers: [edge, web, db]
    journeys:
      browse: {users: 45000, think: 10s}
      checkout: {users: 5000, think: 10s, calls: {db: 3}}
tiers:
  edge: {kind: load-balancer}
  web: {capacity: 400/s, pool: {db: 40}}
  db: {kind: database, instances: 1, multi_az: true, max_connections: 2000}
`

func TestPlanBlackFriday(t *testing.T) {
	p := mustPlan(t, blackFriday)
	web := planOf(p, "web")
	// 50,000 users / 10 s = 5,000/s; × 1.3² = 8,450/s; × 1.25 = 10,562.5/s;
	// / 400 = 26.4 instances; any 2 of 3 zones must carry them: 14 a zone.
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"load", web.Load, 5000},
		{"at horizon", web.AtHorizon, 8450},
		{"design", web.Design, 10562.5},
		{"needed", web.Needed, 26.40625},
		{"per zone", float64(web.PerZone), 14},
		{"instances", float64(web.Instances), 42},
		{"max", float64(web.Max), 42},
		// Today's peak with buffer: 6,250/s = 15.6 instances → 8 a zone.
		{"desired", float64(web.Desired), 24},
		// Today's peak without buffer: 12.5 instances → 7 a zone.
		{"min", float64(web.Min), 21},
		// 2/3 of the zones at 1/1.25 of capacity.
		{"target", web.TargetUtilisation, 0.53},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("web %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if db := planOf(p, "db"); db.Load != 6000 || !db.Fixed {
		t.Errorf("db load = %v (fixed %v), want 4,500 + 3 × 500 = 6,000", db.Load, db.Fixed)
	}
	if b := p.Connections; len(b) != 1 || b[0].Total != 42*40 || b[0].MaxConnections != 2000 {
		t.Errorf("connections = %+v", b)
	}
	if v := verdict(p, "connections", "db"); v == nil || v.Status != Pass {
		t.Errorf("connections verdict = %+v", v)
	}
	// ELB 99.99 % × EC2 multi-AZ 99.99 % × RDS Multi-AZ 99.95 % < 99.95 %.
	v := verdict(p, "availability", "shop")
	if v == nil || v.Status != Fail || !strings.Contains(v.Message, "the weakest tier is db") {
		t.Errorf("availability verdict = %+v", v)
	}
	if got, want := p.Services[0].Value, 0.9999*0.9999*0.9995; math.Abs(got-want) > 1e-12 {
		t.Errorf("composite = %v, want %v", got, want)
	}
	if len(p.Failed()) != 1 {
		t.Errorf("failed = %+v", p.Failed())
	}
}

func TestPlanVerdicts(t *testing.T) {
	for _, tc := range []struct {
		name, src      string
		check, subject string
		want           Status
		msg            string
	}{
		{"pool over max_connections", `version: 1
services: {s: {rate: 10000/s, tiers: [web, db]}}
tiers:
  web: {capacity: 100/s, zones: 3, pool: {db: 50}}
  db: {kind: database, instances: 1, max_connections: 2000}
`, "connections", "db", Fail, "web 189 × 50 = 9,450 connections, over max_connections 2,000; a pool of at most 10 per instance fits"},
		{"one zone", `version: 1
services: {s: {rate: 100/s, tiers: [web]}}
tiers: {web: {capacity: 100/s, zones: 1}}
`, "zone-loss", "web", Fail, "spans one zone"},
		{"zones unset", `version: 1
services: {s: {rate: 100/s, tiers: [web]}}
tiers: {web: {capacity: 100/s}}
`, "zone-loss", "web", Fail, "does not say how many zones"},
		{"fixed tier short", `version: 1
services: {s: {rate: 1000/s, buffer: 0%, tiers: [db]}}
tiers: {db: {kind: database, instances: 2, capacity: 400/s}}
`, "capacity", "db", Fail, "2 instances × 400/s = 800/s, short of the 1,000/s needed"},
		{"availability met", `version: 1
services: {s: {rate: 10/s, availability: 99.9%, tiers: [lb, web]}}
tiers:
  lb: {kind: load-balancer}
  web: {capacity: 100/s, zones: 2}
`, "availability", "s", Pass, "meets the 99.9% target"},
		{"override lowers availability", `version: 1
services: {s: {rate: 10/s, availability: 99.9%, tiers: [lb]}}
tiers: {lb: {kind: load-balancer}}
assumptions: {elb-availability: 99.5%}
`, "availability", "s", Fail, "99.5%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustPlan(t, tc.src)
			v := verdict(p, tc.check, tc.subject)
			if v == nil {
				t.Fatalf("no %s verdict for %s; verdicts: %+v", tc.check, tc.subject, p.Verdicts)
			}
			if v.Status != tc.want || !strings.Contains(v.Message, tc.msg) {
				t.Errorf("got %s %q, want %s containing %q", v.Status, v.Message, tc.want, tc.msg)
			}
			if v.Pos.File != "p.yaml" || v.Pos.Line == 0 {
				t.Errorf("verdict has no position: %+v", v.Pos)
			}
		})
	}
}

func TestSpread(t *testing.T) {
	for _, tc := range []struct {
		need  float64
		zones int
		want  int
	}{
		{20, 3, 10},            // exact: 10 a zone, any two carry 20
		{20.0000000001, 3, 10}, // float noise does not add an instance
		{20.1, 3, 11},
		{1, 3, 1},
		{7, 1, 7},
		{7, 2, 7},
		{0, 3, 0},
	} {
		if got := Spread(tc.need, tc.zones); got != tc.want {
			t.Errorf("Spread(%v, %d) = %d, want %d", tc.need, tc.zones, got, tc.want)
		}
	}
}

func TestAvailabilityMath(t *testing.T) {
	if got := Series(0.999, 0.99); math.Abs(got-0.98901) > 1e-12 {
		t.Errorf("Series = %v", got)
	}
	if got := Parallel(0.99, 0.99); math.Abs(got-0.9999) > 1e-12 {
		t.Errorf("Parallel = %v", got)
	}
	// 2 of 3 at 99 %: 3 × 0.99² × 0.01 + 0.99³.
	if got, want := AtLeast(2, 3, 0.99), 3*0.99*0.99*0.01+0.99*0.99*0.99; math.Abs(got-want) > 1e-12 {
		t.Errorf("AtLeast(2,3) = %v, want %v", got, want)
	}
	if math.Abs(AtLeast(1, 3, 0.9)-Parallel(0.9, 0.9, 0.9)) > 1e-12 || math.Abs(AtLeast(3, 3, 0.9)-Series(0.9, 0.9, 0.9)) > 1e-12 {
		t.Error("AtLeast does not reduce to Parallel and Series")
	}
	if AtLeast(4, 3, 0.9) != 0 || AtLeast(0, 3, 0.1) != 1 {
		t.Error("AtLeast bounds are wrong")
	}
}

func TestAssumptionOverrides(t *testing.T) {
	req, ds := requirements.Parse("p.yaml", []byte(`version: 1
services: {s: {rate: 1/s}}
assumptions:
  rds-multi-az-failover: 90s
  elb-availability: 99.9%
  rds-multi-az-fialover: 1m
  ec2-launch: 99%
  s3-availability: 2m
`))
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	a, ds := NewAssumptions(req.Assumptions)
	if got := a.Duration(RDSMultiAZFailover).Seconds(); got != 90 {
		t.Errorf("failover = %vs, want 90s", got)
	}
	if got := a.Fraction(ELBAvailability); math.Abs(got-0.999) > 1e-12 {
		t.Errorf("elb = %v", got)
	}
	if f := a.Figure(RDSMultiAZFailover); !strings.HasPrefix(f.Source, "overridden at p.yaml:4:") {
		t.Errorf("source = %q", f.Source)
	}
	want := []string{
		`p.yaml:6:3: assumptions: no assumed figure "rds-multi-az-fialover"; did you mean "rds-multi-az-failover"?`,
		`p.yaml:7:15: assumptions.ec2-launch: want a duration such as 90s or 15m, got "99%"`,
		`p.yaml:8:20: assumptions.s3-availability: want an availability such as 99.9%, got "2m"`,
	}
	if len(ds) != len(want) {
		t.Fatalf("got %d diagnostics, want %d: %v", len(ds), len(want), ds)
	}
	for i := range want {
		if ds[i].Error() != want[i] {
			t.Errorf("diagnostic %d = %s\nwant %s", i, ds[i].Error(), want[i])
		}
	}
}

func TestFigureSources(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range DefaultFigures() {
		if seen[f.ID] {
			t.Errorf("duplicate figure %s", f.ID)
		}
		seen[f.ID] = true
		if !strings.HasPrefix(f.Source, "https://") || f.Title == "" || f.Value <= 0 || f.Unit == 0 {
			t.Errorf("figure %s is incomplete: %+v", f.ID, f)
		}
		if f.Unit == Fraction && f.Value >= 1 {
			t.Errorf("figure %s: availability %v must be below 100%%", f.ID, f.Value)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{percent(0.9995), "99.95%"},
		{percent(0.99999999), "99.9999%"},
		{percent(0.25), "25%"},
		{percent(1), "100%"},
		{fmtRate(10562.5), "10,563/s"},
		{fmtRate(1234567), "1,234,567/s"},
		{fmtRate(2.5), "2.5/s"},
		{fmtDuration(90e9), "90s"},
		{fmtDuration(4*3600e9 + 23*60e9), "4h23m"},
		{fmtDuration(150e9), "2m30s"},
		{fmtDuration(200e6), "200ms"},
		{fmtDuration(72 * 3600e9), "3d"},
		{TFVarName("web-tier"), "web_tier"},
		{TFVarName("2nd"), "tier_2nd"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
