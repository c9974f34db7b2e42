package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// undeclaredFixture makes an employer of 金凤区 with two employees, declares
// and assesses March 2025 (6543.21 and 9000.00) and assesses April and May
// without declarations: both at 110% of March (社会保险法 第六十二条).
func undeclaredFixture(t *testing.T, db *sqldb.DB, n int) (string, []string) {
	t.Helper()
	seedRegions(t, db)
	emp := &shebao.Employer{USCC: demo.USCC("640106", 60+n), Name: "银川未申报测试有限公司", RiskClass: 1, Region: "640106100201"}
	if err := db.CreateEmployer(admin, emp); err != nil {
		t.Fatal(err)
	}
	ids := []string{
		demo.IDNumber("640106", time.Date(1971, 5, 1, 0, 0, 0, 0, time.UTC), 30+n, true),
		demo.IDNumber("640106", time.Date(1982, 6, 2, 0, 0, 0, 0, time.UTC), 40+n, false),
	}
	for i, id := range ids {
		if err := db.CreatePerson(admin, person(id, []string{"马志刚", "李秀梅"}[i], "640106100201")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Hire(admin, id, emp.USCC, "2025-01-01", nil); err != nil {
			t.Fatal(err)
		}
	}
	ds := []shebao.Declaration{
		{Employer: emp.USCC, Period: "2025-03", IDNo: ids[0], Wage: shebao.Money(654321)},
		{Employer: emp.USCC, Period: "2025-03", IDNo: ids[1], Wage: shebao.Yuan(9000)},
	}
	if _, errs, err := declare(db, admin, "d-march", ds); err != nil || errs[0] != nil || errs[1] != nil {
		t.Fatalf("declarations: %v %v", errs, err)
	}
	for _, p := range []shebao.Period{"2025-03", "2025-04", "2025-05"} {
		if _, err := assess(db, admin, p); err != nil {
			t.Fatal(err)
		}
	}
	return emp.USCC, ids
}

// line returns the bill's line of the person and scheme.
func line(t *testing.T, b *shebao.Bill, id, scheme string) *shebao.BillLine {
	t.Helper()
	for _, l := range b.Items {
		if l.IDNo == id && l.Scheme == scheme {
			return l
		}
	}
	t.Fatalf("%s: no line %s/%s", b.Period, id, scheme)
	return nil
}

// Issue #14 item 16: a bill at 110% of last month explains the real
// arithmetic and credits the individual account with what the person paid.
//
// Worked by hand for 李秀梅's 110 line: March base 9000.00 (within the
// floor and ceiling), employer 16% = 1440.00, individual 8% = 720.00, all
// of it to the individual account. April, undeclared: 1440.00 × 110% =
// 1584.00, 720.00 × 110% = 792.00, credited 792.00 once April is paid; the
// old explanation printed "9000.00×16% = 1584.00元", which is false.
func TestUndeclaredBillExplainsAndCredits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		uscc, ids := undeclaredFixture(t, db, 1)
		march, err := db.FindBill(admin, uscc, "2025-03")
		if err != nil {
			t.Fatal(err)
		}
		if m := line(t, march, ids[1], "110"); m.Base != shebao.Yuan(9000) || m.EmployerAmount != shebao.Yuan(1440) ||
			m.IndivAmount != shebao.Yuan(720) || m.AccountAmount != shebao.Yuan(720) {
			t.Fatalf("March 110 line %+v", m)
		}
		april, err := db.FindBill(admin, uscc, "2025-04")
		if err != nil {
			t.Fatal(err)
		}
		l := line(t, april, ids[1], "110")
		if l.EmployerAmount != shebao.Yuan(1584) || l.IndivAmount != shebao.Yuan(792) || l.AccountAmount != shebao.Yuan(792) {
			t.Errorf("April 110 line: %s + %s, account %s; want 1584.00 + 792.00, account 792.00", l.EmployerAmount, l.IndivAmount, l.AccountAmount)
		}
		for _, want := range []string{"按上月缴费额的110%核定", "单位缴费 = 上月1440.00元 × 110% = 1584.00元", "个人缴费 = 上月720.00元 × 110% = 792.00元",
			"到账后记入个人账户 = 上月720.00元 × 110% = 792.00元"} {
			if !strings.Contains(l.Explain, want) {
				t.Errorf("explanation %q lacks %q", l.Explain, want)
			}
		}
		if strings.Contains(l.Explain, "×16% = 1584.00") {
			t.Errorf("explanation %q still shows the false base × rate", l.Explain)
		}
		p := shebao.Payment{ReceiptNo: "HD-UND-1", Employer: uscc, Amount: march.Total + april.Total, PaidOn: "2025-03-31"}
		if _, err := collectOf(db).RecordPayment(admin, p); err != nil {
			t.Fatal(err)
		}
		if b, _ := db.FindBill(admin, uscc, "2025-04"); b.Paid != b.Total {
			t.Fatalf("April paid %s of %s", b.Paid, b.Total)
		}
		if bal, _, err := db.IndividualAccount(admin, ids[1], "110"); err != nil || bal != shebao.Yuan(720+792) {
			t.Errorf("110 account %s, want 720.00 + 792.00 = 1512.00 (%v)", bal, err)
		}
		checkBalanced(t, db)
	})
}

