package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/shebao/shebao"
)

// 征地 (被征地农民即征即保) in the browser (issue #15 item 1): the batches of
// the jurisdiction with their roster, enrollment and funding figures and
// the warnings; one batch with its explanation, roster and funding gap;
// and the three tasks on it — a village enters a person of its own
// village on the roster, the agency accepts the roster (enrolls in 910
// and creates the benefits due), finance records money received from a
// payer — each through the land service as the CLI and the API.

// landView is the data of the batches page.
type landView struct {
	Rows     []landRow
	Pager    pager
	Warnings []shebao.LandWarning
}

// landRow is one batch of the list.
type landRow struct {
	Link, No, ApprovedOn, Village, Required, Received, Gap string
	ToSecure, OnRoster, Enrolled                           int
	Short                                                  bool // funds received below those required
}

// landBatches serves GET /land?page=.
func (u *ui) landBatches(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityLand)) {
		u.fail(w, r, v, forbidden(v, "查看征地批次"))
		return
	}
	pageNo := pageParam(r.URL.Query())
	bs, total, err := u.s.app.Land.FindLandBatches(r.Context(), shebao.LandBatchFilter{Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize})
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := landView{Pager: makePager(r.URL, pageNo, total)}
	for _, b := range bs {
		view.Rows = append(view.Rows, landRow{Link: "/land/" + url.PathEscape(b.ApprovalNo), No: b.ApprovalNo, ApprovedOn: b.ApprovedOn,
			Village: b.RegionName, Required: yuan(b.Required), Received: yuan(b.Received), Gap: yuan(max(b.Required-b.Received, 0)),
			ToSecure: b.PersonsToSecure, OnRoster: b.OnRoster, Enrolled: b.Enrolled, Short: b.Received < b.Required})
	}
	if view.Warnings, err = u.s.app.Land.LandWarnings(r.Context(), ""); err != nil {
		u.fail(w, r, v, err)
		return
	}
	u.render(w, r, http.StatusOK, "land", u.newPage(v, "被征地农民即征即保", "land", view))
}

// landBatchView is the data of one batch's page.
type landBatchView struct {
	B                       *shebao.LandBatch
	Required, Received, Gap string
	Short                   bool
	Roster                  []rosterRow
	Done                    string
	RosterLink, AcceptLink  string
	FundLink                string
}

// rosterRow is one person of the roster, masked for the role.
type rosterRow struct {
	Name, IDNo, Sex, Age, Band, Standard, Status, EnrolledOn string
}

// landBatch serves GET /land/{no}.
func (u *ui) landBatch(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityLand)) {
		u.fail(w, r, v, forbidden(v, "查看征地批次"))
		return
	}
	no := r.PathValue("no")
	b, err := u.s.app.Land.FindLandBatch(r.Context(), no)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view := landBatchView{B: b, Required: yuan(b.Required), Received: yuan(b.Received), Gap: yuan(max(b.Required-b.Received, 0)),
		Short: b.Received < b.Required, Done: r.URL.Query().Get("done")}
	base := "/land/" + url.PathEscape(no)
	if v.role.May(shebao.Read(shebao.EntityRoster)) {
		lines, err := u.s.app.Land.FindRoster(r.Context(), no)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		for _, l := range lines {
			id := l.IDNo
			if !v.actor.SeesFullID(id) {
				id = maskIDsIn(v.actor, id)
			}
			view.Roster = append(view.Roster, rosterRow{Name: l.Name, IDNo: id, Sex: l.Sex, Age: fmt.Sprint(l.Age), Band: l.Band,
				Standard: yuan(l.Standard), Status: l.Status, EnrolledOn: l.EnrolledOn})
		}
	}
	if v.role.May(shebao.Write(shebao.EntityRoster)) {
		view.RosterLink = base + "/roster"
		if v.role.May(shebao.Write(shebao.EntityBenefit)) {
			view.AcceptLink = base + "/accept"
		}
	}
	if v.role.May(shebao.Write(shebao.EntityFund)) {
		view.FundLink = base + "/fund"
	}
	u.render(w, r, http.StatusOK, "landbatch", u.newPage(v, "征地批次 "+b.ApprovalNo, "land", view))
}

