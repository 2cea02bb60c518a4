package kube_test

import (
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
	loadkube "github.com/plimsoll/plimsoll/loader/kube"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules/kube"
)

// load reads a fixture as the CLI would: manifests, and Terraform when the
// fixture holds .tf files, merged into one graph.
func load(fsys fs.FS) (*infra.Graph, diag.Diagnostics) {
	g, ds := loadkube.Load(fsys, []string{"."})
	if tf, _ := fs.Glob(fsys, "*.tf"); len(tf) > 0 {
		tg, tds := terraform.Load(fsys, ".", terraform.Options{})
		ds = append(ds, tds...)
		if err := g.Merge(tg); err != nil {
			ds = append(ds, diag.Errorf(diag.Pos{}, "%v", err))
		}
	}
	return g, ds
}

var wantRE = regexp.MustCompile(`#\s*want\s+([a-z0-9 -]+)`)

// TestFixtures runs each rule over testdata/<rule-id>/: bad fixtures must be
// reported exactly on their "# want <rule-id>" lines, good and unknown ones
// not at all. (The rules package's meta-test does the same for every
// provider; this one keeps the Kubernetes rules honest on their own.)
func TestFixtures(t *testing.T) {
	for _, r := range kube.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			entries, err := os.ReadDir(filepath.Join("testdata", r.ID))
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]bool{}
			for _, e := range entries {
				kind := strings.TrimRight(strings.SplitN(strings.SplitN(e.Name(), ".", 2)[0], "_", 2)[0], "0123456789")
				kinds[kind] = true
				t.Run(e.Name(), func(t *testing.T) {
					path := filepath.Join("testdata", r.ID, e.Name())
					var fsys fs.FS = os.DirFS(path)
					if !e.IsDir() {
						data, _ := os.ReadFile(path)
						fsys = fstest.MapFS{e.Name(): {Data: data}}
					}
					want := wants(t, fsys, r.ID)
					if (kind == "bad") != (len(want) > 0) {
						t.Fatalf("a %s fixture wants findings at %v", kind, want)
					}
					if got := run(t, r, fsys); !slices.Equal(got, want) {
						t.Errorf("findings at %v, want %v", got, want)
					}
				})
			}
			for _, k := range []string{"bad", "good", "unknown"} {
				if !kinds[k] {
					t.Errorf("no %s fixture", k)
				}
			}
			if got := run(t, r, fstest.MapFS{"example.yaml": {Data: []byte(r.Example)}}); len(got) > 0 {
				t.Errorf("the example fails its own rule at %v", got)
			}
		})
	}
}

func wants(t *testing.T, fsys fs.FS, id string) []string {
	var out []string
	fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := fs.ReadFile(fsys, path)
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range wantRE.FindAllStringSubmatch(line, -1) {
				if slices.Contains(strings.Fields(m[1]), id) {
					out = append(out, fmt.Sprintf("%s:%d", path, i+1))
				}
			}
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func run(t *testing.T, r rule.Rule, fsys fs.FS) []string {
	t.Helper()
	g, ds := load(fsys)
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
		if !strings.Contains(f.Message, f.Address.String()) {
			t.Errorf("%s: message %q should name the resource", f.Pos, f.Message)
		}
		got = append(got, fmt.Sprintf("%s:%d", f.Pos.File, f.Pos.Line))
		t.Logf("%s: %s", f.Pos, f.Message)
	}
	slices.Sort(got)
	return slices.Compact(got)
}
