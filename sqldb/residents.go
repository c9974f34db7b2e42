package sqldb

import (
	"context"
	"strconv"

	"github.com/shebao/shebao"
)

// Residents' annual contributions (城乡居民养老 170, 城乡居民医保 390): data
// access for collect.Service (collect/residents.go has the rules and the
// ledger entry). Since migration 0061 a resident's year is a bill of payer
// kind resident (period "YYYY:SSS"), the receipt a payments row that pays
// it in full, with its allocation, and the amounts of each party a line
// of the bill (resident_bill_lines, keyed by the receipt's payments row).
// A chunk is read with one query per table and written with bulk inserts.

var (
	residentBillTable = bulkTable{
		name: "bills",
		cols: []string{"payer_kind", "payer", "period", "region_code", "basis", "due_date", "employer_total", "individual_total", "total",
			"paid", "lines", "assessed_at"},
		pgTypes: []string{"text", "text", "text", "text", "text", "text", "bigint", "bigint", "bigint", "bigint", "bigint", "text"},
		// A year paid before and reversed since (paid 0) is billed anew
		// at the amounts of the receipt that pays it now.
		conflict: `ON CONFLICT (payer_kind, payer, period) DO UPDATE SET region_code = excluded.region_code, basis = excluded.basis,
			employer_total = excluded.employer_total, individual_total = excluded.individual_total, total = excluded.total,
			paid = excluded.paid, lines = excluded.lines, assessed_at = excluded.assessed_at WHERE bills.paid = 0`,
	}
	residentPaymentTable = bulkTable{
		name: "payments",
		cols: []string{"id", "payer_kind", "payer", "receipt_no", "kind", "ref", "amount", "paid_on", "source", "reason", "party",
			"created_at", "created_by"},
		pgTypes: []string{"text", "text", "text", "text", "text", "text", "bigint", "text", "text", "text", "text", "text", "text"},
	}
	residentLineTable = bulkTable{
		name: "resident_bill_lines",
		cols: []string{"payment_id", "id_no", "period", "scheme", "year", "individual", "finance_paid", "subsidy", "collective",
			"special", "explanation"},
		pgTypes: []string{"text", "text", "text", "text", "bigint", "bigint", "bigint", "bigint", "bigint", "text", "text"},
	}
	contributionYearTable = bulkTable{
		name:     "contribution_years",
		cols:     []string{"id_no", "scheme", "year", "months", "base_total", "avg_wage", "source"},
		pgTypes:  []string{"text", "text", "bigint", "bigint", "bigint", "bigint", "text"},
		conflict: "ON CONFLICT (id_no, scheme, year) DO NOTHING",
	}
)