// landTaskForm is the form of a task on the batch: roster, accept, fund.
func landTaskForm(b *shebao.LandBatch, task string) *formView {
	base := "/land/" + url.PathEscape(b.ApprovalNo)
	f := &formView{Subtitle: b.ApprovalNo + " " + b.RegionName, Action: base + "/" + task, Back: base, BackLabel: "返回征地批次"}
	switch task {
	case "roster":
		f.Title, f.Submit = "报送被征地人员", "报送"
		f.Fields = []formField{
			{Name: "id_no", Label: "身份证号", Required: true, Aliases: []string{"id_no"}},
			{Name: "name", Label: "姓名", Required: true, Aliases: []string{"name"}},
		}
		f.Note = "村(社区)报送本村被征地农业人口,一次一人;人员须已在本村登记。报送后由区社保经办机构审核参保。"
	case "accept":
		f.Title, f.Submit = "审核名册并参保", "审核参保"
		f.Fields = []formField{{Name: "date", Label: "参保日期", Type: "date", Required: true, Value: shebao.Today().Format(shebao.DateLayout), Aliases: []string{"date"}}}
		f.Note = "名册上的人员参加被征地农民基本生活保障(910),并按年龄段生成一次性补偿、生活补贴等到期待遇;已参保的人员不重复办理。"
	case "fund":
		payers := []option{{Value: "", Label: "请选择"}}
		for _, p := range shebao.LandPayers {
			payers = append(payers, option{Value: p, Label: p})
		}
		f.Title, f.Submit = "登记筹资到账", "登记"
		f.Fields = []formField{
			{Name: "receipt_no", Label: "回单号", Required: true, Aliases: []string{"receipt_no"}},
			{Name: "payer", Label: "出资方", Type: "select", Required: true, Options: payers, Aliases: []string{"payer"}},
			{Name: "amount", Label: "金额", Required: true, Placeholder: "元", Aliases: []string{"amount"}},
			{Name: "date", Label: "到账日期", Type: "date", Required: true, Aliases: []string{"date"}},
		}
		f.Note = "同一回单号只登记一次;到账记入被征地农民基本生活保障基金。"
	}
	return f
}

// landTaskPage serves GET /land/{no}/{task}.
func (u *ui) landTaskPage(w http.ResponseWriter, r *http.Request, v *visit) {
	b, task, ok := u.landTask(w, r, v)
	if !ok {
		return
	}
	u.showForm(w, r, v, http.StatusOK, "land", landTaskForm(b, task))
}

// landTaskDo serves POST /land/{no}/{task}.
func (u *ui) landTaskDo(w http.ResponseWriter, r *http.Request, v *visit) {
	b, task, ok := u.landTask(w, r, v)
	if !ok {
		return
	}
	f := landTaskForm(b, task)
	f.fill(r)
	ctx := r.Context()
	base := "/land/" + url.PathEscape(b.ApprovalNo)
	switch task {
	case "roster":
		_, errs, err := u.s.app.Land.SubmitRoster(ctx, "ui", []shebao.RosterEntry{{ApprovalNo: b.ApprovalNo, IDNo: f.value("id_no"), Name: f.value("name")}})
		if err == nil {
			err = errs[0]
		}
		if err != nil {
			u.refused(w, r, v, "land", f, err)
			return
		}
		doneTo(w, r, base, "已报送:"+f.value("name"))
	case "accept":
		acc, err := u.s.app.Land.AcceptRoster(ctx, b.ApprovalNo, f.value("date"))
		if err != nil {
			u.refused(w, r, v, "land", f, err)
			return
		}
		msg := fmt.Sprintf("已审核参保%d人,一次性补偿%d人,生活补贴%d人", acc.Enrolled, acc.LumpSums, acc.Allowances)
		if len(acc.Skipped) > 0 {
			msg += fmt.Sprintf(";%d人未能参保(%s)", len(acc.Skipped), acc.Skipped[0].Reason)
		}
		doneTo(w, r, base, msg+"。")
	case "fund":
		amount, err := shebao.ParseYuan(f.value("amount"))
		if err != nil {
			f.place(shebao.FieldErrorf("金额", "金额“%s”无效,应为元,最多两位小数", f.value("amount")))
			u.showForm(w, r, v, http.StatusBadRequest, "land", f)
			return
		}
		lf, created, err := u.s.app.Land.RecordLandFund(ctx, shebao.LandFund{ReceiptNo: f.value("receipt_no"), ApprovalNo: b.ApprovalNo,
			Payer: f.value("payer"), Amount: amount, Date: f.value("date")})
		if err != nil {
			u.refused(w, r, v, "land", f, err)
			return
		}
		msg := fmt.Sprintf("已登记%s出资%s元。", lf.Payer, yuan(lf.Amount))
		if !created {
			msg = "回单" + lf.ReceiptNo + "此前已登记,未重复入账。"
		}
		doneTo(w, r, base, msg)
	}
}

// landTask resolves the batch and task of a land form, for roles that may
// do the task.
func (u *ui) landTask(w http.ResponseWriter, r *http.Request, v *visit) (*shebao.LandBatch, string, bool) {
	task := r.PathValue("task")
	var may bool
	switch task {
	case "roster":
		may = v.role.May(shebao.Write(shebao.EntityRoster))
	case "accept":
		may = v.role.May(shebao.Write(shebao.EntityRoster)) && v.role.May(shebao.Write(shebao.EntityBenefit))
	case "fund":
		may = v.role.May(shebao.Write(shebao.EntityFund))
	default:
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "您要找的页面不存在"))
		return nil, "", false
	}
	if !may || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "办理该项征地业务"))
		return nil, "", false
	}
	b, err := u.s.app.Land.FindLandBatch(r.Context(), r.PathValue("no"))
	if err != nil {
		u.fail(w, r, v, err)
		return nil, "", false
	}
	return b, task, true
}
