package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sheet"
)

// The read pages of the UI: 首页, 人员查询, 一人一档, 单位, 区划 and the
// 重复参保 review queue. Each handler checks the role, asks the store (which
// scopes to the jurisdiction), masks, and fills a view struct for its
// template; templates only lay out what they are given.

// uiPageSize is the number of rows of a search page.
const uiPageSize = 50

// option is one <option> of a <select>.
type option struct {
	Value, Label string
	Selected     bool
}

// pager is the paging line under a result table.
type pager struct {
	Page, Pages, Total, From, To int
	Prev, Next                   string
	// More: Total and Pages are a bound, more follow (boundedPager).
	More bool
}

// pageParam reads the 1-based page number of a search.
func pageParam(q url.Values) int {
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, 1_000_000)
}

// makePager links the neighbouring pages of a search, keeping its query.
func makePager(u *url.URL, pageNo, total int) pager {
	p := pager{Page: pageNo, Pages: (total + uiPageSize - 1) / uiPageSize, Total: total}
	if total > 0 {
		p.From, p.To = (pageNo-1)*uiPageSize+1, min(pageNo*uiPageSize, total)
	}
	link := func(n int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		return u.Path + "?" + q.Encode()
	}
	if pageNo > 1 {
		p.Prev = link(min(pageNo-1, max(p.Pages, 1)))
	}
	if pageNo < p.Pages {
		p.Next = link(pageNo + 1)
	}
	return p
}

// statusClass is the CSS class of an enrollment status.
func statusClass(status string) string {
	switch status {
	case shebao.EnrollActive:
		return "st-active"
	case shebao.EnrollBenefit:
		return "st-benefit"
	case shebao.EnrollSuspended, shebao.EnrollBenefitSuspended:
		return "st-suspended"
	}
	return "st-closed"
}

// ---- 首页 ----

// dashboardView is the data of the home page.
type dashboardView struct {
	Display, Name, RoleName, Region, RegionCode string
	// Stats is nil for a role that reads no statistics (a citizen).
	Stats      *shebao.Stats
	Chart      *barChart
	Children   []childRow
	ChildLevel string
	OwnLink    string // a citizen's own record
	// Todo is what waits for the user (ui_todo.go).
	Todo []todoItem
}

// childRow is one child region with its counts.
type childRow struct {
	Code, Name  string
	Link        string // the region's page
	PersonsLink string // its persons
	shebao.Coverage
}

