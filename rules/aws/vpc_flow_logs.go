package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func vpcFlowLogs() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-vpc-flow-logs",
			Title:    "VPC without flow logs",
			Severity: rule.Low,
			Concern:  rule.Observability,
			Rationale: "Flow logs record which addresses talked to which, on which ports, and whether security " +
				"groups and network ACLs accepted or rejected the traffic. They are how you debug \"the app cannot " +
				"reach the database\" after the fact and how you scope a security incident; they cannot be turned " +
				"on retroactively.",
			Remediation: "Add an aws_flow_log for the VPC (traffic_type = \"ALL\"), delivering to CloudWatch Logs or S3.",
			Example: `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = var.flow_log_bucket_arn
}`,
			Links: []string{
				"https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
			},
			Types: []string{"aws_vpc", "aws_flow_log"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			for _, f := range managed(g, "aws_flow_log") {
				if v := f.Get("vpc_id"); !v.IsAbsent() && len(g.Refs(f, "vpc_id")) == 0 {
					if _, ok := v.Str(); !ok {
						return nil // a flow log for a VPC unknown until apply: it may be any of them
					}
				}
			}
			var hits []rule.Hit
			for _, vpc := range managed(g, "aws_vpc", "aws_default_vpc") {
				if len(g.Referrers(vpc, "vpc_id", "aws_flow_log")) > 0 || vpc.CountUnknown {
					continue
				}
				hits = append(hits, rule.Hitf(vpc, "%s has no flow log; network traffic and rejected connections leave no record", vpc.Addr))
			}
			return hits
		},
	}
}
