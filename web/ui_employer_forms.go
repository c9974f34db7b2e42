package web

import (
	"net/http"
	"strconv"

	"github.com/shebao/shebao"
)

// An employer registered and changed in the browser (issue #15 item 1,
// 登记): the same fields and checks as POST and PATCH
// /api/v1/employers (registry.Service.CreateEmployer and UpdateEmployer),
// the change with its reason and the version read.

// riskOptions are the 工伤保险行业风险类别 1–8.
func riskOptions(selected int) []option {
	out := []option{{Value: "", Label: "请选择"}}
	for i := 1; i <= 8; i++ {
		out = append(out, option{Value: strconv.Itoa(i), Label: strconv.Itoa(i) + "类", Selected: i == selected})
	}
	return out
}

// employerFields are the fields of an employer form, filled from e.
func (u *ui) employerFields(r *http.Request, v *visit, e *shebao.Employer) ([]formField, error) {
	region, err := u.regionField(r, v, e.Region)
	if err != nil {
		return nil, err
	}
	return []formField{
		{Name: "name", Label: "单位名称", Required: true, Value: e.Name},
		{Name: "industry", Label: "所属行业", Value: e.Industry, Placeholder: "如 建筑业"},
		{Name: "risk_class", Label: "行业风险类别", Type: "select", Required: true, Options: riskOptions(e.RiskClass), Aliases: []string{"风险类别", "工伤保险行业风险类别"}},
		region,
		{Name: "contact", Label: "联系人", Value: e.Contact},
		{Name: "phone", Label: "联系电话", Value: e.Phone},
		{Name: "address", Label: "地址", Value: e.Address},
	}, nil
}

// newEmployerForm is the form of a new employer.
func (u *ui) newEmployerForm(r *http.Request, v *visit) (*formView, error) {
	fields, err := u.employerFields(r, v, &shebao.Employer{})
	if err != nil {
		return nil, err
	}
	uscc := formField{Name: "uscc", Label: "统一社会信用代码", Required: true, Placeholder: "18位", Aliases: []string{"USCC"}}
	return &formView{Title: "单位登记", Action: "/employers/new", Submit: "登记", Back: "/employers", BackLabel: "返回单位查询",
		Fields: append([]formField{uscc}, fields...)}, nil
}

// employerWriter checks the role may register employers.
func employerWriter(v *visit) bool {
	return v.role.May(shebao.Write(shebao.EntityEmployer)) && !v.role.OwnOnly
}

// newEmployer serves GET /employers/new.
func (u *ui) newEmployer(w http.ResponseWriter, r *http.Request, v *visit) {
	if !employerWriter(v) {
		u.fail(w, r, v, forbidden(v, "登记单位"))
		return
	}
	f, err := u.newEmployerForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "employers", f)
}

// createEmployer serves POST /employers/new.
func (u *ui) createEmployer(w http.ResponseWriter, r *http.Request, v *visit) {
	if !employerWriter(v) {
		u.fail(w, r, v, forbidden(v, "登记单位"))
		return
	}
	f, err := u.newEmployerForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	risk, _ := strconv.Atoi(f.value("risk_class"))
	e := &shebao.Employer{USCC: f.value("uscc"), Name: f.value("name"), Industry: f.value("industry"), RiskClass: risk, Region: f.value("region"),
		Contact: f.value("contact"), Phone: f.value("phone"), Address: f.value("address")}
	if err := u.s.app.Registry.CreateEmployer(r.Context(), e); err != nil {
		u.refused(w, r, v, "employers", f, err)
		return
	}
	doneTo(w, r, "/employers/"+e.USCC, "已登记:"+e.Name)
}

// editEmployerForm is the form of a change of the employer's registration.
func (u *ui) editEmployerForm(r *http.Request, v *visit, e *shebao.Employer) (*formView, error) {
	fields, err := u.employerFields(r, v, e)
	if err != nil {
		return nil, err
	}
	fields = append([]formField{{Name: "version", Type: "hidden", Value: strconv.Itoa(e.Version)}}, fields...)
	fields = append(fields, formField{Name: "reason", Label: "变更原因", Required: true, Aliases: []string{"原因"}})
	return &formView{Title: "修改单位登记", Subtitle: e.Name, Action: "/employers/" + e.USCC + "/edit", Submit: "保存",
		Back: "/employers/" + e.USCC, BackLabel: "返回单位", Fields: fields}, nil
}

// employerForEdit resolves the employer of the edit form.
func (u *ui) employerForEdit(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.Employer, *formView, bool) {
	e, ok := u.formEmployer(w, r, v, employerWriter(v), "修改单位登记")
	if !ok {
		return nil, nil, false
	}
	f, err := u.editEmployerForm(r, v, e)
	if err != nil {
		u.fail(w, r, v, err)
		return nil, nil, false
	}
	return e, f, true
}

// editEmployer serves GET /employers/{uscc}/edit.
func (u *ui) editEmployer(w http.ResponseWriter, r *http.Request, v *visit) {
	if _, f, ok := u.employerForEdit(w, r, v); ok {
		u.showForm(w, r, v, http.StatusOK, "employers", f)
	}
}

// updateEmployer serves POST /employers/{uscc}/edit.
func (u *ui) updateEmployer(w http.ResponseWriter, r *http.Request, v *visit) {
	e, f, ok := u.employerForEdit(w, r, v)
	if !ok {
		return
	}
	f.fill(r)
	if f.value("reason") == "" {
		f.place(shebao.FieldErrorf("变更原因", "请填写变更原因,它将记入变更记录"))
		u.showForm(w, r, v, http.StatusBadRequest, "employers", f)
		return
	}
	version, _ := strconv.Atoi(f.value("version"))
	risk, _ := strconv.Atoi(f.value("risk_class"))
	name, industry, region, contact, phone, address := f.value("name"), f.value("industry"), f.value("region"), f.value("contact"), f.value("phone"), f.value("address")
	upd := shebao.EmployerUpdate{Name: &name, Industry: &industry, RiskClass: &risk, Region: &region, Contact: &contact, Phone: &phone, Address: &address,
		Reason: f.value("reason"), Version: &version}
	if _, err := u.s.app.Registry.UpdateEmployer(r.Context(), e.USCC, upd); err != nil {
		u.refused(w, r, v, "employers", f, err)
		return
	}
	doneTo(w, r, "/employers/"+e.USCC, "已保存单位登记变更")
}
