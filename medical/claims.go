package medical

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Settling claims (医疗费用报销) of 310 and 390.
//
// A claim is one settlement (结算单) of a hospital stay or an outpatient
// visit. Settling a batch of claims is set-based: what the batch needs is
// read at once (ClaimData, AccountBalances), the claims are computed in
// memory in discharge-date order (the annual cap is used up in that order)
// and written at once (WriteClaims), all in one unit of work.
//
// Rules implemented:
//
//   - The person must be enrolled in the scheme on the admission date: an
//     enrollment of the scheme (for 390 the enrollment of the admission
//     year) that started on or before it, had not ended before it (its end
//     date is the last day covered), and whose status on that day — the
//     last enrollment event dated on or before it — was 参保缴费, 享受待遇
//     or 暂停发放 (insured; only cash benefits paused). 暂停缴费 (after 减员)
//     does not cover.
//   - Inpatient (住院): policy.ReimburseStay with the policy in force for
//     the person's region on the discharge date (policy.ClaimPolicyAt):
//     deductible by level, per stay or per year, ratio by level, limited by
//     what remains of the annual cap after the fund's payments for the
//     person's earlier claims of the scheme in the discharge year.
//   - Outpatient (门诊, 310 only): the eligible cost is paid from the 310
//     individual account up to its balance (policy.AccountPayment); no
//     pooled outpatient reimbursement (门诊统筹) yet.
//   - A settled claim is final: the same settlement number again is
//     "unchanged" if it agrees with the stored claim and a conflict if not.
//
// Ledger (fund = scheme): the fund's share of a stay is an expenditure
// owed to the hospital, Dr 5031 住院医疗费用支出 / Cr 2101 应付社会保险待遇,
// kind benefit, source "claim:<结算单号>", dated the discharge date. The
// hospital advanced it to the patient at discharge (即时结算) and the fund
// pays hospitals monthly (SettleHospitals). Account spending posts Dr 5033
// 个人账户医疗费用支出 / Cr 2101 the same way, and the withdrawal moves the
// amount out of the person's account with its Dr 2301 / Cr 3101 entry, so
// 2301 stays equal to the sum of the accounts.

// coveredStatuses are the enrollment statuses that cover medical costs.
var coveredStatuses = []string{shebao.EnrollActive, shebao.EnrollBenefit, shebao.EnrollBenefitSuspended}

// covered finds whether the person was insured in the scheme on the date;
// when not, the reason in Chinese.
func covered(list []*shebao.EnrollmentSpan, scheme, date string) (string, bool) {
	year := date[:4]
	s, _ := shebao.FindScheme(scheme)
	var states []string
	for _, c := range list {
		if c.Scheme != scheme || (scheme == shebao.SchemeResidentMedical && strconv.Itoa(c.Year) != year) {
			continue
		}
		st := c.StatusOn(date)
		if st == "" {
			continue
		}
		for _, ok := range coveredStatuses {
			if st == ok {
				return st, true
			}
		}
		states = append(states, st)
	}
	if len(states) > 0 {
		return fmt.Sprintf("入院日期%s时%s的参保状态为%s,不能报销", date, s.Name, states[0]), false
	}
	for _, c := range list {
		if c.Scheme != scheme {
			o, _ := shebao.FindScheme(c.Scheme)
			if st := c.StatusOn(date); st != "" && (c.Scheme != shebao.SchemeResidentMedical || strconv.Itoa(c.Year) == year) {
				return fmt.Sprintf("入院日期%s时未参加%s(参加的是%s %s)", date, s.Name, o.Code, o.Name), false
			}
		}
	}
	if scheme == shebao.SchemeResidentMedical {
		return fmt.Sprintf("入院日期%s时未参加%s年度的%s", date, year, s.Name), false
	}
	return fmt.Sprintf("入院日期%s时未参加%s", date, s.Name), false
}

// sameNewClaim reports whether two claims to settle are the same but for
// where they came from.
func sameNewClaim(a, b shebao.NewClaim) bool {
	a.Source, b.Source = "", ""
	return a == b
}

