package kube_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/loader/kube"
)

// FuzzLoadReader checks that no input makes the loader panic, that every
// diagnostic names a file and a line, and that every object it loads has a
// position and an address that parses back to itself.
func FuzzLoadReader(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("--- {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Pod, metadata: {name: p}}]}\n...\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		g, ds := kube.LoadReader("f.yaml", bytes.NewReader(src))
		for _, d := range ds {
			if d.Pos.File != "f.yaml" || d.Pos.Line < 1 {
				t.Errorf("diagnostic without a position: %q", d.Error())
			}
			if strings.Contains(d.Summary, "YAML: ") && (d.Pos.Line < 1 || d.Pos.Column < 1) {
				t.Fatalf("YAML syntax error without line and column: %v", d)
			}
		}
		for _, r := range g.Resources() {
			if r.Pos.File != "f.yaml" || r.Pos.Line < 1 {
				t.Errorf("%s has no position: %v", r.Addr, r.Pos)
			}
			b, err := infra.ParseAddress(r.Addr.String())
			if err != nil || b != r.Addr {
				t.Errorf("address %s does not round-trip: %v", r.Addr, err)
			}
		}
	})
}
