package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/web"
)

// The navigation pages (issue #15: each navigation page answers in under
// 100 ms server time on a generated district of 100,000 persons). Pages
// generates a district (gen), signs in one user of each role the agency
// has — the district's 综合柜员 and benefits clerk, a town, a village, the
// read-only leader, the administrator and an insured citizen — and, for
// each, opens every page of its navigation bar (the layout's nav, read
// from the home page: what a user reaches by one click) Reps times, one
// request at a time. Server time is measured inside the server (a
// handler around web.Server's, from the request's arrival to the last
// byte written), so the client and the loopback are left out. A page that
// answers other than 200 is an error.

// PagesOptions configure Pages.
type PagesOptions struct {
	ImportOptions     // Rows persons of the generated district (gen)
	Reps          int // requests of each page per role (default 20)
	// Existing: the pages are timed on this database (a SQLite file or a
	// postgres:// URL) that `shebao gen` filled, instead of a district
	// generated for the run. The users Pages signs in are added to it
	// under names of their own run (a benchmark database only).
	Existing string
}

// PageLatency is the server time of one navigation page for one role.
type PageLatency struct {
	Role  string `json:"role"`
	Page  string `json:"page"`
	Label string `json:"label"`
	Latency
}

// PagesResult is the server time of every navigation page of every role.
type PagesResult struct {
	Engine       string        `json:"engine"`
	Persons      int           `json:"persons"`
	SetupSeconds float64       `json:"setup_seconds"`
	Reps         int           `json:"reps"`
	Pages        []PageLatency `json:"pages"`
	// Slowest is the page with the highest p99; Over100 the pages whose p99
	// is 100 ms or more.
	Slowest   PageLatency `json:"slowest"`
	Over100   []string    `json:"over_100ms,omitempty"`
	PeakRSSMB float64     `json:"peak_rss_mb"`
}

// navLinkRE reads the links of the layout's navigation bar.
var navLinkRE = regexp.MustCompile(`<a href="(/[^"]*)"[^>]*>([^<]+)</a>`)

// pagesRoles are the users Pages signs in, one of each role.
var pagesRoles = []shebao.User{
	{Name: "bench-guitai", Role: shebao.RoleClerk, Region: gen.District, Display: "综合柜员"},
	{Name: "bench-daiyu", Role: shebao.RoleClerk, Line: shebao.LineBenefits, Region: gen.District, Display: "待遇经办员"},
	{Name: "bench-town", Role: shebao.RoleTown, Display: "乡镇劳动保障所"},
	{Name: "bench-village", Role: shebao.RoleVillage, Display: "村协管员"},
	{Name: "bench-viewer", Role: shebao.RoleViewer, Region: gen.District, Display: "区领导"},
	{Name: "bench-admin", Role: shebao.RoleAdmin, Display: "管理员"},
	{Name: "bench-citizen", Role: shebao.RoleCitizen, Display: "参保人"},
}

