package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The pages of 职业介绍 and 劳务输出 (employ, issue #19 items 4 and 7): the
// vacancies of the jurisdiction (an employer's account: its own) with a
// filter by region and employer; one vacancy with its job seekers ranked
// with the reasons and its referrals; the labour exports. Their forms are
// the one form page — post a vacancy, refer a person, record an outcome
// (录用 is the employer's 增员 and ends the 失业登记: the form says so and
// the answer shows what was done), record an export — each calling the
// same service method as the API (vacancies.go). Who sees the pages and
// the buttons follows the entities vacancy, referral and labor; an
// employer's account sees the referred persons' names with masked ID
// numbers and never the register.

// mountPlacement adds the pages' routes to the UI's mux.
func (u *ui) mountPlacement(page func(pattern string, h func(w http.ResponseWriter, r *http.Request, v *visit))) {
	page("GET /vacancies", u.vacancies)
	page("GET /vacancies/new", u.newVacancyPage)
	page("POST /vacancies/new", u.createVacancy)
	page("GET /vacancies/{id}", u.vacancy)
	page("GET /vacancies/{id}/refer", u.referPage)
	page("POST /vacancies/{id}/refer", u.refer)
	page("GET /referrals/{id}/outcome", u.outcomePage)
	page("POST /referrals/{id}/outcome", u.recordOutcome)
	page("GET /labor/exports", u.laborExports)
	page("GET /labor/exports/new", u.newExportPage)
	page("POST /labor/exports/new", u.createExport)
	page("GET /labor/exports/{id}/return", u.returnPage)
	page("POST /labor/exports/{id}/return", u.recordReturn)
}

// mayReadVacancies: the roles that read vacancies, not citizens.
func mayReadVacancies(v *visit) bool {
	return v.role.May(shebao.Read(shebao.EntityVacancy)) && !v.role.OwnOnly
}

// vacanciesView is the data of vacancies.html.
type vacanciesView struct {
	Region, Employer string
	Open             bool
	Rows             []vacancyRow
	CanWrite         bool
	EmployerOnly     bool
	Done             string
}

// vacancyRow is one vacancy of the list.
type vacancyRow struct {
	Link, Code, Occupation, Employer, EmployerName, Region, RegionName, Wages, Dates, Skills, Status string
	Places, Referred, Hired                                                                          int
}

func newVacancyRow(x *shebao.Vacancy) vacancyRow {
	return vacancyRow{Link: "/vacancies/" + x.ID, Code: x.Code, Occupation: x.Occupation, Employer: x.Employer, EmployerName: x.EmployerName,
		Region: x.Region, RegionName: x.RegionName, Wages: yuan(x.WageMin) + "–" + yuan(x.WageMax), Dates: x.OpenFrom + " 至 " + x.OpenUntil,
		Skills: x.Skills, Status: x.Status, Places: x.Places, Referred: x.Referred, Hired: x.Hired}
}

// vacancies serves GET /vacancies?region=&employer=&open=1: the vacancies
// the user reaches, of a region (its code or a prefix of it) and of an
// employer when asked.
func (u *ui) vacancies(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayReadVacancies(v) {
		u.fail(w, r, v, forbidden(v, "查看岗位空缺"))
		return
	}
	q := r.URL.Query()
	view := vacanciesView{Region: strings.TrimSpace(q.Get("region")), Employer: strings.TrimSpace(q.Get("employer")), Open: q.Get("open") == "1",
		CanWrite: v.role.May(shebao.Write(shebao.EntityVacancy)), EmployerOnly: v.role.EmployerOnly, Done: q.Get("done")}
	vs, err := u.s.app.Employ.FindVacancies(r.Context(), shebao.VacancyFilter{Employer: view.Employer, Open: view.Open})
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	prefix := strings.TrimRight(view.Region, "0")
	for _, x := range vs {
		if view.Region != "" && !strings.HasPrefix(x.Region, prefix) {
			continue
		}
		view.Rows = append(view.Rows, newVacancyRow(x))
	}
	u.render(w, r, http.StatusOK, "vacancies", u.newPage(v, "岗位空缺", "vacancies", view))
}

// vacancyView is the data of vacancy.html.
type vacancyView struct {
	V         vacancyRow
	ID, Note  string
	Facts     []fact
	Seekers   []seekerRow
	ShowMatch bool // the role reads the register: the ranked seekers
	Referrals []referralRow
	CanRefer  bool
	Done      string
}

// seekerRow is one job seeker ranked for the vacancy.
type seekerRow struct {
	Rank                                     int
	IDNo, Link, Name, Region, Reasons, Refer string
}

// referralRow is one referral of the vacancy.
type referralRow struct {
	IDNo, Link, Name, Region, ReferredOn, Outcome, OutcomeOn, Result, Note, OutcomeLink string
}

// vacancy serves GET /vacancies/{id}: the vacancy, its job seekers ranked
// with the reasons (roles that read the register) and its referrals with
// their outcomes.
func (u *ui) vacancy(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayReadVacancies(v) {
		u.fail(w, r, v, forbidden(v, "查看岗位空缺"))
		return
	}
	ctx := r.Context()
	x, err := u.s.app.Employ.FindVacancy(ctx, r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := vacancyView{V: newVacancyRow(x), ID: x.ID, Note: x.Note, Done: r.URL.Query().Get("done"),
		ShowMatch: v.role.May(shebao.Read(shebao.EntityLabor)) && !v.role.EmployerOnly,
		CanRefer:  v.role.May(shebao.Write(shebao.EntityReferral)) && x.Status == shebao.VacancyOpen}
	view.Facts = []fact{{"用人单位", x.EmployerName + "(" + x.Employer + ")"}, {"岗位编号", orDash(x.Code)}, {"招聘人数", strconv.Itoa(x.Places) + "人"},
		{"技能要求", orDash(x.Skills)}, {"工作地点", x.RegionName + "(" + x.Region + ")"}, {"月工资", view.V.Wages + "元"},
		{"招聘日期", view.V.Dates}, {"状态", x.Status}, {"已推荐", strconv.Itoa(x.Referred) + "人"}, {"已录用", strconv.Itoa(x.Hired) + "人"}}
	if x.ClosedOn != "" {
		view.Facts = append(view.Facts, fact{"关闭日期", x.ClosedOn})
	}
	mask := func(id string) string {
		if v.actor.SeesFullID(id) {
			return id
		}
		return idno.MaskID(id)
	}
	if view.ShowMatch {
		_, ms, err := u.s.app.Employ.MatchSeekers(ctx, x.ID, "", 0)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		for _, m := range ms {
			ref := u.personRef(v, m.IDNo)
			row := seekerRow{Rank: m.Rank, IDNo: mask(m.IDNo), Link: "/persons/" + ref, Name: m.Name, Region: m.Region, Reasons: m.Reasons}
			if view.CanRefer {
				row.Refer = "/vacancies/" + x.ID + "/refer?ref=" + ref
			}
			view.Seekers = append(view.Seekers, row)
		}
	}
	rs, err := u.s.app.Employ.FindReferrals(ctx, x.ID)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	mayOutcome := v.role.May(shebao.Write(shebao.EntityReferral))
	for _, f := range rs {
		row := referralRow{IDNo: mask(f.IDNo), Name: f.Name, Region: f.Region, ReferredOn: f.ReferredOn, Outcome: f.Outcome, OutcomeOn: f.OutcomeOn, Note: f.Note}
		if !v.role.EmployerOnly { // an employer does not open the persons
			row.Link = "/persons/" + u.personRef(v, f.IDNo)
		}
		if f.Outcome == shebao.ReferralHired {
			row.Result = fmt.Sprintf("已增员(参保%d项)", f.Enrollments)
			if f.Unemployment != "" {
				row.Result += ",失业登记已终止"
			}
		}
		if mayOutcome && f.Outcome == shebao.ReferralPending {
			row.OutcomeLink = "/referrals/" + f.ID + "/outcome"
		}
		view.Referrals = append(view.Referrals, row)
	}
	u.render(w, r, http.StatusOK, "vacancy", u.newPage(v, x.Occupation+"("+x.EmployerName+")", "vacancies", view))
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// vacancyForm is the form of a new vacancy; an employer's account posts
// for its own employer and is not asked for it.
func (u *ui) vacancyForm(r *http.Request, v *visit) (*formView, error) {
	region, err := u.regionField(r, v, "")
	if err != nil {
		return nil, err
	}
	region.Label, region.Aliases = "工作地点", []string{"region", "region_code"}
	f := &formView{Title: "发布岗位", Subtitle: "岗位空缺", Action: "/vacancies/new", Submit: "发布", Back: "/vacancies", BackLabel: "返回岗位空缺",
		Note: "岗位编号由单位自编、同一单位内唯一:以同一编号再次提交同一岗位不会重复登记。未填编号时,与本单位招聘中的岗位各项均相同的视为同一岗位。"}
	if !v.role.EmployerOnly {
		f.Fields = append(f.Fields, formField{Name: "employer", Label: "单位", Required: true, Placeholder: "用人单位的18位统一社会信用代码",
			Aliases: []string{"用人单位"}})
	}
	f.Fields = append(f.Fields,
		formField{Name: "code", Label: "岗位编号", Placeholder: "单位自编,可不填"},
		formField{Name: "occupation", Label: "职业", Required: true, Placeholder: "职业(工种),如 电焊工", Aliases: []string{"职业(工种)"}},
		formField{Name: "places", Label: "招聘人数", Required: true},
		formField{Name: "skills", Label: "技能要求", Placeholder: "以、分隔,如 电焊、气割", Help: "最多8项;匹配求职人员时按登记的技能和证书比对"},
		region,
		formField{Name: "wage_min", Label: "工资下限", Placeholder: "元/月", Aliases: []string{"工资"}},
		formField{Name: "wage_max", Label: "工资上限", Required: true, Placeholder: "元/月"},
		formField{Name: "open_from", Label: "开始日期", Type: "date", Help: "默认今天"},
		formField{Name: "open_until", Label: "截止日期", Type: "date", Required: true},
		formField{Name: "note", Label: "说明", Type: "textarea"},
	)
	return f, nil
}

// newVacancyPage serves GET /vacancies/new.
func (u *ui) newVacancyPage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityVacancy)) {
		u.fail(w, r, v, forbidden(v, "发布岗位"))
		return
	}
	f, err := u.vacancyForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "vacancies", f)
}

