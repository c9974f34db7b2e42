package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
)

// 医疗 in the browser (issue #15 item 1): the claims of the jurisdiction
// (paged, by ID number and year) with each reimbursement's explanation,
// and the claim form a medical clerk fills from a hospital's settlement
// slip (medical.Service.RecordClaim, as the API and the claims import:
// the same settlement number again is the same claim).

// claimsView is the data of the claims page.
type claimsView struct {
	IDNo, Year string
	Rows       []claimRow
	Pager      pager
	NewLink    string
	Done       string
	Error      string
	XLSXLink   string
}

// claimRow is one claim, formatted and masked for the role.
type claimRow struct {
	SettlementNo, Name, IDNo, Scheme, Type, Hospital, Discharged     string
	TotalCost, Eligible, Deductible, FundPaid, SelfPaid, Explanation string
	// AidCategory and AidPaid are the claim's 医疗救助 line (medaid), ""
	// when none; SelfPaid is what is left after it.
	AidCategory, AidPaid string
}

// claims serves GET /medical?id_no=&year=&page=.
func (u *ui) claims(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityMedical)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看医疗费用报销"))
		return
	}
	q := r.URL.Query()
	view := claimsView{IDNo: strings.TrimSpace(q.Get("id_no")), Year: strings.TrimSpace(q.Get("year")), Done: q.Get("done")}
	if v.role.May(shebao.Write(shebao.EntityMedical)) {
		view.NewLink = "/medical/claims/new"
	}
	pageNo := pageParam(q)
	f := shebao.ClaimFilter{IDNo: view.IDNo, Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize}
	code := http.StatusOK
	if view.Year != "" {
		y, err := strconv.Atoi(view.Year)
		if err != nil || y < 1990 || y > 2100 {
			view.Error, code = fmt.Sprintf("年度“%s”无效,应为四位年份", view.Year), http.StatusBadRequest
		}
		f.Year = y
	}
	if view.Error == "" && wantsXLSX(r) {
		u.exportRows(w, r, v, "claims.xlsx", "医疗费用报销", []string{"结算单号", "姓名", "身份证号", "险种", "类型", "医疗机构", "出院日期", "总费用(元)",
			"政策范围内费用(元)", "起付线(元)", "统筹基金支付(元)", "医疗救助对象", "医疗救助(元)", "个人负担(元)"},
			func(offset, limit int) ([][]any, int, error) {
				f.Offset, f.Limit = offset, limit
				cs, total, err := u.s.app.Medical.FindClaims(r.Context(), f)
				var rows [][]any
				for _, c := range cs {
					id := c.IDNo
					if !v.actor.SeesFullID(id) {
						id = maskIDsIn(v.actor, id)
					}
					rows = append(rows, []any{c.SettlementNo, c.Name, id, c.Scheme, c.Type, c.Hospital, c.Discharged, money(c.TotalCost), money(c.Eligible),
						money(c.Deductible), money(c.FundPaid), c.AidCategory, money(c.AidPaid), money(c.SelfPaid)})
				}
				return rows, total, err
			})
		return
	}
	view.XLSXLink = xlsxLink(r.URL)
	if view.Error == "" {
		cs, total, err := u.s.app.Medical.FindClaims(r.Context(), f)
		switch {
		case err == nil:
			for _, c := range cs {
				id := c.IDNo
				if !v.actor.SeesFullID(id) {
					id = maskIDsIn(v.actor, id)
				}
				view.Rows = append(view.Rows, claimRow{SettlementNo: c.SettlementNo, Name: c.Name, IDNo: id, Scheme: c.Scheme, Type: c.Type,
					Hospital: c.Hospital, Discharged: c.Discharged, TotalCost: yuan(c.TotalCost), Eligible: yuan(c.Eligible),
					Deductible: yuan(c.Deductible), FundPaid: yuan(c.FundPaid), SelfPaid: yuan(c.SelfPaid), Explanation: maskIDsIn(v.actor, c.Explanation)})
				if c.AidCategory != "" {
					row := &view.Rows[len(view.Rows)-1]
					row.AidCategory, row.AidPaid = c.AidCategory, yuan(c.AidPaid)
				}
			}
			view.Pager = makePager(r.URL, pageNo, total)
		case shebao.ErrorCode(err) == shebao.EINVALID:
			view.Error, code = shebao.ErrorMessage(err), http.StatusBadRequest
		default:
			u.fail(w, r, v, err)
			return
		}
	}
	u.render(w, r, code, "claims", u.newPage(v, "医疗费用报销", "medical", view))
}

