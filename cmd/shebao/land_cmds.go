package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// Land-expropriated farmers (被征地农民, 即征即保): batches and rosters come
// in by `shebao import expropriations|roster`; `shebao land` accepts a
// roster, records funds received and lists the warnings; `shebao run
// land-allowances` creates the allowances falling due; `shebao report land`
// gives the indicators.

const landUsage = "用法: shebao land show BATCH | land accept BATCH [--date YYYY-MM-DD] --as 经办人 | " +
	"land fund BATCH --payer 政府|集体|个人 --amount 元 --date YYYY-MM-DD --receipt 回单号 --as 财务人员 | land warnings [--region CODE] [--json]"

func runLand(ctx context.Context, e *env, args []string) error {
	f := newFlags("land", e)
	as := f.String("as", "", "以该用户的身份办理")
	date := f.String("date", "", "参保日期或到账日期 YYYY-MM-DD")
	payer := f.String("payer", "", "资金来源:政府、集体或个人")
	amount := f.String("amount", "", "金额(元)")
	receipt := f.String("receipt", "", "回单号")
	region := f.String("region", "", "区划代码")
	usage := &exitError{code: 2, msg: landUsage}
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool { return len(pos) != 0 }, as: as})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch {
	case pos[0] == "show" && len(pos) == 2:
		b, err := sys.Land.FindLandBatch(ctx, pos[1])
		if err != nil {
			return err
		}
		lines, err := sys.Land.FindRoster(ctx, pos[1])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"batch": b, "roster": lines})
		}
		fmt.Fprintf(e.stdout, "征地批次 %s  批准日期 %s  %s %s\n%s\n名单%d人,已参保%d人;应筹资金%s元,已到账%s元\n",
			b.ApprovalNo, b.ApprovedOn, b.Region, b.RegionName, b.Explanation, b.OnRoster, b.Enrolled, b.Required, b.Received)
		for _, l := range lines {
			fmt.Fprintf(e.stdout, "  %s %s %s %d周岁 %s %s", l.IDNo, l.Name, l.Sex, l.Age, l.Band, l.Status)
			if l.LagDays != nil {
				fmt.Fprintf(e.stdout, " 参保%s(滞后%d天)", l.EnrolledOn, *l.LagDays)
			}
			fmt.Fprintln(e.stdout)
		}
		return nil
	case pos[0] == "accept" && len(pos) == 2:
		if *as == "" {
			return &exitError{code: 2, msg: "须用 --as 用户名 指明受理名单的经办人"}
		}
		acc, err := sys.Land.AcceptRoster(ctx, pos[1], *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, acc)
		}
		fmt.Fprintf(e.stdout, "征地批次%s:%s受理参保%d人(一次性补助%d人,按月生活保障金%d人,养老保险缴费补助%d人共%s元)\n",
			acc.ApprovalNo, acc.Date, acc.Enrolled, acc.LumpSums, acc.Allowances, acc.PensionPersons, acc.PensionSubsidy)
		for _, s := range acc.Skipped {
			fmt.Fprintf(e.stdout, "  未参保 %s:%s\n", s.IDNo, s.Reason)
		}
		return nil
	case pos[0] == "fund" && len(pos) == 2:
		if *as == "" {
			return &exitError{code: 2, msg: "须用 --as 用户名 指明登记到账的基金财务人员"}
		}
		m, err := shebao.ParseYuan(*amount)
		if err != nil {
			return shebao.FieldErrorf("金额", "金额“%s”无效", *amount)
		}
		fund, created, err := sys.Land.RecordLandFund(ctx, shebao.LandFund{ReceiptNo: *receipt, ApprovalNo: pos[1], Payer: *payer, Amount: m, Date: *date})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"fund": fund, "created": created})
		}
		if !created {
			fmt.Fprintf(e.stdout, "回单%s已登记过,未重复记账\n", fund.ReceiptNo)
			return nil
		}
		fmt.Fprintf(e.stdout, "已登记征地批次%s %s资金%s元(回单%s,%s),记账凭证%s\n", fund.ApprovalNo, fund.Payer, fund.Amount, fund.ReceiptNo, fund.Date, fund.EntryID)
		return nil
	case pos[0] == "warnings" && len(pos) == 1:
		ws, err := sys.Land.LandWarnings(ctx, *region)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, ws)
		}
		if len(ws) == 0 {
			fmt.Fprintln(e.stdout, "没有预警:各征地批次应安置人员均已参保")
			return nil
		}
		for _, w := range ws {
			late := ""
			if w.Late {
				late = "【逾期】"
			}
			fmt.Fprintf(e.stdout, "%s%s %s %s(批准%s,已%d天):%s\n", late, w.ApprovalNo, w.Region, w.RegionName, w.ApprovedOn, w.DaysSince, strings.Join(w.Reason, ";"))
		}
		return nil
	}
	return usage
}

func runLandAllowances(ctx context.Context, e *env, args []string) error {
	f := newFlags("run land-allowances", e)
	month := f.String("month", "", "月份 YYYY-MM")
	as := f.String("as", "", "以该用户的身份办理")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageJobLandAllowances},
		ok:    func(pos []string) bool { return len(pos) == 0 && *month != "" },
		as:    as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	r, err := sys.Land.RunLandAllowances(ctx, *month)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, r)
	}
	fmt.Fprintf(e.stdout, "%s:核查已参保被征地人员%d人,新增按月生活保障金%d人,调整标准%d人\n", r.Month, r.Checked, r.Created, r.Adjusted)
	return nil
}

func writeLandReport(e *env, rep *shebao.LandReport) {
	line := func(label string, f shebao.LandFigures) {
		fmt.Fprintf(e.stdout, "%s  应安置%d 名单%d 参保%d 未落实%d 领取%d  应筹%s 到账%s 缺口%s  平均滞后%.1f天 最长%d天\n",
			label, f.PersonsToSecure, f.OnRoster, f.Enrolled, f.Unsecured, f.Receiving, f.Required, f.Received, f.Gap, f.AvgLagDays, f.WorstLagDays)
	}
	fmt.Fprintf(e.stdout, "被征地农民基本生活保障(截至%s)\n征地批次:\n", rep.AsOf)
	for _, b := range rep.Batches {
		line(fmt.Sprintf("  %s %s %s", b.ApprovalNo, b.ApprovedOn, b.RegionName), b.LandFigures)
	}
	fmt.Fprintln(e.stdout, "按村:")
	for _, v := range rep.Villages {
		line("  "+v.Name, v.LandFigures)
	}
	fmt.Fprintln(e.stdout, "按镇:")
	for _, t := range rep.Towns {
		line("  "+t.Name, t.LandFigures)
	}
	name := rep.Total.Name
	if name == "" {
		name = "合计"
	}
	line(name, rep.Total.LandFigures)
}
