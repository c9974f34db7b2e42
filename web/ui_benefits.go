package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
)

// Benefits (待遇) in the browser (issue #15 item 1): a pension determined
// from the person's record — previewed with its explanation, then
// submitted to 复核, where another clerk approves it and the benefit is
// created (benefit.Service.Determine, as `shebao determine` and the API) —
// and a benefit suspended, resumed or stopped (benefit.Service.ChangeBenefit).

// determineForm is the form of a pension determination for the person.
func determineForm(ref string, p *shebao.Person) *formView {
	kinds := []option{{Value: shebao.BenefitPension, Label: "企业职工基本养老金(110)"}, {Value: shebao.BenefitResidentPension, Label: "城乡居民养老金(170)"}}
	groups := []option{{Value: "", Label: "不适用(男性)"}, {Value: "女工人", Label: "女工人(原法定退休年龄50周岁)"}, {Value: "女干部", Label: "女干部(原法定退休年龄55周岁)"}}
	if p.Sex == "女" {
		groups[0].Label = "请选择"
	}
	return &formView{Title: "待遇核定", Subtitle: p.Name, Action: "/persons/" + ref + "/determine", Submit: "提交复核", Preview: "预览测算",
		Back: "/persons/" + ref, BackLabel: "返回一人一档",
		Fields: []formField{
			{Name: "kind", Label: "待遇种类", Type: "select", Required: true, Options: kinds, Value: shebao.BenefitPension, Aliases: []string{"待遇种类"}},
			{Name: "group", Label: "女职工身份", Type: "select", Options: groups, Help: "企业职工养老保险的女职工必选", Aliases: []string{"身份"}},
			{Name: "deemed_months", Label: "视同缴费月数", Placeholder: "档案认定的视同缴费月数,无则留空", Aliases: []string{"视同缴费"}},
			{Name: "deemed_index", Label: "视同缴费指数", Placeholder: "空则取平均缴费指数"},
			{Name: "retire", Label: "退休月份", Placeholder: "YYYY-MM,空则为达到法定退休年龄的月份", Aliases: []string{"退休月份"}},
			{Name: "bank_account", Label: "社保卡银行账号", Placeholder: "待遇发放的银行账号", Aliases: []string{"银行账号"}},
		},
		Note: "预览只计算不保存;提交后须由另一位经办人在“待复核”中复核,通过后生成待遇并从次月起发放。"}
}

// determinationPage serves GET /persons/{ref}/determine.
func (u *ui) determinationPage(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personForBenefits(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "persons", determineForm(ref, p))
}

// determine serves POST /persons/{ref}/determine: with preview=1 the
// computation and its explanation on the form; otherwise the submission to
// 复核, then the person's page.
func (u *ui) determine(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personForBenefits(w, r, v)
	if !ok {
		return
	}
	f := determineForm(ref, p)
	f.fill(r)
	req := shebao.DeterminationRequest{IDNo: p.IDNo, Kind: f.value("kind"), Group: f.value("group"), DeemedIndex: shebao.DecimalText(f.value("deemed_index")),
		Retire: f.value("retire"), BankAccount: f.value("bank_account"), Preview: r.PostFormValue("preview") != ""}
	if s := f.value("deemed_months"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			f.place(shebao.FieldErrorf("视同缴费月数", "视同缴费月数“%s”无效,应为整数月", s))
			u.showForm(w, r, v, http.StatusBadRequest, "persons", f)
			return
		}
		req.DeemedMonths = n
	}
	d, err := u.s.app.Benefit.Determine(r.Context(), req)
	if err != nil {
		u.refused(w, r, v, "persons", f, err)
		return
	}
	if req.Preview {
		f.Result = &formResult{Title: "测算结果(未保存)", Explain: maskIDsIn(v.actor, d.Explain), Facts: []fact{
			{"退休月份", d.RetireMonth}, {"起发月份", d.StartMonth}, {"退休年龄", d.Age},
			{"基础养老金(元/月)", yuan(d.Basic)}, {"个人账户养老金(元/月)", yuan(d.Account)}, {"过渡性养老金(元/月)", yuan(d.Transitional)},
			{"合计(元/月)", yuan(d.Total)}, {"计发月数", d.Divisor}, {"实际缴费月数", strconv.Itoa(d.Months)}, {"个人账户储存额(元)", yuan(d.Balance)}}}
		u.showForm(w, r, v, http.StatusOK, "persons", f)
		return
	}
	kind := d.Benefit.Kind
	if k, ok := shebao.FindBenefitKind(kind); ok {
		kind = k.Name
	}
	doneTo(w, r, "/persons/"+ref, fmt.Sprintf("已提交复核:%s %s元/月,自%s起发放;须由另一位经办人复核。", kind, yuan(d.Total), d.StartMonth))
}

