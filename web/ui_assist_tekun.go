package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The pages of 特困人员救助供养 cases (tekun; assist/tekun.go): the list of
// the jurisdiction's cases (by status and mode), one case with its
// investigation, registry findings, computation, decision, re-assessments
// and stop; and its forms on the one form page — apply, investigate,
// submit the decision, re-assess the care level, stop — each calling the
// same service method as the API. The decision and the change are
// approved on the approvals page (复核).

// mountTekun adds the pages' routes to the UI's mux.
func (u *ui) mountTekun(page func(pattern string, h func(w http.ResponseWriter, r *http.Request, v *visit))) {
	page("GET /assistance/tekun", u.tekunCases)
	page("GET /assistance/tekun/new", u.tekunApply)
	page("POST /assistance/tekun/new", u.tekunApply)
	page("GET /assistance/tekun/{id}", u.tekunCase)
	for _, task := range []string{"investigate", "submit", "reassess", "stop"} {
		page("GET /assistance/tekun/{id}/"+task, u.tekunTask)
		page("POST /assistance/tekun/{id}/"+task, u.tekunTask)
	}
}

// tekunCasesView is the data of tekuncases.html.
type tekunCasesView struct {
	Rows            []tekunRow
	Status, Mode    string
	Statuses, Modes []option
	Total           int
	CanWrite        bool
	Done            string
}

// tekunRow is one case of the list.
type tekunRow struct {
	ID, Link, Name, IDNo, Region, Status, Mode, Institution, Monthly, AppliedOn, StartMonth string
}

// tekunCases serves GET /assistance/tekun?status=&mode=.
func (u *ui) tekunCases(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityAssistance)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看特困人员案件"))
		return
	}
	q := r.URL.Query()
	f := shebao.TekunCaseFilter{Status: q.Get("status"), Mode: q.Get("mode"), Limit: 200}
	cs, total, err := u.s.app.Assist.FindTekunCases(r.Context(), f)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := tekunCasesView{Status: f.Status, Mode: f.Mode, Total: total, CanWrite: v.role.May(shebao.Write(shebao.EntityAssistance)), Done: q.Get("done")}
	view.Statuses = []option{{Value: "", Label: "全部状态"}}
	for _, s := range []string{shebao.TekunApplied, shebao.TekunInvestigated, shebao.TekunSubmitted, shebao.TekunApproved,
		shebao.TekunChangeSubmitted, shebao.TekunStopped, shebao.TekunRefused} {
		view.Statuses = append(view.Statuses, option{Value: s, Label: s, Selected: s == f.Status})
	}
	view.Modes = []option{{Value: "", Label: "全部供养形式"}}
	for _, m := range []string{shebao.TekunCentral, shebao.TekunDispersed} {
		view.Modes = append(view.Modes, option{Value: m, Label: m, Selected: m == f.Mode})
	}
	for _, c := range cs {
		view.Rows = append(view.Rows, u.newTekunRow(v, c))
	}
	u.render(w, r, http.StatusOK, "tekuncases", u.newPage(v, "特困人员救助供养", "tekun", view))
}

func (u *ui) newTekunRow(v *visit, c *shebao.TekunCase) tekunRow {
	row := tekunRow{ID: c.ID, Link: "/assistance/tekun/" + c.ID, Name: c.Name, IDNo: c.IDNo, Region: c.Region, Status: c.Status, Mode: c.Mode,
		Institution: c.Institution, Monthly: yuan(c.Monthly), AppliedOn: c.AppliedOn, StartMonth: c.StartMonth}
	if !v.actor.SeesFullID(c.IDNo) {
		row.IDNo = idno.MaskID(c.IDNo)
	}
	return row
}

// tekunCaseView is the data of tekuncase.html.
type tekunCaseView struct {
	Case          tekunRow
	PersonLink    string
	Facts         []fact // the decision and payment
	Investigation []fact
	Checks        []fact // registry findings: who, what
	Explain       string
	Reassessments []fact
	Actions       []option // Value: the task's address, Label: the button
	Done          string
}

