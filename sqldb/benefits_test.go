package sqldb_test

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDeterminationNeedsSecondClerk: a determination waits in the queue,
// the maker cannot approve it, the checker's approval creates the benefit
// (maker and checker recorded) and moves the enrollment to 享受待遇; the
// same determination cannot be made twice.
func TestDeterminationNeedsSecondClerk(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := demo.IDNumber("640106", time.Date(1964, 5, 1, 0, 0, 0, 0, time.UTC), 11, true)
		if err := db.CreatePerson(admin, person(id, "杨建国", "640106100201")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "170", Date: "2010-01-01"}); err != nil {
			t.Fatal(err)
		}
		maker := shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk/benefits", Region: "640106000000"})
		checker := shebao.WithActor(admin, shebao.Actor{Name: "clerk2", Role: "clerk", Region: "640106000000"})
		town := shebao.WithActor(admin, shebao.Actor{Name: "town1", Role: "town", Region: "640106100000"})
		b := shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitResidentPension, StartMonth: "2024-06",
			Monthly: shebao.Money(48271), AccountPart: 35971, BasicPart: 12300, Source: "determination:test",
			Explanation: "城乡居民养老金 = 基础养老金123.00 + 个人账户50000.00 ÷ 139 = 482.71元/月"}
		if _, err := db.SubmitDetermination(town, b); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town clerk determined a pension: %v", err)
		}
		bad := b
		bad.AccountPart = 50000
		if _, err := db.SubmitDetermination(maker, bad); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("parts above the amount: %v", err)
		}
		ap, err := db.SubmitDetermination(maker, b)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SubmitDetermination(maker, b); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second submission while pending: %v", err)
		}
		if bs, _, _ := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: id}); len(bs) != 0 {
			t.Fatalf("benefit exists before approval: %+v", bs)
		}
		if _, err := app.New(db).Approve.DecideApproval(maker, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("maker approved own determination: %v", err)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, ap.ID, true, "核对档案"); err != nil {
			t.Fatal(err)
		}
		bs, total, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: id})
		if err != nil || total != 1 {
			t.Fatalf("benefits %d %v", total, err)
		}
		got, err := db.FindBenefit(admin, bs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Monthly != 48271 || got.Scheme != "170" || got.Status != shebao.BenefitActive || got.CreatedBy != "clerk1" ||
			got.ApprovedBy != "clerk2" || len(got.Amounts) != 1 || got.Amounts[0].AccountPart != 35971 {
			t.Errorf("benefit %+v", got)
		}
		p, _ := db.FindPerson(admin, id)
		if len(p.Enrollments) != 1 || p.Enrollments[0].Status != shebao.EnrollBenefit {
			t.Errorf("enrollment after determination: %+v", p.Enrollments)
		}
		if _, err := db.SubmitDetermination(maker, b); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second determination: %v", err)
		}

		// Suspend, resume, stop; each needs a reason.
		if _, err := db.ChangeBenefit(maker, got.ID, shebao.BenefitChange{Action: shebao.BenefitSuspend, Month: "2024-08"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("suspension without reason: %v", err)
		}
		if s, err := db.ChangeBenefit(maker, got.ID, shebao.BenefitChange{Action: shebao.BenefitSuspend, Month: "2024-08", Reason: "待领取资格认证"}); err != nil || s.Status != shebao.BenefitSuspended {
			t.Fatalf("suspend %+v %v", s, err)
		}
		if _, err := db.ChangeBenefit(maker, got.ID, shebao.BenefitChange{Action: shebao.BenefitSuspend, Month: "2024-09", Reason: "x"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("suspended twice: %v", err)
		}
		if s, err := db.ChangeBenefit(maker, got.ID, shebao.BenefitChange{Action: shebao.BenefitResume, Month: "2024-09", Reason: "已认证"}); err != nil || s.Status != shebao.BenefitActive {
			t.Fatalf("resume %+v %v", s, err)
		}
		s, err := db.ChangeBenefit(maker, got.ID, shebao.BenefitChange{Action: shebao.BenefitStop, Month: "2025-01", Reason: "死亡"})
		if err != nil || s.Status != shebao.BenefitStopped || s.EndMonth != "2024-12" || s.Amounts[0].ToMonth != "2024-12" {
			t.Fatalf("stop %+v %v", s, err)
		}
	})
}

// TestCreateBenefitsIsIdempotent: a batch creating the same entitlements
// again creates none, and a person outside the jurisdiction fails the
// whole batch.
func TestCreateBenefitsIsIdempotent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		var bs []shebao.NewBenefit
		for i := range 3 {
			id := demo.IDNumber("640106", time.Date(1950, 1, 2+i, 0, 0, 0, 0, time.UTC), 21, i%2 == 0)
			if err := db.CreatePerson(admin, person(id, "征地户", "640106100201")); err != nil {
				t.Fatal(err)
			}
			bs = append(bs, shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitLandAllowance, StartMonth: "2024-01",
				Monthly: 16000, Source: "land:宁政土批〔2023〕12号", Explanation: "70–79周岁 基本生活保障金160.00元/月"})
		}
		n, err := db.CreateBenefits(admin, bs)
		if err != nil || n != 3 {
			t.Fatalf("created %d %v", n, err)
		}
		if n, err := db.CreateBenefits(admin, bs); err != nil || n != 0 {
			t.Fatalf("again created %d %v", n, err)
		}
		other := shebao.WithActor(admin, shebao.Actor{Name: "v", Role: "clerk", Region: "640106101000"})
		if _, err := db.CreateBenefits(other, bs[:1]); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("outside jurisdiction: %v", err)
		}
		list, total, err := db.FindBenefits(admin, shebao.BenefitFilter{Kind: shebao.BenefitLandAllowance})
		if err != nil || total != 3 || list[0].KindName != "被征地农民基本生活保障金" {
			t.Fatalf("list %d %v", total, err)
		}
		if _, total, _ := db.FindBenefits(other, shebao.BenefitFilter{}); total != 0 {
			t.Errorf("another town sees %d benefits", total)
		}
		// A citizen sees their own benefit and no one else's, even in
		// their own village.
		citizen := shebao.WithActor(admin, shebao.Actor{Name: "c", Role: "citizen", Region: "640106100201", IDNo: bs[0].IDNo})
		own, total, err := db.FindBenefits(citizen, shebao.BenefitFilter{})
		if err != nil || total != 1 || own[0].IDNo != bs[0].IDNo {
			t.Fatalf("citizen's own benefits: %d %v", total, err)
		}
		if _, total, _ := db.FindBenefits(citizen, shebao.BenefitFilter{IDNo: bs[1].IDNo}); total != 0 {
			t.Errorf("citizen sees another person's benefits: %d", total)
		}
		if _, err := db.FindBenefit(citizen, list[1].ID); shebao.ErrorCode(err) != shebao.ENOTFOUND && list[1].IDNo != bs[0].IDNo {
			t.Errorf("citizen reads another person's benefit: %v", err)
		}
	})
}
