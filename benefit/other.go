package benefit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// The other benefits, each computed from the person's own record and the
// policy in force, explained in Chinese, and — unless a preview — submitted
// as a determination (经办) that a second clerk approves (复核,
// SubmitDetermination); the approved benefit is then paid by the monthly
// payroll.
//
//   - 失业保险金 (210): months by the cumulative months of 210 contributions
//     paid (bills paid in full, and the yearly history for years without
//     bills) — 12/18/24 (失业保险条例 第十七条), at least 12 months (第十四条);
//     monthly = wage.min_monthly × unemployment.ratio_of_min_wage in force
//     for the person's region in the first month; paid from the given month
//     for that many months. The person's 210 enrollment must be interrupted
//     (暂停缴费 after 减员, or ended other than by death or as a duplicate).
//   - 生育津贴 (510): the employer's average monthly wage of the previous
//     calendar year = the wages it declared for that year ÷ the number of
//     employee-months declared, ÷ 30 × the days of leave (maternity.days:
//     base + difficult birth + each additional baby); the insured woman must
//     be in 510 and employed by that employer on the birth date. One-off,
//     paid in the given payroll month.
//   - 一次性伤残补助金 (410): the insured's own wage = the average monthly
//     contribution wage (缴费工资) of the 12 months before the month of the
//     injury: the 410 bases assessed (bill_lines) ÷ the months with one,
//     limited to 60%–300% of wage.avg_monthly (工伤保险条例 第六十四条),
//     × the months of the disability grade (injury.lump_months); the
//     person must be in 410 on the injury date. One-off.

// DetermineUnemployment computes the unemployment benefit (see above) and,
// unless a preview, submits it for approval.
func (s *Service) DetermineUnemployment(ctx context.Context, req shebao.UnemploymentRequest) (*shebao.OtherDetermination, error) {
	var err error
	if req.BankAccount, err = shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil {
		return nil, err
	}
	return s.determineOther(ctx, req.IDNo, req.Preview, func(ctx context.Context, set *policy.Set, p *shebao.Person) (*shebao.OtherDetermination, error) {
		return s.determineUnemployment(ctx, set, p, req)
	})
}

// DetermineMaternity computes the maternity allowance (see above) and,
// unless a preview, submits it for approval.
func (s *Service) DetermineMaternity(ctx context.Context, req shebao.MaternityRequest) (*shebao.OtherDetermination, error) {
	var err error
	if req.BankAccount, err = shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil {
		return nil, err
	}
	return s.determineOther(ctx, req.IDNo, req.Preview, func(ctx context.Context, set *policy.Set, p *shebao.Person) (*shebao.OtherDetermination, error) {
		return s.determineMaternity(ctx, set, p, req)
	})
}

// DetermineInjury computes the work-injury lump sum (see above) and, unless
// a preview, submits it for approval.
func (s *Service) DetermineInjury(ctx context.Context, req shebao.InjuryRequest) (*shebao.OtherDetermination, error) {
	var err error
	if req.BankAccount, err = shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil {
		return nil, err
	}
	return s.determineOther(ctx, req.IDNo, req.Preview, func(ctx context.Context, set *policy.Set, p *shebao.Person) (*shebao.OtherDetermination, error) {
		return s.determineInjury(ctx, set, p, req)
	})
}