// tekunCase serves GET /assistance/tekun/{id}.
func (u *ui) tekunCase(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityAssistance)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看特困人员案件"))
		return
	}
	c, err := u.s.app.Assist.FindTekunCase(r.Context(), r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := tekunCaseView{Case: u.newTekunRow(v, c), PersonLink: "/persons/" + u.personRef(v, c.IDNo), Done: r.URL.Query().Get("done")}
	view.Facts = []fact{{"状态", c.Status}, {"申请日期", c.AppliedOn + "(" + c.AppliedBy + ")"}}
	if c.Quote != nil {
		view.Facts = append(view.Facts, fact{"基本生活标准", yuan(c.Quote.Basic) + "元"}, fact{"照料护理标准", yuan(c.Quote.Care) + "元(" + c.Quote.CareLevel + ")"},
			fact{"月供养金", yuan(c.Monthly) + "元"})
		view.Explain = c.Quote.Reason + "\n" + c.Quote.Explain
	}
	if c.Mode != "" {
		mode := c.Mode
		if c.Institution != "" {
			mode += "(" + c.Institution + ")"
		}
		view.Facts = append(view.Facts, fact{"供养形式", mode}, fact{"收款方", c.PayTo})
	}
	if c.DecidedOn != "" {
		view.Facts = append(view.Facts, fact{"批准日期", c.DecidedOn}, fact{"起始月份", c.StartMonth})
	}
	if c.Status == shebao.TekunStopped {
		view.Facts = append(view.Facts, fact{"终止", fmt.Sprintf("自%s起(%s),发放至%s", c.StopMonth, c.StopReason, c.EndMonth)})
		if c.Recover > 0 {
			view.Facts = append(view.Facts, fact{"多发待追回", yuan(c.Recover) + "元(" + strings.Join(c.RecoverMonths, "、") + ")"})
		}
	}
	if c.Reason != "" {
		view.Facts = append(view.Facts, fact{"原因", c.Reason})
	}
	if inv := c.Investigation; inv != nil {
		view.Investigation = []fact{{"调查日期", inv.Date + "(" + inv.By + ")"}, {"生活自理能力", inv.CareLevel}}
		if inv.Disabled {
			view.Investigation = append(view.Investigation, fact{"残疾", "经认定的残疾人"})
		}
		obl := "无有履行义务能力的法定义务人"
		if inv.Obligor {
			obl = "有履行义务能力的法定义务人"
		}
		view.Investigation = append(view.Investigation, fact{"法定义务人", fmt.Sprintf("%d人;%s", len(inv.Obligors), obl)})
		if inv.Note != "" {
			view.Investigation = append(view.Investigation, fact{"说明", inv.Note})
		}
	}
	for _, ch := range c.Checks {
		who := ch.Name
		if ch.Member == 1 {
			who = "本人 " + ch.Name
		}
		view.Checks = append(view.Checks, fact{who, strings.Join(ch.Findings, ";")})
	}
	for _, re := range c.Reassessments {
		val := fmt.Sprintf("%s,月供养金%s元", re.CareLevel, yuan(re.Monthly))
		if re.FromMonth != "" {
			val += fmt.Sprintf("(%s批准,自%s起)", re.DecidedOn, re.FromMonth)
		} else {
			val += "(待复核)"
		}
		view.Reassessments = append(view.Reassessments, fact{re.Date + "(" + re.By + ")", val})
	}
	base := "/assistance/tekun/" + c.ID + "/"
	writes, decides := v.role.May(shebao.Write(shebao.EntityAssistance)), v.role.May(shebao.Write(shebao.EntityAssistDecision))
	switch c.Status {
	case shebao.TekunApplied:
		if writes && shebao.RoleOf(v.actor).ID != shebao.RoleVillage {
			view.Actions = append(view.Actions, option{Value: base + "investigate", Label: "调查核实"})
		}
	case shebao.TekunInvestigated, shebao.TekunSubmitted:
		if decides {
			view.Actions = append(view.Actions, option{Value: base + "submit", Label: "提请审批"})
		}
	case shebao.TekunApproved, shebao.TekunChangeSubmitted:
		if decides {
			view.Actions = append(view.Actions, option{Value: base + "reassess", Label: "护理等级重新评估"}, option{Value: base + "stop", Label: "终止供养"})
		}
	}
	u.render(w, r, http.StatusOK, "tekuncase", u.newPage(v, "特困人员案件"+c.ID, "tekun", view))
}

