package gen_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// BenchmarkGenerate builds a district of GEN_BENCH_PERSONS persons (20,000
// unless set) into a fresh database of each engine, once per iteration,
// for profiling gen (go test -bench Generate -benchtime 1x -cpuprofile …).
func BenchmarkGenerate(b *testing.B) {
	persons := 20000
	if s := os.Getenv("GEN_BENCH_PERSONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("GEN_BENCH_PERSONS=%q", s)
		}
		persons = n
	}
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	for _, eng := range sqldbtest.Engines(b) {
		b.Run(eng.Name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dsn := eng.DSN
				if i > 0 {
					dsn = sqldbtest.Engines(b)[0].DSN
					if eng.Name == "postgres" {
						dsn = sqldbtest.PostgresDSN(b)
					}
				}
				db, err := sqldb.Open(ctx, dsn)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := gen.Generate(ctx, app.New(db), gen.Options{Persons: persons, Seed: 1})
				b.StopTimer()
				db.Close()
				if err != nil || res.Persons != persons {
					b.Fatalf("%+v %v", res, err)
				}
				b.ReportMetric(float64(persons)/b.Elapsed().Seconds()*float64(i+1), "persons/s")
			}
		})
	}
}
