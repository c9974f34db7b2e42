package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/collect"
)

// Collection (征缴) in the browser (issue #15 item 1): on an employer's
// page, what it owes today — each month's bill unpaid, with its late fee
// and how it was computed — and its 暂收款; the bill of a month with every
// line's explanation; the form that records money received from the bank
// (登记到账), and the button that applies 暂收款 to what is due; and the
// month's assessment run (核定). Each calls the collect service exactly as
// the CLI and the importers do.

// employerMoney is the collection section of an employer's page.
type employerMoney struct {
	Arrears          []arrearRow
	Unpaid, LateFees string
	Credit           string // 暂收款 held
	HasCredit        bool
	PaymentLink      string // 登记到账, for roles that write contributions
	CanApply         bool
	// The forms of ui_money_forms.go, for the same roles: 工资申报, 退费, 冲正.
	DeclareLink, RefundLink, CorrectLink string
}

// arrearRow is one unpaid bill.
type arrearRow struct {
	Month, BillLink, DueDate, Total, Paid, Unpaid, LateFee, Explain string
	Days                                                            int
}

// employerCollection fills the collection section for roles that read
// contributions; nil for others.
func (u *ui) employerCollection(r *http.Request, v *visit, uscc string) (*employerMoney, error) {
	if !v.role.May(shebao.Read(shebao.EntityContribution)) || v.role.OwnOnly {
		return nil, nil
	}
	ctx := r.Context()
	as, unpaid, fees, err := u.s.app.Collect.Arrears(ctx, uscc, "")
	if err != nil {
		return nil, err
	}
	m := &employerMoney{Unpaid: yuan(unpaid), LateFees: yuan(fees)}
	for _, a := range as {
		m.Arrears = append(m.Arrears, arrearRow{Month: string(a.Period), BillLink: "/employers/" + uscc + "/bills/" + string(a.Period),
			DueDate: a.DueDate, Total: yuan(a.Total), Paid: yuan(a.Paid), Unpaid: yuan(a.Unpaid), LateFee: yuan(a.LateFee),
			Explain: a.Explain, Days: a.Days})
	}
	_, held, err := u.s.app.Collect.Suspense(ctx, uscc)
	if err != nil {
		return nil, err
	}
	m.Credit, m.HasCredit = yuan(held), held > 0
	if v.role.May(shebao.Write(shebao.EntityContribution)) {
		m.PaymentLink = "/employers/" + uscc + "/payments/new"
		m.CanApply = held > 0 && len(as) > 0
		m.DeclareLink = "/employers/" + uscc + "/declare"
		m.RefundLink = "/employers/" + uscc + "/reversals/refund"
		m.CorrectLink = "/employers/" + uscc + "/reversals/correct"
	}
	return m, nil
}

// billView is the data of a bill's page.
type billView struct {
	B                                    *shebao.Bill
	PrintLink                            string // the bill's print view (A4)
	EmployerLink                         string
	EmployerTotal, IndividualTotal, Paid string
	Total, Unpaid                        string
	Lines                                []billLineRow
}

// billLineRow is one line of a bill, formatted, with its explanation.
type billLineRow struct {
	Name, IDNo, Scheme, Base, EmployerAmount, IndivAmount, Explain string
}

