package rules

import (
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules/aws"
	"github.com/plimsoll/plimsoll/rules/kube"
	"github.com/plimsoll/plimsoll/rules/prom"
)

// Builtin returns every built-in rule, in documentation order. It returns a
// new slice on each call; callers may filter it freely.
func Builtin() []rule.Rule {
	var all []rule.Rule
	all = append(all, aws.Rules()...)
	all = append(all, kube.Rules()...)
	all = append(all, prom.Rules()...)
	return all
}
