package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

var historyTable = bulkTable{
	name:    "contribution_years",
	cols:    []string{"id_no", "scheme", "year", "months", "base_total", "avg_wage", "source"},
	pgTypes: []string{"text", "text", "bigint", "bigint", "bigint", "bigint", "text"},
	conflict: `ON CONFLICT (id_no, scheme, year) DO UPDATE SET months = excluded.months, base_total = excluded.base_total,
		avg_wage = excluded.avg_wage, source = excluded.source`,
}

// ContributionYearFacts reads what the rules of a chunk of yearly records
// need (collect.Service.ImportContributionYears): which of its persons
// are registered in the actor's jurisdiction, and their stored records;
// after checking that the actor may import history.
func (db *DB) ContributionYearFacts(ctx context.Context, run string, ids []string) (*shebao.YearFacts, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "contribution.import", shebao.EntityContribution, run); err != nil {
		return nil, err
	}
	f := &shebao.YearFacts{Persons: map[string]bool{}, Stored: map[shebao.YearKey]shebao.ContributionYear{}}
	err = db.Update(ctx, func(tx *Tx) error {
		ids = nonEmpty(ids)
		regions, err := tx.personRegions(ctx, ids)
		if err != nil {
			return err
		}
		for id, region := range regions {
			if sc.contains(region) {
				f.Persons[id] = true
			}
		}
		cond, args := tx.inKeys("id_no", ids, nil)
		rows, err := tx.Query(ctx, `SELECT id_no, scheme, year, months, base_total, avg_wage FROM contribution_years WHERE `+cond, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c shebao.ContributionYear
			var base, avg int64
			if err := rows.Scan(&c.IDNo, &c.Scheme, &c.Year, &c.Months, &base, &avg); err != nil {
				return err
			}
			c.BaseTotal, c.AvgWage = shebao.Money(base), shebao.Money(avg)
			f.Stored[c.Key()] = c
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// SaveContributionYears upserts yearly records set-based (one bulk
// upsert) with the audit entry of the run.
func (db *DB) SaveContributionYears(ctx context.Context, run string, cs []shebao.ContributionYear) error {
	if len(cs) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		rows := make([][]any, len(cs))
		for i, c := range cs {
			rows[i] = []any{c.IDNo, c.Scheme, int64(c.Year), int64(c.Months), int64(c.BaseTotal), int64(c.AvgWage), c.Source}
		}
		if err := tx.bulkInsert(ctx, historyTable, rows); err != nil {
			return err
		}
		return tx.audit(ctx, "contribution_history.import", shebao.EntityContribution, run, "", nil, map[string]any{"rows": len(rows)})
	})
}

// personRegions reads the region of each registered person among ids: all
// that the history import needs of a person, without personsByID's other
// columns and join.
func (tx *Tx) personRegions(ctx context.Context, ids []string) (map[string]string, error) {
	m := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return m, nil
	}
	cond, args := tx.inKeys("id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT id_no, region_code FROM persons WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, region string
		if err := rows.Scan(&id, &region); err != nil {
			return nil, err
		}
		m[id] = region
	}
	return m, rows.Err()
}

// ContributionYears returns a person's yearly history, oldest first.
func (db *DB) ContributionYears(ctx context.Context, idNo string) ([]shebao.ContributionYear, error) {
	var out []shebao.ContributionYear
	err := db.View(ctx, func(tx *Tx) error {
		p, err := tx.personInScope(ctx, idNo)
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, "contribution.read", shebao.EntityContribution, p.IDNo, p.Region, nil, nil); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT scheme, year, months, base_total, avg_wage, source FROM contribution_years
			WHERE id_no = $1 ORDER BY scheme, year`, p.IDNo)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := shebao.ContributionYear{IDNo: p.IDNo}
			var base, avg int64
			if err := rows.Scan(&c.Scheme, &c.Year, &c.Months, &base, &avg, &c.Source); err != nil {
				return err
			}
			c.BaseTotal, c.AvgWage = shebao.Money(base), shebao.Money(avg)
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}
