package infra

import (
	"fmt"
	"strconv"
	"strings"
)

// Mode tells a managed resource from a data source and from a provider
// configuration.
type Mode uint8

const (
	// Managed is a resource the configuration creates and owns.
	Managed Mode = iota
	// Data is a data source: read from outside, never created.
	Data
	// ProviderConfig is a provider block: how the configuration talks to a
	// provider (its region, its credentials), not infrastructure. Its
	// address has the provider's local name as Type and its alias as Name
	// ("" for the default configuration), and never a key. A Graph keeps
	// provider configurations apart from resources; see Graph.Providers.
	ProviderConfig
)

// Key is the instance key of a resource or module made with count or
// for_each. The zero Key means the resource has no key.
type Key struct {
	kind keyKind
	i    int
	s    string
}

type keyKind uint8

const (
	noKey keyKind = iota
	intKey
	strKey
)

// NoKey is the key of a resource made without count or for_each.
var NoKey = Key{}

// IntKey returns the key of instance i of a counted resource.
func IntKey(i int) Key { return Key{kind: intKey, i: i} }

// StringKey returns the key of instance s of a for_each resource.
func StringKey(s string) Key { return Key{kind: strKey, s: s} }

// IsZero reports whether the key is NoKey.
func (k Key) IsZero() bool { return k.kind == noKey }

// Int returns the index of an IntKey and whether k is one.
func (k Key) Int() (int, bool) { return k.i, k.kind == intKey }

// Str returns the string of a StringKey and whether k is one.
func (k Key) Str() (string, bool) { return k.s, k.kind == strKey }

// String renders the key as it appears in an address: "", "[2]" or `["a"]`.
func (k Key) String() string {
	switch k.kind {
	case intKey:
		return "[" + strconv.Itoa(k.i) + "]"
	case strKey:
		return "[" + strconv.Quote(k.s) + "]"
	}
	return ""
}

// ModuleStep is one module call on the path from the root module.
type ModuleStep struct {
	Name string
	Key  Key
}

// Address identifies a resource instance, as Terraform writes it:
// module.db.aws_db_instance.main["x"], or a provider configuration:
// provider.aws, provider.aws.west, module.net.provider.aws. Addresses are
// comparable values and String parses back to an equal Address.
//
// A managed resource whose type is "provider" would print as a provider
// configuration does; no provider has such a resource type, and the loaders
// refuse it.
type Address struct {
	module string // canonical "module.a.module.b[0]", "" for the root module
	Mode   Mode
	Type   string
	Name   string
	Key    Key
}

// NewAddress returns the address of a resource in the given module path.
func NewAddress(module []ModuleStep, mode Mode, typ, name string, key Key) Address {
	return Address{module: modulePath(module), Mode: mode, Type: typ, Name: name, Key: key}
}

