package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad loads single-file modules. Whatever the input, Load must return
// (no panic, no internal error) and every error it reports must name a
// position.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*.tf*")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range seeds {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src), strings.HasSuffix(name, ".json"))
	}
	f.Fuzz(func(t *testing.T, src string, json bool) {
		name := "m/main.tf"
		if json {
			name += ".json"
		}
		fsys := fstest.MapFS{name: &fstest.MapFile{Data: []byte(src)}}
		g, ds := Load(fsys, "m", Options{})
		for _, d := range ds {
			if strings.HasPrefix(d.Summary, "internal error") {
				t.Fatalf("%s", d.Error())
			}
			if d.Pos.File == "" {
				t.Errorf("diagnostic without a position: %s", d.Error())
			}
		}
		for _, r := range g.Resources() {
			if r.Pos.File != name || r.Pos.Line < 1 {
				t.Errorf("%s at %s, want a line of %s", r.Addr, r.Pos, name)
			}
		}
	})
}
