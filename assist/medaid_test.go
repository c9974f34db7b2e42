package assist_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 医疗救助 in the medical settlement (issue #18 item 4; docs/DOMAIN.md §9),
// with the shipped example policy: 390 at a level-3 hospital: deductible
// 800.00 a stay, 60%; level 2: 400.00, 75%; 医疗救助 特困人员 100% (cap
// 30000.00), 低保对象 70% (cap 20000.00), 低保边缘家庭成员 60% after a yearly
// 500.00 (cap 10000.00).
//
// Worked claims (by hand):
//   - 马强 (低保 from 2025-06), stay discharged 2025-07-10, total 12000.00,
//     in-policy 10000.00: fund (10000.00 − 800.00) × 60% = 5520.00; in-policy
//     self-paid 10000.00 − 5520.00 = 4480.00; × 70% = 3136.00; cap left
//     20000.00; 个人负担 12000.00 − 5520.00 − 3136.00 = 3344.00.
//   - his stay discharged 2025-05-20 (before 低保): no assistance.
//   - two stays of his at once (2025-07-12), in-policy 50000.00 each: fund
//     (50000.00 − 800.00) × 60% = 29520.00, base 20480.00, × 70% = 14336.00
//     each; cap left 20000.00 − 3136.00 = 16864.00: one pays 14336.00, the
//     other the rest, 2528.00 — never 14336.00 twice.
//   - 白秀兰, flagged 五保 (特困) until 2025-08-01: level 2, total 2500.00,
//     in-policy 2000.00, discharged 2025-07-20: fund (2000.00 − 400.00) × 75%
//     = 1200.00, base 800.00 × 100% = 800.00, 个人负担 500.00 (the cost out of
//     policy); the same stay discharged 2025-08-03, after the flag was
//     removed: no assistance.
//   - 杨柳, a 低保边缘 household (per capita 600.00: 520.00 ≤ 600.00 <
//     520.00 × 150% = 780.00) from 2025-07-01: level 2, in-policy 2000.00,
//     fund 1200.00, base 800.00 − yearly deductible 500.00 = 300.00 × 60% =
//     180.00.
//
// The July settlement with hospitals pays the assistance apart: 宁夏医科大学
// 总医院 3136.00 + 14336.00 + 2528.00 = 20000.00, 银川市第二人民医院 800.00 +
// 180.00 = 980.00; a second run pays nothing more, and the books balance.
func TestMedicalAid(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		med := sqldbtest.As(shebao.Actor{Name: "yibao1", Role: "clerk/medical", Region: "640106000000"})
		med2 := sqldbtest.As(shebao.Actor{Name: "yibao2", Role: "clerk/medical", Region: "640106000000"})
		bai, yang := id(t, "64010619580402041"), id(t, "64010619750101022")
		f.at(2025, 1, 5)
		for _, p := range []*shebao.Person{{IDNo: bai, Name: "白秀兰", Hukou: "农业", Region: village}, {IDNo: yang, Name: "杨柳", Hukou: "农业", Region: village}} {
			if err := a.Registry.CreatePerson(f.admin, p); err != nil {
				t.Fatal(err)
			}
		}
		setWubao(t, db, bai, true)
		for _, p := range []string{f.man, bai, yang} {
			if _, err := a.Enroll.Enroll(f.admin, shebao.EnrollRequest{IDNo: p, Scheme: "390", Date: "2024-12-01", Year: 2025}); err != nil {
				t.Fatal(err)
			}
		}
		f.at(2025, 6, 20)
		f.approve(t, a)

		// 低保边缘: refused below the standard and at the limit; recorded.
		edge := shebao.EdgeRequest{No: "金民边〔2025〕1号", Region: village, Members: []string{yang}, PerCapita: shebao.Yuan(500), From: "2025-07-01"}
		if _, _, err := a.Assist.RecordEdge(f.mz1, edge); fieldOf(err) != "per_capita_income" || !strings.Contains(shebao.ErrorMessage(err), "低于低保标准520.00元") {
			t.Errorf("below the standard: %v", err)
		}
		edge.PerCapita = shebao.Yuan(780)
		if _, _, err := a.Assist.RecordEdge(f.mz1, edge); fieldOf(err) != "per_capita_income" || !strings.Contains(shebao.ErrorMessage(err), "780.00") {
			t.Errorf("at the limit: %v", err)
		}
		if _, _, err := a.Assist.RecordEdge(f.vil, edge); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a village records: %v", err)
		}
		edge.PerCapita = shebao.Yuan(600)
		h, created, err := a.Assist.RecordEdge(f.mz1, edge)
		if err != nil || !created || h.Limit != shebao.Yuan(780) || h.Standard != shebao.Yuan(520) || h.Area != shebao.AreaRural {
			t.Fatalf("edge %+v %v %v", h, created, err)
		}
		if _, created, err := a.Assist.RecordEdge(f.mz1, edge); err != nil || created {
			t.Errorf("the same record again: %v %v", created, err)
		}
		if list, err := a.Assist.FindEdge(f.town, shebao.EdgeFilter{On: "2025-07-20"}); err != nil || len(list) != 1 || list[0].Members[0].Name != "杨柳" {
			t.Errorf("edge list %+v %v", list, err)
		}

		f.at(2025, 7, 25)
		claim := func(no, who string, level int, dis string, total, elig int64) shebao.NewClaim {
			hosp := map[int]string{2: "银川市第二人民医院", 3: "宁夏医科大学总医院"}[level]
			return shebao.NewClaim{SettlementNo: no, IDNo: who, Scheme: "390", Hospital: hosp, Level: level, Admitted: dis[:8] + "01",
				Discharged: dis, TotalCost: shebao.Yuan(total), Eligible: shebao.Yuan(elig)}
		}
		record := func(c shebao.NewClaim) *shebao.Claim {
			t.Helper()
			cl, _, err := a.Medical.RecordClaim(med, c)
			if err != nil {
				t.Fatalf("%s: %v", c.SettlementNo, err)
			}
			return cl
		}
		cl := record(claim("JZ-1", f.man, 3, "2025-07-10", 12000, 10000))
		if cl.FundPaid != shebao.Yuan(5520) || cl.AidPaid != shebao.Yuan(3136) || cl.AidCategory != shebao.AidDibao || cl.SelfPaid != shebao.Yuan(3344) ||
			!strings.Contains(cl.AidExplanation, "4480.00 × 救助比例70% = 3136.00元") || !strings.Contains(cl.AidExplanation, "剩余20000.00元") {
			t.Fatalf("JZ-1 %+v", cl)
		}
		if got, err := a.Medical.FindClaim(med, cl.ID); err != nil || got.AidPaid != cl.AidPaid || got.SelfPaid != cl.SelfPaid || got.AidExplanation != cl.AidExplanation {
			t.Errorf("read back %+v %v", got, err)
		}
		if cl := record(claim("JZ-0", f.man, 3, "2025-05-20", 12000, 10000)); cl.AidPaid != 0 || cl.AidCategory != "" || cl.SelfPaid != shebao.Yuan(6480) {
			t.Errorf("before 低保: %+v", cl)
		}

		// Two stays at once never both use the last of the cap.
		var wg sync.WaitGroup
		got := make([]*shebao.Claim, 2)
		errs := make([]error, 2)
		for i, no := range []string{"JZ-2", "JZ-3"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], _, errs[i] = a.Medical.RecordClaim(med, claim(no, f.man, 3, "2025-07-12", 50000, 50000))
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("at once: %v %v", errs[0], errs[1])
		}
		paid := []shebao.Money{got[0].AidPaid, got[1].AidPaid}
		slices.Sort(paid)
		if paid[0] != shebao.Yuan(2528) || paid[1] != shebao.Yuan(14336) {
			t.Fatalf("the cap used twice: %v", paid)
		}

		// 特困 by the flag as it was on the discharge date.
		if cl := record(claim("JZ-4", bai, 2, "2025-07-20", 2500, 2000)); cl.AidCategory != shebao.AidTekun || cl.AidPaid != shebao.Yuan(800) || cl.SelfPaid != shebao.Yuan(500) {
			t.Errorf("特困 %+v", cl)
		}
		if cl := record(claim("JZ-5", yang, 2, "2025-07-20", 2000, 2000)); cl.AidCategory != shebao.AidEdge || cl.AidPaid != shebao.Yuan(180) ||
			!strings.Contains(cl.AidExplanation, "年度起付线500.00元") {
			t.Errorf("边缘 %+v", cl)
		}
		f.at(2025, 8, 1)
		setWubao(t, db, bai, false)
		f.at(2025, 8, 5)
		if cl := record(claim("JZ-6", bai, 2, "2025-08-03", 2500, 2000)); cl.AidPaid != 0 || cl.AidCategory != "" {
			t.Errorf("after the flag was removed: %+v", cl)
		}
		// The July claim recorded now still reads the flag of its day.
		// Fund (1000.00 − 400.00) × 75% = 450.00; base 1000.00 − 450.00 = 550.00 × 100%.
		if cl := record(claim("JZ-7", bai, 2, "2025-07-21", 1000, 1000)); cl.AidCategory != shebao.AidTekun || cl.AidPaid != shebao.Yuan(550) {
			t.Errorf("July read back by the flag's history: %+v", cl)
		}

		// The July settlement pays the assistance on lines of its own.
		res, err := a.Medical.SettleHospitals(med, "2025-07")
		if err != nil {
			t.Fatal(err)
		}
		aid := map[string]shebao.Money{}
		for _, s := range res.Created {
			if s.Scheme == shebao.BenefitMedicalAid {
				aid[s.Hospital] = s.Amount
				if !strings.Contains(s.Explanation, "医疗救助") || s.SchemeName != "医疗救助" {
					t.Errorf("aid settlement %+v", s)
				}
			}
		}
		// 20000.00 at the level-3 hospital; 800.00 + 180.00 + 550.00 (JZ-7) at the level-2.
		if aid["宁夏医科大学总医院"] != shebao.Yuan(20000) || aid["银川市第二人民医院"] != shebao.Yuan(1530) {
			t.Fatalf("aid settlements %v (%s)", aid, res.Summary)
		}
		if _, err := a.Approve.DecideApproval(med2, res.Approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		again, err := a.Medical.SettleHospitals(med, "2025-07")
		if err != nil || len(again.Created) != 0 || again.Approval != nil {
			t.Errorf("run again %+v %v", again, err)
		}
		chk, err := a.Ledger.CheckLedger(f.admin)
		if err != nil || !chk.Balanced {
			t.Fatalf("ledger %+v %v", chk, err)
		}

		// The reports: July, 魏家桥村: 3 persons, 6 assisted claims,
		// 20000.00 + 1530.00 = 21530.00.
		rep, err := a.Report.Assistance(f.admin, village, report.Span{From: "2025-07-01", To: "2025-07-31"})
		if err != nil || len(rep.Rows) == 0 {
			t.Fatalf("assistance report %+v %v", rep, err)
		}
		if m := rep.Rows[0].MedicalAidFigures; m.Persons != 3 || m.Claims != 6 || m.Paid != shebao.Yuan(21530) {
			t.Errorf("assistance report: %+v", m)
		}
		mr, err := a.Report.Medical(f.admin, "640106000000", "2025-07", "2025-07")
		if err != nil || len(mr.Aid) == 0 || mr.Aid[0].Paid != shebao.Yuan(21530) || mr.Aid[0].Claims != 6 {
			t.Errorf("medical report %+v %v", mr, err)
		}
	})
}

