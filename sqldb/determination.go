package sqldb

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Pension determination (待遇核定) of the employee pension (110) and the
// residents' pension (170) from the person's own record, and the what-if
// calculator of the employee pension. A determination computes the
// entitlement, explains it in Chinese and puts it in the approval queue
// (SubmitDetermination): the benefit exists only when a second clerk
// approves it.

// CalcPension computes a what-if employee pension (国发〔2005〕38号) from
// the figures given; what is not given comes from the policy in force.
// Fewer than 15 years is an error with the reason. Anyone who reads
// benefits may use it; it reads no personal record.
func (db *DB) CalcPension(ctx context.Context, req shebao.PensionCalcRequest) (*shebao.PensionCalc, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.Read(shebao.EntityBenefit)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", sc.actor.RoleName(), shebao.EntityName(shebao.EntityBenefit))
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	return CalcPension(set, req)
}

// CalcPension is the what-if on a policy set.
func CalcPension(set *policy.Set, req shebao.PensionCalcRequest) (*shebao.PensionCalc, error) {
	on := shebao.Today()
	if req.Date != "" {
		d, err := time.Parse(shebao.DateLayout, req.Date)
		if err != nil {
			return nil, shebao.FieldErrorf("date", "日期“%s”无效,应为YYYY-MM-DD", req.Date)
		}
		on = d
	}
	var sources []string
	decimal := func(field, name string, v shebao.DecimalText, places int) (int64, error) {
		if strings.TrimSpace(string(v)) == "" {
			return 0, shebao.FieldErrorf(field, "缺少%s", name)
		}
		n, err := policy.ParseDecimal(string(v), places)
		if err != nil {
			return 0, shebao.FieldErrorf(field, "%s:%s", name, shebao.ErrorMessage(err))
		}
		return n, nil
	}
	money := func(field, name string, v shebao.DecimalText) (shebao.Money, error) {
		n, err := decimal(field, name, v, 2)
		return shebao.Money(n), err
	}
	var in policy.PensionInput
	var err error
	if strings.TrimSpace(string(req.Wage)) == "" {
		var p policy.Param
		if in.AvgWage, p, err = set.Money("wage.avg_monthly", req.Region, on); err != nil {
			return nil, shebao.FieldErrorf("wage", "未给出社平工资,且%s", shebao.ErrorMessage(err))
		}
		sources = append(sources, "社平工资"+in.AvgWage.String()+"元:"+p.Cite())
	} else if in.AvgWage, err = money("wage", "社平工资", req.Wage); err != nil {
		return nil, err
	}
	if in.Index, err = decimal("index", "平均缴费指数", req.Index, 4); err != nil {
		return nil, err
	}
	if in.YearsE4, err = decimal("years", "缴费年限", req.Years, 4); err != nil {
		return nil, err
	}
	if in.Balance, err = money("balance", "个人账户储存额", req.Balance); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Age) == "" {
		return nil, shebao.FieldErrorf("age", "缺少退休年龄")
	}
	if in.AgeYears, in.AgeMonths, err = policy.ParseAge(req.Age); err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(req.DeemedYears)) != "" {
		if in.DeemedYearsE4, err = decimal("deemed_years", "视同缴费年限", req.DeemedYears, 4); err != nil {
			return nil, err
		}
	}
	if strings.TrimSpace(string(req.DeemedIndex)) != "" {
		if in.DeemedIndex, err = decimal("deemed_index", "视同缴费指数", req.DeemedIndex, 4); err != nil {
			return nil, err
		}
	}
	out := &shebao.PensionCalc{}
	if strings.TrimSpace(string(req.TransitionRate)) != "" {
		if in.TransitionCoef, err = shebao.ParsePercent(string(req.TransitionRate)); err != nil || in.TransitionCoef < 0 {
			return nil, shebao.FieldErrorf("transition_rate", "过渡性养老金计发系数“%s”无效(百分数,如1.2表示1.2%%)", req.TransitionRate)
		}
	} else if in.DeemedYearsE4 > 0 {
		dec, p, err := set.Decimal("pension.transition_coef", req.Region, on)
		if err != nil {
			return nil, shebao.FieldErrorf("transition_rate", "未给出过渡性养老金计发系数,且%s", shebao.ErrorMessage(err))
		}
		if in.TransitionCoef, err = shebao.ParsePercent(dec); err != nil {
			return nil, err
		}
		sources = append(sources, "过渡性养老金计发系数"+in.TransitionCoef.Percent()+":"+p.Cite())
	}
	var divisors policy.DivisorTable
	p, err := set.Table("pension.divisor", req.Region, on, &divisors)
	if err != nil {
		return nil, err
	}
	in.Divisors = divisors
	sources = append(sources, "计发月数表:"+p.Cite())
	if in.YearsE4 == 0 {
		// Zero would make EmployeePension read Months instead.
		return nil, shebao.FieldErrorf("years", "累计缴费年限(含视同缴费)0年,不足按月领取基本养老金的最低缴费年限15年")
	}
	r, err := policy.EmployeePension(in)
	if err != nil {
		return nil, err
	}
	out.Basic, out.Account, out.Transitional, out.Total = r.Basic, r.Account, r.Transition, r.Total
	out.Divisor = policy.DivisorText(r.DivisorTenths)
	out.Explain = r.Explain()
	out.Wage = in.AvgWage
	out.Index = strings.TrimSpace(string(req.Index))
	out.Years = policy.YearsText(in.YearsE4)
	if in.DeemedYearsE4 > 0 {
		out.DeemedYears = policy.YearsText(in.DeemedYearsE4)
		out.TransitionRate = in.TransitionCoef.Percent()
	}
	out.Age = fmt.Sprintf("%d岁%d个月", in.AgeYears, in.AgeMonths)
	out.Sources = sources
	return out, nil
}

