package shopserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// call sends one request and returns the status and decoded JSON body.
func call(t *testing.T, c *http.Client, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, url, b, err)
		}
	}
	return resp.StatusCode, out
}

func newClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

func TestJourney(t *testing.T) {
	shop := New(Config{})
	srv := httptest.NewServer(shop)
	defer srv.Close()
	c := newClient(t)
	u := srv.URL

	steps := []struct {
		name, method, path, body string
		auth                     bool
		want                     int
	}{
		{"login without password", "POST", "/login", `{"user":"ann"}`, false, 401},
		{"login with bad JSON", "POST", "/login", `{`, false, 400},
		{"cart before login", "POST", "/cart", `{"product_id":1,"quantity":1}`, false, 401},
		{"checkout before login", "POST", "/checkout", ``, false, 401},
		{"login", "POST", "/login", `{"user":"ann","password":"pw"}`, false, 200},
		{"browse", "GET", "/products", ``, false, 200},
		{"product page", "GET", "/products/3", ``, false, 200},
		{"missing product", "GET", "/products/999", ``, false, 404},
		{"checkout with empty cart", "POST", "/checkout", ``, true, 409},
		{"unknown product", "POST", "/cart", `{"product_id":999,"quantity":1}`, true, 422},
		{"add to cart", "POST", "/cart", `{"product_id":3,"quantity":2}`, true, 200},
		{"checkout", "POST", "/checkout", ``, true, 200},
		{"checkout again", "POST", "/checkout", ``, true, 409},
	}
	token := ""
	for _, s := range steps {
		tok := ""
		if s.auth {
			tok = token
		}
		got, body := call(t, c, s.method, u+s.path, tok, s.body)
		if got != s.want {
			t.Fatalf("%s: status %d (%v), want %d", s.name, got, body, s.want)
		}
		switch s.name {
		case "login":
			token, _ = body["token"].(string)
			if token == "" {
				t.Fatalf("login: no token in %v", body)
			}
		case "add to cart":
			if body["items"] != 2.0 || body["total"] != 2*(5+3*1.25) {
				t.Errorf("add to cart: %v, want 2 items totalling %v", body, 2*(5+3*1.25))
			}
		case "checkout":
			if body["order_id"] != "ord-1" || body["status"] != "confirmed" {
				t.Errorf("checkout: %v, want order ord-1 confirmed", body)
			}
		}
	}
	if shop.Orders() != 1 {
		t.Errorf("Orders() = %d, want 1", shop.Orders())
	}
}

// The session cookie is what checkout trusts: a token alone is not enough,
// and a forged cookie is refused.
func TestCheckoutNeedsSessionCookie(t *testing.T) {
	srv := httptest.NewServer(New(Config{}))
	defer srv.Close()
	withJar := newClient(t)
	_, body := call(t, withJar, "POST", srv.URL+"/login", "", `{"user":"bob","password":"pw"}`)
	token := body["token"].(string)
	call(t, withJar, "POST", srv.URL+"/cart", token, `{"product_id":1,"quantity":1}`)
	noJar := &http.Client{Timeout: 10 * time.Second}
	if got, _ := call(t, noJar, "POST", srv.URL+"/checkout", token, ""); got != 401 {
		t.Errorf("checkout without cookie: %d, want 401", got)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/checkout", nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: "bob.0000.ffff"})
	resp, err := noJar.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("checkout with forged cookie: %d, want 401", resp.StatusCode)
	}
	if got, _ := call(t, withJar, "POST", srv.URL+"/checkout", token, ""); got != 200 {
		t.Errorf("checkout with cookie: %d, want 200", got)
	}
}

func TestErrorRate(t *testing.T) {
	srv := httptest.NewServer(New(Config{ErrorRate: 0.25}))
	defer srv.Close()
	c := newClient(t)
	failed := 0
	for range 100 {
		if got, _ := call(t, c, "GET", srv.URL+"/health", "", ""); got == 503 {
			failed++
		}
	}
	if failed != 25 {
		t.Errorf("%d of 100 requests failed, want 25", failed)
	}
}

func TestCartsBounded(t *testing.T) {
	shop := New(Config{MaxCarts: 3})
	srv := httptest.NewServer(shop)
	defer srv.Close()
	c := newClient(t)
	for i := range 10 {
		_, body := call(t, c, "POST", srv.URL+"/login", "", `{"user":"u`+string(rune('a'+i))+`","password":"pw"}`)
		call(t, c, "POST", srv.URL+"/cart", body["token"].(string), `{"product_id":1,"quantity":1}`)
	}
	shop.mu.Lock()
	n := len(shop.carts)
	shop.mu.Unlock()
	if n > 3 {
		t.Errorf("%d carts kept, want at most 3", n)
	}
}

func TestLatency(t *testing.T) {
	srv := httptest.NewServer(New(Config{Latency: 30 * time.Millisecond, CheckoutLatency: 50 * time.Millisecond}))
	defer srv.Close()
	c := newClient(t)
	start := time.Now()
	call(t, c, "GET", srv.URL+"/products", "", "")
	if took := time.Since(start); took < 30*time.Millisecond {
		t.Errorf("browse took %v with 30ms latency configured", took)
	}
	_, body := call(t, c, "POST", srv.URL+"/login", "", `{"user":"cy","password":"pw"}`)
	call(t, c, "POST", srv.URL+"/cart", body["token"].(string), `{"product_id":1,"quantity":1}`)
	start = time.Now()
	call(t, c, "POST", srv.URL+"/checkout", "", "")
	if took := time.Since(start); took < 80*time.Millisecond {
		t.Errorf("checkout took %v with 30ms + 50ms latency configured", took)
	}
}
