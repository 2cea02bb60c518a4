package prom

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

// Resource types of the model.
const (
	// TypeAlert is an alerting rule (role infra.Alarm).
	TypeAlert = "prom_alert"
	// TypeRecord is a recording rule.
	TypeRecord = "prom_record"
	// TypeGroup is a rule group.
	TypeGroup = "prom_group"
)

// Source is one list of rule groups: the "groups" of a rule file or of a
// PrometheusRule's spec.
type Source struct {
	// File is the file name used in positions.
	File string
	// Groups is the YAML node under "groups", with absolute line numbers.
	Groups *yaml.Node
	// Owner is the PrometheusRule object holding the groups; zero for a rule
	// file.
	Owner infra.Address
	// Ignores returns the inline suppressions written on or above a line;
	// nil when there are none to find.
	Ignores func(line int) []infra.Ignore
}

// Reader reads rule groups into a graph. Create one with NewReader.
type Reader struct {
	g      *infra.Graph
	parser parser.Parser
	alerts []*infra.Resource
}

// NewReader returns a Reader that adds to g.
func NewReader(g *infra.Graph) *Reader {
	return &Reader{g: g, parser: parser.NewParser(parser.Options{})}
}

// Add reads the groups of src. Each group becomes a prom_group resource
// named after the group (characters an address cannot hold become "_"), each
// alerting rule a prom_alert and each recording rule a prom_record under the
// group's name, keyed by the rule's name. Rules that fail to parse become
// error diagnostics naming the file, line and column, and are still added
// (with their expression unknown) so suppressions and counts stay right.
//
// Attributes of an alert or recording rule: alert or record, expr, for,
// keep_firing_for, labels, annotations as written; group, the group's name;
// for_seconds, the "for" duration in seconds (absent when not set); and,
// when expr parses, selectors (a list of {metric, matchers: [{name, op,
// value}]}, one per vector selector), comparisons (a list of {op, value} for
// each comparison of an expression with a constant, through and/or/unless
// and parentheses, with the operator turned round when the constant is on
// the left so the expression always reads "EXPR op value"), and ratio (true
// when the compared expression divides one series by another).
func (rd *Reader) Add(src Source) diag.Diagnostics {
	var ds diag.Diagnostics
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{File: src.File, Line: n.Line, Column: n.Column} }
	groups := deref(src.Groups)
	if groups.Kind != yaml.SequenceNode {
		if groups.Kind == yaml.ScalarNode && groups.ShortTag() == "!!null" {
			return nil
		}
		return diag.Diagnostics{diag.Errorf(at(groups), "groups: want a list of rule groups")}
	}
	for _, gn := range groups.Content {
		gn = deref(gn)
		if gn.Kind != yaml.MappingNode {
			ds = append(ds, diag.Errorf(at(gn), "rule group: want a mapping with name and rules"))
			continue
		}
		name, ok := str(field(gn, "name"))
		if !ok || name == "" {
			ds = append(ds, diag.Errorf(at(gn), "rule group without a name: want name: ..."))
			continue
		}
		group := &infra.Resource{
			Addr:  rd.free(infra.NewAddress(nil, infra.Managed, TypeGroup, ident(name), infra.NoKey)),
			Attrs: infra.ValueOf(cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal(name)})),
			Pos:   at(gn),
		}
		if src.Ignores != nil {
			group.Ignores = src.Ignores(gn.Line)
		}
		if err := rd.g.Add(group); err != nil {
			ds = append(ds, diag.Errorf(at(gn), "%v", err))
			continue
		}
		if !src.Owner.IsZero() {
			rd.g.Link(infra.Edge{From: group.Addr, To: src.Owner, Attr: "owner"})
		}
		for i := 0; i+1 < len(gn.Content); i += 2 {
			switch k := gn.Content[i].Value; k {
			case "name", "rules", "interval", "limit", "query_offset", "labels", "partial_response_strategy":
			default:
				ds = append(ds, diag.Warningf(at(gn.Content[i]), "unknown key %q in rule group %s (want name, interval, rules, ...)", k, name))
			}
		}
		rules := deref(field(gn, "rules"))
		if rules == nil || rules.ShortTag() == "!!null" {
			continue
		}
		if rules.Kind != yaml.SequenceNode {
			ds = append(ds, diag.Errorf(at(rules), "rules of group %s: want a list of rules", name))
			continue
		}
		for _, rn := range rules.Content {
			ds = append(ds, rd.rule(src, group, name, deref(rn), at)...)
		}
	}
	return ds
}

