package aws

import (
	"fmt"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

// webPorts are the ports an instance open to the world on is taken to serve.
var webPorts = []int{80, 443, 8080, 8443}

func loneInstance() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-ec2-lone-instance",
			Title:    "A lone EC2 instance serves traffic",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "An instance that serves users by itself — through an Elastic IP, a DNS record, or a public " +
				"address with web ports open to the internet — is a single point of failure: instances stop for " +
				"hardware faults, host retirement and zone outages, and nothing replaces this one or takes its " +
				"traffic meanwhile. A load balancer in front of an autoscaling group spread over several zones " +
				"replaces failed instances and keeps serving while it does.",
			Remediation: "Run the service as an autoscaling group of at least two instances in two or more zones " +
				"behind a load balancer, and point DNS at the load balancer rather than at an instance.",
			Example: `resource "aws_autoscaling_group" "web" {
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = var.private_subnet_ids # subnets in three zones
  target_group_arns   = [var.target_group_arn]
  health_check_type   = "ELB"
  launch_template {
    id      = var.launch_template_id
    version = "$Latest"
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_mitigate_interaction_failure_graceful_degradation.html",
				"https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-load-balancer.html",
			},
			Types: []string{"aws_instance", "aws_eip", "aws_route53_record"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			x := aws.NewExposure(g)
			var hits []rule.Hit
			for _, inst := range managed(g, "aws_instance", "aws_spot_instance_request") {
				if inst.CountUnknown || peers(g, inst) > 1 {
					continue // several interchangeable instances, or perhaps several
				}
				if _, lb := aws.Balancers(g, inst); lb != infra.False {
					continue // behind a load balancer: aws-lb-single-target judges that
				}
				if why := servesAlone(g, x, inst); len(why) > 0 {
					hits = append(hits, rule.Hitf(inst, "%s serves traffic on its own (%s) with no load balancer or autoscaling group to take over; when it stops, the service stops",
						inst.Addr, strings.Join(why, "; ")))
				}
			}
			return hits
		},
	}
}

// servesAlone returns the reasons to believe inst serves users directly; nil
// when there are none certain, or when a DNS record spreads its traffic over
// other instances too.
func servesAlone(g *infra.Graph, x *aws.Exposure, inst *infra.Resource) []string {
	var why []string
	for _, e := range g.Referrers(inst, "instance", "aws_eip") {
		why = append(why, "Elastic IP "+e.Addr.String())
	}
	for _, e := range g.Referrers(inst, "instance_id", "aws_eip_association") {
		why = append(why, "Elastic IP association "+e.Addr.String())
	}
	for _, d := range g.Referrers(inst, "records", "aws_route53_record") {
		if others := g.Refs(d, "records", "aws_instance", "aws_spot_instance_request"); len(others) > 1 || d.CountUnknown {
			return nil // round-robin DNS over several instances
		}
		why = append(why, "DNS record "+d.Addr.String())
	}
	for _, p := range webPorts {
		paths, _ := x.WorldPaths(inst, p)
		for _, path := range paths {
			if len(path) == 1 {
				_, cidr := path[0].Rule.World()
				return append(why, fmt.Sprintf("public IP, port %d open to %s", p, cidr))
			}
		}
	}
	return why
}
