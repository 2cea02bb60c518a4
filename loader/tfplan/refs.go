package tfplan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// modInst is one instance of a module: the root, or module.a["x"].module.b.
type modInst struct {
	steps    []infra.ModuleStep
	path     string // as addresses write it; "" for the root
	cfg      *module
	parent   *modInst
	call     *moduleCall // the call in parent.cfg that made this instance
	key      infra.Key   // the instance key of that call
	children map[string][]*modInst
	blocks   map[string]*configResource // by address within the module
	// instances caches the resource instances of each block of the module.
	instances map[string][]*infra.Resource
}

func modulePath(steps []infra.ModuleStep) string {
	var b strings.Builder
	for i, s := range steps {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(s.Name)
		b.WriteString(s.Key.String())
	}
	return b.String()
}

// linker turns the configuration's references into edges.
type linker struct {
	*loader
	mods map[string]*modInst
	root *modInst
	// memo holds the resources that a module's variable or output finally
	// names; pending marks those being resolved, so that a cycle (which
	// Terraform would reject, but input can be anything) ends.
	memo    map[string][]*infra.Resource
	pending map[string]bool
	refs    map[string]ref // parsed references
}

func (l *loader) newLinker() *linker {
	if l.plan.Config == nil || l.plan.Config.RootModule == nil {
		return nil
	}
	k := &linker{loader: l, mods: map[string]*modInst{}, memo: map[string][]*infra.Resource{}, pending: map[string]bool{}, refs: map[string]ref{}}
	k.root = k.newInst(nil, nil, l.plan.Config.RootModule, nil, infra.NoKey)
	for _, r := range l.g.Resources() {
		if _, ok := k.mods[r.Addr.ModuleString()]; !ok {
			k.inst(r.Addr.Module())
		}
	}
	k.implicit(k.root, 0)
	return k
}

func (k *linker) newInst(steps []infra.ModuleStep, parent *modInst, cfg *module, call *moduleCall, key infra.Key) *modInst {
	m := &modInst{steps: steps, path: modulePath(steps), cfg: cfg, parent: parent, call: call, key: key,
		children: map[string][]*modInst{}, blocks: k.blockIndex(cfg), instances: map[string][]*infra.Resource{}}
	k.mods[m.path] = m
	if parent != nil {
		name := steps[len(steps)-1].Name
		kids := parent.children[name]
		i, _ := slices.BinarySearchFunc(kids, m.path, func(c *modInst, p string) int { return strings.Compare(c.path, p) })
		parent.children[name] = slices.Insert(kids, i, m)
	}
	return m
}

// inst returns the module instance at steps, creating it and its ancestors.
func (k *linker) inst(steps []infra.ModuleStep) *modInst {
	if m, ok := k.mods[modulePath(steps)]; ok {
		return m
	}
	parent := k.inst(steps[:len(steps)-1])
	last := steps[len(steps)-1]
	var call *moduleCall
	var cfg *module
	if parent.cfg != nil {
		call = parent.cfg.ModuleCalls[last.Name]
		if call != nil {
			cfg = call.Module
		}
	}
	return k.newInst(slices.Clone(steps), parent, cfg, call, last.Key)
}

// implicit adds the instances of module calls without count or for_each
// that hold no resources themselves (a module that only passes values on):
// they exist all the same, and references pass through them.
func (k *linker) implicit(m *modInst, depth int) {
	if m.cfg == nil || depth > maxModuleDepth {
		return
	}
	for _, name := range sortedKeys(m.cfg.ModuleCalls) {
		call := m.cfg.ModuleCalls[name]
		if call == nil {
			continue
		}
		if call.CountExpression == nil && call.ForEachExpression == nil {
			k.inst(append(slices.Clone(m.steps), infra.ModuleStep{Name: name}))
		}
		for _, c := range m.children[name] {
			k.implicit(c, depth+1)
		}
	}
}

// scope is where an expression is evaluated: a module instance, and the
// instance key and for_each (or count) of the object the expression belongs
// to, which each.key, each.value and count.index stand for.
type scope struct {
	mod     *modInst
	key     infra.Key
	forEach *expr
	// keyed says the references are indexed by key even though they do not
	// mention each.key: they come from the for_each expression itself.
	keyed bool
}

