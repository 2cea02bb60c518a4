package terraform

import (
	"maps"
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/plimsoll/plimsoll/infra"
)

// instance is one instance of a module: the root module, or a module call
// (one per count index or for_each key). It evaluates the module's items
// lazily, each after the items it refers to, which is the dependency order
// Terraform uses.
type instance struct {
	l       *loader
	m       *module
	path    []infra.ModuleStep
	callKey string // "a.b": the module call path without instance keys
	parent  *instance
	call    *moduleCall
	// countUnknown is set when this instance stands for an unknown number
	// of module instances; every resource in it is then CountUnknown.
	countUnknown bool

	vals  map[ref]cty.Value
	state map[ref]evalState
	stack []ref // items being evaluated, to name a cycle

	base *hcl.EvalContext // functions, path and terraform
}

type evalState uint8

const (
	pending evalState = iota
	busy
	done
	cyclic
)

func (l *loader) newInstance(m *module, parent *instance, call *moduleCall, path []infra.ModuleStep) *instance {
	in := &instance{
		l:      l,
		m:      m,
		path:   path,
		parent: parent,
		call:   call,
		vals:   map[ref]cty.Value{},
		state:  map[ref]evalState{},
	}
	if parent != nil {
		in.callKey = call.name
		if parent.callKey != "" {
			in.callKey = parent.callKey + "." + call.name
		}
		in.countUnknown = parent.countUnknown
	}
	cwd := "/" + l.root
	if l.root == "." {
		cwd = "/"
	}
	in.base = &hcl.EvalContext{
		Functions: l.funcs,
		Variables: map[string]cty.Value{
			"path": cty.ObjectVal(map[string]cty.Value{
				"module": cty.StringVal(relPath(l.root, m.dir)),
				"root":   cty.StringVal("."),
				"cwd":    cty.StringVal(cwd),
			}),
			"terraform": cty.ObjectVal(map[string]cty.Value{
				"workspace": cty.StringVal("default"),
			}),
			"self":      cty.DynamicVal,
			"ephemeral": cty.DynamicVal,
		},
	}
	return in
}

// evalAll evaluates every item of the module, in declaration order as far as
// dependencies allow.
func (in *instance) evalAll() {
	for _, r := range in.m.order {
		in.eval(r)
	}
}

// eval evaluates one item after the items it refers to.
func (in *instance) eval(r ref) {
	switch in.state[r] {
	case done, cyclic:
		return
	case busy:
		// A cycle: every item on it from r onwards gets an unknown value.
		i := len(in.stack) - 1
		for i > 0 && in.stack[i] != r {
			i--
		}
		names := make([]string, 0, len(in.stack)-i+1)
		viaModule := false
		for _, s := range in.stack[i:] {
			names = append(names, s.String())
			viaModule = viaModule || s.kind == refModule
		}
		names = append(names, r.String())
		if viaModule {
			// Terraform orders module inputs and outputs one by one, so
			// a cycle between whole module calls may be none at all;
			// plimsoll only lets the reference that closes it see an
			// unknown value.
			in.l.warnf(in.rangeOf(r), "Module calls refer to each other", "%s: plimsoll evaluates module calls as a whole, so the last reference sees an unknown value", strings.Join(names, " → "))
			return
		}
		for _, s := range in.stack[i:] {
			in.state[s] = cyclic
		}
		in.l.errorf(in.rangeOf(r), "Cycle in references", "%s: Terraform cannot order these; their values are treated as unknown", strings.Join(names, " → "))
		return
	}
	in.state[r] = busy
	in.stack = append(in.stack, r)
	for _, u := range in.usesOf(r) {
		if u.ok && in.declared(u.ref) {
			in.eval(u.ref)
		}
	}
	in.stack = in.stack[:len(in.stack)-1]
	switch r.kind {
	case refVar:
		// Variables are set before evaluation starts.
	case refLocal:
		lc := in.m.locals[r.name]
		in.vals[r] = in.value(lc.expr, in.scope(lc.uses, nil))
	case refOutput:
		o := in.m.outputs[r.name]
		if o.expr != nil {
			v := in.value(o.expr, in.scope(o.uses, nil))
			if o.sensitive {
				v = v.Mark(sensitive)
			}
			in.vals[r] = v
		}
	case refResource:
		in.evalResource(in.m.resources[r.name])
	case refModule:
		in.evalModuleCall(in.m.calls[r.name])
	case refProvider:
		in.evalProvider(in.m.providers[r.name])
	}
	if in.state[r] == cyclic {
		in.vals[r] = in.unknownFor(r)
	}
	in.state[r] = done
}

