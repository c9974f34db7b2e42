package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// receiptReversals are the refunds (退费) and corrections (冲正) of a
// resident's contribution receipt and of a 村改居 lump-sum receipt, by the
// command and subcommand that submit them: each goes to 复核 (a second
// user approves it with `approvals approve`).
var receiptReversals = map[string]map[string]func(sys *system) func(context.Context, shebao.ReceiptReversalRequest) (*shebao.Approval, error){
	"resident": {
		"refund": func(sys *system) func(context.Context, shebao.ReceiptReversalRequest) (*shebao.Approval, error) {
			return sys.Collect.RecordResidentRefund
		},
		"correct": func(sys *system) func(context.Context, shebao.ReceiptReversalRequest) (*shebao.Approval, error) {
			return sys.Collect.RecordResidentCorrection
		},
	},
	"lumpsum": {
		"refund": func(sys *system) func(context.Context, shebao.ReceiptReversalRequest) (*shebao.Approval, error) {
			return sys.Collect.RecordLumpSumRefund
		},
		"correct": func(sys *system) func(context.Context, shebao.ReceiptReversalRequest) (*shebao.Approval, error) {
			return sys.Collect.RecordLumpSumCorrection
		},
	},
}

// runReceiptReversal runs `shebao resident|lumpsum refund|correct
// --receipt 凭证号 --ref 原票据号 [--date D] --reason 原因 --as 经办人`.
func runReceiptReversal(ctx context.Context, e *env, command, sub string, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao " + command + " " + sub + " --receipt 凭证号 --ref 原票据号 [--date YYYY-MM-DD] --reason 原因 --as 经办人 [--json]"}
	f := newFlags(command+" "+sub, e)
	receipt := f.String("receipt", "", "退费或更正凭证号")
	ref := f.String("ref", "", "原缴费票据号")
	date := f.String("date", "", "日期 YYYY-MM-DD(默认今天)")
	reason := f.String("reason", "", "原因")
	as := f.String("as", "", "经办人用户名")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{usage: usage, ok: nargs(0), as: as, mustAs: true})
	if err != nil {
		return err
	}
	defer sys.Close()
	if *date == "" {
		*date = shebao.Today().Format(shebao.DateLayout)
	}
	ap, err := receiptReversals[command][sub](sys)(ctx, shebao.ReceiptReversalRequest{Receipt: *receipt, Ref: *ref, Date: *date, Reason: *reason})
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