type refKind uint8

const (
	refOther refKind = iota
	refResource
	refModule
	refVar
	refEach
	refCount
)

// ref is the object a reference string names.
type ref struct {
	kind   refKind
	addr   string // resource address within the module, without key
	name   string // module call or variable name
	key    infra.Key
	keyed  bool
	output string // module output, "" for the whole module
}

// parseRef reads a reference as Terraform writes it in plan JSON:
// "aws_subnet.a[0].id", "data.aws_iam_policy_document.p.json",
// "module.net[\"x\"].subnet_ids", "var.azs", "each.value.id".
func parseRef(s string) ref {
	steps := splitRef(s)
	if len(steps) < 2 || steps[0].name == "" || steps[1].name == "" {
		return ref{}
	}
	switch steps[0].name {
	case "var":
		return ref{kind: refVar, name: steps[1].name}
	case "each":
		return ref{kind: refEach}
	case "count":
		return ref{kind: refCount}
	case "local", "path", "terraform", "self", "ephemeral", "action", "resource", "template", "iterator":
		return ref{}
	case "module":
		r := ref{kind: refModule, name: steps[1].name, key: steps[1].key, keyed: steps[1].keyed}
		if len(steps) > 2 {
			r.output = steps[2].name
		}
		return r
	case "data":
		if len(steps) < 3 || steps[2].name == "" {
			return ref{}
		}
		return ref{kind: refResource, addr: "data." + steps[1].name + "." + steps[2].name, key: steps[2].key, keyed: steps[2].keyed}
	}
	if steps[0].keyed {
		return ref{}
	}
	return ref{kind: refResource, addr: steps[0].name + "." + steps[1].name, key: steps[1].key, keyed: steps[1].keyed}
}

type refStep struct {
	name  string
	key   infra.Key
	keyed bool
}

// splitRef splits "a.b[0].c" into its steps; a step's index is kept on it.
// Only the first index of a step counts (a[0][1] is a[0] for our purposes).
func splitRef(s string) []refStep {
	var steps []refStep
	for s != "" {
		i := 0
		for i < len(s) && s[i] != '.' && s[i] != '[' {
			i++
		}
		st := refStep{name: s[:i]}
		s = s[i:]
		for strings.HasPrefix(s, "[") {
			key, rest, ok := cutIndex(s)
			if !ok {
				return append(steps, st)
			}
			if !st.keyed {
				st.key, st.keyed = key, true
			}
			s = rest
		}
		steps = append(steps, st)
		if !strings.HasPrefix(s, ".") {
			break
		}
		s = s[1:]
	}
	return steps
}

func cutIndex(s string) (infra.Key, string, bool) {
	if len(s) > 1 && s[1] == '"' {
		q, err := strconv.QuotedPrefix(s[1:])
		if err != nil {
			return infra.NoKey, "", false
		}
		v, err := strconv.Unquote(q)
		if err != nil {
			return infra.NoKey, "", false
		}
		rest, ok := strings.CutPrefix(s[1+len(q):], "]")
		return infra.StringKey(v), rest, ok
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return infra.NoKey, "", false
	}
	n, err := strconv.Atoi(s[1:end])
	if err != nil || n < 0 {
		return infra.NoKey, "", false
	}
	return infra.IntKey(n), s[end+1:], true
}

// maxResolveDepth bounds how far references are followed through module
// variables and outputs.
const maxResolveDepth = 64

