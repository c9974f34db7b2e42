package bench

import (
	"context"
	"os"
	"testing"
)

// BenchmarkPayroll runs the monthly payroll for SHEBAO_BENCH_ROWS
// beneficiaries next to a raw INSERT … SELECT of the same payments:
//
//	SHEBAO_BENCH_ROWS=1000000 go test ./bench -run '^$' -bench Payroll -benchtime 1x -timeout 2h
func BenchmarkPayroll(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Payroll(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Dir: b.TempDir(), Log: benchLog(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Payments)/res.ShebaoSeconds, "payments/s")
			b.ReportMetric(res.Ratio, "raw-ratio")
			b.ReportMetric(res.FloorRatio, "floor-ratio")
			b.ReportMetric(res.RerunSeconds, "rerun-s")
			b.ReportMetric(res.PeakRSSMB, "peakRSS-MB")
			b.Logf("%s: %d benefits, %d payments: raw %.2fs, floor %.2fs, shebao %.2fs, ratio %.2f (floor %.2f), re-run %.2fs, peak RSS %.0f MB, totals equal %v",
				res.Engine, res.Benefits, res.Payments, res.RawSeconds, res.FloorSeconds, res.ShebaoSeconds, res.Ratio, res.FloorRatio, res.RerunSeconds,
				res.PeakRSSMB, res.TotalsEqual)
			if !res.TotalsEqual {
				b.Error("payroll totals differ from the raw computation")
			}
		}
	})
}

func TestPayrollSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := Payroll(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: 500, Server: server, Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if res.Payments != 500 || !res.TotalsEqual {
			t.Errorf("%+v", res)
		}
		// The floor writes what the payroll wrote: 500 payments; one
		// withdrawal per account part, each changing one balance (every
		// account of the seed holds money: 500.00 or 100,000.00 元).
		f := res.Floor
		if f == nil || !f.Same || f.Rows["benefit_payments"] != 500 || f.Rows["account_movements"] == 0 ||
			f.Rows["account_movements"] != f.Rows["individual_accounts"] || f.Rows["stats_months"] == 0 || res.FloorRatio <= 0 {
			t.Errorf("%s: floor %+v", res.Engine, f)
		}
	}
}
