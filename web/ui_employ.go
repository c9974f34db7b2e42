package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The pages of training and 公益性岗位 (employ, issue #19 items 3, 5 and 7):
// the courses of the jurisdiction, one course with its enrolments and
// outcomes, the posts with their placements; and their forms on the one
// form page — create a course, enrol a person, record a completion, submit
// the course's subsidy; create a post, place a person — each calling the
// same service method as the API (training.go, employ.go). Who sees the
// pages and the buttons follows the entities training and post.

// mountEmploy adds the pages' routes to the UI's mux.
func (u *ui) mountEmploy(page func(pattern string, h func(w http.ResponseWriter, r *http.Request, v *visit))) {
	page("GET /training", u.courses)
	page("GET /training/new", u.newCoursePage)
	page("POST /training/new", u.createCourse)
	page("GET /training/{id}", u.course)
	page("GET /training/{id}/enrol", u.courseTask)
	page("POST /training/{id}/enrol", u.courseTask)
	page("GET /training/{id}/complete", u.courseTask)
	page("POST /training/{id}/complete", u.courseTask)
	page("GET /training/{id}/subsidy", u.courseTask)
	page("POST /training/{id}/subsidy", u.courseTask)
	page("GET /posts", u.posts)
	page("GET /posts/new", u.newPostPage)
	page("POST /posts/new", u.createPost)
	page("GET /posts/{id}/place", u.placePage)
	page("POST /posts/{id}/place", u.place)
}

// ---- 职业培训 ----

// coursesView is the data of training.html.
type coursesView struct {
	Rows     []courseRow
	CanWrite bool
	Done     string
}

// courseRow is one course of the list.
type courseRow struct {
	Link, Name, Region, Provider, Occupation, Level, Dates, Payee string
	Hours, Places, Enrolled                                       int
}

func newCourseRow(c *shebao.TrainingCourse) courseRow {
	return courseRow{Link: "/training/" + c.ID, Name: c.Name, Region: c.Region, Provider: c.Provider, Occupation: c.Occupation, Level: c.Level,
		Dates: c.Start + " 至 " + c.End, Payee: c.Payee, Hours: c.Hours, Places: c.Places, Enrolled: c.Enrolled}
}

// courses serves GET /training.
func (u *ui) courses(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityTraining)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看职业培训"))
		return
	}
	cs, err := u.s.app.Employ.FindCourses(r.Context())
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := coursesView{CanWrite: v.role.May(shebao.Write(shebao.EntityTraining)), Done: r.URL.Query().Get("done")}
	for _, c := range cs {
		view.Rows = append(view.Rows, newCourseRow(c))
	}
	u.render(w, r, http.StatusOK, "training", u.newPage(v, "职业培训", "training", view))
}

// courseView is the data of course.html.
type courseView struct {
	Course   courseRow
	ID       string
	Rows     []enrolmentRow
	Counts   []fact // outcomes and certificates
	CanWrite bool
	Done     string
}

// enrolmentRow is one person on the course.
type enrolmentRow struct {
	IDNo, Link, Name, Region, Status, Certificate, CertNo, CompletedOn, Subsidy string
	Attended                                                                    int
}

// course serves GET /training/{id}.
func (u *ui) course(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityTraining)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看职业培训"))
		return
	}
	c, err := u.s.app.Employ.FindCourse(r.Context(), r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	es, err := u.s.app.Employ.FindEnrolments(r.Context(), c.ID)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := courseView{Course: newCourseRow(c), ID: c.ID, CanWrite: v.role.May(shebao.Write(shebao.EntityTraining)), Done: r.URL.Query().Get("done")}
	count := map[string]int{}
	for _, e := range es {
		row := enrolmentRow{IDNo: e.IDNo, Link: "/persons/" + u.personRef(v, e.IDNo), Name: e.Name, Region: e.Region, Status: e.Status,
			Certificate: e.Certificate, CertNo: e.CertNo, CompletedOn: e.CompletedOn, Attended: e.Attended}
		if !v.actor.SeesFullID(e.IDNo) {
			row.IDNo = idno.MaskID(e.IDNo)
		}
		if e.Subsidy != "" {
			row.Subsidy = "已申报"
		}
		view.Rows = append(view.Rows, row)
		count[e.Status]++
		if e.Certificate != "" {
			count["证书"+e.Certificate]++
		}
	}
	view.Counts = []fact{{"报名", strconv.Itoa(len(es)) + "人"}, {"在训", strconv.Itoa(count[shebao.TrainingEnrolled]) + "人"},
		{"结业", strconv.Itoa(count[shebao.TrainingCompleted]) + "人"}, {"未结业", strconv.Itoa(count[shebao.TrainingIncomplete]) + "人"}}
	for _, l := range shebao.CertLevels {
		view.Counts = append(view.Counts, fact{"取得" + l + "证书", strconv.Itoa(count["证书"+l]) + "人"})
	}
	u.render(w, r, http.StatusOK, "course", u.newPage(v, c.Name, "training", view))
}

