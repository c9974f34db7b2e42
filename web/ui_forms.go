package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
)

// Forms of the registry and enrollment work (issue #15 items 1 and 7): a
// person registered or changed, a person enrolled in a scheme, 增员 and
// 减员 at an employer. One form page (form.html) draws every form from a
// formView; the handler calls the same service method as the API, so the
// form validates exactly as the API does. On an error the page comes back
// with what was typed and the service's Chinese message next to the field
// it names (shebao.Error.Field, matched against the field's label or
// name); on success the browser goes to the record with a message.

// formField is one input of a form.
type formField struct {
	Name, Label, Type, Value, Placeholder, Help string
	// Type: text (default), date, select, checkbox, checkboxes, hidden,
	// textarea.
	Required bool
	Options  []option // select, checkboxes
	Checked  bool     // checkbox
	Error    string   // the message for this field, after a failed submit
	// Aliases are other names the services give the field in errors
	// (an API field name such as "reason").
	Aliases []string
}

// formView is the data of form.html.
type formView struct {
	Title, Subtitle, Action, Submit string
	Back, BackLabel                 string
	Fields                          []formField
	Error                           string // a message that names no field
	Note                            string
	// Preview, when set, is the label of a second button that computes
	// and shows the Result without doing anything (name="preview").
	Preview string
	Result  *formResult
}

// formResult is what a preview computed: figures and their explanation.
type formResult struct {
	Title   string
	Facts   []fact
	Explain string
}

// fact is one labelled figure.
type fact struct {
	Label, Value string
}

// value is the submitted (or prefilled) value of the named field.
func (f *formView) value(name string) string {
	for _, fd := range f.Fields {
		if fd.Name == name {
			return strings.TrimSpace(fd.Value)
		}
	}
	return ""
}

// checked reports whether the named checkbox was ticked.
func (f *formView) checked(name string) bool {
	for _, fd := range f.Fields {
		if fd.Name == name {
			return fd.Checked
		}
	}
	return false
}

// selected are the ticked options of a checkboxes field.
func (f *formView) selected(name string) []string {
	var out []string
	for _, fd := range f.Fields {
		if fd.Name == name {
			for _, o := range fd.Options {
				if o.Selected {
					out = append(out, o.Value)
				}
			}
		}
	}
	return out
}

// fill takes the submitted values into the form, so that a form that
// comes back with an error keeps what was typed.
func (f *formView) fill(r *http.Request) {
	for i := range f.Fields {
		fd := &f.Fields[i]
		switch fd.Type {
		case "checkbox":
			fd.Checked = r.PostFormValue(fd.Name) != ""
		case "checkboxes":
			vals := r.PostForm[fd.Name]
			for j := range fd.Options {
				fd.Options[j].Selected = slices.Contains(vals, fd.Options[j].Value)
			}
		case "select":
			fd.Value = r.PostFormValue(fd.Name)
			for j := range fd.Options {
				fd.Options[j].Selected = fd.Options[j].Value == fd.Value
			}
		default:
			fd.Value = r.PostFormValue(fd.Name)
		}
	}
}

// place puts a user error next to the field it names, or at the top.
func (f *formView) place(err error) {
	var e *shebao.Error
	if errors.As(err, &e) && e.Field != "" {
		for i := range f.Fields {
			fd := &f.Fields[i]
			if fd.Type != "hidden" && (e.Field == fd.Label || e.Field == fd.Name || slices.Contains(fd.Aliases, e.Field)) {
				fd.Error = shebao.ErrorMessage(err)
				return
			}
		}
	}
	f.Error = shebao.ErrorMessage(err)
}

// showForm renders a form page; code is 200, or 400/409 after a refused
// submit.
func (u *ui) showForm(w http.ResponseWriter, r *http.Request, v *visit, code int, active string, f *formView) {
	u.render(w, r, code, "form", u.newPage(v, f.Title, active, f))
}

