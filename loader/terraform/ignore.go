package terraform

import (
	"bytes"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

const ignoreDirective = "plimsoll:ignore"

// ignoresFor reads the inline suppressions of a block: comments of the form
// "# plimsoll:ignore RULE-ID reason" (or //) on the contiguous comment lines
// directly above the block, or on its first line.
func ignoresFor(f *hcl.File, def hcl.Range) []infra.Ignore {
	if f == nil || def.Start.Line < 1 || def.Start.Byte > len(f.Bytes) {
		return nil
	}
	src := f.Bytes
	// The block's first line, then the comment lines above it, found by
	// walking back from the block's first byte: cheap, as most blocks have
	// none.
	lineStart := bytes.LastIndexByte(src[:def.Start.Byte], '\n') + 1
	lineEnd := bytes.IndexByte(src[lineStart:], '\n')
	if lineEnd < 0 {
		lineEnd = len(src) - lineStart
	}
	type line struct {
		text string
		no   int
	}
	lines := []line{{string(src[lineStart : lineStart+lineEnd]), def.Start.Line}}
	for start, no := lineStart, def.Start.Line; start > 0; no-- {
		prev := bytes.LastIndexByte(src[:start-1], '\n') + 1
		text := src[prev : start-1]
		if !isCommentLine(text) {
			break
		}
		lines = append(lines, line{string(text), no - 1})
		start = prev
	}
	var out []infra.Ignore
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		if !strings.Contains(l.text, ignoreDirective) {
			continue
		}
		col := commentStart(l.text, i == 0)
		if col < 0 {
			continue
		}
		out = append(out, parseIgnore(l.text[col:], diag.Pos{File: def.Filename, Line: l.no, Column: col + 1})...)
	}
	return out
}

func isCommentLine(line []byte) bool {
	t := bytes.TrimSpace(bytes.TrimSuffix(line, []byte("\r")))
	return bytes.HasPrefix(t, []byte("#")) || bytes.HasPrefix(t, []byte("//"))
}

// commentStart returns the byte offset of a comment on the line, or -1. On a
// block's first line the comment follows the block header.
func commentStart(line string, header bool) int {
	if !header {
		t := strings.TrimLeft(line, " \t")
		return len(line) - len(t)
	}
	// Skip quoted labels, which may hold # or //.
	inStr := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\' && inStr:
			i++
		case c == '"':
			inStr = !inStr
		case !inStr && c == '#':
			return i
		case !inStr && c == '/' && i+1 < len(line) && line[i+1] == '/':
			return i
		}
	}
	return -1
}

// parseIgnore reads "# plimsoll:ignore ID[,ID...] reason" from a comment.
func parseIgnore(comment string, pos diag.Pos) []infra.Ignore {
	c := strings.TrimLeft(comment, "#/ \t")
	rest, ok := strings.CutPrefix(c, ignoreDirective)
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
