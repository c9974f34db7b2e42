package bench

import (
	"context"
	"os"
	"testing"
)

// TestLandSmall imports 5,000 parcels of 2,000 households on both engines
// next to the raw load and the schema floor, runs the import again (every
// row unchanged) and the district's transfer statistics: the report's
// arable and transferred area equal the raw statement's, and about a fifth
// of the arable land is transferred (every fifth household's 耕地).
func TestLandSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := Land(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: 5000, Server: server})
		if err != nil {
			t.Fatal(err)
		}
		if !res.TotalsEqual || res.RerunUnchanged != 5000 || res.Heads != 2000 || res.Transfers == 0 ||
			res.SharePercent < "15" || res.SharePercent > "25" {
			t.Errorf("%s: %+v", engineName(server), res)
		}
	}
}

// BenchmarkLand imports SHEBAO_BENCH_ROWS parcels (e.g. 500000) next to
// the raw load and the schema floor, and computes the district's transfer
// statistics next to the raw statement.
func BenchmarkLand(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Land(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Log: benchLog(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.ShebaoRowsPerSec, "parcels/s")
			b.ReportMetric(res.Ratio, "raw-ratio")
			b.ReportMetric(res.FloorRatio, "floor-ratio")
			b.ReportMetric(res.ShebaoStatsSeconds*1000, "report-ms")
			b.Logf("%s: %+v", engineName(server), res)
		}
	})
}
