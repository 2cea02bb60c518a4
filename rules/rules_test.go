package rules_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	infraaws "github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/loader/kube"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md from the rules' metadata")

// provider says, for a rule ID prefix, which package holds the rules (and
// their testdata), which files are fixtures, and how to load them into an
// annotated graph.
type provider struct {
	dir  string
	ext  []string
	load func(fsys fs.FS) (*infra.Graph, diag.Diagnostics)
}

var providers = map[string]provider{
	"aws": {dir: "aws", ext: []string{".tf", ".tf.json"}, load: func(fsys fs.FS) (*infra.Graph, diag.Diagnostics) {
		g, ds := terraform.Load(fsys, ".", terraform.Options{})
		infraaws.Annotate(g)
		return g, ds
	}},
	"k8s":  {dir: "kube", ext: []string{".yaml", ".yml", ".json"}, load: loadManifests},
	"prom": {dir: "prom", ext: []string{".yaml", ".yml"}, load: loadManifests},
}

// loadManifests reads a Kubernetes or Prometheus fixture as the CLI reads a
// folder of manifests, with the Terraform beside them when there is any (the
// cross-layer rules need both in one graph).
func loadManifests(fsys fs.FS) (*infra.Graph, diag.Diagnostics) {
	g, ds := kube.Load(fsys, []string{"."})
	if tf, _ := fs.Glob(fsys, "*.tf"); len(tf) > 0 {
		tg, tds := terraform.Load(fsys, ".", terraform.Options{})
		ds = append(ds, tds...)
		if err := g.Merge(tg); err != nil {
			ds = append(ds, diag.Errorf(diag.Pos{}, "merge: %v", err))
		}
	}
	infraaws.Annotate(g)
	return g, ds
}

func providerOf(t *testing.T, id string) provider {
	t.Helper()
	prefix, _, _ := strings.Cut(id, "-")
	p, ok := providers[prefix]
	if !ok {
		t.Fatalf("no fixture loader for rule prefix %q: add one to providers in rules_test.go", prefix)
	}
	return p
}

// fixture is one bad, good or unknown case of a rule: a file, or a
// directory loaded as a whole.
type fixture struct {
	name string // bad.tf, good_multi/ ...
	kind string // bad, good, unknown
	fsys fs.FS
}

func fixtures(t *testing.T, p provider, id string) []fixture {
	t.Helper()
	dir := filepath.Join(p.dir, "testdata", id)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("fixtures of %s: %v", id, err)
	}
	var out []fixture
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), planSuffix) {
			continue // a fixture's plan, read by TestPlanParity
		}
		kind := ""
		for _, k := range []string{"bad", "good", "unknown"} {
			if strings.HasPrefix(e.Name(), k) {
				kind = k
			}
		}
		if kind == "" {
			t.Errorf("%s/%s: a fixture's name must start with bad, good or unknown", dir, e.Name())
			continue
		}
		path := filepath.Join(dir, e.Name())
		if e.IsDir() {
			out = append(out, fixture{name: e.Name() + "/", kind: kind, fsys: os.DirFS(path)})
			continue
		}
		if !slices.ContainsFunc(p.ext, func(x string) bool { return strings.HasSuffix(e.Name(), x) }) {
			t.Errorf("%s: want a directory or a file ending in %s", path, strings.Join(p.ext, " or "))
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fixture{name: e.Name(), kind: kind, fsys: fstest.MapFS{e.Name(): {Data: data}}})
	}
	return out
}

var wantRE = regexp.MustCompile(`(?:#|//)\s*want\s+([a-z0-9 -]+)`)

