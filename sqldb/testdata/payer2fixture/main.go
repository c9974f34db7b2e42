// Command payer2fixture runs residents' annual contributions (170, 390)
// and lump sums of converted villages (村改居) through the code of main
// before migration 0061 (schema 0051), where they had tables of their own
// (resident_contributions, lumpsum_persons, lumpsum_payments). It writes
// the rows of the database as INSERT statements (the fixture) and the
// figures the users saw (the golden file); payer2_migration_test.go
// migrates the rows and compares.
//
// It compiles only against that code, so it lives in testdata, ignored by
// the go tool. To make the fixture again:
//
//	git archive 428fe18 | tar -x -C /tmp/old
//	mkdir /tmp/old/cmd/payer2fixture && cp sqldb/testdata/payer2fixture/main.go /tmp/old/cmd/payer2fixture/
//	(cd /tmp/old && go run ./cmd/payer2fixture /tmp/payer2_0051)
//	cp /tmp/payer2_0051.json /tmp/payer2_0051.sql.gz sqldb/testdata/
package main

import (
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"

	_ "modernc.org/sqlite"
)

var admin = shebao.WithActor(context.Background(), shebao.SystemActor)

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func mustV[T any](v T, err error) T {
	must(err)
	return v
}

func main() {
	out := os.Args[1]
	dir := mustV(os.MkdirTemp("", "payer2fixture"))
	path := filepath.Join(dir, "old.db")
	db := mustV(sqldb.Open(context.Background(), path))
	a := app.New(db)
	for _, r := range demo.Regions {
		r := r
		mustV(a.Registry.SaveRegion(admin, &r))
	}
	golden := map[string]any{}
	put := func(k string, v any) { golden[k] = v }

	// Residents: three persons of one village, the second 低保, the
	// third of another village; 170 since 2020, 390 for 2024 and 2025.
	var residents []string
	for i, v := range []string{"640106100201", "640106100201", "640106100202"} {
		id := demo.IDNumber("640106", time.Date(1968+i, 3, 1+i, 0, 0, 0, 0, time.UTC), 51+i, i%2 == 0)
		p := &shebao.Person{IDNo: id, Name: []string{"马建国", "杨秀兰", "丁玉山"}[i], Hukou: "农业", Region: v}
		if i == 1 {
			p.Flags = []string{shebao.FlagDibao}
		}
		must(a.Registry.CreatePerson(admin, p))
		mustV(a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "170", Date: "2020-01-01"}))
		for _, y := range []int{2024, 2025} {
			mustV(a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "390", Date: fmt.Sprintf("%d-01-01", y), Year: y}))
		}
		residents = append(residents, id)
	}
	r0, r1, r2 := residents[0], residents[1], residents[2]
	cs := []shebao.ResidentContribution{
		{ReceiptNo: "R-001", IDNo: r0, Scheme: "170", Year: 2024, Tier: shebao.Yuan(300), PaidOn: "2024-03-10"},
		{ReceiptNo: "R-002", IDNo: r0, Scheme: "170", Year: 2025, Tier: shebao.Yuan(500), PaidOn: "2025-03-10"},
		{ReceiptNo: "R-003", IDNo: r0, Scheme: "390", Year: 2025, PaidOn: "2025-01-05"},
		{ReceiptNo: "R-004", IDNo: r1, Scheme: "170", Year: 2025, PaidOn: "2025-03-11"},                         // 低保: the government pays the lowest tier
		{ReceiptNo: "R-005", IDNo: r1, Scheme: "170", Year: 2024, Tier: shebao.Yuan(200), PaidOn: "2024-04-01"}, // 低保 at 200
		{ReceiptNo: "R-006", IDNo: r1, Scheme: "390", Year: 2024, PaidOn: "2024-01-06"},
		{ReceiptNo: "R-007", IDNo: r2, Scheme: "170", Year: 2025, Tier: shebao.Yuan(1000), PaidOn: "2025-02-01"},
		{ReceiptNo: "SAME-1", IDNo: r2, Scheme: "390", Year: 2025, PaidOn: "2025-01-07"}, // a number a lump sum also uses
	}
	_, errs := mustV2(a.Collect.ImportResidentContributions(admin, "fixture", cs[:4]))
	for _, e := range errs {
		must(e)
	}
	for _, c := range cs[4:] {
		_, _ = mustV2(a.Collect.RecordResidentContribution(admin, c))
	}
	put("residents", residents)
	for _, id := range residents {
		put("resident_contributions/"+id, mustV(a.Collect.ResidentContributions(admin, id)))
		bal, _ := mustV2(db.IndividualAccount(admin, id, "170"))
		put("account/170/"+id, bal)
		for _, y := range []int{2024, 2025} {
			put(fmt.Sprintf("statement/%s/%d", id, y), mustV(a.Ledger.AccountStatement(admin, id, y)))
		}
	}

	// Lump sums: one village converted in 2008 (the seed's standard), two
	// persons; the first paid in full (collective in two receipts), the
	// second partly.
	const village = "640106100203"
	var lump []string
	for i := range 2 {
		id := demo.IDNumber("640106", time.Date(1966+i, 2, 1, 0, 0, 0, 0, time.UTC), 61+i, i == 0)
		must(a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: []string{"王德福", "张桂英"}[i], Hukou: "农业", Region: village}))
		lump = append(lump, id)
	}
	v := mustV(a.Collect.RegisterConversion(admin, village, "2008-06-30"))
	_, jerrs := mustV2(a.Collect.JoinConversion(admin, village, lump))
	for _, e := range jerrs {
		must(e)
	}
	pays := []shebao.LumpSumPayment{
		{ReceiptNo: "L-001", IDNo: lump[0], Payer: "collective", Amount: v.Collective - shebao.Yuan(800), PaidOn: "2008-08-01"},
		{ReceiptNo: "L-002", IDNo: lump[0], Payer: "individual", Amount: v.Individual, PaidOn: "2008-08-02"},
		{ReceiptNo: "L-003", IDNo: lump[0], Payer: "government", Amount: v.Government, PaidOn: "2008-09-01"},
		{ReceiptNo: "L-004", IDNo: lump[0], Payer: "collective", Amount: shebao.Yuan(800), PaidOn: "2008-10-01"},
		{ReceiptNo: "SAME-1", IDNo: lump[1], Payer: "individual", Amount: shebao.Yuan(5000), PaidOn: "2008-08-03"},
		{ReceiptNo: "L-005", IDNo: lump[1], Payer: "government", Amount: v.Government, PaidOn: "2008-09-02"},
	}
	_, lerrs := mustV2(a.Collect.ImportLumpSumPayments(admin, "fixture", pays[:3]))
	for _, e := range lerrs {
		must(e)
	}
	for _, p := range pays[3:] {
		_, _ = mustV2(a.Collect.RecordLumpSumPayment(admin, p))
	}
	put("lumpsum", lump)
	cv, ps := mustV2(a.Collect.ConversionQuote(admin, village))
	put("quote", map[string]any{"conversion": cv, "persons": ps})
	put("reports", mustV(a.Collect.ConversionReports(admin, "")))
	for _, id := range lump {
		bal, _ := mustV2(db.IndividualAccount(admin, id, "110"))
		put("account/110/"+id, bal)
		put("statement/"+id+"/2008", mustV(a.Ledger.AccountStatement(admin, id, 2008)))
	}

	// Statistics (the counters of issue #16 and the sums beside them).
	for _, sp := range []report.Span{{From: "2008-01-01", To: "2008-12-31"}, {From: "2024-01-01", To: "2025-12-31"}, {From: "2025-01-01", To: "2025-06-30"}} {
		k := sp.From + "/" + sp.To
		put("subsidies/"+k, mustV(a.Report.Subsidies(admin, "640106000000", sp)))
		put("contributions/"+k, mustV(a.Report.Contributions(admin, "640106000000", sp)))
	}
	put("summary", mustV(a.Report.Summary(admin, "640106000000", "2025-12-31")))
	put("ledger", mustV(db.CheckLedger(admin)))
	years := []string{}
	raw := mustV(sql.Open("sqlite", path))
	rows := mustV(raw.Query(`SELECT id_no, scheme, year, months, base_total, source FROM contribution_years ORDER BY id_no, scheme, year`))
	for rows.Next() {
		var id, sc, src string
		var y, m, b int64
		must(rows.Scan(&id, &sc, &y, &m, &b, &src))
		years = append(years, fmt.Sprintf("%s %s %d %d %d %s", id, sc, y, m, b, src))
	}
	rows.Close()
	put("contribution_years", years)

	g := mustV(json.MarshalIndent(golden, "", " "))
	must(os.WriteFile(out+".json", g, 0o644))

	// The rows, as INSERT statements both engines read, parents first.
	skip := map[string]bool{"schema_migrations": true, "audit_log": true, "policy_params": true, "ledger_funds": true, "ledger_accounts": true}
	var tables []string
	rows = mustV(raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`))
	for rows.Next() {
		var n string
		must(rows.Scan(&n))
		if !skip[n] {
			tables = append(tables, n)
		}
	}
	rows.Close()
	var b strings.Builder
	b.WriteString("-- Rows of a database at schema 0051 after residents' contributions and lump sums recorded by the code\n")
	b.WriteString("-- before migration 0061 (payer2fixture at 428fe18; see payer2_migration_test.go). Generated; do not edit.\n")
	for _, t := range tables {
		rows := mustV(raw.Query(`SELECT * FROM ` + t))
		cols := mustV(rows.Columns())
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(rows.Scan(ptrs...))
			lit := make([]string, len(cols))
			for i, v := range vals {
				switch x := v.(type) {
				case nil:
					lit[i] = "NULL"
				case int64:
					lit[i] = fmt.Sprint(x)
				case string:
					lit[i] = "'" + strings.ReplaceAll(x, "'", "''") + "'"
				case []byte:
					lit[i] = "'" + strings.ReplaceAll(string(x), "'", "''") + "'"
				default:
					log.Fatalf("%s: %T", t, v)
				}
			}
			b.WriteString("INSERT INTO " + t + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(lit, ", ") + ") ON CONFLICT DO NOTHING;\n")
		}
		rows.Close()
	}
	f := mustV(os.Create(out + ".sql.gz"))
	z := gzip.NewWriter(f)
	mustV(z.Write([]byte(b.String())))
	must(z.Close())
	must(f.Close())
	fmt.Println(len(tables), "tables;", path)
}

func mustV2[T, U any](t T, u U, err error) (T, U) {
	must(err)
	return t, u
}
