package sqldb

import (
	"context"
	"strconv"

	"github.com/shebao/shebao"
)

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
	sums, err := db.CounterSums(ctx, codes, []string{shebao.CounterLabor + "|", shebao.CounterWorkers + "|"}, "", to)
	if err != nil {
		return nil, err
	}
	stocks := map[string]shebao.EmploymentFigures{}
	for _, code := range codes {
		var f shebao.EmploymentFigures
		for key, n := range sums[code] {
			f.AddLaborCount(key, n)
		}
		// 外来务工: the workers of the region's employers whose own region
		// lies outside it (shebao.CounterWorkers).
		level := shebao.RegionCodeLevel(code)
		if code == "" && !sc.all {
			level = shebao.RegionCodeLevel(sc.lo) // the jurisdiction: its code is the low end of its range
		}
		for key, n := range sums[code] {
			if fam, dims := shebao.CounterDims(key); fam == shebao.CounterWorkers && len(dims) == 1 {
				if l, err := strconv.Atoi(dims[0]); err == nil && l < level {
					f.TransferredIn += n
				}
			}
		}
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
		lo, hi := sc.lo, sc.hi
		if code != "" {
			if lo, hi, err = prefixRange(code); err != nil {
				return nil, err
			}
		} else if sc.all {
			lo, hi = "000000000000", "999999999999"
		}
		f := stocks[code]
		err := db.queryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM unemployment_registrations u WHERE u.region_code BETWEEN $1 AND $2 AND u.registered_on <= $4
				AND (u.ended_on = '' OR u.ended_on > $4)),
			(SELECT COUNT(*) FROM unemployment_registrations u WHERE u.region_code BETWEEN $1 AND $2 AND u.registered_on BETWEEN $3 AND $4),
			(SELECT COUNT(*) FROM unemployment_registrations u WHERE u.region_code BETWEEN $1 AND $2 AND u.ended_on <> '' AND u.ended_on BETWEEN $3 AND $4),
			(SELECT COUNT(*) FROM hardship_certifications h WHERE h.region_code BETWEEN $1 AND $2 AND h.certified_on <= $4
				AND (h.ended_on = '' OR h.ended_on > $4)),
			(SELECT COUNT(*) FROM post_placements x WHERE x.region_code BETWEEN $1 AND $2 AND x.priority = '`+shebao.PostPriorityHardship+`'
				AND x.start_month BETWEEN $5 AND $6),
			(SELECT COUNT(*) FROM zero_employment_households z WHERE z.region_code BETWEEN $1 AND $2 AND z.found_on <= $4
				AND (z.cleared_on = '' OR z.cleared_on > $4)),
			(SELECT COUNT(*) FROM zero_employment_households z WHERE z.region_code BETWEEN $1 AND $2 AND z.cleared_on <> '' AND z.cleared_on BETWEEN $3 AND $4),
			(SELECT COUNT(*) FROM post_placements x WHERE x.region_code BETWEEN $1 AND $2 AND x.start_month BETWEEN $5 AND $6),
			(SELECT COUNT(DISTINCT b.id_no) FROM benefit_payments b WHERE b.region_code BETWEEN $1 AND $2 AND b.kind IN ('`+shebao.BenefitPublicPost+`', '`+shebao.BenefitPostInsurance+`')
				AND b.month BETWEEN $5 AND $6),
			(SELECT COUNT(*) FROM training_enrolments t WHERE t.region_code BETWEEN $1 AND $2 AND t.status = '`+shebao.TrainingCompleted+`'
				AND t.completed_on BETWEEN $3 AND $4),
			(SELECT COUNT(*) FROM training_enrolments t WHERE t.region_code BETWEEN $1 AND $2 AND t.status = '`+shebao.TrainingCompleted+`'
				AND t.completed_on BETWEEN $3 AND $4 AND t.certificate = '`+shebao.CertPrimary+`'),
			(SELECT COUNT(*) FROM training_enrolments t WHERE t.region_code BETWEEN $1 AND $2 AND t.status = '`+shebao.TrainingCompleted+`'
				AND t.completed_on BETWEEN $3 AND $4 AND t.certificate = '`+shebao.CertIntermediate+`'),
			(SELECT COUNT(*) FROM training_enrolments t WHERE t.region_code BETWEEN $1 AND $2 AND t.status = '`+shebao.TrainingCompleted+`'
				AND t.completed_on BETWEEN $3 AND $4 AND t.certificate = '`+shebao.CertSenior+`'),
			(SELECT COUNT(DISTINCT b.id_no) FROM benefit_payments b WHERE b.region_code BETWEEN $1 AND $2 AND b.kind = '`+shebao.BenefitInsuranceSubsidy+`'
				AND b.month BETWEEN $5 AND $6),
			(SELECT COUNT(DISTINCT x.id_no) FROM labor_exports x WHERE x.region_code BETWEEN $1 AND $2 AND x.start_date <= $4
				AND (x.returned_on = '' OR x.returned_on > $4)),
			(SELECT COUNT(*) FROM labor_exports x WHERE x.region_code BETWEEN $1 AND $2 AND x.returned_on <> '' AND x.returned_on BETWEEN $3 AND $4)`,
			lo, hi, from, to, fromM, toM).Scan(&f.Unemployed, &f.UnemployedNew, &f.UnemployedEnded, &f.Hardship, &f.HardshipPlaced, &f.ZeroHouseholds, &f.ZeroCleared,
			&f.Placements, &f.SubsidyPaidPeople, &f.TrainingCompleted, &f.CertPrimary, &f.CertIntermediate, &f.CertSenior,
			&f.InsuranceSubsidyPeople, &f.Exported, &f.Returned)
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
