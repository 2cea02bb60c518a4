package kube

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

// The fixtures under testdata run through the meta-test in package rules;
// these cover the arithmetic and parsing the fixtures only sample.

func TestParseImage(t *testing.T) {
	for _, tc := range []struct {
		image         string
		tag           string
		digest, known bool
	}{
		{"nginx", "", false, true},
		{"nginx:1.27", "1.27", false, true},
		{"nginx:latest", "latest", false, true},
		{"registry.local:5000/team/app", "", false, true},
		{"registry.local:5000/team/app:2.0", "2.0", false, true},
		{"nginx@sha256:abcd", "", true, true},
		{"app:1.0@sha256:abcd", "", true, true},
		{"${IMAGE}", "", false, false},
		{"{{ .Values.image }}", "", false, false},
		{"", "", false, false},
	} {
		tag, digest, known := parseImage(tc.image)
		if tag != tc.tag || digest != tc.digest || known != tc.known {
			t.Errorf("parseImage(%q) = %q, %v, %v; want %q, %v, %v", tc.image, tag, digest, known, tc.tag, tc.digest, tc.known)
		}
	}
}

func TestBudgetAllowed(t *testing.T) {
	num := func(n int64) cty.Value { return cty.NumberIntVal(n) }
	str := cty.StringVal
	for _, tc := range []struct {
		name  string
		field string
		v     cty.Value
		pods  int64
		want  int64
		ok    bool
	}{
		{"minAvailable below", "minAvailable", num(2), 3, 1, true},
		{"minAvailable equal", "minAvailable", num(3), 3, 0, true},
		{"minAvailable above", "minAvailable", num(5), 3, 0, true},
		{"percent rounds up", "minAvailable", str("60%"), 2, 0, true},
		{"percent leaves room", "minAvailable", str("50%"), 4, 2, true},
		{"maxUnavailable", "maxUnavailable", num(1), 3, 1, true},
		{"maxUnavailable percent rounds up", "maxUnavailable", str("10%"), 3, 1, true},
		{"garbage", "minAvailable", str("most"), 3, 0, false},
	} {
		pdb := &infra.Resource{Attrs: infra.ValueOf(cty.ObjectVal(map[string]cty.Value{
			"spec": cty.ObjectVal(map[string]cty.Value{tc.field: tc.v}),
		}))}
		got, ok := budget{pdb: pdb, pods: tc.pods, known: true}.allowed()
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: allowed() = %d, %v; want %d, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