// unknownFor is the value an item takes when it cannot be evaluated: unknown,
// but still marked with the resources it stands for.
func (in *instance) unknownFor(r ref) cty.Value {
	if r.kind == refResource {
		if rc := in.m.resources[r.name]; rc != nil {
			return cty.DynamicVal.Mark(refMark{addr: in.addr(rc, infra.NoKey), whole: true})
		}
	}
	return cty.DynamicVal
}

func (in *instance) declared(r ref) bool {
	switch r.kind {
	case refVar:
		_, ok := in.m.variables[r.name]
		return ok
	case refLocal:
		_, ok := in.m.locals[r.name]
		return ok
	case refResource:
		_, ok := in.m.resources[r.name]
		return ok
	case refModule:
		_, ok := in.m.calls[r.name]
		return ok
	}
	return false
}

// usesOf are the references that must be evaluated before item r.
func (in *instance) usesOf(r ref) []use {
	switch r.kind {
	case refLocal:
		return in.m.locals[r.name].uses
	case refOutput:
		return in.m.outputs[r.name].uses
	case refResource:
		return in.m.resources[r.name].uses
	case refModule:
		return in.m.calls[r.name].deps
	case refProvider:
		return in.m.providers[r.name].uses
	}
	return nil
}

func (in *instance) rangeOf(r ref) hcl.Range {
	switch r.kind {
	case refVar:
		return in.m.variables[r.name].rng
	case refLocal:
		return in.m.locals[r.name].rng
	case refOutput:
		return in.m.outputs[r.name].rng
	case refResource:
		return in.m.resources[r.name].pos
	case refModule:
		return in.m.calls[r.name].rng
	case refProvider:
		return in.m.providers[r.name].rng
	}
	return hcl.Range{Filename: in.m.dir}
}

// value evaluates an expression. Problems become warnings and the value
// unknown: a configuration Terraform accepts may still use a value plimsoll
// cannot compute.
func (in *instance) value(expr hcl.Expression, ctx *hcl.EvalContext) cty.Value {
	v, diags := expr.Value(ctx)
	in.l.addHCL(diags, true)
	if v == cty.NilVal || diags.HasErrors() {
		// Keep the references of a failed expression as edges.
		return cty.DynamicVal.WithMarks(in.marksOf(expr, ctx))
	}
	return v
}

// marksOf collects the marks of the values an expression refers to, for
// expressions that could not be evaluated as a whole.
func (in *instance) marksOf(expr hcl.Expression, ctx *hcl.EvalContext) cty.ValueMarks {
	marks := cty.ValueMarks{}
	for _, tr := range exprTraversals(expr) {
		v, diags := tr.TraverseAbs(ctx)
		if diags.HasErrors() {
			// Fall back to the root object, which carries the marks of
			// everything it holds.
			root, d := hcl.Traversal{tr[0]}.TraverseAbs(ctx)
			if d.HasErrors() {
				continue
			}
			if len(tr) > 1 {
				if step, ok := tr[1].(hcl.TraverseAttr); ok && root.Type().IsObjectType() && root.Type().HasAttribute(step.Name) && root.IsKnown() {
					root = root.GetAttr(step.Name)
				}
			}
			v = root
		}
		_, ms := v.UnmarkDeep()
		for m := range ms {
			marks[m] = struct{}{}
		}
	}
	return marks
}

