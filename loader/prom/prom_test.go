package prom_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/loader/kube"
	"github.com/plimsoll/plimsoll/loader/prom"
)

// read loads a rule file's groups the way the kube loader hands them over.
func read(t *testing.T, src string) (*infra.Graph, diag.Diagnostics) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	g := infra.NewGraph()
	rd := prom.NewReader(g)
	var groups *yaml.Node
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "groups" {
			groups = root.Content[i+1]
		}
	}
	ds := rd.Add(prom.Source{File: "r.yaml", Groups: groups})
	rd.Link()
	return g, ds
}

func get(t *testing.T, g *infra.Graph, addr string) *infra.Resource {
	t.Helper()
	a, err := infra.ParseAddress(addr)
	if err != nil {
		t.Fatal(err)
	}
	r := g.Resource(a)
	if r == nil {
		var have []string
		for _, r := range g.Resources() {
			have = append(have, r.Addr.String())
		}
		t.Fatalf("no %s; have %q", addr, have)
	}
	return r
}

// A rule file is read by the manifest loader; a syntax error in it names the
// file, line and column.
func TestRuleFileSyntaxError(t *testing.T) {
	src := "groups:\n  - name: node\n    rules:\n      - alert: HighCPU\n        expr: up == 0\n       for: 5m\n"
	_, ds := kube.LoadReader("rules.yaml", strings.NewReader(src))
	want := "rules.yaml:6:8: not valid YAML: did not find expected '-' indicator (while parsing a block collection at line 4, column 7)"
	if len(ds) != 1 || ds[0].Error() != want {
		t.Errorf("got  %v\nwant %s", ds, want)
	}
}

func TestPrometheusRuleObject(t *testing.T) {
	g, ds := kube.Load(os.DirFS("testdata"), []string{"operator.yaml"})
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds.Err())
	}
	owner := get(t, g, `k8s_prometheusrule.monitoring["app"]`)
	grp := get(t, g, `prom_group.app_rules`)
	if refs := g.Refs(grp, "owner"); len(refs) != 1 || refs[0] != owner {
		t.Errorf("group owner = %v", refs)
	}
	first := get(t, g, `prom_alert.app_rules["HighErrorRate"]`)
	second := get(t, g, `prom_alert.app_rules["HighErrorRate#2"]`)
	disk := get(t, g, `prom_alert.app_rules["DiskAlmostFull"]`)
	if first.Pos.String() != "operator.yaml:11:11" || second.Pos.String() != "operator.yaml:19:11" {
		t.Errorf("positions %s, %s", first.Pos, second.Pos)
	}
	for _, tc := range []struct {
		r       *infra.Resource
		metrics []string
		cmps    string
		ratio   bool
		forSec  int64
		hasFor  bool
	}{
		{first, []string{"http_requests_total"}, "> 0.05", true, 600, true},
		// The constant on the left is turned round: EXPR > 0.01.
		{second, []string{"http_requests_total"}, "> 0.01", true, 0, false},
		// Comparisons are found on both sides of "and".
		{disk, []string{"node_filesystem_avail_bytes", "node_filesystem_size_bytes", "up"}, "< 10, == 1", true, 5400, true},
	} {
		if got := prom.Metrics(tc.r); !slices.Equal(got, tc.metrics) {
			t.Errorf("%s metrics = %q, want %q", tc.r.Addr, got, tc.metrics)
		}
		if got := cmps(tc.r); got != tc.cmps {
			t.Errorf("%s comparisons = %q, want %q", tc.r.Addr, got, tc.cmps)
		}
		if got := tc.r.Get("ratio").Bool(); got != infra.TriOf(tc.ratio) {
			t.Errorf("%s ratio = %v", tc.r.Addr, got)
		}
		n, ok := tc.r.Get("for_seconds").Int()
		if ok != tc.hasFor || n != tc.forSec {
			t.Errorf("%s for_seconds = %d, %v; want %d, %v", tc.r.Addr, n, ok, tc.forSec, tc.hasFor)
		}
		if tc.r.Role != infra.Alarm {
			t.Errorf("%s role %q", tc.r.Addr, tc.r.Role)
		}
	}
	m := first.Get("selectors.0.matchers.0")
	if name, _ := m.Get("name").Str(); name != "code" {
		t.Errorf("first matcher = %#v", m)
	}
	if op, _ := m.Get("op").Str(); op != "=~" {
		t.Errorf("first matcher op = %#v", m)
	}
	if s, _ := first.Get("annotations.summary").Str(); s != "{{ $labels.job }} serves errors" {
		t.Errorf("annotation = %q", s)
	}
}

