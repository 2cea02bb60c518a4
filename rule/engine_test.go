package rule

import (
	"slices"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

func testGraph(t *testing.T, addrs ...string) *infra.Graph {
	t.Helper()
	g := infra.NewGraph()
	for i, s := range addrs {
		a, err := infra.ParseAddress(s)
		if err != nil {
			t.Fatal(err)
		}
		r := &infra.Resource{Addr: a, Pos: diag.Pos{File: "main.tf", Line: 10 * (i + 1), Column: 1},
			Attrs: infra.ValueOf(cty.ObjectVal(map[string]cty.Value{"multi_az": cty.False}))}
		if err := g.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

// everyDB reports each aws_db_instance whose multi_az is definitely false.
var everyDB = Rule{
	Meta: Meta{ID: "test-db", Aliases: []string{"old-db"}, Title: "db", Severity: High, Concern: Availability},
	Check: func(g *infra.Graph) []Hit {
		var hits []Hit
		for _, r := range g.OfType("aws_db_instance") {
			if r.Get("multi_az").BoolOr(false) == infra.False {
				hits = append(hits, Hitf(r, "%s is in one zone", r.Addr))
			}
		}
		return hits
	},
}

func TestEngineRunsAndSorts(t *testing.T) {
	low := Rule{Meta: Meta{ID: "test-low", Severity: Low, Concern: Security}, Check: func(g *infra.Graph) []Hit {
		return []Hit{{Resource: g.Resources()[0], Message: "low"}}
	}}
	e, err := NewEngine([]Rule{low, everyDB}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	res := e.Run(testGraph(t, "aws_db_instance.b", "aws_db_instance.a"))
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+" "+f.Address.String()+" "+f.Pos.String())
	}
	want := []string{
		"test-db aws_db_instance.b main.tf:10:1",
		"test-db aws_db_instance.a main.tf:20:1",
		"test-low aws_db_instance.a main.tf:20:1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Rules) != 2 || res.Rules[0].ID != "test-low" {
		t.Errorf("rules that ran = %v", res.Rules)
	}
}

func TestEngineRejectsDuplicateIDs(t *testing.T) {
	dup := everyDB
	dup.ID = "other"
	dup.Aliases = []string{"test-db"}
	if _, err := NewEngine([]Rule{everyDB, dup}, Config{}); err == nil {
		t.Error("an alias equal to another rule's ID must be refused")
	}
}

func TestEngineSurvivesPanickingRule(t *testing.T) {
	boom := Rule{Meta: Meta{ID: "test-boom"}, Check: func(*infra.Graph) []Hit { panic("boom") }}
	e, _ := NewEngine([]Rule{boom, everyDB}, Config{})
	res := e.Run(testGraph(t, "aws_db_instance.a"))
	if len(res.Findings) != 1 {
		t.Errorf("the other rule's findings are lost: %v", res.Findings)
	}
	if len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Summary, "test-boom") || res.Diagnostics[0].Rule != "test-boom" {
		t.Errorf("diagnostics = %+v, want one naming test-boom in its summary and its Rule", res.Diagnostics)
	}
	if got := res.Failed(); !slices.Equal(got, []string{"test-boom"}) {
		t.Errorf("Failed() = %q, want [test-boom]", got)
	}
	ok, _ := NewEngine([]Rule{everyDB}, Config{})
	if got := ok.Run(testGraph(t, "aws_db_instance.a")).Failed(); got != nil {
		t.Errorf("Failed() of a run where every rule ran = %q, want none", got)
	}
}

func TestSuppression(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inline []infra.Ignore
		cfg    Config
		want   int // active findings out of two databases
		ran    int
	}{
		{name: "none", want: 2, ran: 1},
		{name: "inline by ID", inline: []infra.Ignore{{Rule: "test-db", Reason: "legacy"}}, want: 1, ran: 1},
		{name: "inline by alias, any case", inline: []infra.Ignore{{Rule: "OLD-DB"}}, want: 1, ran: 1},
		{name: "inline other rule", inline: []infra.Ignore{{Rule: "test-other"}}, want: 2, ran: 1},
		{name: "config by glob", cfg: Config{Ignore: []Ignore{{Rule: "test-db", Resource: "aws_db_instance.*"}}}, want: 0, ran: 1},
		{name: "config by exact address", cfg: Config{Ignore: []Ignore{{Rule: "*", Resource: "aws_db_instance.b"}}}, want: 1, ran: 1},
		{name: "config by path", cfg: Config{Ignore: []Ignore{{Rule: "test-db", Path: "main.tf"}}}, want: 0, ran: 1},
		{name: "config by folder", cfg: Config{Ignore: []Ignore{{Rule: "test-db", Path: "legacy/"}}}, want: 2, ran: 1},
		{name: "disabled", cfg: Config{Disable: []string{"old-db"}}, want: 0, ran: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := testGraph(t, "aws_db_instance.a", "aws_db_instance.b")
			a, _ := infra.ParseAddress("aws_db_instance.a")
			g.Resource(a).Ignores = tc.inline
			e, err := NewEngine([]Rule{everyDB}, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			res := e.Run(g)
			if got := len(res.Active()); got != tc.want {
				t.Errorf("active findings = %d, want %d", got, tc.want)
			}
			if got := len(res.Rules); got != tc.ran {
				t.Errorf("rules run = %d, want %d", got, tc.ran)
			}
			for _, f := range res.Findings {
				if f.Suppressed == nil && len(tc.inline) > 0 && tc.inline[0].Reason != "" && f.Address == a {
					t.Errorf("finding on %s not suppressed", a)
				}
				if f.Suppressed != nil && len(tc.inline) > 0 && f.Suppressed.Reason != tc.inline[0].Reason {
					t.Errorf("reason = %q", f.Suppressed.Reason)
				}
			}
		})
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range Severities {
		got, err := ParseSeverity(strings.ToUpper(s.String()))
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil {
		t.Error("unknown severity accepted")
	}
}
