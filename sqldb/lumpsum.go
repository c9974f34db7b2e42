package sqldb

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Lump-sum back payment of converted villages (村改居): data access for
// collect.Service (collect/lumpsum.go has the rules; policy.ConversionCost
// the cost). village_conversions keeps each village's conversion and its
// per-person cost, lumpsum_persons who opted in and what each party paid,
// lumpsum_payments the receipts.

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
		cond, args := tx.inKeys("id_no", nonEmpty(ids), nil)
		rows, err := tx.Query(ctx, `SELECT id_no, region_code FROM lumpsum_persons WHERE `+cond, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, r string
			if err := rows.Scan(&id, &r); err != nil {
				return err
			}
			joined[id] = r
		}
		return rows.Err()
	})
	return persons, joined, err
}

// InsertLumpSumPersons records persons joining a village's conversion,
// with the audit entry.
func (db *DB) InsertLumpSumPersons(ctx context.Context, region string, ids []string) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(region) {
		return shebao.Errorf(shebao.ENOTFOUND, "区划%s没有村改居登记(先登记改制)", region)
	}
	return db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		rows := make([][]any, len(ids))
		for i, id := range ids {
			rows[i] = []any{id, region, int64(0), int64(0), int64(0), "", now, sc.actor.Name}
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "lumpsum_persons",
			cols:    []string{"id_no", "region_code", "collective_paid", "individual_paid", "government_paid", "settled_on", "joined_at", "joined_by"},
			pgTypes: []string{"text", "text", "bigint", "bigint", "bigint", "text", "text", "text"}}, rows); err != nil {
			return err
		}
		return tx.audit(ctx, "lumpsum.join", shebao.EntityContribution, region, region, nil, map[string]any{"persons": ids})
	})
}

// LockLumpSum returns a person's lump sum (village and what each party
// paid, settled date), its row locked (PostgreSQL SELECT … FOR UPDATE) so
// that its payments apply one at a time; nil when the person has not
// joined one in the actor's jurisdiction.
func (db *DB) LockLumpSum(ctx context.Context, id string) (*shebao.LumpSumPerson, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	lock := ""
	if db.Dialect == Postgres {
		lock = " FOR UPDATE"
	}
	lp := &shebao.LumpSumPerson{IDNo: id}
	var c, i, g int64
	err = db.queryRow(ctx, `SELECT region_code, collective_paid, individual_paid, government_paid, settled_on
		FROM lumpsum_persons WHERE id_no = $1`+lock, id).Scan(&lp.Region, &c, &i, &g, &lp.SettledOn)
	if isNoRows(err) || err == nil && !sc.contains(lp.Region) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	lp.CollectivePaid, lp.IndividualPaid, lp.GovernmentPaid = shebao.Money(c), shebao.Money(i), shebao.Money(g)
	return lp, nil
}

// LumpSumPaymentByReceipt returns the lump-sum payment recorded under the
// receipt, or nil.
func (db *DB) LumpSumPaymentByReceipt(ctx context.Context, receipt string) (*shebao.LumpSumPayment, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	p := &shebao.LumpSumPayment{ReceiptNo: receipt}
	var amt int64
	err := db.queryRow(ctx, `SELECT id_no, payer, amount, paid_on, source FROM lumpsum_payments WHERE receipt_no = $1`, receipt).
		Scan(&p.IDNo, &p.Payer, &amt, &p.PaidOn, &p.Source)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p.Amount = shebao.Money(amt)
	return p, nil
}

// InsertLumpSumPayment records a payment of a person's lump sum and adds
// it to what its payer has paid. A receipt taken meanwhile is ECONFLICT.
func (db *DB) InsertLumpSumPayment(ctx context.Context, p shebao.LumpSumPayment) error {
	a, err := writeAuthorized(ctx)
	if err != nil {
		return err
	}
	col, ok := map[string]string{shebao.LumpPayerCollective: "collective_paid", shebao.LumpPayerIndividual: "individual_paid",
		shebao.LumpPayerGovernment: "government_paid"}[p.Payer]
	if !ok {
		return shebao.FieldErrorf("缴费方", "缴费方“%s”无效", p.Payer)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO lumpsum_payments (receipt_no, id_no, payer, amount, paid_on, source, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.ReceiptNo, p.IDNo, p.Payer, int64(p.Amount), p.PaidOn, p.Source, fmtTime(tx.now), a.Name); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE lumpsum_persons SET `+col+` = `+col+` + $1 WHERE id_no = $2`, int64(p.Amount), p.IDNo)
		return err
	})
	if isUniqueViolation(err) {
		return shebao.Errorf(shebao.ECONFLICT, "票据号%s正在或已经被另一笔缴款登记", p.ReceiptNo)
	}
	return err
}

// SettleLumpSum marks a person's lump sum paid in full on the date.
func (db *DB) SettleLumpSum(ctx context.Context, id, date string) error {
	if _, err := writeAuthorized(ctx); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE lumpsum_persons SET settled_on = $1 WHERE id_no = $2`, date, id)
		return err
	})
}

// LumpSumPerson returns a person's lump sum with its cost and what each
// party paid.
func (db *DB) LumpSumPerson(ctx context.Context, id string) (*shebao.LumpSumPerson, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	var lp shebao.LumpSumPerson
	var c, i, g, cost int64
	err := db.queryRow(ctx, `SELECT l.id_no, p.name, l.region_code, v.cost, l.collective_paid, l.individual_paid, l.government_paid, l.settled_on
		FROM lumpsum_persons l JOIN persons p ON p.id_no = l.id_no JOIN village_conversions v ON v.region_code = l.region_code
		WHERE l.id_no = $1`, id).Scan(&lp.IDNo, &lp.Name, &lp.Region, &cost, &c, &i, &g, &lp.SettledOn)
	if err != nil {
		return nil, err
	}
	lp.Cost, lp.CollectivePaid, lp.IndividualPaid, lp.GovernmentPaid = shebao.Money(cost), shebao.Money(c), shebao.Money(i), shebao.Money(g)
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
		r.Settled = int(settled)
		r.CostPerPerson = shebao.Money(cost)
		r.CollectiveDue, r.IndividualDue, r.GovernmentDue = shebao.Money(coll), shebao.Money(ind), shebao.Money(gov)
		r.CollectivePaid, r.IndividualPaid, r.GovernmentPaid = shebao.Money(cp), shebao.Money(ip), shebao.Money(gp)
		out = append(out, r)
	}
	return out, rows.Err()
}