// dashboard serves GET /: who is signed in, and the counts of their
// jurisdiction.
func (u *ui) dashboard(w http.ResponseWriter, r *http.Request, v *visit) {
	p := u.newPage(v, "首页", "home", nil)
	d := dashboardView{Display: p.User.Display, Name: v.user.Name, RoleName: p.User.RoleName, Region: v.region,
		RegionCode: v.actor.Region}
	if v.role.May(shebao.Read(shebao.EntityStats)) {
		st, err := u.s.app.Report.Stats(r.Context(), "")
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		d.Stats, d.Chart = st, schemeChart(st.Schemes)
		d.Children = u.childRows(v, st)
		if len(st.Children) > 0 {
			d.ChildLevel = idno.LevelName(st.Children[0].Region.Level)
		}
	}
	if v.role.OwnOnly && v.actor.IDNo != "" {
		d.OwnLink = "/persons/" + u.personRef(v, v.actor.IDNo)
	}
	todo, err := u.todos(r.Context(), v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	d.Todo = todo
	p.Data = d
	u.render(w, r, http.StatusOK, "dashboard", p)
}

// childRows links the child regions of a count to their pages.
func (u *ui) childRows(v *visit, st *shebao.Stats) []childRow {
	var out []childRow
	for _, c := range st.Children {
		row := childRow{Code: c.Region.Code, Name: c.Region.Name, Coverage: c.Coverage}
		if v.role.May(shebao.Read(shebao.EntityRegion)) {
			row.Link = "/regions/" + c.Region.Code
		}
		if v.role.May(shebao.Read(shebao.EntityPerson)) && !v.role.OwnOnly {
			row.PersonsLink = "/persons?region=" + c.Region.Code
		}
		out = append(out, row)
	}
	return out
}

// ---- 人员查询 ----

// personsView is the data of the person search.
type personsView struct {
	Name, IDNo, Household, Region, Flag string
	XLSXLink                            string // the list as .xlsx
	NewLink                             string // 人员登记, for roles that register persons
	// Regions are the choices of the region filter; nil when the
	// jurisdiction has too many regions for a list (a code is typed).
	Regions []option
	Flags   []option
	Rows    []personRow
	Pager   pager
	Error   string
}

// personRow is one person of a result list, masked for the role.
type personRow struct {
	Link, Name, IDNo, Sex, Birth, Hukou, Region, Status string
	Flags                                               []string
}

// persons serves GET /persons?name=&id_no=&region=&flag=&page=.
func (u *ui) persons(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityPerson)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查询人员"))
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	view := personsView{Name: strings.TrimSpace(q.Get("name")), IDNo: strings.TrimSpace(q.Get("id_no")),
		Household: strings.TrimSpace(q.Get("household")), Region: strings.TrimSpace(q.Get("region")), Flag: strings.TrimSpace(q.Get("flag"))}
	if v.role.May(shebao.Write(shebao.EntityPerson)) {
		view.NewLink = "/persons/new"
	}
	pageNo := pageParam(q)
	// As clerks search: any part of the name; the whole ID number or its
	// last 4 to 6 characters; a household number.
	f := shebao.PersonFilter{NamePart: view.Name, Household: view.Household, Region: view.Region,
		Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize}
	if n := len([]rune(view.IDNo)); n >= 4 && n <= 6 {
		f.IDTail = view.IDNo
	} else {
		f.IDNo = view.IDNo
	}
	view.Flags = append(view.Flags, option{Value: "", Label: "全部"})
	for _, fl := range shebao.KnownFlags {
		view.Flags = append(view.Flags, option{Value: fl, Label: shebao.FlagLabel(fl), Selected: fl == view.Flag})
	}
	var err error
	if view.Regions, err = u.regionOptions(ctx, v, view.Region); err != nil {
		u.fail(w, r, v, err)
		return
	}
	status := http.StatusOK
	if view.Flag != "" {
		flags, ferr := shebao.NormalizeFlags([]string{view.Flag})
		if ferr != nil {
			view.Error, status = shebao.ErrorMessage(ferr), http.StatusBadRequest
		} else if len(flags) == 1 {
			f.Flag = flags[0]
		}
	}
	if view.Error == "" && wantsXLSX(r) {
		u.exportRows(w, r, v, "persons.xlsx", "人员名单", []string{"姓名", "身份证号", "性别", "出生日期", "户籍性质", "所属区划", "人员状态", "人员标识"},
			func(offset, limit int) ([][]any, int, error) {
				f.Offset, f.Limit = offset, limit
				ps, total, err := u.s.app.Registry.FindPersons(ctx, f)
				var rows [][]any
				for _, p := range ps {
					m := u.personRow(v, p)
					rows = append(rows, []any{m.Name, m.IDNo, m.Sex, m.Birth, m.Hukou, m.Region, m.Status, strings.Join(m.Flags, "、")})
				}
				return rows, total, err
			})
		return
	}
	view.XLSXLink = xlsxLink(r.URL)
	if view.Error == "" {
		ps, total, err := u.s.app.Registry.FindPersons(ctx, f)
		switch code := shebao.ErrorCode(err); {
		case err == nil:
			for _, p := range ps {
				view.Rows = append(view.Rows, u.personRow(v, p))
			}
			view.Pager = makePager(r.URL, pageNo, total)
		case code == shebao.EINVALID:
			view.Error, status = shebao.ErrorMessage(err), http.StatusBadRequest
		default:
			u.fail(w, r, v, err)
			return
		}
	}
	u.render(w, r, status, "persons", u.newPage(v, "人员查询", "persons", view))
}

// personRow masks a person for a list.
func (u *ui) personRow(v *visit, p *shebao.Person) personRow {
	m := maskPerson(v.actor, p, false)
	return personRow{Link: "/persons/" + u.personRef(v, p.IDNo), Name: m.Name, IDNo: m.IDNo, Sex: m.Sex, Birth: m.Birth,
		Hukou: m.Hukou, Region: m.RegionName, Status: m.Status, Flags: m.Flags}
}

// maxRegionOptions is the most regions a <select> offers; a larger
// jurisdiction (a whole province) types the code instead.
const maxRegionOptions = 1000

