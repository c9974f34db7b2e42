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
	"net/url"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/web"
)

// HTTPOptions configure HTTPLoad.
type HTTPOptions struct {
	ImportOptions               // Rows persons of the generated district (gen)
	Clients       int           // concurrent clients (default 50)
	Duration      time.Duration // how long the load runs (default 10 s)
	// NoDashboard leaves the dashboard out of the mix: its share goes to
	// the other kinds, in their proportions. The dashboard counts a
	// district clerk's whole district (sqldb.Stats) and dominates the
	// reads' p99 until the statistics are maintained counters; with and
	// without it say what the rest of the product does.
	NoDashboard bool
	// Existing: the load runs on this database (a SQLite file or a
	// postgres:// URL) that `shebao gen` filled, instead of a district
	// generated for the run; last month's declarations and assessment are
	// written to it (again: re-importing changes nothing), and the clerk
	// and the writes of the run stay (a benchmark database only).
	Existing string
}

// The mix of requests, in percent: what the clerks of a district's service
// hall do at month's end — look people up and search for them (60%), open
// lists and bills (20%), the home page with the district's counts (10%),
// and register, hire, let go and correct (10%).
var httpMix = []struct {
	kind  string
	share int
	write bool
}{
	{"person", 45, false},    // GET /api/v1/persons/{id_no}: the person and every enrollment (audited)
	{"search", 15, false},    // GET /api/v1/persons?name=…: by the first two characters of a name
	{"bill", 8, false},       // GET /api/v1/contributions/bills/{uscc}/{month}: an employer's bill with its lines
	{"employees", 6, false},  // GET /api/v1/enrollments?employer=…&open=1: an employer's employees
	{"village", 6, false},    // GET /api/v1/persons?region=…: the persons of a village, first page
	{"dashboard", 10, false}, // GET / (the page, by session cookie): the district's counts
	{"register", 4, true},    // POST /api/v1/persons: a new person
	{"hire", 3, true},        // POST /api/v1/enrollments/hire or …/leave: 增员 (five enrollments) or 减员
	{"correct", 3, true},     // PATCH /api/v1/persons/{id_no}: a new phone number, with its reason
}

// KindLatency is the latency of one kind of request of the mix.
type KindLatency struct {
	Kind   string `json:"kind"`
	Write  bool   `json:"write"`
	Errors int    `json:"errors"`
	Latency
}

// HTTPResult is one load run against a real web.Server on a loopback
// listener: reads and writes apart, and each kind of request.
type HTTPResult struct {
	Engine         string        `json:"engine"`
	Persons        int           `json:"persons"`
	Employers      int           `json:"employers"`
	Bills          int           `json:"bills"`
	SetupSeconds   float64       `json:"setup_seconds"`
	Clients        int           `json:"clients"`
	Dashboard      bool          `json:"dashboard"`
	Seconds        float64       `json:"seconds"`
	Requests       int           `json:"requests"`
	Errors         int           `json:"errors"`
	FirstError     string        `json:"first_error,omitempty"`
	RequestsPerSec float64       `json:"requests_per_sec"`
	All            Latency       `json:"all"`
	Reads          Latency       `json:"reads"`
	Writes         Latency       `json:"writes"`
	Kinds          []KindLatency `json:"kinds"`
	PeakRSSMB      float64       `json:"peak_rss_mb"`
}

// benchUser is the clerk (综合柜员 of the district) the clients act as.
const benchUser = "bench-clerk"

// httpDistrict is what the clients pick from.
type httpDistrict struct {
	ids       []string // persons (a sample of up to 1,000 per village)
	names     []string // their names' first two characters
	villages  []string
	employers []string // employers with a bill for month
	month     shebao.Period
	// The registrations' numbers: client c's n-th person is born
	// birthBase + c × stride + n/100 days, sequence code 400 + n%100.
	birthBase time.Time
	stride    int
}