// refused answers a submit the service refused: a user error comes back
// on the form, anything else is the error page.
func (u *ui) refused(w http.ResponseWriter, r *http.Request, v *visit, active string, f *formView, err error) {
	switch shebao.ErrorCode(err) {
	// A refusal of what was typed — bad, conflicting, unknown, or outside
	// the user's jurisdiction — comes back on the form with what was typed.
	case shebao.EINVALID, shebao.ECONFLICT, shebao.ENOTFOUND, shebao.EFORBIDDEN:
		f.place(err)
		u.showForm(w, r, v, errorStatus(err), active, f)
	default:
		u.fail(w, r, v, err)
	}
}

// doneTo sends the browser to a page with a message shown there (?done=).
func doneTo(w http.ResponseWriter, r *http.Request, path, msg string) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	http.Redirect(w, r, path+sep+"done="+url.QueryEscape(msg), http.StatusSeeOther)
}

// hukouOptions are the 户籍性质 choices.
func hukouOptions(selected string) []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, h := range shebao.HukouNatures {
		out = append(out, option{Value: h, Label: h, Selected: h == selected})
	}
	return out
}

// flagOptions are the flag checkboxes, those of the person ticked.
func flagOptions(selected []string) []option {
	var out []option
	for _, f := range shebao.KnownFlags {
		out = append(out, option{Value: f, Label: shebao.FlagLabel(f), Selected: slices.Contains(selected, f)})
	}
	return out
}

// regionField is the 所属区划 input: a choice among the jurisdiction's
// regions, or the code typed when there are too many.
func (u *ui) regionField(r *http.Request, v *visit, selected string) (formField, error) {
	opts, err := u.regionOptions(r.Context(), v, selected)
	if err != nil {
		return formField{}, err
	}
	fd := formField{Name: "region", Label: "所属区划", Required: true, Value: selected, Aliases: []string{"region_code"}}
	if opts != nil {
		opts[0] = option{Value: "", Label: "请选择村(社区)"}
		fd.Type, fd.Options = "select", opts
	} else {
		fd.Placeholder = "12位区划代码,如 640106100201"
	}
	return fd, nil
}

// ---- 人员登记 ----

// newPersonForm is the form of a new registration.
func (u *ui) newPersonForm(r *http.Request, v *visit) (*formView, error) {
	region, err := u.regionField(r, v, "")
	if err != nil {
		return nil, err
	}
	return &formView{Title: "人员登记", Subtitle: "新生儿、迁入或首次登记的人员", Action: "/persons/new", Submit: "登记",
		Back: "/persons", BackLabel: "返回人员查询",
		Fields: []formField{
			{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "18位公民身份号码", Help: "性别和出生日期由号码得出"},
			{Name: "name", Label: "姓名", Required: true},
			{Name: "hukou", Label: "户籍性质", Type: "select", Required: true, Options: hukouOptions("")},
			region,
			{Name: "phone", Label: "联系电话", Placeholder: "手机或固定电话,可不填"},
			{Name: "flags", Label: "标识", Type: "checkboxes", Options: flagOptions(nil)},
		},
		Note: "登记将记入审计日志;同一身份证号已登记的,系统将拒绝并提示。"}, nil
}

// newPerson serves GET /persons/new.
func (u *ui) newPerson(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityPerson)) {
		u.fail(w, r, v, forbidden(v, "登记人员"))
		return
	}
	f, err := u.newPersonForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "persons", f)
}

// createPerson serves POST /persons/new: the registration, as POST
// /api/v1/persons, then the new person's page.
func (u *ui) createPerson(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityPerson)) {
		u.fail(w, r, v, forbidden(v, "登记人员"))
		return
	}
	f, err := u.newPersonForm(r, v)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	p := &shebao.Person{IDNo: f.value("id_no"), Name: f.value("name"), Hukou: f.value("hukou"), Region: f.value("region"),
		Phone: f.value("phone"), Flags: f.selected("flags")}
	if p.Flags == nil {
		p.Flags = []string{}
	}
	if err := u.s.app.Registry.CreatePerson(r.Context(), p); err != nil {
		u.refused(w, r, v, "persons", f, err)
		return
	}
	doneTo(w, r, "/persons/"+u.personRef(v, p.IDNo), "已登记:"+p.Name)
}

// ---- 修改登记 ----