// levelOptions are the certificate levels, with an empty first choice
// labelled first.
func levelOptions(first, selected string) []option {
	out := []option{{Value: "", Label: first}}
	for _, l := range shebao.CertLevels {
		out = append(out, option{Value: l, Label: l, Selected: l == selected})
	}
	return out
}

// courseForm is the form of a new course.
func (u *ui) courseForm(r *http.Request, v *visit) (*formView, error) {
	region, err := u.regionField(r, v, "")
	if err != nil {
		return nil, err
	}
	region.Label, region.Aliases = "区划", []string{"region", "region_code", "所属区划"}
	if region.Type == "select" {
		region.Options[0].Label = "请选择开班区划"
	}
	return &formView{Title: "开班", Subtitle: "职业技能培训班", Action: "/training/new", Submit: "开班", Back: "/training", BackLabel: "返回职业培训",
		Fields: []formField{
			{Name: "name", Label: "培训班名称", Required: true, Placeholder: "如 2027年第1期电工培训班"},
			region,
			{Name: "provider", Label: "培训机构", Required: true},
			{Name: "occupation", Label: "职业", Required: true, Placeholder: "职业(工种),如 电工", Aliases: []string{"职业(工种)"}},
			{Name: "level", Label: "培训等级", Type: "select", Required: true, Options: levelOptions("请选择", "")},
			{Name: "start", Label: "开班日期", Type: "date", Required: true},
			{Name: "end", Label: "结业日期", Type: "date", Required: true},
			{Name: "hours", Label: "课时", Required: true},
			{Name: "places", Label: "名额", Required: true},
			{Name: "payee", Label: "补贴发放对象", Type: "select", Required: true, Options: []option{{Value: shebao.TrainingPayProvider, Label: "机构(直补培训机构)"},
				{Value: shebao.TrainingPayPerson, Label: "个人"}}},
			{Name: "bank", Label: "收款账号", Placeholder: "补贴发给机构时填写机构账号", Aliases: []string{"bank_account"}},
		},
		Note: "培训补贴按取得证书的等级(政策参数labor.training.subsidy.*)计算,同一职业同一等级只补贴一次,申报后须另一就业经办员复核。"}, nil
}

// newCoursePage serves GET /training/new.
func (u *ui) newCoursePage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityTraining)) {
		u.fail(w, r, v, forbidden(v, "开设培训班"))
		return
	}
	f, err := u.courseForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "training", f)
}

// createCourse serves POST /training/new, as POST /api/v1/training/courses.
func (u *ui) createCourse(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityTraining)) {
		u.fail(w, r, v, forbidden(v, "开设培训班"))
		return
	}
	f, err := u.courseForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	hours, places, ok := formInts(f, "hours", "课时", "places", "名额")
	if !ok {
		u.showForm(w, r, v, http.StatusBadRequest, "training", f)
		return
	}
	c, err := u.s.app.Employ.CreateCourse(r.Context(), shebao.TrainingCourse{Name: f.value("name"), Region: f.value("region"), Provider: f.value("provider"),
		Occupation: f.value("occupation"), Level: f.value("level"), Start: f.value("start"), End: f.value("end"), Hours: hours, Places: places,
		Payee: f.value("payee"), BankAccount: f.value("bank")})
	if err != nil {
		u.refused(w, r, v, "training", f, err)
		return
	}
	doneTo(w, r, "/training/"+c.ID, "已开班:"+c.Name)
}