// createVacancy serves POST /vacancies/new, as POST /api/v1/vacancies.
func (u *ui) createVacancy(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityVacancy)) {
		u.fail(w, r, v, forbidden(v, "发布岗位"))
		return
	}
	f, err := u.vacancyForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	places, _, ok := formInts(f, "places", "招聘人数")
	if !ok {
		u.showForm(w, r, v, http.StatusBadRequest, "vacancies", f)
		return
	}
	in := shebao.Vacancy{Employer: f.value("employer"), Code: f.value("code"), Occupation: f.value("occupation"), Places: places,
		Skills: f.value("skills"), Region: f.value("region"), OpenFrom: f.value("open_from"), OpenUntil: f.value("open_until"), Note: f.value("note")}
	for _, m := range []struct {
		name, label string
		to          *shebao.Money
	}{{"wage_min", "工资下限", &in.WageMin}, {"wage_max", "工资上限", &in.WageMax}} {
		if s := f.value(m.name); s != "" {
			y, err := shebao.ParseYuan(s)
			if err != nil {
				f.place(shebao.FieldErrorf(m.label, "%s“%s”无效,应为金额(元)", m.label, s))
				u.showForm(w, r, v, http.StatusBadRequest, "vacancies", f)
				return
			}
			*m.to = y
		}
	}
	x, err := u.s.app.Employ.CreateVacancy(r.Context(), in)
	if err != nil {
		u.refused(w, r, v, "vacancies", f, err)
		return
	}
	msg := fmt.Sprintf("已发布岗位:%s %s %d人", x.EmployerName, x.Occupation, x.Places)
	if x.Repeat {
		msg = fmt.Sprintf("该岗位已登记,未重复登记:%s %s %d人", x.EmployerName, x.Occupation, x.Places)
	}
	doneTo(w, r, "/vacancies/"+x.ID, msg)
}

