package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/benefit"
	"github.com/shebao/shebao/ingest"
)

// Money-out pages: the pension what-if (养老金测算), the month's payroll
// (待遇发放) and, on the person page, the person's benefits and individual
// accounts. The rules are the benefit service's (CalcPension, RunPayroll); the
// pages only collect the inputs and show the results with their
// explanations.

// calcView is the data of the calculator page.
type calcView struct {
	In     shebao.PensionCalcRequest
	Result *shebao.PensionCalc
	Lines  []string // the explanation, one line each
	Error  string
	Field  string
}

// calc serves GET /calc: the form, and with its fields the result.
func (u *ui) calc(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityBenefit)) {
		u.fail(w, r, v, forbidden(v, "使用养老金测算"))
		return
	}
	q := r.URL.Query()
	in := shebao.PensionCalcRequest{Wage: shebao.DecimalText(q.Get("wage")), Index: shebao.DecimalText(q.Get("index")),
		Years: shebao.DecimalText(q.Get("years")), Balance: shebao.DecimalText(q.Get("balance")), Age: strings.TrimSpace(q.Get("age")),
		DeemedYears: shebao.DecimalText(q.Get("deemed_years")), TransitionRate: shebao.DecimalText(q.Get("transition_rate"))}
	view := calcView{In: in}
	code := http.StatusOK
	if q.Has("years") {
		res, err := u.s.app.Benefit.CalcPension(r.Context(), in)
		switch {
		case err == nil:
			view.Result = res
			view.Lines = strings.Split(res.Explain, "\n")
		case shebao.ErrorCode(err) == shebao.EINTERNAL:
			u.fail(w, r, v, err)
			return
		default:
			view.Error = shebao.ErrorMessage(err)
			var e *shebao.Error
			if errors.As(err, &e) {
				view.Field = e.Field
			}
			code = errorStatus(err)
		}
	}
	u.render(w, r, code, "calc", u.newPage(v, "养老金测算", "calc", view))
}

// benefitRow is one benefit on the person page.
type benefitRow struct {
	Kind, Status, Start, End, Monthly, Explanation, StatusReason string
	Amounts                                                      []shebao.BenefitAmount
	// Actions are the changes a benefits clerk may make (ui_benefits.go).
	Actions []navItem
	// Determination is the benefit's 核定表 (ui_determination.go).
	Determination string
}

// accountRow is one individual account on the person page.
type accountRow struct {
	Fund, Name, Balance string
}

// paymentRow is one benefit payment on the person page.
type paymentRow struct {
	Month, Kind, Amount, AccountPart, Status string
}

// yearRow is one scheme's contributions of one year on the person page.
type yearRow struct {
	Scheme, SchemeName    string
	Year, Months          int
	BaseTotal, AvgMonthly string
}

// personPayments is how many of a person's latest payments the page shows.
const personPayments = 24

