package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/loader/kube"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/loader/tfplan"
)

// input is one PATH given to audit.
type input struct {
	// arg is the path as the user wrote it.
	arg string
	// abs is its absolute, cleaned form; empty for standard input ("-").
	abs string
	// dir is set for a directory.
	dir bool
}

// loadOptions are the flags that shape loading.
type loadOptions struct {
	// varFiles are the --var-file files, read, in order.
	varFiles []varFile
	// vars are the --var NAME=VALUE assignments, in order.
	vars []string
}

type varFile struct {
	name string // as positions name it: root-relative, see rootFS
	data []byte
}

// inputKind is a kind of input audit understands: how to recognise it and
// how to load it into a graph. Positions in the graph and diagnostics name
// files either absolutely or relative to the file system root (see rootFS);
// the caller turns them into display names.
type inputKind struct {
	name  string
	match func(in input) bool
	load  func(ctx context.Context, e *env, in input, o loadOptions) (*infra.Graph, diag.Diagnostics)
	// independent is set when the input's documents stand alone, as
	// Kubernetes manifests do: one that does not load leaves the others
	// right, so the audit goes on with them (and still exits 2). A
	// Terraform module is one program: a broken file makes the rest wrong.
	independent bool
}

// inputKinds lists what audit reads, first match wins. Keep it a small
// table: a new loader adds one row.
func inputKinds() []inputKind {
	return []inputKind{
		{
			name:        "Kubernetes manifests on standard input",
			match:       func(in input) bool { return in.arg == "-" },
			load:        loadManifestStream,
			independent: true,
		},
		{
			name:        "Kubernetes manifests",
			match:       isManifestInput,
			load:        loadManifests,
			independent: true,
		},
		{
			name:  "Terraform configuration",
			match: func(in input) bool { return in.dir },
			load:  loadTerraform,
		},
		{
			name:  "Terraform plan JSON",
			match: func(in input) bool { return !in.dir && strings.EqualFold(filepath.Ext(in.abs), ".json") },
			load:  loadPlan,
		},
	}
}

// wantInputs says what inputKinds accept, for error messages.
const wantInputs = "a Terraform directory, plan JSON from 'terraform show -json plan.out', Kubernetes manifests or Prometheus rules (.yaml, a folder of them, or - for standard input)"

// isManifestInput reports whether an input is Kubernetes manifests or
// Prometheus rule files: a .yaml or .yml file, a JSON file that is not a
// plan (it has an apiVersion and no format_version), or a directory without
// Terraform files that holds any of those.
func isManifestInput(in input) bool {
	if in.abs == "" {
		return false
	}
	if !in.dir {
		switch strings.ToLower(filepath.Ext(in.abs)) {
		case ".yaml", ".yml":
			return true
		case ".json":
			data, err := os.ReadFile(in.abs)
			return err == nil && bytes.Contains(data, []byte(`"apiVersion"`)) && !bytes.Contains(data, []byte(`"format_version"`))
		}
		return false
	}
	fsys, dir := rootFS(in.abs)
	if hasTerraformFiles(fsys, dir) {
		return false
	}
	found := errors.New("found")
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && p != dir && strings.HasPrefix(d.Name(), "."):
			return fs.SkipDir
		case !d.IsDir() && kube.IsManifest(p):
			return found
		}
		return nil
	})
	return err == found
}

// loadManifests reads manifests and rule files from a file or a folder.
func loadManifests(ctx context.Context, e *env, in input, o loadOptions) (*infra.Graph, diag.Diagnostics) {
	fsys, name := rootFS(in.abs)
	return kube.Load(fsys, []string{name})
}

// loadManifestStream reads manifests from standard input: the output of
// helm template or kustomize build.
func loadManifestStream(ctx context.Context, e *env, in input, o loadOptions) (*infra.Graph, diag.Diagnostics) {
	return kube.LoadReader("-", e.stdin)
}

// loadTerraform reads a root module through the whole file system, so
// that modules it calls from outside its directory load too.
func loadTerraform(ctx context.Context, e *env, in input, o loadOptions) (*infra.Graph, diag.Diagnostics) {
	fsys, dir := rootFS(in.abs)
	opts := terraform.Options{Vars: o.vars}
	for _, vf := range o.varFiles {
		opts.VarFiles = append(opts.VarFiles, terraform.VarFile{Name: vf.name, Data: vf.data})
	}
	return terraform.Load(fsys, dir, opts)
}

// loadPlan reads plan JSON. When the plan file sits in the Terraform
// configuration it was made from (the usual `terraform show -json plan.out
// > plan.json`), positions and inline ignores come from those .tf files;
// otherwise positions point into the plan file.
func loadPlan(ctx context.Context, e *env, in input, o loadOptions) (*infra.Graph, diag.Diagnostics) {
	fsys, name := rootFS(in.abs)
	data, err := os.ReadFile(in.abs)
	if err != nil {
		return nil, diag.Diagnostics{diag.Errorf(diag.Pos{File: name}, "read plan: %v", errors.Unwrap(err))}
	}
	var opts tfplan.Options
	if dir := path.Dir(name); hasTerraformFiles(fsys, dir) {
		opts.Source, opts.SourceDir = fsys, dir
	}
	return tfplan.Load(name, data, opts)
}

// hasTerraformFiles reports whether dir holds a .tf or .tf.json file.
func hasTerraformFiles(fsys fs.FS, dir string) bool {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			return true
		}
	}
	return false
}

