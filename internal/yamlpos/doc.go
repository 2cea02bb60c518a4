// Package yamlpos turns the errors of go.yaml.in/yaml/v4 into source
// positions and one-line messages, so every package that reads YAML reports
// a syntax error the same way: file:line:column and what was expected.
//
// It wraps that one dependency and may import only diag of this module.
package yamlpos