// claimForm is the form of a claim from a settlement slip.
func claimForm() *formView {
	schemes := []option{{Value: "", Label: "请选择"}, {Value: "310", Label: "310 职工基本医疗保险"}, {Value: "390", Label: "390 城乡居民基本医疗保险"}}
	types := []option{{Value: "住院", Label: "住院"}, {Value: "门诊", Label: "门诊"}}
	levels := []option{{Value: "", Label: "请选择"}, {Value: "0", Label: "基层(乡镇卫生院、社区卫生服务中心)"}, {Value: "1", Label: "一级医院"},
		{Value: "2", Label: "二级医院"}, {Value: "3", Label: "三级医院"}}
	return &formView{Title: "医疗费用报销", Subtitle: "按医院结算单录入", Action: "/medical/claims/new", Submit: "结算",
		Back: "/medical", BackLabel: "返回报销列表",
		Fields: []formField{
			{Name: "settlement_no", Label: "结算单号", Required: true, Aliases: []string{"settlement_no", "单据号"}},
			{Name: "id_no", Label: "身份证号", Required: true, Aliases: []string{"id_no"}},
			{Name: "scheme", Label: "险种", Type: "select", Required: true, Options: schemes, Aliases: []string{"scheme"}},
			{Name: "type", Label: "就诊类型", Type: "select", Options: types, Value: "住院", Aliases: []string{"type"}},
			{Name: "hospital", Label: "医疗机构", Required: true, Aliases: []string{"hospital"}},
			{Name: "level", Label: "医院等级", Type: "select", Required: true, Options: levels, Aliases: []string{"level"}},
			{Name: "admitted", Label: "入院日期", Type: "date", Required: true, Aliases: []string{"admitted", "就诊日期"}},
			{Name: "discharged", Label: "出院日期", Type: "date", Help: "门诊可不填", Aliases: []string{"discharged"}},
			{Name: "total_cost", Label: "医疗总费用", Required: true, Placeholder: "元", Aliases: []string{"total_cost", "总费用"}},
			{Name: "eligible_cost", Label: "政策范围内费用", Required: true, Placeholder: "元", Aliases: []string{"eligible_cost", "合规费用"}},
		},
		Note: "按起付线、报销比例和年度最高支付限额计算统筹基金支付,结果附计算说明;同一结算单号再次录入不会重复报销。"}
}

// newClaim serves GET /medical/claims/new.
func (u *ui) newClaim(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityMedical)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "录入医疗费用"))
		return
	}
	u.showForm(w, r, v, http.StatusOK, "medical", claimForm())
}

// createClaim serves POST /medical/claims/new.
func (u *ui) createClaim(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Write(shebao.EntityMedical)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "录入医疗费用"))
		return
	}
	f := claimForm()
	f.fill(r)
	c := shebao.NewClaim{SettlementNo: f.value("settlement_no"), IDNo: f.value("id_no"), Scheme: f.value("scheme"), Type: f.value("type"),
		Hospital: f.value("hospital"), Admitted: f.value("admitted"), Discharged: f.value("discharged")}
	level, err := strconv.Atoi(f.value("level"))
	if err != nil {
		f.place(shebao.FieldErrorf("医院等级", "请选择医院等级"))
		u.showForm(w, r, v, http.StatusBadRequest, "medical", f)
		return
	}
	c.Level = level
	for _, m := range []struct {
		field string
		to    *shebao.Money
	}{{"total_cost", &c.TotalCost}, {"eligible_cost", &c.Eligible}} {
		amount, err := shebao.ParseYuan(f.value(m.field))
		if err != nil {
			f.place(shebao.FieldErrorf(m.field, "金额“%s”无效,应为元,最多两位小数", f.value(m.field)))
			u.showForm(w, r, v, http.StatusBadRequest, "medical", f)
			return
		}
		*m.to = amount
	}
	claim, created, err := u.s.app.Medical.RecordClaim(r.Context(), c)
	if err != nil {
		u.refused(w, r, v, "medical", f, err)
		return
	}
	msg := fmt.Sprintf("已结算:%s 统筹基金支付%s元,个人负担%s元。", claim.SettlementNo, yuan(claim.FundPaid), yuan(claim.SelfPaid))
	if claim.AidPaid > 0 {
		msg = fmt.Sprintf("已结算:%s 统筹基金支付%s元,医疗救助(%s)%s元,个人负担%s元。", claim.SettlementNo, yuan(claim.FundPaid), claim.AidCategory,
			yuan(claim.AidPaid), yuan(claim.SelfPaid))
	}
	if !created {
		msg = "结算单" + claim.SettlementNo + "此前已录入,未重复报销。"
	}
	doneTo(w, r, "/medical?id_no="+claim.IDNo, msg)
}
