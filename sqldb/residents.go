package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Residents' annual contributions (城乡居民养老 170, 城乡居民医保 390).
//
// A chunk of receipts is recorded set-based in one transaction: the
// persons, their enrollments and the receipts and years recorded before
// are read with one query each; the contributions, the contribution years
// (contribution_years, so that the residents' pension determination counts
// the year), the individual-account movements (170) and one ledger entry
// per receipt are written with bulk inserts.
//
// The ledger entry of a receipt (kind collection, source
// "resident:<receipt>", in fund 170 or 390):
//
//	Dr 1002 银行存款          what the person and the collective paid
//	Dr 1102 应收财政补贴       the subsidy and the government's 代缴 (the
//	                          finance bureau transfers it later)
//	Cr 4001 社会保险费收入     the person's own contribution
//	Cr 4002 财政补贴收入       subsidy + 代缴
//	Cr 4003 集体补助收入       the collective subsidy (170)
//	Dr 3101 / Cr 2301         the amount credited to the account (170)
//
// Re-recording a receipt changes nothing; the same receipt with other
// content, or a second receipt for a person, scheme and year already paid,
// is refused with the reason.

var (
	residentContributionTable = bulkTable{
		name: "resident_contributions",
		cols: []string{"receipt_no", "id_no", "scheme", "year", "region_code", "individual", "finance_paid", "subsidy",
			"collective", "special", "paid_on", "explanation", "source", "created_at", "created_by"},
		pgTypes: []string{"text", "text", "text", "bigint", "text", "bigint", "bigint", "bigint",
			"bigint", "text", "text", "text", "text", "text", "text"},
	}
	contributionYearTable = bulkTable{
		name:     "contribution_years",
		cols:     []string{"id_no", "scheme", "year", "months", "base_total", "avg_wage", "source"},
		pgTypes:  []string{"text", "text", "bigint", "bigint", "bigint", "bigint", "text"},
		conflict: "ON CONFLICT (id_no, scheme, year) DO NOTHING",
	}
)

// RecordResidentContribution records one resident's annual contribution in
// a transaction of its own (see the top of this file) and returns it with
// its amounts and explanation; repeat = true when the receipt was recorded
// before (nothing changed).
func (db *DB) RecordResidentContribution(ctx context.Context, c shebao.ResidentContribution) (*shebao.ResidentContribution, bool, error) {
	var out *shebao.ResidentContribution
	var repeat bool
	err := db.Update(ctx, func(tx *Tx) error {
		res, errs, err := tx.recordResidents(ctx, "", []shebao.ResidentContribution{c})
		if err != nil {
			return err
		}
		if errs[0] != nil {
			return errs[0]
		}
		out, repeat = res[0].c, res[0].outcome == shebao.Unchanged
		return nil
	})
	if isUniqueViolation(err) {
		return nil, false, shebao.Errorf(shebao.ECONFLICT, "票据号%s正在或已经被另一笔缴费登记", c.ReceiptNo)
	}
	return out, repeat, err
}

// ImportResidentContributions records a chunk of contributions in one
// transaction: Created for a new receipt, Unchanged for one recorded
// before; a row that is invalid or refused gets its error.
func (db *DB) ImportResidentContributions(ctx context.Context, run string, cs []shebao.ResidentContribution) (out []shebao.Outcome, errs []error, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		for i := range cs {
			if cs[i].Source == "" {
				cs[i].Source = run
			}
		}
		res, es, err := tx.recordResidents(ctx, run, cs)
		if err != nil {
			return err
		}
		out, errs = make([]shebao.Outcome, len(cs)), es
		for i, r := range res {
			if r != nil {
				out[i] = r.outcome
			}
		}
		return nil
	})
	return out, errs, err
}

type residentResult struct {
	c       *shebao.ResidentContribution
	outcome shebao.Outcome
}