// bill serves GET /employers/{uscc}/bills/{month}: the month's bill with
// each line's base, amounts and the explanation of how they were computed.
func (u *ui) bill(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityContribution)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看单位缴费核定单"))
		return
	}
	uscc := r.PathValue("uscc")
	m, err := shebao.ParsePeriod(r.PathValue("month"))
	if err != nil {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "月份“%s”无效", r.PathValue("month")))
		return
	}
	b, err := u.s.app.Collect.FindBill(r.Context(), uscc, m)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := billView{B: b, PrintLink: "/employers/" + b.Employer + "/bills/" + string(b.Period) + "?print=1", EmployerLink: "/employers/" + b.Employer, EmployerTotal: yuan(b.EmployerTotal), IndividualTotal: yuan(b.IndividualTotal),
		Total: yuan(b.Total), Paid: yuan(b.Paid), Unpaid: yuan(b.Total - b.Paid)}
	for _, l := range b.Items {
		id := l.IDNo
		if !v.actor.SeesFullID(id) {
			id = maskIDsIn(v.actor, id)
		}
		view.Lines = append(view.Lines, billLineRow{Name: l.Name, IDNo: id, Scheme: l.Scheme, Base: yuan(l.Base),
			EmployerAmount: yuan(l.EmployerAmount), IndivAmount: yuan(l.IndivAmount), Explain: maskIDsIn(v.actor, l.Explanation())})
	}
	u.render(w, r, http.StatusOK, "bill", u.newPage(v, b.EmployerName+" "+string(b.Period)+"缴费核定单", "employers", view))
}

// paymentForm is the form of money received from the bank (登记到账).
func paymentForm(e *shebao.Employer) *formView {
	return &formView{Title: "登记到账", Subtitle: e.Name, Action: "/employers/" + e.USCC + "/payments/new", Submit: "登记",
		Back: "/employers/" + e.USCC, BackLabel: "返回单位",
		Fields: []formField{
			{Name: "receipt_no", Label: "回单号", Required: true, Placeholder: "银行回单或缴款书号,同一回单只登记一次"},
			{Name: "amount", Label: "金额", Required: true, Placeholder: "元,如 12345.67"},
			{Name: "paid_on", Label: "到账日期", Type: "date", Required: true},
		},
		Note: "到账金额先冲抵最早的欠缴月份,再缴清已核定的滞纳金,余额记为暂收款;同一回单号再次登记不会重复入账。"}
}

// newPayment serves GET /employers/{uscc}/payments/new.
func (u *ui) newPayment(w http.ResponseWriter, r *http.Request, v *visit) {
	e, ok := u.employerForMoney(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "employers", paymentForm(e))
}

// createPayment serves POST /employers/{uscc}/payments/new: the money
// received, as an imported payments row, then the employer's page with
// where it went.
func (u *ui) createPayment(w http.ResponseWriter, r *http.Request, v *visit) {
	e, ok := u.employerForMoney(w, r, v)
	if !ok {
		return
	}
	f := paymentForm(e)
	f.fill(r)
	amount, err := shebao.ParseYuan(f.value("amount"))
	if err != nil {
		f.place(shebao.FieldErrorf("金额", "金额“%s”无效,应为元,最多两位小数", f.value("amount")))
		u.showForm(w, r, v, http.StatusBadRequest, "employers", f)
		return
	}
	p := shebao.Payment{ReceiptNo: f.value("receipt_no"), Employer: e.USCC, Amount: amount, PaidOn: f.value("paid_on")}
	if err := p.Validate(); err != nil {
		u.refused(w, r, v, "employers", f, err)
		return
	}
	res, err := u.s.app.Collect.RecordPayment(r.Context(), p)
	if err != nil {
		u.refused(w, r, v, "employers", f, err)
		return
	}
	doneTo(w, r, "/employers/"+e.USCC, paymentDone(res))
}

// paymentDone says where an employer's payment went.
func paymentDone(res *shebao.PaymentResult) string {
	return moneyInDone("已登记到账", res.Payment.ReceiptNo, res.Repeat, res.Payment.Amount, res.Allocations, res.LateFeePaid, res.Credit)
}

