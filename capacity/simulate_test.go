package capacity

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/requirements"
)

// tb is what the helpers need of a *testing.T or a *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
}

// res builds a resource the way a loader and infra/aws would leave it.
func res(t tb, addr string, role infra.Role, zones []string, attrs map[string]cty.Value) *infra.Resource {
	t.Helper()
	a, err := infra.ParseAddress(addr)
	if err != nil {
		t.Fatal(err)
	}
	r := &infra.Resource{Addr: a, Role: role, Pos: diag.Pos{File: "main.tf", Line: 1, Column: 1}}
	if zones != nil {
		r.Zones = infra.ZonesOf(zones...)
	}
	if attrs != nil {
		r.Attrs = infra.ValueOf(cty.ObjectVal(attrs))
	}
	return r
}

func graphOf(t testing.TB, rs ...*infra.Resource) *infra.Graph {
	t.Helper()
	g := infra.NewGraph()
	for _, r := range rs {
		if err := g.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

var abc = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

const simReq = `version: 1
defaults: {growth: 30%/year, horizon: 24 months, buffer: 25%, zones: 3}
services:
  shop:
    rpo: 5m
    rto: 15m
    tiers: [edge, web, db]
    journeys:
      browse: {users: 45000, think: 10s}
      checkout: {users: 5000, think: 10s, calls: {db: 3}}
tiers:
  edge: {kind: load-balancer, resources: [aws_lb.web]}
  web: {capacity: 400/s, resources: [aws_autoscaling_group.web]}
  db: {kind: database, instances: 1, resources: [aws_db_instance.main]}
`

func simulate(t testing.TB, reqSrc string, g *infra.Graph) *Simulation {
	t.Helper()
	req, ds := requirements.Parse("plimsoll.yaml", []byte(reqSrc))
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	a, _ := NewAssumptions(req.Assumptions)
	s, ds := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: g})
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	return s
}

func shopGraph(t testing.TB, desired cty.Value, webZones []string, db map[string]cty.Value) *infra.Graph {
	return graphOf(t,
		res(t, "aws_lb.web", infra.LoadBalancer, abc, map[string]cty.Value{}),
		res(t, "aws_autoscaling_group.web", infra.Group, webZones, map[string]cty.Value{
			"min_size": cty.NumberIntVal(3), "max_size": cty.NumberIntVal(42), "desired_capacity": desired,
			"health_check_grace_period": cty.NumberIntVal(120),
		}),
		res(t, "aws_db_instance.main", infra.Database, abc[:2], db),
	)
}

func outcome(s *Simulation, kind FailureKind, detail string) *Outcome {
	for i, o := range s.Outcomes {
		if o.Failure.Kind == kind && (detail == "" || o.Failure.Zone == detail || o.Failure.Resource.String() == detail || o.Failure.Region == detail) {
			return &s.Outcomes[i]
		}
	}
	return nil
}

func tierOf(o *Outcome, name string) *TierImpact {
	for i := range o.Tiers {
		if o.Tiers[i].Tier == name {
			return &o.Tiers[i]
		}
	}
	return nil
}

var multiAZ = map[string]cty.Value{"multi_az": cty.True, "backup_retention_period": cty.NumberIntVal(7)}

