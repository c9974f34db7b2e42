package ingest

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// 低保 applications collected on paper by a village (assistui, issue #18
// item 10): one row per member (and another row of the same member for a
// second kind of income), grouped into applications by 申请编号 within the
// region. An application is imported whole or not at all: a row in error
// rejects every row of its application (the others say which row to
// correct). Rows are counted in the summary (read, created, unchanged,
// rejected); importing the file again creates nothing (assist.ApplyImported).
// Files are read whole — a village's applications are hundreds of rows;
// MaxAssistRows bounds them.

// MaxAssistRows bounds the rows of one applications file.
const MaxAssistRows = 50000

// AssistFields are the columns of an applications file.
var AssistFields = []sheet.Field{
	{Key: "app_no", Label: "申请编号", Aliases: []string{"申请编号", "申请号", "申请书编号", "编号"}, Required: true},
	{Key: "head", Label: "户主身份证号", Aliases: []string{"户主身份证号", "申请人身份证号", "户主身份证号码", "户主公民身份号码", "申请人公民身份号码"}, Required: true},
	{Key: "member", Label: "成员身份证号", Aliases: []string{"成员身份证号", "家庭成员身份证号", "成员身份证号码", "成员公民身份号码", "身份证号", "公民身份号码"}, Required: true},
	{Key: "relation", Label: "与户主关系", Aliases: []string{"与户主关系", "与申请人关系", "家庭关系", "关系"}, Required: true},
	{Key: "kind", Label: "收入类别", Aliases: []string{"收入类别", "收入类型", "收入种类"}},
	{Key: "income", Label: "月收入(元)", Aliases: []string{"月收入(元)", "月收入", "月均收入", "月收入金额"}, Required: true},
	{Key: "region", Label: "区划代码", Aliases: []string{"区划代码", "行政区划代码", "村(社区)代码", "村代码"}, Required: true},
	{Key: "date", Label: "申请日期", Aliases: []string{"申请日期", "申请时间"}},
	{Key: "bank", Label: "收款账号", Aliases: []string{"收款账号", "银行账号", "申请人银行账号", "收款银行账号"}},
	{Key: "area", Label: "低保类别", Aliases: []string{"低保类别", "城乡类别"}},
	{Key: "category", Label: "分类施保类别", Aliases: []string{"分类施保类别", "分类施保"}},
	{Key: "name", Label: "姓名", Aliases: []string{"姓名", "成员姓名"}},
}

// relationWords are the relationships as villages write them.
var relationWords = map[string]string{
	"户主": "本人", "申请人": "本人", "妻": "配偶", "妻子": "配偶", "夫": "配偶", "丈夫": "配偶",
	"子": "子女", "女": "子女", "儿子": "子女", "女儿": "子女", "长子": "子女", "长女": "子女", "次子": "子女", "次女": "子女",
	"父亲": "父母", "母亲": "父母", "父": "父母", "母": "父母", "兄": "兄弟姐妹", "弟": "兄弟姐妹", "姐": "兄弟姐妹", "妹": "兄弟姐妹",
	"孙子": "孙子女", "孙女": "孙子女", "祖父": "祖父母", "祖母": "祖父母",
}

// assistRow is one parsed row.
type assistRow struct {
	row                                      int
	raw                                      []string
	appNo, head, member, relation, kind      string
	region, date, bank, area, category, name string
	income                                   shebao.Money
}

// assistApp is one application of the file, its rows in file order.
type assistApp struct {
	key  string
	rows []assistRow
	bad  error // the first problem, found while grouping
	at   int   // the row it is on
}