// moneyInDone says where money received went (the one pipeline of
// collect/payments.go for every payer): the months it paid, the late fees,
// the rest held as 暂收款; or that the receipt was recorded before.
func moneyInDone(what, receipt string, repeat bool, amount shebao.Money, als []shebao.Allocation, feePaid, credit shebao.Money) string {
	if repeat {
		return fmt.Sprintf("回单%s此前已登记,未重复入账。", receipt)
	}
	var months []string
	for _, a := range als {
		months = append(months, fmt.Sprintf("%s月%s元", a.Period, yuan(a.Amount)))
	}
	msg := fmt.Sprintf("%s%s元", what, yuan(amount))
	if len(months) > 0 {
		msg += ",冲抵" + strings.Join(months, "、")
	}
	if feePaid > 0 {
		msg += ",缴清滞纳金" + yuan(feePaid) + "元"
	}
	if credit > 0 {
		msg += ",余" + yuan(credit) + "元记为暂收款"
	}
	return msg + "。"
}

// applyCredit serves POST /employers/{uscc}/credit: the 暂收款 held paid to
// what is due (collect.Service.ApplyCredit, as `shebao payments apply`).
func (u *ui) applyCredit(w http.ResponseWriter, r *http.Request, v *visit) {
	e, ok := u.employerForMoney(w, r, v)
	if !ok {
		return
	}
	res, err := u.s.app.Collect.ApplyCredit(r.Context(), e.USCC, "")
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	doneTo(w, r, "/employers/"+e.USCC, fmt.Sprintf("暂收款冲抵应缴%s元,滞纳金%s元,尚余暂收款%s元。", yuan(res.Total), yuan(res.LateFeeTotal), yuan(res.Left)))
}

// employerForMoney resolves the employer of a collection form, for roles
// that write contributions.
func (u *ui) employerForMoney(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.Employer, bool) {
	return u.formEmployer(w, r, v, v.role.May(shebao.Write(shebao.EntityContribution)), "登记单位缴费")
}

// assessForm is the form of a month's assessment run (核定).
func assessForm() *formView {
	return &formView{Title: "月度核定", Subtitle: "按申报的缴费基数生成单位的月度缴费核定单", Action: "/contributions/assess", Submit: "开始核定",
		Fields: []formField{{Name: "month", Label: "月份", Required: true, Placeholder: "YYYY-MM,如 " + shebao.Today().Format("2006-01"),
			Value: shebao.Today().Format("2006-01")}},
		Note: "核定可重复执行:未变化的核定单不变,已有缴款的核定单不改写而另行更正;未申报的单位按上月的110%核定。"}
}

// assessPage serves GET /contributions/assess.
func (u *ui) assessPage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityContribution)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "核定缴费"))
		return
	}
	f := assessForm()
	if d := r.URL.Query().Get("done"); d != "" {
		f.Note = d
	}
	u.showForm(w, r, v, http.StatusOK, "assess", f)
}

// assess serves POST /contributions/assess: the month's assessment, as
// `shebao run assessment`.
func (u *ui) assess(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityContribution)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "核定缴费"))
		return
	}
	f := assessForm()
	f.fill(r)
	m, err := shebao.ParsePeriod(f.value("month"))
	if err != nil {
		f.place(shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", f.value("month")))
		u.showForm(w, r, v, http.StatusBadRequest, "assess", f)
		return
	}
	u.startRun(w, r, v, collect.JobAssessment, string(m), "/contributions/assess", func(ctx context.Context) (string, error) {
		res, err := u.s.app.Collect.Assess(ctx, m)
		if err != nil {
			return "", err
		}
		return assessDone(res), nil
	})
}

// assessDone says what an assessment did.
func assessDone(res *shebao.AssessResult) string {
	msg := fmt.Sprintf("%s月核定完成:%d个单位、%d条明细,合计应缴%s元;本次新写%d个单位,未变%d个", res.Period, res.Employers, res.Lines, yuan(res.Total),
		res.Rewritten, res.Unchanged)
	if len(res.Undeclared) > 0 {
		msg += fmt.Sprintf(";%d个单位未申报,按上月110%%核定", len(res.Undeclared))
	}
	if len(res.Paid) > 0 {
		msg += fmt.Sprintf(";%d个单位的核定单已有缴款,须另行更正", len(res.Paid))
	}
	return msg + "。"
}
