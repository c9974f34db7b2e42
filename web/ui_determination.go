package web

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/shebao/shebao"
)

// A determination's print view (issue #15 item 3, 待遇核定表): the decision
// of a benefit as the office files it — the office, the person, the
// benefit and its amount from which month, the formula with its inputs
// and the explanation in Chinese, who determined it and who approved it
// (经办 → 复核) — on one A4 sheet with ?print=1, as the person's record and
// a bill print. Linked from the benefit on the person page by the person's
// sealed reference and the benefit's id; readable by every role that reads
// the person's benefits (a citizen: their own).

// determinationView is the page's data.
type determinationView struct {
	Office, Title                          string
	Name, IDNo, Sex, Birth, Region         string
	Kind, Scheme, Status, StatusReason     string
	Start, End, Monthly, Account, Basic    string
	Explanation                            string
	Inputs                                 []fact
	Maker, Approver, DecidedAt, Source, ID string
	PrintLink, Back                        string
}

// detailLabels names the inputs a determination keeps (Benefit.Detail), in
// the order they are shown; a key not listed is shown after them by name.
var detailLabels = []struct{ key, label string }{
	{"birth", "出生日期"}, {"sex", "性别"}, {"original_age", "原法定退休年龄(周岁)"}, {"retire_month", "退休月份"},
	{"age_years", "退休年龄(周岁)"}, {"age_months", "退休年龄(另加月)"},
	{"months", "实际缴费月数"}, {"deemed_months", "视同缴费月数"}, {"contribution_months", "缴费月数合计"},
	{"contribution_years", "缴费年数"}, {"min_months", "最低缴费月数"}, {"min_years", "最低缴费年数"},
	{"index", "平均缴费指数"}, {"deemed_index", "视同缴费指数"}, {"avg_wage", "计发基数(上年度社平工资,元/月)"},
	{"balance", "个人账户储存额(元)"}, {"year_interest", "当年计息(元)"}, {"divisor", "计发月数"},
	{"transition_coef", "过渡系数"}, {"basic", "基础养老金(元/月)"}, {"account", "个人账户养老金(元/月)"},
	{"transitional", "过渡性养老金(元/月)"}, {"total", "合计(元/月)"},
}

// detailValue shows one input: numbers of 分 as 元 where the key is money,
// index in 万分之 as a decimal, anything else as it is.
func detailValue(key string, v any) string {
	switch x := v.(type) {
	case float64:
		if key == "index" && x >= 100 { // the migrated history keeps the index in 万分之
			return fmt.Sprintf("%.4f", x/10000)
		}
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", x), "0"), ".")
	case string:
		return x
	case nil:
		return "—"
	}
	return fmt.Sprint(v)
}

// determinationSheet serves GET /persons/{ref}/benefits/{id}/determination.
func (u *ui) determinationSheet(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityBenefit)) {
		u.fail(w, r, v, forbidden(v, "查看待遇核定表"))
		return
	}
	ref := r.PathValue("ref")
	id, err := u.resolveRef(v, ref)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	ctx := r.Context()
	p, err := u.s.app.Registry.FindPerson(ctx, id)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	b, err := u.s.app.Benefit.FindBenefit(ctx, r.PathValue("id"))
	if err == nil && b.IDNo != p.IDNo {
		err = shebao.Errorf(shebao.ENOTFOUND, "未找到该待遇")
	}
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	ref = u.sealedRef(v, ref, p.IDNo)
	m := maskPerson(v.actor, p, false)
	view := determinationView{Office: u.office(r, p.Region), Title: b.KindName + "核定表",
		Name: p.Name, IDNo: m.IDNo, Sex: p.Sex, Birth: p.Birth, Region: p.RegionName,
		Kind: b.KindName, Scheme: b.Scheme, Status: b.Status, StatusReason: b.StatusReason,
		Start: b.StartMonth, End: b.EndMonth, Monthly: yuan(b.Monthly),
		Explanation: maskIDsIn(v.actor, b.Explanation), Maker: shebao.ActorLabel(b.CreatedBy), Approver: shebao.ActorLabel(b.ApprovedBy),
		DecidedAt: formatTime(b.CreatedAt), Source: shebao.SourceLabel(b.Source), ID: b.ID,
		Back: "/persons/" + ref}
	if b.ApprovedBy == "" {
		view.Approver = "—(" + view.Source + ",未经复核)"
	}
	view.PrintLink = "/persons/" + ref + "/benefits/" + b.ID + "/determination?print=1"
	if n := len(b.Amounts); n > 0 {
		first := b.Amounts[0]
		view.Account, view.Basic = yuan(first.AccountPart), yuan(first.BasicPart)
	}
	shown := map[string]bool{}
	for _, d := range detailLabels {
		if x, ok := b.Detail[d.key]; ok {
			view.Inputs = append(view.Inputs, fact{d.label, detailValue(d.key, x)})
			shown[d.key] = true
		}
	}
	var rest []string
	for k := range b.Detail {
		if !shown[k] && k != "years" {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		view.Inputs = append(view.Inputs, fact{k, detailValue(k, b.Detail[k])})
	}
	u.render(w, r, http.StatusOK, "determination", u.newPage(v, view.Title, "persons", view))
}

// office is the agency that decides: the person's district's
// 社会保险事业管理局, as the certificates name it (certificate.Service).
func (u *ui) office(r *http.Request, region string) string {
	if o := u.s.app.Certificate.Office; o != "" {
		return o
	}
	if len(region) >= 6 {
		if reg, err := u.s.app.Registry.FindRegion(r.Context(), region[:6]+"000000"); err == nil && reg != nil && reg.Name != "" {
			return reg.Name + "社会保险事业管理局"
		}
	}
	return "社会保险经办机构"
}
