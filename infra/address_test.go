package infra

import "testing"

func TestAddressRoundTrip(t *testing.T) {
	for _, s := range []string{
		"aws_instance.web",
		"aws_instance.web[0]",
		`aws_instance.web["a b"]`,
		"data.aws_availability_zones.available",
		`module.db.aws_db_instance.main["x"]`,
		`module.net[0].module.sub["eu-west-1a"].aws_subnet.private[3]`,
		`aws_s3_bucket.b["quote\"d"]`,
		"provider.aws",
		"provider.aws.west",
		`module.net["a"].provider.aws.dr`,
		"data.provider.x",
	} {
		a, err := ParseAddress(s)
		if err != nil {
			t.Errorf("ParseAddress(%q): %v", s, err)
			continue
		}
		if got := a.String(); got != s {
			t.Errorf("ParseAddress(%q).String() = %q", s, got)
		}
		b, _ := ParseAddress(a.String())
		if a != b {
			t.Errorf("%q: addresses differ after round trip: %#v vs %#v", s, a, b)
		}
	}
}

func TestAddressParts(t *testing.T) {
	a, err := ParseAddress(`module.db["eu"].data.aws_iam_policy_document.p[2]`)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != Data || a.Type != "aws_iam_policy_document" || a.Name != "p" {
		t.Errorf("parts = %v %q %q", a.Mode, a.Type, a.Name)
	}
	if i, ok := a.Key.Int(); !ok || i != 2 {
		t.Errorf("key = %v, want [2]", a.Key)
	}
	mod := a.Module()
	if len(mod) != 1 || mod[0].Name != "db" {
		t.Fatalf("module = %v", mod)
	}
	if s, ok := mod[0].Key.Str(); !ok || s != "eu" {
		t.Errorf("module key = %v", mod[0].Key)
	}
	if got := a.Config().String(); got != `module.db["eu"].data.aws_iam_policy_document.p` {
		t.Errorf("Config() = %s", got)
	}
	built := NewAddress(mod, Data, "aws_iam_policy_document", "p", IntKey(2))
	if built != a {
		t.Errorf("NewAddress = %s, want %s", built, a)
	}
}

func TestProviderAddress(t *testing.T) {
	for _, tc := range []struct {
		module      []ModuleStep
		name, alias string
		want        string
	}{
		{nil, "aws", "", "provider.aws"},
		{nil, "aws", "west", "provider.aws.west"},
		{[]ModuleStep{{Name: "net"}, {Name: "sub", Key: StringKey("a")}}, "google", "", `module.net.module.sub["a"].provider.google`},
	} {
		a := NewProviderAddress(tc.module, tc.name, tc.alias)
		if got := a.String(); got != tc.want {
			t.Errorf("NewProviderAddress(%v, %q, %q) = %s, want %s", tc.module, tc.name, tc.alias, got, tc.want)
		}
		p, err := ParseAddress(tc.want)
		if err != nil {
			t.Errorf("ParseAddress(%q): %v", tc.want, err)
			continue
		}
		if p != a {
			t.Errorf("ParseAddress(%q) = %#v, want %#v", tc.want, p, a)
		}
		if p.Mode != ProviderConfig || p.Type != tc.name || p.Name != tc.alias {
			t.Errorf("%s: mode %v type %q name %q", tc.want, p.Mode, p.Type, p.Name)
		}
		if k := a.WithKey(IntKey(1)); k != a {
			t.Errorf("%s.WithKey(1) = %s, want it unchanged", a, k)
		}
	}
}

func TestParseAddressErrors(t *testing.T) {
	for _, s := range []string{"", "aws_instance", "aws_instance.", "module.x", "aws_instance.web[", "aws_instance.web[01]", `aws_instance.web["x"`, "aws_instance.web.extra", "1x.y",
		"provider", "provider.", "provider.aws.", "provider.aws[0]", "provider.aws.west[0]", "provider.aws.west.x", "provider.1x"} {
		if a, err := ParseAddress(s); err == nil {
			t.Errorf("ParseAddress(%q) = %s, want an error", s, a)
		}
	}
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"aws_instance.web[0]", `module.a["k"].data.t.n`, "x.y",
		"provider.aws", "provider.aws.west", `module.a[0].provider.aws`, "provider.aws[0]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddress(s)
		if err != nil {
			return
		}
		b, err := ParseAddress(a.String())
		if err != nil {
			t.Fatalf("re-parse of %q (from %q): %v", a.String(), s, err)
		}
		if a != b {
			t.Fatalf("round trip changed %q: %#v != %#v", s, a, b)
		}
	})
}
