package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Lump-sum back payment of converted villages (村改居). A conversion is
// registered for a village with its date; the cost per person and its
// split are computed then from the policy in force for the village on
// that date and kept (a later change of policy does not move a quote):
//
//   - with lumpsum.village.standard in force (a fixed amount per person, as
//     the seed's 3.7 万元), cost = the standard; the monthly base is the
//     one that standard pays for: cost ÷ (rate × years × 12);
//   - otherwise base = wage.avg_monthly × lumpsum.village.base (60%), cost =
//     base × flex.110.rate (20%, the rate of individual payers) × years × 12.
//
// The government pays lumpsum.village.government of the cost, the village
// collective lumpsum.village.collective, the person the rest (so the three
// add up to the cost exactly). Once all three have paid their part, the
// person's pension account (fund 110) is credited with base ×
// flex.110.account_rate (8%) × months (国发〔2005〕38号), and the years
// before the conversion year are written to contribution_years (12 months
// each at the base) so that the pension determination counts them; years
// already recorded for the person are kept as they are.
//
// Every payment posts one entry in fund 110 (kind collection, source
// "lumpsum:<receipt>"): Dr 1002 银行存款, Cr 4001 社会保险费收入 for the
// collective's and the individual's money, Cr 4002 财政补贴收入 for the
// government's. The account credit posts its own entry (source
// "lumpsum:<id_no>", Dr 3101 / Cr 2301).

