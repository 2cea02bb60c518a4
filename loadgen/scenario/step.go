package scenario

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/theory/jsonpath"
	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/loadgen"
)

// step is one compiled request of a journey.
type step struct {
	index  int
	name   string
	group  string
	method string

	url      *template
	fixedURL *url.URL // when url has no references

	headers []headerField
	body    *template // nil when the step sends no body

	checks   []*check // explicit, then the implicit status check, then one per extraction
	extracts []*extract
	think    think

	wantHeader, wantBody, wantJSON bool

	// fixed is the request itself when nothing about it varies; it is sent
	// as is whenever the virtual user has no cookie for it.
	fixed *loadgen.Request

	uses []use // variables the step's own templates read, for checkOrder
}

// headerField is one header a step sends.
type headerField struct {
	name string
	val  *template
	// optional marks a default header (from the file's headers:), which is
	// left out of a request while any variable it uses is still empty: a
	// default "Authorization: Bearer ${token}" is sent from the first step
	// after the one that extracts token.
	optional bool
	slots    []int  // variables an optional header uses
	fixed    string // the value, when val has no references
	isFixed  bool
}

type use struct {
	slot int
	pos  diag.Pos
}

var stepKeys = []string{"name", "method", "url", "headers", "body", "json", "checks", "extract", "think"}

// maxBody bounds a body written in the file.
const maxBody = 1 << 20

func (c *compiler) readStep(n *yaml.Node, group string, seen map[string]diag.Pos) *step {
	fields, ok := c.mapping(n, "step", stepKeys)
	if !ok {
		return nil
	}
	before := len(c.diags.Errs())
	st := &step{group: group}
	get := map[string]field{}
	for _, f := range fields {
		get[f.key.Value] = f
	}
	// uses collects the variables this step's templates read.
	resolve := func(n *yaml.Node) resolver {
		base := c.refResolver(n)
		return func(name string, off int) (segment, error) {
			seg, err := base(name, off)
			if err == nil && seg.kind == refVar {
				st.uses = append(st.uses, use{slot: seg.a, pos: c.at(n, off)})
			}
			return seg, err
		}
	}
	urlText := ""
	if f, ok := get["url"]; !ok {
		c.errorf(n, "step: missing url: expected a path such as /login (joined to base_url) or an absolute URL")
	} else if s, ok := c.scalar(f.val, "url"); ok {
		urlText = s
		st.url, st.fixedURL = c.readURL(deref(f.val), s, resolve(deref(f.val)))
	}
	_, hasBody := get["body"]
	_, hasJSON := get["json"]
	st.method = "GET"
	if hasBody || hasJSON {
		st.method = "POST"
	}
	if f, ok := get["method"]; ok {
		if s, ok := c.scalar(f.val, "method"); ok {
			if !validMethod(s) {
				c.errorf(f.val, "method: expected an HTTP method such as GET, POST, PUT, PATCH or DELETE, found %q", s)
			} else {
				st.method = s
			}
		}
	}
	st.name = st.method + " " + urlText
	if f, ok := get["name"]; ok {
		if s, ok := c.scalar(f.val, "name"); ok {
			if !validMetricName(s) {
				c.errorf(f.val, "name %q: expected letters, digits, _, - or . (a name thresholds can refer to)", s)
			} else {
				st.name = s
			}
		}
	}
	if prev, dup := seen[st.name]; dup {
		c.errorf(n, "step name %q is already used in this scenario (at %s); give each step its own name", st.name, prev)
	} else {
		seen[st.name] = c.pos(n)
	}
	if validMetricName(st.name) {
		c.claim(st.name, "step", c.pos(n))
	}
	var own []headerSpec
	if f, ok := get["headers"]; ok {
		own = c.readStepHeaders(f.val, resolve(deref(f.val)))
	}
	contentType := ""
	if hasBody && hasJSON {
		c.errorf(get["json"].key, "step %s: give body or json, not both", st.name)
	} else if hasBody {
		v := deref(get["body"].val)
		if s, ok := c.scalar(v, "body"); ok {
			if len(s) > maxBody {
				c.errorf(v, "body: %d bytes; expected at most %d", len(s), maxBody)
			} else {
				st.body = c.template(v, s, escRaw, nil, resolve(v))
			}
		}
	} else if hasJSON {
		v := deref(get["json"].val)
		t := &template{}
		c.jsonNodes = 0
		if c.jsonBody(t, v, resolve, 0) {
			t.finish()
			st.body = t
		}
		contentType = "application/json"
	}
	st.headers = c.mergeHeaders(own, contentType)
	if f, ok := get["checks"]; ok {
		c.readChecks(st, f.val, resolve)
	}
	hasStatus := false
	for _, ch := range st.checks {
		hasStatus = hasStatus || ch.kind == checkStatus
	}
	if !hasStatus {
		st.checks = append(st.checks, &check{name: "status < 400", kind: checkStatus, status: []statusRange{{100, 399}}})
	}
	if f, ok := get["extract"]; ok {
		c.readExtracts(st, f.val)
	}
	if f, ok := get["think"]; ok {
		st.think, _ = c.readThink(f.val)
	}
	if len(st.checks) > loadgen.MaxChecks {
		c.errorf(n, "step %s: %d checks and extractions; expected at most %d", st.name, len(st.checks), loadgen.MaxChecks)
	}
	if len(c.diags.Errs()) > before {
		return nil
	}
	return st
}

