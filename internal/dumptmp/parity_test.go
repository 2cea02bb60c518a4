package dump

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/loader/tfplan"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

func findings(g *infra.Graph, r rule.Rule) []string {
	aws.Annotate(g)
	eng, _ := rule.NewEngine([]rule.Rule{r}, rule.Config{})
	var out []string
	for _, f := range eng.Run(g).Active() {
		out = append(out, fmt.Sprintf("%s %s", f.Address, f.Message))
	}
	slices.Sort(out)
	return out
}

func TestParity(t *testing.T) {
	jsons, _ := filepath.Glob("/tmp/awsrules-plans/out/*.json")
	byID := map[string]rule.Rule{}
	for _, r := range rules.Builtin() {
		byID[r.ID] = r
	}
	for _, j := range jsons {
		n := strings.TrimSuffix(filepath.Base(j), ".json")
		id, fx, _ := strings.Cut(n, "--")
		src, err := os.ReadFile(filepath.Join("../../rules/aws/testdata", id, fx+".tf"))
		if err != nil {
			t.Fatal(err)
		}
		fsys := fstest.MapFS{"main.tf": {Data: src}}
		hg, _ := terraform.Load(fsys, ".", terraform.Options{})
		data, _ := os.ReadFile(j)
		pg, ds := tfplan.Load("plan.json", data, tfplan.Options{Source: fsys, SourceDir: "."})
		if ds.HasErrors() {
			t.Errorf("%s: %v", n, ds.Err())
			continue
		}
		h, p := findings(hg, byID[id]), findings(pg, byID[id])
		if !slices.Equal(h, p) {
			t.Errorf("%s differ:\nHCL:  %s\nplan: %s", n, strings.Join(h, "\n      "), strings.Join(p, "\n      "))
		} else {
			t.Logf("%s: %d findings agree", n, len(h))
		}
	}
}