// setWubao gives or removes the 五保 (特困) flag as the system does, with
// the person's history (another part of issue #18 derives it from 特困
// cases; the claim reads it as it was on the day).
func setWubao(t *testing.T, db *sqldb.DB, idNo string, on bool) {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	p, err := db.FindPerson(ctx, idNo)
	if err != nil {
		t.Fatal(err)
	}
	np := *p
	np.Flags = slices.DeleteFunc(slices.Clone(p.Flags), func(f string) bool { return f == shebao.FlagWubao })
	if on {
		np.Flags = append(np.Flags, shebao.FlagWubao)
	}
	if err := shebao.NormalizePerson(&np, shebao.Today()); err != nil {
		t.Fatal(err)
	}
	if err := db.ChangePerson(ctx, "特困认定(测试)", p, &np, shebao.PersonChanges(p, &np)); err != nil {
		t.Fatal(err)
	}
}

func fieldOf(err error) string {
	var e *shebao.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// TestInsureFollowsStatus: the government pays the 390 contribution of 低保
// and 特困 persons as they held the flag in the contribution's year up to
// the payment date (shipped examples: 390 individual 400.00; 五保 100%,
// 低保 a fixed 280.00, so the person pays 120.00).
//   - 马强, 低保 approved 2025-06-20: his 2025 receipt of 2025-07-01 → 280.00
//     paid by the government, 120.00 by him.
//   - the case stopped from 2025-09 (recorded 2025-08-25): his wife's 2025
//     receipt of 2025-09-10 still counts the months of 2025 she was 低保 →
//     280.00; his 2026 receipt paid in advance on 2025-10-15 → nothing
//     (400.00 himself): the stop ends it from the next year.
//   - 白秀兰, 五保 (特困): her 2026 receipt of 2025-11-01 → 400.00 × 100%.
func TestInsureFollowsStatus(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		bai := id(t, "64010619580402041")
		f.at(2025, 1, 5)
		if err := a.Registry.CreatePerson(f.admin, &shebao.Person{IDNo: bai, Name: "白秀兰", Hukou: "农业", Region: village}); err != nil {
			t.Fatal(err)
		}
		setWubao(t, db, bai, true)
		enroll := func(year int, date string) {
			for _, p := range []string{f.man, f.wife, bai} {
				if _, err := a.Enroll.Enroll(f.admin, shebao.EnrollRequest{IDNo: p, Scheme: "390", Date: date, Year: year}); err != nil {
					t.Fatal(err)
				}
			}
		}
		enroll(2025, "2024-12-01")
		f.at(2025, 6, 20)
		c := f.approve(t, a)
		pay := func(receipt, who string, year int, on string) *shebao.ResidentContribution {
			t.Helper()
			rc, _, err := a.Collect.RecordResidentContribution(f.admin, shebao.ResidentContribution{ReceiptNo: receipt, IDNo: who, Scheme: "390", Year: year, PaidOn: on})
			if err != nil {
				t.Fatalf("%s: %v", receipt, err)
			}
			return rc
		}
		f.at(2025, 7, 1)
		if rc := pay("PJ-1", f.man, 2025, "2025-07-01"); rc.FinancePaid != shebao.Yuan(280) || rc.PersonPaid() != shebao.Yuan(120) ||
			!strings.Contains(rc.Explanation, "政府资助参保代缴定额280.00元") {
			t.Errorf("低保 in the year: %+v", rc)
		}
		f.at(2025, 8, 25)
		if _, err := a.Assist.Stop(f.mz1, c.ID, "2025-09", "家庭收入超过低保标准"); err != nil {
			t.Fatal(err)
		}
		f.at(2025, 9, 10)
		if rc := pay("PJ-2", f.wife, 2025, "2025-09-10"); rc.FinancePaid != shebao.Yuan(280) {
			t.Errorf("the stop's own year: %+v", rc)
		}
		f.at(2025, 10, 15)
		enroll(2026, "2025-10-01")
		if rc := pay("PJ-3", f.man, 2026, "2025-10-15"); rc.FinancePaid != 0 || rc.PersonPaid() != shebao.Yuan(400) {
			t.Errorf("the next year after the stop: %+v", rc)
		}
		f.at(2025, 11, 1)
		if rc := pay("PJ-4", bai, 2026, "2025-11-01"); rc.FinancePaid != shebao.Yuan(400) || rc.Special != shebao.FlagWubao {
			t.Errorf("特困: %+v", rc)
		}
		chk, err := a.Ledger.CheckLedger(f.admin)
		if err != nil || !chk.Balanced {
			t.Fatalf("ledger %+v %v", chk, err)
		}
	})
}
