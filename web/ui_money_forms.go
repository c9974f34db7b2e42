package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The collection forms of issue #15 item 1 (征缴) beyond the payment
// received: an employee's monthly wage declared (申报) on the employer's
// page, a payment's refund (退费) or correction (冲正) submitted to 复核,
// and a flexible worker's base (缴费基数), payment, refund and correction
// on the person's page. Each calls the service method the API and the CLI
// call, so it validates and deduplicates as they do: the same receipt
// again answers the approval made before, the same wage again is
// unchanged.

// moneyField parses a form's amount in 元, naming the field on an error.
func moneyField(f *formView, name, label string) (shebao.Money, error) {
	m, err := shebao.ParseYuan(f.value(name))
	if err != nil {
		return 0, shebao.FieldErrorf(label, "%s“%s”无效,应为元,最多两位小数", label, f.value(name))
	}
	return m, nil
}

// formBad puts a parse error next to its field and shows the form again.
func (u *ui) formBad(w http.ResponseWriter, r *http.Request, v *visit, active string, f *formView, err error) {
	f.place(err)
	u.showForm(w, r, v, http.StatusBadRequest, active, f)
}

// submittedDone says what became of a refund or a correction sent to 复核.
func submittedDone(ap *shebao.Approval, v *visit) string {
	switch {
	case ap.Status != shebao.ApprovalPending:
		return fmt.Sprintf("该凭证号此前已提交(%s):%s", ap.Status, maskIDsIn(v.actor, ap.Summary))
	case ap.Maker != v.actor.Name:
		return fmt.Sprintf("该凭证号此前已由%s提交,待复核:%s", ap.Maker, maskIDsIn(v.actor, ap.Summary))
	}
	return fmt.Sprintf("已提交复核(%s),须另一用户在复核队列中审核后执行:%s", ap.KindName, maskIDsIn(v.actor, ap.Summary))
}

// ---- 单位:工资申报、退费、冲正 ----

// declareForm is the form of one employee's wage for a month (月度缴费工资申报).
func declareForm(e *shebao.Employer) *formView {
	return &formView{Title: "工资申报", Subtitle: e.Name, Action: "/employers/" + e.USCC + "/declare", Submit: "申报",
		Back: "/employers/" + e.USCC, BackLabel: "返回单位",
		Fields: []formField{
			{Name: "period", Label: "费款所属期", Required: true, Placeholder: "YYYY-MM", Aliases: []string{"月份"}},
			{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "在该单位参保缴费的职工"},
			{Name: "wage", Label: "工资", Required: true, Placeholder: "上年度月平均工资,元"},
		},
		Note: "申报的工资经缴费基数上下限调整后作为缴费基数;已核定的月份按新申报重新核定(已有缴款的按差额另行结算)。同一工资再次申报不变;整单位申报请用“导入”的申报表。"}
}

// employerForContribution resolves the employer of a collection form.
func (u *ui) employerForContribution(w http.ResponseWriter, r *http.Request, v *visit, what string) (*shebao.Employer, bool) {
	if v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, what))
		return nil, false
	}
	return u.formEmployer(w, r, v, v.role.May(shebao.Write(shebao.EntityContribution)), what)
}

// declarePage serves GET /employers/{uscc}/declare.
func (u *ui) declarePage(w http.ResponseWriter, r *http.Request, v *visit) {
	if e, ok := u.employerForContribution(w, r, v, "工资申报"); ok {
		u.showForm(w, r, v, http.StatusOK, "employers", declareForm(e))
	}
}

