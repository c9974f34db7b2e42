package sqldb_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// placePerson registers a person of the village.
func placePerson(t *testing.T, db *sqldb.DB, name, birth, village string, seq int, male bool) string {
	t.Helper()
	id := demo.IDNumber("640106", mustDate(t, birth), seq, male)
	if err := db.CreatePerson(admin, person(id, name, village)); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestPlacement (issue #19 item 4, docs/DOMAIN.md §10) on 2026-12-06, by
// hand. 良田建材 (魏家桥村) posts 电焊工, 2 places, skills 电焊、气割, at
// 魏家桥村 (良田镇), 4000.00–6000.00 元/月, open 2026-12-01 to 2026-12-31.
// The job seekers of the register, ranked by skills matched, then place,
// then wish, then registered unemployed first:
//
//	1 马福 ♂ 1980, 魏家桥村, 失业登记 2026-11-01, skills 电焊、气割:
//	  2/2 skills, same village          → 技能符合2/2项(电焊、气割);同村(社区);已办理失业登记
//	2 李强 ♂ 1985, 盈南村 (良田镇), 务农, skills 电焊, wish 电焊工:
//	  1/2, same town, wish              → 技能符合1/2项(电焊);同乡镇(街道);就业意愿含“电焊工”;有就业意愿
//	3 杨梅 ♀ 1990, 英刘村 (丰登镇), register 失业, skills 电焊:
//	  1/2, same district                → 技能符合1/2项(电焊);同县区;台账状态为失业
//
// not seekers: 王军 (务农, no wish, no registration) and 赵刚 (wish and
// skills, but an insured employee of 新华百货).
//
// 马福 and 李强 are referred; 马福 录用 on 2026-12-06 → the 增员 enrolls him
// in the five employee schemes through 良田建材 (5 enrollments), his 失业登记
// ends that day, his line reads 就业 with 良田建材 and no disagreement;
// 李强 未报到. The vacancy has 2 referred, 1 hired; matching now lists 杨梅
// alone. 杨梅 and 王军 are referred, 杨梅 录用 → 2 of 2 places: 王军's 录用
// is refused (招满) and the vacancy takes no more referrals.
func TestPlacement(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		e := a.Employ
		clerk := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		fu := placePerson(t, db, "马福", "1980-01-01", "640106100201", 41, true)
		qiang := placePerson(t, db, "李强", "1985-05-05", "640106100202", 42, true)
		mei := placePerson(t, db, "杨梅", "1990-03-03", "640106101201", 43, false)
		jun := placePerson(t, db, "王军", "1988-08-08", "640106100201", 44, true)
		gang := placePerson(t, db, "赵刚", "1986-06-06", "640106100201", 45, true)
		jiancai := mustEmployer(t, db, 7, "良田建材")
		baihuo := mustEmployer(t, db, 8, "新华百货")
		if _, err := db.Hire(admin, gang, baihuo, "2025-03-01", nil); err != nil {
			t.Fatal(err)
		}
		for _, x := range []shebao.LaborEntry{
			{IDNo: fu, Status: "务农", Skills: "电焊、气割"},
			{IDNo: qiang, Status: "务农", Skills: "电焊", WorkWish: "电焊工"},
			{IDNo: mei, Status: "失业", Skills: "电焊"},
			{IDNo: jun, Status: "务农"},
			{IDNo: gang, Status: "就业", Skills: "电焊、气割", WorkWish: "电焊工"},
		} {
			if _, _, err := e.Register(clerk, x); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.RegisterUnemployed(clerk, fu, "2026-11-01", "企业关闭"); err != nil {
			t.Fatal(err)
		}
		v, err := e.CreateVacancy(clerk, shebao.Vacancy{Employer: jiancai, Occupation: "电焊工", Places: 2, Skills: "电焊,气割",
			Region: "640106100201", WageMin: shebao.Yuan(4000), WageMax: shebao.Yuan(6000), OpenFrom: "2026-12-01", OpenUntil: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if v.Skills != "电焊、气割" || v.EmployerName != "良田建材" || v.Status != shebao.VacancyOpen {
			t.Errorf("vacancy %+v", v)
		}
		_, ms, err := e.MatchSeekers(clerk, v.ID, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct{ id, reasons string }{
			{fu, "技能符合2/2项(电焊、气割);同村(社区);已办理失业登记"},
			{qiang, "技能符合1/2项(电焊);同乡镇(街道);就业意愿含“电焊工”;有就业意愿"},
			{mei, "技能符合1/2项(电焊);同县区;台账状态为失业"},
		}
		if len(ms) != len(want) {
			t.Fatalf("seekers %d, want 3: %+v", len(ms), ms)
		}
		for i, w := range want {
			if ms[i].IDNo != w.id || ms[i].Reasons != w.reasons || ms[i].Rank != i+1 {
				t.Errorf("seeker %d: %s %q rank %d, want %s %q", i+1, ms[i].Name, ms[i].Reasons, ms[i].Rank, w.id, w.reasons)
			}
		}

		// Referrals and outcomes.
		rFu, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: v.ID, IDNo: fu})
		if err != nil {
			t.Fatal(err)
		}
		rQiang, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: v.ID, IDNo: qiang})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: v.ID, IDNo: fu}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("referred twice: %v", err)
		}
		if _, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: v.ID, IDNo: fu, Date: "2027-01-01"}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "已于2026-12-31截止") {
			t.Errorf("referred after the closing day: %v", err)
		}
		hired, err := e.RecordReferralOutcome(clerk, rFu.ID, shebao.ReferralOutcomeRequest{Outcome: "录用", Date: "2026-12-06"})
		if err != nil {
			t.Fatal(err)
		}
		if hired.Enrollments != 5 || hired.Unemployment == "" || hired.OutcomeOn != "2026-12-06" {
			t.Errorf("录用 %+v", hired)
		}
		ns, _, err := a.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: fu})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range ns {
			if x.Employer == jiancai && x.Status == shebao.EnrollActive && x.StartDate == "2026-12-06" {
				n++
			}
		}
		if n != 5 {
			t.Errorf("增员: %d enrollments through 良田建材 from 2026-12-06, want 5: %+v", n, ns)
		}
		if us, err := e.FindUnemployed(clerk, false); err != nil || len(us) != 1 || us[0].EndedOn != "2026-12-06" ||
			us[0].EndReason != "经推荐到良田建材(电焊工)就业" {
			t.Errorf("失业登记 after the 录用: %+v %v", us, err)
		}
		if r, err := e.Show(clerk, fu, ""); err != nil || r.Status != "就业" || r.Employer != jiancai || r.Disagreement != "" ||
			r.Registered == nil || r.Registered.Status != "就业" || r.Registered.Skills != "电焊、气割" {
			t.Errorf("马福's line after the 录用: %+v %v", r, err)
		}
		if _, err := e.RecordReferralOutcome(clerk, rQiang.ID, shebao.ReferralOutcomeRequest{Outcome: "未报到"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.RecordReferralOutcome(clerk, rQiang.ID, shebao.ReferralOutcomeRequest{Outcome: "录用"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("a second outcome: %v", err)
		}
		if _, err := e.RecordReferralOutcome(clerk, rQiang.ID, shebao.ReferralOutcomeRequest{Outcome: "已入职"}); err == nil ||
			errField(err) != "结果" {
			t.Errorf("an unknown outcome: %v", err)
		}
		if v, err = e.FindVacancy(clerk, v.ID); err != nil || v.Referred != 2 || v.Hired != 1 {
			t.Errorf("vacancy after the outcomes: %+v %v", v, err)
		}
		if _, ms, err = e.MatchSeekers(clerk, v.ID, "", 0); err != nil || len(ms) != 1 || ms[0].IDNo != mei {
			t.Errorf("seekers after the referrals: %+v %v", ms, err)
		}
		// The open vacancies for 杨梅: this one, 1 place left.
		if ps, err := e.MatchVacancies(clerk, mei, ""); err != nil || len(ps) != 1 || ps[0].Vacancy.ID != v.ID ||
			ps[0].Reasons != "技能符合1/2项(电焊);同县区" {
			t.Errorf("杨梅's vacancies: %+v %v", ps, err)
		}
		rMei, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: v.ID, IDNo: mei})
		if err != nil {
			t.Fatal(err)
		}
		rJun, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: v.ID, IDNo: jun})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.RecordReferralOutcome(clerk, rMei.ID, shebao.ReferralOutcomeRequest{Outcome: "录用", Date: "2026-12-06"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.RecordReferralOutcome(clerk, rJun.ID, shebao.ReferralOutcomeRequest{Outcome: "录用", Date: "2026-12-06"}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "名额已招满") {
			t.Errorf("a third 录用 on 2 places: %v", err)
		}
		if ns, _, _ := a.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: jun}); len(ns) != 0 {
			t.Errorf("the refused 录用 enrolled 王军: %+v", ns)
		}
		if _, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: v.ID, IDNo: gang}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "已招满") {
			t.Errorf("referral to a full vacancy: %v", err)
		}
		if ps, err := e.MatchVacancies(clerk, jun, ""); err != nil || len(ps) != 0 {
			t.Errorf("a full vacancy offered: %+v %v", ps, err)
		}
	})
}

