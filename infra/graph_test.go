package infra

import "testing"

func mustAddr(t *testing.T, s string) Address {
	t.Helper()
	a, err := ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestGraphRefs(t *testing.T) {
	g := NewGraph()
	db := &Resource{Addr: mustAddr(t, "aws_db_instance.main")}
	sg := &Resource{Addr: mustAddr(t, "aws_security_group.db")}
	app := &Resource{Addr: mustAddr(t, "aws_security_group.app")}
	for _, r := range []*Resource{db, sg, app} {
		if err := g.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Add(&Resource{Addr: db.Addr}); err == nil {
		t.Error("adding a duplicate address should fail")
	}
	g.Link(Edge{From: db.Addr, To: sg.Addr, Attr: "vpc_security_group_ids"})
	g.Link(Edge{From: db.Addr, To: sg.Addr, Attr: "vpc_security_group_ids"})
	g.Link(Edge{From: sg.Addr, To: app.Addr, Attr: "ingress.0.security_groups"})
	g.Link(Edge{From: sg.Addr, To: mustAddr(t, "aws_vpc.gone"), Attr: "vpc_id"})

	if got := g.Refs(db, "vpc_security_group_ids"); len(got) != 1 || got[0] != sg {
		t.Errorf("Refs(db) = %v", got)
	}
	if got := g.Refs(sg, "ingress"); len(got) != 1 || got[0] != app {
		t.Errorf("Refs(sg, ingress) = %v", got)
	}
	if got := g.Refs(sg, "ingr"); len(got) != 0 {
		t.Errorf("a partial attribute name must not match: %v", got)
	}
	if got := g.Refs(sg, ""); len(got) != 1 {
		t.Errorf("edges to missing resources must be skipped: %v", got)
	}
	if got := g.Referrers(sg, "", "aws_db_instance"); len(got) != 1 || got[0] != db {
		t.Errorf("Referrers(sg) = %v", got)
	}
	if got := len(g.Out(db)); got != 1 {
		t.Errorf("duplicate edge recorded: %d edges", got)
	}
	rs := g.Resources()
	if rs[0] != db || rs[1] != app || rs[2] != sg {
		t.Errorf("Resources not sorted: %v %v %v", rs[0].Addr, rs[1].Addr, rs[2].Addr)
	}
}

func BenchmarkResources(b *testing.B) {
	g := NewGraph()
	for i := range 20000 {
		_ = g.Add(&Resource{Addr: NewAddress([]ModuleStep{{Name: "svc", Key: IntKey(i % 50)}}, Managed, "aws_instance", "web", IntKey(i))})
	}
	b.ReportAllocs()
	for b.Loop() {
		g.mu.Lock()
		g.sorted = nil
		g.mu.Unlock()
		g.Resources()
	}
}