// formInts reads whole-number fields (name, label pairs); a bad one is
// placed on the form and false returned.
func formInts(f *formView, pairs ...string) (int, int, bool) {
	var out [2]int
	for i := 0; i+1 < len(pairs) && i/2 < 2; i += 2 {
		s := f.value(pairs[i])
		n, err := strconv.Atoi(s)
		if err != nil {
			f.place(shebao.FieldErrorf(pairs[i+1], "%s“%s”无效,应为整数", pairs[i+1], s))
			return 0, 0, false
		}
		out[i/2] = n
	}
	return out[0], out[1], true
}

// courseTaskForm is the form of a task on a course: enrol, complete or
// subsidy (the last segment of the address).
func courseTaskForm(c *shebao.TrainingCourse, task string) *formView {
	f := &formView{Subtitle: c.Name, Action: "/training/" + c.ID + "/" + task, Back: "/training/" + c.ID, BackLabel: "返回培训班"}
	switch task {
	case "enrol":
		f.Title, f.Submit = "报名", "报名"
		f.Fields = []formField{{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "学员的18位公民身份号码"}}
		f.Note = fmt.Sprintf("限本辖区在世、开班之日(%s)处于劳动年龄的人员,每人一次,名额%d人;结业后不能再报名。", c.Start, c.Places)
	case "complete":
		f.Title, f.Submit = "结业登记", "登记"
		f.Fields = []formField{
			{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "学员的18位公民身份号码"},
			{Name: "outcome", Label: "结果", Type: "select", Required: true, Options: []option{{Value: shebao.TrainingCompleted, Label: "结业"},
				{Value: shebao.TrainingIncomplete, Label: "未结业"}}},
			{Name: "attended", Label: "出勤课时", Required: true, Help: fmt.Sprintf("0至%d", c.Hours)},
			{Name: "cert", Label: "证书等级", Type: "select", Options: levelOptions("未取得证书", ""), Aliases: []string{"证书"}},
			{Name: "cert_no", Label: "证书编号"},
			{Name: "bank", Label: "收款账号", Placeholder: "补贴发给个人时填写本人账号", Aliases: []string{"bank_account"}},
			{Name: "date", Label: "结业日期", Type: "date", Help: "默认今天;不得早于培训班结业日期" + c.End},
		}
	case "subsidy":
		f.Title, f.Submit = "申报培训补贴", "申报"
		f.Note = "为本班取得证书、尚未补贴的学员按证书等级计算培训补贴,提交另一就业经办员复核;复核通过后由当月待遇发放拨付。未取得证书、同一职业同一等级已补贴的不补贴。"
	}
	return f
}

