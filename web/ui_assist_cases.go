package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/shebao/shebao"
)

// 低保 cases in the browser (assistui, issue #18 items 2 and 9): the list of
// the jurisdiction's cases (by region and status, and those due for their
// periodic review), one case with every step and amount explained, and
// the forms of the steps on the generic form page — application,
// investigation, publication, objection, submission, review, stop and
// refusal — each calling the same service method as the CLI and the API.
// Who may do what is the service's rule and the store's scope (a village
// applies and publishes for its own village, a town investigates and
// reviews for its town, the district's civil-affairs line submits, stops
// and refuses, a second civil-affairs clerk approves in the 复核 queue);
// the page only offers the steps the role and the case's status allow.
// Case numbers (DB…) carry no ID number, so they stand in links.

// assistCasesView is the data of the list page.
type assistCasesView struct {
	Region, ReviewDue string
	Statuses          []option
	Rows              []assistCaseRow
	Pager             pager
	NewLink           string
}

// assistCaseRow is one case of a list (and of a person's page).
type assistCaseRow struct {
	Link, ID, Applicant, Region, Area, Status, Monthly, AppliedOn, NextReview, Reason string
	Members                                                                           int
}

// assistStatuses are the statuses of a case in the order of the flow.
var assistStatuses = []string{shebao.CaseApplied, shebao.CaseInvestigated, shebao.CasePublished, shebao.CaseSubmitted, shebao.CaseApproved,
	shebao.CaseReviewed, shebao.CaseChangeSubmitted, shebao.CaseTapering, shebao.CaseRefused, shebao.CaseStopped}

// caseRow is the list row of a case.
func caseRow(c *shebao.AssistCase) assistCaseRow {
	row := assistCaseRow{Link: "/assistance/cases/" + url.PathEscape(c.ID), ID: c.ID, Region: c.Region, Area: c.Area, Status: c.Status,
		Monthly: yuan(c.Monthly), AppliedOn: c.AppliedOn, NextReview: c.NextReview, Members: len(c.Members), Reason: c.Reason}
	if len(c.Members) > 0 {
		row.Applicant = c.Members[0].Name
	}
	return row
}

// assistCases serves GET /assistance?region=&status=&review_due=&page=.
func (u *ui) assistCases(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityAssistance)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看低保案件"))
		return
	}
	q := r.URL.Query()
	view := assistCasesView{Region: strings.TrimSpace(q.Get("region")), ReviewDue: strings.TrimSpace(q.Get("review_due"))}
	status := q.Get("status")
	view.Statuses = append(view.Statuses, option{Value: "", Label: "全部", Selected: status == ""})
	for _, s := range assistStatuses {
		view.Statuses = append(view.Statuses, option{Value: s, Label: s, Selected: s == status})
	}
	pageNo := pageParam(q)
	cs, total, err := u.s.app.Assist.FindCases(r.Context(), shebao.AssistCaseFilter{Region: view.Region, Status: status, ReviewDue: view.ReviewDue,
		Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize})
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	for _, c := range cs {
		view.Rows = append(view.Rows, caseRow(c))
	}
	view.Pager = makePager(r.URL, pageNo, total)
	if v.role.May(shebao.Write(shebao.EntityAssistance)) {
		view.NewLink = "/assistance/cases/new"
	}
	u.render(w, r, http.StatusOK, "assistcases", u.newPage(v, "低保案件", "assistcases", view))
}

// assistCaseView is the data of one case's page.
type assistCaseView struct {
	C                 *shebao.AssistCase
	Done              string
	Monthly, Bank     string
	Members           []assistMemberRow
	Explain           []string
	Checks            []assistCheckRow
	Reviews           []assistReviewRow
	Payments          []paymentRow
	PaymentsNote      string
	Actions           []navItem
	ApprovalLink      string
	Objections        []shebao.AssistObjection
	Recover           string
	Inv               *shebao.AssistInvestigation
	Citizen           bool // the household's own view
	ReasonLabel       string
	StopReason        string
	ExtraTotal, Base  string
	Standard, PerCap  string
	TotalIncome       string
	QuoteDate, Region string
}

// assistMemberRow is one member with the quote's line.
type assistMemberRow struct {
	N                                                int
	Relation, Name, IDNo, Sex, Age, Income, Excluded string
	Category, Extra, Explain                         string
}