// regionOptions lists the regions of the actor's jurisdiction for a filter,
// indented by level, or nil when there are too many.
func (u *ui) regionOptions(ctx context.Context, v *visit, selected string) ([]option, error) {
	rs, total, err := u.s.app.Registry.FindRegions(ctx, shebao.RegionFilter{Prefix: v.actor.Region, Limit: maxRegionOptions})
	if err != nil || total > maxRegionOptions {
		return nil, err
	}
	if sel, err := idno.ParseRegion(selected); err == nil {
		selected = sel.Code
	}
	top := 6
	for _, r := range rs {
		top = min(top, r.Level)
	}
	out := []option{{Value: "", Label: "全部(本辖区)"}}
	for _, r := range rs {
		out = append(out, option{Value: r.Code, Label: strings.Repeat("\u3000", r.Level-top) + r.Name, Selected: r.Code == selected})
	}
	return out, nil
}

// ---- 一人一档 ----

// personView is the data of the one view of a person.
type personView struct {
	P *shebao.Person // masked for the role unless Full
	// Full: the numbers are shown in full after an audited request
	// (?full=1) of a role that may reveal them.
	Full       bool
	RevealLink string // the link to ask for them, for such a role
	// ShowEnrollments is false for a role that reads no enrollments.
	ShowEnrollments bool
	// Certificates are the links to the person's certificates (PDF), for
	// a role that reads their enrollments.
	Certificates []certificateLink
	Enrollments  []enrollmentRow
	Events       []eventRow
	History      []historyRow
	// ShowBenefits: the role reads benefits (ui_money.go).
	ShowBenefits bool
	Benefits     []benefitRow
	Accounts     []accountRow
	// Payments are the person's latest benefit payments (newest first),
	// PaymentCount all of them; Years the contribution record by scheme
	// and year; StatementLink the account statement of this year
	// (ui_money.go).
	// Done is the message of a task just done (?done=); EditLink and
	// EnrollLink the forms of the roles that may use them.
	Done, EditLink, EnrollLink, DetermineLink string
	// PrintLink is the record's print view (A4, ?print=1).
	PrintLink string
	// Residents are the person's 170/390 receipts; ResidentLink the form
	// of a new one (ui_residents.go).
	Residents    []residentRow
	ResidentLink string
	// FlexLinks are the flexible worker's contribution forms (缴费基数,
	// 到账, 退费, 冲正; ui_money_forms.go), for a person not employed and
	// a role that writes contributions.
	FlexLinks     []navItem
	Payments      []paymentRow
	PaymentCount  int
	ShowYears     bool
	Years         []yearRow
	StatementLink string
	// Assist are the person's 低保 cases — for a citizen their own
	// household's decisions (assistui, ui_assist_cases.go).
	Assist []assistCaseRow
	// Tekun are the person's 特困 cases, for the same roles (a citizen
	// their own); Link only for the roles that open the case pages.
	Tekun []tekunRow
}

// enrollmentRow is one enrollment of the person.
type enrollmentRow struct {
	// Actions are the changes offered (ui_enrollment_changes.go).
	Actions                                 []navItem
	Scheme, SchemeName, Status, StatusClass string
	Start, End, EndReason                   string
	Year                                    int
	Employer, EmployerName, EmployerLink    string
	Household                               string
}

// eventRow is one entry of an enrollment's history.
type eventRow struct {
	Scheme, SchemeName, Action, From, To, Date, Reason, Employer, Actor string
	Seq                                                                 int
	At                                                                  time.Time
}

// historyRow is one change of the person's registration.
type historyRow struct {
	Version               int
	At                    time.Time
	Actor, Source, Reason string
	Changes               []shebao.Change
}

