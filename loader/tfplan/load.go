package tfplan

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"reflect"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

// Options tune Load.
type Options struct {
	// Source, when set, is the Terraform configuration the plan was made
	// from: the root module is directory SourceDir of Source. It is used
	// only for source positions (the line of each resource block) and inline
	// `# plimsoll:ignore RULE-ID reason` comments, read with the HCL parser
	// without evaluating anything. Local modules are found through their
	// source paths, remote ones through .terraform/modules/modules.json.
	Source    fs.FS
	SourceDir string
}

// Load reads the output of `terraform show -json plan.out` (or of
// `terraform show -json` on a state) into a graph. name is the file name
// used in positions. Load never panics; problems come back as diagnostics
// with file:line:col, and whatever could be read is in the graph.
func Load(name string, data []byte, opts Options) (*infra.Graph, diag.Diagnostics) {
	l := &loader{name: name, data: data, opts: opts, g: infra.NewGraph()}
	l.load()
	l.diags.Sort()
	return l.g, l.diags
}

type loader struct {
	name  string
	data  []byte
	opts  Options
	g     *infra.Graph
	diags diag.Diagnostics

	plan  planFile
	lines *lines
	// offsets of resource objects by address, in planned values (or a
	// state's values) and in the prior state; of provider configurations
	// by their key in the configuration.
	planned, prior, providerOffsets offsets
	// byConfig lists the instances of each resource block, keyed by module
	// instance and resource address without key
	// (`module.a["x"].aws_subnet.b`).
	byConfig map[string][]*infra.Resource
	// providerNames holds each resource's provider source address
	// ("registry.terraform.io/hashicorp/aws"), for when the configuration
	// does not say which provider configuration it uses.
	providerNames map[infra.Address]string
	// sensitive holds each planned resource's sensitive_values: the shape
	// of its values with true where Terraform hides a value.
	sensitive map[infra.Address]json.RawMessage
	// perms holds, by resource, how its block lists were put back in the
	// configuration's order (see configOrder), for sensitive_values.
	perms map[infra.Address]map[string][]int
	// shapes caches shapeOf for each resource block.
	shapes map[*configResource]shape
	// configMods caches the configuration module of each module instance.
	configMods map[string]*module
	// blocks indexes each configuration module's resource blocks by address.
	blocks map[*module]map[string]*configResource
	// ids maps known ids and ARNs to the resources that have them; see
	// knownIDs.
	ids map[string][]infra.Address
}

func (l *loader) errorf(pos diag.Pos, format string, args ...any) {
	l.diags = append(l.diags, diag.Errorf(pos, format, args...))
}

func (l *loader) warnf(pos diag.Pos, format string, args ...any) {
	l.diags = append(l.diags, diag.Warningf(pos, format, args...))
}

func (l *loader) filePos() diag.Pos { return diag.Pos{File: l.name} }

func (l *loader) load() {
	l.lines = newLines(l.name, l.data)
	if !l.decode() {
		return
	}
	l.planned, l.prior, l.providerOffsets = resourceOffsets(l.data)
	l.resources()
	k := l.newLinker()
	l.providers(k)
	l.providerConfigs(k)
	k.referenceEdges()
	l.valueEdges()
	if l.opts.Source != nil {
		l.sourcePositions(k)
	}
}

