package sqldb_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// fixLaborDay fixes the domain's clock on 2026-12-06 (China time).
func fixLaborDay(t *testing.T) {
	t.Helper()
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { shebao.Now = prev })
}

// TestLaborRegister (issue #19 item 1, docs/DOMAIN.md §10) on 2026-12-06,
// by hand under the shipped policy (labor.min_age 16, labor.school_age
// 18, retirement.rules of 2025, women at the original age 55):
//
//	马建国 ♂ 1980-03-01, 46, hired by 银川新华百货 on 2025-03-01
//	        → derived 就业 with its USCC (职工参保); registered 务农 → the
//	        register and the data disagree;
//	海国庆 ♂ 1982-05-01, 44, 失业保险金 正常发放 2026-06 to 2027-05
//	        → 失业 (失业保险金), nothing registered;
//	杨小梅 ♀ 2009-06-01, 17 → 在校 by age (年龄), nothing else known;
//	杨小军 ♂ 2009-07-01, 17, registered 转移就业 to 浙江省宁波市 → 转移就业
//	        (登记): a registered status wins over the age;
//	李明   ♂ 1990-01-01, registered 转移就业 to 银川市兴庆区 and hired by
//	        银川新华百货 → 就地转移, no disagreement: 转移就业 (登记) with the
//	        employer;
//	马秀兰 ♀ 1971-07-31: original retirement 2026-07, 18 months after
//	        2025-01, delay ⌊18 ÷ 4⌋ + 1 = 5 → 2026-12: refused;
//	马小宝 ♂ 2010-12-07, 15: refused;
//	a person of 英刘村, imported by 魏家桥村's assistant: unknown there.
func TestLaborRegister(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		d := func(s string) time.Time { t, _ := time.Parse(shebao.DateLayout, s); return t }
		ma := mustPerson(t, db, "马建国", d("1980-03-01"), 21, true)
		hai := mustPerson(t, db, "海国庆", d("1982-05-01"), 22, true)
		mei := mustPerson(t, db, "杨小梅", d("2009-06-01"), 23, false)
		jun := mustPerson(t, db, "杨小军", d("2009-07-01"), 24, true)
		li := mustPerson(t, db, "李明", d("1990-01-01"), 25, true)
		xiu := mustPerson(t, db, "马秀兰", d("1971-07-31"), 26, false)
		bao := mustPerson(t, db, "马小宝", d("2010-12-07"), 27, true)
		other := demo.IDNumber("640106", d("1985-01-01"), 28, true)
		if err := db.CreatePerson(admin, person(other, "刘强", "640106101201")); err != nil {
			t.Fatal(err)
		}
		uscc := mustEmployer(t, db, 1, "银川新华百货")
		for _, id := range []string{ma, li} {
			if _, err := db.Hire(admin, id, uscc, "2025-03-01", nil); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.CreateBenefits(admin, []shebao.NewBenefit{{IDNo: hai, Kind: shebao.BenefitUnemployment, StartMonth: "2026-06",
			EndMonth: "2027-05", Monthly: 180000, Source: "determination:test", Explanation: "最低工资2000.00 × 90% = 1800.00元/月"}}); err != nil || n != 1 {
			t.Fatal(n, err)
		}

		village := sqldbtest.As(shebao.Actor{Name: "wjq", Role: shebao.RoleVillage, Region: "640106100201"})
		entries := []shebao.LaborEntry{
			{IDNo: ma, Status: "务农", Skills: "农机驾驶"},
			{IDNo: jun, Status: "外出务工", Destination: "浙江省宁波市", WorkWish: "电子厂"},
			{IDNo: li, Status: "转移就业", Destination: "银川市兴庆区"},
			{IDNo: xiu, Status: "务农"},
			{IDNo: bao, Status: "在校"},
			{IDNo: other, Status: "务农"},
			{IDNo: hai, Status: "打工"},
			{IDNo: li, Status: "就业", Destination: "银川市兴庆区"},
		}
		out, errs, err := a.Employ.ImportLabor(village, "run1", entries)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			out           shebao.Outcome
			field, reason string
		}{
			{out: shebao.Created}, {out: shebao.Created}, {out: shebao.Created},
			{field: "身份证号", reason: "已于2026-12达到法定退休年龄"},
			{field: "身份证号", reason: "15周岁,未满16周岁"},
			{field: "身份证号", reason: "未找到"},
			{field: "就业状态", reason: "未知的就业状态“打工”"},
			{field: "转移地点", reason: "只有转移就业填写转移地点"},
		}
		for i, w := range want {
			if w.field == "" {
				if errs[i] != nil || out[i] != w.out {
					t.Errorf("row %d: %v %v, want %v", i, out[i], errs[i], w.out)
				}
				continue
			}
			var fe *shebao.Error
			if errs[i] == nil || !errors.As(errs[i], &fe) || fe.Field != w.field || !strings.Contains(shebao.ErrorMessage(errs[i]), w.reason) {
				t.Errorf("row %d: %v, want %s: %s", i, errs[i], w.field, w.reason)
			}
		}
		// The same rows again change nothing; a changed row updates.
		out, errs, err = a.Employ.ImportLabor(village, "run2", entries[:3])
		if err != nil || out[0] != shebao.Unchanged || out[1] != shebao.Unchanged || out[2] != shebao.Unchanged || errs[0] != nil {
			t.Fatalf("again: %v %v %v", out, errs, err)
		}
		out, _, err = a.Employ.ImportLabor(village, "run3", []shebao.LaborEntry{{IDNo: ma, Status: "务农", Skills: "农机驾驶、电焊"}})
		if err != nil || out[0] != shebao.Updated {
			t.Fatalf("changed: %v %v", out, err)
		}

		show := func(id string) *shebao.LaborRecord {
			t.Helper()
			r, err := a.Employ.Show(village, id, "")
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		for _, c := range []struct {
			id, status, source, employer, dest, disagree string
		}{
			{ma, "就业", "职工参保", uscc, "", "台账登记为“务农”,但职工参保记录显示在单位" + uscc + "参保缴费,应为“就业”"},
			{hai, "失业", "失业保险金", "", "", ""},
			{mei, "在校", "年龄", "", "", ""},
			{jun, "转移就业", "登记", "", "浙江省宁波市", ""},
			{li, "转移就业", "登记", uscc, "银川市兴庆区", ""},
		} {
			r := show(c.id)
			if r.Status != c.status || r.Source != c.source || r.Employer != c.employer || r.Destination != c.dest || r.Disagreement != c.disagree {
				t.Errorf("%s: %s %s %s %s %q, want %s %s %s %s %q", r.Name, r.Status, r.Source, r.Employer, r.Destination, r.Disagreement,
					c.status, c.source, c.employer, c.dest, c.disagree)
			}
		}
		if r := show(ma); r.Registered == nil || r.Registered.Version != 2 || r.Registered.Skills != "农机驾驶、电焊" || r.EmployerName != "银川新华百货" || r.Age != 46 {
			t.Errorf("马建国's line: %+v %+v", r, r.Registered)
		}
		if _, err := a.Employ.Show(village, xiu, ""); err == nil || !strings.Contains(shebao.ErrorMessage(err), "达到法定退休年龄") {
			t.Errorf("马秀兰 shown: %v", err)
		}
		if _, err := a.Employ.Show(village, other, ""); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("英刘村 person shown to 魏家桥村: %v", err)
		}

		// The set-based rebuild: the working-age persons of the
		// district (马秀兰 and 马小宝 are not), by status; run again, the
		// same. The list shows the disagreement.
		clerk := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		for range 2 {
			res, err := a.Employ.Rebuild(clerk, "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Date != "2026-12-06" || res.Persons != 6 || res.Derived != 5 || res.ByStatus["就业"] != 2 || res.ByStatus["失业"] != 1 || res.ByStatus["在校"] != 2 {
				t.Errorf("rebuild: %+v", res)
			}
		}
		rs, n, err := a.Employ.FindLabor(clerk, shebao.LaborFilter{Disagreements: true})
		if err != nil || n != 1 || len(rs) != 1 || rs[0].IDNo != ma || rs[0].Disagreement == "" {
			t.Errorf("disagreements: %d %+v %v", n, rs, err)
		}
		rs, n, err = a.Employ.FindLabor(clerk, shebao.LaborFilter{Status: "转移就业"})
		if err != nil || n != 2 || len(rs) != 2 {
			t.Errorf("转移就业: %d %v", n, err)
		}
		for _, r := range rs {
			if r.Status != "转移就业" {
				t.Errorf("listed as 转移就业: %+v", r)
			}
		}
		// 魏家桥村's assistant sees only the village: 刘强 of 英刘村 is not
		// listed (he is of working age, derived nothing).
		if _, n, err := a.Employ.FindLabor(village, shebao.LaborFilter{}); err != nil || n != 5 {
			t.Errorf("village list: %d %v", n, err)
		}
		// The browser's bounded count (issue #15): counted up to CountUpTo+1
		// lines only — up to 3 of the village's 5 gives 4 (more than 3), up
		// to 4 gives 5 (more than 4), up to 5 the exact 5; the page's rows
		// are the same whatever the bound.
		for _, c := range []struct{ upTo, want int }{{3, 4}, {4, 5}, {5, 5}, {100, 5}} {
			rs, n, err := a.Employ.FindLabor(village, shebao.LaborFilter{CountUpTo: c.upTo, Offset: 2, Limit: 2})
			if err != nil || n != c.want || len(rs) != 2 {
				t.Errorf("village list counted up to %d: %d (want %d), %d rows, %v", c.upTo, n, c.want, len(rs), err)
			}
		}
		// A citizen may not import; a collection clerk may not either.
		collector := sqldbtest.As(shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"})
		if _, _, err := a.Employ.ImportLabor(collector, "run4", entries[:1]); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("collection clerk imported: %v", err)
		}
		// Every write and read is audited under the person.
		es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityLabor, Key: ma, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		acts := map[string]int{}
		for _, e := range es {
			acts[e.Action]++
		}
		if acts["labor.register"] != 1 || acts["labor.update"] != 1 || acts["labor.read"] < 2 {
			t.Errorf("audit of 马建国's line: %v", acts)
		}

		// After the rebuild the register's entries count (the labour
		// counters): one import chunk writes its rows together with one
		// recount (SaveLaborEntries). 杨小梅's two rows are checked in
		// order — the second changes what the first created — and 海国庆's
		// row changes a line the rebuild derived. The counters equal a
		// full recount, and each row has its audit entry.
		out, errs, err = a.Employ.ImportLabor(village, "run5", []shebao.LaborEntry{
			{IDNo: mei, Status: "在校"},
			{IDNo: hai, Status: "务农"},
			{IDNo: mei, Status: "务农", Skills: "刺绣"},
		})
		if err != nil || errs[0] != nil || errs[1] != nil || errs[2] != nil {
			t.Fatalf("chunk: %v %v", errs, err)
		}
		if out[0] != shebao.Created || out[1] != shebao.Created || out[2] != shebao.Updated {
			t.Errorf("chunk outcomes %v, want created, created, updated", out)
		}
		if r := show(mei); r.Registered == nil || r.Registered.Version != 2 || r.Registered.Status != "务农" || r.Status != "务农" {
			t.Errorf("杨小梅's line after the chunk: %+v %+v", r, r.Registered)
		}
		verifyCounters(t, db)
		es, err = db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityLabor, Key: mei, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		acts = map[string]int{}
		for _, e := range es {
			acts[e.Action]++
		}
		if acts["labor.register"] != 1 || acts["labor.update"] != 1 {
			t.Errorf("audit of 杨小梅's line: %v", acts)
		}
	})
}

// mustDate parses a YYYY-MM-DD date.
func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(shebao.DateLayout, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