// person serves GET /persons/{ref}[?full=1]: registration, every
// enrollment across schemes with its events, and the record's changes.
// Outside the jurisdiction (or another person than a citizen's own) the
// answer is the 404 page, as for a number never registered.
func (u *ui) person(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityPerson)) {
		u.fail(w, r, v, forbidden(v, "查看人员"))
		return
	}
	ctx := r.Context()
	ref := r.PathValue("ref")
	id, err := u.resolveRef(v, ref)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	full := r.URL.Query().Get("full") == "1"
	if full && !v.role.May(shebao.ReadFull(shebao.EntityPerson)) && !v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看完整的身份证号和电话号码"))
		return
	}
	p, err := u.s.app.Registry.FindPerson(ctx, id)
	if shebao.ErrorCode(err) == shebao.EINVALID {
		// A mistyped number in the address bar: nobody to show.
		err = shebao.Errorf(shebao.ENOTFOUND, "%s", shebao.ErrorMessage(err))
	}
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	ref = u.sealedRef(v, ref, p.IDNo)
	full = full && !v.actor.SeesFullID(p.IDNo)
	if full {
		if err := u.s.app.Audit.RecordFullView(ctx, p.IDNo); err != nil {
			u.fail(w, r, v, err)
			return
		}
	}
	view := personView{P: maskPerson(v.actor, p, full), Full: full,
		ShowEnrollments: v.role.May(shebao.Read(shebao.EntityEnrollment))}
	if !full && !v.actor.SeesFullID(p.IDNo) && v.role.May(shebao.ReadFull(shebao.EntityPerson)) {
		view.RevealLink = "/persons/" + ref + "?full=1"
	}
	view.Done = r.URL.Query().Get("done")
	view.PrintLink = "/persons/" + ref + "?print=1"
	if v.role.May(shebao.Write(shebao.EntityPerson)) {
		view.EditLink = "/persons/" + ref + "/edit"
	}
	if v.role.May(shebao.Write(shebao.EntityEnrollment)) {
		view.EnrollLink = "/persons/" + ref + "/enroll"
	}
	if v.role.May(shebao.Write(shebao.EntityBenefit)) && !v.role.OwnOnly {
		view.DetermineLink = "/persons/" + ref + "/determine"
	}
	if v.role.May(shebao.Write(shebao.EntityContribution)) && !v.role.OwnOnly && !slices.ContainsFunc(p.Enrollments, func(n *shebao.Enrollment) bool {
		return n.Employer != "" && n.Status == shebao.EnrollActive
	}) {
		// Not employed: the person may register as a flexible worker; once
		// registered, the payment, refund and correction forms follow.
		view.FlexLinks = []navItem{{Href: "/persons/" + ref + "/flex", Label: "灵活就业缴费基数"}}
		bases, err := u.s.app.Collect.FlexBases(r.Context(), p.IDNo)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		if len(bases) > 0 {
			for _, l := range []struct{ task, label string }{{"pay", "灵活就业缴费到账"}, {"refund", "灵活就业退费"}, {"correct", "灵活就业冲正"}} {
				view.FlexLinks = append(view.FlexLinks, navItem{Href: "/persons/" + ref + "/flex/" + l.task, Label: l.label})
			}
		}
	}
	if view.ShowEnrollments {
		for _, k := range []string{shebao.CertEnrollment, shebao.CertRecord} {
			if !v.role.MayIssue(k) {
				continue
			}
			view.Certificates = append(view.Certificates, certificateLink{Href: "/persons/" + ref + "/certificates/" + k, Label: shebao.CertificateKinds[k]})
		}
		for _, n := range p.Enrollments {
			row := enrollmentRow{Scheme: n.Scheme, SchemeName: n.SchemeName, Status: n.Status, StatusClass: statusClass(n.Status),
				Start: n.StartDate, End: n.EndDate, EndReason: n.EndReason, Year: n.Year, Employer: n.Employer,
				EmployerName: n.EmpName, Household: maskIDsIn(v.actor, n.Household)}
			if n.Employer != "" && v.role.May(shebao.Read(shebao.EntityEmployer)) {
				row.EmployerLink = "/employers/" + n.Employer
			}
			if view.EnrollLink != "" {
				for _, a := range enrollmentActionsFor(n.Status) {
					row.Actions = append(row.Actions, navItem{Href: "/persons/" + ref + "/enrollments/" + n.ID + "/" + a, Label: enrollmentActions[a]})
				}
			}
			view.Enrollments = append(view.Enrollments, row)
			for _, e := range n.History {
				view.Events = append(view.Events, eventRow{Scheme: n.Scheme, SchemeName: n.SchemeName, Seq: e.Seq,
					Action: actionName(e), From: e.From, To: e.To, Date: e.Date, Reason: maskIDsIn(v.actor, e.Reason), Employer: e.Employer,
					Actor: e.Actor, At: e.At})
			}
		}
	}
	if err := u.personMoney(r, v, ref, p.IDNo, &view); err != nil {
		u.fail(w, r, v, err)
		return
	}
	if err := u.personResidents(r, v, ref, p.IDNo, &view); err != nil {
		u.fail(w, r, v, err)
		return
	}
	if view.Tekun, err = u.personTekun(r, v, p.IDNo); err != nil {
		u.fail(w, r, v, err)
		return
	}
	if view.Assist, err = u.personAssist(r, v, p.IDNo); err != nil {
		u.fail(w, r, v, err)
		return
	}
	// A record never changed has no history: no second (audited) read.
	if p.Version > 1 {
		vs, err := u.s.app.Registry.PersonHistory(ctx, p.IDNo)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		for _, h := range vs {
			changes := h.Changes
			if !full {
				changes = maskChanges(v.actor, p.IDNo, changes)
				for i := range changes {
					changes[i].Before, changes[i].After = maskIDsIn(v.actor, changes[i].Before), maskIDsIn(v.actor, changes[i].After)
				}
			}
			view.History = append(view.History, historyRow{Version: h.Version, At: h.ChangedAt, Actor: h.Actor,
				Source: h.Source, Reason: h.Reason, Changes: changes})
		}
	}
	u.render(w, r, http.StatusOK, "person", u.newPage(v, view.P.Name+" 一人一档", "persons", view))
}