// RegisterConversion registers the conversion of a village on a date and
// fixes the per-person cost from the policy in force. Registering the
// same village again with the same date returns the registration; another
// date is ECONFLICT.
func (db *DB) RegisterConversion(ctx context.Context, region, convertedOn string) (*shebao.VillageConversion, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "lumpsum.register", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	r, err := idno.ParseRegion(region)
	if err != nil {
		return nil, shebao.FieldErrorf("区划", "%s", err.Error())
	}
	if r.Level != 5 {
		return nil, shebao.FieldErrorf("区划", "村改居须登记到村(社区)一级,%s不是村级区划代码", r.Code)
	}
	day, err := parseDate("改制日期", convertedOn)
	if err != nil {
		return nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	v := &shebao.VillageConversion{Region: r.Code, ConvertedOn: day.Format(shebao.DateLayout)}
	if err := conversionCost(set, v, day); err != nil {
		return nil, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM regions WHERE code = $1`, r.Code).Scan(&name); isNoRows(err) || err == nil && !sc.contains(r.Code) {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到区划%s", r.Code)
		} else if err != nil {
			return err
		}
		v.Name = name
		prior, err := tx.conversion(ctx, r.Code)
		if err != nil {
			return err
		}
		if prior != nil {
			if prior.ConvertedOn != v.ConvertedOn {
				return shebao.Errorf(shebao.ECONFLICT, "%s已于%s登记村改居,不能以另一日期%s重复登记", name, prior.ConvertedOn, v.ConvertedOn)
			}
			*v = *prior
			v.Name = name
			return nil
		}
		v.CreatedAt, v.CreatedBy = tx.now, sc.actor.Name
		if _, err := tx.Exec(ctx, `INSERT INTO village_conversions (region_code, converted_on, years_required, monthly_base, cost,
				collective, individual, government, account, explanation, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			v.Region, v.ConvertedOn, int64(v.Years), int64(v.MonthlyBase), int64(v.Cost), int64(v.Collective), int64(v.Individual),
			int64(v.Government), int64(v.Account), v.Explanation, fmtTime(tx.now), sc.actor.Name); err != nil {
			return err
		}
		return tx.audit(ctx, "lumpsum.register", shebao.EntityContribution, v.Region, v.Region, nil, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// conversionCost computes the per-person cost of a conversion (see the top
// of this file).
func conversionCost(set *policy.Set, v *shebao.VillageConversion, day time.Time) error {
	years, _, err := set.Int("lumpsum.village.years", v.Region, day)
	if err != nil {
		return err
	}
	if years <= 0 || years > 50 {
		return fmt.Errorf("lumpsum.village.years = %d", years)
	}
	rate, _, err := set.Rate("flex.110.rate", v.Region, day)
	if err != nil {
		return err
	}
	accRate, _, err := set.Rate("flex.110.account_rate", v.Region, day)
	if err != nil {
		return err
	}
	gov, _, err := set.Rate("lumpsum.village.government", v.Region, day)
	if err != nil {
		return err
	}
	coll, _, err := set.Rate("lumpsum.village.collective", v.Region, day)
	if err != nil {
		return err
	}
	months := int64(years * 12)
	v.Years = years
	var b strings.Builder
	standard, stdParam, err := set.Money("lumpsum.village.standard", v.Region, day)
	switch {
	case err == nil:
		v.Cost = standard
		v.MonthlyBase = shebao.Money(shebao.MulDivRound(int64(standard), shebao.RatePPM, int64(rate)*months))
		v.Account = shebao.Money(shebao.MulDivRound(int64(standard), int64(accRate), int64(rate)))
		fmt.Fprintf(&b, "按人均补缴标准%s元(%s)补缴%d年(%d个月);折合月缴费基数 %s ÷ (%s × %d) = %s元;个人账户记账 %s × %s ÷ %s = %s元;",
			standard, stdParam.Cite(), years, months, standard, rate.Percent(), months, v.MonthlyBase, standard, accRate.Percent(), rate.Percent(), v.Account)
	case shebao.ErrorCode(err) == shebao.ENOTFOUND:
		avg, _, err := set.Money("wage.avg_monthly", v.Region, day)
		if err != nil {
			return err
		}
		ratio, _, err := set.Rate("lumpsum.village.base", v.Region, day)
		if err != nil {
			return err
		}
		v.MonthlyBase = ratio.Apply(avg)
		monthly := rate.Apply(v.MonthlyBase)
		v.Cost = monthly * shebao.Money(months)
		v.Account = accRate.Apply(v.MonthlyBase) * shebao.Money(months)
		fmt.Fprintf(&b, "补缴基数 = 社平工资%s × %s = %s元;每月 %s × %s = %s元;补缴%d年共%d个月,人均 %s × %d = %s元;个人账户记账 %s × %s × %d = %s元;",
			avg, ratio.Percent(), v.MonthlyBase, v.MonthlyBase, rate.Percent(), monthly, years, months, monthly, months, v.Cost,
			v.MonthlyBase, accRate.Percent(), months, v.Account)
	default:
		return err
	}
	v.Government = gov.Apply(v.Cost)
	v.Collective = coll.Apply(v.Cost)
	v.Individual = v.Cost - v.Government - v.Collective
	if v.Individual < 0 {
		return fmt.Errorf("lumpsum shares: government %s + collective %s exceed 100%%", gov.Percent(), coll.Percent())
	}
	fmt.Fprintf(&b, "分担:政府%s即%s元,村集体%s即%s元,个人缴纳其余%s元(集体和个人合计%s元)。",
		gov.Percent(), v.Government, coll.Percent(), v.Collective, v.Individual, v.Collective+v.Individual)
	v.Explanation = b.String()
	return nil
}

const conversionSelect = `SELECT region_code, converted_on, years_required, monthly_base, cost, collective, individual, government,
	account, explanation, created_at, created_by FROM village_conversions`

func scanConversion(s rowScanner) (*shebao.VillageConversion, error) {
	var v shebao.VillageConversion
	var base, cost, coll, ind, gov, acc int64
	var at string
	if err := s.Scan(&v.Region, &v.ConvertedOn, &v.Years, &base, &cost, &coll, &ind, &gov, &acc, &v.Explanation, &at, &v.CreatedBy); err != nil {
		return nil, err
	}
	v.MonthlyBase, v.Cost, v.Collective, v.Individual, v.Government, v.Account =
		shebao.Money(base), shebao.Money(cost), shebao.Money(coll), shebao.Money(ind), shebao.Money(gov), shebao.Money(acc)
	v.CreatedAt = parseTime(at)
	return &v, nil
}

func (tx *Tx) conversion(ctx context.Context, region string) (*shebao.VillageConversion, error) {
	v, err := scanConversion(tx.QueryRow(ctx, conversionSelect+` WHERE region_code = $1`, region))
	if isNoRows(err) {
		return nil, nil
	}
	return v, err
}

// JoinConversion records persons of the village who opt into the lump
// sum. A person must be registered in the village; one who joined before is
// left as is; one who joined another village's conversion is refused. It
// returns the number added and an error per person (nil when fine).
func (db *DB) JoinConversion(ctx context.Context, region string, ids []string) (int, []error, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, nil, err
	}
	errs := make([]error, len(ids))
	added := 0
	err = db.Update(ctx, func(tx *Tx) error {
		code := region
		if r, err := idno.ParseRegion(region); err == nil {
			code = r.Code
		}
		v, err := tx.conversion(ctx, code)
		if err != nil {
			return err
		}
		if v == nil || !sc.contains(code) {
			return shebao.Errorf(shebao.ENOTFOUND, "区划%s没有村改居登记(先登记改制)", region)
		}
		canon := make([]string, len(ids))
		for i, id := range ids {
			c, err := canonicalIDNo(id)
			if err != nil {
				errs[i] = err
				continue
			}
			canon[i] = c
		}
		persons, err := tx.personsByID(ctx, nonEmpty(canon))
		if err != nil {
			return err
		}
		cond, args := tx.inKeys("id_no", nonEmpty(canon), nil)
		joined := map[string]string{}
		rows, err := tx.Query(ctx, `SELECT id_no, region_code FROM lumpsum_persons WHERE `+cond, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, r string
			if err := rows.Scan(&id, &r); err != nil {
				rows.Close()
				return err
			}
			joined[id] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := fmtTime(tx.now)
		var ins [][]any
		var keys []string
		for i, id := range canon {
			if errs[i] != nil {
				continue
			}
			p := persons[id]
			switch {
			case p == nil || !sc.contains(p.Region):
				errs[i] = notFoundPerson(id)
			case p.Region != code:
				errs[i] = shebao.FieldErrorf("身份证号", "%s登记在%s,不是改制村%s的居民", p.Name, p.Region, code)
			case joined[id] != "" && joined[id] != code:
				errs[i] = shebao.Errorf(shebao.ECONFLICT, "%s已参加%s的村改居补缴", p.Name, joined[id])
			case joined[id] == code:
			default:
				joined[id] = code
				ins = append(ins, []any{id, code, int64(0), int64(0), int64(0), "", now, sc.actor.Name})
				keys = append(keys, id)
			}
		}
		if len(ins) == 0 {
			return nil
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "lumpsum_persons",
			cols:    []string{"id_no", "region_code", "collective_paid", "individual_paid", "government_paid", "settled_on", "joined_at", "joined_by"},
			pgTypes: []string{"text", "text", "bigint", "bigint", "bigint", "text", "text", "text"}}, ins); err != nil {
			return err
		}
		added = len(ins)
		return tx.audit(ctx, "lumpsum.join", shebao.EntityContribution, code, code, nil, map[string]any{"persons": keys})
	})
	return added, errs, err
}

// RecordLumpSumPayment records money received for one person's lump sum
// in a transaction of its own; repeat = true when the receipt was recorded
// before (nothing changed).
func (db *DB) RecordLumpSumPayment(ctx context.Context, p shebao.LumpSumPayment) (*shebao.LumpSumPerson, bool, error) {
	var out *shebao.LumpSumPerson
	var repeat bool
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, repeat, err = tx.recordLumpSum(ctx, p)
		var w wroteError
		if errors.As(err, &w) {
			return w.err
		}
		return err
	})
	if isUniqueViolation(err) {
		return nil, false, shebao.Errorf(shebao.ECONFLICT, "票据号%s正在或已经被另一笔缴款登记", p.ReceiptNo)
	}
	return out, repeat, err
}

// ImportLumpSumPayments records a chunk of lump-sum payments in one
// transaction, row by row (each locks its person): Created, Unchanged for
// a receipt recorded before, or the row's error.
func (db *DB) ImportLumpSumPayments(ctx context.Context, run string, ps []shebao.LumpSumPayment) (out []shebao.Outcome, errs []error, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(ps)), make([]error, len(ps))
		for i, p := range ps {
			if p.Source == "" {
				p.Source = run
			}
			// Validation and look-ups come before any write of the row, so
			// a refused row leaves the transaction clean.
			_, repeat, err := tx.recordLumpSum(ctx, p)
			var w wroteError
			switch {
			case errors.As(err, &w):
				return w.err
			case err != nil && shebao.ErrorCode(err) != shebao.EINTERNAL:
				errs[i] = err
			case err != nil:
				return err
			case repeat:
				out[i] = shebao.Unchanged
			default:
				out[i] = shebao.Created
			}
		}
		return nil
	})
	return out, errs, err
}

