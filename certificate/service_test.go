package certificate_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// worker makes the person of the tests: 马喆 of 金凤区, hired on
// 2025-01-01 by a company of the district (which enrolls the employee
// schemes), March and April 2025 declared at a wage of 6000.00, assessed
// and paid in full, and a yearly history (历年缴费记录) of 110 for 2020 (12
// months, bases 48000.00) and 2021 (6 months, 24000.00). It returns the ID
// number and the employer's name.
func worker(t *testing.T, a *app.App) (string, string) {
	t.Helper()
	ctx := sqldbtest.Admin()
	sqldbtest.SeedRegions(t, a)
	e := &shebao.Employer{USCC: demo.USCC("640106", 91), Name: "银川证明测试有限公司", RiskClass: 1, Region: "640106100201"}
	if err := a.Registry.CreateEmployer(ctx, e); err != nil {
		t.Fatal(err)
	}
	id := demo.IDNumber("640106", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 93, true)
	if err := a.Registry.CreatePerson(ctx, &shebao.Person{IDNo: id, Name: "马喆", Hukou: "农业", Region: "640106100201"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Enroll.Hire(ctx, id, e.USCC, "2025-01-01", nil); err != nil {
		t.Fatal(err)
	}
	for i, m := range []string{"2025-03", "2025-04"} {
		if _, errs, err := a.Collect.ImportDeclarations(ctx, "d"+m, []shebao.Declaration{{Employer: e.USCC, Period: shebao.Period(m), IDNo: id, Wage: shebao.Yuan(6000)}}); err != nil || errs[0] != nil {
			t.Fatalf("declare %v %v", errs, err)
		}
		if _, err := a.Collect.Assess(ctx, shebao.Period(m)); err != nil {
			t.Fatal(err)
		}
		b, err := a.Collect.FindBill(ctx, e.USCC, shebao.Period(m))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Collect.RecordPayment(ctx, shebao.Payment{ReceiptNo: "ZM-" + m, Employer: e.USCC, Amount: b.Total, PaidOn: []string{"2025-03-20", "2025-04-20"}[i]}); err != nil {
			t.Fatal(err)
		}
	}
	if _, errs, err := a.Collect.ImportContributionYears(ctx, "h", []shebao.ContributionYear{
		{IDNo: id, Scheme: "110", Year: 2020, Months: 12, BaseTotal: shebao.Yuan(48000)},
		{IDNo: id, Scheme: "110", Year: 2021, Months: 6, BaseTotal: shebao.Yuan(24000)},
	}); err != nil || errs[0] != nil || errs[1] != nil {
		t.Fatalf("history %v %v", errs, err)
	}
	return id, e.Name
}

func row(sec shebao.CertSection, first string) []string {
	for _, r := range sec.Rows {
		if r[0] == first {
			return r
		}
	}
	return nil
}

func section(c *shebao.Certificate, prefix string) shebao.CertSection {
	for _, s := range c.Sections {
		if strings.HasPrefix(s.Title, prefix) {
			return s
		}
	}
	return shebao.CertSection{}
}

// The 参保缴费证明 states each enrollment with its employer and the months
// paid per scheme: for 110, 12 (2020) + 6 (2021) from the history and 2
// (March and April 2025, bills paid in full) = 20 months over 2020–2025;
// for 310 the two months of 2025. It is kept under its code, which
// verifies with the name and number masked; its issue is audited as a
// read of the person.
func TestEnrollmentCertificate(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		id, employer := worker(t, a)
		clerk := sqldbtest.As(shebao.Actor{Name: "zhengming", Role: "clerk/registration", Region: "640106000000", Remote: "test"})
		c, err := a.Certificate.Issue(clerk, shebao.CertEnrollment, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.KindName != "参保缴费证明" || c.Name != "马喆" || c.Office != "金凤区社会保险事业管理局" || len(c.Code) != 16 || len(c.Digest) != 64 {
			t.Errorf("certificate %+v", c)
		}
		enr := section(c, "参保情况")
		if r := row(enr, "企业职工基本养老保险"); r == nil || r[1] != shebao.EnrollActive || r[2] != "2025-01-01" || r[4] != employer {
			t.Errorf("enrollment 110: %v (%v)", r, enr.Rows)
		}
		pay := section(c, "缴费情况")
		if r := row(pay, "企业职工基本养老保险"); r == nil || r[1] != "2020–2025年" || r[2] != "20个月" {
			t.Errorf("paid 110: %v", r)
		}
		if r := row(pay, "职工基本医疗保险"); r == nil || r[1] != "2025–2025年" || r[2] != "2个月" {
			t.Errorf("paid 310: %v", r)
		}
		if !strings.Contains(c.Summary, "企业职工基本养老保险20个月") {
			t.Errorf("summary %q", c.Summary)
		}
		// Verification, as anyone (no actor): masked, with what it says.
		chk, err := a.Certificate.Verify(context.Background(), strings.ToLower(c.Code[:4]+"-"+c.Code[4:]))
		if err != nil {
			t.Fatal(err)
		}
		if chk.Name != "马*" || strings.Contains(chk.IDNo, id[6:14]) || chk.Summary != c.Summary || chk.Digest != c.Digest || chk.KindName != "参保缴费证明" || chk.Office != c.Office {
			t.Errorf("verify %+v", chk)
		}
		if _, err := a.Certificate.Verify(context.Background(), "AAAAAAAAAAAAAAAA"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("unknown code: %v", err)
		}
		if _, err := a.Certificate.Verify(context.Background(), "12"); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("malformed code: %v", err)
		}
		es, err := a.Audit.FindAudit(sqldbtest.Admin(), shebao.AuditFilter{Key: id, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		found := slices.ContainsFunc(es, func(e *shebao.AuditEntry) bool {
			return e.Action == "certificate.read" && e.Actor == "zhengming" && strings.Contains(string(e.After), c.Code)
		})
		if !found {
			t.Errorf("no certificate.read entry naming the code among %d entries", len(es))
		}
		if _, err := a.Certificate.Issue(clerk, "other", id); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("unknown kind: %v", err)
		}
	})
}

// The 个人权益记录单 lists the years paid (2020: 12, 2021: 6, 2025: 2 of
// 110), the account balance — two months credited at 8% of 6000.00 =
// 480.00 each (国发〔2005〕38号, docs/DOMAIN.md §5 and §6), 960.00 before this year —
// and no benefit. A citizen may have their own, not another's; a clerk of
// another district finds nobody.
func TestRecordCertificate(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		id, _ := worker(t, a)
		self := sqldbtest.As(shebao.Actor{Name: "mazhe", Role: shebao.RoleCitizen, Region: "640106100201", IDNo: id, Remote: "test"})
		c, err := a.Certificate.Issue(self, shebao.CertRecord, id)
		if err != nil {
			t.Fatal(err)
		}
		years := section(c, "缴费年限")
		var got []string
		for _, r := range years.Rows {
			if r[0] == "企业职工基本养老保险" {
				got = append(got, r[1]+":"+r[2]+":"+r[3])
			}
		}
		if want := []string{"2020:12:48000.00", "2021:6:24000.00", "2025:2:12000.00"}; !slices.Equal(got, want) {
			t.Errorf("years of 110 %v, want %v", got, want)
		}
		acc := section(c, "个人账户")
		if r := row(acc, "企业职工基本养老保险基金"); r == nil || r[1] != "960.00" || r[5] != "960.00" {
			t.Errorf("account 110: %v (%v)", r, acc.Rows)
		}
		if ben := section(c, "待遇享受"); len(ben.Rows) != 0 || ben.Notes[0] != "无待遇记录。" {
			t.Errorf("benefits %+v", ben)
		}
		if !strings.Contains(c.Summary, "企业职工基本养老保险基金个人账户余额960.00元") {
			t.Errorf("summary %q", c.Summary)
		}
		other := demo.IDNumber("640106", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC), 94, false)
		if err := a.Registry.CreatePerson(sqldbtest.Admin(), &shebao.Person{IDNo: other, Name: "王五", Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Certificate.Issue(self, shebao.CertRecord, other); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("citizen asking another's record: %v", err)
		}
		far := sqldbtest.As(shebao.Actor{Name: "far", Role: "clerk/registration", Region: "640104000000", Remote: "test"})
		if _, err := a.Certificate.Issue(far, shebao.CertEnrollment, id); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("clerk of another district: %v", err)
		}
	})
}