// referForm is the form of a referral to the vacancy; from a ranked
// seeker's link it carries the person as a sealed reference.
func (u *ui) referForm(r *http.Request, v *visit, x *shebao.Vacancy) *formView {
	f := &formView{Title: "推荐就业", Subtitle: x.Occupation + "(" + x.EmployerName + ")", Action: "/vacancies/" + x.ID + "/refer", Submit: "推荐",
		Back: "/vacancies/" + x.ID, BackLabel: "返回岗位",
		Fields: []formField{
			{Name: "id_no", Label: "身份证号", Placeholder: "求职人员的18位公民身份号码"},
			{Name: "ref", Type: "hidden"},
			{Name: "date", Label: "推荐日期", Type: "date", Help: "默认今天"},
			{Name: "note", Label: "说明", Type: "textarea"},
		},
		Note: fmt.Sprintf("限本辖区在世、处于劳动年龄的人员,每人每个岗位推荐一次;岗位%d个名额、已录用%d人。", x.Places, x.Hired)}
	if ref := r.URL.Query().Get("ref"); ref != "" {
		f.Fields[1].Value = ref
		if id, err := u.resolveRef(v, ref); err == nil && v.actor.SeesFullID(id) {
			f.Fields[0].Value = id
		}
	}
	return f
}

