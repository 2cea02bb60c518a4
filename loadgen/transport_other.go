//go:build !linux

package loadgen

func newTransport(w *worker) transport {
	if w.r.opts.HTTP2 {
		return newH2Transport(w)
	}
	return newPortableTransport(w)
}
