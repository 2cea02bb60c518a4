package tfplan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

func loadFile(t *testing.T, name string) *infra.Graph {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	g, ds := Load(name, data, Options{})
	if len(ds) > 0 {
		t.Fatalf("Load(%s) diagnostics:\n%v", name, ds.Err())
	}
	return g
}

func mustResource(t *testing.T, g *infra.Graph, addr string) *infra.Resource {
	t.Helper()
	a, err := infra.ParseAddress(addr)
	if err != nil {
		t.Fatal(err)
	}
	r := g.Resource(a)
	if r == nil {
		t.Fatalf("no resource %s", addr)
	}
	return r
}

// edges renders r's outgoing edges as "ATTR -> TO", sorted.
func edges(g *infra.Graph, r *infra.Resource) []string {
	var out []string
	for _, e := range g.Out(r) {
		out = append(out, e.Attr+" -> "+e.To.String())
	}
	slices.Sort(out)
	return out
}

// valueState renders a value as "absent", "unknown" or its Go form, for
// tables of expected attribute states.
func valueState(v infra.Value) string { return v.GoString() }

func TestShop(t *testing.T) {
	g := loadFile(t, "aws-shop.plan.json")
	if got, want := g.Len(), 84; got != want {
		t.Errorf("aws-shop has %d resources, want %d", got, want)
	}

	for _, c := range []struct {
		from string
		want []string
	}{
		{"aws_autoscaling_group.app", []string{
			"launch_template.0.id -> aws_launch_template.app",
			"launch_template.0.version -> aws_launch_template.app",
			"target_group_arns -> aws_lb_target_group.app",
			`vpc_zone_identifier -> module.network.aws_subnet.private["eu-west-1a"]`,
			`vpc_zone_identifier -> module.network.aws_subnet.private["eu-west-1b"]`,
			`vpc_zone_identifier -> module.network.aws_subnet.private["eu-west-1c"]`,
		}},
		{"aws_db_instance.this", []string{
			"db_subnet_group_name -> aws_db_subnet_group.this",
			"parameter_group_name -> aws_db_parameter_group.this",
			"vpc_security_group_ids -> aws_security_group.db",
		}},
		{"aws_vpc_security_group_ingress_rule.db_from_app", []string{
			"referenced_security_group_id -> aws_security_group.app",
			"security_group_id -> aws_security_group.db",
		}},
		// One NAT gateway per zone: each private route table reaches only its own.
		{`module.network.aws_route_table.private["eu-west-1b"]`, []string{
			`route.0.nat_gateway_id -> module.network.aws_nat_gateway.this["eu-west-1b"]`,
			"vpc_id -> module.network.aws_vpc.this",
		}},
		{`module.network.aws_route_table_association.private["eu-west-1c"]`, []string{
			`route_table_id -> module.network.aws_route_table.private["eu-west-1c"]`,
			`subnet_id -> module.network.aws_subnet.private["eu-west-1c"]`,
		}},
		// for_each = aws_subnet.public: each.value is the subnet of the same key.
		{`module.network.aws_route_table_association.public["eu-west-1a"]`, []string{
			`for_each -> module.network.aws_subnet.public["eu-west-1a"]`,
			"route_table_id -> module.network.aws_route_table.public",
			`subnet_id -> module.network.aws_subnet.public["eu-west-1a"]`,
		}},
		{"aws_backup_plan.this", []string{
			"rule.0.copy_action.0.destination_vault_arn -> aws_backup_vault.dr",
			"rule.0.target_vault_name -> aws_backup_vault.primary",
		}},
		{"aws_backup_selection.database", []string{
			"iam_role_arn -> aws_iam_role.backup",
			"plan_id -> aws_backup_plan.this",
			"resources -> aws_db_instance.this",
		}},
		{"aws_cloudwatch_metric_alarm.app_cpu_high", []string{
			"alarm_actions -> aws_sns_topic.alarms",
			"dimensions -> aws_autoscaling_group.app",
			"ok_actions -> aws_sns_topic.alarms",
		}},
		{"aws_lb.this", []string{
			"access_logs.0.bucket -> aws_s3_bucket.alb_logs",
			"depends_on -> aws_s3_bucket_policy.alb_logs",
			"security_groups -> aws_security_group.alb",
			`subnets -> module.network.aws_subnet.public["eu-west-1a"]`,
			`subnets -> module.network.aws_subnet.public["eu-west-1b"]`,
			`subnets -> module.network.aws_subnet.public["eu-west-1c"]`,
		}},
		// A data source read only at apply, depending on one read while planning.
		{"data.aws_iam_policy_document.alb_logs", []string{
			"statement.0.principals.0.identifiers -> data.aws_elb_service_account.this",
			"statement.0.resources -> aws_s3_bucket.alb_logs",
			"statement.1.resources -> aws_s3_bucket.alb_logs",
		}},
	} {
		got := edges(g, mustResource(t, g, c.from))
		if !slices.Equal(got, c.want) {
			t.Errorf("edges from %s:\n got %q\nwant %q", c.from, got, c.want)
		}
	}

	for _, c := range []struct {
		addr, path, want string
	}{
		{"aws_db_instance.this", "multi_az", "cty.True"},
		{"aws_db_instance.this", "backup_retention_period", "cty.NumberIntVal(14)"},
		{"aws_db_instance.this", "storage_encrypted", "cty.True"},
		{"aws_db_instance.this", "endpoint", "absent"},                // computed, not configured: the provider's
		{"aws_db_instance.this", "vpc_security_group_ids", "unknown"}, // configured from an unknown id
		{"aws_autoscaling_group.app", "min_size", "cty.NumberIntVal(3)"},
		{"aws_autoscaling_group.app", "health_check_type", `cty.StringVal("ELB")`},
		{"aws_autoscaling_group.app", "vpc_zone_identifier", "unknown"},
		{"aws_autoscaling_group.app", "launch_template.0.id", "unknown"},
		{"aws_launch_template.app", "block_device_mappings.0.ebs.0.encrypted", `cty.StringVal("true")`},
		{"aws_lb_listener.http", "default_action.0.redirect.0.protocol", `cty.StringVal("HTTPS")`},
		{`module.network.aws_subnet.private["eu-west-1b"]`, "availability_zone", `cty.StringVal("eu-west-1b")`},
		{`module.network.aws_subnet.private["eu-west-1b"]`, "cidr_block", `cty.StringVal("10.20.32.0/20")`},
		{"aws_cloudwatch_metric_alarm.app_cpu_high", "threshold", "cty.NumberIntVal(80)"},
		{"aws_cloudwatch_metric_alarm.app_cpu_high", "dimensions.AutoScalingGroupName", `cty.StringVal("shop-app")`},
		{"aws_cloudwatch_metric_alarm.alb_5xx", "dimensions.LoadBalancer", "unknown"},
		{"data.aws_elb_service_account.this", "arn", `cty.StringVal("arn:aws:iam::156460612806:root")`},
		{"data.aws_iam_policy_document.alb_logs", "json", "unknown"},
	} {
		if got := valueState(mustResource(t, g, c.addr).Get(c.path)); got != c.want {
			t.Errorf("%s %s = %s, want %s", c.addr, c.path, got, c.want)
		}
	}

	for _, c := range []struct{ addr, provider, region string }{
		{"aws_backup_vault.dr", "aws.dr", "eu-central-1"},
		{"aws_backup_vault.primary", "aws", "eu-west-1"},
		{"module.network.aws_vpc.this", "aws", "eu-west-1"},
		{"data.aws_elb_service_account.this", "aws", "eu-west-1"},
	} {
		r := mustResource(t, g, c.addr)
		region, _ := r.Region.Str()
		if r.Provider != c.provider || region != c.region {
			t.Errorf("%s: provider %q region %q, want %q %q", c.addr, r.Provider, region, c.provider, c.region)
		}
	}
	if r := mustResource(t, g, "data.aws_elb_service_account.this"); r.Addr.Mode != infra.Data {
		t.Errorf("%s has mode %v, want data", r.Addr, r.Addr.Mode)
	}
}