// validMethod accepts an HTTP token in upper case.
func validMethod(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// readURL compiles a step's URL: a path joined to base_url, or an absolute
// URL. A URL without references is parsed once here.
func (c *compiler) readURL(n *yaml.Node, s string, resolve resolver) (*template, *url.URL) {
	full := s
	switch {
	case strings.HasPrefix(s, "/"):
		if c.base == "" {
			if c.baseNode == nil {
				c.errorf(n, "url %q is a path but the file has no base_url; add base_url: http://host:port or write an absolute URL", s)
			}
			return nil, nil
		}
		full = c.base + s
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
	default:
		c.errorf(n, "url: expected a path starting with / (joined to base_url) or an absolute http:// or https:// URL, found %q", s)
		return nil, nil
	}
	// The base URL is literal text: escape any $ in it before compiling.
	src, prefix := full, 0
	if full != s {
		esc := strings.ReplaceAll(c.base, "$", "$$")
		src, prefix = esc+s, len([]rune(esc))
	}
	t, err := compileTemplate(src, escRaw, nil, func(name string, off int) (segment, error) { return resolve(name, off-prefix) })
	if err != nil {
		te := err.(*templateError)
		c.errorAt(c.at(n, te.off-len([]rune(src))+len([]rune(s))), "%s", te.msg)
		return nil, nil
	}
	// Check the shape with every reference standing in as "x".
	var probe strings.Builder
	for _, seg := range t.segs {
		if seg.kind == refNone {
			probe.WriteString(seg.lit)
		} else {
			probe.WriteString("x")
		}
	}
	u, err := url.Parse(probe.String())
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.errorf(n, "url: %q does not make an absolute http or https URL", full)
		return nil, nil
	}
	if t.static() {
		return t, u
	}
	return t, nil
}

func (c *compiler) readStepHeaders(n *yaml.Node, resolve resolver) []headerSpec {
	var out []headerSpec
	for _, f := range c.stringMap(n, "headers") {
		name := f.key.Value
		if !validHeaderName(name) {
			c.errorf(f.key, "headers: %q is not a header name", name)
			continue
		}
		switch strings.ToLower(name) {
		case "content-length", "transfer-encoding", "connection", "traceparent":
			c.errorf(f.key, "headers: %s is set by plimsoll itself; remove it", name)
			continue
		}
		v := deref(f.val)
		t := c.template(v, v.Value, escRaw, nil, resolve)
		if t == nil {
			continue
		}
		if t.static() && strings.ContainsAny(t.text(), "\r\n") {
			c.errorf(v, "headers.%s: a header value cannot span lines", name)
			continue
		}
		out = append(out, headerSpec{name: name, val: t})
	}
	return out
}