// Issue #14 item 16: when the employer declares a month it was assessed at
// 110% for, the month is assessed again on the declarations: the unpaid
// bill (May) is replaced, the paid one (April) is settled by the
// difference; running it again changes nothing.
//
// Worked by hand for 李秀梅's 110 line, April declared late at 12000.00:
// employer 16% = 1920.00, individual 8% = 960.00 to the account. The
// bill grows by 3000.00 × the sum of the rates (above 17%: 110 alone is
// 24%) on her lines, more than the 10% of March's bill (about 524.00)
// the 110% bill added, so the declared bill is larger. April's
// 110% bill was paid in full (its total T110); the declared bill is
// larger, so it stays owed for the difference (new total − T110) and the
// 792.00 credited on the 110% bill is withdrawn until it is paid in full;
// paying the difference credits 960.00.
func TestLateDeclarationSettles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		uscc, ids := undeclaredFixture(t, db, 2)
		march, _ := db.FindBill(admin, uscc, "2025-03")
		april, _ := db.FindBill(admin, uscc, "2025-04")
		if april.Basis == shebao.BasisDeclared {
			t.Fatalf("April basis %q", april.Basis)
		}
		p := shebao.Payment{ReceiptNo: "HD-UND-2", Employer: uscc, Amount: march.Total + april.Total, PaidOn: "2025-03-31"}
		if _, err := collectOf(db).RecordPayment(admin, p); err != nil {
			t.Fatal(err)
		}
		if bal, _, _ := db.IndividualAccount(admin, ids[1], "110"); bal != shebao.Yuan(720+792) {
			t.Fatalf("110 account before %s", bal)
		}
		var ds []shebao.Declaration
		var keys []shebao.DeclarationKey
		for _, period := range []shebao.Period{"2025-04", "2025-05"} {
			ds = append(ds, shebao.Declaration{Employer: uscc, Period: period, IDNo: ids[0], Wage: shebao.Money(654321)},
				shebao.Declaration{Employer: uscc, Period: period, IDNo: ids[1], Wage: shebao.Yuan(12000)})
			keys = append(keys, shebao.DeclarationKey{Employer: uscc, Period: period})
		}
		if _, errs, err := declare(db, admin, "d-late", ds); err != nil || errs[0] != nil || errs[2] != nil {
			t.Fatalf("late declarations: %v %v", errs, err)
		}
		res, err := collectOf(db).ReassessDeclared(admin, keys)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 2 || res[0].Period != "2025-04" || len(res[0].Settled) != 1 || res[0].Settled[0].Released != april.Total ||
			res[1].Period != "2025-05" || len(res[1].Settled) != 0 || res[1].Rewritten != 1 {
			for _, r := range res {
				t.Logf("%+v", *r)
			}
			t.Fatalf("reassessed: %d results, want April settled by %s and May rewritten", len(res), april.Total)
		}
		for _, period := range []shebao.Period{"2025-04", "2025-05"} {
			b, err := db.FindBill(admin, uscc, period)
			if err != nil {
				t.Fatal(err)
			}
			l := line(t, b, ids[1], "110")
			if b.Basis != shebao.BasisDeclared || l.Base != shebao.Yuan(12000) || l.EmployerAmount != shebao.Yuan(1920) ||
				l.IndivAmount != shebao.Yuan(960) || l.AccountAmount != shebao.Yuan(960) {
				t.Errorf("%s: basis %q, 110 line %+v", period, b.Basis, l)
			}
			var sum shebao.Money
			for _, l := range b.Items {
				sum += l.EmployerAmount + l.IndivAmount
			}
			if b.Total != sum {
				t.Errorf("%s: total %s, lines %s", period, b.Total, sum)
			}
			if period == "2025-04" && (b.Paid != april.Total || b.Total <= april.Total) {
				t.Errorf("April declared: paid %s of %s, want the 110%% bill's %s", b.Paid, b.Total, april.Total)
			}
		}
		checkBalanced(t, db)
		// The 110% bill's credit is withdrawn: April is not paid in full.
		if bal, _, _ := db.IndividualAccount(admin, ids[1], "110"); bal != shebao.Yuan(720) {
			t.Errorf("110 account after settlement %s, want March's 720.00", bal)
		}
		// Again: nothing to do.
		if again, err := collectOf(db).ReassessDeclared(admin, keys); err != nil || len(again) != 0 {
			t.Fatalf("again: %+v %v", again, err)
		}
		// Paying the difference settles April and credits 960.00.
		b, _ := db.FindBill(admin, uscc, "2025-04")
		p2 := shebao.Payment{ReceiptNo: "HD-UND-3", Employer: uscc, Amount: b.Total - b.Paid, PaidOn: "2025-06-01"}
		if _, err := collectOf(db).RecordPayment(admin, p2); err != nil {
			t.Fatal(err)
		}
		if b, _ := db.FindBill(admin, uscc, "2025-04"); b.Paid != b.Total {
			t.Fatalf("April after the difference: paid %s of %s", b.Paid, b.Total)
		}
		if bal, _, _ := db.IndividualAccount(admin, ids[1], "110"); bal != shebao.Yuan(720+960) {
			t.Errorf("110 account after paying the difference %s, want 720.00 + 960.00", bal)
		}
		checkBalanced(t, db)
	})
}
