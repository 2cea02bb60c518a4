package shop_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/plimsoll/plimsoll/examples/shop/shopserver"
	"github.com/plimsoll/plimsoll/loadgen"
	"github.com/plimsoll/plimsoll/loadgen/scenario"
	"github.com/plimsoll/plimsoll/loadgen/scenario/scenariotest"
)

func load(t testing.TB, url string) *scenario.File {
	t.Helper()
	getenv := func(k string) string {
		if k == "SHOP_URL" {
			return url
		}
		return ""
	}
	f, ds := scenario.Load(os.DirFS("."), "shop.yaml", scenario.LoadOptions{Getenv: getenv})
	if ds.HasErrors() || len(ds) > 0 {
		t.Fatalf("shop.yaml: %v", ds.Err())
	}
	return f
}

func TestShopScenarioParses(t *testing.T) {
	f := load(t, "")
	if len(f.Scenarios) != 1 || f.Scenarios[0].Executor != loadgen.RampingVUs {
		t.Fatalf("scenarios = %+v, want one ramping-vus scenario", f.Scenarios)
	}
	var got []string
	for _, s := range f.Scenarios[0].Program.Steps() {
		got = append(got, s.Group+"/"+s.Name)
	}
	want := "/login /browse /product checkout/add-to-cart checkout/pay"
	if strings.Join(got, " ") != want {
		t.Errorf("steps = %q, want %q", strings.Join(got, " "), want)
	}
	var th []string
	for _, x := range f.Thresholds {
		th = append(th, x.String())
	}
	if !strings.Contains(strings.Join(th, ";"), "p99(checkout) < 200ms") {
		t.Errorf("thresholds = %q, want p99(checkout) < 200ms among them", th)
	}
}

func TestShopScaleScenarioParses(t *testing.T) {
	f, ds := scenario.Load(os.DirFS("."), "shop-scale.yaml", scenario.LoadOptions{})
	if len(ds) > 0 {
		t.Fatalf("shop-scale.yaml: %v", ds)
	}
	if got := f.Scenarios[0].Stages[0].Target; got != 50_000 || f.Options.MaxConns != 1000 {
		t.Errorf("ramp target %v, max_conns %d; want 50000 VUs over 1000 connections", got, f.Options.MaxConns)
	}
}

// TestShopJourney walks the shop's journey with three virtual users, two
// iterations each, against the real shop server: every check passes, and
// every iteration ends in an order, which needs the token extracted at
// login (cart) and the session cookie kept by the VU's jar (checkout).
func TestShopJourney(t *testing.T) {
	shop := shopserver.New(shopserver.Config{})
	srv := httptest.NewServer(shop)
	defer srv.Close()
	f := load(t, srv.URL)
	p := f.Scenarios[0].Program
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	users := []string{"ann", "bob", "cyd"}
	for id, user := range users {
		its, err := scenariotest.Drive(context.Background(), client, p, p.NewVU(id), 2)
		if err != nil {
			t.Fatal(err)
		}
		for n, it := range its {
			if it.End != loadgen.Done || len(it.Exchanges) != 5 {
				t.Fatalf("VU %d iteration %d ended %v after %d requests: %+v", id, n, it.End, len(it.Exchanges), it)
			}
			for _, ex := range it.Exchanges {
				if len(ex.Failed) > 0 || ex.Status != 200 {
					t.Errorf("VU %d iteration %d step %s: status %d, failed checks %q", id, n, ex.Step, ex.Status, ex.Failed)
				}
			}
			login, browse, pay := it.Exchanges[0], it.Exchanges[1], it.Exchanges[4]
			if want := `{"user":"` + user + `","password":"` + user + `-pw"}`; login.Body != want {
				t.Errorf("VU %d login body = %s, want %s (sticky feed row)", id, login.Body, want)
			}
			if hasHeader(login.Header, "Authorization") {
				t.Errorf("VU %d login sent Authorization before any token was extracted", id)
			}
			if !hasHeader(browse.Header, "Authorization") {
				t.Errorf("VU %d browse sent no Authorization header", id)
			}
			if !hasHeader(pay.Header, "Cookie") {
				t.Errorf("VU %d checkout sent no Cookie header", id)
			}
			if add := it.Exchanges[3]; add.Body != `{"product_id":3,"quantity":1}` {
				t.Errorf("VU %d add-to-cart body = %s, want the product id as a JSON number", id, add.Body)
			}
		}
	}
	if got, want := shop.Orders(), uint64(2*len(users)); got != want {
		t.Errorf("orders = %d, want %d", got, want)
	}
}

func hasHeader(h []loadgen.Field, name string) bool {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return true
		}
	}
	return false
}

// The full example in docs/scenario.md is this file; they must not drift.
func TestDocExampleIsShopYAML(t *testing.T) {
	doc, err := os.ReadFile("../../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "## A full example")
	if !ok {
		t.Fatal(`docs/scenario.md has no "## A full example" section`)
	}
	_, block, ok := strings.Cut(after, "```yaml\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("no yaml block in the full example section")
	}
	src, err := os.ReadFile("shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, want, _ := strings.Cut(string(src), "version: 1")
	if !strings.HasPrefix(block, "version: 1") || block[len("version: 1"):] != want {
		t.Errorf("the full example of docs/scenario.md differs from examples/shop/shop.yaml (from version: 1 on); copy the file into the doc")
	}
}