// declare serves POST /employers/{uscc}/declare: the declaration, as a
// row of the declarations import, and the month assessed again when its
// bill exists (collect.Service.ReassessDeclared, as the import does).
func (u *ui) declare(w http.ResponseWriter, r *http.Request, v *visit) {
	e, ok := u.employerForContribution(w, r, v, "工资申报")
	if !ok {
		return
	}
	f := declareForm(e)
	f.fill(r)
	period, err := shebao.ParsePeriod(strings.TrimSpace(f.value("period")))
	if err != nil {
		u.formBad(w, r, v, "employers", f, shebao.FieldErrorf("费款所属期", "费款所属期“%s”无效,应为YYYY-MM", f.value("period")))
		return
	}
	parsed, err := idno.ParseID(f.value("id_no"), shebao.Today())
	if err != nil {
		u.formBad(w, r, v, "employers", f, shebao.FieldErrorf("身份证号", "%s", err.Error()))
		return
	}
	id := parsed.Number
	wage, err := moneyField(f, "wage", "工资")
	if err != nil {
		u.formBad(w, r, v, "employers", f, err)
		return
	}
	d := shebao.Declaration{Employer: e.USCC, Period: period, IDNo: id, Wage: wage}
	out, errs, err := u.s.app.Collect.ImportDeclarations(r.Context(), "网页申报", []shebao.Declaration{d})
	if err == nil && errs[0] != nil {
		err = errs[0]
	}
	if err != nil {
		u.refused(w, r, v, "employers", f, err)
		return
	}
	msg := fmt.Sprintf("已申报%s %s月工资%s元", maskIDsIn(v.actor, id), period, yuan(wage))
	switch out[0] {
	case shebao.Unchanged:
		msg = fmt.Sprintf("%s %s月已申报工资%s元,未变化", maskIDsIn(v.actor, id), period, yuan(wage))
	default:
		res, err := u.s.app.Collect.ReassessDeclared(r.Context(), []shebao.DeclarationKey{{Employer: e.USCC, Period: period}})
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		if len(res) > 0 {
			msg += fmt.Sprintf(",%s月已按新申报重新核定", period)
		}
	}
	doneTo(w, r, "/employers/"+e.USCC, msg+"。")
}

// refundForm is the form of a payment's refund (退费), to 复核.
func refundForm(action, back, backLabel, subtitle string) *formView {
	return &formView{Title: "退费", Subtitle: subtitle, Action: action, Submit: "提交复核", Back: back, BackLabel: backLabel,
		Fields: []formField{
			{Name: "receipt", Label: "退费凭证号", Required: true, Placeholder: "退费的银行回单或凭证号,同一凭证只办理一次"},
			{Name: "ref", Label: "原回单号", Required: true, Placeholder: "要退还的那笔缴款的回单号"},
			{Name: "amount", Label: "金额", Required: true, Placeholder: "元"},
			{Name: "date", Label: "退费日期", Type: "date", Required: true},
			{Name: "reason", Label: "原因", Placeholder: "退还超过暂收款(多征)时必填"},
		},
		Note: "先退暂收款;超过暂收款的部分冲回已缴的费款(多征),须说明原因。提交后须另一用户在复核队列中审核,通过后才退还。"}
}

// correctionForm is the form of a payment's correction (冲正), to 复核.
func correctionForm(action, back, backLabel, subtitle string) *formView {
	return &formView{Title: "冲正", Subtitle: subtitle, Action: action, Submit: "提交复核", Back: back, BackLabel: backLabel,
		Fields: []formField{
			{Name: "receipt", Label: "冲正凭证号", Required: true},
			{Name: "ref", Label: "原回单号", Required: true, Placeholder: "要整笔冲销的缴款的回单号"},
			{Name: "date", Label: "冲正日期", Type: "date", Required: true},
			{Name: "reason", Label: "原因", Required: true, Placeholder: "如错记单位、金额有误"},
		},
		Note: "冲正整笔冲销一笔错记的缴款:冲回它冲抵的各月费款和滞纳金,已结清的月份重新列为欠缴。提交后须另一用户复核。"}
}

// employerReversalPage serves GET /employers/{uscc}/reversals/{refund|correct}.
func (u *ui) employerReversalPage(w http.ResponseWriter, r *http.Request, v *visit) {
	e, ok := u.employerForContribution(w, r, v, "办理退费、冲正")
	if !ok {
		return
	}
	if t := r.PathValue("task"); t != "refund" && t != "correct" {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "没有此项业务:%s", t))
		return
	}
	u.showForm(w, r, v, http.StatusOK, "employers", employerReversalForm(e, r.PathValue("task")))
}

func employerReversalForm(e *shebao.Employer, task string) *formView {
	base := "/employers/" + e.USCC
	if task == "correct" {
		return correctionForm(base+"/reversals/correct", base, "返回单位", e.Name)
	}
	return refundForm(base+"/reversals/refund", base, "返回单位", e.Name)
}