// decode reads the document. It reports false when nothing usable came out.
func (l *loader) decode() bool {
	if len(bytes.TrimSpace(l.data)) == 0 {
		l.errorf(l.filePos(), "empty file: want the JSON output of `terraform show -json PLANFILE`")
		return false
	}
	d := json.NewDecoder(bytes.NewReader(l.data))
	d.UseNumber()
	err := d.Decode(&l.plan)
	if err == nil && l.plan.Level != "" {
		l.errorf(l.filePos(), "this is the log that `terraform plan -json` prints, not a plan: save the plan with `terraform plan -out plan.out`, then give the output of `terraform show -json plan.out`")
		return false
	}
	if err == nil {
		if rest := bytes.TrimSpace(l.data[d.InputOffset():]); len(rest) > 0 {
			l.errorf(l.lines.pos(int(d.InputOffset())+bytes.Index(l.data[d.InputOffset():], rest[:1])),
				"unexpected data after the plan's closing brace")
		}
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.As(err, &syntax):
		l.errorf(l.lines.pos(int(syntax.Offset)-1), "invalid JSON: %s", syntax.Error())
		return false
	case errors.Is(err, io.ErrUnexpectedEOF):
		l.errorf(l.lines.pos(len(l.data)), "invalid JSON: unexpected end of file")
		return false
	case errors.As(err, &typ):
		// encoding/json goes on past a value of the wrong type, so the rest
		// of the document is still usable.
		at := valueStart(l.data, int(typ.Offset))
		if at < 0 {
			at = int(typ.Offset) - 1
		}
		if typ.Field == "" {
			l.errorf(l.lines.pos(at), "want a JSON object (the output of `terraform show -json PLANFILE`), got %s", typ.Value)
			return false
		}
		l.errorf(l.lines.pos(at), "%s: want %s, got %s", typ.Field, jsonKind(typ.Type), typ.Value)
	default:
		l.errorf(l.filePos(), "read plan: %v", err)
		return false
	}

	p := &l.plan
	switch {
	case p.FormatVersion == "" && p.PlannedValues == nil && p.Values == nil:
		l.errorf(l.filePos(), "not a Terraform plan: no format_version or planned_values; want the output of `terraform show -json PLANFILE`")
		return false
	case p.FormatVersion != "":
		if err := (&tfjson.Plan{FormatVersion: p.FormatVersion}).Validate(); err != nil {
			l.errorf(l.filePos(), "plan format: %v", err)
			return false
		}
	}
	if p.PlannedValues == nil && p.Values == nil {
		l.errorf(l.filePos(), "no planned_values: want the output of `terraform show -json PLANFILE`")
		return false
	}
	if p.Errored {
		l.warnf(l.filePos(), "the plan is incomplete: terraform plan reported errors while making it")
	} else if p.Complete != nil && !*p.Complete {
		l.warnf(l.filePos(), "the plan is incomplete (made with -target, or with changes deferred): resources it leaves out are not audited")
	}
	return true
}

// jsonKind names what a Go type wants in JSON terms.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another kind of value"
}

// resources adds one resource per planned instance, and the data sources
// that Terraform read while planning (those live only in the prior state).
func (l *loader) resources() {
	l.byConfig = map[string][]*infra.Resource{}
	l.providerNames = map[infra.Address]string{}
	l.shapes = map[*configResource]shape{}
	l.perms = map[infra.Address]map[string][]int{}
	l.sensitive = map[infra.Address]json.RawMessage{}
	unknowns := map[string]any{}
	for _, rc := range l.plan.ResourceChanges {
		if rc == nil || rc.DeposedKey != "" {
			continue
		}
		unknowns[rc.Address] = rc.Change.AfterUnknown
	}
	values := l.plan.PlannedValues
	if values == nil {
		values = l.plan.Values
	}
	eachResource(values, func(sr *tfjson.StateResource) {
		if r := l.add(sr.Address, string(sr.Mode), sr.AttributeValues, unknowns[sr.Address], l.planned.take(sr.Address)); r != nil {
			l.providerNames[r.Addr] = sr.ProviderName
			if len(sr.SensitiveValues) > 0 {
				l.sensitive[r.Addr] = sr.SensitiveValues
			}
		}
	})
	if l.plan.PriorState != nil {
		eachResource(l.plan.PriorState.Values, func(sr *tfjson.StateResource) {
			if sr.Mode != tfjson.DataResourceMode {
				return
			}
			a, err := infra.ParseAddress(sr.Address)
			if err != nil || l.g.Resource(a) != nil {
				return
			}
			if r := l.add(sr.Address, string(sr.Mode), sr.AttributeValues, nil, l.prior.take(sr.Address)); r != nil {
				l.providerNames[r.Addr] = sr.ProviderName
			}
		})
	}
	l.deferred()
}

// deferred adds the resources whose changes Terraform deferred. Those whose
// number of instances is not known yet become one resource with
// CountUnknown, at the address of their block.
func (l *loader) deferred() {
	for _, dc := range l.plan.DeferredChanges {
		if dc == nil || dc.ResourceChange == nil || dc.ResourceChange.DeposedKey != "" {
			continue
		}
		rc := dc.ResourceChange
		addr := rc.Address
		// An instance whose key is not known yet is written with the
		// wildcard key [*] (module.x[*].aws_y.z[*] inside an unexpanded
		// module); it stands for the whole block.
		countUnknown := dc.Reason == "instance_count_unknown" || strings.Contains(addr, "[*]")
		addr = strings.ReplaceAll(addr, "[*]", "")
		a, err := infra.ParseAddress(addr)
		if err != nil || l.g.Resource(a) != nil {
			continue
		}
		var after any
		if len(rc.Change.After) > 0 {
			d := json.NewDecoder(bytes.NewReader(rc.Change.After))
			d.UseNumber()
			_ = d.Decode(&after) // the outer decode has checked the syntax
		}
		attrs, _ := after.(map[string]any)
		if r := l.add(addr, string(rc.Mode), attrs, rc.Change.AfterUnknown, -1); r != nil {
			r.CountUnknown = countUnknown
		}
	}
}

