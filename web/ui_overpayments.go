package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The overpayments page (待遇追回, issue #5): the payments to recover in
// the user's jurisdiction (benefit.Service.FindOverpayments) by status, with their
// count and total, and for the clerks who write benefits the two things
// done with an open one: 追回 (benefit.Service.RecoverOverpayment, the money came
// back) and 申请核销 (benefit.Service.SubmitWriteOff, as `shebao writeoff` and the
// API: it waits on the 复核 page for a second clerk).
//
// The routes are mounted by mountOverpayments, called from ui() with its
// page helper (signed-in user, CSRF token of every POST checked).

// mountOverpayments adds the page's routes to the UI's mux.
func (u *ui) mountOverpayments(page func(pattern string, h func(w http.ResponseWriter, r *http.Request, v *visit))) {
	page("GET /overpayments", u.overpayments)
	page("POST /overpayments/recover", u.recoverOverpayment)
	page("POST /overpayments/writeoff", u.writeOffOverpayment)
}

// overpaymentStatuses are the statuses of the filter, in the order shown.
var overpaymentStatuses = []string{shebao.OverpaymentOpen, shebao.OverpaymentRecovered, shebao.OverpaymentWrittenOff}

// overpaymentsView is the data of the overpayments page.
type overpaymentsView struct {
	Status   string // "" all
	Statuses []option
	Rows     []overpaymentRow
	Count    int
	Total    string // 元, of the whole selection
	Pager    pager
	CanWrite bool
	Done     string
	Error    string
	Today    string // the recovery form's default date
}

// overpaymentRow is one overpayment of the page.
type overpaymentRow struct {
	BenefitID, Month, IDNo, Link, Scheme, Region, Amount, Reason, Status, FoundAt, SettledOn, Receipt string
	Open                                                                                              bool
}

// overpaymentsTemplate is the page's template with the layout, parsed once.
var overpaymentsTemplate = sync.OnceValues(func() (*template.Template, error) {
	t, err := template.New("overpayments").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/overpayments.html")
	if err != nil {
		return nil, fmt.Errorf("模板overpayments: %w", err)
	}
	return t, nil
})

// overpayments serves GET /overpayments?status=&page=.
func (u *ui) overpayments(w http.ResponseWriter, r *http.Request, v *visit) {
	q := r.URL.Query()
	u.showOverpayments(w, r, v, q.Get("status"), http.StatusOK, q.Get("done"), "")
}

func (u *ui) showOverpayments(w http.ResponseWriter, r *http.Request, v *visit, status string, code int, done, msg string) {
	if !v.role.May(shebao.Read(shebao.EntityBenefit)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看待遇追回"))
		return
	}
	known := false
	for _, s := range overpaymentStatuses {
		known = known || s == status
	}
	if !known {
		status = ""
	}
	view := overpaymentsView{Status: status, CanWrite: v.role.May(shebao.Write(shebao.EntityBenefit)), Done: done, Error: msg,
		Today: shebao.Today().Format(shebao.DateLayout)}
	view.Statuses = append(view.Statuses, option{Value: "", Label: "全部", Selected: status == ""})
	for _, s := range overpaymentStatuses {
		view.Statuses = append(view.Statuses, option{Value: s, Label: s, Selected: s == status})
	}
	pageNo := pageParam(r.URL.Query())
	list, total, sum, err := u.s.app.Benefit.FindOverpayments(r.Context(), shebao.OverpaymentFilter{Status: status,
		Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize})
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view.Count, view.Total = total, sum.String()
	view.Pager = makePager(r.URL, pageNo, total)
	for _, o := range list {
		row := overpaymentRow{BenefitID: o.BenefitID, Month: o.Month, IDNo: o.IDNo, Link: "/persons/" + u.personRef(v, o.IDNo),
			Scheme: o.Scheme, Region: o.Region, Amount: o.Amount.String(), Reason: o.Reason, Status: o.Status,
			FoundAt: formatTime(o.FoundAt), SettledOn: o.SettledOn, Receipt: o.Receipt, Open: o.Status == shebao.OverpaymentOpen}
		if !v.actor.SeesFullID(o.IDNo) {
			row.IDNo = idno.MaskID(o.IDNo)
		}
		if s, ok := shebao.FindScheme(o.Scheme); ok {
			row.Scheme = s.Code + " " + s.Name
		}
		view.Rows = append(view.Rows, row)
	}
	u.renderOverpayments(w, r, code, u.newPage(v, "待遇追回", "overpayments", view))
}

// renderOverpayments sends the page as ui.render sends the others.
func (u *ui) renderOverpayments(w http.ResponseWriter, r *http.Request, status int, p *page) {
	t, err := overpaymentsTemplate()
	var buf bytes.Buffer
	if err == nil {
		err = t.ExecuteTemplate(&buf, "layout", p)
	}
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	noStore(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// recoverOverpayment serves POST /overpayments/recover (benefit_id,
// month, receipt, date, amount; status — the filter to return to).
func (u *ui) recoverOverpayment(w http.ResponseWriter, r *http.Request, v *visit) {
	id, month := strings.TrimSpace(r.PostFormValue("benefit_id")), strings.TrimSpace(r.PostFormValue("month"))
	amount, err := shebao.ParseYuan(strings.TrimSpace(r.PostFormValue("amount")))
	if err != nil {
		u.overpaymentFailed(w, r, v, shebao.FieldErrorf("金额", "追回金额“%s”无效,应为元,最多两位小数", r.PostFormValue("amount")))
		return
	}
	o, err := u.s.app.Benefit.RecoverOverpayment(r.Context(), id, month, shebao.OverpaymentRecovery{Receipt: r.PostFormValue("receipt"),
		Date: r.PostFormValue("date"), Amount: amount})
	if err != nil {
		u.overpaymentFailed(w, r, v, err)
		return
	}
	done := fmt.Sprintf("已登记追回:%s %s月多发待遇%s元(回单%s,%s),已冲回基金。", u.maskedID(v, o.IDNo), o.Month, o.Amount, o.Receipt, o.SettledOn)
	if o.Repeat {
		done = fmt.Sprintf("回单%s此前已登记追回%s %s月多发待遇%s元,未重复入账。", o.Receipt, u.maskedID(v, o.IDNo), o.Month, o.Amount)
	}
	u.backToOverpayments(w, r, done)
}

// writeOffOverpayment serves POST /overpayments/writeoff (benefit_id,
// month, reason): the request goes to the 复核 page.
func (u *ui) writeOffOverpayment(w http.ResponseWriter, r *http.Request, v *visit) {
	req := shebao.WriteOffRequest{BenefitID: strings.TrimSpace(r.PostFormValue("benefit_id")), Month: strings.TrimSpace(r.PostFormValue("month")),
		Reason: r.PostFormValue("reason")}
	ap, created, err := u.s.app.Benefit.SubmitWriteOff(r.Context(), req)
	if err != nil {
		u.overpaymentFailed(w, r, v, err)
		return
	}
	done := "核销申请已提交(" + ap.ID + "),须由另一位经办人在“待复核”中复核。"
	if !created {
		done = "该笔核销申请已在等待复核(" + ap.ID + "),未重复提交。"
	}
	u.backToOverpayments(w, r, done)
}

// overpaymentFailed shows the page again with the store's message (the
// error page for an internal error).
func (u *ui) overpaymentFailed(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	if shebao.ErrorCode(err) == shebao.EINTERNAL {
		u.fail(w, r, v, err)
		return
	}
	u.showOverpayments(w, r, v, r.PostFormValue("status"), errorStatus(err), "", shebao.ErrorMessage(err))
}

// backToOverpayments returns to the list with the filter the form came from.
func (u *ui) backToOverpayments(w http.ResponseWriter, r *http.Request, done string) {
	q := url.Values{"done": {done}}
	if s := r.PostFormValue("status"); s != "" {
		q.Set("status", s)
	}
	http.Redirect(w, r, "/overpayments?"+q.Encode(), http.StatusSeeOther)
}

// maskedID is the number as the user may see it.
func (u *ui) maskedID(v *visit, idNo string) string {
	if v.actor.SeesFullID(idNo) {
		return idNo
	}
	return idno.MaskID(idNo)
}
