package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Determinations of the other benefits (失业保险金, 生育津贴, 一次性伤残补助金):
// computed from the person's record and the policy in force, shown with
// their explanation, and — unless --preview — put in the approval queue for
// a second clerk (shebao approvals approve ID --as 复核人).

// determineOther runs one determination as the --as user (for a preview
// the operator may run it without) and prints it.
func determineOther(ctx context.Context, e *env, f *flags, as string, preview bool,
	fn func(context.Context, *system) (*shebao.OtherDetermination, error)) error {
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	if as != "" || !preview {
		if ctx, err = actAs(ctx, sys, as); err != nil {
			return err
		}
	}
	d, err := fn(ctx, sys)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, d)
	}
	if d.Months > 1 {
		fmt.Fprintf(e.stdout, "%s(%s)%s:%s元/月,%s至%s共%d个月,合计%s元\n", d.Name, idno.MaskID(d.IDNo), d.KindName, d.Amount,
			d.StartMonth, d.EndMonth, d.Months, d.Total)
	} else {
		fmt.Fprintf(e.stdout, "%s(%s)%s:%s元,于%s发放\n", d.Name, idno.MaskID(d.IDNo), d.KindName, d.Amount, d.StartMonth)
	}
	fmt.Fprintln(e.stdout, d.Explain)
	if d.Approval != nil {
		fmt.Fprintf(e.stdout, "已提交待遇核定%s,须由另一经办人复核: shebao approvals approve %s --as 复核人\n", d.Approval.ID, d.Approval.ID)
	} else {
		fmt.Fprintln(e.stdout, "(试算,未提交)")
	}
	return nil
}

func runDetermineUnemployment(ctx context.Context, e *env, args []string) error {
	f := newFlags("determine unemployment", e)
	var req shebao.UnemploymentRequest
	as := f.String("as", "", "经办人用户名(须由另一用户复核)")
	f.StringVar(&req.From, "from", "", "起始发放月份 YYYY-MM(失业登记的月份)")
	f.StringVar(&req.BankAccount, "bank", "", "收款账号(社保卡金融账户)")
	f.BoolVar(&req.Preview, "preview", false, "只计算并显示,不提交")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || req.From == "" {
		return &exitError{code: 2, msg: "用法: shebao " + usageDeterminerUnemployment}
	}
	req.IDNo = pos[0]
	return determineOther(ctx, e, f, *as, req.Preview, func(ctx context.Context, sys *system) (*shebao.OtherDetermination, error) {
		return sys.Benefit.DetermineUnemployment(ctx, req)
	})
}

func runDetermineMaternity(ctx context.Context, e *env, args []string) error {
	f := newFlags("determine maternity", e)
	var req shebao.MaternityRequest
	as := f.String("as", "", "经办人用户名(须由另一用户复核)")
	f.StringVar(&req.Employer, "employer", "", "生育时的参保单位(统一社会信用代码)")
	f.StringVar(&req.BirthDate, "birth-date", "", "生育日期 YYYY-MM-DD")
	f.BoolVar(&req.Difficult, "difficult", false, "难产")
	f.IntVar(&req.Babies, "babies", 1, "生育婴儿数(多胞胎每多1个增加产假)")
	f.StringVar(&req.Month, "month", "", "发放月份 YYYY-MM(默认本月)")
	f.StringVar(&req.BankAccount, "bank", "", "收款账号(社保卡金融账户)")
	f.BoolVar(&req.Preview, "preview", false, "只计算并显示,不提交")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || req.Employer == "" || req.BirthDate == "" {
		return &exitError{code: 2, msg: "用法: shebao " + usageDeterminerMaternity}
	}
	req.IDNo = pos[0]
	return determineOther(ctx, e, f, *as, req.Preview, func(ctx context.Context, sys *system) (*shebao.OtherDetermination, error) {
		return sys.Benefit.DetermineMaternity(ctx, req)
	})
}

func runDetermineInjury(ctx context.Context, e *env, args []string) error {
	f := newFlags("determine injury", e)
	var req shebao.InjuryRequest
	as := f.String("as", "", "经办人用户名(须由另一用户复核)")
	f.IntVar(&req.Grade, "grade", 0, "伤残等级 1–10(劳动能力鉴定结论)")
	f.StringVar(&req.InjuryDate, "injury-date", "", "受伤日期 YYYY-MM-DD")
	f.StringVar(&req.Month, "month", "", "发放月份 YYYY-MM(默认本月)")
	f.StringVar(&req.BankAccount, "bank", "", "收款账号(社保卡金融账户)")
	f.BoolVar(&req.Preview, "preview", false, "只计算并显示,不提交")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || req.Grade == 0 || req.InjuryDate == "" {
		return &exitError{code: 2, msg: "用法: shebao " + usageDeterminerInjury}
	}
	req.IDNo = pos[0]
	return determineOther(ctx, e, f, *as, req.Preview, func(ctx context.Context, sys *system) (*shebao.OtherDetermination, error) {
		return sys.Benefit.DetermineInjury(ctx, req)
	})
}
