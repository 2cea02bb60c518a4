package aws

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

// identityPolicies gives, per resource type, the attributes holding an
// identity-based policy document.
var identityPolicies = map[string][]string{
	"aws_iam_policy":       {"policy"},
	"aws_iam_role_policy":  {"policy"},
	"aws_iam_user_policy":  {"policy"},
	"aws_iam_group_policy": {"policy"},
	"aws_iam_role":         {"inline_policy.*.policy"},
}

const adminPolicyARN = "arn:aws:iam::aws:policy/AdministratorAccess"

func iamAdminPolicy() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-iam-admin-policy",
			Title:    "IAM policy allows every action on every resource",
			Severity: rule.High,
			Concern:  rule.Security,
			Rationale: "A statement with Effect Allow, Action \"*\" and Resource \"*\" — or the AdministratorAccess " +
				"managed policy — gives whoever holds it full control of the account: reading every secret, " +
				"deleting every backup, creating users for later. A leaked key or a compromised instance with such " +
				"a role is a compromised account. Identity policies are checked whether written as JSON, with " +
				"jsonencode or as aws_iam_policy_document data sources; resource policies such as KMS key " +
				"policies (whose default grants kms:* to the account root) are not.",
			Remediation: "Grant the actions the workload actually calls on the resources it actually uses (IAM " +
				"Access Analyzer can generate such a policy from CloudTrail), and keep administrator access for " +
				"break-glass roles that require MFA.",
			Example: `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["arn:aws:s3:::shop-uploads/*"]
  }
}

resource "aws_iam_policy" "app" {
  name   = "app"
  policy = data.aws_iam_policy_document.app.json
}`,
			Links: []string{
				"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
				"https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
			},
			Types: []string{"aws_iam_policy", "aws_iam_role_policy", "aws_iam_role", "aws_iam_policy_document", "aws_iam_role_policy_attachment"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, r := range g.Resources() {
				if r.Addr.Mode != infra.Managed {
					continue
				}
				var why []string
				for _, attr := range identityPolicies[r.Addr.Type] {
					// Plan JSON knows the document's JSON; HCL knows only its
					// statement blocks. Either way the message names the
					// document, so both inputs read alike.
					docs := policyDocs(g, r, attr)
					of := ""
					if len(docs) == 1 {
						of = " of " + docs[0].Addr.String()
					}
					vals, _ := valuesAt(r.Attrs, attr)
					known := false
					for _, v := range vals {
						if s, ok := v.Str(); ok {
							known = true
							for _, w := range adminStatements(s) {
								why = append(why, w+of)
							}
						}
					}
					if known {
						continue
					}
					for _, doc := range docs {
						for _, w := range adminDocStatements(doc) {
							why = append(why, w+" of "+doc.Addr.String())
						}
					}
				}
				why = append(why, adminAttachments(r)...)
				if len(why) > 0 {
					hits = append(hits, rule.Hitf(r, "%s allows every action on every resource (%s): full control of the account", r.Addr, strings.Join(why, "; ")))
				}
			}
			return hits
		},
	}
}

// valuesAt reads the values at a dotted path with "*" steps over lists of
// blocks.
func valuesAt(v infra.Value, pattern string) ([]infra.Value, bool) {
	steps := strings.Split(pattern, ".")
	cur := []infra.Value{v}
	for _, s := range steps {
		var next []infra.Value
		for _, c := range cur {
			if s == "*" {
				es, ok := c.Elems()
				if !ok {
					return nil, false
				}
				next = append(next, es...)
			} else if x := c.Get(s); !x.IsAbsent() {
				next = append(next, x)
			}
		}
		cur = next
	}
	return cur, true
}

// policyDocs returns the aws_iam_policy_document data sources r's policy
// attribute refers to.
func policyDocs(g *infra.Graph, r *infra.Resource, attr string) []*infra.Resource {
	var out []*infra.Resource
	prefix, _, _ := strings.Cut(attr, ".*")
	for _, d := range g.Refs(r, prefix, "aws_iam_policy_document") {
		if d.Addr.Mode == infra.Data {
			out = append(out, d)
		}
	}
	return out
}

// adminStatements parses a JSON policy and describes its statements that
// allow "*" on "*".
func adminStatements(doc string) []string {
	var p struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(doc), &p) != nil {
		return nil
	}
	var stmts []map[string]json.RawMessage
	if json.Unmarshal(p.Statement, &stmts) != nil {
		var one map[string]json.RawMessage
		if json.Unmarshal(p.Statement, &one) != nil {
			return nil
		}
		stmts = append(stmts, one)
	}
	var out []string
	for i, st := range stmts {
		var effect string
		_ = json.Unmarshal(st["Effect"], &effect)
		if effect != "Allow" || st["NotResource"] != nil || st["NotAction"] != nil {
			continue
		}
		if wildcard(jsonStrings(st["Action"])) && slices.Contains(jsonStrings(st["Resource"]), "*") {
			out = append(out, statementName(i, st["Sid"]))
		}
	}
	return out
}

func statementName(i int, sid json.RawMessage) string {
	var s string
	if json.Unmarshal(sid, &s) == nil && s != "" {
		return fmt.Sprintf("statement %q", s)
	}
	return fmt.Sprintf("statement %d", i)
}

func jsonStrings(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

func wildcard(actions []string) bool {
	return slices.Contains(actions, "*") || slices.Contains(actions, "*:*")
}

// adminDocStatements describes the statements of an aws_iam_policy_document
// that allow "*" on "*".
func adminDocStatements(doc *infra.Resource) []string {
	var out []string
	stmts, _ := doc.Get("statement").Elems()
	for i, st := range stmts {
		effect, ok := st.Get("effect").StrOr("Allow")
		if !ok || effect != "Allow" || !st.Get("not_resources").IsAbsent() || !st.Get("not_actions").IsAbsent() {
			continue
		}
		actions, ok1 := st.Get("actions").Strings()
		resources, ok2 := st.Get("resources").Strings()
		if !ok1 || !ok2 {
			continue
		}
		if wildcard(actions) && slices.Contains(resources, "*") {
			sid, _ := st.Get("sid").Str()
			out = append(out, statementName(i, jsonQuote(sid)))
		}
	}
	return out
}

func jsonQuote(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// adminAttachments describes attachments of the AdministratorAccess managed
// policy made by r.
func adminAttachments(r *infra.Resource) []string {
	var out []string
	switch r.Addr.Type {
	case "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment":
		if s, ok := r.Get("policy_arn").Str(); ok && s == adminPolicyARN {
			out = append(out, "attaches AdministratorAccess")
		}
	case "aws_iam_role":
		if ss, _ := r.Get("managed_policy_arns").Strings(); slices.Contains(ss, adminPolicyARN) {
			out = append(out, "managed_policy_arns includes AdministratorAccess")
		}
	}
	return out
}
