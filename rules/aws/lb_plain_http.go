package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func lbPlainHTTP() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-lb-plain-http",
			Title:    "Internet-facing load balancer serves plain HTTP",
			Severity: rule.Medium,
			Concern:  rule.Security,
			Rationale: "A listener that forwards plain HTTP from the internet sends cookies, tokens and form data " +
				"in clear text across networks you do not control, and lets anyone on the path alter responses. " +
				"An HTTP listener is fine when all it does is redirect to HTTPS (or answer with a fixed response); " +
				"it is reported when its default action or one of its listener rules forwards or authenticates. " +
				"A listener's protocol defaults to HTTP on an Application Load Balancer. Internal load balancers " +
				"are not checked.",
			Remediation: "Serve the application on an HTTPS listener with an ACM certificate, and make the HTTP " +
				"listener's default action a redirect to HTTPS with status HTTP_301.",
			Example: `resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
}`,
			Links: []string{
				"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html",
				"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
			},
			Types: []string{"aws_lb_listener", "aws_lb_listener_rule", "aws_elb"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, l := range managed(g, "aws_lb_listener", "aws_alb_listener") {
				lbs := g.Refs(l, "load_balancer_arn", "aws_lb", "aws_alb")
				if len(lbs) != 1 || l.CountUnknown {
					continue
				}
				lb := lbs[0]
				typ, ok := lb.Get("load_balancer_type").StrOr("application")
				if !ok || typ != "application" || lb.Get("internal").BoolOr(false) != infra.False {
					continue
				}
				proto, ok := l.Get("protocol").StrOr("HTTP")
				if !ok || !strings.EqualFold(proto, "HTTP") {
					continue
				}
				serves, what := servesContent(l.Get("default_action"))
				if serves == infra.Unknown {
					continue
				}
				if serves == infra.False {
					for _, lr := range g.Referrers(l, "listener_arn", "aws_lb_listener_rule", "aws_alb_listener_rule") {
						if s, w := servesContent(lr.Get("action")); s == infra.True && !lr.CountUnknown {
							serves, what = s, w+" through "+lr.Addr.String()
							break
						}
					}
				}
				if serves == infra.True {
					hits = append(hits, rule.Hitf(l, "%s accepts plain HTTP from the internet on %s and %s instead of only redirecting to HTTPS", l.Addr, lb.Addr, what))
				}
			}
			for _, elb := range managed(g, "aws_elb") {
				if elb.Get("internal").BoolOr(false) != infra.False {
					continue
				}
				ls, _ := elb.Get("listener").Elems()
				for _, b := range ls {
					if p, ok := b.Get("lb_protocol").Str(); ok && strings.EqualFold(p, "http") {
						port, _ := b.Get("lb_port").Str()
						hits = append(hits, rule.Hitf(elb, "%s accepts plain HTTP from the internet on port %s (a classic load balancer cannot redirect to HTTPS)", elb.Addr, port))
						break
					}
				}
			}
			return hits
		},
	}
}

// servesContent answers whether a list of listener actions passes requests
// on to an application (forward or authenticate), as opposed to redirecting
// or answering with a fixed response.
func servesContent(actions infra.Value) (infra.Tri, string) {
	as, known := actions.Elems()
	if !known {
		return infra.Unknown, ""
	}
	t := infra.False
	for _, a := range as {
		typ, ok := a.Get("type").Str()
		if !ok {
			t = t.Or(infra.Unknown)
			continue
		}
		switch typ {
		case "forward":
			return infra.True, "forwards requests"
		case "authenticate-cognito", "authenticate-oidc":
			return infra.True, "authenticates and forwards requests"
		case "redirect":
			p, ok := a.Path("redirect.0.protocol").StrOr("#{protocol}")
			switch {
			case !ok:
				t = t.Or(infra.Unknown)
			case !strings.EqualFold(p, "HTTPS"):
				return infra.True, "redirects to " + p + " rather than HTTPS"
			}
		}
	}
	return t, ""
}
