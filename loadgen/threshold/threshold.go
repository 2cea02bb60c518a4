package threshold

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind says what a statistic measures, and so which unit its value takes.
type Kind int

const (
	// Latency statistics compare with a duration: 200ms, 1.5s, 1m30s.
	Latency Kind = iota + 1
	// Ratio statistics compare with a percentage: 1%, 99.5%.
	Ratio
	// Rate statistics compare with a number per unit of time: 1000/s, 60/m.
	Rate
	// Count statistics compare with a whole number: 0, 25.
	Count
)

func (k Kind) String() string {
	switch k {
	case Latency:
		return "latency"
	case Ratio:
		return "ratio"
	case Rate:
		return "rate"
	case Count:
		return "count"
	}
	return "unknown"
}

// expect says what a value of this kind looks like, for error messages.
func (k Kind) expect() string {
	switch k {
	case Latency:
		return "a duration such as 200ms, 1.5s or 1m30s"
	case Ratio:
		return "a percentage such as 1% or 99.5%"
	case Rate:
		return "a rate such as 1000/s or 60/m"
	case Count:
		return "a whole number such as 0 or 25"
	}
	return "a value"
}

// Stat is a statistic a threshold can name.
type Stat struct {
	// Name is the statistic as written in canonical form: "p99", "p99.9",
	// "med", "avg", "error_rate".
	Name string
	// Kind is what the statistic measures.
	Kind Kind
	// Quantile is the percentile, in (0, 100], for percentile statistics
	// (p99 → 99, med → 50), 0 for min and 100 for max; it is -1 for the
	// others.
	Quantile float64
}

// named statistics other than pN; pN is recognised by shape.
var named = map[string]Stat{
	"min":        {Name: "min", Kind: Latency, Quantile: 0},
	"max":        {Name: "max", Kind: Latency, Quantile: 100},
	"med":        {Name: "med", Kind: Latency, Quantile: 50},
	"avg":        {Name: "avg", Kind: Latency, Quantile: -1},
	"rate":       {Name: "rate", Kind: Rate, Quantile: -1},
	"requests":   {Name: "requests", Kind: Count, Quantile: -1},
	"errors":     {Name: "errors", Kind: Count, Quantile: -1},
	"error_rate": {Name: "error_rate", Kind: Ratio, Quantile: -1},
	"checks":     {Name: "checks", Kind: Ratio, Quantile: -1},
	"dropped":    {Name: "dropped", Kind: Count, Quantile: -1},
}

// statNames lists the statistics for error messages.
const statNames = "p50, p90, p95, p99, p99.9 (any pN), med, avg, min, max, rate, requests, errors, error_rate, checks or dropped"

// Op is a comparison.
type Op int

// The comparisons a threshold may use.
const (
	Less Op = iota + 1
	LessEqual
	Greater
	GreaterEqual
	Equal
	NotEqual
)

var opText = [...]string{Less: "<", LessEqual: "<=", Greater: ">", GreaterEqual: ">=", Equal: "==", NotEqual: "!="}

func (o Op) String() string {
	if o < Less || o > NotEqual {
		return "?"
	}
	return opText[o]
}

func (o Op) holds(got, want float64) bool {
	switch o {
	case Less:
		return got < want
	case LessEqual:
		return got <= want
	case Greater:
		return got > want
	case GreaterEqual:
		return got >= want
	case Equal:
		return got == want
	case NotEqual:
		return got != want
	}
	return false
}

// Threshold is one parsed expression. Its String parses back to an equal
// Threshold.
type Threshold struct {
	// Stat is the statistic compared.
	Stat Stat
	// Target is the group, step or scenario the statistic is about; empty
	// means the whole run.
	Target string
	// TargetCol is the 1-based column of Target in the source expression,
	// so that a caller validating target names can point at it; 0 when
	// there is no target.
	TargetCol int
	// Op is the comparison.
	Op Op
	// Value is the limit, in the statistic's unit: nanoseconds for Latency,
	// percent for Ratio (1 for 1%), events per Per for Rate, and a whole
	// number for Count.
	Value float64
	// Per is the time unit of a Rate's Value (time.Second for 1000/s).
	Per time.Duration
}

