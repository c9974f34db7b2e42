package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// 社会保险补贴 of employers and flexible workers (employ, issue #19 item 5).

const usageSubsidy = "subsidy grant ID_NO --kind 单位|灵活就业 [--uscc USCC] [--start YYYY-MM] --bank 收款账号 | subsidy list | subsidy reimburse --month YYYY-MM  [--json] --as USER   社会保险补贴:招用就业困难人员的单位、就业困难人员灵活就业(认定须复核;按月按实际缴费核定,随月度发放拨付)"

func runSubsidy(ctx context.Context, e *env, args []string) error {
	f := newFlags("subsidy", e)
	as := f.String("as", "", "以该用户的身份办理")
	kind := f.String("kind", "", "补贴类别:单位 或 灵活就业")
	uscc := f.String("uscc", "", "用人单位统一社会信用代码(单位)")
	start := f.String("start", "", "补贴起始年月 YYYY-MM(默认:单位为招用之月,灵活就业为本月)")
	bank := f.String("bank", "", "收款账号(单位账户或本人账户)")
	month := f.String("month", "", "核定月份 YYYY-MM(随该月待遇发放拨付)")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageSubsidy},
		ok: func(pos []string) bool {
			return len(pos) == 1 && (pos[0] == "list" || pos[0] == "reimburse") || len(pos) == 2 && pos[0] == "grant"
		},
		as: as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	svc := sys.Employ
	switch pos[0] {
	case "grant":
		r, err := svc.Grant(ctx, shebao.InsuranceSubsidyRequest{IDNo: pos[1], Kind: *kind, Employer: *uscc, Start: *start, BankAccount: *bank})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, r)
		}
		g := r.Grant
		fmt.Fprintf(e.stdout, "%s 社会保险补贴(%s):%s\n已提交复核(编号%s),复核通过后按月核定实际缴费(subsidy reimburse),随月度待遇发放拨付\n",
			g.Name, g.Kind, g.Explain, r.Approval.ID)
	case "list":
		gs, err := svc.FindInsuranceSubsidies(ctx)
		if err != nil {
			return err
		}
		if *f.json {
			if gs == nil {
				gs = []*shebao.InsuranceSubsidy{}
			}
			return writeJSON(e, gs)
		}
		for _, g := range gs {
			fmt.Fprintf(e.stdout, "%s %s %s %s %s至%s(%d个月) 比例%s\n", g.IDNo, g.Name, g.Kind, g.EmployerName, g.Start, g.End, g.Months, g.Share.Percent())
		}
	case "reimburse":
		r, err := svc.Reimburse(ctx, *month)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, r)
		}
		for _, l := range r.Lines {
			fmt.Fprintf(e.stdout, "%s %s %s %s元:%s\n", l.IDNo, l.Name, l.Month, l.Amount, l.Explain)
		}
		for _, w := range r.Waiting {
			fmt.Fprintf(e.stdout, "暂不补贴 %s\n", w)
		}
		fmt.Fprintf(e.stdout, "%s核定社会保险补贴%d笔,共%s元,随%s月度待遇发放拨付\n", r.Month, r.Created, r.Total, r.Month)
	}
	return nil
}
