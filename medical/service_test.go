package medical_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/medical"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var (
	admin   = sqldbtest.Admin()
	clerk   = sqldbtest.As(shebao.Actor{Name: "yibao1", Role: "clerk/medical", Region: "640106000000"})
	checker = sqldbtest.As(shebao.Actor{Name: "yibao2", Role: "clerk/medical", Region: "640106000000"})
	town    = sqldbtest.As(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"})
)

// resident registers 白秀兰 of 魏家桥村 and enrolls her in 390 for 2024.
func resident(t *testing.T, a *app.App) string {
	t.Helper()
	sqldbtest.SeedRegions(t, a)
	id := demo.IDNumber("640106", time.Date(1958, 4, 2, 0, 0, 0, 0, time.UTC), 41, false)
	if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "白秀兰", Hukou: shebao.HukouAgricultural, Region: "640106100201"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "390", Date: "2023-12-01", Year: 2024}); err != nil {
		t.Fatal(err)
	}
	return id
}

// A claim is settled once: the example 390 policy pays a level-2 stay of
// 2000.00 eligible (2000 − 400) × 75% = 1200.00; the same settlement again
// is the stored claim, a different one under its number a conflict; a
// stay before the person's 390 year is refused with the reason.
func TestRecordClaim(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		id := resident(t, a)
		c := shebao.NewClaim{SettlementNo: "JS-1", IDNo: id, Scheme: "390", Hospital: "银川市第二人民医院", Level: 2,
			Admitted: "2024-05-15", Discharged: "2024-05-20", TotalCost: shebao.Yuan(2500), Eligible: shebao.Yuan(2000)}
		cl, created, err := a.Medical.RecordClaim(clerk, c)
		if err != nil || !created || cl.FundPaid != shebao.Yuan(1200) || cl.SelfPaid != shebao.Yuan(1300) || cl.ID == "" || cl.CreatedBy != "yibao1" {
			t.Fatalf("claim %+v %v %v", cl, created, err)
		}
		again, created, err := a.Medical.RecordClaim(clerk, c)
		if err != nil || created || again.ID != cl.ID {
			t.Errorf("again %+v %v %v", again, created, err)
		}
		c.Eligible = shebao.Yuan(2100)
		if _, _, err := a.Medical.RecordClaim(clerk, c); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("changed claim: %v", err)
		}
		early := shebao.NewClaim{SettlementNo: "JS-0", IDNo: id, Scheme: "390", Hospital: "银川市第二人民医院", Level: 2,
			Admitted: "2023-11-01", Discharged: "2023-11-05", TotalCost: shebao.Yuan(500), Eligible: shebao.Yuan(500)}
		if _, _, err := a.Medical.RecordClaim(clerk, early); err == nil || !strings.Contains(shebao.ErrorMessage(err), "2023年度") {
			t.Errorf("a stay before the 390 year: %v", err)
		}
		if _, _, err := a.Medical.RecordClaim(town, c); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town settles claims: %v", err)
		}
	})
}

// SettleHospitals is a batch job of kind "hospital" per month: its run
// record holds what it did; two runs of the month at once make one set of
// settlements and one payment to approve; a role that may not settle is
// refused before any run record is made; the approved payment is carried
// out by the service's executor, once.
func TestSettleHospitalsRuns(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		id := resident(t, a)
		claims := []shebao.NewClaim{
			{SettlementNo: "JS-A", IDNo: id, Scheme: "390", Hospital: "宁夏医科大学总医院", Level: 3,
				Admitted: "2024-05-01", Discharged: "2024-05-10", TotalCost: shebao.Yuan(12000), Eligible: shebao.Yuan(10000)},
			{SettlementNo: "JS-B", IDNo: id, Scheme: "390", Hospital: "银川市第二人民医院", Level: 2,
				Admitted: "2024-05-15", Discharged: "2024-05-20", TotalCost: shebao.Yuan(2500), Eligible: shebao.Yuan(2000)},
		}
		if _, errs, err := a.Medical.ImportClaims(clerk, "r", claims); err != nil || errs[0] != nil || errs[1] != nil {
			t.Fatalf("claims %v %v", errs, err)
		}
		if _, err := a.Medical.SettleHospitals(town, "2024-05"); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town settles: %v", err)
		}
		if run, _ := a.Batch.Find(admin, medical.JobHospital, "2024-05"); run != nil {
			t.Errorf("a refused run left a record: %+v", run)
		}

		var wg sync.WaitGroup
		results := make([]*shebao.HospitalSettlementResult, 2)
		errs := make([]error, 2)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = a.Medical.SettleHospitals(clerk, "2024-05")
			}()
		}
		wg.Wait()
		created, approvals := 0, 0
		var approval *shebao.Approval
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("run %d: %v", i, errs[i])
			}
			created += len(r.Created)
			if r.Approval != nil {
				approvals++
				approval = r.Approval
			}
		}
		// (10000 − 800) × 60% + (2000 − 400) × 75% = 5520.00 + 1200.00.
		if created != 2 || approvals != 1 || !strings.Contains(approval.Summary, "合计6720.00元") {
			t.Fatalf("two runs at once made %d settlements and %d approvals (%+v)", created, approvals, approval)
		}
		run, err := a.Batch.Find(admin, medical.JobHospital, "2024-05")
		if err != nil || run == nil || run.Status != batch.StatusDone || run.Actor != "yibao1" {
			t.Fatalf("run record %+v %v", run, err)
		}
		// The detail is the last run's (the record is the month's).
		var detail map[string]any
		if err := json.Unmarshal(run.Detail, &detail); err != nil || detail["created"] == nil || detail["amount"] == nil {
			t.Errorf("detail %s: %v", run.Detail, err)
		}

		if _, err := a.Approve.DecideApproval(checker, approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		list, err := a.Medical.FindSettlements(clerk, shebao.SettlementFilter{Month: "2024-05"})
		if err != nil || len(list) != 2 {
			t.Fatalf("settlements %v %v", list, err)
		}
		for _, s := range list {
			if s.Status != shebao.SettlementPaid {
				t.Errorf("not paid after approval: %+v", s)
			}
		}
		// The executor refuses what is paid already.
		payload, _ := json.Marshal(map[string]any{"month": "2024-05", "settlements": []string{list[0].ID}, "claims": list[0].Claims, "amount": list[0].Amount})
		if _, err := a.Medical.ExecuteHospitalSettlement(checker, payload); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("paid twice: %v", err)
		}
		if _, err := a.Medical.ExecuteHospitalSettlement(checker, []byte(`{"month":"2024-05"}`)); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("an empty payment: %v", err)
		}
	})
}
