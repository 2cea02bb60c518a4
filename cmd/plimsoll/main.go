// Command plimsoll tells how much load infrastructure can safely carry, where
// it breaks, and whether it survives losing a machine, a zone or a database.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/plimsoll/plimsoll/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
