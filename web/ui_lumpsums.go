package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/shebao/shebao"
)

// The 村改居 lump sums in the browser (issue #15 item 1, 征缴): the converted
// villages of the jurisdiction with what their lump sums cost, what each
// party (村集体, 个人, 政府) paid and the shortfall (缺口), as `shebao lumpsum
// report`; a village's page with the cost per person explained and each
// person's payments; and the forms of the collection clerks: a village
// registered as converted (its per-person cost fixed from the policy in
// force on the date), persons joining (one ID number a line), and money
// received from a payer for a person by 票据号 (idempotent). Each calls the
// collect service as the CLI and the import do.

// lumpSumsView is the data of lumpsums.html.
type lumpSumsView struct {
	Done, NewLink string
	Rows          []conversionRow
}

// conversionRow is one converted village, formatted.
type conversionRow struct {
	Link, Region, Name, ConvertedOn                                string
	Persons, Settled                                               int
	Cost, Due, Collective, Individual, Government, Paid, Shortfall string
	Short                                                          bool
	Explain                                                        string
}

// lumpSumView is the data of lumpsum.html.
type lumpSumView struct {
	Done, Name, Region, ConvertedOn, Explain string
	Years                                    int
	Cost, Collective, Individual, Government string
	Account                                  string
	JoinLink, PayLink                        string
	Persons                                  []lumpPersonRow
}

// lumpPersonRow is one person of a conversion, formatted.
type lumpPersonRow struct {
	Link, Name, IDNo                              string
	Collective, Individual, Government, Shortfall string
	SettledOn                                     string
}

// lumpReader refuses the roles that do not read contributions.
func (u *ui) lumpReader(w http.ResponseWriter, r *http.Request, v *visit) bool {
	if !v.role.May(shebao.Read(shebao.EntityContribution)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看村改居一次性补缴"))
		return false
	}
	return true
}

// lumpWriter says whether the role records lump sums.
func lumpWriter(v *visit) bool {
	return v.role.May(shebao.Write(shebao.EntityContribution)) && !v.role.OwnOnly
}

// lumpSums serves GET /lumpsums: the converted villages.
func (u *ui) lumpSums(w http.ResponseWriter, r *http.Request, v *visit) {
	if !u.lumpReader(w, r, v) {
		return
	}
	rs, err := u.s.app.Collect.ConversionReports(r.Context(), "")
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := lumpSumsView{Done: r.URL.Query().Get("done")}
	if lumpWriter(v) {
		view.NewLink = "/lumpsums/new"
	}
	for _, c := range rs {
		view.Rows = append(view.Rows, conversionRow{Link: "/lumpsums/" + c.Region, Region: c.Region, Name: c.Name, ConvertedOn: c.ConvertedOn,
			Persons: c.Persons, Settled: c.Settled, Cost: yuan(c.CostPerPerson), Due: yuan(c.Due),
			Collective: yuan(c.CollectivePaid) + " / " + yuan(c.CollectiveDue), Individual: yuan(c.IndividualPaid) + " / " + yuan(c.IndividualDue),
			Government: yuan(c.GovernmentPaid) + " / " + yuan(c.GovernmentDue), Paid: yuan(c.Paid), Shortfall: yuan(c.Shortfall),
			Short: c.Shortfall > 0, Explain: c.Explanation})
	}
	u.render(w, r, http.StatusOK, "lumpsums", u.newPage(v, "村改居一次性补缴", "lumpsums", view))
}