// mergeHeaders puts the file's default headers first, each replaced by a
// step header of the same name, then the step's other headers.
func (c *compiler) mergeHeaders(own []headerSpec, contentType string) []headerField {
	var out []headerField
	overridden := func(name string) bool {
		for _, h := range own {
			if strings.EqualFold(h.name, name) {
				return true
			}
		}
		return false
	}
	for _, h := range c.headers {
		if overridden(h.name) {
			continue
		}
		hf := headerField{name: h.name, val: h.val, optional: true}
		h.val.refs(func(s segment) {
			if s.kind == refVar {
				hf.slots = append(hf.slots, s.a)
			}
		})
		hf.optional = len(hf.slots) > 0
		out = append(out, hf)
	}
	for _, h := range own {
		out = append(out, headerField{name: h.name, val: h.val})
	}
	for i := range out {
		if out[i].val.static() {
			out[i].fixed, out[i].isFixed = out[i].val.text(), true
		}
	}
	if contentType != "" {
		has := false
		for _, h := range out {
			has = has || strings.EqualFold(h.name, "Content-Type")
		}
		if !has {
			out = append(out, headerField{name: "Content-Type", val: &template{segs: []segment{{lit: contentType}}}, fixed: contentType, isFixed: true})
		}
	}
	return out
}

// maxDepth bounds the nesting of a json: body, and maxJSONNodes its size
// once aliases are expanded.
const (
	maxDepth     = 64
	maxJSONNodes = 100_000
)

// jsonBody compiles a YAML value into a JSON template. A plain (unquoted)
// scalar that is exactly one reference, such as quantity: ${qty}, is
// written as a JSON number, true, false or null when its value is one, and
// as a string otherwise; every other string is a JSON string.
func (c *compiler) jsonBody(t *template, n *yaml.Node, resolve func(*yaml.Node) resolver, depth int) bool {
	n = deref(n)
	if n == nil {
		return false
	}
	if depth > maxDepth {
		c.errorf(n, "json: nested more than %d levels", maxDepth)
		return false
	}
	// Aliases can make a small file stand for a huge body; stop early.
	if c.jsonNodes++; c.jsonNodes > maxJSONNodes || t.pend.Len() > maxBody {
		c.errorf(n, "json: the body grows past %d values or %d bytes (through aliases?)", maxJSONNodes, maxBody)
		return false
	}
	switch n.Kind {
	case yaml.MappingNode:
		t.addLit("{")
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				t.addLit(",")
			}
			k := deref(n.Content[i])
			if k.Kind != yaml.ScalarNode {
				c.errorf(k, "json: expected a key, found %s", kindName(k))
				return false
			}
			if !c.jsonString(t, k, resolve(k)) {
				return false
			}
			t.addLit(":")
			if !c.jsonBody(t, n.Content[i+1], resolve, depth+1) {
				return false
			}
		}
		t.addLit("}")
	case yaml.SequenceNode:
		t.addLit("[")
		for i, item := range n.Content {
			if i > 0 {
				t.addLit(",")
			}
			if !c.jsonBody(t, item, resolve, depth+1) {
				return false
			}
		}
		t.addLit("]")
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			t.addLit("null")
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				c.errorf(n, "json: %q is not true or false", n.Value)
				return false
			}
			t.addLit(strconv.FormatBool(b))
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil || f != f || f > 1.7e308 || f < -1.7e308 {
				c.errorf(n, "json: %q is not a number JSON can carry", n.Value)
				return false
			}
			if isJSONScalar(n.Value) {
				t.addLit(n.Value)
			} else {
				t.addLit(strconv.FormatFloat(f, 'f', -1, 64))
			}
		default:
			if n.Style == 0 && isSingleRef(n.Value) {
				sub := c.template(n, n.Value, escJSONValue, nil, resolve(n))
				if sub == nil {
					return false
				}
				for _, s := range sub.segs {
					if s.kind == refNone {
						t.addLit(jsonQuote(s.lit))
					} else {
						t.add(s)
					}
				}
				return true
			}
			return c.jsonString(t, n, resolve(n))
		}
	default:
		c.errorf(n, "json: expected a value, found %s", kindName(n))
		return false
	}
	return true
}

func isSingleRef(s string) bool {
	return strings.HasPrefix(s, "${") && strings.IndexByte(s, '}') == len(s)-1
}

