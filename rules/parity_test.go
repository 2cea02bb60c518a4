package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/plimsoll/plimsoll/infra"
	infraaws "github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/loader/tfplan"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

// planSuffix ends the name of a rule fixture's plan: bad.tf.plan.json is
// `terraform show -json` of a plan of bad.tf, made by scripts/gen-plans.sh.
const planSuffix = ".plan.json"

// noPlan lists the bad and good AWS rule fixtures that Terraform cannot plan
// offline, with the reason. Every other bad and good fixture must have its
// plan beside it, so a plan that goes missing fails TestPlanParity instead
// of leaving a fixture unchecked. (An unknown fixture may go without a plan
// when it declares a variable without a default: the HCL loader keeps the
// variable unknown, which is the point of the fixture, and a plan needs a
// value.)
var noPlan = map[string]string{
	"aws-hardcoded-credentials/good.tf": "needs the hashicorp/random provider (random_password), which the offline mirror does not hold, " +
		"and reads aws_secretsmanager_secret_version while planning, which calls AWS",
}

// parityExceptions lists findings that one input gives and the other
// cannot, for reasons inherent to the inputs, by fixture ("RULE-ID/FILE")
// and finding ("RULE-ID ADDRESS LINE: MESSAGE"), with the reason.
var parityExceptions = map[string]map[string]string{}

// TestPlanParity checks issue 2's promise on every AWS rule fixture that has
// a plan: the fixture read as HCL (loader/terraform) and its plan JSON read
// with the fixture as source (loader/tfplan) give the same findings from
// every built-in rule (rule, address, line and message), and the plan
// satisfies the fixture's "# want" lines as the HCL does.
func TestPlanParity(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("aws", "testdata", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	engine, err := rule.NewEngine(rules.Builtin(), rule.Config{})
	if err != nil {
		t.Fatal(err)
	}
	planned := 0
	seen := map[string]bool{}
	for _, path := range files {
		name := filepath.Base(path)
		id := filepath.Base(filepath.Dir(path))
		key := id + "/" + name
		if strings.HasSuffix(name, planSuffix) {
			if _, err := os.Stat(strings.TrimSuffix(path, planSuffix)); err != nil {
				t.Errorf("%s: a plan without its fixture: %v", path, err)
			}
			continue
		}
		if !strings.HasSuffix(name, ".tf") {
			continue
		}
		seen[key] = true
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		planData, err := os.ReadFile(path + planSuffix)
		if os.IsNotExist(err) {
			reason, listed := noPlan[key]
			switch {
			case listed && reason != "":
			case strings.HasPrefix(name, "unknown") && hasUnsetVariable(t, path, src):
			default:
				t.Errorf("%s: no plan beside it: run scripts/gen-plans.sh %s, or list it in noPlan with the reason", key, filepath.Join("rules", path))
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if reason, listed := noPlan[key]; listed {
			t.Errorf("%s has a plan, yet noPlan says %q: take it off the list", key, reason)
		}
		planned++
		t.Run(key, func(t *testing.T) {
			defer func() {
				if t.Failed() {
					t.Logf("if the fixture changed, regenerate its plan: scripts/gen-plans.sh %s", filepath.Join("rules", path))
				}
			}()
			fsys := fstest.MapFS{name: {Data: src}}
			hg, ds := terraform.Load(fsys, ".", terraform.Options{})
			if ds.HasErrors() {
				t.Fatalf("as HCL: %v", ds.Err())
			}
			pg, ds := tfplan.Load(name+planSuffix, planData, tfplan.Options{Source: fsys, SourceDir: "."})
			if ds.HasErrors() {
				t.Fatalf("as plan JSON: %v", ds.Err())
			}
			h, p := auditAll(t, engine, hg), auditAll(t, engine, pg)
			except := parityExceptions[key]
			for f := range except {
				if !slices.Contains(h, f) && !slices.Contains(p, f) {
					t.Errorf("exception %q matches no finding: take it off parityExceptions", f)
				}
			}
			keep := func(fs []string) []string {
				return slices.DeleteFunc(slices.Clone(fs), func(f string) bool { _, ok := except[f]; return ok })
			}
			if hk, pk := keep(h), keep(p); !slices.Equal(hk, pk) {
				t.Errorf("findings differ\nfrom HCL:\n  %s\nfrom the plan:\n  %s", strings.Join(hk, "\n  "), strings.Join(pk, "\n  "))
			}

			// The fixture's own rule on the plan, as TestRuleFixtures holds
			// the HCL to it.
			want := wants(t, fsys, id)
			var got []string
			for _, f := range p {
				if rid, rest, _ := strings.Cut(f, " "); rid == id && !strings.HasSuffix(f, " (suppressed)") {
					_, line, _ := strings.Cut(rest, " ")
					line, _, _ = strings.Cut(line, ":")
					got = append(got, name+":"+line)
				}
			}
			slices.Sort(got)
			got = slices.Compact(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s findings from the plan at %v, want %v", id, got, want)
			}
		})
	}
	for key := range noPlan {
		if !seen[key] {
			t.Errorf("noPlan lists %s, which is no fixture", key)
		}
	}
	for key := range parityExceptions {
		if !seen[key] {
			t.Errorf("parityExceptions lists %s, which is no fixture", key)
		}
	}
	if planned == 0 {
		t.Error("no AWS rule fixture has a plan: run scripts/gen-plans.sh rules")
	}
	t.Logf("%d fixtures planned", planned)
}

// auditAll runs every built-in rule over g, as `plimsoll audit` does, and
// renders each finding as "RULE-ID ADDRESS LINE: MESSAGE", with
// " (suppressed)" when an ignore matched it.
func auditAll(t *testing.T, engine *rule.Engine, g *infra.Graph) []string {
	t.Helper()
	infraaws.Annotate(g)
	res := engine.Run(g)
	for _, d := range res.Diagnostics {
		t.Errorf("rule failed: %s", d.Error())
	}
	var out []string
	for _, f := range res.Findings {
		s := fmt.Sprintf("%s %s %d: %s", f.RuleID, f.Address, f.Pos.Line, f.Message)
		if f.Suppressed != nil {
			s += " (suppressed)"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// hasUnsetVariable reports whether a Terraform file declares a variable
// without a default, which Terraform cannot plan without a value.
func hasUnsetVariable(t *testing.T, path string, src []byte) bool {
	t.Helper()
	f, ds := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if ds.HasErrors() {
		t.Fatalf("%s: %v", path, ds)
	}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if _, ok := b.Body.Attributes["default"]; b.Type == "variable" && !ok {
			return true
		}
	}
	return false
}