// assistCheckRow is what the registry says of one member.
type assistCheckRow struct {
	Name     string
	Findings []string
}

// assistReviewRow is one periodic review.
type assistReviewRow struct {
	Date, By, Outcome, Monthly, Reason, DecidedOn, FromMonth, TaperTo, Rejected, Assets string
	Explain                                                                             string
}

// assistCase serves GET /assistance/cases/{id}: the case (an audited read;
// outside the jurisdiction, or for a citizen another household's case, the
// 404 page as for a case that does not exist).
func (u *ui) assistCase(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityAssistance)) {
		u.fail(w, r, v, forbidden(v, "查看低保案件"))
		return
	}
	ctx := r.Context()
	c, err := u.s.app.Assist.FindCase(ctx, r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := assistCaseView{C: maskCase(v.actor, c), Done: r.URL.Query().Get("done"), Monthly: yuan(c.Monthly), Inv: c.Investigation,
		Objections: c.Objections, Citizen: v.role.OwnOnly, StopReason: c.StopReason}
	if c.BankAccount != "" {
		view.Bank = c.BankAccount
		if !shebao.RoleOf(v.actor).FullID {
			view.Bank = maskAccount(c.BankAccount)
		}
	}
	if c.Recover > 0 {
		view.Recover = fmt.Sprintf("%s元(%s)", yuan(c.Recover), strings.Join(c.RecoverMonths, "、"))
	}
	switch c.Status {
	case shebao.CaseRefused:
		view.ReasonLabel = "不予保障理由"
	case shebao.CaseApproved:
		view.ReasonLabel = "说明"
	default:
		view.ReasonLabel = "原因"
	}
	var lines []shebao.AssistQuoteLine
	if q := c.Quote; q != nil {
		lines = q.Lines
		view.Explain = strings.Split(q.Explain, "\n")
		view.Base, view.ExtraTotal, view.Standard, view.PerCap, view.TotalIncome = yuan(q.Base), yuan(q.Extras), yuan(q.Standard), yuan(q.PerCapitaIncome), yuan(q.TotalIncome)
		view.QuoteDate = q.Date
		for _, ch := range q.Checks {
			if len(ch.Findings) > 0 {
				view.Checks = append(view.Checks, assistCheckRow{Name: ch.Name, Findings: ch.Findings})
			}
		}
	}
	for i, m := range view.C.Members {
		row := assistMemberRow{N: i + 1, Relation: m.Relation, Name: m.Name, IDNo: m.IDNo}
		if i < len(lines) {
			l := lines[i]
			row.Sex, row.Age, row.Income, row.Excluded = l.Sex, fmt.Sprint(l.Age), yuan(l.Income), yuan(l.Excluded)
			row.Category, row.Extra, row.Explain = l.Category, yuan(l.Extra), l.Explain
		}
		view.Members = append(view.Members, row)
	}
	for _, rv := range c.Reviews {
		row := assistReviewRow{Date: rv.Date, By: rv.By, Outcome: rv.Outcome, Monthly: yuan(rv.Monthly), Reason: rv.Reason,
			DecidedOn: rv.DecidedOn, FromMonth: rv.FromMonth, TaperTo: rv.TaperTo, Rejected: rv.Rejected, Assets: rv.Assets}
		if rv.Quote != nil {
			row.Explain = rv.Quote.Explain
		}
		view.Reviews = append(view.Reviews, row)
	}
	if c.BenefitID != "" && len(c.Members) > 0 {
		// The 低保 is paid to the applicant for the household: another
		// member who is a citizen does not read the applicant's payments.
		ps, _, err := u.s.app.Benefit.FindPayments(ctx, shebao.PaymentFilter{IDNo: c.Members[0].IDNo, Kind: shebao.BenefitDibao, Limit: 24})
		switch {
		case err == nil:
			for _, p := range ps {
				view.Payments = append(view.Payments, paymentRow{Month: p.Month, Kind: "低保金", Amount: yuan(p.Amount), Status: p.Status})
			}
		case shebao.ErrorCode(err) == shebao.EFORBIDDEN || shebao.ErrorCode(err) == shebao.ENOTFOUND:
			view.PaymentsNote = "低保金按月发放至申请人" + c.Members[0].Name + "的账户。"
		default:
			u.fail(w, r, v, err)
			return
		}
	}
	if c.ApprovalID != "" && (c.Status == shebao.CaseSubmitted || c.Status == shebao.CaseChangeSubmitted) && v.role.May(shebao.Write(shebao.EntityAssistDecision)) {
		view.ApprovalLink = "/approvals"
	}
	base := "/assistance/cases/" + url.PathEscape(c.ID) + "/"
	for _, st := range assistSteps {
		if st.may(v) && slices.Contains(st.from, c.Status) {
			view.Actions = append(view.Actions, navItem{Href: base + st.name, Label: st.label})
		}
	}
	u.render(w, r, http.StatusOK, "assistcase", u.newPage(v, "低保案件 "+c.ID, "assistcases", view))
}