// jsonString writes a scalar as a JSON string, references escaped inside.
func (c *compiler) jsonString(t *template, n *yaml.Node, resolve resolver) bool {
	sub := c.template(n, n.Value, escJSONInner, func(s string) string { return string(appendJSONInner(nil, s)) }, resolve)
	if sub == nil {
		return false
	}
	t.addLit(`"`)
	for _, s := range sub.segs {
		t.add(s)
	}
	t.addLit(`"`)
	return true
}

// checkKind says what a check looks at.
type checkKind uint8

const (
	checkStatus checkKind = iota + 1
	checkHeader
	checkBodyContains
	checkBodyMatches
	checkJSONPath
	checkExtract // the implicit check that an extraction found its value
)

type statusRange struct{ lo, hi int }

// predicate tests a value found in a response.
type predicate struct {
	op    string // "exists", "equals", "contains", "matches"
	value string
	tmpl  *template // for equals and contains with references: ${product}
	re    *regexp.Regexp
}

// test checks v; the virtual user renders a templated value.
func (p *predicate) test(v string, found bool, vu *vu) bool {
	if !found {
		return false
	}
	if p.tmpl != nil {
		vu.buf = p.tmpl.appendTo(vu.buf[:0], vu)
		q := *p
		q.tmpl, q.value = nil, string(vu.buf)
		return q.test(v, true, nil)
	}
	switch p.op {
	case "equals":
		if v == p.value {
			return true
		}
		a, err1 := strconv.ParseFloat(v, 64)
		b, err2 := strconv.ParseFloat(p.value, 64)
		return err1 == nil && err2 == nil && a == b
	case "contains":
		return strings.Contains(v, p.value)
	case "matches":
		return p.re.MatchString(v)
	}
	return true
}

type check struct {
	name    string
	kind    checkKind
	status  []statusRange
	header  string
	needle  []byte
	re      *regexp.Regexp
	path    *jsonpath.Path
	pred    predicate
	extract *extract // for checkExtract
}

var checkKeys = []string{"name", "status", "header", "body_contains", "body_matches", "jsonpath", "equals", "contains", "matches", "exists"}
var checkSubjects = []string{"status", "header", "body_contains", "body_matches", "jsonpath"}
var checkPredicates = []string{"equals", "contains", "matches", "exists"}

func (c *compiler) readChecks(st *step, n *yaml.Node, resolve func(*yaml.Node) resolver) {
	items, ok := c.sequence(n, "checks")
	if !ok {
		return
	}
	for _, item := range items {
		if ch := c.readCheck(item, resolve); ch != nil {
			st.checks = append(st.checks, ch)
			switch ch.kind {
			case checkHeader:
				st.wantHeader = true
			case checkBodyContains, checkBodyMatches:
				st.wantBody = true
			case checkJSONPath:
				st.wantBody, st.wantJSON = true, true
			}
		}
	}
}

