package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// Monthly settlement with hospitals (医疗费用结算拨付): `shebao run
// hospital-settlement --month M --as 经办人` settles the month's claims per
// hospital and scheme and submits the payment for approval (shebao
// approvals approve ID --as 复核人); `shebao hospitals --month M` shows what
// was paid or is to be paid per hospital.

func runHospitalSettlement(ctx context.Context, e *env, args []string) error {
	f := newFlags("run hospital-settlement", e)
	month := f.String("month", "", "结算月份 YYYY-MM(按出院日期)")
	as := f.String("as", "", "以该用户的身份办理")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageJobHospitalSettlement},
		ok:    func(pos []string) bool { return len(pos) == 0 && *month != "" },
		as:    as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	res, err := sys.Medical.SettleHospitals(ctx, *month)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, res)
	}
	fmt.Fprintln(e.stdout, res.Summary)
	for _, s := range res.Created {
		fmt.Fprintf(e.stdout, "  %s %s %s:结算单%d张,应拨付%s元\n", s.Hospital, s.Scheme, s.SchemeName, s.Claims, s.Amount)
	}
	if res.Approval != nil {
		fmt.Fprintf(e.stdout, "须由另一经办人复核后拨付: shebao approvals approve %s --as 复核人\n", res.Approval.ID)
	}
	return nil
}

func runHospitals(ctx context.Context, e *env, args []string) error {
	f := newFlags("hospitals", e)
	month := f.String("month", "", "结算月份 YYYY-MM(默认全部)")
	hospital := f.String("hospital", "", "医院名称")
	sys, _, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao hospitals [--month YYYY-MM] [--hospital 名称] [--json]"},
		ok:    nargs(0),
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	list, err := sys.Medical.FindSettlements(ctx, shebao.SettlementFilter{Month: *month, Hospital: *hospital})
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, map[string]any{"settlements": list})
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "没有医疗费用结算记录")
		return nil
	}
	for _, s := range list {
		fmt.Fprintf(e.stdout, "%s %s %s %s:结算单%d张(出院%s至%s),统筹基金%s元,个人账户%s元,合计%s元,%s\n",
			s.Month, s.Hospital, s.Scheme, s.SchemeName, s.Claims, s.FirstDischarged, s.LastDischarged, s.FundPaid, s.AccountPaid, s.Amount, s.Status)
	}
	return nil
}

// Flexible employment (灵活就业): `shebao import flex-bases FILE` registers
// the chosen bases (身份证号, 起始年月, 终止年月, 缴费基数).
