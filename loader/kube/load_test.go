package kube_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/loader/kube"
)

func load(t *testing.T, paths ...string) (*infra.Graph, diag.Diagnostics) {
	t.Helper()
	return kube.Load(os.DirFS("testdata"), paths)
}

func res(t *testing.T, g *infra.Graph, addr string) *infra.Resource {
	t.Helper()
	a, err := infra.ParseAddress(addr)
	if err != nil {
		t.Fatalf("ParseAddress(%s): %v", addr, err)
	}
	r := g.Resource(a)
	if r == nil {
		var have []string
		for _, r := range g.Resources() {
			have = append(have, r.Addr.String())
		}
		t.Fatalf("no resource %s; have:\n%s", addr, strings.Join(have, "\n"))
	}
	return r
}

func TestLoadObjects(t *testing.T) {
	g, ds := load(t, "shop.yaml", "list.json")
	checkDiags(t, ds, nil)
	for _, tc := range []struct {
		addr string
		role infra.Role
		pos  string
	}{
		{"k8s_namespace.cluster[\"shop\"]", infra.Network, "shop.yaml:2:1"},
		{"k8s_deployment.shop[\"frontend\"]", infra.Workload, "shop.yaml:7:1"},
		{"k8s_service.shop[\"frontend\"]", infra.LoadBalancer, "shop.yaml:24:1"},
		{"k8s_poddisruptionbudget.shop[\"frontend\"]", infra.Other, "shop.yaml:32:1"},
		{"k8s_horizontalpodautoscaler.shop[\"frontend\"]", infra.Autoscaler, "shop.yaml:41:1"},
		{"k8s_networkpolicy.shop[\"default-deny\"]", infra.Firewall, "shop.yaml:49:1"},
		{"k8s_ingress.shop[\"web\"]", infra.LoadBalancer, "shop.yaml:56:1"},
		{"k8s_deployment.default[\"frontend\"]", infra.Workload, "shop.yaml:68:1"},
		{"k8s_certificate.shop[\"shop-tls\"]", infra.Other, "shop.yaml:79:1"},
		{"k8s_statefulset._2048-game[\"db\"]", infra.Workload, "list.json:5:5"},
		{"k8s_service._2048-game[\"db\"]", infra.LoadBalancer, "list.json:11:5"},
	} {
		r := res(t, g, tc.addr)
		if r.Role != tc.role || r.Pos.String() != tc.pos {
			t.Errorf("%s: role %q at %s, want %q at %s", tc.addr, r.Role, r.Pos, tc.role, tc.pos)
		}
		if b, err := infra.ParseAddress(r.Addr.String()); err != nil || b != r.Addr {
			t.Errorf("%s does not round-trip: %v", r.Addr, err)
		}
	}
	if g.Len() != 11 {
		t.Errorf("loaded %d resources, want 11", g.Len())
	}
	d := res(t, g, `k8s_deployment.shop["frontend"]`)
	if n, ok := d.Get("spec.replicas").Int(); !ok || n != 3 {
		t.Errorf("spec.replicas = %d, %v; want 3", n, ok)
	}
	if s, _ := d.Get("spec.template.spec.containers.0.image").Str(); s != "shop/frontend:1.4.2" {
		t.Errorf("image = %q", s)
	}
	if n, ok := res(t, g, `k8s_statefulset._2048-game["db"]`).Get("spec.replicas").Int(); !ok || n != 1 {
		t.Errorf("JSON replicas = %d, %v; want 1", n, ok)
	}
	pdb := res(t, g, `k8s_poddisruptionbudget.shop["frontend"]`)
	if len(pdb.Ignores) != 1 || pdb.Ignores[0].Rule != "k8s-pdb-blocks-drain" ||
		pdb.Ignores[0].Reason != "the frontend must never be drained" || pdb.Ignores[0].Pos.String() != "shop.yaml:31:3" {
		t.Errorf("PDB ignores = %+v", pdb.Ignores)
	}
}

func checkDiags(t *testing.T, ds diag.Diagnostics, want []string) {
	t.Helper()
	if len(ds) != len(want) {
		t.Errorf("got %d diagnostics, want %d:\n%s", len(ds), len(want), ds.Err())
		for _, d := range ds {
			t.Log(d.Error())
		}
		return
	}
	for i, d := range ds {
		if !strings.HasPrefix(d.Error(), want[i]) {
			t.Errorf("diagnostic %d = %q, want it to start with %q", i, d.Error(), want[i])
		}
	}
}

