package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shebao/shebao"
)

// runLedger runs "ledger check" (exit 1 when the books do not balance) and
// "ledger status".
func runLedger(ctx context.Context, e *env, args []string) error {
	// The 社会救助资金's budget and reclassification (assist_fund_cmds.go).
	if len(args) > 0 && (args[0] == "budget" || args[0] == "reclassify") {
		return runLedgerAssist(ctx, e, args)
	}
	f := newFlags("ledger", e)
	date := f.String("date", "", "截至日期 YYYY-MM-DD(默认今天),仅用于 status")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	usage := &exitError{code: 2, msg: "用法: shebao ledger check [--json] | ledger status [--date YYYY-MM-DD] [--json] | " + usageLedgerAssist}
	if len(pos) != 1 || (pos[0] != "check" && pos[0] != "status") || (pos[0] == "check" && *date != "") {
		return usage
	}
	if *date != "" {
		if _, err := time.Parse(shebao.DateLayout, *date); err != nil {
			return &exitError{code: 2, msg: "日期应为YYYY-MM-DD"}
		}
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	if pos[0] == "status" {
		st, err := sys.Ledger.FundStatus(ctx, *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"funds": st})
		}
		printFundStatus(e.stdout, st)
		return printAssistAccounts(ctx, e.stdout, sys, *date)
	}
	res, err := sys.Ledger.CheckLedger(ctx)
	if err != nil {
		return err
	}
	if *f.json {
		if err := writeJSON(e, res); err != nil {
			return err
		}
	} else {
		t := &ledgerTable{head: []string{"基金", "凭证数", "借方合计(元)", "贷方合计(元)", "借贷平衡", "个人账户科目(元)", "个人账户合计(元)"}}
		for _, fc := range res.Funds {
			liab, accts := "—", "—"
			if fc.Accounts != nil {
				liab, accts = fc.Accounts.Liability.String(), fc.Accounts.Balances.String()
			}
			t.add(fc.Fund+" "+fc.Name, fmt.Sprint(fc.Entries), fc.Debit.String(), fc.Credit.String(), ledgerYesNo(fc.Balanced), liab, accts)
		}
		t.write(e.stdout)
		if res.Balanced {
			fmt.Fprintln(e.stdout, "账务平衡:各基金借贷相等,每张凭证借贷相等,个人账户与负债科目一致。")
		} else {
			fmt.Fprintln(e.stdout, "账务不平衡:")
			for _, p := range res.Problems {
				fmt.Fprintln(e.stdout, "  "+p)
			}
		}
	}
	if !res.Balanced {
		return &exitError{code: 1, msg: fmt.Sprintf("账务不平衡(%d项问题)", len(res.Problems))}
	}
	return nil
}

func printFundStatus(w io.Writer, st []shebao.FundStatus) {
	if len(st) == 0 {
		return
	}
	fmt.Fprintf(w, "基金结余与抗风险支付能力,截至%s(近12个月:%s至%s)\n", st[0].AsOf, st[0].From, st[0].AsOf)
	t := &ledgerTable{head: []string{"基金", "基金结余(元)", "个人账户(元)", "近12个月收入(元)", "近12个月支出(元)", "月均支出(元)", "可支付月数"}}
	for _, s := range st {
		months := "∞"
		switch {
		case s.Entries == 0:
			months = "未建账"
		case s.Months != nil:
			months = *s.Months
			if strings.HasPrefix(months, "-") {
				months += " ⚠无支付能力"
			}
		}
		balance := s.Balance.String()
		if s.Balance < 0 {
			balance += " ⚠赤字"
		}
		t.add(s.Fund+" "+s.Name, balance, s.IndividualAccounts.String(), s.Income12.String(),
			s.Expenditure12.String(), s.MonthlyExpenditure.String(), months)
	}
	t.write(w)
	fmt.Fprintln(w, "基金结余 = 资产 − 负债(个人账户计为负债);抗风险支付能力(月) = 基金结余 ÷ 近12个月月均支出。")
	// A deficit is flagged, not printed as a plain number (issue #15
	// item 8), as the funds page flags it.
	for _, s := range st {
		if s.Balance < 0 {
			fmt.Fprintf(w, "⚠ %s %s:基金结余为负(赤字%s元),无抗风险支付能力,须查明原因(财政补助未到账、支出超收入)\n", s.Fund, s.Name, (-s.Balance).String())
		}
	}
	for _, s := range st {
		if s.Entries > 0 {
			fmt.Fprintf(w, "%s %s:%s\n", s.Fund, s.Name, s.Explanation)
		}
	}
}

func ledgerYesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// ledgerTable writes rows aligned for a terminal, counting Chinese characters
// as two columns; the first column is left-aligned, the others (amounts)
// right-aligned.
type ledgerTable struct {
	head []string
	rows [][]string
}

func (t *ledgerTable) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *ledgerTable) write(w io.Writer) {
	widths := make([]int, len(t.head))
	for _, r := range append([][]string{t.head}, t.rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], ledgerWidth(c))
		}
	}
	for _, r := range append([][]string{t.head}, t.rows...) {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-ledgerWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// ledgerWidth is the width of s on a terminal: East Asian wide characters
// (CJK ideographs, full-width forms and punctuation) take two columns.
func ledgerWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x2E80 && r != utf8.RuneError {
			n += 2
		} else {
			n++
		}
	}
	return n
}