// personForBenefits resolves the person of a determination form, for
// roles that write benefits.
func (u *ui) personForBenefits(w http.ResponseWriter, r *http.Request, v *visit) (string, *shebao.Person, bool) {
	return u.formPerson(w, r, v, v.role.May(shebao.Write(shebao.EntityBenefit)), "核定待遇")
}

// benefitActions names the changes of a benefit.
var benefitActions = map[string]string{shebao.BenefitSuspend: "暂停发放", shebao.BenefitResume: "恢复发放", shebao.BenefitStop: "终止发放"}

// benefitChangeForm is the form of a change of the benefit.
func benefitChangeForm(ref string, b *shebao.Benefit, action string) *formView {
	return &formView{Title: benefitActions[action], Subtitle: b.KindName + " " + yuan(b.Monthly) + "元/月",
		Action: "/persons/" + ref + "/benefits/" + b.ID + "/" + action, Submit: benefitActions[action],
		Back: "/persons/" + ref, BackLabel: "返回一人一档",
		Fields: []formField{
			{Name: "month", Label: "自该月起", Required: true, Placeholder: "YYYY-MM", Value: shebao.Today().Format("2006-01"), Aliases: []string{"month", "月份"}},
			{Name: "reason", Label: "原因", Required: true, Placeholder: "如 未按时领取资格认证、服刑、死亡", Aliases: []string{"reason"}},
		}}
}

// benefitChangePage serves GET /persons/{ref}/benefits/{id}/{action}.
func (u *ui) benefitChangePage(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, b, action, ok := u.benefitToChange(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "persons", benefitChangeForm(ref, b, action))
}

// changeBenefit serves POST /persons/{ref}/benefits/{id}/{action}: the
// change, as POST /api/v1/benefits/{id}/changes.
func (u *ui) changeBenefit(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, b, action, ok := u.benefitToChange(w, r, v)
	if !ok {
		return
	}
	f := benefitChangeForm(ref, b, action)
	f.fill(r)
	nb, err := u.s.app.Benefit.ChangeBenefit(r.Context(), b.ID, shebao.BenefitChange{Action: action, Month: f.value("month"), Reason: f.value("reason")})
	if err != nil {
		u.refused(w, r, v, "persons", f, err)
		return
	}
	doneTo(w, r, "/persons/"+ref, fmt.Sprintf("%s:%s,当前状态 %s", benefitActions[action], nb.KindName, nb.Status))
}

// benefitToChange resolves the benefit of a change form: the person's own
// benefit, for roles that write benefits.
func (u *ui) benefitToChange(w http.ResponseWriter, r *http.Request, v *visit) (string, *shebao.Benefit, string, bool) {
	action := r.PathValue("action")
	if _, ok := benefitActions[action]; !ok {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "您要找的页面不存在"))
		return "", nil, "", false
	}
	ref, p, ok := u.personForBenefits(w, r, v)
	if !ok {
		return "", nil, "", false
	}
	b, err := u.s.app.Benefit.FindBenefit(r.Context(), r.PathValue("id"))
	if err == nil && !strings.EqualFold(b.IDNo, p.IDNo) {
		err = shebao.Errorf(shebao.ENOTFOUND, "该人员没有这项待遇")
	}
	if err != nil {
		u.fail(w, r, v, err)
		return "", nil, "", false
	}
	return ref, b, action, true
}