// HTTPLoad generates a district of o.Rows persons (gen), assesses last
// month's bills from declared wages, signs a district clerk in (an API
// token for the API, a session cookie for the pages), serves the database
// with web.Server on 127.0.0.1 and runs o.Clients clients against it for
// o.Duration, each drawing its requests from the mix (httpMix). Every
// response other than 200/201 counts as an error.
func HTTPLoad(ctx context.Context, o HTTPOptions) (*HTTPResult, error) {
	if o.Clients <= 0 {
		o.Clients = 50
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	start := time.Now()
	var e *env
	g := &gen.Result{}
	user := benchUser
	if o.Existing != "" {
		var sr *StatsResult
		var err error
		if e, sr, err = existing(ctx, StatsOptions{ImportOptions: o.ImportOptions, Existing: o.Existing}); err != nil {
			return nil, err
		}
		g.Persons = sr.Persons
		user += "-" + newSecret()[:8] // this run's clerk, beside an earlier run's
	} else {
		// setup writes a roster of one: gen makes its own persons.
		var err error
		if e, err = setup(ctx, ImportOptions{Rows: 1, Server: o.Server, Dir: o.Dir, Log: o.Log, Seed: o.Seed, Open: o.Open, Create: o.Create}); err != nil {
			return nil, err
		}
		if g, err = gen.Generate(admin(ctx), e.app, gen.Options{Persons: o.Rows, Seed: 1}); err != nil {
			e.close()
			return nil, err
		}
		e.logf("generated %d persons, %d employers, %d enrollments", g.Persons, g.Employers, g.Enrollments)
	}
	defer e.close()
	d, err := prepareDistrict(ctx, e)
	if err != nil {
		return nil, err
	}
	d.birthBase, d.stride = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), 200
	if o.Existing != "" {
		// After the persons an earlier run registered (born from 1980,
		// sequence 400–499, which demo.IDNumber writes as 800–999), each
		// client 20 days (2,000 persons).
		raw, err := e.rawDB()
		if err != nil {
			return nil, err
		}
		var last string
		err = raw.QueryRowContext(ctx, e.rawQuery(`SELECT COALESCE(MAX(birth), '') FROM persons WHERE birth >= '1980-01-01' AND SUBSTR(id_no, 15, 3) >= '800'`)).Scan(&last)
		raw.Close()
		if err != nil {
			return nil, err
		}
		d.stride = 20
		if t, err := time.Parse(shebao.DateLayout, last); err == nil {
			d.birthBase = t.AddDate(0, 0, 1)
		}
	}
	if g.Employers == 0 {
		g.Employers = len(d.employers) // --existing: the employers with a bill
	}
	actx := admin(ctx)
	pw := "Bench-" + newSecret()
	if err := e.app.Access.CreateUser(actx, &shebao.User{Name: user, Role: shebao.RoleClerk, Region: gen.District, Display: "压测经办员"}, pw); err != nil {
		return nil, err
	}
	token, _, err := e.app.Access.CreateToken(actx, user, "bench", 0)
	if err != nil {
		return nil, err
	}
	if err := e.analyze(ctx); err != nil {
		return nil, err
	}
	res := &HTTPResult{Engine: e.engine, Persons: g.Persons, Employers: g.Employers, Bills: len(d.employers),
		SetupSeconds: time.Since(start).Seconds(), Clients: o.Clients, Dashboard: !o.NoDashboard}
	e.logf("set up %d persons, %d employers, %d bills of %s in %.1fs", g.Persons, g.Employers, len(d.employers), d.month, res.SetupSeconds)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: web.NewServer(e.app, web.Options{}).Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	c := &httpClient{base: "http://" + ln.Addr().String(), token: token,
		client: &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConns: o.Clients, MaxIdleConnsPerHost: o.Clients}}}
	defer c.client.CloseIdleConnections()
	if c.cookie, err = c.login(ctx, user, pw); err != nil {
		return nil, fmt.Errorf("bench: sign-in: %w", err)
	}
	// One warm-up of each kind of read, which also checks the credentials.
	for _, k := range []string{"person", "search", "bill", "employees", "village", "dashboard"} {
		if err := c.read(ctx, k, d, rand.New(rand.NewPCG(1, 2))); err != nil {
			return nil, fmt.Errorf("bench: warm-up %s: %w", k, err)
		}
	}

	mix := slices.Clone(httpMix)
	if o.NoDashboard {
		mix = slices.DeleteFunc(mix, func(m struct {
			kind  string
			share int
			write bool
		}) bool {
			return m.kind == "dashboard"
		})
	}
	total := 0
	for _, m := range mix {
		total += m.share
	}
	type sample struct {
		kind int
		d    time.Duration
		err  error
	}
	results := make([][]sample, o.Clients)
	reset := resetPeakRSS()
	deadline := time.Now().Add(o.Duration)
	began := time.Now()
	var wg sync.WaitGroup
	for ci := range o.Clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(ci), 0x4577))
			w := &writer{client: ci}
			for time.Now().Before(deadline) {
				k := r.IntN(total)
				i := 0
				for k >= mix[i].share {
					k -= mix[i].share
					i++
				}
				t0 := time.Now()
				var err error
				if mix[i].write {
					err = c.write(ctx, mix[i].kind, d, r, w)
				} else {
					err = c.read(ctx, mix[i].kind, d, r)
				}
				results[ci] = append(results[ci], sample{i, time.Since(t0), err})
			}
		})
	}
	wg.Wait()
	res.Seconds = time.Since(began).Seconds()
	if reset {
		res.PeakRSSMB = peakRSSMB()
	}
	byKind := make([][]time.Duration, len(mix))
	errs := make([]int, len(mix))
	var reads, writes, all []time.Duration
	var first error
	for _, rs := range results {
		for _, s := range rs {
			byKind[s.kind] = append(byKind[s.kind], s.d)
			all = append(all, s.d)
			if mix[s.kind].write {
				writes = append(writes, s.d)
			} else {
				reads = append(reads, s.d)
			}
			if s.err != nil {
				errs[s.kind]++
				res.Errors++
				if first == nil {
					first = s.err
				}
			}
		}
	}
	if first != nil {
		res.FirstError = first.Error()
	}
	res.Requests = len(all)
	res.RequestsPerSec = float64(len(all)) / res.Seconds
	res.All, res.Reads, res.Writes = latencyOf(all), latencyOf(reads), latencyOf(writes)
	for i, m := range mix {
		res.Kinds = append(res.Kinds, KindLatency{Kind: m.kind, Write: m.write, Errors: errs[i], Latency: latencyOf(byKind[i])})
	}
	e.logf("HTTP %d clients, %.1fs, dashboard %v: %d requests (%.0f/s), errors %d; reads p50 %.1f p99 %.1f ms, writes p50 %.1f p99 %.1f ms; peak RSS %.0f MB",
		o.Clients, res.Seconds, res.Dashboard, res.Requests, res.RequestsPerSec, res.Errors, res.Reads.P50, res.Reads.P99, res.Writes.P50, res.Writes.P99, res.PeakRSSMB)
	for _, k := range res.Kinds {
		e.logf("  %-9s %6d  p50 %7.1f  p99 %7.1f  max %7.1f ms  errors %d", k.Kind, k.N, k.P50, k.P99, k.Max, k.Errors)
	}
	if res.Errors > 0 {
		return res, errors.New("bench: HTTP errors: " + res.FirstError)
	}
	return res, nil
}