// determineOther is what the three share: the right to determine (or to
// read, for a preview), the person in the jurisdiction and alive, one unit
// of work that computes, and either the audited read of a preview or the
// submission.
func (s *Service) determineOther(ctx context.Context, id string, preview bool,
	compute func(ctx context.Context, set *policy.Set, p *shebao.Person) (*shebao.OtherDetermination, error)) (*shebao.OtherDetermination, error) {
	action := "benefit.determine"
	if preview {
		action = "benefit.read"
	}
	if err := authorize(ctx, action, id); err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.OtherDetermination
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.store.DeterminationPerson(ctx, id)
		if err != nil {
			return err
		}
		if p.Status == shebao.StatusDeceased {
			return shebao.Errorf(shebao.ECONFLICT, "%s已于%s死亡,不能核定待遇", p.Name, p.DeathDate)
		}
		if out, err = compute(ctx, set, p); err != nil {
			return err
		}
		k, _ := shebao.FindBenefitKind(out.Kind)
		out.KindName, out.IDNo, out.Name, out.Region, out.Preview = k.Name, p.IDNo, p.Name, p.Region, preview
		out.Benefit.IDNo, out.Benefit.Kind, out.Benefit.Explanation, out.Benefit.Detail = p.IDNo, out.Kind, out.Explain, out.Inputs
		if preview {
			return s.store.AuditBenefitPreview(ctx, p.IDNo, p.Region, out.Benefit.Source)
		}
		out.Approval, err = s.store.SubmitDetermination(ctx, out.Benefit)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// coverageOn returns the person's enrollment of the scheme that covers the
// date (with its status on that date), or nil.
func (s *Service) coverageOn(ctx context.Context, id, scheme, date string) (*shebao.SchemeCoverage, string, error) {
	covers, err := s.store.SchemeCoverage(ctx, id, scheme)
	if err != nil {
		return nil, "", err
	}
	for i := range covers {
		if st := covers[i].StatusOn(date); st != "" {
			return &covers[i], st, nil
		}
	}
	return nil, "", nil
}

// parseMonthDefault parses a payroll month, the current month when empty.
func parseMonthDefault(field, s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return shebao.Today().Format("2006-01"), nil
	}
	m, err := shebao.ParsePeriod(s)
	if err != nil {
		return "", shebao.FieldErrorf(field, "发放月份“%s”无效,应为YYYY-MM", s)
	}
	return string(m), nil
}

// parseDay parses a date of an event that has happened: not after today.
func parseDay(field, s string) (time.Time, error) {
	d, err := time.Parse(shebao.DateLayout, strings.TrimSpace(s))
	if err != nil {
		return d, shebao.FieldErrorf(field, "%s“%s”无效,应为YYYY-MM-DD", field, s)
	}
	if d.After(shebao.Today()) {
		return d, shebao.FieldErrorf(field, "%s%s晚于今天", field, s)
	}
	return d, nil
}

// ---------------------------------------------------------------------------
// 失业保险金

// paidMonths210 counts the months of 210 contributions paid by the person
// up to the month: months of bills paid in full, and the yearly history's
// months, added in a year that has both (each month counted once; a year
// whose two sources overlap is refused with both figures, yearHistoryFits).
func (s *Service) paidMonths210(ctx context.Context, id, upto string) (fromBills, fromHistory int, err error) {
	months, err := s.store.PaidBillMonths(ctx, id, shebao.SchemeUnemployment, upto)
	if err != nil {
		return 0, 0, err
	}
	years := map[int][]shebao.ContributionMonth{}
	for _, m := range months {
		y, _ := strconv.Atoi(m.Period[:4])
		years[y] = append(years[y], m)
		fromBills++
	}
	uptoYear, _ := strconv.Atoi(upto[:4])
	hist, err := s.store.ContributionHistory(ctx, id, shebao.SchemeUnemployment, uptoYear)
	if err != nil {
		return 0, 0, err
	}
	for _, h := range hist {
		if err := yearHistoryFits(h, years[h.Year], upto); err != nil {
			return 0, 0, err
		}
		fromHistory += h.Months
	}
	return fromBills, fromHistory, nil
}

