package aws

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
)

// Coverage is an AWS Backup selection that covers a resource.
type Coverage struct {
	Selection *infra.Resource
	// Plan is the selection's backup plan; nil when it is outside the
	// configuration.
	Plan *infra.Resource
	// By says how the selection picks the resource: "resources",
	// `tag Backup = "daily"`, "arn arn:aws:rds:*:*:db:*".
	By string
}

// arnShapes gives, per resource type, the service and resource prefix of its
// ARN and the attribute whose value ends it.
var arnShapes = map[string]struct{ service, prefix, name string }{
	"aws_instance":                {"ec2", "instance/", "id"},
	"aws_ebs_volume":              {"ec2", "volume/", "id"},
	"aws_db_instance":             {"rds", "db:", "identifier"},
	"aws_rds_cluster":             {"rds", "cluster:", "cluster_identifier"},
	"aws_docdb_cluster":           {"rds", "cluster:", "cluster_identifier"},
	"aws_neptune_cluster":         {"rds", "cluster:", "cluster_identifier"},
	"aws_efs_file_system":         {"elasticfilesystem", "file-system/", "id"},
	"aws_dynamodb_table":          {"dynamodb", "table/", "name"},
	"aws_s3_bucket":               {"s3", "", "bucket"},
	"aws_fsx_lustre_file_system":  {"fsx", "file-system/", "id"},
	"aws_fsx_windows_file_system": {"fsx", "file-system/", "id"},
	"aws_fsx_ontap_file_system":   {"fsx", "file-system/", "id"},
	"aws_fsx_openzfs_file_system": {"fsx", "file-system/", "id"},
}

// BackupCoverage returns the AWS Backup selections that certainly cover r
// and answers whether any does: Unknown when a selection might (an ARN
// pattern with an account id, tags unknown until apply, a list of
// resources from a variable).
func BackupCoverage(g *infra.Graph, r *infra.Resource) ([]Coverage, infra.Tri) {
	var out []Coverage
	t := infra.False
	for _, sel := range g.OfType("aws_backup_selection") {
		if sel.Addr.Mode != infra.Managed {
			continue
		}
		in, by := selects(g, sel, r)
		if in == infra.True && sel.CountUnknown {
			in = infra.Unknown
		}
		switch in {
		case infra.True:
			c := Coverage{Selection: sel, By: by}
			if ps := refs(g, sel, "plan_id", "aws_backup_plan"); len(ps) == 1 {
				c.Plan = ps[0]
			}
			out = append(out, c)
			t = infra.True
		case infra.Unknown:
			t = t.Or(infra.Unknown)
		}
	}
	return out, t
}

// selects answers whether selection sel picks r, and how.
func selects(g *infra.Graph, sel, r *infra.Resource) (infra.Tri, string) {
	in, by := listSelects(g, sel, r, "resources")
	for _, st := range elems(sel.Get("selection_tag")) {
		typ, _ := st.Get("type").StrOr("STRINGEQUALS")
		key, okk := st.Get("key").Str()
		val, okv := st.Get("value").Str()
		if !okk || !okv || !strings.EqualFold(typ, "STRINGEQUALS") {
			in = in.Or(infra.Unknown)
			continue
		}
		if m := tagEquals(r, key, val); m != infra.False {
			if m == infra.True && in != infra.True {
				by = fmt.Sprintf("tag %s = %q", key, val)
			}
			in = in.Or(m)
		}
	}
	if in == infra.False {
		return infra.False, ""
	}
	for _, c := range elems(sel.Get("condition")) {
		for _, op := range []string{"string_equals", "string_like", "string_not_equals", "string_not_like"} {
			for _, kv := range elems(c.Get(op)) {
				key, okk := kv.Get("key").Str()
				val, okv := kv.Get("value").Str()
				if !okk || !okv {
					in = in.And(infra.Unknown)
					continue
				}
				tag, isTag := strings.CutPrefix(key, "aws:ResourceTag/")
				if !isTag {
					in = in.And(infra.Unknown)
					continue
				}
				var m infra.Tri
				if strings.HasSuffix(op, "like") {
					m = tagMatches(r, tag, val)
				} else {
					m = tagEquals(r, tag, val)
				}
				if strings.Contains(op, "_not_") {
					m = m.Not()
				}
				in = in.And(m)
			}
		}
	}
	out, _ := listSelects(g, sel, r, "not_resources")
	return in.And(out.Not()), by
}

