package web

import (
	"net/http"
	"strings"

	"github.com/shebao/shebao"
)

// The hospitals' settlement (医疗机构结算) in the browser (issue #15 item
// 1, 医疗): a month's settlements by hospital and scheme with their
// explanations and status, and for medical clerks the run that settles the
// month's claims and submits the payment to 复核 (medical.Service
// .SettleHospitals, as `shebao run hospital-settlement`); the payment is
// approved by a second clerk on the approvals page.

// settlementsView is the data of the settlements page.
type settlementsView struct {
	Month  string
	Rows   []settlementRow
	CanRun bool
	Done   string
	Error  string
}

// settlementRow is one hospital's settlement of the month.
type settlementRow struct {
	Hospital, Scheme, Amount, FundPaid, AccountPaid, Period, Status, Explanation string
	Claims                                                                       int
}

// settlements serves GET /medical/settlements?month=.
func (u *ui) settlements(w http.ResponseWriter, r *http.Request, v *visit) {
	u.showSettlements(w, r, v, r.URL.Query().Get("month"), http.StatusOK, r.URL.Query().Get("done"), "")
}

func (u *ui) showSettlements(w http.ResponseWriter, r *http.Request, v *visit, month string, code int, done, msg string) {
	if !v.role.May(shebao.Read(shebao.EntityMedical)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看医疗机构结算"))
		return
	}
	if p, err := shebao.ParsePeriod(strings.TrimSpace(month)); err == nil {
		month = string(p)
	} else {
		month = shebao.Today().Format("2006-01")
	}
	view := settlementsView{Month: month, CanRun: v.role.May(shebao.Write(shebao.EntityMedical)), Done: done, Error: msg}
	ss, err := u.s.app.Medical.FindSettlements(r.Context(), shebao.SettlementFilter{Month: month})
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	for _, s := range ss {
		view.Rows = append(view.Rows, settlementRow{Hospital: s.Hospital, Scheme: s.Scheme + " " + s.SchemeName, Amount: yuan(s.Amount),
			FundPaid: yuan(s.FundPaid), AccountPaid: yuan(s.AccountPaid), Period: s.FirstDischarged + " 至 " + s.LastDischarged,
			Status: s.Status, Explanation: s.Explanation, Claims: s.Claims})
	}
	u.render(w, r, code, "settlements", u.newPage(v, "医疗机构结算", "medical", view))
}

// settleHospitals serves POST /medical/settlements: the month's run.
func (u *ui) settleHospitals(w http.ResponseWriter, r *http.Request, v *visit) {
	month := strings.TrimSpace(r.PostFormValue("month"))
	res, err := u.s.app.Medical.SettleHospitals(r.Context(), month)
	if err != nil {
		if shebao.ErrorCode(err) == shebao.EINTERNAL || shebao.ErrorCode(err) == shebao.EFORBIDDEN {
			u.fail(w, r, v, err)
			return
		}
		u.showSettlements(w, r, v, month, errorStatus(err), "", shebao.ErrorMessage(err))
		return
	}
	done := res.Summary
	if res.Approval != nil {
		done += " 拨付已提交复核,须由另一位经办人复核。"
	}
	doneTo(w, r, "/medical/settlements?month="+res.Month, done)
}