func TestLoadEdges(t *testing.T) {
	g, _ := load(t, ".")
	edges := func(addr string) []string {
		var out []string
		for _, e := range g.Out(res(t, g, addr)) {
			out = append(out, e.Attr+" -> "+e.To.String())
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		from string
		want []string
	}{
		// The Service selects only the frontend in its own namespace.
		{`k8s_service.shop["frontend"]`, []string{`spec.selector -> k8s_deployment.shop["frontend"]`}},
		{`k8s_poddisruptionbudget.shop["frontend"]`, []string{`spec.selector -> k8s_deployment.shop["frontend"]`}},
		{`k8s_horizontalpodautoscaler.shop["frontend"]`, []string{`spec.scaleTargetRef -> k8s_deployment.shop["frontend"]`}},
		// An empty podSelector selects every pod of the namespace.
		{`k8s_networkpolicy.shop["default-deny"]`, []string{`spec.podSelector -> k8s_deployment.shop["frontend"]`}},
		{`k8s_ingress.shop["web"]`, []string{`spec.rules.0.http.paths.0.backend.service.name -> k8s_service.shop["frontend"]`}},
		{`k8s_service._2048-game["db"]`, []string{`spec.selector -> k8s_statefulset._2048-game["db"]`}},
		// Alerts read the recording rules they name.
		{`prom_alert.node["HighCPU"]`, []string{`expr -> prom_record.node["instance:cpu:ratio"]`, `group -> prom_group.node`}},
	} {
		if got := edges(tc.from); !slices.Equal(got, tc.want) {
			t.Errorf("edges from %s:\n got %q\nwant %q", tc.from, got, tc.want)
		}
	}
	alert := res(t, g, `prom_alert.node["HighCPU"]`)
	if alert.Role != infra.Alarm || alert.Pos.String() != "rules.yaml:7:9" {
		t.Errorf("alert role %q at %s", alert.Role, alert.Pos)
	}
	if len(alert.Ignores) != 1 || alert.Ignores[0].Rule != "prom-alert-for" {
		t.Errorf("alert ignores = %+v", alert.Ignores)
	}
}

func TestLoadReaderKeepsGoing(t *testing.T) {
	src := `apiVersion: v1
kind: Service
metadata: {name: a}
---
apiVersion: v1
kind: Service
metadata: {name: b
  bad: [
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data: {k: v}
--- {apiVersion: v1, kind: Service, metadata: {name: d}}
...
---
kind: Deployment
metadata: {name: e}
---
apiVersion: apps/v1
kind: Deployment
metadata: {namespace: x}
---
just a string
---
# only a comment
`
	g, ds := kube.LoadReader("-", strings.NewReader(src))
	checkDiags(t, ds, []string{
		"<stdin>:8:6: not valid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 7, column 11)", // in its own document
		"<stdin>:18:1: Deployment without an apiVersion",
		"<stdin>:21:1: Deployment without a name",
		"<stdin>:25:1: warning: skipped: not a Kubernetes object",
	})
	for _, a := range []string{`k8s_service.default["a"]`, `k8s_configmap.default["c"]`, `k8s_service.default["d"]`} {
		r := res(t, g, a)
		if r.Pos.File != "<stdin>" {
			t.Errorf("%s: file %q, want <stdin>", a, r.Pos.File)
		}
	}
	if got := res(t, g, `k8s_service.default["d"]`).Pos.String(); got != "<stdin>:15:5" {
		t.Errorf("object after --- on the marker line at %s, want <stdin>:15:5", got)
	}
	if g.Len() != 3 {
		t.Errorf("loaded %d objects, want 3", g.Len())
	}
}

func TestLoadFolders(t *testing.T) {
	fsys := fstest.MapFS{
		"k8s/app.yaml":                    {Data: []byte("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n")},
		"k8s/values.yaml":                 {Data: []byte("replicas: 3\n")},
		"k8s/notes.txt":                   {Data: []byte("not yaml: [")},
		"k8s/.hidden/x.yaml":              {Data: []byte("apiVersion: v1\nkind: Service\nmetadata: {name: hidden}\n")},
		"k8s/chart/Chart.yaml":            {Data: []byte("apiVersion: v2\nname: shop\n")},
		"k8s/chart/templates/deploy.yaml": {Data: []byte("replicas: {{ .Values.replicas }}\n")},
		"k8s/gen/rendered.yaml":           {Data: []byte("metadata:\n  name: {{ .Name }\n")},
		"k8s/sub/pod.yml":                 {Data: []byte("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {containers: [{name: c, image: busybox}]}\n")},
		"k8s/kustomization.yaml":          {Data: []byte("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml]\n")},
	}
	g, ds := kube.Load(fsys, []string{"./k8s", "missing"})
	checkDiags(t, ds, []string{
		"k8s/chart/templates: warning: Helm chart templates skipped",
		"k8s/gen/rendered.yaml:3:1: warning: skipped: looks like a template",
		"missing: load manifests: file does not exist",
	})
	var got []string
	for _, r := range g.Resources() {
		got = append(got, r.Addr.String())
	}
	want := []string{`k8s_pod.ns["p"]`, `k8s_service.default["a"]`}
	if !slices.Equal(got, want) {
		t.Errorf("loaded %q, want %q", got, want)
	}
}

func TestDuplicates(t *testing.T) {
	src := "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: default}\n"
	g, ds := kube.LoadReader("d.yaml", strings.NewReader(src))
	checkDiags(t, ds, []string{`d.yaml:5:1: warning: Service default/a also declared at d.yaml:1; applied together, one replaces the other (audited as k8s_service.default["a#2"])`})
	res(t, g, `k8s_service.default["a"]`)
	if r := res(t, g, `k8s_service.default["a#2"]`); r.Pos.Line != 5 {
		t.Errorf("second copy at %s", r.Pos)
	}
}

func TestAliases(t *testing.T) {
	src := `apiVersion: apps/v1
kind: Deployment
metadata: {name: a, labels: &l {app: a}}
spec:
  template:
    metadata: {labels: *l}
    spec:
      containers:
        - &c {name: app, image: "x:1", resources: {requests: {cpu: 100m}}}
        - <<: *c
          name: sidecar
`
	g, ds := kube.LoadReader("a.yaml", strings.NewReader(src))
	checkDiags(t, ds, nil)
	r := res(t, g, `k8s_deployment.default["a"]`)
	if s, _ := r.Get("spec.template.metadata.labels.app").Str(); s != "a" {
		t.Errorf("aliased label = %q", s)
	}
	if s, _ := r.Get("spec.template.spec.containers.1.name").Str(); s != "sidecar" {
		t.Errorf("merged container name = %q, want sidecar", s)
	}
	if s, _ := r.Get("spec.template.spec.containers.1.resources.requests.cpu").Str(); s != "100m" {
		t.Errorf("merged container cpu = %q, want 100m", s)
	}

	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n"
	g, ds = kube.LoadReader("bomb.yaml", strings.NewReader(bomb))
	if g.Len() != 0 || !ds.HasErrors() {
		t.Errorf("alias bomb: loaded %d objects with diagnostics %v; want none and an error", g.Len(), ds)
	}
}

func TestScalars(t *testing.T) {
	src := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n  i: 3\n  h: 0x10\n  f: 1.5\n  b: true\n  y: yes\n  n: ~\n  inf: .inf\n  big: 123456789012345678901234567890\n"
	g, _ := kube.LoadReader("s.yaml", strings.NewReader(src))
	r := res(t, g, `k8s_configmap.default["s"]`)
	for _, tc := range []struct{ path, want string }{
		{"data.i", "3"}, {"data.h", "16"}, {"data.f", "1.5"}, {"data.b", "true"}, {"data.y", "yes"}, {"data.inf", ".inf"},
		{"data.big", "123456789012345678901234567890"},
	} {
		if got, ok := r.Get(tc.path).Str(); !ok || got != tc.want {
			t.Errorf("%s = %q, %v; want %q", tc.path, got, ok, tc.want)
		}
	}
	if !r.Get("data.n").IsAbsent() {
		t.Errorf("null should be absent")
	}
}

func TestLinkAfterMerge(t *testing.T) {
	dep, _ := kube.LoadReader("dep.yaml", strings.NewReader("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n"))
	svc, _ := kube.LoadReader("-", strings.NewReader("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n"))
	g := infra.NewGraph()
	for _, part := range []*infra.Graph{dep, svc} {
		if err := g.Merge(part); err != nil {
			t.Fatal(err)
		}
	}
	s := res(t, g, `k8s_service.default["web"]`)
	if n := len(g.Refs(s, "spec.selector")); n != 0 {
		t.Fatalf("before Link: %d edges", n)
	}
	kube.Link(g)
	if refs := g.Refs(s, "spec.selector"); len(refs) != 1 || refs[0].Addr.String() != `k8s_deployment.default["web"]` {
		t.Errorf("after Link: %v", refs)
	}
}