// assistStep is one step of a case: its path, the statuses it applies to,
// and the roles offered it (the service decides).
type assistStep struct {
	name, label string
	from        []string
	may         func(v *visit) bool
}

// writesAssistance: a village, a town or the civil-affairs line.
func writesAssistance(v *visit) bool {
	return v.role.May(shebao.Write(shebao.EntityAssistance)) && !v.role.OwnOnly
}

// townOrCivil: those who investigate and review (not a village).
func townOrCivil(v *visit) bool { return writesAssistance(v) && v.role.ID != shebao.RoleVillage }

// decides: the civil-affairs line (and the administrator).
func decides(v *visit) bool { return v.role.May(shebao.Write(shebao.EntityAssistDecision)) }

var assistSteps = []assistStep{
	{"investigate", "入户调查", []string{shebao.CaseApplied}, townOrCivil},
	{"publish", "公示", []string{shebao.CaseInvestigated}, writesAssistance},
	{"object", "记录异议", []string{shebao.CasePublished}, writesAssistance},
	{"submit", "提请审批", []string{shebao.CasePublished, shebao.CaseReviewed}, decides},
	{"review", "定期核查", []string{shebao.CaseApproved}, townOrCivil},
	{"stop", "停保", []string{shebao.CaseApproved}, decides},
	{"refuse", "不予保障", []string{shebao.CaseApplied, shebao.CaseInvestigated, shebao.CasePublished}, decides},
}

// assistMemberRows is the number of member rows of the application form
// (a larger household applies through the API, the CLI or the import).
const assistMemberRows = 6

// relationOptions are the relationships to the applicant.
func relationOptions(first bool) []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, r := range assistRelations() {
		if (r == "本人") != first {
			continue
		}
		out = append(out, option{Value: r, Label: r, Selected: first})
	}
	return out
}

// assistRelations are the relationships the service accepts.
func assistRelations() []string {
	return []string{"本人", "配偶", "子女", "父母", "兄弟姐妹", "祖父母", "外祖父母", "孙子女", "外孙子女", "其他"}
}

// kindOptions are the income kinds of the policy, counted as typed first.
func (u *ui) kindOptions(r *http.Request, region string) ([]option, error) {
	opts, err := u.s.app.Assist.Options(r.Context(), region, "")
	if err != nil {
		return nil, err
	}
	out := []option{{Value: "", Label: "(全部计入)"}}
	for _, k := range opts.IncomeKinds {
		out = append(out, option{Value: k.Value, Label: k.Label})
	}
	return out, nil
}

// memberFields are the rows of members: ID number, relationship, income
// kind and monthly income; prefix "" for an application, "r" for a review.
func memberFields(n int, kinds []option, relation bool) []formField {
	var out []formField
	for i := 1; i <= n; i++ {
		k := fmt.Sprint(i)
		who := fmt.Sprintf("第%d位成员", i)
		if i == 1 && relation {
			who = "申请人(第1位成员)"
		}
		alias := fmt.Sprintf("members[%d]", i-1)
		out = append(out, formField{Name: "id" + k, Label: who + "身份证号", Required: i == 1, Aliases: []string{alias + ".id_no"}})
		if relation {
			out = append(out, formField{Name: "rel" + k, Label: who + "与申请人关系", Type: "select", Options: relationOptions(i == 1),
				Value: map[bool]string{true: "本人"}[i == 1], Aliases: []string{alias + ".relation"}})
		}
		out = append(out,
			formField{Name: "kind" + k, Label: who + "收入类别", Type: "select", Options: slices.Clone(kinds), Aliases: []string{alias + ".incomes"}},
			formField{Name: "income" + k, Label: who + "月收入(元)", Placeholder: "元,无收入填0", Aliases: []string{alias + ".income", alias}})
	}
	return out
}