func (c *compiler) readCheck(n *yaml.Node, resolve func(*yaml.Node) resolver) *check {
	fields, ok := c.mapping(n, "check", checkKeys)
	if !ok {
		return nil
	}
	var subj, pred *field
	var name string
	for i := range fields {
		f := &fields[i]
		k := f.key.Value
		switch {
		case k == "name":
			name, _ = c.scalar(f.val, "check name")
		case containsStr(checkSubjects, k):
			if subj != nil {
				c.errorf(f.key, "check: give one of %s per check, not both %s and %s", orList(checkSubjects), subj.key.Value, k)
				return nil
			}
			subj = f
		default:
			if pred != nil {
				c.errorf(f.key, "check: give one of %s per check, not both %s and %s", orList(checkPredicates), pred.key.Value, k)
				return nil
			}
			pred = f
		}
	}
	if subj == nil {
		c.errorf(n, "check: expected one of %s", orList(checkSubjects))
		return nil
	}
	ch := &check{}
	k := subj.key.Value
	if pred != nil && k != "header" && k != "jsonpath" {
		c.errorf(pred.key, "check: %s takes no %s; only header and jsonpath checks do", k, pred.key.Value)
		return nil
	}
	switch k {
	case "status":
		ch.kind = checkStatus
		ch.status = c.readStatus(subj.val)
		if ch.status == nil {
			return nil
		}
		ch.name = "status " + statusText(deref(subj.val))
	case "header":
		s, ok := c.scalar(subj.val, "header")
		if !ok {
			return nil
		}
		if !validHeaderName(s) {
			c.errorf(subj.val, "header: %q is not a header name", s)
			return nil
		}
		ch.kind, ch.header = checkHeader, s
		ch.name = "header " + s
	case "body_contains":
		s, ok := c.scalar(subj.val, "body_contains")
		if !ok {
			return nil
		}
		ch.kind, ch.needle = checkBodyContains, []byte(s)
		ch.name = "body contains " + strconv.Quote(s)
	case "body_matches":
		s, ok := c.scalar(subj.val, "body_matches")
		if !ok {
			return nil
		}
		re, err := regexp.Compile(s)
		if err != nil {
			c.errorf(subj.val, "body_matches: expected a regular expression (RE2 syntax): %v", err)
			return nil
		}
		ch.kind, ch.re = checkBodyMatches, re
		ch.name = "body matches " + strconv.Quote(s)
	case "jsonpath":
		s, ok := c.scalar(subj.val, "jsonpath")
		if !ok {
			return nil
		}
		path, err := jsonpath.Parse(s)
		if err != nil {
			c.errorf(subj.val, "jsonpath: expected an RFC 9535 JSONPath query such as $.items[0].id: %v", strings.TrimPrefix(err.Error(), "jsonpath: "))
			return nil
		}
		ch.kind, ch.path = checkJSONPath, path
		ch.name = "jsonpath " + s
	}
	ch.pred = predicate{op: "exists"}
	if pred != nil {
		p, ok := c.readPredicate(pred, resolve)
		if !ok {
			return nil
		}
		ch.pred = p
		if p.op != "exists" {
			ch.name += " " + p.op + " " + strconv.Quote(p.value)
		}
	}
	if name != "" {
		ch.name = name
	}
	return ch
}

func (c *compiler) readPredicate(f *field, resolve func(*yaml.Node) resolver) (predicate, bool) {
	op := f.key.Value
	if op == "exists" {
		b, ok := c.boolean(f.val, "exists")
		if ok && !b {
			c.errorf(f.val, "exists: only exists: true is supported (a check that a value is absent is not)")
			return predicate{}, false
		}
		return predicate{op: op}, ok
	}
	s, ok := c.scalar(f.val, op)
	if !ok {
		return predicate{}, false
	}
	p := predicate{op: op, value: s}
	if op != "matches" {
		v := deref(f.val)
		t := c.template(v, s, escRaw, nil, resolve(v))
		if t == nil {
			return predicate{}, false
		}
		if t.static() {
			p.value = t.text()
		} else {
			p.tmpl = t
		}
	}
	if op == "matches" {
		re, err := regexp.Compile(s)
		if err != nil {
			c.errorf(f.val, "matches: expected a regular expression (RE2 syntax): %v", err)
			return predicate{}, false
		}
		p.re = re
	}
	return p, true
}

// readStatus reads 200, [200, 201], "2xx" or ["2xx", 304].
func (c *compiler) readStatus(n *yaml.Node) []statusRange {
	n = deref(n)
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = nil
		for _, it := range n.Content {
			items = append(items, deref(it))
		}
		if len(items) == 0 {
			c.errorf(n, "status: expected at least one status")
			return nil
		}
	}
	var out []statusRange
	for _, it := range items {
		if it.Kind == yaml.ScalarNode {
			s := it.Value
			if len(s) == 3 && s[0] >= '1' && s[0] <= '5' && strings.EqualFold(s[1:], "xx") {
				lo := int(s[0]-'0') * 100
				out = append(out, statusRange{lo, lo + 99})
				continue
			}
			if v, err := strconv.Atoi(s); err == nil && v >= 100 && v <= 599 {
				out = append(out, statusRange{v, v})
				continue
			}
		}
		c.errorf(it, "status: expected a status code from 100 to 599 or a class such as 2xx, found %s", kindName(it))
		return nil
	}
	return out
}

