package tfplan

import (
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