// recordResidents validates, computes and writes a chunk. Per-row errors
// come back in errs (nothing of that row is written); err fails the chunk.
func (tx *Tx) recordResidents(ctx context.Context, run string, in []shebao.ResidentContribution) ([]*residentResult, []error, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	a := sc.actor
	if err := authorize(a, "resident.record", shebao.EntityContribution, ""); err != nil {
		return nil, nil, err
	}
	res := make([]*residentResult, len(in))
	errs := make([]error, len(in))
	cs := make([]*shebao.ResidentContribution, len(in))
	var ids, receipts []string
	for i := range in {
		c := in[i]
		cs[i] = &c
		if err := c.Validate(); err != nil {
			errs[i] = err
			continue
		}
		id, err := canonicalIDNo(c.IDNo)
		if err != nil {
			errs[i] = err
			continue
		}
		c.IDNo = id
		ids, receipts = append(ids, id), append(receipts, c.ReceiptNo)
	}
	if len(ids) == 0 {
		return res, errs, nil
	}
	persons, err := tx.personsByID(ctx, nonEmpty(ids))
	if err != nil {
		return nil, nil, err
	}
	prior, err := tx.residentsByReceipt(ctx, nonEmpty(receipts))
	if err != nil {
		return nil, nil, err
	}
	paidYears, err := tx.residentYears(ctx, nonEmpty(ids))
	if err != nil {
		return nil, nil, err
	}
	enrolled, err := tx.residentEnrollments(ctx, nonEmpty(ids))
	if err != nil {
		return nil, nil, err
	}
	set, err := tx.db.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}

	now := fmtTime(tx.now)
	var rows, yearRows [][]any
	var moves []shebao.AccountMovement
	var entries []*shebao.Entry
	created := 0
	for i, c := range cs {
		if errs[i] != nil {
			continue
		}
		if p, ok := prior[c.ReceiptNo]; ok {
			if p.IDNo != c.IDNo || p.Scheme != c.Scheme || p.Year != c.Year || p.PaidOn != c.PaidOn ||
				(c.Tier != 0 && c.Tier != p.Individual) {
				errs[i] = shebao.Errorf(shebao.ECONFLICT, "票据号%s已于%s登记为%s %s %d年度%s元,与本次不符:更正请另行办理",
					c.ReceiptNo, p.PaidOn, maskedOrFull(a, p.IDNo), p.Scheme, p.Year, p.Individual)
				continue
			}
			res[i] = &residentResult{c: p, outcome: shebao.Unchanged}
			continue
		}
		p := persons[c.IDNo]
		if p == nil || !sc.contains(p.Region) {
			errs[i] = shebao.FieldErrorf("身份证号", "未找到身份证号为%s的人员", maskedOrFull(a, c.IDNo))
			continue
		}
		key := ledgerKey(c.IDNo, c.Scheme, strconv.Itoa(c.Year))
		if r, ok := paidYears[key]; ok {
			errs[i] = shebao.FieldErrorf("年度", "%s已缴纳%d年度%s(票据号%s),一年只缴一次", p.Name, c.Year, schemeName(c.Scheme), r)
			continue
		}
		if !enrolled.covers(c.IDNo, c.Scheme, c.Year) {
			errs[i] = shebao.FieldErrorf("险种", "%s在%d年度没有%s的参保登记(先办理参保登记)", p.Name, c.Year, schemeName(c.Scheme))
			continue
		}
		c.Name, c.Region = p.Name, p.Region
		if err := residentAmounts(set, c, p); err != nil {
			errs[i] = err
			continue
		}
		c.CreatedAt, c.CreatedBy = tx.now, a.Name
		paidYears[key] = c.ReceiptNo
		rows = append(rows, []any{c.ReceiptNo, c.IDNo, c.Scheme, int64(c.Year), c.Region, int64(c.Individual), int64(c.FinancePaid),
			int64(c.Subsidy), int64(c.Collective), c.Special, c.PaidOn, c.Explanation, c.Source, now, a.Name})
		if c.Scheme == shebao.SchemeResidentPension {
			yearRows = append(yearRows, []any{c.IDNo, c.Scheme, int64(c.Year), int64(12), int64(c.Individual), int64(0), "resident:" + c.ReceiptNo})
			moves = append(moves, shebao.AccountMovement{IDNo: c.IDNo, Fund: c.Scheme, Date: c.PaidOn, Kind: shebao.MoveCredit,
				Source: "resident:" + c.ReceiptNo, Amount: c.Credited()})
		}
		entries = append(entries, residentEntry(c))
		res[i] = &residentResult{c: c, outcome: shebao.Created}
		created++
	}
	if created == 0 {
		return res, errs, nil
	}
	if err := tx.bulkInsert(ctx, residentContributionTable, rows); err != nil {
		return nil, nil, err
	}
	if err := tx.bulkInsert(ctx, contributionYearTable, yearRows); err != nil {
		return nil, nil, err
	}
	if _, _, err := tx.creditFor(ctx, shebao.EntityContribution, moves); err != nil {
		return nil, nil, err
	}
	if _, err := tx.postFor(ctx, shebao.EntityContribution, entries); err != nil {
		return nil, nil, err
	}
	var total shebao.Money
	for _, r := range res {
		if r != nil && r.outcome == shebao.Created {
			total += r.c.Individual + r.c.Subsidy + r.c.Collective
		}
	}
	key := run
	if created == 1 {
		for _, r := range res {
			if r != nil && r.outcome == shebao.Created {
				return res, errs, tx.audit(ctx, "resident.record", shebao.EntityContribution, r.c.ReceiptNo, r.c.Region, nil, r.c)
			}
		}
	}
	if key == "" {
		key = newID()
	}
	return res, errs, tx.audit(ctx, "resident.record", shebao.EntityContribution, key, "", nil,
		map[string]any{"created": created, "total": total})
}