// idLike matches what may be an ID number inside other text: a household
// number made from its head's number ("H64010619…"), the "合并至" change
// of a merged registration.
var idLike = regexp.MustCompile(`[0-9]{17}[0-9Xx]|[0-9]{15}`)

// maskIDsIn masks the ID numbers inside a text for an actor who does not
// see them in full (a citizen sees their own).
func maskIDsIn(a shebao.Actor, s string) string {
	if shebao.RoleOf(a).FullID {
		return s
	}
	return idLike.ReplaceAllStringFunc(s, func(id string) string {
		if a.SeesFullID(strings.ToUpper(id)) {
			return id
		}
		return idno.MaskID(id)
	})
}

// actionName names an enrollment event in Chinese.
func actionName(e *shebao.EnrollmentEvent) string {
	switch {
	case e.ActionName != "":
		return e.ActionName
	case e.Action == "merge":
		return "重复登记合并"
	}
	return e.Action
}

// ---- 单位 ----

// employersView is the data of the employer search.
type employersView struct {
	Name, USCC, Region string
	XLSXLink, NewLink  string
	Regions            []option
	Rows               []employerRow
	Pager              pager
	Error              string
}

// employerRow is one employer of a list.
type employerRow struct {
	Link, Name, USCC, Industry, Region, Contact, Phone string
	RiskClass                                          int
}

// employers serves GET /employers?name=&uscc=&region=&page=.
func (u *ui) employers(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityEmployer)) {
		u.fail(w, r, v, forbidden(v, "查询单位"))
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	view := employersView{Name: strings.TrimSpace(q.Get("name")), USCC: strings.TrimSpace(q.Get("uscc")),
		Region: strings.TrimSpace(q.Get("region"))}
	pageNo := pageParam(q)
	var err error
	if view.Regions, err = u.regionOptions(ctx, v, view.Region); err != nil {
		u.fail(w, r, v, err)
		return
	}
	status := http.StatusOK
	if wantsXLSX(r) {
		u.exportRows(w, r, v, "employers.xlsx", "单位名单", []string{"单位名称", "统一社会信用代码", "所属行业", "所属区划", "联系人", "联系电话", "工伤风险类别"},
			func(offset, limit int) ([][]any, int, error) {
				es, total, err := u.s.app.Registry.FindEmployers(ctx, shebao.EmployerFilter{Name: view.Name, USCC: view.USCC, Region: view.Region,
					Offset: offset, Limit: limit})
				var rows [][]any
				for _, e := range maskEmployers(v.actor, es) {
					rows = append(rows, []any{e.Name, e.USCC, e.Industry, e.RegionName, e.Contact, e.Phone, sheet.Number{Value: float64(e.RiskClass)}})
				}
				return rows, total, err
			})
		return
	}
	view.XLSXLink = xlsxLink(r.URL)
	if employerWriter(v) {
		view.NewLink = "/employers/new"
	}
	es, total, err := u.s.app.Registry.FindEmployers(ctx, shebao.EmployerFilter{Name: view.Name, USCC: view.USCC, Region: view.Region,
		Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize})
	switch {
	case err == nil:
		for _, e := range maskEmployers(v.actor, es) {
			view.Rows = append(view.Rows, employerRow{Link: "/employers/" + e.USCC, Name: e.Name, USCC: e.USCC,
				Industry: e.Industry, Region: e.RegionName, Contact: e.Contact, Phone: e.Phone, RiskClass: e.RiskClass})
		}
		view.Pager = makePager(r.URL, pageNo, total)
	case shebao.ErrorCode(err) == shebao.EINVALID:
		view.Error, status = shebao.ErrorMessage(err), http.StatusBadRequest
	default:
		u.fail(w, r, v, err)
		return
	}
	u.render(w, r, status, "employers", u.newPage(v, "单位查询", "employers", view))
}