func TestSimulateZoneLoss(t *testing.T) {
	for _, tc := range []struct {
		name    string
		desired cty.Value
		zones   []string
		db      map[string]cty.Value
		status  Status // of losing us-east-1a
		tier    string
		line    string
		service string
	}{
		{"enough", cty.NumberIntVal(24), abc, multiAZ, Pass, "web", "16 of 24 instances left: 6,400/s of the 5,000/s needed (6,250/s with buffer)",
			"shop stays up; back in 2m (RTO 15m: met)"},
		{"no buffer left", cty.NumberIntVal(21), abc, multiAZ, Warn, "web", "14 of 21 instances left: 5,600/s of the 5,000/s needed", "shop stays up"},
		{"short", cty.NumberIntVal(12), abc, multiAZ, Fail, "web", "8 of 12 instances left: 3,200/s of the 5,000/s needed",
			"shop is degraded: web short of capacity"},
		{"single zone group", cty.NumberIntVal(24), abc[:1], multiAZ, Fail, "web", "down",
			"shop stops: its path breaks at web (edge → web → db)"},
		{"unknown count", cty.UnknownVal(cty.Number), abc, multiAZ, Unknown, "web", "instance count or zones known only after apply", ""},
		{"single-AZ database", cty.NumberIntVal(24), abc, map[string]cty.Value{"multi_az": cty.False, "backup_retention_period": cty.NumberIntVal(7)}, Fail, "db", "down",
			"shop stops: its path breaks at db (edge → web → db); back in 1h (RTO 15m: missed); up to 5m of writes lost (RPO 5m: met)"},
		{"single-AZ database without backups", cty.NumberIntVal(24), abc, map[string]cty.Value{"backup_retention_period": cty.NumberIntVal(0)}, Fail, "db", "down",
			"does not recover by itself (RTO 15m: missed); data lost for good (RPO 5m: missed)"},
		{"multi-AZ unknown", cty.NumberIntVal(24), abc, map[string]cty.Value{"multi_az": cty.UnknownVal(cty.Bool)}, Unknown, "db", "may be down", "shop may stop"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := simulate(t, simReq, shopGraph(t, tc.desired, tc.zones, tc.db))
			if strings.Join(s.Zones, ",") != strings.Join(abc, ",") {
				t.Errorf("zones = %v", s.Zones)
			}
			o := outcome(s, ZoneLoss, "us-east-1a")
			if o == nil {
				t.Fatal("no us-east-1a outcome")
			}
			if o.Status != tc.status {
				t.Errorf("status %s, want %s: %+v", o.Status, tc.status, o)
			}
			ti := tierOf(o, tc.tier)
			if ti == nil {
				t.Fatalf("tier %s not in outcome %+v", tc.tier, o.Tiers)
			}
			if got := tierLine(*ti); !strings.Contains(got, tc.line) {
				t.Errorf("tier line %q, want it to contain %q", got, tc.line)
			}
			if got := o.Services[0].Message; !strings.Contains(got, tc.service) {
				t.Errorf("service: %q, want it to contain %q", got, tc.service)
			}
		})
	}
}

func TestSimulateOtherFailures(t *testing.T) {
	s := simulate(t, simReq, shopGraph(t, cty.NumberIntVal(24), abc, multiAZ))
	base := outcome(s, NoFailure, "")
	if base == nil || base.Status != Pass {
		t.Fatalf("baseline = %+v", base)
	}
	if web := tierOf(base, "web"); web == nil || web.Capacity != 9600 || web.Left != 24 {
		t.Errorf("baseline web = %+v", web)
	}
	one := outcome(s, InstanceLoss, "aws_autoscaling_group.web")
	if one == nil || one.Status != Pass {
		t.Fatalf("one instance = %+v", one)
	}
	if web := tierOf(one, "web"); web == nil || web.Left != 23 || !strings.Contains(web.How, "replaces it in 5m (ec2-launch + its health_check_grace_period)") {
		t.Errorf("one instance web = %+v", web)
	}
	db := outcome(s, DatabaseLoss, "aws_db_instance.main")
	if db == nil || db.Status != Pass || !strings.Contains(db.Services[0].Message, "back in 2m (RTO 15m: met)") {
		t.Errorf("db primary = %+v", db)
	}
	region := outcome(s, RegionLoss, "")
	if region == nil || region.Status != Fail || !strings.Contains(region.Services[0].Message, "data lost for good (region RPO 5m: missed)") {
		t.Errorf("region = %+v", region)
	}
	if got := len(s.Outcomes); got != 1+3+2+1 {
		t.Errorf("%d outcomes, want baseline + 3 zones + 2 resources + region", got)
	}
}

func TestSimulateRegionWithReplica(t *testing.T) {
	g := shopGraph(t, cty.NumberIntVal(24), abc, multiAZ)
	primary := g.Resource(mustAddr(t, "aws_db_instance.main"))
	primary.Region = infra.ValueOf(cty.StringVal("us-east-1"))
	replica := res(t, "aws_db_instance.replica", infra.Database, []string{"us-west-2a"}, map[string]cty.Value{})
	replica.Region = infra.ValueOf(cty.StringVal("us-west-2"))
	if err := g.Add(replica); err != nil {
		t.Fatal(err)
	}
	g.Link(infra.Edge{From: replica.Addr, To: primary.Addr, Attr: "replicate_source_db"})
	s := simulate(t, strings.Replace(simReq, "rto: 15m", "rto: 6h", 1), g)
	o := outcome(s, RegionLoss, "us-east-1")
	if o == nil {
		t.Fatalf("no us-east-1 outcome in %v", s.Regions)
	}
	msg := o.Services[0].Message
	if !strings.Contains(msg, "back in 4h (region RTO 6h: met)") || !strings.Contains(msg, "up to 60s of writes lost (region RPO 5m: met)") {
		t.Errorf("region with replica: %s", msg)
	}
	db := tierOf(o, "db")
	if db == nil || !strings.Contains(db.How, "promote the replica aws_db_instance.replica") {
		t.Errorf("db = %+v", db)
	}
}