// AssistApplications imports a file of 低保 applications (shebao import
// assist FILE; the 导入 page's 低保申请).
func AssistApplications(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	start := time.Now()
	sum, err := fileSHA256(path)
	if err != nil {
		return nil, err
	}
	rd, err := sheet.Open(path, AssistFields)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	s := &Summary{Kind: "assist", File: filepath.Base(path), Errors: []RowError{}, IgnoredColumns: rd.Unknown()}
	if s.IgnoredColumns == nil {
		s.IgnoredColumns = []string{}
	}
	var out *sheet.Writer
	if opt.ErrorsOut != "" {
		if out, err = sheet.Create(opt.ErrorsOut, append(append([]string{"原行号"}, rd.Header()...), "错误字段", "错误原因")); err != nil {
			return nil, err
		}
	}
	if s.Run, err = svc.Registry.StartImportRun(ctx, "assist", s.File, sum); err != nil {
		return nil, err
	}
	reject := func(row int, raw []string, err error) error {
		s.Rejected++
		var fields, reasons []string
		for _, p := range problems(err) {
			field, reason := "", shebao.ErrorMessage(p)
			var e *shebao.Error
			if errors.As(p, &e) {
				field = e.Field
			}
			fields, reasons = append(fields, field), append(reasons, reason)
			if len(s.Errors) < MaxErrors {
				s.Errors = append(s.Errors, RowError{Row: row, Field: field, Reason: reason})
			} else {
				s.ErrorsTruncated = true
			}
		}
		if out != nil {
			cells := append([]string{itoa(row)}, raw...)
			for len(cells) < len(rd.Header())+1 {
				cells = append(cells, "")
			}
			return out.Write(append(cells, strings.Join(fields, "、"), strings.Join(reasons, ";")))
		}
		return nil
	}

	// Read and group the rows.
	var apps []*assistApp
	byKey := map[string]*assistApp{}
	for {
		r, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s, err
		}
		s.Read++
		if s.Read > MaxAssistRows {
			return s, shebao.Errorf(shebao.EINVALID, "低保申请文件超过%d行,请按村(社区)分别导入", MaxAssistRows)
		}
		ar, perr := parseAssistRow(r)
		if ar.appNo == "" || ar.region == "" {
			// Not attributable to an application: this row alone.
			if perr == nil {
				perr = shebao.FieldErrorf("申请编号", "申请编号不能为空")
			}
			if err := reject(r.Num, r.Raw, perr); err != nil {
				return s, err
			}
			continue
		}
		key := ar.region + "|" + ar.appNo
		a := byKey[key]
		if a == nil {
			a = &assistApp{key: key}
			byKey[key] = a
			apps = append(apps, a)
		}
		a.rows = append(a.rows, ar)
		if perr != nil && a.bad == nil {
			a.bad, a.at = perr, ar.row
		}
	}
	if s.Read == 0 {
		return s, shebao.Errorf(shebao.EINVALID, "文件%s没有数据行", s.File)
	}

	for _, a := range apps {
		if ctx.Err() != nil {
			return s, ctx.Err()
		}
		req, rowOf, err := a.request()
		if err == nil && a.bad == nil {
			var outcome shebao.Outcome
			_, outcome, err = svc.Assist.ApplyImported(ctx, req)
			if err == nil {
				for range a.rows {
					switch outcome {
					case shebao.Created:
						s.Created++
					case shebao.Unchanged:
						s.Unchanged++
					}
				}
				continue
			}
			if shebao.ErrorCode(err) == shebao.EINTERNAL || shebao.ErrorCode(err) == shebao.EUNAUTHORIZED {
				return s, err
			}
			a.bad, a.at = assistRowError(err), rowOf(err)
		} else if a.bad == nil {
			a.bad, a.at = err, rowOf(err)
		}
		no := a.rows[0].appNo
		for _, r := range a.rows {
			why := a.bad
			if r.row != a.at {
				why = shebao.FieldErrorf("申请编号", "同一申请(申请编号%s)第%d行有误,整份申请未导入", no, a.at)
			}
			if err := reject(r.row, r.raw, why); err != nil {
				return s, err
			}
		}
	}
	if out != nil {
		if err := out.Close(); err != nil {
			return s, err
		}
	}
	s.Seconds = time.Since(start).Seconds()
	err = svc.Registry.FinishImportRun(ctx, shebao.ImportRun{ID: s.Run, Status: "done", Read: s.Read, Created: s.Created,
		Updated: s.Updated, Unchanged: s.Unchanged, Rejected: s.Rejected})
	return s, err
}

// parseAssistRow reads one row; the row keeps what it could read (for
// grouping) with the first problem.
func parseAssistRow(r sheet.Row) (assistRow, error) {
	v := r.Values
	ar := assistRow{row: r.Num, raw: r.Raw, appNo: strings.TrimSpace(v["app_no"]), region: strings.TrimSpace(v["region"]),
		kind: strings.TrimSpace(v["kind"]), date: strings.TrimSpace(v["date"]), bank: strings.TrimSpace(v["bank"]),
		area: strings.TrimSpace(v["area"]), category: strings.TrimSpace(v["category"]), name: strings.TrimSpace(v["name"])}
	rel := strings.TrimSpace(v["relation"])
	if w, ok := relationWords[rel]; ok {
		rel = w
	}
	ar.relation = rel
	var errs []error
	for _, k := range []struct{ key, label string }{{"head", "户主身份证号"}, {"member", "成员身份证号"}} {
		if r.PrecisionLost(k.key) {
			errs = append(errs, shebao.FieldErrorf(k.label, "%s被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", k.label))
			continue
		}
		id, err := canonicalID(v[k.key])
		if err != nil {
			errs = append(errs, shebao.FieldErrorf(k.label, "%s", shebao.ErrorMessage(err)))
			continue
		}
		if k.key == "head" {
			ar.head = id
		} else {
			ar.member = id
		}
	}
	if ar.region != "" && !regionCode.MatchString(ar.region) {
		errs = append(errs, shebao.FieldErrorf("区划代码", "区划代码“%s”应为12位数字", ar.region))
	}
	income := strings.TrimSpace(v["income"])
	if income == "" {
		income = "0"
	}
	m, err := shebao.ParseYuan(strings.ReplaceAll(income, ",", ""))
	if err != nil {
		errs = append(errs, shebao.FieldErrorf("月收入(元)", "月收入“%s”无效,应为元,最多两位小数", v["income"]))
	} else if m < 0 {
		errs = append(errs, shebao.FieldErrorf("月收入(元)", "月收入不能为负数"))
	}
	ar.income = m
	if ar.date != "" {
		if _, err := shebao.ParseDate("申请日期", ar.date); err != nil {
			errs = append(errs, err)
		}
	}
	if ar.appNo == "" {
		errs = append(errs, shebao.FieldErrorf("申请编号", "申请编号不能为空"))
	}
	return ar, errors.Join(errs...)
}

