package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao/gen"
)

// BenchmarkPages measures the server time of every navigation page of
// every role on a generated district of SHEBAO_BENCH_ROWS persons (issue
// #15: under 100 ms at 100,000):
//
//	SHEBAO_BENCH_ROWS=100000 go test ./bench -run '^$' -bench Pages -benchtime 1x -timeout 2h -v
func BenchmarkPages(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Pages(context.Background(), PagesOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Dir: b.TempDir(), Log: benchLog(b)}})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.Slowest.P50, "slowest-p50-ms")
			b.ReportMetric(res.Slowest.P99, "slowest-p99-ms")
			b.ReportMetric(float64(len(res.Over100)), "pages-over-100ms")
			for _, p := range res.Pages {
				b.Logf("%s %-10s %-12s %-24s p50 %7.1f p99 %7.1f ms", res.Engine, p.Role, p.Label, p.Page, p.P50, p.P99)
			}
		}
	})
}

// TestPagesSmall runs Pages on a small district on both engines: every
// role signs in, every page of its navigation answers 200 and is timed.
func TestPagesSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := Pages(context.Background(), PagesOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: 300, Server: server, Dir: t.TempDir()}, Reps: 2})
		if err != nil {
			t.Fatal(err)
		}
		roles := map[string]int{}
		for _, p := range res.Pages {
			roles[p.Role]++
			if p.N != 2 || p.P50 <= 0 {
				t.Errorf("%s %s: %+v", p.Role, p.Page, p.Latency)
			}
		}
		// Each of the seven roles has its home page and more; the
		// citizen reaches their own record, by a sealed reference.
		if len(roles) != len(pagesRoles) || roles["综合柜员"] < 10 || roles["参保人"] < 2 {
			t.Errorf("%s: pages by role %v", res.Engine, roles)
		}
		own := false
		for _, p := range res.Pages {
			own = own || p.Role == "参保人" && strings.HasPrefix(p.Page, "/persons/{本人}")
		}
		if !own {
			t.Errorf("%s: the citizen's own record is not among the pages", res.Engine)
		}
	}
}

// TestPagesAndHTTPExisting times the pages and the http load on a
// database gen filled before (PagesOptions.Existing, HTTPOptions.Existing),
// twice each: a second run adds its own users beside the first's, and the
// second http run imports last month's declarations again without doubling
// them (its bills are the first run's).
func TestPagesAndHTTPExisting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gen.db")
	a, c, err := openStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Generate(admin(ctx), a, gen.Options{Persons: 600, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	bills := 0
	for run := 0; run < 2; run++ {
		res, err := Pages(ctx, PagesOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: 1}, Reps: 1, Existing: path})
		if err != nil {
			t.Fatal(err)
		}
		if res.Persons < 600 || len(res.Pages) < len(pagesRoles) { // the http load registers persons
			t.Fatalf("pages run %d: %d persons, %d pages", run, res.Persons, len(res.Pages))
		}
		h, err := HTTPLoad(ctx, HTTPOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: 1}, Clients: 4, Duration: time.Second, Existing: path})
		if err != nil {
			t.Fatal(err)
		}
		if h.Persons < 600 || h.Errors != 0 || h.Reads.N == 0 || h.Bills == 0 || run == 1 && h.Bills != bills {
			t.Fatalf("http run %d: %+v (bills of the first run %d)", run, h, bills)
		}
		bills = h.Bills
	}
}
