package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func dbStorageAlarm() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-rds-storage-alarm",
			Title:    "RDS database without a free-storage alarm",
			Severity: rule.Medium,
			Concern:  rule.Observability,
			Rationale: "An RDS instance whose disk fills up stops accepting writes (and goes into the " +
				"storage-full state), which takes the application down with it; storage autoscaling only moves " +
				"the limit to max_allocated_storage, and a runaway table or log fills that too. An alarm counts " +
				"when it watches FreeStorageSpace (namespace AWS/RDS) with the DBInstanceIdentifier dimension " +
				"naming this instance, and notifies an SNS topic. Aurora grows its storage by itself and is not " +
				"checked.",
			Remediation: "Add an aws_cloudwatch_metric_alarm on FreeStorageSpace below about 10 % of the allocated " +
				"storage, with alarm_actions pointing at an SNS topic.",
			Example: `resource "aws_cloudwatch_metric_alarm" "db_storage" {
  alarm_name          = "db-free-storage"
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.main.identifier }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10737418240 # 10 GiB of 100
  comparison_operator = "LessThanThreshold"
  alarm_actions       = [var.oncall_topic_arn]
}

resource "aws_db_instance" "main" {
  identifier                  = "shop"
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
  multi_az                    = true
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html",
			},
			Types: []string{"aws_db_instance", "aws_cloudwatch_metric_alarm"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			x := aws.NewAlarms(g)
			var hits []rule.Hit
			for _, db := range managed(g, "aws_db_instance") {
				engine, ok := engineOf(db, "")
				if !ok || strings.HasPrefix(engine, "aurora") || db.CountUnknown {
					continue
				}
				t, found := alarmed(g, x, db, func(m aws.Metric) bool { return m.Is("AWS/RDS", "FreeStorageSpace") })
				if t != infra.False {
					continue
				}
				if len(found) > 0 {
					hits = append(hits, rule.Hitf(db, "%s has free-storage alarms (%s) but none notifies anyone", db.Addr, addrs(found)))
					continue
				}
				hits = append(hits, rule.Hitf(db, "no alarm watches the free storage of %s; a full disk stops writes without warning", db.Addr))
			}
			return hits
		},
	}
}