// vacancyToRefer reads the vacancy of the address for a role that refers.
func (u *ui) vacancyToRefer(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.Vacancy, bool) {
	if !v.role.May(shebao.Write(shebao.EntityReferral)) {
		u.fail(w, r, v, forbidden(v, "推荐就业"))
		return nil, false
	}
	x, err := u.s.app.Employ.FindVacancy(r.Context(), r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return nil, false
	}
	return x, true
}

// referPage serves GET /vacancies/{id}/refer.
func (u *ui) referPage(w http.ResponseWriter, r *http.Request, v *visit) {
	x, ok := u.vacancyToRefer(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "vacancies", u.referForm(r, v, x))
}

// refer serves POST /vacancies/{id}/refer, as POST /api/v1/referrals.
func (u *ui) refer(w http.ResponseWriter, r *http.Request, v *visit) {
	x, ok := u.vacancyToRefer(w, r, v)
	if !ok {
		return
	}
	f := u.referForm(r, v, x)
	f.fill(r)
	id := f.value("id_no")
	if id == "" && f.value("ref") != "" {
		var err error
		if id, err = u.resolveRef(v, f.value("ref")); err != nil {
			u.refused(w, r, v, "vacancies", f, err)
			return
		}
	}
	if id == "" {
		f.place(shebao.FieldErrorf("身份证号", "须填写身份证号"))
		u.showForm(w, r, v, http.StatusBadRequest, "vacancies", f)
		return
	}
	ref, err := u.s.app.Employ.Refer(r.Context(), shebao.ReferralRequest{VacancyID: x.ID, IDNo: id, Date: f.value("date"), Note: f.value("note")})
	if err != nil {
		u.refused(w, r, v, "vacancies", f, err)
		return
	}
	doneTo(w, r, "/vacancies/"+x.ID, fmt.Sprintf("已推荐:%s(%s)", ref.Name, ref.ReferredOn))
}

// outcomeForm is the form of a referral's outcome.
func outcomeForm(f *shebao.Referral) *formView {
	var opts []option
	for _, o := range shebao.ReferralOutcomes {
		opts = append(opts, option{Value: o, Label: o})
	}
	return &formView{Title: "登记推荐结果", Subtitle: f.Name + " → " + f.Occupation, Action: "/referrals/" + f.ID + "/outcome", Submit: "登记",
		Back: "/vacancies/" + f.VacancyID, BackLabel: "返回岗位",
		Fields: []formField{
			{Name: "outcome", Label: "结果", Type: "select", Required: true, Options: opts},
			{Name: "date", Label: "日期", Type: "date", Help: "默认今天;录用为到岗日期(增员日期),不得早于推荐日期" + f.ReferredOn},
			{Name: "note", Label: "说明", Type: "textarea"},
		},
		Note: "录用即为该单位的增员:本人自到岗之日起随单位参加职工养老、医疗、失业、工伤、生育保险(无须另行录入),其在办的失业登记同时终止,劳动力台账记为就业。结果登记后不能更改。"}
}

// referralToDecide reads the referral of the address for a role that
// records outcomes.
func (u *ui) referralToDecide(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.Referral, bool) {
	if !v.role.May(shebao.Write(shebao.EntityReferral)) {
		u.fail(w, r, v, forbidden(v, "登记推荐结果"))
		return nil, false
	}
	f, err := u.s.app.Employ.FindReferral(r.Context(), r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return nil, false
	}
	return f, true
}

// outcomePage serves GET /referrals/{id}/outcome.
func (u *ui) outcomePage(w http.ResponseWriter, r *http.Request, v *visit) {
	f, ok := u.referralToDecide(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "vacancies", outcomeForm(f))
}

