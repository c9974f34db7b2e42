package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// The other benefits of DOMAIN.md §6, each computed from the person's own
// record and the policy in force, explained in Chinese, and — unless a
// preview — submitted as a determination (经办) that a second clerk
// approves (复核, SubmitDetermination); the approved benefit is then paid by
// the monthly payroll.
//
//   - 失业保险金 (210): months by the cumulative months of 210 contributions
//     paid (bill lines of bills paid in full, and the yearly history of
//     contribution_years for years without bill lines) — 12/18/24
//     (失业保险条例 第十七条), at least 12 months (第十四条); monthly =
//     wage.min_monthly × unemployment.ratio_of_min_wage in force for the
//     person's region in the first month; paid from the given month for
//     that many months. The person's 210 enrollment must be interrupted
//     (暂停缴费 after 减员, or ended other than by death or as a duplicate).
//   - 生育津贴 (510): the employer's average monthly wage of the previous
//     calendar year = the wages it declared for that year ÷ the number of
//     employee-months declared (declarations), ÷ 30 × the days of leave
//     (maternity.days: base + difficult birth + each additional baby); the
//     insured woman must be in 510 and employed by that employer on the
//     birth date. One-off, paid in the given payroll month.
//   - 一次性伤残补助金 (410): the insured's own wage = the average of the
//     wages declared for her or him in the 12 months before the month of
//     the injury (months declared), limited to 60%–300% of wage.avg_monthly
//     (工伤保险条例 第六十四条), × the months of the disability grade
//     (injury.lump_months); the person must be in 410 on the injury date.
//     One-off.

// DetermineUnemployment computes the unemployment benefit (see the top of
// this file) and, unless a preview, submits it for approval.
func (db *DB) DetermineUnemployment(ctx context.Context, req shebao.UnemploymentRequest) (*shebao.OtherDetermination, error) {
	return db.determineOther(ctx, req.IDNo, req.Preview, func(tx *Tx, set *policy.Set, p *shebao.Person) (*shebao.OtherDetermination, error) {
		return tx.determineUnemployment(ctx, set, p, req)
	})
}

// DetermineMaternity computes the maternity allowance (see the top of this
// file) and, unless a preview, submits it for approval.
func (db *DB) DetermineMaternity(ctx context.Context, req shebao.MaternityRequest) (*shebao.OtherDetermination, error) {
	return db.determineOther(ctx, req.IDNo, req.Preview, func(tx *Tx, set *policy.Set, p *shebao.Person) (*shebao.OtherDetermination, error) {
		return tx.determineMaternity(ctx, set, p, req)
	})
}

// DetermineInjury computes the work-injury lump sum (see the top of this
// file) and, unless a preview, submits it for approval.
func (db *DB) DetermineInjury(ctx context.Context, req shebao.InjuryRequest) (*shebao.OtherDetermination, error) {
	return db.determineOther(ctx, req.IDNo, req.Preview, func(tx *Tx, set *policy.Set, p *shebao.Person) (*shebao.OtherDetermination, error) {
		return tx.determineInjury(ctx, set, p, req)
	})
}

