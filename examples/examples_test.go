// Package examples_test checks the bundled examples: each example's
// Terraform configuration and its plan JSON (made by scripts/gen-plans.sh)
// load into the same model and give the same findings; the web shop audits
// clean and the single server does not.
package examples_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/loader/terraform"
	"github.com/plimsoll/plimsoll/loader/tfplan"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

var examples = []string{"aws-shop", "single-server"}

// load reads an example both ways: its HCL, and its plan JSON with the
// configuration as source (for positions).
func load(t *testing.T, name string) (hcl, plan *infra.Graph) {
	t.Helper()
	hcl, ds := terraform.Load(os.DirFS("."), name, terraform.Options{})
	if len(ds) > 0 {
		t.Fatalf("%s as HCL:\n%v", name, ds.Err())
	}
	data, err := os.ReadFile(filepath.Join("..", "loader", "tfplan", "testdata", name+".plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	plan, ds = tfplan.Load(name+".plan.json", data, tfplan.Options{Source: os.DirFS("."), SourceDir: name})
	if len(ds) > 0 {
		t.Fatalf("%s as plan JSON:\n%v", name, ds.Err())
	}
	return hcl, plan
}

// refs renders the references of r to resources that both graphs have, as
// "ATTR -> TO". Meta-arguments (count, for_each, depends_on) are left out:
// they say why an instance exists, not what it is wired to.
func refs(g, other *infra.Graph, r *infra.Resource) []string {
	var out []string
	for _, e := range g.Out(r) {
		if e.Attr == "count" || e.Attr == "for_each" || e.Attr == "depends_on" || other.Resource(e.To) == nil {
			continue
		}
		out = append(out, e.Attr+" -> "+e.To.String())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestHCLAndPlanAgree(t *testing.T) {
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			hcl, plan := load(t, name)
			defer func() {
				if t.Failed() {
					t.Logf("if the example changed, regenerate its plan: scripts/gen-plans.sh %s", name)
				}
			}()
			if hcl.Len() < 3 {
				t.Fatalf("the HCL graph has %d resources", hcl.Len())
			}
			for _, r := range hcl.Resources() {
				p := plan.Resource(r.Addr)
				if p == nil {
					// Instances that only apply can count are one resource
					// in HCL and known instances in the plan.
					if !r.CountUnknown {
						t.Errorf("%s is in the HCL graph only", r.Addr)
					}
					continue
				}
				if r.Pos != p.Pos {
					t.Errorf("%s at %s from HCL, %s from the plan", r.Addr, r.Pos, p.Pos)
				}
				if r.Provider != p.Provider || r.Region.GoString() != p.Region.GoString() {
					t.Errorf("%s: provider %s region %#v from HCL, %s %#v from the plan", r.Addr, r.Provider, r.Region, p.Provider, p.Region)
				}
				if h, q := refs(hcl, plan, r), refs(plan, hcl, p); !slices.Equal(h, q) {
					t.Errorf("%s references\nHCL  %q\nplan %q", r.Addr, h, q)
				}
				if !slices.Equal(r.Ignores, p.Ignores) {
					t.Errorf("%s ignores %v from HCL, %v from the plan", r.Addr, r.Ignores, p.Ignores)
				}
				compareKnown(t, r, p)
			}
			for _, p := range plan.Resources() {
				if hcl.Resource(p.Addr) == nil && hcl.Resource(p.Addr.Config()) == nil {
					t.Errorf("%s is in the plan graph only", p.Addr)
				}
			}
			providersAgree(t, hcl, plan)
		})
	}
}

// providersAgree checks that both graphs hold the same provider
// configurations, at the same place, with the same region and ignores, and
// that every argument both know reads the same. (The plan knows less: it
// records no evaluated provider arguments, only constants and references;
// and it knows more: the skip_* settings scripts/gen-plans.sh adds.)
func providersAgree(t *testing.T, hcl, plan *infra.Graph) {
	t.Helper()
	hs, ps := hcl.Providers(), plan.Providers()
	if len(hs) == 0 {
		t.Errorf("no provider configuration in the HCL graph")
	}
	if len(hs) != len(ps) {
		t.Errorf("%d provider configurations from HCL, %d from the plan", len(hs), len(ps))
		return
	}
	for i, h := range hs {
		p := ps[i]
		if h.Addr != p.Addr || h.Pos != p.Pos || h.Provider != p.Provider {
			t.Errorf("provider %s %s at %s from HCL, %s %s at %s from the plan", h.Addr, h.Provider, h.Pos, p.Addr, p.Provider, p.Pos)
			continue
		}
		if h.Region.GoString() != p.Region.GoString() {
			t.Errorf("%s region %#v from HCL, %#v from the plan", h.Addr, h.Region, p.Region)
		}
		if !slices.Equal(h.Ignores, p.Ignores) {
			t.Errorf("%s ignores %v from HCL, %v from the plan", h.Addr, h.Ignores, p.Ignores)
		}
		keys, _ := h.Attrs.Keys()
		for _, k := range keys {
			if p.Attrs.Get(k).IsAbsent() {
				t.Errorf("%s %s is set in HCL and absent from the plan", h.Addr, k)
			}
			if hv, pv := h.Attrs.Get(k), p.Attrs.Get(k); hv.IsWhollyKnown() && pv.IsWhollyKnown() && !subsumes(hv, pv) {
				t.Errorf("%s %s = %#v from HCL, %#v from the plan", h.Addr, k, hv, pv)
			}
		}
	}
}

// compareKnown checks that every argument the HCL knows reads the same from
// the plan, blocks included. (The plan knows more: provider defaults, data
// sources read while planning.)
func compareKnown(t *testing.T, h, p *infra.Resource) {
	t.Helper()
	keys, _ := h.Attrs.Keys()
	for _, k := range keys {
		if hv, pv := h.Attrs.Get(k), p.Attrs.Get(k); !subsumes(hv, pv) {
			t.Errorf("%s %s = %#v from HCL, %#v from the plan", h.Addr, k, hv, pv)
		}
	}
}

// subsumes reports whether every known leaf of h is in p at the same place.
// Lists match as sets: the provider may order a set of blocks differently
// from the configuration.
func subsumes(h, p infra.Value) bool {
	if !h.IsKnown() {
		return true // unknown or absent in HCL: nothing to hold the plan to
	}
	if !p.IsKnown() {
		return !knownLeaf(h)
	}
	if hs, ok := h.Str(); ok {
		ps, ok := p.Str()
		return ok && strings.TrimSpace(hs) == strings.TrimSpace(ps)
	}
	if keys, _ := h.Keys(); keys != nil {
		for _, k := range keys {
			if !subsumes(h.Get(k), p.Get(k)) {
				return false
			}
		}
		return true
	}
	hs, _ := h.Elems()
	ps, _ := p.Elems()
	for _, he := range hs {
		if !slices.ContainsFunc(ps, func(pe infra.Value) bool { return subsumes(he, pe) }) {
			return false
		}
	}
	return true
}

// knownLeaf reports whether v holds any known string, number or bool.
func knownLeaf(v infra.Value) bool {
	if !v.IsKnown() {
		return false
	}
	if _, ok := v.Str(); ok {
		return true
	}
	elems, _ := v.Elems()
	return slices.ContainsFunc(elems, knownLeaf)
}

// findings audits g with every built-in rule, as `plimsoll audit` does, and
// renders each finding as "RULE-ID ADDRESS: MESSAGE (suppressed)".
func findings(t *testing.T, g *infra.Graph) []string {
	t.Helper()
	aws.Annotate(g)
	engine, err := rule.NewEngine(rules.Builtin(), rule.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res := engine.Run(g)
	if len(res.Diagnostics) > 0 {
		t.Fatalf("rules failed:\n%v", res.Diagnostics.Err())
	}
	var out []string
	for _, f := range res.Findings {
		s := f.RuleID + " " + f.Address.String() + ": " + f.Message
		if f.Suppressed != nil {
			s += " (suppressed)"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestSameFindings(t *testing.T) {
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			hcl, plan := load(t, name)
			h, p := findings(t, hcl), findings(t, plan)
			if !slices.Equal(h, p) {
				t.Errorf("findings differ\nfrom HCL:\n  %s\nfrom the plan:\n  %s", strings.Join(h, "\n  "), strings.Join(p, "\n  "))
			}
			switch name {
			case "aws-shop":
				// Built to the playbook: it must audit clean. A finding here
				// is a wrong rule or a wrong example; either needs fixing.
				if len(h) > 0 {
					t.Errorf("aws-shop should audit clean:\n  %s", strings.Join(h, "\n  "))
				}
			case "single-server":
				if !slices.ContainsFunc(h, func(f string) bool { return strings.HasPrefix(f, "aws-ec2-lone-instance aws_instance.web:") }) {
					t.Errorf("single-server: no aws-ec2-lone-instance finding on aws_instance.web in\n  %s", strings.Join(h, "\n  "))
				}
			}
		})
	}
}