func (s *Service) determineUnemployment(ctx context.Context, set *policy.Set, p *shebao.Person, req shebao.UnemploymentRequest) (*shebao.OtherDetermination, error) {
	from, err := shebao.ParsePeriod(req.From)
	if err != nil {
		return nil, shebao.FieldErrorf("起始月份", "起始月份“%s”无效,应为YYYY-MM", req.From)
	}
	// The 210 enrollment must be interrupted: when, and how.
	covers, err := s.store.SchemeCoverage(ctx, p.IDNo, shebao.SchemeUnemployment)
	if err != nil {
		return nil, err
	}
	var lost, how string
	for _, c := range covers {
		switch {
		case c.Status == shebao.EnrollActive:
			return nil, shebao.Errorf(shebao.ECONFLICT, "%s的失业保险仍在参保缴费(自%s),须先办理减员(暂停缴费)才能核定失业保险金", p.Name, c.Start)
		case c.Status == shebao.EnrollSuspended:
			d := ""
			for _, e := range c.Events {
				if e.To == shebao.EnrollSuspended && e.Date > d {
					d = e.Date
				}
			}
			if d > lost {
				lost, how = d, "减员(暂停缴费)"
			}
		case !shebao.IsOpen(c.Status) && c.EndReason != shebao.EndDeath && c.EndReason != shebao.EndDuplicate && c.End > lost:
			lost, how = c.End, c.Status+"("+c.EndReason+")"
		}
	}
	if lost == "" {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s没有中断的失业保险参保记录(应为减员后暂停缴费),不能核定失业保险金", p.Name)
	}
	lostMonth := lost[:7]
	if string(from) < lostMonth {
		return nil, shebao.FieldErrorf("起始月份", "起始月份%s早于失业(%s %s)", from, lost, how)
	}
	// A 农民合同制工人 whose contract ended gets the one-off living
	// allowance instead, where the switch is on (失业保险条例 第二十一条).
	lostOn, err := time.Parse(shebao.DateLayout, lost)
	if err != nil {
		return nil, err
	}
	ended, err := s.store.EndedEmployment(ctx, p.IDNo, lost)
	if err != nil {
		return nil, err
	}
	if ended != nil && ended.RuralContract {
		exempt, err := set.RuralExempt(p.Region, lostOn)
		if err != nil {
			return nil, err
		}
		if exempt {
			return ruralAllowance(set, p, req, from, lost, lostOn, how, ended)
		}
	}
	bills, hist, err := s.paidMonths210(ctx, p.IDNo, lostMonth)
	if err != nil {
		return nil, err
	}
	total := bills + hist
	months := policy.UnemploymentMonths(total)
	if months == 0 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s累计缴纳失业保险费%d个月(足额到账的核定月份%d个、历年缴费记录%d个月),不满1年,不能领取失业保险金(失业保险条例 第十四条)",
			p.Name, total, bills, hist)
	}
	on := from.First()
	minWage, mp, err := set.Money("wage.min_monthly", p.Region, on)
	if err != nil {
		return nil, err
	}
	ratio, rp, err := set.Rate("unemployment.ratio_of_min_wage", p.Region, on)
	if err != nil {
		return nil, err
	}
	monthly, formula := policy.UnemploymentMonthly(minWage, ratio)
	end := policy.AddMonths(string(from), months-1)
	lines := []string{
		fmt.Sprintf("失业:失业保险于%s%s", lost, how),
		fmt.Sprintf("累计缴费:足额到账的核定月份%d个 + 历年缴费记录%d个月 = %d个月(满1年方可领取,失业保险条例 第十四条)", bills, hist, total),
		fmt.Sprintf("领取期限:累计缴费满1年不足5年最长12个月,满5年不足10年18个月,10年以上24个月 → %d个月(失业保险条例 第十七条)", months),
		fmt.Sprintf("%s(最低工资标准:%s;比例:%s)", formula, mp.Cite(), rp.Cite()),
		fmt.Sprintf("自%s起至%s按月发放,共%d个月,合计%s元", from, end, months, monthly*shebao.Money(months)),
	}
	d := &shebao.OtherDetermination{Kind: shebao.BenefitUnemployment, StartMonth: string(from), EndMonth: end, Amount: monthly, Months: months,
		Total: monthly * shebao.Money(months), Explain: strings.Join(lines, "\n"),
		Inputs: map[string]any{"unemployed_on": lost, "how": how, "months_bills": bills, "months_history": hist, "months_total": total,
			"benefit_months": months, "min_wage": minWage, "ratio": ratio.Percent(), "monthly": monthly}}
	d.Benefit = shebao.NewBenefit{StartMonth: string(from), EndMonth: end, Monthly: monthly, BankAccount: strings.TrimSpace(req.BankAccount),
		Source:  "determination:210:" + string(from),
		Summary: fmt.Sprintf("%s(%s)失业保险金%s元/月,%s至%s共%d个月(累计缴费%d个月)", p.Name, idno.MaskID(p.IDNo), monthly, from, end, months, total)}
	return d, nil
}

