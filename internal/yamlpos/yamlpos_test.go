package yamlpos_test

import (
	"errors"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/internal/yamlpos"
)

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		first int
		want  string
	}{
		{"bad indent", "a:\n  - b\n c: d\n", 1,
			"f.yaml:3:2: did not find expected key (while parsing a block mapping at line 1, column 1)"},
		{"unclosed flow", "version: 1\nscenarios: [\n", 1,
			"f.yaml:3:1: did not find expected node content"},
		{"flow mapping", "a: {b: ${x}}\n", 1,
			"f.yaml:1:9: did not find expected ',' or '}' (while parsing a flow mapping at line 1, column 4)"},
		{"no context", "a: b: c\n", 1,
			"f.yaml:1:5: mapping values are not allowed in this context"},
		{"columns count characters", "x: é\"é: d: [\n", 1,
			"f.yaml:1:7: mapping values are not allowed in this context"},
		{"tab", "a:\n\t- b\n", 1,
			"f.yaml:2:1: found character that cannot start any token"},
		{"unknown anchor", "a: &x 1\nb: *y\n", 1,
			"f.yaml:2:4: unknown anchor 'y' referenced"},
		{"document of a stream", "a:\n  - b\n c: d\n", 10,
			"f.yaml:12:2: did not find expected key (while parsing a block mapping at line 10, column 1)"},
		{"first below 1", "a: b: c\n", 0,
			"f.yaml:1:5: mapping values are not allowed in this context"},
		{"bad UTF-8", "a: b\nc: \xff\n", 1,
			"f.yaml:2:4: invalid leading UTF-8 octet (value: 255)"},
		{"bad UTF-8 after a character", "a: é\xcd", 1,
			"f.yaml:1:5: incomplete UTF-8 octet sequence"},
		{"bad UTF-8 first", "\xcd", 1,
			"f.yaml:1:1: incomplete UTF-8 octet sequence"},
		{"control character", "a: b\nc: \x01\n", 5,
			"f.yaml:6:4: control characters are not allowed (value: 1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(tc.src), &n)
			if err == nil {
				t.Fatal("parsed without error")
			}
			pos, msg := yamlpos.Locate("f.yaml", []byte(tc.src), tc.first, err)
			if got := pos.String() + ": " + msg; got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestLocateOtherError(t *testing.T) {
	pos, msg := yamlpos.Locate("f.yaml", nil, 4, errors.New("yaml: something else"))
	if got := pos.String() + ": " + msg; got != "f.yaml:4: something else" {
		t.Errorf("got %s, want f.yaml:4: something else", got)
	}
}