func cmps(r *infra.Resource) string {
	var out []string
	cs, _ := r.Get("comparisons").Elems()
	for _, c := range cs {
		op, _ := c.Get("op").Str()
		v, _ := c.Get("value").Str()
		out = append(out, op+" "+v)
	}
	return strings.Join(out, ", ")
}

func TestErrors(t *testing.T) {
	src := `groups:
  - name: broken
    rules:
      - alert: Unclosed
        expr: rate(http_requests_total[5m] > 1
      - alert: Quoted
        expr: "sum(up) >"
      - alert: Block
        expr: |
          sum(up)
            by (job) ===
      - alert: BadFor
        expr: up == 0
        for: five minutes
      - record: both
        alert: both
        expr: up
      - expr: up
      - alert: NoExpr
      - record: job:up:sum
        expr: sum by (job) (up)
        for: 5m
        colour: red
  - rules: []
  - name: other
    rules: {}
  - just text
`
	g, ds := read(t, src)
	var got []string
	for _, d := range ds {
		got = append(got, d.Error())
	}
	want := []string{
		"r.yaml:5:47: rule Unclosed: invalid PromQL:",
		"r.yaml:7:25: rule Quoted: invalid PromQL:",
		"r.yaml:11:0: rule Block: invalid PromQL:",
		"r.yaml:14:14: BadFor: for: not a valid duration string",
		"r.yaml:15:9: rule in group broken has both alert and record",
		"r.yaml:18:9: rule in group broken: want alert: NAME or record: NAME",
		"r.yaml:19:9: rule NoExpr has no expr",
		"r.yaml:22:9: recording rule job:up:sum: for applies only to alerts",
		"r.yaml:23:9: warning: unknown key \"colour\" in rule job:up:sum",
		"r.yaml:24:5: rule group without a name",
		"r.yaml:26:12: rules of group other: want a list of rules",
		"r.yaml:27:5: rule group: want a mapping with name and rules",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(strings.Replace(got[i], "r.yaml:11: ", "r.yaml:11:0: ", 1), want[i]) {
			t.Errorf("diagnostic %d:\n got %s\nwant %s...", i, got[i], want[i])
		}
	}
	// Rules whose expression does not parse are still in the model, with the
	// facts rules read left unknown rather than empty.
	un := get(t, g, `prom_alert.broken["Unclosed"]`)
	if !un.Get("comparisons").IsUnknown() {
		t.Errorf("comparisons of an unparsable rule = %#v, want unknown", un.Get("comparisons"))
	}
	if get(t, g, `prom_alert.broken["BadFor"]`).Get("for_seconds").IsKnown() {
		t.Errorf("for_seconds of a bad duration should not be known")
	}
}

func TestGroupNames(t *testing.T) {
	src := "groups:\n  - name: 1st group.rules\n    rules: [{alert: A, expr: up == 0}]\n  - name: 1st group.rules\n    rules: [{alert: A, expr: up == 0}]\n"
	g, _ := read(t, src)
	for _, a := range []string{`prom_group._1st_group_rules`, `prom_group._1st_group_rules_2`, `prom_alert._1st_group_rules["A"]`, `prom_alert._1st_group_rules_2["A"]`} {
		r := get(t, g, a)
		if b, err := infra.ParseAddress(r.Addr.String()); err != nil || b != r.Addr {
			t.Errorf("%s does not round-trip", r.Addr)
		}
	}
	if name, _ := get(t, g, `prom_group._1st_group_rules_2`).Get("name").Str(); name != "1st group.rules" {
		t.Errorf("group name attribute = %q", name)
	}
}