// scope builds the evaluation context for expressions making the given
// references: only the items they name are put in, so building it costs no
// more than the references themselves.
func (in *instance) scope(uses []use, extra map[string]cty.Value) *hcl.EvalContext {
	ctx := in.base.NewChild()
	ctx.Variables = make(map[string]cty.Value, len(extra)+2)
	var vars, locals, modules map[string]cty.Value
	var res, data map[string]map[string]cty.Value
	for _, u := range uses {
		// count and each, the names extra holds, name no item.
		if !u.ok {
			continue
		}
		r := u.ref
		if !in.declared(r) {
			in.undeclared(r, u.tr)
		}
		v, ok := in.vals[r]
		if !ok {
			v = in.unknownFor(r)
		}
		switch r.kind {
		case refVar:
			vars = putVal(vars, r.name, v)
		case refLocal:
			locals = putVal(locals, r.name, v)
		case refModule:
			modules = putVal(modules, r.name, v)
		case refResource:
			if rest, ok := strings.CutPrefix(r.name, "data."); ok {
				typ, name, _ := strings.Cut(rest, ".")
				data = put(data, typ, name, v)
			} else {
				typ, name, _ := strings.Cut(r.name, ".")
				res = put(res, typ, name, v)
			}
		}
	}
	if vars != nil {
		ctx.Variables["var"] = cty.ObjectVal(vars)
	}
	if locals != nil {
		ctx.Variables["local"] = cty.ObjectVal(locals)
	}
	if modules != nil {
		ctx.Variables["module"] = cty.ObjectVal(modules)
	}
	if data != nil {
		obj := make(map[string]cty.Value, len(data))
		for typ, names := range data {
			obj[typ] = cty.ObjectVal(names)
		}
		ctx.Variables["data"] = cty.ObjectVal(obj)
	}
	for typ, names := range res {
		ctx.Variables[typ] = cty.ObjectVal(names)
	}
	for k, v := range extra {
		ctx.Variables[k] = v
	}
	return ctx
}

func putVal(m map[string]cty.Value, k string, v cty.Value) map[string]cty.Value {
	if m == nil {
		m = map[string]cty.Value{}
	}
	m[k] = v
	return m
}

func put(m map[string]map[string]cty.Value, typ, name string, v cty.Value) map[string]map[string]cty.Value {
	if m == nil {
		m = map[string]map[string]cty.Value{}
	}
	m[typ] = putVal(m[typ], name, v)
	return m
}

func objectOrEmpty(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

func (in *instance) undeclared(r ref, tr hcl.Traversal) {
	what := map[refKind]string{refVar: "input variable", refLocal: "local value", refModule: "module", refResource: "resource"}[r.kind]
	in.l.errorf(tr.SourceRange(), "Reference to undeclared "+what, "%s is not declared in %s", r, in.m.dir)
}

// addr is the address of an instance of a resource block of this module.
func (in *instance) addr(rc *resourceConfig, key infra.Key) infra.Address {
	return infra.NewAddress(in.path, rc.mode, rc.typ, rc.name, key)
}

// expansion is what count or for_each make of a block: its instance keys
// and each.value of each, or unknown.
type expansion struct {
	keys    []infra.Key
	each    []cty.Value
	counted bool // count or for_each was given
	unknown bool
	marks   cty.ValueMarks
	attr    string // "count" or "for_each"
}

func (in *instance) expand(count, forEach hcl.Expression, ctx *hcl.EvalContext, what string) expansion {
	switch {
	case count != nil:
		x := expansion{counted: true, attr: "count"}
		v, marks := unmark(in.value(count, ctx))
		v, _ = v.Unmark()
		x.marks = marks
		if !v.IsKnown() {
			x.unknown = true
			return x
		}
		n, err := convert.Convert(v, cty.Number)
		if err != nil || n.IsNull() {
			in.l.warnf(count.Range(), "Invalid count argument", "%s: count must be a whole number; treated as unknown", what)
			x.unknown = true
			return x
		}
		if !n.IsKnown() {
			x.unknown = true
			return x
		}
		c, acc := n.AsBigFloat().Int64()
		if acc != big.Exact || c < 0 {
			in.l.warnf(count.Range(), "Invalid count argument", "%s: count must be a whole number not below zero, not %s; treated as unknown", what, n.AsBigFloat().Text('g', 10))
			x.unknown = true
			return x
		}
		if c > maxInstances {
			in.l.warnf(count.Range(), "Count too large", "%s: count %d is above the %d instances plimsoll expands; treated as unknown", what, c, maxInstances)
			x.unknown = true
			return x
		}
		for i := range int(c) {
			x.keys = append(x.keys, infra.IntKey(i))
		}
		return x
	case forEach != nil:
		x := expansion{counted: true, attr: "for_each"}
		v := in.value(forEach, ctx)
		top, topMarks := v.Unmark()
		_, x.marks = unmark(v)
		v = top
		ty := v.Type()
		switch {
		case !v.IsKnown():
			x.unknown = true
		case v.IsNull():
			in.l.warnf(forEach.Range(), "Invalid for_each argument", "%s: for_each must not be null; treated as unknown", what)
			x.unknown = true
		case ty.IsMapType() || ty.IsObjectType():
			if v.LengthInt() > maxInstances {
				x.unknown = true
				return x
			}
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				x.keys = append(x.keys, infra.StringKey(k.AsString()))
				x.each = append(x.each, e.WithMarks(topMarks))
			}
		case ty.IsSetType() && (ty.ElementType() == cty.String || ty.ElementType() == cty.DynamicPseudoType):
			if !v.IsWhollyKnown() {
				x.unknown = true
				return x
			}
			if v.LengthInt() > maxInstances {
				x.unknown = true
				return x
			}
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				e, _ = e.Unmark()
				if e.IsNull() || e.Type() != cty.String {
					in.l.warnf(forEach.Range(), "Invalid for_each argument", "%s: for_each set elements must be strings; treated as unknown", what)
					return expansion{counted: true, unknown: true, attr: "for_each", marks: x.marks}
				}
				x.keys = append(x.keys, infra.StringKey(e.AsString()))
				x.each = append(x.each, e.WithMarks(topMarks))
			}
		default:
			in.l.warnf(forEach.Range(), "Invalid for_each argument", "%s: for_each must be a map, or a set of strings, not %s; treated as unknown", what, ty.FriendlyName())
			x.unknown = true
		}
		return x
	}
	return expansion{keys: []infra.Key{infra.NoKey}}
}