// resolve returns the resources that the references finally name, following
// variables, outputs and each.value.
func (k *linker) resolve(sc scope, refs []string, depth int) []*infra.Resource {
	if len(refs) == 0 || sc.mod == nil || depth > maxResolveDepth {
		return nil
	}
	// Expressions have a handful of references; slices beat maps here.
	type target struct {
		addr string
		keys []infra.Key
	}
	var resources []target
	type call struct {
		name    string
		keys    []infra.Key
		outputs []string
	}
	var calls []call
	var vars []string
	each, hint := false, sc.keyed
	for _, s := range refs {
		r := k.parse(s)
		switch r.kind {
		case refResource:
			i := slices.IndexFunc(resources, func(t target) bool { return t.addr == r.addr })
			if i < 0 {
				i = len(resources)
				resources = append(resources, target{addr: r.addr})
			}
			if r.keyed && !slices.Contains(resources[i].keys, r.key) {
				resources[i].keys = append(resources[i].keys, r.key)
			}
		case refModule:
			i := slices.IndexFunc(calls, func(c call) bool { return c.name == r.name })
			if i < 0 {
				i = len(calls)
				calls = append(calls, call{name: r.name})
			}
			c := &calls[i]
			if r.keyed && !slices.Contains(c.keys, r.key) {
				c.keys = append(c.keys, r.key)
			}
			if r.output != "" && !slices.Contains(c.outputs, r.output) {
				c.outputs = append(c.outputs, r.output)
			}
		case refVar:
			if !slices.Contains(vars, r.name) {
				vars = append(vars, r.name)
			}
		case refEach:
			each, hint = true, true
		case refCount:
			hint = true
		}
	}

	var out []*infra.Resource
	for _, t := range resources {
		out = append(out, k.instances(sc, t.addr, t.keys, hint)...)
	}
	for _, c := range calls {
		for _, child := range pick(sc.mod.children[c.name], c.keys, sc.key, hint, func(m *modInst) infra.Key { return m.key }) {
			if child.cfg == nil {
				continue
			}
			outputs := c.outputs
			if len(outputs) == 0 { // the module as a whole object
				outputs = sortedKeys(child.cfg.Outputs)
			}
			for _, o := range outputs {
				out = append(out, k.output(child, o, depth)...)
			}
		}
	}
	for _, v := range vars {
		out = append(out, k.variable(sc.mod, v, depth)...)
	}
	if each && sc.forEach != nil {
		// each.value is an element of the for_each value: resolve that
		// expression, keeping this instance's key to pick the element.
		out = append(out, k.resolve(scope{mod: sc.mod, key: sc.key, keyed: true}, sc.forEach.allRefs(), depth+1)...)
	}
	return out
}

// instances picks the instances of resource block addr in the scope's module
// that a reference names: the keyed ones when the reference has keys; else,
// when the expression also uses count.index or each.* and the block has an
// instance with the referring object's key, that one (aws_subnet.x[count.index]
// and aws_subnet.x[each.key] are by far the commonest shapes); else all.
func (k *linker) instances(sc scope, addr string, keys []infra.Key, hint bool) []*infra.Resource {
	all, ok := sc.mod.instances[addr]
	if !ok {
		prefix := sc.mod.path
		if prefix != "" {
			prefix += "."
		}
		all = k.byConfig[prefix+addr]
		sc.mod.instances[addr] = all
	}
	return pick(all, keys, sc.key, hint, func(r *infra.Resource) infra.Key { return r.Addr.Key })
}

// parse is parseRef, remembered: the same references recur in every
// instance of a block.
func (k *linker) parse(s string) ref {
	r, ok := k.refs[s]
	if !ok {
		r = parseRef(s)
		k.refs[s] = r
	}
	return r
}

func pick[T any](all []T, keys []infra.Key, key infra.Key, hint bool, keyOf func(T) infra.Key) []T {
	if len(keys) > 0 {
		var out []T
		for _, x := range all {
			if slices.Contains(keys, keyOf(x)) {
				out = append(out, x)
			}
		}
		return out
	}
	if len(all) > 1 && hint && !key.IsZero() {
		for _, x := range all {
			if keyOf(x) == key {
				return []T{x}
			}
		}
	}
	return all
}

// output resolves output name of module instance m.
func (k *linker) output(m *modInst, name string, depth int) []*infra.Resource {
	o := m.cfg.Outputs[name]
	if o == nil || o.Expression == nil {
		return nil
	}
	return k.memoized(m.path+"\x00output\x00"+name, func() []*infra.Resource {
		return k.resolve(scope{mod: m}, o.Expression.allRefs(), depth+1)
	})
}

// variable resolves input variable name of module instance m through the
// expression its caller passes.
func (k *linker) variable(m *modInst, name string, depth int) []*infra.Resource {
	if m.parent == nil || m.call == nil {
		return nil // a root variable names no resource
	}
	e := m.call.Expressions[name]
	if e == nil {
		return nil
	}
	forEach := m.call.ForEachExpression
	if forEach == nil {
		forEach = m.call.CountExpression
	}
	return k.memoized(m.path+"\x00var\x00"+name, func() []*infra.Resource {
		return k.resolve(scope{mod: m.parent, key: m.key, forEach: forEach}, e.allRefs(), depth+1)
	})
}

