package terraform

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

// VarFile is a --var-file given on the command line, already read by the
// caller. Name is how positions in it are shown; a name ending in .json is
// read as JSON, anything else as HCL.
type VarFile struct {
	Name string
	Data []byte
}

// Options are the inputs a user gives besides the configuration itself.
type Options struct {
	// VarFiles are applied after terraform.tfvars and *.auto.tfvars, in
	// order.
	VarFiles []VarFile
	// Vars are --var "name=value" settings, in order; a later one wins, and
	// all win over VarFiles (Terraform's precedence).
	Vars []string
}

// maxModuleDepth bounds module nesting, so a module that calls itself is
// reported rather than followed forever.
const maxModuleDepth = 32

// maxInstances bounds the instances one count or for_each makes; a larger
// count is treated as unknown rather than filling memory.
const maxInstances = 10000

// Load reads the root module in directory dir of fsys (and every module it
// calls) into a graph. Positions name files by their path in fsys. It keeps
// going past errors and returns every diagnostic, sorted; content built so far
// stays usable.
func Load(fsys fs.FS, dir string, opts Options) (g *infra.Graph, ds diag.Diagnostics) {
	l := &loader{
		fsys:      fsys,
		root:      cleanDir(dir),
		opts:      opts,
		g:         infra.NewGraph(),
		seen:      map[diag.Diagnostic]bool{},
		modules:   map[string]*module{},
		callDirs:  map[string]string{},
		instances: map[infra.Address][]infra.Address{},
		regions:   map[string]infra.Value{},
		computed:  map[string][]string{},
	}
	defer func() {
		// Evaluation leans on two libraries that promise not to panic but
		// assert internal invariants; an input that trips one must still
		// give a diagnostic, never a crash.
		if r := recover(); r != nil {
			l.diags = append(l.diags, diag.Errorf(diag.Pos{File: l.root}, "internal error while loading (please report it): %v", r))
			g, ds = l.g, l.finish()
		}
	}()
	l.load()
	return l.g, l.finish()
}

// loader holds the state of one Load call.
type loader struct {
	fsys fs.FS
	root string // the root module's directory in fsys; "." for the top
	opts Options

	g     *infra.Graph
	diags diag.Diagnostics
	seen  map[diag.Diagnostic]bool

	modules  map[string]*module // parsed modules by directory
	callDirs map[string]string  // module call path ("a.b") → directory; absent when not analysed
	manifest map[string]string  // from .terraform/modules/modules.json: call path → directory

	funcs  map[string]function.Function
	fnames map[string]bool // every function name the configuration calls

	// attrNames are, per resource type ("aws_subnet", "data.aws_ami"), the
	// attribute names the configuration reads from resources of that type;
	// loose are names read from values whose resource cannot be told
	// statically (splats of function results, for-expression variables,
	// module outputs). A resource's value gets an unknown for each such name
	// it does not set, as Terraform would compute it at apply.
	attrNames map[string]map[string]bool
	loose     map[string]bool
	// computed are, per resource type, those names and the loose ones
	// together, sorted: what addComputed fills in.
	computed map[string][]string

	// instances are the instance addresses made from each resource block,
	// so that a reference to the whole block becomes edges to each instance.
	instances map[infra.Address][]infra.Address
	// regions are the region values of provider configurations, by their
	// address in root module terms.
	regions map[string]infra.Value
	made    []*infra.Resource
}

func (l *loader) load() {
	l.readManifest()
	root := l.discover(l.root, nil, nil)
	l.collectRefs()
	l.prescan()
	l.funcs = l.functions()
	in := l.newInstance(root, nil, nil, nil)
	in.setRootVars(l.rootValues(root))
	in.evalAll()
	for _, r := range l.made {
		if v, ok := l.regions[r.Provider]; ok {
			r.Region = v
		}
	}
}

func (l *loader) finish() diag.Diagnostics {
	l.diags.Sort()
	return l.diags
}

// discover parses the module in dir and, recursively, every module it calls,
// recording where each call's module lives.
func (l *loader) discover(dir string, callPath []string, stack []string) *module {
	m, ok := l.modules[dir]
	if !ok {
		m = l.readModule(dir)
		l.modules[dir] = m
	}
	stack = append(stack, dir)
	for _, name := range sortedKeys(m.calls) {
		c := m.calls[name]
		if c.source == "" {
			continue
		}
		cp := append(append([]string(nil), callPath...), name)
		child, ok := l.resolveSource(m, c, cp)
		if !ok {
			continue
		}
		if len(stack) >= maxModuleDepth || contains(stack, child) {
			l.errorf(c.rng, "Module calls itself", "module %q (%s) is already being loaded on this path; Terraform cannot expand a module inside itself", name, c.source)
			continue
		}
		l.callDirs[strings.Join(cp, ".")] = child
		l.discover(child, cp, stack)
	}
	return m
}