// listSelects answers whether r is in the list of ARNs at attr of sel, by
// reference or by a matching ARN pattern.
func listSelects(g *infra.Graph, sel, r *infra.Resource, attr string) (infra.Tri, string) {
	t := infra.False
	by := ""
	referenced := 0
	for _, e := range g.Out(sel) {
		if attrMatch(e.Attr, attr) {
			referenced++
			if e.To == r.Addr {
				return infra.True, attr
			}
		}
	}
	vals, known := values(sel.Attrs, attr)
	unknown := 0
	if !known {
		unknown++
	}
	for _, v := range vals {
		es, ok := v.Elems()
		if !ok {
			unknown++
		}
		for _, e := range es {
			s, ok := e.Str()
			if !ok {
				if !e.IsAbsent() {
					unknown++
				}
				continue
			}
			if m := arnMatches(s, r); m != infra.False {
				if m == infra.True {
					by = "arn " + s
				}
				t = t.Or(m)
			}
		}
	}
	if unknown > referenced {
		t = t.Or(infra.Unknown)
	}
	return t, by
}

// arnMatches answers whether the ARN pattern p (with * and ? wildcards, as
// AWS Backup takes them) matches r.
func arnMatches(p string, r *infra.Resource) infra.Tri {
	if p == "*" {
		return infra.True
	}
	if arn, ok := r.Get("arn").Str(); ok {
		return infra.TriOf(glob(p, arn))
	}
	shape, ok := arnShapes[r.Addr.Type]
	if !ok {
		return infra.False
	}
	parts := strings.SplitN(p, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !glob(parts[2], shape.service) {
		return infra.False
	}
	t := infra.True
	if parts[3] != "*" {
		if reg, ok := r.Region.Str(); ok {
			if !glob(parts[3], reg) {
				return infra.False
			}
		} else {
			t = infra.Unknown
		}
	}
	if parts[4] != "*" {
		t = t.And(infra.Unknown) // the account id is not in the configuration
	}
	res := parts[5]
	if name, ok := r.Get(shape.name).Str(); ok {
		return t.And(infra.TriOf(glob(res, shape.prefix+name)))
	}
	switch {
	case res == "*" || res == shape.prefix+"*":
		return t
	case strings.HasPrefix(res, "*") || strings.HasPrefix(res, shape.prefix):
		return t.And(infra.Unknown)
	}
	return infra.False
}

// glob matches s against a pattern where * is any run of characters and ?
// any one character.
func glob(p, s string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if glob(p[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
			p, s = p[1:], s[1:]
		default:
			if s == "" || s[0] != p[0] {
				return false
			}
			p, s = p[1:], s[1:]
		}
	}
	return s == ""
}

// Tags returns a resource's tags: tags_all (which includes the provider's
// default_tags) when the input has it, else tags.
func Tags(r *infra.Resource) infra.Value {
	if v := r.Get("tags_all"); !v.IsAbsent() {
		return v
	}
	return r.Get("tags")
}

func tagEquals(r *infra.Resource, key, val string) infra.Tri {
	tags := Tags(r)
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

func tagMatches(r *infra.Resource, key, pattern string) infra.Tri {
	tags := Tags(r)
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
	return infra.TriOf(glob(pattern, s))
}

func elems(v infra.Value) []infra.Value {
	es, _ := v.Elems()
	return es
}

// CrossRegionCopy answers whether backup plan p copies recovery points to a
// vault in another region than its own, and describes the copy when it does.
// The plan's region is that of its target vault, else its provider's.
func CrossRegionCopy(g *infra.Graph, p *infra.Resource) (infra.Tri, string) {
	rules, known := p.Get("rule").Elems()
	t := infra.False
	if !known {
		t = infra.Unknown
	}
	for i, rule := range rules {
		base := fmt.Sprintf("rule.%d", i)
		src := p.Region
		if vs := refs(g, p, base+".target_vault_name", "aws_backup_vault"); len(vs) == 1 {
			src = vs[0].Region
		}
		copies, known := rule.Get("copy_action").Elems()
		if !known {
			t = t.Or(infra.Unknown)
		}
		for j, c := range copies {
			path := fmt.Sprintf("%s.copy_action.%d.destination_vault_arn", base, j)
			dst, name := infra.Absent, ""
			if vs := refs(g, p, path, "aws_backup_vault"); len(vs) == 1 {
				dst, name = vs[0].Region, vs[0].Addr.String()
			} else if arn, ok := c.Get("destination_vault_arn").Str(); ok {
				if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 {
					dst, name = infra.ValueOf(cty.StringVal(parts[3])), arn
				}
			}
			switch d := differ(src, dst); d {
			case infra.True:
				return infra.True, fmt.Sprintf("copies to %s in %s", name, str(dst))
			default:
				t = t.Or(d)
			}
		}
	}
	return t, ""
}

// CrossRegionBackup answers whether r's data is copied to another region,
// by any of the means AWS offers: an AWS Backup plan with a cross-region copy
// action, RDS cross-region automated backups, a cross-region read replica, an
// Aurora global database, or S3 replication to a bucket in another region.
// It describes the first certain means found.
func CrossRegionBackup(g *infra.Graph, r *infra.Resource) (infra.Tri, string) {
	t := infra.False
	covers, _ := BackupCoverage(g, r)
	for _, c := range covers {
		if c.Plan == nil {
			t = t.Or(infra.Unknown)
			continue
		}
		ct, how := CrossRegionCopy(g, c.Plan)
		if ct == infra.True {
			return infra.True, fmt.Sprintf("backup plan %s %s", c.Plan.Addr, how)
		}
		t = t.Or(ct)
	}
	if _, cov := BackupCoverage(g, r); cov == infra.Unknown {
		t = t.Or(infra.Unknown)
	}
	for _, rep := range referrers(g, r, "source_db_instance_arn", "aws_db_instance_automated_backups_replication") {
		if !rep.CountUnknown {
			return infra.True, "automated backups replicated by " + rep.Addr.String()
		}
		t = t.Or(infra.Unknown)
	}
	for _, rep := range referrers(g, r, "replicate_source_db", "aws_db_instance") {
		d := differ(r.Region, rep.Region)
		if d == infra.True && !rep.CountUnknown {
			return infra.True, fmt.Sprintf("read replica %s in %s", rep.Addr, str(rep.Region))
		}
		t = t.Or(d.And(infra.Unknown))
	}
	if r.Addr.Type == "aws_rds_cluster" {
		for _, gc := range refs(g, r, "global_cluster_identifier", "aws_rds_global_cluster") {
			for _, m := range referrers(g, gc, "global_cluster_identifier", "aws_rds_cluster") {
				if m == r {
					continue
				}
				d := differ(r.Region, m.Region)
				if d == infra.True {
					return infra.True, fmt.Sprintf("global database %s with %s in %s", gc.Addr, m.Addr, str(m.Region))
				}
				t = t.Or(d.And(infra.Unknown))
			}
		}
		if v := r.Get("global_cluster_identifier"); !v.IsAbsent() && len(refs(g, r, "global_cluster_identifier")) == 0 {
			t = t.Or(infra.Unknown)
		}
	}
	if r.Addr.Type == "aws_s3_bucket" {
		for _, rc := range referrers(g, r, "bucket", "aws_s3_bucket_replication_configuration") {
			for _, dst := range refs(g, rc, "rule", "aws_s3_bucket") {
				d := differ(r.Region, dst.Region)
				if d == infra.True && !rc.CountUnknown {
					return infra.True, fmt.Sprintf("replicated by %s to %s in %s", rc.Addr, dst.Addr, str(dst.Region))
				}
				t = t.Or(d.And(infra.Unknown))
			}
			if len(refs(g, rc, "rule", "aws_s3_bucket")) == 0 {
				t = t.Or(infra.Unknown)
			}
		}
	}
	return t, ""
}

// differ answers whether two regions are known and different.
func differ(a, b infra.Value) infra.Tri {
	x, ok1 := a.Str()
	y, ok2 := b.Str()
	if !ok1 || !ok2 {
		return infra.Unknown
	}
	return infra.TriOf(x != y)
}

func str(v infra.Value) string {
	if s, ok := v.Str(); ok {
		return s
	}
	return "(unknown)"
}