// lumpSum serves GET /lumpsums/{region}: one converted village.
func (u *ui) lumpSum(w http.ResponseWriter, r *http.Request, v *visit) {
	if !u.lumpReader(w, r, v) {
		return
	}
	c, ps, err := u.s.app.Collect.ConversionQuote(r.Context(), r.PathValue("region"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := lumpSumView{Done: r.URL.Query().Get("done"), Name: c.Name, Region: c.Region, ConvertedOn: c.ConvertedOn, Years: c.Years,
		Explain: c.Explanation, Cost: yuan(c.Cost), Collective: yuan(c.Collective), Individual: yuan(c.Individual), Government: yuan(c.Government),
		Account: yuan(c.Account)}
	if lumpWriter(v) {
		view.JoinLink, view.PayLink = "/lumpsums/"+c.Region+"/join", "/lumpsums/"+c.Region+"/pay"
	}
	for _, p := range ps {
		view.Persons = append(view.Persons, lumpPersonRow{Link: "/persons/" + u.personRef(v, p.IDNo), Name: p.Name, IDNo: u.maskedID(v, p.IDNo),
			Collective: yuan(p.CollectivePaid), Individual: yuan(p.IndividualPaid), Government: yuan(p.GovernmentPaid),
			Shortfall: yuan(p.Shortfall), SettledOn: p.SettledOn})
	}
	u.render(w, r, http.StatusOK, "lumpsum", u.newPage(v, c.Name+"村改居一次性补缴", "lumpsums", view))
}

// conversionForm is the form of a village registered as converted.
func (u *ui) conversionForm(r *http.Request, v *visit) (*formView, error) {
	region, err := u.regionField(r, v, "")
	if err != nil {
		return nil, err
	}
	region.Label = "改制的村"
	return &formView{Title: "登记村改居", Action: "/lumpsums/new", Submit: "登记", Back: "/lumpsums", BackLabel: "返回村改居",
		Fields: []formField{region, {Name: "date", Label: "改制日期", Type: "date", Required: true, Aliases: []string{"converted_on", "改制日期"}}},
		Note:   "人均补缴费用(补缴年限、基数及村集体、个人、政府的分担)按改制日期有效的政策参数确定,登记后不再变化。同一村再次登记不变。"}, nil
}

// lumpSumTask resolves the conversion of a task's address for the roles
// that record lump sums, or answers and returns nil.
func (u *ui) lumpSumTask(w http.ResponseWriter, r *http.Request, v *visit) *shebao.VillageConversion {
	if !lumpWriter(v) {
		u.fail(w, r, v, forbidden(v, "办理村改居一次性补缴"))
		return nil
	}
	c, _, err := u.s.app.Collect.ConversionQuote(r.Context(), r.PathValue("region"))
	if err != nil {
		u.fail(w, r, v, err)
		return nil
	}
	return c
}

// lumpTaskForm is the form of a conversion's task: join or pay.
func lumpTaskForm(c *shebao.VillageConversion, task string) *formView {
	back := "/lumpsums/" + c.Region
	if task == "join" {
		return &formView{Title: "参加一次性补缴", Subtitle: c.Name, Action: back + "/join", Submit: "登记", Back: back, BackLabel: "返回",
			Fields: []formField{{Name: "ids", Label: "身份证号", Type: "textarea", Required: true, Placeholder: "每行一个身份证号;须为本村登记人员"}},
			Note:   fmt.Sprintf("人均%s元:村集体%s元、个人%s元、政府%s元。已参加的人员不重复登记;已参加其他村改居的人员不能参加。", yuan(c.Cost), yuan(c.Collective), yuan(c.Individual), yuan(c.Government))}
	}
	return &formView{Title: "登记补缴到账", Subtitle: c.Name, Action: back + "/pay", Submit: "登记", Back: back, BackLabel: "返回",
		Fields: []formField{
			{Name: "receipt_no", Label: "票据号", Required: true, Placeholder: "票据号或回单号,同一票据只登记一次"},
			{Name: "id_no", Label: "身份证号", Required: true},
			{Name: "payer", Label: "缴费方", Type: "select", Required: true, Options: []option{{Value: "", Label: "请选择"},
				{Value: shebao.LumpPayerCollective, Label: "村集体"}, {Value: shebao.LumpPayerIndividual, Label: "个人"}, {Value: shebao.LumpPayerGovernment, Label: "政府"}}},
			{Name: "amount", Label: "金额", Required: true, Placeholder: "元"},
			{Name: "paid_on", Label: "到账日期", Type: "date", Required: true},
		},
		Note: "每一方缴至其应缴部分为止;三方缴清后一次性记入职工养老保险个人账户并计算缴费年限。"}
}

// newConversion serves GET /lumpsums/new.
func (u *ui) newConversion(w http.ResponseWriter, r *http.Request, v *visit) {
	if !lumpWriter(v) {
		u.fail(w, r, v, forbidden(v, "登记村改居"))
		return
	}
	f, err := u.conversionForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "lumpsums", f)
}

// createConversion serves POST /lumpsums/new.
func (u *ui) createConversion(w http.ResponseWriter, r *http.Request, v *visit) {
	if !lumpWriter(v) {
		u.fail(w, r, v, forbidden(v, "登记村改居"))
		return
	}
	f, err := u.conversionForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	c, err := u.s.app.Collect.RegisterConversion(r.Context(), strings.TrimSpace(f.value("region")), strings.TrimSpace(f.value("date")))
	if err != nil {
		u.refused(w, r, v, "lumpsums", f, err)
		return
	}
	doneTo(w, r, "/lumpsums/"+c.Region, fmt.Sprintf("已登记%s村改居(%s):人均补缴%s元。", c.Name, c.ConvertedOn, yuan(c.Cost)))
}

// lumpTaskPage serves GET /lumpsums/{region}/{task}.
func (u *ui) lumpTaskPage(w http.ResponseWriter, r *http.Request, v *visit) {
	task := r.PathValue("task")
	if task != "join" && task != "pay" {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "没有此项业务:%s", task))
		return
	}
	if c := u.lumpSumTask(w, r, v); c != nil {
		u.showForm(w, r, v, http.StatusOK, "lumpsums", lumpTaskForm(c, task))
	}
}

