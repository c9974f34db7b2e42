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

// ImportContributionYears stores yearly contribution history (历年缴费记录
// 迁移), set-based: one read of the persons, one bulk upsert. A record for
// a person not registered or outside the jurisdiction is rejected with the
// reason; the others land. Importing the same file again changes nothing; a
// corrected record replaces the year (the audit entry lists the run).
func (db *DB) ImportContributionYears(ctx context.Context, run string, cs []shebao.ContributionYear) (out []shebao.Outcome, errs []error, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := authorize(sc.actor, "contribution.import", shebao.EntityContribution, run); err != nil {
		return nil, nil, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(cs)), make([]error, len(cs))
		ids := make([]string, 0, len(cs))
		for _, c := range cs {
			ids = append(ids, c.IDNo)
		}
		regions, err := tx.personRegions(ctx, nonEmpty(ids))
		if err != nil {
			return err
		}
		existing := map[string][3]int64{}
		cond, args := tx.inKeys("id_no", nonEmpty(ids), nil)
		rows, err := tx.Query(ctx, `SELECT id_no, scheme, year, months, base_total, avg_wage FROM contribution_years WHERE `+cond, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, scheme string
			var year, months, base, avg int64
			if err := rows.Scan(&id, &scheme, &year, &months, &base, &avg); err != nil {
				rows.Close()
				return err
			}
			existing[id+"/"+scheme+"/"+itoa(int(year))] = [3]int64{months, base, avg}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		thisYear := shebao.Today().Year()
		var upsert [][]any
		first := map[string]int{} // key → the batch's first row with it
		for i, c := range cs {
			if err := c.Validate(thisYear); err != nil {
				errs[i] = err
				continue
			}
			if region, ok := regions[c.IDNo]; !ok || !sc.contains(region) {
				errs[i] = notFoundPerson(c.IDNo)
				continue
			}
			key := c.IDNo + "/" + c.Scheme + "/" + itoa(c.Year)
			now := [3]int64{int64(c.Months), int64(c.BaseTotal), int64(c.AvgWage)}
			old, ok := existing[key]
			if j, dup := first[key]; dup && old != now {
				// Two different rows for one person, scheme and year: which
				// is right is for the clerk to say (and PostgreSQL cannot
				// upsert one key twice in one statement).
				errs[i] = shebao.FieldErrorf("year", "%d年度%s险种的缴费记录与本批第%d条重复且内容不同,同一人同一险种同一年度只能有一条",
					c.Year, c.Scheme, j+1)
				continue
			}
			if _, dup := first[key]; !dup {
				first[key] = i
			}
			switch {
			case ok && old == now:
				out[i] = shebao.Unchanged
				continue
			case ok:
				out[i] = shebao.Updated
			default:
				out[i] = shebao.Created
			}
			existing[key] = now
			src := c.Source
			if src == "" {
				src = run
			}
			upsert = append(upsert, []any{c.IDNo, c.Scheme, int64(c.Year), int64(c.Months), int64(c.BaseTotal), int64(c.AvgWage), src})
		}
		if len(upsert) == 0 {
			return nil
		}
		if err := tx.bulkInsert(ctx, historyTable, upsert); err != nil {
			return err
		}
		return tx.audit(ctx, "contribution_history.import", shebao.EntityContribution, run, "", nil, map[string]any{"rows": len(upsert)})
	})
	return out, errs, err
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
	err := db.Update(ctx, func(tx *Tx) error {
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
