package kube

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

func obj(m map[string]cty.Value) infra.Value { return infra.ValueOf(cty.ObjectVal(m)) }

func strs(ss ...string) cty.Value {
	vs := make([]cty.Value, len(ss))
	for i, s := range ss {
		vs[i] = cty.StringVal(s)
	}
	return cty.TupleVal(vs)
}

func TestSelector(t *testing.T) {
	expr := func(key, op string, values ...string) cty.Value {
		m := map[string]cty.Value{"key": cty.StringVal(key), "operator": cty.StringVal(op)}
		if len(values) > 0 {
			m["values"] = strs(values...)
		}
		return cty.ObjectVal(m)
	}
	web := map[string]string{"app": "web", "tier": "front"}
	for _, tc := range []struct {
		name string
		sel  Selector
		want infra.Tri
	}{
		{"map match", MapSelector(obj(map[string]cty.Value{"app": cty.StringVal("web")})), infra.True},
		{"map mismatch", MapSelector(obj(map[string]cty.Value{"app": cty.StringVal("db")})), infra.False},
		{"missing label", MapSelector(obj(map[string]cty.Value{"zone": cty.StringVal("a")})), infra.False},
		{"In", LabelSelector(obj(map[string]cty.Value{"matchExpressions": cty.TupleVal([]cty.Value{expr("tier", "In", "front", "back")})})), infra.True},
		{"NotIn", LabelSelector(obj(map[string]cty.Value{"matchExpressions": cty.TupleVal([]cty.Value{expr("tier", "NotIn", "front")})})), infra.False},
		{"Exists", LabelSelector(obj(map[string]cty.Value{"matchExpressions": cty.TupleVal([]cty.Value{expr("app", "Exists")})})), infra.True},
		{"DoesNotExist", LabelSelector(obj(map[string]cty.Value{"matchExpressions": cty.TupleVal([]cty.Value{expr("canary", "DoesNotExist")})})), infra.True},
		{"labels and exprs", LabelSelector(obj(map[string]cty.Value{
			"matchLabels":      cty.ObjectVal(map[string]cty.Value{"app": cty.StringVal("web")}),
			"matchExpressions": cty.TupleVal([]cty.Value{expr("tier", "In", "back")}),
		})), infra.False},
		{"empty matches all", LabelSelector(infra.ValueOf(cty.EmptyObjectVal)), infra.True},
		{"bad operator is unknown", LabelSelector(obj(map[string]cty.Value{"matchExpressions": cty.TupleVal([]cty.Value{expr("app", "Near", "web")})})), infra.Unknown},
	} {
		if got := tc.sel.Matches(web); got != tc.want {
			t.Errorf("%s: Matches = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAddress(t *testing.T) {
	for _, tc := range []struct{ kind, ns, name, want string }{
		{"Deployment", "shop", "frontend", `k8s_deployment.shop["frontend"]`},
		{"Deployment", "", "frontend", `k8s_deployment.default["frontend"]`},
		{"Namespace", "ignored", "shop", `k8s_namespace.cluster["shop"]`},
		{"Service", "2048-game", "svc", `k8s_service._2048-game["svc"]`},
		{"PrometheusRule", "mon", "a.b/c", `k8s_prometheusrule.mon["a.b/c"]`},
	} {
		a := Address(tc.kind, tc.ns, tc.name)
		if a.String() != tc.want {
			t.Errorf("Address(%q, %q, %q) = %s, want %s", tc.kind, tc.ns, tc.name, a, tc.want)
		}
		if b, err := infra.ParseAddress(a.String()); err != nil || b != a {
			t.Errorf("%s does not round-trip: %v", a, err)
		}
	}
}
