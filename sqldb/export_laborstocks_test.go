package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// LiveLaborStocks counts the labour register's stocks of the regions lo …
// hi straight from the register, as EmploymentFigures did before the
// labour counters (migration 0115): the tests' second way of counting
// what the counters keep (TestCountersKeptEqualRecount). The 被征地 flag
// is the rebuild's (labor_derived.land_lost), as the counters take it.
func (db *DB) LiveLaborStocks(ctx context.Context, lo, hi string) (shebao.EmploymentFigures, error) {
	var f shebao.EmploymentFigures
	employed := "('" + shebao.LaborEmployed + "', '" + shebao.LaborFlexible + "', '" + shebao.LaborTransferred + "')"
	from := ` FROM labor_derived d LEFT JOIN labor_register r ON r.id_no = d.id_no WHERE d.region_code BETWEEN $1 AND $2`
	err := db.queryRow(ctx, `SELECT
		(SELECT COUNT(*)`+from+`),
		(SELECT COUNT(*)`+from+` AND `+laborStatusSQL+` IN `+employed+`),
		(SELECT COUNT(*)`+from+` AND `+laborStatusSQL+` = '`+shebao.LaborTransferred+`'),
		(SELECT COUNT(*)`+from+` AND `+laborStatusSQL+` = '`+shebao.LaborFarming+`'),
		(SELECT COUNT(*)`+from+` AND d.land_lost = 1),
		(SELECT COUNT(*)`+from+` AND d.land_lost = 1 AND `+laborStatusSQL+` IN `+employed+`)`, lo, hi).
		Scan(&f.WorkingAge, &f.Employed, &f.Transferred, &f.Farming, &f.LandLost, &f.LandLostEmployed)
	return f, err
}
