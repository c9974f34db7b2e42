package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The labour register page (劳动力资源台账, employ, issue #19): the lines of
// the user's jurisdiction (employ.Service.FindLabor, as of the last
// rebuild of the derived statuses) with a filter by status and one for the
// disagreements between the register and the data, and for the roles that
// keep the register (villages, towns, the 综合柜员, the employment line) a
// form to register or change one person's entry (employ.Service.Register,
// as POST /api/v1/labor).

// mountLabor adds the page's routes to the UI's mux.
func (u *ui) mountLabor(page func(pattern string, h func(w http.ResponseWriter, r *http.Request, v *visit))) {
	page("GET /labor", u.labor)
	page("POST /labor", u.registerLabor)
}

// laborView is the data of the labour register page.
type laborView struct {
	Status        string
	Statuses      []option // the filter
	Entry         []option // the form's statuses
	Disagreements bool
	Rows          []laborRow
	Count         int
	Pager         pager
	CanWrite      bool
	Form          shebao.LaborEntry // the form as last sent (on an error)
	Done, Error   string
}

// laborRow is one line of the page.
type laborRow struct {
	IDNo, Link, Name, Region, Status, Source, Employer, Destination, Registered, Derived, Disagreement string
}

// labor serves GET /labor?status=&disagreements=1&page=.
func (u *ui) labor(w http.ResponseWriter, r *http.Request, v *visit) {
	q := r.URL.Query()
	u.showLabor(w, r, v, http.StatusOK, q.Get("done"), "", shebao.LaborEntry{})
}

func (u *ui) showLabor(w http.ResponseWriter, r *http.Request, v *visit, code int, done, msg string, form shebao.LaborEntry) {
	if !v.role.May(shebao.Read(shebao.EntityLabor)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看劳动力资源台账"))
		return
	}
	q := r.URL.Query()
	status, _ := shebao.LaborStatusOf(q.Get("status"))
	view := laborView{Status: status, Disagreements: q.Get("disagreements") == "1", CanWrite: v.role.May(shebao.Write(shebao.EntityLabor)),
		Form: form, Done: done, Error: msg}
	view.Statuses = append(view.Statuses, option{Value: "", Label: "全部", Selected: status == ""})
	for _, s := range shebao.LaborStatuses {
		view.Statuses = append(view.Statuses, option{Value: s, Label: s, Selected: s == status})
		view.Entry = append(view.Entry, option{Value: s, Label: s, Selected: s == form.Status})
	}
	pageNo := pageParam(q)
	upTo := countUpTo(pageNo) // a district's register is counted up to a bound (ui_bounded.go)
	rs, total, err := u.s.app.Employ.FindLabor(r.Context(), shebao.LaborFilter{Status: status, Disagreements: view.Disagreements,
		Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize, CountUpTo: upTo})
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view.Pager = boundedPager(r.URL, pageNo, total, upTo)
	view.Count = view.Pager.Total
	for _, x := range rs {
		row := laborRow{IDNo: x.IDNo, Link: "/persons/" + u.personRef(v, x.IDNo), Name: x.Name, Region: x.Region, Status: x.Status,
			Source: x.Source, Employer: strings.TrimSpace(x.Employer + " " + x.EmployerName), Destination: x.Destination, Disagreement: x.Disagreement}
		if !v.actor.SeesFullID(x.IDNo) {
			row.IDNo = idno.MaskID(x.IDNo)
		}
		if x.Registered != nil {
			row.Registered = x.Registered.Status
		}
		if x.Derived != nil {
			row.Derived = x.Derived.Status + "(" + x.Derived.Source + ")"
		}
		view.Rows = append(view.Rows, row)
	}
	u.render(w, r, code, "labor", u.newPage(v, "劳动力资源台账", "labor", view))
}

// registerLabor serves POST /labor: one person's entry, then the page.
func (u *ui) registerLabor(w http.ResponseWriter, r *http.Request, v *visit) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	e := shebao.LaborEntry{IDNo: f("id_no"), Status: f("status"), Destination: f("destination"), Skills: f("skills"),
		Certificates: f("certificates"), TrainingWish: f("training_wish"), WorkWish: f("work_wish")}
	rec, outcome, err := u.s.app.Employ.Register(r.Context(), e)
	if err != nil {
		if shebao.ErrorCode(err) == shebao.EINTERNAL {
			u.fail(w, r, v, err)
			return
		}
		u.showLabor(w, r, v, errorStatus(err), "", shebao.ErrorMessage(err), e)
		return
	}
	what := map[shebao.Outcome]string{shebao.Created: "已登记", shebao.Updated: "已更改", shebao.Unchanged: "与已登记的相同,未更改"}[outcome]
	done := fmt.Sprintf("%s %s:%s;现就业状态%s(%s)", rec.Name, idno.MaskID(rec.IDNo), what, rec.Status, rec.Source)
	if rec.Disagreement != "" {
		done += ";" + rec.Disagreement
	}
	http.Redirect(w, r, "/labor?done="+url.QueryEscape(done), http.StatusSeeOther)
}