// instanceMarks are the marks that made instance i: the whole count, or an
// unknown for_each, depends on everything its expression names; a known
// for_each instance on the collection itself and its own element only, so
// for_each = aws_subnet.x links x["a"] to subnet["a"] rather than to every
// subnet.
func (x expansion) instanceMarks(i int) cty.ValueMarks {
	if x.attr != "for_each" || x.unknown {
		return x.marks
	}
	return marksDeep(x.each[i])
}

// iterVars are count and each for one instance.
func iterVars(x expansion, i int) map[string]cty.Value {
	switch {
	case x.attr == "count" && x.unknown:
		return map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)})}
	case x.attr == "count":
		n, _ := x.keys[i].Int()
		return map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(n))})}
	case x.attr == "for_each" && x.unknown:
		// each.value still refers to whatever for_each named.
		return map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{
			"key": cty.UnknownVal(cty.String).WithMarks(x.marks), "value": cty.DynamicVal.WithMarks(x.marks)})}
	case x.attr == "for_each":
		k, _ := x.keys[i].Str()
		return map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(k), "value": x.each[i]})}
	}
	return nil
}

// evalResource makes the instances of a resource block and the value other
// expressions see for it.
func (in *instance) evalResource(rc *resourceConfig) {
	r := ref{refResource, rc.key()}
	what := rc.key()
	cfgAddr := in.addr(rc, infra.NoKey)
	x := expansion{keys: []infra.Key{infra.NoKey}}
	if rc.count != nil || rc.forEach != nil {
		x = in.expand(rc.count, rc.forEach, in.scope(rc.metaUses, nil), what)
	}
	keys := x.keys
	if x.unknown {
		keys = []infra.Key{infra.NoKey}
	}
	provider := in.resolveProvider(rc.provider)
	read := in.m.referenced[rc.key()]
	objs := make([]cty.Value, len(keys))
	for i, key := range keys {
		addr := in.addr(rc, key)
		ctx := in.scope(rc.uses, iterVars(x, i))
		attrs := in.evalBodyMap(rc.body, ctx, addr, "", true)
		res := &infra.Resource{
			Addr:         addr,
			Attrs:        infra.ValueOf(cty.ObjectVal(attrs)),
			Pos:          posOf(rc.pos),
			Provider:     provider,
			CountUnknown: x.unknown || in.countUnknown,
			Ignores:      rc.ignores,
		}
		if err := in.l.g.Add(res); err != nil {
			in.l.errorf(rc.pos, "Duplicate resource instance", "%v", err)
			continue
		}
		in.l.made = append(in.l.made, res)
		in.l.instances[cfgAddr] = append(in.l.instances[cfgAddr], addr)
		in.l.edgesFromMarks(addr, x.attr, x.instanceMarks(i))
		if read {
			in.l.addComputed(rc, attrs)
			objs[i] = cty.ObjectVal(attrs).Mark(refMark{addr: addr})
		}
	}
	whole := refMark{addr: cfgAddr, whole: true}
	switch {
	case x.unknown || !read:
		// No expression reads a block nothing refers to: its value is
		// not built.
		in.vals[r] = cty.DynamicVal.Mark(whole)
	case !x.counted:
		in.vals[r] = objs[0]
	case x.attr == "count":
		in.vals[r] = cty.TupleVal(objs).Mark(whole)
	default:
		m := make(map[string]cty.Value, len(objs))
		for i, k := range keys {
			s, _ := k.Str()
			m[s] = objs[i]
		}
		in.vals[r] = cty.ObjectVal(m).Mark(whole)
	}
}

