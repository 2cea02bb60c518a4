package terraform

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/plimsoll/plimsoll/infra"
)

// module is the parsed configuration of one module directory. Several module
// instances (module calls with count, or the same source called twice) share
// one module.
type module struct {
	dir   string
	files map[string]*hcl.File // by file name, for inline ignores

	variables map[string]*variable
	locals    map[string]*local
	outputs   map[string]*output
	resources map[string]*resourceConfig // by "TYPE.NAME" or "data.TYPE.NAME"
	calls     map[string]*moduleCall
	providers map[string]*providerConfig // by "aws" or "aws.west"

	// referenced are the resource blocks ("TYPE.NAME", "data.TYPE.NAME")
	// some expression of the module refers to (set by collectRefs); the
	// value of any other is never read.
	referenced map[string]bool

	// order is every evaluable item in declaration order, so evaluation and
	// the graph it builds are deterministic.
	order []ref
}

// variable is a variable block.
type variable struct {
	name      string
	typ       cty.Type
	defaults  *typeexpr.Defaults
	typeSet   bool      // the block has a type argument
	def       cty.Value // cty.NilVal when there is no default
	sensitive bool
	nullable  bool
	rng       hcl.Range
}

// local is one entry of a locals block.
type local struct {
	name string
	expr hcl.Expression
	rng  hcl.Range
	uses []use // set by collectRefs
}

// output is an output block.
type output struct {
	name      string
	expr      hcl.Expression
	sensitive bool
	rng       hcl.Range
	uses      []use // set by collectRefs
}

// resourceConfig is a resource or data block.
type resourceConfig struct {
	mode     infra.Mode
	typ      string
	name     string
	body     hcl.Body
	count    hcl.Expression
	forEach  hcl.Expression
	provider string // local provider address: "aws", "aws.west"
	pos      hcl.Range
	ignores  []infra.Ignore
	k        string // see key
	// uses are every reference its body makes, metaUses those of count
	// and for_each (set by collectRefs).
	uses, metaUses []use
}

// key is the block's name in its module: "TYPE.NAME" or "data.TYPE.NAME".
func (r *resourceConfig) key() string { return r.k }

// moduleCall is a module block.
type moduleCall struct {
	name      string
	source    string
	version   string
	sourceRng hcl.Range
	count     hcl.Expression
	forEach   hcl.Expression
	inputs    []*hcl.Attribute // in source order
	providers []providerPass   // nil when the call has no providers argument
	hasProv   bool
	dependsOn []hcl.Traversal
	rng       hcl.Range
	body      hcl.Body
	// uses are the references of its arguments, metaUses those of count
	// and for_each, deps those and depends_on's, which order evaluation
	// (set by collectRefs).
	uses, metaUses, deps []use
}

// providerPass is one entry of a module call's providers map: the child's
// local provider address and the caller's.
type providerPass struct {
	child, parent string
}

// providerConfig is a provider block.
type providerConfig struct {
	name    string // "aws"
	alias   string // "west", or ""
	body    hcl.Body
	rng     hcl.Range
	ignores []infra.Ignore
	uses    []use // set by collectRefs
}

// providerMeta are provider block arguments that Terraform itself reads;
// they are not arguments of the provider.
var providerMeta = map[string]bool{"alias": true, "version": true}

func (p *providerConfig) addr() string {
	if p.alias != "" {
		return p.name + "." + p.alias
	}
	return p.name
}

// refKind tells which namespace a reference names.
type refKind uint8

const (
	refVar refKind = iota + 1
	refLocal
	refResource // managed or data; name is "TYPE.NAME" or "data.TYPE.NAME"
	refModule
	refOutput
	refProvider
)

// ref names one evaluable item of a module.
type ref struct {
	kind refKind
	name string
}

func (r ref) String() string {
	switch r.kind {
	case refVar:
		return "var." + r.name
	case refLocal:
		return "local." + r.name
	case refModule:
		return "module." + r.name
	case refOutput:
		return "output." + r.name
	case refProvider:
		return "provider." + r.name
	}
	return r.name
}

var topSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "terraform"},
		{Type: "required_providers"},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "ephemeral", LabelNames: []string{"type", "name"}},
		{Type: "moved"},
		{Type: "import"},
		{Type: "removed"},
		{Type: "check", LabelNames: []string{"name"}},
	},
}

var topBlockTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, b := range topSchema.Blocks {
		m[b.Type] = true
	}
	return m
}()

// metaArgs are resource arguments that Terraform itself reads; they are not
// attributes of the resource.
var metaArgs = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}

// metaBlocks are nested blocks that belong to Terraform, not to the resource.
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true, "precondition": true, "postcondition": true}

// readModule parses every configuration file of dir. Files that fail to parse
// are reported and skipped; the rest still load.
func (l *loader) readModule(dir string) *module {
	m := &module{
		dir:       dir,
		files:     map[string]*hcl.File{},
		variables: map[string]*variable{},
		locals:    map[string]*local{},
		outputs:   map[string]*output{},
		resources: map[string]*resourceConfig{},
		calls:     map[string]*moduleCall{},
		providers: map[string]*providerConfig{},
	}
	entries, err := fs.ReadDir(l.fsys, fsPath(dir))
	if err != nil {
		l.errorf(hcl.Range{Filename: dir}, "Cannot read module directory", "%v", err)
		return m
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !isConfigFile(name) {
			continue
		}
		if isOverrideFile(name) {
			l.warnf(hcl.Range{Filename: path.Join(dir, name)}, "Override file not applied",
				"plimsoll reads override files as if they were absent; their changes are not analysed")
			continue
		}
		names = append(names, name)
	}
	files := l.parseFiles(dir, names)
	for i, name := range names {
		f := files[i]
		if f == nil {
			continue
		}
		m.files[path.Join(dir, name)] = f
		l.decodeFile(m, f)
	}
	return m
}

// parseFiles parses the named files of dir, concurrently, and reports their
// syntax errors. A file with errors comes back nil.
func (l *loader) parseFiles(dir string, names []string) []*hcl.File {
	out := make([]*hcl.File, len(names))
	diags := make([]hcl.Diagnostics, len(names))
	parse := func(i int) {
		name := path.Join(dir, names[i])
		src, err := fs.ReadFile(l.fsys, fsPath(name))
		if err != nil {
			diags[i] = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read file", Detail: err.Error(),
				Subject: &hcl.Range{Filename: name}}}
			return
		}
		var f *hcl.File
		var ds hcl.Diagnostics
		if strings.HasSuffix(name, ".json") {
			f, ds = hclparse.NewParser().ParseJSON(src, name)
		} else {
			f, ds = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		}
		diags[i] = ds
		if !ds.HasErrors() {
			out[i] = f
		}
	}
	l.parallel(len(names), parse)
	for _, ds := range diags {
		l.addHCL(ds, false)
	}
	return out
}

func isConfigFile(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#") {
		return false
	}
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

func isOverrideFile(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// decodeFile adds the blocks of one file to m.
func (l *loader) decodeFile(m *module, f *hcl.File) {
	content, rest, diags := f.Body.PartialContent(topSchema)
	l.addHCL(diags, false)
	if sb, ok := rest.(*hclsyntax.Body); ok {
		for _, b := range sb.Blocks {
			if topBlockTypes[b.Type] {
				continue
			}
			l.warnf(b.TypeRange, "Unsupported block type", "blocks of type %q are not part of a Terraform configuration; plimsoll ignores this one", b.Type)
		}
		for _, a := range sortedAttrs(sb.Attributes) {
			l.errorf(a.NameRange, "Unsupported argument", "an argument named %q is not expected at the top level of a configuration file", a.Name)
		}
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			l.decodeVariable(m, b)
		case "locals":
			l.decodeLocals(m, b)
		case "output":
			l.decodeOutput(m, b)
		case "resource", "data":
			l.decodeResource(m, f, b)
		case "module":
			l.decodeModuleCall(m, b)
		case "provider":
			l.decodeProvider(m, f, b)
		}
		// terraform, moved, import, removed, check and ephemeral blocks
		// say nothing about the infrastructure plimsoll analyses.
	}
}

