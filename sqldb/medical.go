package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Medical reimbursement (医疗费用报销) of 310 and 390, DOMAIN.md §6.
//
// A claim is one settlement (结算单) of a hospital stay or an outpatient
// visit. Settling a batch of claims is set-based: one read each of the
// claims already settled, the persons, their medical enrollments and
// enrollment events, the year's earlier reimbursements and the 310 account
// balances; then the claims are computed in memory in discharge-date order
// (the annual cap is used up in that order) and written with one bulk
// insert, one batch of ledger entries and one batch of account movements.
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
//     the person's region on the discharge date: deductible by level
//     (medical.<scheme>.deductible) per stay or per year
//     (medical.<scheme>.deductible_per), ratio by level, limited by what
//     remains of the annual cap (medical.<scheme>.cap) after the fund's
//     payments for the person's earlier claims of the scheme in the
//     discharge year.
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
// pays hospitals monthly; that payment (Dr 2101 / Cr 1002) belongs to the
// monthly settlement with hospitals, which is not built yet. Account
// spending posts Dr 5033 个人账户医疗费用支出 / Cr 2101 the same way, and
// the withdrawal moves the amount out of the person's account with its
// Dr 2301 / Cr 3101 entry (MoveAccounts), so 2301 stays equal to the sum of
// the accounts.

// coveredStatuses are the enrollment statuses that cover medical costs.
var coveredStatuses = []string{shebao.EnrollActive, shebao.EnrollBenefit, shebao.EnrollBenefitSuspended}

// claimTable is the bulk insert of settled claims.
var claimTable = bulkTable{
	name: "medical_claims",
	cols: []string{"id", "settlement_no", "id_no", "scheme", "region_code", "claim_type", "hospital", "hospital_level",
		"admitted", "discharged", "year", "total_cost", "eligible_cost", "deductible", "ratio", "cap_used_before",
		"fund_paid", "account_paid", "self_paid", "explanation", "detail", "source", "created_at", "created_by"},
	pgTypes: []string{"text", "text", "text", "text", "text", "text", "text", "bigint",
		"text", "text", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint",
		"bigint", "bigint", "bigint", "text", "text", "text", "text", "text"},
	conflict: "ON CONFLICT (settlement_no) DO NOTHING",
}

// RecordClaim settles one claim (the API): created reports whether it is
// new; the same settlement again returns the stored claim.
func (db *DB) RecordClaim(ctx context.Context, c shebao.NewClaim) (claim *shebao.Claim, created bool, err error) {
	if c.Source == "" {
		c.Source = "api"
	}
	var claims []*shebao.Claim
	var out []shebao.Outcome
	var errs []error
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		claims, out, errs, err = tx.settleClaims(ctx, []shebao.NewClaim{c})
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

// ImportClaims settles a chunk of claims of an import in one transaction:
// a new settlement is Created, one settled before Unchanged; a row that is
// invalid, of a person not enrolled, or contradicts a settled claim is
// rejected with its reason.
func (db *DB) ImportClaims(ctx context.Context, run string, cs []shebao.NewClaim) (out []shebao.Outcome, errs []error, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		_, out, errs, err = tx.settleClaims(ctx, cs)
		return err
	})
	return out, errs, err
}

// coverage is one medical enrollment of a person with its events.
type coverage struct {
	id, scheme, status, start, end, endReason string
	year                                      int
	events                                    []coverageEvent
}

type coverageEvent struct {
	seq      int
	to, date string
}

// statusOn returns the enrollment's status on the date, or "" when it did
// not cover the date at all. The end date is the last day covered.
func (c *coverage) statusOn(date string) string {
	if c.start > date || (c.end != "" && c.end < date) || c.endReason == shebao.EndDuplicate {
		return ""
	}
	status, best := "", -1
	for _, e := range c.events {
		if e.date > date || (e.date == date && !shebao.IsOpen(e.to)) {
			continue
		}
		if e.seq > best {
			status, best = e.to, e.seq
		}
	}
	return status
}

