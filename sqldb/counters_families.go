package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// The counter families: what each counts, from which tables, and how its
// records are selected by the writes that recount them (counters.go). The
// keys and what they mean are defined in the root package (counters.go):
// the persons family applies shebao.PersonCounts to each person's
// registration and enrollment history; the others sum one column of one
// table each.

// counterFamilies lists every family: RebuildCounters and VerifyCounters
// count them all, and TestEveryCountedWriteRecounts checks the writes of
// their tables.
var counterFamilies = []*counterFamily{personsFamily, contributionsFamily, benefitPaymentsFamily, backPaysFamily, claimsFamily, residentFamily, laborFamily,
	dibaoFamily, tekunFamily, reliefFamily, unemploymentFamily, hardshipFamily, zeroFamily, placementsFamily, trainingFamily,
	landArableFamily, transfersFamily, transferHouseholdsFamily}

// personsFamily: persons, their enrollments by scheme and status, and the
// flows of enrollments (shebao.PersonCounts). Selected by 身份证号.
var personsFamily = &counterFamily{
	name:   "persons",
	tables: []string{"persons", "enrollments", "enrollment_events", "employers"},
	keyed:  true,
	load:   loadPersons,
}

func loadPersons(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
	if !sel.all {
		return loadPersonsByID(ctx, tx, sel.keys, !sel.created, emit)
	}
	last := ""
	for {
		var ids []string
		if err := tx.scanRows(ctx, `SELECT id_no FROM persons WHERE id_no > $1 ORDER BY id_no LIMIT 5000`, []any{last},
			func(s rowScanner) error {
				var id string
				if err := s.Scan(&id); err != nil {
					return err
				}
				ids = append(ids, id)
				return nil
			}); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if err := loadPersonsByID(ctx, tx, ids, true, emit); err != nil {
			return err
		}
		last = ids[len(ids)-1]
	}
}

// loadPersonsByID reads the persons with the numbers, their enrollments
// and events (two queries; the second only withEnrollments), and emits
// what each contributes.
func loadPersonsByID(ctx context.Context, tx *Tx, ids []string, withEnrollments bool, emit func(shebao.CounterDelta)) error {
	if len(ids) == 0 {
		return nil
	}
	persons := map[string]*shebao.CountedPerson{}
	var order []string
	cond, args := tx.inKeys("id_no", ids, nil)
	if err := tx.scanRows(ctx, `SELECT id_no, region_code, hukou, birth, status, death_date, merged_into FROM persons WHERE `+cond, args,
		func(s rowScanner) error {
			var id, status, merged string
			var p shebao.CountedPerson
			if err := s.Scan(&id, &p.Region, &p.Hukou, &p.Birth, &status, &p.DeathDate, &merged); err != nil {
				return err
			}
			p.Deceased, p.Merged = status == shebao.StatusDeceased, merged != ""
			persons[id] = &p
			order = append(order, id)
			return nil
		}); err != nil {
		return err
	}
	if len(order) == 0 {
		return nil
	}
	if !withEnrollments {
		for _, id := range order {
			shebao.PersonCounts(*persons[id], emit)
		}
		return nil
	}
	cond, args = tx.inKeys("n.id_no", order, nil)
	var cur *shebao.CountedEnrollment
	curID := ""
	// The employer's region by a scalar subquery, not a join: PostgreSQL
	// hashed every employer for each call of a few dozen enrollments (a
	// sequential scan of the registry per write, growing with it), where a
	// look-up by primary key per enrollment is all it needs. (The 18 s this
	// statement took in a 100,000-person gen were its plans from stale
	// statistics, DB.Analyze; at 1,000 employers the hash cost little.)
	if err := tx.scanRows(ctx, `SELECT n.id_no, n.id, n.scheme, n.region_code, n.start_date,
		COALESCE((SELECT m.region_code FROM employers m WHERE m.uscc = n.employer_uscc), ''), e.event_date, e.to_status
		FROM enrollments n JOIN enrollment_events e ON `+tx.eventsOf("e", "n")+`
		WHERE `+cond+` ORDER BY n.id_no, n.id, e.seq`, args,
		func(s rowScanner) error {
			var idNo, id, scheme, region, start, employer, date, to string
			if err := s.Scan(&idNo, &id, &scheme, &region, &start, &employer, &date, &to); err != nil {
				return err
			}
			p := persons[idNo]
			if p == nil {
				return nil
			}
			if id != curID {
				p.Enrollments = append(p.Enrollments, shebao.CountedEnrollment{Scheme: scheme, Region: region, StartDate: start, EmployerRegion: employer})
				cur, curID = &p.Enrollments[len(p.Enrollments)-1], id
			}
			cur.Events = append(cur.Events, shebao.CountedEvent{Date: date, To: to})
			return nil
		}); err != nil {
		return err
	}
	for _, id := range order {
		shebao.PersonCounts(*persons[id], emit)
	}
	return nil
}

