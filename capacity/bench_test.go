package capacity

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/requirements"
)

// bigGraph builds a graph of n resources shaped like a large estate: per
// zone, groups of web servers and lone API machines, databases, caches and
// load balancers, and as many network and firewall resources as those.
func bigGraph(tb tb, n int) *infra.Graph {
	g := infra.NewGraph()
	zones := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	add := func(typ string, i int, role infra.Role, zs []string, attrs map[string]cty.Value) {
		r := &infra.Resource{Addr: infra.NewAddress(nil, infra.Managed, typ, "r", infra.IntKey(i)), Role: role,
			Zones: infra.ZonesOf(zs...), Pos: diag.Pos{File: "main.tf", Line: i + 1, Column: 1}}
		if attrs == nil {
			attrs = map[string]cty.Value{}
		}
		r.Attrs = infra.ValueOf(cty.ObjectVal(attrs))
		if err := g.Add(r); err != nil {
			tb.Fatal(err)
		}
	}
	for i := 0; g.Len() < n; i++ {
		z := zones[i%3 : i%3+1]
		switch i % 10 {
		case 0, 1:
			add("aws_autoscaling_group", i, infra.Group, zones, map[string]cty.Value{"desired_capacity": cty.NumberIntVal(6)})
		case 2, 3, 4:
			add("aws_instance", i, infra.Compute, z, nil)
		case 5:
			add("aws_db_instance", i, infra.Database, zones[:2], map[string]cty.Value{"multi_az": cty.True, "backup_retention_period": cty.NumberIntVal(7)})
		case 6:
			add("aws_lb", i, infra.LoadBalancer, zones, nil)
		case 7:
			add("aws_subnet", i, infra.Network, z, nil)
		default:
			add("aws_security_group", i, infra.Firewall, nil, nil)
		}
	}
	return g
}

const bigReq = `version: 1
defaults: {buffer: 25%, zones: 3}
services:
  estate: {rate: 200k/s, rto: 15m, rpo: 5m, tiers: [edge, web, api, db]}
tiers:
  edge: {kind: load-balancer, resources: ["aws_lb.r[*]"]}
  web: {capacity: 100/s, resources: [aws_autoscaling_group.r]}
  api: {capacity: 100/s, resources: ["aws_instance.*"]}
  db: {kind: database, instances: 1, resources: [aws_db_instance.r]}
`

// BenchmarkSimulate10k simulates every zone, every single resource of a
// tier, every database primary and the region of a 10,000-resource graph.
func BenchmarkSimulate10k(b *testing.B) {
	g := bigGraph(b, 10000)
	req, ds := requirements.Parse("plimsoll.yaml", []byte(bigReq))
	if ds.HasErrors() {
		b.Fatal(ds.Err())
	}
	a, _ := NewAssumptions(nil)
	b.ReportAllocs()
	var outcomes int
	cpu0 := cpuTime()
	for b.Loop() {
		s, ds := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: g})
		if ds.HasErrors() {
			b.Fatal(ds.Err())
		}
		outcomes = len(s.Outcomes)
	}
	b.ReportMetric(float64(outcomes), "failures/op")
	// CPU time, unlike wall time, holds steady while other work shares the
	// machine.
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
}

func TestBigGraphShape(t *testing.T) {
	g := bigGraph(t, 10000)
	req, _ := requirements.Parse("plimsoll.yaml", []byte(bigReq))
	a, _ := NewAssumptions(nil)
	s, ds := Simulate(SimInput{Input: Input{Req: req, Assume: a}, Graph: g})
	if g.Len() != 10000 || ds.HasErrors() {
		t.Fatalf("graph of %d resources, diagnostics %v", g.Len(), ds)
	}
	// Baseline, 3 zones, 2,000 groups + 3,000 machines + 1,000 databases, 1 region.
	if want := 1 + 3 + 2000 + 3000 + 1000 + 1; len(s.Outcomes) != want {
		t.Errorf("%d outcomes, want %d", len(s.Outcomes), want)
	}
}
