package prom_test

import (
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/loader/prom"
)

// FuzzRuleFile checks that no rule file makes the reader panic, and that
// every diagnostic and resource it produces has a position.
func FuzzRuleFile(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("groups: [{name: g, rules: [{alert: a, expr: 'sum by (x) (rate(m{a=~\"5..\"}[5m])) / 2 > (1 + 2) * 3', for: 1d}]}]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var doc yaml.Node
		if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
			return
		}
		root := doc.Content[0]
		if root.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value != "groups" {
				continue
			}
			g := infra.NewGraph()
			rd := prom.NewReader(g)
			ds := rd.Add(prom.Source{File: "f.yaml", Groups: root.Content[i+1]})
			rd.Link()
			for _, d := range ds {
				if d.Pos.File != "f.yaml" || d.Pos.Line < 1 {
					t.Errorf("diagnostic without a position: %q", d.Error())
				}
			}
			for _, r := range g.Resources() {
				if r.Pos.Line < 1 {
					t.Errorf("%s has no position", r.Addr)
				}
			}
		}
	})
}