func TestSingleServer(t *testing.T) {
	g := loadFile(t, "single-server.plan.json")
	var addrs []string
	for _, r := range g.Resources() {
		addrs = append(addrs, r.Addr.String())
	}
	if want := []string{"aws_eip.web", "aws_instance.web", "aws_security_group.web"}; !slices.Equal(addrs, want) {
		t.Errorf("resources %q, want %q", addrs, want)
	}
	web := mustResource(t, g, "aws_instance.web")
	if got, want := edges(g, web), []string{"vpc_security_group_ids -> aws_security_group.web"}; !slices.Equal(got, want) {
		t.Errorf("edges from aws_instance.web %q, want %q", got, want)
	}
	if got, want := edges(g, mustResource(t, g, "aws_eip.web")), []string{"instance -> aws_instance.web"}; !slices.Equal(got, want) {
		t.Errorf("edges from aws_eip.web %q, want %q", got, want)
	}
	for path, want := range map[string]string{
		"root_block_device.0.encrypted":   "cty.False",
		"root_block_device.0.volume_size": "cty.NumberIntVal(50)",
		"associate_public_ip_address":     "cty.True",
		"subnet_id":                       "absent",
	} {
		if got := valueState(web.Get(path)); got != want {
			t.Errorf("aws_instance.web %s = %s, want %s", path, got, want)
		}
	}
	sg := mustResource(t, g, "aws_security_group.web")
	// Terraform plans ingress as a set, HTTP first; the configuration has
	// SSH first, and block indexes follow the configuration.
	for path, want := range map[string]string{"ingress.0.description": "SSH", "ingress.1.description": "HTTP"} {
		if got, _ := sg.Get(path).Str(); got != want {
			t.Errorf("%s %s = %q, want %q", sg.Addr, path, got, want)
		}
	}
	var open []int64
	ingress, _ := sg.Get("ingress").Elems()
	for _, rule := range ingress {
		cidrs, _ := rule.Get("cidr_blocks").Strings()
		port, _ := rule.Get("from_port").Int()
		if slices.Contains(cidrs, "0.0.0.0/0") {
			open = append(open, port)
		}
	}
	slices.Sort(open)
	if !slices.Equal(open, []int64{22, 80}) {
		t.Errorf("ports open to the world: %v, want [22 80]", open)
	}
	if region, _ := web.Region.Str(); region != "us-east-1" {
		t.Errorf("region %q, want us-east-1", region)
	}
}