// addComputed adds an unknown value for every attribute the configuration
// reads from resources of this type but does not set: ids, ARNs and the
// like, computed at apply.
func (l *loader) addComputed(rc *resourceConfig, attrs map[string]cty.Value) {
	key := rc.typ
	if rc.mode == infra.Data {
		key = "data." + rc.typ
	}
	names, ok := l.computed[key]
	if !ok {
		set := maps.Clone(l.loose)
		if set == nil {
			set = map[string]bool{}
		}
		maps.Copy(set, l.attrNames[key])
		names = sortedKeys(set)
		l.computed[key] = names
	}
	// An attribute the configuration sets to null is also computed when
	// the provider fills it in (Optional and Computed), as aws_vpc's
	// ipv6_cidr_block or aws_region's region: a reader sees unknown.
	for _, n := range names {
		if v, ok := attrs[n]; !ok || v.IsNull() {
			attrs[n] = cty.DynamicVal
		}
	}
}

// evalModuleCall expands a module call, evaluates each instance of the
// module and makes the value of module.NAME from their outputs.
func (in *instance) evalModuleCall(c *moduleCall) {
	r := ref{refModule, c.name}
	what := "module." + c.name
	x := in.expand(c.count, c.forEach, in.scope(c.metaUses, nil), what)
	callKey := c.name
	if in.callKey != "" {
		callKey = in.callKey + "." + c.name
	}
	dir, ok := in.l.callDirs[callKey]
	if !ok {
		// Not analysed (reported when it was discovered): evaluate the
		// inputs for their diagnostics and leave the outputs unknown.
		for i := range max(len(x.keys), 1) {
			ctx := in.scope(c.uses, iterVars(x, min(i, len(x.keys)-1)))
			for _, a := range c.inputs {
				in.value(a.Expr, ctx)
			}
		}
		in.vals[r] = cty.DynamicVal
		return
	}
	child := in.l.modules[dir]
	keys := x.keys
	if x.unknown {
		keys = []infra.Key{infra.NoKey}
	}
	outs := make([]cty.Value, len(keys))
	for i, key := range keys {
		ctx := in.scope(c.uses, iterVars(x, i))
		inputs := map[string]cty.Value{}
		for _, a := range c.inputs {
			inputs[a.Name] = in.value(a.Expr, ctx)
			if _, ok := child.variables[a.Name]; !ok {
				in.l.errorf(a.NameRange, "Unsupported argument", "module %q (%s) has no variable named %q", c.name, c.source, a.Name)
			}
		}
		path := append(append([]infra.ModuleStep(nil), in.path...), infra.ModuleStep{Name: c.name, Key: key})
		sub := in.l.newInstance(child, in, c, path)
		sub.countUnknown = sub.countUnknown || x.unknown
		sub.setVars(inputs, c)
		sub.evalAll()
		outs[i] = sub.outputs()
	}
	switch {
	case x.unknown:
		// Keep the marks of every output so references still make edges.
		_, marks := outs[0].UnmarkDeep()
		in.vals[r] = cty.DynamicVal.WithMarks(marks)
	case !x.counted:
		in.vals[r] = outs[0]
	case x.attr == "count":
		in.vals[r] = cty.TupleVal(outs)
	default:
		m := make(map[string]cty.Value, len(outs))
		for i, k := range keys {
			s, _ := k.Str()
			m[s] = outs[i]
		}
		in.vals[r] = cty.ObjectVal(m)
	}
}