// employerView is the data of an employer's page.
type employerView struct {
	E *shebao.Employer
	// ShowEnrollments is false for a role that reads no enrollments.
	ShowEnrollments bool
	// Certificates are the links to the person's certificates (PDF), for
	// a role that reads their enrollments.
	Certificates []certificateLink
	// OpenEnrollments counts the open enrollments through the employer in
	// the jurisdiction; Employees lists their persons (the first ones).
	OpenEnrollments int
	Employees       []employeeRow
	Truncated       bool
	// Done is the message of a task just done; HireLink and LeaveLink
	// the 增员/减员 forms, for roles that write enrollments.
	Done, HireLink, LeaveLink, EditLink string
	// Money is what the employer owes, for roles that read contributions
	// (ui_collect.go).
	Money *employerMoney
}

// employeeRow is a person insured through the employer.
type employeeRow struct {
	Link, Name, IDNo, Since string
	Schemes                 []string
}

// maxEmployerEnrollments bounds the enrollments listed on an employer's
// page (five per employee); the count covers all of them.
const maxEmployerEnrollments = 500

// employer serves GET /employers/{uscc}.
func (u *ui) employer(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityEmployer)) {
		u.fail(w, r, v, forbidden(v, "查看单位"))
		return
	}
	ctx := r.Context()
	e, err := u.s.app.Registry.FindEmployer(ctx, r.PathValue("uscc"))
	if shebao.ErrorCode(err) == shebao.EINVALID {
		err = shebao.Errorf(shebao.ENOTFOUND, "%s", shebao.ErrorMessage(err))
	}
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := employerView{E: maskEmployer(v.actor, e), ShowEnrollments: v.role.May(shebao.Read(shebao.EntityEnrollment)),
		Done: r.URL.Query().Get("done")}
	if v.role.May(shebao.Write(shebao.EntityEnrollment)) {
		view.HireLink, view.LeaveLink = "/employers/"+e.USCC+"/hire", "/employers/"+e.USCC+"/leave"
	}
	if employerWriter(v) {
		view.EditLink = "/employers/" + e.USCC + "/edit"
	}
	if view.Money, err = u.employerCollection(r, v, e.USCC); err != nil {
		u.fail(w, r, v, err)
		return
	}
	if view.ShowEnrollments {
		ns, total, err := u.s.app.Enroll.FindEnrollments(ctx, shebao.EnrollmentFilter{Employer: e.USCC, OpenOnly: true, Limit: maxEmployerEnrollments})
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		view.OpenEnrollments, view.Truncated = total, total > len(ns)
		index := map[string]int{}
		for _, n := range ns {
			i, ok := index[n.IDNo]
			if !ok {
				id := n.IDNo
				if !v.actor.SeesFullID(id) {
					id = idno.MaskID(id)
				}
				i = len(view.Employees)
				index[n.IDNo] = i
				view.Employees = append(view.Employees, employeeRow{Link: "/persons/" + u.personRef(v, n.IDNo), Name: n.Name,
					IDNo: id, Since: n.StartDate})
			}
			row := &view.Employees[i]
			row.Schemes = append(row.Schemes, n.Scheme)
			if n.StartDate < row.Since {
				row.Since = n.StartDate
			}
		}
	}
	u.render(w, r, http.StatusOK, "employer", u.newPage(v, e.Name, "employers", view))
}

// ---- 区划 ----

// regionsView is the data of the region browser.
type regionsView struct {
	// Current is the region shown; zero Code for the whole database.
	Current shebao.Region
	Label   string // its name, or 全库
	Crumbs  []navItem
	// Stats is nil for a role that reads no statistics: then Children
	// carry names only.
	Stats       *shebao.Stats
	Children    []childRow
	ChildLevel  string
	PersonsLink string
	// NewLink is the region form, for roles that register regions; Done
	// the message of a region just saved.
	NewLink, Done string
}