// wroteError is an error after a row has written: the transaction must be
// abandoned, whatever the error.
type wroteError struct{ err error }

func (e wroteError) Error() string { return e.err.Error() }

func (tx *Tx) recordLumpSum(ctx context.Context, p shebao.LumpSumPayment) (lp *shebao.LumpSumPerson, repeat bool, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, false, err
	}
	a := sc.actor
	if err := authorize(a, "lumpsum.pay", shebao.EntityContribution, ""); err != nil {
		return nil, false, err
	}
	if err := p.Validate(); err != nil {
		return nil, false, err
	}
	id, err := canonicalIDNo(p.IDNo)
	if err != nil {
		return nil, false, err
	}
	p.IDNo = id
	// Lock the person's lump sum: its payments apply one at a time.
	lock := ""
	if tx.db.Dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var region, settled string
	var paid [3]int64
	err = tx.QueryRow(ctx, `SELECT region_code, collective_paid, individual_paid, government_paid, settled_on
		FROM lumpsum_persons WHERE id_no = $1`+lock, id).Scan(&region, &paid[0], &paid[1], &paid[2], &settled)
	if isNoRows(err) || err == nil && !sc.contains(region) {
		return nil, false, shebao.FieldErrorf("身份证号", "%s没有参加村改居一次性补缴", maskedOrFull(a, id))
	}
	if err != nil {
		return nil, false, err
	}
	var prior shebao.LumpSumPayment
	var amt int64
	err = tx.QueryRow(ctx, `SELECT id_no, payer, amount, paid_on FROM lumpsum_payments WHERE receipt_no = $1`, p.ReceiptNo).
		Scan(&prior.IDNo, &prior.Payer, &amt, &prior.PaidOn)
	if err == nil {
		if prior.IDNo != p.IDNo || prior.Payer != p.Payer || shebao.Money(amt) != p.Amount || prior.PaidOn != p.PaidOn {
			return nil, false, shebao.Errorf(shebao.ECONFLICT, "票据号%s已登记为%s %s缴%s元(%s),与本次不符:更正请另行办理",
				p.ReceiptNo, maskedOrFull(a, prior.IDNo), shebao.LumpPayerNames[prior.Payer], shebao.Money(amt), prior.PaidOn)
		}
		lp, err = tx.lumpSumPerson(ctx, id)
		return lp, true, err
	} else if !isNoRows(err) {
		return nil, false, err
	}
	v, err := tx.conversion(ctx, region)
	if err != nil {
		return nil, false, err
	}
	idx := map[string]int{shebao.LumpPayerCollective: 0, shebao.LumpPayerIndividual: 1, shebao.LumpPayerGovernment: 2}[p.Payer]
	due := v.Due(p.Payer)
	if shebao.Money(paid[idx])+p.Amount > due {
		return nil, false, shebao.FieldErrorf("金额", "%s应缴%s元,已缴%s元,本次%s元超出应缴部分", shebao.LumpPayerNames[p.Payer], due, shebao.Money(paid[idx]), p.Amount)
	}

	// Writes: from here on an error abandons the transaction.
	defer func() {
		if err != nil {
			err = wroteError{err}
		}
	}()
	if _, err := tx.Exec(ctx, `INSERT INTO lumpsum_payments (receipt_no, id_no, payer, amount, paid_on, source, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.ReceiptNo, id, p.Payer, int64(p.Amount), p.PaidOn, p.Source, fmtTime(tx.now), a.Name); err != nil {
		return nil, false, err
	}
	col := []string{"collective_paid", "individual_paid", "government_paid"}[idx]
	if _, err := tx.Exec(ctx, `UPDATE lumpsum_persons SET `+col+` = `+col+` + $1 WHERE id_no = $2`, int64(p.Amount), id); err != nil {
		return nil, false, err
	}
	paid[idx] += int64(p.Amount)
	credit := shebao.Credit(shebao.AcctContributionIncome, p.Amount)
	if p.Payer == shebao.LumpPayerGovernment {
		credit = shebao.Credit(shebao.AcctSubsidyIncome, p.Amount)
	}
	credit.Memo = "村改居补缴 " + shebao.LumpPayerNames[p.Payer] + " " + id
	debit := shebao.Debit(shebao.AcctBank, p.Amount)
	debit.Memo = "票据号 " + p.ReceiptNo
	if _, err := tx.postFor(ctx, shebao.EntityContribution, []*shebao.Entry{{Fund: shebao.SchemeEmployeePension, Date: p.PaidOn,
		Kind: shebao.PostCollection, Source: "lumpsum:" + p.ReceiptNo,
		Description: fmt.Sprintf("村改居一次性补缴到账:%s缴%s元,票据号%s", shebao.LumpPayerNames[p.Payer], p.Amount, p.ReceiptNo),
		Lines:       []shebao.Line{debit, credit}}}); err != nil {
		return nil, false, err
	}
	if settled == "" && shebao.Money(paid[0]) == v.Collective && shebao.Money(paid[1]) == v.Individual && shebao.Money(paid[2]) == v.Government {
		if err := tx.settleLumpSum(ctx, v, id, p.PaidOn); err != nil {
			return nil, false, err
		}
	}
	if err := tx.audit(ctx, "lumpsum.pay", shebao.EntityContribution, p.ReceiptNo, region, nil, p); err != nil {
		return nil, false, err
	}
	lp, err = tx.lumpSumPerson(ctx, id)
	return lp, false, err
}

// settleLumpSum credits the account and writes the years of a lump sum
// paid in full.
func (tx *Tx) settleLumpSum(ctx context.Context, v *shebao.VillageConversion, id, date string) error {
	if _, err := tx.Exec(ctx, `UPDATE lumpsum_persons SET settled_on = $1 WHERE id_no = $2`, date, id); err != nil {
		return err
	}
	source := "lumpsum:" + id
	if _, err := tx.moveAccountsFor(ctx, shebao.EntityContribution, date, source,
		fmt.Sprintf("个人账户记账:村改居一次性补缴%d年足额到账", v.Years),
		[]shebao.AccountMovement{{IDNo: id, Fund: shebao.SchemeEmployeePension, Date: date, Kind: shebao.MoveCredit, Source: source, Amount: v.Account}}); err != nil {
		return err
	}
	conv, _ := time.Parse(shebao.DateLayout, v.ConvertedOn)
	var rows [][]any
	for y := conv.Year() - v.Years; y < conv.Year(); y++ {
		rows = append(rows, []any{id, shebao.SchemeEmployeePension, int64(y), int64(12), int64(v.MonthlyBase) * 12, int64(0), source})
	}
	return tx.bulkInsert(ctx, contributionYearTable, rows)
}

func (tx *Tx) lumpSumPerson(ctx context.Context, id string) (*shebao.LumpSumPerson, error) {
	var lp shebao.LumpSumPerson
	var c, i, g, cost int64
	err := tx.QueryRow(ctx, `SELECT l.id_no, p.name, l.region_code, v.cost, l.collective_paid, l.individual_paid, l.government_paid, l.settled_on
		FROM lumpsum_persons l JOIN persons p ON p.id_no = l.id_no JOIN village_conversions v ON v.region_code = l.region_code
		WHERE l.id_no = $1`, id).Scan(&lp.IDNo, &lp.Name, &lp.Region, &cost, &c, &i, &g, &lp.SettledOn)
	if err != nil {
		return nil, err
	}
	lp.Cost, lp.CollectivePaid, lp.IndividualPaid, lp.GovernmentPaid = shebao.Money(cost), shebao.Money(c), shebao.Money(i), shebao.Money(g)
	lp.Shortfall = lp.Cost - lp.CollectivePaid - lp.IndividualPaid - lp.GovernmentPaid
	return &lp, nil
}

// ConversionQuote returns a converted village's registration and its
// persons with what each has paid (read audited).
func (db *DB) ConversionQuote(ctx context.Context, region string) (*shebao.VillageConversion, []*shebao.LumpSumPerson, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	code := region
	if r, err := idno.ParseRegion(region); err == nil {
		code = r.Code
	}
	var v *shebao.VillageConversion
	var out []*shebao.LumpSumPerson
	err = db.Update(ctx, func(tx *Tx) error {
		if v, err = tx.conversion(ctx, code); err != nil {
			return err
		}
		if v == nil || !sc.contains(code) {
			return shebao.Errorf(shebao.ENOTFOUND, "区划%s没有村改居登记", region)
		}
		tx.QueryRow(ctx, `SELECT name FROM regions WHERE code = $1`, code).Scan(&v.Name)
		rows, err := tx.Query(ctx, `SELECT l.id_no, p.name, l.collective_paid, l.individual_paid, l.government_paid, l.settled_on
			FROM lumpsum_persons l JOIN persons p ON p.id_no = l.id_no WHERE l.region_code = $1 ORDER BY l.id_no`, code)
		if err != nil {
			return err
		}
		for rows.Next() {
			lp := &shebao.LumpSumPerson{Region: code, Cost: v.Cost}
			var c, i, g int64
			if err := rows.Scan(&lp.IDNo, &lp.Name, &c, &i, &g, &lp.SettledOn); err != nil {
				rows.Close()
				return err
			}
			lp.CollectivePaid, lp.IndividualPaid, lp.GovernmentPaid = shebao.Money(c), shebao.Money(i), shebao.Money(g)
			lp.Shortfall = lp.Cost - lp.CollectivePaid - lp.IndividualPaid - lp.GovernmentPaid
			out = append(out, lp)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.audit(ctx, "contribution.read", shebao.EntityContribution, "lumpsum:"+code, code, nil, map[string]any{"persons": len(out)})
	})
	return v, out, err
}

// ConversionReports returns, for every converted village in the region
// (and the actor's jurisdiction), what its lump sums cost, what each party
// paid and the shortfall, with one GROUP BY.
func (db *DB) ConversionReports(ctx context.Context, region string) ([]shebao.ConversionReport, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "contribution.read", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	sc, err = sc.narrow(region)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("v.region_code", nil, nil)
	q := `SELECT v.region_code, COALESCE(r.name, ''), v.converted_on, v.cost, v.collective, v.individual, v.government,
			COUNT(l.id_no), CAST(COALESCE(SUM(CASE WHEN l.settled_on <> '' THEN 1 ELSE 0 END), 0) AS BIGINT),
			CAST(COALESCE(SUM(l.collective_paid), 0) AS BIGINT), CAST(COALESCE(SUM(l.individual_paid), 0) AS BIGINT),
			CAST(COALESCE(SUM(l.government_paid), 0) AS BIGINT)
		FROM village_conversions v LEFT JOIN regions r ON r.code = v.region_code
		LEFT JOIN lumpsum_persons l ON l.region_code = v.region_code` + whereClause(conds) + `
		GROUP BY v.region_code, r.name, v.converted_on, v.cost, v.collective, v.individual, v.government ORDER BY v.region_code`
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []shebao.ConversionReport{}
	for rows.Next() {
		var r shebao.ConversionReport
		var cost, coll, ind, gov, cp, ip, gp, settled int64
		if err := rows.Scan(&r.Region, &r.Name, &r.ConvertedOn, &cost, &coll, &ind, &gov, &r.Persons, &settled, &cp, &ip, &gp); err != nil {
			return nil, err
		}
		n := shebao.Money(r.Persons)
		r.Settled = int(settled)
		r.CostPerPerson, r.Due = shebao.Money(cost), shebao.Money(cost)*n
		r.CollectiveDue, r.IndividualDue, r.GovernmentDue = shebao.Money(coll)*n, shebao.Money(ind)*n, shebao.Money(gov)*n
		r.CollectivePaid, r.IndividualPaid, r.GovernmentPaid = shebao.Money(cp), shebao.Money(ip), shebao.Money(gp)
		r.Paid = r.CollectivePaid + r.IndividualPaid + r.GovernmentPaid
		r.Shortfall = r.Due - r.Paid
		r.Explanation = fmt.Sprintf("%s(%s改制):%d人参加一次性补缴,人均%s元,应缴%s元;村集体应缴%s元已缴%s元,个人应缴%s元已缴%s元,政府应缴%s元已缴%s元;已缴合计%s元,缺口%s元;%d人已足额缴清。",
			r.Name, r.ConvertedOn, r.Persons, r.CostPerPerson, r.Due, r.CollectiveDue, r.CollectivePaid, r.IndividualDue, r.IndividualPaid,
			r.GovernmentDue, r.GovernmentPaid, r.Paid, r.Shortfall, r.Settled)
		out = append(out, r)
	}
	return out, rows.Err()
}