// outputs is the object of a module instance's output values.
func (in *instance) outputs() cty.Value {
	m := map[string]cty.Value{}
	for name := range in.m.outputs {
		if v, ok := in.vals[ref{refOutput, name}]; ok {
			m[name] = v
		} else {
			m[name] = cty.DynamicVal
		}
	}
	return objectOrEmpty(m)
}

// setVars gives a module instance's variables the values its caller passed.
func (in *instance) setVars(inputs map[string]cty.Value, c *moduleCall) {
	for name, v := range in.m.variables {
		val, given := inputs[name]
		if !given && v.def == cty.NilVal {
			in.l.errorf(c.rng, "Missing required argument", "module %q (%s) needs a value for variable %q, which has no default", c.name, c.source, name)
			val = cty.UnknownVal(v.typ)
		}
		in.vals[ref{refVar, name}] = in.finalVar(v, val, given, c.rng)
	}
}

// finalVar applies a variable's type, defaults, nullability and sensitivity
// to the value given for it.
func (in *instance) finalVar(v *variable, val cty.Value, given bool, rng hcl.Range) cty.Value {
	if !given {
		val = v.def
		if val == cty.NilVal {
			val = cty.UnknownVal(v.typ)
		}
	} else {
		if v.defaults != nil {
			val = v.defaults.Apply(val)
		}
		conv, err := convert.Convert(val, v.typ)
		if err != nil {
			in.l.errorf(rng, "Invalid value for variable", "variable %q: %v", v.name, err)
			conv = cty.UnknownVal(v.typ)
		}
		val = conv
		if val.IsNull() && !v.nullable && v.def != cty.NilVal {
			val = v.def
		}
	}
	if v.sensitive {
		val = val.Mark(sensitive)
	}
	return val
}

// evalProvider adds a provider configuration to the graph, with its
// arguments evaluated as a resource's are (references become edges,
// sensitive marks stay), and records its region for the resources that use
// it. A block that sets nothing is left out: it says nothing a rule could
// read, and a plan does not tell it from no block at all.
func (in *instance) evalProvider(p *providerConfig) {
	name := in.providerAddr(p.addr())
	addr := infra.NewProviderAddress(in.path, p.name, p.alias)
	attrs := in.evalBodyMap(p.body, in.scope(p.uses, nil), addr, "", true)
	for k := range providerMeta {
		delete(attrs, k)
	}
	region := infra.Absent
	if v, ok := attrs["region"]; ok {
		region = infra.ValueOf(plain(v))
	}
	in.l.regions[name] = region
	if len(attrs) == 0 {
		return
	}
	res := &infra.Resource{
		Addr:         addr,
		Attrs:        infra.ValueOf(cty.ObjectVal(attrs)),
		Pos:          posOf(p.rng),
		Provider:     name,
		Region:       region,
		CountUnknown: in.countUnknown,
		Ignores:      p.ignores,
	}
	if err := in.l.g.Add(res); err != nil {
		in.l.errorf(p.rng, "Duplicate provider configuration", "%v", err)
	}
}

// providerAddr is the address, in root module terms, of a provider
// configuration declared in this module.
func (in *instance) providerAddr(local string) string {
	if len(in.path) == 0 {
		return local
	}
	return infra.NewAddress(in.path, infra.Managed, "x", "x", infra.NoKey).ModuleString() + "." + local
}

// resolveProvider finds the provider configuration, in root module terms,
// that a local provider address of this module stands for: one the module
// declares itself, one its caller passes in providers, or the caller's
// default configuration of the same name, inherited.
func (in *instance) resolveProvider(local string) string {
	if _, ok := in.m.providers[local]; ok || in.parent == nil {
		return in.providerAddr(local)
	}
	for _, p := range in.call.providers {
		if p.child == local {
			return in.parent.resolveProvider(p.parent)
		}
	}
	if !strings.Contains(local, ".") {
		return in.parent.resolveProvider(local)
	}
	return local
}

// relPath is the path from dir from to dir to, as path.module gives it.
func relPath(from, to string) string {
	if from == to {
		return "."
	}
	split := func(p string) []string {
		if p == "." || p == "" {
			return nil
		}
		return strings.Split(p, "/")
	}
	a, b := split(from), split(to)
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	var parts []string
	for range a[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, b[i:]...)
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}