// Pages measures the navigation pages' server time (see above).
func Pages(ctx context.Context, o PagesOptions) (*PagesResult, error) {
	if o.Reps <= 0 {
		o.Reps = 20
	}
	start := time.Now()
	actx := admin(ctx)
	var e *env
	var persons int
	suffix := ""
	if o.Existing != "" {
		var sr *StatsResult
		var err error
		if e, sr, err = existing(ctx, StatsOptions{ImportOptions: o.ImportOptions, Existing: o.Existing}); err != nil {
			return nil, err
		}
		persons = sr.Persons
		suffix = "-" + newSecret()[:8] // this run's users, beside an earlier run's
	} else {
		var err error
		if e, err = setup(ctx, ImportOptions{Rows: 1, Server: o.Server, Dir: o.Dir, Log: o.Log, Seed: o.Seed, Open: o.Open, Create: o.Create}); err != nil {
			return nil, err
		}
		g, err := gen.Generate(actx, e.app, gen.Options{Persons: o.Rows, Seed: 1})
		if err != nil {
			e.close()
			return nil, err
		}
		persons = g.Persons
	}
	defer e.close()
	// The town and the village of a generated person, who is the citizen.
	ps, _, err := e.app.Registry.FindPersons(actx, shebao.PersonFilter{Region: gen.District, Limit: 1})
	if err != nil || len(ps) == 0 || ps[0].Region[9:] == "000" {
		return nil, fmt.Errorf("bench: no person in a village of %s: %v", gen.District, err)
	}
	village := ps[0].Region
	users := slices.Clone(pagesRoles)
	pw := "Bench-" + newSecret()
	for i := range users {
		u := &users[i]
		u.Name += suffix
		switch u.Role {
		case shebao.RoleTown:
			u.Region = village[:9] + "000"
		case shebao.RoleVillage:
			u.Region = village
		case shebao.RoleCitizen:
			u.IDNo = ps[0].IDNo
		}
		if err := e.app.Access.CreateUser(actx, u, pw); err != nil {
			return nil, err
		}
	}
	if err := e.analyze(ctx); err != nil {
		return nil, err
	}
	res := &PagesResult{Engine: e.engine, Persons: persons, SetupSeconds: time.Since(start).Seconds(), Reps: o.Reps}
	e.logf("set up %d persons in %.1fs", persons, res.SetupSeconds)

	// Server time: around the whole handler, by request.
	var mu sync.Mutex
	var last time.Duration
	inner := web.NewServer(e.app, web.Options{}).Handler()
	timed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		inner.ServeHTTP(w, r)
		d := time.Since(t0)
		mu.Lock()
		last = d
		mu.Unlock()
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: timed, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	c := &httpClient{base: "http://" + ln.Addr().String(), client: &http.Client{Timeout: time.Minute}}
	defer c.client.CloseIdleConnections()
	get := func(path string) (string, time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
		if err != nil {
			return "", 0, err
		}
		req.Header.Set("Cookie", c.cookie)
		resp, err := c.client.Do(req)
		if err != nil {
			return "", 0, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		mu.Lock()
		d := last
		mu.Unlock()
		if resp.StatusCode != http.StatusOK {
			return "", d, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		return string(b), d, nil
	}
	reset := resetPeakRSS()
	for _, u := range users {
		if c.cookie, err = c.login(ctx, u.Name, pw); err != nil {
			return nil, fmt.Errorf("bench: sign-in %s: %w", u.Name, err)
		}
		home, _, err := get("/")
		if err != nil {
			return nil, fmt.Errorf("bench %s: %w", u.Name, err)
		}
		nav := home
		if i := strings.Index(nav, `<nav class="main"`); i >= 0 {
			nav = nav[i:]
			nav = nav[:strings.Index(nav, "</nav>")]
		} else {
			nav = `<a href="/">首页</a>` // a role without a navigation bar: its home page
		}
		for _, m := range navLinkRE.FindAllStringSubmatch(nav, -1) {
			path, label := strings.ReplaceAll(m[1], "&amp;", "&"), m[2]
			if _, _, err := get(path); err != nil { // warm-up
				return nil, fmt.Errorf("bench %s: %w", u.Name, err)
			}
			ds := make([]time.Duration, 0, o.Reps)
			for range o.Reps {
				_, d, err := get(path)
				if err != nil {
					return nil, fmt.Errorf("bench %s: %w", u.Name, err)
				}
				ds = append(ds, d)
			}
			shown := path
			if strings.HasPrefix(path, "/persons/") && u.Role == shebao.RoleCitizen {
				shown = "/persons/{本人}" // the citizen's own record, by a sealed reference
			}
			pl := PageLatency{Role: u.Display, Page: shown, Label: label, Latency: latencyOf(ds)}
			res.Pages = append(res.Pages, pl)
			e.logf("  %-8s %-24s %-10s p50 %7.1f  p99 %7.1f ms", u.Display, shown, label, pl.P50, pl.P99)
		}
	}
	if reset {
		res.PeakRSSMB = peakRSSMB()
	}
	for _, p := range res.Pages {
		if p.P99 > res.Slowest.P99 {
			res.Slowest = p
		}
		if p.P99 >= 100 {
			res.Over100 = append(res.Over100, p.Role+" "+p.Page)
		}
	}
	sort.Strings(res.Over100)
	return res, nil
}
