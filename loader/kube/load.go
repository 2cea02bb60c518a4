package kube

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/loader/prom"
)

// Load reads the manifests at paths, files or folders of fsys. Folders are
// walked recursively for .yaml, .yml and .json files, skipping hidden folders
// and Helm chart templates (which are not YAML until rendered); a file named
// explicitly is read whatever its extension. Every object of every file
// lands in one graph, and selectors are resolved across all of them.
//
// In a folder, documents that are neither Kubernetes objects nor Prometheus
// rule files (a values.yaml, a CI workflow) are skipped silently; in a file
// named explicitly they get a warning.
func Load(fsys fs.FS, paths []string) (*infra.Graph, diag.Diagnostics) {
	l := newLoader()
	for _, p := range paths {
		l.loadPath(fsys, p)
	}
	return l.finish()
}

// LoadReader reads a manifest stream, such as the output of helm template.
// name is used in positions; "-" is shown as "<stdin>".
func LoadReader(name string, r io.Reader) (*infra.Graph, diag.Diagnostics) {
	if name == "-" {
		name = "<stdin>"
	}
	l := newLoader()
	src, err := io.ReadAll(r)
	if err != nil {
		l.ds = append(l.ds, diag.Errorf(diag.Pos{File: name}, "read: %v", err))
	} else {
		l.loadBytes(name, src, true)
	}
	return l.finish()
}

// IsManifest reports whether a file name has an extension Load reads when
// walking a folder.
func IsManifest(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

type loader struct {
	g     *infra.Graph
	ds    diag.Diagnostics
	objs  []*object
	rules *prom.Reader
}

func newLoader() *loader {
	g := infra.NewGraph()
	return &loader{g: g, rules: prom.NewReader(g)}
}

func (l *loader) finish() (*infra.Graph, diag.Diagnostics) {
	Link(l.g)
	l.ds.Sort()
	return l.g, l.ds
}

func (l *loader) loadPath(fsys fs.FS, p string) {
	name := path.Clean(strings.TrimPrefix(p, "./"))
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		l.ds = append(l.ds, diag.Errorf(diag.Pos{File: p}, "load manifests: %v", unwrapPath(err)))
		return
	}
	if !fi.IsDir() {
		l.loadFile(fsys, name, true)
		return
	}
	charts := map[string]bool{}
	err = fs.WalkDir(fsys, name, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.ds = append(l.ds, diag.Errorf(diag.Pos{File: p}, "load manifests: %v", unwrapPath(err)))
			return nil
		}
		if d.IsDir() {
			if p != name && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if d.Name() == "templates" {
				chart := path.Dir(p)
				if _, err := fs.Stat(fsys, path.Join(chart, "Chart.yaml")); err == nil {
					charts[chart] = true
					l.ds = append(l.ds, diag.Warningf(diag.Pos{File: p}, "Helm chart templates skipped: render the chart first (helm template NAME %s | plimsoll audit -)", path.Base(chart)))
					return fs.SkipDir
				}
			}
			return nil
		}
		if !IsManifest(p) {
			return nil
		}
		l.loadFile(fsys, p, false)
		return nil
	})
	if err != nil {
		l.ds = append(l.ds, diag.Errorf(diag.Pos{File: p}, "load manifests: %v", err))
	}
}

// unwrapPath drops the "open x:" prefix of a *fs.PathError, since the
// diagnostic already names the file.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func (l *loader) loadFile(fsys fs.FS, name string, explicit bool) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		l.ds = append(l.ds, diag.Errorf(diag.Pos{File: name}, "load manifests: %v", unwrapPath(err)))
		return
	}
	l.loadBytes(name, src, explicit)
}

// loadBytes loads every document of one file. explicit says the user named
// the file (or piped it), so documents that are not objects deserve a word.
func (l *loader) loadBytes(file string, src []byte, explicit bool) {
	docs, ds := parseDocuments(file, src)
	if len(ds) > 0 && bytes.Contains(src, []byte("{{")) {
		// A Go template (Helm, or a CI tool's) is not YAML until rendered.
		l.ds = append(l.ds, diag.Warningf(ds[0].Pos, "skipped: looks like a template ({{ ... }}) and is not valid YAML until rendered: %s", ds[0].Summary))
		ds = ds[1:]
	}
	l.ds = append(l.ds, ds...)
	lines := bytes.Split(src, []byte("\n"))
	for _, d := range docs {
		l.document(file, lines, d.root, explicit)
	}
}