// TestEmployerScope: an employer's account (role employer, bound to its
// USCC) reaches its own vacancies and their referrals — names and masked
// ID numbers — and nothing of another employer's, in the store whatever
// face asks; it reads no register and refers nobody.
func TestEmployerScope(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		e := a.Employ
		clerk := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		fu := placePerson(t, db, "马福", "1980-01-01", "640106100201", 41, true)
		own := mustEmployer(t, db, 7, "良田建材")
		other := mustEmployer(t, db, 8, "新华百货")
		u := &shebao.User{Name: "liangtian", Role: shebao.RoleEmployer, Employer: own}
		if err := db.CreateUser(admin, u, "correct horse 8"); err != nil {
			t.Fatal(err)
		}
		if u.Region != "640106000000" {
			t.Errorf("employer account's region %q, want the employer's district", u.Region)
		}
		if err := db.CreateUser(admin, &shebao.User{Name: "nobody", Role: shebao.RoleEmployer}, "correct horse 8"); err == nil ||
			errField(err) != "单位" {
			t.Errorf("an employer account without its employer: %v", err)
		}
		emp := sqldbtest.As(u.Actor("test"))
		mine, err := e.CreateVacancy(emp, shebao.Vacancy{Occupation: "搬运工", Places: 3, Region: "640106100201",
			WageMin: shebao.Yuan(3500), WageMax: shebao.Yuan(4500), OpenFrom: "2026-12-01", OpenUntil: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if mine.Employer != own {
			t.Errorf("the employer's vacancy is of %s", mine.Employer)
		}
		if _, err := e.CreateVacancy(emp, shebao.Vacancy{Employer: other, Occupation: "收银员", Places: 1, Region: "640106100201",
			WageMin: shebao.Yuan(3000), WageMax: shebao.Yuan(3500), OpenFrom: "2026-12-01", OpenUntil: "2026-12-31"}); err == nil {
			t.Error("an employer posted for another employer")
		}
		theirs, err := e.CreateVacancy(clerk, shebao.Vacancy{Employer: other, Occupation: "收银员", Places: 1, Region: "640106100201",
			WageMin: shebao.Yuan(3000), WageMax: shebao.Yuan(3500), OpenFrom: "2026-12-01", OpenUntil: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.FindVacancy(emp, theirs.ID); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("another employer's vacancy read: %v", err)
		}
		if _, err := e.UpdateVacancy(emp, theirs.ID, shebao.Vacancy{Places: 5}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("another employer's vacancy changed: %v", err)
		}
		if _, err := e.CloseVacancy(emp, theirs.ID, ""); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("another employer's vacancy closed: %v", err)
		}
		// The store refuses too, whatever the service asked.
		if err := db.SaveVacancy(emp, theirs, theirs, true); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("store: another employer's vacancy saved: %v", err)
		}
		if vs, err := e.FindVacancies(emp, shebao.VacancyFilter{}); err != nil || len(vs) != 1 || vs[0].ID != mine.ID {
			t.Errorf("the employer's list: %+v %v", vs, err)
		}
		if vs, err := db.FindVacancies(emp, shebao.VacancyFilter{Employer: other}); err != nil || len(vs) != 0 {
			t.Errorf("store: another employer's vacancies listed: %+v %v", vs, err)
		}
		if _, err := e.UpdateVacancy(emp, mine.ID, shebao.Vacancy{Region: "640106100299"}); errField(err) != "工作地点" {
			t.Errorf("a place of work that is no region: %v", err)
		}
		if v, err := e.UpdateVacancy(emp, mine.ID, shebao.Vacancy{Places: 4}); err != nil || v.Places != 4 {
			t.Errorf("the employer's own change: %+v %v", v, err)
		}
		if _, _, err := e.MatchSeekers(emp, mine.ID, "", 0); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("the employer matched the register: %v", err)
		}
		if _, err := e.Refer(emp, shebao.ReferralRequest{VacancyID: mine.ID, IDNo: fu}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("the employer referred: %v", err)
		}
		if _, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: mine.ID, IDNo: fu, Note: "本人要求"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Refer(clerk, shebao.ReferralRequest{VacancyID: theirs.ID, IDNo: fu}); err != nil {
			t.Fatal(err)
		}
		rs, err := e.FindReferrals(emp, mine.ID)
		if err != nil || len(rs) != 1 {
			t.Fatalf("the employer's referrals: %+v %v", rs, err)
		}
		if r := rs[0]; r.Name != "马福" || r.IDNo != idno.MaskID(fu) || r.Region != "" || r.Note != "" {
			t.Errorf("an employer sees more than the name and masked number: %+v", r)
		}
		if _, err := e.FindReferrals(emp, theirs.ID); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("another employer's referrals: %v", err)
		}
		if rs, err := db.FindReferrals(emp, ""); err != nil || len(rs) != 1 {
			t.Errorf("store: the employer's referrals of every vacancy: %+v %v", rs, err)
		}
		if v, err := e.CloseVacancy(emp, mine.ID, "2026-12-06"); err != nil || v.Status != shebao.VacancyClosed {
			t.Errorf("the employer closes its vacancy: %+v %v", v, err)
		}
	})
}

