package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
)

// Locate returns where err, returned by go.yaml.in/yaml/v4 for src read
// from file, puts the problem, and what the problem is. first is the line of
// file on which src starts: 1 for a whole file, more for one document cut
// from a stream, so the position is the file's and not the document's.
// Columns need no shift because a document always starts at the beginning of
// a line.
//
// The message is the parser's ("did not find expected key"), followed by the
// construct it was reading and where that starts when that is elsewhere
// ("while parsing a block mapping at line 1, column 1"): for an unclosed
// bracket the problem is found at the end of the text, the cause at the
// bracket. Encoding errors (bad UTF-8, control characters) come with only a
// byte offset, which is turned into a line and column of src. An error
// with no position at all keeps its text and gets the first line.
func Locate(file string, src []byte, first int, err error) (diag.Pos, string) {
	if first < 1 {
		first = 1
	}
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		return diag.Pos{File: file, Line: first}, strings.TrimPrefix(err.Error(), "yaml: ")
	}
	mark := le.Mark
	if mark.Line < 1 {
		mark.Line, mark.Column = lineCol(src, mark.Index)
	}
	pos := diag.Pos{File: file, Line: first - 1 + mark.Line, Column: mark.Column}
	msg := strings.TrimPrefix(le.Message, "yaml: ")
	ctx := le.ContextMark
	if le.ContextMsg != "" && ctx.Line > 0 && (ctx.Line != mark.Line || ctx.Column != mark.Column) {
		msg += fmt.Sprintf(" (%s at line %d, column %d)", le.ContextMsg, first-1+ctx.Line, ctx.Column)
	}
	return pos, msg
}

// lineCol turns a byte offset of src into a 1-based line and a column
// counted in characters, as the parser counts them; each byte of a broken
// UTF-8 sequence counts as one.
func lineCol(src []byte, off int) (line, col int) {
	off = max(0, min(off, len(src)))
	before := src[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte("\n")) + 1, utf8.RuneCount(before[start:]) + 1
}
