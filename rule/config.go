package rule

import (
	"fmt"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/internal/yamlpos"
)

// ConfigVersion is the only version of the .plimsoll.yaml schema so far.
const ConfigVersion = 1

// Config is the audit configuration read from .plimsoll.yaml:
//
//	version: 1
//	disable: [aws-vpc-flow-logs]
//	ignore:
//	  - rule: aws-rds-multi-az
//	    resource: module.legacy.*
//	    reason: retired in Q3
//	thresholds:
//	  alert_cpu: 90%
type Config struct {
	// Disable lists rule IDs that do not run at all.
	Disable []string
	// Ignore lists suppressions.
	Ignore []Ignore
	// Thresholds are the levels some rules compare against, as written;
	// the rules that use them read and check the values (see
	// rules/prom.ThresholdsFrom).
	Thresholds []Setting
}

// Setting is one name: value pair of the configuration, with where it was
// written so a bad value can be pointed at.
type Setting struct {
	Name  string
	Value string
	Pos   diag.Pos
}

// Ignore suppresses the findings of one rule (or "*" for all) on the
// resources whose address matches Resource and whose file matches Path (both
// optional; path.Match patterns, Path also matches a folder prefix).
type Ignore struct {
	Rule     string
	Resource string
	Path     string
	Reason   string
	Pos      diag.Pos
}

func (c Config) disabled(m Meta) bool {
	for _, id := range c.Disable {
		if m.Is(id) {
			return true
		}
	}
	return false
}

// ParseConfig reads a .plimsoll.yaml. name is used in error positions.
func ParseConfig(name string, data []byte) (Config, diag.Diagnostics) {
	var cfg Config
	var ds diag.Diagnostics
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos, msg := yamlpos.Locate(name, data, 1, err)
		return cfg, diag.Diagnostics{diag.Errorf(pos, "not valid YAML: %s", msg)}
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	root := doc.Content[0]
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{File: name, Line: n.Line, Column: n.Column} }
	if root.Kind != yaml.MappingNode {
		return cfg, diag.Diagnostics{diag.Errorf(at(root), "want a mapping with version, disable, ignore and thresholds")}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "version":
			if v.Value != fmt.Sprint(ConfigVersion) {
				ds = append(ds, diag.Errorf(at(v), "unsupported version %q (want %d)", v.Value, ConfigVersion))
			}
		case "disable":
			if v.Kind != yaml.SequenceNode {
				ds = append(ds, diag.Errorf(at(v), "disable: want a list of rule IDs"))
				continue
			}
			for _, e := range v.Content {
				if e.Kind != yaml.ScalarNode || e.Value == "" {
					ds = append(ds, diag.Errorf(at(e), "disable: want a rule ID"))
					continue
				}
				cfg.Disable = append(cfg.Disable, e.Value)
			}
		case "ignore":
			if v.Kind != yaml.SequenceNode {
				ds = append(ds, diag.Errorf(at(v), "ignore: want a list of {rule, resource, path, reason}"))
				continue
			}
			for _, e := range v.Content {
				ig, d := parseIgnore(e, at)
				ds = append(ds, d...)
				if d == nil {
					cfg.Ignore = append(cfg.Ignore, ig)
				}
			}
		case "thresholds":
			if v.Kind != yaml.MappingNode {
				ds = append(ds, diag.Errorf(at(v), "thresholds: want a mapping of names to values, such as alert_cpu: 80%%"))
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				tk, tv := v.Content[j], v.Content[j+1]
				if tv.Kind != yaml.ScalarNode || tv.Value == "" {
					ds = append(ds, diag.Errorf(at(tv), "thresholds: %s: want a value such as 80%% or 5m", tk.Value))
					continue
				}
				cfg.Thresholds = append(cfg.Thresholds, Setting{Name: tk.Value, Value: tv.Value, Pos: at(tv)})
			}
		default:
			ds = append(ds, diag.Errorf(at(k), "unknown key %q (want version, disable, ignore or thresholds)", k.Value))
		}
	}
	return cfg, ds
}

func parseIgnore(n *yaml.Node, at func(*yaml.Node) diag.Pos) (Ignore, diag.Diagnostics) {
	ig := Ignore{Pos: at(n)}
	if n.Kind != yaml.MappingNode {
		return ig, diag.Diagnostics{diag.Errorf(at(n), "ignore entry: want a mapping with rule, resource, path and reason")}
	}
	var ds diag.Diagnostics
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			ds = append(ds, diag.Errorf(at(v), "ignore %s: want a string", k.Value))
			continue
		}
		switch k.Value {
		case "rule":
			ig.Rule = v.Value
		case "resource":
			ig.Resource = v.Value
		case "path":
			ig.Path = v.Value
		case "reason":
			ig.Reason = v.Value
		default:
			ds = append(ds, diag.Errorf(at(k), "unknown key %q in ignore entry (want rule, resource, path or reason)", k.Value))
		}
	}
	if ig.Rule == "" {
		ds = append(ds, diag.Errorf(at(n), "ignore entry needs a rule (an ID, or \"*\")"))
	}
	return ig, ds
}