func statusText(n *yaml.Node) string {
	if n.Kind != yaml.SequenceNode {
		return n.Value
	}
	parts := make([]string, len(n.Content))
	for i, it := range n.Content {
		parts[i] = deref(it).Value
	}
	return "in [" + strings.Join(parts, ", ") + "]"
}

// extract takes a value from a response into a variable.
type extract struct {
	slot   int
	name   string
	path   *jsonpath.Path
	header string         // with re: the header the regex reads
	re     *regexp.Regexp // reads the body unless header is set
	group  int
}

var extractKeys = []string{"jsonpath", "header", "regex", "group"}

func (c *compiler) readExtracts(st *step, n *yaml.Node) {
	fields, ok := c.mapping(n, "extract", nil)
	if !ok {
		return
	}
	for _, f := range fields {
		name := f.key.Value
		if !c.newName(f.key, "extract", "variable") {
			continue
		}
		x := &extract{name: name}
		v := deref(f.val)
		if v.Kind == yaml.ScalarNode {
			// Shorthand: a JSONPath query.
			if !strings.HasPrefix(v.Value, "$") {
				c.errorf(v, "extract %s: expected a JSONPath query such as $.token, or a mapping with jsonpath, header or regex", name)
				continue
			}
			if x.path = c.jsonPath(v); x.path == nil {
				continue
			}
		} else {
			sub, ok := c.mapping(v, "extract "+name, extractKeys)
			if !ok {
				continue
			}
			x.group = -1
			var groupNode *yaml.Node
			bad := false
			for _, sf := range sub {
				switch sf.key.Value {
				case "jsonpath":
					if x.path = c.jsonPath(sf.val); x.path == nil {
						bad = true
					}
				case "header":
					s, ok := c.scalar(sf.val, "header")
					if !ok || !validHeaderName(s) {
						if ok {
							c.errorf(sf.val, "header: %q is not a header name", s)
						}
						bad = true
					}
					x.header = s
				case "regex":
					s, ok := c.scalar(sf.val, "regex")
					if !ok {
						bad = true
						continue
					}
					re, err := regexp.Compile(s)
					if err != nil {
						c.errorf(sf.val, "regex: expected a regular expression (RE2 syntax): %v", err)
						bad = true
						continue
					}
					x.re = re
				case "group":
					groupNode = sf.val
					x.group, _ = c.count(sf.val, "group", 0, 1000)
				}
			}
			if bad {
				continue
			}
			switch {
			case x.path != nil && (x.header != "" || x.re != nil):
				c.errorf(v, "extract %s: jsonpath reads the body as JSON; it cannot be combined with header or regex", name)
				continue
			case x.path == nil && x.header == "" && x.re == nil:
				c.errorf(v, "extract %s: expected jsonpath, header or regex", name)
				continue
			}
			if x.re != nil {
				if x.group < 0 {
					x.group = min(1, x.re.NumSubexp())
				} else if x.group > x.re.NumSubexp() {
					c.errorf(groupNode, "group: the regex has %d groups; expected 0 to %d", x.re.NumSubexp(), x.re.NumSubexp())
					continue
				}
			} else if groupNode != nil {
				c.errorf(groupNode, "group: only a regex extraction takes a group")
				continue
			}
		}
		x.slot = c.slot(name)
		switch {
		case x.path != nil:
			st.wantBody, st.wantJSON = true, true
		case x.header != "":
			st.wantHeader = true
		default:
			st.wantBody = true
		}
		st.extracts = append(st.extracts, x)
		st.checks = append(st.checks, &check{name: "extract " + name, kind: checkExtract, extract: x})
	}
}

func (c *compiler) jsonPath(n *yaml.Node) *jsonpath.Path {
	s, ok := c.scalar(n, "jsonpath")
	if !ok {
		return nil
	}
	p, err := jsonpath.Parse(s)
	if err != nil {
		c.errorf(n, "jsonpath: expected an RFC 9535 JSONPath query such as $.token: %v", strings.TrimPrefix(err.Error(), "jsonpath: "))
		return nil
	}
	return p
}

func (x *extract) String() string { return fmt.Sprintf("extract %s", x.name) }
