package rules_test

import (
	"os"
	"testing"

	infraaws "github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/loader/terraform/terraformtest"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

// BenchmarkBuiltinLarge runs every built-in rule over the graph of the tree
// bench/audit/gen writes (2,008 files, 20,204 resource blocks), after
// loading and annotating it once: the rules' share of an audit.
func BenchmarkBuiltinLarge(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := terraformtest.Generate(dir, 2000, 20000); err != nil {
		b.Fatal(err)
	}
	g, ds := terraform.Load(os.DirFS(dir), ".", terraform.Options{Vars: []string{"db_password=x"}})
	if ds.HasErrors() {
		b.Fatal(ds.Err())
	}
	infraaws.Annotate(g)
	eng, err := rule.NewEngine(rules.Builtin(), rule.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res := eng.Run(g)
		b.ReportMetric(float64(len(res.Findings)), "findings")
	}
}

// BenchmarkRuleLarge times each built-in rule alone on the same graph, to
// find the expensive ones: go test ./rules -run x -bench RuleLarge.
func BenchmarkRuleLarge(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := terraformtest.Generate(dir, 2000, 20000); err != nil {
		b.Fatal(err)
	}
	g, ds := terraform.Load(os.DirFS(dir), ".", terraform.Options{Vars: []string{"db_password=x"}})
	if ds.HasErrors() {
		b.Fatal(ds.Err())
	}
	infraaws.Annotate(g)
	for _, r := range rules.Builtin() {
		b.Run(r.ID, func(b *testing.B) {
			for b.Loop() {
				r.Check(g)
			}
		})
	}
}

// BenchmarkAnnotateLarge annotates the same graph.
func BenchmarkAnnotateLarge(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := terraformtest.Generate(dir, 2000, 20000); err != nil {
		b.Fatal(err)
	}
	g, ds := terraform.Load(os.DirFS(dir), ".", terraform.Options{Vars: []string{"db_password=x"}})
	if ds.HasErrors() {
		b.Fatal(ds.Err())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		infraaws.Annotate(g)
	}
}
