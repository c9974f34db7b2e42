package sqldb_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestUnemploymentHardshipZeroHouseholds (issue #19 item 2) on 2026-12-06,
// by hand under the shipped policy (labor.hardship.older_age_male 50,
// _female 40, long_unemployed_months 12):
//
//	马福 ♂ 1975-06-01 and 马兰 ♀ 1987-01-01 form household 魏H1 (390, 2026);
//	马福 registers unemployed on 2025-11-01, 马兰 on 2026-01-10. After the
//	rebuild both are 失业 and nobody of the household works: 魏H1 is a
//	零就业家庭 (2 members, 2 unemployed); a second scan changes nothing.
//	马福: 被征地 refused (no flag); 大龄 granted — 51 on the day, ≥ 50; a
//	second certification refused while the first is open.
//	马兰: 大龄 refused — 39 < 40; 长期失业 refused — 2026-01-10 → 2026-12-06
//	is 10 whole months < 12; 零就业家庭 granted.
//	马强, hired by an employer, may not register unemployed.
//	马兰 is hired on 2026-12-01: after the rebuild a scan clears 魏H1.
func TestUnemploymentHardshipZeroHouseholds(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		fu := mustPerson(t, db, "马福", mustDate(t, ("1975-06-01")), 31, true)
		lan := mustPerson(t, db, "马兰", mustDate(t, ("1987-01-01")), 32, false)
		qiang := mustPerson(t, db, "马强", mustDate(t, ("1990-01-01")), 33, true)
		for _, id := range []string{fu, lan} {
			if _, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "390", Household: "魏H1", Date: "2026-01-01", Year: 2026}); err != nil {
				t.Fatal(err)
			}
		}
		uscc := mustEmployer(t, db, 2, "银川新华百货")
		if _, err := db.Hire(admin, qiang, uscc, "2025-03-01", nil); err != nil {
			t.Fatal(err)
		}
		clerk := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		e := a.Employ
		if _, err := e.RegisterUnemployed(clerk, fu, "2025-11-01", "企业关闭"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.RegisterUnemployed(clerk, lan, "2026-01-10", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.RegisterUnemployed(clerk, lan, "2026-02-01", ""); err == nil || !strings.Contains(shebao.ErrorMessage(err), "已于2026-01-10登记失业") {
			t.Errorf("registered twice: %v", err)
		}
		if _, err := e.RegisterUnemployed(clerk, qiang, "", ""); err == nil || !strings.Contains(shebao.ErrorMessage(err), "正在单位"+uscc+"参保缴费") {
			t.Errorf("an insured employee registered unemployed: %v", err)
		}
		if r, err := e.Show(clerk, fu, ""); err != nil || r.Status != "失业" || r.Source != "登记" {
			t.Errorf("马福's line after the registration: %+v %v", r, err)
		}

		if _, err := e.Rebuild(clerk, "", nil); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			scan, err := e.ScanZeroEmployment(clerk, "")
			want := shebao.ZeroEmploymentScan{Date: "2026-12-06", Found: 1, Open: 1}
			if i == 1 {
				want.Found = 0
			}
			if err != nil || *scan != want {
				t.Errorf("scan %d: %+v %v, want %+v", i, scan, err, want)
			}
		}
		zs, err := e.FindZeroEmployment(clerk, true)
		if err != nil || len(zs) != 1 || zs[0].Household != "魏H1" || zs[0].Members != 2 || zs[0].Unemployed != 2 || zs[0].FoundOn != "2026-12-06" {
			t.Fatalf("zero-employment households: %+v %v", zs, err)
		}
		// A citizen sees only their own household's listing and keeps
		// nothing but their own wishes.
		for _, c := range []struct {
			id   string
			seen int
		}{{lan, 1}, {qiang, 0}} {
			citizen := sqldbtest.As(shebao.Actor{Name: "c", Role: shebao.RoleCitizen, Region: "640106100201", IDNo: c.id})
			if zs, err := e.FindZeroEmployment(citizen, true); err != nil || len(zs) != c.seen {
				t.Errorf("citizen %s sees %d households: %v", c.id, len(zs), err)
			}
			if _, err := e.ScanZeroEmployment(citizen, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
				t.Errorf("citizen scanned: %v", err)
			}
			if _, err := e.RegisterUnemployed(citizen, c.id, "", ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
				t.Errorf("citizen registered unemployed: %v", err)
			}
			if _, err := e.Rebuild(citizen, "", nil); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
				t.Errorf("citizen rebuilt: %v", err)
			}
		}

		certify := func(id, reason string) (*shebao.HardshipCertification, error) {
			return e.CertifyHardship(clerk, shebao.HardshipRequest{IDNo: id, Reason: reason})
		}
		for _, c := range []struct{ id, reason, want string }{
			{fu, "被征地", "没有“被征地”人员标识"},
			{lan, "大龄", "2026-12-06时39周岁,未满40周岁"},
			{lan, "长期失业", "自2026-01-10登记失业,至2026-12-06连续失业10个月,未满12个月"},
			{lan, "孤儿", "未知的认定原因"},
		} {
			if _, err := certify(c.id, c.reason); err == nil || !strings.Contains(shebao.ErrorMessage(err), c.want) {
				t.Errorf("%s: %v, want %q", c.reason, err, c.want)
			}
		}
		h, err := certify(fu, "大龄")
		if err != nil || h.Basis != "男 2026-12-06时51周岁,男性年满50周岁" {
			t.Errorf("马福 大龄: %+v %v", h, err)
		}
		if _, err := certify(fu, "长期失业"); err == nil || !strings.Contains(shebao.ErrorMessage(err), "尚未终止") {
			t.Errorf("a second certification: %v", err)
		}
		h, err = certify(lan, "零就业家庭")
		if err != nil || h.Basis != "户魏H1自2026-12-06列为零就业家庭" {
			t.Errorf("马兰 零就业家庭: %+v %v", h, err)
		}
		if hs, err := e.FindHardship(clerk, true); err != nil || len(hs) != 2 {
			t.Errorf("open certifications: %d %v", len(hs), err)
		}

		// 马兰 finds work: the household is cleared by the next scan.
		if _, err := db.Hire(admin, lan, uscc, "2026-12-01", []string{"110", "210", "410"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.EndUnemployed(clerk, lan, "2026-12-01", "已就业(银川新华百货)"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.EndUnemployed(clerk, lan, "2026-12-02", "x"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("ended twice: %v", err)
		}
		if _, err := e.Rebuild(clerk, "", nil); err != nil {
			t.Fatal(err)
		}
		scan, err := e.ScanZeroEmployment(clerk, "")
		if err != nil || scan.Found != 0 || scan.Cleared != 1 || scan.Open != 0 {
			t.Errorf("scan after 马兰's hiring: %+v %v", scan, err)
		}
		all, err := e.FindZeroEmployment(clerk, false)
		if err != nil || len(all) != 1 || all[0].ClearedOn != "2026-12-06" || all[0].ClearedReason == "" {
			t.Errorf("cleared household: %+v %v", all, err)
		}
		// A collection clerk may not register unemployment.
		collector := sqldbtest.As(shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"})
		if _, err := e.RegisterUnemployed(collector, qiang, "", ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("collection clerk: %v", err)
		}
	})
}
