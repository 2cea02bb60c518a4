package report

import (
	"bufio"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/rule"
)

// ANSI styles for text output.
const (
	styleReset    = "\x1b[0m"
	styleBold     = "\x1b[1m"
	styleDim      = "\x1b[2m"
	styleGreen    = "\x1b[32m"
	styleYellow   = "\x1b[33m"
	styleRed      = "\x1b[31m"
	styleCritical = "\x1b[1;35m"
	styleHigh     = "\x1b[1;31m"
	styleMedium   = "\x1b[1;33m"
	styleLow      = "\x1b[1;36m"
)

// severityWidth is the width of the widest severity label, CRITICAL, so
// that rule IDs line up.
const severityWidth = len("CRITICAL")

// Text writes the report for people: findings worst first, each with its
// resource, file:line, message and fix; then the suppressed findings when
// asked for; then the diagnostics of the run; then a summary line.
func Text(w io.Writer, a *Audit, o Options) error {
	t := &textWriter{w: bufio.NewWriter(w), o: o}
	var suppressed []rule.Finding
	for _, f := range findings(a) {
		if f.Suppressed != nil {
			suppressed = append(suppressed, f)
			continue
		}
		t.finding(f)
		t.text("  fix: ", "       ", f.Remediation, styleGreen)
		t.line("")
	}
	if o.ShowSuppressed && len(suppressed) > 0 {
		t.line(t.style(styleBold, "suppressed:"))
		t.line("")
		for _, f := range suppressed {
			t.finding(f)
			s := f.Suppressed
			how := "suppressed"
			if s.Source != "" {
				how += " by " + s.Source
			}
			if s.Reason != "" {
				how += ": " + s.Reason
			}
			t.text("  ", "  ", how, styleDim)
			t.line("")
		}
	}
	if ds := diagnostics(a); len(ds) > 0 {
		t.diagnostics("errors:", styleRed, ds, diag.Error)
		t.diagnostics("warnings:", styleYellow, ds, diag.Warning)
	}
	sum := Summarize(a)
	if sum.Findings > 0 {
		t.line(t.style(styleDim, "'plimsoll rules RULE-ID' explains a rule: why it matters, and an example fix."))
	}
	t.line(t.style(styleBold, sum.String()))
	if t.err != nil {
		return t.err
	}
	return t.w.Flush()
}

type textWriter struct {
	w   *bufio.Writer
	o   Options
	err error
}

func (t *textWriter) line(s string) {
	if t.err != nil {
		return
	}
	if _, err := t.w.WriteString(s + "\n"); err != nil {
		t.err = err
	}
}

func (t *textWriter) style(style, s string) string {
	if !t.o.Color || s == "" {
		return s
	}
	return style + s + styleReset
}

func (t *textWriter) finding(f rule.Finding) {
	label := strings.ToUpper(f.Severity.String())
	pad := strings.Repeat(" ", max(severityWidth-len(label), 0)+2)
	head := t.style(severityStyle(f.Severity), label) + pad + t.style(styleBold, printable(f.RuleID))
	if !f.Address.IsZero() {
		head += "  " + printable(f.Address.String())
	}
	t.line(head)
	if loc := location(f.Pos); loc != "" {
		t.line("  " + t.style(styleDim, printable(loc)))
	}
	msg := f.Message
	if msg == "" {
		msg = f.Title
	}
	t.text("  ", "  ", msg, "")
}

// text writes s wrapped at the configured width, the first line after
// first and the others after rest. Only the label part of first is styled.
func (t *textWriter) text(first, rest, s, style string) {
	if s == "" {
		return
	}
	label := strings.TrimLeft(first, " ")
	indent := first[:len(first)-len(label)]
	for i, l := range wrap(printable(s), t.o.Width-len(first)) {
		if i == 0 {
			t.line(indent + t.style(style, label) + l)
		} else {
			t.line(rest + l)
		}
	}
}

func (t *textWriter) diagnostics(heading, style string, ds diag.Diagnostics, sev diag.Severity) {
	var lines []string
	for _, d := range ds {
		if d.Severity != sev {
			continue
		}
		var b strings.Builder
		if p := d.Pos.String(); p != "" {
			b.WriteString(p + ": ")
		}
		b.WriteString(d.Summary)
		if detail := firstLine(d.Detail); detail != "" {
			b.WriteString(": " + detail)
		}
		lines = append(lines, b.String())
	}
	if len(lines) == 0 {
		return
	}
	t.line(t.style(style, heading))
	for _, l := range lines {
		t.text("  ", "    ", l, "")
	}
	t.line("")
}

func severityStyle(s rule.Severity) string {
	switch s {
	case rule.Critical:
		return styleCritical
	case rule.High:
		return styleHigh
	case rule.Medium:
		return styleMedium
	}
	return styleLow
}

// printable replaces control characters other than tab and newline with
// U+FFFD. Messages quote names and values from the audited files; an escape
// sequence hidden in one must not reach the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return utf8.RuneError
	}, s)
}

// wrap breaks s into lines of at most width columns at spaces, keeping the
// line breaks s already has. Words longer than width stay whole. A width
// below 20 (or 0) does not wrap: a narrow column helps nobody.
func wrap(s string, width int) []string {
	var out []string
	for para := range strings.SplitSeq(strings.TrimRight(s, "\n"), "\n") {
		if width < 20 || utf8.RuneCountInString(para) <= width {
			out = append(out, para)
			continue
		}
		var cur strings.Builder
		n := 0 // runes in cur
		for word := range strings.FieldsSeq(para) {
			wn := utf8.RuneCountInString(word)
			if n > 0 && n+1+wn > width {
				out = append(out, cur.String())
				cur.Reset()
				n = 0
			}
			if n > 0 {
				cur.WriteByte(' ')
				n++
			}
			cur.WriteString(word)
			n += wn
		}
		out = append(out, cur.String())
	}
	return out
}
