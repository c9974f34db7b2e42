package bench

import (
	"context"
	"os"
	"testing"
)

// TestLaborSmall rebuilds the labour register of 10,000 persons (2,500
// employees; the roster's first persons, born early, are mostly past the
// working age) on both engines: the batch job and the raw statement derive
// the same rows.
func TestLaborSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := Labor(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: 10000, Server: server})
		if err != nil {
			t.Fatal(err)
		}
		if !res.RowsEqual || res.WorkingAge == 0 || res.ByStatus["就业"] > res.Employees {
			t.Errorf("%+v", res)
		}
	}
}

// BenchmarkLabor rebuilds the derived statuses of SHEBAO_BENCH_ROWS
// persons next to one raw INSERT … SELECT of the same rows.
func BenchmarkLabor(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Labor(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Log: benchLog(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.RowsPerSec, "persons/s")
			b.ReportMetric(res.Ratio, "raw-ratio")
			b.ReportMetric(res.PeakRSSMB, "peakRSS-MB")
			b.Logf("%s: %d of %d persons of working age: raw %.2fs, shebao %.2fs, ratio %.2f, re-run %.2fs, rows equal %v",
				engineName(server), res.WorkingAge, res.Persons, res.RawSeconds, res.ShebaoSeconds, res.Ratio, res.RerunSeconds, res.RowsEqual)
		}
	})
}
