package web

import (
	"fmt"
	"net/http"

	"github.com/shebao/shebao"
)

// An enrollment's changes in the browser (issue #15 item 1, 参保): 暂停缴费,
// 恢复缴费, 转出 and 终止, each with its date and reason, from the person
// page (enroll.Service.ChangeEnrollment, as the API's
// /enrollments/{id}/changes). Which change is offered follows the
// enrollment's status; the service refuses any other with its reason.

// enrollmentActions names the changes offered on the person page.
var enrollmentActions = map[string]string{
	shebao.ActSuspend: "暂停缴费", shebao.ActResume: "恢复缴费", shebao.ActTransferOut: "转出", shebao.ActTerminate: "终止",
}

// enrollmentActionsFor are the changes that fit an enrollment's status.
func enrollmentActionsFor(status string) []string {
	switch status {
	case shebao.EnrollActive:
		return []string{shebao.ActSuspend, shebao.ActTransferOut, shebao.ActTerminate}
	case shebao.EnrollSuspended:
		return []string{shebao.ActResume, shebao.ActTransferOut, shebao.ActTerminate}
	}
	return nil
}

// enrollmentChangeForm is the form of one change of the enrollment.
func enrollmentChangeForm(ref string, n *shebao.Enrollment, action string) *formView {
	return &formView{Title: enrollmentActions[action], Subtitle: n.SchemeName + "(" + n.Status + ",自" + n.StartDate + ")",
		Action: "/persons/" + ref + "/enrollments/" + n.ID + "/" + action, Submit: enrollmentActions[action],
		Back: "/persons/" + ref, BackLabel: "返回一人一档",
		Fields: []formField{
			{Name: "date", Label: "日期", Type: "date", Required: true, Value: shebao.Today().Format(shebao.DateLayout), Aliases: []string{"date", "业务日期"}},
			{Name: "reason", Label: "原因", Required: action != shebao.ActResume, Placeholder: "如 中断缴费、转往外地、死亡", Aliases: []string{"reason"}},
		}}
}

// enrollmentToChange resolves the person's enrollment of a change form.
func (u *ui) enrollmentToChange(w http.ResponseWriter, r *http.Request, v *visit) (string, *shebao.Enrollment, string, bool) {
	action := r.PathValue("action")
	if _, ok := enrollmentActions[action]; !ok {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "您要找的页面不存在"))
		return "", nil, "", false
	}
	ref, p, ok := u.personToEnroll(w, r, v)
	if !ok {
		return "", nil, "", false
	}
	n, err := u.s.app.Enroll.FindEnrollment(r.Context(), r.PathValue("id"))
	if err == nil && n.IDNo != p.IDNo {
		err = shebao.Errorf(shebao.ENOTFOUND, "该人员没有这条参保记录")
	}
	if err != nil {
		u.fail(w, r, v, err)
		return "", nil, "", false
	}
	return ref, n, action, true
}

// enrollmentChangePage serves GET /persons/{ref}/enrollments/{id}/{action}.
func (u *ui) enrollmentChangePage(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, n, action, ok := u.enrollmentToChange(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "persons", enrollmentChangeForm(ref, n, action))
}

// changeEnrollment serves POST /persons/{ref}/enrollments/{id}/{action}.
func (u *ui) changeEnrollment(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, n, action, ok := u.enrollmentToChange(w, r, v)
	if !ok {
		return
	}
	f := enrollmentChangeForm(ref, n, action)
	f.fill(r)
	if action != shebao.ActResume && f.value("reason") == "" {
		f.place(shebao.FieldErrorf("原因", "请填写%s的原因", enrollmentActions[action]))
		u.showForm(w, r, v, http.StatusBadRequest, "persons", f)
		return
	}
	nn, err := u.s.app.Enroll.ChangeEnrollment(r.Context(), n.ID, shebao.ChangeRequest{Action: action, Date: f.value("date"), Reason: f.value("reason")})
	if err != nil {
		u.refused(w, r, v, "persons", f, err)
		return
	}
	doneTo(w, r, "/persons/"+ref, fmt.Sprintf("%s:%s,现为%s", enrollmentActions[action], nn.SchemeName, nn.Status))
}
