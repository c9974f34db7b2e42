package sqldb

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Lump-sum back payment of converted villages (村改居): data access for
// collect.Service (collect/lumpsum.go has the rules; policy.ConversionCost
// the cost). village_conversions keeps each village's conversion and its
// per-person cost. Since migration 0061 a person who opted in has a bill
// of payer kind lumpsum (period = the conversion date) with one line per
// party (lumpsum_bill_lines); the receipts are payments rows of that
// payer kind with their party, allocated to the bill. What a party paid
// is the sum of its payments' allocations; the lump sum is settled on the
// day a receipt paid the bill in full.

// RegionName returns the name of a region in the actor's jurisdiction.
func (db *DB) RegionName(ctx context.Context, code string) (string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", err
	}
	var name string
	if err := db.queryRow(ctx, `SELECT name FROM regions WHERE code = $1`, code).Scan(&name); isNoRows(err) || err == nil && !sc.contains(code) {
		return "", shebao.Errorf(shebao.ENOTFOUND, "未找到区划%s", code)
	} else if err != nil {
		return "", err
	}
	return name, nil
}

// Conversion returns the conversion of a village in the actor's
// jurisdiction, or nil.
func (db *DB) Conversion(ctx context.Context, region string) (*shebao.VillageConversion, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if !sc.contains(region) {
		return nil, nil
	}
	v, err := scanConversion(db.queryRow(ctx, conversionSelect+` WHERE region_code = $1`, region))
	if isNoRows(err) {
		return nil, nil
	}
	return v, err
}

// InsertConversion registers a conversion (its time and creator set), with
// its audit entry.
func (db *DB) InsertConversion(ctx context.Context, v *shebao.VillageConversion) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "lumpsum.register", shebao.EntityContribution, ""); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
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

// lumpsumRows is one row per person's lump sum: the person, the village,
// the cost, what each party paid (net of refunds and corrections) and the
// day it was paid in full ("" while it is not).
var lumpsumRows = `SELECT b.payer AS id_no, b.region_code, b.total,
	` + lumpsumPaid("collective") + ` AS collective_paid,
	` + lumpsumPaid("individual") + ` AS individual_paid,
	` + lumpsumPaid("government") + ` AS government_paid,
	CASE WHEN b.paid = b.total AND b.total > 0 THEN COALESCE((SELECT MAX(p.paid_on) FROM allocations a JOIN payments p ON p.id = a.payment_id
		WHERE a.payer_kind = b.payer_kind AND a.payer = b.payer AND a.period = b.period AND a.settled = 1), '') ELSE '' END AS settled_on
	FROM bills b WHERE b.payer_kind = 'lumpsum'`

func lumpsumPaid(party string) string {
	return `COALESCE((SELECT CAST(SUM(a.amount) AS BIGINT) FROM allocations a JOIN payments p ON p.id = a.payment_id
		WHERE a.payer_kind = b.payer_kind AND a.payer = b.payer AND a.period = b.period AND p.party = '` + party + `'), 0)`
}

// LumpSumCandidates returns, for the persons, those in the actor's
// jurisdiction and the conversion (village) each has joined.
func (db *DB) LumpSumCandidates(ctx context.Context, ids []string) (map[string]*shebao.Person, map[string]string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	persons := map[string]*shebao.Person{}
	joined := map[string]string{}
	err = db.Update(ctx, func(tx *Tx) error {
		ps, err := tx.personsByID(ctx, nonEmpty(ids))
		if err != nil {
			return err
		}
		for id, p := range ps {
			if sc.contains(p.Region) {
				persons[id] = p
			}
		}
		cond, args := tx.inKeys("payer", nonEmpty(ids), nil)
		return tx.scanRows(ctx, `SELECT payer, region_code FROM bills WHERE payer_kind = 'lumpsum' AND `+cond, args, func(s rowScanner) error {
			var id, r string
			if err := s.Scan(&id, &r); err != nil {
				return err
			}
			joined[id] = r
			return nil
		})
	})
	return persons, joined, err
}

var lumpsumLineTable = bulkTable{name: "lumpsum_bill_lines",
	cols:    []string{"id_no", "period", "party", "amount", "explanation", "created_by"},
	pgTypes: []string{"text", "text", "text", "bigint", "text", "text"}}