func TestModules(t *testing.T) {
	g := loadFile(t, "modules.plan.json")
	for _, c := range []struct {
		from string
		want []string
	}{
		// Through a module output, and a module variable set from another
		// module's for_each instances.
		{"module.app[1].aws_autoscaling_group.this", []string{
			"launch_template.0.id -> module.app[1].aws_launch_template.this",
			`vpc_zone_identifier -> module.subnet["eu-west-1a"].aws_subnet.this`,
			`vpc_zone_identifier -> module.subnet["eu-west-1b"].aws_subnet.this`,
		}},
		// module.subnet[var.zones[count.index]]: the key is not in the plan,
		// so the edge goes to every instance.
		{"module.app[0].aws_instance.bastion", []string{
			`subnet_id -> module.subnet["eu-west-1a"].aws_subnet.this`,
			`subnet_id -> module.subnet["eu-west-1b"].aws_subnet.this`,
		}},
		{"module.app[0].aws_launch_template.this", []string{
			"vpc_security_group_ids -> aws_security_group.app",
		}},
		{`module.subnet["eu-west-1b"].aws_subnet.this`, []string{"vpc_id -> aws_vpc.main"}},
		// Through a module with no resources of its own.
		{"module.wrapper.module.inner.aws_security_group.this", []string{
			"ingress.0.security_groups -> module.wrapper.module.inner.aws_security_group.peer",
			"vpc_id -> aws_vpc.main",
		}},
		{"aws_lb.web", []string{
			`subnets -> module.subnet["eu-west-1a"].aws_subnet.this`,
			`subnets -> module.subnet["eu-west-1b"].aws_subnet.this`,
		}},
		{"module.replica.aws_s3_bucket_versioning.this", []string{"bucket -> module.replica.aws_s3_bucket.this"}},
	} {
		got := edges(g, mustResource(t, g, c.from))
		if !slices.Equal(got, c.want) {
			t.Errorf("edges from %s:\n got %q\nwant %q", c.from, got, c.want)
		}
	}
	for _, c := range []struct{ addr, provider, region string }{
		{"module.replica.aws_s3_bucket.this", "aws.west", "us-west-2"},
		// The inner module has an implied, empty provider entry of its own;
		// its configuration is the root's.
		{"module.wrapper.module.inner.aws_security_group.peer", "aws", "eu-west-1"},
		{`module.subnet["eu-west-1a"].aws_subnet.this`, "aws", "eu-west-1"},
	} {
		r := mustResource(t, g, c.addr)
		region, _ := r.Region.Str()
		if r.Provider != c.provider || region != c.region {
			t.Errorf("%s: provider %q region %q, want %q %q", c.addr, r.Provider, region, c.provider, c.region)
		}
	}
}

func TestExisting(t *testing.T) {
	g := loadFile(t, "existing.plan.json")
	web := mustResource(t, g, "aws_instance.web")
	// subnet_id comes from a local, which plan JSON does not describe: the
	// edge comes from the subnet's known id.
	want := []string{"subnet_id -> aws_subnet.a", "vpc_security_group_ids -> aws_security_group.web"}
	if got := edges(g, web); !slices.Equal(got, want) {
		t.Errorf("edges from aws_instance.web %q, want %q", got, want)
	}
	if got := valueState(web.Get("subnet_id")); got != `cty.StringVal("subnet-0a1b2c3d4e5f60718")` {
		t.Errorf("subnet_id = %s", got)
	}
	if got := valueState(mustResource(t, g, "aws_vpc.main").Get("id")); got != `cty.StringVal("vpc-0a1b2c3d4e5f60718")` {
		t.Errorf("an existing VPC's id = %s, want it known", got)
	}
}