// employerReversal serves POST /employers/{uscc}/reversals/{refund|correct}: the
// request to 复核 (collect.Service.RecordRefund, RecordCorrection). The
// original receipt must be the employer's: a receipt of another payer is
// refused on the form rather than submitted from the wrong page.
func (u *ui) employerReversal(w http.ResponseWriter, r *http.Request, v *visit) {
	e, ok := u.employerForContribution(w, r, v, "办理退费、冲正")
	if !ok {
		return
	}
	if t := r.PathValue("task"); t != "refund" && t != "correct" {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "没有此项业务:%s", t))
		return
	}
	task := r.PathValue("task")
	f := employerReversalForm(e, task)
	f.fill(r)
	ref := strings.TrimSpace(f.value("ref"))
	payer, err := u.s.app.Collect.PaymentEmployer(r.Context(), ref)
	if err != nil {
		u.refused(w, r, v, "employers", f, err)
		return
	}
	if payer != e.USCC {
		u.formBad(w, r, v, "employers", f, shebao.FieldErrorf("原回单号", "回单%s不是%s的缴款", ref, e.Name))
		return
	}
	var ap *shebao.Approval
	if task == "correct" {
		ap, err = u.s.app.Collect.RecordCorrection(r.Context(), shebao.CorrectionRequest{Receipt: f.value("receipt"), Ref: ref,
			Date: f.value("date"), Reason: f.value("reason")})
	} else {
		amount, perr := moneyField(f, "amount", "金额")
		if perr != nil {
			u.formBad(w, r, v, "employers", f, perr)
			return
		}
		ap, err = u.s.app.Collect.RecordRefund(r.Context(), shebao.RefundRequest{Receipt: f.value("receipt"), Ref: ref, Amount: amount,
			Date: f.value("date"), Reason: f.value("reason")})
	}
	if err != nil {
		u.refused(w, r, v, "employers", f, err)
		return
	}
	doneTo(w, r, "/employers/"+e.USCC, submittedDone(ap, v))
}

// ---- 灵活就业人员:缴费基数、缴费、退费、冲正 ----

// flexBaseForm is the form of a flexible worker's chosen base.
func flexBaseForm(ref string, p *shebao.Person) *formView {
	back := "/persons/" + ref
	return &formView{Title: "灵活就业缴费基数", Subtitle: p.Name, Action: back + "/flex", Submit: "登记", Back: back, BackLabel: "返回人员",
		Fields: []formField{
			{Name: "from", Label: "起始月份", Required: true, Placeholder: "YYYY-MM"},
			{Name: "to", Label: "终止月份", Placeholder: "YYYY-MM,不填为长期"},
			{Name: "base", Label: "缴费基数", Required: true, Placeholder: "元/月,在当年基数上下限之内"},
		},
		Note: "灵活就业人员在当地缴费基数上下限之间自选基数,按当月政策的费率逐月核定个人缴费(职工养老保险),足额缴纳的月份按比例记入个人账户。同一人的基数期间不得重叠;同一登记再次提交不变。"}
}

// flexPayForm is the form of a flexible worker's payment received.
func flexPayForm(ref string, p *shebao.Person) *formView {
	back := "/persons/" + ref
	return &formView{Title: "灵活就业缴费到账", Subtitle: p.Name, Action: back + "/flex/pay", Submit: "登记", Back: back, BackLabel: "返回人员",
		Fields: []formField{
			{Name: "receipt", Label: "回单号", Required: true, Placeholder: "同一回单只登记一次"},
			{Name: "amount", Label: "金额", Required: true, Placeholder: "元"},
			{Name: "date", Label: "到账日期", Type: "date", Required: true},
		},
		Note: "到账金额先冲抵最早的欠缴月份,再缴清滞纳金,余额记为暂收款。"}
}

// personForFlex resolves the person of a flexible-employment form.
func (u *ui) personForFlex(w http.ResponseWriter, r *http.Request, v *visit) (string, *shebao.Person, bool) {
	return u.formPerson(w, r, v, v.role.May(shebao.Write(shebao.EntityContribution)), "办理灵活就业缴费")
}