// readMembers reads the member rows of a submitted form.
func readMembers(f *formView, n int) ([]shebao.AssistCaseMember, error) {
	var out []shebao.AssistCaseMember
	for i := 1; i <= n; i++ {
		k := fmt.Sprint(i)
		id, income := f.value("id"+k), f.value("income"+k)
		if id == "" && income == "" {
			continue
		}
		row := assistRow{IDNo: id, Income: income, Kind: f.value("kind" + k)}
		m, err := assistMember(row, false)
		if err != nil {
			return nil, shebao.FieldErrorf("income"+k, "第%d位成员%s", i, err.Error())
		}
		out = append(out, shebao.AssistCaseMember{AssistMember: m, Relation: f.value("rel" + k)})
	}
	return out, nil
}

// assistApplyForm is the application form.
func (u *ui) assistApplyForm(r *http.Request, v *visit) (*formView, error) {
	region, err := u.regionField(r, v, "")
	if err != nil {
		return nil, err
	}
	region.Name, region.Label, region.Aliases = "region", "家庭所在村(社区)", []string{"region"}
	kinds, err := u.kindOptions(r, v.actor.Region)
	if err != nil {
		return nil, err
	}
	f := &formView{Title: "低保申请", Subtitle: "最低生活保障", Action: "/assistance/cases/new", Submit: "提交申请", Back: "/assistance", BackLabel: "返回低保案件"}
	f.Fields = append([]formField{region,
		{Name: "date", Label: "申请日期", Type: "date", Required: true, Value: shebao.Today().Format(shebao.DateLayout), Aliases: []string{"date"}},
		{Name: "area", Label: "低保类别", Type: "select", Options: []option{{Value: "", Label: "按区划代码判定"}, {Value: shebao.AreaUrban, Label: "城市"},
			{Value: shebao.AreaRural, Label: "农村"}}, Aliases: []string{"area"}},
		{Name: "bank_account", Label: "申请人收款银行账号", Help: "低保金按月发放至该账户;可在提请审批时补填", Aliases: []string{"bank_account"}},
	}, memberFields(assistMemberRows, kinds, true)...)
	f.Note = "共同生活家庭成员逐人填写,第1位为申请人本人;成员须已在登记库登记,且不在其他未办结的低保案件中。提交后由系统核对登记库(单位参保、待遇发放等),由乡镇入户调查。"
	return f, nil
}

// assistApplyPage serves GET /assistance/cases/new.
func (u *ui) assistApplyPage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !writesAssistance(v) {
		u.fail(w, r, v, forbidden(v, "受理低保申请"))
		return
	}
	f, err := u.assistApplyForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "assistcases", f)
}

// assistApply serves POST /assistance/cases/new.
func (u *ui) assistApply(w http.ResponseWriter, r *http.Request, v *visit) {
	if !writesAssistance(v) {
		u.fail(w, r, v, forbidden(v, "受理低保申请"))
		return
	}
	f, err := u.assistApplyForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	ms, err := readMembers(f, assistMemberRows)
	if err == nil {
		var c *shebao.AssistCase
		c, err = u.s.app.Assist.Apply(r.Context(), shebao.AssistApplyRequest{Region: f.value("region"), Date: f.value("date"), Area: f.value("area"),
			BankAccount: f.value("bank_account"), Members: ms})
		if err == nil {
			doneTo(w, r, "/assistance/cases/"+url.PathEscape(c.ID), fmt.Sprintf("已受理低保申请%s:%s等%d人,试算月保障金%s元,待乡镇入户调查。", c.ID, c.Members[0].Name, len(c.Members), yuan(c.Monthly)))
			return
		}
	}
	u.refused(w, r, v, "assistcases", f, err)
}

