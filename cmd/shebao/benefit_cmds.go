package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/benefit"
	"github.com/shebao/shebao/idno"
)

// Pensions: the what-if calculator, the determinations of 110 and 170, a
// person's benefits, changes of a benefit's status and the yearly
// adjustment.

const calcUsage = "用法: shebao calc pension --wage C --index I --years N --balance B --age A [--deemed-years D --transition-rate R] [--deemed-index I] [--json]"

// runCalc is "shebao calc pension": the employee pension of the figures
// given (国发〔2005〕38号). Without --wage it takes wage.avg_monthly, and with
// deemed years but without --transition-rate pension.transition_coef, in
// force for --region on --date (default national, today); the 计发月数 table
// always comes from the policy.
func runCalc(ctx context.Context, e *env, args []string) error {
	f := newFlags("calc pension", e)
	var req shebao.PensionCalcRequest
	wage := f.String("wage", "", "C:上年度社平工资(元/月);不填取政策参数 wage.avg_monthly")
	index := f.String("index", "", "I:平均缴费指数,如1.2")
	years := f.String("years", "", "N:累计缴费年限(含视同缴费),可带小数,如30.5")
	balance := f.String("balance", "", "个人账户储存额(元)")
	f.StringVar(&req.Age, "age", "", "退休年龄:60 或 62y10m")
	deemed := f.String("deemed-years", "", "D:视同缴费年限(包含在N中)")
	deemedIndex := f.String("deemed-index", "", "视同缴费指数(不填取I)")
	rate := f.String("transition-rate", "", "R:过渡性养老金计发系数(百分数,1.2表示1.2%);不填取政策参数 pension.transition_coef")
	f.StringVar(&req.Region, "region", "", "取政策参数的区划(默认全国)")
	f.StringVar(&req.Date, "date", "", "取政策参数的日期 YYYY-MM-DD(默认今天)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "pension" {
		return &exitError{code: 2, msg: calcUsage}
	}
	req.Wage, req.Index, req.Years, req.Balance = shebao.DecimalText(*wage), shebao.DecimalText(*index), shebao.DecimalText(*years), shebao.DecimalText(*balance)
	req.DeemedYears, req.DeemedIndex, req.TransitionRate = shebao.DecimalText(*deemed), shebao.DecimalText(*deemedIndex), shebao.DecimalText(*rate)
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	r, err := sys.Benefit.CalcPension(ctx, req)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, r)
	}
	fmt.Fprintf(e.stdout, "基础养老金   %s元\n个人账户养老金 %s元(计发月数%s)\n过渡性养老金 %s元\n合计         %s元/月\n\n%s\n",
		r.Basic, r.Account, r.Divisor, r.Transitional, r.Total, r.Explain)
	for _, s := range r.Sources {
		fmt.Fprintln(e.stdout, "依据:"+s)
	}
	return nil
}

// runDeterminePension is "shebao determine pension|resident-pension ID_NO":
// the pension computed from the person's record; submitted for approval
// unless --preview.
func runDeterminePension(ctx context.Context, e *env, kind string, args []string) error {
	name := map[string]string{benefit.DeterminePension: "pension", benefit.DetermineResidentPension: "resident-pension"}[kind]
	f := newFlags("determine "+name, e)
	req := shebao.DeterminationRequest{Kind: kind}
	as := f.String("as", "", "经办人用户名(须由另一用户复核)")
	deemedIndex := f.String("deemed-index", "", "视同缴费指数(不填取平均缴费指数)")
	if kind == benefit.DeterminePension {
		f.StringVar(&req.Group, "group", "", "女职工原法定退休年龄类别:女工人(50周岁)或女干部(55周岁)")
		f.IntVar(&req.DeemedMonths, "deemed-months", 0, "档案认定的视同缴费月数")
	}
	f.StringVar(&req.Retire, "retire", "", "退休(领取)月份 YYYY-MM,晚于法定月份时填写")
	f.StringVar(&req.BankAccount, "bank", "", "收款账号(社保卡金融账户)")
	f.BoolVar(&req.Preview, "preview", false, "只计算并显示,不提交")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &exitError{code: 2, msg: "用法: shebao " + map[string]string{"pension": usageDeterminerPension, "resident-pension": usageDeterminerResidentPension}[name]}
	}
	req.IDNo, req.DeemedIndex = pos[0], shebao.DecimalText(*deemedIndex)
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	if *as != "" || !req.Preview {
		if ctx, err = actAs(ctx, sys, *as); err != nil {
			return err
		}
	}
	d, err := sys.Benefit.Determine(ctx, req)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, d)
	}
	fmt.Fprintf(e.stdout, "%s(%s)%s:%s元/月", d.Name, idno.MaskID(d.IDNo), kindName(d.Benefit.Kind), d.Total)
	if kind == benefit.DeterminePension {
		fmt.Fprintf(e.stdout, "(基础养老金%s + 个人账户养老金%s + 过渡性养老金%s)\n", d.Basic, d.Account, d.Transitional)
	} else {
		fmt.Fprintf(e.stdout, "(基础养老金%s + 个人账户养老金%s)\n", d.Basic, d.Account)
	}
	if len(d.Years) > 0 && kind == benefit.DeterminePension {
		fmt.Fprintln(e.stdout, "年度  月数  缴费基数合计   社平工资   缴费指数  来源")
		for _, y := range d.Years {
			fmt.Fprintf(e.stdout, "%d  %4d  %12s  %9s  %s  %s\n", y.Year, y.Months, y.BaseTotal, y.AvgWage, y.Index, y.Source)
		}
	}
	fmt.Fprintln(e.stdout, d.Explain)
	if d.Approval != nil {
		fmt.Fprintf(e.stdout, "已提交待遇核定%s,须由另一经办人复核: shebao approvals approve %s --as 复核人\n", d.Approval.ID, d.Approval.ID)
	} else {
		fmt.Fprintln(e.stdout, "(试算,未提交)")
	}
	return nil
}