func mustAddr(t testing.TB, s string) infra.Address {
	a, err := infra.ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSimulateWarnsOnMissingResources(t *testing.T) {
	req, _ := requirements.Parse("plimsoll.yaml", []byte(simReq))
	a, _ := NewAssumptions(nil)
	_, ds := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: graphOf(t)})
	if len(ds) != 3 || ds.HasErrors() || !strings.Contains(ds[0].Error(), "no resource in the infrastructure matches aws_lb.web") {
		t.Errorf("diagnostics = %v", ds)
	}
}

func TestSimulationTextCollapsesPasses(t *testing.T) {
	g := bigGraph(t, 200)
	req, ds := requirements.Parse("plimsoll.yaml", []byte(strings.Replace(bigReq, "rate: 200k/s", "rate: 10/s", 1)))
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	a, _ := NewAssumptions(nil)
	s, _ := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: g})
	var b strings.Builder
	if err := WriteSimulationText(&b, s); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Count(out, "PASS    one instance of aws_") != 0 || !strings.Contains(out, "PASS    one instance of each of 100 other resources lost") ||
		!strings.Contains(out, "PASS    the primary of each of 20 other databases lost") {
		t.Errorf("passing instance losses should be counted, not listed:\n%s", out)
	}
	if !strings.Contains(out, "zone eu-west-1a lost") {
		t.Errorf("zone losses are always listed:\n%s", out)
	}
}

func TestSimulateHeadroom(t *testing.T) {
	g := shopGraph(t, cty.NumberIntVal(24), abc, multiAZ)
	// The plan needs 42 by the horizon; the group stops at 30.
	g.Resource(mustAddr(t, "aws_autoscaling_group.web")).Attrs = infra.ValueOf(cty.ObjectVal(map[string]cty.Value{
		"min_size": cty.NumberIntVal(3), "max_size": cty.NumberIntVal(30), "desired_capacity": cty.NumberIntVal(24),
	}))
	s := simulate(t, simReq, g)
	if len(s.Verdicts) != 1 || s.Verdicts[0].Status != Warn ||
		s.Verdicts[0].Message != "tier web can grow to 30 instances (max_size of aws_autoscaling_group.web), short of the 42 the plan needs by the horizon" {
		t.Errorf("verdicts = %+v", s.Verdicts)
	}
	if s.Outcomes[0].Status != Pass {
		t.Errorf("headroom must not change the baseline: %s", s.Outcomes[0].Status)
	}
	if s := simulate(t, simReq, shopGraph(t, cty.NumberIntVal(24), abc, multiAZ)); len(s.Verdicts) != 0 {
		t.Errorf("max_size 42 covers the plan, got %+v", s.Verdicts)
	}
}

func TestSuggest(t *testing.T) {
	var all []*infra.Resource
	for _, s := range []string{`aws_autoscaling_group.web`, `aws_db_subnet_group.web`, `k8s_deployment.shop["web"]`, `k8s_service.shop["web"]`, `aws_lb.edge`} {
		a, err := infra.ParseAddress(s)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, &infra.Resource{Addr: a})
	}
	for _, tc := range []struct{ ref, want string }{
		{"aws_autoscaling_group.webb", ` (did you mean aws_autoscaling_group.web?)`},
		{"shop/Deployment/web", ` (did you mean k8s_deployment.shop["web"], k8s_service.shop["web"], aws_autoscaling_group.web?)`},
		{"aws_instance.api", ""},
	} {
		if got := suggest([]requirements.Ref{{Name: tc.ref}}, all); got != tc.want {
			t.Errorf("suggest(%s) = %q, want %q", tc.ref, got, tc.want)
		}
	}
}
