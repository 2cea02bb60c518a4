package terraform

import (
	"io/fs"
	"os"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/plimsoll/plimsoll/loader/terraform/terraformtest"
)

// BenchmarkLoadLarge loads a generated tree of 2,008 files and 20,204
// resource blocks (22,000-odd instances), as bench/audit/gen writes it.
func BenchmarkLoadLarge(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := terraformtest.Generate(dir, 2000, 20000); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	opts := Options{Vars: []string{"db_password=x"}}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		g, ds := Load(fsys, ".", opts)
		if len(ds) != 0 {
			b.Fatalf("diagnostics: %v", ds)
		}
		b.ReportMetric(float64(g.Len()), "resources")
	}
	// CPU time per load, every goroutine and the collector included: the
	// figure to compare on a machine shared with other work.
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// TestLargeTreeLoads checks the benchmark's tree on a small scale, so the
// generator and the loader stay in step in the plain test run.
func TestLargeTreeLoads(t *testing.T) {
	dir := t.TempDir()
	files, blocks, err := terraformtest.Generate(dir, 30, 100)
	if err != nil {
		t.Fatal(err)
	}
	g, ds := Load(os.DirFS(dir), ".", Options{Vars: []string{"db_password=x"}})
	for _, d := range ds {
		t.Errorf("diagnostic: %s", d.Error())
	}
	if files < 30 || blocks < 100 {
		t.Errorf("generated %d files, %d blocks; want at least 30, 100", files, blocks)
	}
	// Blocks expand: the VPC module's counted and for_each resources, the
	// workers and the service module add instances.
	if g.Len() < blocks {
		t.Errorf("%d resources from %d blocks", g.Len(), blocks)
	}
	asg := mustResource(t, g, "aws_autoscaling_group.svc00003")
	if got := len(g.Refs(asg, "vpc_zone_identifier", "aws_subnet")); got != 3 {
		t.Errorf("the group reaches %d subnets through the module output, want 3", got)
	}
	db := mustResource(t, g, "aws_db_instance.svc00003")
	if !db.Get("password").Sensitive() {
		t.Error("the database password comes from a sensitive variable")
	}
}

// BenchmarkParseLarge only parses the files of the same tree with hclsyntax:
// the floor under BenchmarkLoadLarge, to compare against in the same run.
func BenchmarkParseLarge(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := terraformtest.Generate(dir, 2000, 20000); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	var names []string
	for _, pat := range []string{"*.tf", "modules/*/*.tf"} {
		m, err := fs.Glob(fsys, pat)
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, m...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		for _, name := range names {
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				b.Fatal(err)
			}
			if _, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}