// ruralAllowance determines the one-off living allowance (一次性生活补助)
// of a 农民合同制工人 (失业保险条例 第二十一条): the employment that ended
// lasted at least one full year (连续工作满1年) and the employer paid 210 for
// it (本单位已缴纳失业保险费: at least one month's bill with the person's
// 210 line paid in full); amount = the full years worked for the employer,
// at most unemployment.rural_allowance.max_years, × .per_year, both in
// force on the day the contract ended, for the person's region. One-off,
// paid in the month asked for. The person never gets the unemployment
// benefit for this employment: they paid no individual part (第六条).
func ruralAllowance(set *policy.Set, p *shebao.Person, req shebao.UnemploymentRequest, from shebao.Period, lost string, lostOn time.Time,
	how string, e *shebao.EndedEmployment) (*shebao.OtherDetermination, error) {
	start, err := time.Parse(shebao.DateLayout, e.Start)
	if err != nil {
		return nil, err
	}
	employer := e.EmployerName
	if employer == "" {
		employer = e.Employer
	}
	years := policy.FullYears(start, lostOn)
	if years < 1 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s为农民合同制工人,在%s自%s至%s连续工作不满1年,不能领取一次性生活补助(《失业保险条例》第二十一条);农民合同制工人本人未缴纳失业保险费,不领取失业保险金",
			p.Name, employer, e.Start, e.End)
	}
	if e.Paid210 == 0 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s为农民合同制工人,%s在其工作期间(%s至%s)没有足额缴纳的失业保险费,不能支付一次性生活补助(《失业保险条例》第二十一条:本单位已缴纳失业保险费)",
			p.Name, employer, e.Start, e.End)
	}
	perYear, pp, err := set.Money("unemployment.rural_allowance.per_year", p.Region, lostOn)
	if err != nil {
		return nil, err
	}
	maxYears, mp, err := set.Int("unemployment.rural_allowance.max_years", p.Region, lostOn)
	if err != nil {
		return nil, err
	}
	amount, formula := policy.RuralAllowance(years, maxYears, perYear)
	month := string(from)
	lines := []string{
		fmt.Sprintf("失业:失业保险于%s%s", lost, how),
		fmt.Sprintf("农民合同制工人:在%s自%s至%s连续工作满%d年,单位足额缴纳失业保险费%d个月;本人不缴纳失业保险费(《失业保险条例》第六条),劳动合同终止后由经办机构支付一次性生活补助,不领取失业保险金(第二十一条)",
			employer, e.Start, e.End, years, e.Paid210),
		fmt.Sprintf("%s(每满1年标准:%s;最长计发年数:%s)", formula, pp.Cite(), mp.Cite()),
		fmt.Sprintf("一次性发放,于%s发放", month),
	}
	d := &shebao.OtherDetermination{Kind: shebao.BenefitRuralAllowance, StartMonth: month, EndMonth: month, Amount: amount, Months: 1, Total: amount,
		Explain: strings.Join(lines, "\n"),
		Inputs: map[string]any{"unemployed_on": lost, "how": how, "employer": e.Employer, "employment_start": e.Start, "years": years,
			"paid_210_months": e.Paid210, "per_year": perYear, "max_years": maxYears, "amount": amount}}
	d.Benefit = shebao.NewBenefit{StartMonth: month, Monthly: amount, BankAccount: strings.TrimSpace(req.BankAccount),
		Source:  "determination:210:rural:" + lost,
		Summary: fmt.Sprintf("%s(%s)农民合同制工人一次性生活补助%s元(连续工作%d年),于%s发放", p.Name, idno.MaskID(p.IDNo), amount, years, month)}
	return d, nil
}