// lumpTask serves POST /lumpsums/{region}/{task}.
func (u *ui) lumpTask(w http.ResponseWriter, r *http.Request, v *visit) {
	task := r.PathValue("task")
	if task != "join" && task != "pay" {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "没有此项业务:%s", task))
		return
	}
	c := u.lumpSumTask(w, r, v)
	if c == nil {
		return
	}
	f := lumpTaskForm(c, task)
	f.fill(r)
	back := "/lumpsums/" + c.Region
	if task == "join" {
		ids := strings.Fields(strings.NewReplacer(",", " ", ",", " ", "、", " ").Replace(f.value("ids")))
		if len(ids) == 0 {
			u.formBad(w, r, v, "lumpsums", f, shebao.FieldErrorf("ids", "请填写至少一个身份证号"))
			return
		}
		n, errs, err := u.s.app.Collect.JoinConversion(r.Context(), c.Region, ids)
		if err != nil {
			u.refused(w, r, v, "lumpsums", f, err)
			return
		}
		var bad []string
		for i, e := range errs {
			if e != nil {
				bad = append(bad, fmt.Sprintf("%s:%s", maskIDsIn(v.actor, ids[i]), maskIDsIn(v.actor, shebao.ErrorMessage(e))))
			}
		}
		if len(bad) > 0 && n == 0 {
			f.place(shebao.FieldErrorf("ids", "%s", strings.Join(bad, ";")))
			u.showForm(w, r, v, http.StatusBadRequest, "lumpsums", f)
			return
		}
		msg := fmt.Sprintf("新参加%d人。", n)
		if len(bad) > 0 {
			msg += fmt.Sprintf("未登记%d人:%s。", len(bad), strings.Join(bad, ";"))
		}
		doneTo(w, r, back, msg)
		return
	}
	amount, err := moneyField(f, "amount", "金额")
	if err != nil {
		u.formBad(w, r, v, "lumpsums", f, err)
		return
	}
	p := shebao.LumpSumPayment{ReceiptNo: f.value("receipt_no"), IDNo: strings.TrimSpace(f.value("id_no")), Payer: f.value("payer"), Amount: amount,
		PaidOn: strings.TrimSpace(f.value("paid_on"))}
	if err := p.Validate(); err != nil {
		u.refused(w, r, v, "lumpsums", f, err)
		return
	}
	lp, repeat, err := u.s.app.Collect.RecordLumpSumPayment(r.Context(), p)
	if err != nil {
		u.refused(w, r, v, "lumpsums", f, err)
		return
	}
	msg := fmt.Sprintf("已登记%s %s缴费%s元,尚欠%s元", maskIDsIn(v.actor, lp.IDNo), shebao.LumpPayerNames[p.Payer], yuan(amount), yuan(lp.Shortfall))
	if lp.SettledOn != "" {
		msg += fmt.Sprintf(",已于%s足额缴清并记入个人账户", lp.SettledOn)
	}
	if repeat {
		msg = fmt.Sprintf("票据%s此前已登记,未重复入账", p.ReceiptNo)
	}
	doneTo(w, r, back, msg+"。")
}