// covered finds whether the person was insured in the scheme on the date;
// when not, the reason in Chinese.
func covered(list []*coverage, scheme, date string) (string, bool) {
	year := date[:4]
	s, _ := shebao.FindScheme(scheme)
	var states []string
	for _, c := range list {
		if c.scheme != scheme || (scheme == shebao.SchemeResidentMedical && fmt.Sprint(c.year) != year) {
			continue
		}
		st := c.statusOn(date)
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
		if c.scheme != scheme {
			o, _ := shebao.FindScheme(c.scheme)
			if st := c.statusOn(date); st != "" && (c.scheme != shebao.SchemeResidentMedical || fmt.Sprint(c.year) == year) {
				return fmt.Sprintf("入院日期%s时未参加%s(参加的是%s %s)", date, s.Name, o.Code, o.Name), false
			}
		}
	}
	if scheme == shebao.SchemeResidentMedical {
		return fmt.Sprintf("入院日期%s时未参加%s年度的%s", date, year, s.Name), false
	}
	return fmt.Sprintf("入院日期%s时未参加%s", date, s.Name), false
}

// yearUse is what the fund paid a person in a scheme and year, and what the
// person bore of deductibles.
type yearUse struct{ paid, deductible shebao.Money }

// claimPolicy is the policy applied to claims of one scheme, region and
// date.
type claimPolicy struct {
	deductible policy.LevelAmounts
	ratio      policy.LevelRates
	cap        shebao.Money
	basis      policy.DeductibleBasis
	cites      map[string]string
}

func loadClaimPolicy(set *policy.Set, scheme, region string, on time.Time) (*claimPolicy, error) {
	p := &claimPolicy{cites: map[string]string{}}
	par, err := set.Table(policy.SchemeKey("medical", scheme, "deductible"), region, on, &p.deductible)
	if err != nil {
		return nil, err
	}
	p.cites["起付线"] = par.Cite()
	if par, err = set.Table(policy.SchemeKey("medical", scheme, "ratio"), region, on, &p.ratio); err != nil {
		return nil, err
	}
	p.cites["报销比例"] = par.Cite()
	if p.cap, par, err = set.Money(policy.SchemeKey("medical", scheme, "cap"), region, on); err != nil {
		return nil, err
	}
	p.cites["年度最高支付限额"] = par.Cite()
	// A database loaded before the key existed has no value: per stay.
	switch par, err = set.Table(policy.SchemeKey("medical", scheme, "deductible_per"), region, on, &p.basis); {
	case shebao.ErrorCode(err) == shebao.ENOTFOUND:
		p.basis = policy.DeductiblePerStay
		p.cites["起付线计算方式"] = "未设置(" + policy.SchemeKey("medical", scheme, "deductible_per") + "),按每次住院计算"
	case err != nil:
		return nil, err
	default:
		p.cites["起付线计算方式"] = par.Cite()
	}
	return p, nil
}