// determineOther is what the three share: the right to determine (or to
// read, for a preview), the person in the jurisdiction, one transaction
// that computes, and either the audited read of a preview or the
// submission.
func (db *DB) determineOther(ctx context.Context, id string, preview bool,
	compute func(tx *Tx, set *policy.Set, p *shebao.Person) (*shebao.OtherDetermination, error)) (*shebao.OtherDetermination, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	action := "benefit.determine"
	if preview {
		action = "benefit.read"
	}
	if err := authorize(sc.actor, action, shebao.EntityBenefit, id); err != nil {
		return nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.OtherDetermination
	err = db.Update(ctx, func(tx *Tx) error {
		n, err := canonicalIDNo(id)
		if err != nil {
			return err
		}
		p, err := tx.personInScope(ctx, n)
		if err != nil {
			return err
		}
		if p.Status == shebao.StatusDeceased {
			return shebao.Errorf(shebao.ECONFLICT, "%s已于%s死亡,不能核定待遇", p.Name, p.DeathDate)
		}
		if out, err = compute(tx, set, p); err != nil {
			return err
		}
		k, _ := shebao.FindBenefitKind(out.Kind)
		out.KindName, out.IDNo, out.Name, out.Region, out.Preview = k.Name, p.IDNo, p.Name, p.Region, preview
		out.Benefit.IDNo, out.Benefit.Kind, out.Benefit.Explanation, out.Benefit.Detail = p.IDNo, out.Kind, out.Explain, out.Inputs
		if preview {
			return tx.audit(ctx, "benefit.read", shebao.EntityBenefit, p.IDNo, p.Region, nil, map[string]any{"preview": out.Benefit.Source})
		}
		out.Approval, err = tx.submitDetermination(ctx, out.Benefit)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// coverageOn returns the person's enrollment of the scheme that covers the
// date (with its status on that date), or nil.
func (tx *Tx) coverageOn(ctx context.Context, id, scheme, date string) (*coverage, string, error) {
	covers, err := tx.schemeCoverage(ctx, []string{id}, scheme)
	if err != nil {
		return nil, "", err
	}
	for _, c := range covers[id] {
		if st := c.statusOn(date); st != "" {
			return c, st, nil
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

// addMonths returns the month n months after m ("YYYY-MM").
func addMonths(m string, n int) string {
	return monthOf(monthIdx(m) + n)
}

// ---------------------------------------------------------------------------
// 失业保险金

// paidMonths210 counts the months of 210 contributions paid by the person
// up to the month: bill lines of bills paid in full, then the yearly
// history for years without bill lines.
func (tx *Tx) paidMonths210(ctx context.Context, id, upto string) (fromBills, fromHistory int, err error) {
	rows, err := tx.Query(ctx, `SELECT DISTINCT l.period FROM bill_lines l
		JOIN bills b ON b.payer_kind = 'employer' AND b.payer = l.employer_uscc AND b.period = l.period
		WHERE l.id_no = $1 AND l.scheme = '210' AND b.paid >= b.total AND l.period <= $2`, id, upto)
	if err != nil {
		return 0, 0, err
	}
	years := map[int]bool{}
	for rows.Next() {
		var period string
		if err := rows.Scan(&period); err != nil {
			rows.Close()
			return 0, 0, err
		}
		y, _ := strconv.Atoi(period[:4])
		years[y] = true
		fromBills++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	rows, err = tx.Query(ctx, `SELECT year, months FROM contribution_years WHERE id_no = $1 AND scheme = '210' AND year <= $2`, id, upto[:4])
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var y, m int
		if err := rows.Scan(&y, &m); err != nil {
			return 0, 0, err
		}
		if !years[y] {
			fromHistory += m
		}
	}
	return fromBills, fromHistory, rows.Err()
}

func (tx *Tx) determineUnemployment(ctx context.Context, set *policy.Set, p *shebao.Person, req shebao.UnemploymentRequest) (*shebao.OtherDetermination, error) {
	from, err := shebao.ParsePeriod(req.From)
	if err != nil {
		return nil, shebao.FieldErrorf("起始月份", "起始月份“%s”无效,应为YYYY-MM", req.From)
	}
	// The 210 enrollment must be interrupted: when, and how.
	covers, err := tx.schemeCoverage(ctx, []string{p.IDNo}, shebao.SchemeUnemployment)
	if err != nil {
		return nil, err
	}
	var lost, how string
	for _, c := range covers[p.IDNo] {
		switch {
		case c.status == shebao.EnrollActive:
			return nil, shebao.Errorf(shebao.ECONFLICT, "%s的失业保险仍在参保缴费(自%s),须先办理减员(暂停缴费)才能核定失业保险金", p.Name, c.start)
		case c.status == shebao.EnrollSuspended:
			d := ""
			for _, e := range c.events {
				if e.to == shebao.EnrollSuspended && e.date > d {
					d = e.date
				}
			}
			if d > lost {
				lost, how = d, "减员(暂停缴费)"
			}
		case !shebao.IsOpen(c.status) && c.endReason != shebao.EndDeath && c.endReason != shebao.EndDuplicate && c.end > lost:
			lost, how = c.end, c.status+"("+c.endReason+")"
		}
	}
	if lost == "" {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s没有中断的失业保险参保记录(应为减员后暂停缴费),不能核定失业保险金", p.Name)
	}
	lostMonth := lost[:7]
	if string(from) < lostMonth {
		return nil, shebao.FieldErrorf("起始月份", "起始月份%s早于失业(%s %s)", from, lost, how)
	}
	bills, hist, err := tx.paidMonths210(ctx, p.IDNo, lostMonth)
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
	end := addMonths(string(from), months-1)
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

// ---------------------------------------------------------------------------
// 生育津贴

func (tx *Tx) determineMaternity(ctx context.Context, set *policy.Set, p *shebao.Person, req shebao.MaternityRequest) (*shebao.OtherDetermination, error) {
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
	uscc, err := canonicalUSCC(req.Employer)
	if err != nil {
		return nil, err
	}
	emp, err := tx.findEmployer(ctx, uscc)
	if err != nil {
		return nil, err
	}
	if emp == nil {
		return nil, notFoundEmployer(uscc)
	}
	if c, st, err := tx.coverageOn(ctx, p.IDNo, shebao.SchemeMaternity, date); err != nil {
		return nil, err
	} else if c == nil || st != shebao.EnrollActive {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s生育时(%s)未参加生育保险(510)或未在缴费状态,不能领取生育津贴", p.Name, date)
	}
	var employed int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM employments WHERE id_no = $1 AND employer_uscc = $2 AND start_date <= $3
		AND (end_date = '' OR end_date >= $3)`, p.IDNo, uscc, date).Scan(&employed); err != nil {
		return nil, err
	}
	if employed == 0 {
		return nil, shebao.FieldErrorf("单位", "%s生育时(%s)不在%s参保", p.Name, date, emp.Name)
	}
	last := birth.Year() - 1
	var wages, rows int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(CAST(SUM(wage) AS BIGINT), 0), COUNT(*) FROM declarations
		WHERE employer_uscc = $1 AND period >= $2 AND period <= $3`, uscc, fmt.Sprintf("%d-01", last), fmt.Sprintf("%d-12", last)).Scan(&wages, &rows); err != nil {
		return nil, err
	}
	if rows == 0 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s在%d年没有缴费工资申报,无法计算上年度职工月平均工资", emp.Name, last)
	}
	avg := shebao.Money(shebao.DivRound(wages, rows))
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
		fmt.Sprintf("单位上年度(%d年)职工月平均工资 = 全年申报工资总额%s元 ÷ 申报人月数%d = %s元", last, shebao.Money(wages), rows, avg),
		daysText,
		formula,
		fmt.Sprintf("一次性发放,于%s发放", month),
	}
	d := &shebao.OtherDetermination{Kind: shebao.BenefitMaternity, StartMonth: month, EndMonth: month, Amount: amount, Months: 1, Total: amount,
		Explain: strings.Join(lines, "\n"),
		Inputs: map[string]any{"birth_date": date, "employer": uscc, "year": last, "wages": shebao.Money(wages), "employee_months": rows,
			"avg_wage": avg, "days": days, "difficult": req.Difficult, "babies": babies}}
	d.Benefit = shebao.NewBenefit{StartMonth: month, Monthly: amount, BankAccount: strings.TrimSpace(req.BankAccount),
		Source:  "determination:510:" + date,
		Summary: fmt.Sprintf("%s(%s)生育津贴%s元(%s ÷ 30 × %d天),生育日期%s,于%s发放", p.Name, idno.MaskID(p.IDNo), amount, avg, days, date, month)}
	return d, nil
}

// ---------------------------------------------------------------------------
// 一次性伤残补助金

// injuryWageFloor and injuryWageCeiling bound the insured's own wage:
// 工伤保险条例 第六十四条 (本人工资高于统筹地区职工平均工资300%的,按300%计算;
// 低于60%的,按60%计算).
const (
	injuryWageFloor   shebao.Rate = 600_000
	injuryWageCeiling shebao.Rate = 3_000_000
)

func (tx *Tx) determineInjury(ctx context.Context, set *policy.Set, p *shebao.Person, req shebao.InjuryRequest) (*shebao.OtherDetermination, error) {
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
	if c, _, err := tx.coverageOn(ctx, p.IDNo, shebao.SchemeWorkInjury, date); err != nil {
		return nil, err
	} else if c == nil {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s受伤时(%s)未参加工伤保险(410),一次性伤残补助金由用人单位支付(工伤保险条例 第六十二条)", p.Name, date)
	}
	injMonth := date[:7]
	first, last := addMonths(injMonth, -12), addMonths(injMonth, -1)
	var wages, months int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(CAST(SUM(wage) AS BIGINT), 0), COUNT(DISTINCT period) FROM declarations
		WHERE id_no = $1 AND period >= $2 AND period <= $3`, p.IDNo, first, last).Scan(&wages, &months); err != nil {
		return nil, err
	}
	if months == 0 {
		return nil, shebao.Errorf(shebao.ECONFLICT, "%s在受伤前12个月(%s至%s)没有缴费工资申报,无法计算本人工资", p.Name, first, last)
	}
	own := shebao.Money(shebao.DivRound(wages, months))
	avgWage, wp, err := set.Money("wage.avg_monthly", p.Region, injury)
	if err != nil {
		return nil, err
	}
	wage, _ := policy.ClampBase(own, avgWage, injuryWageFloor, injuryWageCeiling)
	lo, hi := injuryWageFloor.Apply(avgWage), injuryWageCeiling.Apply(avgWage)
	clamp := fmt.Sprintf("本人工资%s元在下限%s元与上限%s元之间,按%s元计算", own, lo, hi, wage)
	switch {
	case own < lo:
		clamp = fmt.Sprintf("本人工资%s元低于下限%s元,按%s元计算", own, lo, wage)
	case own > hi:
		clamp = fmt.Sprintf("本人工资%s元高于上限%s元,按%s元计算", own, hi, wage)
	}
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
		fmt.Sprintf("本人工资 = 受伤前12个月(%s至%s)申报工资合计%s元 ÷ %d个月 = %s元(工伤保险条例 第六十四条)", first, last, shebao.Money(wages), months, own),
		fmt.Sprintf("%s;按统筹地区职工月平均工资%s元的60%%–300%%计(%s)", clamp, avgWage, wp.Cite()),
		fmt.Sprintf("%s(%s)", formula, tp.Cite()),
		fmt.Sprintf("一次性发放,于%s发放", month),
	}
	m, _ := table.For(req.Grade)
	d := &shebao.OtherDetermination{Kind: shebao.BenefitInjuryLumpSum, StartMonth: month, EndMonth: month, Amount: amount, Months: 1, Total: amount,
		Explain: strings.Join(lines, "\n"),
		Inputs: map[string]any{"injury_date": date, "grade": req.Grade, "wages": shebao.Money(wages), "wage_months": months, "own_wage": own,
			"avg_wage": avgWage, "wage": wage, "months": m}}
	d.Benefit = shebao.NewBenefit{StartMonth: month, Monthly: amount, BankAccount: strings.TrimSpace(req.BankAccount),
		Source:  "determination:410:" + date,
		Summary: fmt.Sprintf("%s(%s)一次性伤残补助金%s元(%d级,本人工资%s × %d个月),于%s发放", p.Name, idno.MaskID(p.IDNo), amount, req.Grade, wage, m, month)}
	return d, nil
}

// reemployment is a person taken on again by an employer on a date.
type reemployment struct{ idNo, date string }

// reemployedOf returns the re-employments among new enrollments: an active
// enrollment in 210 or 110 with an employer (增员).
func reemployedOf(ns []*shebao.Enrollment) []reemployment {
	var out []reemployment
	for _, n := range ns {
		if (n.Scheme == "210" || n.Scheme == "110") && n.Employer != "" && n.Status == shebao.EnrollActive {
			out = append(out, reemployment{n.IDNo, n.StartDate})
		}
	}
	return out
}

// stopUnemploymentOnReemployment stops the unemployment benefits (失业保险金,
// 210) of persons employed again: 失业保险条例 第十五条 — 失业人员在领取失业
// 保险金期间重新就业的,停止领取失业保险金. The benefit is paid through the
// month of re-employment and stopped from the month after (终止发放,
// end_month = that month, as ChangeBenefit's stop from the month after),
// with the reason and an audit entry; payments already made for later
// months are overpayments to recover. It is a consequence of the enrollment
// the actor is allowed to write (增员), not a benefit change of theirs, so
// it asks for no right to write benefits.
func (tx *Tx) stopUnemploymentOnReemployment(ctx context.Context, rs []reemployment) error {
	if len(rs) == 0 {
		return nil
	}
	// The unemployment benefits not stopped of these persons, in one look-up
	// (an import brings thousands of employees, a few of them unemployed).
	month := map[string]string{} // ID number → the earliest month of re-employment
	day := map[string]string{}
	ids := make([]string, 0, len(rs))
	for _, r := range rs {
		d, err := parseDay("参保日期", r.date)
		if err != nil {
			continue // the enrollment validated its date; nothing to stop by
		}
		m := d.Format("2006-01")
		if old, ok := month[r.idNo]; !ok || m < old {
			if !ok {
				ids = append(ids, r.idNo)
			}
			month[r.idNo], day[r.idNo] = m, r.date
		}
	}
	if len(ids) == 0 {
		return nil
	}
	cond, args := tx.inKeys("id_no", ids, []any{shebao.BenefitUnemployment, shebao.BenefitStopped})
	rows, err := tx.Query(ctx, `SELECT id, id_no, region_code, status, start_month, end_month FROM benefits
		WHERE kind = $1 AND status <> $2 AND `+cond+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	type ben struct{ id, idNo, region, status, start, end string }
	var bs []ben
	for rows.Next() {
		var b ben
		if err := rows.Scan(&b.id, &b.idNo, &b.region, &b.status, &b.start, &b.end); err != nil {
			rows.Close()
			return err
		}
		// Running in the month of re-employment (not started after it,
		// not ended before the month after).
		if m := month[b.idNo]; b.start <= m && (b.end == "" || b.end > m) {
			bs = append(bs, b)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	a, _ := shebao.ActorFrom(ctx)
	stops := map[string]stopAt{} // benefit id → its last month and the date of re-employment
	for _, b := range bs {
		month, date := month[b.idNo], day[b.idNo]
		stops[b.id] = stopAt{month, date}
		reason := fmt.Sprintf("%s(%s增员参保),依《失业保险条例》第十五条自%s起停止领取失业保险金", shebao.ReasonReemployed, date, addMonths(month, 1))
		if _, err := tx.Exec(ctx, `UPDATE benefits SET status = $1, end_month = $2, status_reason = $3, version = version + 1,
				updated_at = $4, updated_by = $5 WHERE id = $6 AND status <> $1`,
			shebao.BenefitStopped, month, reason, fmtTime(tx.now), a.Name, b.id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE benefit_amounts SET to_month = $1 WHERE benefit_id = $2 AND (to_month = '' OR to_month > $1)`, month, b.id); err != nil {
			return err
		}
		// Payments of later months already released (paid by the bank) are
		// to be recovered; those still waiting for their release are
		// cancelled below (cancelPendingAfterStop).
		if _, err := tx.Exec(ctx, `INSERT INTO overpayments (benefit_id, month, id_no, scheme, region_code, amount, reason, status, found_at)
				SELECT benefit_id, month, id_no, scheme, region_code, amount, $3 || month || '失业保险金在重新就业后发放', $4, $5
				FROM benefit_payments WHERE benefit_id = $1 AND month > $2 AND status = $6
				ON CONFLICT (benefit_id, month) DO NOTHING`,
			b.id, month, shebao.ReasonReemployed+"停发追回:"+date+"重新就业,", shebao.OverpaymentOpen, fmtTime(tx.now), shebao.PaymentReleased); err != nil {
			return err
		}
		// Recorded as the benefit's stop by the actor of the enrollment (auditAs:
		// the right exercised is the enrollment's, not a benefit write).
		if err := tx.auditAs(ctx, a, "benefit.stop", shebao.EntityBenefit, b.id, b.region,
			map[string]string{"status": b.status, "end_month": b.end},
			map[string]string{"status": shebao.BenefitStopped, "end_month": month, "month": addMonths(month, 1), "reason": reason}); err != nil {
			return err
		}
	}
	_, err = tx.cancelPendingAfterStop(ctx, a, stops)
	return err
}

// stopAt is where a benefit stopped on re-employment ends: its last month
// paid and the date of re-employment.
type stopAt struct{ month, date string }

// cancelPendingAfterStop cancels the payments still waiting for their
// release (待发放) of the unemployment benefits stopped on re-employment
// (stops: benefit id → {the last month paid, the date of re-employment}),
// for the months after the stop, as the payroll does for a death
// (cancelPendingAfterDeath, overpayments.go): the money has not left the
// fund, so there is nothing to recover. Each payment moves to
// benefit_payment_cancellations (已取消) with the release then pending for
// its batch (which, when approved, counts it as taken out), its ledger
// lines are reversed by a new entry (Dr 2101, Cr the expense account it was
// charged to) and an account part, if any, goes back into the individual
// account. The entries are posted for the enrollment the actor writes (增
// 员); the cancellation is audited as a benefit change by that actor.
func (tx *Tx) cancelPendingAfterStop(ctx context.Context, a shebao.Actor, stops map[string]stopAt) (int, error) {
	if len(stops) == 0 {
		return 0, nil
	}
	ids := make([]string, 0, len(stops))
	for id := range stops {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	cond, args := tx.inKeys("benefit_id", ids, []any{shebao.PaymentPending})
	rows, err := tx.Query(ctx, `SELECT benefit_id, month, id_no, scheme, kind, region_code, amount, account_part, basic_part, batch
		FROM benefit_payments WHERE status = $1 AND `+cond+` ORDER BY benefit_id, month`, args...)
	if err != nil {
		return 0, err
	}
	var cs []pendingPayment
	for rows.Next() {
		var c pendingPayment
		if err := rows.Scan(&c.benefit, &c.month, &c.idNo, &c.scheme, &c.kind, &c.region, &c.amount, &c.acct, &c.basic, &c.batch); err != nil {
			rows.Close()
			return 0, err
		}
		st := stops[c.benefit]
		if c.month > st.month { // a month after the stop
			c.reason = fmt.Sprintf("%s:%s重新就业,自%s起停止领取失业保险金,%s待遇尚未发放,取消发放", shebao.ReasonReemployedCancel, st.date, addMonths(st.month, 1), c.month)
			cs = append(cs, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(cs) == 0 {
		return 0, err
	}
	return tx.cancelPending(ctx, paymentCancellation{actor: a, entity: shebao.EntityEnrollment, auditAction: "benefit.cancel_payments",
		auditEntity: shebao.EntityBenefit, auditRegion: cs[0].region, reason: shebao.ReasonReemployedCancel, cause: "重新就业停发", accountCause: "重新就业",
		changed: "取消重新就业后待发放的失业保险金时名单已变化,请重试"}, cs)
}