// careOptions are the self-care levels.
func careOptions(selected string) []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, l := range []string{shebao.CareSelf, shebao.CarePartial, shebao.CareFull} {
		out = append(out, option{Value: l, Label: l, Selected: l == selected})
	}
	return out
}

// tekunApply serves GET and POST /assistance/tekun/new: the application.
func (u *ui) tekunApply(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityAssistance)) {
		u.fail(w, r, v, forbidden(v, "受理特困人员供养申请"))
		return
	}
	region, err := u.regionField(r, v, "")
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f := &formView{Title: "特困人员供养申请", Action: "/assistance/tekun/new", Submit: "受理申请", Back: "/assistance/tekun", BackLabel: "返回特困人员救助供养",
		Note: "本人申请或村协管员代为申请;申请人须为本辖区已登记人员。已在低保案件中的人员不能同时申请特困供养(社会救助暂行办法第十四条)。",
		Fields: []formField{region,
			{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "申请人的18位公民身份号码"},
			{Name: "date", Label: "申请日期", Type: "date", Help: "默认今天"},
			{Name: "note", Label: "说明", Type: "textarea"}}}
	if r.Method == http.MethodGet {
		u.showForm(w, r, v, http.StatusOK, "tekun", f)
		return
	}
	f.fill(r)
	c, err := u.s.app.Assist.ApplyTekun(r.Context(), shebao.TekunApplyRequest{Region: f.value("region"), Date: f.value("date"), IDNo: f.value("id_no"), Note: f.value("note")})
	if err != nil {
		u.refused(w, r, v, "tekun", f, err)
		return
	}
	doneTo(w, r, "/assistance/tekun/"+c.ID, "已受理特困人员供养申请:"+c.Name+",待乡镇调查核实")
}

// tekunTaskForm is the form of a task on a case (the last segment of the
// address).
func tekunTaskForm(c *shebao.TekunCase, task string) *formView {
	f := &formView{Subtitle: c.ID + " " + c.Name, Action: "/assistance/tekun/" + c.ID + "/" + task, Back: "/assistance/tekun/" + c.ID, BackLabel: "返回案件"}
	switch task {
	case "investigate":
		f.Title, f.Submit = "调查核实", "登记调查结果"
		f.Note = "核对登记库(本人及所填法定义务人:参保缴费单位、待遇领取),社保发放的待遇计入收入;不符合条件的不予认定。"
		f.Fields = []formField{
			{Name: "date", Label: "调查日期", Type: "date", Required: true},
			{Name: "income", Label: "本人月收入(元)", Required: true, Placeholder: "无收入填0"},
			{Name: "care_level", Label: "生活自理能力", Type: "select", Required: true, Options: careOptions("")},
			{Name: "disabled", Label: "经认定的残疾人", Type: "checkbox"},
			{Name: "obligors", Label: "法定义务人身份证号", Placeholder: "赡养、抚养、扶养义务人,多人用逗号分隔", Aliases: []string{"obligors[0]", "obligors[1]", "obligors[2]"}},
			{Name: "obligor", Label: "法定义务人有履行义务能力", Type: "checkbox"},
			{Name: "note", Label: "说明", Type: "textarea"}}
	case "submit":
		f.Title, f.Submit = "提请审批", "提请审批"
		f.Note = "由另一民政经办员在复核页面审批;批准后按审批日标准自当月起由月度发放支付。集中供养填写了机构账号的发放至机构,否则发放至本人账户。"
		f.Fields = []formField{
			{Name: "date", Label: "提请日期", Type: "date", Required: true},
			{Name: "mode", Label: "供养形式", Type: "select", Required: true, Options: []option{{Value: "", Label: "请选择"},
				{Value: shebao.TekunCentral, Label: shebao.TekunCentral}, {Value: shebao.TekunDispersed, Label: shebao.TekunDispersed}}},
			{Name: "institution", Label: "供养服务机构", Placeholder: "集中供养填写,如良田镇敬老院"},
			{Name: "institution_account", Label: "机构收款账号"},
			{Name: "bank_account", Label: "本人收款账号"}}
	case "reassess":
		f.Title, f.Submit = "护理等级重新评估", "提请审批"
		f.Note = "由另一民政经办员复核;批准后自次月起按新的照料护理标准发放。"
		f.Fields = []formField{
			{Name: "date", Label: "评估日期", Type: "date", Required: true},
			{Name: "care_level", Label: "生活自理能力", Type: "select", Required: true, Options: careOptions("")},
			{Name: "note", Label: "说明", Type: "textarea"}}
	case "stop":
		f.Title, f.Submit = "终止供养", "终止"
		f.Note = "供养金发放至终止月份的上月;已发放的转为多发待遇追回;取消特困人员标识。登记库已记录死亡的可不填月份(自死亡次月起)。"
		f.Fields = []formField{
			{Name: "month", Label: "终止月份", Placeholder: "YYYY-MM"},
			{Name: "reason", Label: "终止原因", Required: true, Placeholder: "死亡、不再符合条件、迁出本辖区等"}}
	}
	return f
}