// TestLaborExport: 王军 is sent by 宁夏劳务 (a registered employer) to 浙江省
// 宁波市, to 宁波电子厂 from 2026-12-01: his line of the register, 务农
// before, reads 转移就业 with that destination; the same export again is a
// conflict and writes nothing.
func TestLaborExport(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		e := app.New(db).Employ
		clerk := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		jun := placePerson(t, db, "王军", "1988-08-08", "640106100201", 44, true)
		company := mustEmployer(t, db, 9, "宁夏劳务")
		if _, _, err := e.Register(clerk, shebao.LaborEntry{IDNo: jun, Status: "务农", Skills: "电工"}); err != nil {
			t.Fatal(err)
		}
		x := shebao.LaborExport{IDNo: jun, Company: company, Destination: "浙江省宁波市", DestEmployer: "宁波电子厂", Start: "2026-12-01"}
		got, err := e.ExportLabor(clerk, x)
		if err != nil {
			t.Fatal(err)
		}
		if got.CompanyName != "宁夏劳务" || got.Name != "王军" {
			t.Errorf("export %+v", got)
		}
		r, err := e.Show(clerk, jun, "")
		if err != nil || r.Status != "转移就业" || r.Destination != "浙江省宁波市" || r.Registered.Skills != "电工" || r.Version != 2 && r.Registered.Version != 2 {
			t.Errorf("王军's line after the export: %+v %v", r, err)
		}
		if _, err := e.ExportLabor(clerk, x); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("the same export again: %v", err)
		}
		if xs, err := e.FindLaborExports(clerk, ""); err != nil || len(xs) != 1 {
			t.Errorf("exports %+v %v", xs, err)
		}
		x.Destination = ""
		if _, err := e.ExportLabor(clerk, x); errField(err) != "输出地" {
			t.Errorf("an export without a destination: %v", err)
		}
		x.Destination, x.Company = "浙江省宁波市", demo.USCC("640106", 99)
		x.Start = "2026-12-02"
		if _, err := e.ExportLabor(clerk, x); err == nil || errField(err) != "劳务公司" {
			t.Errorf("an export through an unregistered company: %v", err)
		}
	})
}