// editPersonForm is the form of a change of registration, filled with
// the record as it is (version kept, so that a change made meanwhile by
// someone else is refused rather than overwritten).
func (u *ui) editPersonForm(r *http.Request, v *visit, ref string, p *shebao.Person) (*formView, error) {
	region, err := u.regionField(r, v, p.Region)
	if err != nil {
		return nil, err
	}
	status := []option{{Value: shebao.StatusAlive, Label: shebao.StatusAlive, Selected: p.Status != shebao.StatusDeceased},
		{Value: shebao.StatusDeceased, Label: shebao.StatusDeceased, Selected: p.Status == shebao.StatusDeceased}}
	return &formView{Title: "修改登记", Subtitle: p.Name, Action: "/persons/" + ref + "/edit", Submit: "保存",
		Back: "/persons/" + ref, BackLabel: "返回一人一档",
		Fields: []formField{
			{Name: "version", Type: "hidden", Value: strconv.Itoa(p.Version)},
			{Name: "name", Label: "姓名", Required: true, Value: p.Name},
			{Name: "hukou", Label: "户籍性质", Type: "select", Required: true, Value: p.Hukou, Options: hukouOptions(p.Hukou)},
			region,
			{Name: "phone", Label: "联系电话", Value: p.Phone},
			{Name: "status", Label: "人员状态", Type: "select", Value: p.Status, Options: status},
			{Name: "death_date", Label: "死亡日期", Type: "date", Value: p.DeathDate, Help: "人员状态为死亡时必填;其后的待遇停发并追回"},
			{Name: "flags", Label: "标识", Type: "checkboxes", Options: flagOptions(p.Flags)},
			{Name: "reason", Label: "变更原因", Required: true, Placeholder: "如 户籍迁移、死亡登记、更正错误", Aliases: []string{"原因"}},
		}}, nil
}

// editPerson serves GET /persons/{ref}/edit.
func (u *ui) editPerson(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personToWrite(w, r, v)
	if !ok {
		return
	}
	f, err := u.editPersonForm(r, v, ref, p)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.showForm(w, r, v, http.StatusOK, "persons", f)
}

// updatePerson serves POST /persons/{ref}/edit: the change, as PATCH
// /api/v1/persons/{id_no} with the version read, then the person's page.
func (u *ui) updatePerson(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personToWrite(w, r, v)
	if !ok {
		return
	}
	f, err := u.editPersonForm(r, v, ref, p)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	f.fill(r)
	version, _ := strconv.Atoi(f.value("version"))
	name, hukou, region, phone, status, death := f.value("name"), f.value("hukou"), f.value("region"), f.value("phone"), f.value("status"), f.value("death_date")
	flags := f.selected("flags")
	if flags == nil {
		flags = []string{}
	}
	if f.value("reason") == "" {
		f.place(shebao.FieldErrorf("变更原因", "请填写变更原因,它将记入变更记录"))
		u.showForm(w, r, v, http.StatusBadRequest, "persons", f)
		return
	}
	upd := shebao.PersonUpdate{Name: &name, Hukou: &hukou, Region: &region, Phone: &phone, Status: &status, Flags: &flags,
		Reason: f.value("reason"), Version: &version}
	if status == shebao.StatusDeceased || death != "" {
		upd.DeathDate = &death
	}
	if _, err := u.s.app.Registry.UpdatePerson(r.Context(), p.IDNo, upd); err != nil {
		u.refused(w, r, v, "persons", f, err)
		return
	}
	doneTo(w, r, "/persons/"+ref, "已保存登记变更")
}

// personToWrite resolves the person of a form's address for a role that
// may change persons.
func (u *ui) personToWrite(w http.ResponseWriter, r *http.Request, v *visit) (string, *shebao.Person, bool) {
	return u.formPerson(w, r, v, v.role.May(shebao.Write(shebao.EntityPerson)), "修改人员登记")
}