// Limit renders the threshold's value with its unit, as Parse accepts it.
func (t *Threshold) Limit() string {
	switch t.Stat.Kind {
	case Latency:
		return time.Duration(t.Value).String()
	case Ratio:
		return strconv.FormatFloat(t.Value, 'f', -1, 64) + "%"
	case Rate:
		return strconv.FormatFloat(t.Value, 'f', -1, 64) + "/" + perText(t.Per)
	}
	return strconv.FormatFloat(t.Value, 'f', -1, 64)
}

// Subject renders the left-hand side: "p99(checkout)" or "error_rate".
func (t *Threshold) Subject() string {
	if t.Target == "" {
		return t.Stat.Name
	}
	return t.Stat.Name + "(" + t.Target + ")"
}

// String renders the threshold in canonical form, for example
// "p99(checkout) < 200ms".
func (t *Threshold) String() string {
	return t.Subject() + " " + t.Op.String() + " " + t.Limit()
}

func perText(d time.Duration) string {
	switch d {
	case time.Minute:
		return "m"
	case time.Hour:
		return "h"
	}
	return "s"
}

// Error is a mistake in a threshold expression.
type Error struct {
	// Col is the 1-based column, counted in characters, where the mistake
	// starts.
	Col int
	// Msg says what is wrong and what was expected.
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

// Parse reads one threshold expression:
//
//	stat [ "(" target ")" ] op value
//
// On a mistake it returns an *Error giving the column and what was
// expected there.
func Parse(src string) (*Threshold, error) {
	p := &parser{src: []rune(src)}
	t, err := p.parse()
	if err != nil {
		return nil, err
	}
	return t, nil
}

type parser struct {
	src []rune
	i   int
}

func (p *parser) errf(at int, format string, args ...any) *Error {
	return &Error{Col: at + 1, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
}

func (p *parser) peek() rune {
	if p.i < len(p.src) {
		return p.src[p.i]
	}
	return 0
}

// describe names what is found at i, for "expected X, found Y" messages.
func (p *parser) describe(i int) string {
	if i >= len(p.src) {
		return "end of expression"
	}
	return strconv.QuoteRune(p.src[i])
}

func isNameRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.'
}

func (p *parser) parse() (*Threshold, error) {
	t := &Threshold{}
	p.skipSpace()
	start := p.i
	for p.i < len(p.src) && isNameRune(p.src[p.i]) {
		p.i++
	}
	if p.i == start {
		return nil, p.errf(start, "expected a statistic (%s), found %s", statNames, p.describe(start))
	}
	stat, err := parseStat(string(p.src[start:p.i]))
	if err != nil {
		return nil, p.errf(start, "%v", err)
	}
	t.Stat = stat
	p.skipSpace()
	if p.peek() == '(' {
		p.i++
		p.skipSpace()
		ts := p.i
		for p.i < len(p.src) && isNameRune(p.src[p.i]) {
			p.i++
		}
		if p.i == ts {
			return nil, p.errf(ts, "expected a group, step or scenario name (letters, digits, '_', '-' or '.'), found %s", p.describe(ts))
		}
		t.Target, t.TargetCol = string(p.src[ts:p.i]), ts+1
		p.skipSpace()
		if p.peek() != ')' {
			return nil, p.errf(p.i, "expected ')' after %q, found %s", t.Target, p.describe(p.i))
		}
		p.i++
		p.skipSpace()
	}
	opAt := p.i
	if t.Op = p.op(); t.Op == 0 {
		if p.peek() == '=' {
			return nil, p.errf(opAt, "expected a comparison (<, <=, >, >=, == or !=), found '='; write == to test equality")
		}
		return nil, p.errf(opAt, "expected a comparison (<, <=, >, >=, == or !=), found %s", p.describe(opAt))
	}
	p.skipSpace()
	vs := p.i
	for p.i < len(p.src) && p.src[p.i] != ' ' && p.src[p.i] != '\t' {
		p.i++
	}
	if p.i == vs {
		return nil, p.errf(vs, "expected %s after %s, found %s", stat.Kind.expect(), t.Op, p.describe(vs))
	}
	if err := t.setValue(string(p.src[vs:p.i])); err != nil {
		return nil, p.errf(vs, "%s compares with %s: %v", stat.Name, stat.Kind.expect(), err)
	}
	p.skipSpace()
	if p.i < len(p.src) {
		return nil, p.errf(p.i, "expected end of expression after %q, found %s", string(p.src[vs:]), p.describe(p.i))
	}
	return t, nil
}

func (p *parser) op() Op {
	two := ""
	if p.i+1 < len(p.src) {
		two = string(p.src[p.i : p.i+2])
	}
	switch two {
	case "<=":
		p.i += 2
		return LessEqual
	case ">=":
		p.i += 2
		return GreaterEqual
	case "==":
		p.i += 2
		return Equal
	case "!=":
		p.i += 2
		return NotEqual
	}
	switch p.peek() {
	case '<':
		p.i++
		return Less
	case '>':
		p.i++
		return Greater
	}
	return 0
}

func parseStat(name string) (Stat, error) {
	if s, ok := named[name]; ok {
		return s, nil
	}
	if lower := strings.ToLower(name); lower != name {
		if _, err := parseStat(lower); err == nil {
			return Stat{}, fmt.Errorf("unknown statistic %q; statistics are lower case: %s", name, lower)
		}
	}
	if rest, ok := strings.CutPrefix(name, "p"); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		q, err := strconv.ParseFloat(rest, 64)
		if err != nil || strings.ContainsAny(rest, "eE_xXpP+-") || math.IsNaN(q) {
			return Stat{}, fmt.Errorf("unknown statistic %q; a percentile is p followed by a number, such as p99 or p99.9", name)
		}
		if q <= 0 || q > 100 {
			return Stat{}, fmt.Errorf("percentile %q is out of range: expected p followed by a number above 0 and at most 100 (use min for the lowest value)", name)
		}
		return Stat{Name: "p" + strconv.FormatFloat(q, 'f', -1, 64), Kind: Latency, Quantile: q}, nil
	}
	return Stat{}, fmt.Errorf("unknown statistic %q; expected %s", name, statNames)
}

