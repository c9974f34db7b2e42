package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// arrearsReport is the JSON form of `shebao arrears`.
type arrearsReport struct {
	Employer string          `json:"employer"`
	AsOf     string          `json:"as_of"`
	Bills    []shebao.Arrear `json:"bills"`
	Unpaid   shebao.Money    `json:"unpaid"`
	LateFee  shebao.Money    `json:"late_fee"`
	// AssessedLateFee is the late fee assessed on money that arrived late
	// by AsOf and not paid by then (Collect.LateFeesOutstanding), part of
	// Total.
	AssessedLateFee shebao.Money `json:"assessed_late_fee"`
	Total           shebao.Money `json:"total"`
}

func runArrears(ctx context.Context, e *env, args []string) error {
	f := newFlags("arrears", e)
	date := f.String("date", "", "截止日期 YYYY-MM-DD(默认今天)")
	sys, _, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao arrears USCC [--date YYYY-MM-DD] [--json]"},
		ok:    nargs(1),
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	asOf := *date
	if asOf == "" {
		asOf = shebao.Today().Format(shebao.DateLayout)
	}
	bills, unpaid, fee, err := sys.Collect.Arrears(ctx, pos[0], asOf)
	if err != nil {
		return err
	}
	charged, err := sys.Collect.LateFeesOutstanding(ctx, pos[0], asOf)
	if err != nil {
		return err
	}
	code := pos[0]
	if u, err := idno.ParseUSCC(code); err == nil {
		code = u.Code
	}
	r := arrearsReport{Employer: code, AsOf: asOf, Bills: bills, Unpaid: unpaid, LateFee: fee,
		AssessedLateFee: charged, Total: unpaid + fee + charged}
	if *f.json {
		return writeJSON(e, r)
	}
	if r.AssessedLateFee > 0 {
		fmt.Fprintf(e.stdout, "%s 已核定未缴滞纳金%s元(逾期到账的缴款,明细: shebao payments late-fees %s)\n", r.Employer, r.AssessedLateFee, r.Employer)
	}
	if len(bills) == 0 {
		fmt.Fprintf(e.stdout, "%s 截至%s没有欠费\n", r.Employer, asOf)
		return nil
	}
	fmt.Fprintf(e.stdout, "%s 截至%s欠费%d个月,欠缴合计%s元,滞纳金合计%s元,共计%s元\n",
		r.Employer, asOf, len(bills), unpaid, fee, r.Total)
	for _, b := range bills {
		fmt.Fprintf(e.stdout, "  %s\n", b.Explain)
	}
	return nil
}