// ResidentFacts reads what recording residents' contributions of the
// persons under the receipts needs (shebao.ResidentFacts): the persons in
// the actor's jurisdiction, the contributions recorded under the receipts,
// the years the persons paid, their enrollments in 170 and 390.
func (db *DB) ResidentFacts(ctx context.Context, ids, receipts []string) (*shebao.ResidentFacts, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	ids, receipts = nonEmpty(ids), nonEmpty(receipts)
	f := &shebao.ResidentFacts{Persons: map[string]*shebao.Person{}}
	err = db.Update(ctx, func(tx *Tx) error {
		persons, err := tx.personsByID(ctx, ids)
		if err != nil {
			return err
		}
		for id, p := range persons {
			if sc.contains(p.Region) {
				f.Persons[id] = p
			}
		}
		if f.Prior, err = tx.residentsByReceipt(ctx, receipts); err != nil {
			return err
		}
		if f.PaidYears, err = tx.residentYears(ctx, ids); err != nil {
			return err
		}
		f.Enrollments, err = tx.residentEnrollments(ctx, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// InsertResidentContributions writes contributions (their time and
// creator set): per receipt the bill of the year (billed anew when a
// reversal left it unpaid), the payments row, the bill's line and the
// allocation paying it in full; then the contribution years they count (a
// year recorded before is kept), their individual-account movements and
// their ledger entries (which carry the account lines). A receipt or a
// year taken meanwhile is ECONFLICT.
func (db *DB) InsertResidentContributions(ctx context.Context, cs []*shebao.ResidentContribution, years []shebao.ContributionYear,
	moves []shebao.AccountMovement, entries []*shebao.Entry) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "resident.record", shebao.EntityContribution, ""); err != nil {
		return err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		var bills, pays, lines, allocs, schemes [][]any
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.IDNo
			if !sc.contains(c.Region) {
				return notFoundPerson(c.IDNo)
			}
			c.CreatedAt, c.CreatedBy = tx.now, sc.actor.Name
			id, period := newID(), string(shebao.ResidentPeriod(c.Scheme, c.Year))
			total := int64(c.Individual + c.Subsidy + c.Collective)
			basis := "城乡居民医疗保险年度缴费"
			if c.Scheme == shebao.SchemeResidentPension {
				basis = "城乡居民养老保险年度缴费"
			}
			bills = append(bills, []any{shebao.PayerResident, c.IDNo, period, c.Region, basis, strconv.Itoa(c.Year) + "-12-31",
				int64(c.Subsidy + c.Collective), int64(c.Individual), total, total, int64(1), now})
			pays = append(pays, []any{id, shebao.PayerResident, c.IDNo, c.ReceiptNo, shebao.PaymentKindPayment, "", total, c.PaidOn, c.Source, "", "",
				now, sc.actor.Name})
			lines = append(lines, []any{id, c.IDNo, period, c.Scheme, int64(c.Year), int64(c.Individual), int64(c.FinancePaid), int64(c.Subsidy),
				int64(c.Collective), c.Special, c.Explanation})
			allocs = append(allocs, []any{id, shebao.PayerResident, c.IDNo, period, int64(0), total, int64(0), int64(shebao.AllocationSettled)})
			schemes = append(schemes, []any{id, shebao.PayerResident, c.IDNo, period, int64(0), c.Scheme, total})
		}
		cond, args := tx.inKeys("b.payer", nonEmpty(ids), []any{shebao.PayerResident})
		sel := byCond("b.payer_kind = $1 AND "+cond, args...)
		err := tx.recount(ctx, contributionsFamily, sel, func() error {
			return tx.recount(ctx, residentFamily, sel, func() error {
				for _, w := range []struct {
					t    bulkTable
					rows [][]any
				}{{residentBillTable, bills}, {residentPaymentTable, pays}, {residentLineTable, lines}, {allocationTable, allocs},
					{allocationSchemeTable, schemes}} {
					if err := tx.bulkInsert(ctx, w.t, w.rows); err != nil {
						return err
					}
				}
				// A bill paid meanwhile by another receipt kept its paid
				// (the upsert left it): its allocations now exceed it.
				var n int
				if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM bills b WHERE b.payer_kind = $1 AND `+cond+` AND b.paid <>
					(SELECT COALESCE(SUM(a.amount), 0) FROM allocations a WHERE a.payer_kind = b.payer_kind AND a.payer = b.payer AND a.period = b.period)`,
					args...).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return shebao.Errorf(shebao.ECONFLICT, "同一年度的缴费正在或已经被另一张票据登记")
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
		if err := tx.insertContributionYears(ctx, years); err != nil {
			return err
		}
		if _, _, err := tx.creditFor(ctx, shebao.EntityContribution, moves); err != nil {
			return err
		}
		_, err = tx.postFor(ctx, shebao.EntityContribution, entries)
		return err
	})
	if isUniqueViolation(err) && len(cs) == 1 {
		return shebao.Errorf(shebao.ECONFLICT, "票据号%s正在或已经被另一笔缴费登记", cs[0].ReceiptNo)
	}
	return err
}

// insertContributionYears writes years of contribution history a payment
// counted; a year recorded before is kept as it is.
func (tx *Tx) insertContributionYears(ctx context.Context, years []shebao.ContributionYear) error {
	rows := make([][]any, len(years))
	for i, y := range years {
		rows[i] = []any{y.IDNo, y.Scheme, int64(y.Year), int64(y.Months), int64(y.BaseTotal), int64(y.AvgWage), y.Source}
	}
	return tx.bulkInsert(ctx, contributionYearTable, rows)
}

// InsertContributionYears writes years of contribution history a payment
// counted (the lump sum of a converted village); a year recorded before
// is kept as it is.
func (db *DB) InsertContributionYears(ctx context.Context, years []shebao.ContributionYear) error {
	if _, err := writeAuthorized(ctx); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error { return tx.insertContributionYears(ctx, years) })
}

// DeleteContributionYears removes the years of contribution history a
// payment wrote under the source (a receipt refunded or corrected); years
// recorded by anything else stay.
func (db *DB) DeleteContributionYears(ctx context.Context, idNo, source string) error {
	if _, err := writeAuthorized(ctx); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM contribution_years WHERE id_no = $1 AND source = $2`, idNo, source)
		return err
	})
}

// residentsByReceipt returns the contributions recorded under the receipts.
func (tx *Tx) residentsByReceipt(ctx context.Context, receipts []string) (map[string]*shebao.ResidentContribution, error) {
	out := map[string]*shebao.ResidentContribution{}
	if len(receipts) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("p.receipt_no", receipts, nil)
	rows, err := tx.Query(ctx, residentSelect+` AND `+cond, args...)
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

// residentSelect reads the receipts of residents with their bill's line
// and the voucher of the refund or correction that reversed each.
const residentSelect = `SELECT p.receipt_no, p.payer, l.scheme, l.year, b.region_code, l.individual, l.finance_paid, l.subsidy, l.collective,
	l.special, p.paid_on, l.explanation, p.source, p.created_at, p.created_by,
	COALESCE((SELECT MIN(r.receipt_no) FROM payments r WHERE r.payer_kind = p.payer_kind AND r.payer = p.payer AND r.kind <> 'payment'
		AND r.ref = p.receipt_no), '')
	FROM payments p JOIN resident_bill_lines l ON l.payment_id = p.id
	JOIN bills b ON b.payer_kind = p.payer_kind AND b.payer = p.payer AND b.period = l.period
	WHERE p.payer_kind = 'resident' AND p.kind = 'payment'`

func scanResident(s rowScanner) (*shebao.ResidentContribution, error) {
	var c shebao.ResidentContribution
	var ind, fin, sub, coll int64
	var at string
	if err := s.Scan(&c.ReceiptNo, &c.IDNo, &c.Scheme, &c.Year, &c.Region, &ind, &fin, &sub, &coll, &c.Special, &c.PaidOn,
		&c.Explanation, &c.Source, &at, &c.CreatedBy, &c.Reversed); err != nil {
		return nil, err
	}
	c.Individual, c.FinancePaid, c.Subsidy, c.Collective = shebao.Money(ind), shebao.Money(fin), shebao.Money(sub), shebao.Money(coll)
	c.Tier, c.CreatedAt = c.Individual, parseTime(at)
	return &c, nil
}

// residentYears returns, for the persons, the receipt of each (person,
// scheme, year) paid and not reversed.
func (tx *Tx) residentYears(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("p.payer", ids, nil)
	rows, err := tx.Query(ctx, `SELECT p.payer, l.scheme, l.year, p.receipt_no FROM payments p JOIN resident_bill_lines l ON l.payment_id = p.id
		WHERE p.payer_kind = 'resident' AND p.kind = 'payment' AND `+cond+` AND NOT EXISTS (SELECT 1 FROM payments r
			WHERE r.payer_kind = p.payer_kind AND r.payer = p.payer AND r.kind <> 'payment' AND r.ref = p.receipt_no)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, scheme, receipt string
		var year int
		if err := rows.Scan(&id, &scheme, &year, &receipt); err != nil {
			return nil, err
		}
		out[id+"|"+scheme+"|"+strconv.Itoa(year)] = receipt
	}
	return out, rows.Err()
}

// residentEnrollments returns the persons' enrollments in 170 and 390
// (scheme, year, start and end), by person.
func (tx *Tx) residentEnrollments(ctx context.Context, ids []string) (map[string][]shebao.Enrollment, error) {
	out := map[string][]shebao.Enrollment{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := tx.inKeys("id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT id_no, scheme, year, start_date, end_date FROM enrollments
		WHERE scheme IN ('170', '390') AND `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n shebao.Enrollment
		if err := rows.Scan(&n.IDNo, &n.Scheme, &n.Year, &n.StartDate, &n.EndDate); err != nil {
			return nil, err
		}
		out[n.IDNo] = append(out[n.IDNo], n)
	}
	return out, rows.Err()
}

// ResidentReceipt returns the contribution a resident's receipt recorded
// (with the voucher that reversed it, if any), or nil.
func (db *DB) ResidentReceipt(ctx context.Context, receipt string) (*shebao.ResidentContribution, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	c, err := scanResident(db.queryRow(ctx, residentSelect+` AND p.receipt_no = $1`, receipt))
	if isNoRows(err) {
		return nil, nil
	}
	return c, err
}

// ResidentContributions returns a person's residents' contributions in
// force (a receipt refunded or corrected is left out), newest year first
// (read audited).
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
	err = db.View(ctx, func(tx *Tx) error {
		p, err := tx.findPerson(ctx, id)
		if err != nil {
			return err
		}
		if p == nil || !sc.contains(p.Region) {
			return notFoundPerson(id)
		}
		rows, err := tx.Query(ctx, residentSelect+` AND p.payer = $1 ORDER BY l.year DESC, l.scheme`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			c, err := scanResident(rows)
			if err != nil {
				rows.Close()
				return err
			}
			if c.Reversed != "" {
				continue
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