var regionCode = regexp.MustCompile(`^[0-9]{12}$`)

// request makes the application of the rows: the applicant (户主) first,
// each member once with the incomes of their rows. rowOf finds the row of
// an error that names a member (members[i]…), else the first row.
func (a *assistApp) request() (shebao.AssistApplyRequest, func(error) int, error) {
	first := a.rows[0]
	req := shebao.AssistApplyRequest{ApplicationNo: first.appNo, Region: first.region, Date: first.date, BankAccount: first.bank, Area: first.area}
	var memberRows []int // the first row of each member, in req.Members' order
	rowOf := func(err error) int {
		var e *shebao.Error
		if errors.As(err, &e) {
			if m := memberIndex.FindStringSubmatch(e.Field); m != nil {
				if i, _ := strconv.Atoi(m[1]); i < len(memberRows) {
					return memberRows[i]
				}
			}
		}
		return first.row
	}
	if a.bad != nil {
		return req, rowOf, a.bad
	}
	index := map[string]int{}
	for _, r := range a.rows {
		switch {
		case r.head != first.head:
			return req, func(error) int { return r.row }, shebao.FieldErrorf("户主身份证号", "同一申请编号%s的户主身份证号与第%d行不同", r.appNo, first.row)
		case r.date != "" && first.date != "" && r.date != first.date:
			return req, func(error) int { return r.row }, shebao.FieldErrorf("申请日期", "同一申请的申请日期与第%d行不同", first.row)
		}
		if req.Date == "" {
			req.Date = r.date
		}
		if req.BankAccount == "" {
			req.BankAccount = r.bank
		}
		if req.Area == "" {
			req.Area = r.area
		}
		isHead := r.member == r.head
		if isHead && r.relation != "本人" {
			return req, func(error) int { return r.row }, shebao.FieldErrorf("与户主关系", "成员即户主本人,与户主关系应为“本人”或“户主”,不是“%s”", r.relation)
		}
		i, seen := index[r.member]
		if !seen {
			m := shebao.AssistCaseMember{AssistMember: shebao.AssistMember{IDNo: r.member}, Relation: r.relation}
			if isHead {
				req.Members = append([]shebao.AssistCaseMember{m}, req.Members...)
				memberRows = append([]int{r.row}, memberRows...)
				for k := range index {
					index[k]++
				}
				i = 0
			} else {
				req.Members = append(req.Members, m)
				memberRows = append(memberRows, r.row)
				i = len(req.Members) - 1
			}
			index[r.member] = i
		} else if r.kind == "" || req.Members[i].Incomes == nil {
			return req, func(error) int { return r.row }, shebao.FieldErrorf("成员身份证号", "同一成员在本申请中重复(一人多项收入须每行填写收入类别)")
		}
		m := &req.Members[i]
		if r.kind == "" {
			income := r.income
			m.Income = &income
		} else {
			m.Incomes = append(m.Incomes, shebao.AssistIncome{Kind: r.kind, Amount: r.income})
		}
		if r.category != "" {
			m.Categories = append(m.Categories, r.category)
		}
	}
	if _, ok := index[first.head]; !ok {
		return req, func(error) int { return first.row }, shebao.FieldErrorf("户主身份证号", "申请编号%s的成员中没有户主本人(户主也应占一行,关系为“本人”)", first.appNo)
	}
	return req, rowOf, nil
}

var memberIndex = regexp.MustCompile(`^members\[(\d+)\]`)

// assistRowError names the column of a service error about a member.
func assistRowError(err error) error {
	var e *shebao.Error
	if !errors.As(err, &e) {
		return err
	}
	col := map[string]string{"id_no": "成员身份证号", "relation": "与户主关系", "income": "月收入(元)", "incomes": "收入类别",
		"categories": "分类施保类别", "region": "区划代码", "date": "申请日期", "bank_account": "收款账号", "area": "低保类别",
		"application_no": "申请编号", "members": "成员身份证号"}
	field := e.Field
	if m := memberIndex.FindStringSubmatch(field); m != nil {
		field = strings.TrimPrefix(strings.TrimPrefix(field, m[0]), ".")
		if field == "" {
			field = "成员身份证号"
		}
	}
	if c, ok := col[field]; ok {
		field = c
	}
	return shebao.FieldErrorf(field, "%s", shebao.ErrorMessage(err))
}
