package main

import (
	"context"
	"fmt"
	"io"

	"github.com/shebao/shebao"
)

// The 社会救助资金 (issue #18 item 7; assist_fund.go in the root): "ledger
// budget" records a budget received, "ledger reclassify" moves the
// assistance paid by the 910 stopgap into the fund, and "ledger status"
// shows the fund's accounts under the table of funds.

const usageLedgerAssist = "ledger budget --doc 文号 --amount 元 --date YYYY-MM-DD [--note 摘要] --as 财务人员 | " +
	"ledger reclassify [--date YYYY-MM-DD] --as 财务人员"

// runLedgerAssist runs "ledger budget" and "ledger reclassify".
func runLedgerAssist(ctx context.Context, e *env, args []string) error {
	f := newFlags("ledger", e)
	as := f.String("as", "", "以该用户(基金财务)的身份办理")
	doc := f.String("doc", "", "预算拨款文号(如 区财社〔2026〕12号),同一文号只记一次")
	amount := f.String("amount", "", "到账金额(元)")
	date := f.String("date", "", "到账日期或记账日期 YYYY-MM-DD")
	note := f.String("note", "", "摘要")
	usage := &exitError{code: 2, msg: "用法: shebao " + usageLedgerAssist}
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{usage: usage, as: as, mustAs: true, ok: func(pos []string) bool {
		return len(pos) == 1 && (pos[0] == "budget" || pos[0] == "reclassify" && *doc == "" && *amount == "")
	}})
	if err != nil {
		return err
	}
	defer sys.Close()
	if pos[0] == "reclassify" {
		res, err := sys.Ledger.ReclassifyAssistance(ctx, *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, res)
		}
		if len(res.Kinds) == 0 {
			fmt.Fprintln(e.stdout, "被征地农民基本生活保障基金中没有社会救助支出,无需调整")
			return nil
		}
		for _, k := range res.Kinds {
			fmt.Fprintln(e.stdout, k.Explanation)
		}
		if res.Total == 0 {
			fmt.Fprintln(e.stdout, "此前已全部调整,本次未记账")
		} else {
			fmt.Fprintf(e.stdout, "本次调整合计%s元,记账日期%s\n", res.Total, res.Date)
		}
		return nil
	}
	m, err := shebao.ParseYuan(*amount)
	if err != nil {
		return shebao.FieldErrorf("amount", "金额“%s”无效", *amount)
	}
	b, created, err := sys.Ledger.RecordAssistBudget(ctx, shebao.AssistBudget{Doc: *doc, Date: *date, Amount: m, Note: *note})
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, map[string]any{"budget": b, "created": created})
	}
	if !created {
		fmt.Fprintf(e.stdout, "文号%s的财政补助已登记过,未重复记账(凭证%s)\n", b.Doc, b.EntryID)
		return nil
	}
	fmt.Fprintf(e.stdout, "已登记社会救助资金财政补助%s元(文号%s,%s到账),记账凭证%s\n", b.Amount, b.Doc, b.Date, b.EntryID)
	return nil
}

// printAssistAccounts writes the 社会救助资金's accounts with a balance on
// the date, under the table of funds: the budget received, what was paid
// by kind and recovered.
func printAssistAccounts(ctx context.Context, w io.Writer, sys *system, date string) error {
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	bs, err := sys.Ledger.AccountBalances(ctx, shebao.FundAssistance, date)
	if err != nil {
		return err
	}
	t := &ledgerTable{head: []string{"社会救助资金科目", "借方(元)", "贷方(元)", "余额(元)"}}
	for _, b := range bs {
		if b.Debit != 0 || b.Credit != 0 {
			t.add(b.Code+" "+b.Name, b.Debit.String(), b.Credit.String(), b.Balance.String())
		}
	}
	if len(t.rows) == 0 {
		return nil
	}
	fmt.Fprintf(w, "社会救助资金(财政资金,%s):\n", date)
	t.write(w)
	return nil
}