// prepareDistrict generates the district and last month's bills: every
// employee paying into 110 through an employer declares a wage for the
// month, and the month is assessed. It returns what the clients pick from.
func prepareDistrict(ctx context.Context, e *env) (*httpDistrict, error) {
	actx := admin(ctx)
	d := &httpDistrict{month: shebao.Period(shebao.Today().Format("2006-01")).Prev()}
	for _, r := range gen.Regions(1) {
		if r.Code[9:] != "000" {
			d.villages = append(d.villages, r.Code)
		}
	}
	var decl []shebao.Declaration
	seen := map[string]bool{}
	for _, v := range d.villages {
		ps, _, err := e.app.Registry.FindPersons(actx, shebao.PersonFilter{Region: v, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			d.ids = append(d.ids, p.IDNo)
			if rs := []rune(p.Name); len(rs) >= 2 {
				d.names = append(d.names, string(rs[:2]))
			}
		}
		for off := 0; ; off += 1000 {
			ns, total, err := e.app.Enroll.FindEnrollments(actx, shebao.EnrollmentFilter{Region: v, Scheme: "110",
				Status: shebao.EnrollActive, OpenOnly: true, Offset: off, Limit: 1000})
			if err != nil {
				return nil, err
			}
			for _, n := range ns {
				if n.Employer == "" || n.StartDate > d.month.Last().Format(shebao.DateLayout) {
					continue
				}
				wage := shebao.Money(400000 + int64(len(decl)%4000)*100) // 4,000–8,000 元
				decl = append(decl, shebao.Declaration{Employer: n.Employer, Period: d.month, IDNo: n.IDNo, Wage: wage})
				seen[n.Employer] = true
			}
			if off+1000 >= total {
				break
			}
		}
	}
	e.logf("%d persons to pick from, %d declarations of %s", len(d.ids), len(decl), d.month)
	// By employer, so that a chunk names few employers.
	sort.Slice(decl, func(i, j int) bool { return decl[i].Employer < decl[j].Employer })
	for s := 0; s < len(decl); s += 2000 {
		if _, errs, err := e.app.Collect.ImportDeclarations(actx, "bench", decl[s:min(s+2000, len(decl))]); err != nil {
			return nil, err
		} else if err := firstErr(errs); err != nil {
			return nil, fmt.Errorf("bench: declarations: %w", err)
		}
	}
	e.logf("declarations imported")
	if _, err := e.app.Collect.Assess(actx, d.month); err != nil {
		return nil, err
	}
	e.logf("%s assessed", d.month)
	for u := range seen {
		d.employers = append(d.employers, u)
	}
	sort.Strings(d.employers)
	if len(d.ids) == 0 || len(d.employers) == 0 || len(d.names) == 0 {
		return nil, fmt.Errorf("bench: district %s without persons or bills", gen.District)
	}
	return d, nil
}

// httpClient sends the mix's requests as the bench clerk.
type httpClient struct {
	base, token, cookie string
	client              *http.Client
}

// do sends one request with the API token (or, for a page, the session
// cookie) and fails on any status but 200 and 201.
func (c *httpClient) do(ctx context.Context, method, path string, body any, page bool) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	if page {
		req.Header.Set("Cookie", c.cookie)
	} else {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.client.Do(req)
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

// login signs in through the API and returns the session cookie.
func (c *httpClient) login(ctx context.Context, name, password string) (string, error) {
	b, _ := json.Marshal(map[string]string{"name": name, "password": password})
	req, err := http.NewRequestWithContext(ctx, "POST", c.base+"/api/v1/login", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Value != "" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("no session cookie (%d)", resp.StatusCode)
}

// read sends one read of the kind.
func (c *httpClient) read(ctx context.Context, kind string, d *httpDistrict, r *rand.Rand) error {
	switch kind {
	case "person":
		return c.do(ctx, "GET", "/api/v1/persons/"+d.ids[r.IntN(len(d.ids))], nil, false)
	case "search":
		return c.do(ctx, "GET", "/api/v1/persons?limit=20&name="+url.QueryEscape(d.names[r.IntN(len(d.names))]), nil, false)
	case "bill":
		return c.do(ctx, "GET", "/api/v1/contributions/bills/"+d.employers[r.IntN(len(d.employers))]+"/"+string(d.month), nil, false)
	case "employees":
		return c.do(ctx, "GET", "/api/v1/enrollments?open=1&employer="+d.employers[r.IntN(len(d.employers))], nil, false)
	case "village":
		return c.do(ctx, "GET", "/api/v1/persons?region="+d.villages[r.IntN(len(d.villages))], nil, false)
	case "dashboard":
		return c.do(ctx, "GET", "/", nil, true)
	}
	return fmt.Errorf("bench: no read %q", kind)
}

// writer is one client's own persons: those it registered and has not
// hired yet, and those it hired and has not let go.
type writer struct {
	client          int
	registered      int
	fresh, employed []string
}

// write sends one write of the kind. A client hires the persons it
// registered (so that nobody is hired twice) and lets go those it hired;
// with nobody to hire or let go, it registers.
func (c *httpClient) write(ctx context.Context, kind string, d *httpDistrict, r *rand.Rand, w *writer) error {
	emp := func(id string) string { return d.employers[int(id[len(id)-2])%len(d.employers)] }
	switch {
	case kind == "correct":
		id := d.ids[r.IntN(len(d.ids))]
		return c.do(ctx, "PATCH", "/api/v1/persons/"+id, map[string]any{"phone": fmt.Sprintf("139%08d", r.IntN(100000000)), "reason": "本人申请变更联系电话"}, false)
	case kind == "hire" && len(w.fresh) > 0:
		id := w.fresh[0]
		err := c.do(ctx, "POST", "/api/v1/enrollments/hire", map[string]any{"id_no": id, "employer": emp(id), "date": "2025-03-01"}, false)
		if err == nil {
			w.fresh, w.employed = w.fresh[1:], append(w.employed, id)
		}
		return err
	case kind == "hire" && len(w.employed) > 0:
		id := w.employed[0]
		err := c.do(ctx, "POST", "/api/v1/enrollments/leave", map[string]any{"id_no": id, "employer": emp(id), "date": "2025-06-30", "reason": "合同到期"}, false)
		if err == nil {
			w.employed = w.employed[1:]
		}
		return err
	}
	// Numbers gen does not make: birth days from d.birthBase by client,
	// sequence codes 400–499 (gen uses the first few of each day).
	n := w.registered
	w.registered++
	birth := d.birthBase.AddDate(0, 0, w.client*d.stride+n/100)
	id := demo.IDNumber("640106", birth, 400+n%100, n%2 == 0)
	err := c.do(ctx, "POST", "/api/v1/persons", map[string]any{"id_no": id, "name": demo.Name(r), "hukou": shebao.HukouAgricultural,
		"region": d.villages[r.IntN(len(d.villages))]}, false)
	if err == nil {
		w.fresh = append(w.fresh, id)
	}
	return err
}

// newSecret returns 16 random hex digits.
func newSecret() string {
	return fmt.Sprintf("%016x", rand.Uint64())
}