func TestBasic(t *testing.T) {
	g := loadFile(t, "basic.plan.json")
	db := mustResource(t, g, "aws_db_instance.db")
	for path, want := range map[string]string{
		// Left to the provider (unknown in the plan) and not configured:
		// absent, as in the configuration.
		"multi_az":                "absent",
		"backup_retention_period": "absent",
		// Defaults the provider knows are kept.
		"publicly_accessible": "cty.False",
		"storage_encrypted":   "absent",
		"username":            `cty.StringVal("app")`,
	} {
		if got := valueState(db.Get(path)); got != want {
			t.Errorf("aws_db_instance.db %s = %s, want %s", path, got, want)
		}
	}
	web := mustResource(t, g, "aws_instance.web[1]")
	for path, want := range map[string]string{
		"subnet_id":                      "unknown",
		"ebs_block_device.0.volume_size": "cty.NumberIntVal(10)",
		"ebs_block_device.0.encrypted":   "absent",
		"root_block_device":              "absent",
	} {
		if got := valueState(web.Get(path)); got != want {
			t.Errorf("aws_instance.web[1] %s = %s, want %s", path, got, want)
		}
	}
	if got, want := edges(g, web), []string{"subnet_id -> aws_subnet.a[1]"}; !slices.Equal(got, want) {
		t.Errorf("edges from %s %q, want %q", web.Addr, got, want)
	}
	for _, c := range []struct {
		addr      string
		sensitive bool
	}{
		{"aws_db_instance.db", true},             // a sensitive variable
		{"module.db.aws_db_instance.this", true}, // one passed into a module
		{"aws_db_instance.from_secret", true},    // another resource's hidden value
		{"aws_db_instance.literal", false},       // written in the code: rules must see it
	} {
		pw := mustResource(t, g, c.addr).Get("password")
		if pw.Sensitive() != c.sensitive || !pw.IsKnown() {
			t.Errorf("%s password: sensitive %v (%#v), want %v and known", c.addr, pw.Sensitive(), pw, c.sensitive)
		}
		if u := mustResource(t, g, c.addr).Get("username"); u.Sensitive() {
			t.Errorf("%s username is marked sensitive", c.addr)
		}
	}

	// A data source read while planning lives in the prior state, known.
	doc := mustResource(t, g, "data.aws_iam_policy_document.read")
	if js, ok := doc.Get("json").Str(); !ok || !strings.Contains(js, "s3:GetObject") {
		t.Errorf("data.aws_iam_policy_document.read json = %#v, want the policy", doc.Get("json"))
	}
	if got, want := edges(g, mustResource(t, g, "aws_iam_policy.read")), []string{"policy -> data.aws_iam_policy_document.read"}; !slices.Equal(got, want) {
		t.Errorf("edges from aws_iam_policy.read %q, want %q", got, want)
	}
}

func TestPlanPositions(t *testing.T) {
	data, err := os.ReadFile("testdata/single-server.plan.json")
	if err != nil {
		t.Fatal(err)
	}
	g, _ := Load("plan.json", data, Options{})
	r := mustResource(t, g, "aws_instance.web")
	lines := bytes.Split(data, []byte("\n"))
	if r.Pos.File != "plan.json" || r.Pos.Line < 1 || r.Pos.Line > len(lines) {
		t.Fatalf("position %s", r.Pos)
	}
	// The resource object opens at the position, and its address follows.
	at := string(lines[r.Pos.Line-1][r.Pos.Column-1:])
	next := string(lines[r.Pos.Line])
	if at != "{" || !strings.Contains(next, `"address": "aws_instance.web"`) {
		t.Errorf("at %s: %q then %q, want the resource object", r.Pos, at, next)
	}

	// Terraform writes the plan on one line; positions are then columns.
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		t.Fatal(err)
	}
	g, ds := Load("plan.json", compact.Bytes(), Options{})
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	r = mustResource(t, g, "aws_instance.web")
	if r.Pos.Line != 1 || !bytes.HasPrefix(compact.Bytes()[r.Pos.Column-1:], []byte(`{"address":"aws_instance.web"`)) {
		t.Errorf("compact plan: position %s does not open aws_instance.web", r.Pos)
	}
}

// TestCompactSameGraph checks that formatting does not change the model.
func TestCompactSameGraph(t *testing.T) {
	data, err := os.ReadFile("testdata/aws-shop.plan.json")
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		t.Fatal(err)
	}
	a, _ := Load("a", data, Options{})
	b, _ := Load("b", compact.Bytes(), Options{})
	if a.Len() != b.Len() {
		t.Fatalf("%d resources indented, %d compact", a.Len(), b.Len())
	}
	for _, r := range a.Resources() {
		o := b.Resource(r.Addr)
		if o == nil {
			t.Errorf("%s missing from the compact plan", r.Addr)
			continue
		}
		if !r.Attrs.Cty().RawEquals(o.Attrs.Cty()) {
			t.Errorf("%s attributes differ", r.Addr)
		}
		if !slices.Equal(edges(a, r), edges(b, o)) {
			t.Errorf("%s edges differ: %q vs %q", r.Addr, edges(a, r), edges(b, o))
		}
	}
}