// residentAmounts fills the amounts and explanation of a contribution from
// the policy in force for the person's region on its policy date.
func residentAmounts(set *policy.Set, c *shebao.ResidentContribution, p *shebao.Person) error {
	on := c.PolicyDate()
	if c.Scheme == shebao.SchemeResidentMedical {
		ind, _, err := set.Money("medical.390.individual", p.Region, on)
		if err != nil {
			return err
		}
		sub, _, err := set.Money("medical.390.subsidy", p.Region, on)
		if err != nil {
			return err
		}
		if c.Tier != 0 && c.Tier != ind {
			return shebao.FieldErrorf("缴费金额", "缴费金额%s元与%d年度城乡居民医保个人缴费标准%s元不符", c.Tier, c.Year, ind)
		}
		c.Individual, c.Subsidy = ind, sub
		c.Explanation = c.Explain(0, 0)
		return nil
	}
	var tiers policy.ResidentTiers
	if _, err := set.Table("resident_pension.tiers", p.Region, on, &tiers); err != nil {
		return err
	}
	lowest := tiers[0].Amount
	c.Special = shebao.SpecialFlag(p.Flags)
	amount := c.Tier
	if amount == 0 {
		if c.Special == "" {
			return shebao.FieldErrorf("缴费档次", "缴费档次不能为空(只有缴费困难群体可不填,按最低档次由政府代缴)")
		}
		amount = lowest
	}
	tier, err := tiers.For(amount)
	if err != nil {
		var ok []string
		for _, t := range tiers {
			ok = append(ok, t.Amount.String())
		}
		return shebao.FieldErrorf("缴费档次", "%s元不是%d年度规定的缴费档次(%s元)", amount, c.Year, strings.Join(ok, "、"))
	}
	c.Individual, c.Subsidy = tier.Amount, tier.Subsidy
	if coll, _, err := set.Money("resident_pension.collective", p.Region, on); err == nil {
		c.Collective = coll
	} else if shebao.ErrorCode(err) != shebao.ENOTFOUND {
		return err
	}
	var share shebao.Rate
	if c.Special != "" {
		share, _, err = set.Rate("resident_pension.special_share", p.Region, on)
		if err != nil && shebao.ErrorCode(err) != shebao.ENOTFOUND {
			return err
		}
		c.FinancePaid = min(share.Apply(lowest), c.Individual)
		if c.FinancePaid == 0 {
			c.Special = ""
		}
	}
	c.Explanation = c.Explain(lowest, share)
	return nil
}

// residentEntry is the ledger entry of one contribution (see the top of
// this file).
func residentEntry(c *shebao.ResidentContribution) *shebao.Entry {
	memo := c.IDNo + " " + strconv.Itoa(c.Year)
	var lines []shebao.Line
	add := func(l shebao.Line) {
		if l.Debit > 0 || l.Credit > 0 {
			l.Memo = memo
			lines = append(lines, l)
		}
	}
	own, gov := c.PersonPaid(), c.Subsidy+c.FinancePaid
	add(shebao.Debit(shebao.AcctBank, own+c.Collective))
	add(shebao.Debit(shebao.AcctSubsidyReceivable, gov))
	add(shebao.Credit(shebao.AcctContributionIncome, own))
	add(shebao.Credit(shebao.AcctSubsidyIncome, gov))
	add(shebao.Credit(shebao.AcctCollectiveIncome, c.Collective))
	for _, l := range shebao.IndividualAccountLines(c.Credited()) {
		add(l)
	}
	return &shebao.Entry{Fund: c.Scheme, Date: c.PaidOn, Kind: shebao.PostCollection, Source: "resident:" + c.ReceiptNo,
		Description: fmt.Sprintf("%s缴费到账:%d年度,票据号%s", schemeName(c.Scheme), c.Year, c.ReceiptNo), Lines: lines}
}

func schemeName(code string) string {
	if s, ok := shebao.FindScheme(code); ok {
		return s.Name
	}
	return code
}

