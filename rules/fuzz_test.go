package rules_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	infraaws "github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

// FuzzAWSRules loads any Terraform file the loader accepts, annotates it
// and runs every built-in rule: no rule may fail (a panic becomes a
// diagnostic in the engine), and every finding must name its resource and
// position. Seeds are the AWS rule fixtures.
func FuzzAWSRules(f *testing.F) {
	err := filepath.WalkDir(filepath.Join("aws", "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil {
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	eng, err := rule.NewEngine(rules.Builtin(), rule.Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		g, _ := terraform.Load(fstest.MapFS{"main.tf": {Data: src}}, ".", terraform.Options{})
		infraaws.Annotate(g)
		res := eng.Run(g)
		for _, d := range res.Diagnostics {
			t.Errorf("%s", d.Error())
		}
		for _, fd := range res.Findings {
			if fd.Address.IsZero() || fd.Pos.File != "main.tf" || fd.Message == "" {
				t.Errorf("finding without resource, position or message: %+v", fd)
			}
		}
	})
}