// formPerson resolves the person of a form's address ({ref}) for a role
// that may do the form's task (may; what names it in the refusal): the
// reference to use in the page's links (never an ID number), the record
// (full, as the form shows what is stored), or false after answering.
func (u *ui) formPerson(w http.ResponseWriter, r *http.Request, v *visit, may bool, what string) (string, *shebao.Person, bool) {
	if !may || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, what))
		return "", nil, false
	}
	ref := r.PathValue("ref")
	id, err := u.resolveRef(v, ref)
	if err != nil {
		u.fail(w, r, v, err)
		return "", nil, false
	}
	p, err := u.s.app.Registry.FindPerson(r.Context(), id)
	if err != nil {
		u.fail(w, r, v, err)
		return "", nil, false
	}
	return u.sealedRef(v, ref, p.IDNo), p, true
}

// ---- 参保登记 ----

// enrollForm is the form of an enrollment of the person in a scheme.
func enrollForm(ref string, p *shebao.Person) *formView {
	schemes := []option{{Value: "", Label: "请选择险种"}}
	for _, s := range shebao.Schemes {
		schemes = append(schemes, option{Value: s.Code, Label: s.Code + " " + s.Name})
	}
	return &formView{Title: "参保登记", Subtitle: p.Name, Action: "/persons/" + ref + "/enroll", Submit: "登记参保",
		Back: "/persons/" + ref, BackLabel: "返回一人一档",
		Fields: []formField{
			{Name: "scheme", Label: "险种", Type: "select", Required: true, Options: schemes},
			{Name: "date", Label: "参保日期", Type: "date", Required: true, Aliases: []string{"参保日期", "日期"}},
			{Name: "employer", Label: "参保单位", Placeholder: "统一社会信用代码(职工险种必填)", Aliases: []string{"单位", "统一社会信用代码"}},
			{Name: "household", Label: "户号", Placeholder: "城乡居民险种:户号,空则以户主身份证号建户"},
			{Name: "year", Label: "年度", Placeholder: "城乡居民医保(390)的参保年度,如 2027"},
			{Name: "reason", Label: "原因", Placeholder: "转入时写明从何处转入"},
			{Name: "transfer_in", Label: "异地转入", Type: "checkbox"},
		},
		Note: "同一险种组(养老、医疗)同时只能参加一个险种;冲突的参保登记将被拒绝并说明原因。"}
}

// enrollPerson serves GET /persons/{ref}/enroll.
func (u *ui) enrollPerson(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personToEnroll(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "persons", enrollForm(ref, p))
}

// createEnrollment serves POST /persons/{ref}/enroll: the enrollment, as
// POST /api/v1/enrollments, then the person's page.
func (u *ui) createEnrollment(w http.ResponseWriter, r *http.Request, v *visit) {
	ref, p, ok := u.personToEnroll(w, r, v)
	if !ok {
		return
	}
	f := enrollForm(ref, p)
	f.fill(r)
	req := shebao.EnrollRequest{IDNo: p.IDNo, Scheme: f.value("scheme"), Employer: f.value("employer"), Household: f.value("household"),
		Date: f.value("date"), Reason: f.value("reason"), TransferIn: f.checked("transfer_in")}
	if y := f.value("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			f.place(shebao.FieldErrorf("年度", "年度“%s”无效,应为四位年份", y))
			u.showForm(w, r, v, http.StatusBadRequest, "persons", f)
			return
		}
		req.Year = n
	}
	n, err := u.s.app.Enroll.Enroll(r.Context(), req)
	if err != nil {
		u.refused(w, r, v, "persons", f, err)
		return
	}
	doneTo(w, r, "/persons/"+ref, "已参保登记:"+n.Scheme+" "+n.SchemeName+",自"+n.StartDate)
}

// personToEnroll resolves the person of an enrollment form, for a role
// that may write enrollments.
func (u *ui) personToEnroll(w http.ResponseWriter, r *http.Request, v *visit) (string, *shebao.Person, bool) {
	return u.formPerson(w, r, v, v.role.May(shebao.Write(shebao.EntityEnrollment)), "办理参保登记")
}

// ---- 增员、减员 ----