// loadDeltas runs a query of (region_code, key, day, n) rows and emits
// them.
func loadDeltas(ctx context.Context, tx *Tx, q string, args []any, emit func(shebao.CounterDelta)) error {
	return tx.scanRows(ctx, q, args, func(s rowScanner) error {
		var d shebao.CounterDelta
		if err := s.Scan(&d.Region, &d.Key, &d.Day, &d.N); err != nil {
			return err
		}
		emit(d)
		return nil
	})
}

// where returns " WHERE cond" (" AND cond" after another condition when
// and is true), or nothing for every record.
func (sel selection) where(and bool) string {
	if sel.all || sel.cond == "" {
		return ""
	}
	if and {
		return " AND (" + sel.cond + ")"
	}
	return " WHERE " + sel.cond
}

// contributionsFamily: bills (应缴) and what was allocated to them (实缴),
// for assessed, collected and arrears (shebao.CounterAssessed …). Selected
// by a condition on bills b. A bill's allocations count with it, so a
// bill rewritten by a new assessment keeps them.
//
// Arrears on a day D are c.due − c.duepaid summed up to D: what fell due by
// D less what was allocated to it by D (an allocation before the due date
// counts on the due date). The definition of a bill and of its due date is
// the collection service's (the money rules: assessment by enrollment
// history, arrears as of a date); these counters sum what it stores. The
// bills of residents and lump sums (payer kinds resident and lumpsum,
// migration 0061) are not contributions assessed monthly and have no
// arrears: residentFamily counts the residents', and the lump sums are
// summed where the reports need them (SubsidySums).
var contributionsFamily = &counterFamily{
	name:   "contributions",
	tables: []string{"bills", "allocations", "allocation_schemes"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		kinds := ` WHERE b.payer_kind IN ('employer', 'person')` + sel.where(true)
		match := ` ON a.payer_kind = b.payer_kind AND a.payer = b.payer AND a.period = b.period JOIN payments p ON p.id = a.payment_id`
		q := `SELECT region_code, k, day, CAST(SUM(v) AS BIGINT) FROM (
			SELECT b.region_code, '` + shebao.CounterAssessed + `|' || b.payer_kind AS k, b.period || '-01' AS day, b.total AS v FROM bills b` + kinds + `
			UNION ALL SELECT b.region_code, '` + shebao.CounterDue + `', b.due_date, b.total FROM bills b` + kinds + `
			UNION ALL SELECT b.region_code, '` + shebao.CounterDuePaid + `', CASE WHEN p.paid_on > b.due_date THEN p.paid_on ELSE b.due_date END, a.amount
				FROM bills b JOIN allocations a` + match + kinds + `
			UNION ALL SELECT b.region_code, '` + shebao.CounterCollected + `|' || a.scheme, p.paid_on, a.amount
				FROM bills b JOIN allocation_schemes a` + match + kinds + `
		) q GROUP BY region_code, k, day`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// benefitPaymentsFamily: the payroll's payments (待遇发放), on the first
// day of the month each pays for, whether released yet or not. Selected
// by a condition on benefit_payments bp.
var benefitPaymentsFamily = &counterFamily{
	name:   "benefit payments",
	tables: []string{"benefit_payments"},
	// One scan gives both counters of a group (the amount paid and the
	// number of payments): the payroll recounts every chunk it writes, and
	// a scan per counter made its SQLite chunk insert four times its raw
	// statement (docs/BENCHMARKS.md, "The house").
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT bp.region_code, bp.scheme, bp.kind, bp.month, CAST(SUM(bp.amount) AS BIGINT), COUNT(*)
			FROM benefit_payments bp` + sel.where(false) + `
			GROUP BY bp.region_code, bp.scheme, bp.kind, bp.month`
		return tx.scanRows(ctx, q, sel.args, func(s rowScanner) error {
			var region, scheme, kind, month string
			var paid, n int64
			if err := s.Scan(&region, &scheme, &kind, &month, &paid, &n); err != nil {
				return err
			}
			benefitPaymentDeltas(region, scheme, kind, month, paid, n, emit)
			return nil
		})
	},
}

// benefitPaymentDeltas emits what n payments of the region, scheme, kind
// and month amounting to paid contribute: the family's load sums them by
// group, and the payroll (recountCreated) passes each payment it inserts.
func benefitPaymentDeltas(region, scheme, kind, month string, paid, n int64, emit func(shebao.CounterDelta)) {
	day := month + "-01"
	emit(shebao.CounterDelta{Region: region, Key: shebao.CounterPaid + "|" + scheme + "|" + kind, Day: day, N: paid})
	emit(shebao.CounterDelta{Region: region, Key: shebao.CounterPayments + "|" + scheme + "|" + kind, Day: day, N: n})
}

// backPaysFamily: back payments (补发) to pay, on the first day of the
// month whose payroll pays them; a negative difference is an overpayment
// to recover instead (转追回) and is not counted. Selected by a condition
// on benefit_backpays bb.
var backPaysFamily = &counterFamily{
	name:   "back pays",
	tables: []string{"benefit_backpays"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT bb.region_code, '` + shebao.CounterBackPaid + `|' || bb.scheme || '|' || bb.kind, bb.pay_month || '-01', CAST(SUM(bb.amount) AS BIGINT)
			FROM benefit_backpays bb WHERE bb.amount > 0` + sel.where(true) + ` GROUP BY bb.region_code, bb.scheme, bb.kind, bb.pay_month`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// claimsFamily: medical claims by scheme, type and hospital level, on the
// discharge date, and the persons with a claim of each type per calendar
// year (on the discharge date of their first of the year, which needs
// every claim of the person: selected by 身份证号).
var claimsFamily = &counterFamily{
	name:   "claims",
	tables: []string{"medical_claims"},
	keyed:  true,
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		var args []any
		cond := ""
		if !sel.all {
			if len(sel.keys) == 0 {
				return nil
			}
			c, a := tx.inKeys("mc.id_no", sel.keys, nil)
			cond, args = " AND "+c, a
		}
		dims := `mc.scheme || '|' || mc.claim_type || '|' || CAST(mc.hospital_level AS TEXT)`
		q := `SELECT region_code, k, day, CAST(SUM(v) AS BIGINT) FROM (
			SELECT mc.region_code, '` + shebao.CounterClaims + `|' || ` + dims + ` AS k, mc.discharged AS day, 1 AS v FROM medical_claims mc WHERE 1 = 1` + cond + `
			UNION ALL SELECT mc.region_code, '` + shebao.CounterClaimCost + `|' || ` + dims + `, mc.discharged, mc.total_cost FROM medical_claims mc WHERE 1 = 1` + cond + `
			UNION ALL SELECT mc.region_code, '` + shebao.CounterClaimElig + `|' || ` + dims + `, mc.discharged, mc.eligible_cost FROM medical_claims mc WHERE 1 = 1` + cond + `
			UNION ALL SELECT mc.region_code, '` + shebao.CounterClaimFund + `|' || ` + dims + `, mc.discharged, mc.fund_paid FROM medical_claims mc WHERE 1 = 1` + cond + `
			UNION ALL SELECT mc.region_code, '` + shebao.CounterClaimAcct + `|' || ` + dims + `, mc.discharged, mc.account_paid FROM medical_claims mc WHERE 1 = 1` + cond + `
			UNION ALL SELECT region_code, '` + shebao.CounterStayPersons + `|' || scheme || '|' || claim_type, discharged, 1 FROM (
				SELECT mc.region_code, mc.scheme, mc.claim_type, mc.discharged, ROW_NUMBER() OVER (
					PARTITION BY mc.id_no, mc.scheme, mc.claim_type, substr(mc.discharged, 1, 4) ORDER BY mc.discharged, mc.id) AS k
				FROM medical_claims mc WHERE 1 = 1` + cond + `) f WHERE k = 1
		) q GROUP BY region_code, k, day`
		return loadDeltas(ctx, tx, q, args, emit)
	},
}

// residentFamily: residents' annual contributions (170, 390) and their
// subsidies, on the day the money arrived: the allocations of the bills
// of payer kind resident, each with the line of the receipt it belongs to
// (a refund's or correction's allocation, negative, takes the original
// receipt's line and counts it out on its own date). Selected by a
// condition on bills b. Its rows are written by InsertResidentContributions
// and by Allocate (a reversal), both recounting it.
var residentFamily = &counterFamily{
	name:   "resident contributions",
	tables: []string{"resident_bill_lines"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		from := ` FROM bills b JOIN allocations a ON a.payer_kind = b.payer_kind AND a.payer = b.payer AND a.period = b.period
			JOIN payments p ON p.id = a.payment_id
			JOIN payments o ON o.payer_kind = p.payer_kind AND o.payer = p.payer AND o.kind = 'payment'
				AND o.receipt_no = CASE WHEN p.kind = 'payment' THEN p.receipt_no ELSE p.ref END
			JOIN resident_bill_lines l ON l.payment_id = o.id
			WHERE b.payer_kind = 'resident'` + sel.where(true)
		sign := `CASE WHEN a.amount < 0 THEN -1 ELSE 1 END`
		one := func(key, col string) string {
			return `SELECT b.region_code, '` + key + `|' || l.scheme AS k, p.paid_on AS day, ` + sign + ` * ` + col + ` AS v` + from
		}
		q := `SELECT region_code, k, day, CAST(SUM(v) AS BIGINT) FROM (
			` + one(shebao.CounterResidentPaid, "1") + `
			UNION ALL ` + one(shebao.CounterResidentIndividual, "l.individual") + `
			UNION ALL ` + one(shebao.CounterResidentFinance, "l.finance_paid") + `
			UNION ALL ` + one(shebao.CounterResidentSubsidy, "l.subsidy") + `
			UNION ALL ` + one(shebao.CounterResidentCollective, "l.collective") + `
		) q GROUP BY region_code, k, day`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// laborFamily: the labour register's persons of working age by status in
// force and 被征地 (shebao.CounterLabor), in the region they had at the
// register's last rebuild, dated shebao.LaborCounterDay (the register has
// no history). Selected by a condition on labor_derived d. The status in
// force is the register's rule (laborStatusSQL), so a registered status
// (labor_register) recounts the person's line and a rebuild's chunk its
// lines; a person without a derived line (not of working age at the
// rebuild) counts nothing, as in the register's own list.
var laborFamily = &counterFamily{
	name:   "labour register",
	tables: []string{"labor_derived", "labor_register"},
	load:   loadLabor,
}

func loadLabor(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
	return tx.scanRows(ctx, `SELECT d.region_code, `+laborStatusSQL+` AS st, d.land_lost, COUNT(*)
		FROM labor_derived d LEFT JOIN labor_register r ON r.id_no = d.id_no`+sel.where(false)+`
		GROUP BY d.region_code, `+laborStatusSQL+`, d.land_lost`, sel.args, func(s rowScanner) error {
		var region, status string
		var landLost int
		var n int64
		if err := s.Scan(&region, &status, &landLost, &n); err != nil {
			return err
		}
		ll := "0"
		if landLost != 0 {
			ll = "1"
		}
		emit(shebao.CounterDelta{Region: region, Key: shebao.CounterKey(shebao.CounterLabor, status, ll), Day: shebao.LaborCounterDay, N: n})
		return nil
	})
}

// dibaoFamily: the 低保 cases in payment and their persons
// (shebao.CounterDibao), by the area of the case (its own, or the
// village's: a code whose last three digits are 001–199 is a 居委会, urban),
// from the first month paid to the last (shebao.AssistPaymentSpan). In
// payment: approved, under review or with a change waiting, or stopped or
// tapering (渐退) with a last month. The persons are the case's member
// rows, as the report has always counted them. Selected by a condition on
// assist_cases c.
var dibaoFamily = &counterFamily{
	name:   "dibao cases",
	tables: []string{"assist_cases", "assist_case_members"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		ended := `c.status IN ('` + shebao.CaseTapering + `', '` + shebao.CaseStopped + `')`
		cols := `c.region_code, ` + assistAreaSQL + `, c.start_month, CASE WHEN ` + ended + ` THEN c.end_month ELSE '' END, CASE WHEN ` + ended + ` THEN 1 ELSE 0 END`
		where := ` WHERE c.start_month <> '' AND c.status IN ('` + shebao.CaseApproved + `', '` + shebao.CaseReviewed + `', '` +
			shebao.CaseChangeSubmitted + `', '` + shebao.CaseTapering + `', '` + shebao.CaseStopped + `')` + sel.where(true)
		// The households are the cases; the persons their member rows,
		// counted by a join grouped per case (the members are distributed
		// by person on Citus, the cases a reference table: a correlated
		// count from the cases into the members would not plan there).
		for _, q := range []struct{ sql, what string }{
			{`SELECT ` + cols + `, 1 FROM assist_cases c` + where, "h"},
			{`SELECT ` + cols + `, COUNT(*) FROM assist_cases c JOIN assist_case_members m ON m.case_id = c.id` + where +
				` GROUP BY c.id, c.region_code, c.area, c.start_month, c.end_month, c.status`, "p"},
		} {
			if err := tx.scanRows(ctx, q.sql, sel.args, func(s rowScanner) error {
				var region, area, first, last string
				var stopped int
				var n int64
				if err := s.Scan(&region, &area, &first, &last, &stopped, &n); err != nil {
					return err
				}
				if stopped == 1 && last == "" {
					return nil // stopped without a month paid: never in payment
				}
				shebao.AssistPaymentSpan(region, shebao.CounterKey(shebao.CounterDibao, area, q.what), first, last, n, emit)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	},
}

// assistAreaSQL is the area of a 低保 case c: its own, or its village's.
const assistAreaSQL = `(CASE WHEN c.area <> '' THEN c.area WHEN SUBSTR(c.region_code, 10, 3) BETWEEN '001' AND '199' THEN '` +
	shebao.AreaUrban + `' ELSE '` + shebao.AreaRural + `' END)`

// tekunFamily: the 特困 persons in support (shebao.CounterTekun) by mode,
// from the first month paid to the last: approved or with a change
// waiting, or stopped with a last month. Selected by a condition on
// tekun_cases t.
var tekunFamily = &counterFamily{
	name:   "tekun cases",
	tables: []string{"tekun_cases"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT t.region_code, t.mode, t.start_month, CASE WHEN t.status = '` + shebao.TekunStopped + `' THEN t.end_month ELSE '' END,
				CASE WHEN t.status = '` + shebao.TekunStopped + `' THEN 1 ELSE 0 END
			FROM tekun_cases t WHERE t.start_month <> '' AND t.status IN ('` + shebao.TekunApproved + `', '` + shebao.TekunChangeSubmitted + `', '` +
			shebao.TekunStopped + `')` + sel.where(true)
		return tx.scanRows(ctx, q, sel.args, func(s rowScanner) error {
			var region, mode, first, last string
			var ended int
			if err := s.Scan(&region, &mode, &first, &last, &ended); err != nil {
				return err
			}
			if ended == 1 && last == "" {
				return nil
			}
			shebao.AssistPaymentSpan(region, shebao.CounterKey(shebao.CounterTekun, mode), first, last, 1, emit)
			return nil
		})
	},
}

// reliefFamily: the 临时救助 decisions approved and their amounts
// (shebao.CounterRelief, CounterReliefAmount), on the day approved.
// Selected by a condition on assist_reliefs r.
var reliefFamily = &counterFamily{
	name:   "reliefs",
	tables: []string{"assist_reliefs"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT region_code, k, day, CAST(SUM(v) AS BIGINT) FROM (
			SELECT r.region_code, '` + shebao.CounterRelief + `' AS k, r.decided_on AS day, 1 AS v FROM assist_reliefs r
				WHERE r.status = '` + shebao.ReliefApproved + `' AND r.decided_on <> ''` + sel.where(true) + `
			UNION ALL SELECT r.region_code, '` + shebao.CounterReliefAmount + `', r.decided_on, r.amount FROM assist_reliefs r
				WHERE r.status = '` + shebao.ReliefApproved + `' AND r.decided_on <> ''` + sel.where(true) + `
		) q GROUP BY region_code, k, day`
		// The condition appears twice: its arguments are numbered once
		// ($1 …) and both places use the same numbers.
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// spanDeltas is the UNION ALL arm of a stock that begins on start and ends
// on end (” while it runs) of table alias a: +1 on start, −1 on end (a
// record whose end is not after its start counts nothing).
func spanDeltas(table, a, key, start, end, where string) string {
	return `SELECT ` + a + `.region_code AS region_code, '` + key + `' AS k, ` + a + `.` + start + ` AS day, 1 AS v FROM ` + table + ` ` + a +
		` WHERE (` + a + `.` + end + ` = '' OR ` + a + `.` + end + ` > ` + a + `.` + start + `)` + where + `
		UNION ALL SELECT ` + a + `.region_code, '` + key + `', ` + a + `.` + end + `, -1 FROM ` + table + ` ` + a +
		` WHERE ` + a + `.` + end + ` <> '' AND ` + a + `.` + end + ` > ` + a + `.` + start + where
}

// unemploymentFamily: the registered unemployed (shebao.CounterUnemployed),
// the registrations made and ended. Selected by a condition on
// unemployment_registrations u.
var unemploymentFamily = &counterFamily{
	name:   "unemployment",
	tables: []string{"unemployment_registrations"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		w := sel.where(true)
		q := `SELECT region_code, k, day, CAST(SUM(v) AS BIGINT) FROM (
			` + spanDeltas("unemployment_registrations", "u", shebao.CounterUnemployed+"|stock", "registered_on", "ended_on", w) + `
			UNION ALL SELECT u.region_code, '` + shebao.CounterUnemployed + `|new', u.registered_on, 1 FROM unemployment_registrations u WHERE 1 = 1` + w + `
			UNION ALL SELECT u.region_code, '` + shebao.CounterUnemployed + `|ended', u.ended_on, 1 FROM unemployment_registrations u WHERE u.ended_on <> ''` + w + `
		) q GROUP BY region_code, k, day`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// hardshipFamily: the 就业困难人员 certified (shebao.CounterHardship).
// Selected by a condition on hardship_certifications h.
var hardshipFamily = &counterFamily{
	name:   "hardship",
	tables: []string{"hardship_certifications"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT region_code, k, day, CAST(SUM(v) AS BIGINT) FROM (
			` + spanDeltas("hardship_certifications", "h", shebao.CounterHardship, "certified_on", "ended_on", sel.where(true)) + `
		) q GROUP BY region_code, k, day`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// zeroFamily: the 零就业家庭 listed and cleared (shebao.CounterZero).
// Selected by a condition on zero_employment_households z.
var zeroFamily = &counterFamily{
	name:   "zero-employment households",
	tables: []string{"zero_employment_households"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		w := sel.where(true)
		q := `SELECT region_code, k, day, CAST(SUM(v) AS BIGINT) FROM (
			` + spanDeltas("zero_employment_households", "z", shebao.CounterZero+"|stock", "found_on", "cleared_on", w) + `
			UNION ALL SELECT z.region_code, '` + shebao.CounterZero + `|cleared', z.cleared_on, 1 FROM zero_employment_households z WHERE z.cleared_on <> ''` + w + `
		) q GROUP BY region_code, k, day`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// placementsFamily: the 公益性岗位 placements (shebao.CounterPlaced) on
// the first day of their first month. Selected by a condition on
// post_placements x.
var placementsFamily = &counterFamily{
	name:   "post placements",
	tables: []string{"post_placements"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT x.region_code, '` + shebao.CounterPlaced + `|' || CASE WHEN x.priority = '` + shebao.PostPriorityHardship + `' THEN '1' ELSE '0' END,
				x.start_month || '-01', COUNT(*)
			FROM post_placements x WHERE x.start_month <> ''` + sel.where(true) + `
			GROUP BY x.region_code, CASE WHEN x.priority = '` + shebao.PostPriorityHardship + `' THEN '1' ELSE '0' END, x.start_month`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}

// trainingFamily: the training completions (shebao.CounterTrained) by
// certificate level, on the day completed. Selected by a condition on
// training_enrolments t.
var trainingFamily = &counterFamily{
	name:   "training",
	tables: []string{"training_enrolments"},
	load: func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error {
		q := `SELECT t.region_code, '` + shebao.CounterTrained + `|' || t.certificate, t.completed_on, COUNT(*)
			FROM training_enrolments t WHERE t.status = '` + shebao.TrainingCompleted + `' AND t.completed_on <> ''` + sel.where(true) + `
			GROUP BY t.region_code, t.certificate, t.completed_on`
		return loadDeltas(ctx, tx, q, sel.args, emit)
	},
}