// assistStepForm is the form of a step on the case.
func (u *ui) assistStepForm(r *http.Request, c *shebao.AssistCase, step string) (*formView, error) {
	base := "/assistance/cases/" + url.PathEscape(c.ID)
	applicant := ""
	if len(c.Members) > 0 {
		applicant = c.Members[0].Name
	}
	today := shebao.Today().Format(shebao.DateLayout)
	f := &formView{Subtitle: fmt.Sprintf("%s %s等%d人", c.ID, applicant, len(c.Members)), Action: base + "/" + step, Back: base, BackLabel: "返回低保案件"}
	date := formField{Name: "date", Label: "办理日期", Type: "date", Required: true, Value: today, Aliases: []string{"date"}}
	switch step {
	case "investigate":
		f.Title, f.Submit = "入户调查", "记录调查结果"
		date.Label = "调查日期"
		f.Fields = []formField{date,
			{Name: "assets", Label: "家庭财产申报与核查情况", Type: "textarea", Required: true, Placeholder: "车辆、存款、房产等", Aliases: []string{"assets"}},
			{Name: "assets_ok", Label: "家庭财产状况符合规定", Type: "checkbox", Aliases: []string{"assets_ok"}},
			{Name: "note", Label: "说明", Aliases: []string{"note"}}}
		f.Note = "按调查日期重新核对登记库并计算;收入不低于低保标准或财产超出规定的,案件办结为不予保障并说明理由。"
	case "publish":
		f.Title, f.Submit = "公示", "开始公示"
		date.Name, date.Label, date.Aliases = "from", "公示开始日期", []string{"from"}
		f.Fields = []formField{date}
		f.Note = "在村(社区)公示,天数见政策参数assist.dibao.publicity_days;公示期内可记录异议。"
	case "object":
		f.Title, f.Submit = "记录异议", "记录"
		date.Label = "异议日期"
		f.Fields = []formField{date, {Name: "note", Label: "异议内容", Type: "textarea", Required: true, Aliases: []string{"note"}}}
	case "submit":
		f.Title, f.Submit = "提请审批", "提请审批"
		date.Label = "提请日期"
		f.Fields = []formField{date}
		if c.Status == shebao.CasePublished {
			f.Fields = append(f.Fields, formField{Name: "bank_account", Label: "申请人收款银行账号", Help: "申请时已填写的可不填", Aliases: []string{"bank_account"}})
			f.Note = "公示期满后提请,由另一名民政经办员在复核队列审批;批准后自当月起由月度发放支付低保金。复核人退回即不予保障,案件办结。"
		} else {
			f.Note = "定期核查的变更(增发、减发、渐退、停发)提请审批,由另一名民政经办员复核,批准次月起生效;退回则维持原决定。"
		}
	case "review":
		kinds, err := u.kindOptions(r, c.Region)
		if err != nil {
			return nil, err
		}
		f.Title, f.Submit = "定期核查", "记录核查结果"
		date.Label = "核查日期"
		f.Fields = []formField{date,
			{Name: "assets", Label: "家庭财产核查情况", Type: "textarea", Required: true, Aliases: []string{"assets"}},
			{Name: "assets_ok", Label: "家庭财产状况符合规定", Type: "checkbox", Checked: true, Aliases: []string{"assets_ok"}},
			{Name: "work", Label: "家庭成员就业增收(收入超过标准的给予渐退期)", Type: "checkbox", Aliases: []string{"work"}},
			{Name: "note", Label: "说明", Aliases: []string{"note"}}}
		for i, m := range c.Members {
			k := fmt.Sprint(i + 1)
			who := fmt.Sprintf("%s(%s)", m.Name, m.Relation)
			f.Fields = append(f.Fields,
				formField{Name: "kind" + k, Label: who + "收入类别", Type: "select", Options: slices.Clone(kinds)},
				formField{Name: "income" + k, Label: who + "月收入(元)", Placeholder: "不填则沿用上次计算的收入", Aliases: []string{fmt.Sprintf("members[%d]", i)}})
		}
		leave := []option{{Value: "", Label: "仍在家庭中"}}
		for _, why := range []string{"死亡", "迁出", "婚出", "服刑", "其他"} {
			leave = append(leave, option{Value: why, Label: "退出:" + why})
		}
		for i, m := range c.Members[1:] {
			f.Fields = append(f.Fields, formField{Name: fmt.Sprintf("leave%d", i+2), Label: m.Name + "(" + m.Relation + ")是否退出家庭", Type: "select",
				Options: slices.Clone(leave), Aliases: []string{fmt.Sprintf("leave[%d].id_no", i), fmt.Sprintf("leave[%d].reason", i)}})
		}
		f.Fields = append(f.Fields,
			formField{Name: "join_id", Label: "加入成员身份证号", Help: "出生、结婚、收养等加入家庭的成员(须已登记)", Aliases: []string{"join[0].id_no", "join"}},
			formField{Name: "join_rel", Label: "加入成员与申请人关系", Type: "select", Options: relationOptions(false), Aliases: []string{"join[0].relation"}},
			formField{Name: "join_reason", Label: "加入原因", Placeholder: "出生、结婚等", Aliases: []string{"join[0].reason"}},
			formField{Name: "join_kind", Label: "加入成员收入类别", Type: "select", Options: slices.Clone(kinds)},
			formField{Name: "join_income", Label: "加入成员月收入(元)", Placeholder: "无收入可不填"})
		f.Note = "按核查日期重新核对计算:维持,或增发、减发、渐退、停发(由区民政部门提请审批)。填写收入的须填写全部成员(含加入成员)。家庭成员有变化的按新家庭计算,批准后自次月起生效,退出成员取消、加入成员取得低保标识;申请人本人不能退出。"
	case "stop":
		f.Title, f.Submit = "停保", "停保"
		f.Fields = []formField{
			{Name: "month", Label: "停保月份", Required: true, Placeholder: "YYYY-MM", Value: shebao.Today().Format("2006-01"), Aliases: []string{"month"}},
			{Name: "reason", Label: "停保原因", Type: "textarea", Required: true, Aliases: []string{"reason"}}}
		f.Note = "低保金发放至停保月份的上月,成员低保标识取消;该月及以后已发放的列入待遇追回。"
	case "refuse":
		f.Title, f.Submit = "不予保障", "作出不予保障决定"
		date.Label = "决定日期"
		f.Fields = []formField{date, {Name: "reason", Label: "不予保障理由", Type: "textarea", Required: true, Aliases: []string{"reason"}}}
		f.Note = "理由将显示在申请家庭的页面上;案件办结,家庭可重新申请。"
	}
	return f, nil
}

