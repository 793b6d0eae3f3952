package web

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// clientLimiter rate-limits searches per client address: a token bucket each, forgotten
// after a while idle, and a bound on how many are kept (a flood of addresses resets them
// all rather than growing without end).
type clientLimiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	max     int
	clients map[string]*client
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

const clientIdle = 10 * time.Minute

func newClientLimiter(every time.Duration, burst, max int) *clientLimiter {
	return &clientLimiter{every: rate.Every(every), burst: burst, max: max, clients: map[string]*client{}}
}

// allow takes a token for key at now; when there is none it says how long to wait.
func (c *clientLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cl, ok := c.clients[key]
	if !ok {
		if len(c.clients) >= c.max {
			c.sweep(now)
		}
		cl = &client{lim: rate.NewLimiter(c.every, c.burst)}
		c.clients[key] = cl
	}
	cl.seen = now
	r := cl.lim.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Minute
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

func (c *clientLimiter) sweep(now time.Time) {
	for k, cl := range c.clients {
		if now.Sub(cl.seen) > clientIdle {
			delete(c.clients, k)
		}
	}
	if len(c.clients) >= c.max {
		clear(c.clients)
	}
}

// clientKey is the address a request is counted against: the peer's, or, when the peer
// is a proxy on this machine, the address that proxy appended to X-Forwarded-For (the
// last one; any earlier ones are the client's own claim). IPv6 clients are counted by
// their /64, which one subscriber line usually gets whole.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip != nil && ip.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if fwd := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); fwd != nil {
				ip = fwd
			}
		}
	}
	if ip == nil {
		return host
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}
