package sqldb_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var medicalChecker = shebao.Actor{Name: "yibao2", Role: "clerk/medical", Region: "640106000000"}

// TestHospitalSettlement settles May 2024 with the hospitals (390 example
// policy: deductible 100/400/800 by level, ratio 85/75/60%):
//
//	宁夏医科大学总医院 390: (10000 − 800) × 60% = 5520.00
//	银川市第二人民医院 390: (2000 − 400) × 75% = 1200.00
//	银川市第二人民医院 310: outpatient 100.00 from the 310 account
//	宁夏医科大学总医院 390, discharged in June: not in May's settlement
//
// then a late May claim arrives: May again settles nothing, June takes it.
func TestHospitalSettlement(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		resident, employee, _, _ := medicalFixture(t, db)
		clerk := shebao.WithActor(admin, medicalClerk)
		checker := shebao.WithActor(admin, medicalChecker)
		claims := []shebao.NewClaim{
			{SettlementNo: "JS-A", IDNo: resident, Scheme: "390", Hospital: "宁夏医科大学总医院", Level: 3,
				Admitted: "2024-05-01", Discharged: "2024-05-10", TotalCost: shebao.Yuan(12000), Eligible: shebao.Yuan(10000)},
			{SettlementNo: "JS-B", IDNo: resident, Scheme: "390", Hospital: "银川市第二人民医院", Level: 2,
				Admitted: "2024-05-15", Discharged: "2024-05-20", TotalCost: shebao.Yuan(2500), Eligible: shebao.Yuan(2000)},
			{SettlementNo: "MZ-C", IDNo: employee, Scheme: "310", Type: shebao.ClaimOutpatient, Hospital: "银川市第二人民医院", Level: 2,
				Admitted: "2024-05-18", Discharged: "2024-05-18", TotalCost: shebao.Yuan(150), Eligible: shebao.Yuan(100)},
			{SettlementNo: "JS-D", IDNo: resident, Scheme: "390", Hospital: "宁夏医科大学总医院", Level: 3,
				Admitted: "2024-06-01", Discharged: "2024-06-05", TotalCost: shebao.Yuan(3000), Eligible: shebao.Yuan(3000)},
		}
		if _, errs, err := db.ImportClaims(clerk, "r1", claims); err != nil || errs[0] != nil || errs[1] != nil || errs[2] != nil || errs[3] != nil {
			t.Fatalf("claims: %v %v", errs, err)
		}
		owed := debitBalance(t, db, shebao.AcctBenefitsPayable)
		// Cap 10000: 5520 + 1200 used, (3000 − 800) × 60% = 1320.00 in June.
		if owed != -shebao.Yuan(5520+1200+100+1320) {
			t.Fatalf("2101 before = %s", owed)
		}

		res, err := db.SettleHospitals(clerk, "2024-05")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Created) != 3 || res.Claims != 3 || res.Amount != shebao.Yuan(6820) || res.Approval == nil || res.Deferred != 0 {
			t.Fatalf("May = %+v", res)
		}
		want := map[string]shebao.Money{
			"宁夏医科大学总医院 390": shebao.Yuan(5520), "银川市第二人民医院 390": shebao.Yuan(1200), "银川市第二人民医院 310": shebao.Yuan(100)}
		for _, s := range res.Created {
			if w, ok := want[s.Hospital+" "+s.Scheme]; !ok || s.Amount != w || s.Claims != 1 || s.Status != shebao.SettlementPending {
				t.Errorf("settlement %+v, want %s", s, w)
			}
			if !strings.Contains(s.Explanation, "统筹基金支付") || !strings.Contains(s.Explanation, "应拨付"+s.Amount.String()+"元") {
				t.Errorf("explanation %q", s.Explanation)
			}
		}
		// Nothing is paid before the approval; the maker cannot approve.
		if got := debitBalance(t, db, shebao.AcctBenefitsPayable); got != owed {
			t.Fatalf("2101 paid before approval: %s", got)
		}
		if _, err := app.New(db).Approve.DecideApproval(clerk, res.Approval.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Fatalf("maker approves: %v", err)
		}
		// Again while waiting: nothing new, nothing submitted.
		again, err := db.SettleHospitals(clerk, "2024-05")
		if err != nil || len(again.Created) != 0 || again.Approval != nil || again.Claims != 0 {
			t.Fatalf("again = %+v %v", again, err)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, res.Approval.ID, true, "核对无误"); err != nil {
			t.Fatal(err)
		}
		if got := debitBalance(t, db, shebao.AcctBenefitsPayable); got != -shebao.Yuan(1320) {
			t.Fatalf("2101 after May = %s, want −1320.00 (June's claim)", got)
		}
		balanced(t, db)
		list, err := db.FindSettlements(clerk, shebao.SettlementFilter{Month: "2024-05"})
		if err != nil || len(list) != 3 {
			t.Fatalf("find %v %v", list, err)
		}
		for _, s := range list {
			if s.Status != shebao.SettlementPaid || s.PaidAt == "" {
				t.Errorf("after approval %+v", s)
			}
		}

		// A late May claim: May settles nothing new, June takes it.
		late := shebao.NewClaim{SettlementNo: "JS-E", IDNo: resident, Scheme: "390", Hospital: "宁夏医科大学总医院", Level: 1,
			Admitted: "2024-05-25", Discharged: "2024-05-28", TotalCost: shebao.Yuan(500), Eligible: shebao.Yuan(500)}
		if _, errs, err := db.ImportClaims(clerk, "r2", []shebao.NewClaim{late}); err != nil || errs[0] != nil {
			t.Fatalf("late: %v %v", errs, err)
		}
		again, err = db.SettleHospitals(clerk, "2024-05")
		if err != nil || len(again.Created) != 0 || again.Approval != nil || again.Deferred != 1 {
			t.Fatalf("May after the late claim = %+v %v", again, err)
		}
		june, err := db.SettleHospitals(clerk, "2024-06")
		if err != nil {
			t.Fatal(err)
		}
		// The late stay: 1320 + (500 − 100) × 85% = 340 → 1660.00 with June's.
		if len(june.Created) != 1 || june.Claims != 2 || june.Amount != shebao.Yuan(1660) || june.Created[0].FirstDischarged != "2024-05-28" {
			t.Fatalf("June = %+v", june)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, june.Approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if got := debitBalance(t, db, shebao.AcctBenefitsPayable); got != 0 {
			t.Fatalf("2101 after June = %s", got)
		}
		balanced(t, db)
		if res, err := db.SettleHospitals(clerk, "2024-06"); err != nil || len(res.Created) != 0 || res.Approval != nil || res.Deferred != 0 {
			t.Fatalf("June again = %+v %v", res, err)
		}

		town := shebao.WithActor(admin, shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"})
		if _, err := db.SettleHospitals(town, "2024-07"); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town: %v", err)
		}
	})
}