// regions serves GET /regions and /regions/{code}: the region tree from
// the user's jurisdiction down, with the counts of each child region.
func (u *ui) regions(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityRegion)) {
		u.fail(w, r, v, forbidden(v, "查看行政区划"))
		return
	}
	ctx := r.Context()
	code := r.PathValue("code")
	if code == "" {
		code = v.actor.Region
	}
	view := regionsView{Label: "全库(所有区划)", Done: r.URL.Query().Get("done")}
	if v.role.May(shebao.Write(shebao.EntityRegion)) {
		view.NewLink = "/regions/new?parent=" + r.PathValue("code")
	}
	if code != "" {
		reg, err := idno.ParseRegion(code)
		if err != nil {
			u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "区划代码%s无效:%s", code, err.Error()))
			return
		}
		if mine, err := idno.ParseRegion(v.actor.Region); v.actor.Region != "" && (err != nil || !mine.Contains(reg.Code)) {
			u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", reg.Code))
			return
		}
		cur, err := u.s.app.Registry.FindRegion(ctx, reg.Code)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		view.Current, view.Label = *cur, cur.Name
	}
	if v.role.May(shebao.Read(shebao.EntityStats)) {
		st, err := u.s.app.Report.Stats(ctx, view.Current.Code)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		view.Stats = st
		view.Children = u.childRows(v, st)
	} else {
		f := shebao.RegionFilter{Parent: view.Current.Code, Limit: maxRegionOptions}
		if view.Current.Code == "" {
			f.Level = shebao.LevelProvince
		}
		rs, _, err := u.s.app.Registry.FindRegions(ctx, f)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		for _, c := range rs {
			view.Children = append(view.Children, childRow{Code: c.Code, Name: c.Name, Link: "/regions/" + c.Code})
		}
	}
	if len(view.Children) > 0 {
		if reg, err := idno.ParseRegion(view.Children[0].Code); err == nil {
			view.ChildLevel = idno.LevelName(reg.Level)
		}
	}
	if v.role.May(shebao.Read(shebao.EntityPerson)) && !v.role.OwnOnly && view.Current.Code != "" {
		view.PersonsLink = "/persons?region=" + view.Current.Code
	}
	view.Crumbs = u.crumbs(ctx, v, view.Current)
	u.render(w, r, http.StatusOK, "regions", u.newPage(v, "区划 "+view.Label, "regions", view))
}

// crumbs is the path from the user's jurisdiction down to the region.
func (u *ui) crumbs(ctx context.Context, v *visit, cur shebao.Region) []navItem {
	var out []navItem
	mine, _ := idno.ParseRegion(v.actor.Region)
	code := cur.Parent
	for code != "" {
		if v.actor.Region != "" && !mine.Contains(code) {
			break
		}
		name := code
		if r, err := u.s.app.Registry.FindRegion(ctx, code); err == nil {
			name = r.Name
		}
		out = append([]navItem{{Href: "/regions/" + code, Label: name}}, out...)
		p, err := idno.ParseRegion(code)
		if err != nil {
			break
		}
		code = p.Parent
	}
	// The whole database is the root of an administrator's path, but not
	// a crumb of its own page ("全库 › 全库").
	if v.actor.Region == "" && cur.Code != "" {
		out = append([]navItem{{Href: "/regions", Label: "全库"}}, out...)
	}
	return out
}

// ---- 重复参保复核 ----

// duplicatesView is the data of the review queue.
type duplicatesView struct {
	Status   string
	Statuses []option
	Rows     []duplicateRow
	// CanDecide: the role may merge and dismiss (write "scan"), and the
	// list is of pending pairs.
	CanDecide bool
	Done      string
	Error     string
}

// duplicateRow is one candidate pair.
type duplicateRow struct {
	A, B                 duplicatePerson
	Reason, Status, Note string
	Score                int
	FoundAt              string
}

// duplicatePerson is one registration of a pair; Ref identifies it in the
// decision forms without its number.
type duplicatePerson struct {
	Link, Ref, Name, IDNo, Sex, Birth, Region, Status string
}

// maxDuplicates is the length of the review list.
const maxDuplicates = 200

// duplicates serves GET /duplicates?status=: the review queue.
func (u *ui) duplicates(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityScan)) {
		u.fail(w, r, v, forbidden(v, "查看重复参保筛查结果"))
		return
	}
	done := map[string]string{
		"merged":    "合并申请已提交,须由另一位有权限的用户复核后执行(经办 → 复核);复核通过后,被合并登记的参保记录转入保留的登记。",
		"dismissed": "已驳回:确认为两个不同的人。",
	}[r.URL.Query().Get("done")]
	u.showDuplicates(w, r, v, r.URL.Query().Get("status"), http.StatusOK, done, "")
}