func (k *linker) memoized(key string, fn func() []*infra.Resource) []*infra.Resource {
	if rs, ok := k.memo[key]; ok {
		return rs
	}
	if k.pending[key] {
		return nil
	}
	k.pending[key] = true
	rs := fn()
	delete(k.pending, key)
	k.memo[key] = rs
	return rs
}

// allRefs returns every reference in e, nested blocks included.
func (e *expr) allRefs() []string {
	if e == nil {
		return nil
	}
	refs := slices.Clone(e.Refs)
	for _, b := range e.Blocks {
		for _, name := range sortedKeys(b) {
			refs = append(refs, b[name].allRefs()...)
		}
	}
	for _, name := range sortedKeys(e.Block) {
		refs = append(refs, e.Block[name].allRefs()...)
	}
	return refs
}

// walkExprs calls fn with the attribute path of every expression in a
// block's expressions, nested blocks written with their index
// ("ingress.0.security_groups") the way values nest them.
func walkExprs(prefix string, m map[string]*expr, depth int, fn func(path string, e *expr)) {
	if depth > maxModuleDepth {
		return
	}
	for _, name := range sortedKeys(m) {
		e := m[name]
		if e == nil {
			continue
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		switch {
		case e.leaf():
			fn(path, e)
		case e.Blocks != nil:
			for i, b := range e.Blocks {
				walkExprs(path+"."+strconv.Itoa(i), b, depth+1, fn)
			}
		default:
			// A single nested block: written as the first of a list, as the
			// HCL loader writes every block.
			walkExprs(path+".0", e.Block, depth+1, fn)
		}
	}
}

func (k *linker) link(from *infra.Resource, attr string, to []*infra.Resource) {
	for _, t := range to {
		k.g.Link(infra.Edge{From: from.Addr, To: t.Addr, Attr: attr})
	}
}

// block returns the module instance of r and the configuration block r is
// an instance of, or nils.
func (k *linker) block(r *infra.Resource) (*modInst, *configResource) {
	if k == nil {
		return nil, nil
	}
	m := k.mods[r.Addr.ModuleString()]
	if m == nil {
		return nil, nil
	}
	rc := m.blocks[r.Addr.InModule(nil).Config().String()]
	if rc == nil {
		return nil, nil
	}
	return m, rc
}

// referenceEdges records an edge for every reference in every resource's
// configuration, to the resources it finally names.
func (k *linker) referenceEdges() {
	if k == nil {
		return
	}
	for _, r := range k.g.Resources() {
		m, rc := k.block(r)
		if rc == nil {
			continue
		}
		forEach := rc.ForEachExpression
		if forEach == nil {
			forEach = rc.CountExpression
		}
		sc := scope{mod: m, key: r.Addr.Key, forEach: forEach}
		attrs := r.Attrs.Cty()
		walkExprs("", rc.Expressions, 0, func(path string, e *expr) {
			for _, to := range k.resolve(sc, e.Refs, 0) {
				for _, p := range k.blockPaths(attrs, path, to) {
					k.g.Link(infra.Edge{From: r.Addr, To: to.Addr, Attr: p})
				}
			}
		})
		// The instance exists because of its count or for_each, and after
		// what depends_on names: edges as the HCL loader records them. An
		// instance of for_each = aws_subnet.x comes from the subnet of its
		// own key.
		if rc.ForEachExpression != nil {
			k.link(r, "for_each", k.resolve(scope{mod: m, key: r.Addr.Key, keyed: true}, rc.ForEachExpression.allRefs(), 0))
		}
		if rc.CountExpression != nil {
			k.link(r, "count", k.resolve(scope{mod: m}, rc.CountExpression.allRefs(), 0))
		}
		k.markSensitive(r, attrs, sc, rc)
		var deps []string
		for _, d := range rc.DependsOn {
			if parseRef(d).kind == refResource {
				deps = append(deps, d)
			}
		}
		k.link(r, "depends_on", k.resolve(scope{mod: m}, deps, 0))
	}
}
