package sqldb

import (
	"context"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Statistics read from the records themselves where they are few (the
// registered employers, the land funds, the lump sums of converted
// villages) and the denominators entered by hand (stats_denominators). The
// counted indicators are in counters_read.go.

// statArea returns the scope of a region of a statistic ("" the whole
// database), checked against the actor's jurisdiction.
func statArea(ctx context.Context, region string) (scope, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return sc, err
	}
	if region == "" {
		if !sc.all {
			return sc, shebao.Errorf(shebao.ENOTFOUND, "区划不存在")
		}
		return sc, nil
	}
	r, err := idno.ParseRegion(region)
	if err != nil {
		return sc, shebao.FieldErrorf("区划代码", "%s", err.Error())
	}
	if !sc.contains(r.Code) {
		return sc, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", r.Code)
	}
	return sc.narrow(r.Code)
}

// CountEmployers counts the employers registered in the region ("" the
// whole database): the registry's state, which has no dates.
func (db *DB) CountEmployers(ctx context.Context, region string) (int, error) {
	area, err := statArea(ctx, region)
	if err != nil {
		return 0, err
	}
	conds, args := area.where("region_code", nil, nil)
	var n int
	err = db.queryRow(ctx, `SELECT COUNT(*) FROM employers`+whereClause(conds), args...).Scan(&n)
	return n, err
}

// SubsidySums returns the money paid into the funds by governments and
// village collectives in the region ("" the whole database) from … to
// (YYYY-MM-DD, inclusive) outside the residents' annual contributions
// (which are counted): land-expropriation funding by payer (land_funds:
// 政府, 集体, 个人) and the lump sums of converted villages by payer
// (payments of payer kind lumpsum by party, refunds and corrections
// netted on their dates: government, collective, individual), keyed
// "land|政府" … "lumpsum|government" …
func (db *DB) SubsidySums(ctx context.Context, region, from, to string) (map[string]shebao.Money, error) {
	area, err := statArea(ctx, region)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.Money{}
	for _, q := range []struct{ prefix, query, regionCol string }{
		{"land|", `SELECT payer, CAST(SUM(amount) AS BIGINT) FROM land_funds WHERE received_on >= $1 AND received_on <= $2`, "region_code"},
		{"lumpsum|", `SELECT l.party, CAST(SUM(l.amount) AS BIGINT) FROM payments l JOIN bills p ON p.payer_kind = l.payer_kind AND p.payer = l.payer
			WHERE l.payer_kind = 'lumpsum' AND l.paid_on >= $1 AND l.paid_on <= $2`, "p.region_code"},
	} {
		conds, args := area.where(q.regionCol, nil, []any{from, to})
		where := ""
		for _, c := range conds {
			where += " AND " + c
		}
		rows, err := db.query(ctx, q.query+where+` GROUP BY 1`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var payer string
			var n int64
			if err := rows.Scan(&payer, &n); err != nil {
				rows.Close()
				return nil, err
			}
			out[q.prefix+payer] += shebao.Money(n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// LumpSumMonths returns the 村改居 lump sums paid in the region (narrowed
// to the jurisdiction) from from to to, per village, month and party, net
// of refunds (a refund is a payment of a negative amount); a month whose
// sum is nothing is left out.
func (db *DB) LumpSumMonths(ctx context.Context, region, from, to string) ([]shebao.StatsLumpSum, error) {
	area, err := statArea(ctx, region)
	if err != nil {
		return nil, err
	}
	conds, args := area.where("b.region_code", []string{"l.payer_kind = 'lumpsum'", "l.paid_on >= $1", "l.paid_on <= $2"}, []any{from, to})
	out := []shebao.StatsLumpSum{}
	err = db.View(ctx, func(tx *Tx) error {
		return tx.scanRows(ctx, `SELECT b.region_code, SUBSTR(l.paid_on, 1, 7), l.party, CAST(SUM(l.amount) AS BIGINT)
			FROM payments l JOIN bills b ON b.payer_kind = l.payer_kind AND b.payer = l.payer`+whereClause(conds)+`
			GROUP BY b.region_code, SUBSTR(l.paid_on, 1, 7), l.party ORDER BY 1, 2, 3`, args, func(s rowScanner) error {
			var x shebao.StatsLumpSum
			var n int64
			if err := s.Scan(&x.Region, &x.Month, &x.Party, &n); err != nil {
				return err
			}
			if x.Amount = shebao.Money(n); n != 0 {
				out = append(out, x)
			}
			return nil
		})
	})
	return out, err
}

// Denominators returns the denominators entered for the year in the
// region and every region below it ("" the whole database).
func (db *DB) Denominators(ctx context.Context, region string, year int) ([]shebao.Denominator, error) {
	area, err := statArea(ctx, region)
	if err != nil {
		return nil, err
	}
	conds, args := area.where("d.region_code", []string{"d.year = $1"}, []any{year})
	rows, err := db.query(ctx, `SELECT d.region_code, COALESCE(r.name, ''), d.year, d.measure, d.value, d.source, d.entered_at, d.entered_by
		FROM stats_denominators d LEFT JOIN regions r ON r.code = d.region_code`+whereClause(conds)+` ORDER BY d.region_code, d.measure`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.Denominator
	for rows.Next() {
		var d shebao.Denominator
		var at string
		if err := rows.Scan(&d.Region, &d.RegionName, &d.Year, &d.Measure, &d.Value, &d.Source, &at, &d.EnteredBy); err != nil {
			return nil, err
		}
		d.EnteredAt = parseTime(at)
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetDenominator enters (or corrects) a denominator of a region and year,
// with its source, and audits it with the value it replaces. The actor
// must write statistics in the region.
func (db *DB) SetDenominator(ctx context.Context, d shebao.Denominator) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "stats.denominator", shebao.EntityStats, d.Region); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.checkRegion(ctx, sc, "区划代码", d.Region); err != nil {
			return err
		}
		var before *shebao.Denominator
		var old shebao.Denominator
		err := tx.QueryRow(ctx, `SELECT value, source FROM stats_denominators WHERE region_code = $1 AND year = $2 AND measure = $3`,
			d.Region, d.Year, d.Measure).Scan(&old.Value, &old.Source)
		if err == nil {
			before = &old
		} else if !isNoRows(err) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO stats_denominators (region_code, year, measure, value, source, entered_at, entered_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (region_code, year, measure) DO UPDATE SET value = excluded.value, source = excluded.source,
				entered_at = excluded.entered_at, entered_by = excluded.entered_by`,
			d.Region, d.Year, d.Measure, d.Value, d.Source, fmtTime(tx.now), sc.actor.Name); err != nil {
			return err
		}
		return tx.audit(ctx, "stats.denominator", shebao.EntityStats, d.Region+":"+strconv.Itoa(d.Year)+":"+d.Measure, d.Region, before, d)
	})
}

// lastDay returns the last day of the month (YYYY-MM).
func lastDay(month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 1, -1).Format(shebao.DateLayout)
}