// assistStepTarget resolves the case and step of a step form, for roles
// offered the step.
func (u *ui) assistStepTarget(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.AssistCase, string, bool) {
	step := r.PathValue("step")
	i := slices.IndexFunc(assistSteps, func(s assistStep) bool { return s.name == step })
	if i < 0 {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "您要找的页面不存在"))
		return nil, "", false
	}
	if !assistSteps[i].may(v) {
		u.fail(w, r, v, forbidden(v, "办理低保"+assistSteps[i].label))
		return nil, "", false
	}
	c, err := u.s.app.Assist.FindCase(r.Context(), r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return nil, "", false
	}
	return c, step, true
}

// assistStepPage serves GET /assistance/cases/{id}/{step}.
func (u *ui) assistStepPage(w http.ResponseWriter, r *http.Request, v *visit) {
	c, step, ok := u.assistStepTarget(w, r, v)
	if !ok {
		return
	}
	f, err := u.assistStepForm(r, c, step)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "assistcases", f)
}

// assistStepDo serves POST /assistance/cases/{id}/{step}.
func (u *ui) assistStepDo(w http.ResponseWriter, r *http.Request, v *visit) {
	c, step, ok := u.assistStepTarget(w, r, v)
	if !ok {
		return
	}
	f, err := u.assistStepForm(r, c, step)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	ctx, id := r.Context(), c.ID
	var out *shebao.AssistCase
	switch step {
	case "investigate":
		out, err = u.s.app.Assist.Investigate(ctx, id, shebao.AssistInvestigation{Date: f.value("date"), AssetsOK: f.checked("assets_ok"),
			Assets: f.value("assets"), Note: f.value("note")})
	case "publish":
		out, err = u.s.app.Assist.Publish(ctx, id, f.value("from"))
	case "object":
		out, err = u.s.app.Assist.Object(ctx, id, f.value("date"), f.value("note"))
	case "submit":
		out, err = u.s.app.Assist.Submit(ctx, id, f.value("date"), f.value("bank_account"))
	case "review":
		req := shebao.AssistReviewRequest{Date: f.value("date"), AssetsOK: f.checked("assets_ok"), Assets: f.value("assets"),
			Work: f.checked("work"), Note: f.value("note")}
		for i, m := range c.Members {
			k := fmt.Sprint(i + 1)
			if f.value("income"+k) == "" {
				continue
			}
			am, e := assistMember(assistRow{IDNo: m.IDNo, Income: f.value("income" + k), Kind: f.value("kind" + k)}, false)
			if e != nil {
				err = shebao.FieldErrorf("income"+k, "%s%s", m.Name, e.Error())
				break
			}
			req.Members = append(req.Members, am)
		}
		for i, m := range c.Members[1:] {
			if why := f.value(fmt.Sprintf("leave%d", i+2)); why != "" {
				req.Leave = append(req.Leave, shebao.AssistLeave{IDNo: m.IDNo, Reason: why})
			}
		}
		if jid := f.value("join_id"); jid != "" && err == nil {
			j := shebao.AssistJoin{AssistCaseMember: shebao.AssistCaseMember{AssistMember: shebao.AssistMember{IDNo: jid}, Relation: f.value("join_rel")},
				Reason: f.value("join_reason")}
			if f.value("join_income") != "" {
				am, e := assistMember(assistRow{IDNo: jid, Income: f.value("join_income"), Kind: f.value("join_kind")}, false)
				if e != nil {
					err = shebao.FieldErrorf("join_income", "加入成员%s", e.Error())
				}
				j.AssistMember = am
			} else {
				zero := shebao.Money(0)
				j.Income = &zero
			}
			if len(req.Members) > 0 {
				req.Members = append(req.Members, j.AssistMember)
			}
			req.Join = append(req.Join, j)
		}
		// The incomes typed for a member who leaves are not theirs to count.
		req.Members = slices.DeleteFunc(req.Members, func(m shebao.AssistMember) bool {
			return slices.ContainsFunc(req.Leave, func(l shebao.AssistLeave) bool { return l.IDNo == m.IDNo })
		})
		if err == nil {
			out, err = u.s.app.Assist.Review(ctx, id, req)
		}
	case "stop":
		out, err = u.s.app.Assist.Stop(ctx, id, f.value("month"), f.value("reason"))
	case "refuse":
		out, err = u.s.app.Assist.Refuse(ctx, id, f.value("date"), f.value("reason"))
	}
	if err != nil {
		u.refused(w, r, v, "assistcases", f, err)
		return
	}
	doneTo(w, r, "/assistance/cases/"+url.PathEscape(id), stepDone(step, out))
}

