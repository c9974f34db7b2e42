package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// 职业介绍 (employ, issue #19 items 4 and 7): vacancies of employers, the
// job seekers matched to them, referrals and their outcome (a 录用 is the
// employer's 增员); and labour export (`labor export`).

const usageVacancy = "vacancy add --employer USCC [--code 岗位编号] --occupation 职业 --places N [--skills 技能、…] --region CODE --wage-min 元 --wage-max 元 [--from YYYY-MM-DD] --until YYYY-MM-DD [--note 说明] | change ID [同上字段] | close ID [--date D] | list [--open] [--employer USCC] | show ID | match ID [--date D] [--limit N] | for ID_NO [--date D] | refer ID ID_NO [--date D] [--note 说明] | referrals ID | outcome REFERRAL_ID 录用|未录用|未报到 [--date D] [--note 说明]  [--json] [--as USER]   岗位空缺、求职人员匹配、推荐就业(录用即增员)"

func runVacancy(ctx context.Context, e *env, args []string) error {
	f := newFlags("vacancy", e)
	as := f.String("as", "", "以该用户的身份办理")
	date := f.String("date", "", "日期 YYYY-MM-DD(默认今天)")
	employer := f.String("employer", "", "用人单位统一社会信用代码")
	code := f.String("code", "", "岗位编号(单位自编,同一单位内唯一;以同一编号再次登记同一岗位不重复登记)")
	occupation := f.String("occupation", "", "职业(工种)")
	places := f.Int("places", 0, "招聘人数")
	skills := f.String("skills", "", "技能要求,以、分隔")
	region := f.String("region", "", "工作地点区划代码")
	wageMin := f.String("wage-min", "", "月工资下限(元)")
	wageMax := f.String("wage-max", "", "月工资上限(元)")
	from := f.String("from", "", "开始招聘日期(默认今天)")
	until := f.String("until", "", "招聘截止日期")
	note := f.String("note", "", "说明")
	open := f.Bool("open", false, "只列招聘中的岗位")
	limit := f.Int("limit", 0, "最多列出的人数(默认20)")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageVacancy},
		ok: func(pos []string) bool {
			if len(pos) == 0 {
				return false
			}
			switch pos[0] {
			case "add", "list":
				return len(pos) == 1
			case "change", "close", "show", "match", "for", "referrals":
				return len(pos) == 2
			case "refer", "outcome":
				return len(pos) == 3
			}
			return false
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	svc := sys.Employ
	fields := func() (shebao.Vacancy, error) {
		v := shebao.Vacancy{Employer: *employer, Code: *code, Occupation: *occupation, Places: *places, Skills: *skills, Region: *region,
			OpenFrom: *from, OpenUntil: *until, Note: *note}
		for _, m := range []struct {
			s     string
			to    *shebao.Money
			field string
		}{{*wageMin, &v.WageMin, "工资下限"}, {*wageMax, &v.WageMax, "工资上限"}} {
			if m.s == "" {
				continue
			}
			y, err := shebao.ParseYuan(m.s)
			if err != nil {
				return v, shebao.FieldErrorf(m.field, "金额“%s”无效", m.s)
			}
			*m.to = y
		}
		return v, nil
	}
	var out any
	switch pos[0] {
	case "add", "change":
		v, err := fields()
		if err != nil {
			return err
		}
		if pos[0] == "add" {
			out, err = svc.CreateVacancy(ctx, v)
		} else {
			out, err = svc.UpdateVacancy(ctx, pos[1], v)
		}
		if err != nil {
			return err
		}
	case "close":
		if out, err = svc.CloseVacancy(ctx, pos[1], *date); err != nil {
			return err
		}
	case "show":
		if out, err = svc.FindVacancy(ctx, pos[1]); err != nil {
			return err
		}
	case "list":
		vs, err := svc.FindVacancies(ctx, shebao.VacancyFilter{Employer: *employer, Open: *open, Date: *date})
		if err != nil {
			return err
		}
		if *f.json {
			if vs == nil {
				vs = []*shebao.Vacancy{}
			}
			return writeJSON(e, vs)
		}
		fmt.Fprintf(e.stdout, "岗位空缺%d个\n", len(vs))
		for _, v := range vs {
			writeVacancy(e, v)
		}
		return nil
	case "match":
		v, ms, err := svc.MatchSeekers(ctx, pos[1], *date, *limit)
		if err != nil {
			return err
		}
		if *f.json {
			if ms == nil {
				ms = []*shebao.JobMatch{}
			}
			return writeJSON(e, map[string]any{"vacancy": v, "items": ms})
		}
		writeVacancy(e, v)
		fmt.Fprintf(e.stdout, "匹配的求职人员%d人(按技能、地点、意愿排序)\n", len(ms))
		for _, m := range ms {
			fmt.Fprintf(e.stdout, "%d. %s %s %s  %s\n", m.Rank, m.IDNo, m.Name, m.Region, m.Reasons)
		}
		return nil
	case "for":
		ms, err := svc.MatchVacancies(ctx, pos[1], *date)
		if err != nil {
			return err
		}
		if *f.json {
			if ms == nil {
				ms = []*shebao.JobMatch{}
			}
			return writeJSON(e, ms)
		}
		fmt.Fprintf(e.stdout, "适合的招聘中岗位%d个\n", len(ms))
		for _, m := range ms {
			fmt.Fprintf(e.stdout, "%d. ", m.Rank)
			writeVacancy(e, m.Vacancy)
			fmt.Fprintf(e.stdout, "   %s\n", m.Reasons)
		}
		return nil
	case "refer":
		if out, err = svc.Refer(ctx, shebao.ReferralRequest{VacancyID: pos[1], IDNo: pos[2], Date: *date, Note: *note}); err != nil {
			return err
		}
	case "referrals":
		rs, err := svc.FindReferrals(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			if rs == nil {
				rs = []*shebao.Referral{}
			}
			return writeJSON(e, rs)
		}
		fmt.Fprintf(e.stdout, "推荐%d人\n", len(rs))
		for _, r := range rs {
			writeReferral(e, r)
		}
		return nil
	case "outcome":
		if out, err = svc.RecordReferralOutcome(ctx, pos[1], shebao.ReferralOutcomeRequest{Outcome: pos[2], Date: *date, Note: *note}); err != nil {
			return err
		}
	}
	if *f.json {
		return writeJSON(e, out)
	}
	switch x := out.(type) {
	case *shebao.Vacancy:
		if x.Repeat {
			fmt.Fprint(e.stdout, "该岗位已登记,未重复登记:")
		}
		writeVacancy(e, x)
	case *shebao.Referral:
		writeReferral(e, x)
	}
	return nil
}

