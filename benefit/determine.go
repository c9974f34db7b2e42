package benefit

import (
	"context"
	"encoding/json"
	"fmt"
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
// approves it (ExecuteDetermination).

// Kinds a determination request may name.
const (
	DeterminePension         = shebao.BenefitPension
	DetermineResidentPension = shebao.BenefitResidentPension
)

// CalcPension computes a what-if employee pension (国发〔2005〕38号) from
// the figures given; what is not given comes from the policy in force.
// Fewer than 15 years is an error with the reason. Anyone who reads
// benefits may use it; it reads no personal record.
func (s *Service) CalcPension(ctx context.Context, req shebao.PensionCalcRequest) (*shebao.PensionCalc, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Read(shebao.EntityBenefit)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", a.RoleName(), shebao.EntityName(shebao.EntityBenefit))
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	req.Date = shebao.DateOrToday(req.Date)
	return policy.CalcPension(set, req)
}

// authorize asks the root's one rule whether the actor of ctx may do the
// audited action on the record with the key (the store asks again inside
// the unit of work).
func authorize(ctx context.Context, action, key string) error {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	return a.Authorize(shebao.AuditAction(action, shebao.EntityBenefit), key)
}

// Determine computes a pension of the kind from the person's record and the
// policy in force, and — unless req.Preview — submits it for approval
// (经办): the benefit is created when another clerk approves (复核).
func (s *Service) Determine(ctx context.Context, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	var err error
	if req.BankAccount, err = shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil {
		return nil, err
	}
	action := "benefit.determine"
	if req.Preview {
		action = "benefit.read"
	}
	if err := authorize(ctx, action, req.IDNo); err != nil {
		return nil, err
	}
	if req.Kind != DeterminePension && req.Kind != DetermineResidentPension {
		return nil, shebao.FieldErrorf("kind", "待遇核定的种类“%s”无效,应为pension(企业职工基本养老金)或resident_pension(城乡居民养老金)", req.Kind)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.Determination
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.store.DeterminationPerson(ctx, req.IDNo)
		if err != nil {
			return err
		}
		if req.Kind == DeterminePension {
			out, err = s.determinePension(ctx, set, p, req)
		} else {
			out, err = s.determineResidentPension(ctx, set, p, req)
		}
		if err != nil {
			return err
		}
		out.Preview = req.Preview
		if req.Preview {
			return s.store.AuditBenefitPreview(ctx, out.IDNo, out.Region, out.Benefit.Source)
		}
		out.Approval, err = s.store.SubmitDetermination(ctx, out.Benefit)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeterminePension computes the employee pension (110) of a person; see
// Determine.
func (s *Service) DeterminePension(ctx context.Context, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	req.Kind = DeterminePension
	return s.Determine(ctx, req)
}

// DetermineResidentPension computes the residents' pension (170) of a
// person; see Determine.
func (s *Service) DetermineResidentPension(ctx context.Context, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	req.Kind = DetermineResidentPension
	return s.Determine(ctx, req)
}

// ExecuteDetermination carries out an approved determination
// (shebao.ApproveDetermination) in the approving unit of work: the benefit
// is created (maker and checker recorded) and, for a pension, the person's
// open enrollment in its scheme moves to 享受待遇 from the first month paid.
func (s *Service) ExecuteDetermination(ctx context.Context, payload []byte) (string, error) {
	var b shebao.NewBenefit
	if err := json.Unmarshal(payload, &b); err != nil {
		return "", err
	}
	var result string
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		n, err := s.store.CreateBenefits(ctx, []shebao.NewBenefit{b})
		if err != nil {
			return err
		}
		if n == 0 {
			return shebao.Errorf(shebao.ECONFLICT, "该待遇已核定(%s,来源%s),不能重复核定", idno.MaskID(b.IDNo), b.Source)
		}
		if m := b.AccountInterest; m != nil {
			// The retirement year's interest the determination divided:
			// credited now, unless the year's interest reached the account
			// since (the year-end run), when the balance divided is wrong.
			year, _ := strconv.Atoi(m.Date[:4])
			ay, err := s.store.AccountYear(ctx, m.Fund, b.IDNo, year, m.Date)
			if err != nil {
				return err
			}
			if ay.HasInterest {
				return shebao.Errorf(shebao.ECONFLICT, "%s的个人账户%d年利息已于核定后入账,核定所用的账户储存额已变,请驳回并重新核定", idno.MaskID(b.IDNo), year)
			}
			m.IDNo = b.IDNo
			if err := s.store.ReturnToAccount(ctx, m.Date, m.Source+":"+b.IDNo, fmt.Sprintf("养老金核定:计入%d年1月至退休当月个人账户利息%s元", year, m.Amount), *m); err != nil {
				return err
			}
		}
		k, _ := shebao.FindBenefitKind(b.Kind)
		if k.Code == shebao.BenefitPension || k.Code == shebao.BenefitResidentPension {
			if err := s.store.StartBenefitEnrollment(ctx, b.IDNo, k.Scheme, b.StartMonth, "待遇核定:"+b.Source); err != nil {
				return err
			}
		}
		result = fmt.Sprintf("已核定%s的%s%s元/月,自%s起发放", idno.MaskID(b.IDNo), k.Name, b.Monthly, b.StartMonth)
		return nil
	})
	return result, err
}

// determinePension is the employee pension (国发〔2005〕38号).
func (s *Service) determinePension(ctx context.Context, set *policy.Set, p *shebao.Person, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	id := p.IDNo
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
	origMonth := policy.MonthOfAge(birth, original)
	var rules policy.RetirementRules
	rulesParam, err := set.Table("retirement.rules", p.Region, shebao.Period(origMonth).First(), &rules)
	if err != nil {
		return nil, err
	}
	ret, err := policy.RetirementAgeExplain(birth, p.Sex, original, rules)
	if err != nil {
		return nil, err
	}
	retireMonth, ageY, ageM, err := policy.RetirementMonth(birth, ret.Month, req.Retire)
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

	years, idx, err := s.pensionHistory(ctx, set, id, p.Region, retireMonth)
	if err != nil {
		return nil, err
	}
	actual := idx.Months
	total := actual + req.DeemedMonths
	if total < minMonths {
		return nil, shebao.FieldErrorf("缴费年限", "%s累计缴费%d个月(实际缴费%d个月,视同缴费%d个月),不足按月领取基本养老金的最低缴费年限%d个月(%s),还差%d个月",
			p.Name, total, actual, req.DeemedMonths, minMonths, policy.MonthsText(minMonths), minMonths-total)
	}
	if actual == 0 {
		return nil, shebao.FieldErrorf("缴费年限", "%s没有实际缴费记录,无法计算平均缴费指数", p.Name)
	}
	avgIndex := idx.Index
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
	balance, err := s.store.AccountBalance(ctx, shebao.SchemeEmployeePension, id)
	if err != nil {
		return nil, err
	}
	yi, err := s.yearInterest(ctx, set, shebao.SchemeEmployeePension, p.Region, id, retireMonth)
	if err != nil {
		return nil, err
	}
	stored := balance
	if yi != nil {
		balance += yi.credit.Amount
	}
	r, err := policy.EmployeePension(policy.PensionInput{
		AvgWage: c, Index: avgIndex, Months: total, DeemedMonths: req.DeemedMonths, DeemedIndex: deemedIndex,
		Balance: balance, AgeYears: ageY, AgeMonths: ageM, Divisors: divisors,
		TransitionCoef: coef, MinMonths: minMonths,
	})
	if err != nil {
		return nil, err
	}
	start := policy.AddMonths(retireMonth, 1)
	var lines []string
	lines = append(lines, "退休时间:"+ret.Explain+"("+rulesParam.Cite()+")")
	if retireMonth != ret.Month {
		lines = append(lines, fmt.Sprintf("本人于%s退休,退休年龄%d岁%d个月", retireMonth, ageY, ageM))
	}
	lines = append(lines,
		fmt.Sprintf("缴费年限:实际缴费%s(%d个月)+ 视同缴费%s(%d个月)= %s;最低缴费年限%s(%s)",
			policy.MonthsText(actual), actual, policy.MonthsText(req.DeemedMonths), req.DeemedMonths, policy.MonthsText(total),
			policy.MonthsText(minMonths), minParam.Cite()),
		fmt.Sprintf("平均缴费指数 = Σ(各年缴费月数 × 当年缴费指数)÷ 实际缴费月数 = %s ÷ %d = %s(各年缴费指数 = 当年月平均缴费基数 ÷ 当年社平工资,按缴费月数加权,四舍五入保留4位小数;国发〔2005〕38号)",
			idx.Weighted, actual, policy.IndexText(avgIndex)),
		fmt.Sprintf("计发基数 C = 退休时上年度社平工资%s元(%s)", c, cParam.Cite()),
		accountLine(stored, balance, yi))
	if coefText != "" {
		lines = append(lines, coefText)
	}
	lines = append(lines, r.Explain(), fmt.Sprintf("自%s起按月发放(退休次月)", start))

	d := &shebao.Determination{
		Kind: DeterminePension, IDNo: id, Name: p.Name, Region: p.Region, RetireMonth: retireMonth, StartMonth: start,
		Age: fmt.Sprintf("%d岁%d个月", ageY, ageM), Basic: r.Basic, Account: r.Account, Transitional: r.Transition,
		Total: r.Total, Divisor: policy.DivisorText(r.DivisorTenths), Months: actual, DeemedMonths: req.DeemedMonths,
		MinMonths: minMonths, Index: policy.IndexText(avgIndex), Balance: balance, AvgWage: c, Years: years,
		Explain: strings.Join(lines, "\n"),
	}
	d.Benefit = shebao.NewBenefit{
		IDNo: id, Kind: shebao.BenefitPension, StartMonth: start, Monthly: r.Total, AccountPart: r.Account, BasicPart: r.Basic,
		BankAccount: strings.TrimSpace(req.BankAccount), Source: "determination:110:" + retireMonth, Explanation: d.Explain,
		Detail: map[string]any{
			"birth": p.Birth, "sex": p.Sex, "original_age": original, "retire_month": retireMonth,
			"age_years": ageY, "age_months": ageM,
			"months": actual, "deemed_months": req.DeemedMonths, "contribution_months": total, "min_months": minMonths,
			"index": policy.IndexText(avgIndex), "deemed_index": policy.IndexText(deemedIndex), "avg_wage": c, "balance": balance,
			"divisor": d.Divisor, "transition_coef": coef.Percent(),
			"basic": r.Basic, "account": r.Account, "transitional": r.Transition, "total": r.Total,
			"years": years,
		},
		Summary: fmt.Sprintf("%s(%s)基本养老金%s元/月(基础%s、个人账户%s、过渡性%s),缴费%s,退休%s,自%s起",
			p.Name, idno.MaskID(id), r.Total, r.Basic, r.Account, r.Transition, policy.MonthsText(total), retireMonth, start),
	}
	if yi != nil {
		d.Benefit.AccountInterest = &yi.credit
		d.Benefit.Detail["year_interest"] = yi.credit.Amount
	}
	return d, nil
}

// interestKeys are the policy keys of the funds' 记账利率, as the year-end
// run reads them (ledger/interest.go).
var interestKeys = map[string]string{
	shebao.SchemeEmployeePension: "interest.110",
	shebao.SchemeResidentPension: "interest.170",
}

// yearInterestCredit is the interest of the retirement year's months that
// a pension determination adds to the balance (yearInterest).
type yearInterestCredit struct {
	credit  shebao.AccountMovement
	explain string // the formula with its figures
	rate    string // where the rate comes from
}

// yearInterest returns the interest of the months of the retirement year
// up to the retirement month (January … the month, m months) that the
// balance lacks, by policy.AccountInterestMonths on the balance at the end
// of the year before and the year's credits dated up to the end of the
// retirement month, at the fund's 记账利率 of the year (interest.110 or
// interest.170 in force on 1 January). While that rate is not published:
// with interest.partial_year_fallback 1, the latest published (the year
// before's, or early in a year the one before it); with 0 the
// determination is refused until it is. Nil when the year's interest is
// already in the account (the year-end run, or an earlier determination's
// credit) or the account had nothing to earn on. The credit is posted when
// the determination is approved (ExecuteDetermination); the year-end run
// of that year leaves the account alone (sqldb interestSQL), so no month
// earns twice. Months after the retirement month earn nothing that year:
// the balance has been divided.
func (s *Service) yearInterest(ctx context.Context, set *policy.Set, fund, region, id, retireMonth string) (*yearInterestCredit, error) {
	year, _ := strconv.Atoi(retireMonth[:4])
	months, _ := strconv.Atoi(retireMonth[5:7])
	last := time.Date(year, time.Month(months)+1, 0, 0, 0, 0, 0, time.UTC)
	ay, err := s.store.AccountYear(ctx, fund, id, year, last.Format(shebao.DateLayout))
	if err != nil {
		return nil, err
	}
	if ay.HasInterest || (ay.Opening <= 0 && ay.Credits <= 0) {
		return nil, nil
	}
	jan := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	// The rate as the year-end run reads it (ledger interestRun: the
	// fund's rate in force nationally, or as the province's policy file
	// sets it without a region), so both credit at one rate.
	key := interestKeys[fund]
	rate, rp, err := set.Rate(key, "", jan)
	rateText := ""
	switch {
	case shebao.ErrorCode(err) == shebao.ENOTFOUND:
		fb, fp, ferr := set.Int("interest.partial_year_fallback", region, jan)
		if ferr != nil && shebao.ErrorCode(ferr) != shebao.ENOTFOUND {
			return nil, ferr
		}
		if fb != 1 {
			return nil, shebao.Errorf(shebao.ECONFLICT, "%d年个人账户记账利率尚未公布,本地规定须待公布后计入当年1–%d月利息再核定养老金(interest.partial_year_fallback)", year, months)
		}
		// The latest rate published: the year before's, or — early in a
		// year, before that one is published too — the one before it.
		found := 0
		var pp policy.Param
		for y := year - 1; y >= year-5 && found == 0; y-- {
			prev, p, perr := set.Rate(key, "", time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
			switch {
			case perr == nil:
				rate, pp, found = prev, p, y
			case shebao.ErrorCode(perr) != shebao.ENOTFOUND:
				return nil, perr
			}
		}
		if found == 0 {
			return nil, shebao.Errorf(shebao.ECONFLICT, "%d年及此前5年的个人账户记账利率都未设置(%s),不能计算当年1–%d月利息", year, key, months)
		}
		rateText = fmt.Sprintf("%d年记账利率尚未公布,按最近公布的%d年记账利率%s计(%s;%s)", year, found, rate.Percent(), pp.Cite(), fp.Cite())
	case err != nil:
		return nil, err
	default:
		rateText = fmt.Sprintf("%d年记账利率%s(%s)", year, rate.Percent(), rp.Cite())
	}
	amount, explain := policy.AccountInterestMonths(ay.Opening, ay.Credits, rate, months)
	if amount <= 0 {
		return nil, nil
	}
	return &yearInterestCredit{
		credit: shebao.AccountMovement{IDNo: id, Fund: fund, Date: last.Format(shebao.DateLayout),
			Kind: shebao.MoveInterest, Source: fmt.Sprintf("interest:%04d:partial", year), Amount: amount},
		explain: explain, rate: rateText,
	}, nil
}

// accountLine explains the balance a pension divides: the stored balance,
// plus the retirement year's interest so far when it is credited now.
func accountLine(stored, balance shebao.Money, yi *yearInterestCredit) string {
	if yi == nil {
		return fmt.Sprintf("个人账户储存额%s元", balance)
	}
	return fmt.Sprintf("个人账户储存额 = 现有%s元 + 本年利息%s元 = %s元;%s;%s(核定通过时记入个人账户,年度计息不再重复计入该年利息)",
		stored, yi.credit.Amount, balance, yi.explain, yi.rate)
}

// pensionHistory reads the 110 history of a person up to the month of
// retirement and indexes it: the yearly rows of the history (历年缴费记录),
// and the months assessed by shebao — employers' bills paid in full, and
// flexible employment's own bills paid in full. A year with both adds them
// up (a migrated January–June and assessed July–December are 12 months,
// issue #14); when they cannot both be true — more months than the year
// has — the same month is counted from two sources and the determination
// stops with both figures for a clerk to correct the history
// (yearHistoryFits). A flexible month is indexed by the wage in force in
// its month; a month also billed through an employer counts once, as the
// employer's. A history row without its wage takes the mean of
// wage.avg_monthly in force on the first of each month of its year (of the
// months that have one).
func (s *Service) pensionHistory(ctx context.Context, set *policy.Set, id, region, upto string) ([]shebao.DeterminationYear, policy.AverageIndexResult, error) {
	type year struct {
		months              int
		base                shebao.Money
		wageSum, wageMonths int64
		fromBills           bool
		historyToo          bool // a history row adds months to the bills'
		policyWage          bool
	}
	byYear := map[int]*year{}
	add := func(period string, base, wage shebao.Money) {
		y, _ := strconv.Atoi(period[:4])
		if byYear[y] == nil {
			byYear[y] = &year{fromBills: true}
		}
		v := byYear[y]
		v.months++
		v.base += base
		v.wageSum += int64(wage)
		v.wageMonths++
	}
	billed, err := s.store.PaidBillMonths(ctx, id, shebao.SchemeEmployeePension, upto)
	if err != nil {
		return nil, policy.AverageIndexResult{}, err
	}
	isBilled := map[string]bool{}
	periods := map[int][]shebao.ContributionMonth{} // the months from bills, by year
	for _, m := range billed {
		isBilled[m.Period] = true
		add(m.Period, m.Base, m.AvgWage)
		y, _ := strconv.Atoi(m.Period[:4])
		periods[y] = append(periods[y], m)
	}
	flex, err := s.store.FlexPensionMonths(ctx, id, upto)
	if err != nil {
		return nil, policy.AverageIndexResult{}, err
	}
	for _, m := range flex {
		if isBilled[m.Period] {
			continue
		}
		w, _, err := set.Money("wage.avg_monthly", region, shebao.Period(m.Period).First())
		if err != nil {
			return nil, policy.AverageIndexResult{}, fmt.Errorf("%s的社平工资: %w", m.Period, err)
		}
		add(m.Period, m.Base, w)
		y, _ := strconv.Atoi(m.Period[:4])
		periods[y] = append(periods[y], m)
	}
	uptoYear, _ := strconv.Atoi(upto[:4])
	hist, err := s.store.ContributionHistory(ctx, id, shebao.SchemeEmployeePension, uptoYear)
	if err != nil {
		return nil, policy.AverageIndexResult{}, err
	}
	// policyMean is the mean of wage.avg_monthly in force on the first of
	// each month of the year (of the months that have one).
	policyMean := func(y int) (sum, n int64) {
		for m := 1; m <= 12; m++ {
			w, _, err := set.Money("wage.avg_monthly", region, time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC))
			if err == nil && w > 0 {
				sum += int64(w)
				n++
			}
		}
		return sum, n
	}
	for _, h := range hist {
		v := byYear[h.Year]
		if v == nil {
			v = &year{months: h.Months, base: h.BaseTotal}
			if h.AvgWage > 0 {
				v.wageSum, v.wageMonths = int64(h.AvgWage), 1
			}
			byYear[h.Year] = v
			continue
		}
		// The year has months from bills too: the history's months are
		// the others of the year, added to them (each month counted
		// once), unless they cannot be.
		if err := yearHistoryFits(h, periods[h.Year], upto); err != nil {
			return nil, policy.AverageIndexResult{}, err
		}
		v.months += h.Months
		v.base += h.BaseTotal
		v.historyToo = true
		// The history's months weigh the year's wage by their number,
		// at the wage the row states or, when it states none, at the
		// mean of the year's policy wage.
		if h.AvgWage > 0 {
			v.wageSum += int64(h.AvgWage) * int64(h.Months)
			v.wageMonths += int64(h.Months)
		} else if sum, n := policyMean(h.Year); n > 0 {
			v.wageSum += sum * int64(h.Months)
			v.wageMonths += n * int64(h.Months)
			v.policyWage = true
		}
	}
	sorted := make([]int, 0, len(byYear))
	for y := range byYear {
		sorted = append(sorted, y)
	}
	slices.Sort(sorted)
	in := make([]policy.IndexYear, len(sorted))
	for i, y := range sorted {
		v := byYear[y]
		if v.wageMonths == 0 {
			sum, n := policyMean(y)
			if n == 0 {
				return nil, policy.AverageIndexResult{}, shebao.FieldErrorf("社平工资", "%d年的历年缴费记录未注明社平工资,政策参数中也没有该年的社平工资(wage.avg_monthly)", y)
			}
			v.wageSum, v.wageMonths, v.policyWage = sum, n, true
		}
		in[i] = policy.IndexYear{Months: v.months, BaseTotal: v.base, WageSum: v.wageSum, WageMonths: v.wageMonths}
	}
	idx := policy.AverageIndex(in)
	var rows []shebao.DeterminationYear
	for i, y := range sorted {
		if !idx.Counted[i] {
			continue
		}
		v := byYear[y]
		src := "历年缴费记录"
		if v.fromBills {
			src = "征缴核定(足额到账)"
		}
		if v.historyToo {
			src = "征缴核定(足额到账)+历年缴费记录"
		}
		if v.policyWage {
			src += "(社平工资取政策参数)"
		}
		rows = append(rows, shebao.DeterminationYear{Year: y, Months: v.months, BaseTotal: v.base,
			AvgWage: idx.Wages[i], Index: policy.IndexText(idx.Years[i]), Source: src})
	}
	return rows, idx, nil
}

// determineResidentPension is the residents' pension (国发〔2014〕8号):
// from resident_pension.age with at least resident_pension.min_years years
// of contribution (history rows of scheme 170), the basic pension in force
// plus the account balance (fund 170) ÷ the divisor.
func (s *Service) determineResidentPension(ctx context.Context, set *policy.Set, p *shebao.Person, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	id := p.IDNo
	if req.DeemedMonths != 0 || req.DeemedIndex != "" || req.Group != "" {
		return nil, shebao.FieldErrorf("deemed_months", "城乡居民养老金没有视同缴费年限和人员类别")
	}
	birth, err := time.Parse(shebao.DateLayout, p.Birth)
	if err != nil {
		return nil, fmt.Errorf("birth date of %s: %w", idno.MaskID(id), err)
	}
	age, ageParam, err := set.Int("resident_pension.age", p.Region, shebao.Today())
	if err != nil {
		return nil, err
	}
	ageMonth := policy.MonthOfAge(birth, age)
	retireMonth, ageY, ageM, err := policy.RetirementMonth(birth, ageMonth, req.Retire)
	if err != nil {
		return nil, err
	}
	start := policy.AddMonths(retireMonth, 1)
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
	retireYear, _ := strconv.Atoi(retireMonth[:4])
	hist, err := s.store.ContributionHistory(ctx, id, shebao.SchemeResidentPension, retireYear)
	if err != nil {
		return nil, err
	}
	years := []shebao.DeterminationYear{}
	for _, h := range hist {
		years = append(years, shebao.DeterminationYear{Year: h.Year, Months: h.Months, BaseTotal: h.BaseTotal, Source: "城乡居民养老保险缴费"})
	}
	if len(years) < minYears {
		return nil, shebao.FieldErrorf("缴费年限", "%s累计缴费%d年,不足按月领取城乡居民养老金的最低缴费年限%d年,还差%d年",
			p.Name, len(years), minYears, minYears-len(years))
	}
	balance, err := s.store.AccountBalance(ctx, shebao.SchemeResidentPension, id)
	if err != nil {
		return nil, err
	}
	yi, err := s.yearInterest(ctx, set, shebao.SchemeResidentPension, p.Region, id, retireMonth)
	if err != nil {
		return nil, err
	}
	stored := balance
	if yi != nil {
		balance += yi.credit.Amount
	}
	total, explain, err := policy.ResidentPension(basic, balance, divisor*10)
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
		accountLine(stored, balance, yi),
		explain,
		fmt.Sprintf("自%s起按月发放(次月)", start))
	d := &shebao.Determination{
		Kind: DetermineResidentPension, IDNo: id, Name: p.Name, Region: p.Region, RetireMonth: retireMonth, StartMonth: start,
		Age: fmt.Sprintf("%d岁%d个月", ageY, ageM), Basic: basic, Account: account, Total: total,
		Divisor: strconv.Itoa(divisor), Months: 12 * len(years), MinMonths: 12 * minYears, Balance: balance,
		Years: years, Explain: strings.Join(lines, "\n"),
	}
	d.Benefit = shebao.NewBenefit{
		IDNo: id, Kind: shebao.BenefitResidentPension, StartMonth: start, Monthly: total, AccountPart: account, BasicPart: basic,
		BankAccount: strings.TrimSpace(req.BankAccount), Source: "determination:170:" + retireMonth, Explanation: d.Explain,
		Detail: map[string]any{
			"birth": p.Birth, "sex": p.Sex, "retire_month": retireMonth, "age_years": ageY, "age_months": ageM,
			"contribution_years": len(years), "contribution_months": 12 * len(years), "min_years": minYears,
			"balance": balance, "basic": basic, "account": account, "divisor": divisor, "total": total,
		},
		Summary: fmt.Sprintf("%s(%s)城乡居民养老金%s元/月(基础养老金%s、个人账户%s),缴费%d年,自%s起",
			p.Name, idno.MaskID(id), total, basic, account, len(years), start),
	}
	if yi != nil {
		d.Benefit.AccountInterest = &yi.credit
		d.Benefit.Detail["year_interest"] = yi.credit.Amount
	}
	return d, nil
}
