// Package shopserver is a tiny web shop to aim plimsoll load at in demos
// and tests: log in, browse products, add to the cart, check out. It keeps
// its state in memory, bounded, and can add latency or fail a fraction of
// requests on purpose.
//
// Tests start it in-process with httptest on 127.0.0.1; the command
// examples/shop/server serves it on a loopback address for a while and
// exits by itself.
//
// Package shopserver imports nothing of this module.
package shopserver