// maskedOrFull shows an ID number in full to roles that see numbers, masked
// otherwise.
func maskedOrFull(a shebao.Actor, id string) string {
	if shebao.RoleOf(a).FullID {
		return id
	}
	return idno.MaskID(id)
}

// residentsByReceipt returns the contributions recorded under the receipts.
func (tx *Tx) residentsByReceipt(ctx context.Context, receipts []string) (map[string]*shebao.ResidentContribution, error) {
	out := map[string]*shebao.ResidentContribution{}
	if len(receipts) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("receipt_no", receipts, nil)
	rows, err := tx.Query(ctx, residentSelect+` WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanResident(rows)
		if err != nil {
			return nil, err
		}
		out[c.ReceiptNo] = c
	}
	return out, rows.Err()
}

const residentSelect = `SELECT receipt_no, id_no, scheme, year, region_code, individual, finance_paid, subsidy, collective,
	special, paid_on, explanation, source, created_at, created_by FROM resident_contributions`

func scanResident(s rowScanner) (*shebao.ResidentContribution, error) {
	var c shebao.ResidentContribution
	var ind, fin, sub, coll int64
	var at string
	if err := s.Scan(&c.ReceiptNo, &c.IDNo, &c.Scheme, &c.Year, &c.Region, &ind, &fin, &sub, &coll, &c.Special, &c.PaidOn,
		&c.Explanation, &c.Source, &at, &c.CreatedBy); err != nil {
		return nil, err
	}
	c.Individual, c.FinancePaid, c.Subsidy, c.Collective = shebao.Money(ind), shebao.Money(fin), shebao.Money(sub), shebao.Money(coll)
	c.Tier, c.CreatedAt = c.Individual, parseTime(at)
	return &c, nil
}

// residentYears returns, for the persons, the receipt of each (person,
// scheme, year) already paid.
func (tx *Tx) residentYears(ctx context.Context, ids []string) (map[string]string, error) {
	cond, args := tx.inKeys("id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT id_no, scheme, year, receipt_no FROM resident_contributions WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, scheme, receipt string
		var year int
		if err := rows.Scan(&id, &scheme, &year, &receipt); err != nil {
			return nil, err
		}
		out[ledgerKey(id, scheme, strconv.Itoa(year))] = receipt
	}
	return out, rows.Err()
}

// residentEnrollment is one enrollment in 170 or 390.
type residentEnrollment struct {
	scheme     string
	year       int
	start, end string
}

type residentEnrollments map[string][]residentEnrollment

// covers reports whether the person is enrolled in the scheme in the year:
// 390 by its enrollment year, 170 by an enrollment whose period overlaps
// the year.
func (m residentEnrollments) covers(id, scheme string, year int) bool {
	first, last := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
	for _, n := range m[id] {
		if n.scheme != scheme {
			continue
		}
		if scheme == shebao.SchemeResidentMedical {
			if n.year == year {
				return true
			}
			continue
		}
		if n.start <= last && (n.end == "" || n.end >= first) {
			return true
		}
	}
	return false
}

func (tx *Tx) residentEnrollments(ctx context.Context, ids []string) (residentEnrollments, error) {
	cond, args := tx.inKeys("id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT id_no, scheme, year, start_date, end_date FROM enrollments
		WHERE scheme IN ('170', '390') AND `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := residentEnrollments{}
	for rows.Next() {
		var id string
		var n residentEnrollment
		if err := rows.Scan(&id, &n.scheme, &n.year, &n.start, &n.end); err != nil {
			return nil, err
		}
		out[id] = append(out[id], n)
	}
	return out, rows.Err()
}

// ResidentContributions returns a person's residents' contributions, newest
// year first (read audited).
func (db *DB) ResidentContributions(ctx context.Context, idNo string) ([]*shebao.ResidentContribution, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	id, err := canonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	if shebao.RoleOf(sc.actor).OwnOnly && id != sc.actor.IDNo {
		return nil, notFoundPerson(id)
	}
	var out []*shebao.ResidentContribution
	err = db.Update(ctx, func(tx *Tx) error {
		p, err := tx.findPerson(ctx, id)
		if err != nil {
			return err
		}
		if p == nil || !sc.contains(p.Region) {
			return notFoundPerson(id)
		}
		rows, err := tx.Query(ctx, residentSelect+` WHERE id_no = $1 ORDER BY year DESC, scheme`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			c, err := scanResident(rows)
			if err != nil {
				rows.Close()
				return err
			}
			c.Name = p.Name
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.audit(ctx, "contribution.read", shebao.EntityContribution, id, p.Region, nil, map[string]any{"resident_contributions": len(out)})
	})
	return out, err
}
