package shopserver

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config tunes the shop. The zero value is a fast, reliable shop.
type Config struct {
	// Latency is added to every response.
	Latency time.Duration
	// CheckoutLatency is added to checkouts on top of Latency: checking
	// out is the slow page of a real shop.
	CheckoutLatency time.Duration
	// ErrorRate is the fraction of requests (0 to 1) answered 503 instead,
	// spread evenly: 0.01 fails every 100th request.
	ErrorRate float64
	// Products is the catalogue size; 0 means 20.
	Products int
	// MaxCarts bounds the carts kept; when full, an arbitrary cart is
	// dropped to make room. 0 means 100,000.
	MaxCarts int
}

// Server is the shop's HTTP handler.
type Server struct {
	cfg      Config
	mux      *http.ServeMux
	key      []byte
	products []product
	list     []byte // the catalogue as JSON, encoded once
	pages    [][]byte
	every    uint64 // fail every Nth request; 0 never
	count    atomic.Uint64
	orders   atomic.Uint64

	mu    sync.Mutex
	carts map[string]*cart
}

type product struct {
	ID    int     `json:"id"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

type cart struct {
	items int
	total float64
}

// New returns a shop configured by cfg.
func New(cfg Config) *Server {
	if cfg.Products <= 0 {
		cfg.Products = 20
	}
	if cfg.MaxCarts <= 0 {
		cfg.MaxCarts = 100_000
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), carts: map[string]*cart{}}
	s.key = make([]byte, 32)
	if _, err := rand.Read(s.key); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	if cfg.ErrorRate > 0 {
		s.every = uint64(math.Max(1, math.Round(1/math.Min(cfg.ErrorRate, 1))))
	}
	names := []string{"kettle", "teapot", "mug", "saucer", "spoon", "tray", "cosy", "strainer", "caddy", "jug"}
	for i := 1; i <= cfg.Products; i++ {
		p := product{ID: i, Name: fmt.Sprintf("%s %d", names[(i-1)%len(names)], (i-1)/len(names)+1), Price: float64(500+i*125) / 100}
		s.products = append(s.products, p)
		page, _ := json.Marshal(p)
		s.pages = append(s.pages, page)
	}
	s.list, _ = json.Marshal(s.products)
	s.mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, []byte(`{"ok":true}`)) })
	s.mux.HandleFunc("POST /login", s.login)
	s.mux.HandleFunc("GET /products", s.browse)
	s.mux.HandleFunc("GET /products/{id}", s.productPage)
	s.mux.HandleFunc("POST /cart", s.addToCart)
	s.mux.HandleFunc("POST /checkout", s.checkout)
	return s
}

// Orders returns how many checkouts succeeded.
func (s *Server) Orders() uint64 { return s.orders.Load() }

// ServeHTTP serves the shop, after the configured latency and failures.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.every > 0 && s.count.Add(1)%s.every == 0 {
		writeJSON(w, http.StatusServiceUnavailable, []byte(`{"error":"injected failure"}`))
		return
	}
	if s.cfg.Latency > 0 {
		sleep(r, s.cfg.Latency)
	}
	s.mux.ServeHTTP(w, r)
}

// sleep waits d or until the client goes away.
func sleep(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func fail(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	writeJSON(w, status, b)
}

// maxRequestBody bounds what the shop reads of a request body.
const maxRequestBody = 64 << 10

type credentials struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

// login accepts any user with a non-empty password, and answers with a
// signed token in JSON and the same token in a session cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var c credentials
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBody)).Decode(&c); err != nil {
		fail(w, http.StatusBadRequest, "expected JSON {\"user\": ..., \"password\": ...}")
		return
	}
	if c.User == "" || c.Password == "" || strings.ContainsAny(c.User, ".;, ") {
		fail(w, http.StatusUnauthorized, "user and password required")
		return
	}
	token := s.sign(c.User)
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, Path: "/", HttpOnly: true})
	b, _ := json.Marshal(map[string]string{"token": token, "user": c.User})
	writeJSON(w, http.StatusOK, b)
}

// sign makes a token "user.nonce.mac" that only this server can have made.
func (s *Server) sign(user string) string {
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	body := user + "." + hex.EncodeToString(nonce[:])
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(body))
	return body + "." + hex.EncodeToString(m.Sum(nil)[:16])
}

func (s *Server) valid(token string) bool {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return false
	}
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(token[:i]))
	want := hex.EncodeToString(m.Sum(nil)[:16])
	return hmac.Equal([]byte(token[i+1:]), []byte(want))
}

// bearer returns the request's valid bearer token, or "".
func (s *Server) bearer(r *http.Request) string {
	t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !s.valid(t) {
		return ""
	}
	return t
}

func (s *Server) browse(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.list)
}

func (s *Server) productPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil || id < 1 || id > len(s.pages) {
		fail(w, http.StatusNotFound, "no such product")
		return
	}
	writeJSON(w, http.StatusOK, s.pages[id-1])
}

type cartItem struct {
	ProductID int `json:"product_id"`
	Quantity  int `json:"quantity"`
}

// addToCart needs the login token as a bearer token.
func (s *Server) addToCart(w http.ResponseWriter, r *http.Request) {
	token := s.bearer(r)
	if token == "" {
		fail(w, http.StatusUnauthorized, "log in first: send Authorization: Bearer <token>")
		return
	}
	var it cartItem
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBody)).Decode(&it); err != nil {
		fail(w, http.StatusBadRequest, "expected JSON {\"product_id\": ..., \"quantity\": ...}")
		return
	}
	if it.ProductID < 1 || it.ProductID > len(s.products) || it.Quantity < 1 || it.Quantity > 100 {
		fail(w, http.StatusUnprocessableEntity, "unknown product or bad quantity")
		return
	}
	s.mu.Lock()
	c := s.carts[token]
	if c == nil {
		if len(s.carts) >= s.cfg.MaxCarts {
			for k := range s.carts {
				delete(s.carts, k)
				break
			}
		}
		c = &cart{}
		s.carts[token] = c
	}
	c.items += it.Quantity
	c.total += float64(it.Quantity) * s.products[it.ProductID-1].Price
	items, total := c.items, c.total
	s.mu.Unlock()
	b, _ := json.Marshal(map[string]any{"items": items, "total": math.Round(total*100) / 100})
	writeJSON(w, http.StatusOK, b)
}

// checkout needs the session cookie set at login and a non-empty cart, and
// takes CheckoutLatency longer than other pages.
func (s *Server) checkout(w http.ResponseWriter, r *http.Request) {
	ck, err := r.Cookie("session")
	if err != nil || !s.valid(ck.Value) {
		fail(w, http.StatusUnauthorized, "no session: log in first (the session cookie is missing)")
		return
	}
	if s.cfg.CheckoutLatency > 0 {
		sleep(r, s.cfg.CheckoutLatency)
	}
	s.mu.Lock()
	c := s.carts[ck.Value]
	delete(s.carts, ck.Value)
	s.mu.Unlock()
	if c == nil || c.items == 0 {
		fail(w, http.StatusConflict, "the cart is empty")
		return
	}
	n := s.orders.Add(1)
	b, _ := json.Marshal(map[string]any{"order_id": fmt.Sprintf("ord-%d", n), "items": c.items, "total": math.Round(c.total*100) / 100, "status": "confirmed"})
	writeJSON(w, http.StatusOK, b)
}