// courseTask serves the course's forms: GET shows one, POST does it.
func (u *ui) courseTask(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityTraining)) {
		u.fail(w, r, v, forbidden(v, "办理职业培训"))
		return
	}
	c, err := u.s.app.Employ.FindCourse(r.Context(), r.PathValue("id"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	task := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	f := courseTaskForm(c, task)
	if r.Method == http.MethodGet {
		u.showForm(w, r, v, http.StatusOK, "training", f)
		return
	}
	f.fill(r)
	var done string
	switch task {
	case "enrol":
		e, err := u.s.app.Employ.Enrol(r.Context(), c.ID, f.value("id_no"))
		if err != nil {
			u.refused(w, r, v, "training", f, err)
			return
		}
		done = "已报名:" + e.Name
	case "complete":
		attended, err := strconv.Atoi(f.value("attended"))
		if err != nil {
			f.place(shebao.FieldErrorf("出勤课时", "出勤课时“%s”无效,应为整数", f.value("attended")))
			u.showForm(w, r, v, http.StatusBadRequest, "training", f)
			return
		}
		e, err := u.s.app.Employ.RecordOutcome(r.Context(), shebao.TrainingOutcome{CourseID: c.ID, IDNo: f.value("id_no"), Attended: attended,
			Completed: f.value("outcome") == shebao.TrainingCompleted, Certificate: f.value("cert"), CertNo: f.value("cert_no"),
			Date: f.value("date"), BankAccount: f.value("bank")})
		if err != nil {
			u.refused(w, r, v, "training", f, err)
			return
		}
		done = "已登记结业:" + e.Name + " " + e.Status
		if e.Certificate != "" {
			done += ",取得" + e.Certificate + "证书"
		}
	case "subsidy":
		res, err := u.s.app.Employ.SubmitSubsidy(r.Context(), c.ID)
		if err != nil {
			u.refused(w, r, v, "training", f, err)
			return
		}
		done = fmt.Sprintf("已申报培训补贴%d人共%s元,待复核", len(res.Lines), yuan(res.Total))
		if len(res.Skipped) > 0 {
			done += ";不补贴:" + strings.Join(res.Skipped, ";")
		}
	}
	doneTo(w, r, "/training/"+c.ID, done)
}

// ---- 公益性岗位 ----

// postsView is the data of posts.html.
type postsView struct {
	Posts      []postRow
	Placements []placementRow
	Grants     []grantRow
	CanWrite   bool
	Done       string
}

// postRow is one post.
type postRow struct {
	ID, Name, Region, Unit, Funding string
	Places, Filled                  int
}

// placementRow is one placement.
type placementRow struct {
	IDNo, Link, Name, Post, Priority, Term string
	Months                                 int
}

// grantRow is one 社会保险补贴 grant.
type grantRow struct {
	IDNo, Link, Name, Kind, Employer, Term, Share string
	Months                                        int
}

// posts serves GET /posts: the posts, their placements and the
// 社会保险补贴 grants.
func (u *ui) posts(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityPost)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看公益性岗位"))
		return
	}
	ctx := r.Context()
	ps, err := u.s.app.Employ.FindPosts(ctx)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	xs, err := u.s.app.Employ.FindPlacements(ctx)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	gs, err := u.s.app.Employ.FindInsuranceSubsidies(ctx)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := postsView{CanWrite: v.role.May(shebao.Write(shebao.EntityPost)), Done: r.URL.Query().Get("done")}
	names := map[string]string{}
	for _, p := range ps {
		names[p.ID] = p.Name
		view.Posts = append(view.Posts, postRow{ID: p.ID, Name: p.Name, Region: p.Region, Unit: p.Unit, Funding: p.Funding, Places: p.Places, Filled: p.Filled})
	}
	mask := func(id string) string {
		if v.actor.SeesFullID(id) {
			return id
		}
		return idno.MaskID(id)
	}
	for _, x := range xs {
		view.Placements = append(view.Placements, placementRow{IDNo: mask(x.IDNo), Link: "/persons/" + u.personRef(v, x.IDNo), Name: x.Name,
			Post: names[x.PostID], Priority: x.Priority, Term: x.Start + " 至 " + x.End, Months: x.Months})
	}
	for _, g := range gs {
		view.Grants = append(view.Grants, grantRow{IDNo: mask(g.IDNo), Link: "/persons/" + u.personRef(v, g.IDNo), Name: g.Name, Kind: g.Kind,
			Employer: g.EmployerName, Term: g.Start + " 至 " + g.End, Share: g.Share.Percent(), Months: g.Months})
	}
	u.render(w, r, http.StatusOK, "posts", u.newPage(v, "公益性岗位", "posts", view))
}

// postForm is the form of a new post.
func (u *ui) postForm(r *http.Request, v *visit) (*formView, error) {
	region, err := u.regionField(r, v, "")
	if err != nil {
		return nil, err
	}
	region.Label, region.Aliases = "区划", []string{"region", "region_code", "所属区划"}
	return &formView{Title: "开发公益性岗位", Action: "/posts/new", Submit: "登记岗位", Back: "/posts", BackLabel: "返回公益性岗位",
		Fields: []formField{
			{Name: "name", Label: "岗位名称", Required: true, Placeholder: "如 村道保洁员"},
			region,
			{Name: "unit", Label: "用人单位", Required: true},
			{Name: "uscc", Label: "统一社会信用代码", Placeholder: "用人单位已登记时填写"},
			{Name: "funding", Label: "资金来源", Required: true, Placeholder: "如 就业补助资金"},
			{Name: "places", Label: "岗位数", Required: true},
			{Name: "bank", Label: "收款账号", Required: true, Help: "用人单位账户:岗位补贴和社会保险补贴按月拨付至此"},
		}}, nil
}

