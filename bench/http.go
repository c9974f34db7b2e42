package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/web"
)

// HTTPOptions configure HTTPLoad.
type HTTPOptions struct {
	ImportOptions               // Rows persons in the registry
	Clients       int           // concurrent clients (default 50)
	Duration      time.Duration // how long the load runs (default 10 s)
	// WritePercent of the requests are writes (default 20): 增员 of a
	// person not yet employed (POST /api/v1/enrollments/hire, five
	// enrollments), or, once a client has hired all of its persons, 减员
	// (POST /api/v1/enrollments/leave). The rest read a random person
	// (GET /api/v1/persons/{id_no}).
	WritePercent int
}

// HTTPResult is one load run against a real web.Server on a loopback
// listener, every request authenticated by an API token.
type HTTPResult struct {
	Engine         string  `json:"engine"`
	Persons        int     `json:"persons"`
	Clients        int     `json:"clients"`
	Seconds        float64 `json:"seconds"`
	Requests       int     `json:"requests"`
	Errors         int     `json:"errors"`
	FirstError     string  `json:"first_error,omitempty"`
	RequestsPerSec float64 `json:"requests_per_sec"`
	All            Latency `json:"all"`
	Reads          Latency `json:"reads"`
	Writes         Latency `json:"writes"`
	PeakRSSMB      float64 `json:"peak_rss_mb"`
}

// benchUser is the clerk whose API token the clients use.
const benchUser = "bench-clerk"

// HTTPLoad builds a registry of o.Rows persons and o.Rows/50 employers,
// issues an API token to a district clerk, serves the database with
// web.Server on 127.0.0.1 and runs o.Clients clients against it for
// o.Duration. Every response other than 200/201 counts as an error.
func HTTPLoad(ctx context.Context, o HTTPOptions) (*HTTPResult, error) {
	if o.Clients <= 0 {
		o.Clients = 50
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	if o.WritePercent == 0 {
		o.WritePercent = 20
	}
	if o.Rows < 2*o.Clients {
		return nil, fmt.Errorf("bench: %d persons for %d clients", o.Rows, o.Clients)
	}
	e, err := setup(ctx, o.ImportOptions)
	if err != nil {
		return nil, err
	}
	defer e.close()
	actx := admin(ctx)
	start := time.Now()
	if err := importPersons(actx, e.app, e.csvPath, o.Rows); err != nil {
		return nil, err
	}
	emps, err := prepareEmployers(actx, e.app, max(1, o.Rows/50))
	if err != nil {
		return nil, err
	}
	pw := "Bench-" + newSecret()
	if err := e.app.Access.CreateUser(actx, &shebao.User{Name: benchUser, Role: shebao.RoleClerk, Region: "640106000000", Display: "压测经办员"}, pw); err != nil {
		return nil, err
	}
	token, _, err := e.app.Access.CreateToken(actx, benchUser, "bench", 0)
	if err != nil {
		return nil, err
	}
	e.logf("set up %d persons, %d employers in %.1fs", o.Rows, len(emps), time.Since(start).Seconds())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: web.NewServer(e.app, web.Options{}).Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConns: o.Clients, MaxIdleConnsPerHost: o.Clients}}
	defer client.CloseIdleConnections()

	do := func(method, path string, body any) error {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, bytes.TrimSpace(b))
		}
		return nil
	}
	// One warm-up read, which also checks the token.
	if id, _ := personID(0); true {
		if err := do("GET", "/api/v1/persons/"+id, nil); err != nil {
			return nil, fmt.Errorf("bench: warm-up: %w", err)
		}
	}

	type clientResult struct {
		reads, writes []time.Duration
		errors        int
		first         error
	}
	results := make([]clientResult, o.Clients)
	half := o.Rows / 2 // persons [half, Rows) are hired, each by one client
	reset := resetPeakRSS()
	deadline := time.Now().Add(o.Duration)
	began := time.Now()
	var wg sync.WaitGroup
	for c := range o.Clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(c), 0x4577))
			res := &results[c]
			next, left := half+c, half+c // the client's next person to hire, and to let go
			for time.Now().Before(deadline) {
				var err error
				t0 := time.Now()
				write := r.IntN(100) < o.WritePercent
				switch {
				case !write:
					id, _ := personID(r.IntN(o.Rows))
					err = do("GET", "/api/v1/persons/"+id, nil)
				case next < o.Rows:
					id, _ := personID(next)
					err = do("POST", "/api/v1/enrollments/hire", map[string]any{"id_no": id, "employer": emps[next%len(emps)].USCC, "date": "2025-03-01"})
					next += o.Clients
				case left < next:
					id, _ := personID(left)
					err = do("POST", "/api/v1/enrollments/leave", map[string]any{"id_no": id, "employer": emps[left%len(emps)].USCC, "date": "2025-06-30", "reason": "合同到期"})
					left += o.Clients
				default:
					write = false
					id, _ := personID(r.IntN(o.Rows))
					err = do("GET", "/api/v1/persons/"+id, nil)
				}
				d := time.Since(t0)
				if err != nil {
					if res.first == nil {
						res.first = err
					}
					res.errors++
				}
				if write {
					res.writes = append(res.writes, d)
				} else {
					res.reads = append(res.reads, d)
				}
			}
		})
	}
	wg.Wait()
	secs := time.Since(began).Seconds()
	out := &HTTPResult{Engine: e.engine, Persons: o.Rows, Clients: o.Clients, Seconds: secs}
	if reset {
		out.PeakRSSMB = peakRSSMB()
	}
	var reads, writes []time.Duration
	var first error
	for _, r := range results {
		reads, writes = append(reads, r.reads...), append(writes, r.writes...)
		out.Errors += r.errors
		if first == nil {
			first = r.first
		}
	}
	if first != nil {
		out.FirstError = first.Error()
	}
	all := append(append([]time.Duration{}, reads...), writes...)
	out.Requests = len(all)
	out.RequestsPerSec = float64(len(all)) / secs
	out.All, out.Reads, out.Writes = latencyOf(all), latencyOf(reads), latencyOf(writes)
	e.logf("HTTP %d clients, %.1fs: %d requests (%.0f/s), errors %d; p50 %.1f ms, p99 %.1f ms (reads p99 %.1f, writes p99 %.1f ms); peak RSS %.0f MB",
		o.Clients, secs, out.Requests, out.RequestsPerSec, out.Errors, out.All.P50, out.All.P99, out.Reads.P99, out.Writes.P99, out.PeakRSSMB)
	if out.Errors > 0 {
		return out, errors.New("bench: HTTP errors: " + out.FirstError)
	}
	return out, nil
}

// newSecret returns 16 random hex digits.
func newSecret() string {
	return fmt.Sprintf("%016x", rand.Uint64())
}