// setValue reads the limit in the unit the statistic's kind takes.
func (t *Threshold) setValue(v string) error {
	switch t.Stat.Kind {
	case Latency:
		d, err := parseDuration(v)
		if err != nil {
			return err
		}
		t.Value = float64(d)
	case Ratio:
		num, ok := strings.CutSuffix(v, "%")
		if !ok {
			return fmt.Errorf("%q has no %% sign", v)
		}
		f, err := parseNumber(num)
		if err != nil {
			return err
		}
		if f > 100 {
			return fmt.Errorf("%s is above 100%%", v)
		}
		t.Value = f
	case Rate:
		num, per, ok := strings.Cut(v, "/")
		if !ok {
			return fmt.Errorf("%q has no unit: write /s, /m or /h after the number", v)
		}
		f, err := parseNumber(num)
		if err != nil {
			return err
		}
		switch per {
		case "s":
			t.Per = time.Second
		case "m":
			t.Per = time.Minute
		case "h":
			t.Per = time.Hour
		default:
			return fmt.Errorf("unknown time unit %q: expected /s, /m or /h", "/"+per)
		}
		t.Value = f
	case Count:
		n, err := strconv.ParseUint(v, 10, 53)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		t.Value = float64(n)
	}
	return nil
}

// parseNumber accepts plain decimals only: 12, 0.5, 99.9.
func parseNumber(s string) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf("missing number")
	}
	dot := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot:
			dot = true
		default:
			return 0, fmt.Errorf("%q is not a number", s)
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return f, nil
}

// parseDuration is time.ParseDuration without signs and with a clearer
// message; a bare number is refused because its unit would be a guess.
func parseDuration(s string) (time.Duration, error) {
	if s == "" || s[0] == '-' || s[0] == '+' {
		return 0, fmt.Errorf("%q is not a duration", s)
	}
	if _, err := parseNumber(s); err == nil {
		return 0, fmt.Errorf("%q has no unit: write ms, s, m (1m30s) or us", s)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration", s)
	}
	return d, nil
}