// settleClaims settles a batch of claims (see the top of this file). It
// returns, per claim, the claim (new or stored), its outcome and its
// rejection; err is for failures of the whole batch.
func (tx *Tx) settleClaims(ctx context.Context, cs []shebao.NewClaim) (claims []*shebao.Claim, out []shebao.Outcome, errs []error, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	a := sc.actor
	if err := authorize(a, "medical.settle", shebao.EntityMedical, ""); err != nil {
		return nil, nil, nil, err
	}
	set, err := tx.db.PolicySet(ctx)
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
		id, err := canonicalIDNo(c.IDNo)
		if err != nil {
			errs[i] = err
			continue
		}
		c.IDNo = id
		ids = append(ids, id)
		numbers = append(numbers, c.SettlementNo)
	}
	ids, numbers = nonEmpty(ids), nonEmpty(numbers)
	if len(ids) == 0 {
		return claims, out, errs, nil
	}

	// Claims of these persons are settled one transaction at a time: lock
	// the persons (PostgreSQL; SQLite has one writer), in a fixed order.
	if tx.db.Dialect == Postgres {
		cond, args := tx.inKeys("id_no", ids, nil)
		if _, err := tx.ledgerStrings(ctx, `SELECT id_no FROM persons WHERE `+cond+` ORDER BY id_no FOR NO KEY UPDATE`, args...); err != nil {
			return nil, nil, nil, err
		}
	}
	persons, err := tx.personsByID(ctx, ids)
	if err != nil {
		return nil, nil, nil, err
	}
	settled, err := byKeys(ctx, tx, `SELECT `+claimColumns+claimFrom, "c.settlement_no", numbers, scanClaim,
		func(c *shebao.Claim) string { return c.SettlementNo })
	if err != nil {
		return nil, nil, nil, err
	}
	covers, err := tx.schemeCoverage(ctx, ids, shebao.SchemeEmployeeMedical, shebao.SchemeResidentMedical)
	if err != nil {
		return nil, nil, nil, err
	}
	use, err := tx.claimYearUse(ctx, ids)
	if err != nil {
		return nil, nil, nil, err
	}

	// Repeats, persons, enrollment; the rest wait to be computed.
	var todo []int
	inBatch := map[string]int{}
	for i := range cs {
		if errs[i] != nil {
			continue
		}
		c := cs[i]
		if s := settled[c.SettlementNo]; s != nil {
			if !sameClaim(c, s) {
				errs[i] = claimConflict(c, s)
				continue
			}
			claims[i], out[i] = s, shebao.Unchanged
			continue
		}
		if j, ok := inBatch[c.SettlementNo]; ok {
			if !sameNewClaim(cs[j], c) {
				errs[i] = shebao.FieldErrorf("结算单号", "结算单号%s在本批中出现两次且内容不同", c.SettlementNo)
			} else {
				out[i] = shebao.Unchanged
			}
			continue
		}
		p := persons[c.IDNo]
		if p == nil || !sc.contains(p.Region) {
			errs[i] = shebao.FieldErrorf("身份证号", "身份证号%s的人员未登记", idno.MaskID(c.IDNo))
			continue
		}
		if reason, ok := covered(covers[c.IDNo], c.Scheme, c.Admitted); !ok {
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
	balances, err := tx.accountBalances(ctx, shebao.SchemeEmployeeMedical, nonEmpty(accountIDs))
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
	policies := map[string]*claimPolicy{}
	now := fmtTime(tx.now)
	var rows [][]any
	var entries []*shebao.Entry
	var moves []shebao.AccountMovement
	var created []int
	for _, i := range todo {
		c := cs[i]
		p := persons[c.IDNo]
		year := c.Discharged[:4]
		cl := &shebao.Claim{ID: newID(), SettlementNo: c.SettlementNo, IDNo: c.IDNo, Name: p.Name, Scheme: c.Scheme, Region: p.Region,
			Type: c.Type, Hospital: c.Hospital, Level: c.Level, Admitted: c.Admitted, Discharged: c.Discharged,
			TotalCost: c.TotalCost, Eligible: c.Eligible, Source: c.Source, CreatedAt: tx.now, CreatedBy: a.Name}
		fmt.Sscan(year, &cl.Year)
		detail := map[string]any{}
		var ratio shebao.Rate
		uk := ledgerKey(c.IDNo, c.Scheme, year)
		switch c.Type {
		case shebao.ClaimInpatient:
			dis, _ := time.Parse(shebao.DateLayout, c.Discharged)
			pk := ledgerKey(c.Scheme, p.Region, c.Discharged)
			pol := policies[pk]
			if pol == nil {
				if pol, err = loadClaimPolicy(set, c.Scheme, p.Region, dis); err != nil {
					if shebao.ErrorCode(err) == shebao.EINTERNAL {
						return nil, nil, nil, err
					}
					errs[i] = err
					continue
				}
				policies[pk] = pol
			}
			ded, err1 := pol.deductible.For(c.Level)
			r, err2 := pol.ratio.For(c.Level)
			if err := errors.Join(err1, err2); err != nil {
				errs[i] = shebao.FieldErrorf("医院等级", "%s医院没有%s的起付线或报销比例", policy.LevelName(c.Level), c.Scheme)
				continue
			}
			ratio = r
			u := use[uk]
			res := policy.ReimburseStay(policy.Stay{Scheme: c.Scheme, Level: c.Level, Eligible: c.Eligible, Deductible: ded,
				Basis: pol.basis, DeductibleBorne: u.deductible, Ratio: r, Cap: pol.cap, CapUsed: u.paid})
			cl.Deductible, cl.FundPaid, cl.CapUsedBefore = res.DeductibleApplied, res.Paid, u.paid
			cl.Ratio = r.Percent()
			cl.Explanation = res.Explanation
			use[uk] = yearUse{paid: u.paid + res.Paid, deductible: u.deductible + res.DeductibleApplied}
			detail["policy"] = pol.cites
			detail["cap"] = pol.cap
			detail["basis"] = string(pol.basis)
		case shebao.ClaimOutpatient:
			bal := balances[c.IDNo]
			paid, expl := policy.AccountPayment(c.Eligible, bal)
			balances[c.IDNo] = bal - paid
			cl.AccountPaid, cl.Explanation = paid, expl
			detail["balance_before"] = bal
			detail["rule"] = "国办发〔2021〕14号:个人账户主要用于支付参保人员在定点医疗机构或定点零售药店发生的政策范围内自付费用"
		}
		cl.SelfPaid = c.TotalCost - cl.FundPaid - cl.AccountPaid
		cl.Explanation += fmt.Sprintf("。个人负担 = 总费用%s − 统筹基金支付%s − 个人账户支付%s = %s元", c.TotalCost, cl.FundPaid, cl.AccountPaid, cl.SelfPaid)
		if out := c.TotalCost - c.Eligible; out > 0 {
			cl.Explanation += fmt.Sprintf("(其中政策范围外费用%s元)", out)
		}
		rows = append(rows, []any{cl.ID, cl.SettlementNo, cl.IDNo, cl.Scheme, cl.Region, cl.Type, cl.Hospital, int64(cl.Level),
			cl.Admitted, cl.Discharged, int64(cl.Year), int64(cl.TotalCost), int64(cl.Eligible), int64(cl.Deductible), int64(ratio),
			int64(cl.CapUsedBefore), int64(cl.FundPaid), int64(cl.AccountPaid), int64(cl.SelfPaid), cl.Explanation, jsonText(detail),
			cl.Source, now, a.Name})
		claims[i], out[i] = cl, shebao.Created
		created = append(created, i)
		source := "claim:" + cl.SettlementNo
		if cl.FundPaid > 0 {
			entries = append(entries, &shebao.Entry{Fund: cl.Scheme, Date: cl.Discharged, Kind: shebao.PostBenefit, Source: source,
				Description: fmt.Sprintf("住院医疗费用报销 %s %s", cl.Hospital, cl.SettlementNo),
				Lines:       []shebao.Line{shebao.Debit(shebao.AcctInpatient, cl.FundPaid), shebao.Credit(shebao.AcctBenefitsPayable, cl.FundPaid)}})
		}
		if cl.AccountPaid > 0 {
			entries = append(entries, &shebao.Entry{Fund: cl.Scheme, Date: cl.Discharged, Kind: shebao.PostBenefit, Source: source,
				Description: fmt.Sprintf("个人账户支付门诊费用 %s %s", cl.Hospital, cl.SettlementNo),
				Lines:       []shebao.Line{shebao.Debit(shebao.AcctMedicalAccount, cl.AccountPaid), shebao.Credit(shebao.AcctBenefitsPayable, cl.AccountPaid)}})
			moves = append(moves, shebao.AccountMovement{IDNo: cl.IDNo, Fund: cl.Scheme, Date: cl.Discharged, Kind: shebao.MoveWithdraw,
				Source: source, Amount: cl.AccountPaid})
		}
	}
	if len(rows) == 0 {
		return claims, out, errs, nil
	}
	if err := tx.bulkInsert(ctx, claimTable, rows); err != nil {
		return nil, nil, nil, err
	}
	ids = ids[:0]
	for _, i := range created {
		ids = append(ids, claims[i].ID)
	}
	landed, err := tx.existingIDs(ctx, "medical_claims", ids)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, i := range created {
		if !landed[claims[i].ID] {
			// Another transaction settled the same number meanwhile (for
			// another person: the person lock serializes the same person).
			return nil, nil, nil, shebao.Errorf(shebao.ECONFLICT, "结算单号%s正在被另一次导入处理,请稍后重新导入", claims[i].SettlementNo)
		}
	}
	if _, err := tx.postFor(ctx, shebao.EntityMedical, entries); err != nil {
		return nil, nil, nil, err
	}
	if len(moves) > 0 {
		if _, err := tx.moveAccountsFor(ctx, shebao.EntityMedical, moves[len(moves)-1].Date, "claims:"+ids[0],
			"个人账户支付门诊医疗费用", moves); err != nil {
			return nil, nil, nil, err
		}
	}
	after := map[string]any{"created": len(created)}
	region := ""
	if len(created) == 1 {
		after["claim"] = claims[created[0]]
		region = claims[created[0]].Region
	} else {
		var nos []string
		for _, i := range created[:min(len(created), 20)] {
			nos = append(nos, claims[i].SettlementNo)
		}
		after["settlement_nos"] = nos
	}
	if err := tx.audit(ctx, "medical.settle", shebao.EntityMedical, claims[created[0]].ID, region, nil, after); err != nil {
		return nil, nil, nil, err
	}
	return claims, out, errs, nil
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

// schemeCoverage reads the persons' enrollments in the schemes with their
// events.
func (tx *Tx) schemeCoverage(ctx context.Context, ids []string, schemes ...string) (map[string][]*coverage, error) {
	out := map[string][]*coverage{}
	byID := map[string]*coverage{}
	cond, args := tx.inKeys("n.id_no", ids, nil)
	cond2, args := tx.inKeys("n.scheme", schemes, args)
	rows, err := tx.Query(ctx, `SELECT n.id, n.id_no, n.scheme, n.year, n.status, n.start_date, n.end_date, n.end_reason
		FROM enrollments n WHERE `+cond+` AND `+cond2, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		c := &coverage{}
		var id string
		if err := rows.Scan(&c.id, &id, &c.scheme, &c.year, &c.status, &c.start, &c.end, &c.endReason); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = append(out[id], c)
		byID[c.id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(byID) == 0 {
		return out, nil
	}
	rows, err = tx.Query(ctx, `SELECT e.enrollment_id, e.seq, e.to_status, e.event_date
		FROM enrollment_events e JOIN enrollments n ON n.id = e.enrollment_id WHERE `+cond+` AND `+cond2, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var e coverageEvent
		if err := rows.Scan(&id, &e.seq, &e.to, &e.date); err != nil {
			return nil, err
		}
		if c := byID[id]; c != nil {
			c.events = append(c.events, e)
		}
	}
	return out, rows.Err()
}

// claimYearUse sums the fund's payments and the deductibles borne by the
// persons' settled inpatient claims, by person, scheme and year.
func (tx *Tx) claimYearUse(ctx context.Context, ids []string) (map[string]yearUse, error) {
	cond, args := tx.inKeys("id_no", ids, []any{shebao.ClaimInpatient})
	rows, err := tx.Query(ctx, `SELECT id_no, scheme, year, CAST(SUM(fund_paid) AS BIGINT), CAST(SUM(deductible) AS BIGINT) FROM medical_claims
		WHERE claim_type = $1 AND `+cond+` GROUP BY id_no, scheme, year`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]yearUse{}
	for rows.Next() {
		var id, scheme string
		var year int
		var paid, ded int64
		if err := rows.Scan(&id, &scheme, &year, &paid, &ded); err != nil {
			return nil, err
		}
		out[ledgerKey(id, scheme, fmt.Sprint(year))] = yearUse{shebao.Money(paid), shebao.Money(ded)}
	}
	return out, rows.Err()
}

// accountBalances reads the individual-account balances of the persons in
// a fund (0 for a person without an account).
func (tx *Tx) accountBalances(ctx context.Context, fund string, ids []string) (map[string]shebao.Money, error) {
	out := map[string]shebao.Money{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("id_no", ids, []any{fund})
	rows, err := tx.Query(ctx, `SELECT id_no, balance FROM individual_accounts WHERE fund = $1 AND `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var b int64
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		out[id] = shebao.Money(b)
	}
	return out, rows.Err()
}

const claimColumns = `c.id, c.settlement_no, c.id_no, COALESCE(p.name, ''), c.scheme, c.region_code, c.claim_type, c.hospital,
	c.hospital_level, c.admitted, c.discharged, c.year, c.total_cost, c.eligible_cost, c.deductible, c.ratio, c.cap_used_before,
	c.fund_paid, c.account_paid, c.self_paid, c.explanation, c.source, c.created_at, c.created_by`

const claimFrom = ` FROM medical_claims c LEFT JOIN persons p ON p.id_no = c.id_no`

func scanClaim(s rowScanner) (*shebao.Claim, error) {
	var c shebao.Claim
	var total, elig, ded, ratio, used, fund, acc, self int64
	var created string
	if err := s.Scan(&c.ID, &c.SettlementNo, &c.IDNo, &c.Name, &c.Scheme, &c.Region, &c.Type, &c.Hospital, &c.Level,
		&c.Admitted, &c.Discharged, &c.Year, &total, &elig, &ded, &ratio, &used, &fund, &acc, &self,
		&c.Explanation, &c.Source, &created, &c.CreatedBy); err != nil {
		return nil, err
	}
	c.TotalCost, c.Eligible, c.Deductible, c.CapUsedBefore = shebao.Money(total), shebao.Money(elig), shebao.Money(ded), shebao.Money(used)
	c.FundPaid, c.AccountPaid, c.SelfPaid = shebao.Money(fund), shebao.Money(acc), shebao.Money(self)
	if c.Type == shebao.ClaimInpatient {
		c.Ratio = shebao.Rate(ratio).Percent()
	}
	c.CreatedAt = parseTime(created)
	return &c, nil
}

// FindClaims lists claims in the actor's jurisdiction, ordered by person
// and discharge date. A list for one person is an audited read of that
// person's record; a citizen sees only their own claims.
func (db *DB) FindClaims(ctx context.Context, f shebao.ClaimFilter) ([]*shebao.Claim, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "medical.read", shebao.EntityMedical, ""); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	if shebao.RoleOf(sc.actor).OwnOnly {
		if f.IDNo == "" {
			f.IDNo = sc.actor.IDNo
		}
		if n, _ := canonicalIDNo(f.IDNo); n != sc.actor.IDNo {
			return nil, 0, notFoundPerson(f.IDNo)
		}
	}
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, cond+itoa(len(args)))
	}
	if f.IDNo != "" {
		n, err := canonicalIDNo(f.IDNo)
		if err != nil {
			return nil, 0, err
		}
		add("c.id_no = $", n)
	}
	if f.Year != 0 {
		if f.Year < 1990 || f.Year > 2200 {
			return nil, 0, shebao.FieldErrorf("年度", "年度%d无效", f.Year)
		}
		add("c.year = $", int64(f.Year))
	}
	if f.Scheme != "" {
		s, ok := shebao.FindScheme(f.Scheme)
		if !ok {
			return nil, 0, shebao.FieldErrorf("险种", "未知险种“%s”", f.Scheme)
		}
		add("c.scheme = $", s.Code)
	}
	conds, args = sc.where("c.region_code", conds, args)
	out, total, err := findPage(ctx, db, `medical_claims c`, `SELECT `+claimColumns+claimFrom, whereClause(conds), args,
		"c.id_no, c.discharged, c.settlement_no", f.Limit, f.Offset, scanClaim)
	if err != nil || f.IDNo == "" || len(out) == 0 {
		return out, total, err
	}
	return out, total, db.recordRead(ctx, "medical.read", shebao.EntityMedical, out[0].IDNo, out[0].Region, nil, nil)
}

// FindClaim returns one claim (an audited read of personal data).
func (db *DB) FindClaim(ctx context.Context, id string) (*shebao.Claim, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.Claim
	err = db.View(ctx, func(tx *Tx) error {
		c, err := scanClaim(tx.QueryRow(ctx, `SELECT `+claimColumns+claimFrom+` WHERE c.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) || err == nil && (!sc.contains(c.Region) ||
			shebao.RoleOf(sc.actor).OwnOnly && c.IDNo != sc.actor.IDNo) {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到报销记录%s", id)
		}
		if err != nil {
			return err
		}
		out = c
		return tx.audit(ctx, "medical.read", shebao.EntityMedical, c.IDNo, c.Region, nil, nil)
	})
	return out, err
}

// MedicalReport computes the reimbursement indicators of a region (""
// for the actor's jurisdiction) over the discharge months from–to
// (YYYY-MM): per scheme, and per scheme and child region. The persons of a
// child region are counted by the region of each claim.
func (db *DB) MedicalReport(ctx context.Context, region, from, to string) (*shebao.MedicalReport, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.Read(shebao.EntityStats)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", sc.actor.RoleName(), shebao.EntityName(shebao.EntityStats))
	}
	f, err := shebao.ParsePeriod(from)
	if err != nil {
		return nil, shebao.FieldErrorf("起始月份", "起始月份“%s”无效,应为YYYY-MM", from)
	}
	t, err := shebao.ParsePeriod(to)
	if err != nil {
		return nil, shebao.FieldErrorf("终止月份", "终止月份“%s”无效,应为YYYY-MM", to)
	}
	if t < f {
		return nil, shebao.FieldErrorf("终止月份", "终止月份%s早于起始月份%s", t, f)
	}
	if region == "" && !sc.all {
		region = sc.actor.Region
	}
	rep := &shebao.MedicalReport{From: string(f), To: string(t), Schemes: []shebao.MedicalStats{}, Children: []shebao.MedicalStats{}}
	area := scope{all: true, actor: sc.actor}
	childLen := 2 // provinces of the whole database
	if region != "" {
		r, err := idno.ParseRegion(region)
		if err != nil {
			return nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
		}
		if !sc.contains(r.Code) {
			return nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", r.Code)
		}
		rep.Region = r.Code
		if area.lo, area.hi, err = prefixRange(r.Code); err != nil {
			return nil, err
		}
		area.all = false
		childLen = map[int]int{1: 4, 2: 6, 3: 9, 4: 12, 5: 0}[r.Level]
	}
	names, err := db.regionNames(ctx, area)
	if err != nil {
		return nil, err
	}
	rep.RegionName = names[rep.Region]
	start, end := t.Last().AddDate(0, 0, 1).Format(shebao.DateLayout), f.First().Format(shebao.DateLayout)
	conds, args := area.where("region_code", []string{"discharged >= $1", "discharged < $2"}, []any{end, start})
	where := whereClause(conds)
	const sums = `COUNT(DISTINCT id_no),
		CAST(SUM(CASE WHEN claim_type = '住院' THEN 1 ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN claim_type = '门诊' THEN 1 ELSE 0 END) AS BIGINT),
		CAST(SUM(total_cost) AS BIGINT), CAST(SUM(eligible_cost) AS BIGINT), CAST(SUM(fund_paid) AS BIGINT), CAST(SUM(account_paid) AS BIGINT)`
	rows, err := db.query(ctx, `SELECT scheme, `+sums+` FROM medical_claims`+where+` GROUP BY scheme ORDER BY scheme`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		st := shebao.MedicalStats{Region: rep.Region, RegionName: rep.RegionName}
		var total, elig, fund, acc int64
		if err := rows.Scan(&st.Scheme, &st.Persons, &st.Stays, &st.Outpatient, &total, &elig, &fund, &acc); err != nil {
			rows.Close()
			return nil, err
		}
		st.TotalCost, st.Eligible, st.Reimbursed, st.AccountPaid = shebao.Money(total), shebao.Money(elig), shebao.Money(fund), shebao.Money(acc)
		if sc, ok := shebao.FindScheme(st.Scheme); ok {
			st.SchemeName = sc.Name
		}
		if st.Stays > 0 {
			st.PerStay = shebao.Money(shebao.DivRound(int64(st.Reimbursed), int64(st.Stays)))
		}
		rep.Schemes = append(rep.Schemes, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if childLen > 0 {
		rows, err := db.query(ctx, `SELECT scheme, region_code, `+sums+` FROM medical_claims`+where+` GROUP BY scheme, region_code`, args...)
		if err != nil {
			return nil, err
		}
		byChild := map[string]*shebao.MedicalStats{}
		var keys []string
		for rows.Next() {
			var st shebao.MedicalStats
			var code string
			var total, elig, fund, acc int64
			if err := rows.Scan(&st.Scheme, &code, &st.Persons, &st.Stays, &st.Outpatient, &total, &elig, &fund, &acc); err != nil {
				rows.Close()
				return nil, err
			}
			child := code[:childLen] + strings.Repeat("0", 12-childLen)
			k := st.Scheme + child
			c := byChild[k]
			if c == nil {
				c = &shebao.MedicalStats{Scheme: st.Scheme, Region: child, RegionName: names[child]}
				if s, ok := shebao.FindScheme(st.Scheme); ok {
					c.SchemeName = s.Name
				}
				byChild[k] = c
				keys = append(keys, k)
			}
			c.Persons += st.Persons
			c.Stays += st.Stays
			c.Outpatient += st.Outpatient
			c.TotalCost += shebao.Money(total)
			c.Eligible += shebao.Money(elig)
			c.Reimbursed += shebao.Money(fund)
			c.AccountPaid += shebao.Money(acc)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		sort.Strings(keys)
		for _, k := range keys {
			c := byChild[k]
			if c.Stays > 0 {
				c.PerStay = shebao.Money(shebao.DivRound(int64(c.Reimbursed), int64(c.Stays)))
			}
			rep.Children = append(rep.Children, *c)
		}
	}
	rep.Summary = medicalSummary(rep)
	return rep, nil
}

// regionNames returns the names of the regions in the area, by code.
func (db *DB) regionNames(ctx context.Context, area scope) (map[string]string, error) {
	conds, args := area.where("code", nil, nil)
	rows, err := db.query(ctx, `SELECT code, name FROM regions`+whereClause(conds), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, rows.Err()
}

// medicalSummary writes the indicators in the seed's style: "住院报销2015
// 人次,报销金额187.23万元".
func medicalSummary(rep *shebao.MedicalReport) string {
	where := rep.RegionName
	if where == "" {
		where = "全辖区"
	}
	var parts []string
	for _, s := range rep.Schemes {
		parts = append(parts, fmt.Sprintf("%s住院报销%d人次,报销金额%s万元(次均%s元)", s.SchemeName, s.Stays, wan(s.Reimbursed), s.PerStay))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%s%s至%s无医疗费用报销", where, rep.From, rep.To)
	}
	return fmt.Sprintf("%s%s至%s:%s。", where, rep.From, rep.To, strings.Join(parts, ";"))
}

// wan formats money in 万元 with two decimals, rounded half up.
func wan(m shebao.Money) string {
	return shebao.Money(shebao.DivRound(int64(m), 10000)).String()
}