// newPostPage serves GET /posts/new.
func (u *ui) newPostPage(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityPost)) {
		u.fail(w, r, v, forbidden(v, "开发公益性岗位"))
		return
	}
	f, err := u.postForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "posts", f)
}

// createPost serves POST /posts/new, as POST /api/v1/posts.
func (u *ui) createPost(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityPost)) {
		u.fail(w, r, v, forbidden(v, "开发公益性岗位"))
		return
	}
	f, err := u.postForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	places, _, ok := formInts(f, "places", "岗位数")
	if !ok {
		u.showForm(w, r, v, http.StatusBadRequest, "posts", f)
		return
	}
	p, err := u.s.app.Employ.CreatePost(r.Context(), shebao.PublicPost{Name: f.value("name"), Region: f.value("region"), Unit: f.value("unit"),
		UnitUSCC: f.value("uscc"), Funding: f.value("funding"), Places: places, BankAccount: f.value("bank")})
	if err != nil {
		u.refused(w, r, v, "posts", f, err)
		return
	}
	doneTo(w, r, "/posts", fmt.Sprintf("已登记公益性岗位“%s”(%s)%d个", p.Name, p.Unit, p.Places))
}

// placeForm is the form of a placement on the post.
func placeForm(p *shebao.PublicPost) *formView {
	return &formView{Title: "安置公益性岗位", Subtitle: p.Name + "(" + p.Unit + ")", Action: "/posts/" + p.ID + "/place", Submit: "提交复核",
		Back: "/posts", BackLabel: "返回公益性岗位",
		Fields: []formField{
			{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "就业困难人员、被征地农民或零就业家庭成员"},
			{Name: "start", Label: "起始年月", Required: true, Placeholder: "YYYY-MM"},
		},
		Note: fmt.Sprintf("岗位%d个、在岗%d人。补贴期限最长3年(公益性岗位与社会保险补贴合计),距法定退休年龄不足5年的至退休;岗位补贴和社会保险补贴按起始月政策计算,复核通过后由月度待遇发放拨付至用人单位账户。",
			p.Places, p.Filled)}
}

// postToWrite resolves the post of the address for a role that may place
// persons.
func (u *ui) postToWrite(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.PublicPost, bool) {
	if !v.role.May(shebao.Write(shebao.EntityPost)) {
		u.fail(w, r, v, forbidden(v, "安置公益性岗位"))
		return nil, false
	}
	ps, err := u.s.app.Employ.FindPosts(r.Context())
	if err != nil {
		u.fail(w, r, v, err)
		return nil, false
	}
	for _, p := range ps {
		if p.ID == r.PathValue("id") {
			return p, true
		}
	}
	u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "未找到公益性岗位%s", r.PathValue("id")))
	return nil, false
}

// placePage serves GET /posts/{id}/place.
func (u *ui) placePage(w http.ResponseWriter, r *http.Request, v *visit) {
	p, ok := u.postToWrite(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "posts", placeForm(p))
}

// place serves POST /posts/{id}/place, as POST /api/v1/posts/{id}/placements.
func (u *ui) place(w http.ResponseWriter, r *http.Request, v *visit) {
	p, ok := u.postToWrite(w, r, v)
	if !ok {
		return
	}
	f := placeForm(p)
	f.fill(r)
	res, err := u.s.app.Employ.Place(r.Context(), shebao.PlaceRequest{PostID: p.ID, IDNo: f.value("id_no"), Start: f.value("start")})
	if err != nil {
		u.refused(w, r, v, "posts", f, err)
		return
	}
	x := res.Placement
	doneTo(w, r, "/posts", fmt.Sprintf("已提交复核:%s安置“%s”,%s至%s共%d个月,岗位补贴%s元/月、社会保险补贴%s元/月", x.Name, p.Name, x.Start, x.End, x.Months,
		yuan(res.Subsidy.Post), yuan(res.Subsidy.Insurance)))
}