// personMoney fills the person page's benefits, payments, contribution
// years and accounts, for roles that read them (a citizen: their own).
func (u *ui) personMoney(r *http.Request, v *visit, ref, idNo string, view *personView) error {
	ctx := r.Context()
	if v.role.May(shebao.Read(shebao.EntityBenefit)) && (!v.role.OwnOnly || v.actor.IDNo == idNo) {
		view.ShowBenefits = true
		bs, _, err := u.s.app.Benefit.FindBenefits(ctx, shebao.BenefitFilter{IDNo: idNo, Limit: 100})
		if err != nil {
			return err
		}
		for _, b := range bs {
			row := benefitRow{Kind: b.KindName, Status: b.Status, Start: b.StartMonth, End: b.EndMonth, Monthly: yuan(b.Monthly),
				Explanation: b.Explanation, StatusReason: b.StatusReason, Determination: "/persons/" + ref + "/benefits/" + b.ID + "/determination"}
			if v.role.May(shebao.Write(shebao.EntityBenefit)) && !v.role.OwnOnly {
				base := "/persons/" + ref + "/benefits/" + b.ID + "/"
				switch b.Status {
				case shebao.BenefitActive:
					row.Actions = []navItem{{Href: base + shebao.BenefitSuspend, Label: "暂停"}, {Href: base + shebao.BenefitStop, Label: "终止"}}
				case shebao.BenefitSuspended:
					row.Actions = []navItem{{Href: base + shebao.BenefitResume, Label: "恢复"}, {Href: base + shebao.BenefitStop, Label: "终止"}}
				}
			}
			view.Benefits = append(view.Benefits, row)
		}
		if len(bs) > 0 {
			ps, total, err := u.s.app.Benefit.FindPayments(ctx, shebao.PaymentFilter{IDNo: idNo, Limit: personPayments})
			if err != nil {
				return err
			}
			view.PaymentCount = total
			for _, p := range ps {
				kind := p.Kind
				if k, ok := shebao.FindBenefitKind(p.Kind); ok {
					kind = k.Name
				}
				view.Payments = append(view.Payments, paymentRow{Month: p.Month, Kind: kind, Amount: yuan(p.Amount),
					AccountPart: yuan(p.AccountPart), Status: p.Status})
			}
		}
	}
	if v.role.May(shebao.Read(shebao.EntityContribution)) && (!v.role.OwnOnly || v.actor.IDNo == idNo) {
		view.ShowYears = true
		ys, err := u.s.app.Collect.ContributionYears(ctx, idNo)
		if err != nil {
			return err
		}
		for _, y := range ys {
			row := yearRow{Scheme: y.Scheme, SchemeName: y.Scheme, Year: y.Year, Months: y.Months, BaseTotal: yuan(y.BaseTotal)}
			if sc, ok := shebao.FindScheme(y.Scheme); ok {
				row.SchemeName = sc.Name
			}
			if y.Months > 0 {
				row.AvgMonthly = yuan(shebao.Money(shebao.DivRound(int64(y.BaseTotal), int64(y.Months))))
			}
			view.Years = append(view.Years, row)
		}
	}
	if v.role.May(shebao.Read(shebao.EntityFund)) || v.role.OwnOnly && v.actor.IDNo == idNo {
		for _, fund := range shebao.IndividualAccountFunds {
			bal, ok, err := u.s.app.Ledger.IndividualAccount(ctx, idNo, fund)
			if err != nil {
				return err
			}
			if ok {
				f, _ := shebao.FindFund(fund)
				view.Accounts = append(view.Accounts, accountRow{Fund: fund, Name: f.Name, Balance: yuan(bal)})
			}
		}
		if len(view.Accounts) > 0 && (v.role.May(shebao.Read(shebao.EntityContribution)) || v.role.May(shebao.Read(shebao.EntityFund))) {
			view.StatementLink = "/persons/" + ref + "/statement"
		}
	}
	return nil
}

// payrollView is the data of the payroll page.
type payrollView struct {
	Month   string
	Summary *shebao.PayrollSummary
	CanRun  bool
	RunAt   string // when the last run started, China time
	Done    string
	Error   string
}

// payroll serves GET /payroll?month=: the month's payments by scheme,
// benefit and status, and (for benefit clerks) the button that runs it.
func (u *ui) payroll(w http.ResponseWriter, r *http.Request, v *visit) {
	u.showPayroll(w, r, v, r.URL.Query().Get("month"), http.StatusOK, r.URL.Query().Get("done"), "")
}

func (u *ui) showPayroll(w http.ResponseWriter, r *http.Request, v *visit, month string, code int, done, msg string) {
	if !v.role.May(shebao.Read(shebao.EntityBenefit)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看待遇发放"))
		return
	}
	if p, err := shebao.ParsePeriod(month); err == nil {
		month = string(p)
	} else {
		month = shebao.Today().Format("2006-01")
	}
	view := payrollView{Month: month, CanRun: v.role.May(shebao.Write(shebao.EntityBenefit)), Done: done, Error: msg}
	sum, err := u.s.app.Benefit.PayrollTotals(r.Context(), month, "")
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	view.Summary = sum
	if sum.Run != nil {
		if t, err := time.Parse(time.RFC3339Nano, sum.Run.StartedAt); err == nil {
			view.RunAt = formatTime(t)
		} else {
			view.RunAt = sum.Run.StartedAt
		}
	}
	u.render(w, r, code, "payroll", u.newPage(v, "待遇发放", "payroll", view))
}

