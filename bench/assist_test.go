package bench

import (
	"context"
	"os"
	"testing"
)

// TestAssistSmall runs the 低保 payroll benchmark on 500 households on both
// engines: every household paid once, the totals, the fund's 5201 and the
// bank file equal to the raw rows, the re-run paying nothing, the ledger
// balanced.
func TestAssistSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := Assist(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: 500, Server: server, Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if res.Payments != 500 || !res.TotalsEqual {
			t.Errorf("%+v", res)
		}
	}
}

// BenchmarkAssist runs the monthly 低保 payroll for SHEBAO_BENCH_ROWS
// households next to the raw statement and the schema floor:
//
//	SHEBAO_BENCH_ROWS=100000 go test ./bench -run '^$' -bench Assist -benchtime 1x -timeout 1h
func BenchmarkAssist(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Assist(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Dir: b.TempDir(), Log: benchLog(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Payments)/res.ShebaoSeconds, "payments/s")
			b.ReportMetric(res.Ratio, "raw-ratio")
			b.ReportMetric(res.FloorRatio, "floor-ratio")
			b.Logf("%s: %+v", res.Engine, res)
			if !res.TotalsEqual {
				b.Error("低保 payroll totals differ from the raw computation")
			}
		}
	})
}