func kindName(kind string) string {
	k, _ := shebao.FindBenefitKind(kind)
	return k.Name
}

// runBenefits is "shebao benefits ID_NO": the person's benefits with every
// amount and its explanation.
func runBenefits(ctx context.Context, e *env, args []string) error {
	f := newFlags("benefits", e)
	as := f.String("as", "", "以该用户的身份查询")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao benefits ID_NO [--json] [--as USER]"},
		ok:    nargs(1),
		as:    as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	list, _, err := sys.Benefit.FindBenefits(ctx, shebao.BenefitFilter{IDNo: pos[0], Limit: 1000})
	if err != nil {
		return err
	}
	out := make([]*shebao.Benefit, 0, len(list))
	for _, b := range list {
		full, err := sys.Benefit.FindBenefit(ctx, b.ID)
		if err != nil {
			return err
		}
		out = append(out, full)
	}
	if *f.json {
		return writeJSON(e, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(e.stdout, "没有待遇记录")
		return nil
	}
	for _, b := range out {
		end := ""
		if b.EndMonth != "" {
			end = "至" + b.EndMonth
		}
		fmt.Fprintf(e.stdout, "%s %s(%s)%s %s元/月,自%s起%s,%s\n", b.ID, b.KindName, b.Scheme, b.Name, b.Monthly, b.StartMonth, end, b.Status)
		for _, a := range b.Amounts {
			to := a.ToMonth
			if to == "" {
				to = "今"
			}
			fmt.Fprintf(e.stdout, "  %s–%s %s元/月(个人账户支付%s)\n", a.FromMonth, to, a.Monthly, a.AccountPart)
			for _, l := range strings.Split(a.Explanation, "\n") {
				fmt.Fprintln(e.stdout, "    "+l)
			}
		}
	}
	return nil
}

// runBenefitChange is "shebao benefit suspend|resume|stop BENEFIT_ID".
func runBenefitChange(ctx context.Context, e *env, args []string) error {
	f := newFlags("benefit", e)
	var ch shebao.BenefitChange
	f.StringVar(&ch.Month, "month", "", "自该月起 YYYY-MM")
	f.StringVar(&ch.Reason, "reason", "", "原因")
	as := f.String("as", "", "经办人用户名")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao benefit suspend|resume|stop BENEFIT_ID --month YYYY-MM --reason 原因 --as USER"},
		ok: func(pos []string) bool {
			return len(pos) == 2 && (pos[0] == shebao.BenefitSuspend || pos[0] == shebao.BenefitResume || pos[0] == shebao.BenefitStop)
		},
		as:     as,
		mustAs: true,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	ch.Action = pos[0]
	b, err := sys.Benefit.ChangeBenefit(ctx, pos[1], ch)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, b)
	}
	fmt.Fprintf(e.stdout, "%s %s(%s):%s,自%s起;原因:%s\n", b.ID, b.KindName, b.Name, b.Status, ch.Month, ch.Reason)
	return nil
}

// runAdjustment is "shebao run adjustment --year YYYY".
func runAdjustment(ctx context.Context, e *env, args []string) error {
	f := newFlags("run adjustment", e)
	year := f.Int("year", 0, "调整年度 YYYY")
	month := f.String("month", "", "自该月起调整 YYYY-MM(默认当年1月)")
	sys, _, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageJobAdjustment},
		ok:    func(pos []string) bool { return len(pos) == 0 && *year != 0 },
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	res, err := sys.Benefit.RunAdjustment(ctx, *year, *month)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, res)
	}
	fmt.Fprintf(e.stdout, "%d年基本养老金调整,自%s起:本次调整%d人,月增加%s元;此前已调整%d人\n调整办法:%s\n依据:%s\n",
		res.Year, res.FromMonth, res.Benefits, res.Increase, res.Already, res.Rule, res.Source)
	if res.Later > 0 {
		fmt.Fprintf(e.stdout, "另有%d人在%s之后已有新的待遇金额,未调整,须逐人办理\n", res.Later, res.FromMonth)
	}
	if res.Warning != "" {
		fmt.Fprintln(e.stdout, "注意:"+res.Warning)
	}
	return nil
}
