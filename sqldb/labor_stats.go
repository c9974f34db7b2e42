package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// employmentPaymentsCond is the condition of the partial index
// benefit_payments_employment (migration 0119), written as the index
// writes it: SQLite uses a partial index only for a query that carries its
// condition.
const employmentPaymentsCond = "b.kind IN ('" + shebao.BenefitPublicPost + "', '" + shebao.BenefitPostInsurance + "', '" + shebao.BenefitInsuranceSubsidy + "')"

// EmploymentFigures computes the employment indicators of each region
// (code "" the whole database) in the actor's statistical scope: stocks
// on the day `to` (YYYY-MM-DD; the register as of its last rebuild, with
// the statuses registered since and the 被征地 flags of the rebuild: the
// labour counters, shebao.CounterLabor), flows from `from` to `to` (both
// days included). One counters' read for all, then one query per region,
// each a handful of counts over the region's code range.
func (db *DB) EmploymentFigures(ctx context.Context, codes []string, from, to string) (map[string]shebao.EmploymentFigures, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.EmploymentFigures{}
	// The register's stocks, from the labour counters (migration 0115).
	sums, err := db.CounterSums(ctx, codes, []string{shebao.CounterLabor + "|", shebao.CounterWorkers + "|",
		shebao.CounterUnemployed + "|stock", shebao.CounterHardship, shebao.CounterZero + "|stock"}, "", to)
	if err != nil {
		return nil, err
	}
	flows, err := db.CounterSums(ctx, codes, []string{shebao.CounterUnemployed + "|new", shebao.CounterUnemployed + "|ended",
		shebao.CounterZero + "|cleared", shebao.CounterTrained + "|"}, from, to)
	if err != nil {
		return nil, err
	}
	// Placements count by month: the span's months, whole.
	placed, err := db.CounterSums(ctx, codes, []string{shebao.CounterPlaced + "|"}, from[:7]+"-01", to)
	if err != nil {
		return nil, err
	}
	stocks := map[string]shebao.EmploymentFigures{}
	for _, code := range codes {
		var f shebao.EmploymentFigures
		level := shebao.RegionCodeLevel(code)
		if code == "" && !sc.all {
			level = shebao.RegionCodeLevel(sc.lo) // the jurisdiction: its code is the low end of its range
		}
		for key, n := range sums[code] {
			f.AddLaborCount(key, n)
			f.AddWorkersCount(key, n, level)
		}
		st, fl, pl := sums[code], flows[code], placed[code]
		f.Unemployed, f.Hardship, f.ZeroHouseholds = st[shebao.CounterUnemployed+"|stock"], st[shebao.CounterHardship], st[shebao.CounterZero+"|stock"]
		f.UnemployedNew, f.UnemployedEnded, f.ZeroCleared = fl[shebao.CounterUnemployed+"|new"], fl[shebao.CounterUnemployed+"|ended"], fl[shebao.CounterZero+"|cleared"]
		for key, n := range fl {
			f.AddTrainedCount(key, n)
		}
		f.HardshipPlaced = pl[shebao.CounterPlaced+"|1"]
		f.Placements = f.HardshipPlaced + pl[shebao.CounterPlaced+"|0"]
		stocks[code] = f
	}
	fromM, toM := from[:7], to[:7]
	// The subsidies paid by the span's payrolls, from the payments'
	// counters.
	paid, err := db.paidByKind(ctx, codes, fromM, to)
	if err != nil {
		return nil, err
	}
	for _, code := range codes {
		lo, hi, err := sc.statRange(code)
		if err != nil {
			return nil, err
		}
		f := stocks[code]
		// What no counter holds: the persons paid a subsidy in the span's
		// payrolls and the persons exported on the day (distinct persons,
		// not sums), and the exports' returns.
		err = db.queryRow(ctx, `SELECT
			(SELECT COUNT(DISTINCT b.id_no) FROM benefit_payments b WHERE `+employmentPaymentsCond+` AND b.region_code BETWEEN $1 AND $2
				AND b.kind IN ('`+shebao.BenefitPublicPost+`', '`+shebao.BenefitPostInsurance+`') AND b.month BETWEEN $5 AND $6),
			(SELECT COUNT(DISTINCT b.id_no) FROM benefit_payments b WHERE `+employmentPaymentsCond+` AND b.region_code BETWEEN $1 AND $2
				AND b.kind = '`+shebao.BenefitInsuranceSubsidy+`' AND b.month BETWEEN $5 AND $6),
			(SELECT COUNT(DISTINCT x.id_no) FROM labor_exports x WHERE x.region_code BETWEEN $1 AND $2 AND x.start_date <= $4
				AND (x.returned_on = '' OR x.returned_on > $4)),
			(SELECT COUNT(*) FROM labor_exports x WHERE x.region_code BETWEEN $1 AND $2 AND x.returned_on <> '' AND x.returned_on BETWEEN $3 AND $4)`,
			lo, hi, from, to, fromM, toM).Scan(&f.SubsidyPaidPeople, &f.InsuranceSubsidyPeople, &f.Exported, &f.Returned)
		if err != nil {
			return nil, err
		}
		k := paid[code]
		f.SubsidyPaid = k[shebao.BenefitPublicPost] + k[shebao.BenefitPostInsurance]
		f.TrainingSubsidyPaid, f.InsuranceSubsidyPaid = k[shebao.BenefitTraining], k[shebao.BenefitInsuranceSubsidy]
		out[code] = f
	}
	return out, nil
}