// employmentForm is the form of a 增员 (hire) or 减员 (leave) at the
// employer.
func employmentForm(e *shebao.Employer, leave bool) *formView {
	f := &formView{Title: "增员", Subtitle: e.Name, Action: "/employers/" + e.USCC + "/hire", Submit: "办理增员",
		Back: "/employers/" + e.USCC, BackLabel: "返回单位",
		Fields: []formField{
			{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "职工的18位公民身份号码"},
			{Name: "date", Label: "日期", Type: "date", Required: true, Help: "到岗日期;当月起参保缴费", Aliases: []string{"增员日期"}},
			{Name: "rural_contract", Label: "农民合同制工人", Type: "checkbox"},
		},
		Note: "增员为职工参加单位的五项职工险种(养老、失业、医疗、工伤、生育);已在其他单位参保的须先由原单位减员。"}
	if leave {
		f.Title, f.Action, f.Submit = "减员", "/employers/"+e.USCC+"/leave", "办理减员"
		f.Fields = []formField{
			{Name: "id_no", Label: "身份证号", Required: true, Placeholder: "职工的18位公民身份号码"},
			{Name: "date", Label: "日期", Type: "date", Required: true, Help: "离职日期;次月起停止缴费", Aliases: []string{"减员日期"}},
			{Name: "reason", Label: "原因", Required: true, Placeholder: "如 解除劳动合同、退休、死亡", Aliases: []string{"reason"}},
		}
		f.Note = "减员后该职工经本单位参加的险种暂停缴费,参保记录保留。"
	}
	return f
}

// employmentPage serves GET /employers/{uscc}/hire and …/leave.
func (u *ui) employmentPage(w http.ResponseWriter, r *http.Request, v *visit) {
	e, ok := u.employerToWrite(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "employers", employmentForm(e, strings.HasSuffix(r.URL.Path, "/leave")))
}

// employment serves POST /employers/{uscc}/hire (as POST
// /api/v1/enrollments/hire) and …/leave (…/leave), then the employer's
// page.
func (u *ui) employment(w http.ResponseWriter, r *http.Request, v *visit) {
	e, ok := u.employerToWrite(w, r, v)
	if !ok {
		return
	}
	leave := strings.HasSuffix(r.URL.Path, "/leave")
	f := employmentForm(e, leave)
	f.fill(r)
	var ns []*shebao.Enrollment
	var err error
	if leave {
		if f.value("reason") == "" {
			f.place(shebao.FieldErrorf("原因", "减员须说明原因"))
			u.showForm(w, r, v, http.StatusBadRequest, "employers", f)
			return
		}
		ns, err = u.s.app.Enroll.Leave(r.Context(), f.value("id_no"), e.USCC, f.value("date"), f.value("reason"))
	} else {
		ns, err = u.s.app.Enroll.HireWith(r.Context(), shebao.HireRequest{IDNo: f.value("id_no"), Employer: e.USCC, Date: f.value("date"),
			RuralContract: f.checked("rural_contract")})
	}
	if err != nil {
		u.refused(w, r, v, "employers", f, err)
		return
	}
	var schemes []string
	for _, n := range ns {
		schemes = append(schemes, n.Scheme)
	}
	what := "增员"
	if leave {
		what = "减员"
	}
	doneTo(w, r, "/employers/"+e.USCC, "已办理"+what+"("+strings.Join(schemes, "、")+")")
}

// employerToWrite resolves the employer of a 增员/减员 form, for a role
// that may write enrollments.
func (u *ui) employerToWrite(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.Employer, bool) {
	return u.formEmployer(w, r, v, v.role.May(shebao.Write(shebao.EntityEnrollment)), "办理增员、减员")
}

// formEmployer resolves the employer of a form's address ({uscc}) for a
// role that may do the form's task (may; what names it in the refusal),
// or false after answering.
func (u *ui) formEmployer(w http.ResponseWriter, r *http.Request, v *visit, may bool, what string) (*shebao.Employer, bool) {
	if !may {
		u.fail(w, r, v, forbidden(v, what))
		return nil, false
	}
	e, err := u.s.app.Registry.FindEmployer(r.Context(), r.PathValue("uscc"))
	if err != nil {
		u.fail(w, r, v, err)
		return nil, false
	}
	return e, true
}
