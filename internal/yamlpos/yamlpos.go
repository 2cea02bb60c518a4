package yamlpos

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
)

// Locate returns where err, returned by go.yaml.in/yaml/v4 for text read
// from file, puts the problem, and what the problem is. first is the line of
// file on which that text starts: 1 for a whole file, more for one document
// cut from a stream, so the position is the file's and not the document's.
// Columns need no shift because a document always starts at the beginning of
// a line.
//
// The message is the parser's ("did not find expected key"), followed by the
// construct it was reading and where that starts when that is elsewhere
// ("while parsing a block mapping at line 1, column 1"): for an unclosed
// bracket the problem is found at the end of the text, the cause at the
// bracket. An error without a position (none is known to come from parsing)
// keeps its text and gets the first line.
func Locate(file string, first int, err error) (diag.Pos, string) {
	if first < 1 {
		first = 1
	}
	var le *yaml.LoadError
	if !errors.As(err, &le) || le.Mark.Line < 1 {
		return diag.Pos{File: file, Line: first}, strings.TrimPrefix(err.Error(), "yaml: ")
	}
	pos := diag.Pos{File: file, Line: first - 1 + le.Mark.Line, Column: le.Mark.Column}
	msg := strings.TrimPrefix(le.Message, "yaml: ")
	ctx := le.ContextMark
	if le.ContextMsg != "" && ctx.Line > 0 && (ctx.Line != le.Mark.Line || ctx.Column != le.Mark.Column) {
		msg += fmt.Sprintf(" (%s at line %d, column %d)", le.ContextMsg, first-1+ctx.Line, ctx.Column)
	}
	return pos, msg
}
