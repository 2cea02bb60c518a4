package tfplan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
)

// syntheticPlan builds the plan JSON of a root module that calls one module
// n times (for_each), each instance holding a VPC, three subnets, three
// instances in them, a security group, a database and an alarm: ten
// resources per instance, with the configuration's references between them.
func syntheticPlan(n int) []byte {
	type obj = map[string]any
	ref := func(refs ...string) obj { return obj{"references": refs} }
	constant := func(v any) obj { return obj{"constant_value": v} }
	var changes []obj
	var modules []obj
	add := func(list *[]obj, module, addr, typ, name string, index any, values, unknown obj) {
		full := addr
		if module != "" {
			full = module + "." + addr
		}
		r := obj{"address": full, "mode": "managed", "type": typ, "name": name,
			"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1, "values": values,
			"sensitive_values": obj{}}
		if index != nil {
			r["index"] = index
		}
		*list = append(*list, r)
		changes = append(changes, obj{"address": full, "mode": "managed", "type": typ, "name": name,
			"change": obj{"actions": []string{"create"}, "before": nil, "after": values, "after_unknown": unknown}})
	}
	zones := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	for i := range n {
		mod := fmt.Sprintf(`module.svc["s%04d"]`, i)
		var rs []obj
		add(&rs, mod, "aws_vpc.this", "aws_vpc", "this", nil,
			obj{"cidr_block": "10.0.0.0/16", "enable_dns_support": true, "tags": obj{"Name": fmt.Sprintf("s%04d", i)}},
			obj{"id": true, "arn": true, "tags_all": true})
		for z, zone := range zones {
			add(&rs, mod, fmt.Sprintf("aws_subnet.a[%d]", z), "aws_subnet", "a", z,
				obj{"cidr_block": fmt.Sprintf("10.0.%d.0/24", z), "availability_zone": zone, "map_public_ip_on_launch": false},
				obj{"id": true, "arn": true, "vpc_id": true})
			add(&rs, mod, fmt.Sprintf("aws_instance.app[%d]", z), "aws_instance", "app", z,
				obj{"ami": "ami-12345678", "instance_type": "m7g.large", "ebs_block_device": []any{obj{"device_name": "/dev/sdf", "volume_size": 20}}},
				obj{"id": true, "arn": true, "subnet_id": true, "vpc_security_group_ids": true, "ebs_block_device": []any{obj{"volume_id": true}}})
		}
		add(&rs, mod, "aws_security_group.app", "aws_security_group", "app", nil,
			obj{"name": "app", "ingress": []any{obj{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8"}}}},
			obj{"id": true, "arn": true, "vpc_id": true})
		add(&rs, mod, "aws_db_instance.db", "aws_db_instance", "db", nil,
			obj{"engine": "postgres", "instance_class": "db.m7g.large", "multi_az": true, "storage_encrypted": true, "backup_retention_period": 7},
			obj{"id": true, "arn": true, "endpoint": true, "vpc_security_group_ids": true})
		add(&rs, mod, "aws_cloudwatch_metric_alarm.cpu", "aws_cloudwatch_metric_alarm", "cpu", nil,
			obj{"namespace": "AWS/RDS", "metric_name": "CPUUtilization", "threshold": 80},
			obj{"id": true, "arn": true, "dimensions": true})
		modules = append(modules, obj{"address": mod, "resources": rs})
	}
	config := obj{
		"provider_config": obj{"aws": obj{"name": "aws", "expressions": obj{"region": constant("eu-west-1")}}},
		"root_module": obj{"module_calls": obj{"svc": obj{
			"source":              "./svc",
			"for_each_expression": ref("var.services"),
			"expressions":         obj{"name": ref("each.key")},
			"module": obj{
				"variables": obj{"name": obj{}},
				"resources": []obj{
					{"address": "aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this", "provider_config_key": "aws",
						"expressions": obj{"cidr_block": constant("10.0.0.0/16"), "tags": ref("var.name")}},
					{"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "provider_config_key": "aws",
						"count_expression": constant(3),
						"expressions":      obj{"vpc_id": ref("aws_vpc.this.id", "aws_vpc.this"), "availability_zone": ref("count.index"), "cidr_block": ref("count.index")}},
					{"address": "aws_instance.app", "mode": "managed", "type": "aws_instance", "name": "app", "provider_config_key": "aws",
						"count_expression": constant(3),
						"expressions": obj{"ami": constant("ami-12345678"), "instance_type": constant("m7g.large"),
							"subnet_id":              ref("aws_subnet.a", "count.index"),
							"vpc_security_group_ids": ref("aws_security_group.app.id", "aws_security_group.app"),
							"ebs_block_device":       []obj{{"device_name": constant("/dev/sdf"), "volume_size": constant(20)}}}},
					{"address": "aws_security_group.app", "mode": "managed", "type": "aws_security_group", "name": "app", "provider_config_key": "aws",
						"expressions": obj{"name": constant("app"), "vpc_id": ref("aws_vpc.this.id", "aws_vpc.this"), "ingress": constant([]any{})}},
					{"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db", "provider_config_key": "aws",
						"expressions": obj{"engine": constant("postgres"), "multi_az": constant(true), "vpc_security_group_ids": ref("aws_security_group.app.id", "aws_security_group.app")}},
					{"address": "aws_cloudwatch_metric_alarm.cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "cpu", "provider_config_key": "aws",
						"expressions": obj{"namespace": constant("AWS/RDS"), "dimensions": ref("aws_db_instance.db.identifier", "aws_db_instance.db")}},
				},
			},
		}}},
	}
	plan := obj{
		"format_version":    "1.2",
		"terraform_version": "1.11.4",
		"planned_values":    obj{"root_module": obj{"child_modules": modules}},
		"resource_changes":  changes,
		"configuration":     config,
	}
	data, err := json.Marshal(plan)
	if err != nil {
		panic(err)
	}
	return data
}

func TestSyntheticPlan(t *testing.T) {
	g, ds := Load("plan.json", syntheticPlan(3), Options{})
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	if g.Len() != 30 {
		t.Errorf("%d resources, want 30", g.Len())
	}
	got := edges(g, mustResource(t, g, `module.svc["s0001"].aws_instance.app[2]`))
	want := []string{
		`subnet_id -> module.svc["s0001"].aws_subnet.a[2]`,
		`vpc_security_group_ids -> module.svc["s0001"].aws_security_group.app`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("edges %q, want %q", got, want)
	}
}

func benchmarkLoad(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		g, ds := Load("plan.json", data, Options{})
		if ds.HasErrors() || g.Len() == 0 {
			b.Fatal(ds.Err())
		}
	}
}

// benchmarkDecode is the peer to compare with: decoding the same bytes into
// generic Go values, which any loader must at least do.
func benchmarkDecode(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			b.Fatal(err)
		}
	}
}

func shopPlan(b *testing.B) []byte {
	data, err := os.ReadFile("testdata/aws-shop.plan.json")
	if err != nil {
		b.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		b.Fatal(err)
	}
	return compact.Bytes()
}

func BenchmarkLoadShop(b *testing.B)   { benchmarkLoad(b, shopPlan(b)) }
func BenchmarkDecodeShop(b *testing.B) { benchmarkDecode(b, shopPlan(b)) }

// The large plan: 2,000 module instances, 20,000 resources.
func BenchmarkLoadLarge(b *testing.B)   { benchmarkLoad(b, syntheticPlan(2000)) }
func BenchmarkDecodeLarge(b *testing.B) { benchmarkDecode(b, syntheticPlan(2000)) }