func (l *loader) decodeVariable(m *module, b *hcl.Block) {
	name := b.Labels[0]
	if old, ok := m.variables[name]; ok {
		l.errorf(b.DefRange, "Duplicate variable declaration", "a variable named %q was already declared at %s", name, rangeString(old.rng))
		return
	}
	v := &variable{name: name, typ: cty.DynamicPseudoType, nullable: true, rng: b.DefRange}
	m.variables[name] = v
	m.order = append(m.order, ref{refVar, name})
	content, _, diags := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "type"}, {Name: "default"}, {Name: "sensitive"}, {Name: "nullable"},
	}})
	l.addHCL(diags, false)
	if a, ok := content.Attributes["type"]; ok {
		if ty, ok := legacyQuotedType(a.Expr); ok {
			// Terraform 0.11 wrote type = "string"; old code is still common
			// and its meaning is plain, so read it and say how to modernise.
			l.warnf(a.Expr.Range(), "Quoted type constraint", "Terraform 0.12 and later want the type without quotes (type = %s); read as that", typeexpr.TypeString(ty))
			v.typ, v.typeSet = ty, true
		} else {
			ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
			l.addHCL(diags, false)
			if !diags.HasErrors() {
				v.typ, v.defaults, v.typeSet = ty, defaults, true
			}
		}
	}
	if a, ok := content.Attributes["sensitive"]; ok {
		v.sensitive = l.literalBool(a)
	}
	if a, ok := content.Attributes["nullable"]; ok {
		v.nullable = l.literalBool(a)
	}
	if a, ok := content.Attributes["default"]; ok {
		val, diags := a.Expr.Value(nil)
		l.addHCL(diags, false)
		if diags.HasErrors() {
			val = cty.DynamicVal
		}
		if v.defaults != nil {
			val = v.defaults.Apply(val)
		}
		conv, err := convert.Convert(val, v.typ)
		if err != nil {
			l.errorf(a.Expr.Range(), "Invalid default value for variable", "the default value of variable %q does not fit its type: %v", name, err)
			conv = cty.UnknownVal(v.typ)
		}
		v.def = conv
	}
}

func (l *loader) literalBool(a *hcl.Attribute) bool {
	val, diags := a.Expr.Value(nil)
	l.addHCL(diags, false)
	if diags.HasErrors() {
		return false
	}
	val, err := convert.Convert(val, cty.Bool)
	if err != nil || !val.IsKnown() || val.IsNull() {
		l.errorf(a.Expr.Range(), "Invalid value", "%s must be true or false", a.Name)
		return false
	}
	return val.True()
}

func (l *loader) decodeLocals(m *module, b *hcl.Block) {
	attrs, diags := b.Body.JustAttributes()
	l.addHCL(diags, false)
	for _, a := range sortedAttrs(attrs) {
		if old, ok := m.locals[a.Name]; ok {
			l.errorf(a.NameRange, "Duplicate local value definition", "a local value named %q was already defined at %s", a.Name, rangeString(old.rng))
			continue
		}
		m.locals[a.Name] = &local{name: a.Name, expr: a.Expr, rng: a.NameRange}
		m.order = append(m.order, ref{refLocal, a.Name})
	}
}

func (l *loader) decodeOutput(m *module, b *hcl.Block) {
	name := b.Labels[0]
	if old, ok := m.outputs[name]; ok {
		l.errorf(b.DefRange, "Duplicate output definition", "an output named %q was already defined at %s", name, rangeString(old.rng))
		return
	}
	content, _, diags := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "value"}, {Name: "sensitive"},
	}})
	l.addHCL(diags, false)
	o := &output{name: name, rng: b.DefRange}
	if a, ok := content.Attributes["value"]; ok {
		o.expr = a.Expr
	} else {
		l.errorf(b.DefRange, "Missing required argument", "output %q needs a value argument", name)
	}
	if a, ok := content.Attributes["sensitive"]; ok {
		o.sensitive = l.literalBool(a)
	}
	m.outputs[name] = o
	m.order = append(m.order, ref{refOutput, name})
}

