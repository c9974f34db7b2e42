package web

import (
	"net/http"
	"strings"

	"github.com/shebao/shebao"
)

// 低保边缘家庭 in the browser (issue #18 item 4, medaid): the records of
// the jurisdiction (in force on a day, of a region), and the district's
// form to record one (assist.Service.RecordEdge, as the API and `assist
// edge`). Its members are assisted in their medical costs in the claim
// settlement (the claims page shows the line).

// edgeView is the data of the edge page.
type edgeView struct {
	Region, On string
	Rows       []edgeRow
	NewLink    string
	Done       string
	Error      string
}

// edgeRow is one record, masked for the role.
type edgeRow struct {
	No, Region, Area, Members, PerCapita, Standard, Limit, From, To, Explanation string
}

// edgePage serves GET /assistance/edge?region=&on=.
func (u *ui) edgePage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityAssistance)) {
		u.fail(w, r, v, forbidden(v, "查看低保边缘家庭"))
		return
	}
	q := r.URL.Query()
	view := edgeView{Region: strings.TrimSpace(q.Get("region")), On: strings.TrimSpace(q.Get("on")), Done: q.Get("done")}
	if v.role.May(shebao.Write(shebao.EntityAssistDecision)) {
		view.NewLink = "/assistance/edge/new"
	}
	code := http.StatusOK
	list, err := u.s.app.Assist.FindEdge(r.Context(), shebao.EdgeFilter{Region: view.Region, On: view.On})
	switch {
	case err == nil:
		for _, h := range list {
			var names []string
			for _, m := range h.Members {
				names = append(names, m.Name+" "+maskIDsIn(v.actor, m.IDNo))
			}
			to := h.To
			if to == "" {
				to = "长期"
			}
			view.Rows = append(view.Rows, edgeRow{No: h.No, Region: h.Region, Area: h.Area, Members: strings.Join(names, "、"),
				PerCapita: yuan(h.PerCapita), Standard: yuan(h.Standard), Limit: yuan(h.Limit), From: h.From, To: to,
				Explanation: maskIDsIn(v.actor, h.Explanation)})
		}
	case shebao.ErrorCode(err) == shebao.EINVALID:
		view.Error, code = shebao.ErrorMessage(err), http.StatusBadRequest
	default:
		u.fail(w, r, v, err)
		return
	}
	u.render(w, r, code, "edge", u.newPage(v, "低保边缘家庭", "edge", view))
}

// edgeForm is the form of a 低保边缘 record.
func edgeForm() *formView {
	areas := []option{{Value: "", Label: "按区划代码判定"}, {Value: shebao.AreaUrban, Label: shebao.AreaUrban}, {Value: shebao.AreaRural, Label: shebao.AreaRural}}
	return &formView{Title: "低保边缘家庭认定", Subtitle: "区民政部门登记", Action: "/assistance/edge/new", Submit: "登记",
		Back: "/assistance/edge", BackLabel: "返回低保边缘家庭",
		Fields: []formField{
			{Name: "no", Label: "认定编号", Required: true},
			{Name: "region", Label: "家庭所在区划代码", Required: true},
			{Name: "area", Label: "城乡类别", Type: "select", Options: areas},
			{Name: "members", Label: "家庭成员身份证号", Type: "textarea", Required: true, Help: "每行一个"},
			{Name: "per_capita_income", Label: "家庭人均月收入", Required: true, Placeholder: "元"},
			{Name: "from", Label: "有效期起", Type: "date", Required: true},
			{Name: "to", Label: "有效期止", Type: "date", Help: "不填为长期"},
			{Name: "note", Label: "说明"},
		},
		Note: "人均月收入须不低于当地低保标准、低于低保标准 × 低保边缘倍数(assist.edge.ratio);成员在医疗费用结算时按低保边缘家庭成员享受医疗救助。同一编号再次登记不会重复办理。"}
}

// newEdge serves GET /assistance/edge/new.
func (u *ui) newEdge(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityAssistDecision)) {
		u.fail(w, r, v, forbidden(v, "认定低保边缘家庭"))
		return
	}
	u.showForm(w, r, v, http.StatusOK, "edge", edgeForm())
}

// createEdge serves POST /assistance/edge/new.
func (u *ui) createEdge(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityAssistDecision)) {
		u.fail(w, r, v, forbidden(v, "认定低保边缘家庭"))
		return
	}
	f := edgeForm()
	f.fill(r)
	req := shebao.EdgeRequest{No: f.value("no"), Region: f.value("region"), Area: f.value("area"), From: f.value("from"), To: f.value("to"),
		Note: f.value("note")}
	for _, id := range strings.FieldsFunc(f.value("members"), func(c rune) bool { return c == '\n' || c == '\r' || c == ',' || c == ' ' || c == '、' }) {
		req.Members = append(req.Members, id)
	}
	amount, err := shebao.ParseYuan(f.value("per_capita_income"))
	if err != nil {
		f.place(shebao.FieldErrorf("per_capita_income", "金额“%s”无效,应为元,最多两位小数", f.value("per_capita_income")))
		u.showForm(w, r, v, http.StatusBadRequest, "edge", f)
		return
	}
	req.PerCapita = amount
	h, created, err := u.s.app.Assist.RecordEdge(r.Context(), req)
	if err != nil {
		u.refused(w, r, v, "edge", f, err)
		return
	}
	msg := "已登记低保边缘家庭" + h.No + ":人均月收入" + yuan(h.PerCapita) + "元,收入上限" + yuan(h.Limit) + "元。"
	if !created {
		msg = "认定" + h.No + "此前已登记,未重复办理。"
	}
	doneTo(w, r, "/assistance/edge", msg)
}
