// Command server serves the example shop (package shopserver) on a
// loopback address, for demos of plimsoll load:
//
//	go run ./examples/shop/server -addr 127.0.0.1:8080 &
//	plimsoll load examples/shop/shop.yaml
//
// It refuses any address that is not loopback, and exits by itself after
// -max-lifetime, so a forgotten demo server does not linger.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/plimsoll/plimsoll/examples/shop/shopserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "shop server: %v\n", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "loopback address to listen on")
	life := fs.Duration("max-lifetime", 10*time.Minute, "exit after this long")
	var cfg shopserver.Config
	fs.DurationVar(&cfg.Latency, "latency", 0, "latency added to every response")
	fs.DurationVar(&cfg.CheckoutLatency, "checkout-latency", 20*time.Millisecond, "extra latency of checkout")
	fs.Float64Var(&cfg.ErrorRate, "error-rate", 0, "fraction of requests answered 503 (0 to 1)")
	fs.IntVar(&cfg.Products, "products", 20, "number of products")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *life <= 0 {
		return fmt.Errorf("-max-lifetime must be above 0")
	}
	if cfg.ErrorRate < 0 || cfg.ErrorRate > 1 {
		return fmt.Errorf("-error-rate must be from 0 to 1")
	}
	if err := loopbackOnly(*addr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: shopserver.New(cfg), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "shop server: listening on http://%s (exits after %s)\n", ln.Addr(), *life)
	ctx, cancel := context.WithTimeout(ctx, *life)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancelShut := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelShut()
	if err := srv.Shutdown(shut); err != nil {
		_ = srv.Close()
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stderr, "shop server: stopped")
	return nil
}

// loopbackOnly refuses an address that is not on this machine's loopback:
// the shop is a load target, and load goes nowhere else.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q: only loopback addresses (127.0.0.1, ::1, localhost) are allowed", addr)
	}
	return nil
}