// stepDone is the message after a step.
func stepDone(step string, c *shebao.AssistCase) string {
	switch {
	case c.Status == shebao.CaseRefused:
		return "案件已办结:不予保障。" + c.Reason
	case step == "publish":
		return fmt.Sprintf("已公示:%s至%s。", c.PublishFrom, c.PublishTo)
	case step == "submit":
		return "已提请审批,待另一名民政经办员复核。"
	case step == "review" && len(c.Reviews) > 0:
		r := c.Reviews[len(c.Reviews)-1]
		return fmt.Sprintf("定期核查:%s。%s", r.Outcome, r.Reason)
	}
	return "已办理:" + c.Status + "。"
}

// personAssist puts the person's 低保 cases on their page (for a citizen:
// their own household's decisions), for roles that read assistance.
func (u *ui) personAssist(r *http.Request, v *visit, idNo string) ([]assistCaseRow, error) {
	if !v.role.May(shebao.Read(shebao.EntityAssistance)) {
		return nil, nil
	}
	cs, err := u.s.app.Assist.CasesOf(r.Context(), idNo)
	if err != nil {
		var e *shebao.Error
		if errors.As(err, &e) && (e.Code == shebao.EFORBIDDEN || e.Code == shebao.ENOTFOUND) {
			return nil, nil
		}
		return nil, err
	}
	var out []assistCaseRow
	for _, c := range cs {
		out = append(out, caseRow(c))
	}
	return out, nil
}
