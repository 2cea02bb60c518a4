package tfplan

import (
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

// providers sets each resource's provider configuration ("aws",
// "aws.west") and the region that configuration sets.
func (l *loader) providers(k *linker) {
	regions := map[string]infra.Value{}
	for _, r := range l.g.Resources() {
		_, rc := k.block(r)
		if rc == nil || rc.ProviderConfigKey == "" {
			// A state, or a resource the configuration does not describe:
			// the provider's local name is the last part of its source
			// address, and which configuration of it is unknown.
			name := l.providerNames[r.Addr]
			r.Provider = name[strings.LastIndexByte(name, '/')+1:]
			continue
		}
		key, pc := l.providerConfig(rc.ProviderConfigKey)
		r.Provider = key
		region, ok := regions[key]
		if !ok {
			region = l.region(pc)
			regions[key] = region
		}
		r.Region = region
	}
}

// providerConfig follows a provider configuration key to the configuration
// that a resource really uses, and names it as loader/terraform does: "aws",
// "aws.west", or "module.a.aws" for a provider block inside module a. Keys of
// configurations inside modules read "module.a:aws"; when that module has no
// provider block of its own Terraform writes an empty entry, and the
// configuration comes from the calling module, as Terraform passes providers
// down implicitly.
func (l *loader) providerConfig(key string) (string, *providerConfig) {
	pcs := l.plan.Config.ProviderConfig
	for range maxModuleDepth {
		pc := pcs[key]
		mod, local, inModule := strings.Cut(key, ":")
		if !inModule {
			return key, pc
		}
		if pc != nil && len(pc.Expressions) > 0 {
			return mod + "." + local, pc
		}
		if i := strings.LastIndex(mod, ".module."); i >= 0 {
			key = mod[:i] + ":" + local
		} else {
			key = local
		}
	}
	return key, nil
}

// region is the value of a provider configuration's region argument: known
// when it is a constant or a root variable, unknown when it comes from
// anything else, absent when it is not set.
func (l *loader) region(pc *providerConfig) infra.Value {
	if pc == nil {
		return infra.Absent
	}
	e := pc.Expressions["region"]
	if !e.leaf() {
		return infra.Absent
	}
	if s, ok := e.Constant.(string); ok && len(e.Refs) == 0 {
		return infra.ValueOf(cty.StringVal(s))
	}
	if e.Constant == nil && len(e.Refs) == 0 {
		return infra.Absent // region = null
	}
	if pc.ModuleAddress == "" && len(e.Refs) == 1 {
		if r := parseRef(e.Refs[0]); r.kind == refVar {
			if v := l.plan.Variables[r.name]; v != nil {
				if s, ok := v.Value.(string); ok {
					return infra.ValueOf(cty.StringVal(s))
				}
			}
		}
	}
	return infra.UnknownValue()
}

// providerConfigs adds every provider configuration that sets something to
// the graph, as loader/terraform adds each provider block: its arguments as
// the configuration gives them (a constant is known; a reference to one
// root variable takes the variable's value, as region does; anything else
// is unknown, since plan JSON records no evaluated provider arguments), the
// edges its references make, and sensitivity from sensitive variables and
// outputs. Plan JSON also lists providers that have no block at all, with
// no expressions; those, like an empty block, are left out.
func (l *loader) providerConfigs(k *linker) {
	if l.plan.Config == nil {
		return
	}
	for _, key := range sortedKeys(l.plan.Config.ProviderConfig) {
		pos := l.lines.pos(l.providerOffsets.take(key))
		pc := l.plan.Config.ProviderConfig[key]
		if pc == nil || len(pc.Expressions) == 0 {
			continue
		}
		local := pc.Name
		if pc.Alias != "" {
			local += "." + pc.Alias
		}
		name, text := local, "provider."+local
		if pc.ModuleAddress != "" {
			name, text = pc.ModuleAddress+"."+local, pc.ModuleAddress+"."+text
		}
		addr, err := infra.ParseAddress(text)
		if err != nil || addr.Mode != infra.ProviderConfig {
			l.warnf(pos, "provider configuration %q skipped: want a provider name, alias and module address that make an address like module.a.provider.aws.west", key)
			continue
		}
		var sc *scope
		if k != nil {
			sc = &scope{mod: k.inst(addr.Module())}
		}
		r := &infra.Resource{
			Addr:     addr,
			Attrs:    infra.ValueOf(l.providerValue(k, sc, addr, "", pc.Expressions, 0)),
			Pos:      pos,
			Provider: name,
			Region:   l.region(pc),
		}
		if err := l.g.Add(r); err != nil {
			l.warnf(pos, "provider configuration skipped: %v", err)
		}
	}
}

// providerValue is the object of a provider block's expressions: nested
// blocks become tuples of objects, as the HCL loader writes every block.
func (l *loader) providerValue(k *linker, sc *scope, from infra.Address, prefix string, exprs map[string]*expr, depth int) cty.Value {
	if depth > maxModuleDepth {
		return cty.DynamicVal
	}
	attrs := make(map[string]cty.Value, len(exprs))
	for _, name := range sortedKeys(exprs) {
		e := exprs[name]
		if e == nil {
			continue
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		switch {
		case e.leaf():
			attrs[name] = l.providerArg(k, sc, from, path, e)
		case e.Blocks != nil:
			elems := make([]cty.Value, 0, len(e.Blocks))
			for i, b := range e.Blocks {
				elems = append(elems, l.providerValue(k, sc, from, path+"."+strconv.Itoa(i), b, depth+1))
			}
			attrs[name] = tuple(elems)
		default:
			attrs[name] = cty.TupleVal([]cty.Value{l.providerValue(k, sc, from, path+".0", e.Block, depth+1)})
		}
	}
	if len(attrs) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(attrs)
}

// providerArg is the value of one provider argument, and records the edges
// its references make.
func (l *loader) providerArg(k *linker, sc *scope, from infra.Address, path string, e *expr) cty.Value {
	if len(e.Refs) == 0 {
		if e.Constant != nil {
			return ctyValue(e.Constant, nil)
		}
		// null, or an expression without references that Terraform did
		// not evaluate (a function call): which one, the plan does not say.
		return cty.DynamicVal
	}
	v := cty.DynamicVal
	if sc != nil {
		for _, to := range k.resolve(*sc, e.Refs, 0) {
			l.g.Link(infra.Edge{From: from, To: to.Addr, Attr: path})
		}
		if sc.mod.parent == nil {
			if name, ok := oneVariable(e.Refs); ok {
				if pv := l.plan.Variables[name]; pv != nil {
					v = ctyValue(pv.Value, nil)
				}
			}
		}
		if k.sensitivity(*sc, e.Refs, 0) == sensitiveRef {
			v = v.Mark(infra.Sensitive)
		}
	}
	return v
}

// oneVariable returns the variable that every reference names, if they all
// name the same one ("var.key", "var.key[0]" is not it).
func oneVariable(refs []string) (string, bool) {
	var name string
	for _, s := range refs {
		r := parseRef(s)
		if r.kind != refVar || s != "var."+r.name || name != "" && r.name != name {
			return "", false
		}
		name = r.name
	}
	return name, name != ""
}