// ---------------------------------------------------------------------------
// 生育津贴

func (s *Service) determineMaternity(ctx context.Context, set *policy.Set, p *shebao.Person, req shebao.MaternityRequest) (*shebao.OtherDetermination, error) {
	birth, err := parseDay("生育日期", req.BirthDate)
	if err != nil {
		return nil, err
	}
	date := birth.Format(shebao.DateLayout)
	month, err := parseMonthDefault("发放月份", req.Month)
	if err != nil {
		return nil, err
	}
	if p.Sex != "女" {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s为男性,生育津贴发给生育的女职工", p.Name)
	}
	babies := req.Babies
	if babies == 0 {
		babies = 1
	}
	if babies < 1 || babies > 9 {
		return nil, shebao.FieldErrorf("婴儿数", "婴儿数应为1–9,实为%d", req.Babies)
	}
	last := birth.Year() - 1
	ew, err := s.store.MaternityEmployer(ctx, p.IDNo, req.Employer, date, last)
	if err != nil {
		return nil, err
	}
	emp, uscc := ew.Employer, ew.Employer.USCC
	if c, st, err := s.coverageOn(ctx, p.IDNo, shebao.SchemeMaternity, date); err != nil {
		return nil, err
	} else if c == nil || st != shebao.EnrollActive {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s生育时(%s)未参加生育保险(510)或未在缴费状态,不能领取生育津贴", p.Name, date)
	}
	if !ew.Employed {
		return nil, shebao.FieldErrorf("单位", "%s生育时(%s)不在%s参保", p.Name, date, emp.Name)
	}
	wages, rows := ew.Wages, ew.Rows
	if rows == 0 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s在%d年没有缴费工资申报,无法计算上年度职工月平均工资", emp.Name, last)
	}
	avg := shebao.Money(shebao.DivRound(int64(wages), rows))
	var leave policy.MaternityLeave
	lp, err := set.Table("maternity.days", p.Region, birth, &leave)
	if err != nil {
		return nil, err
	}
	var codes []string
	if req.Difficult {
		codes = append(codes, "difficult")
	}
	for range babies - 1 {
		codes = append(codes, "multiple")
	}
	days, err := leave.Days(codes...)
	if err != nil {
		return nil, err
	}
	amount, formula := policy.MaternityAllowanceExplain(avg, days)
	var extra []string
	if req.Difficult {
		extra = append(extra, "难产")
	}
	if babies > 1 {
		extra = append(extra, fmt.Sprintf("生育%d个婴儿", babies))
	}
	daysText := fmt.Sprintf("产假%d天(基本%d天", days, leave.Base)
	if len(extra) > 0 {
		daysText += "," + strings.Join(extra, "、")
	}
	daysText += ";" + lp.Cite() + ")"
	lines := []string{
		fmt.Sprintf("生育日期%s,参保单位%s(%s)", date, emp.Name, uscc),
		fmt.Sprintf("单位上年度(%d年)职工月平均工资 = 全年申报工资总额%s元 ÷ 申报人月数%d = %s元", last, wages, rows, avg),
		daysText,
		formula,
		fmt.Sprintf("一次性发放,于%s发放", month),
	}
	d := &shebao.OtherDetermination{Kind: shebao.BenefitMaternity, StartMonth: month, EndMonth: month, Amount: amount, Months: 1, Total: amount,
		Explain: strings.Join(lines, "\n"),
		Inputs: map[string]any{"birth_date": date, "employer": uscc, "year": last, "wages": wages, "employee_months": rows,
			"avg_wage": avg, "days": days, "difficult": req.Difficult, "babies": babies}}
	d.Benefit = shebao.NewBenefit{StartMonth: month, Monthly: amount, BankAccount: strings.TrimSpace(req.BankAccount),
		Source:  "determination:510:" + date,
		Summary: fmt.Sprintf("%s(%s)生育津贴%s元(%s ÷ 30 × %d天),生育日期%s,于%s发放", p.Name, idno.MaskID(p.IDNo), amount, avg, days, date, month)}
	return d, nil
}

