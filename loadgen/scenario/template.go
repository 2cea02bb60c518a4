package scenario

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A template is text with ${name} references, compiled once into segments.
// Rendering appends the segments to a buffer the caller reuses: literal
// segments are copied, references are looked up in the virtual user's state.
//
// Reference forms:
//
//	${token}          a variable (from variables: or extracted by a step)
//	${users.email}    a column of the current row of feed "users"
//	${vu}, ${iter}    the virtual user's number and its iteration number
//	${env.NAME}       an environment variable, read once at load time;
//	${env.NAME:-def}  ... or def when it is unset or empty
//	$$                a literal $
type template struct {
	segs []segment
	// pend gathers literal text while the template is built, so that
	// building stays linear however many pieces it is made of.
	pend strings.Builder
}

type refKind uint8

const (
	refNone refKind = iota // a literal
	refVar                 // a: variable slot
	refFeed                // a: feed index, b: column
	refVU
	refIter
)

// escape says how a reference's value is written.
type escape uint8

const (
	escRaw       escape = iota // as is
	escJSONInner               // escaped for the inside of a JSON string
	escJSONValue               // a JSON number, true, false or null as is; anything else as a JSON string
)

type segment struct {
	lit  string
	kind refKind
	esc  escape
	a, b int
}

// static reports whether the template has no references, so it renders to
// the same text every time.
func (t *template) static() bool {
	for _, s := range t.segs {
		if s.kind != refNone {
			return false
		}
	}
	return true
}

// text returns the rendered text of a static template.
func (t *template) text() string {
	var b strings.Builder
	for _, s := range t.segs {
		b.WriteString(s.lit)
	}
	return b.String()
}

// refs calls fn for every reference segment.
func (t *template) refs(fn func(s segment)) {
	for _, s := range t.segs {
		if s.kind != refNone {
			fn(s)
		}
	}
}

func (t *template) addLit(s string) { t.pend.WriteString(s) }

func (t *template) add(s segment) {
	if s.kind == refNone {
		t.addLit(s.lit)
		return
	}
	t.finish()
	t.segs = append(t.segs, s)
}

// finish ends building: pending literal text becomes a segment.
func (t *template) finish() {
	if t.pend.Len() == 0 {
		return
	}
	t.segs = append(t.segs, segment{lit: t.pend.String()})
	t.pend.Reset()
}

// templateError is a mistake in a template at a character offset.
type templateError struct {
	off int // 0-based, in characters
	msg string
}

func (e *templateError) Error() string { return e.msg }

// resolver turns the name inside ${...} into a segment (a literal for
// names resolved at load time, such as env.NAME); off is the character
// offset of the reference's $ in the template's text, for positions.
type resolver func(name string, off int) (segment, error)

// compileTemplate parses src, resolving each reference with resolve and
// marking it with esc. Literal text is kept as is, or transformed by lit
// (to JSON-escape it, say) when lit is not nil.
func compileTemplate(src string, esc escape, lit func(string) string, resolve resolver) (*template, error) {
	t := &template{}
	var buf strings.Builder
	flush := func() {
		if buf.Len() == 0 {
			return
		}
		s := buf.String()
		if lit != nil {
			s = lit(s)
		}
		t.addLit(s)
		buf.Reset()
	}
	for i := 0; i < len(src); {
		c := src[i]
		if c != '$' || i+1 >= len(src) || (src[i+1] != '{' && src[i+1] != '$') {
			buf.WriteByte(c)
			i++
			continue
		}
		if src[i+1] == '$' {
			buf.WriteByte('$')
			i += 2
			continue
		}
		end := strings.IndexByte(src[i+2:], '}')
		if end < 0 {
			return nil, &templateError{off: runeOffset(src, i), msg: "unclosed ${: expected a name and } (write $$ for a literal $)"}
		}
		name := src[i+2 : i+2+end]
		seg, err := resolve(strings.TrimSpace(name), runeOffset(src, i))
		if err != nil {
			return nil, &templateError{off: runeOffset(src, i+2), msg: err.Error()}
		}
		if seg.kind == refNone {
			buf.WriteString(seg.lit)
		} else {
			flush()
			seg.esc = esc
			t.add(seg)
		}
		i += 2 + end + 1
	}
	flush()
	t.finish()
	return t, nil
}

func runeOffset(s string, byteOff int) int { return utf8.RuneCountInString(s[:byteOff]) }

// validName reports whether s is a variable, feed or column name: a letter
// or _, then letters, digits, _ or -.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-'):
		default:
			return false
		}
	}
	return true
}

// appendTo renders the template into dst for virtual user v.
func (t *template) appendTo(dst []byte, v *vu) []byte {
	for i := range t.segs {
		s := &t.segs[i]
		switch s.kind {
		case refNone:
			dst = append(dst, s.lit...)
		case refVU:
			dst = strconv.AppendInt(dst, int64(v.id), 10)
		case refIter:
			dst = strconv.AppendInt(dst, int64(v.iter), 10)
		default:
			dst = appendEscaped(dst, v.value(s), s.esc)
		}
	}
	return dst
}

func appendEscaped(dst []byte, val string, esc escape) []byte {
	switch esc {
	case escJSONInner:
		return appendJSONInner(dst, val)
	case escJSONValue:
		if isJSONScalar(val) {
			return append(dst, val...)
		}
		dst = append(dst, '"')
		dst = appendJSONInner(dst, val)
		return append(dst, '"')
	}
	return append(dst, val...)
}

// appendJSONInner escapes s for the inside of a JSON string literal.
func appendJSONInner(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	return append(dst, s[start:]...)
}

// isJSONScalar reports whether s is a JSON number, true, false or null.
func isJSONScalar(s string) bool {
	switch s {
	case "true", "false", "null":
		return true
	case "":
		return false
	}
	i := 0
	if s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// jsonQuote returns s as a JSON string literal.
func jsonQuote(s string) string {
	return string(append(appendJSONInner([]byte{'"'}, s), '"'))
}
