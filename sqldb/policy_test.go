package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func TestPolicyDefaultsOverridesAndHistory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		on := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		set, err := db.PolicySet(admin)
		if err != nil {
			t.Fatal(err)
		}
		// A fresh database has the national default in force everywhere.
		r, _, err := set.Rate("rate.110.employer", "640106100201", on)
		if err != nil || r != 160000 {
			t.Fatalf("110 employer rate %v %v", r, err)
		}
		// A district overrides the average wage; its villages inherit it,
		// other districts keep the national value.
		local := `
[[param]]
key = "wage.avg_monthly"
value = "7200.00"
from = 2025-01-01
region = "640106"
source = "宁人社发〔2025〕示例号"
`
		ps, err := policy.Parse(strings.NewReader(local))
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.LoadPolicy(admin, "local.toml", "x", ps)
		if err != nil || res.Added != 1 {
			t.Fatalf("load %+v %v", res, err)
		}
		set, _ = db.PolicySet(admin)
		m, p, err := set.Money("wage.avg_monthly", "640106100201", on)
		if err != nil || m != shebao.Yuan(7200) || p.Region != "640106000000" {
			t.Fatalf("village inherits district wage: %v %+v %v", m, p, err)
		}
		if m, _, _ := set.Money("wage.avg_monthly", "640105000000", on); m == shebao.Yuan(7200) {
			t.Errorf("another district got the override")
		}
		// Same file again: nothing changes. A corrected value supersedes.
		if res, _ := db.LoadPolicy(admin, "local.toml", "x", ps); res.Unchanged != 1 || res.Added != 0 {
			t.Errorf("reload %+v", res)
		}
		ps[0].Value = "7300.00"
		if res, err := db.LoadPolicy(admin, "local.toml", "y", ps); err != nil || res.Changed != 1 {
			t.Fatalf("change %+v %v", res, err)
		}
		hist, err := db.PolicyHistory(admin, "wage.avg_monthly")
		if err != nil {
			t.Fatal(err)
		}
		var superseded, current int
		for _, v := range hist {
			if v.Region == "640106000000" {
				if v.SupersededAt != "" {
					superseded++
				} else {
					current++
				}
			}
		}
		if superseded != 1 || current != 1 {
			t.Errorf("history %+v", hist)
		}
		// A village assistant may not change national parameters.
		village := shebao.WithActor(admin, shebao.Actor{Name: "v", Role: "village", Region: "640106100201"})
		if _, err := db.LoadPolicy(village, "x.toml", "", policy.Default()[:1]); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("village changed national policy: %v", err)
		}
	})
}

// TestPolicySetCacheSeesEveryLoad holds the cached policy set (PolicySet)
// to what is committed: a load through another handle on the same database
// (`shebao policy load` beside a running server) is seen by the next read,
// and a load inside a unit of work that rolls back never is, though the
// set read inside that unit of work includes it.
func TestPolicySetCacheSeesEveryLoad(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			server, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer server.Close()
			seedRegions(t, server)
			cli, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer cli.Close()
			on := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
			wage := func(db *sqldb.DB) shebao.Money {
				t.Helper()
				set, err := db.PolicySet(admin)
				if err != nil {
					t.Fatal(err)
				}
				m, _, err := set.Money("wage.avg_monthly", "640106100201", on)
				if err != nil {
					t.Fatal(err)
				}
				return m
			}
			load := func(ctx context.Context, db *sqldb.DB, value string) {
				t.Helper()
				ps, err := policy.Parse(strings.NewReader(`
[[param]]
key = "wage.avg_monthly"
value = "` + value + `"
from = 2025-01-01
region = "640106"
source = "宁人社发〔2025〕示例号"
`))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.LoadPolicy(ctx, "local.toml", value, ps); err != nil {
					t.Fatal(err)
				}
			}
			national := wage(server)
			if again := wage(server); again != national {
				t.Fatalf("the cached set differs: %v then %v", national, again)
			}
			load(admin, cli, "7200.00")
			if got := wage(server); got != shebao.Yuan(7200) {
				t.Fatalf("after another handle's load the server reads %v, want 7200.00 (national %v)", got, national)
			}
			rollback := errors.New("roll back")
			err = server.InTx(admin, func(ctx context.Context) error {
				load(ctx, server, "7300.00")
				set, err := server.PolicySet(ctx)
				if err != nil {
					return err
				}
				if m, _, _ := set.Money("wage.avg_monthly", "640106100201", on); m != shebao.Yuan(7300) {
					t.Errorf("inside the unit of work the set reads %v, want its own load 7300.00", m)
				}
				return rollback
			})
			if !errors.Is(err, rollback) {
				t.Fatal(err)
			}
			if got := wage(cli); got != shebao.Yuan(7200) {
				t.Errorf("after the rolled-back load another handle reads %v, want 7200.00", got)
			}
			// The next committed load counts as many loads as the rolled-back
			// one would have: the server, which read inside the rolled-back unit
			// of work and not since, must read the new load's set.
			load(admin, cli, "7400.00")
			if got := wage(server); got != shebao.Yuan(7400) {
				t.Errorf("after the next load the server reads %v, want 7400.00", got)
			}
		})
	}
}