// recordOutcome serves POST /referrals/{id}/outcome, as POST
// /api/v1/referrals/{id}/outcome; the answer says what a 录用 did.
func (u *ui) recordOutcome(w http.ResponseWriter, r *http.Request, v *visit) {
	old, ok := u.referralToDecide(w, r, v)
	if !ok {
		return
	}
	f := outcomeForm(old)
	f.fill(r)
	x, err := u.s.app.Employ.RecordReferralOutcome(r.Context(), old.ID, shebao.ReferralOutcomeRequest{Outcome: f.value("outcome"),
		Date: f.value("date"), Note: f.value("note")})
	if err != nil {
		u.refused(w, r, v, "vacancies", f, err)
		return
	}
	msg := fmt.Sprintf("已登记推荐结果:%s %s(%s)", x.Name, x.Outcome, x.OutcomeOn)
	if x.Outcome == shebao.ReferralHired {
		msg += fmt.Sprintf(";已办理单位增员,参保%d项", x.Enrollments)
		if x.Unemployment != "" {
			msg += ";失业登记已终止"
		} else {
			msg += ";本人无在办的失业登记"
		}
	}
	doneTo(w, r, "/vacancies/"+x.VacancyID, msg)
}

// ---- 劳务输出 ----

// exportsView is the data of exports.html.
type exportsView struct {
	Company  string
	Rows     []exportRow
	CanWrite bool
	Done     string
}

// exportRow is one labour export; Returned says the return (返乡) when
// there was one, ReturnLink the form for one.
type exportRow struct {
	ID, IDNo, Link, Name, Region, Company, Destination, DestEmployer, Occupation, Start string
	Returned, ReturnLink                                                                string
}

// mayExport: the keepers of the register record exports.
func mayExport(v *visit) bool {
	return v.role.May(shebao.Write(shebao.EntityLabor)) && !v.role.OwnOnly
}

// laborExports serves GET /labor/exports?company=USCC.
func (u *ui) laborExports(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityLabor)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看劳务输出"))
		return
	}
	q := r.URL.Query()
	view := exportsView{Company: strings.TrimSpace(q.Get("company")), CanWrite: mayExport(v), Done: q.Get("done")}
	xs, err := u.s.app.Employ.FindLaborExports(r.Context(), view.Company)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	for _, x := range xs {
		id := x.IDNo
		if !v.actor.SeesFullID(id) {
			id = idno.MaskID(id)
		}
		view.Rows = append(view.Rows, exportRow{ID: x.ID, IDNo: id, Link: "/persons/" + u.personRef(v, x.IDNo), Name: x.Name, Region: x.Region,
			Company: x.CompanyName + "(" + x.Company + ")", Destination: x.Destination, DestEmployer: x.DestEmployer, Occupation: x.Occupation, Start: x.Start})
		row := &view.Rows[len(view.Rows)-1]
		switch {
		case x.ReturnedOn != "":
			row.Returned = x.ReturnedOn + "返乡(" + x.ReturnReason + ")"
		case view.CanWrite:
			row.ReturnLink = "/labor/exports/" + x.ID + "/return"
		}
	}
	u.render(w, r, http.StatusOK, "exports", u.newPage(v, "劳务输出", "labor", view))
}

// exportForm is the form of a labour export.
func exportForm() *formView {
	return &formView{Title: "劳务输出登记", Subtitle: "经劳务公司输出务工", Action: "/labor/exports/new", Submit: "登记", Back: "/labor/exports", BackLabel: "返回劳务输出",
		Fields: []formField{
			{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "输出人员的18位公民身份号码"},
			{Name: "company", Label: "劳务公司", Required: true, Placeholder: "劳务公司的统一社会信用代码(须已登记)"},
			{Name: "destination", Label: "输出地", Required: true, Placeholder: "如 浙江省宁波市", Aliases: []string{"转移地点"}},
			{Name: "dest_employer", Label: "用工单位", Required: true, Placeholder: "输入地的用工单位"},
			{Name: "occupation", Label: "职业", Placeholder: "可不填"},
			{Name: "start", Label: "开始日期", Type: "date", Required: true},
		},
		Note: "登记后本人在劳动力台账中记为转移就业(转移地点为输出地)。同一人、同一劳务公司、同一开始日期只登记一次。"}
}

