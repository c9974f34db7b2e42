package ingest

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// EnrollmentFields are the columns of an enrollment roster.
var EnrollmentFields = []sheet.Field{
	idNoField("公民身份号码"),
	{Key: "scheme", Aliases: []string{"险种", "险种代码", "险种名称", "参保险种"}, Required: true},
	{Key: "employer", Aliases: []string{"单位", "统一社会信用代码", "单位统一社会信用代码", "参保单位"}},
	{Key: "date", Aliases: []string{"参保日期", "开始年月", "参保年月", "开始日期", "缴费开始年月"}, Required: true},
	{Key: "household", Aliases: []string{"户号", "家庭户号"}},
	{Key: "year", Aliases: []string{"参保年度", "年度"}},
	{Key: "name", Aliases: []string{"姓名"}},
	{Key: "status", Aliases: []string{"参保状态", "人员参保状态"}},
	{Key: "status_date", Aliases: []string{"状态日期", "待遇开始日期", "开始领取日期", "暂停日期"}},
	{Key: "rural_contract", Aliases: []string{"农民合同制工人", "是否农民合同制工人", "用工形式"}},
}

// ruralWords are the cell values of the 农民合同制工人 column: yes, no
// (empty is no).
var ruralWords = map[string]bool{"是": true, "否": false, "Y": true, "N": false, "1": true, "0": false,
	"农民合同制工人": true, "农民合同制": true, "合同制": false, "城镇职工": false}

// statusWords maps the status wordings of older systems to shebao's.
var statusWords = map[string]string{
	"参保缴费": shebao.EnrollActive, "正常参保": shebao.EnrollActive, "正常缴费": shebao.EnrollActive, "在职": shebao.EnrollActive,
	"暂停缴费": shebao.EnrollSuspended, "中断缴费": shebao.EnrollSuspended, "暂停": shebao.EnrollSuspended,
	"享受待遇": shebao.EnrollBenefit, "领取待遇": shebao.EnrollBenefit, "退休": shebao.EnrollBenefit, "领取养老金": shebao.EnrollBenefit,
}

// Enrollments imports an enrollment roster: one row per person and scheme.
// Employee schemes need the employer's USCC; residents may be grouped into
// households by 户号 (without it a resident joins the household the registry
// has, or forms one).
func Enrollments(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.EnrollRequest]{
		name:   "enrollments",
		fields: EnrollmentFields,
		parse:  parseEnrollment,
		// The same person and scheme twice is a duplicate row; two schemes
		// of one slot (110 and 170) are left to the store, whose conflict
		// message names the enrollment in the way.
		key: func(r shebao.EnrollRequest) string {
			return r.IDNo + "/" + r.Scheme + "/" + strconv.Itoa(r.Year)
		},
		store: func(ctx context.Context, run string, items []item[shebao.EnrollRequest]) ([]shebao.Outcome, []error, error) {
			reqs := make([]shebao.EnrollRequest, len(items))
			for i, it := range items {
				reqs[i] = it.v
				reqs[i].Reason = fmt.Sprintf("批量导入第%d行", it.row)
			}
			return svc.Enroll.ImportEnrollments(ctx, run, reqs)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseEnrollment(r sheet.Row) (shebao.EnrollRequest, error) {
	var req shebao.EnrollRequest
	if r.PrecisionLost("id_no") {
		return req, shebao.FieldErrorf("身份证号", "身份证号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["id_no"])
	}
	id, err := canonicalID(r.Values["id_no"])
	if err != nil {
		return req, err
	}
	req.IDNo = id
	scheme, ok := shebao.FindScheme(strings.TrimSpace(r.Values["scheme"]))
	if !ok {
		return req, shebao.FieldErrorf("险种", "未知险种“%s”(可填代码如110、170、390,或名称如“新农合”)", r.Values["scheme"])
	}
	req.Scheme = scheme.Code
	req.Employer = strings.TrimSpace(r.Values["employer"])
	req.Household = strings.TrimSpace(r.Values["household"])
	d := strings.TrimSpace(r.Values["date"])
	if d == "" {
		return req, shebao.FieldErrorf("参保日期", "参保日期不能为空")
	}
	if t, err := sheet.ParseDate(d); err == nil {
		req.Date = t.Format(shebao.DateLayout)
	} else if y, m, err := sheet.ParseMonth(d); err == nil {
		req.Date = fmt.Sprintf("%04d-%02d-01", y, m)
	} else {
		return req, shebao.FieldErrorf("参保日期", "参保日期“%s”无法识别(如2024-03-01或2024-03)", d)
	}
	if st := strings.TrimSpace(r.Values["status"]); st != "" {
		v, ok := statusWords[st]
		if !ok {
			return req, shebao.FieldErrorf("参保状态", "参保状态“%s”无效(可为参保缴费、暂停缴费、享受待遇)", st)
		}
		req.Status = v
		if d := strings.TrimSpace(r.Values["status_date"]); d != "" {
			t, err := sheet.ParseDate(d)
			if err != nil {
				return req, shebao.FieldErrorf("状态日期", "%s", err.Error())
			}
			req.StatusDate = t.Format(shebao.DateLayout)
		}
	}
	if v := strings.ToUpper(strings.TrimSpace(r.Values["rural_contract"])); v != "" {
		rural, ok := ruralWords[v]
		if !ok {
			return req, shebao.FieldErrorf("农民合同制工人", "农民合同制工人“%s”无效(填“是”或“否”)", r.Values["rural_contract"])
		}
		if rural && scheme.Kind != shebao.KindEmployee {
			return req, shebao.FieldErrorf("农民合同制工人", "%s不是职工险种,农民合同制工人只用于单位参保", scheme.Name)
		}
		req.RuralContract = rural
	}
	if y := strings.TrimSuffix(strings.TrimSpace(r.Values["year"]), "年"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1990 || n > 2100 {
			return req, shebao.FieldErrorf("参保年度", "参保年度“%s”无效", r.Values["year"])
		}
		req.Year = n
	} else if scheme.Annual {
		req.Year, _ = strconv.Atoi(req.Date[:4])
	}
	return req, nil
}

func canonicalID(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", shebao.FieldErrorf("身份证号", "身份证号不能为空")
	}
	// Only the number is checked here; the store checks the person.
	id, err := parseIDOnly(s)
	if err != nil {
		return "", shebao.FieldErrorf("身份证号", "%s", err.Error())
	}
	return id, nil
}