// InsertLumpSumPersons records persons joining a village's conversion:
// each gets the bill of their lump sum, with a line per party, and the
// audit entry.
func (db *DB) InsertLumpSumPersons(ctx context.Context, v *shebao.VillageConversion, ids []string) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(v.Region) {
		return shebao.Errorf(shebao.ENOTFOUND, "区划%s没有村改居登记(先登记改制)", v.Region)
	}
	return db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		var bills, lines [][]any
		for _, id := range ids {
			bills = append(bills, []any{shebao.PayerLumpSum, id, v.ConvertedOn, v.Region, "村改居一次性补缴", v.ConvertedOn,
				int64(v.Collective + v.Government), int64(v.Individual), int64(v.Cost), int64(0), int64(3), now})
			for _, party := range []string{shebao.LumpPayerCollective, shebao.LumpPayerIndividual, shebao.LumpPayerGovernment} {
				lines = append(lines, []any{id, v.ConvertedOn, party, int64(v.Due(party)),
					lumpsumLineWords[party] + v.Explanation, sc.actor.Name})
			}
		}
		cond, args := tx.inKeys("b.payer", ids, []any{shebao.PayerLumpSum})
		if err := tx.recount(ctx, contributionsFamily, byCond("b.payer_kind = $1 AND "+cond, args...), func() error {
			return tx.bulkInsert(ctx, bulkTable{name: "bills", cols: residentBillTable.cols, pgTypes: residentBillTable.pgTypes}, bills)
		}); err != nil {
			return err
		}
		if err := tx.bulkInsert(ctx, lumpsumLineTable, lines); err != nil {
			return err
		}
		return tx.audit(ctx, "lumpsum.join", shebao.EntityContribution, v.Region, v.Region, nil, map[string]any{"persons": ids})
	})
}

// lumpsumLineWords start the explanation of each party's line.
var lumpsumLineWords = map[string]string{shebao.LumpPayerCollective: "村集体负担部分:", shebao.LumpPayerIndividual: "个人负担部分:",
	shebao.LumpPayerGovernment: "政府补贴部分:"}

// LockLumpSum returns a person's lump sum (village and what each party
// paid, settled date), the person locked (FindPayer) so that its payments
// apply one at a time; nil when the person has not joined one in the
// actor's jurisdiction.
func (db *DB) LockLumpSum(ctx context.Context, id string) (*shebao.LumpSumPerson, error) {
	if _, err := db.FindPayer(ctx, shebao.PayerLumpSum, id, true); err != nil {
		if shebao.ErrorCode(err) == shebao.ENOTFOUND {
			return nil, nil
		}
		return nil, err
	}
	lp, err := db.LumpSumPerson(ctx, id)
	if isNoRows(err) {
		return nil, nil
	}
	return lp, err
}

func scanLumpSum(s rowScanner, lp *shebao.LumpSumPerson, extra ...any) error {
	var c, i, g, cost int64
	if err := s.Scan(append([]any{&lp.IDNo, &lp.Region, &cost, &c, &i, &g, &lp.SettledOn}, extra...)...); err != nil {
		return err
	}
	lp.Cost, lp.CollectivePaid, lp.IndividualPaid, lp.GovernmentPaid = shebao.Money(cost), shebao.Money(c), shebao.Money(i), shebao.Money(g)
	return nil
}

// LumpSumPerson returns a person's lump sum with its cost and what each
// party paid.
func (db *DB) LumpSumPerson(ctx context.Context, id string) (*shebao.LumpSumPerson, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var lp shebao.LumpSumPerson
	err = scanLumpSum(db.queryRow(ctx, `SELECT l.*, p.name FROM (`+lumpsumRows+` AND b.payer = $1) l JOIN persons p ON p.id_no = l.id_no`, id), &lp, &lp.Name)
	if err == nil && !sc.contains(lp.Region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "%s没有参加村改居一次性补缴", id)
	}
	if err != nil {
		return nil, err
	}
	return &lp, nil
}

// ConversionQuote returns a converted village's registration and its
// persons with the cost and what each party has paid (read audited).
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
	err = db.View(ctx, func(tx *Tx) error {
		if v, err = tx.conversion(ctx, code); err != nil {
			return err
		}
		if v == nil || !sc.contains(code) {
			return shebao.Errorf(shebao.ENOTFOUND, "区划%s没有村改居登记", region)
		}
		tx.QueryRow(ctx, `SELECT name FROM regions WHERE code = $1`, code).Scan(&v.Name)
		if err := tx.scanRows(ctx, `SELECT l.*, p.name FROM (`+lumpsumRows+` AND b.region_code = $1) l JOIN persons p ON p.id_no = l.id_no
				ORDER BY l.id_no`, []any{code}, func(s rowScanner) error {
			lp := &shebao.LumpSumPerson{}
			if err := scanLumpSum(s, lp, &lp.Name); err != nil {
				return err
			}
			out = append(out, lp)
			return nil
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "contribution.read", shebao.EntityContribution, "lumpsum:"+code, code, nil, map[string]any{"persons": len(out)})
	})
	return v, out, err
}

// ConversionReports returns, for every converted village in the region
// (and the actor's jurisdiction), with one GROUP BY: the persons who
// joined and those settled, the cost per person and each party's share of
// it (in the *Due fields, per person: collect totals them) and what each
// party paid in all.
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
		LEFT JOIN (` + lumpsumRows + `) l ON l.region_code = v.region_code` + whereClause(conds) + `
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
		r.Settled = int(settled)
		r.CostPerPerson = shebao.Money(cost)
		r.CollectiveDue, r.IndividualDue, r.GovernmentDue = shebao.Money(coll), shebao.Money(ind), shebao.Money(gov)
		r.CollectivePaid, r.IndividualPaid, r.GovernmentPaid = shebao.Money(cp), shebao.Money(ip), shebao.Money(gp)
		out = append(out, r)
	}
	return out, rows.Err()
}