func TestSourcePositionsAndIgnores(t *testing.T) {
	data, err := os.ReadFile("testdata/modules.plan.json")
	if err != nil {
		t.Fatal(err)
	}
	src := fstest.MapFS{}
	err = filepath.WalkDir("testdata/src/modules", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/src", p)
		src["infra/"+filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Comments the plan knows nothing about.
	main := string(src["infra/modules/main.tf"].Data)
	main = strings.Replace(main, `resource "aws_lb" "web" {`, `# The load balancer of the web tier.
# plimsoll:ignore aws-lb-access-logs logs go to the CDN
// plimsoll:ignore aws-lb-http-redirect,aws-lb-one-zone reviewed in SEC-12
resource "aws_lb" "web" { # plimsoll:ignore aws-alb-waf not public`, 1)
	src["infra/modules/main.tf"] = &fstest.MapFile{Data: []byte(main)}

	g, ds := Load("plan.json", data, Options{Source: src, SourceDir: "infra/modules"})
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	for addr, want := range map[string]string{
		"aws_vpc.main": "infra/modules/main.tf:30:1",
		`module.subnet["eu-west-1b"].aws_subnet.this`:         "infra/modules/modules/subnet/main.tf:5:1",
		"module.wrapper.module.inner.aws_security_group.peer": "infra/modules/modules/inner/main.tf:15:1",
		"aws_lb.web": "infra/modules/main.tf:77:1",
	} {
		if got := mustResource(t, g, addr).Pos.String(); got != want {
			t.Errorf("%s at %s, want %s", addr, got, want)
		}
	}
	pos := func(line, col int) diag.Pos { return diag.Pos{File: "infra/modules/main.tf", Line: line, Column: col} }
	want := []infra.Ignore{
		{Rule: "aws-lb-access-logs", Reason: "logs go to the CDN", Pos: pos(75, 1)},
		{Rule: "aws-lb-http-redirect", Reason: "reviewed in SEC-12", Pos: pos(76, 1)},
		{Rule: "aws-lb-one-zone", Reason: "reviewed in SEC-12", Pos: pos(76, 1)},
		{Rule: "aws-alb-waf", Reason: "not public", Pos: pos(77, 27)},
	}
	if got := mustResource(t, g, "aws_lb.web").Ignores; !slices.Equal(got, want) {
		t.Errorf("ignores\n got %+v\nwant %+v", got, want)
	}
	if got := mustResource(t, g, "aws_vpc.main").Ignores; got != nil {
		t.Errorf("aws_vpc.main ignores %+v, want none", got)
	}
}

func TestIgnoreComments(t *testing.T) {
	src := `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16" # plimsoll:ignore not-this-one
}

# A comment that is not a directive.
# plimsoll:ignore aws-ec2-lone-instance the bastion is alone on purpose
resource "aws_instance" "bastion" { # plimsoll:ignore aws-ebs-unencrypted scratch disk only
}

# plimsoll:ignore aws-far-away not attached: a blank line follows

resource "aws_instance" "other" {}

#plimsoll:ignoreX not a directive
# plimsoll:ignore
resource "aws_instance" "third" { tags = { Name = "# plimsoll:ignore in a string" } }
`
	lines := bytes.Split([]byte(src), []byte("\n"))
	at := func(line, col int) diag.Pos { return diag.Pos{File: "a.tf", Line: line, Column: col} }
	for _, c := range []struct {
		line int
		want []infra.Ignore
	}{
		{1, nil},
		{7, []infra.Ignore{
			{Rule: "aws-ec2-lone-instance", Reason: "the bastion is alone on purpose", Pos: at(6, 1)},
			{Rule: "aws-ebs-unencrypted", Reason: "scratch disk only", Pos: at(7, 37)},
		}},
		{12, nil},
		{16, nil},
	} {
		if got := ignoresAt(lines, "a.tf", c.line); !slices.Equal(got, c.want) {
			t.Errorf("block on line %d: ignores\n got %+v\nwant %+v", c.line, got, c.want)
		}
	}
}

func TestState(t *testing.T) {
	// `terraform show -json` on a state: values, no configuration.
	state := `{
  "format_version": "1.0",
  "terraform_version": "1.11.4",
  "values": {
    "root_module": {
      "resources": [
        {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
         "provider_name": "registry.terraform.io/hashicorp/aws",
         "values": {"id": "subnet-1", "vpc_id": "vpc-1", "availability_zone": "eu-west-1a", "tags": {"Name": "vpc-1"}}},
        {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
         "provider_name": "registry.terraform.io/hashicorp/aws",
         "values": {"id": "vpc-1", "arn": "arn:aws:ec2:eu-west-1:1:vpc/vpc-1", "cidr_block": "10.0.0.0/16", "region": "eu-west-1"}},
        {"address": "data.aws_region.current", "mode": "data", "type": "aws_region", "name": "current",
         "provider_name": "registry.terraform.io/hashicorp/aws",
         "values": {"id": "eu-west-1", "name": "eu-west-1"}}
      ]
    }
  }
}`
	g, ds := Load("state.json", []byte(state), Options{})
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	subnet := mustResource(t, g, "aws_subnet.a")
	// tags are never read as references, nor a data source's made-up id.
	if got := edges(g, mustResource(t, g, "aws_vpc.main")); len(got) > 0 {
		t.Errorf("edges from aws_vpc.main %q, want none", got)
	}
	if got, want := edges(g, subnet), []string{"vpc_id -> aws_vpc.main"}; !slices.Equal(got, want) {
		t.Errorf("edges %q, want %q", got, want)
	}
	if subnet.Provider != "aws" || !subnet.Region.IsAbsent() {
		t.Errorf("provider %q region %#v, want aws and absent", subnet.Provider, subnet.Region)
	}
	if subnet.Pos.String() != "state.json:7:9" {
		t.Errorf("position %s, want state.json:7:9", subnet.Pos)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name, input, want string
	}{
		{"empty", "", "plan.json: empty file: want the JSON output of `terraform show -json PLANFILE`"},
		{"blank", " \n\t", "plan.json: empty file: want the JSON output of `terraform show -json PLANFILE`"},
		{"syntax", "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {,}\n}", "plan.json:3:22: invalid JSON: invalid character ',' looking for beginning of object key string"},
		{"truncated", "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {", "plan.json:3:22: invalid JSON: unexpected end of file"},
		{"array", "[1, 2]", "plan.json:1:1: want a JSON object (the output of `terraform show -json PLANFILE`), got array"},
		{"not a plan", `{"hello": "world"}`, "plan.json: not a Terraform plan: no format_version or planned_values; want the output of `terraform show -json PLANFILE`"},
		{"future format", `{"format_version": "2.0", "planned_values": {}}`, `plan.json: plan format: unsupported plan format version: "2.0.0" does not satisfy ">= 0.1, < 2.0"`},
		{"no values", `{"format_version": "1.2"}`, "plan.json: no planned_values: want the output of `terraform show -json PLANFILE`"},
		{"wrong type", "{\"format_version\": \"1.2\",\n \"planned_values\": {\"root_module\": {\"resources\": \"none\"}}}", "plan.json:2:50: planned_values.root_module.resources: want an array, got string"},
		{"trailing", "{\"format_version\": \"1.2\", \"planned_values\": {}}\n}", "plan.json:2:1: unexpected data after the plan's closing brace"},
		{"bad address", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "aws_instance", "mode": "managed"}]}}}`,
			`plan.json:1:76: warning: resource skipped: address "aws_instance": want TYPE.NAME`},
		{"bad mode", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "aws_instance.x", "mode": "data"}]}}}`,
			`plan.json:1:76: warning: resource aws_instance.x skipped: its mode is "data"`},
		{"duplicate", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "aws_instance.x", "mode": "managed"}, {"address": "aws_instance.x", "mode": "managed"}]}}}`,
			"plan.json:1:126: warning: resource skipped: aws_instance.x declared twice (also at plan.json:1:76)"},
		{"plan -json log", "{\"@level\":\"info\",\"@message\":\"Terraform 1.11.4\",\"type\":\"version\"}\n{\"@level\":\"info\",\"@message\":\"Plan: 1 to add\"}\n",
			"plan.json: this is the log that `terraform plan -json` prints, not a plan: save the plan with `terraform plan -out plan.out`, then give the output of `terraform show -json plan.out`"},
		{"errored", `{"format_version": "1.2", "errored": true, "planned_values": {}}`, "plan.json: warning: the plan is incomplete: terraform plan reported errors while making it"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, ds := Load("plan.json", []byte(c.input), Options{})
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("diagnostics %q\nwant [%q]", got, c.want)
			}
		})
	}
}

func TestProviders(t *testing.T) {
	// A plan written by hand for the cases the fixtures lack: a module with a
	// provider block of its own, regions from a module variable and from
	// null, and a provider with no configuration at all.
	plan := `{
  "format_version": "1.2",
  "variables": {"region": {"value": "eu-north-1"}},
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_vpc.root", "mode": "managed", "type": "aws_vpc", "name": "root", "values": {}},
      {"address": "random_id.x", "mode": "managed", "type": "random_id", "name": "x", "provider_name": "registry.terraform.io/hashicorp/random", "values": {}}
    ],
    "child_modules": [
      {"address": "module.legacy", "resources": [
        {"address": "module.legacy.aws_vpc.own", "mode": "managed", "type": "aws_vpc", "name": "own", "values": {}}
      ], "child_modules": [
        {"address": "module.legacy.module.inner", "resources": [
          {"address": "module.legacy.module.inner.aws_vpc.inherited", "mode": "managed", "type": "aws_vpc", "name": "inherited", "values": {}}
        ]}
      ]},
      {"address": "module.other", "resources": [
        {"address": "module.other.aws_vpc.x", "mode": "managed", "type": "aws_vpc", "name": "x", "values": {}}
      ]}
    ]
  }},
  "configuration": {
    "provider_config": {
      "aws": {"name": "aws", "expressions": {"region": {"references": ["var.region"]}}},
      "aws.null": {"name": "aws", "alias": "null", "expressions": {"region": {"constant_value": null}}},
      "module.legacy:aws": {"name": "aws", "module_address": "module.legacy", "expressions": {"region": {"references": ["var.region"]}}},
      "module.legacy.module.inner:aws": {"name": "aws", "module_address": "module.legacy.module.inner"}
    },
    "root_module": {
      "resources": [
        {"address": "aws_vpc.root", "mode": "managed", "type": "aws_vpc", "name": "root", "provider_config_key": "aws"}
      ],
      "module_calls": {
        "legacy": {"source": "./legacy", "module": {
          "resources": [{"address": "aws_vpc.own", "mode": "managed", "type": "aws_vpc", "name": "own", "provider_config_key": "module.legacy:aws"}],
          "module_calls": {"inner": {"source": "./inner", "module": {
            "resources": [{"address": "aws_vpc.inherited", "mode": "managed", "type": "aws_vpc", "name": "inherited", "provider_config_key": "module.legacy.module.inner:aws"}]
          }}}
        }},
        "other": {"source": "./other", "module": {
          "resources": [{"address": "aws_vpc.x", "mode": "managed", "type": "aws_vpc", "name": "x", "provider_config_key": "aws.null"}]
        }}
      }
    }
  }
}`
	g, ds := Load("plan.json", []byte(plan), Options{})
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	for _, c := range []struct{ addr, provider, region string }{
		{"aws_vpc.root", "aws", `cty.StringVal("eu-north-1")`},
		// A region from a module's variable is not followed: unknown.
		{"module.legacy.aws_vpc.own", "module.legacy.aws", "unknown"},
		// An empty provider entry: the configuration passed down.
		{"module.legacy.module.inner.aws_vpc.inherited", "module.legacy.aws", "unknown"},
		{"module.other.aws_vpc.x", "aws.null", "absent"},
		// No configuration describes it: the provider's name, no region.
		{"random_id.x", "random", "absent"},
	} {
		r := mustResource(t, g, c.addr)
		if r.Provider != c.provider || valueState(r.Region) != c.region {
			t.Errorf("%s: provider %q region %s, want %q %s", c.addr, r.Provider, valueState(r.Region), c.provider, c.region)
		}
	}
}

func TestDeferred(t *testing.T) {
	plan := `{
  "format_version": "1.2",
  "complete": false,
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"cidr_block": "10.0.0.0/16"}}
  ]}},
  "deferred_changes": [
    {"reason": "instance_count_unknown", "resource_change": {
      "address": "aws_subnet.a[*]", "mode": "managed", "type": "aws_subnet", "name": "a",
      "change": {"actions": ["create"], "after": {"cidr_block": "10.0.1.0/24", "vpc_id": null}, "after_unknown": {"vpc_id": true, "id": true}}}},
    {"reason": "instance_count_unknown", "resource_change": {
      "address": "module.zone[*].aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
      "change": {"actions": ["create"], "after": {"instance_type": "t3.micro"}}}}
  ],
  "configuration": {"root_module": {
    "resources": [
      {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "provider_config_key": "aws"},
      {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "provider_config_key": "aws",
       "count_expression": {"references": ["var.n"]},
       "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}, "cidr_block": {"constant_value": "10.0.1.0/24"}}}
    ]
  }}
}`
	g, ds := Load("plan.json", []byte(plan), Options{})
	if len(ds) != 1 || !strings.Contains(ds[0].Error(), "the plan is incomplete") {
		t.Errorf("diagnostics %v, want the incomplete-plan warning", ds)
	}
	subnet := mustResource(t, g, "aws_subnet.a")
	if !subnet.CountUnknown {
		t.Errorf("aws_subnet.a: CountUnknown not set")
	}
	if got := valueState(subnet.Get("vpc_id")); got != "unknown" {
		t.Errorf("aws_subnet.a vpc_id = %s, want unknown", got)
	}
	if got, want := edges(g, subnet), []string{"vpc_id -> aws_vpc.main"}; !slices.Equal(got, want) {
		t.Errorf("edges %q, want %q", got, want)
	}
	if web := mustResource(t, g, "module.zone.aws_instance.web"); !web.CountUnknown {
		t.Errorf("%s: CountUnknown not set", web.Addr)
	}
}

func TestConfigOrder(t *testing.T) {
	num := func(s string) json.Number { return json.Number(s) }
	plan := func(ports ...string) []any {
		var out []any
		for _, p := range ports {
			out = append(out, map[string]any{"from_port": num(p), "cidr_blocks": []any{"10.0.0.0/8", "0.0.0.0/0"}})
		}
		return out
	}
	block := func(port string) map[string]*expr {
		return map[string]*expr{
			"from_port":   {Constant: num(port)},
			"cidr_blocks": {Constant: []any{"0.0.0.0/0", "10.0.0.0/8"}}, // a set: any order
		}
	}
	for _, c := range []struct {
		name   string
		values []any
		exprs  *expr
		want   []int
	}{
		{"reordered", plan("80", "22", "443"), &expr{Blocks: []map[string]*expr{block("22"), block("443"), block("80")}}, []int{1, 2, 0}},
		{"already in order", plan("22", "80"), &expr{Blocks: []map[string]*expr{block("22"), block("80")}}, nil},
		{"constants tell nothing apart", plan("80", "22"), &expr{Blocks: []map[string]*expr{{}, {}}}, nil},
		{"a block set from references", plan("80", "22"), &expr{Refs: []string{"var.rules"}}, nil},
		{"dynamic blocks missing from the configuration", plan("80", "22", "443"), &expr{Blocks: []map[string]*expr{block("22"), block("80")}}, nil},
		{"no element fits", plan("80", "22"), &expr{Blocks: []map[string]*expr{block("22"), block("8080")}}, nil},
		{"one attribute holding the blocks", plan("80", "22"), &expr{Constant: []any{
			map[string]any{"from_port": num("22"), "self": nil}, map[string]any{"from_port": num("80"), "self": nil}}}, []int{1, 0}},
	} {
		perms := configOrder(map[string]any{"ingress": c.values}, map[string]*expr{"ingress": c.exprs})
		if got := perms["ingress"]; !slices.Equal(got, c.want) {
			t.Errorf("%s: permutation %v, want %v", c.name, got, c.want)
		}
	}
}

// Provider configurations come from configuration.provider_config: apart
// from resources, constants known, a root variable's value taken, a
// sensitive variable's marked, positions in the plan or, given the source,
// in the .tf files, with inline ignores.
func TestProviderConfigurations(t *testing.T) {
	data, err := os.ReadFile("testdata/providers.plan.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, withSource := range []bool{false, true} {
		opts := Options{}
		if withSource {
			opts = Options{Source: os.DirFS("testdata/src"), SourceDir: "providers"}
		}
		g, ds := Load("providers.plan.json", data, opts)
		if len(ds) > 0 {
			t.Fatalf("diagnostics:\n%v", ds.Err())
		}
		if got := g.Len(); got != 3 {
			t.Errorf("Len() = %d, want the 3 buckets", got)
		}
		var got []string
		for _, p := range g.Providers() {
			got = append(got, p.Addr.String()+" "+p.Provider+" "+p.Pos.String()+" "+valueState(p.Region))
		}
		// aws.bare sets only its alias, but scripts/gen-plans.sh gives
		// it the skip_* settings.
		want := []string{
			`module.child.provider.aws module.child.aws providers.plan.json:369:24 cty.StringVal("ap-south-1")`,
			`provider.aws aws providers.plan.json:288:11 cty.StringVal("eu-west-1")`,
			`provider.aws.bare aws.bare providers.plan.json:328:16 absent`,
			`provider.aws.west aws.west providers.plan.json:347:16 cty.StringVal("us-west-2")`,
		}
		if withSource {
			want = []string{
				`module.child.provider.aws module.child.aws providers/child/main.tf:1:1 cty.StringVal("ap-south-1")`,
				`provider.aws aws providers/main.tf:23:1 cty.StringVal("eu-west-1")`,
				`provider.aws.bare aws.bare providers/main.tf:38:1 absent`,
				`provider.aws.west aws.west providers/main.tf:33:1 cty.StringVal("us-west-2")`,
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("source %v: providers\n got %q\nwant %q", withSource, got, want)
		}
		def := g.Providers()[1]
		for _, c := range []struct{ path, want string }{
			{"access_key", `cty.StringVal("AKIA2OGYBAH6QWERTYU7")`},
			{"secret_key", `cty.StringVal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY")`},
			{"default_tags.0.tags.Team", `cty.StringVal("platform")`},
			{"region", `cty.StringVal("eu-west-1")`},
		} {
			if got := valueState(def.Get(c.path)); got != c.want {
				t.Errorf("provider.aws %s = %s, want %s", c.path, got, c.want)
			}
		}
		if def.Get("access_key").Sensitive() || !def.Get("secret_key").Sensitive() {
			t.Errorf("sensitive: access_key %v, secret_key %v; want only the secret key, from a sensitive variable", def.Get("access_key").Sensitive(), def.Get("secret_key").Sensitive())
		}
		var ignores []string
		for _, ig := range def.Ignores {
			ignores = append(ignores, ig.Pos.String()+" "+ig.Rule+" "+ig.Reason)
		}
		var wantIgnores []string
		if withSource {
			wantIgnores = []string{"providers/main.tf:22:1 aws-hardcoded-credentials sandbox account, key revoked"}
		}
		if !slices.Equal(ignores, wantIgnores) {
			t.Errorf("source %v: ignores %q, want %q", withSource, ignores, wantIgnores)
		}
	}
}

// A resource in planned values whose address reads as a provider
// configuration is skipped, not taken for one.
func TestProviderAddressAsResource(t *testing.T) {
	plan := `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
  {"address": "provider.aws", "mode": "managed", "type": "provider", "name": "aws", "values": {}}
]}}}`
	g, ds := Load("p.json", []byte(plan), Options{})
	if g.Len() != 0 || len(g.Providers()) != 0 {
		t.Errorf("%d resources, %d providers; want none", g.Len(), len(g.Providers()))
	}
	if len(ds) != 1 || !strings.Contains(ds[0].Error(), "p.json:2:3: warning: resource provider.aws skipped: provider.NAME") {
		t.Errorf("diagnostics %v, want one saying provider.aws was skipped", ds)
	}
}
