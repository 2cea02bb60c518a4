package aws

import (
	"regexp"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func volumeNoBackup() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-ebs-no-backup",
			Title:    "Stateful volume covered by no backup plan",
			Severity: rule.Medium,
			Concern:  rule.Recovery,
			Rationale: "An EBS data volume — an aws_ebs_volume, an ebs_block_device of an instance, or the root " +
				"volume of an instance whose user_data installs a database server — holds state that the " +
				"instance's image cannot recreate. EBS volumes are replicated within one zone only and do " +
				"fail; a deleted or corrupted volume without snapshots is data lost for good. A volume counts as " +
				"covered when an AWS Backup selection picks it or its instance (by reference, ARN pattern or tag), " +
				"or a Data Lifecycle Manager policy targets its tags.",
			Remediation: "Add it (or its instance) to an AWS Backup selection — by resources or by a tag such as " +
				"Backup = \"daily\" — or create an aws_dlm_lifecycle_policy whose target_tags match it.",
			Example: `resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 500
  encrypted         = true
  tags              = { Backup = "daily" }
}

resource "aws_backup_selection" "tagged" {
  name         = "tagged-daily"
  plan_id      = var.backup_plan_id
  iam_role_arn = var.backup_role_arn
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "Backup"
    value = "daily"
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html",
				"https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-lifecycle.html",
			},
			Types: []string{"aws_ebs_volume", "aws_instance", "aws_backup_selection", "aws_dlm_lifecycle_policy"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, v := range managed(g, "aws_ebs_volume") {
				if v.CountUnknown {
					continue
				}
				insts := instancesOf(g, v)
				t := covered(g, v, "VOLUME")
				for _, inst := range insts {
					t = t.Or(covered(g, inst, "INSTANCE"))
				}
				if t != infra.False {
					continue
				}
				of := ""
				if len(insts) > 0 {
					of = " (attached to " + addrs(insts) + ")"
				}
				hits = append(hits, rule.Hitf(v, "data volume %s%s is covered by no backup plan or snapshot policy; losing it loses its data", v.Addr, of))
			}
			for _, inst := range managed(g, "aws_instance") {
				if inst.CountUnknown {
					continue
				}
				devs, known := inst.Get("ebs_block_device").Elems()
				db := runsDatabase(inst)
				if (!known || len(devs) == 0) && db == "" {
					continue
				}
				if covered(g, inst, "INSTANCE").Or(covered(g, inst, "VOLUME")) != infra.False {
					continue
				}
				if len(devs) > 0 {
					var names []string
					for _, d := range devs {
						n, _ := d.Get("device_name").StrOr("?")
						names = append(names, n)
					}
					hits = append(hits, rule.Hitf(inst, "the data volumes of %s (%s) are covered by no backup plan or snapshot policy", inst.Addr, strings.Join(names, ", ")))
					continue
				}
				hits = append(hits, rule.Hitf(inst, "%s runs a database on its own disk (its user_data installs %s) and no backup plan or snapshot policy covers it; losing the instance loses the data", inst.Addr, db))
			}
			return hits
		},
	}
}

// dbInstall matches a boot script line that installs or starts a database
// server.
var dbInstall = regexp.MustCompile(`(?im)^.*\b(?:install|docker run|systemctl (?:enable|start)|service)\b.*?\b(postgresql|postgres|mysql-server|mariadb-server|mariadb|mongodb-org|mongodb|mongod|redis-server|redis|elasticsearch|opensearch|cassandra)\b`)

// runsDatabase returns the database server an instance's user_data
// installs, or "" when it installs none: such an instance keeps state on its
// root volume.
func runsDatabase(inst *infra.Resource) string {
	for _, attr := range []string{"user_data", "user_data_base64"} {
		if s, ok := inst.Get(attr).Str(); ok {
			if m := dbInstall.FindStringSubmatch(decodeUserData(attr, s)); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

// instancesOf returns the instances volume v is attached to.
func instancesOf(g *infra.Graph, v *infra.Resource) []*infra.Resource {
	var out []*infra.Resource
	for _, a := range g.Referrers(v, "volume_id", "aws_volume_attachment") {
		out = append(out, g.Refs(a, "instance_id", "aws_instance")...)
	}
	return out
}

// covered answers whether r is backed up by AWS Backup or by a Data
// Lifecycle Manager policy for resources of kind ("VOLUME" or "INSTANCE").
func covered(g *infra.Graph, r *infra.Resource, kind string) infra.Tri {
	_, t := aws.BackupCoverage(g, r)
	for _, p := range managed(g, "aws_dlm_lifecycle_policy") {
		if st, _ := p.Get("state").StrOr("ENABLED"); st != "ENABLED" {
			continue
		}
		details, known := p.Get("policy_details").Elems()
		if !known || p.CountUnknown {
			t = t.Or(infra.Unknown)
			continue
		}
		for _, d := range details {
			types, ok := d.Get("resource_types").Strings()
			if !ok {
				t = t.Or(infra.Unknown)
				continue
			}
			if len(types) > 0 && !oneOf(kind, types...) {
				continue
			}
			tags := d.Get("target_tags")
			keys, ok := tags.Keys()
			if !ok {
				t = t.Or(infra.Unknown)
				continue
			}
			for _, k := range keys {
				want, ok := tags.Get(k).Str()
				if !ok {
					t = t.Or(infra.Unknown)
					continue
				}
				t = t.Or(tagIs(r, k, want))
			}
		}
	}
	return t
}

// tagIs answers whether r carries tag key with value val.
func tagIs(r *infra.Resource, key, val string) infra.Tri {
	tags := aws.Tags(r)
	if tags.IsUnknown() {
		return infra.Unknown
	}
	v := tags.Get(key)
	if v.IsAbsent() {
		return infra.False
	}
	s, ok := v.Str()
	if !ok {
		return infra.Unknown
	}
	return infra.TriOf(s == val)
}
