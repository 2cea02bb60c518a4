package aws

import (
	"fmt"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func ebsUnencrypted() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-ebs-unencrypted",
			Title:    "EBS volume not encrypted at rest",
			Severity: rule.Medium,
			Concern:  rule.Security,
			Rationale: "Unencrypted EBS volumes leave their data readable in every snapshot made of them, including " +
				"snapshots shared or copied to other accounts, and an existing volume cannot be encrypted in place. " +
				"encrypted defaults to false for aws_ebs_volume; for an instance's root and ebs_block_device volumes " +
				"it is left to the AMI's snapshot, and public AMIs are unencrypted. Nothing is reported when the " +
				"configuration turns on aws_ebs_encryption_by_default, or when a volume is created from a " +
				"snapshot (it inherits the snapshot's encryption).",
			Remediation: "Set encrypted = true on the volume or block device (root_block_device { encrypted = true }), " +
				"or turn on EBS encryption by default for the account with aws_ebs_encryption_by_default.",
			Example: `resource "aws_instance" "app" {
  ami           = var.ami_id
  instance_type = "t3.small"
  subnet_id     = var.private_subnet_id
  root_block_device {
    encrypted = true
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
				"https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
			},
			Types: []string{"aws_ebs_volume", "aws_instance", "aws_launch_template", "aws_ebs_encryption_by_default"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			if ebsDefaultEncryption(g) != infra.False {
				return nil
			}
			var hits []rule.Hit
			for _, v := range managed(g, "aws_ebs_volume") {
				if !v.Get("snapshot_id").IsAbsent() || encrypted(v.Attrs, "encrypted", false) != infra.False {
					continue
				}
				hits = append(hits, rule.Hitf(v, "%s is not encrypted: %s", v.Addr, notTrue("encrypted", "false")))
			}
			for _, inst := range managed(g, "aws_instance") {
				var bad []string
				roots, known := inst.Get("root_block_device").Elems()
				switch {
				case !known:
				case len(roots) == 0:
					bad = append(bad, "the root volume (no root_block_device: encrypted only if the AMI's snapshot is)")
				default:
					if encrypted(roots[0], "encrypted", false) == infra.False {
						bad = append(bad, "the root volume ("+rootSetting(roots[0])+")")
					}
				}
				devs, _ := inst.Get("ebs_block_device").Elems()
				for _, d := range devs {
					if d.Get("snapshot_id").IsAbsent() && encrypted(d, "encrypted", false) == infra.False {
						name, _ := d.Get("device_name").StrOr("?")
						bad = append(bad, fmt.Sprintf("%s (%s)", name, rootSetting(d)))
					}
				}
				if len(bad) > 0 {
					hits = append(hits, rule.Hitf(inst, "%s has unencrypted volumes: %s", inst.Addr, strings.Join(bad, "; ")))
				}
			}
			for _, lt := range managed(g, "aws_launch_template") {
				var bad []string
				maps, _ := lt.Get("block_device_mappings").Elems()
				for _, m := range maps {
					ebs, _ := m.Get("ebs").Elems()
					for _, e := range ebs {
						if e.Get("encrypted").Bool() == infra.False && e.Get("kms_key_id").IsAbsent() {
							name, _ := m.Get("device_name").StrOr("?")
							bad = append(bad, name)
						}
					}
				}
				if len(bad) > 0 {
					hits = append(hits, rule.Hitf(lt, "%s launches instances with unencrypted volumes (%s: encrypted = false)", lt.Addr, strings.Join(bad, ", ")))
				}
			}
			return hits
		},
	}
}
