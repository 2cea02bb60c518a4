package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func backupBucketVersioning() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-s3-backup-versioning",
			Title:    "Backup bucket without versioning",
			Severity: rule.Medium,
			Concern:  rule.Recovery,
			Rationale: "Without versioning, an object overwritten or deleted in a bucket is gone: a faulty backup " +
				"job that overwrites good backups with empty ones, a lifecycle mistake or ransomware with write " +
				"access destroys the very copies meant to recover from such things. A bucket is taken to hold " +
				"backups when it is the destination of S3 replication, or when its name, prefix or tags say " +
				"\"backup\".",
			Remediation: "Add an aws_s3_bucket_versioning resource with status = \"Enabled\" (and consider S3 Object " +
				"Lock for backups that must not be deleted).",
			Example: `resource "aws_s3_bucket" "backups" {
  bucket = "shop-db-backups"
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id
  versioning_configuration {
    status = "Enabled"
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
			},
			Types: []string{"aws_s3_bucket", "aws_s3_bucket_versioning"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, b := range managed(g, "aws_s3_bucket") {
				why := backupBucket(g, b)
				if why == "" || versioned(g, b) != infra.False {
					continue
				}
				hits = append(hits, rule.Hitf(b, "%s holds backups (%s) but has no versioning: an overwrite or delete destroys them", b.Addr, why))
			}
			return hits
		},
	}
}

// backupBucket says why bucket b is taken to hold backups, or "" when it is
// not.
func backupBucket(g *infra.Graph, b *infra.Resource) string {
	for _, rc := range managed(g, "aws_s3_bucket_replication_configuration") {
		for _, dst := range g.Refs(rc, "rule", "aws_s3_bucket") {
			if dst == b {
				return "replication destination of " + rc.Addr.String()
			}
		}
	}
	for _, attr := range []string{"bucket", "bucket_prefix"} {
		if s, ok := b.Get(attr).Str(); ok && strings.Contains(strings.ToLower(s), "backup") {
			return attr + " " + s
		}
	}
	tags := aws.Tags(b)
	keys, _ := tags.Keys()
	for _, k := range keys {
		v, _ := tags.Get(k).Str()
		if strings.Contains(strings.ToLower(k), "backup") || strings.Contains(strings.ToLower(v), "backup") {
			return "tag " + k + " = " + v
		}
	}
	return ""
}

// versioned answers whether bucket b keeps object versions, through an
// aws_s3_bucket_versioning resource or the older inline versioning block.
func versioned(g *infra.Graph, b *infra.Resource) infra.Tri {
	t := infra.False
	for _, v := range g.Referrers(b, "bucket", "aws_s3_bucket_versioning") {
		st, ok := v.Attrs.Path("versioning_configuration.0.status").Str()
		switch {
		case !ok || v.CountUnknown:
			t = t.Or(infra.Unknown)
		case st == "Enabled":
			return infra.True
		}
	}
	blocks, known := b.Get("versioning").Elems()
	if !known {
		return t.Or(infra.Unknown)
	}
	for _, bl := range blocks {
		t = t.Or(bl.Get("enabled").BoolOr(false))
	}
	// A versioning resource naming the bucket by a value unknown until apply
	// may be this bucket's.
	for _, v := range managed(g, "aws_s3_bucket_versioning") {
		if len(g.Refs(v, "bucket")) == 0 {
			if _, ok := v.Get("bucket").Str(); !ok {
				t = t.Or(infra.Unknown)
			}
		}
	}
	return t
}
