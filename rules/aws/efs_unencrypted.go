package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func efsUnencrypted() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-efs-unencrypted",
			Title:    "EFS file system not encrypted at rest",
			Severity: rule.Medium,
			Concern:  rule.Security,
			Rationale: "An EFS file system's encryption is chosen at creation and cannot be changed: an unencrypted " +
				"one must be copied to a new file system to fix it. encrypted defaults to false in the provider.",
			Remediation: "Set encrypted = true (with kms_key_id for a customer-managed key) when creating the file system.",
			Example: `resource "aws_efs_file_system" "shared" {
  encrypted = true
}`,
			Links: []string{
				"https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
			},
			Types: []string{"aws_efs_file_system"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, fs := range managed(g, "aws_efs_file_system") {
				if encrypted(fs.Attrs, "encrypted", false) == infra.False {
					hits = append(hits, rule.Hitf(fs, "%s is not encrypted at rest: %s; fixing it means copying to a new file system", fs.Addr, notTrue("encrypted", "false")))
				}
			}
			return hits
		},
	}
}