// resolveSource finds the directory of a module call's source.
func (l *loader) resolveSource(m *module, c *moduleCall, callPath []string) (string, bool) {
	if isLocalSource(c.source) {
		dir := path.Join(m.dir, c.source)
		if dir == ".." || strings.HasPrefix(dir, "../") {
			l.errorf(c.sourceRng, "Module source outside the file system", "module %q: %s leads outside the directory tree being read", c.name, c.source)
			return "", false
		}
		if _, err := fs.Stat(l.fsys, fsPath(dir)); err != nil {
			l.errorf(c.sourceRng, "Module directory not found", "module %q: %s: %v", c.name, dir, err)
			return "", false
		}
		return dir, true
	}
	if dir, ok := l.manifest[strings.Join(callPath, ".")]; ok {
		if _, err := fs.Stat(l.fsys, fsPath(dir)); err == nil {
			return dir, true
		}
	}
	l.warnf(c.rng, fmt.Sprintf("module %q (%s) not analysed: run terraform init", c.name, c.source),
		"remote modules are read from .terraform/modules after terraform init; its outputs are treated as unknown")
	return "", false
}

func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// readManifest reads the module manifest terraform init writes, if any.
func (l *loader) readManifest() {
	name := path.Join(l.root, ".terraform/modules/modules.json")
	data, err := fs.ReadFile(l.fsys, fsPath(name))
	if err != nil {
		return // not initialised: remote modules are reported one by one
	}
	var mf struct {
		Modules []struct {
			Key, Source, Dir string
		}
	}
	if err := json.Unmarshal(data, &mf); err != nil {
		l.warnf(hcl.Range{Filename: name}, "Cannot read module manifest", "%v; run terraform init again", err)
		return
	}
	l.manifest = map[string]string{}
	for _, e := range mf.Modules {
		if e.Key == "" || e.Dir == "" {
			continue
		}
		dir := path.Join(l.root, strings.ReplaceAll(e.Dir, "\\", "/"))
		if path.IsAbs(e.Dir) {
			dir = strings.TrimPrefix(path.Clean(e.Dir), "/")
		}
		l.manifest[e.Key] = dir
	}
}

// parallel runs f(0..n-1) on as many goroutines as there are processors. A
// panic in f is raised again in the caller's goroutine, where Load turns it
// into a diagnostic.
func (l *loader) parallel(n int, f func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var (
		wg      sync.WaitGroup
		next    atomic.Int64
		once    sync.Once
		crashed any
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { crashed = r })
					next.Store(int64(n)) // stop the others early
				}
			}()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
	if crashed != nil {
		panic(crashed)
	}
}

// addHCL records HCL diagnostics. Evaluation problems are demoted to
// warnings: they mostly come from values plimsoll cannot know, and the
// configuration is still analysed with the value unknown.
func (l *loader) addHCL(ds hcl.Diagnostics, demote bool) {
	for _, d := range ds {
		sev := diag.Error
		if d.Severity == hcl.DiagWarning || demote {
			sev = diag.Warning
		}
		var pos diag.Pos
		if d.Subject != nil {
			pos = posOf(*d.Subject)
		}
		l.add(diag.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Pos: pos})
	}
}

func (l *loader) add(d diag.Diagnostic) {
	if l.seen[d] {
		return
	}
	l.seen[d] = true
	l.diags = append(l.diags, d)
}

func (l *loader) errorf(rng hcl.Range, summary, format string, args ...any) {
	l.add(diag.Diagnostic{Severity: diag.Error, Summary: summary, Detail: fmt.Sprintf(format, args...), Pos: posOf(rng)})
}

func (l *loader) warnf(rng hcl.Range, summary, format string, args ...any) {
	l.add(diag.Diagnostic{Severity: diag.Warning, Summary: summary, Detail: fmt.Sprintf(format, args...), Pos: posOf(rng)})
}

func posOf(r hcl.Range) diag.Pos {
	return diag.Pos{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

func rangeString(r hcl.Range) string { return posOf(r).String() }

func cleanDir(dir string) string {
	dir = strings.TrimPrefix(path.Clean("/"+dir), "/")
	if dir == "" {
		return "."
	}
	return dir
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
