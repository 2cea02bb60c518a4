package aws

import (
	"slices"

	"github.com/plimsoll/plimsoll/infra"
)

var (
	targetGroupTypes = []string{"aws_lb_target_group", "aws_alb_target_group"}
	lbTypes          = []string{"aws_lb", "aws_alb"}
	classicLBTypes   = []string{"aws_elb"}
)

// Balancers returns the target groups and classic load balancers that send
// traffic to r (an autoscaling group, an ECS service or an instance), sorted,
// and answers whether any does: Unknown when an attribute that would say so
// is unknown until apply.
func Balancers(g *infra.Graph, r *infra.Resource) ([]*infra.Resource, infra.Tri) {
	var out []*infra.Resource
	t := infra.False
	add := func(rs []*infra.Resource, maybe bool) {
		for _, x := range rs {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
		if len(rs) > 0 {
			if maybe {
				t = t.Or(infra.Unknown)
			} else {
				t = infra.True
			}
		}
	}
	list := func(attr string, types ...string) {
		rl := idRefs(g, r, attr, types...)
		add(rl.Refs, false)
		if rl.Set && len(rl.Refs) == 0 {
			if vals, _ := values(r.Attrs, attr); anyElems(vals) || !rl.Complete {
				// names or ARNs of balancers outside the configuration, or
				// values unknown until apply
				if rl.Complete {
					t = infra.True
				} else {
					t = t.Or(infra.Unknown)
				}
			}
		}
	}
	switch r.Addr.Type {
	case "aws_autoscaling_group":
		list("target_group_arns", targetGroupTypes...)
		list("load_balancers", classicLBTypes...)
		for _, a := range referrers(g, r, "autoscaling_group_name", "aws_autoscaling_attachment", "aws_autoscaling_traffic_source_attachment") {
			rs := refs(g, a, "lb_target_group_arn", targetGroupTypes...)
			rs = append(rs, refs(g, a, "elb", classicLBTypes...)...)
			rs = append(rs, refs(g, a, "traffic_source", targetGroupTypes...)...)
			if len(rs) == 0 {
				t = t.Or(infra.Unknown)
			}
			add(rs, a.CountUnknown)
		}
	case "aws_ecs_service":
		list("load_balancer.*.target_group_arn", targetGroupTypes...)
		list("load_balancer.*.elb_name", classicLBTypes...)
	default:
		for _, a := range referrers(g, r, "target_id", "aws_lb_target_group_attachment", "aws_alb_target_group_attachment") {
			add(refs(g, a, "target_group_arn", targetGroupTypes...), a.CountUnknown)
		}
		for _, a := range referrers(g, r, "instance", "aws_elb_attachment") {
			add(refs(g, a, "elb", classicLBTypes...), a.CountUnknown)
		}
		add(referrers(g, r, "instances", classicLBTypes...), false)
	}
	slices.SortFunc(out, byAddr)
	return out, t
}

func anyElems(vals []infra.Value) bool {
	for _, v := range vals {
		es, ok := v.Elems()
		if !ok || len(es) > 0 {
			return true
		}
	}
	return false
}

// Targets is what a target group (or classic load balancer) sends traffic to.
type Targets struct {
	// Instances are the resources of the configuration attached one by one
	// (EC2 instances, mostly).
	Instances []*infra.Resource
	// Others counts attachments of targets outside the configuration (an IP
	// address, an instance id from a variable).
	Others int
	// Groups are autoscaling groups and ECS services that register their
	// members.
	Groups []*infra.Resource
	// Complete is false when an attachment's count is unknown before apply.
	Complete bool
}

// Count answers how many distinct single targets there are, treating each
// group as at least two. ok is false when the count is not known.
func (t Targets) Count() (n int, ok bool) {
	if !t.Complete {
		return 0, false
	}
	if len(t.Groups) > 0 {
		return 2 * len(t.Groups), true
	}
	return len(t.Instances) + t.Others, true
}

// TargetsOf returns the targets of a target group or classic load balancer.
func TargetsOf(g *infra.Graph, tg *infra.Resource) Targets {
	t := Targets{Complete: true}
	addInst := func(r *infra.Resource) {
		if !slices.Contains(t.Instances, r) {
			t.Instances = append(t.Instances, r)
		}
	}
	switch {
	case slices.Contains(targetGroupTypes, tg.Addr.Type):
		for _, a := range referrers(g, tg, "target_group_arn", "aws_lb_target_group_attachment", "aws_alb_target_group_attachment") {
			t.Complete = t.Complete && !a.CountUnknown
			ts := refs(g, a, "target_id")
			if len(ts) == 0 {
				t.Others++
			}
			for _, x := range ts {
				addInst(x)
			}
		}
		for _, r := range referrers(g, tg, "target_group_arns", "aws_autoscaling_group") {
			t.Groups = append(t.Groups, r)
		}
		for _, r := range referrers(g, tg, "load_balancer", "aws_ecs_service") {
			t.Groups = append(t.Groups, r)
		}
		for _, a := range append(referrers(g, tg, "lb_target_group_arn", "aws_autoscaling_attachment"), referrers(g, tg, "traffic_source", "aws_autoscaling_traffic_source_attachment")...) {
			t.Groups = append(t.Groups, refs(g, a, "autoscaling_group_name", "aws_autoscaling_group")...)
			if a.CountUnknown {
				t.Complete = false
			}
		}
	case slices.Contains(classicLBTypes, tg.Addr.Type):
		rl := idRefs(g, tg, "instances", "aws_instance", "aws_spot_instance_request")
		t.Complete = rl.Complete
		for _, x := range rl.Refs {
			addInst(x)
		}
		for _, a := range referrers(g, tg, "elb", "aws_elb_attachment") {
			t.Complete = t.Complete && !a.CountUnknown
			for _, x := range refs(g, a, "instance") {
				addInst(x)
			}
		}
		t.Groups = append(t.Groups, referrers(g, tg, "load_balancers", "aws_autoscaling_group")...)
		for _, a := range referrers(g, tg, "elb", "aws_autoscaling_attachment") {
			t.Groups = append(t.Groups, refs(g, a, "autoscaling_group_name", "aws_autoscaling_group")...)
			if a.CountUnknown {
				t.Complete = false
			}
		}
	}
	for _, x := range t.Instances {
		if x.CountUnknown {
			t.Complete = false
		}
	}
	slices.SortFunc(t.Instances, byAddr)
	slices.SortFunc(t.Groups, byAddr)
	t.Groups = slices.Compact(t.Groups)
	return t
}
