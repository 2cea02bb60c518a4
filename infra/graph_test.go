package infra

import (
	"strings"
	"testing"
)

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

func TestOfType(t *testing.T) {
	g := NewGraph()
	for _, s := range []string{"b_t.x", "a_t.y", "b_t.a", "c_t.z", "a_t.b[1]", "a_t.b[0]"} {
		if err := g.Add(&Resource{Addr: mustAddr(t, s)}); err != nil {
			t.Fatal(err)
		}
	}
	str := func(rs []*Resource) string {
		var ss []string
		for _, r := range rs {
			ss = append(ss, r.Addr.String())
		}
		return strings.Join(ss, " ")
	}
	for _, tc := range []struct {
		types []string
		want  string
	}{
		{[]string{"a_t"}, "a_t.b[0] a_t.b[1] a_t.y"},
		{[]string{"b_t", "a_t"}, "a_t.b[0] a_t.b[1] a_t.y b_t.a b_t.x"},
		{[]string{"c_t", "c_t"}, "c_t.z"},
		{[]string{"none"}, ""},
		{nil, ""},
	} {
		if got := str(g.OfType(tc.types...)); got != tc.want {
			t.Errorf("OfType(%v) = %q, want %q", tc.types, got, tc.want)
		}
	}
	// The result is the caller's: changing it must not change the graph's.
	got := g.OfType("a_t")
	got[0] = nil
	if g.OfType("a_t")[0] == nil {
		t.Error("OfType returned the graph's own slice")
	}
	if err := g.Add(&Resource{Addr: mustAddr(t, "a_t.a")}); err != nil {
		t.Fatal(err)
	}
	if got := str(g.OfType("a_t")); got != "a_t.a a_t.b[0] a_t.b[1] a_t.y" {
		t.Errorf("after Add, OfType = %q", got)
	}
}

// Provider configurations are in the graph but never among its resources:
// nothing that walks the infrastructure may see them.
func TestProvidersApart(t *testing.T) {
	g := NewGraph()
	web := &Resource{Addr: mustAddr(t, "aws_instance.web"), Role: Compute}
	secret := &Resource{Addr: mustAddr(t, "data.aws_secretsmanager_secret_version.key")}
	west := &Resource{Addr: NewProviderAddress(nil, "aws", "west"), Provider: "aws.west"}
	def := &Resource{Addr: NewProviderAddress(nil, "aws", ""), Provider: "aws"}
	for _, r := range []*Resource{web, secret, west, def} {
		if err := g.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Add(&Resource{Addr: west.Addr}); err == nil {
		t.Error("adding a provider configuration twice should fail")
	}
	g.Link(Edge{From: west.Addr, To: secret.Addr, Attr: "secret_key"})

	if got := g.Len(); got != 2 {
		t.Errorf("Len() = %d, want 2 (providers not counted)", got)
	}
	if got := g.Resources(); len(got) != 2 || got[0] != web || got[1] != secret {
		t.Errorf("Resources() = %v, want the instance and the data source", got)
	}
	if got := g.OfType("aws"); len(got) != 0 {
		t.Errorf("OfType(aws) = %v, want none", got)
	}
	if got := g.OfRole(Other); len(got) != 1 || got[0] != secret {
		t.Errorf("OfRole(Other) = %v, want only the data source", got)
	}
	if got := g.Resource(west.Addr); got != nil {
		t.Errorf("Resource(%s) = %v, want nil", west.Addr, got)
	}
	if got := g.Referrers(secret, ""); len(got) != 0 {
		t.Errorf("Referrers(secret) = %v, want none: a provider is not a resource", got)
	}
	if got := g.Providers(); len(got) != 2 || got[0] != def || got[1] != west {
		t.Errorf("Providers() = %v, want provider.aws, provider.aws.west", got)
	}
	if got := g.Out(west); len(got) != 1 || got[0].To != secret.Addr {
		t.Errorf("Out(west) = %v, want the edge to the secret", got)
	}

	m := NewGraph()
	if err := m.Merge(g); err != nil {
		t.Fatal(err)
	}
	if m.Len() != 2 || len(m.Providers()) != 2 || len(m.Out(west)) != 1 {
		t.Errorf("after Merge: %d resources, %d providers, %d edges from %s", m.Len(), len(m.Providers()), len(m.Out(west)), west.Addr)
	}
}
