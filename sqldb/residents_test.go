package sqldb_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// residentFixture registers two residents of one village enrolled in 170
// since 2020 and in 390 for 2025; the second is flagged 低保.
func residentFixture(t *testing.T, db *sqldb.DB) (plain, dibao string) {
	t.Helper()
	seedRegions(t, db)
	plain = demo.IDNumber("640106", time.Date(1975, 3, 1, 0, 0, 0, 0, time.UTC), 31, true)
	dibao = demo.IDNumber("640106", time.Date(1968, 7, 9, 0, 0, 0, 0, time.UTC), 32, false)
	for i, id := range []string{plain, dibao} {
		p := person(id, []string{"马建国", "杨秀兰"}[i], "640106100201")
		if i == 1 {
			p.Flags = []string{shebao.FlagDibao}
		}
		if err := db.CreatePerson(admin, p); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "170", Date: "2020-01-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "390", Date: "2025-01-01", Year: 2025}); err != nil {
			t.Fatal(err)
		}
	}
	return plain, dibao
}

func TestResidentContributions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		plain, dibao := residentFixture(t, db)
		cs := []shebao.ResidentContribution{
			{ReceiptNo: "R2025-001", IDNo: plain, Scheme: "170", Year: 2025, Tier: shebao.Yuan(500), PaidOn: "2025-03-10"},
			{ReceiptNo: "R2025-002", IDNo: dibao, Scheme: "新农保", Year: 2025, PaidOn: "2025-03-10"}, // 低保: lowest tier paid by the government
			{ReceiptNo: "R2025-003", IDNo: plain, Scheme: "390", Year: 2025, PaidOn: "2025-01-05"},
			{ReceiptNo: "R2025-004", IDNo: plain, Scheme: "170", Year: 2025, Tier: shebao.Yuan(300), PaidOn: "2025-04-01"}, // second payment of the year
			{ReceiptNo: "R2025-005", IDNo: dibao, Scheme: "170", Year: 2024, Tier: shebao.Yuan(200), PaidOn: "2024-04-01"}, // 低保 at tier 200: the government pays 100, the person 100
			{ReceiptNo: "R2025-006", IDNo: plain, Scheme: "170", Year: 2023, Tier: shebao.Yuan(250), PaidOn: "2023-04-01"}, // no such tier
			{ReceiptNo: "R2025-007", IDNo: plain, Scheme: "390", Year: 2024, PaidOn: "2024-01-05"},                         // not enrolled in 390 for 2024
			{ReceiptNo: "R2025-008", IDNo: plain, Scheme: "390", Year: 2025, Tier: shebao.Yuan(380), PaidOn: "2025-01-05"}, // wrong amount (and same year)
			{ReceiptNo: "R2025-009", IDNo: plain, Scheme: "170", Year: 2022, PaidOn: "2022-04-01"},                         // tier missing
		}
		out, errs, err := collectOf(db).ImportResidentContributions(admin, "run1", cs)
		if err != nil {
			t.Fatal(err)
		}
		wantOK := []bool{true, true, true, false, true, false, false, false, false}
		for i, ok := range wantOK {
			if ok != (errs[i] == nil) {
				t.Errorf("row %d (%s): err = %v, want ok = %v", i, cs[i].ReceiptNo, errs[i], ok)
			}
		}
		for i, field := range map[int]string{3: "年度", 5: "缴费档次", 6: "险种", 8: "缴费档次"} {
			if e := errs[i]; e == nil || !strings.Contains(errField(e), field) {
				t.Errorf("row %d: error %v, want field %s", i, e, field)
			}
		}
		if out[0] != shebao.Created {
			t.Errorf("outcome %v", out[0])
		}

		// Amounts: tier 500 → subsidy 60, collective 50, account 610.
		got, err := db.ResidentContributions(admin, plain)
		if err != nil {
			t.Fatal(err)
		}
		var pension, medical *shebao.ResidentContribution
		for _, c := range got {
			switch c.Scheme {
			case "170":
				pension = c
			case "390":
				medical = c
			}
		}
		if pension == nil || pension.Individual != shebao.Yuan(500) || pension.Subsidy != shebao.Yuan(60) || pension.Collective != shebao.Yuan(50) ||
			!strings.Contains(pension.Explanation, "合计记入个人账户") {
			t.Fatalf("170: %+v", pension)
		}
		if medical == nil || medical.Individual != shebao.Yuan(400) || medical.Subsidy != shebao.Yuan(670) {
			t.Fatalf("390: %+v", medical)
		}
		if bal, _, _ := db.IndividualAccount(admin, plain, "170"); bal != shebao.Yuan(610) {
			t.Errorf("plain 170 account %s, want 610.00", bal)
		}
		// 低保: lowest tier 100 paid by the government, subsidy 30, collective 50.
		ds, _ := db.ResidentContributions(admin, dibao)
		var d25 *shebao.ResidentContribution
		for _, c := range ds {
			if c.Year == 2025 {
				d25 = c
			}
		}
		if d25 == nil || d25.Individual != shebao.Yuan(100) || d25.FinancePaid != shebao.Yuan(100) || d25.PersonPaid() != 0 ||
			d25.Special != shebao.FlagDibao || !strings.Contains(d25.Explanation, "政府代缴") {
			t.Fatalf("低保 2025: %+v", d25)
		}
		if bal, _, _ := db.IndividualAccount(admin, dibao, "170"); bal != shebao.Yuan(180+280) {
			t.Errorf("dibao 170 account %s, want 460.00 (180 for 2025, 280 for 2024)", bal)
		}

		// The years are written for the pension determination.
		n, base, err := db.ContributionYearSums("170")
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 || base != int64(shebao.Yuan(500+100+200)) {
			t.Errorf("contribution_years: %d rows, base %d", n, base)
		}
		checkBalanced(t, db)

		// Re-import: nothing doubles; a receipt with other content is refused.
		out, errs, err = collectOf(db).ImportResidentContributions(admin, "run2", cs[:3])
		if err != nil || errs[0] != nil || out[0] != shebao.Unchanged || out[2] != shebao.Unchanged {
			t.Fatalf("re-import: %v %v %v", out, errs, err)
		}
		changed := cs[0]
		changed.Tier = shebao.Yuan(1000)
		if _, _, err := collectOf(db).RecordResidentContribution(admin, changed); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("changed receipt: %v, want conflict", err)
		}
		if bal, _, _ := db.IndividualAccount(admin, plain, "170"); bal != shebao.Yuan(610) {
			t.Errorf("after re-import 170 account %s", bal)
		}
		checkBalanced(t, db)
	})
}

func errField(err error) string {
	var e *shebao.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