// runPayroll serves POST /payroll/run (month): the run, then the page with
// what it did; its release waits for a second clerk on the approvals page.
func (u *ui) runPayroll(w http.ResponseWriter, r *http.Request, v *visit) {
	month := strings.TrimSpace(r.PostFormValue("month"))
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		u.showPayroll(w, r, v, month, http.StatusBadRequest, "", fmt.Sprintf("月份“%s”无效,应为YYYY-MM", month))
		return
	}
	if !v.role.May(shebao.Write(shebao.EntityBenefit)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "运行待遇发放"))
		return
	}
	u.startRun(w, r, v, benefit.KindPayroll, string(m), "/payroll?month="+url.QueryEscape(string(m)), func(ctx context.Context) (string, error) {
		res, err := u.s.app.Benefit.RunPayroll(ctx, string(m), shebao.PayrollOptions{})
		if err != nil {
			return "", err
		}
		done := fmt.Sprintf("本次发放%d笔,合计%s元;当月共%d笔%s元。", res.Payments, res.Total, res.MonthPayments, res.MonthTotal)
		if res.Release != nil {
			done += "已提交复核,复核通过后生成银行代发。"
		}
		return done, nil
	})
}

// statementView is the data of a person's account statement page.
type statementView struct {
	Name, PersonLink string
	Year             int
	Funds            []statementFund
	Error            string
}

// statementFund is one fund's account of the statement, formatted.
type statementFund struct {
	Fund, FundName, Summary                     string
	Opening, Credits, Interest, Debits, Closing string
	Items                                       []statementItem
}

// statementItem is one movement of the year, formatted.
type statementItem struct {
	Date, Kind, Amount, Balance, Explanation string
}

// statement serves GET /persons/{ref}/statement?year=: the individual
// account statement of a year (this year unless asked), as `shebao
// statement` prints it. Who may read it is the store's decision
// (ledger.AccountStatement): the jurisdiction's clerks, a citizen their own.
func (u *ui) statement(w http.ResponseWriter, r *http.Request, v *visit) {
	ref := r.PathValue("ref")
	id, err := u.resolveRef(v, ref)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	ref = u.sealedRef(v, ref, id)
	view := statementView{PersonLink: "/persons/" + ref, Year: shebao.Today().Year()}
	code := http.StatusOK
	if s := strings.TrimSpace(r.URL.Query().Get("year")); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1990 || y > 2100 {
			view.Error = fmt.Sprintf("年度“%s”无效,应为四位年份,如 %d", s, view.Year)
			code = http.StatusBadRequest
		} else {
			view.Year = y
		}
	}
	if view.Error == "" {
		st, err := u.s.app.Ledger.AccountStatement(r.Context(), id, view.Year)
		if err != nil {
			u.fail(w, r, v, err)
			return
		}
		view.Name = st.Name
		for _, f := range st.Funds {
			sf := statementFund{Fund: f.Fund, FundName: f.FundName, Summary: f.Summary, Opening: yuan(f.Opening), Credits: yuan(f.Credits),
				Interest: yuan(f.Interest), Debits: yuan(f.Debits), Closing: yuan(f.Closing)}
			for _, it := range f.Items {
				kind := it.KindName
				if kind == "" {
					kind = it.Kind
				}
				sf.Items = append(sf.Items, statementItem{Date: it.Date, Kind: kind, Amount: yuan(it.Amount), Balance: yuan(it.Balance),
					Explanation: it.Explanation})
			}
			view.Funds = append(view.Funds, sf)
		}
	}
	u.render(w, r, code, "statement", u.newPage(v, "个人账户对账单", "persons", view))
}

// paymentsView is the data of the month's individual payments page.
type paymentsView struct {
	Month, Status, IDNo string
	Statuses            []option
	Rows                []paymentListRow
	Pager               pager
	BankFileLink        string // for roles that may see full numbers
	XLSXLink            string
	Error               string
}

// paymentListRow is one payment of the month, masked for the role.
type paymentListRow struct {
	Link, Name, IDNo, Scheme, Kind, Region, Amount, AccountPart, Status string
}