func writeVacancy(e *env, v *shebao.Vacancy) {
	if v.Code != "" {
		fmt.Fprintf(e.stdout, "[岗位编号%s] ", v.Code)
	}
	fmt.Fprintf(e.stdout, "岗位%s %s %s(%s) %d人 技能:%s 工作地点:%s %s 月工资%s–%s元 %s至%s %s 已推荐%d人 已录用%d人\n",
		v.ID, v.Occupation, v.EmployerName, v.Employer, v.Places, orNone(v.Skills), v.Region, v.RegionName, v.WageMin, v.WageMax,
		v.OpenFrom, v.OpenUntil, v.Status, v.Referred, v.Hired)
}

func writeReferral(e *env, r *shebao.Referral) {
	fmt.Fprintf(e.stdout, "推荐%s %s %s → 岗位%s(%s) %s推荐 %s", r.ID, r.IDNo, r.Name, r.VacancyID, r.Occupation, r.ReferredOn, r.Outcome)
	if r.OutcomeOn != "" {
		fmt.Fprintf(e.stdout, " %s", r.OutcomeOn)
	}
	if r.Enrollments > 0 {
		fmt.Fprintf(e.stdout, ",已增员(参保%d项)", r.Enrollments)
	}
	if r.Unemployment != "" {
		fmt.Fprint(e.stdout, ",失业登记已终止")
	}
	fmt.Fprintln(e.stdout)
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "无"
	}
	return s
}

// runLaborExport is `labor export`, `labor exports` (劳务输出) and
// `labor return` (返乡, which ends an export).
func runLaborExport(ctx context.Context, e *env, args []string) error {
	f := newFlags("labor export", e)
	as := f.String("as", "", "以该用户的身份办理")
	company := f.String("company", "", "劳务公司统一社会信用代码")
	dest := f.String("destination", "", "输出地(转移地点)")
	destEmployer := f.String("dest-employer", "", "输入地用工单位")
	occupation := f.String("occupation", "", "职业(工种)")
	start := f.String("start", "", "开始日期 YYYY-MM-DD")
	date := f.String("date", "", "返乡日期 YYYY-MM-DD(默认今天)")
	reason := f.String("reason", "", "返乡原因")
	status := f.String("status", "", "返乡后的就业状态(默认务农):"+strings.Join(shebao.ReturnStatuses, "、"))
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageLabor},
		ok: func(pos []string) bool {
			return len(pos) == 2 && (pos[0] == "export" || pos[0] == "return") || len(pos) == 1 && pos[0] == "exports"
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	if pos[0] == "exports" {
		xs, err := sys.Employ.FindLaborExports(ctx, *company)
		if err != nil {
			return err
		}
		if *f.json {
			if xs == nil {
				xs = []*shebao.LaborExport{}
			}
			return writeJSON(e, xs)
		}
		fmt.Fprintf(e.stdout, "劳务输出%d人次\n", len(xs))
		for _, x := range xs {
			writeLaborExport(e, x)
		}
		return nil
	}
	if pos[0] == "return" {
		x, err := sys.Employ.ReturnLabor(ctx, pos[1], shebao.LaborReturnRequest{Date: *date, Reason: *reason, Status: *status})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, x)
		}
		writeLaborExport(e, x)
		return nil
	}
	x, err := sys.Employ.ExportLabor(ctx, shebao.LaborExport{IDNo: pos[1], Company: *company, Destination: *dest, DestEmployer: *destEmployer,
		Occupation: *occupation, Start: *start})
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, x)
	}
	writeLaborExport(e, x)
	return nil
}

func writeLaborExport(e *env, x *shebao.LaborExport) {
	fmt.Fprintf(e.stdout, "%s %s 经%s(%s)自%s输出至%s %s", x.IDNo, x.Name, x.CompanyName, x.Company, x.Start, x.Destination, x.DestEmployer)
	if x.Occupation != "" {
		fmt.Fprintf(e.stdout, " %s", x.Occupation)
	}
	switch {
	case x.ReturnedOn == "":
		fmt.Fprintln(e.stdout, ",在外务工(台账为转移就业)")
	case x.ReturnStatus != "":
		fmt.Fprintf(e.stdout, ",%s返乡(%s),台账改为%s\n", x.ReturnedOn, x.ReturnReason, x.ReturnStatus)
	default:
		fmt.Fprintf(e.stdout, ",%s返乡(%s)\n", x.ReturnedOn, x.ReturnReason)
	}
}
