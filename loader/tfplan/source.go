package tfplan

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

// block is what the configuration's source says about one resource block.
type block struct {
	pos     diag.Pos
	ignores []infra.Ignore
}

// sourcePositions replaces plan positions with the positions of the resource
// and provider blocks in the configuration's .tf files, and attaches inline
// ignores. Resources whose block is not found (a module whose source is not on disk)
// keep their plan position.
func (l *loader) sourcePositions(k *linker) {
	if k == nil {
		return
	}
	root := path.Clean(l.opts.SourceDir)
	if root == "" {
		root = "."
	}
	installed := l.installedModules(root)
	dirs := map[string]string{"": root} // module path without keys -> directory
	var walk func(m *module, modPath, key, dir string, depth int)
	walk = func(m *module, modPath, key, dir string, depth int) {
		if m == nil || depth > maxModuleDepth {
			return
		}
		for _, name := range sortedKeys(m.ModuleCalls) {
			call := m.ModuleCalls[name]
			if call == nil {
				continue
			}
			childKey := name
			if key != "" {
				childKey = key + "." + name
			}
			childPath := "module." + name
			if modPath != "" {
				childPath = modPath + "." + childPath
			}
			childDir, ok := installed[childKey]
			if !ok && (strings.HasPrefix(call.Source, "./") || strings.HasPrefix(call.Source, "../")) {
				childDir, ok = path.Join(dir, call.Source), true
			}
			if !ok || !fs.ValidPath(childDir) {
				continue
			}
			dirs[childPath] = childDir
			walk(call.Module, childPath, childKey, childDir, depth+1)
		}
	}
	walk(l.plan.Config.RootModule, "", "", root, 0)

	parsed := map[string]map[string]block{}
	p := hclparse.NewParser()
	for _, r := range append(l.g.Resources(), l.g.Providers()...) {
		dir, ok := dirs[configModulePath(r.Addr.Module())]
		if !ok {
			continue
		}
		blocks, ok := parsed[dir]
		if !ok {
			blocks = l.parseDir(p, dir)
			parsed[dir] = blocks
		}
		if b, ok := blocks[r.Addr.InModule(nil).Config().String()]; ok {
			r.Pos = b.pos
			r.Ignores = b.ignores
		}
	}
}

// configModulePath is a module instance path without its keys, the way the
// configuration knows it.
func configModulePath(steps []infra.ModuleStep) string {
	var b strings.Builder
	for i, s := range steps {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(s.Name)
	}
	return b.String()
}

// installedModules reads .terraform/modules/modules.json, where `terraform
// init` records the directory of every module call, remote ones included.
// Keys are module call paths ("vpc", "vpc.subnets").
func (l *loader) installedModules(root string) map[string]string {
	file := path.Join(root, ".terraform/modules/modules.json")
	data, err := fs.ReadFile(l.opts.Source, file)
	if err != nil {
		return nil // not initialised: local modules are still found by path
	}
	var manifest struct {
		Modules []struct {
			Key string `json:"Key"`
			Dir string `json:"Dir"`
		} `json:"Modules"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		l.warnf(diag.Pos{File: file}, "module manifest not read: %v", err)
		return nil
	}
	out := map[string]string{}
	for _, m := range manifest.Modules {
		if m.Key != "" && m.Dir != "" {
			out[m.Key] = path.Join(root, m.Dir)
		}
	}
	return out
}

// parseDir reads the resource and data blocks of the .tf and .tf.json files
// in dir, by address within the module. Override files are skipped: a block
// there only amends one declared elsewhere.
func (l *loader) parseDir(p *hclparse.Parser, dir string) map[string]block {
	out := map[string]block{}
	entries, err := fs.ReadDir(l.opts.Source, dir)
	if err != nil {
		l.warnf(diag.Pos{File: dir}, "configuration not read for positions: %v", err)
		return out
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			continue
		}
		base := strings.TrimSuffix(strings.TrimSuffix(n, ".json"), ".tf")
		if base == "override" || strings.HasSuffix(base, "_override") {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		file := path.Join(dir, n)
		src, err := fs.ReadFile(l.opts.Source, file)
		if err != nil {
			l.warnf(diag.Pos{File: file}, "configuration not read for positions: %v", err)
			continue
		}
		var f *hcl.File
		var ds hcl.Diagnostics
		if strings.HasSuffix(n, ".json") {
			f, ds = p.ParseJSON(src, file)
		} else {
			f, ds = p.ParseHCL(src, file)
		}
		for _, d := range ds {
			if d.Severity == hcl.DiagError {
				l.warnf(rangePos(d.Subject, file), "positions not read from this file: %s: %s", d.Summary, d.Detail)
				break
			}
		}
		if f == nil || f.Body == nil {
			continue
		}
		content, _, _ := f.Body.PartialContent(blockSchema)
		if content == nil {
			continue
		}
		lines := bytes.Split(src, []byte("\n"))
		for _, b := range content.Blocks {
			var addr string
			switch {
			case b.Type == "provider" && len(b.Labels) == 1:
				addr = "provider." + b.Labels[0]
				if alias := literalAlias(b.Body); alias != "" {
					addr += "." + alias
				}
			case len(b.Labels) != 2:
				continue
			case b.Type == "data":
				addr = "data." + b.Labels[0] + "." + b.Labels[1]
			default:
				addr = b.Labels[0] + "." + b.Labels[1]
			}
			if _, dup := out[addr]; dup {
				continue
			}
			start := b.TypeRange.Start
			out[addr] = block{
				pos:     diag.Pos{File: file, Line: start.Line, Column: start.Column},
				ignores: ignoresAt(lines, file, start.Line),
			}
		}
	}
	return out
}

var blockSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "provider", LabelNames: []string{"name"}},
}}

var aliasSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "alias"}}}

// literalAlias reads a provider block's alias, "" when it has none (or one
// that is not a literal name, which Terraform rejects).
func literalAlias(body hcl.Body) string {
	content, _, _ := body.PartialContent(aliasSchema)
	if content == nil || content.Attributes["alias"] == nil {
		return ""
	}
	v, diags := content.Attributes["alias"].Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

func rangePos(r *hcl.Range, file string) diag.Pos {
	if r == nil {
		return diag.Pos{File: file}
	}
	return diag.Pos{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}
