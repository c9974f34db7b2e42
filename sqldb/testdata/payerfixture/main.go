// Command payerfixture runs a money-in scenario through the code of main
// before the one payer model (schema 0024): employers' and flexible
// payers' payments, late fees, 暂收款, refunds and corrections, approved and
// pending. It writes the rows of the database as INSERT statements (the
// fixture) and the figures the users saw (the golden file).
//
// It compiles only against that code (it calls the sqldb methods that
// collect.Service replaced), so it lives in testdata, ignored by the go
// tool. To make the fixture again:
//
//	git archive 21a745a | tar -x -C /tmp/old
//	mkdir /tmp/old/cmd/payerfixture && cp sqldb/testdata/payerfixture/main.go /tmp/old/cmd/payerfixture/
//	(cd /tmp/old && go run ./cmd/payerfixture /tmp/payer_0024)
//	cp /tmp/payer_0024.json /tmp/payer_0024.sql.gz sqldb/testdata/
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
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"

	_ "modernc.org/sqlite"
)

var (
	admin   = shebao.WithActor(context.Background(), shebao.SystemActor)
	checker = shebao.WithActor(context.Background(), shebao.Actor{Name: "fuhe", Role: "clerk/collection", Region: "640106000000", Remote: "test"})
)

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
	dir := mustV(os.MkdirTemp("", "payerfixture"))
	path := filepath.Join(dir, "old.db")
	db := mustV(sqldb.Open(context.Background(), path))
	a := app.New(db)
	for _, r := range demo.Regions {
		r := r
		mustV(db.SaveRegion(admin, &r))
	}
	approve := func(ap *shebao.Approval, err error) {
		must(err)
		mustV(a.Approve.DecideApproval(checker, ap.ID, true, "核对"))
	}

	// Employers.
	employer := func(n int, name string) (string, []string) {
		e := &shebao.Employer{USCC: demo.USCC("640106", 70+n), Name: name, RiskClass: 1, Region: "640106100201"}
		must(db.CreateEmployer(admin, e))
		ids := []string{
			demo.IDNumber("640106", time.Date(1971, 5, 1, 0, 0, 0, 0, time.UTC), 300+n, true),
			demo.IDNumber("640106", time.Date(1982, 6, 2, 0, 0, 0, 0, time.UTC), 310+n, false),
		}
		for i, id := range ids {
			must(db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: []string{"马志刚", "李秀梅"}[i] + []string{"", "甲", "乙", "丙"}[n], Hukou: "农业", Region: "640106100201"}))
			mustV(db.Hire(admin, id, e.USCC, "2025-01-01", nil))
		}
		return e.USCC, ids
	}
	assess := func(uscc string, ids []string, period shebao.Period) *shebao.Bill {
		ds := []shebao.Declaration{
			{Employer: uscc, Period: period, IDNo: ids[0], Wage: shebao.Money(654321)},
			{Employer: uscc, Period: period, IDNo: ids[1], Wage: shebao.Yuan(9000)},
		}
		_, errs, err := db.ImportDeclarations(admin, "d"+string(period)+uscc, ds)
		must(err)
		must(errs[0])
		must(errs[1])
		mustV(db.Assess(admin, period))
		return mustV(db.FindBill(admin, uscc, period))
	}
	e1, e1ids := employer(1, "银川征收迁移甲有限公司")
	e2, e2ids := employer(2, "银川征收迁移乙有限公司")
	e3, e3ids := employer(3, "银川征收迁移丙有限公司")
	var bills = map[string][]*shebao.Bill{}
	for _, p := range []shebao.Period{"2025-03", "2025-04"} {
		for _, e := range []struct {
			u   string
			ids []string
		}{{e1, e1ids}, {e2, e2ids}, {e3, e3ids}} {
			bills[e.u] = append(bills[e.u], assess(e.u, e.ids, p))
		}
	}
	pay := func(receipt, uscc string, amount shebao.Money, on string) *shebao.PaymentResult {
		return mustV(db.RecordPayment(admin, shebao.Payment{ReceiptNo: receipt, Employer: uscc, Amount: amount, PaidOn: on}))
	}
	// E1: a partial late payment, the rest with a surplus (fees paid from
	// it), a refund with a reason that makes April unpaid, May assessed
	// (E1 declares; E2 and E3 are billed 110% of April, and the hook
	// applies E3's 暂收款 to its May), then April and May paid.
	// E3: 暂收款 applied later pays a bill made unpaid and its late fee.
	m3, a3 := bills[e3][0], bills[e3][1]
	pay("ZS-1", e3, m3.Total+a3.Total, m3.DueDate)
	late := mustV(time.Parse(shebao.DateLayout, a3.DueDate)).AddDate(0, 0, 10).Format(shebao.DateLayout)
	pay("ZS-2", e3, shebao.Yuan(1500), late)
	approve(a.Collect.RecordRefund(admin, shebao.RefundRequest{Receipt: "ZS-TF", Ref: "ZS-1", Amount: shebao.Yuan(1000), Date: late, Reason: "多征"}))
	mustV(db.ApplyCredit(admin, e3, late))

	m1, a1 := bills[e1][0], bills[e1][1]
	pay("E1-P1", e1, m1.Total-shebao.Yuan(1000), "2025-04-05")
	r := pay("E1-P2", e1, shebao.Yuan(1000)+a1.Total+shebao.Yuan(50), "2025-05-20")
	approve(a.Collect.RecordRefund(admin, shebao.RefundRequest{Receipt: "E1-TF", Ref: "E1-P2", Amount: r.Credit + shebao.Yuan(100),
		Date: "2025-05-25", Reason: "4月多征100元"}))
	may := assess(e1, e1ids, "2025-05")
	pay("E1-P3", e1, shebao.Yuan(100)+may.Total, "2025-06-10")
	// A refund submitted and not yet approved.
	pay("E1-P4", e1, shebao.Yuan(80), "2025-06-12")
	mustV(a.Collect.RecordRefund(admin, shebao.RefundRequest{Receipt: "E1-TF-PENDING", Ref: "E1-P4", Amount: shebao.Yuan(10), Date: "2025-06-15"}))

	// E2: recorded against the wrong employer, late, and corrected.
	pay("E2-P1", e2, bills[e2][0].Total+bills[e2][1].Total, "2025-05-10")
	approve(a.Collect.RecordCorrection(admin, shebao.CorrectionRequest{Receipt: "E2-CZ", Ref: "E2-P1", Date: "2025-05-12", Reason: "错记单位"}))
	// An employer's receipt equal to a flexible payer's.
	pay("SAME-1", e2, shebao.Yuan(100), "2025-05-15")

	// Flexible payers.
	flex := func(n int, name string, base shebao.Money, months ...shebao.Period) string {
		id := demo.IDNumber("640106", time.Date(1981, 5, 6, 0, 0, 0, 0, time.UTC), 400+n, n%2 == 1)
		must(db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: name, Hukou: "农业", Region: "640106100201"}))
		must(db.RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: months[0], To: months[len(months)-1], Base: base}))
		for _, m := range months {
			mustV(db.AssessFlex(admin, m))
		}
		return id
	}
	fpay := func(receipt, id string, amount shebao.Money, on string) {
		mustV(db.RecordFlexPayment(admin, receipt, id, amount, on))
	}
	p1 := flex(1, "周海军", shebao.Yuan(6000), "2025-01", "2025-02", "2025-03", "2025-04")
	p2 := flex(2, "马兰花", shebao.Yuan(6000), "2025-01")
	p3 := flex(3, "杨建国", shebao.Yuan(8000), "2025-01", "2025-02", "2025-03")
	// P1: late months (fees), fees paid from the rest, 暂收款; the
	// correction of a payment (a month unpaid again, fees cancelled and
	// owed again); the month paid again (credited anew); a payment whose
	// receipt an employer also used; a refund pending.
	fpay("F1-1", p1, shebao.Yuan(1500), "2025-02-20")
	fpay("F1-2", p1, shebao.Yuan(1000), "2025-03-10")
	approve(db.RecordFlexCorrection(admin, shebao.FlexCorrectionRequest{Receipt: "DUP-1", Ref: "F1-2", Date: "2025-03-12", Reason: "错记人员"}))
	fpay("F1-3", p1, shebao.Yuan(912), "2025-03-10")
	fpay("SAME-1", p1, shebao.Yuan(2600), "2025-04-05")
	mustV(db.RecordFlexRefund(admin, shebao.FlexRefundRequest{Receipt: "F1-TF-PENDING", Ref: "SAME-1", Amount: shebao.Yuan(50), Date: "2025-04-06"}))
	// P2: 暂收款 refunded twice (the second under a voucher number a
	// correction also used), then the payment corrected.
	fpay("F2-1", p2, shebao.Yuan(2000), "2025-01-10")
	approve(db.RecordFlexRefund(admin, shebao.FlexRefundRequest{Receipt: "F2-TF1", Ref: "F2-1", Amount: shebao.Yuan(300), Date: "2025-01-15", Reason: "多缴"}))
	approve(db.RecordFlexRefund(admin, shebao.FlexRefundRequest{Receipt: "DUP-1", Ref: "F2-1", Amount: shebao.Yuan(100), Date: "2025-01-16"}))
	approve(db.RecordFlexCorrection(admin, shebao.FlexCorrectionRequest{Receipt: "F2-CZ", Ref: "F2-1", Date: "2025-01-20", Reason: "错记人员"}))
	// P3: part paid, in arrears.
	fpay("F3-1", p3, shebao.Yuan(1000), "2025-04-15")

	// The figures.
	golden := map[string]any{}
	put := func(k string, v any) { golden[k] = v }
	for _, id := range []string{p1, p2, p3} {
		for _, d := range []string{"2025-03-31", "2025-06-30"} {
			put("flex_arrears/"+id+"/"+d, mustV(db.FlexArrears(admin, id, d)))
		}
		bal, _, err := db.IndividualAccount(admin, id, "110")
		must(err)
		put("account/"+id, bal)
		put("statement/"+id, mustV(db.AccountStatement(admin, id, 2025)))
	}
	for _, u := range []string{e1, e2, e3} {
		for _, d := range []string{"2025-04-30", "2025-07-31"} {
			ars, unpaid, fee, err := db.Arrears(admin, u, d)
			must(err)
			put("arrears/"+u+"/"+d, map[string]any{"bills": ars, "unpaid": unpaid, "fee": fee})
		}
		put("late_fees/"+u, mustV(db.LateFees(admin, u, "")))
		held, total, err := db.Suspense(admin, u)
		must(err)
		put("suspense/"+u, map[string]any{"held": held, "total": total})
		periods := []shebao.Period{"2025-03", "2025-04", "2025-05"}
		for _, p := range periods {
			put("bill/"+u+"/"+string(p), mustV(db.BillWithLateFee(admin, u, p)))
			b := mustV(db.FindBill(admin, u, p))
			put("bill_lines/"+u+"/"+string(p), b.Items)
		}
		for _, id := range map[string][]string{e1: e1ids, e2: e2ids, e3: e3ids}[u] {
			for _, f := range []string{"110", "310"} {
				bal, _, err := db.IndividualAccount(admin, id, f)
				must(err)
				put("account/"+id+"/"+f, bal)
			}
		}
	}
	put("ledger_check", mustV(db.CheckLedger(admin)))
	pending := mustV(db.FindApprovals(admin, shebao.ApprovalPending, 100))
	var kinds []string
	for _, ap := range pending {
		kinds = append(kinds, ap.Kind+" "+ap.Summary)
	}
	sort.Strings(kinds)
	put("pending", kinds)
	put("payers", map[string]any{"employers": []string{e1, e2, e3}, "flex": []string{p1, p2, p3}})
	// What the old tables held of the flexible payers: per person and
	// month the bill, per personal payment what it held as 暂收款.
	raw := mustV(sql.Open("sqlite", path))
	type pb struct {
		IDNo, Period                string
		Amount, Paid, Account, Base int64
		Explanation                 string
	}
	var pbs []pb
	rows := mustV(raw.Query(`SELECT id_no, period, amount, paid, account_amount, base, explanation FROM personal_bills ORDER BY id_no, period`))
	for rows.Next() {
		var b pb
		must(rows.Scan(&b.IDNo, &b.Period, &b.Amount, &b.Paid, &b.Account, &b.Base, &b.Explanation))
		pbs = append(pbs, b)
	}
	rows.Close()
	put("personal_bills", pbs)
	held := map[string]int64{}
	rows = mustV(raw.Query(`SELECT p.receipt_no, p.amount
			- COALESCE((SELECT SUM(a.amount) FROM personal_allocations a WHERE a.payment_id = p.id), 0)
			- COALESCE((SELECT SUM(c.amount) FROM personal_late_fee_collections c WHERE c.source_id = p.id), 0)
			- COALESCE((SELECT SUM(r.amount) FROM personal_refunds r WHERE r.payment_id = p.id), 0),
			EXISTS (SELECT 1 FROM personal_corrections c WHERE c.payment_id = p.id)
		FROM personal_payments p`))
	for rows.Next() {
		var rn string
		var v int64
		var corrected bool
		must(rows.Scan(&rn, &v, &corrected))
		if corrected {
			v = 0
		}
		held[rn] = v
	}
	rows.Close()
	put("flex_held", held)
	var fees [2]int64
	must(raw.QueryRow(`SELECT COALESCE(SUM(amount), 0) FROM personal_late_fees`).Scan(&fees[0]))
	must(raw.QueryRow(`SELECT COALESCE(SUM(amount), 0) FROM personal_late_fee_collections`).Scan(&fees[1]))
	put("flex_fees", map[string]int64{"assessed": fees[0], "collected": fees[1]})

	g := mustV(json.MarshalIndent(golden, "", " "))
	must(os.WriteFile(out+".json", g, 0o644))

	// The rows, as INSERT statements both engines read, parents first.
	// Left out: what the migrations and Open insert (the chart of accounts,
	// the default policy), the schema's versions, and the audit log (a
	// chain of its own database).
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
	b.WriteString("-- Rows of a database at schema 0024 after a money-in scenario run by the code before the one\n")
	b.WriteString("-- payer model (cmd/payerfixture at 21a745a; see payer_migration_test.go). Generated; do not edit.\n")
	for _, t := range tables {
		rows := mustV(raw.Query(`SELECT * FROM ` + t))
		cols := mustV(rows.Columns())
		var lines []string
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
			lines = append(lines, "INSERT INTO "+t+" ("+strings.Join(cols, ", ")+") VALUES ("+strings.Join(lit, ", ")+") ON CONFLICT DO NOTHING;")
		}
		rows.Close()

		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	f := mustV(os.Create(out + ".sql.gz"))
	z := gzip.NewWriter(f)
	mustV(z.Write([]byte(b.String())))
	must(z.Close())
	must(f.Close())
	fmt.Println(len(tables), "tables;", path)
}