// newExportPage serves GET /labor/exports/new.
func (u *ui) newExportPage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayExport(v) {
		u.fail(w, r, v, forbidden(v, "登记劳务输出"))
		return
	}
	u.showForm(w, r, v, http.StatusOK, "labor", exportForm())
}

// createExport serves POST /labor/exports/new, as POST /api/v1/labor/exports.
func (u *ui) createExport(w http.ResponseWriter, r *http.Request, v *visit) {
	if !mayExport(v) {
		u.fail(w, r, v, forbidden(v, "登记劳务输出"))
		return
	}
	f := exportForm()
	f.fill(r)
	x, err := u.s.app.Employ.ExportLabor(r.Context(), shebao.LaborExport{IDNo: f.value("id_no"), Company: f.value("company"),
		Destination: f.value("destination"), DestEmployer: f.value("dest_employer"), Occupation: f.value("occupation"), Start: f.value("start")})
	if err != nil {
		u.refused(w, r, v, "labor", f, err)
		return
	}
	doneTo(w, r, "/labor/exports", fmt.Sprintf("已登记劳务输出:%s %s起经%s到%s(%s),台账记为转移就业", x.Name, x.Start, x.CompanyName, x.Destination, x.DestEmployer))
}

// returnForm is the form of the return (返乡) of an export.
func returnForm(x *shebao.LaborExport) *formView {
	var opts []option
	for _, st := range shebao.ReturnStatuses {
		opts = append(opts, option{Value: st, Label: st})
	}
	return &formView{Title: "登记返乡", Subtitle: fmt.Sprintf("%s %s起经%s输出至%s", x.Name, x.Start, x.CompanyName, x.Destination),
		Action: "/labor/exports/" + x.ID + "/return", Submit: "登记返乡", Back: "/labor/exports", BackLabel: "返回劳务输出",
		Fields: []formField{
			{Name: "date", Label: "返乡日期", Type: "date", Help: "默认今天;不得早于输出开始日期" + x.Start},
			{Name: "reason", Label: "返乡原因", Required: true, Placeholder: "如 合同期满、工程结束、家中有事"},
			{Name: "status", Label: "返乡后状态", Type: "select", Required: true, Options: opts, Aliases: []string{"返乡后的就业状态"}},
		},
		Note: "返乡即结束本次劳务输出:台账仍为转移就业(本输出地)的改为返乡后状态,村里已另行更改的台账不变;统计中自返乡之日起不再计入劳务输出在外,以前日期的数字不变。"}
}

// exportToReturn reads the export of the address for a keeper of the
// register.
func (u *ui) exportToReturn(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.LaborExport, bool) {
	if !mayExport(v) {
		u.fail(w, r, v, forbidden(v, "登记返乡"))
		return nil, false
	}
	xs, err := u.s.app.Employ.FindLaborExports(r.Context(), "")
	if err != nil {
		u.fail(w, r, v, err)
		return nil, false
	}
	for _, x := range xs {
		if x.ID == r.PathValue("id") {
			return x, true
		}
	}
	u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "未找到劳务输出记录%s", r.PathValue("id")))
	return nil, false
}

// returnPage serves GET /labor/exports/{id}/return.
func (u *ui) returnPage(w http.ResponseWriter, r *http.Request, v *visit) {
	x, ok := u.exportToReturn(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "labor", returnForm(x))
}

// recordReturn serves POST /labor/exports/{id}/return, as POST
// /api/v1/labor/exports/{id}/return.
func (u *ui) recordReturn(w http.ResponseWriter, r *http.Request, v *visit) {
	old, ok := u.exportToReturn(w, r, v)
	if !ok {
		return
	}
	f := returnForm(old)
	f.fill(r)
	x, err := u.s.app.Employ.ReturnLabor(r.Context(), old.ID, shebao.LaborReturnRequest{Date: f.value("date"), Reason: f.value("reason"), Status: f.value("status")})
	if err != nil {
		u.refused(w, r, v, "labor", f, err)
		return
	}
	msg := fmt.Sprintf("已登记返乡:%s %s返乡(%s)", x.Name, x.ReturnedOn, x.ReturnReason)
	if x.ReturnStatus != "" {
		msg += ",台账改为" + x.ReturnStatus
	} else {
		msg += ",台账已另行更改,未变动"
	}
	doneTo(w, r, "/labor/exports", msg)
}