// wants returns "file:line" for every line of the fixture that carries
// "# want <id>".
func wants(t *testing.T, fsys fs.FS, id string) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range wantRE.FindAllStringSubmatch(line, -1) {
				if slices.Contains(strings.Fields(m[1]), id) {
					out = append(out, fmt.Sprintf("%s:%d", path, i+1))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// run loads a fixture, runs one rule over it and returns "file:line" of each
// active finding, sorted, without duplicates.
func run(t *testing.T, p provider, r rule.Rule, fsys fs.FS) []string {
	t.Helper()
	g, ds := p.load(fsys)
	if ds.HasErrors() {
		t.Fatalf("load: %v", ds.Err())
	}
	eng, err := rule.NewEngine([]rule.Rule{r}, rule.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res := eng.Run(g)
	for _, d := range res.Diagnostics {
		t.Errorf("rule failed: %s", d.Error())
	}
	var got []string
	for _, f := range res.Active() {
		if f.Message == "" || !strings.Contains(f.Message, f.Address.String()) {
			t.Errorf("%s: message %q should name the resource", f.Pos, f.Message)
		}
		got = append(got, fmt.Sprintf("%s:%d", f.Pos.File, f.Pos.Line))
		t.Logf("%s: %s", f.Pos, f.Message)
	}
	slices.Sort(got)
	return slices.Compact(got)
}

// TestRuleFixtures runs every rule over its fixtures: each bad fixture must
// be reported exactly on its "# want RULE-ID" lines; good and unknown
// fixtures must give no finding.
func TestRuleFixtures(t *testing.T) {
	for _, r := range rules.Builtin() {
		t.Run(r.ID, func(t *testing.T) {
			p := providerOf(t, r.ID)
			kinds := map[string]int{}
			for _, fx := range fixtures(t, p, r.ID) {
				kinds[fx.kind]++
				t.Run(fx.name, func(t *testing.T) {
					want := wants(t, fx.fsys, r.ID)
					if fx.kind != "bad" && len(want) > 0 {
						t.Fatalf("a %s fixture must not want findings: %v", fx.kind, want)
					}
					if fx.kind == "bad" && len(want) == 0 {
						t.Fatalf("a bad fixture must mark at least one line with # want %s", r.ID)
					}
					got := run(t, p, r, fx.fsys)
					if !slices.Equal(got, want) {
						t.Errorf("findings at %v, want %v", got, want)
					}
				})
			}
			for _, k := range []string{"bad", "good", "unknown"} {
				if kinds[k] == 0 {
					t.Errorf("no %s fixture under %s/testdata/%s", k, p.dir, r.ID)
				}
			}
		})
	}
}

var idRE = regexp.MustCompile(`^(aws|k8s|prom)-[a-z0-9]+(-[a-z0-9]+)+$`)

// TestRuleMetadata checks that every rule is documented well enough for
// docs/rules.md and `plimsoll rules ID`, and that its example passes it.
func TestRuleMetadata(t *testing.T) {
	all := rules.Builtin()
	if len(all) == 0 {
		t.Fatal("no built-in rules")
	}
	if _, err := rule.NewEngine(all, rule.Config{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		t.Run(r.ID, func(t *testing.T) {
			if !idRE.MatchString(r.ID) {
				t.Errorf("ID %q: want lowercase kebab with a provider prefix, like aws-rds-multi-az", r.ID)
			}
			for _, a := range r.Aliases {
				if !idRE.MatchString(a) {
					t.Errorf("alias %q is not a valid rule ID", a)
				}
			}
			if r.Title == "" || len(r.Title) > 80 || strings.HasSuffix(r.Title, ".") {
				t.Errorf("title %q: want a phrase of at most 80 characters without a final period", r.Title)
			}
			if !slices.Contains(rule.Severities, r.Severity) {
				t.Errorf("severity %v is not one of %v", r.Severity, rule.Severities)
			}
			if !slices.Contains(rule.Concerns, r.Concern) {
				t.Errorf("concern %q is not one of %v", r.Concern, rule.Concerns)
			}
			if len(r.Rationale) < 150 {
				t.Errorf("rationale is %d characters: say why it matters in a paragraph", len(r.Rationale))
			}
			if len(r.Remediation) < 40 || !strings.HasSuffix(r.Remediation, ".") {
				t.Errorf("remediation %q: want a sentence or two", r.Remediation)
			}
			if len(r.Links) == 0 {
				t.Error("no links to public documentation")
			}
			for _, l := range r.Links {
				if !strings.HasPrefix(l, "https://") {
					t.Errorf("link %q: want https", l)
				}
			}
			if len(r.Types) == 0 {
				t.Error("no resource types")
			}
			if r.Check == nil {
				t.Fatal("no check")
			}
			if strings.TrimSpace(r.Example) == "" {
				t.Fatal("no example")
			}
			p := providerOf(t, r.ID)
			name := "example" + p.ext[0]
			if got := run(t, p, r, fstest.MapFS{name: {Data: []byte(r.Example + declareVars(r.Example))}}); len(got) > 0 {
				t.Errorf("the example fails its own rule at %v", got)
			}
		})
	}
}

var capacityIDRE = regexp.MustCompile(`^capacity-[a-z0-9]+(-[a-z0-9]+)*$`)

// TestCapacityMetadata checks the capacity rules' metadata (their checks
// are tested with the CLI that builds them): documented well enough for
// docs/rules.md and `plimsoll rules ID`, and no ID shared with a built-in
// rule, since audit --requirements runs them side by side.
func TestCapacityMetadata(t *testing.T) {
	metas := rules.Capacity()
	if len(metas) == 0 {
		t.Fatal("no capacity rules")
	}
	all := rules.Builtin()
	for _, m := range metas {
		all = append(all, rule.Rule{Meta: m})
		if !capacityIDRE.MatchString(m.ID) {
			t.Errorf("ID %q: want lowercase kebab starting with capacity-", m.ID)
		}
		if m.Title == "" || len(m.Title) > 80 || strings.HasSuffix(m.Title, ".") {
			t.Errorf("%s: title %q: want a phrase of at most 80 characters without a final period", m.ID, m.Title)
		}
		if !slices.Contains(rule.Severities, m.Severity) || !slices.Contains(rule.Concerns, m.Concern) {
			t.Errorf("%s: severity %v, concern %q: want one of %v and one of %v", m.ID, m.Severity, m.Concern, rule.Severities, rule.Concerns)
		}
		if len(m.Rationale) < 80 || len(m.Remediation) < 40 || !strings.HasSuffix(m.Remediation, ".") {
			t.Errorf("%s: rationale %q, remediation %q: want a paragraph and a sentence or two", m.ID, m.Rationale, m.Remediation)
		}
	}
	if _, err := rule.NewEngine(all, rule.Config{}); err != nil {
		t.Error(err)
	}
}

var varRE = regexp.MustCompile(`\bvar\.([A-Za-z_][A-Za-z0-9_-]*)`)

// declareVars declares the variables an example uses, with no value, as
// the configuration it is pasted into would: examples stay short, and the
// values they stand for are unknown to the rule.
func declareVars(example string) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, m := range varRE.FindAllStringSubmatch(example, -1) {
		if !seen[m[1]] && !strings.Contains(example, `variable "`+m[1]+`"`) {
			seen[m[1]] = true
			fmt.Fprintf(&b, "\nvariable %q {}\n", m[1])
		}
	}
	return b.String()
}

// TestDocs checks that docs/rules.md is what the metadata generates; run
// with -update to rewrite it.
func TestDocs(t *testing.T) {
	path := filepath.Join("..", "docs", "rules.md")
	got := rules.Markdown(rules.Builtin(), rules.Capacity())
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: go test ./rules -run TestDocs -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/rules.md is stale: run go test ./rules -run TestDocs -update")
	}
}
