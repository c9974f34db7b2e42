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

func TestVillageConversionLumpSum(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		const village, other = "640106100202", "640106100203"
		ids := []string{
			demo.IDNumber("640106", time.Date(1966, 2, 1, 0, 0, 0, 0, time.UTC), 41, true),
			demo.IDNumber("640106", time.Date(1970, 8, 3, 0, 0, 0, 0, time.UTC), 42, false),
			demo.IDNumber("640106", time.Date(1972, 9, 4, 0, 0, 0, 0, time.UTC), 43, true),
		}
		for i, id := range ids {
			region := village
			if i == 2 {
				region = other
			}
			if err := db.CreatePerson(admin, person(id, []string{"王德福", "张桂英", "刘长青"}[i], region)); err != nil {
				t.Fatal(err)
			}
		}
		// The seed's standard: 3.7 万元 a person, 2.7 万 of it collective + individual.
		v, err := collectOf(db).RegisterConversion(admin, village, "2008-06-30")
		if err != nil {
			t.Fatal(err)
		}
		if v.Cost != shebao.Yuan(37000) || v.Government != shebao.Yuan(9990) || v.Collective != shebao.Yuan(14800) ||
			v.Individual != shebao.Yuan(12210) || v.Account != shebao.Yuan(14800) || v.Years != 15 {
			t.Fatalf("conversion %+v", v)
		}
		if !strings.Contains(v.Explanation, "集体和个人合计27010.00元") {
			t.Errorf("explanation %s", v.Explanation)
		}
		if _, err := collectOf(db).RegisterConversion(admin, village, "2009-01-01"); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second date: %v", err)
		}
		// After 2011-07 the cost is base × rate × months: 8000 × 60% × 20% × 180.
		v2, err := collectOf(db).RegisterConversion(admin, other, "2025-03-01")
		if err != nil {
			t.Fatal(err)
		}
		if v2.MonthlyBase != shebao.Yuan(4800) || v2.Cost != shebao.Yuan(172800) || v2.Account != shebao.Yuan(69120) {
			t.Errorf("computed conversion %+v", v2)
		}

		added, errs, err := collectOf(db).JoinConversion(admin, village, ids)
		if err != nil || added != 2 || errs[0] != nil || errs[1] != nil || errs[2] == nil {
			t.Fatalf("join: %d %v %v", added, errs, err)
		}
		if added, _, _ := collectOf(db).JoinConversion(admin, village, ids[:2]); added != 0 {
			t.Errorf("join again added %d", added)
		}

		pays := []shebao.LumpSumPayment{
			{ReceiptNo: "L-1", IDNo: ids[0], Payer: "个人", Amount: shebao.Yuan(12210), PaidOn: "2008-08-01"},
			{ReceiptNo: "L-2", IDNo: ids[0], Payer: "村集体", Amount: shebao.Yuan(14800), PaidOn: "2008-08-02"},
			{ReceiptNo: "L-3", IDNo: ids[0], Payer: "政府", Amount: shebao.Yuan(9990), PaidOn: "2008-09-01"},
			{ReceiptNo: "L-4", IDNo: ids[1], Payer: "个人", Amount: shebao.Yuan(5000), PaidOn: "2008-08-01"},
			{ReceiptNo: "L-5", IDNo: ids[1], Payer: "个人", Amount: shebao.Yuan(8000), PaidOn: "2008-08-05"}, // beyond the individual part
			{ReceiptNo: "L-6", IDNo: ids[2], Payer: "个人", Amount: shebao.Yuan(100), PaidOn: "2008-08-05"},  // not in the conversion
		}
		out, perrs, err := collectOf(db).ImportLumpSumPayments(admin, "run", pays)
		if err != nil {
			t.Fatal(err)
		}
		for i, ok := range []bool{true, true, true, true, false, false} {
			if ok != (perrs[i] == nil) {
				t.Errorf("payment %d: %v", i, perrs[i])
			}
		}
		if out[0] != shebao.Created {
			t.Errorf("outcome %v", out[0])
		}
		if bal, _, _ := db.IndividualAccount(admin, ids[0], "110"); bal != shebao.Yuan(14800) {
			t.Errorf("account after settlement %s, want 14800.00", bal)
		}
		if bal, ok, _ := db.IndividualAccount(admin, ids[1], "110"); ok || bal != 0 {
			t.Errorf("unsettled account credited: %s", bal)
		}
		if n, base, err := db.ContributionYearSums("110"); err != nil || n != 15 || base != 15*12*102778 {
			t.Errorf("contribution years: %d rows, base %d, %v", n, base, err)
		}
		// Re-import changes nothing.
		out, perrs, err = collectOf(db).ImportLumpSumPayments(admin, "run2", pays[:4])
		if err != nil || out[0] != shebao.Unchanged || out[3] != shebao.Unchanged || perrs[0] != nil {
			t.Fatalf("re-import: %v %v %v", out, perrs, err)
		}
		reps, err := collectOf(db).ConversionReports(admin, "640106100000")
		if err != nil {
			t.Fatal(err)
		}
		if len(reps) != 2 {
			t.Fatalf("reports %+v", reps)
		}
		r := reps[0]
		if r.Region != village || r.Persons != 2 || r.Settled != 1 || r.Due != shebao.Yuan(74000) || r.Paid != shebao.Yuan(42000) ||
			r.Shortfall != shebao.Yuan(32000) || r.IndividualPaid != shebao.Yuan(17210) || !strings.Contains(r.Explanation, "缺口32000.00元") {
			t.Errorf("report %+v", r)
		}
		_, persons, err := collectOf(db).ConversionQuote(admin, village)
		if err != nil || len(persons) != 2 || persons[1].Shortfall != shebao.Yuan(32000) {
			t.Errorf("quote %+v %v", persons, err)
		}
		checkBalanced(t, db)
	})
}
