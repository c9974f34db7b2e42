package sqldb

import (
	"context"
	"strconv"

	"github.com/shebao/shebao"
)

// Residents' annual contributions (城乡居民养老 170, 城乡居民医保 390): data
// access for collect.Service (collect/residents.go has the rules and the
// ledger entry). A chunk is read with one query per table and written with
// bulk inserts.

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
// creator set), the contribution years they count (a year recorded before
// is kept), their individual-account movements and their ledger entries
// (which carry the account lines). A receipt taken meanwhile is ECONFLICT.
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
		rows := make([][]any, len(cs))
		receipts := make([]string, len(cs))
		for i, c := range cs {
			receipts[i] = c.ReceiptNo
			if !sc.contains(c.Region) {
				return notFoundPerson(c.IDNo)
			}
			c.CreatedAt, c.CreatedBy = tx.now, sc.actor.Name
			rows[i] = []any{c.ReceiptNo, c.IDNo, c.Scheme, int64(c.Year), c.Region, int64(c.Individual), int64(c.FinancePaid),
				int64(c.Subsidy), int64(c.Collective), c.Special, c.PaidOn, c.Explanation, c.Source, now, sc.actor.Name}
		}
		cond, args := tx.inKeys("rc.receipt_no", receipts, nil)
		if err := tx.recount(ctx, residentFamily, byCond(cond, args...), func() error {
			return tx.bulkInsert(ctx, residentContributionTable, rows)
		}); err != nil {
			return err
		}
		if err := tx.insertContributionYears(ctx, years); err != nil {
			return err
		}
		if _, _, err := tx.creditFor(ctx, shebao.EntityContribution, moves); err != nil {
			return err
		}
		_, err := tx.postFor(ctx, shebao.EntityContribution, entries)
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
	err = db.View(ctx, func(tx *Tx) error {
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