// sameClaim reports whether a claim to settle agrees with the stored one.
func sameClaim(c shebao.NewClaim, s *shebao.Claim) bool {
	return c.IDNo == s.IDNo && c.Scheme == s.Scheme && c.Type == s.Type && c.Level == s.Level && c.Admitted == s.Admitted &&
		c.Discharged == s.Discharged && c.TotalCost == s.TotalCost && c.Eligible == s.Eligible
}

func claimConflict(c shebao.NewClaim, s *shebao.Claim) error {
	return shebao.Errorf(shebao.ECONFLICT, "结算单号%s已于%s结算(%s %s %s至%s,总费用%s元,政策范围内%s元),与本次内容不符:已结算的报销不能更改,更正请另行办理",
		c.SettlementNo, s.CreatedAt.In(shebao.ChinaTime).Format(shebao.DateLayout), idno.MaskID(s.IDNo), s.Hospital, s.Admitted, s.Discharged,
		s.TotalCost, s.Eligible)
}

// settle settles a batch of claims (see the top of this file) in the unit
// of work of ctx. It returns, per claim, the claim (new or stored), its
// outcome and its rejection; err is for failures of the whole batch.
func (s *Service) settle(ctx context.Context, cs []shebao.NewClaim) (claims []*shebao.Claim, out []shebao.Outcome, errs []error, err error) {
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	n := len(cs)
	claims, out, errs = make([]*shebao.Claim, n), make([]shebao.Outcome, n), make([]error, n)
	today := shebao.Today()

	// Each claim on its own.
	var ids, numbers []string
	for i := range cs {
		c := &cs[i]
		if err := c.Normalize(today); err != nil {
			errs[i] = err
			continue
		}
		id, err := shebao.CanonicalIDNo(c.IDNo)
		if err != nil {
			errs[i] = err
			continue
		}
		c.IDNo = id
		ids = append(ids, id)
		numbers = append(numbers, c.SettlementNo)
	}
	ids, numbers = nonEmpty(ids), nonEmpty(numbers)
	d, err := s.store.ClaimData(ctx, ids, numbers)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(ids) == 0 {
		return claims, out, errs, nil
	}

	// Repeats, persons, enrollment; the rest wait to be computed.
	var todo []int
	inBatch := map[string]int{}
	for i := range cs {
		if errs[i] != nil {
			continue
		}
		c := cs[i]
		if st := d.Settled[c.SettlementNo]; st != nil {
			if !sameClaim(c, st) {
				errs[i] = claimConflict(c, st)
				continue
			}
			claims[i], out[i] = st, shebao.Unchanged
			continue
		}
		if k, ok := inBatch[c.SettlementNo]; ok {
			if !sameNewClaim(cs[k], c) {
				errs[i] = shebao.FieldErrorf("结算单号", "结算单号%s在本批中出现两次且内容不同", c.SettlementNo)
			} else {
				out[i] = shebao.Unchanged
			}
			continue
		}
		p := d.Persons[c.IDNo]
		if p == nil || !j.Contains(p.Region) {
			errs[i] = shebao.FieldErrorf("身份证号", "身份证号%s的人员未登记", idno.MaskID(c.IDNo))
			continue
		}
		if reason, ok := covered(d.Spans[c.IDNo], c.Scheme, c.Admitted); !ok {
			errs[i] = shebao.FieldErrorf("入院日期", "%s", reason)
			continue
		}
		inBatch[c.SettlementNo] = i
		todo = append(todo, i)
	}

	// The 310 account balances of persons with outpatient claims.
	var accountIDs []string
	for _, i := range todo {
		if cs[i].Type == shebao.ClaimOutpatient {
			accountIDs = append(accountIDs, cs[i].IDNo)
		}
	}
	balances, err := s.store.AccountBalances(ctx, shebao.SchemeEmployeeMedical, nonEmpty(accountIDs))
	if err != nil {
		return nil, nil, nil, err
	}

	// Compute in discharge-date order.
	sort.SliceStable(todo, func(x, y int) bool {
		a, b := cs[todo[x]], cs[todo[y]]
		if a.Discharged != b.Discharged {
			return a.Discharged < b.Discharged
		}
		if a.Admitted != b.Admitted {
			return a.Admitted < b.Admitted
		}
		return a.SettlementNo < b.SettlementNo
	})
	aid, err := s.store.MedicalAidData(ctx, ids)
	if err != nil {
		return nil, nil, nil, err
	}
	policies := map[string]*policy.ClaimPolicy{}
	var records []shebao.ClaimRecord
	var entries []*shebao.Entry
	var moves []shebao.AccountMovement
	for _, i := range todo {
		c := cs[i]
		p := d.Persons[c.IDNo]
		cl := &shebao.Claim{SettlementNo: c.SettlementNo, IDNo: c.IDNo, Name: p.Name, Scheme: c.Scheme, Region: p.Region,
			Type: c.Type, Hospital: c.Hospital, Level: c.Level, Admitted: c.Admitted, Discharged: c.Discharged,
			TotalCost: c.TotalCost, Eligible: c.Eligible, Source: c.Source}
		cl.Year, _ = strconv.Atoi(c.Discharged[:4])
		detail := map[string]any{}
		var ratio shebao.Rate
		uk := shebao.ClaimUseKey(c.IDNo, c.Scheme, cl.Year)
		switch c.Type {
		case shebao.ClaimInpatient:
			pk := c.Scheme + "/" + p.Region + "/" + c.Discharged
			pol := policies[pk]
			if pol == nil {
				dis, _ := time.Parse(shebao.DateLayout, c.Discharged)
				if pol, err = policy.ClaimPolicyAt(set, c.Scheme, p.Region, dis); err != nil {
					if shebao.ErrorCode(err) == shebao.EINTERNAL {
						return nil, nil, nil, err
					}
					errs[i] = err
					continue
				}
				policies[pk] = pol
			}
			ded, err1 := pol.Deductible.For(c.Level)
			r, err2 := pol.Ratio.For(c.Level)
			if err := errors.Join(err1, err2); err != nil {
				errs[i] = shebao.FieldErrorf("医院等级", "%s医院没有%s的起付线或报销比例", policy.LevelName(c.Level), c.Scheme)
				continue
			}
			ratio = r
			u := d.YearUse[uk]
			res := policy.ReimburseStay(policy.Stay{Scheme: c.Scheme, Level: c.Level, Eligible: c.Eligible, Deductible: ded,
				Basis: pol.Basis, DeductibleBorne: u.Deductible, Ratio: r, Cap: pol.Cap, CapUsed: u.Paid})
			cl.Deductible, cl.FundPaid, cl.CapUsedBefore = res.DeductibleApplied, res.Paid, u.Paid
			cl.Ratio = r.Percent()
			cl.Explanation = res.Explanation
			d.YearUse[uk] = shebao.ClaimYearUse{Paid: u.Paid + res.Paid, Deductible: u.Deductible + res.DeductibleApplied}
			detail["policy"] = pol.Cites
			detail["cap"] = pol.Cap
			detail["basis"] = string(pol.Basis)
		case shebao.ClaimOutpatient:
			bal := balances[c.IDNo]
			paid, expl := policy.AccountPayment(c.Eligible, bal)
			balances[c.IDNo] = bal - paid
			cl.AccountPaid, cl.Explanation = paid, expl
			detail["balance_before"] = bal
			detail["rule"] = "国办发〔2021〕14号:个人账户主要用于支付参保人员在定点医疗机构或定点零售药店发生的政策范围内自付费用"
		}
		var line *shebao.MedicalAid
		if c.Type == shebao.ClaimInpatient {
			if line, err = medicalAid(set, aid, cl); err != nil {
				if shebao.ErrorCode(err) == shebao.EINTERNAL {
					return nil, nil, nil, err
				}
				errs[i] = err
				continue
			}
		}
		cl.SelfPaid = c.TotalCost - cl.FundPaid - cl.AccountPaid
		if line != nil {
			cl.AidCategory, cl.AidPaid, cl.AidExplanation = line.Category, line.Paid, line.Explanation
			cl.SelfPaid -= line.Paid
			cl.Explanation += fmt.Sprintf("。%s。个人负担 = 总费用%s − 统筹基金支付%s − 个人账户支付%s − 医疗救助%s = %s元", line.Explanation,
				c.TotalCost, cl.FundPaid, cl.AccountPaid, line.Paid, cl.SelfPaid)
		} else {
			cl.Explanation += fmt.Sprintf("。个人负担 = 总费用%s − 统筹基金支付%s − 个人账户支付%s = %s元", c.TotalCost, cl.FundPaid, cl.AccountPaid, cl.SelfPaid)
		}
		if out := c.TotalCost - c.Eligible; out > 0 {
			cl.Explanation += fmt.Sprintf("(其中政策范围外费用%s元)", out)
		}
		records = append(records, shebao.ClaimRecord{Claim: cl, Ratio: ratio, Detail: detail, Aid: line})
		claims[i], out[i] = cl, shebao.Created
		source := "claim:" + cl.SettlementNo
		if cl.FundPaid > 0 {
			entries = append(entries, &shebao.Entry{Fund: cl.Scheme, Date: cl.Discharged, Kind: shebao.PostBenefit, Source: source,
				Description: fmt.Sprintf("住院医疗费用报销 %s %s", cl.Hospital, cl.SettlementNo),
				Lines:       []shebao.Line{shebao.Debit(shebao.AcctInpatient, cl.FundPaid), shebao.Credit(shebao.AcctBenefitsPayable, cl.FundPaid)}})
		}
		if line != nil && line.Paid > 0 {
			entries = append(entries, medicalAidEntry(line))
		}
		if cl.AccountPaid > 0 {
			entries = append(entries, &shebao.Entry{Fund: cl.Scheme, Date: cl.Discharged, Kind: shebao.PostBenefit, Source: source,
				Description: fmt.Sprintf("个人账户支付门诊费用 %s %s", cl.Hospital, cl.SettlementNo),
				Lines:       []shebao.Line{shebao.Debit(shebao.AcctMedicalAccount, cl.AccountPaid), shebao.Credit(shebao.AcctBenefitsPayable, cl.AccountPaid)}})
			moves = append(moves, shebao.AccountMovement{IDNo: cl.IDNo, Fund: cl.Scheme, Date: cl.Discharged, Kind: shebao.MoveWithdraw,
				Source: source, Amount: cl.AccountPaid})
		}
	}
	if err := s.store.WriteClaims(ctx, records, entries, moves); err != nil {
		return nil, nil, nil, err
	}
	return claims, out, errs, nil
}

// RecordClaim settles one claim (the API): created reports whether it is
// new; the same settlement again returns the stored claim.
func (s *Service) RecordClaim(ctx context.Context, c shebao.NewClaim) (claim *shebao.Claim, created bool, err error) {
	if c.Source == "" {
		c.Source = "api"
	}
	var claims []*shebao.Claim
	var out []shebao.Outcome
	var errs []error
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		claims, out, errs, err = s.settle(ctx, []shebao.NewClaim{c})
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if errs[0] != nil {
		return nil, false, errs[0]
	}
	return claims[0], out[0] == shebao.Created, nil
}

// ImportClaims settles a chunk of claims of an import in one unit of work:
// a new settlement is Created, one settled before Unchanged; a row that is
// invalid, of a person not enrolled, or contradicts a settled claim is
// rejected with its reason.
func (s *Service) ImportClaims(ctx context.Context, run string, cs []shebao.NewClaim) (out []shebao.Outcome, errs []error, err error) {
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		_, out, errs, err = s.settle(ctx, cs)
		return err
	})
	return out, errs, err
}

// nonEmpty returns the distinct non-empty keys, in their first order.
func nonEmpty(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