func eachResource(v *tfjson.StateValues, fn func(*tfjson.StateResource)) {
	if v == nil {
		return
	}
	var walk func(m *tfjson.StateModule, depth int)
	walk = func(m *tfjson.StateModule, depth int) {
		if m == nil || depth > maxModuleDepth {
			return
		}
		for _, r := range m.Resources {
			if r != nil && r.DeposedKey == "" {
				fn(r)
			}
		}
		for _, c := range m.ChildModules {
			walk(c, depth+1)
		}
	}
	walk(v.RootModule, 0)
}

// maxModuleDepth bounds every walk down the module tree, so that input built
// to nest deeply cannot exhaust the stack. Terraform itself has no limit, but
// no real configuration comes near this one.
const maxModuleDepth = 100

func (l *loader) add(address, mode string, values map[string]any, unknown any, offset int) *infra.Resource {
	pos := l.filePos()
	if offset >= 0 {
		pos = l.lines.pos(offset)
	}
	a, err := infra.ParseAddress(address)
	if err != nil {
		l.warnf(pos, "resource skipped: %v", err)
		return nil
	}
	if a.Mode == infra.ProviderConfig {
		l.warnf(pos, "resource %s skipped: provider.NAME is the address of a provider configuration, not of a resource", address)
		return nil
	}
	if (a.Mode == infra.Data) != (mode == string(tfjson.DataResourceMode)) {
		l.warnf(pos, "resource %s skipped: its mode is %q", address, mode)
		return nil
	}
	rc := l.configOf(a)
	var sh shape
	if rc != nil && a.Mode == infra.Managed {
		if sh = l.shapes[rc]; sh == nil {
			sh = shapeOf(rc.Expressions)
			l.shapes[rc] = sh
		}
		values = unhash(values, rc.Expressions)
		if perms := configOrder(values, rc.Expressions); perms != nil {
			values = permute(values, perms)
			if u, ok := unknown.(map[string]any); ok {
				unknown = permute(u, perms)
			}
			l.perms[a] = perms
		}
	}
	attrs := shapedValue(mapAny(values), unknown, sh)
	if !attrs.Type().IsObjectType() {
		attrs = cty.EmptyObjectVal
	}
	r := &infra.Resource{Addr: a, Attrs: infra.ValueOf(attrs), Pos: pos}
	if err := l.g.Add(r); err != nil {
		l.warnf(pos, "resource skipped: %v", err)
		return nil
	}
	k := a.Config().String()
	l.byConfig[k] = append(l.byConfig[k], r)
	return r
}

// configOf returns the configuration block of the resource at a, or nil
// when there is none (a state has no configuration).
func (l *loader) configOf(a infra.Address) *configResource {
	if l.plan.Config == nil {
		return nil
	}
	m, ok := l.configMods[a.ModuleString()]
	if !ok {
		m = l.plan.Config.RootModule
		for _, step := range a.Module() {
			if m == nil {
				break
			}
			if call := m.ModuleCalls[step.Name]; call != nil {
				m = call.Module
			} else {
				m = nil
			}
		}
		if l.configMods == nil {
			l.configMods = map[string]*module{}
		}
		l.configMods[a.ModuleString()] = m
	}
	return l.blockIndex(m)[a.InModule(nil).Config().String()]
}

// unhash puts back the configured text of attributes that the provider
// stores as the SHA-1 of that text (aws_instance's user_data), so that rules
// read what the configuration says, as they do from HCL.
func unhash(values map[string]any, exprs map[string]*expr) map[string]any {
	var out map[string]any
	for name, e := range exprs {
		if !e.leaf() || len(e.Refs) > 0 {
			continue
		}
		text, ok := e.Constant.(string)
		planned, _ := values[name].(string)
		if !ok || len(planned) != 2*sha1.Size {
			continue
		}
		if sum := sha1.Sum([]byte(text)); hex.EncodeToString(sum[:]) == planned {
			if out == nil {
				out = maps.Clone(values)
			}
			out[name] = text
		}
	}
	if out == nil {
		return values
	}
	return out
}

// blockIndex returns the resource blocks of a configuration module by
// address within it.
func (l *loader) blockIndex(m *module) map[string]*configResource {
	if m == nil {
		return nil
	}
	if l.blocks == nil {
		l.blocks = map[*module]map[string]*configResource{}
	}
	blocks, ok := l.blocks[m]
	if !ok {
		blocks = map[string]*configResource{}
		for _, rc := range m.Resources {
			if rc != nil {
				blocks[rc.Address] = rc
			}
		}
		l.blocks[m] = blocks
	}
	return blocks
}

// mapAny keeps a nil map nil as an interface, so that ctyValue sees JSON null.
func mapAny(m map[string]any) any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
