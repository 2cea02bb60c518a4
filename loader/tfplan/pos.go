package tfplan

import (
	"bytes"
	"encoding/json"
	"sort"

	"github.com/plimsoll/plimsoll/diag"
)

// lines turns byte offsets of one file into positions.
type lines struct {
	name   string
	starts []int // offset of the first byte of each line
}

func newLines(name string, data []byte) *lines {
	l := &lines{name: name, starts: []int{0}}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		l.starts = append(l.starts, i)
	}
	return l
}

// pos returns the 1-based line and column (in bytes) of offset.
func (l *lines) pos(offset int) diag.Pos {
	if offset < 0 {
		return diag.Pos{File: l.name}
	}
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	return diag.Pos{File: l.name, Line: i + 1, Column: offset - l.starts[i] + 1}
}

// offsets holds, by address, the offsets of the '{' that opens each resource
// object, in document order (an address appears more than once only in
// broken input).
type offsets map[string][]int

// take returns the next offset of addr, or -1.
func (o offsets) take(addr string) int {
	list := o[addr]
	if len(list) == 0 {
		return -1
	}
	o[addr] = list[1:]
	return list[0]
}

// resourceOffsets finds where each resource object starts in a plan or state
// document: in planned_values (plan) or values (state), and separately in
// prior_state.values; and where each provider configuration starts in
// configuration.provider_config, by its key there ("aws.west",
// "module.a:aws"). It expects JSON that encoding/json has already accepted
// and stops quietly at anything else.
func resourceOffsets(data []byte) (planned, prior, providers offsets) {
	s := offsetScanner{data: data, planned: offsets{}, prior: offsets{}}
	providers = offsets{}
	s.space()
	if s.peek() == '{' {
		s.object(func(key string) {
			switch key {
			case "planned_values", "values":
				s.values(s.planned)
			case "prior_state":
				s.object(func(key string) {
					if key == "values" {
						s.values(s.prior)
						return
					}
					s.skip()
				})
			case "configuration":
				s.object(func(key string) {
					if key != "provider_config" {
						s.skip()
						return
					}
					s.object(func(key string) {
						providers[key] = append(providers[key], s.i)
						s.skip()
					})
				})
			default:
				s.skip()
			}
		})
	}
	return s.planned, s.prior, providers
}

type offsetScanner struct {
	data           []byte
	i              int
	planned, prior offsets
}

func (s *offsetScanner) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

func (s *offsetScanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// object reads an object, calling field for each key with the scanner at the
// key's value; field must consume the value.
func (s *offsetScanner) object(field func(key string)) {
	s.space()
	if s.peek() != '{' {
		s.skip()
		return
	}
	s.i++
	for {
		s.space()
		switch s.peek() {
		case '}':
			s.i++
			return
		case ',':
			s.i++
			continue
		case '"':
		default:
			s.i = len(s.data) // not JSON we understand: give up
			return
		}
		key, ok := s.str()
		if !ok {
			return
		}
		s.space()
		if s.peek() != ':' {
			s.i = len(s.data)
			return
		}
		s.i++
		s.space()
		field(key)
	}
}

// array reads an array, calling elem with the scanner at each element; elem
// must consume it.
func (s *offsetScanner) array(elem func()) {
	s.space()
	if s.peek() != '[' {
		s.skip()
		return
	}
	s.i++
	for {
		s.space()
		switch s.peek() {
		case ']':
			s.i++
			return
		case ',':
			s.i++
			continue
		case 0:
			return
		}
		start := s.i
		elem()
		if s.i == start { // no progress: malformed
			s.i = len(s.data)
			return
		}
	}
}

func (s *offsetScanner) values(into offsets) {
	s.object(func(key string) {
		if key == "root_module" {
			s.module(into)
			return
		}
		s.skip()
	})
}

func (s *offsetScanner) module(into offsets) {
	s.object(func(key string) {
		switch key {
		case "resources":
			s.array(func() {
				start := s.i
				s.object(func(key string) {
					if key == "address" && s.peek() == '"' {
						if addr, ok := s.str(); ok {
							into[addr] = append(into[addr], start)
						}
						return
					}
					s.skip()
				})
			})
		case "child_modules":
			s.array(func() { s.module(into) })
		default:
			s.skip()
		}
	})
}

// str reads a string and returns its value.
func (s *offsetScanner) str() (string, bool) {
	if s.peek() != '"' {
		return "", false
	}
	open := s.i
	s.i++
	escaped := false
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '\\':
			escaped = true
			s.i += 2
			continue
		case '"':
			s.i++
			if !escaped {
				return string(s.data[open+1 : s.i-1]), true
			}
			var v string
			if json.Unmarshal(s.data[open:s.i], &v) != nil {
				return "", false
			}
			return v, true
		}
		s.i++
	}
	return "", false
}

// skip steps over one value of any kind.
func (s *offsetScanner) skip() {
	s.space()
	depth := 0
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch c {
		case '"':
			if _, ok := s.str(); !ok {
				return
			}
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 { // the end of the enclosing container
				return
			}
			depth--
			if depth == 0 {
				s.i++
				return
			}
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return
			}
		}
		s.i++
	}
}

// valueStart returns the offset where the JSON value that ends at offset end
// starts, or -1. encoding/json reports a value of the wrong type by where it
// ends; a message points at where it starts.
func valueStart(data []byte, end int) int {
	s := offsetScanner{data: data}
	found := -1
	var walk func()
	walk = func() {
		s.space()
		start := s.i
		switch s.peek() {
		case '{':
			s.object(func(string) { walk() })
		case '[':
			s.array(walk)
		default:
			s.skip()
		}
		if found < 0 && s.i == end {
			found = start
		}
	}
	walk()
	return found
}
