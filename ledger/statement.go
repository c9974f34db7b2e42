package ledger

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// AccountStatement returns a person's statement for a year: per fund, the
// opening balance, every movement of the year with the balance after it
// and what it was for, and the year's credits, interest, withdrawals and
// closing balance (年初 + 记账 + 利息 − 支取 = 年末). Clerks of the person's
// jurisdiction may read it; an insured citizen only their own. The read is
// audited (statement.read on the person).
func (s *Service) AccountStatement(ctx context.Context, idNo string, year int) (*shebao.Statement, error) {
	st, err := s.store.StatementMovements(ctx, idNo, year)
	if err != nil {
		return nil, err
	}
	tally(st)
	return st, nil
}

// tally completes a statement of the stored movements: the fund names, the
// items' month, kind name, explanation and running balance, and each
// fund's sums, closing balance and summary.
func tally(st *shebao.Statement) {
	for i := range st.Funds {
		fs := &st.Funds[i]
		fs.FundName = fs.Fund
		if fd, ok := shebao.FindFund(fs.Fund); ok {
			fs.FundName = fd.Name
		}
		fs.Credits, fs.Interest, fs.Debits = 0, 0, 0
		bal := fs.Opening
		for j := range fs.Items {
			it := &fs.Items[j]
			it.Month, it.KindName = it.Date[:7], shebao.MovementKinds[it.Kind]
			it.Explanation = explainMovementSource(it.Kind, it.Source)
			switch it.Kind {
			case shebao.MoveInterest:
				fs.Interest += it.Amount
			case shebao.MoveCredit, shebao.MoveTransferIn:
				fs.Credits += it.Amount
			default:
				fs.Debits += it.Amount
			}
			bal += it.Amount
			it.Balance = bal
		}
		fs.Closing = bal
		fs.Summary = fmt.Sprintf("%s个人账户%d年度:年初余额%s元,本年记账%s元,记账利息%s元,支取/转出%s元,年末余额%s元(年初 + 记账 + 利息 − 支取 = 年末)。",
			fs.FundName, st.Year, fs.Opening, fs.Credits, fs.Interest, -fs.Debits, fs.Closing)
	}
}

// explainMovementSource says in Chinese what business event a movement's
// source names.
func explainMovementSource(kind, source string) string {
	prefix, rest, _ := strings.Cut(source, ":")
	switch prefix {
	case "bill":
		uscc, period, _ := strings.Cut(rest, ":")
		return fmt.Sprintf("单位(%s)%s月缴费足额到账,按缴费基数的记账比例记入", uscc, period)
	case "interest":
		y, _, _ := strings.Cut(rest, ":")
		return fmt.Sprintf("%s年度记账利息(上年末累计储存额 × 记账利率 + 本年记账额 × 记账利率 × 1.083 × 1/2)", y)
	case "resident":
		return fmt.Sprintf("城乡居民养老保险年度缴费(票据号%s):个人缴费、政府补贴和集体补助全额记入", rest)
	case "lumpsum":
		return "村改居一次性补缴足额到账,按补缴基数的8%逐月记入"
	case "flex":
		return fmt.Sprintf("灵活就业人员缴费到账(%s),按缴费基数的8%%记入", rest)
	case "payroll":
		month, _, _ := strings.Cut(rest, ":")
		return fmt.Sprintf("%s月养老金发放:个人账户养老金部分从个人账户支付", month)
	case "cancel":
		month, _, _ := strings.Cut(rest, ":")
		return fmt.Sprintf("%s月待遇发放撤销:已从个人账户支付的部分退回", month)
	case "gen", "opening", "migration":
		return "期初余额(原系统个人账户数据迁移)"
	}
	return shebao.MovementKinds[kind] + ":" + source
}
