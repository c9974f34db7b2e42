package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/shebao/shebao"
)

// Residents' annual contributions (城乡居民缴费, 170 and 390) in the browser
// (issue #15 item 1, 征缴): the receipts of a person with each party's
// share and its explanation on the person page, and the form a village
// assistant fills when the money is collected (collect.Service
// .RecordResidentContribution, as the residents import: the same receipt
// again is the same contribution).

// residentRow is one receipt on the person page.
type residentRow struct {
	ReceiptNo, Scheme, PaidOn, Tier, Individual, Subsidy, Collective, FinancePaid, Explanation, Reversed string
	Year                                                                                                 int
}

// personResidents fills the person page's receipts, for roles that read
// contributions.
func (u *ui) personResidents(r *http.Request, v *visit, ref, idNo string, view *personView) error {
	if !view.ShowYears {
		return nil
	}
	cs, err := u.s.app.Collect.ResidentContributions(r.Context(), idNo)
	if err != nil {
		return err
	}
	for _, c := range cs {
		view.Residents = append(view.Residents, residentRow{ReceiptNo: c.ReceiptNo, Scheme: c.Scheme, PaidOn: c.PaidOn, Tier: yuan(c.Tier),
			Individual: yuan(c.Individual), Subsidy: yuan(c.Subsidy), Collective: yuan(c.Collective), FinancePaid: yuan(c.FinancePaid),
			Explanation: c.Explanation, Reversed: c.Reversed, Year: c.Year})
	}
	if v.role.May(shebao.Write(shebao.EntityContribution)) && !v.role.OwnOnly {
		view.ResidentLink = "/persons/" + ref + "/residents/new"
	}
	return nil
}

// residentForm is the form of a resident's receipt.
func residentForm(ref string, p *shebao.Person) *formView {
	schemes := []option{{Value: "170", Label: "170 城乡居民基本养老保险"}, {Value: "390", Label: "390 城乡居民基本医疗保险"}}
	return &formView{Title: "城乡居民缴费", Subtitle: p.Name, Action: "/persons/" + ref + "/residents/new", Submit: "登记缴费",
		Back: "/persons/" + ref, BackLabel: "返回一人一档",
		Fields: []formField{
			{Name: "receipt_no", Label: "票据号", Required: true, Aliases: []string{"receipt_no"}},
			{Name: "scheme", Label: "险种", Type: "select", Required: true, Options: schemes, Value: "170", Aliases: []string{"scheme"}},
			{Name: "year", Label: "缴费年度", Required: true, Value: strconv.Itoa(shebao.Today().Year()), Aliases: []string{"year", "年度"}},
			{Name: "tier", Label: "缴费档次(元)", Placeholder: "养老保险所选档次;医疗保险可空(按标准)", Aliases: []string{"tier", "档次"}},
			{Name: "paid_on", Label: "缴费日期", Type: "date", Required: true, Value: shebao.Today().Format(shebao.DateLayout), Aliases: []string{"paid_on"}},
		},
		Note: "政府补贴、集体补助和困难群体代缴按政策参数计算,结果附计算说明;同一票据号再次登记不会重复入账。"}
}

// newResident serves GET /persons/{ref}/residents/new.
func (u *ui) newResident(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personForResidents(w, r, v)
	if ok {
		u.showForm(w, r, v, http.StatusOK, "persons", residentForm(ref, p))
	}
}

// createResident serves POST /persons/{ref}/residents/new.
func (u *ui) createResident(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personForResidents(w, r, v)
	if !ok {
		return
	}
	f := residentForm(ref, p)
	f.fill(r)
	year, err := strconv.Atoi(f.value("year"))
	if err != nil {
		f.place(shebao.FieldErrorf("缴费年度", "缴费年度“%s”无效,应为四位年份", f.value("year")))
		u.showForm(w, r, v, http.StatusBadRequest, "persons", f)
		return
	}
	var tier shebao.Money
	if s := f.value("tier"); s != "" {
		if tier, err = shebao.ParseYuan(s); err != nil {
			f.place(shebao.FieldErrorf("缴费档次(元)", "缴费档次“%s”无效,应为元", s))
			u.showForm(w, r, v, http.StatusBadRequest, "persons", f)
			return
		}
	}
	c, repeat, err := u.s.app.Collect.RecordResidentContribution(r.Context(), shebao.ResidentContribution{ReceiptNo: f.value("receipt_no"),
		IDNo: p.IDNo, Scheme: f.value("scheme"), Year: year, Tier: tier, PaidOn: f.value("paid_on")})
	if err != nil {
		u.refused(w, r, v, "persons", f, err)
		return
	}
	msg := fmt.Sprintf("已登记%d年度%s缴费:个人%s元,政府补贴%s元,集体补助%s元,政府代缴%s元。", c.Year, c.Scheme, yuan(c.Individual), yuan(c.Subsidy),
		yuan(c.Collective), yuan(c.FinancePaid))
	if repeat {
		msg = "票据" + c.ReceiptNo + "此前已登记,未重复入账。"
	}
	doneTo(w, r, "/persons/"+ref, msg)
}

// personForResidents resolves the person of the form, for roles that
// write contributions.
func (u *ui) personForResidents(w http.ResponseWriter, r *http.Request, v *visit) (string, *shebao.Person, bool) {
	return u.formPerson(w, r, v, v.role.May(shebao.Write(shebao.EntityContribution)), "登记居民缴费")
}