// showDuplicates renders the queue with a message after a decision.
func (u *ui) showDuplicates(w http.ResponseWriter, r *http.Request, v *visit, status string, code int, done, msg string) {
	switch status {
	case shebao.DupPending, shebao.DupMerged, shebao.DupDismissed:
	default:
		status = shebao.DupPending
	}
	view := duplicatesView{Status: status, Done: done, Error: msg,
		CanDecide: status == shebao.DupPending && v.role.May(shebao.Write(shebao.EntityScan))}
	for _, s := range []string{shebao.DupPending, shebao.DupMerged, shebao.DupDismissed} {
		view.Statuses = append(view.Statuses, option{Value: s, Label: s, Selected: s == status})
	}
	cs, err := u.s.app.Registry.FindDuplicates(r.Context(), status, maxDuplicates)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	for _, c := range cs {
		row := duplicateRow{A: u.duplicatePerson(v, c.A), B: u.duplicatePerson(v, c.B), Reason: c.Reason, Status: c.Status,
			Note: c.Note, Score: c.Score, FoundAt: c.FoundAt}
		if t, err := time.Parse("2006-01-02T15:04:05.000000Z", c.FoundAt); err == nil {
			row.FoundAt = formatTime(t)
		}
		view.Rows = append(view.Rows, row)
	}
	u.render(w, r, code, "duplicates", u.newPage(v, "重复参保复核", "duplicates", view))
}

func (u *ui) duplicatePerson(v *visit, p *shebao.Person) duplicatePerson {
	m := maskPerson(v.actor, p, false)
	ref := u.personRef(v, p.IDNo)
	return duplicatePerson{Link: "/persons/" + ref, Ref: u.refs.seal(v.actor.Name, p.IDNo), Name: m.Name, IDNo: m.IDNo,
		Sex: m.Sex, Birth: m.Birth, Region: m.RegionName, Status: m.Status}
}

// decideDuplicate serves POST /duplicates/merge (a, b, keep=a|b, note) and
// POST /duplicates/dismiss (a, b, note), for roles that write "scan".
func (u *ui) decideDuplicate(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityScan)) {
		u.fail(w, r, v, forbidden(v, "处理重复参保"))
		return
	}
	a, errA := u.resolveRef(v, r.PostFormValue("a"))
	b, errB := u.resolveRef(v, r.PostFormValue("b"))
	if errA != nil || errB != nil || a == "" || b == "" {
		u.showDuplicates(w, r, v, shebao.DupPending, http.StatusBadRequest, "", "表单已失效,请刷新页面后重新操作")
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	if utf8.RuneCountInString(note) > 200 {
		u.showDuplicates(w, r, v, shebao.DupPending, http.StatusBadRequest, "", "说明不能超过200个字")
		return
	}
	var err error
	done := "dismissed"
	if strings.HasSuffix(r.URL.Path, "/merge") {
		keep, drop := a, b
		switch r.PostFormValue("keep") {
		case "a":
		case "b":
			keep, drop = b, a
		default:
			u.showDuplicates(w, r, v, shebao.DupPending, http.StatusBadRequest, "", "请选择保留哪一条登记")
			return
		}
		// A merge changes entitlements: it is only submitted here, and
		// carried out when another user approves it (经办 → 复核).
		_, err = u.s.app.Registry.MergeDuplicate(r.Context(), keep, drop, note)
		done = "merged"
	} else {
		err = u.s.app.Registry.DismissDuplicate(r.Context(), a, b, note)
	}
	if code := shebao.ErrorCode(err); err != nil && code != shebao.EINTERNAL {
		u.showDuplicates(w, r, v, shebao.DupPending, errorStatus(err), "", shebao.ErrorMessage(err))
		return
	}
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/duplicates?done="+done, http.StatusSeeOther)
}

// certificateLink is a link to one of a person's certificates.
type certificateLink struct{ Href, Label string }

// certificate serves GET /persons/{ref}/certificates/{kind}: the person's
// certificate issued now, as a PDF download (the API's personCertificate;
// recorded and audited likewise).
func (u *ui) certificate(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.MayIssue(r.PathValue("kind")) && shebao.CertificateKinds[r.PathValue("kind")] != "" {
		u.fail(w, r, v, forbidden(v, "出具"+shebao.CertificateKinds[r.PathValue("kind")]))
		return
	}
	id, err := u.resolveRef(v, r.PathValue("ref"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	pdf, name, err := u.s.certificatePDF(r, id, r.PathValue("kind"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	writePDF(w, pdf, name)
}