func (l *loader) decodeResource(m *module, f *hcl.File, b *hcl.Block) {
	r := &resourceConfig{typ: b.Labels[0], name: b.Labels[1], body: b.Body, pos: b.DefRange}
	r.k = r.typ + "." + r.name
	if b.Type == "data" {
		r.mode = infra.Data
		r.k = "data." + r.k
	}
	if !hclsyntax.ValidIdentifier(r.typ) || !hclsyntax.ValidIdentifier(r.name) {
		l.errorf(b.DefRange, "Invalid resource name", "%q and %q must be identifiers: letters, digits, underscores and dashes, not starting with a digit", r.typ, r.name)
		return
	}
	if r.mode == infra.Managed && r.typ == "provider" {
		l.errorf(b.LabelRanges[0], "Reserved resource type", "provider.NAME is the address of a provider configuration; no provider has a resource type named %q", r.typ)
		return
	}
	if old, ok := m.resources[r.key()]; ok {
		l.errorf(b.DefRange, "Duplicate resource configuration", "%s was already declared at %s", r.key(), rangeString(old.pos))
		return
	}
	// Meta-arguments are read here; the rest of the body is evaluated per
	// instance.
	if a := bodyAttr(b.Body, "count"); a != nil {
		r.count = a.Expr
	}
	if a := bodyAttr(b.Body, "for_each"); a != nil {
		r.forEach = a.Expr
	}
	if r.count != nil && r.forEach != nil {
		l.errorf(r.forEach.Range(), "Invalid combination of \"count\" and \"for_each\"", "a resource may use count or for_each, not both")
		r.forEach = nil
	}
	r.provider = impliedProvider(r.typ)
	if a := bodyAttr(b.Body, "provider"); a != nil {
		if p, ok := providerAddr(a.Expr); ok {
			r.provider = p
		} else {
			l.errorf(a.Expr.Range(), "Invalid provider reference", "provider must be a provider address such as aws or aws.west")
		}
	}
	r.ignores = ignoresFor(f, b.DefRange)
	m.resources[r.key()] = r
	m.order = append(m.order, ref{refResource, r.key()})
}

func (l *loader) decodeModuleCall(m *module, b *hcl.Block) {
	name := b.Labels[0]
	if old, ok := m.calls[name]; ok {
		l.errorf(b.DefRange, "Duplicate module call", "a module named %q was already called at %s", name, rangeString(old.rng))
		return
	}
	c := &moduleCall{name: name, rng: b.DefRange, body: b.Body}
	attrs := bodyAttrs(b.Body)
	for _, a := range sortedAttrs(attrs) {
		switch a.Name {
		case "source":
			c.sourceRng = a.Expr.Range()
			v, diags := a.Expr.Value(nil)
			if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
				l.errorf(a.Expr.Range(), "Invalid module source", "the source of module %q must be a literal string", name)
				continue
			}
			c.source = v.AsString()
		case "version":
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.IsKnown() && v.Type() == cty.String {
				c.version = v.AsString()
			}
		case "count":
			c.count = a.Expr
		case "for_each":
			c.forEach = a.Expr
		case "providers":
			c.hasProv = true
			pairs, diags := hcl.ExprMap(a.Expr)
			l.addHCL(diags, false)
			for _, p := range pairs {
				child, ok1 := providerAddr(p.Key)
				parent, ok2 := providerAddr(p.Value)
				if !ok1 || !ok2 {
					l.errorf(p.Key.Range(), "Invalid providers argument", "each entry must map a provider address to another, such as aws = aws.west")
					continue
				}
				c.providers = append(c.providers, providerPass{child: child, parent: parent})
			}
		case "depends_on":
			c.dependsOn = exprTraversals(a.Expr)
		default:
			c.inputs = append(c.inputs, a)
		}
	}
	if _, ok := attrs["source"]; !ok {
		l.errorf(b.DefRange, "Missing required argument", "module %q needs a source argument", name)
	}
	if c.count != nil && c.forEach != nil {
		l.errorf(c.forEach.Range(), "Invalid combination of \"count\" and \"for_each\"", "a module call may use count or for_each, not both")
		c.forEach = nil
	}
	for _, blk := range bodyBlocks(b.Body) {
		l.errorf(blk.TypeRange, "Unsupported block type", "blocks of type %q are not expected in a module call", blk.Type)
	}
	m.calls[name] = c
	m.order = append(m.order, ref{refModule, name})
}