// tekunTask serves a case's forms: GET shows one, POST does it.
func (u *ui) tekunTask(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityAssistance)) {
		u.fail(w, r, v, forbidden(v, "办理特困人员案件"))
		return
	}
	c, err := u.s.app.Assist.FindTekunCase(r.Context(), r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	task := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	f := tekunTaskForm(c, task)
	if r.Method == http.MethodGet {
		u.showForm(w, r, v, http.StatusOK, "tekun", f)
		return
	}
	f.fill(r)
	ctx := r.Context()
	switch task {
	case "investigate":
		inv := shebao.TekunInvestigation{Date: f.value("date"), CareLevel: f.value("care_level"), Disabled: f.checked("disabled"),
			Obligor: f.checked("obligor"), Note: f.value("note")}
		if s := f.value("income"); s != "" {
			m, err := shebao.ParseYuan(s)
			if err != nil {
				f.place(shebao.FieldErrorf("income", "月收入%s", shebao.ErrorMessage(err)))
				u.showForm(w, r, v, http.StatusBadRequest, "tekun", f)
				return
			}
			inv.Income = &m
		}
		for _, o := range strings.FieldsFunc(f.value("obligors"), func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
			inv.Obligors = append(inv.Obligors, o)
		}
		c, err = u.s.app.Assist.InvestigateTekun(ctx, c.ID, inv)
	case "submit":
		c, err = u.s.app.Assist.SubmitTekun(ctx, c.ID, shebao.TekunSubmitRequest{Date: f.value("date"), Mode: f.value("mode"),
			Institution: f.value("institution"), InstitutionAccount: f.value("institution_account"), BankAccount: f.value("bank_account")})
	case "reassess":
		c, err = u.s.app.Assist.ReassessTekun(ctx, c.ID, f.value("date"), f.value("care_level"), f.value("note"))
	case "stop":
		c, err = u.s.app.Assist.StopTekun(ctx, c.ID, f.value("month"), f.value("reason"))
	}
	if err != nil {
		u.refused(w, r, v, "tekun", f, err)
		return
	}
	doneTo(w, r, "/assistance/tekun/"+c.ID, f.Title+"已办理:"+c.Status)
}

// personTekun lists the person's 特困 cases on their page, for the roles
// that read assistance (a citizen their own: the store answers nothing
// else); the link to the case page only for those who open case pages.
func (u *ui) personTekun(r *http.Request, v *visit, idNo string) ([]tekunRow, error) {
	if !v.role.May(shebao.Read(shebao.EntityAssistance)) {
		return nil, nil
	}
	cs, err := u.s.app.Assist.TekunCasesOf(r.Context(), idNo)
	if code := shebao.ErrorCode(err); code == shebao.EFORBIDDEN || code == shebao.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []tekunRow
	for _, c := range cs {
		row := u.newTekunRow(v, c)
		if v.role.OwnOnly {
			row.Link = ""
		}
		out = append(out, row)
	}
	return out, nil
}
