package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/bench"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The crash test of the payroll: `shebao run payroll` is killed with
// SIGKILL at random points while it pays 12,000 benefits in chunks of 600,
// then run again until one run finishes; the payments, the ledger and the
// individual accounts must end exactly as after one uninterrupted run on a
// copy of the same data, balanced, and the releases submitted must cover
// every payment exactly once.

// payrollCrashQueries are the state a payroll run leaves behind, without
// batch ids, timestamps or other per-run values.
var payrollCrashQueries = []digestQuery{
	{"benefit_payments", `SELECT benefit_id, month, id_no, scheme, kind, region_code, amount, account_part, basic_part, bank_account, status
		FROM benefit_payments ORDER BY benefit_id, month`},
	{"benefits", `SELECT id, status, end_month, version FROM benefits ORDER BY id`},
	{"overpayments", `SELECT benefit_id, month, amount, reason, status FROM overpayments ORDER BY benefit_id, month`},
	{"journal_entries", `SELECT fund, posted, kind, source, description, digest FROM journal_entries ORDER BY fund, kind, source`},
	{"journal_lines", `SELECT e.fund, e.kind, e.source, l.line_no, l.account, l.debit, l.credit
		FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id ORDER BY e.fund, e.kind, e.source, l.line_no`},
	{"account_movements", `SELECT fund, id_no, kind, source, moved_on, amount FROM account_movements ORDER BY fund, id_no, kind, source`},
	{"individual_accounts", `SELECT fund, id_no, balance FROM individual_accounts ORDER BY fund, id_no`},
}

