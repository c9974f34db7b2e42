package web

import (
	"net/http"
	"strings"

	"github.com/shebao/shebao"
)

// The funds page (基金, issue #15 item 1): each fund's ledger status on a
// day — assets, liabilities, 结余 and 累计结余, the twelve months' income
// and expenditure, and 抗风险支付能力 in months with its explanation — as
// `shebao ledger status`; a negative balance or months figure is flagged,
// not printed as a plain number; and the ledger check (`shebao ledger
// check`) on demand.

// fundsView is the data of the funds page.
type fundsView struct {
	Date  string
	Funds []fundRow
	// Check is the ledger check, when asked for (?check=1).
	Check *shebao.LedgerCheck
	Error string
}

// fundRow is one fund's status, formatted.
type fundRow struct {
	Fund, Name, Assets, Liabilities, Balance, Accumulated, IndividualAccounts string
	Income12, Expenditure12, MonthlyExpenditure, Months, Explanation          string
	Entries                                                                   int64
	// Negative: the balance is below zero; MonthsNegative: so are the
	// months of payment capacity (both shown as warnings).
	Negative, MonthsNegative, NoSpending bool
}

// funds serves GET /funds?date=&check=.
func (u *ui) funds(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityFund)) {
		u.fail(w, r, v, forbidden(v, "查看基金账务"))
		return
	}
	q := r.URL.Query()
	view := fundsView{Date: strings.TrimSpace(q.Get("date"))}
	if view.Date == "" {
		view.Date = shebao.Today().Format(shebao.DateLayout)
	}
	code := http.StatusOK
	st, err := u.s.app.Ledger.FundStatus(r.Context(), view.Date)
	switch {
	case err == nil:
		for _, f := range st {
			row := fundRow{Fund: f.Fund, Name: f.Name, Assets: yuan(f.Assets), Liabilities: yuan(f.Liabilities), Balance: yuan(f.Balance),
				Accumulated: yuan(f.Accumulated), IndividualAccounts: yuan(f.IndividualAccounts), Income12: yuan(f.Income12),
				Expenditure12: yuan(f.Expenditure12), MonthlyExpenditure: yuan(f.MonthlyExpenditure), Explanation: f.Explanation,
				Entries: f.Entries, Negative: f.Balance < 0}
			if f.Months == nil {
				row.NoSpending = true
			} else {
				row.Months = *f.Months
				row.MonthsNegative = strings.HasPrefix(*f.Months, "-")
			}
			view.Funds = append(view.Funds, row)
		}
	case shebao.ErrorCode(err) == shebao.EINVALID:
		view.Error, code = shebao.ErrorMessage(err), http.StatusBadRequest
	default:
		u.fail(w, r, v, err)
		return
	}
	if q.Get("check") == "1" && view.Error == "" {
		if view.Check, err = u.s.app.Ledger.CheckLedger(r.Context()); err != nil {
			u.fail(w, r, v, err)
			return
		}
	}
	u.render(w, r, code, "funds", u.newPage(v, "基金账务", "funds", view))
}