func (l *loader) document(file string, lines [][]byte, root *yaml.Node, explicit bool) {
	at := diag.Pos{File: file, Line: root.Line, Column: root.Column}
	if root.Kind != yaml.MappingNode {
		if explicit {
			l.ds = append(l.ds, diag.Warningf(at, "skipped: not a Kubernetes object (want a mapping with apiVersion and kind)"))
		}
		return
	}
	apiVersion, kind := scalarField(root, "apiVersion"), scalarField(root, "kind")
	switch {
	case apiVersion == nil && kind == nil:
		if groups := field(root, "groups"); groups != nil {
			l.ds = append(l.ds, l.rules.Add(prom.Source{File: file, Groups: groups, Ignores: ignoresFunc(file, lines)})...)
			return
		}
		if explicit {
			l.ds = append(l.ds, diag.Warningf(at, "skipped: not a Kubernetes object (no apiVersion and kind) nor a Prometheus rule file (no groups)"))
		}
		return
	case (kind == nil || apiVersion == nil) && field(root, "metadata") == nil:
		// A Helm Chart.yaml has an apiVersion, other tools' files a kind;
		// without metadata either, they are not Kubernetes objects.
		if explicit {
			l.ds = append(l.ds, diag.Warningf(at, "skipped: not a Kubernetes object (want apiVersion, kind and metadata)"))
		}
		return
	case kind == nil || kind.Value == "":
		l.ds = append(l.ds, diag.Errorf(at, "Kubernetes object without a kind: want kind: Deployment, Service, ..."))
		return
	case apiVersion == nil || apiVersion.Value == "":
		l.ds = append(l.ds, diag.Errorf(at, "%s without an apiVersion: want apiVersion: apps/v1, v1, ...", kind.Value))
		return
	}
	if strings.HasSuffix(kind.Value, "List") {
		if items := field(root, "items"); items != nil {
			if items.Kind != yaml.SequenceNode {
				l.ds = append(l.ds, diag.Errorf(diag.Pos{File: file, Line: items.Line, Column: items.Column}, "%s items: want a list of objects", kind.Value))
				return
			}
			for _, it := range items.Content {
				l.document(file, lines, it, true)
			}
			return
		}
	}
	l.object(file, lines, root, apiVersion.Value, kind.Value, explicit)
}

// field returns the value node of key in mapping n, or nil.
func field(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			v := n.Content[i+1]
			for v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}

// scalarField returns field key of n when it is a scalar, or nil.
func scalarField(n *yaml.Node, key string) *yaml.Node {
	if v := field(n, key); v != nil && v.Kind == yaml.ScalarNode && v.ShortTag() != "!!null" {
		return v
	}
	return nil
}

// ignoresFunc returns the inline suppressions of an object starting on a
// line: "# plimsoll:ignore RULE-ID reason" on that line or on the contiguous
// comment lines directly above it.
func ignoresFunc(file string, lines [][]byte) func(line int) []infra.Ignore {
	return func(line int) []infra.Ignore {
		var out []infra.Ignore
		if line < 1 || line > len(lines) {
			return nil
		}
		if i := bytes.Index(lines[line-1], []byte("#")); i >= 0 {
			out = appendIgnore(out, file, line, i, lines[line-1])
		}
		for n := line - 1; n >= 1; n-- {
			t := bytes.TrimLeft(lines[n-1], " \t")
			if !bytes.HasPrefix(t, []byte("#")) && !bytes.HasPrefix(t, []byte("//")) {
				break
			}
			out = appendIgnore(out, file, n, len(lines[n-1])-len(t), lines[n-1])
		}
		return out
	}
}

const ignoreMark = "plimsoll:ignore"

func appendIgnore(out []infra.Ignore, file string, line, from int, text []byte) []infra.Ignore {
	i := bytes.Index(text[from:], []byte(ignoreMark))
	if i < 0 {
		return out
	}
	col := from + i
	rest := strings.Fields(string(text[col+len(ignoreMark):]))
	if len(rest) == 0 {
		return out
	}
	return append(out, infra.Ignore{
		Rule:   rest[0],
		Reason: strings.Join(rest[1:], " "),
		Pos:    diag.Pos{File: file, Line: line, Column: col + 1},
	})
}