func (rd *Reader) rule(src Source, group *infra.Resource, groupName string, rn *yaml.Node, at func(*yaml.Node) diag.Pos) diag.Diagnostics {
	var ds diag.Diagnostics
	if rn.Kind != yaml.MappingNode {
		return diag.Diagnostics{diag.Errorf(at(rn), "rule in group %s: want a mapping with alert or record, and expr", groupName)}
	}
	alert, isAlert := str(field(rn, "alert"))
	record, isRecord := str(field(rn, "record"))
	switch {
	case isAlert && isRecord:
		return diag.Diagnostics{diag.Errorf(at(rn), "rule in group %s has both alert and record: want one of them", groupName)}
	case !isAlert && !isRecord || isAlert && alert == "" || isRecord && record == "":
		return diag.Diagnostics{diag.Errorf(at(rn), "rule in group %s: want alert: NAME or record: NAME", groupName)}
	}
	typ, name, role := TypeAlert, alert, infra.Alarm
	if isRecord {
		typ, name, role = TypeRecord, record, infra.Other
	}
	attrs := map[string]cty.Value{"group": cty.StringVal(groupName)}
	if isAlert {
		attrs["alert"] = cty.StringVal(alert)
	} else {
		attrs["record"] = cty.StringVal(record)
	}
	for i := 0; i+1 < len(rn.Content); i += 2 {
		k, v := rn.Content[i], deref(rn.Content[i+1])
		switch k.Value {
		case "alert", "record":
		case "expr":
			expr, ok := str(v)
			if !ok {
				ds = append(ds, diag.Errorf(at(v), "%s: expr: want a PromQL expression", name))
				continue
			}
			attrs["expr"] = cty.StringVal(expr)
			facts, err := rd.analyse(expr)
			if err != nil {
				ds = append(ds, promqlError(src.File, v, expr, name, err))
				for _, f := range []string{"selectors", "comparisons", "ratio"} {
					attrs[f] = cty.DynamicVal
				}
				continue
			}
			for k, f := range facts {
				attrs[k] = f
			}
		case "for", "keep_firing_for":
			s, ok := str(v)
			if !ok {
				ds = append(ds, diag.Errorf(at(v), "%s: %s: want a duration such as 5m", name, k.Value))
				continue
			}
			if isRecord {
				ds = append(ds, diag.Errorf(at(k), "recording rule %s: %s applies only to alerts", name, k.Value))
				continue
			}
			d, err := model.ParseDuration(s)
			if err != nil {
				ds = append(ds, diag.Errorf(at(v), "%s: %s: %v (want a duration such as 5m)", name, k.Value, err))
				attrs[k.Value] = cty.StringVal(s)
				continue
			}
			attrs[k.Value] = cty.StringVal(s)
			if k.Value == "for" {
				attrs["for_seconds"] = cty.NumberFloatVal(time.Duration(d).Seconds())
			}
		case "labels", "annotations":
			if isRecord && k.Value == "annotations" {
				ds = append(ds, diag.Errorf(at(k), "recording rule %s: annotations apply only to alerts", name))
				continue
			}
			m, d := stringMap(v, at)
			ds = append(ds, d...)
			attrs[k.Value] = m
		default:
			ds = append(ds, diag.Warningf(at(k), "unknown key %q in rule %s (want alert or record, expr, for, labels, annotations)", k.Value, name))
		}
	}
	if _, ok := attrs["expr"]; !ok && field(rn, "expr") == nil {
		ds = append(ds, diag.Errorf(at(rn), "rule %s has no expr: want expr: PROMQL", name))
	}
	r := &infra.Resource{
		Addr:  rd.free(infra.NewAddress(nil, infra.Managed, typ, group.Addr.Name, infra.StringKey(name))),
		Role:  role,
		Attrs: infra.ValueOf(cty.ObjectVal(attrs)),
		Pos:   at(rn),
	}
	if src.Ignores != nil {
		r.Ignores = src.Ignores(rn.Line)
	}
	if err := rd.g.Add(r); err != nil {
		return append(ds, diag.Errorf(at(rn), "%v", err))
	}
	rd.g.Link(infra.Edge{From: r.Addr, To: group.Addr, Attr: "group"})
	if isAlert {
		rd.alerts = append(rd.alerts, r)
	}
	return ds
}

