package assist_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestTemporaryRelief decides and pays a 临时救助, on both engines. 马强 of
// 魏家桥村 (a 村民委员会: the rural standard 520.00) lost his house to a
// fire. By hand: the cap of one decision is 520.00 × 6 (the shipped
// assist.temporary.max_months) = 3120.00, so 3120.01 is refused and 2000.00
// is taken. Decided by mz1 on 2025-08-05 and approved by mz2, it is paid
// once by the August payroll (2000.00, kind temporary_relief) and never
// again.
func TestTemporaryRelief(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		admin := sqldbtest.Admin()
		prev := shebao.Now
		at := func(y int, m time.Month, d int) {
			shebao.Now = func() time.Time { return time.Date(y, m, d, 10, 0, 0, 0, shebao.ChinaTime) }
		}
		at(2025, 8, 5)
		t.Cleanup(func() { shebao.Now = prev })
		man := id(t, "64010619800315011")
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: man, Name: "马强", Hukou: "农业", Region: village}); err != nil {
			t.Fatal(err)
		}
		town := sqldbtest.As(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"})
		mz1 := sqldbtest.As(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"})
		mz2 := sqldbtest.As(shebao.Actor{Name: "mz2", Role: "clerk/civil", Region: "640106000000"})
		payMaker := sqldbtest.As(shebao.Actor{Name: "clerk1", Role: "clerk/benefits", Region: "640106000000"})
		payChecker := sqldbtest.As(shebao.Actor{Name: "clerk2", Role: "clerk/benefits", Region: "640106000000"})
		req := shebao.ReliefRequest{No: "LS2025-001", IDNo: man, Date: "2025-08-05", Category: shebao.ReliefUrgent, Amount: 200000,
			Reason: "2025年8月3日房屋失火,基本生活暂时困难", BankAccount: "6228480402564890018"}
		if _, _, err := a.Assist.SubmitRelief(town, req); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town decided: %v", err)
		}
		over := req
		over.Amount = 312001
		if _, _, err := a.Assist.SubmitRelief(mz1, over); err == nil || !strings.Contains(shebao.ErrorMessage(err), "超过单次上限3120.00元") ||
			!strings.Contains(shebao.ErrorMessage(err), "农村低保标准520.00元/月 × 6 = 3120.00元") {
			t.Errorf("over the cap: %v", err)
		}
		bad := req
		bad.Category = "其他"
		if _, _, err := a.Assist.SubmitRelief(mz1, bad); err == nil || !strings.Contains(err.Error(), "category") {
			t.Errorf("a bad category: %v", err)
		}
		nobody := req
		nobody.IDNo = id(t, "64010619700101011")
		if _, _, err := a.Assist.SubmitRelief(mz1, nobody); err == nil || !strings.Contains(err.Error(), "id_no") {
			t.Errorf("an unregistered person: %v", err)
		}
		r, created, err := a.Assist.SubmitRelief(mz1, req)
		if err != nil || !created || r.Status != shebao.ReliefSubmitted || r.Cap != 312000 || r.ApprovalID == "" || r.Name != "马强" {
			t.Fatalf("submitted %+v %v %v", r, created, err)
		}
		// The same decision again changes nothing; the same number with
		// another amount is refused.
		again, created, err := a.Assist.SubmitRelief(mz1, req)
		if err != nil || created || again.ApprovalID != r.ApprovalID {
			t.Errorf("again %+v %v %v", again, created, err)
		}
		other := req
		other.Amount = 250000
		if _, _, err := a.Assist.SubmitRelief(mz1, other); err == nil || !strings.Contains(shebao.ErrorMessage(err), "编号LS2025-001已用于马强") {
			t.Errorf("a number reused: %v", err)
		}
		if _, err := a.Approve.DecideApproval(mz1, r.ApprovalID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("the maker approved: %v", err)
		}
		if _, err := a.Approve.DecideApproval(mz2, r.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		rs, n, err := a.Assist.FindReliefs(town, shebao.ReliefFilter{From: "2025-08-01", To: "2025-08-31"})
		if err != nil || n != 1 || rs[0].Status != shebao.ReliefApproved || rs[0].Month != "2025-08" || rs[0].BenefitID == "" {
			t.Fatalf("reliefs %+v %d %v", rs, n, err)
		}
		if _, n, err := a.Assist.FindReliefs(town, shebao.ReliefFilter{From: "2025-09-01"}); err != nil || n != 0 {
			t.Errorf("reliefs from September: %d %v", n, err)
		}
		b, err := db.FindBenefit(admin, rs[0].BenefitID)
		if err != nil || b.Kind != shebao.BenefitTemporaryRelief || b.StartMonth != "2025-08" || b.EndMonth != "2025-08" || b.Monthly != 200000 ||
			!strings.Contains(b.Explanation, "临时救助(急难型)决定LS2025-001") {
			t.Fatalf("benefit %+v %v", b, err)
		}
		res, err := a.Benefit.RunPayroll(payMaker, "2025-08", shebao.PayrollOptions{})
		if err != nil || res.Total != 200000 || len(res.Totals) != 1 || res.Totals[0].KindName != "临时救助金" {
			t.Fatalf("payroll %+v %v", res, err)
		}
		if _, err := a.Approve.DecideApproval(payChecker, res.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		at(2025, 9, 10)
		if res, err = a.Benefit.RunPayroll(payMaker, "2025-09", shebao.PayrollOptions{}); err != nil || res.Total != 0 {
			t.Errorf("paid again in September: %+v %v", res, err)
		}
		// The statistics of August (issue #18 item 8): one decision of
		// 2000.00, paid 2000.00.
		sp, err := report.ParseSpan("", "2025-08", "2025-08")
		if err != nil {
			t.Fatal(err)
		}
		st, err := a.Report.Assistance(admin, village, sp)
		if err != nil || st.Rows[0].Reliefs != 1 || st.Rows[0].ReliefAmount != 200000 || st.Rows[0].ReliefPaid != 200000 {
			t.Errorf("statistics %+v %v", st, err)
		}
	})
}
