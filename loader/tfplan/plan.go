package tfplan

import (
	"bytes"
	"encoding/json"

	tfjson "github.com/hashicorp/terraform-json"
)

// planFile is the part of `terraform show -json` output that the loader reads.
// It reuses terraform-json's types where they keep everything that matters,
// and has its own where they do not: resource changes are read without their
// "before" values (never used, and as large as the plan itself), and the
// configuration's expressions keep single and map nested blocks, which
// tfjson.Expression drops.
type planFile struct {
	FormatVersion    string                          `json:"format_version"`
	TerraformVersion string                          `json:"terraform_version"`
	Variables        map[string]*tfjson.PlanVariable `json:"variables"`
	PlannedValues    *tfjson.StateValues             `json:"planned_values"`
	ResourceChanges  []*resourceChange               `json:"resource_changes"`
	DeferredChanges  []*deferredChange               `json:"deferred_changes"`
	PriorState       *priorState                     `json:"prior_state"`
	Config           *config                         `json:"configuration"`
	Complete         *bool                           `json:"complete"`
	Errored          bool                            `json:"errored"`

	// Values is set instead of PlannedValues when the input is a state, not
	// a plan.
	Values *tfjson.StateValues `json:"values"`

	// Level is set when the input is the log that `terraform plan -json`
	// streams, one JSON message a line, rather than a plan.
	Level string `json:"@level"`
}

type priorState struct {
	Values *tfjson.StateValues `json:"values"`
}

type resourceChange struct {
	Address    string              `json:"address"`
	Mode       tfjson.ResourceMode `json:"mode"`
	DeposedKey string              `json:"deposed"`
	Change     struct {
		Actions tfjson.Actions `json:"actions"`
		// After is only read for deferred changes, which have no planned
		// values; kept raw so that ordinary plans don't pay for it.
		After        json.RawMessage `json:"after"`
		AfterUnknown any             `json:"after_unknown"`
	} `json:"change"`
}

type deferredChange struct {
	Reason         string          `json:"reason"`
	ResourceChange *resourceChange `json:"resource_change"`
}

type config struct {
	ProviderConfig map[string]*providerConfig `json:"provider_config"`
	RootModule     *module                    `json:"root_module"`
}

type providerConfig struct {
	Name          string           `json:"name"`
	Alias         string           `json:"alias"`
	ModuleAddress string           `json:"module_address"`
	Expressions   map[string]*expr `json:"expressions"`
}

type module struct {
	Outputs     map[string]*output      `json:"outputs"`
	Resources   []*configResource       `json:"resources"`
	ModuleCalls map[string]*moduleCall  `json:"module_calls"`
	Variables   map[string]*configInput `json:"variables"`
}

type output struct {
	Expression *expr `json:"expression"`
	Sensitive  bool  `json:"sensitive"`
}

type configInput struct {
	Default   any  `json:"default"`
	Sensitive bool `json:"sensitive"`
}

type configResource struct {
	Address           string              `json:"address"`
	Mode              tfjson.ResourceMode `json:"mode"`
	Type              string              `json:"type"`
	Name              string              `json:"name"`
	ProviderConfigKey string              `json:"provider_config_key"`
	Expressions       map[string]*expr    `json:"expressions"`
	CountExpression   *expr               `json:"count_expression"`
	ForEachExpression *expr               `json:"for_each_expression"`
	DependsOn         []string            `json:"depends_on"`
}

type moduleCall struct {
	Source            string           `json:"source"`
	Expressions       map[string]*expr `json:"expressions"`
	CountExpression   *expr            `json:"count_expression"`
	ForEachExpression *expr            `json:"for_each_expression"`
	Module            *module          `json:"module"`
}

// expr is one entry of a configuration's "expressions": an attribute's
// expression (its references and, when constant, its value), a list of
// nested blocks, or one nested block (single nesting) — which in turn may be
// a map of blocks (map nesting), keyed by block label.
type expr struct {
	Refs     []string
	Constant any // nil unless the expression is constant
	Blocks   []map[string]*expr
	Block    map[string]*expr
}

// leaf reports whether e is an attribute's expression rather than blocks.
func (e *expr) leaf() bool { return e != nil && e.Blocks == nil && e.Block == nil }

// UnmarshalJSON tells an expression from nested blocks by shape. It is
// lenient: a field of the wrong type is ignored rather than failing the
// whole plan, since the values, not the expressions, are the model's
// substance.
func (e *expr) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '[':
		var blocks []map[string]*expr
		if json.Unmarshal(b, &blocks) == nil {
			if blocks == nil {
				blocks = []map[string]*expr{}
			}
			e.Blocks = blocks
		}
		return nil
	case '{':
	default:
		return nil
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(b, &fields) != nil {
		return nil
	}
	refs, hasRefs := fields["references"]
	constant, hasConstant := fields["constant_value"]
	if hasRefs || hasConstant || len(fields) == 0 {
		if hasRefs {
			_ = json.Unmarshal(refs, &e.Refs) // lenient: see above
		}
		if hasConstant {
			d := json.NewDecoder(bytes.NewReader(constant))
			d.UseNumber()
			_ = d.Decode(&e.Constant) // lenient: see above
		}
		return nil
	}
	e.Block = make(map[string]*expr, len(fields))
	for k, raw := range fields {
		var sub expr
		if err := sub.UnmarshalJSON(raw); err != nil {
			return err
		}
		e.Block[k] = &sub
	}
	return nil
}