// Kinds a determination request may name.
const (
	DeterminePension         = shebao.BenefitPension
	DetermineResidentPension = shebao.BenefitResidentPension
)

// Determine computes a pension of the kind from the person's record and the
// policy in force, and — unless req.Preview — submits it for approval
// (经办): the benefit is created when another clerk approves (复核).
func (db *DB) Determine(ctx context.Context, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	action := "benefit.determine"
	if req.Preview {
		action = "benefit.read"
	}
	if err := authorize(sc.actor, action, shebao.EntityBenefit, req.IDNo); err != nil {
		return nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.Determination
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		switch req.Kind {
		case DeterminePension:
			out, err = tx.determinePension(ctx, set, req)
		case DetermineResidentPension:
			out, err = tx.determineResidentPension(ctx, set, req)
		default:
			return shebao.FieldErrorf("kind", "待遇核定的种类“%s”无效,应为pension(企业职工基本养老金)或resident_pension(城乡居民养老金)", req.Kind)
		}
		if err != nil {
			return err
		}
		out.Preview = req.Preview
		if req.Preview {
			// Computing reads the person's contributions and account.
			return tx.audit(ctx, "benefit.read", shebao.EntityBenefit, out.IDNo, out.Region, nil, map[string]any{"preview": out.Benefit.Source})
		}
		out.Approval, err = tx.submitDetermination(ctx, out.Benefit)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeterminePension computes the employee pension (110) of a person; see
// Determine.
func (db *DB) DeterminePension(ctx context.Context, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	req.Kind = DeterminePension
	return db.Determine(ctx, req)
}

// DetermineResidentPension computes the residents' pension (170) of a
// person; see Determine.
func (db *DB) DetermineResidentPension(ctx context.Context, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	req.Kind = DetermineResidentPension
	return db.Determine(ctx, req)
}

// monthIdx and monthOf convert "YYYY-MM" to and from year×12 + month − 1.
func monthIdx(p string) int {
	y, _ := strconv.Atoi(p[:4])
	m, _ := strconv.Atoi(p[5:7])
	return y*12 + m - 1
}

func monthOf(idx int) string { return fmt.Sprintf("%04d-%02d", idx/12, idx%12+1) }

// retirement decides the retirement month and age: the statutory one by
// default, or a later month the clerk gives (a person who retires later, or
// a resident who applies later). An earlier month is refused: early
// retirement (特殊工种、病退) is not handled here.
func retirement(birth time.Time, statutoryMonth string, retire string) (month string, years, months int, err error) {
	month = statutoryMonth
	if retire != "" {
		p, err := shebao.ParsePeriod(retire)
		if err != nil {
			return "", 0, 0, shebao.FieldErrorf("retire", "退休月份“%s”无效,应为YYYY-MM", retire)
		}
		if string(p) < statutoryMonth {
			return "", 0, 0, shebao.FieldErrorf("retire", "退休月份%s早于法定退休年龄到达的月份%s(提前退休不在此办理)", p, statutoryMonth)
		}
		month = string(p)
	}
	age := monthIdx(month) - (birth.Year()*12 + int(birth.Month()) - 1)
	return month, age / 12, age % 12, nil
}

// determinePension is the employee pension (国发〔2005〕38号).
func (tx *Tx) determinePension(ctx context.Context, set *policy.Set, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	id, err := canonicalIDNo(req.IDNo)
	if err != nil {
		return nil, err
	}
	p, err := tx.personInScope(ctx, id)
	if err != nil {
		return nil, err
	}
	birth, err := time.Parse(shebao.DateLayout, p.Birth)
	if err != nil {
		return nil, fmt.Errorf("birth date of %s: %w", idno.MaskID(id), err)
	}
	original := 60
	if p.Sex == "女" {
		switch strings.TrimSpace(req.Group) {
		case "女工人", "工人", "50":
			original = 50
		case "女干部", "干部", "55":
			original = 55
		case "":
			return nil, shebao.FieldErrorf("group", "%s为女职工,须指明原法定退休年龄类别:女工人(50周岁)或女干部(55周岁)", p.Name)
		default:
			return nil, shebao.FieldErrorf("group", "人员类别“%s”无效,应为女工人或女干部", req.Group)
		}
	}
	if req.DeemedMonths < 0 || req.DeemedMonths > 600 {
		return nil, shebao.FieldErrorf("deemed_months", "视同缴费月数%d不合理", req.DeemedMonths)
	}
	// The rules in force when the original age is reached.
	origMonth := monthOf(birth.Year()*12 + int(birth.Month()) - 1 + original*12)
	var rules policy.RetirementRules
	rulesParam, err := set.Table("retirement.rules", p.Region, shebao.Period(origMonth).First(), &rules)
	if err != nil {
		return nil, err
	}
	ret, err := policy.RetirementAgeExplain(birth, p.Sex, original, rules)
	if err != nil {
		return nil, err
	}
	retireMonth, ageY, ageM, err := retirement(birth, ret.Month, req.Retire)
	if err != nil {
		return nil, err
	}
	on := shebao.Period(retireMonth).First()
	var minRule policy.MinContribution
	minParam, err := set.Table("retirement.min_contribution", p.Region, on, &minRule)
	if err != nil {
		return nil, err
	}
	minMonths := minRule.Months(on.Year())
	c, cParam, err := set.Money("wage.avg_monthly", p.Region, on)
	if err != nil {
		return nil, shebao.FieldErrorf("社平工资", "退休月份%s的计发基数:%s", retireMonth, shebao.ErrorMessage(err))
	}
	var divisors policy.DivisorTable
	if _, err := set.Table("pension.divisor", p.Region, on, &divisors); err != nil {
		return nil, err
	}

	years, err := tx.contributionHistory(ctx, set, id, p.Region, retireMonth)
	if err != nil {
		return nil, err
	}
	actual := 0
	for _, y := range years.rows {
		actual += y.Months
	}
	total := actual + req.DeemedMonths
	if total < minMonths {
		return nil, shebao.FieldErrorf("缴费年限", "%s累计缴费%d个月(实际缴费%d个月,视同缴费%d个月),不足按月领取基本养老金的最低缴费年限%d个月(%s),还差%d个月",
			p.Name, total, actual, req.DeemedMonths, minMonths, yearsMonthsText(minMonths), minMonths-total)
	}
	if actual == 0 {
		return nil, shebao.FieldErrorf("缴费年限", "%s没有实际缴费记录,无法计算平均缴费指数", p.Name)
	}
	// I = Σ (months_y × index_y) ÷ Σ months_y, index_y = base_y ÷ wage_y:
	// month-weighted, so Σ months_y × index_y = Σ base_total_y ÷ wage_y.
	avgIndex := roundRat(new(big.Rat).Quo(years.weighted, big.NewRat(int64(actual), 1)), policy.IndexScale)
	var deemedIndex int64
	if strings.TrimSpace(string(req.DeemedIndex)) != "" {
		if deemedIndex, err = policy.ParseDecimal(string(req.DeemedIndex), 4); err != nil {
			return nil, shebao.FieldErrorf("deemed_index", "视同缴费指数:%s", shebao.ErrorMessage(err))
		}
	}
	var coef shebao.Rate
	var coefText string
	if req.DeemedMonths > 0 {
		dec, cp, err := set.Decimal("pension.transition_coef", p.Region, on)
		if err != nil {
			return nil, err
		}
		if coef, err = shebao.ParsePercent(dec); err != nil {
			return nil, err
		}
		coefText = fmt.Sprintf("过渡性养老金计发系数%s(%s)", coef.Percent(), cp.Cite())
	}
	var balance int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(balance), 0) FROM individual_accounts WHERE fund = '110' AND id_no = $1`, id).Scan(&balance); err != nil {
		return nil, err
	}
	r, err := policy.EmployeePension(policy.PensionInput{
		AvgWage: c, Index: avgIndex, Months: total, DeemedMonths: req.DeemedMonths, DeemedIndex: deemedIndex,
		Balance: shebao.Money(balance), AgeYears: ageY, AgeMonths: ageM, Divisors: divisors,
		TransitionCoef: coef, MinMonths: minMonths,
	})
	if err != nil {
		return nil, err
	}
	start := monthOf(monthIdx(retireMonth) + 1)
	var lines []string
	lines = append(lines, "退休时间:"+ret.Explain+"("+rulesParam.Cite()+")")
	if retireMonth != ret.Month {
		lines = append(lines, fmt.Sprintf("本人于%s退休,退休年龄%d岁%d个月", retireMonth, ageY, ageM))
	}
	lines = append(lines,
		fmt.Sprintf("缴费年限:实际缴费%s(%d个月)+ 视同缴费%s(%d个月)= %s;最低缴费年限%s(%s)",
			yearsMonthsText(actual), actual, yearsMonthsText(req.DeemedMonths), req.DeemedMonths, yearsMonthsText(total),
			yearsMonthsText(minMonths), minParam.Cite()),
		fmt.Sprintf("平均缴费指数 = Σ(各年缴费月数 × 当年缴费指数)÷ 实际缴费月数 = %s ÷ %d = %s(各年缴费指数 = 当年月平均缴费基数 ÷ 当年社平工资,按缴费月数加权,四舍五入保留4位小数;国发〔2005〕38号)",
			ratText(years.weighted, 4), actual, formatE4(avgIndex)),
		fmt.Sprintf("计发基数 C = 退休时上年度社平工资%s元(%s)", c, cParam.Cite()),
		fmt.Sprintf("个人账户储存额%s元", shebao.Money(balance)))
	if coefText != "" {
		lines = append(lines, coefText)
	}
	lines = append(lines, r.Explain(), fmt.Sprintf("自%s起按月发放(退休次月)", start))

	d := &shebao.Determination{
		Kind: DeterminePension, IDNo: id, Name: p.Name, Region: p.Region, RetireMonth: retireMonth, StartMonth: start,
		Age: fmt.Sprintf("%d岁%d个月", ageY, ageM), Basic: r.Basic, Account: r.Account, Transitional: r.Transition,
		Total: r.Total, Divisor: policy.DivisorText(r.DivisorTenths), Months: actual, DeemedMonths: req.DeemedMonths,
		MinMonths: minMonths, Index: formatE4(avgIndex), Balance: shebao.Money(balance), AvgWage: c, Years: years.rows,
		Explain: strings.Join(lines, "\n"),
	}
	d.Benefit = shebao.NewBenefit{
		IDNo: id, Kind: shebao.BenefitPension, StartMonth: start, Monthly: r.Total, AccountPart: r.Account,
		BankAccount: strings.TrimSpace(req.BankAccount), Source: "determination:110:" + retireMonth, Explanation: d.Explain,
		Detail: map[string]any{
			"birth": p.Birth, "sex": p.Sex, "original_age": original, "retire_month": retireMonth,
			"age_years": ageY, "age_months": ageM,
			"months": actual, "deemed_months": req.DeemedMonths, "contribution_months": total, "min_months": minMonths,
			"index": formatE4(avgIndex), "deemed_index": formatE4(deemedIndex), "avg_wage": c, "balance": shebao.Money(balance),
			"divisor": d.Divisor, "transition_coef": coef.Percent(),
			"basic": r.Basic, "account": r.Account, "transitional": r.Transition, "total": r.Total,
			"years": years.rows,
		},
		Summary: fmt.Sprintf("%s(%s)基本养老金%s元/月(基础%s、个人账户%s、过渡性%s),缴费%s,退休%s,自%s起",
			p.Name, idno.MaskID(id), r.Total, r.Basic, r.Account, r.Transition, yearsMonthsText(total), retireMonth, start),
	}
	return d, nil
}

// history is a person's contribution history by year.
type history struct {
	rows []shebao.DeterminationYear
	// weighted is Σ months_y × index_y = Σ base_total_y ÷ wage_y, exact.
	weighted *big.Rat
}

// contributionHistory reads the 110 history of a person up to the month
// of retirement: the yearly rows of contribution_years, and the months
// assessed by shebao (bill_lines of bills paid in full, and the lines of
// flexible payers' bills paid in full), which replace the row of a year
// they cover.
func (tx *Tx) contributionHistory(ctx context.Context, set *policy.Set, id, region, upto string) (*history, error) {
	type year struct {
		months    int
		base      int64
		wage      *big.Rat // the year's mean monthly 社平工资
		fromBills bool
	}
	byYear := map[int]*year{}
	rows, err := tx.Query(ctx, `SELECT l.period, SUM(l.base), MAX(l.avg_wage) FROM bill_lines l
		JOIN bills b ON b.payer_kind = 'employer' AND b.payer = l.employer_uscc AND b.period = l.period
		WHERE l.id_no = $1 AND l.scheme = '110' AND b.paid >= b.total AND l.period <= $2
		GROUP BY l.period`, id, upto)
	if err != nil {
		return nil, err
	}
	wageSum := map[int]int64{}
	billed := map[string]bool{}
	for rows.Next() {
		var period string
		var base, wage int64
		if err := rows.Scan(&period, &base, &wage); err != nil {
			rows.Close()
			return nil, err
		}
		billed[period] = true
		y, _ := strconv.Atoi(period[:4])
		if byYear[y] == nil {
			byYear[y] = &year{fromBills: true}
		}
		byYear[y].months++
		byYear[y].base += base
		wageSum[y] += wage
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Flexible employment (灵活就业): personal bills paid in full, indexed by
	// the wage in force in their month; a month also billed through an
	// employer counts once, as the employer's.
	rows, err = tx.Query(ctx, `SELECT l.period, l.base FROM flex_bill_lines l
		JOIN bills b ON b.payer_kind = 'person' AND b.payer = l.id_no AND b.period = l.period
		WHERE l.id_no = $1 AND l.scheme = '110' AND b.paid >= b.total AND l.period <= $2`, id, upto)
	if err != nil {
		return nil, err
	}
	type flexMonth struct {
		period string
		base   int64
	}
	var flex []flexMonth
	for rows.Next() {
		var m flexMonth
		if err := rows.Scan(&m.period, &m.base); err != nil {
			rows.Close()
			return nil, err
		}
		flex = append(flex, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, m := range flex {
		if billed[m.period] {
			continue
		}
		w, _, err := set.Money("wage.avg_monthly", region, shebao.Period(m.period).First())
		if err != nil {
			return nil, fmt.Errorf("%s的社平工资: %w", m.period, err)
		}
		y, _ := strconv.Atoi(m.period[:4])
		if byYear[y] == nil {
			byYear[y] = &year{fromBills: true}
		}
		byYear[y].months++
		byYear[y].base += m.base
		wageSum[y] += int64(w)
	}
	for y, v := range byYear {
		v.wage = big.NewRat(wageSum[y], int64(v.months))
	}
	rows, err = tx.Query(ctx, `SELECT year, months, base_total, avg_wage FROM contribution_years
		WHERE id_no = $1 AND scheme = '110' AND year <= $2`, id, upto[:4])
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var y, months int
		var base, wage int64
		if err := rows.Scan(&y, &months, &base, &wage); err != nil {
			rows.Close()
			return nil, err
		}
		if byYear[y] != nil {
			continue // the year's bill lines count instead
		}
		byYear[y] = &year{months: months, base: base}
		if wage > 0 {
			byYear[y].wage = big.NewRat(wage, 1)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	h := &history{weighted: new(big.Rat)}
	yearsSorted := make([]int, 0, len(byYear))
	for y := range byYear {
		yearsSorted = append(yearsSorted, y)
	}
	slices.Sort(yearsSorted)
	for _, y := range yearsSorted {
		v := byYear[y]
		src := "历年缴费记录"
		if v.fromBills {
			src = "征缴核定(足额到账)"
		}
		if v.wage == nil {
			// A row without its wage takes the mean of wage.avg_monthly in
			// force on the first of each month of the year (of the months
			// that have one).
			var sum, n int64
			for m := 1; m <= 12; m++ {
				w, _, err := set.Money("wage.avg_monthly", region, time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC))
				if err == nil && w > 0 {
					sum += int64(w)
					n++
				}
			}
			if n == 0 {
				return nil, shebao.FieldErrorf("社平工资", "%d年的历年缴费记录未注明社平工资,政策参数中也没有该年的社平工资(wage.avg_monthly)", y)
			}
			v.wage = big.NewRat(sum, n)
			src += "(社平工资取政策参数)"
		}
		if v.wage.Sign() <= 0 {
			continue
		}
		// months × index = months × (base ÷ months) ÷ wage = base ÷ wage.
		ratio := new(big.Rat).Quo(big.NewRat(v.base, 1), v.wage)
		h.weighted.Add(h.weighted, ratio)
		idx := roundRat(new(big.Rat).Quo(ratio, big.NewRat(int64(v.months), 1)), policy.IndexScale)
		h.rows = append(h.rows, shebao.DeterminationYear{Year: y, Months: v.months, BaseTotal: shebao.Money(v.base),
			AvgWage: shebao.Money(roundRat(v.wage, 1)), Index: formatE4(idx), Source: src})
	}
	return h, nil
}

// roundRat returns r × scale rounded half away from zero.
func roundRat(r *big.Rat, scale int64) int64 {
	num := new(big.Int).Mul(r.Num(), big.NewInt(scale))
	den := r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	m.Abs(m).Lsh(m, 1)
	if m.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// ratText writes r with the given decimals, rounded.
func ratText(r *big.Rat, places int) string {
	scale := int64(1)
	for range places {
		scale *= 10
	}
	v := roundRat(r, scale)
	return fmt.Sprintf("%d.%0*d", v/scale, places, v%scale)
}

// formatE4 writes a four-decimal value: 12000 → "1.2000".
func formatE4(v int64) string { return fmt.Sprintf("%d.%04d", v/10000, v%10000) }

// yearsMonthsText writes months as 年 and 个月: "30年", "15年6个月", "0个月".
func yearsMonthsText(m int) string {
	switch {
	case m%12 == 0 && m > 0:
		return fmt.Sprintf("%d年", m/12)
	case m < 12:
		return fmt.Sprintf("%d个月", m)
	default:
		return fmt.Sprintf("%d年%d个月", m/12, m%12)
	}
}

// determineResidentPension is the residents' pension (国发〔2014〕8号):
// from resident_pension.age with at least resident_pension.min_years years
// of contribution (contribution_years rows of scheme 170), the basic
// pension in force plus the account balance (fund 170) ÷ the divisor.
func (tx *Tx) determineResidentPension(ctx context.Context, set *policy.Set, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	id, err := canonicalIDNo(req.IDNo)
	if err != nil {
		return nil, err
	}
	p, err := tx.personInScope(ctx, id)
	if err != nil {
		return nil, err
	}
	if req.DeemedMonths != 0 || req.DeemedIndex != "" || req.Group != "" {
		return nil, shebao.FieldErrorf("deemed_months", "城乡居民养老金没有视同缴费年限和人员类别")
	}
	birth, err := time.Parse(shebao.DateLayout, p.Birth)
	if err != nil {
		return nil, fmt.Errorf("birth date of %s: %w", idno.MaskID(id), err)
	}
	birthIdx := birth.Year()*12 + int(birth.Month()) - 1
	age, ageParam, err := set.Int("resident_pension.age", p.Region, shebao.Today())
	if err != nil {
		return nil, err
	}
	ageMonth := monthOf(birthIdx + age*12)
	retireMonth, ageY, ageM, err := retirement(birth, ageMonth, req.Retire)
	if err != nil {
		return nil, err
	}
	start := monthOf(monthIdx(retireMonth) + 1)
	on := shebao.Period(start).First()
	minYears, minParam, err := set.Int("resident_pension.min_years", p.Region, on)
	if err != nil {
		return nil, err
	}
	basic, basicParam, err := set.Money("resident_pension.basic", p.Region, on)
	if err != nil {
		return nil, err
	}
	divisor, divParam, err := set.Int("resident_pension.divisor", p.Region, on)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT year, months, base_total FROM contribution_years
		WHERE id_no = $1 AND scheme = '170' AND year <= $2 ORDER BY year`, id, retireMonth[:4])
	if err != nil {
		return nil, err
	}
	var years []shebao.DeterminationYear
	for rows.Next() {
		var y shebao.DeterminationYear
		var base int64
		if err := rows.Scan(&y.Year, &y.Months, &base); err != nil {
			rows.Close()
			return nil, err
		}
		y.BaseTotal, y.Source = shebao.Money(base), "城乡居民养老保险缴费"
		years = append(years, y)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(years) < minYears {
		return nil, shebao.FieldErrorf("缴费年限", "%s累计缴费%d年,不足按月领取城乡居民养老金的最低缴费年限%d年,还差%d年",
			p.Name, len(years), minYears, minYears-len(years))
	}
	var balance int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(balance), 0) FROM individual_accounts WHERE fund = '170' AND id_no = $1`, id).Scan(&balance); err != nil {
		return nil, err
	}
	total, explain, err := policy.ResidentPension(basic, shebao.Money(balance), divisor*10)
	if err != nil {
		return nil, err
	}
	account := total - basic
	lines := []string{
		fmt.Sprintf("领取年龄:出生于%d年%d月,年满%d周岁的月份%s(%s)", birth.Year(), int(birth.Month()), age, ageMonth, ageParam.Cite()),
	}
	if retireMonth != ageMonth {
		lines = append(lines, fmt.Sprintf("本人于%s申请领取,年龄%d岁%d个月", retireMonth, ageY, ageM))
	}
	lines = append(lines,
		fmt.Sprintf("累计缴费%d年,最低缴费年限%d年(%s)", len(years), minYears, minParam.Cite()),
		fmt.Sprintf("基础养老金%s元/月(%s);个人账户计发月数%d(%s)", basic, basicParam.Cite(), divisor, divParam.Cite()),
		explain,
		fmt.Sprintf("自%s起按月发放(次月)", start))
	d := &shebao.Determination{
		Kind: DetermineResidentPension, IDNo: id, Name: p.Name, Region: p.Region, RetireMonth: retireMonth, StartMonth: start,
		Age: fmt.Sprintf("%d岁%d个月", ageY, ageM), Basic: basic, Account: account, Total: total,
		Divisor: strconv.Itoa(divisor), Months: 12 * len(years), MinMonths: 12 * minYears, Balance: shebao.Money(balance),
		Years: years, Explain: strings.Join(lines, "\n"),
	}
	if d.Years == nil {
		d.Years = []shebao.DeterminationYear{}
	}
	d.Benefit = shebao.NewBenefit{
		IDNo: id, Kind: shebao.BenefitResidentPension, StartMonth: start, Monthly: total, AccountPart: account, BasicPart: basic,
		BankAccount: strings.TrimSpace(req.BankAccount), Source: "determination:170:" + retireMonth, Explanation: d.Explain,
		Detail: map[string]any{
			"birth": p.Birth, "sex": p.Sex, "retire_month": retireMonth, "age_years": ageY, "age_months": ageM,
			"contribution_years": len(years), "contribution_months": 12 * len(years), "min_years": minYears,
			"balance": shebao.Money(balance), "basic": basic, "account": account, "divisor": divisor, "total": total,
		},
		Summary: fmt.Sprintf("%s(%s)城乡居民养老金%s元/月(基础养老金%s、个人账户%s),缴费%d年,自%s起",
			p.Name, idno.MaskID(id), total, basic, account, len(years), start),
	}
	return d, nil
}
