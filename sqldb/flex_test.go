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

func TestFlexibleEmployment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := demo.IDNumber("640106", time.Date(1980, 4, 4, 0, 0, 0, 0, time.UTC), 51, true)
		if err := db.CreatePerson(admin, person(id, "周海军", "640106100201")); err != nil {
			t.Fatal(err)
		}
		// 8000 × 60% = 4800 … 8000 × 300% = 24000.
		err := collectOf(db).RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: "2025-01", Base: shebao.Yuan(4000)})
		if errField(err) != "缴费基数" || !strings.Contains(shebao.ErrorMessage(err), "4800.00") {
			t.Fatalf("low base: %v", err)
		}
		if err := collectOf(db).RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: "2025-01", Base: shebao.Yuan(30000)}); errField(err) != "缴费基数" {
			t.Fatalf("high base: %v", err)
		}
		if err := collectOf(db).RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: "2025-01", Base: shebao.Yuan(6000)}); err != nil {
			t.Fatal(err)
		}
		if err := collectOf(db).RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: "2025-03", Base: shebao.Yuan(7000)}); errField(err) != "起始年月" {
			t.Fatalf("overlap: %v", err)
		}
		for _, m := range []shebao.Period{"2025-01", "2025-02"} {
			if n, err := collectOf(db).AssessFlex(admin, m); err != nil || n != 1 {
				t.Fatalf("assess %s: %d %v", m, n, err)
			}
		}
		if n, _ := collectOf(db).AssessFlex(admin, "2025-01"); n != 0 {
			t.Errorf("re-assessment wrote %d", n)
		}
		// 6000 × 20% = 1200 a month; pay 1500: January in full, 300 of February.
		res, err := collectOf(db).RecordFlexPayment(admin, "F-1", id, shebao.Yuan(1500), "2025-02-20")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Allocations) != 2 || !res.Allocations[0].Settled || res.Allocations[0].LateDays != 20 || res.Allocations[1].Amount != shebao.Yuan(300) {
			t.Errorf("allocations %+v", res.Allocations)
		}
		if bal, _, _ := db.IndividualAccount(admin, id, "110"); bal != shebao.Yuan(480) {
			t.Errorf("account %s, want 480.00", bal)
		}
		ars, err := collectOf(db).FlexArrears(admin, id, "2025-03-30")
		if err != nil || len(ars) != 1 || ars[0].Unpaid != shebao.Yuan(900) || ars[0].Days != 30 || ars[0].LateFee != shebao.Yuan(900)*5/10000*30 {
			t.Errorf("arrears %+v %v", ars, err)
		}
		if again, err := collectOf(db).RecordFlexPayment(admin, "F-1", id, shebao.Yuan(1500), "2025-02-20"); err != nil || !again.Repeat {
			t.Errorf("repeat: %+v %v", again, err)
		}
		if _, err := collectOf(db).RecordFlexPayment(admin, "F-2", id, shebao.Yuan(2000), "2025-04-01"); err != nil {
			t.Fatal(err)
		}
		if bal, _, _ := db.IndividualAccount(admin, id, "110"); bal != shebao.Yuan(960) {
			t.Errorf("account %s, want 960.00", bal)
		}
		checkBalanced(t, db)
	})
}
