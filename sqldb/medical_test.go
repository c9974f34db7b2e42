package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var medicalClerk = shebao.Actor{Name: "yibao1", Role: "clerk/medical", Region: "640106000000"}

// medicalFixture: 白秀兰 in 390 for 2024 (not 2023), 马志刚 employed from
// 2024-01-01 (310 with the other employee schemes, 300.00 in his 310
// account) and leaving on 2024-09-01, 田有福 registered but not insured. The
// district lowers the 390 annual cap to 10000.00 so that three stays reach
// it.
func medicalFixture(t *testing.T, db *sqldb.DB) (resident, employee, uninsured, uscc string) {
	t.Helper()
	seedRegions(t, db)
	resident = demo.IDNumber("640106", time.Date(1958, 4, 2, 0, 0, 0, 0, time.UTC), 41, false)
	employee = demo.IDNumber("640106", time.Date(1980, 7, 9, 0, 0, 0, 0, time.UTC), 43, true)
	uninsured = demo.IDNumber("640106", time.Date(1970, 1, 20, 0, 0, 0, 0, time.UTC), 45, true)
	for id, name := range map[string]string{resident: "白秀兰", employee: "马志刚", uninsured: "田有福"} {
		if err := db.CreatePerson(admin, person(id, name, "640106100201")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: resident, Scheme: "390", Date: "2023-12-01", Year: 2024}); err != nil {
		t.Fatal(err)
	}
	emp := &shebao.Employer{USCC: demo.USCC("640106", 51), Name: "金凤医保测试有限公司", RiskClass: 1, Region: "640106100201"}
	if err := db.CreateEmployer(admin, emp); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Hire(admin, employee, emp.USCC, "2024-01-01", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Leave(admin, employee, emp.USCC, "2024-09-01", "解除劳动合同"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MoveAccounts(admin, "2024-01-31", "test:310:"+employee, "个人账户划入", []shebao.AccountMovement{
		{IDNo: employee, Fund: "310", Date: "2024-01-31", Kind: shebao.MoveCredit, Source: "test:310:" + employee, Amount: shebao.Yuan(300)}}); err != nil {
		t.Fatal(err)
	}
	ps, err := policy.Parse(strings.NewReader(`
[[param]]
key = "medical.390.cap"
value = "10000.00"
from = 2024-01-01
region = "640106"
source = "示例值:测试用区级限额"
example = true
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadPolicy(admin, "local.toml", "x", ps); err != nil {
		t.Fatal(err)
	}
	return resident, employee, uninsured, emp.USCC
}

// TestReimbursement settles hospital stays by hand (390 example policy:
// deductible 100/400/800 by level, ratio 85/75/60%; the district's cap
// 10000.00), given out of order:
//
//	S1 三级 discharged 03-10: (10000 − 800) × 60% = 5520.00, paid 5520.00
//	S2 二级 discharged 05-08: (8000 − 400) × 75% = 5700.00, 4480.00 left of the cap
//	S3 一级 discharged 07-03: (1500 − 100) × 85% = 1190.00, cap used up: 0
//
// and rejects a stay of 2023 (not enrolled that year) and one of a person
// not insured; importing the same claims again changes nothing.
func TestReimbursement(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		resident, _, uninsured, _ := medicalFixture(t, db)
		clerk := shebao.WithActor(admin, medicalClerk)
		claims := []shebao.NewClaim{
			{SettlementNo: "JS2024-0003", IDNo: resident, Scheme: "新农合", Hospital: "金凤区良田镇卫生院", Level: 1,
				Admitted: "2024-07-01", Discharged: "2024-07-03", TotalCost: shebao.Yuan(2000), Eligible: shebao.Yuan(1500)},
			{SettlementNo: "JS2024-0001", IDNo: resident, Scheme: "390", Hospital: "宁夏医科大学总医院", Level: 3,
				Admitted: "2024-03-01", Discharged: "2024-03-10", TotalCost: shebao.Yuan(12000), Eligible: shebao.Yuan(10000)},
			{SettlementNo: "JS2024-0002", IDNo: resident, Scheme: "390", Hospital: "银川市第二人民医院", Level: 2,
				Admitted: "2024-05-02", Discharged: "2024-05-08", TotalCost: shebao.Yuan(9000), Eligible: shebao.Yuan(8000)},
			{SettlementNo: "JS2023-0009", IDNo: resident, Scheme: "390", Hospital: "银川市第二人民医院", Level: 2,
				Admitted: "2023-11-02", Discharged: "2023-11-08", TotalCost: shebao.Yuan(3000), Eligible: shebao.Yuan(3000)},
			{SettlementNo: "JS2024-0010", IDNo: uninsured, Scheme: "390", Hospital: "银川市第二人民医院", Level: 2,
				Admitted: "2024-05-02", Discharged: "2024-05-08", TotalCost: shebao.Yuan(3000), Eligible: shebao.Yuan(3000)},
		}
		out, errs, err := db.ImportClaims(clerk, "run1", claims)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if errs[i] != nil || out[i] != shebao.Created {
				t.Fatalf("claim %d: %v %v", i, out[i], errs[i])
			}
		}
		if errs[3] == nil || !strings.Contains(shebao.ErrorMessage(errs[3]), "未参加2023年度的城乡居民基本医疗保险") {
			t.Errorf("2023 stay: %v", errs[3])
		}
		if errs[4] == nil || !strings.Contains(shebao.ErrorMessage(errs[4]), "未参加2024年度的城乡居民基本医疗保险") {
			t.Errorf("uninsured: %v", errs[4])
		}
		list, total, err := db.FindClaims(clerk, shebao.ClaimFilter{IDNo: resident, Year: 2024})
		if err != nil || total != 3 {
			t.Fatalf("claims %d %v", total, err)
		}
		want := []struct {
			no                    string
			ded, fund, used, self shebao.Money
			ratio                 string
		}{
			{"JS2024-0001", shebao.Yuan(800), shebao.Yuan(5520), 0, shebao.Yuan(6480), "60%"},
			{"JS2024-0002", shebao.Yuan(400), shebao.Yuan(4480), shebao.Yuan(5520), shebao.Yuan(4520), "75%"},
			{"JS2024-0003", shebao.Yuan(100), 0, shebao.Yuan(10000), shebao.Yuan(2000), "85%"},
		}
		for i, w := range want {
			c := list[i]
			if c.SettlementNo != w.no || c.Deductible != w.ded || c.FundPaid != w.fund || c.CapUsedBefore != w.used ||
				c.SelfPaid != w.self || c.Ratio != w.ratio || c.AccountPaid != 0 || c.Year != 2024 || c.Name != "白秀兰" {
				t.Errorf("claim %d = %+v, want %+v", i, c, w)
			}
		}
		if !strings.Contains(list[1].Explanation, "(8000.00 − 400.00) × 报销比例75% = 5700.00元") ||
			!strings.Contains(list[1].Explanation, "剩余4480.00元,按4480.00元支付") {
			t.Errorf("explanation %q", list[1].Explanation)
		}

		// Again, and once more with a changed amount: nothing changes; the
		// change is refused.
		out, errs, err = db.ImportClaims(clerk, "run2", claims[:3])
		if err != nil || out[0] != shebao.Unchanged || out[1] != shebao.Unchanged || out[2] != shebao.Unchanged {
			t.Fatalf("again %v %v %v", out, errs, err)
		}
		changed := claims[1]
		changed.Eligible = shebao.Yuan(11000)
		if _, errs, _ := db.ImportClaims(clerk, "run3", []shebao.NewClaim{changed}); shebao.ErrorCode(errs[0]) != shebao.ECONFLICT {
			t.Errorf("changed claim: %v", errs[0])
		}
		if _, total, _ := db.FindClaims(clerk, shebao.ClaimFilter{IDNo: resident}); total != 3 {
			t.Errorf("%d claims after re-import", total)
		}

		// The ledger: Dr 5031 / Cr 2101 in fund 390 for 10000.00, balanced.
		check, err := db.CheckLedger(admin)
		if err != nil || !check.Balanced {
			t.Fatalf("ledger %+v %v", check, err)
		}
		for _, f := range check.Funds {
			if f.Fund == "390" && f.Debit != shebao.Yuan(10000) {
				t.Errorf("390 fund debits %s, want 10000.00", f.Debit)
			}
		}

		// The indicators.
		rep, err := db.MedicalReport(admin, "640106", "2024-01", "2024-12")
		if err != nil || len(rep.Schemes) != 1 {
			t.Fatalf("report %+v %v", rep, err)
		}
		s := rep.Schemes[0]
		if s.Scheme != "390" || s.Stays != 3 || s.Persons != 1 || s.Reimbursed != shebao.Yuan(10000) || s.PerStay != 333333 {
			t.Errorf("stats %+v", s)
		}
		if len(rep.Children) != 1 || rep.Children[0].Region != "640106100000" || rep.Children[0].Stays != 3 {
			t.Errorf("children %+v", rep.Children)
		}
		if !strings.Contains(rep.Summary, "住院报销3人次,报销金额1.00万元") {
			t.Errorf("summary %q", rep.Summary)
		}
		if rep, _ := db.MedicalReport(admin, "640106", "2024-04", "2024-06"); len(rep.Schemes) != 1 || rep.Schemes[0].Stays != 1 {
			t.Errorf("report of Q2 %+v", rep.Schemes)
		}

		// The same new settlement twice in one batch: settled once.
		dup := shebao.NewClaim{SettlementNo: "JS2024-0020", IDNo: resident, Scheme: "390", Hospital: "良田镇卫生院", Level: 1,
			Admitted: "2024-09-01", Discharged: "2024-09-02", TotalCost: shebao.Yuan(500), Eligible: shebao.Yuan(500)}
		a, b := dup, dup
		a.Source, b.Source = "import:x#2", "import:x#3"
		if out, errs, err := db.ImportClaims(clerk, "run4", []shebao.NewClaim{a, b}); err != nil || errs[0] != nil || errs[1] != nil ||
			out[0] != shebao.Created || out[1] != shebao.Unchanged {
			t.Errorf("duplicate in batch: %v %v %v", out, errs, err)
		}
		// One claim by the API path; a town clerk may not settle.
		town := shebao.WithActor(admin, shebao.Actor{Name: "town1", Role: "town", Region: "640106100000"})
		if _, _, err := db.RecordClaim(town, claims[0]); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town settled a claim: %v", err)
		}
		c, created, err := db.RecordClaim(clerk, claims[0])
		if err != nil || created || c.SettlementNo != "JS2024-0003" {
			t.Errorf("record again %+v %v %v", c, created, err)
		}
		if got, err := db.FindClaim(clerk, c.ID); err != nil || got.FundPaid != 0 || got.Hospital != "金凤区良田镇卫生院" {
			t.Errorf("find %+v %v", got, err)
		}
		other := shebao.WithActor(admin, shebao.Actor{Name: "v", Role: "clerk", Region: "640106101000"})
		if _, err := db.FindClaim(other, c.ID); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("another town found the claim: %v", err)
		}
	})
}

// TestMedicalAccount: outpatient costs of 马志刚 are paid from his 310
// account (300.00) up to its balance — 200.00, then 100.00 of 180.00 —
// with the movements and postings that keep 2301 equal to the accounts; an
// inpatient stay is reimbursed by the 310 policy ((10000 − 500) × 85% =
// 8075.00); after 减员 (暂停缴费 from 2024-09-01) a stay is refused.
func TestMedicalAccount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		_, employee, _, _ := medicalFixture(t, db)
		clerk := shebao.WithActor(admin, medicalClerk)
		claims := []shebao.NewClaim{
			{SettlementNo: "MZ-1", IDNo: employee, Scheme: "310", Type: "门诊", Hospital: "金凤区人民医院", Level: 2,
				Admitted: "2024-02-10", TotalCost: shebao.Yuan(250), Eligible: shebao.Yuan(200)},
			{SettlementNo: "MZ-2", IDNo: employee, Scheme: "职工医保", Type: "药店", Hospital: "金凤区大药房", Level: 0,
				Admitted: "2024-03-10", TotalCost: shebao.Yuan(180), Eligible: shebao.Yuan(180)},
			{SettlementNo: "ZY-1", IDNo: employee, Scheme: "310", Hospital: "银川市第一人民医院", Level: 2,
				Admitted: "2024-04-01", Discharged: "2024-04-12", TotalCost: shebao.Yuan(11000), Eligible: shebao.Yuan(10000)},
			{SettlementNo: "ZY-2", IDNo: employee, Scheme: "310", Hospital: "银川市第一人民医院", Level: 2,
				Admitted: "2024-10-01", Discharged: "2024-10-05", TotalCost: shebao.Yuan(5000), Eligible: shebao.Yuan(5000)},
			{SettlementNo: "MZ-3", IDNo: employee, Scheme: "390", Type: "门诊", Hospital: "金凤区人民医院", Level: 2,
				Admitted: "2024-02-10", TotalCost: shebao.Yuan(250), Eligible: shebao.Yuan(200)},
		}
		out, errs, err := db.ImportClaims(clerk, "run1", claims)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if errs[i] != nil || out[i] != shebao.Created {
				t.Fatalf("claim %d: %v %v", i, out[i], errs[i])
			}
		}
		if errs[3] == nil || !strings.Contains(shebao.ErrorMessage(errs[3]), "参保状态为暂停缴费") {
			t.Errorf("stay after leaving: %v", errs[3])
		}
		if shebao.ErrorCode(errs[4]) != shebao.EINVALID {
			t.Errorf("390 outpatient: %v", errs[4])
		}
		list, _, err := db.FindClaims(clerk, shebao.ClaimFilter{IDNo: employee})
		if err != nil || len(list) != 3 {
			t.Fatalf("claims %d %v", len(list), err)
		}
		byNo := map[string]*shebao.Claim{}
		for _, c := range list {
			byNo[c.SettlementNo] = c
		}
		if c := byNo["MZ-1"]; c.AccountPaid != shebao.Yuan(200) || c.SelfPaid != shebao.Yuan(50) || c.FundPaid != 0 {
			t.Errorf("MZ-1 %+v", c)
		}
		if c := byNo["MZ-2"]; c.AccountPaid != shebao.Yuan(100) || c.SelfPaid != shebao.Yuan(80) ||
			!strings.Contains(c.Explanation, "个人账户余额100.00元不足") {
			t.Errorf("MZ-2 %+v", c)
		}
		if c := byNo["ZY-1"]; c.FundPaid != shebao.Yuan(8075) || c.Deductible != shebao.Yuan(500) || c.SelfPaid != shebao.Yuan(2925) {
			t.Errorf("ZY-1 %+v", c)
		}
		if bal, _, err := db.IndividualAccount(admin, employee, "310"); err != nil || bal != 0 {
			t.Errorf("310 account %s %v, want 0", bal, err)
		}
		// A further outpatient visit finds an empty account.
		c, _, err := db.RecordClaim(clerk, shebao.NewClaim{SettlementNo: "MZ-4", IDNo: employee, Scheme: "310", Type: "门诊",
			Hospital: "金凤区人民医院", Level: 2, Admitted: "2024-05-10", TotalCost: shebao.Yuan(60), Eligible: shebao.Yuan(60)})
		if err != nil || c.AccountPaid != 0 || c.SelfPaid != shebao.Yuan(60) {
			t.Errorf("empty account %+v %v", c, err)
		}
		check, err := db.CheckLedger(admin)
		if err != nil || !check.Balanced {
			t.Fatalf("ledger %+v %v", check, err)
		}
		for _, f := range check.Funds {
			// credit 300 (3101/2301), withdrawals 300 (2301/3101), 5033 300 / 2101, 5031 8075 / 2101
			if f.Fund == "310" && f.Debit != shebao.Yuan(300+300+300+8075) {
				t.Errorf("310 fund debits %s", f.Debit)
			}
		}
		// Importing again moves nothing.
		if _, _, err := db.ImportClaims(clerk, "run2", claims[:3]); err != nil {
			t.Fatal(err)
		}
		if bal, _, _ := db.IndividualAccount(admin, employee, "310"); bal != 0 {
			t.Errorf("balance after re-import %s", bal)
		}
	})
}

// TestDeductiblePerYear: with deductible_per = "year" the deductible is
// borne once in the year: the second stay bears what is left of it.
func TestDeductiblePerYear(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		_, employee, _, _ := medicalFixture(t, db)
		ps, err := policy.Parse(strings.NewReader(`
[[param]]
key = "medical.310.deductible_per"
value = "year"
from = 2024-01-01
region = "640106"
source = "示例值:测试用年度起付线"
example = true
`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.LoadPolicy(admin, "year.toml", "y", ps); err != nil {
			t.Fatal(err)
		}
		clerk := shebao.WithActor(admin, medicalClerk)
		// 一级 (200): bears 200; then 三级 (800): bears 800 − 200 = 600:
		// (5000 − 600) × 80% = 3520.00.
		out, errs, err := db.ImportClaims(clerk, "r", []shebao.NewClaim{
			{SettlementNo: "Y-1", IDNo: employee, Scheme: "310", Hospital: "良田镇卫生院", Level: 1,
				Admitted: "2024-02-01", Discharged: "2024-02-03", TotalCost: shebao.Yuan(1000), Eligible: shebao.Yuan(1000)},
			{SettlementNo: "Y-2", IDNo: employee, Scheme: "310", Hospital: "宁夏医科大学总医院", Level: 3,
				Admitted: "2024-03-01", Discharged: "2024-03-09", TotalCost: shebao.Yuan(5000), Eligible: shebao.Yuan(5000)},
		})
		if err != nil || errs[0] != nil || errs[1] != nil || out[1] != shebao.Created {
			t.Fatal(out, errs, err)
		}
		list, _, _ := db.FindClaims(clerk, shebao.ClaimFilter{IDNo: employee})
		if len(list) != 2 || list[0].FundPaid != shebao.Yuan(720) || list[1].Deductible != shebao.Yuan(600) || list[1].FundPaid != shebao.Yuan(3520) {
			t.Errorf("claims %+v", list)
		}
	})
}
