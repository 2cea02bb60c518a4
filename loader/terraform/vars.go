package terraform

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// given is a value a user gave for a root module variable, and where.
type given struct {
	val cty.Value
	rng hcl.Range
}

// rootValues collects the values given for the root module's variables, in
// Terraform's order of precedence (later wins): terraform.tfvars,
// terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then the
// caller's --var-file and --var settings.
func (l *loader) rootValues(m *module) map[string]given {
	vals := map[string]given{}
	var auto []string
	entries, _ := fs.ReadDir(l.fsys, fsPath(l.root))
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
			auto = append(auto, n)
		}
	}
	sort.Strings(auto)
	for _, n := range append([]string{"terraform.tfvars", "terraform.tfvars.json"}, auto...) {
		name := path.Join(l.root, n)
		data, err := fs.ReadFile(l.fsys, fsPath(name))
		if err != nil {
			continue
		}
		l.varFile(m, vals, name, data)
	}
	for _, f := range l.opts.VarFiles {
		l.varFile(m, vals, f.Name, f.Data)
	}
	for _, s := range l.opts.Vars {
		l.cliVar(m, vals, s)
	}
	return vals
}

// varFile reads one variables file into vals.
func (l *loader) varFile(m *module, vals map[string]given, name string, data []byte) {
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(name, ".json") {
		f, diags = hclparse.NewParser().ParseJSON(data, name)
	} else {
		f, diags = hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	}
	l.addHCL(diags, false)
	if diags.HasErrors() {
		return
	}
	attrs, diags := f.Body.JustAttributes()
	l.addHCL(diags, false)
	for _, a := range sortedAttrs(attrs) {
		v, diags := a.Expr.Value(nil)
		l.addHCL(diags, false)
		if diags.HasErrors() {
			continue
		}
		if _, ok := m.variables[a.Name]; !ok {
			l.warnf(a.NameRange, "Value for undeclared variable", "the root module declares no variable %q; this value is ignored", a.Name)
			continue
		}
		vals[a.Name] = given{val: v, rng: a.Expr.Range()}
	}
}

// cliVar reads one --var "name=value". Values of variables whose type is a
// primitive (or not given) are taken literally; others are parsed as HCL
// expressions, as Terraform does.
func (l *loader) cliVar(m *module, vals map[string]given, s string) {
	name, raw, ok := strings.Cut(s, "=")
	src := fmt.Sprintf("--var %q", s)
	rng := hcl.Range{Filename: src}
	if !ok || name == "" {
		l.errorf(rng, "Invalid --var", "want name=value")
		return
	}
	v, declared := m.variables[name]
	if !declared {
		l.errorf(rng, "Value for undeclared variable", "the root module declares no variable %q", name)
		return
	}
	if !v.typeSet || v.typ.IsPrimitiveType() {
		vals[name] = given{val: cty.StringVal(raw), rng: rng}
		return
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), src, hcl.InitialPos)
	l.addHCL(diags, false)
	if diags.HasErrors() {
		return
	}
	val, diags := expr.Value(nil)
	l.addHCL(diags, false)
	if diags.HasErrors() {
		return
	}
	vals[name] = given{val: val, rng: rng}
}

// setRootVars gives the root module's variables their values: given ones,
// else defaults, else unknown (with a warning, as the user would be asked).
func (in *instance) setRootVars(vals map[string]given) {
	for _, name := range sortedKeys(in.m.variables) {
		v := in.m.variables[name]
		g, ok := vals[name]
		if !ok && v.def == cty.NilVal {
			in.l.warnf(v.rng, fmt.Sprintf("No value for variable %q", name), "it has no default and no value was given; treated as unknown")
		}
		in.vals[ref{refVar, name}] = in.finalVar(v, g.val, ok, g.rng)
	}
}
