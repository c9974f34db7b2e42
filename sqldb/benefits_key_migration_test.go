package sqldb_test

import (
	"context"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Migration 0122 keys a benefit, its amounts and its payments with the
// person's id_no (so that a Citus cluster can keep them on the person's
// shard: sqldb/citus.go). On a district generated at schema 0121 with a
// month already paid, the migration keeps every row and amount, gives each
// amount its benefit's person, keeps the foreign key from the amounts to
// the benefits (now through the person too), and the payroll then pays the
// next month once.
func TestMigrationKeysBenefitsByPerson(t *testing.T) {
	ctx := context.Background()
	fingerprint := func(t *testing.T, db *sqldb.DB) map[string]string {
		t.Helper()
		out := map[string]string{}
		for name, q := range map[string]string{
			"benefits":         `SELECT CAST(COUNT(*) AS TEXT) || '/' || CAST(COALESCE(SUM(monthly), 0) AS TEXT) FROM benefits`,
			"benefit_amounts":  `SELECT CAST(COUNT(*) AS TEXT) || '/' || CAST(COALESCE(SUM(monthly + account_part), 0) AS TEXT) FROM benefit_amounts`,
			"benefit_payments": `SELECT CAST(COUNT(*) AS TEXT) || '/' || CAST(COALESCE(SUM(amount), 0) AS TEXT) FROM benefit_payments`,
		} {
			s, err := db.QueryString(ctx, q)
			if err != nil {
				t.Fatal(name, err)
			}
			out[name] = s
		}
		return out
	}
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			db := migratedTo(t, eng.DSN, 121)
			a := app.New(db)
			res, err := gen.Generate(admin, a, gen.Options{Persons: 400, Seed: 22})
			if err != nil {
				t.Fatal(err)
			}
			if res.Pensioners == 0 {
				t.Fatal("the district has no pensions")
			}
			// March 2025 paid before the migration, as the payroll of 0121 left it.
			if err := db.ExecRaw(ctx, `INSERT INTO benefit_payments (benefit_id, month, id_no, scheme, kind, region_code, amount,
					account_part, basic_part, bank_account, status, batch, created_at)
				SELECT b.id, '2025-03', b.id_no, b.scheme, b.kind, b.region_code, a.monthly, 0, a.basic_part, b.bank_account, $1, 'old', b.created_at
				FROM benefits b JOIN benefit_amounts a ON a.benefit_id = b.id
				WHERE b.start_month <= '2025-03' AND a.from_month <= '2025-03' AND (a.to_month = '' OR a.to_month >= '2025-03')`,
				shebao.PaymentReleased); err != nil {
				t.Fatal(err)
			}
			before := fingerprint(t, db)
			if before["benefit_payments"] == "0/0" {
				t.Fatal("no payment before the migration")
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			after := fingerprint(t, db)
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s: %s before the migration, %s after", k, v, after[k])
				}
			}
			if n, err := db.QueryString(ctx, `SELECT CAST(COUNT(*) AS TEXT) FROM benefit_amounts a
					WHERE NOT EXISTS (SELECT 1 FROM benefits b WHERE b.id = a.benefit_id AND b.id_no = a.id_no)`); err != nil || n != "0" {
				t.Errorf("amounts without their benefit's person: %s %v", n, err)
			}
			// The amounts still refer to their benefit: one naming another
			// person is refused by the foreign key.
			var id, other string
			if id, err = db.QueryString(ctx, `SELECT MIN(id) FROM benefits`); err != nil {
				t.Fatal(err)
			}
			if other, err = db.QueryString(ctx, `SELECT MIN(id_no) FROM persons WHERE id_no NOT IN (SELECT id_no FROM benefits WHERE id = $1)`, id); err != nil {
				t.Fatal(err)
			}
			if err := db.ExecRaw(ctx, `INSERT INTO benefit_amounts (benefit_id, id_no, from_month, monthly, explanation, source, created_at, created_by)
				VALUES ($1, $2, '2030-01', 1, 'x', 'x', 'x', 'x')`, id, other); err == nil {
				t.Error("an amount of another person's benefit was accepted")
			}
			if eng.Name == "postgres" {
				if pk, err := db.QueryString(ctx, `SELECT conname FROM pg_constraint WHERE conrelid = 'benefits'::regclass AND contype = 'p'`); err != nil || pk != "benefits_pkey" {
					t.Errorf("the benefits' primary key is named %q (%v)", pk, err)
				}
			}
			run, err := benefits(db).RunPayroll(payrollMaker, "2025-04", shebao.PayrollOptions{Chunk: 50})
			if err != nil {
				t.Fatal(err)
			}
			if run.Payments == 0 {
				t.Fatalf("April paid nobody: %+v", run)
			}
			again, err := benefits(db).RunPayroll(payrollMaker, "2025-04", shebao.PayrollOptions{Chunk: 50})
			if err != nil || again.Payments != 0 {
				t.Errorf("April again: %+v %v", again, err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Errorf("a second migrate: %v", err)
			}
		})
	}
}