// Link records an edge from every alert (or recording rule) to the recording
// rules whose series its expression selects, Attr "expr". Call it once every
// source has been added.
func (rd *Reader) Link() {
	records := map[string][]*infra.Resource{}
	for _, r := range rd.g.OfType(TypeRecord) {
		if name, ok := r.Get("record").Str(); ok {
			records[name] = append(records[name], r)
		}
	}
	if len(records) == 0 {
		return
	}
	for _, r := range rd.g.OfType(TypeAlert, TypeRecord) {
		for _, m := range Metrics(r) {
			for _, t := range records[m] {
				rd.g.Link(infra.Edge{From: r.Addr, To: t.Addr, Attr: "expr"})
			}
		}
	}
}

// Metrics returns the metric names an alert or recording rule selects,
// sorted, without duplicates.
func Metrics(r *infra.Resource) []string {
	var out []string
	sels, _ := r.Get("selectors").Elems()
	for _, s := range sels {
		if m, ok := s.Get("metric").Str(); ok && m != "" && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	return out
}

// free returns a, or a with a suffix added to its key (or name, for groups)
// when a resource already has that address: group and alert names repeat
// across files, and an alert name may repeat within a group (one warning
// and one critical rule, say).
func (rd *Reader) free(a infra.Address) infra.Address {
	if rd.g.Resource(a) == nil {
		return a
	}
	for i := 2; ; i++ {
		var b infra.Address
		if s, ok := a.Key.Str(); ok {
			b = a.WithKey(infra.StringKey(fmt.Sprintf("%s#%d", s, i)))
		} else {
			b = infra.NewAddress(nil, a.Mode, a.Type, fmt.Sprintf("%s_%d", a.Name, i), a.Key)
		}
		if rd.g.Resource(b) == nil {
			return b
		}
	}
}

// ident turns a group name into an address name: letters, digits, '_' and
// '-', not starting with a digit or '-'.
func ident(s string) string {
	var b strings.Builder
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
			b.WriteRune(c)
		case c >= '0' && c <= '9', c == '-':
			if i == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// analyse parses expr and returns the facts rules read.
func (rd *Reader) analyse(expr string) (map[string]cty.Value, error) {
	e, err := rd.parser.ParseExpr(expr)
	if err != nil {
		return nil, err
	}
	var sels []cty.Value
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		vs, ok := n.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		metric := vs.Name
		var ms []cty.Value
		for _, m := range vs.LabelMatchers {
			if m.Name == labels.MetricName && m.Type == labels.MatchEqual {
				metric = m.Value
				continue
			}
			ms = append(ms, cty.ObjectVal(map[string]cty.Value{
				"name":  cty.StringVal(m.Name),
				"op":    cty.StringVal(m.Type.String()),
				"value": cty.StringVal(m.Value),
			}))
		}
		sels = append(sels, cty.ObjectVal(map[string]cty.Value{
			"metric":   cty.StringVal(metric),
			"matchers": tuple(ms),
		}))
		return nil
	})
	var cmps []cty.Value
	ratio := false
	for _, c := range comparisons(e) {
		cmps = append(cmps, cty.ObjectVal(map[string]cty.Value{
			"op":    cty.StringVal(c.op),
			"value": cty.NumberFloatVal(c.value),
		}))
		ratio = ratio || divides(c.expr)
	}
	return map[string]cty.Value{
		"selectors":   tuple(sels),
		"comparisons": tuple(cmps),
		"ratio":       cty.BoolVal(ratio),
	}, nil
}

type comparison struct {
	expr  parser.Expr
	op    string
	value float64
}

// comparisons finds "EXPR op constant" (or "constant op EXPR") at the top
// of e, looking through parentheses and set operators.
func comparisons(e parser.Expr) []comparison {
	switch e := e.(type) {
	case *parser.ParenExpr:
		return comparisons(e.Expr)
	case *parser.BinaryExpr:
		switch e.Op {
		case parser.LAND, parser.LOR, parser.LUNLESS:
			return append(comparisons(e.LHS), comparisons(e.RHS)...)
		}
		if !e.Op.IsComparisonOperator() {
			return nil
		}
		op := e.Op.String()
		if v, ok := constant(e.RHS); ok {
			return []comparison{{expr: e.LHS, op: op, value: v}}
		}
		if v, ok := constant(e.LHS); ok {
			return []comparison{{expr: e.RHS, op: flip(op), value: v}}
		}
	}
	return nil
}