func (l *loader) decodeProvider(m *module, f *hcl.File, b *hcl.Block) {
	p := &providerConfig{name: b.Labels[0], body: b.Body, rng: b.DefRange, ignores: ignoresFor(f, b.DefRange)}
	if !validAddress(infra.NewProviderAddress(nil, p.name, "")) {
		l.errorf(b.LabelRanges[0], "Invalid provider name", "%q must be a provider's local name: letters, digits, underscores and dashes, not starting with a digit", p.name)
		return
	}
	attrs := bodyAttrs(b.Body)
	if a := attrs["alias"]; a != nil {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String || !validAddress(infra.NewProviderAddress(nil, p.name, v.AsString())) {
			l.errorf(a.Expr.Range(), "Invalid provider alias", "alias must be a literal name: letters, digits, underscores and dashes, not starting with a digit")
		} else {
			p.alias = v.AsString()
		}
	}
	if old, ok := m.providers[p.addr()]; ok {
		l.errorf(b.DefRange, "Duplicate provider configuration", "provider %s was already configured at %s", p.addr(), rangeString(old.rng))
		return
	}
	m.providers[p.addr()] = p
	m.order = append(m.order, ref{refProvider, p.addr()})
}

// validAddress reports whether a reads back from its string form, which an
// identifier HCL accepts but an address cannot hold (non-ASCII letters)
// would break.
func validAddress(a infra.Address) bool {
	b, err := infra.ParseAddress(a.String())
	return err == nil && a == b
}

// impliedProvider is the provider a resource type belongs to when it names
// none: the type's prefix up to the first underscore.
func impliedProvider(typ string) string {
	if i := strings.IndexByte(typ, '_'); i > 0 {
		return typ[:i]
	}
	return typ
}

// providerAddr reads a provider reference such as aws or aws.west.
func providerAddr(expr hcl.Expression) (string, bool) {
	tr, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() || len(tr) == 0 || len(tr) > 2 {
		return "", false
	}
	s := tr.RootName()
	if len(tr) == 2 {
		a, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			return "", false
		}
		s += "." + a.Name
	}
	return s, true
}

// bodyAttr returns one attribute of a body, or nil.
func bodyAttr(body hcl.Body, name string) *hcl.Attribute {
	if sb, ok := body.(*hclsyntax.Body); ok {
		if a := sb.Attributes[name]; a != nil {
			return a.AsHCLAttribute()
		}
		return nil
	}
	attrs, _ := body.JustAttributes()
	return attrs[name]
}

// bodyAttrs returns the attributes of a body without asking for a schema:
// native syntax bodies know their attributes; JSON bodies are read as
// attributes only.
func bodyAttrs(body hcl.Body) hcl.Attributes {
	if sb, ok := body.(*hclsyntax.Body); ok {
		out := make(hcl.Attributes, len(sb.Attributes))
		for name, a := range sb.Attributes {
			out[name] = a.AsHCLAttribute()
		}
		return out
	}
	attrs, _ := body.JustAttributes()
	return attrs
}

// bodyBlocks returns the nested blocks of a native syntax body; JSON bodies
// have none that can be told apart from attributes without a schema.
func bodyBlocks(body hcl.Body) []*hclsyntax.Block {
	if sb, ok := body.(*hclsyntax.Body); ok {
		return sb.Blocks
	}
	return nil
}

func sortedAttrs(attrs any) []*hcl.Attribute {
	var out []*hcl.Attribute
	switch as := attrs.(type) {
	case hcl.Attributes:
		for _, a := range as {
			out = append(out, a)
		}
	case hclsyntax.Attributes:
		for _, a := range as {
			out = append(out, a.AsHCLAttribute())
		}
	}
	slices.SortFunc(out, func(a, b *hcl.Attribute) int { return compareRange(a.Range, b.Range) })
	return out
}

func compareRange(a, b hcl.Range) int {
	if c := strings.Compare(a.Filename, b.Filename); c != 0 {
		return c
	}
	return a.Start.Byte - b.Start.Byte
}

// fsPath turns a cleaned module path into a path fs.FS accepts.
func fsPath(p string) string {
	if p == "" {
		return "."
	}
	return p
}

// legacyQuotedType reads the quoted type constraints of Terraform 0.11:
// "string", "list" and "map" (the collections held strings).
func legacyQuotedType(expr hcl.Expression) (cty.Type, bool) {
	tmpl, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok || len(tmpl.Parts) != 1 {
		return cty.NilType, false
	}
	lit, ok := tmpl.Parts[0].(*hclsyntax.LiteralValueExpr)
	if !ok || lit.Val.Type() != cty.String {
		return cty.NilType, false
	}
	switch lit.Val.AsString() {
	case "string":
		return cty.String, true
	case "list":
		return cty.List(cty.String), true
	case "map":
		return cty.Map(cty.String), true
	}
	return cty.NilType, false
}