// payrollCrashState digests the tables, and sums the payments submitted
// for release (approvals) for the month.
func payrollCrashState(t *testing.T, dsn, month string) (map[string]string, int, shebao.Money) {
	t.Helper()
	db := rawOpen(t, dsn)
	defer db.Close()
	state := digestTables(t, db, payrollCrashQueries)
	rows, err := db.Query(`SELECT payload FROM approvals WHERE kind = 'payroll.release'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var payments int
	var total shebao.Money
	for rows.Next() {
		var payload string
		rows.Scan(&payload)
		var p struct {
			Month    string
			Payments int
			Total    shebao.Money
		}
		json.Unmarshal([]byte(payload), &p)
		if p.Month == month {
			payments += p.Payments
			total += p.Total
		}
	}
	return state, payments, total
}

// payrollCrashPrepare builds the district: persons, benefits of every kind
// (some suspended), pension accounts, February's payroll released, and a
// death register matched after it (stopped benefits, overpayments).
func payrollCrashPrepare(t *testing.T, dsn string, n int) {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, r := range demo.Regions {
		if _, err := db.SaveRegion(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	csv := filepath.Join(t.TempDir(), "persons.csv")
	if err := bench.WritePersonsCSV(csv, n, 11); err != nil {
		t.Fatal(err)
	}
	if s, err := ingest.Persons(ctx, app.New(db), csv, ingest.Options{}); err != nil || s.Created != n {
		t.Fatalf("persons %+v %v", s, err)
	}
	raw := rawOpen(t, dsn)
	rows, err := raw.Query(`SELECT id_no, name FROM persons ORDER BY id_no`)
	if err != nil {
		t.Fatal(err)
	}
	var ids, names []string
	for rows.Next() {
		var id, name string
		rows.Scan(&id, &name)
		ids, names = append(ids, id), append(names, name)
	}
	rows.Close()
	raw.Close()
	var bs []shebao.NewBenefit
	var accounts []shebao.AccountMovement
	for i, id := range ids {
		b := shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01", Monthly: shebao.Money(12000 + i%9*1000),
			BankAccount: fmt.Sprintf("62284800%011d", i), Source: "land:crash", Explanation: "基本生活保障金"}
		switch i % 10 {
		case 0, 1, 2:
			b.Kind, b.Monthly, b.AccountPart, b.Source = shebao.BenefitPension, shebao.Money(250000+i%97*100), 80000, "determination:crash"
			// Some accounts hold less than the account part.
			accounts = append(accounts, shebao.AccountMovement{IDNo: id, Fund: "110", Date: "2024-12-31", Kind: shebao.MoveCredit,
				Source: "opening", Amount: shebao.Money(60000 + i%5*40000)})
		case 3, 4:
			b.Kind, b.Monthly, b.AccountPart, b.BasicPart, b.Source = shebao.BenefitResidentPension, 48271, 35971, 12300, "determination:crash"
			accounts = append(accounts, shebao.AccountMovement{IDNo: id, Fund: "170", Date: "2024-12-31", Kind: shebao.MoveCredit,
				Source: "opening", Amount: 5000000})
		case 5:
			b.StartMonth = "2025-03" // new in March
		}
		bs = append(bs, b)
	}
	for s := 0; s < len(bs); s += 5000 {
		if _, err := db.CreateBenefits(ctx, bs[s:min(s+5000, len(bs))]); err != nil {
			t.Fatal(err)
		}
	}
	for s := 0; s < len(accounts); s += 5000 {
		if _, err := db.MoveAccounts(ctx, "2024-12-31", fmt.Sprintf("opening:%d", s), "期初余额", accounts[s:min(s+5000, len(accounts))]); err != nil {
			t.Fatal(err)
		}
	}
	list, _, err := db.FindBenefits(ctx, shebao.BenefitFilter{Kind: shebao.BenefitLandAllowance, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range list {
		if _, err := db.ChangeBenefit(ctx, b.ID, shebao.BenefitChange{Action: shebao.BenefitSuspend, Month: "2025-03", Reason: "待资格认证"}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := app.New(db).Benefit.RunPayroll(ctx, "2025-02", shebao.PayrollOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checker := shebao.WithActor(ctx, shebao.Actor{Name: "fuhe", Role: "clerk/benefits", Region: "640106000000"})
	if _, err := app.New(db).Approve.DecideApproval(checker, res.Release.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	var deaths []shebao.ListEntry
	for i := 7; i < len(ids); i += 97 {
		deaths = append(deaths, shebao.ListEntry{Row: len(deaths) + 2, IDNo: ids[i], Name: names[i], DeathDate: "2025-01-20"})
	}
	if _, err := app.New(db).Registry.MatchList(ctx, shebao.ListDeath, deaths); err != nil {
		t.Fatal(err)
	}
}

// TestPayrollSurvivesSIGKILL kills `shebao run payroll` at random points,
// runs it again, and compares with an uninterrupted run.
func TestPayrollSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and pays 12,000 benefits")
	}
	bin := buildBinary(t)
	const persons, month = 12000, "2025-03"
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			start := time.Now()
			payrollCrashPrepare(t, eng.DSN, persons)
			ref := copyDatabase(t, eng, "ref")
			t.Logf("prepared in %.1fs", time.Since(start).Seconds())
			run := func(dsn string) *exec.Cmd {
				cmd := exec.Command(bin, "--db", dsn, "run", "payroll", "--month", month, "--chunk", "600", "--out", t.TempDir(), "--json")
				cmd.Env = append(os.Environ(), "SHEBAO_DB=")
				return cmd
			}
			start = time.Now()
			out, err := run(ref).CombinedOutput()
			if err != nil {
				t.Fatalf("uninterrupted: %v\n%s", err, out)
			}
			took := time.Since(start)
			var res struct {
				Payments int
				Total    shebao.Money
			}
			json.Unmarshal(out, &res)
			want, wantN, wantTotal := payrollCrashState(t, ref, month)
			if res.Payments == 0 || wantN != res.Payments || wantTotal != res.Total {
				t.Fatalf("uninterrupted run paid %d (%s), releases cover %d (%s)", res.Payments, res.Total, wantN, wantTotal)
			}
			t.Logf("uninterrupted: %d payments, %s元 in %.2fs", res.Payments, res.Total, took.Seconds())

			r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 5))
			killed := 0
			for attempt := 0; attempt < 4; attempt++ {
				delay := killDelay(r, took, took/10, attempt)
				cmd := run(eng.DSN)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				select {
				case err := <-done:
					if err != nil {
						t.Fatalf("run (not killed): %v", err)
					}
				case <-time.After(delay):
					cmd.Process.Signal(syscall.SIGKILL)
					if <-done != nil {
						killed++
					}
				}
			}
			if out, err := run(eng.DSN).CombinedOutput(); err != nil {
				t.Fatalf("final run after %d kills: %v\n%s", killed, err, out)
			}
			got, gotN, gotTotal := payrollCrashState(t, eng.DSN, month)
			for _, dq := range payrollCrashQueries {
				if got[dq.name] != want[dq.name] {
					t.Errorf("%s: %s after %d kills, %s uninterrupted", dq.name, got[dq.name], killed, want[dq.name])
				}
			}
			if gotN != wantN || gotTotal != wantTotal {
				t.Errorf("releases cover %d payments (%s) after the kills, %d (%s) uninterrupted", gotN, gotTotal, wantN, wantTotal)
			}
			ledgerBalanced(t, eng.DSN)
			if killed == 0 {
				t.Errorf("no run was killed (the uninterrupted run took %v)", took)
			}
			t.Logf("%d of 4 runs killed; final state equals the uninterrupted run", killed)
		})
	}
}