func flip(op string) string {
	switch op {
	case ">":
		return "<"
	case "<":
		return ">"
	case ">=":
		return "<="
	case "<=":
		return ">="
	}
	return op
}

// constant evaluates an expression made only of numbers and arithmetic.
func constant(e parser.Expr) (float64, bool) {
	switch e := e.(type) {
	case *parser.NumberLiteral:
		return finite(e.Val)
	case *parser.ParenExpr:
		return constant(e.Expr)
	case *parser.UnaryExpr:
		v, ok := constant(e.Expr)
		if e.Op == parser.SUB {
			v = -v
		}
		return v, ok
	case *parser.BinaryExpr:
		a, ok1 := constant(e.LHS)
		b, ok2 := constant(e.RHS)
		if !ok1 || !ok2 {
			return 0, false
		}
		switch e.Op {
		case parser.ADD:
			return finite(a + b)
		case parser.SUB:
			return finite(a - b)
		case parser.MUL:
			return finite(a * b)
		case parser.DIV:
			return finite(a / b)
		}
	}
	return 0, false
}

func finite(f float64) (float64, bool) {
	return f, !math.IsInf(f, 0) && !math.IsNaN(f)
}

// divides reports whether e divides one non-constant expression by another:
// a ratio such as errors / requests, or free / size.
func divides(e parser.Expr) bool {
	found := false
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		if b, ok := n.(*parser.BinaryExpr); ok && b.Op == parser.DIV {
			_, c1 := constant(b.LHS)
			_, c2 := constant(b.RHS)
			if !c1 && !c2 {
				found = true
			}
		}
		return nil
	})
	return found
}

func tuple(vs []cty.Value) cty.Value {
	if len(vs) == 0 {
		return cty.EmptyTupleVal
	}
	return cty.TupleVal(vs)
}

// promqlError places a PromQL parse error in the YAML file: the expression's
// own line and column when it is written on one line, the line inside a
// literal block (|) otherwise.
func promqlError(file string, v *yaml.Node, expr, rule string, err error) diag.Diagnostic {
	pos := diag.Pos{File: file, Line: v.Line, Column: v.Column}
	msg := err.Error()
	var pe parser.ParseErrors
	if errors.As(err, &pe) && len(pe) > 0 {
		off := int(pe[0].PositionRange.Start)
		msg = pe[0].Err.Error()
		if off >= 0 && off <= len(expr) {
			nl := strings.Count(expr[:off], "\n")
			switch {
			case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
				pos.Line += 1 + nl
				pos.Column = 0
			case nl == 0 && v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
				pos.Column += 1 + off
			case nl == 0:
				pos.Column += off
			default:
				pos.Line += nl
				pos.Column = 0
			}
		}
	}
	return diag.Errorf(pos, "rule %s: invalid PromQL: %s", rule, msg)
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return n
}

func field(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return deref(n.Content[i+1])
		}
	}
	return nil
}

// str returns a scalar's text; ok is false for a missing, null or
// non-scalar node.
func str(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", false
	}
	return n.Value, true
}

func stringMap(n *yaml.Node, at func(*yaml.Node) diag.Pos) (cty.Value, diag.Diagnostics) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return cty.NullVal(cty.Map(cty.String)), nil
	}
	if n.Kind != yaml.MappingNode {
		return cty.NullVal(cty.Map(cty.String)), diag.Diagnostics{diag.Errorf(at(n), "want a mapping of names to strings")}
	}
	var ds diag.Diagnostics
	m := map[string]cty.Value{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		v, ok := str(deref(n.Content[i+1]))
		if !ok {
			ds = append(ds, diag.Errorf(at(n.Content[i+1]), "%s: want a string", n.Content[i].Value))
			continue
		}
		m[n.Content[i].Value] = cty.StringVal(v)
	}
	if len(m) == 0 {
		return cty.MapValEmpty(cty.String), ds
	}
	return cty.MapVal(m), ds
}