// flexForm is the form of a flexible-employment task ("" for the base).
func flexForm(task, ref string, p *shebao.Person) *formView {
	back := "/persons/" + ref
	switch task {
	case "pay":
		return flexPayForm(ref, p)
	case "refund":
		f := refundForm(back+"/flex/refund", back, "返回人员", p.Name+"(灵活就业)")
		f.Note = "灵活就业缴费只退还未冲抵应缴的暂收款;金额有误的缴款请办理冲正。提交后须另一用户在复核队列中审核,通过后才退还。"
		return f
	case "correct":
		return correctionForm(back+"/flex/correct", back, "返回人员", p.Name+"(灵活就业)")
	}
	return flexBaseForm(ref, p)
}

// flexPage serves GET /persons/{ref}/flex and /persons/{ref}/flex/{task}.
func (u *ui) flexPage(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personForFlex(w, r, v)
	if !ok {
		return
	}
	switch t := r.PathValue("task"); t {
	case "", "pay", "refund", "correct":
	default:
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "没有此项业务:%s", t))
		return
	}
	u.showForm(w, r, v, http.StatusOK, "persons", flexForm(r.PathValue("task"), ref, p))
}

// flexDo serves the POSTs of the flexible-employment forms.
func (u *ui) flexDo(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personForFlex(w, r, v)
	if !ok {
		return
	}
	switch t := r.PathValue("task"); t {
	case "", "pay", "refund", "correct":
	default:
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "没有此项业务:%s", t))
		return
	}
	task := r.PathValue("task")
	f := flexForm(task, ref, p)
	f.fill(r)
	back := "/persons/" + ref
	switch task {
	case "":
		from, err := shebao.ParsePeriod(strings.TrimSpace(f.value("from")))
		if err != nil {
			u.formBad(w, r, v, "persons", f, shebao.FieldErrorf("起始月份", "起始月份“%s”无效,应为YYYY-MM", f.value("from")))
			return
		}
		var to shebao.Period
		if s := strings.TrimSpace(f.value("to")); s != "" {
			if to, err = shebao.ParsePeriod(s); err != nil {
				u.formBad(w, r, v, "persons", f, shebao.FieldErrorf("终止月份", "终止月份“%s”无效,应为YYYY-MM", s))
				return
			}
		}
		base, err := moneyField(f, "base", "缴费基数")
		if err != nil {
			u.formBad(w, r, v, "persons", f, err)
			return
		}
		if err := u.s.app.Collect.RegisterFlexBase(r.Context(), shebao.FlexBase{IDNo: p.IDNo, From: from, To: to, Base: base}); err != nil {
			u.refused(w, r, v, "persons", f, err)
			return
		}
		doneTo(w, r, back, fmt.Sprintf("已登记灵活就业缴费基数%s元,自%s起。", yuan(base), from))
	case "pay":
		amount, err := moneyField(f, "amount", "金额")
		if err != nil {
			u.formBad(w, r, v, "persons", f, err)
			return
		}
		res, err := u.s.app.Collect.RecordFlexPayment(r.Context(), f.value("receipt"), p.IDNo, amount, f.value("date"))
		if err != nil {
			u.refused(w, r, v, "persons", f, err)
			return
		}
		doneTo(w, r, back, flexPaymentDone(res))
	case "refund":
		amount, err := moneyField(f, "amount", "金额")
		if err != nil {
			u.formBad(w, r, v, "persons", f, err)
			return
		}
		ap, err := u.s.app.Collect.RecordFlexRefund(r.Context(), shebao.FlexRefundRequest{Receipt: f.value("receipt"), Ref: f.value("ref"),
			Amount: amount, Date: f.value("date"), Reason: f.value("reason")})
		if err != nil {
			u.refused(w, r, v, "persons", f, err)
			return
		}
		doneTo(w, r, back, submittedDone(ap, v))
	case "correct":
		ap, err := u.s.app.Collect.RecordFlexCorrection(r.Context(), shebao.FlexCorrectionRequest{Receipt: f.value("receipt"), Ref: f.value("ref"),
			Date: f.value("date"), Reason: f.value("reason")})
		if err != nil {
			u.refused(w, r, v, "persons", f, err)
			return
		}
		doneTo(w, r, back, submittedDone(ap, v))
	}
}

// flexPaymentDone says where a flexible worker's payment went.
func flexPaymentDone(res *shebao.FlexPaymentResult) string {
	return moneyInDone("已登记灵活就业缴费", res.ReceiptNo, res.Repeat, res.Amount, res.Allocations, res.LateFeePaid, res.Credit)
}
