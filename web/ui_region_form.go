package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// A region registered or renamed in the browser (issue #15 item 1, 登记):
// the 12-digit code (统计用区划代码) and the name, as `shebao import regions`
// and the API (registry.Service.SaveRegion: the parent must exist and lie
// in the user's jurisdiction; saving the same region again changes
// nothing; a new name for an existing code renames it, with history).

// regionForm is the form of a region.
func regionForm(parent string) *formView {
	return &formView{Title: "区划登记", Subtitle: "新增下级区划或更正名称", Action: "/regions/new", Submit: "保存",
		Back: "/regions/" + parent, BackLabel: "返回区划",
		Fields: []formField{
			{Name: "code", Label: "区划代码", Required: true, Placeholder: "12位统计用区划代码,如 640106100204", Aliases: []string{"code", "所属区划"}},
			{Name: "name", Label: "名称", Required: true, Placeholder: "如 新华村", Aliases: []string{"name", "区划名称"}},
		}}
}

// newRegion serves GET /regions/new?parent=.
func (u *ui) newRegion(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityRegion)) {
		u.fail(w, r, v, forbidden(v, "登记区划"))
		return
	}
	u.showForm(w, r, v, http.StatusOK, "regions", regionForm(r.URL.Query().Get("parent")))
}

// createRegion serves POST /regions/new.
func (u *ui) createRegion(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityRegion)) {
		u.fail(w, r, v, forbidden(v, "登记区划"))
		return
	}
	f := regionForm("")
	f.fill(r)
	reg := &shebao.Region{Code: f.value("code"), Name: f.value("name")}
	changed, err := u.s.app.Registry.SaveRegion(r.Context(), reg)
	if err != nil {
		u.refused(w, r, v, "regions", f, err)
		return
	}
	msg := "已保存区划:" + reg.Name
	if !changed {
		msg = "区划" + reg.Name + "已登记,未作变更。"
	}
	doneTo(w, r, "/regions/"+reg.Code, msg)
}