// resolveInputs checks that every PATH exists and says which kind each is.
// Paths named twice are audited once.
func resolveInputs(args []string) ([]input, []inputKind, error) {
	var ins []input
	var kinds []inputKind
	seen := map[string]bool{}
	for _, arg := range args {
		in := input{arg: arg}
		if arg != "-" {
			abs, err := filepath.Abs(arg)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", arg, err)
			}
			fi, err := os.Stat(abs)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil, nil, fmt.Errorf("%s: no such file or directory", arg)
				}
				return nil, nil, err
			}
			in.abs, in.dir = abs, fi.IsDir()
		}
		if seen[in.abs] {
			continue
		}
		seen[in.abs] = true
		var kind *inputKind
		for _, k := range inputKinds() {
			if k.match(in) {
				kind = &k
				break
			}
		}
		if kind == nil {
			if ext := strings.ToLower(filepath.Ext(arg)); ext == ".tf" || ext == ".tfvars" || strings.HasSuffix(strings.ToLower(arg), ".tf.json") {
				return nil, nil, fmt.Errorf("%s: give the directory that holds it: Terraform reads a module as a whole (.tfvars go to --var-file)", arg)
			}
			return nil, nil, fmt.Errorf("%s: cannot audit this kind of file (want %s)", arg, wantInputs)
		}
		ins = append(ins, in)
		kinds = append(kinds, *kind)
	}
	return ins, kinds, nil
}

// rootFS returns a file system rooted at the volume of the absolute path
// abs, and abs as a path in it. Loaders read through it so that modules
// outside the audited directory (source = "../../modules/x") resolve, and
// their positions name files from the root, which displayName shortens.
func rootFS(abs string) (fs.FS, string) {
	vol := filepath.VolumeName(abs)
	root := vol + string(filepath.Separator)
	rel := strings.TrimPrefix(filepath.ToSlash(abs[len(vol):]), "/")
	if rel == "" {
		rel = "."
	}
	return os.DirFS(root), rel
}

// displayName turns a file name from a loader (absolute, or relative to the
// root of rootFS) into what reports show: relative to the working
// directory when the file is under it, else absolute; forward slashes.
func displayName(name, cwd string) string {
	if name == "" || strings.HasPrefix(name, "<") || strings.HasPrefix(name, "-") {
		return name // not a file: <stdin>, --var "x=1"
	}
	abs := filepath.FromSlash(name)
	if !filepath.IsAbs(abs) {
		vol := filepath.VolumeName(cwd)
		abs = filepath.Join(vol+string(filepath.Separator), abs)
	}
	if rel, err := filepath.Rel(cwd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// relocate rewrites every file name in g and ds with displayName, so
// reports, suppression sources and .plimsoll.yaml path patterns all see
// the same names. A graph has many resources but few files: names are
// worked out once per file.
func relocate(g *infra.Graph, ds diag.Diagnostics, cwd string) {
	names := map[string]string{}
	display := func(name string) string {
		d, ok := names[name]
		if !ok {
			d = displayName(name, cwd)
			names[name] = d
		}
		return d
	}
	if g != nil {
		for _, r := range g.Resources() {
			r.Pos.File = display(r.Pos.File)
			for i := range r.Ignores {
				r.Ignores[i].Pos.File = display(r.Ignores[i].Pos.File)
			}
		}
	}
	for i := range ds {
		ds[i].Pos.File = display(ds[i].Pos.File)
	}
}

// loadInfra loads every PATH the way audit does — the same input kinds,
// loaders, display names and annotation — and merges them into one graph.
// Load errors are returned as an exit-2 error after printing nothing: the
// caller prints the diagnostics it returns.
func loadInfra(ctx context.Context, e *env, args, varFileNames, vars []string) (*infra.Graph, diag.Diagnostics, error) {
	g, ds, _, err := loadInfraPartial(ctx, e, args, varFileNames, vars)
	return g, ds, err
}

// loadInfraPartial is loadInfra that also keeps what loaded from inputs
// whose documents are independent (see inputKind) when some of their
// documents did not load. usable reports that every error came from such
// inputs, so the graph holds everything else and can be audited.
func loadInfraPartial(ctx context.Context, e *env, args, varFileNames, vars []string) (g *infra.Graph, ds diag.Diagnostics, usable bool, err error) {
	for _, v := range vars {
		if name, _, ok := strings.Cut(v, "="); !ok || strings.TrimSpace(name) == "" {
			return nil, nil, false, usageErrorf("--var %q: want NAME=VALUE", v)
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, nil, false, fmt.Errorf("load: %w", err)
	}
	ins, kinds, err := resolveInputs(args)
	if err != nil {
		return nil, nil, false, usageErrorf("%v", err)
	}
	lo := loadOptions{vars: vars}
	for _, name := range varFileNames {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, false, usageErrorf("--var-file: %v", pathError(err))
		}
		abs, _ := filepath.Abs(name)
		_, rel := rootFS(abs)
		lo.varFiles = append(lo.varFiles, varFile{name: rel, data: data})
	}
	g = infra.NewGraph()
	usable = true
	for i, in := range ins {
		if err := ctx.Err(); err != nil {
			return nil, nil, false, err
		}
		lg, lds := kinds[i].load(ctx, e, in, lo)
		relocate(lg, lds, cwd)
		ds = append(ds, lds...)
		if lds.HasErrors() && !kinds[i].independent {
			usable = false
			continue
		}
		if lg != nil {
			if err := g.Merge(lg); err != nil {
				return nil, nil, false, usageErrorf("%s: %v; is one configuration given twice (a directory and its plan)?", in.arg, err)
			}
		}
	}
	// References between manifests loaded from different inputs (a
	// Service on stdin, its Deployment in a folder) resolve on the merged
	// graph.
	kube.Link(g)
	annotate(g)
	return g, ds, usable, nil
}
