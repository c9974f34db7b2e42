package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The pages of the 增减挂钩 project ledger (issue #17 item 7; package
// transfer, projects.go): the projects of the user's jurisdiction with
// the quota area overdue, one project's progress on a day (quota issued,
// used and returned with the overdue issues flagged; the 拆旧 per village
// and household), and the forms of the ledger — a project registered, a
// 拆旧 homestead, the four entries (下达, 使用, 复垦, 验收) and the closing —
// which call the same service methods as the API and `shebao
// landprojects`. Towns and the district write (土地承包 entity); the land
// bureau reads; a village does not see a town's project, a citizen none.

// landProjectsView is the data of the list page.
type landProjectsView struct {
	Region, Date string
	Rows         []landProjectRow
	Overdue      string // the overdue area of every project listed
	NewLink      string // "" when the user may not register projects
}

// landProjectRow is a project of the list.
type landProjectRow struct {
	Code, Link, Name, Region, Status                 string
	Households                                       int
	Issued, Used, Accepted, Overdue, Demolished, Due string
	Flagged                                          bool
}

// landProjectView is the data of a project's page.
type landProjectView struct {
	P        *shebao.ProjectProgress
	Quotas   []projectQuotaRow
	Villages []projectVillageRow
	Homes    []projectHomeRow
	Tasks    []option // the forms the user may open (Value: link, Label: text)
	Done     string   // the message of a task just done (?done=)
	// Resettled: the households resettled by mode ("货币安置 2 户").
	Resettled []string
}

// resettlementLabel describes a household's resettlement for the page.
func resettlementLabel(r *shebao.ProjectResettlement) string {
	if r == nil {
		return ""
	}
	s := r.Mode
	if r.Unit != "" {
		s += " " + r.Unit
	}
	if r.Amount > 0 {
		s += " " + yuan(r.Amount) + "元"
	}
	return s + "(" + r.On + ")"
}

// conversionLabel describes a household's link to 村改居 for the page.
func conversionLabel(c *shebao.ProjectConversion) string {
	switch {
	case c == nil:
		return ""
	case c.Paid:
		return "村改居 " + c.ConvertedOn + ",户主一次性补缴已缴清"
	case c.Joined:
		return "村改居 " + c.ConvertedOn + ",户主已参加一次性补缴,未缴清"
	}
	return "村改居 " + c.ConvertedOn + ",户主未参加一次性补缴"
}

type projectQuotaRow struct {
	DocNo, IssuedOn, Area, Returned, Open, DueOn string
	Overdue                                      bool
	DaysOverdue                                  int
	Explanation                                  string
}

type projectVillageRow struct {
	Name, Code                                               string
	Households                                               int
	Homestead, Demolished, Reclaimed, Accepted, Compensation string
}

type projectHomeRow struct {
	Head, IDNo, Household, Village, Plots                    string
	Homestead, Demolished, Reclaimed, Accepted, Compensation string
	Resettlement, Conversion                                 string // "" none
}

// mayReadProjects: the roles that read contracting, not citizens (the
// store's scope refuses them too).
func mayReadProjects(v *visit) bool {
	return v.role.May(shebao.Read(shebao.EntityContracting)) && !v.role.OwnOnly
}

func mayWriteProjects(v *visit) bool {
	return v.role.May(shebao.Write(shebao.EntityContracting)) && !v.role.OwnOnly
}

// landProjects serves GET /landprojects?region=&date=.
func (u *ui) landProjects(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayReadProjects(v) {
		u.fail(w, r, v, forbidden(v, "查看增减挂钩项目台账"))
		return
	}
	q := r.URL.Query()
	view := landProjectsView{Region: q.Get("region"), Date: q.Get("date")}
	if view.Date == "" {
		view.Date = shebao.Today().Format(shebao.DateLayout)
	}
	ps, err := u.s.app.Transfer.LandProjects(r.Context(), view.Region, view.Date)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	var overdue shebao.Area
	for _, p := range ps {
		row := landProjectRow{Code: p.Code, Link: "/landprojects/" + url.PathEscape(p.Code) + "?date=" + view.Date, Name: p.Name,
			Region: p.RegionName, Status: p.Status, Households: p.Households, Issued: p.Issued.String(), Used: p.Used.String(),
			Accepted: p.Accepted.String(), Demolished: p.Demolished.String(), Overdue: p.OverdueArea.String(), Flagged: p.OverdueArea > 0}
		if p.Status == shebao.ProjectClosed {
			row.Status += "(" + p.ClosedOn + ")"
		}
		overdue += p.OverdueArea
		view.Rows = append(view.Rows, row)
	}
	view.Overdue = overdue.String()
	if mayWriteProjects(v) {
		view.NewLink = "/landprojects/new"
	}
	u.render(w, r, http.StatusOK, "landprojects", u.newPage(v, "增减挂钩项目", "landprojects", view))
}

// landProject serves GET /landprojects/{code}?date=.
func (u *ui) landProject(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayReadProjects(v) {
		u.fail(w, r, v, forbidden(v, "查看增减挂钩项目台账"))
		return
	}
	p, err := u.s.app.Transfer.LandProjectProgress(r.Context(), r.PathValue("code"), r.URL.Query().Get("date"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := landProjectPage(v, p)
	view.Done = r.URL.Query().Get("done")
	u.render(w, r, http.StatusOK, "landproject", u.newPage(v, "增减挂钩项目"+p.Code, "landprojects", view))
}

// landProjectPage prepares a project's progress for the page: ID numbers
// masked unless the role sees them in full.
func landProjectPage(v *visit, p *shebao.ProjectProgress) landProjectView {
	view := landProjectView{P: p}
	for _, q := range p.Quotas {
		view.Quotas = append(view.Quotas, projectQuotaRow{DocNo: q.DocNo, IssuedOn: q.IssuedOn, Area: q.Area.String(),
			Returned: q.Returned.String(), Open: (q.Area - q.Returned).String(), DueOn: q.DueOn, Overdue: q.Overdue,
			DaysOverdue: q.DaysOverdue, Explanation: q.Explanation})
	}
	for _, g := range p.Villages {
		view.Villages = append(view.Villages, projectVillageRow{Name: g.RegionName, Code: g.Region, Households: g.Households,
			Homestead: g.Homestead.String(), Demolished: g.Demolished.String(), Reclaimed: g.Reclaimed.String(),
			Accepted: g.Accepted.String(), Compensation: yuan(g.Compensation)})
	}
	for _, h := range p.Homes {
		id := h.HeadIDNo
		if !v.actor.SeesFullID(id) {
			id = idno.MaskID(id)
		}
		view.Homes = append(view.Homes, projectHomeRow{Head: h.HeadName, IDNo: id, Household: h.Household, Village: h.RegionName,
			Plots: joinPlots(h.Plots), Homestead: h.Homestead.String(), Demolished: h.Demolished.String(),
			Reclaimed: h.Reclaimed.String(), Accepted: h.Accepted.String(), Compensation: yuan(h.Compensation),
			Resettlement: resettlementLabel(h.Resettlement), Conversion: conversionLabel(h.Conversion)})
	}
	for _, m := range []string{shebao.ResettleMoney, shebao.ResettleFlat, shebao.ResettleBuild} {
		if n := p.Resettled[m]; n > 0 {
			view.Resettled = append(view.Resettled, fmt.Sprintf("%s %d 户", m, n))
		}
	}
	if mayWriteProjects(v) && p.Status != shebao.ProjectClosed {
		base := "/landprojects/" + url.PathEscape(p.Code) + "/"
		for _, t := range projectTasks {
			view.Tasks = append(view.Tasks, option{Value: base + t.name, Label: t.label})
		}
	}
	return view
}

func joinPlots(ps []string) string {
	out := ""
	for i, p := range ps {
		if i > 0 {
			out += "、"
		}
		out += p
	}
	return out
}

// projectTasks are the forms of an open project, in the order offered.
var projectTasks = []struct{ name, label, kind string }{
	{"plot", "登记拆旧户", ""},
	{"resettle", "登记安置", ""},
	{"issue", "周转指标下达", shebao.EntryIssue},
	{"use", "建新使用指标", shebao.EntryUse},
	{"reclaim", "登记复垦", shebao.EntryReclaim},
	{"accept", "复垦验收", shebao.EntryAccept},
	{"close", "关闭项目", ""},
}

// landProjectForm is the create form.
func landProjectForm() *formView {
	return &formView{Title: "登记增减挂钩项目", Subtitle: "城乡建设用地增减挂钩项目区", Action: "/landprojects/new", Submit: "登记",
		Back: "/landprojects", BackLabel: "返回项目列表",
		Note: "项目区由乡镇或区县实施,区划代码填乡镇或区县的12位代码。同一项目编号再次登记相同内容不会重复。",
		Fields: []formField{
			{Name: "code", Label: "项目编号", Required: true, Placeholder: "如 GG-2026-01"},
			{Name: "name", Label: "项目名称", Required: true},
			{Name: "region", Label: "区划代码", Required: true, Placeholder: "乡镇或区县代码,如 640106100000"},
		}}
}

// newLandProject serves GET /landprojects/new.
func (u *ui) newLandProject(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayWriteProjects(v) {
		u.fail(w, r, v, forbidden(v, "登记增减挂钩项目"))
		return
	}
	f := landProjectForm()
	f.Fields[2].Value = v.actor.Region
	u.showForm(w, r, v, http.StatusOK, "landprojects", f)
}

// createLandProject serves POST /landprojects/new.
func (u *ui) createLandProject(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayWriteProjects(v) {
		u.fail(w, r, v, forbidden(v, "登记增减挂钩项目"))
		return
	}
	f := landProjectForm()
	f.fill(r)
	p, created, err := u.s.app.Transfer.CreateLandProject(r.Context(), shebao.LandProject{Code: f.value("code"), Name: f.value("name"),
		Region: f.value("region")})
	if err != nil {
		u.refused(w, r, v, "landprojects", f, err)
		return
	}
	msg := "已登记项目:" + p.Name
	if !created {
		msg = "项目" + p.Code + "此前已登记,未作变更。"
	}
	doneTo(w, r, "/landprojects/"+url.PathEscape(p.Code), msg)
}

// projectTaskForm is the form of a task of the project.
func projectTaskForm(code, task string) *formView {
	base := "/landprojects/" + url.PathEscape(code)
	f := &formView{Subtitle: "项目 " + code, Action: base + "/" + task, Back: base, BackLabel: "返回项目进度", Submit: "登记"}
	doc := formField{Name: "doc_no", Label: "文号", Required: true, Placeholder: "批复或验收文件的文号"}
	area := formField{Name: "area", Label: "面积", Required: true, Placeholder: "亩,至多两位小数", Aliases: []string{"area_mu"}}
	date := formField{Name: "date", Label: "日期", Type: "date", Required: true}
	plot := formField{Name: "plot_no", Label: "宅基地编号", Required: true}
	switch task {
	case "plot":
		f.Title = "登记拆旧户"
		f.Note = "户主须是人员库登记、居住在项目区内的人员;拆除面积不超过宅基地面积。同一宅基地编号再次登记相同内容不会重复。"
		f.Fields = []formField{plot,
			{Name: "head_id_no", Label: "户主身份证号", Required: true},
			{Name: "homestead", Label: "宅基地面积", Required: true, Placeholder: "亩", Aliases: []string{"homestead_mu"}},
			{Name: "demolished", Label: "拆旧面积", Required: true, Placeholder: "亩", Aliases: []string{"demolished_mu", "拆除面积"}},
			{Name: "compensation", Label: "补偿金额", Placeholder: "元", Aliases: []string{"compensation"}}}
	case "resettle":
		f.Title = "登记安置"
		f.Note = "每户登记一次:货币安置填安置金额;集中安置填安置房号(有差价或过渡费可填金额);自建填新宅基地编号(有建房补助可填金额)。"
		modes := []option{{Value: "", Label: "请选择"}}
		for _, m := range []string{shebao.ResettleMoney, shebao.ResettleFlat, shebao.ResettleBuild} {
			modes = append(modes, option{Value: m, Label: m})
		}
		f.Fields = []formField{
			{Name: "head_id_no", Label: "户主身份证号", Required: true},
			{Name: "mode", Label: "安置方式", Type: "select", Required: true, Options: modes},
			{Name: "unit", Label: "安置房号或宅基地", Placeholder: "集中安置的房号,或自建的新宅基地编号"},
			{Name: "amount", Label: "安置金额", Placeholder: "元"},
			date,
			{Name: "note", Label: "说明"}}
	case "issue":
		f.Title = "周转指标下达"
		f.Note = "下达的周转指标须在政策规定的年限内(transfer.linkage_return_years)以验收合格的复垦面积归还,逾期未还的标记为逾期。"
		f.Fields = []formField{doc, area, date}
	case "use":
		f.Title = "建新使用周转指标"
		f.Note = "截至使用日期,累计使用的指标不得超过已下达的指标。"
		f.Fields = []formField{doc, area, date}
	case "reclaim":
		f.Title = "登记复垦"
		f.Note = "一块宅基地的复垦面积累计不超过其拆旧面积。"
		f.Fields = []formField{doc, plot, area, date}
	case "accept":
		f.Title = "复垦验收"
		f.Note = "一块宅基地验收合格的面积累计不超过验收日期前已复垦的面积;验收面积按下达先后归还周转指标。"
		f.Fields = []formField{doc, plot, area, date}
	case "close":
		f.Title, f.Submit = "关闭项目", "关闭"
		f.Note = "验收合格的复垦面积不少于建新使用面积(耕地不减少)时方可关闭;关闭后未使用的周转指标随之核销,台账不再登记。"
		f.Fields = []formField{date}
	}
	return f
}

// projectTaskKind is the ledger kind of a task, "" for plot and close,
// and whether the task exists.
func projectTaskKind(task string) (string, bool) {
	for _, t := range projectTasks {
		if t.name == task {
			return t.kind, true
		}
	}
	return "", false
}

// projectTask checks the task and the role of a project form.
func (u *ui) projectTask(w http.ResponseWriter, r *http.Request, v *visit) (string, string, bool) {
	task := r.PathValue("task")
	if _, ok := projectTaskKind(task); !ok {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "您要找的页面不存在"))
		return "", "", false
	}
	if !mayWriteProjects(v) {
		u.fail(w, r, v, forbidden(v, "登记增减挂钩项目台账"))
		return "", "", false
	}
	return r.PathValue("code"), task, true
}

// projectTaskPage serves GET /landprojects/{code}/{task}.
func (u *ui) projectTaskPage(w http.ResponseWriter, r *http.Request, v *visit) {
	code, task, ok := u.projectTask(w, r, v)
	if !ok {
		return
	}
	// The project must be visible to the user: its progress is read
	// (and the read audited) as the page would be.
	if _, err := u.s.app.Transfer.LandProjectProgress(r.Context(), code, ""); err != nil {
		u.fail(w, r, v, err)
		return
	}
	f := projectTaskForm(code, task)
	for i := range f.Fields {
		if f.Fields[i].Name == "date" {
			f.Fields[i].Value = shebao.Today().Format(shebao.DateLayout)
		}
	}
	u.showForm(w, r, v, http.StatusOK, "landprojects", f)
}

// projectTaskDo serves POST /landprojects/{code}/{task}.
func (u *ui) projectTaskDo(w http.ResponseWriter, r *http.Request, v *visit) {
	code, task, ok := u.projectTask(w, r, v)
	if !ok {
		return
	}
	f := projectTaskForm(code, task)
	f.fill(r)
	ctx := r.Context()
	base := "/landprojects/" + url.PathEscape(code)
	svc := u.s.app.Transfer
	switch task {
	case "plot":
		pl, created, err := svc.AddProjectPlot(ctx, code, shebao.NewProjectPlot{PlotNo: f.value("plot_no"), HeadIDNo: f.value("head_id_no"),
			Homestead: f.value("homestead"), Demolished: f.value("demolished"), Compensation: f.value("compensation")})
		if err != nil {
			u.refused(w, r, v, "landprojects", f, err)
			return
		}
		msg := fmt.Sprintf("已登记拆旧户%s(宅基地%s,拆旧%s亩)。", pl.HeadName, pl.PlotNo, pl.Demolished)
		if !created {
			msg = "宅基地" + pl.PlotNo + "此前已登记,未重复登记。"
		}
		doneTo(w, r, base, msg)
	case "resettle":
		res, created, err := svc.Resettle(ctx, code, shebao.NewResettlement{HeadIDNo: f.value("head_id_no"), Mode: f.value("mode"),
			Unit: f.value("unit"), Amount: f.value("amount"), On: f.value("date"), Note: f.value("note")})
		if err != nil {
			u.refused(w, r, v, "landprojects", f, err)
			return
		}
		msg := fmt.Sprintf("已登记安置:%s %s。", res.Mode, res.On)
		if !created {
			msg = "该户的安置此前已登记,未重复登记。"
		}
		doneTo(w, r, base, msg)
	case "close":
		p, err := svc.CloseLandProject(ctx, code, f.value("date"))
		if err != nil {
			u.refused(w, r, v, "landprojects", f, err)
			return
		}
		doneTo(w, r, base, fmt.Sprintf("项目已于%s关闭:验收复垦%s亩,建新使用%s亩。", p.ClosedOn, p.Accepted, p.Used))
	default:
		kind, _ := projectTaskKind(task)
		e, created, err := svc.AddProjectEntry(ctx, code, shebao.NewProjectEntry{DocNo: f.value("doc_no"), Kind: kind,
			PlotNo: f.value("plot_no"), Area: f.value("area"), On: f.value("date")})
		if err != nil {
			u.refused(w, r, v, "landprojects", f, err)
			return
		}
		msg := fmt.Sprintf("已登记%s %s亩(文号%s)。", e.Kind, e.Area, e.DocNo)
		if !created {
			msg = "文号" + e.DocNo + "此前已登记,未重复登记。"
		}
		doneTo(w, r, base, msg)
	}
}
