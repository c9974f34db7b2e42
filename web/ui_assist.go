package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/shebao/shebao"
)

// 社会救助 (issue #18): the 低保 quote page. The form is posted (with the
// session's CSRF token), not sent as a GET query, so that the members' ID
// numbers never stand in a URL, a browser history or a server log.

// assistRows is the number of member rows of the form (a household of
// more members is quoted through the API or the CLI).
const assistRows = 8

// assistRow is one member row of the form as typed.
type assistRow struct {
	N                         int
	IDNo, Income, Kind, Categ string
	Kinds, Categories         []option
}

// assistView is the quote page.
type assistView struct {
	Region, Date, Area string
	Registry           bool // 核对登记库
	Areas              []option
	Rows               []assistRow
	Result             *shebao.AssistQuote
	Lines              []string // the explanation, one line each
	Error              string
}

// assistQuote serves GET and POST /assistance/quote: the form, and posted
// the quote computed by the service (nothing is written).
func (u *ui) assistQuote(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityAssistance)) {
		u.fail(w, r, v, forbidden(v, "使用低保试算"))
		return
	}
	view := assistView{Region: strings.TrimSpace(r.PostFormValue("region")), Date: strings.TrimSpace(r.PostFormValue("date")),
		Area: strings.TrimSpace(r.PostFormValue("area")), Registry: r.PostFormValue("registry") == "1"}
	if view.Date == "" {
		view.Date = shebao.Today().Format(shebao.DateLayout)
	}
	opts, err := u.s.app.Assist.Options(r.Context(), view.Region, view.Date)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	for _, a := range []option{{Value: "", Label: "按区划代码判定"}, {Value: shebao.AreaUrban, Label: "城市"}, {Value: shebao.AreaRural, Label: "农村"}} {
		a.Selected = a.Value == view.Area
		view.Areas = append(view.Areas, a)
	}
	var req shebao.AssistQuoteRequest
	var rowErr error
	for i := 1; i <= assistRows; i++ {
		n := fmt.Sprint(i)
		row := assistRow{N: i, IDNo: strings.TrimSpace(r.PostFormValue("id" + n)), Income: strings.TrimSpace(r.PostFormValue("income" + n)),
			Kind: r.PostFormValue("kind" + n), Categ: r.PostFormValue("cat" + n)}
		row.Kinds = append(row.Kinds, option{Value: "", Label: "(全部计入)", Selected: row.Kind == ""})
		for _, k := range opts.IncomeKinds {
			row.Kinds = append(row.Kinds, option{Value: k.Value, Label: k.Label, Selected: k.Value == row.Kind})
		}
		row.Categories = append(row.Categories, option{Value: "", Label: "(无或按年龄)", Selected: row.Categ == ""})
		for _, c := range opts.Categories {
			row.Categories = append(row.Categories, option{Value: c, Label: c, Selected: c == row.Categ})
		}
		view.Rows = append(view.Rows, row)
		if row.IDNo == "" && row.Income == "" {
			continue
		}
		m, err := assistMember(row, view.Registry)
		if err != nil && rowErr == nil {
			rowErr = shebao.FieldErrorf("members", "第%d行:%s", i, shebao.ErrorMessage(err))
		}
		req.Members = append(req.Members, m)
	}
	code := http.StatusOK
	if r.Method == http.MethodPost {
		req.Region, req.Date, req.Area, req.Registry = view.Region, view.Date, view.Area, view.Registry
		q, err := (*shebao.AssistQuote)(nil), rowErr
		if err == nil {
			q, err = u.s.app.Assist.Quote(r.Context(), req)
		}
		switch {
		case err == nil:
			view.Result = q
			view.Lines = strings.Split(q.Explain, "\n")
		case shebao.ErrorCode(err) == shebao.EINTERNAL:
			u.fail(w, r, v, err)
			return
		default:
			view.Error = shebao.ErrorMessage(err)
			code = errorStatus(err)
		}
	}
	u.render(w, r, code, "assist", u.newPage(v, "低保试算", "assist", view))
}

// assistMember reads one row: an income of a kind (counted by the policy)
// or, without a kind, counted as typed. An empty income is 0, or with the
// registry check nothing typed: what shebao pays the member is counted.
func assistMember(row assistRow, registry bool) (shebao.AssistMember, error) {
	m := shebao.AssistMember{IDNo: row.IDNo}
	if row.Categ != "" {
		m.Categories = []string{row.Categ}
	}
	if row.Income == "" && registry {
		return m, nil
	}
	income := row.Income
	if income == "" {
		income = "0"
	}
	v, err := shebao.ParseYuan(income)
	if err != nil {
		return m, fmt.Errorf("月收入%s", shebao.ErrorMessage(err))
	}
	if row.Kind == "" {
		m.Income = &v
	} else {
		m.Incomes = []shebao.AssistIncome{{Kind: row.Kind, Amount: v}}
	}
	return m, nil
}
