package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/loadgen"
)

// FuzzParse checks that no input makes Parse panic, that every diagnostic
// names the file, and that the virtual users of whatever compiles survive
// a short walk with odd responses.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	csv, err := os.ReadFile("testdata/users.csv")
	if err != nil {
		f.Fatal(err)
	}
	fsys := fstest.MapFS{"users.csv": &fstest.MapFile{Data: csv}}
	responses := []*loadgen.Response{
		{Status: 200, Body: []byte(`{"token":"t","items":[1]}`), Header: []loadgen.Field{{Name: "Location", Value: "/x/1"}, {Name: "Set-Cookie", Value: "a=b"}}},
		{Status: 302, Header: []loadgen.Field{{Name: "Location", Value: "/next?a=1"}}},
		{Status: 500},
		{Err: loadgen.ErrTimeout},
		{Status: 200, Body: []byte("not json"), Truncated: true},
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, ds := Parse(fsys, "s.yaml", src, LoadOptions{})
		for _, d := range ds {
			if d.Pos.File == "" {
				t.Fatalf("diagnostic without a file: %v", d)
			}
			if strings.Contains(d.Summary, "YAML: ") && (d.Pos.Line < 1 || d.Pos.Column < 1) {
				t.Fatalf("YAML syntax error without line and column: %v", d)
			}
		}
		if file == nil {
			if !ds.HasErrors() {
				t.Fatalf("no File and no error")
			}
			return
		}
		for _, sc := range file.Scenarios {
			if err := sc.Validate(); err != nil {
				t.Fatalf("Parse returned a scenario the engine refuses: %v", err)
			}
			p := sc.Program
			steps := p.Steps()
			for id := range 2 {
				v := p.NewVU(id)
				for _, r := range responses {
					a := v.Begin()
					for n := 0; a.Kind == loadgen.Send && n < 20; n++ {
						if a.Req == nil || a.Req.URL == nil || a.Req.Step < 0 || a.Req.Step >= len(steps) {
							t.Fatalf("bad request %+v", a.Req)
						}
						rr := *r
						rr.Step = a.Req.Step
						a = v.Deliver(&rr)
					}
				}
			}
		}
	})
}