func modulePath(steps []ModuleStep) string {
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

// NewProviderAddress returns the address of a provider configuration: the
// provider block of local name name ("aws") and alias ("west", or "" for
// the default configuration) in the given module path.
func NewProviderAddress(module []ModuleStep, name, alias string) Address {
	return Address{module: modulePath(module), Mode: ProviderConfig, Type: name, Name: alias}
}

// Module returns the module path of the address, empty for the root module.
func (a Address) Module() []ModuleStep {
	if a.module == "" {
		return nil
	}
	steps, _, err := parseModuleSteps(a.module + ".")
	if err != nil {
		panic("infra: corrupt module path " + a.module) // unreachable: built by NewAddress
	}
	return steps
}

// ModuleString returns the module path as written in addresses
// ("module.a.module.b"), empty for the root module.
func (a Address) ModuleString() string { return a.module }

// InModule returns a copy of the address moved into the given module path.
func (a Address) InModule(module []ModuleStep) Address {
	a.module = modulePath(module)
	return a
}

// WithKey returns a copy of the address with the instance key k. A
// provider configuration has no instances: its address is returned as is.
func (a Address) WithKey(k Key) Address {
	if a.Mode == ProviderConfig {
		return a
	}
	a.Key = k
	return a
}

// Config returns the address without the instance key: the resource block
// that the instance came from (module keys are kept).
func (a Address) Config() Address { return a.WithKey(NoKey) }

// String renders the address; ParseAddress reads it back.
func (a Address) String() string {
	var b strings.Builder
	if a.module != "" {
		b.WriteString(a.module)
		b.WriteByte('.')
	}
	switch a.Mode {
	case Data:
		b.WriteString("data.")
	case ProviderConfig:
		b.WriteString("provider.")
		b.WriteString(a.Type)
		if a.Name != "" {
			b.WriteByte('.')
			b.WriteString(a.Name)
		}
		return b.String()
	}
	b.WriteString(a.Type)
	b.WriteByte('.')
	b.WriteString(a.Name)
	b.WriteString(a.Key.String())
	return b.String()
}

// IsZero reports whether the address is the zero value.
func (a Address) IsZero() bool { return a == Address{} }

// Less orders addresses by their string form, so output is stable.
func (a Address) Less(b Address) bool { return a.String() < b.String() }

// ParseAddress reads an address written as String writes it.
func ParseAddress(s string) (Address, error) {
	steps, rest, err := parseModuleSteps(s)
	if err != nil {
		return Address{}, fmt.Errorf("address %q: %w", s, err)
	}
	var a Address
	a.module = modulePath(steps)
	if r, ok := strings.CutPrefix(rest, "provider."); ok {
		return parseProvider(a, r, s)
	}
	if r, ok := strings.CutPrefix(rest, "data."); ok {
		a.Mode = Data
		rest = r
	}
	typ, rest, ok := cutName(rest)
	if !ok || !strings.HasPrefix(rest, ".") {
		return Address{}, fmt.Errorf("address %q: want TYPE.NAME", s)
	}
	name, rest, ok := cutName(rest[1:])
	if !ok {
		return Address{}, fmt.Errorf("address %q: want a resource name after %q", s, typ+".")
	}
	key, rest, err := parseKey(rest)
	if err != nil {
		return Address{}, fmt.Errorf("address %q: %w", s, err)
	}
	if rest != "" {
		return Address{}, fmt.Errorf("address %q: unexpected %q at the end", s, rest)
	}
	a.Type, a.Name, a.Key = typ, name, key
	return a, nil
}

// parseProvider reads the "NAME" or "NAME.ALIAS" that follows "provider."
// in s; a has the module path already.
func parseProvider(a Address, rest, s string) (Address, error) {
	name, rest, ok := cutName(rest)
	if !ok {
		return Address{}, fmt.Errorf("address %q: want a provider name after %q", s, "provider.")
	}
	var alias string
	if r, ok := strings.CutPrefix(rest, "."); ok {
		if alias, rest, ok = cutName(r); !ok {
			return Address{}, fmt.Errorf("address %q: want an alias after %q", s, "provider."+name+".")
		}
	}
	if rest != "" {
		return Address{}, fmt.Errorf("address %q: unexpected %q at the end (a provider configuration has no instance key)", s, rest)
	}
	a.Mode, a.Type, a.Name = ProviderConfig, name, alias
	return a, nil
}

// parseModuleSteps reads leading "module.NAME[KEY]." steps.
func parseModuleSteps(s string) ([]ModuleStep, string, error) {
	var steps []ModuleStep
	for {
		r, ok := strings.CutPrefix(s, "module.")
		if !ok {
			return steps, s, nil
		}
		name, r, ok := cutName(r)
		if !ok {
			return nil, "", fmt.Errorf("want a module name after %q", "module.")
		}
		key, r, err := parseKey(r)
		if err != nil {
			return nil, "", err
		}
		r, ok = strings.CutPrefix(r, ".")
		if !ok {
			return nil, "", fmt.Errorf("want %q after module %s", ".", name)
		}
		steps = append(steps, ModuleStep{Name: name, Key: key})
		s = r
	}
}

// cutName reads an identifier: letters, digits, '_' and '-', not starting
// with a digit or '-'.
func cutName(s string) (name, rest string, ok bool) {
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c == '-' || c >= '0' && c <= '9') {
			i++
			continue
		}
		break
	}
	return s[:i], s[i:], i > 0
}

func parseKey(s string) (Key, string, error) {
	if !strings.HasPrefix(s, "[") {
		return NoKey, s, nil
	}
	if len(s) > 1 && s[1] == '"' {
		q, err := strconv.QuotedPrefix(s[1:])
		if err != nil {
			return NoKey, "", fmt.Errorf("bad string key in %q", s)
		}
		v, _ := strconv.Unquote(q)
		r, ok := strings.CutPrefix(s[1+len(q):], "]")
		if !ok {
			return NoKey, "", fmt.Errorf("want ] after key %s", q)
		}
		return StringKey(v), r, nil
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return NoKey, "", fmt.Errorf("want ] in %q", s)
	}
	n, err := strconv.Atoi(s[1:end])
	if err != nil || n < 0 || strconv.Itoa(n) != s[1:end] {
		return NoKey, "", fmt.Errorf("bad index key %q", s[:end+1])
	}
	return IntKey(n), s[end+1:], nil
}