// payments serves GET /payroll/payments?month=&status=&id_no=&page=: the
// month's individual payments, one page, as the checker sees them before
// releasing (benefit.Service.FindPayments, audited as a list read).
func (u *ui) payments(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityBenefit)) || v.role.OwnOnly {
		u.fail(w, r, v, forbidden(v, "查看待遇发放"))
		return
	}
	q := r.URL.Query()
	view := paymentsView{Month: strings.TrimSpace(q.Get("month")), Status: q.Get("status"), IDNo: strings.TrimSpace(q.Get("id_no"))}
	if p, err := shebao.ParsePeriod(view.Month); err == nil {
		view.Month = string(p)
	} else {
		view.Month = shebao.Today().Format("2006-01")
	}
	view.Statuses = []option{{Value: "", Label: "全部", Selected: view.Status == ""}}
	for _, st := range []string{shebao.PaymentPending, shebao.PaymentReleased} {
		view.Statuses = append(view.Statuses, option{Value: st, Label: st, Selected: st == view.Status})
	}
	pageNo := pageParam(q)
	code := http.StatusOK
	if wantsXLSX(r) {
		u.exportRows(w, r, v, "payments-"+view.Month+".xlsx", view.Month+"待遇发放明细", []string{"姓名", "身份证号", "险种", "待遇项目", "区划", "金额(元)", "个人账户支付(元)", "状态"},
			func(offset, limit int) ([][]any, int, error) {
				ps, total, err := u.s.app.Benefit.FindPayments(r.Context(), shebao.PaymentFilter{Month: view.Month, Status: view.Status, IDNo: view.IDNo,
					Offset: offset, Limit: limit})
				var rows [][]any
				for _, p := range ps {
					id := p.IDNo
					if !v.actor.SeesFullID(id) {
						id = maskIDsIn(v.actor, id)
					}
					kind := p.Kind
					if k, ok := shebao.FindBenefitKind(p.Kind); ok {
						kind = k.Name
					}
					rows = append(rows, []any{p.Name, id, p.Scheme, kind, p.Region, money(p.Amount), money(p.AccountPart), p.Status})
				}
				return rows, total, err
			})
		return
	}
	view.XLSXLink = xlsxLink(r.URL)
	ps, total, err := u.s.app.Benefit.FindPayments(r.Context(), shebao.PaymentFilter{Month: view.Month, Status: view.Status, IDNo: view.IDNo,
		Offset: (pageNo - 1) * uiPageSize, Limit: uiPageSize})
	switch {
	case err == nil:
		for _, p := range ps {
			id := p.IDNo
			if !v.actor.SeesFullID(id) {
				id = maskIDsIn(v.actor, id)
			}
			kind := p.Kind
			if k, ok := shebao.FindBenefitKind(p.Kind); ok {
				kind = k.Name
			}
			view.Rows = append(view.Rows, paymentListRow{Link: "/persons/" + u.personRef(v, p.IDNo), Name: p.Name, IDNo: id, Scheme: p.Scheme,
				Kind: kind, Region: p.Region, Amount: yuan(p.Amount), AccountPart: yuan(p.AccountPart), Status: p.Status})
		}
		view.Pager = makePager(r.URL, pageNo, total)
	case shebao.ErrorCode(err) == shebao.EINVALID:
		view.Error, code = shebao.ErrorMessage(err), http.StatusBadRequest
	default:
		u.fail(w, r, v, err)
		return
	}
	if v.role.May(shebao.ReadFull(shebao.EntityPerson)) {
		view.BankFileLink = "/payroll/bankfile?month=" + url.QueryEscape(view.Month) + "&status=" + url.QueryEscape(view.Status)
	}
	u.render(w, r, code, "payments", u.newPage(v, view.Month+"待遇发放明细", "payroll", view))
}

// bankFile serves GET /payroll/bankfile?month=&status=: the month's bank
// disbursement file (.xlsx) as `shebao payroll file` writes it, full
// numbers and accounts, for roles that may see them (audited by the store
// as a full read).
func (u *ui) bankFile(w http.ResponseWriter, r *http.Request, v *visit) {
	if !v.role.May(shebao.Read(shebao.EntityBenefit)) || !v.role.May(shebao.ReadFull(shebao.EntityPerson)) {
		u.fail(w, r, v, forbidden(v, "下载银行代发文件"))
		return
	}
	m, err := shebao.ParsePeriod(r.URL.Query().Get("month"))
	if err != nil {
		u.fail(w, r, v, shebao.FieldErrorf("月份", "发放月份“%s”无效,应为YYYY-MM", r.URL.Query().Get("month")))
		return
	}
	dir, err := os.MkdirTemp("", "shebao-bankfile-")
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	defer os.RemoveAll(dir)
	paths, n, _, err := ingest.WritePayrollFiles(r.Context(), u.s.app, string(m), dir, r.URL.Query().Get("status"))
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	if n == 0 {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "%s没有可生成代发文件的发放记录", m))
		return
	}
	var xlsx string
	for _, p := range paths {
		if strings.HasSuffix(p, ".xlsx") {
			xlsx = p
		}
	}
	b, err := os.ReadFile(xlsx)
	if err != nil {
		u.fail(w, r, v, err)
		return
	}
	noStore(w)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filepath.Base(xlsx)+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}
