package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func lbAccessLogs() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-lb-access-logs",
			Title:    "Load balancer access logs are off",
			Severity: rule.Low,
			Concern:  rule.Observability,
			Rationale: "Access logs are the only record of each request the load balancer handled: client, target, " +
				"status, latencies. Without them, a burst of 5xx errors or a slow target cannot be traced to the " +
				"requests and targets involved after the fact, and security incidents cannot be reconstructed. " +
				"For aws_lb, access_logs.enabled defaults to false even when a bucket is given; for a classic " +
				"aws_elb it defaults to true once the block is present.",
			Remediation: "Add an access_logs block with enabled = true and an S3 bucket whose policy lets the " +
				"regional Elastic Load Balancing account write to it.",
			Example: `resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  access_logs {
    bucket  = var.log_bucket
    prefix  = "web"
    enabled = true
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
			},
			Types: []string{"aws_lb", "aws_elb"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, lb := range managed(g, "aws_lb", "aws_alb", "aws_elb") {
				def := false
				if lb.Addr.Type == "aws_elb" {
					def = true
				} else if typ, ok := lb.Get("load_balancer_type").StrOr("application"); !ok || typ == "gateway" {
					continue
				}
				blocks, known := lb.Get("access_logs").Elems()
				if !known {
					continue
				}
				on := infra.False
				for _, b := range blocks {
					on = on.Or(b.Get("enabled").BoolOr(def))
				}
				if on != infra.False {
					continue
				}
				// Plan JSON fills in the provider's default where the
				// configuration leaves enabled out, so one message serves both.
				if len(blocks) == 0 {
					hits = append(hits, rule.Hitf(lb, "%s keeps no access logs (no access_logs block)", lb.Addr))
				} else {
					hits = append(hits, rule.Hitf(lb, "%s keeps no access logs: access_logs.enabled is false (for aws_lb that is the default, even with a bucket)", lb.Addr))
				}
			}
			return hits
		},
	}
}
