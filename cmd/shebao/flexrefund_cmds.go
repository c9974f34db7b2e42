package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// The refund (退费) of a flexible-employment personal payment's 暂收款,
// submitted by one user and carried out when another approves it (shebao
// approvals approve ID --as …; collect/refunds.go).

func runFlexRefund(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao flex-refund --receipt 凭证号 --ref 原回单号 --amount 元 --date YYYY-MM-DD [--reason 原因] --as 经办人"}
	f := newFlags("flex-refund", e)
	receipt := f.String("receipt", "", "退费凭证号")
	ref := f.String("ref", "", "原灵活就业缴款的回单号")
	amount := f.String("amount", "", "退费金额(元)")
	date := f.String("date", "", "退费日期 YYYY-MM-DD(默认今天)")
	reason := f.String("reason", "", "原因")
	as := f.String("as", "", "经办人用户名")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *as == "" || *amount == "" {
		return usage
	}
	m, err := shebao.ParseYuan(*amount)
	if err != nil {
		return shebao.FieldErrorf("amount", "退费金额:%s", err.Error())
	}
	if *date == "" {
		*date = shebao.Today().Format(shebao.DateLayout)
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	ctx, err = actAs(ctx, sys, *as)
	if err != nil {
		return err
	}
	ap, err := sys.Collect.RecordFlexRefund(ctx, shebao.FlexRefundRequest{Receipt: *receipt, Ref: *ref, Amount: m, Date: *date, Reason: *reason})
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, ap)
	}
	if ap.Status != shebao.ApprovalPending {
		fmt.Fprintf(e.stdout, "该申请已于此前提交(%s,%s):%s %s\n", ap.ID, ap.Status, ap.Summary, ap.Result)
		return nil
	}
	fmt.Fprintf(e.stdout, "已提交%s申请%s:%s。须由另一用户复核: shebao approvals approve %s --as 复核人\n", ap.KindName, ap.ID, ap.Summary, ap.ID)
	return nil
}
