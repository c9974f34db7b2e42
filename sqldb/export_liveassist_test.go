package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// LiveAssistanceFigures is how AssistanceFigures counted before the
// assistance counters (issue #16 item 7: 897 ms at 1,000,000 persons on
// SQLite): one statement per region over the cases, their members and the
// 临时救助 decisions. It stays, for the tests only, as a second way of
// counting the same figures, which AssistanceFigures must agree with. A case's area is the one its quote used (the
// column written since migration 0071); an older row without it takes the
// area of its region's code (居民委员会 001–199 urban, else rural).
func (db *DB) LiveAssistanceFigures(ctx context.Context, codes []string, from, to string) (map[string]shebao.AssistanceFigures, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.AssistanceFigures{}
	fromM, toM := from[:7], to[:7]
	// What the span's payrolls paid, from the payments' counters.
	paid, err := db.paidByKind(ctx, codes, fromM, to)
	if err != nil {
		return nil, err
	}
	// In payment on the day: approved (or under review) from a month up
	// to it, or stopped / tapering with the last month paid not before it.
	const inPayment = `c.start_month <> '' AND c.start_month <= $3 AND (c.status IN ('` + shebao.CaseApproved + `', '` + shebao.CaseReviewed + `', '` +
		shebao.CaseChangeSubmitted + `') OR (c.status IN ('` + shebao.CaseTapering + `', '` + shebao.CaseStopped + `') AND c.end_month >= $3))`
	const urban = `(CASE WHEN c.area <> '' THEN c.area WHEN SUBSTR(c.region_code, 10, 3) BETWEEN '001' AND '199' THEN '` + shebao.AreaUrban + `' ELSE '` +
		shebao.AreaRural + `' END) = '` + shebao.AreaUrban + `'`
	// 特困 (tekun) in support on the day: approved (or a change waiting)
	// from a month up to it, or stopped with the last month paid not
	// before it.
	const tekunInSupport = `t.start_month <> '' AND t.start_month <= $3 AND (t.status IN ('` + shebao.TekunApproved + `', '` +
		shebao.TekunChangeSubmitted + `') OR (t.status = '` + shebao.TekunStopped + `' AND t.end_month >= $3))`
	for _, code := range codes {
		lo, hi, err := sc.statRange(code)
		if err != nil {
			return nil, err
		}
		var f shebao.AssistanceFigures
		var amount int64
		err = db.queryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM assist_cases c WHERE c.region_code BETWEEN $1 AND $2 AND `+inPayment+` AND `+urban+`),
			(SELECT COUNT(*) FROM assist_cases c JOIN assist_case_members m ON m.case_id = c.id WHERE c.region_code BETWEEN $1 AND $2 AND `+inPayment+` AND `+urban+`),
			(SELECT COUNT(*) FROM assist_cases c WHERE c.region_code BETWEEN $1 AND $2 AND `+inPayment+` AND NOT `+urban+`),
			(SELECT COUNT(*) FROM assist_cases c JOIN assist_case_members m ON m.case_id = c.id WHERE c.region_code BETWEEN $1 AND $2 AND `+inPayment+` AND NOT `+urban+`),
			(SELECT COUNT(*) FROM assist_reliefs r WHERE r.region_code BETWEEN $1 AND $2 AND r.status = '`+shebao.ReliefApproved+`'
				AND r.decided_on BETWEEN $4 AND $5),
			(SELECT COALESCE(SUM(r.amount), 0) FROM assist_reliefs r WHERE r.region_code BETWEEN $1 AND $2 AND r.status = '`+shebao.ReliefApproved+`'
				AND r.decided_on BETWEEN $4 AND $5),
			(SELECT COUNT(*) FROM tekun_cases t WHERE t.region_code BETWEEN $1 AND $2 AND `+tekunInSupport+` AND t.mode = '`+shebao.TekunCentral+`'),
			(SELECT COUNT(*) FROM tekun_cases t WHERE t.region_code BETWEEN $1 AND $2 AND `+tekunInSupport+` AND t.mode = '`+shebao.TekunDispersed+`')`,
			lo, hi, toM, from, to).Scan(&f.UrbanHouseholds, &f.UrbanPersons, &f.RuralHouseholds, &f.RuralPersons,
			&f.Reliefs, &amount, &f.TekunCentral, &f.TekunDispersed)
		if err != nil {
			return nil, err
		}
		k := paid[code]
		f.DibaoPaid, f.ReliefAmount, f.ReliefPaid = k[shebao.BenefitDibao], shebao.Money(amount), k[shebao.BenefitTemporaryRelief]
		f.Tekun, f.TekunPaid = f.TekunCentral+f.TekunDispersed, k[shebao.BenefitTekun]
		out[code] = f
	}
	return out, nil
}
