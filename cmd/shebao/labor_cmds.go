package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// Commands of the employment service (就业, issue #19): the labour register.

const (
	usageLabor          = "labor show ID_NO [--date YYYY-MM-DD] [--json] | list [--region CODE] [--status 就业状态] [--disagreements] [--offset N] [--limit N] [--json] | register ID_NO --status 就业状态 [--destination 转移地点] [--skills 技能] [--certificates 证书] [--training 培训意愿] [--wish 就业意愿] | export ID_NO --company 劳务公司USCC --destination 输出地 --dest-employer 用工单位 --start YYYY-MM-DD [--occupation 职业] | exports [--company USCC] | return EXPORT_ID --reason 返乡原因 [--date YYYY-MM-DD] [--status 返乡后状态]  [--as USER]   劳动力资源台账(登记状态、数据推定状态及不一致;劳务输出及返乡)"
	usageJobLaborDerive = "run labor-derive [--date YYYY-MM-DD] [--as USER] [--json]   劳动力资源台账:按参保、待遇数据重算劳动年龄人员的推定就业状态(集合式,可续跑)"
)

func runLabor(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && (args[0] == "export" || args[0] == "exports" || args[0] == "return") {
		return runLaborExport(ctx, e, args) // placement_cmds.go
	}
	f := newFlags("labor", e)
	as := f.String("as", "", "以该用户的身份办理")
	date := f.String("date", "", "日期 YYYY-MM-DD(默认今天)")
	region := f.String("region", "", "区划代码")
	status := f.String("status", "", "就业状态")
	disagree := f.Bool("disagreements", false, "只列台账与数据不一致的人员")
	offset := f.Int("offset", 0, "跳过的行数")
	limit := f.Int("limit", 100, "最多列出的行数")
	dest := f.String("destination", "", "转移地点")
	skills := f.String("skills", "", "技能")
	certs := f.String("certificates", "", "证书")
	training := f.String("training", "", "培训意愿")
	wish := f.String("wish", "", "就业意愿")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageLabor},
		ok: func(pos []string) bool {
			return len(pos) == 2 && (pos[0] == "show" || pos[0] == "register") || len(pos) == 1 && pos[0] == "list"
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch pos[0] {
	case "show":
		r, err := sys.Employ.Show(ctx, pos[1], *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, r)
		}
		writeLaborRecord(e, r)
		return nil
	case "register":
		r, _, err := sys.Employ.Register(ctx, shebao.LaborEntry{IDNo: pos[1], Status: *status, Destination: *dest, Skills: *skills,
			Certificates: *certs, TrainingWish: *training, WorkWish: *wish})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, r)
		}
		writeLaborRecord(e, r)
		return nil
	}
	rs, total, err := sys.Employ.FindLabor(ctx, shebao.LaborFilter{Region: *region, Status: *status, Disagreements: *disagree, Offset: *offset, Limit: *limit})
	if err != nil {
		return err
	}
	if *f.json {
		if rs == nil {
			rs = []*shebao.LaborRecord{}
		}
		return writeJSON(e, map[string]any{"total": total, "records": rs})
	}
	fmt.Fprintf(e.stdout, "共%d人\n", total)
	for _, r := range rs {
		fmt.Fprintf(e.stdout, "%s %s %s %s(%s)", r.IDNo, r.Name, r.Region, r.Status, r.Source)
		if r.Employer != "" {
			fmt.Fprintf(e.stdout, " 单位%s %s", r.Employer, r.EmployerName)
		}
		if r.Destination != "" {
			fmt.Fprintf(e.stdout, " 转移地点%s", r.Destination)
		}
		if r.Disagreement != "" {
			fmt.Fprintf(e.stdout, "  不一致:%s", r.Disagreement)
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}

func writeLaborRecord(e *env, r *shebao.LaborRecord) {
	fmt.Fprintf(e.stdout, "%s %s %s %s出生,%s时%d周岁,%s达到法定退休年龄\n", r.IDNo, r.Name, r.Sex, r.Birth, r.Date, r.Age, r.RetireMonth)
	st := r.Status
	if st == "" {
		st = "(未登记,数据无从推知)"
	}
	fmt.Fprintf(e.stdout, "就业状态:%s(来源:%s)", st, r.Source)
	if r.Employer != "" {
		fmt.Fprintf(e.stdout, " 单位%s %s", r.Employer, r.EmployerName)
	}
	if r.Destination != "" {
		fmt.Fprintf(e.stdout, " 转移地点%s", r.Destination)
	}
	fmt.Fprintln(e.stdout)
	if g := r.Registered; g != nil {
		fmt.Fprintf(e.stdout, "台账登记:%s 技能:%s 证书:%s 培训意愿:%s 就业意愿:%s(第%d版,%s)\n",
			g.Status, g.Skills, g.Certificates, g.TrainingWish, g.WorkWish, g.Version, r.UpdatedBy)
	}
	if d := r.Derived; d != nil {
		fmt.Fprintf(e.stdout, "数据推定:%s(%s)\n", d.Status, d.Source)
	}
	if r.Disagreement != "" {
		fmt.Fprintf(e.stdout, "不一致:%s\n", r.Disagreement)
	}
}

func runLaborDerive(ctx context.Context, e *env, args []string) error {
	f := newFlags("run labor-derive", e)
	date := f.String("date", "", "日期 YYYY-MM-DD(默认今天)")
	as := f.String("as", "", "以该用户的身份办理")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageJobLaborDerive},
		ok:    nargs(0),
		as:    as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	r, err := sys.Employ.Rebuild(ctx, *date, nil)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, r)
	}
	fmt.Fprintf(e.stdout, "%s:劳动年龄人员%d人,其中由数据推定就业状态%d人", r.Date, r.Persons, r.Derived)
	for _, st := range shebao.LaborStatuses {
		if n := r.ByStatus[st]; n > 0 {
			fmt.Fprintf(e.stdout, ",%s%d人", st, n)
		}
	}
	fmt.Fprintln(e.stdout)
	return nil
}
