package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/refdigest/refdigest/store"
	"github.com/refdigest/refdigest/web"
)

// healthFunc reports since when a part has been failing (zero: it is not) and its last error.
type healthFunc func() (time.Time, error)

// healthChecker decides /healthz: the store answers, and neither collection nor taking
// updates has been failing for longer than a threshold.
type healthChecker struct {
	st        *store.Store
	updates   healthFunc
	collect   healthFunc
	now       func() time.Time
	threshold time.Duration
}

type healthReport struct {
	OK      bool     `json:"ok"`
	Reasons []string `json:"reasons,omitempty"`
}

func (h *healthChecker) check() healthReport {
	threshold := h.threshold
	if threshold == 0 {
		threshold = 10 * time.Minute
	}
	var r healthReport
	if _, err := h.st.Schema(); err != nil {
		r.Reasons = append(r.Reasons, "store: "+err.Error())
	}
	if since, err := h.updates(); !since.IsZero() && h.now().Sub(since) > threshold {
		r.Reasons = append(r.Reasons, fmt.Sprintf("telegram updates failing since %s: %v", since.Format(time.RFC3339), err))
	}
	if since, err := h.collect(); !since.IsZero() && h.now().Sub(since) > threshold {
		r.Reasons = append(r.Reasons, fmt.Sprintf("collection failing since %s: %v", since.Format(time.RFC3339), err))
	}
	r.OK = len(r.Reasons) == 0
	return r
}

func (h *healthChecker) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	r := h.check()
	w.Header().Set("Content-Type", "application/json")
	if !r.OK {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(r)
}

// serveHTTP serves /healthz, /metrics and /backup on addr until ctx is done.
func serveHTTP(ctx context.Context, addr string, health, metrics, backup http.Handler) error {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", health)
	mux.Handle("GET /metrics", metrics)
	mux.Handle("GET /backup", backup)
	return serve(ctx, addr, mux)
}

// backupHandler streams a snapshot of the store, taken in one read transaction, to a
// client on this machine: `refdigest backup` while the service holds the store's lock.
func backupHandler(st *store.Store, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "backups are for this machine only", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		if _, err := st.BackupSized(w, func(n int64) { w.Header().Set("Content-Length", strconv.FormatInt(n, 10)) }); err != nil {
			// The length promised is not reached: the client sees a cut stream.
			log.Error("backup over http failed", "err", err)
		}
	})
}

// serveWebhook serves Telegram's webhook POSTs at the path of the public URL, in plain HTTP
// for a TLS-terminating proxy in front.
func serveWebhook(ctx context.Context, publicURL, addr string, hook http.Handler) error {
	u, err := url.Parse(publicURL)
	if err != nil {
		return fmt.Errorf("webhook url: %w", err)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	mux := http.NewServeMux()
	mux.Handle(path, hook)
	return serve(ctx, addr, mux)
}

// serve listens on addr and serves h with the web server's limits and shutdown.
func serve(ctx context.Context, addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	return web.Serve(ctx, ln, h)
}
