package tfplan

import (
	"bytes"
	"strings"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

// ignoreDirective starts an inline suppression comment.
const ignoreDirective = "plimsoll:ignore"

// ignoresAt reads the inline suppressions of the block that starts on line
// (1-based) of a file split into lines: "# plimsoll:ignore RULE-ID[,RULE-ID...] reason" (or //)
// on the contiguous comment lines directly above it, or after the block
// header on its first line. These are the rules loader/terraform follows,
// so a plan and its configuration suppress the same findings.
func ignoresAt(lines [][]byte, file string, line int) []infra.Ignore {
	first := line - 1
	if first < 0 || first >= len(lines) {
		return nil
	}
	top := first
	for top > 0 && isComment(lines[top-1]) {
		top--
	}
	var out []infra.Ignore
	for i := top; i <= first; i++ {
		text := string(lines[i])
		col := commentColumn(text, i == first)
		if col < 0 {
			continue
		}
		out = append(out, parseIgnore(text[col:], diag.Pos{File: file, Line: i + 1, Column: col + 1})...)
	}
	return out
}

func isComment(line []byte) bool {
	t := bytes.TrimSpace(line)
	return bytes.HasPrefix(t, []byte("#")) || bytes.HasPrefix(t, []byte("//"))
}

// commentColumn returns the byte offset of the comment on a line, or -1. On
// a block's header line the comment follows the quoted labels, which may
// themselves hold # or //.
func commentColumn(line string, header bool) int {
	if !header {
		return len(line) - len(strings.TrimLeft(line, " \t"))
	}
	quoted := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == '#':
			return i
		case !quoted && c == '/' && i+1 < len(line) && line[i+1] == '/':
			return i
		}
	}
	return -1
}

func parseIgnore(comment string, pos diag.Pos) []infra.Ignore {
	rest, ok := strings.CutPrefix(strings.TrimLeft(comment, "#/ \t"), ignoreDirective)
	if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return nil
	}
	reason := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), fields[0]))
	var out []infra.Ignore
	for _, id := range strings.Split(fields[0], ",") {
		if id != "" {
			out = append(out, infra.Ignore{Rule: id, Reason: reason, Pos: pos})
		}
	}
	return out
}
