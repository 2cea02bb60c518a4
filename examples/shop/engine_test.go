package shop_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/plimsoll/plimsoll/examples/shop/shopserver"
	"github.com/plimsoll/plimsoll/loadgen"
)

// TestShopUnderLoad runs shop.yaml through the load engine against the
// shop server on loopback. The file's ramp is kept in shape but shortened
// to 3 seconds. Every journey must complete: the token extracted at login
// authorises the cart, the cookie jar carries the session to checkout, and
// no check fails.
func TestShopUnderLoad(t *testing.T) {
	shop := shopserver.New(shopserver.Config{})
	srv := httptest.NewServer(shop)
	defer srv.Close()
	f := load(t, srv.URL)
	sc := f.Scenarios[0]
	sc.Stages = []loadgen.Stage{
		{Duration: time.Second, Target: 10},
		{Duration: 1500 * time.Millisecond, Target: 10},
		{Duration: 500 * time.Millisecond, Target: 0},
	}
	sc.GracefulStop = 3 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := loadgen.Run(ctx, []loadgen.Scenario{sc}, loadgen.Options{Timeout: f.Options.Timeout})
	if err != nil {
		t.Fatal(err)
	}
	orders := int64(shop.Orders())
	if orders == 0 {
		t.Fatalf("no order was placed; total %+v", res.Total)
	}
	if res.Total.Errors != 0 {
		t.Errorf("%d errors (%v); want none", res.Total.Errors, res.Total.ErrorClasses)
	}
	if got := res.Scenarios[0].Iterations; got != orders {
		t.Errorf("%d iterations completed but %d orders placed", got, orders)
	}
	steps := map[string]loadgen.StepResult{}
	for _, s := range res.Steps {
		steps[s.Name] = s
		for _, c := range s.Checks {
			if c.Failed > 0 || c.Passed == 0 {
				t.Errorf("step %s check %q: passed %d, failed %d", s.Name, c.Name, c.Passed, c.Failed)
			}
		}
	}
	if got := steps["pay"].Requests; got != orders {
		t.Errorf("pay: %d requests, %d orders", got, orders)
	}
	var group *loadgen.GroupResult
	for i := range res.Groups {
		if res.Groups[i].Name == "checkout" {
			group = &res.Groups[i]
		}
	}
	if group == nil || group.Requests != steps["add-to-cart"].Requests+steps["pay"].Requests {
		t.Errorf("group checkout = %+v, want the requests of add-to-cart and pay", group)
	}
}
