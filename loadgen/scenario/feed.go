package scenario

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"path"
	"sync/atomic"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
)

// A feed is a CSV file whose rows give virtual users their data (user names
// and passwords, product ids). The first row names the columns; templates
// read the current row's columns as ${feed.column}.
type feed struct {
	name    string
	columns []string
	rows    [][]string
	cursor  cursorMode
	broken  bool          // failed to load; already reported
	next    atomic.Uint64 // the shared cursor
}

// cursorMode says which row an iteration reads.
type cursorMode uint8

const (
	// cursorShared: each iteration, of any virtual user, takes the next
	// row; rows are spread across users and wrap around at the end.
	cursorShared cursorMode = iota
	// cursorPerVU: each virtual user walks the rows on its own, one per
	// iteration, starting at row (VU number mod rows).
	cursorPerVU
	// cursorSticky: each virtual user keeps row (VU number mod rows) for
	// every iteration: one account per user.
	cursorSticky
)

var cursorNames = map[string]cursorMode{"shared": cursorShared, "per-vu": cursorPerVU, "sticky": cursorSticky}

// maxFeedSize bounds a feed file.
const maxFeedSize = 256 << 20

// row picks the row for iteration iter of virtual user id.
func (f *feed) row(id, iter int) int32 {
	n := uint64(len(f.rows))
	switch f.cursor {
	case cursorPerVU:
		return int32((uint64(id) + uint64(iter)) % n)
	case cursorSticky:
		return int32(uint64(id) % n)
	}
	return int32((f.next.Add(1) - 1) % n)
}

func (c *compiler) readFeeds(n *yaml.Node) {
	fields, ok := c.mapping(n, "feeds", nil)
	if !ok {
		return
	}
	for _, f := range fields {
		name := f.key.Value
		if !c.newName(f.key, "feeds", "feed") {
			continue
		}
		what := "feed " + name
		sub, ok := c.mapping(f.val, what, []string{"file", "cursor"})
		if !ok {
			continue
		}
		fd := &feed{name: name}
		var file string
		var fileNode *yaml.Node
		bad := false
		for _, sf := range sub {
			switch sf.key.Value {
			case "file":
				file, ok = c.scalar(sf.val, what+".file")
				fileNode = deref(sf.val)
				bad = bad || !ok
			case "cursor":
				s, ok := c.scalar(sf.val, what+".cursor")
				if !ok {
					bad = true
					continue
				}
				m, known := cursorNames[s]
				if !known {
					c.errorf(sf.val, "%s.cursor: expected shared, per-vu or sticky, found %q", what, s)
					bad = true
				}
				fd.cursor = m
			}
		}
		if fileNode == nil {
			if !bad {
				c.errorf(f.val, "%s: missing file: expected the path of a CSV file, relative to the scenario file", what)
			}
			continue
		}
		if bad {
			continue
		}
		// A feed that fails to load is still known by name, so that its
		// uses do not each repeat the problem.
		fd.broken = !c.loadFeed(fd, fileNode, file)
		c.feedIndex[name] = len(c.feeds)
		c.feeds = append(c.feeds, fd)
	}
}

// loadFeed reads the CSV file of fd; problems inside it are reported at
// their line and column in the CSV file.
func (c *compiler) loadFeed(fd *feed, n *yaml.Node, file string) bool {
	p := path.Join(c.dir, file)
	if path.IsAbs(file) || !fs.ValidPath(p) || p == "." {
		c.errorf(n, "feed %s: file %q: expected a path relative to the scenario file's directory, inside it", fd.name, file)
		return false
	}
	src, err := readAll(c.fsys, p, maxFeedSize)
	if err != nil {
		c.errorf(n, "feed %s: read %s: %v", fd.name, file, err)
		return false
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(src))
	at := func(line, col int) diag.Pos { return diag.Pos{File: p, Line: line, Column: col} }
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			c.errorAt(at(1, 1), "feed %s: empty CSV file: expected a header row naming the columns, then data rows", fd.name)
		} else {
			c.csvError(fd, p, err)
		}
		return false
	}
	seen := map[string]bool{}
	for i, col := range header {
		if !validName(col) {
			c.errorAt(at(1, 0), "feed %s: column %d is named %q; expected a header row of names (a letter or _ then letters, digits, _ or -)", fd.name, i+1, col)
			return false
		}
		if seen[col] {
			c.errorAt(at(1, 0), "feed %s: column %q is named twice", fd.name, col)
			return false
		}
		seen[col] = true
	}
	fd.columns = header
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.csvError(fd, p, err)
			return false
		}
		fd.rows = append(fd.rows, rec)
	}
	if len(fd.rows) == 0 {
		c.errorAt(at(2, 1), "feed %s: no data rows after the header", fd.name)
		return false
	}
	if len(fd.rows) > 1<<31-1 {
		c.errorAt(at(1, 1), "feed %s: too many rows", fd.name)
		return false
	}
	return true
}

func (c *compiler) csvError(fd *feed, p string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		c.errorAt(diag.Pos{File: p, Line: pe.Line, Column: pe.Column}, "feed %s: %v", fd.name, pe.Err)
		return
	}
	c.errorAt(diag.Pos{File: p}, "feed %s: %v", fd.name, err)
}