// ---------------------------------------------------------------------------
// 一次性伤残补助金

func (s *Service) determineInjury(ctx context.Context, set *policy.Set, p *shebao.Person, req shebao.InjuryRequest) (*shebao.OtherDetermination, error) {
	injury, err := parseDay("受伤日期", req.InjuryDate)
	if err != nil {
		return nil, err
	}
	date := injury.Format(shebao.DateLayout)
	month, err := parseMonthDefault("发放月份", req.Month)
	if err != nil {
		return nil, err
	}
	if req.Grade < 1 || req.Grade > 10 {
		return nil, shebao.FieldErrorf("伤残等级", "伤残等级应为1–10,实为%d", req.Grade)
	}
	if c, _, err := s.coverageOn(ctx, p.IDNo, shebao.SchemeWorkInjury, date); err != nil {
		return nil, err
	} else if c == nil {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s受伤时(%s)未参加工伤保险(410),一次性伤残补助金由用人单位支付(工伤保险条例 第六十二条)", p.Name, date)
	}
	injMonth := date[:7]
	first, last := policy.AddMonths(injMonth, -12), policy.AddMonths(injMonth, -1)
	// 本人工资 is the contribution wage (缴费工资): the 410 bases assessed,
	// each month's declared wage already limited to that month's base
	// floor and ceiling (and an undeclared month at the base it was
	// assessed on), not the wages declared.
	wages, months, err := s.store.InjuryBases(ctx, p.IDNo, first, last)
	if err != nil {
		return nil, err
	}
	if months == 0 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s在受伤前12个月(%s至%s)没有核定的工伤保险缴费基数,无法计算本人工资", p.Name, first, last)
	}
	own := shebao.Money(shebao.DivRound(int64(wages), months))
	avgWage, wp, err := set.Money("wage.avg_monthly", p.Region, injury)
	if err != nil {
		return nil, err
	}
	wage, clamp := policy.InjuryWage(own, avgWage)
	var table policy.InjuryMonths
	tp, err := set.Table("injury.lump_months", p.Region, injury, &table)
	if err != nil {
		return nil, err
	}
	amount, formula, err := policy.InjuryLumpSumExplain(wage, req.Grade, table)
	if err != nil {
		return nil, err
	}
	lines := []string{
		fmt.Sprintf("受伤日期%s,伤残等级%d级", date, req.Grade),
		fmt.Sprintf("本人工资 = 受伤前12个月(%s至%s)工伤保险缴费基数合计%s元 ÷ %d个月 = %s元(工伤保险条例 第六十四条:本人受工伤前12个月平均月缴费工资)",
			first, last, wages, months, own),
		fmt.Sprintf("%s;按统筹地区职工月平均工资%s元的60%%–300%%计(%s)", clamp, avgWage, wp.Cite()),
		fmt.Sprintf("%s(%s)", formula, tp.Cite()),
		fmt.Sprintf("一次性发放,于%s发放", month),
	}
	m, _ := table.For(req.Grade)
	d := &shebao.OtherDetermination{Kind: shebao.BenefitInjuryLumpSum, StartMonth: month, EndMonth: month, Amount: amount, Months: 1, Total: amount,
		Explain: strings.Join(lines, "\n"),
		Inputs: map[string]any{"injury_date": date, "grade": req.Grade, "wages": wages, "wage_months": months, "own_wage": own,
			"avg_wage": avgWage, "wage": wage, "months": m}}
	d.Benefit = shebao.NewBenefit{StartMonth: month, Monthly: amount, BankAccount: strings.TrimSpace(req.BankAccount),
		Source:  "determination:410:" + date,
		Summary: fmt.Sprintf("%s(%s)一次性伤残补助金%s元(%d级,本人工资%s × %d个月),于%s发放", p.Name, idno.MaskID(p.IDNo), amount, req.Grade, wage, m, month)}
	return d, nil
}
