package web

import (
	"net/http"
	"strings"

	"github.com/shebao/shebao"
)

// The back payments page (待遇补发, issue #15 item 1): what a payroll month
// pays on top of the month for months already paid at a lower amount
// (benefit/backpay.go: an adjustment or a determination corrected after
// payment), and the months lowered after payment turned into overpayments
// (status 转追回). Each line shows the old and the new amount and the
// explanation in Chinese, searchable by ID number and downloadable as
// .xlsx, for the roles that read benefits — as `shebao backpays` and
// GET /api/v1/payroll/{month}/backpays.

// backPaysView is the data of backpays.html.
type backPaysView struct {
	Month, IDNo, Error, XLSXLink string
	Rows                         []backPayRow
	Pager                        pager
}

// backPayRow is one back payment, formatted.
type backPayRow struct {
	Link, IDNo, Scheme, Kind, Region, Month, Old, New, Amount, Status, Explain string
}

// backPays serves GET /payroll/backpays?month=&id_no=&page=.
func (u *ui) backPays(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityBenefit)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看待遇补发"))
		return
	}
	q := r.URL.Query()
	view := backPaysView{Month: strings.TrimSpace(q.Get("month")), IDNo: strings.TrimSpace(q.Get("id_no"))}
	if p, err := shebao.ParsePeriod(view.Month); err == nil {
		view.Month = string(p)
	} else {
		view.Month = shebao.Today().Format("2006-01")
	}
	filter := func(offset, limit int) shebao.BackPayFilter {
		return shebao.BackPayFilter{PayMonth: view.Month, IDNo: view.IDNo, Offset: offset, Limit: limit}
	}
	kindName := func(code string) string {
		if k, ok := shebao.FindBenefitKind(code); ok {
			return k.Name
		}
		return code
	}
	if wantsXLSX(r) {
		u.exportRows(w, r, v, "backpays-"+view.Month+".xlsx", view.Month+"待遇补发明细",
			[]string{"身份证号", "险种", "待遇项目", "区划", "所属月份", "原金额(元)", "新金额(元)", "补发(元)", "状态", "说明"},
			func(offset, limit int) ([][]any, int, error) {
				bs, total, err := u.s.app.Benefit.FindBackPays(r.Context(), filter(offset, limit))
				var rows [][]any
				for _, b := range bs {
					rows = append(rows, []any{u.maskedID(v, b.IDNo), b.Scheme, kindName(b.Kind), b.Region, b.Month, money(b.OldAmount),
						money(b.NewAmount), money(b.Amount), b.Status, maskIDsIn(v.actor, b.Explanation)})
				}
				return rows, total, err
			})
		return
	}
	view.XLSXLink = xlsxLink(r.URL)
	code := http.StatusOK
	pageNo := pageParam(q)
	bs, total, err := u.s.app.Benefit.FindBackPays(r.Context(), filter((pageNo-1)*uiPageSize, uiPageSize))
	switch {
	case err == nil:
		for _, b := range bs {
			view.Rows = append(view.Rows, backPayRow{Link: "/persons/" + u.personRef(v, b.IDNo), IDNo: u.maskedID(v, b.IDNo), Scheme: b.Scheme,
				Kind: kindName(b.Kind), Region: b.Region, Month: b.Month, Old: yuan(b.OldAmount), New: yuan(b.NewAmount), Amount: yuan(b.Amount),
				Status: b.Status, Explain: maskIDsIn(v.actor, b.Explanation)})
		}
		view.Pager = makePager(r.URL, pageNo, total)
	case shebao.ErrorCode(err) == shebao.EINVALID:
		view.Error, code = shebao.ErrorMessage(err), http.StatusBadRequest
	default:
		u.fail(w, r, v, err)
		return
	}
	u.render(w, r, code, "backpays", u.newPage(v, view.Month+"待遇补发明细", "payroll", view))
}
